//===- KernelSpec.h - what an onednn kernel does, as plain data -*- C++ -*-===//
//
// A lowering turns a tg op into a KernelSpec: which kernel, with which
// shapes, types and attributes. makeKernel turns a spec into a ready
// kernel (oneDNN primitives created then, once). Specs are also what a
// compiled binary stores: encodeKernelSpec writes one as bytes and
// loadKernel reads it back into a kernel when the binary starts, so the
// binary needs neither MLIR nor the lowerings.
//
// The variant's alternative index is the tag in the encoding: add new
// alternatives at the end, never reorder.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_KERNELSPEC_H
#define TGC_BACKENDS_ONEDNN_KERNELS_KERNELSPEC_H

#include "backends/onednn/kernels/AttentionKernels.h"
#include "backends/onednn/kernels/ElementwiseKernels.h"
#include "backends/onednn/kernels/MatmulKernels.h"
#include "backends/onednn/kernels/ReductionKernels.h"
#include "backends/onednn/kernels/RnnKernels.h"
#include "backends/onednn/kernels/VqKernels.h"
#include "runtime/Executable.h"

#include "absl/status/statusor.h"

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tgc::onednn {

using Shape = std::vector<int64_t>;

struct UnarySpec {
  UnaryFn fn = UnaryFn::Copy;
  DType dtype = DType::F32;
};
struct BinarySpec {
  BinaryFn fn = BinaryFn::Add;
  DType dtype = DType::F32;
  Shape lhsShape, rhsShape, outShape;
};
struct CompareSpec {
  CompareFn fn = CompareFn::Eq;
  DType dtype = DType::F32; // of the operands
  Shape lhsShape, rhsShape, outShape;
};
struct SelectSpec {
  DType dtype = DType::F32;
  std::vector<Shape> operandShapes; // condition, on_true, on_false
  Shape outShape;
};
struct CastSpec {
  DType from = DType::F32, to = DType::F32;
};
struct SoftmaxSpec {
  DType dtype = DType::F32;
  Shape shape;
  int64_t axis = 0;
  bool logarithm = false;
};
struct LayerNormSpec {
  DType dtype = DType::F32;
  Shape shape;
  int64_t axis = 0;
  double epsilon = 0;
  bool hasScale = false, hasBias = false;
  /// tg.add_layer_norm: normalizes input + residual and also returns the sum.
  bool addResidual = false;
};
struct ReduceSpec {
  ReduceFn fn = ReduceFn::Sum;
  DType dtype = DType::F32;
  Shape inShape;
  std::vector<int64_t> axes;
};
struct ArgReduceSpec {
  bool largest = false;
  DType dtype = DType::F32;
  Shape inShape;
  int64_t axis = 0;
};
struct TransposeSpec {
  DType dtype = DType::F32;
  Shape inShape;
  std::vector<int64_t> permutation;
};
struct ConcatSpec {
  DType dtype = DType::F32;
  std::vector<Shape> inShapes;
  int64_t axis = 0;
};
struct SliceSpec {
  DType dtype = DType::F32;
  Shape inShape;
  std::vector<int64_t> start, strides;
  Shape outShape;
};
struct GatherSpec {
  DType dtype = DType::F32, indexDtype = DType::I64;
  Shape paramsShape;
  int64_t axis = 0, numIndices = 0;
};
struct BroadcastToSpec {
  DType dtype = DType::F32;
  Shape inShape, outShape;
};
struct IotaSpec {
  DType dtype = DType::F32;
  Shape shape;
  int64_t dimension = 0;
};
struct OneHotSpec {
  DType dtype = DType::F32, indexDtype = DType::I64;
  int64_t numIndices = 0, depth = 0;
};
struct RandomSpec {
  enum class Distribution { Uniform, Normal, Bernoulli };
  Distribution distribution = Distribution::Uniform;
  DType dtype = DType::F32;
  uint64_t seed = 0;
  /// Uniform: low, high. Normal: mean, stddev. Bernoulli: probability, unused.
  double a = 0, b = 0;
  /// The op has a step operand: the kernel's only input, a scalar i64.
  bool hasStep = false;
};
struct DropoutSpec {
  DType dtype = DType::F32;
  uint64_t seed = 0;
  double ratio = 0;
  bool training = false;
  /// The op has a step operand: the kernel's second input, a scalar i64.
  bool hasStep = false;
};
struct CrossEntropySpec {
  DType logitsType = DType::F32, labelsType = DType::I64;
  int64_t positions = 0, classes = 0;
  std::optional<int64_t> ignoreIndex;
};
struct MseSpec {
  DType dtype = DType::F32;
  int64_t numElements = 0;
};

using KernelSpec =
    std::variant<UnarySpec, BinarySpec, CompareSpec, SelectSpec, CastSpec,
                 ElementwiseProgram, MatmulParams, SoftmaxSpec, LayerNormSpec,
                 ReduceSpec, ArgReduceSpec, TransposeSpec, ConcatSpec, SliceSpec,
                 GatherSpec, BroadcastToSpec, IotaSpec, OneHotSpec, RandomSpec,
                 DropoutSpec, CrossEntropySpec, MseSpec, AttentionConfig,
                 RnnSpec, NearestCodewordSpec>;

/// The kernel `spec` describes, or an error when no kernel handles its
/// element types.
absl::StatusOr<std::unique_ptr<Kernel>> makeKernel(const KernelSpec &spec);

/// `spec` as bytes, for Executable steps.
std::string encodeKernelSpec(const KernelSpec &spec);
absl::StatusOr<KernelSpec> decodeKernelSpec(std::string_view bytes);

/// decodeKernelSpec then makeKernel: the KernelLoader of onednn executables.
absl::StatusOr<std::unique_ptr<Kernel>> loadKernel(std::string_view bytes);

/// The backend tag of serialized onednn executables.
inline constexpr std::string_view kBackendName = "onednn";

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_KERNELSPEC_H
