//===- LowerRandom.cpp - random tg ops to Philox CPU kernels --------------===//

#include "backends/onednn/Lowering.h"
#include "backends/onednn/kernels/RandomKernels.h"

#include "ir/TgOps.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {
namespace {

using KernelOr = absl::StatusOr<std::unique_ptr<Kernel>>;

/// The seed attribute is an i64; the stream keys on its two's-complement
/// bits, as the reference does.
uint64_t seedOf(int64_t seed) { return static_cast<uint64_t>(seed); }

} // namespace

void registerRandomLowerings(LoweringTable &table) {
  table.add<RandomUniformOp>([](RandomUniformOp op) -> KernelOr {
    return nonNull(makeRandomUniformKernel(dtypeOf(op.getResult()), seedOf(op.getSeed()),
                                           op.getLow().convertToDouble(),
                                           op.getHigh().convertToDouble()),
                   op);
  });
  table.add<RandomNormalOp>([](RandomNormalOp op) -> KernelOr {
    return nonNull(makeRandomNormalKernel(dtypeOf(op.getResult()), seedOf(op.getSeed()),
                                          op.getMean().convertToDouble(),
                                          op.getStddev().convertToDouble()),
                   op);
  });
  table.add<BernoulliOp>([](BernoulliOp op) -> KernelOr {
    return nonNull(makeBernoulliKernel(dtypeOf(op.getResult()), seedOf(op.getSeed()),
                                       op.getProbability().convertToDouble()),
                   op);
  });
  table.add<DropoutOp>([](DropoutOp op) -> KernelOr {
    return nonNull(makeDropoutKernel(dtypeOf(op.getResult()), seedOf(op.getSeed()),
                                     op.getRatio().convertToDouble(), op.getTraining()),
                   op);
  });
}

} // namespace tgc::onednn
