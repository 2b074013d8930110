//===- Tolerance.h - how far a backend may be from the reference -*- C++ -*-===//
//
// The one table of conformance tolerances: relative error
// ||backend - reference|| / ||reference|| allowed per op family, for f32
// backends against the float64 reference. Never loosened to make a test
// pass: a backend that needs more is wrong or needs a better algorithm.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_TOLERANCE_H
#define TGC_BACKENDS_TOLERANCE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace tgc {

enum class OpFamily {
  DataMovement,   // shape ops, gather, constants, compare, select, casts
  Elementwise,    // arithmetic and transcendental functions
  Random,         // Philox streams, computed in double then rounded
  Matmul,         // matmul and fused_matmul: K-term f32 accumulation
  Reduction,      // sums, means, extrema, arg-reductions, nearest_codeword
  Normalization,  // softmax, layer_norm and their fused forms
  Attention,      // tg.attention
  Recurrent,      // tg.lstm, tg.gru (and their decompositions)
  Loss,           // cross_entropy, mse
};

OpFamily familyOf(mlir::Operation *op);
double toleranceOf(OpFamily family);
const char *familyName(OpFamily family);

/// The tolerance for `fn`'s outputs: the largest over the families of its
/// ops (errors of early ops flow into every later value).
double toleranceOf(mlir::func::FuncOp fn);

} // namespace tgc

#endif // TGC_BACKENDS_TOLERANCE_H
