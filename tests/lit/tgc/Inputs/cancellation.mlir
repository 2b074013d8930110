// (x + 1e4) - 1e4 with a transpose between: in float32 the add rounds x to
// a multiple of about 1e-3, a rounding well within tolerance for a value
// near 1e4, and the subtraction then exposes it. Every kernel is right on
// its own inputs; the program amplifies their rounding.
func.func @main(%x: tensor<2x3xf32> {tg.input = "x"}) -> tensor<3x2xf32>
    attributes {tg.result_names = ["y"]} {
  %c = tg.constant dense<1.000000e+04> : tensor<f32>
  %a = tg.add %x, %c : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %t = tg.transpose %a {permutation = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %y = tg.sub %t, %c : (tensor<3x2xf32>, tensor<f32>) -> tensor<3x2xf32>
  return %y : tensor<3x2xf32>
}
