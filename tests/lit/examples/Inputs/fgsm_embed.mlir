// fgsm_lm.mlir's embedding output e alone (see there).
module {
  func.func @main(%tokens: tensor<2x3xi64> {tg.input = "tokens", tg.index_bound = 8 : i64},
                   %emb: tensor<8x4xf32> {tg.param = "emb"}) -> tensor<2x3x4xf32> attributes {tg.result_names = ["e"]} {
    %e = tg.gather %emb, %tokens : (tensor<8x4xf32>, tensor<2x3xi64>) -> tensor<2x3x4xf32>
    return %e : tensor<2x3x4xf32>
  }
}
