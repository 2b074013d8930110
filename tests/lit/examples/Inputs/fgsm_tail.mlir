// fgsm_lm.mlir's loss as a function of its embedding output e, here an
// input (see there).
module {
  func.func @main(%e: tensor<2x3x4xf32> {tg.input = "e"},
                  %labels: tensor<2x3xi64> {tg.input = "labels", tg.index_bound = 8 : i64},
                  %emb: tensor<8x4xf32> {tg.param = "emb"},
                  %w: tensor<4x4xf32> {tg.param = "w"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
    %h = tg.matmul %e, %w : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
    %t = tg.tanh %h : tensor<2x3x4xf32>
    %logits = tg.matmul %t, %emb {transpose_b = true} : (tensor<2x3x4xf32>, tensor<8x4xf32>) -> tensor<2x3x8xf32>
    %loss = tg.cross_entropy %logits, %labels : (tensor<2x3x8xf32>, tensor<2x3xi64>) -> tensor<f32>
    return %loss : tensor<f32>
  }
}
