//===- MatmulKernels.cpp - tg.matmul and tg.fused_matmul on oneDNN --------===//

#include "backends/onednn/kernels/MatmulKernels.h"

#include "backends/onednn/kernels/DnnlContext.h"

#include "absl/strings/str_cat.h"

#include <algorithm>

namespace tgc::onednn {
namespace {

using dnnl::memory;

/// `shape` with leading 1s up to `rank` (oneDNN wants equal ranks and
/// broadcasts dimensions of size 1).
std::vector<int64_t> padTo(std::vector<int64_t> shape, size_t rank) {
  shape.insert(shape.begin(), rank - shape.size(), 1);
  return shape;
}

/// Where the bias goes. oneDNN 2.6's optimized matmuls (brgemm, gemm:jit)
/// take only a bias broadcast along every dimension but the last; any other bias (a
/// residual or a gradient sum folded into the epilogue) sends it to its
/// reference matmul, 50-100 times slower. Such a bias goes in as the first
/// post-op instead, a binary add, which like the bias comes before the
/// activation post-op.
enum class BiasArg { None, Bias, BinaryPostOp };

/// True when `bias` (padded to the output's rank) varies along the last
/// dimension only.
bool isPerColumn(const std::vector<int64_t> &bias) {
  return std::all_of(bias.begin(), bias.end() - 1, [](int64_t d) { return d == 1; });
}

class MatmulKernel : public Kernel {
public:
  MatmulKernel(dnnl::matmul::primitive_desc pd, BiasArg biasArg,
               const memory::desc &biasDesc)
      : primitive_(pd), src_(pd.src_desc(), cpuEngine(), DNNL_MEMORY_NONE),
        weights_(pd.weights_desc(), cpuEngine(), DNNL_MEMORY_NONE),
        dst_(pd.dst_desc(), cpuEngine(), DNNL_MEMORY_NONE) {
    if (biasArg == BiasArg::None)
      return;
    bias_ = memory(biasDesc, cpuEngine(), DNNL_MEMORY_NONE);
    biasKey_ = biasArg == BiasArg::Bias
                   ? DNNL_ARG_BIAS
                   : DNNL_ARG_ATTR_MULTIPLE_POST_OP(0) | DNNL_ARG_SRC_1;
  }

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    src_.set_data_handle(in[0].data);
    weights_.set_data_handle(in[1].data);
    dst_.set_data_handle(out[0].data);
    std::unordered_map<int, memory> args = {{DNNL_ARG_SRC, src_},
                                            {DNNL_ARG_WEIGHTS, weights_},
                                            {DNNL_ARG_DST, dst_}};
    if (biasKey_) {
      bias_.set_data_handle(in[2].data);
      args[*biasKey_] = bias_;
    }
    primitive_.execute(cpuStream(), args);
    cpuStream().wait();
    return absl::OkStatus();
  }

private:
  dnnl::matmul primitive_;
  memory src_, weights_, dst_, bias_;
  /// The execute argument the bias is passed as, if there is one.
  std::optional<int> biasKey_;
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

  BiasArg biasArg = BiasArg::None;
  memory::desc bias;
  if (p.biasShape) {
    std::vector<int64_t> padded = padTo(*p.biasShape, rank);
    biasArg = isPerColumn(padded) ? BiasArg::Bias : BiasArg::BinaryPostOp;
    bias = plainDesc(padded, f32);
  }

  dnnl::primitive_attr attr;
  attr.set_fpmath_mode(dnnl::fpmath_mode::strict); // f32 stays f32
  dnnl::post_ops ops;
  if (biasArg == BiasArg::BinaryPostOp) // post-op 0: run() passes it as such
    ops.append_binary(dnnl::algorithm::binary_add, bias);
  switch (p.epilogue) {
  case Epilogue::None: break;
  case Epilogue::Relu: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f); break;
  case Epilogue::GeluErf: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_gelu_erf, 0.f, 0.f); break;
  case Epilogue::GeluTanh: ops.append_eltwise(1.f, dnnl::algorithm::eltwise_gelu_tanh, 0.f, 0.f); break;
  }
  attr.set_post_ops(ops);
  try {
    std::optional<dnnl::matmul::desc> desc;
    if (biasArg == BiasArg::Bias)
      desc.emplace(src, weights, bias, dst);
    else
      desc.emplace(src, weights, dst);
    dnnl::matmul::primitive_desc pd(*desc, attr, cpuEngine());
    return std::unique_ptr<Kernel>(new MatmulKernel(pd, biasArg, bias));
  } catch (const dnnl::error &e) {
    return absl::UnimplementedError(
        absl::StrCat("oneDNN cannot create this matmul: ", e.what()));
  }
}

} // namespace tgc::onednn
