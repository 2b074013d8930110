//===- MatmulKernels.cpp - tg.matmul and tg.fused_matmul on oneDNN --------===//

#include "backends/onednn/kernels/MatmulKernels.h"

#include "backends/onednn/kernels/DnnlContext.h"

#include "absl/strings/str_cat.h"

#include <algorithm>
#include <optional>

namespace tgc::onednn {
namespace {

using dnnl::memory;

/// `shape` with leading 1s up to `rank` (oneDNN wants equal ranks and
/// broadcasts dimensions of size 1).
std::vector<int64_t> padTo(std::vector<int64_t> shape, size_t rank) {
  shape.insert(shape.begin(), rank - shape.size(), 1);
  return shape;
}

/// How the bias reaches oneDNN. Its optimized (brgemm) matmul takes only a
/// bias broadcast along every dimension but the last; any other shape (a
/// residual added in the epilogue) makes it fall back to its reference
/// kernel, tens of times slower. Such a bias goes in as the first post-op,
/// a binary add, which runs before the activation post-op as the bias
/// would.
enum class BiasRoute { None, Bias, BinaryPostOp };

class MatmulKernel : public Kernel {
public:
  MatmulKernel(dnnl::matmul::primitive_desc pd, BiasRoute route,
               std::optional<memory::desc> biasDesc)
      : primitive_(pd), src_(pd.src_desc(), cpuEngine(), DNNL_MEMORY_NONE),
        weights_(pd.weights_desc(), cpuEngine(), DNNL_MEMORY_NONE),
        dst_(pd.dst_desc(), cpuEngine(), DNNL_MEMORY_NONE), route_(route) {
    if (route == BiasRoute::Bias)
      bias_ = memory(pd.bias_desc(), cpuEngine(), DNNL_MEMORY_NONE);
    else if (route == BiasRoute::BinaryPostOp)
      bias_ = memory(*biasDesc, cpuEngine(), DNNL_MEMORY_NONE);
  }

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    src_.set_data_handle(in[0].data);
    weights_.set_data_handle(in[1].data);
    dst_.set_data_handle(out[0].data);
    std::unordered_map<int, memory> args = {{DNNL_ARG_SRC, src_},
                                            {DNNL_ARG_WEIGHTS, weights_},
                                            {DNNL_ARG_DST, dst_}};
    if (route_ != BiasRoute::None) {
      bias_.set_data_handle(in[2].data);
      args[route_ == BiasRoute::Bias ? DNNL_ARG_BIAS
                                     : DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1] =
          bias_;
    }
    primitive_.execute(cpuStream(), args);
    cpuStream().wait();
    return absl::OkStatus();
  }

private:
  dnnl::matmul primitive_;
  memory src_, weights_, dst_, bias_;
  BiasRoute route_;
};

} // namespace

absl::StatusOr<std::unique_ptr<Kernel>> makeMatmulKernel(const MatmulParams &p) {
  size_t rank = p.outShape.size();
  auto f32 = memory::data_type::f32;
  // Logical (post-transpose) operand shapes, padded to the output's rank.
  auto logical = [&](std::vector<int64_t> stored, bool transposed) {
    if (transposed)
      std::swap(stored[stored.size() - 1], stored[stored.size() - 2]);
    return padTo(stored, rank);
  };
  memory::desc src = plainDesc(logical(p.lhsShape, p.transposeA), f32, p.transposeA);
  memory::desc weights =
      plainDesc(logical(p.rhsShape, p.transposeB), f32, p.transposeB);
  memory::desc dst = plainDesc(p.outShape, f32);

  BiasRoute route = BiasRoute::None;
  std::optional<memory::desc> biasDesc;
  if (p.biasShape) {
    std::vector<int64_t> bias = padTo(*p.biasShape, rank);
    bool perColumn = std::all_of(bias.begin(), bias.end() - 1, [](int64_t d) { return d == 1; });
    route = perColumn ? BiasRoute::Bias : BiasRoute::BinaryPostOp;
    biasDesc = plainDesc(bias, f32);
  }

  dnnl::primitive_attr attr;
  attr.set_fpmath_mode(dnnl::fpmath_mode::strict); // f32 stays f32
  dnnl::post_ops ops;
  if (route == BiasRoute::BinaryPostOp)
    ops.append_binary(dnnl::algorithm::binary_add, *biasDesc);
  switch (p.epilogue) {
  case Epilogue::None: break;
  case Epilogue::Relu: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f); break;
  case Epilogue::GeluErf: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_gelu_erf, 0.f, 0.f); break;
  case Epilogue::GeluTanh: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_gelu_tanh, 0.f, 0.f); break;
  }
  attr.set_post_ops(ops);
  try {
    std::optional<dnnl::matmul::desc> desc;
    if (route == BiasRoute::Bias)
      desc.emplace(src, weights, *biasDesc, dst);
    else
      desc.emplace(src, weights, dst);
    dnnl::matmul::primitive_desc pd(*desc, attr, cpuEngine());
    return std::unique_ptr<Kernel>(new MatmulKernel(pd, route, biasDesc));
  } catch (const dnnl::error &e) {
    return absl::UnimplementedError(
        absl::StrCat("oneDNN cannot create this matmul: ", e.what()));
  }
}

} // namespace tgc::onednn
