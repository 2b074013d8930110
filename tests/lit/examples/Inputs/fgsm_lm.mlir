// A tiny tied-embedding language model for the FGSM tests; the embedding
// output is at loc("embedding"), where tg-fgsm perturbs it.
// fgsm_embed.mlir (the embedding output alone) and fgsm_tail.mlir (the loss
// as a function of that output, an input there) split it in two, for a
// check of tg-fgsm's perturbation computed independently with
// `tgc run --grad-input=e`. The three share parameter names.
module {
  func.func @main(%tokens: tensor<2x3xi64> {tg.input = "tokens", tg.index_bound = 8 : i64},
                  %labels: tensor<2x3xi64> {tg.input = "labels", tg.index_bound = 8 : i64},
                  %emb: tensor<8x4xf32> {tg.param = "emb"},
                  %w: tensor<4x4xf32> {tg.param = "w"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
    %e = tg.gather %emb, %tokens : (tensor<8x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32> loc("embedding")
    %h = tg.matmul %e, %w : (tensor<2x3x4xf32>, tensor<4x4xf32>) -> tensor<2x3x4xf32>
    %t = tg.tanh %h : tensor<2x3x4xf32>
    %logits = tg.matmul %t, %emb {transpose_b = true} : (tensor<2x3x4xf32>, tensor<8x4xf32>) -> tensor<2x3x8xf32>
    %loss = tg.cross_entropy %logits, %labels : (tensor<2x3x8xf32>, tensor<2x3xi64>) -> tensor<f32>
    return %loss : tensor<f32>
  }
}
