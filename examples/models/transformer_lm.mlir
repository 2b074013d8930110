// tgc model transformer_lm --config vocab=100,d_model=16,heads=2,d_ff=32,layers=1,batch=2,seq_len=6,with_loss=true
module {
  func.func @main(%arg0: tensor<2x6xi64> {tg.index_bound = 100 : i64, tg.input = "tokens"}, %arg1: tensor<2x6xi64> {tg.index_bound = 100 : i64, tg.input = "labels"}, %arg2: tensor<100x16xf32> {tg.param = "embedding.weight"}, %arg3: tensor<6x16xf32> {tg.param = "positions.weight"}, %arg4: tensor<48x16xf32> {tg.param = "layers.0.self_attn.in_proj_weight"}, %arg5: tensor<48xf32> {tg.param = "layers.0.self_attn.in_proj_bias"}, %arg6: tensor<16x16xf32> {tg.param = "layers.0.self_attn.out_proj.weight"}, %arg7: tensor<16xf32> {tg.param = "layers.0.self_attn.out_proj.bias"}, %arg8: tensor<16xf32> {tg.param = "layers.0.norm1.weight"}, %arg9: tensor<16xf32> {tg.param = "layers.0.norm1.bias"}, %arg10: tensor<32x16xf32> {tg.param = "layers.0.linear1.weight"}, %arg11: tensor<32xf32> {tg.param = "layers.0.linear1.bias"}, %arg12: tensor<16x32xf32> {tg.param = "layers.0.linear2.weight"}, %arg13: tensor<16xf32> {tg.param = "layers.0.linear2.bias"}, %arg14: tensor<16xf32> {tg.param = "layers.0.norm2.weight"}, %arg15: tensor<16xf32> {tg.param = "layers.0.norm2.bias"}, %arg16: tensor<16xf32> {tg.param = "norm.weight"}, %arg17: tensor<16xf32> {tg.param = "norm.bias"}) -> (tensor<f32>, tensor<2x6x100xf32>) attributes {tg.result_names = ["loss", "logits"]} {
    %0 = tg.gather %arg2, %arg0 : (tensor<100x16xf32>, tensor<2x6xi64>) -> tensor<2x6x16xf32>
    %1 = tg.add %0, %arg3 : (tensor<2x6x16xf32>, tensor<6x16xf32>) -> tensor<2x6x16xf32>
    %2 = tg.slice %arg4 {limit = array<i64: 16, 16>, start = array<i64: 0, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %3 = tg.slice %arg5 {limit = array<i64: 16>, start = array<i64: 0>} : (tensor<48xf32>) -> tensor<16xf32>
    %4 = tg.matmul %1, %2 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<16x16xf32>) -> tensor<2x6x16xf32>
    %5 = tg.add %4, %3 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %6 = tg.slice %arg4 {limit = array<i64: 32, 16>, start = array<i64: 16, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %7 = tg.slice %arg5 {limit = array<i64: 32>, start = array<i64: 16>} : (tensor<48xf32>) -> tensor<16xf32>
    %8 = tg.matmul %1, %6 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<16x16xf32>) -> tensor<2x6x16xf32>
    %9 = tg.add %8, %7 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %10 = tg.slice %arg4 {limit = array<i64: 48, 16>, start = array<i64: 32, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %11 = tg.slice %arg5 {limit = array<i64: 48>, start = array<i64: 32>} : (tensor<48xf32>) -> tensor<16xf32>
    %12 = tg.matmul %1, %10 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<16x16xf32>) -> tensor<2x6x16xf32>
    %13 = tg.add %12, %11 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %14 = tg.reshape %5 : (tensor<2x6x16xf32>) -> tensor<2x6x2x8xf32>
    %15 = tg.transpose %14 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x6x2x8xf32>) -> tensor<2x2x6x8xf32>
    %16 = tg.reshape %9 : (tensor<2x6x16xf32>) -> tensor<2x6x2x8xf32>
    %17 = tg.transpose %16 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x6x2x8xf32>) -> tensor<2x2x6x8xf32>
    %18 = tg.reshape %13 : (tensor<2x6x16xf32>) -> tensor<2x6x2x8xf32>
    %19 = tg.transpose %18 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x6x2x8xf32>) -> tensor<2x2x6x8xf32>
    %20 = tg.matmul %15, %17 {transpose_b = true} : (tensor<2x2x6x8xf32>, tensor<2x2x6x8xf32>) -> tensor<2x2x6x6xf32>
    %21 = tg.constant dense<0.353553385> : tensor<f32>
    %22 = tg.mul %20, %21 : (tensor<2x2x6x6xf32>, tensor<f32>) -> tensor<2x2x6x6xf32>
    %23 = tg.constant dense<0xFF800000> : tensor<f32>
    %24 = tg.iota {dimension = 0 : i64} : tensor<6x6xi64>
    %25 = tg.iota {dimension = 1 : i64} : tensor<6x6xi64>
    %26 = tg.compare le, %25, %24 : (tensor<6x6xi64>, tensor<6x6xi64>) -> tensor<6x6xi1>
    %27 = tg.select %26, %22, %23 : (tensor<6x6xi1>, tensor<2x2x6x6xf32>, tensor<f32>) -> tensor<2x2x6x6xf32>
    %28 = tg.softmax %27 : tensor<2x2x6x6xf32>
    %29 = tg.matmul %28, %19 : (tensor<2x2x6x6xf32>, tensor<2x2x6x8xf32>) -> tensor<2x2x6x8xf32>
    %30 = tg.transpose %29 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x2x6x8xf32>) -> tensor<2x6x2x8xf32>
    %31 = tg.reshape %30 : (tensor<2x6x2x8xf32>) -> tensor<2x6x16xf32>
    %32 = tg.matmul %31, %arg6 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<16x16xf32>) -> tensor<2x6x16xf32>
    %33 = tg.add %32, %arg7 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %34 = tg.add %1, %33 : (tensor<2x6x16xf32>, tensor<2x6x16xf32>) -> tensor<2x6x16xf32>
    %35 = tg.layer_norm %34 scale %arg8 bias %arg9 : (tensor<2x6x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %36 = tg.matmul %35, %arg10 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<32x16xf32>) -> tensor<2x6x32xf32>
    %37 = tg.add %36, %arg11 : (tensor<2x6x32xf32>, tensor<32xf32>) -> tensor<2x6x32xf32>
    %38 = tg.gelu %37 approximate(erf) : tensor<2x6x32xf32>
    %39 = tg.matmul %38, %arg12 {transpose_b = true} : (tensor<2x6x32xf32>, tensor<16x32xf32>) -> tensor<2x6x16xf32>
    %40 = tg.add %39, %arg13 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %41 = tg.add %35, %40 : (tensor<2x6x16xf32>, tensor<2x6x16xf32>) -> tensor<2x6x16xf32>
    %42 = tg.layer_norm %41 scale %arg14 bias %arg15 : (tensor<2x6x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %43 = tg.layer_norm %42 scale %arg16 bias %arg17 : (tensor<2x6x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %44 = tg.matmul %43, %arg2 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<100x16xf32>) -> tensor<2x6x100xf32>
    %45 = tg.cross_entropy %44, %arg1 : (tensor<2x6x100xf32>, tensor<2x6xi64>) -> tensor<f32>
    return %45, %44 : tensor<f32>, tensor<2x6x100xf32>
  }
}

