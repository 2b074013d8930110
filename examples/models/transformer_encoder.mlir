// tgc model transformer_encoder --config vocab=100,d_model=16,heads=2,d_ff=32,layers=1,batch=2,seq_len=6,padding_mask=true
module {
  func.func @main(%arg0: tensor<2x6xi64> {tg.index_bound = 100 : i64, tg.input = "input_ids"}, %arg1: tensor<2x6xi64> {tg.index_bound = 2 : i64, tg.input = "token_type_ids"}, %arg2: tensor<2x6xi1> {tg.input = "key_padding_mask"}, %arg3: tensor<100x16xf32> {tg.param = "embeddings.word_embeddings.weight"}, %arg4: tensor<6x16xf32> {tg.param = "embeddings.position_embeddings.weight"}, %arg5: tensor<2x16xf32> {tg.param = "embeddings.token_type_embeddings.weight"}, %arg6: tensor<16xf32> {tg.param = "embeddings.LayerNorm.weight"}, %arg7: tensor<16xf32> {tg.param = "embeddings.LayerNorm.bias"}, %arg8: tensor<48x16xf32> {tg.param = "encoder.layers.0.self_attn.in_proj_weight"}, %arg9: tensor<48xf32> {tg.param = "encoder.layers.0.self_attn.in_proj_bias"}, %arg10: tensor<16x16xf32> {tg.param = "encoder.layers.0.self_attn.out_proj.weight"}, %arg11: tensor<16xf32> {tg.param = "encoder.layers.0.self_attn.out_proj.bias"}, %arg12: tensor<16xf32> {tg.param = "encoder.layers.0.norm1.weight"}, %arg13: tensor<16xf32> {tg.param = "encoder.layers.0.norm1.bias"}, %arg14: tensor<32x16xf32> {tg.param = "encoder.layers.0.linear1.weight"}, %arg15: tensor<32xf32> {tg.param = "encoder.layers.0.linear1.bias"}, %arg16: tensor<16x32xf32> {tg.param = "encoder.layers.0.linear2.weight"}, %arg17: tensor<16xf32> {tg.param = "encoder.layers.0.linear2.bias"}, %arg18: tensor<16xf32> {tg.param = "encoder.layers.0.norm2.weight"}, %arg19: tensor<16xf32> {tg.param = "encoder.layers.0.norm2.bias"}) -> tensor<2x6x16xf32> attributes {tg.result_names = ["hidden_states"]} {
    %0 = tg.gather %arg3, %arg0 : (tensor<100x16xf32>, tensor<2x6xi64>) -> tensor<2x6x16xf32>
    %1 = tg.gather %arg5, %arg1 : (tensor<2x16xf32>, tensor<2x6xi64>) -> tensor<2x6x16xf32>
    %2 = tg.add %0, %arg4 : (tensor<2x6x16xf32>, tensor<6x16xf32>) -> tensor<2x6x16xf32>
    %3 = tg.add %2, %1 : (tensor<2x6x16xf32>, tensor<2x6x16xf32>) -> tensor<2x6x16xf32>
    %4 = tg.layer_norm %3 scale %arg6 bias %arg7 : (tensor<2x6x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %5 = tg.dropout %4 {ratio = 1.000000e-01 : f64, seed = 0 : i64, training = false} : tensor<2x6x16xf32>
    %6 = tg.slice %arg8 {limit = array<i64: 16, 16>, start = array<i64: 0, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %7 = tg.slice %arg9 {limit = array<i64: 16>, start = array<i64: 0>} : (tensor<48xf32>) -> tensor<16xf32>
    %8 = tg.matmul %5, %6 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<16x16xf32>) -> tensor<2x6x16xf32>
    %9 = tg.add %8, %7 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %10 = tg.slice %arg8 {limit = array<i64: 32, 16>, start = array<i64: 16, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %11 = tg.slice %arg9 {limit = array<i64: 32>, start = array<i64: 16>} : (tensor<48xf32>) -> tensor<16xf32>
    %12 = tg.matmul %5, %10 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<16x16xf32>) -> tensor<2x6x16xf32>
    %13 = tg.add %12, %11 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %14 = tg.slice %arg8 {limit = array<i64: 48, 16>, start = array<i64: 32, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %15 = tg.slice %arg9 {limit = array<i64: 48>, start = array<i64: 32>} : (tensor<48xf32>) -> tensor<16xf32>
    %16 = tg.matmul %5, %14 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<16x16xf32>) -> tensor<2x6x16xf32>
    %17 = tg.add %16, %15 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %18 = tg.reshape %9 : (tensor<2x6x16xf32>) -> tensor<2x6x2x8xf32>
    %19 = tg.transpose %18 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x6x2x8xf32>) -> tensor<2x2x6x8xf32>
    %20 = tg.reshape %13 : (tensor<2x6x16xf32>) -> tensor<2x6x2x8xf32>
    %21 = tg.transpose %20 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x6x2x8xf32>) -> tensor<2x2x6x8xf32>
    %22 = tg.reshape %17 : (tensor<2x6x16xf32>) -> tensor<2x6x2x8xf32>
    %23 = tg.transpose %22 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x6x2x8xf32>) -> tensor<2x2x6x8xf32>
    %24 = tg.matmul %19, %21 {transpose_b = true} : (tensor<2x2x6x8xf32>, tensor<2x2x6x8xf32>) -> tensor<2x2x6x6xf32>
    %25 = tg.constant dense<0.353553385> : tensor<f32>
    %26 = tg.mul %24, %25 : (tensor<2x2x6x6xf32>, tensor<f32>) -> tensor<2x2x6x6xf32>
    %27 = tg.constant dense<0xFF800000> : tensor<f32>
    %28 = tg.reshape %arg2 : (tensor<2x6xi1>) -> tensor<2x1x1x6xi1>
    %29 = tg.select %28, %27, %26 : (tensor<2x1x1x6xi1>, tensor<f32>, tensor<2x2x6x6xf32>) -> tensor<2x2x6x6xf32>
    %30 = tg.softmax %29 : tensor<2x2x6x6xf32>
    %31 = tg.matmul %30, %23 : (tensor<2x2x6x6xf32>, tensor<2x2x6x8xf32>) -> tensor<2x2x6x8xf32>
    %32 = tg.transpose %31 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x2x6x8xf32>) -> tensor<2x6x2x8xf32>
    %33 = tg.reshape %32 : (tensor<2x6x2x8xf32>) -> tensor<2x6x16xf32>
    %34 = tg.matmul %33, %arg10 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<16x16xf32>) -> tensor<2x6x16xf32>
    %35 = tg.add %34, %arg11 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %36 = tg.add %5, %35 : (tensor<2x6x16xf32>, tensor<2x6x16xf32>) -> tensor<2x6x16xf32>
    %37 = tg.layer_norm %36 scale %arg12 bias %arg13 : (tensor<2x6x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %38 = tg.matmul %37, %arg14 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<32x16xf32>) -> tensor<2x6x32xf32>
    %39 = tg.add %38, %arg15 : (tensor<2x6x32xf32>, tensor<32xf32>) -> tensor<2x6x32xf32>
    %40 = tg.gelu %39 approximate(erf) : tensor<2x6x32xf32>
    %41 = tg.matmul %40, %arg16 {transpose_b = true} : (tensor<2x6x32xf32>, tensor<16x32xf32>) -> tensor<2x6x16xf32>
    %42 = tg.add %41, %arg17 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %43 = tg.add %37, %42 : (tensor<2x6x16xf32>, tensor<2x6x16xf32>) -> tensor<2x6x16xf32>
    %44 = tg.layer_norm %43 scale %arg18 bias %arg19 : (tensor<2x6x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    return %44 : tensor<2x6x16xf32>
  }
}

