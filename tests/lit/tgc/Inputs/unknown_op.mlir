// Not a valid model: tg has no op named "bogus".
func.func @main(%x: tensor<2xf32> {tg.input = "x"}) -> tensor<2xf32> {
  %0 = "tg.bogus"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
