// The second argument has neither tg.param nor tg.input.
func.func @main(%x: tensor<2xf32> {tg.input = "x"}, %y: tensor<2xf32>) -> tensor<2xf32> {
  %0 = tg.add %x, %y : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}
