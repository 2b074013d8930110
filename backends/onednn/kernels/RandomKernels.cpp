//===- RandomKernels.cpp - Philox random CPU kernels ----------------------===//
//
// Each element calls the runtime's uniform01 / standardNormal (the one
// definition of the stream, libm included), so no reimplementation can
// drift from the reference. Philox's ten rounds dominate; elements are
// split statically over OpenMP threads. A kernel made with a step operand
// reads the step (a scalar i64) from its last input at every run, so one
// compiled program draws a fresh stream per training step.
//
//===----------------------------------------------------------------------===//

#include "backends/onednn/kernels/RandomKernels.h"

#include "runtime/Random.h"

#include <cstring>

namespace tgc::onednn {
namespace {

/// Below this many elements a kernel runs on the calling thread.
constexpr int64_t kParallelElements = 4096;

/// y[i] = f(i) for every element of the output.
template <typename T, typename Fn> void generate(T *y, int64_t n, Fn f) {
#pragma omp parallel for schedule(static) if (n > kParallelElements)
  for (int64_t i = 0; i < n; ++i)
    y[i] = f(i);
}

/// The step of this run: the last input's value (its two's-complement
/// bits) when the op has a step operand, else 0.
uint64_t stepOf(bool hasStep, const std::vector<TensorView> &in) {
  return hasStep ? static_cast<uint64_t>(in.back().as<int64_t>()[0]) : 0;
}

class UniformKernel : public Kernel {
public:
  UniformKernel(uint64_t seed, double low, double high, bool hasStep)
      : seed_(seed), low_(low), high_(high), hasStep_(hasStep) {}
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    uint64_t seed = seed_, step = stepOf(hasStep_, in);
    double low = low_, high = high_;
    generate(out[0].as<float>(), out[0].numElements(), [=](int64_t i) {
      return static_cast<float>(low + (high - low) * uniform01(seed, i, step));
    });
    return absl::OkStatus();
  }

private:
  uint64_t seed_;
  double low_, high_;
  bool hasStep_;
};

class NormalKernel : public Kernel {
public:
  NormalKernel(uint64_t seed, double mean, double stddev, bool hasStep)
      : seed_(seed), mean_(mean), stddev_(stddev), hasStep_(hasStep) {}
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    uint64_t seed = seed_, step = stepOf(hasStep_, in);
    double mean = mean_, stddev = stddev_;
    generate(out[0].as<float>(), out[0].numElements(), [=](int64_t i) {
      return static_cast<float>(mean + stddev * standardNormal(seed, i, step));
    });
    return absl::OkStatus();
  }

private:
  uint64_t seed_;
  double mean_, stddev_;
  bool hasStep_;
};

template <typename T> class BernoulliKernel : public Kernel {
public:
  BernoulliKernel(uint64_t seed, double probability, bool hasStep)
      : seed_(seed), probability_(probability), hasStep_(hasStep) {}
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    uint64_t seed = seed_, step = stepOf(hasStep_, in);
    double p = probability_;
    generate(out[0].as<T>(), out[0].numElements(), [=](int64_t i) {
      return uniform01(seed, i, step) < p ? T(1) : T(0);
    });
    return absl::OkStatus();
  }

private:
  uint64_t seed_;
  double probability_;
  bool hasStep_;
};

class DropoutKernel : public Kernel {
public:
  DropoutKernel(uint64_t seed, double ratio, bool training, bool hasStep)
      : seed_(seed), ratio_(ratio), training_(training), hasStep_(hasStep) {}
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const float *x = in[0].as<float>();
    float *y = out[0].as<float>();
    int64_t n = out[0].numElements();
    if (!training_) {
      if (x != y)
        std::memcpy(y, x, n * sizeof(float));
      return absl::OkStatus();
    }
    uint64_t seed = seed_, step = stepOf(hasStep_, in);
    double ratio = ratio_;
    generate(y, n, [=](int64_t i) {
      return uniform01(seed, i, step) < ratio
                 ? 0.0f
                 : static_cast<float>(static_cast<double>(x[i]) / (1.0 - ratio));
    });
    return absl::OkStatus();
  }

private:
  uint64_t seed_;
  double ratio_;
  bool training_, hasStep_;
};

} // namespace

std::unique_ptr<Kernel> makeRandomUniformKernel(DType dtype, uint64_t seed,
                                                double low, double high,
                                                bool hasStep) {
  if (dtype != DType::F32)
    return nullptr;
  return std::make_unique<UniformKernel>(seed, low, high, hasStep);
}

std::unique_ptr<Kernel> makeRandomNormalKernel(DType dtype, uint64_t seed,
                                               double mean, double stddev,
                                               bool hasStep) {
  if (dtype != DType::F32)
    return nullptr;
  return std::make_unique<NormalKernel>(seed, mean, stddev, hasStep);
}

std::unique_ptr<Kernel> makeBernoulliKernel(DType dtype, uint64_t seed,
                                            double probability, bool hasStep) {
  switch (dtype) {
  case DType::F32:
    return std::make_unique<BernoulliKernel<float>>(seed, probability, hasStep);
  case DType::I1:
    return std::make_unique<BernoulliKernel<uint8_t>>(seed, probability, hasStep);
  default: return nullptr;
  }
}

std::unique_ptr<Kernel> makeDropoutKernel(DType dtype, uint64_t seed, double ratio,
                                          bool training, bool hasStep) {
  if (dtype != DType::F32)
    return nullptr;
  return std::make_unique<DropoutKernel>(seed, ratio, training, hasStep);
}

} // namespace tgc::onednn
