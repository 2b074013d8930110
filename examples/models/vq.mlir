// tgc model vq --config num_vectors=8,dim=4,codebook_size=16,with_loss=true
module {
  func.func @main(%arg0: tensor<8x4xf32> {tg.input = "z"}, %arg1: tensor<16x4xf32> {tg.param = "codebook"}) -> (tensor<f32>, tensor<8x4xf32>, tensor<8xi64>) attributes {tg.result_names = ["loss", "quantized", "indices"]} {
    %0 = tg.mul %arg0, %arg0 : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
    %1 = tg.reduce_sum %0 {axes = array<i64: 1>, keepdims = true} : (tensor<8x4xf32>) -> tensor<8x1xf32>
    %2 = tg.mul %arg1, %arg1 : (tensor<16x4xf32>, tensor<16x4xf32>) -> tensor<16x4xf32>
    %3 = tg.reduce_sum %2 {axes = array<i64: 1>} : (tensor<16x4xf32>) -> tensor<16xf32>
    %4 = tg.matmul %arg0, %arg1 {transpose_b = true} : (tensor<8x4xf32>, tensor<16x4xf32>) -> tensor<8x16xf32>
    %5 = tg.constant dense<2.000000e+00> : tensor<f32>
    %6 = tg.mul %5, %4 : (tensor<f32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %7 = tg.sub %1, %6 : (tensor<8x1xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %8 = tg.add %7, %3 : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
    %9 = tg.argmin %8 {axis = 1 : i64} : (tensor<8x16xf32>) -> tensor<8xi64>
    %10 = tg.gather %arg1, %9 : (tensor<16x4xf32>, tensor<8xi64>) -> tensor<8x4xf32>
    %11 = tg.sub %10, %arg0 : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
    %12 = tg.stop_gradient %11 : tensor<8x4xf32>
    %13 = tg.add %arg0, %12 : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
    %14 = tg.stop_gradient %arg0 : tensor<8x4xf32>
    %15 = tg.mse %14, %10 : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<f32>
    %16 = tg.stop_gradient %10 : tensor<8x4xf32>
    %17 = tg.mse %arg0, %16 : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<f32>
    %18 = tg.constant dense<2.500000e-01> : tensor<f32>
    %19 = tg.mul %18, %17 : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %20 = tg.add %15, %19 : (tensor<f32>, tensor<f32>) -> tensor<f32>
    return %20, %13, %9 : tensor<f32>, tensor<8x4xf32>, tensor<8xi64>
  }
}

