//===- KernelSpec.cpp - kernels from specs; specs as bytes ----------------===//

#include "backends/onednn/kernels/KernelSpec.h"

#include "backends/onednn/kernels/LossKernels.h"
#include "backends/onednn/kernels/NormalizationKernels.h"
#include "backends/onednn/kernels/RandomKernels.h"
#include "backends/onednn/kernels/ShapeKernels.h"
#include "runtime/ByteStream.h"

#include "absl/strings/str_cat.h"

namespace tgc::onednn {

// One member list per spec, read by both ByteWriter and ByteReader.
template <typename Ar> void fields(Ar &ar, UnarySpec &s) { ar(s.fn, s.dtype); }
template <typename Ar> void fields(Ar &ar, BinarySpec &s) {
  ar(s.fn, s.dtype, s.lhsShape, s.rhsShape, s.outShape);
}
template <typename Ar> void fields(Ar &ar, CompareSpec &s) {
  ar(s.fn, s.dtype, s.lhsShape, s.rhsShape, s.outShape);
}
template <typename Ar> void fields(Ar &ar, SelectSpec &s) {
  ar(s.dtype, s.operandShapes, s.outShape);
}
template <typename Ar> void fields(Ar &ar, CastSpec &s) { ar(s.from, s.to); }
template <typename Ar> void fields(Ar &ar, ElementwiseInstruction &s) {
  ar(s.kind, s.unary, s.binary, s.compare, s.operands, s.constant);
}
template <typename Ar> void fields(Ar &ar, ElementwiseProgram &s) {
  ar(s.inputShapes, s.inputTypes, s.outShape, s.outType, s.instructions, s.result);
}
template <typename Ar> void fields(Ar &ar, MatmulParams &s) {
  ar(s.lhsShape, s.rhsShape, s.outShape, s.transposeA, s.transposeB, s.biasShape,
     s.epilogue);
}
template <typename Ar> void fields(Ar &ar, SoftmaxSpec &s) {
  ar(s.dtype, s.shape, s.axis, s.logarithm);
}
template <typename Ar> void fields(Ar &ar, LayerNormSpec &s) {
  ar(s.dtype, s.shape, s.axis, s.epsilon, s.hasScale, s.hasBias, s.addResidual);
}
template <typename Ar> void fields(Ar &ar, ReduceSpec &s) {
  ar(s.fn, s.dtype, s.inShape, s.axes);
}
template <typename Ar> void fields(Ar &ar, ArgReduceSpec &s) {
  ar(s.largest, s.dtype, s.inShape, s.axis);
}
template <typename Ar> void fields(Ar &ar, TransposeSpec &s) {
  ar(s.dtype, s.inShape, s.permutation);
}
template <typename Ar> void fields(Ar &ar, ConcatSpec &s) {
  ar(s.dtype, s.inShapes, s.axis);
}
template <typename Ar> void fields(Ar &ar, SliceSpec &s) {
  ar(s.dtype, s.inShape, s.start, s.strides, s.outShape);
}
template <typename Ar> void fields(Ar &ar, GatherSpec &s) {
  ar(s.dtype, s.indexDtype, s.paramsShape, s.axis, s.numIndices);
}
template <typename Ar> void fields(Ar &ar, BroadcastToSpec &s) {
  ar(s.dtype, s.inShape, s.outShape);
}
template <typename Ar> void fields(Ar &ar, IotaSpec &s) {
  ar(s.dtype, s.shape, s.dimension);
}
template <typename Ar> void fields(Ar &ar, OneHotSpec &s) {
  ar(s.dtype, s.indexDtype, s.numIndices, s.depth);
}
template <typename Ar> void fields(Ar &ar, RandomSpec &s) {
  ar(s.distribution, s.dtype, s.seed, s.a, s.b, s.hasStep);
}
template <typename Ar> void fields(Ar &ar, DropoutSpec &s) {
  ar(s.dtype, s.seed, s.ratio, s.training, s.hasStep);
}
template <typename Ar> void fields(Ar &ar, CrossEntropySpec &s) {
  ar(s.logitsType, s.labelsType, s.positions, s.classes, s.ignoreIndex);
}
template <typename Ar> void fields(Ar &ar, MseSpec &s) { ar(s.dtype, s.numElements); }
template <typename Ar> void fields(Ar &ar, AttentionConfig &s) {
  ar(s.dtype, s.queryShape, s.keyShape, s.valueShape, s.maskDtype, s.maskShape,
     s.scale, s.causal);
}
template <typename Ar> void fields(Ar &ar, RnnSpec &s) {
  ar(s.cell, s.dtype, s.batch, s.steps, s.inputSize, s.hiddenSize, s.numLayers,
     s.bidirectional, s.hasInitialState);
}
template <typename Ar> void fields(Ar &ar, NearestCodewordSpec &s) {
  ar(s.dtype, s.numVectors, s.dim, s.codebookSize);
}

namespace {

using KernelOr = absl::StatusOr<std::unique_ptr<Kernel>>;

/// Factories return null for element types they lack.
KernelOr nonNull(std::unique_ptr<Kernel> kernel) {
  if (!kernel)
    return absl::UnimplementedError("no onednn kernel for these element types");
  return kernel;
}

struct KernelMaker {
  KernelOr operator()(const UnarySpec &s) const {
    return nonNull(makeUnaryKernel(s.fn, s.dtype));
  }
  KernelOr operator()(const BinarySpec &s) const {
    return nonNull(makeBinaryKernel(s.fn, s.dtype, s.lhsShape, s.rhsShape, s.outShape));
  }
  KernelOr operator()(const CompareSpec &s) const {
    return nonNull(makeCompareKernel(s.fn, s.dtype, s.lhsShape, s.rhsShape, s.outShape));
  }
  KernelOr operator()(const SelectSpec &s) const {
    return nonNull(makeSelectKernel(s.dtype, s.operandShapes, s.outShape));
  }
  KernelOr operator()(const CastSpec &s) const {
    return nonNull(makeCastKernel(s.from, s.to));
  }
  KernelOr operator()(const ElementwiseProgram &s) const {
    return nonNull(makeFusedElementwiseKernel(s));
  }
  KernelOr operator()(const MatmulParams &s) const { return makeMatmulKernel(s); }
  KernelOr operator()(const SoftmaxSpec &s) const {
    return nonNull(makeSoftmaxKernel(s.dtype, s.shape, s.axis, s.logarithm));
  }
  KernelOr operator()(const LayerNormSpec &s) const {
    return nonNull(s.addResidual ? makeAddLayerNormKernel(s.dtype, s.shape, s.axis,
                                                          s.epsilon, s.hasScale,
                                                          s.hasBias)
                                 : makeLayerNormKernel(s.dtype, s.shape, s.axis,
                                                       s.epsilon, s.hasScale,
                                                       s.hasBias));
  }
  KernelOr operator()(const ReduceSpec &s) const {
    return nonNull(makeReduceKernel(s.fn, s.dtype, s.inShape, s.axes));
  }
  KernelOr operator()(const ArgReduceSpec &s) const {
    return nonNull(makeArgReduceKernel(s.largest, s.dtype, s.inShape, s.axis));
  }
  KernelOr operator()(const TransposeSpec &s) const {
    return nonNull(makeTransposeKernel(s.dtype, s.inShape, s.permutation));
  }
  KernelOr operator()(const ConcatSpec &s) const {
    return nonNull(makeConcatKernel(s.dtype, s.inShapes, s.axis));
  }
  KernelOr operator()(const SliceSpec &s) const {
    return nonNull(makeSliceKernel(s.dtype, s.inShape, s.start, s.strides, s.outShape));
  }
  KernelOr operator()(const GatherSpec &s) const {
    return nonNull(makeGatherKernel(s.dtype, s.indexDtype, s.paramsShape, s.axis,
                                    s.numIndices));
  }
  KernelOr operator()(const BroadcastToSpec &s) const {
    return nonNull(makeBroadcastToKernel(s.dtype, s.inShape, s.outShape));
  }
  KernelOr operator()(const IotaSpec &s) const {
    return nonNull(makeIotaKernel(s.dtype, s.shape, s.dimension));
  }
  KernelOr operator()(const OneHotSpec &s) const {
    return nonNull(makeOneHotKernel(s.dtype, s.indexDtype, s.numIndices, s.depth));
  }
  KernelOr operator()(const RandomSpec &s) const {
    switch (s.distribution) {
    case RandomSpec::Distribution::Uniform:
      return nonNull(makeRandomUniformKernel(s.dtype, s.seed, s.a, s.b, s.hasStep));
    case RandomSpec::Distribution::Normal:
      return nonNull(makeRandomNormalKernel(s.dtype, s.seed, s.a, s.b, s.hasStep));
    case RandomSpec::Distribution::Bernoulli:
      return nonNull(makeBernoulliKernel(s.dtype, s.seed, s.a, s.hasStep));
    }
    return absl::InvalidArgumentError("unknown random distribution");
  }
  KernelOr operator()(const DropoutSpec &s) const {
    return nonNull(
        makeDropoutKernel(s.dtype, s.seed, s.ratio, s.training, s.hasStep));
  }
  KernelOr operator()(const CrossEntropySpec &s) const {
    return nonNull(makeCrossEntropyKernel(s.logitsType, s.labelsType, s.positions,
                                          s.classes, s.ignoreIndex));
  }
  KernelOr operator()(const MseSpec &s) const {
    return nonNull(makeMseKernel(s.dtype, s.numElements));
  }
  KernelOr operator()(const AttentionConfig &s) const {
    return nonNull(makeAttentionKernel(s));
  }
  KernelOr operator()(const RnnSpec &s) const { return makeRnnKernel(s); }
  KernelOr operator()(const NearestCodewordSpec &s) const {
    return nonNull(makeNearestCodewordKernel(s));
  }
};

/// Reads alternative `index` of KernelSpec into `spec` (recursing over the
/// alternatives, since the index is only known at run time).
template <size_t I = 0>
void readAlternative(ByteReader &reader, uint64_t index, KernelSpec &spec) {
  if constexpr (I < std::variant_size_v<KernelSpec>) {
    if (index == I) {
      reader(spec.emplace<I>());
      return;
    }
    readAlternative<I + 1>(reader, index, spec);
  } else {
    reader.fail(absl::StrCat("has unknown kernel kind ", index));
  }
}

} // namespace

absl::StatusOr<std::unique_ptr<Kernel>> makeKernel(const KernelSpec &spec) {
  return std::visit(KernelMaker{}, spec);
}

std::string encodeKernelSpec(const KernelSpec &spec) {
  ByteWriter writer;
  writer(static_cast<uint64_t>(spec.index()));
  std::visit([&](const auto &alternative) { writer(alternative); }, spec);
  return writer.take();
}

absl::StatusOr<KernelSpec> decodeKernelSpec(std::string_view bytes) {
  ByteReader reader(bytes, "kernel spec");
  uint64_t index = 0;
  reader(index);
  KernelSpec spec;
  if (reader.status().ok())
    readAlternative(reader, index, spec);
  if (reader.status().ok() && !reader.atEnd())
    reader.fail("has trailing bytes");
  if (!reader.status().ok())
    return reader.status();
  return spec;
}

absl::StatusOr<std::unique_ptr<Kernel>> loadKernel(std::string_view bytes) {
  absl::StatusOr<KernelSpec> spec = decodeKernelSpec(bytes);
  if (!spec.ok())
    return spec.status();
  return makeKernel(*spec);
}

} // namespace tgc::onednn
