// tgc model gru --config input_size=4,hidden_size=8,layers=1,batch=2,seq_len=3
module {
  func.func @main(%arg0: tensor<2x3x4xf32> {tg.input = "x"}, %arg1: tensor<24x4xf32> {tg.param = "weight_ih_l0"}, %arg2: tensor<24x8xf32> {tg.param = "weight_hh_l0"}, %arg3: tensor<24xf32> {tg.param = "bias_ih_l0"}, %arg4: tensor<24xf32> {tg.param = "bias_hh_l0"}) -> (tensor<2x3x8xf32>, tensor<1x2x8xf32>) attributes {tg.result_names = ["y", "h_n"]} {
    %output, %h_n = tg.gru %arg0 weights(%arg1, %arg2, %arg3, %arg4) {hidden_size = 8 : i64} : (tensor<2x3x4xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>) -> (tensor<2x3x8xf32>, tensor<1x2x8xf32>)
    return %output, %h_n : tensor<2x3x8xf32>, tensor<1x2x8xf32>
  }
}

