//===- RandomKernels.cpp - random_uniform, random_normal, bernoulli, dropout ===//
//
// Every value comes from the Philox stream defined once in runtime/Random.h,
// so each element depends on (seed, index, step) alone; step is the value of
// the op's optional step operand, 0 without it.
//
//===----------------------------------------------------------------------===//

#include "backends/reference/Kernels.h"

#include "ir/TgOps.h"
#include "runtime/Random.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::reference {
namespace {

uint64_t seedOf(int64_t seed) { return static_cast<uint64_t>(seed); }

/// The value of the optional step operand, `in[position]` when present (its
/// two's-complement bits, as the seed's), else 0.
uint64_t stepOf(Value step, Operands in, size_t position) {
  return step ? static_cast<uint64_t>(in[position]->asInt(0)) : 0;
}

absl::StatusOr<RefValue> evalUniform(RandomUniformOp op, Operands in) {
  RefValue out = RefValue::zeros(op.getType());
  double low = op.getLow().convertToDouble();
  double high = op.getHigh().convertToDouble();
  uint64_t step = stepOf(op.getStep(), in, 0);
  for (int64_t k = 0; k < out.size(); ++k)
    out.floats[k] =
        low + (high - low) * uniform01(seedOf(op.getSeed()), k, step);
  return out;
}

absl::StatusOr<RefValue> evalNormal(RandomNormalOp op, Operands in) {
  RefValue out = RefValue::zeros(op.getType());
  double mean = op.getMean().convertToDouble();
  double stddev = op.getStddev().convertToDouble();
  uint64_t step = stepOf(op.getStep(), in, 0);
  for (int64_t k = 0; k < out.size(); ++k)
    out.floats[k] =
        mean + stddev * standardNormal(seedOf(op.getSeed()), k, step);
  return out;
}

absl::StatusOr<RefValue> evalBernoulli(BernoulliOp op, Operands in) {
  RefValue out = RefValue::zeros(op.getType());
  double p = op.getProbability().convertToDouble();
  uint64_t step = stepOf(op.getStep(), in, 0);
  for (int64_t k = 0; k < out.size(); ++k) {
    bool one = uniform01(seedOf(op.getSeed()), k, step) < p;
    if (out.isFloat())
      out.floats[k] = one ? 1.0 : 0.0;
    else
      out.ints[k] = one;
  }
  return out;
}

absl::StatusOr<RefValue> evalDropout(DropoutOp op, Operands in) {
  RefValue out = *in[0];
  if (!op.getTraining())
    return out;
  double ratio = op.getRatio().convertToDouble();
  uint64_t step = stepOf(op.getStep(), in, 1);
  for (int64_t k = 0; k < out.size(); ++k)
    out.floats[k] = uniform01(seedOf(op.getSeed()), k, step) < ratio
                        ? 0.0
                        : out.floats[k] / (1.0 - ratio);
  return out;
}

} // namespace

void registerRandomKernels(KernelTable &table) {
  table.add<RandomUniformOp>(evalUniform);
  table.add<RandomNormalOp>(evalNormal);
  table.add<BernoulliOp>(evalBernoulli);
  table.add<DropoutOp>(evalDropout);
}

} // namespace tgc::reference
