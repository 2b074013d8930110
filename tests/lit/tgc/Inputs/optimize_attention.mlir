// One attention block tg-fuse-attention recognizes (scale 1/sqrt(16),
// causal mask from iota/compare/select) and one near miss: a second softmax
// over axis 0 that must stay unfused. Used by optimize_inspect.test, which
// checks the line:col locations below; keep the ops where they are.
func.func @main(%q: tensor<2x4x16xf32> {tg.input = "q"},
                %k: tensor<2x4x16xf32> {tg.input = "k"},
                %v: tensor<2x4x16xf32> {tg.input = "v"})
    -> (tensor<2x4x16xf32>, tensor<2x4x16xf32>) attributes {tg.result_names = ["attended", "near_miss"]} {
  %s = tg.matmul %q, %k {transpose_b = true} : (tensor<2x4x16xf32>, tensor<2x4x16xf32>) -> tensor<2x4x4xf32>
  %c = tg.constant dense<2.500000e-01> : tensor<f32>
  %t = tg.mul %s, %c : (tensor<2x4x4xf32>, tensor<f32>) -> tensor<2x4x4xf32>
  %row = tg.iota {dimension = 0 : i64} : tensor<4x4xi64>
  %col = tg.iota {dimension = 1 : i64} : tensor<4x4xi64>
  %keep = tg.compare le, %col, %row : (tensor<4x4xi64>, tensor<4x4xi64>) -> tensor<4x4xi1>
  %ninf = tg.constant dense<0xFF800000> : tensor<f32>
  %m = tg.select %keep, %t, %ninf : (tensor<4x4xi1>, tensor<2x4x4xf32>, tensor<f32>) -> tensor<2x4x4xf32>
  %p = tg.softmax %m : tensor<2x4x4xf32>
  %o = tg.matmul %p, %v : (tensor<2x4x4xf32>, tensor<2x4x16xf32>) -> tensor<2x4x16xf32>
  %s2 = tg.matmul %k, %q {transpose_b = true} : (tensor<2x4x16xf32>, tensor<2x4x16xf32>) -> tensor<2x4x4xf32>
  %p2 = tg.softmax %s2 {axis = 0 : i64} : tensor<2x4x4xf32>
  %o2 = tg.matmul %p2, %v : (tensor<2x4x4xf32>, tensor<2x4x16xf32>) -> tensor<2x4x16xf32>
  return %o, %o2 : tensor<2x4x16xf32>, tensor<2x4x16xf32>
}
