// tgc model vq_vae --config batch=4,in_dim=12,hidden=16,dim=4,codebook_size=16,with_loss=true
module {
  func.func @main(%arg0: tensor<4x12xf32> {tg.input = "x"}, %arg1: tensor<16x12xf32> {tg.param = "encoder.0.weight"}, %arg2: tensor<16xf32> {tg.param = "encoder.0.bias"}, %arg3: tensor<4x16xf32> {tg.param = "encoder.2.weight"}, %arg4: tensor<4xf32> {tg.param = "encoder.2.bias"}, %arg5: tensor<16x4xf32> {tg.param = "vq.codebook"}, %arg6: tensor<16x4xf32> {tg.param = "decoder.0.weight"}, %arg7: tensor<16xf32> {tg.param = "decoder.0.bias"}, %arg8: tensor<12x16xf32> {tg.param = "decoder.2.weight"}, %arg9: tensor<12xf32> {tg.param = "decoder.2.bias"}) -> (tensor<f32>, tensor<4x12xf32>, tensor<4xi64>) attributes {tg.result_names = ["loss", "reconstruction", "indices"]} {
    %0 = tg.matmul %arg0, %arg1 {transpose_b = true} : (tensor<4x12xf32>, tensor<16x12xf32>) -> tensor<4x16xf32>
    %1 = tg.add %0, %arg2 : (tensor<4x16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
    %2 = tg.relu %1 : tensor<4x16xf32>
    %3 = tg.matmul %2, %arg3 {transpose_b = true} : (tensor<4x16xf32>, tensor<4x16xf32>) -> tensor<4x4xf32>
    %4 = tg.add %3, %arg4 : (tensor<4x4xf32>, tensor<4xf32>) -> tensor<4x4xf32>
    %5 = tg.mul %4, %4 : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %6 = tg.reduce_sum %5 {axes = array<i64: 1>, keepdims = true} : (tensor<4x4xf32>) -> tensor<4x1xf32>
    %7 = tg.mul %arg5, %arg5 : (tensor<16x4xf32>, tensor<16x4xf32>) -> tensor<16x4xf32>
    %8 = tg.reduce_sum %7 {axes = array<i64: 1>} : (tensor<16x4xf32>) -> tensor<16xf32>
    %9 = tg.matmul %4, %arg5 {transpose_b = true} : (tensor<4x4xf32>, tensor<16x4xf32>) -> tensor<4x16xf32>
    %10 = tg.constant dense<2.000000e+00> : tensor<f32>
    %11 = tg.mul %10, %9 : (tensor<f32>, tensor<4x16xf32>) -> tensor<4x16xf32>
    %12 = tg.sub %6, %11 : (tensor<4x1xf32>, tensor<4x16xf32>) -> tensor<4x16xf32>
    %13 = tg.add %12, %8 : (tensor<4x16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
    %14 = tg.argmin %13 {axis = 1 : i64} : (tensor<4x16xf32>) -> tensor<4xi64>
    %15 = tg.gather %arg5, %14 : (tensor<16x4xf32>, tensor<4xi64>) -> tensor<4x4xf32>
    %16 = tg.sub %15, %4 : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %17 = tg.stop_gradient %16 : tensor<4x4xf32>
    %18 = tg.add %4, %17 : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<4x4xf32>
    %19 = tg.stop_gradient %4 : tensor<4x4xf32>
    %20 = tg.mse %19, %15 : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<f32>
    %21 = tg.stop_gradient %15 : tensor<4x4xf32>
    %22 = tg.mse %4, %21 : (tensor<4x4xf32>, tensor<4x4xf32>) -> tensor<f32>
    %23 = tg.constant dense<2.500000e-01> : tensor<f32>
    %24 = tg.mul %23, %22 : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %25 = tg.add %20, %24 : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %26 = tg.matmul %18, %arg6 {transpose_b = true} : (tensor<4x4xf32>, tensor<16x4xf32>) -> tensor<4x16xf32>
    %27 = tg.add %26, %arg7 : (tensor<4x16xf32>, tensor<16xf32>) -> tensor<4x16xf32>
    %28 = tg.relu %27 : tensor<4x16xf32>
    %29 = tg.matmul %28, %arg8 {transpose_b = true} : (tensor<4x16xf32>, tensor<12x16xf32>) -> tensor<4x12xf32>
    %30 = tg.add %29, %arg9 : (tensor<4x12xf32>, tensor<12xf32>) -> tensor<4x12xf32>
    %31 = tg.mse %30, %arg0 : (tensor<4x12xf32>, tensor<4x12xf32>) -> tensor<f32>
    %32 = tg.add %31, %25 : (tensor<f32>, tensor<f32>) -> tensor<f32>
    return %32, %30, %14 : tensor<f32>, tensor<4x12xf32>, tensor<4xi64>
  }
}

