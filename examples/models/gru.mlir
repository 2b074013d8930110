// tgc model gru --config input_size=4,hidden_size=8,layers=1,batch=2,seq_len=3,with_loss=true
module {
  func.func @main(%arg0: tensor<2x3x4xf32> {tg.input = "x"}, %arg1: tensor<2x3x8xf32> {tg.input = "target"}, %arg2: tensor<24x4xf32> {tg.param = "weight_ih_l0"}, %arg3: tensor<24x8xf32> {tg.param = "weight_hh_l0"}, %arg4: tensor<24xf32> {tg.param = "bias_ih_l0"}, %arg5: tensor<24xf32> {tg.param = "bias_hh_l0"}) -> (tensor<f32>, tensor<2x3x8xf32>, tensor<1x2x8xf32>) attributes {tg.result_names = ["loss", "y", "h_n"]} {
    %output, %h_n = tg.gru %arg0 weights(%arg2, %arg3, %arg4, %arg5) {hidden_size = 8 : i64} : (tensor<2x3x4xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>) -> (tensor<2x3x8xf32>, tensor<1x2x8xf32>)
    %0 = tg.mse %output, %arg1 : (tensor<2x3x8xf32>, tensor<2x3x8xf32>) -> tensor<f32>
    return %0, %output, %h_n : tensor<f32>, tensor<2x3x8xf32>, tensor<1x2x8xf32>
  }
}

