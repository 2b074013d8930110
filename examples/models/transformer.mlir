// tgc model transformer --config vocab=100,d_model=16,heads=2,d_ff=32,enc_layers=1,dec_layers=1,batch=2,src_len=6,tgt_len=5,with_loss=true
module {
  func.func @main(%arg0: tensor<2x6xi64> {tg.index_bound = 100 : i64, tg.input = "src_tokens"}, %arg1: tensor<2x5xi64> {tg.index_bound = 100 : i64, tg.input = "tgt_tokens"}, %arg2: tensor<2x5xi64> {tg.index_bound = 100 : i64, tg.input = "labels"}, %arg3: tensor<100x16xf32> {tg.param = "embedding.weight"}, %arg4: tensor<48x16xf32> {tg.param = "transformer.encoder.layers.0.self_attn.in_proj_weight"}, %arg5: tensor<48xf32> {tg.param = "transformer.encoder.layers.0.self_attn.in_proj_bias"}, %arg6: tensor<16x16xf32> {tg.param = "transformer.encoder.layers.0.self_attn.out_proj.weight"}, %arg7: tensor<16xf32> {tg.param = "transformer.encoder.layers.0.self_attn.out_proj.bias"}, %arg8: tensor<16xf32> {tg.param = "transformer.encoder.layers.0.norm1.weight"}, %arg9: tensor<16xf32> {tg.param = "transformer.encoder.layers.0.norm1.bias"}, %arg10: tensor<32x16xf32> {tg.param = "transformer.encoder.layers.0.linear1.weight"}, %arg11: tensor<32xf32> {tg.param = "transformer.encoder.layers.0.linear1.bias"}, %arg12: tensor<16x32xf32> {tg.param = "transformer.encoder.layers.0.linear2.weight"}, %arg13: tensor<16xf32> {tg.param = "transformer.encoder.layers.0.linear2.bias"}, %arg14: tensor<16xf32> {tg.param = "transformer.encoder.layers.0.norm2.weight"}, %arg15: tensor<16xf32> {tg.param = "transformer.encoder.layers.0.norm2.bias"}, %arg16: tensor<16xf32> {tg.param = "transformer.encoder.norm.weight"}, %arg17: tensor<16xf32> {tg.param = "transformer.encoder.norm.bias"}, %arg18: tensor<48x16xf32> {tg.param = "transformer.decoder.layers.0.self_attn.in_proj_weight"}, %arg19: tensor<48xf32> {tg.param = "transformer.decoder.layers.0.self_attn.in_proj_bias"}, %arg20: tensor<16x16xf32> {tg.param = "transformer.decoder.layers.0.self_attn.out_proj.weight"}, %arg21: tensor<16xf32> {tg.param = "transformer.decoder.layers.0.self_attn.out_proj.bias"}, %arg22: tensor<16xf32> {tg.param = "transformer.decoder.layers.0.norm1.weight"}, %arg23: tensor<16xf32> {tg.param = "transformer.decoder.layers.0.norm1.bias"}, %arg24: tensor<48x16xf32> {tg.param = "transformer.decoder.layers.0.multihead_attn.in_proj_weight"}, %arg25: tensor<48xf32> {tg.param = "transformer.decoder.layers.0.multihead_attn.in_proj_bias"}, %arg26: tensor<16x16xf32> {tg.param = "transformer.decoder.layers.0.multihead_attn.out_proj.weight"}, %arg27: tensor<16xf32> {tg.param = "transformer.decoder.layers.0.multihead_attn.out_proj.bias"}, %arg28: tensor<16xf32> {tg.param = "transformer.decoder.layers.0.norm2.weight"}, %arg29: tensor<16xf32> {tg.param = "transformer.decoder.layers.0.norm2.bias"}, %arg30: tensor<32x16xf32> {tg.param = "transformer.decoder.layers.0.linear1.weight"}, %arg31: tensor<32xf32> {tg.param = "transformer.decoder.layers.0.linear1.bias"}, %arg32: tensor<16x32xf32> {tg.param = "transformer.decoder.layers.0.linear2.weight"}, %arg33: tensor<16xf32> {tg.param = "transformer.decoder.layers.0.linear2.bias"}, %arg34: tensor<16xf32> {tg.param = "transformer.decoder.layers.0.norm3.weight"}, %arg35: tensor<16xf32> {tg.param = "transformer.decoder.layers.0.norm3.bias"}, %arg36: tensor<16xf32> {tg.param = "transformer.decoder.norm.weight"}, %arg37: tensor<16xf32> {tg.param = "transformer.decoder.norm.bias"}) -> (tensor<f32>, tensor<2x5x100xf32>) attributes {tg.result_names = ["loss", "logits"]} {
    %0 = tg.constant dense<[[0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00], [0.841470957, 0.540302277, 0.310983598, 0.950415253, 0.0998334139, 0.995004177, 0.0316175073, 0.999500036, 0.00999983306, 0.999949991, 0.00316227227, 0.999994993, 9.99999814E-4, 0.999999523, 3.16227757E-4, 0.99999994], [0.909297406, -0.416146845, 0.591127098, 0.806578398, 0.198669329, 0.980066597, 0.0632033944, 0.998000681, 0.0199986659, 9.998000e-01, 0.00632451335, 0.999979972, 0.0019999987, 0.999997973, 6.32455514E-4, 0.999999821], [1.411200e-01, -0.989992499, 0.812648892, 0.582753599, 0.295520216, 0.955336511, 0.0947260931, 0.995503365, 0.029995501, 0.999550044, 0.00948669109, 0.999954998, 0.0029999956, 0.999995529, 9.48683184E-4, 0.999999523], [-0.756802499, -0.653643608, 0.953580737, 0.301137477, 0.389418334, 0.921060979, 0.126154065, 0.992010653, 0.0399893336, 0.999200105, 0.0126487734, 9.999200e-01, 0.00399998948, 9.999920e-01, 0.00126491068, 0.999999225], [-0.958924293, 0.2836622, 0.999946534, -0.0103423186, 0.47942555, 0.87758255, 0.157455891, 0.987525999, 0.0499791689, 0.998750269, 0.0158107299, 9.998750e-01, 0.0049999794, 0.999987483, 0.00158113812, 0.999998748]]> : tensor<6x16xf32>
    %1 = tg.gather %arg3, %arg0 : (tensor<100x16xf32>, tensor<2x6xi64>) -> tensor<2x6x16xf32>
    %2 = tg.constant dense<4.000000e+00> : tensor<f32>
    %3 = tg.mul %1, %2 : (tensor<2x6x16xf32>, tensor<f32>) -> tensor<2x6x16xf32>
    %4 = tg.add %3, %0 : (tensor<2x6x16xf32>, tensor<6x16xf32>) -> tensor<2x6x16xf32>
    %5 = tg.slice %arg4 {limit = array<i64: 16, 16>, start = array<i64: 0, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %6 = tg.slice %arg5 {limit = array<i64: 16>, start = array<i64: 0>} : (tensor<48xf32>) -> tensor<16xf32>
    %7 = tg.matmul %4, %5 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<16x16xf32>) -> tensor<2x6x16xf32>
    %8 = tg.add %7, %6 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %9 = tg.slice %arg4 {limit = array<i64: 32, 16>, start = array<i64: 16, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %10 = tg.slice %arg5 {limit = array<i64: 32>, start = array<i64: 16>} : (tensor<48xf32>) -> tensor<16xf32>
    %11 = tg.matmul %4, %9 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<16x16xf32>) -> tensor<2x6x16xf32>
    %12 = tg.add %11, %10 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %13 = tg.slice %arg4 {limit = array<i64: 48, 16>, start = array<i64: 32, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %14 = tg.slice %arg5 {limit = array<i64: 48>, start = array<i64: 32>} : (tensor<48xf32>) -> tensor<16xf32>
    %15 = tg.matmul %4, %13 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<16x16xf32>) -> tensor<2x6x16xf32>
    %16 = tg.add %15, %14 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %17 = tg.reshape %8 : (tensor<2x6x16xf32>) -> tensor<2x6x2x8xf32>
    %18 = tg.transpose %17 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x6x2x8xf32>) -> tensor<2x2x6x8xf32>
    %19 = tg.reshape %12 : (tensor<2x6x16xf32>) -> tensor<2x6x2x8xf32>
    %20 = tg.transpose %19 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x6x2x8xf32>) -> tensor<2x2x6x8xf32>
    %21 = tg.reshape %16 : (tensor<2x6x16xf32>) -> tensor<2x6x2x8xf32>
    %22 = tg.transpose %21 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x6x2x8xf32>) -> tensor<2x2x6x8xf32>
    %23 = tg.matmul %18, %20 {transpose_b = true} : (tensor<2x2x6x8xf32>, tensor<2x2x6x8xf32>) -> tensor<2x2x6x6xf32>
    %24 = tg.constant dense<0.353553385> : tensor<f32>
    %25 = tg.mul %23, %24 : (tensor<2x2x6x6xf32>, tensor<f32>) -> tensor<2x2x6x6xf32>
    %26 = tg.constant dense<0xFF800000> : tensor<f32>
    %27 = tg.softmax %25 : tensor<2x2x6x6xf32>
    %28 = tg.matmul %27, %22 : (tensor<2x2x6x6xf32>, tensor<2x2x6x8xf32>) -> tensor<2x2x6x8xf32>
    %29 = tg.transpose %28 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x2x6x8xf32>) -> tensor<2x6x2x8xf32>
    %30 = tg.reshape %29 : (tensor<2x6x2x8xf32>) -> tensor<2x6x16xf32>
    %31 = tg.matmul %30, %arg6 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<16x16xf32>) -> tensor<2x6x16xf32>
    %32 = tg.add %31, %arg7 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %33 = tg.add %4, %32 : (tensor<2x6x16xf32>, tensor<2x6x16xf32>) -> tensor<2x6x16xf32>
    %34 = tg.layer_norm %33 scale %arg8 bias %arg9 : (tensor<2x6x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %35 = tg.matmul %34, %arg10 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<32x16xf32>) -> tensor<2x6x32xf32>
    %36 = tg.add %35, %arg11 : (tensor<2x6x32xf32>, tensor<32xf32>) -> tensor<2x6x32xf32>
    %37 = tg.relu %36 : tensor<2x6x32xf32>
    %38 = tg.matmul %37, %arg12 {transpose_b = true} : (tensor<2x6x32xf32>, tensor<16x32xf32>) -> tensor<2x6x16xf32>
    %39 = tg.add %38, %arg13 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %40 = tg.add %34, %39 : (tensor<2x6x16xf32>, tensor<2x6x16xf32>) -> tensor<2x6x16xf32>
    %41 = tg.layer_norm %40 scale %arg14 bias %arg15 : (tensor<2x6x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %42 = tg.layer_norm %41 scale %arg16 bias %arg17 : (tensor<2x6x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %43 = tg.gather %arg3, %arg1 : (tensor<100x16xf32>, tensor<2x5xi64>) -> tensor<2x5x16xf32>
    %44 = tg.constant dense<4.000000e+00> : tensor<f32>
    %45 = tg.mul %43, %44 : (tensor<2x5x16xf32>, tensor<f32>) -> tensor<2x5x16xf32>
    %46 = tg.slice %0 {limit = array<i64: 5, 16>, start = array<i64: 0, 0>} : (tensor<6x16xf32>) -> tensor<5x16xf32>
    %47 = tg.add %45, %46 : (tensor<2x5x16xf32>, tensor<5x16xf32>) -> tensor<2x5x16xf32>
    %48 = tg.slice %arg18 {limit = array<i64: 16, 16>, start = array<i64: 0, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %49 = tg.slice %arg19 {limit = array<i64: 16>, start = array<i64: 0>} : (tensor<48xf32>) -> tensor<16xf32>
    %50 = tg.matmul %47, %48 {transpose_b = true} : (tensor<2x5x16xf32>, tensor<16x16xf32>) -> tensor<2x5x16xf32>
    %51 = tg.add %50, %49 : (tensor<2x5x16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
    %52 = tg.slice %arg18 {limit = array<i64: 32, 16>, start = array<i64: 16, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %53 = tg.slice %arg19 {limit = array<i64: 32>, start = array<i64: 16>} : (tensor<48xf32>) -> tensor<16xf32>
    %54 = tg.matmul %47, %52 {transpose_b = true} : (tensor<2x5x16xf32>, tensor<16x16xf32>) -> tensor<2x5x16xf32>
    %55 = tg.add %54, %53 : (tensor<2x5x16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
    %56 = tg.slice %arg18 {limit = array<i64: 48, 16>, start = array<i64: 32, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %57 = tg.slice %arg19 {limit = array<i64: 48>, start = array<i64: 32>} : (tensor<48xf32>) -> tensor<16xf32>
    %58 = tg.matmul %47, %56 {transpose_b = true} : (tensor<2x5x16xf32>, tensor<16x16xf32>) -> tensor<2x5x16xf32>
    %59 = tg.add %58, %57 : (tensor<2x5x16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
    %60 = tg.reshape %51 : (tensor<2x5x16xf32>) -> tensor<2x5x2x8xf32>
    %61 = tg.transpose %60 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x5x2x8xf32>) -> tensor<2x2x5x8xf32>
    %62 = tg.reshape %55 : (tensor<2x5x16xf32>) -> tensor<2x5x2x8xf32>
    %63 = tg.transpose %62 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x5x2x8xf32>) -> tensor<2x2x5x8xf32>
    %64 = tg.reshape %59 : (tensor<2x5x16xf32>) -> tensor<2x5x2x8xf32>
    %65 = tg.transpose %64 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x5x2x8xf32>) -> tensor<2x2x5x8xf32>
    %66 = tg.matmul %61, %63 {transpose_b = true} : (tensor<2x2x5x8xf32>, tensor<2x2x5x8xf32>) -> tensor<2x2x5x5xf32>
    %67 = tg.constant dense<0.353553385> : tensor<f32>
    %68 = tg.mul %66, %67 : (tensor<2x2x5x5xf32>, tensor<f32>) -> tensor<2x2x5x5xf32>
    %69 = tg.constant dense<0xFF800000> : tensor<f32>
    %70 = tg.iota {dimension = 0 : i64} : tensor<5x5xi64>
    %71 = tg.iota {dimension = 1 : i64} : tensor<5x5xi64>
    %72 = tg.compare le, %71, %70 : (tensor<5x5xi64>, tensor<5x5xi64>) -> tensor<5x5xi1>
    %73 = tg.select %72, %68, %69 : (tensor<5x5xi1>, tensor<2x2x5x5xf32>, tensor<f32>) -> tensor<2x2x5x5xf32>
    %74 = tg.softmax %73 : tensor<2x2x5x5xf32>
    %75 = tg.matmul %74, %65 : (tensor<2x2x5x5xf32>, tensor<2x2x5x8xf32>) -> tensor<2x2x5x8xf32>
    %76 = tg.transpose %75 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x2x5x8xf32>) -> tensor<2x5x2x8xf32>
    %77 = tg.reshape %76 : (tensor<2x5x2x8xf32>) -> tensor<2x5x16xf32>
    %78 = tg.matmul %77, %arg20 {transpose_b = true} : (tensor<2x5x16xf32>, tensor<16x16xf32>) -> tensor<2x5x16xf32>
    %79 = tg.add %78, %arg21 : (tensor<2x5x16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
    %80 = tg.add %47, %79 : (tensor<2x5x16xf32>, tensor<2x5x16xf32>) -> tensor<2x5x16xf32>
    %81 = tg.layer_norm %80 scale %arg22 bias %arg23 : (tensor<2x5x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
    %82 = tg.slice %arg24 {limit = array<i64: 16, 16>, start = array<i64: 0, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %83 = tg.slice %arg25 {limit = array<i64: 16>, start = array<i64: 0>} : (tensor<48xf32>) -> tensor<16xf32>
    %84 = tg.matmul %81, %82 {transpose_b = true} : (tensor<2x5x16xf32>, tensor<16x16xf32>) -> tensor<2x5x16xf32>
    %85 = tg.add %84, %83 : (tensor<2x5x16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
    %86 = tg.slice %arg24 {limit = array<i64: 32, 16>, start = array<i64: 16, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %87 = tg.slice %arg25 {limit = array<i64: 32>, start = array<i64: 16>} : (tensor<48xf32>) -> tensor<16xf32>
    %88 = tg.matmul %42, %86 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<16x16xf32>) -> tensor<2x6x16xf32>
    %89 = tg.add %88, %87 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %90 = tg.slice %arg24 {limit = array<i64: 48, 16>, start = array<i64: 32, 0>} : (tensor<48x16xf32>) -> tensor<16x16xf32>
    %91 = tg.slice %arg25 {limit = array<i64: 48>, start = array<i64: 32>} : (tensor<48xf32>) -> tensor<16xf32>
    %92 = tg.matmul %42, %90 {transpose_b = true} : (tensor<2x6x16xf32>, tensor<16x16xf32>) -> tensor<2x6x16xf32>
    %93 = tg.add %92, %91 : (tensor<2x6x16xf32>, tensor<16xf32>) -> tensor<2x6x16xf32>
    %94 = tg.reshape %85 : (tensor<2x5x16xf32>) -> tensor<2x5x2x8xf32>
    %95 = tg.transpose %94 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x5x2x8xf32>) -> tensor<2x2x5x8xf32>
    %96 = tg.reshape %89 : (tensor<2x6x16xf32>) -> tensor<2x6x2x8xf32>
    %97 = tg.transpose %96 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x6x2x8xf32>) -> tensor<2x2x6x8xf32>
    %98 = tg.reshape %93 : (tensor<2x6x16xf32>) -> tensor<2x6x2x8xf32>
    %99 = tg.transpose %98 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x6x2x8xf32>) -> tensor<2x2x6x8xf32>
    %100 = tg.matmul %95, %97 {transpose_b = true} : (tensor<2x2x5x8xf32>, tensor<2x2x6x8xf32>) -> tensor<2x2x5x6xf32>
    %101 = tg.constant dense<0.353553385> : tensor<f32>
    %102 = tg.mul %100, %101 : (tensor<2x2x5x6xf32>, tensor<f32>) -> tensor<2x2x5x6xf32>
    %103 = tg.constant dense<0xFF800000> : tensor<f32>
    %104 = tg.softmax %102 : tensor<2x2x5x6xf32>
    %105 = tg.matmul %104, %99 : (tensor<2x2x5x6xf32>, tensor<2x2x6x8xf32>) -> tensor<2x2x5x8xf32>
    %106 = tg.transpose %105 {permutation = array<i64: 0, 2, 1, 3>} : (tensor<2x2x5x8xf32>) -> tensor<2x5x2x8xf32>
    %107 = tg.reshape %106 : (tensor<2x5x2x8xf32>) -> tensor<2x5x16xf32>
    %108 = tg.matmul %107, %arg26 {transpose_b = true} : (tensor<2x5x16xf32>, tensor<16x16xf32>) -> tensor<2x5x16xf32>
    %109 = tg.add %108, %arg27 : (tensor<2x5x16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
    %110 = tg.add %81, %109 : (tensor<2x5x16xf32>, tensor<2x5x16xf32>) -> tensor<2x5x16xf32>
    %111 = tg.layer_norm %110 scale %arg28 bias %arg29 : (tensor<2x5x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
    %112 = tg.matmul %111, %arg30 {transpose_b = true} : (tensor<2x5x16xf32>, tensor<32x16xf32>) -> tensor<2x5x32xf32>
    %113 = tg.add %112, %arg31 : (tensor<2x5x32xf32>, tensor<32xf32>) -> tensor<2x5x32xf32>
    %114 = tg.relu %113 : tensor<2x5x32xf32>
    %115 = tg.matmul %114, %arg32 {transpose_b = true} : (tensor<2x5x32xf32>, tensor<16x32xf32>) -> tensor<2x5x16xf32>
    %116 = tg.add %115, %arg33 : (tensor<2x5x16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
    %117 = tg.add %111, %116 : (tensor<2x5x16xf32>, tensor<2x5x16xf32>) -> tensor<2x5x16xf32>
    %118 = tg.layer_norm %117 scale %arg34 bias %arg35 : (tensor<2x5x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
    %119 = tg.layer_norm %118 scale %arg36 bias %arg37 : (tensor<2x5x16xf32>, tensor<16xf32>, tensor<16xf32>) -> tensor<2x5x16xf32>
    %120 = tg.matmul %119, %arg3 {transpose_b = true} : (tensor<2x5x16xf32>, tensor<100x16xf32>) -> tensor<2x5x100xf32>
    %121 = tg.cross_entropy %120, %arg2 : (tensor<2x5x100xf32>, tensor<2x5xi64>) -> tensor<f32>
    return %121, %120 : tensor<f32>, tensor<2x5x100xf32>
  }
}

