// tgc model gumbel_vq --config num_vectors=8,dim=4,codebook_size=16,tau=0.5,seed=7,training=true,hard=true
module {
  func.func @main(%arg0: tensor<8x4xf32> {tg.input = "z"}, %arg1: tensor<16x4xf32> {tg.param = "codebook"}) -> (tensor<8x4xf32>, tensor<8xi64>, tensor<8x16xf32>) attributes {tg.result_names = ["quantized", "indices", "assignments"]} {
    %0 = tg.mul %arg0, %arg0 : (tensor<8x4xf32>, tensor<8x4xf32>) -> tensor<8x4xf32>
    %1 = tg.reduce_sum %0 {axes = array<i64: 1>, keepdims = true} : (tensor<8x4xf32>) -> tensor<8x1xf32>
    %2 = tg.mul %arg1, %arg1 : (tensor<16x4xf32>, tensor<16x4xf32>) -> tensor<16x4xf32>
    %3 = tg.reduce_sum %2 {axes = array<i64: 1>} : (tensor<16x4xf32>) -> tensor<16xf32>
    %4 = tg.matmul %arg0, %arg1 {transpose_b = true} : (tensor<8x4xf32>, tensor<16x4xf32>) -> tensor<8x16xf32>
    %5 = tg.constant dense<2.000000e+00> : tensor<f32>
    %6 = tg.mul %5, %4 : (tensor<f32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %7 = tg.sub %1, %6 : (tensor<8x1xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %8 = tg.add %7, %3 : (tensor<8x16xf32>, tensor<16xf32>) -> tensor<8x16xf32>
    %9 = tg.neg %8 : tensor<8x16xf32>
    %10 = tg.random_uniform {low = 1.000000e-10 : f64, seed = 7 : i64} : tensor<8x16xf32>
    %11 = tg.log %10 : tensor<8x16xf32>
    %12 = tg.neg %11 : tensor<8x16xf32>
    %13 = tg.log %12 : tensor<8x16xf32>
    %14 = tg.neg %13 : tensor<8x16xf32>
    %15 = tg.add %9, %14 : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %16 = tg.constant dense<5.000000e-01> : tensor<f32>
    %17 = tg.div %15, %16 : (tensor<8x16xf32>, tensor<f32>) -> tensor<8x16xf32>
    %18 = tg.softmax %17 {axis = 1 : i64} : tensor<8x16xf32>
    %19 = tg.argmax %18 {axis = 1 : i64} : (tensor<8x16xf32>) -> tensor<8xi64>
    %20 = tg.one_hot %19 {depth = 16 : i64} : (tensor<8xi64>) -> tensor<8x16xf32>
    %21 = tg.stop_gradient %18 : tensor<8x16xf32>
    %22 = tg.sub %20, %21 : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %23 = tg.add %22, %18 : (tensor<8x16xf32>, tensor<8x16xf32>) -> tensor<8x16xf32>
    %24 = tg.matmul %23, %arg1 : (tensor<8x16xf32>, tensor<16x4xf32>) -> tensor<8x4xf32>
    return %24, %19, %23 : tensor<8x4xf32>, tensor<8xi64>, tensor<8x16xf32>
  }
}

