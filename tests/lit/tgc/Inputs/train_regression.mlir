// Linear regression, mse(x · W + b, y): the model tests of `tgc train` fit.
// The data (make_train_data.py) is y = x · [1.5, -2.0, 0.7]ᵀ + 0.4.
func.func @main(%x: tensor<8x3xf32> {tg.input = "x"},
                %w: tensor<3x1xf32> {tg.param = "fc.weight"},
                %b: tensor<1xf32> {tg.param = "fc.bias"},
                %y: tensor<8x1xf32> {tg.input = "y"})
    -> (tensor<f32>, tensor<8x1xf32>) attributes {tg.result_names = ["loss", "pred"]} {
  %xw = tg.matmul %x, %w : (tensor<8x3xf32>, tensor<3x1xf32>) -> tensor<8x1xf32>
  %pred = tg.add %xw, %b : (tensor<8x1xf32>, tensor<1xf32>) -> tensor<8x1xf32>
  %loss = tg.mse %pred, %y : (tensor<8x1xf32>, tensor<8x1xf32>) -> tensor<f32>
  return %loss, %pred : tensor<f32>, tensor<8x1xf32>
}
