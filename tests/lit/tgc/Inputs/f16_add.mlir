// An f16 program: the reference runs it, the onednn backend (f32) cannot.
func.func @main(%x: tensor<4xf16> {tg.input = "x"}) -> tensor<4xf16> {
  %0 = tg.add %x, %x : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  return %0 : tensor<4xf16>
}
