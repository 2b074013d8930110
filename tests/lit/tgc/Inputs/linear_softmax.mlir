// y = x · W + b and softmax(y): a model small enough to check by hand.
func.func @main(%x: tensor<1x4xf32> {tg.input = "x"},
                %w: tensor<4x3xf32> {tg.param = "fc.weight"},
                %b: tensor<3xf32> {tg.param = "fc.bias"})
    -> (tensor<1x3xf32>, tensor<1x3xf32>) attributes {tg.result_names = ["y", "probs"]} {
  %xw = tg.matmul %x, %w : (tensor<1x4xf32>, tensor<4x3xf32>) -> tensor<1x3xf32>
  %y = tg.add %xw, %b : (tensor<1x3xf32>, tensor<3xf32>) -> tensor<1x3xf32>
  %p = tg.softmax %y : tensor<1x3xf32>
  return %y, %p : tensor<1x3xf32>, tensor<1x3xf32>
}
