//===- LowerRandom.cpp - random tg ops to Philox CPU kernels --------------===//

#include "backends/onednn/Lowering.h"

#include "ir/TgOps.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {
namespace {

using SpecOr = absl::StatusOr<KernelSpec>;
using Distribution = RandomSpec::Distribution;

/// The seed attribute is an i64; the stream keys on its two's-complement
/// bits, as the reference does.
uint64_t seedOf(int64_t seed) { return static_cast<uint64_t>(seed); }

/// `spec` with hasStep set when the op has its optional step operand.
template <typename Spec> Spec withStep(Spec spec, Value step) {
  spec.hasStep = static_cast<bool>(step);
  return spec;
}

} // namespace

void registerRandomLowerings(LoweringTable &table) {
  table.add<RandomUniformOp>([](RandomUniformOp op) -> SpecOr {
    return withStep(RandomSpec{Distribution::Uniform, dtypeOf(op.getResult()),
                               seedOf(op.getSeed()), op.getLow().convertToDouble(),
                               op.getHigh().convertToDouble()},
                    op.getStep());
  });
  table.add<RandomNormalOp>([](RandomNormalOp op) -> SpecOr {
    return withStep(RandomSpec{Distribution::Normal, dtypeOf(op.getResult()),
                               seedOf(op.getSeed()), op.getMean().convertToDouble(),
                               op.getStddev().convertToDouble()},
                    op.getStep());
  });
  table.add<BernoulliOp>([](BernoulliOp op) -> SpecOr {
    return withStep(RandomSpec{Distribution::Bernoulli, dtypeOf(op.getResult()),
                               seedOf(op.getSeed()),
                               op.getProbability().convertToDouble(), 0},
                    op.getStep());
  });
  table.add<DropoutOp>([](DropoutOp op) -> SpecOr {
    return withStep(DropoutSpec{dtypeOf(op.getResult()), seedOf(op.getSeed()),
                                op.getRatio().convertToDouble(), op.getTraining()},
                    op.getStep());
  });
}

} // namespace tgc::onednn
