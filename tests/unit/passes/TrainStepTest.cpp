//===- TrainStepTest.cpp - tg-make-train-step's updates, executed ---------===//
//
// A small f64 model, mse(tanh(x·W1 + b1)·W2 + b2, y), goes through
// tg-autodiff and tg-make-train-step. On the float64 reference backend,
// @train_step's loss, new params and new optimizer state must equal the
// update written out here in double (SGD: p - lr * g; Adam: PyTorch's
// formulas), with g the gradient @main_grad computes, to 1e-12 relative.
// Arguments and optimizer state are seeded random, never zero (except the
// zero state Adam starts from, tested as its own case). Then 20 steps on a
// tiny linear regression problem must bring the loss down.
//
//===----------------------------------------------------------------------===//

#include "backends/reference/ReferenceBackend.h"
#include "frontend/GraphBuilder.h"
#include "ir/ProgramSignature.h"
#include "passes/Passes.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

namespace tgc {
namespace {

using frontend::GraphBuilder;
using mlir::Value;

constexpr double kTolerance = 1e-12;

/// The optimizer and its hyperparameters, as the pass takes them.
struct Optimizer {
  std::string name = "sgd";
  double lr = 0.1;
  double momentum = 0;
  double beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8;
  double weightDecay = 0;
};

/// Runs tg-autodiff and tg-make-train-step on `module`.
bool makeTrainStep(mlir::ModuleOp module, const Optimizer &opt) {
  mlir::PassManager pm(module.getContext());
  pm.addPass(createAutodiffPass());
  MakeTrainStepPassOptions options;
  options.optimizer = opt.name;
  options.lr = opt.lr;
  options.momentum = opt.momentum;
  options.beta1 = opt.beta1;
  options.beta2 = opt.beta2;
  options.epsilon = opt.epsilon;
  options.weightDecay = opt.weightDecay;
  pm.addPass(createMakeTrainStepPass(options));
  return mlir::succeeded(pm.run(module));
}

/// A tensor of `shape` with elements uniform in [low, high], each at least
/// `awayFromZero` in magnitude.
Tensor randomF64(const std::vector<int64_t> &shape, std::mt19937_64 &rng,
                 double low = -1.0, double high = 1.0,
                 double awayFromZero = 0.05) {
  Tensor t = Tensor::allocate(DType::F64, shape);
  std::uniform_real_distribution<double> u(low, high);
  for (int64_t i = 0; i < t.numElements(); ++i) {
    double v = u(rng);
    while (std::abs(v) < awayFromZero)
      v = u(rng);
    t.dataAs<double>()[i] = v;
  }
  return t;
}

Tensor scalarF32(float v) {
  Tensor t = Tensor::allocate(DType::F32, {});
  t.dataAs<float>()[0] = v;
  return t;
}

std::vector<double> values(const Tensor &t) {
  std::vector<double> out(t.numElements());
  for (int64_t i = 0; i < t.numElements(); ++i)
    out[i] = loadAsDouble(t.dtype(), t.data(), i);
  return out;
}

/// Evaluates `fn` on the float64 reference with arguments looked up by
/// name, and returns its results by name.
std::map<std::string, std::vector<double>>
evaluateByName(mlir::func::FuncOp fn,
               const std::map<std::string, Tensor> &named) {
  std::map<std::string, std::vector<double>> out;
  absl::StatusOr<Signature> signature = tg::signatureOf(fn);
  EXPECT_TRUE(signature.ok()) << signature.status();
  if (!signature.ok())
    return out;
  std::vector<Tensor> args;
  for (const ArgumentSpec &arg : signature->arguments) {
    auto it = named.find(arg.tensor.name);
    EXPECT_NE(it, named.end()) << "no value for '" << arg.tensor.name << "'";
    if (it == named.end())
      return out;
    args.push_back(it->second);
  }
  auto results = reference::evaluateInFloat64(fn, args);
  EXPECT_TRUE(results.ok()) << results.status();
  if (!results.ok())
    return out;
  for (auto [spec, value] : llvm::zip_equal(signature->results, *results)) {
    std::vector<double> v(value.size());
    for (int64_t i = 0; i < value.size(); ++i)
      v[i] = value.asDouble(i);
    out[spec.name] = v;
  }
  return out;
}

double relativeError(const std::vector<double> &got,
                     const std::vector<double> &want) {
  EXPECT_EQ(got.size(), want.size());
  double diff = 0, norm = 0;
  for (size_t i = 0; i < want.size() && i < got.size(); ++i) {
    diff += (got[i] - want[i]) * (got[i] - want[i]);
    norm += want[i] * want[i];
  }
  return norm == 0 ? std::sqrt(diff) : std::sqrt(diff / norm);
}

const std::vector<std::string> kParams = {"l1.weight", "l1.bias", "l2.weight",
                                          "l2.bias"};

/// mse(tanh(x·W1 + b1)·W2 + b2, y) in f64, with the prediction as a second
/// result that @train_step must drop.
mlir::OwningOpRef<mlir::ModuleOp> buildMlp(mlir::MLIRContext *context) {
  GraphBuilder b(context);
  Value x = b.input("x", {5, 3}, b.f64());
  Value w1 = b.param("l1.weight", {3, 4}, b.f64());
  Value b1 = b.param("l1.bias", {4}, b.f64());
  Value w2 = b.param("l2.weight", {4, 2}, b.f64());
  Value b2 = b.param("l2.bias", {2}, b.f64());
  Value y = b.input("y", {5, 2}, b.f64());
  Value h = b.tanh(b.add(b.matmul(x, w1), b1));
  Value pred = b.add(b.matmul(h, w2), b2);
  b.output("loss", b.mse(pred, y));
  b.output("pred", pred);
  auto module = b.finish();
  EXPECT_TRUE(module.ok()) << module.status();
  return module.ok() ? std::move(*module) : nullptr;
}

/// Seeded random params and inputs of the MLP, by name.
std::map<std::string, Tensor> mlpArguments(std::mt19937_64 &rng) {
  return {
      {"x", randomF64({5, 3}, rng)},         {"y", randomF64({5, 2}, rng)},
      {"l1.weight", randomF64({3, 4}, rng)}, {"l1.bias", randomF64({4}, rng)},
      {"l2.weight", randomF64({4, 2}, rng)}, {"l2.bias", randomF64({2}, rng)}};
}

/// Runs @train_step once on `args` (params, inputs and state by name) and
/// checks each result against `expected` (by result name), and the loss
/// against @main's.
void expectStep(mlir::ModuleOp module,
                const std::map<std::string, Tensor> &args,
                const std::map<std::string, std::vector<double>> &expected) {
  auto lookup = [&](llvm::StringRef name) {
    return module.lookupSymbol<mlir::func::FuncOp>(name);
  };
  ASSERT_TRUE(lookup("train_step"));
  auto forward = evaluateByName(lookup("main"), args);
  auto step = evaluateByName(lookup("train_step"), args);
  // One result per expected value, plus the loss.
  EXPECT_EQ(step.size(), expected.size() + 1);
  ASSERT_TRUE(step.count("loss"));
  EXPECT_LE(relativeError(step["loss"], forward["loss"]), kTolerance);
  for (const auto &[name, want] : expected) {
    ASSERT_TRUE(step.count(name)) << "no result '" << name << "'";
    EXPECT_LE(relativeError(step[name], want), kTolerance) << name;
    // The update moved the value: a test that passes for a no-op is none.
    if (name.rfind("new.", 0) == 0 && args.count(name.substr(4))) {
      EXPECT_GT(relativeError(step[name], values(args.at(name.substr(4)))),
                1e-6)
          << name << " did not change";
    }
  }
}

/// The gradients of the MLP's loss at `args`, by param name, from @main_grad.
std::map<std::string, std::vector<double>>
gradients(mlir::ModuleOp module, const std::map<std::string, Tensor> &args) {
  auto results = evaluateByName(
      module.lookupSymbol<mlir::func::FuncOp>("main_grad"), args);
  std::map<std::string, std::vector<double>> grads;
  for (const std::string &p : kParams) {
    EXPECT_TRUE(results.count("grad." + p));
    grads[p] = results["grad." + p];
  }
  return grads;
}

TEST(TrainStep, Sgd) {
  mlir::MLIRContext context;
  auto module = buildMlp(&context);
  ASSERT_TRUE(module);
  Optimizer opt;
  opt.lr = 0.3;
  ASSERT_TRUE(makeTrainStep(*module, opt));
  std::mt19937_64 rng(11);
  std::map<std::string, Tensor> args = mlpArguments(rng);
  auto grads = gradients(*module, args);
  std::map<std::string, std::vector<double>> expected;
  for (const std::string &p : kParams) {
    std::vector<double> w = values(args[p]);
    for (size_t i = 0; i < w.size(); ++i)
      w[i] -= opt.lr * grads[p][i];
    expected["new." + p] = w;
  }
  expectStep(*module, args, expected);
}

TEST(TrainStep, SgdMomentumWeightDecay) {
  mlir::MLIRContext context;
  auto module = buildMlp(&context);
  ASSERT_TRUE(module);
  Optimizer opt;
  opt.lr = 0.05;
  opt.momentum = 0.9;
  opt.weightDecay = 0.01;
  ASSERT_TRUE(makeTrainStep(*module, opt));
  std::mt19937_64 rng(12);
  std::map<std::string, Tensor> args = mlpArguments(rng);
  for (const std::string &p : kParams)
    args["sgd.momentum." + p] = randomF64(args[p].shape(), rng, -0.5, 0.5);
  auto grads = gradients(*module, args);
  std::map<std::string, std::vector<double>> expected;
  for (const std::string &p : kParams) {
    std::vector<double> w = values(args[p]);
    std::vector<double> buf = values(args["sgd.momentum." + p]);
    for (size_t i = 0; i < w.size(); ++i) {
      double g = grads[p][i] + opt.weightDecay * w[i];
      buf[i] = opt.momentum * buf[i] + g;
      w[i] -= opt.lr * buf[i];
    }
    expected["new." + p] = w;
    expected["new.sgd.momentum." + p] = buf;
  }
  expectStep(*module, args, expected);
}

/// torch.optim.Adam's step from the state in `args` (step count `step`).
std::map<std::string, std::vector<double>>
adamExpected(const Optimizer &opt, std::map<std::string, Tensor> &args,
             const std::map<std::string, std::vector<double>> &grads,
             double step) {
  std::map<std::string, std::vector<double>> expected;
  double t = step + 1;
  double bc1 = 1 - std::pow(opt.beta1, t);
  double bc2 = 1 - std::pow(opt.beta2, t);
  for (const std::string &p : kParams) {
    std::vector<double> w = values(args[p]);
    std::vector<double> m = values(args["adam.m." + p]);
    std::vector<double> v = values(args["adam.v." + p]);
    for (size_t i = 0; i < w.size(); ++i) {
      double g = grads.at(p)[i] + opt.weightDecay * w[i];
      m[i] = opt.beta1 * m[i] + (1 - opt.beta1) * g;
      v[i] = opt.beta2 * v[i] + (1 - opt.beta2) * g * g;
      double denom = std::sqrt(v[i]) / std::sqrt(bc2) + opt.epsilon;
      w[i] -= opt.lr / bc1 * m[i] / denom;
    }
    expected["new." + p] = w;
    expected["new.adam.m." + p] = m;
    expected["new.adam.v." + p] = v;
  }
  expected["new.adam.step"] = {t};
  return expected;
}

TEST(TrainStep, AdamFromRandomState) {
  mlir::MLIRContext context;
  auto module = buildMlp(&context);
  ASSERT_TRUE(module);
  Optimizer opt;
  opt.name = "adam";
  opt.lr = 0.01;
  opt.beta1 = 0.8;
  opt.beta2 = 0.95;
  opt.epsilon = 1e-3;
  opt.weightDecay = 0.02;
  ASSERT_TRUE(makeTrainStep(*module, opt));
  std::mt19937_64 rng(13);
  std::map<std::string, Tensor> args = mlpArguments(rng);
  for (const std::string &p : kParams) {
    args["adam.m." + p] = randomF64(args[p].shape(), rng, -0.3, 0.3, 0.01);
    args["adam.v." + p] = randomF64(args[p].shape(), rng, 0.01, 0.2);
  }
  args["adam.step"] = scalarF32(3);
  auto grads = gradients(*module, args);
  expectStep(*module, args, adamExpected(opt, args, grads, 3));
}

TEST(TrainStep, AdamFirstStep) {
  // PyTorch's Adam starts from m = v = 0 and step 0: the first update is
  // lr * g / (|g| + eps) elementwise, whatever the gradient's scale.
  mlir::MLIRContext context;
  auto module = buildMlp(&context);
  ASSERT_TRUE(module);
  Optimizer opt;
  opt.name = "adam";
  opt.lr = 0.002;
  ASSERT_TRUE(makeTrainStep(*module, opt));
  std::mt19937_64 rng(14);
  std::map<std::string, Tensor> args = mlpArguments(rng);
  for (const std::string &p : kParams) {
    args["adam.m." + p] = Tensor::allocate(DType::F64, args[p].shape());
    args["adam.v." + p] = Tensor::allocate(DType::F64, args[p].shape());
  }
  args["adam.step"] = scalarF32(0);
  auto grads = gradients(*module, args);
  expectStep(*module, args, adamExpected(opt, args, grads, 0));
}

/// Runs `steps` train steps on y = x·A + c from seeded data and returns the
/// loss of each step (before its update).
std::vector<double> trainRegression(const Optimizer &opt, int steps) {
  mlir::MLIRContext context;
  GraphBuilder b(&context);
  Value x = b.input("x", {16, 3}, b.f64());
  Value y = b.input("y", {16, 1}, b.f64());
  Value w = b.param("w", {3, 1}, b.f64());
  Value c = b.param("c", {1}, b.f64());
  b.output("loss", b.mse(b.add(b.matmul(x, w), c), y));
  auto module = b.finish();
  EXPECT_TRUE(module.ok()) << module.status();
  if (!module.ok() || !makeTrainStep(**module, opt))
    return {};
  auto trainFn = (*module)->lookupSymbol<mlir::func::FuncOp>("train_step");
  absl::StatusOr<Signature> signature = tg::signatureOf(trainFn);
  EXPECT_TRUE(signature.ok()) << signature.status();
  if (!signature.ok())
    return {};

  std::mt19937_64 rng(21);
  std::map<std::string, Tensor> named = {{"x", randomF64({16, 3}, rng)},
                                         {"w", randomF64({3, 1}, rng)},
                                         {"c", randomF64({1}, rng)}};
  // The targets: a fixed linear map of x plus an offset.
  const double a[3] = {1.5, -2.0, 0.7}, offset = 0.4;
  Tensor target = Tensor::allocate(DType::F64, {16, 1});
  for (int i = 0; i < 16; ++i) {
    const double *row = named["x"].dataAs<double>() + 3 * i;
    target.dataAs<double>()[i] =
        a[0] * row[0] + a[1] * row[1] + a[2] * row[2] + offset;
  }
  named["y"] = target;
  std::vector<Tensor> args;
  for (const ArgumentSpec &arg : signature->arguments) {
    auto it = named.find(arg.tensor.name);
    args.push_back(it != named.end()
                       ? it->second
                       : Tensor::allocate(arg.tensor.dtype, arg.tensor.shape));
  }

  std::vector<double> losses;
  for (int s = 0; s < steps; ++s) {
    auto results = reference::evaluate(trainFn, args);
    EXPECT_TRUE(results.ok()) << results.status();
    if (!results.ok())
      return {};
    losses.push_back(
        loadAsDouble((*results)[0].dtype(), (*results)[0].data(), 0));
    // new.X is the next step's X.
    for (size_t r = 1; r < signature->results.size(); ++r)
      for (size_t k = 0; k < args.size(); ++k)
        if (signature->results[r].name ==
            "new." + signature->arguments[k].tensor.name)
          args[k] = (*results)[r];
  }
  return losses;
}

TEST(TrainStep, SgdLowersTheLoss) {
  Optimizer opt;
  opt.lr = 0.1;
  std::vector<double> losses = trainRegression(opt, 20);
  ASSERT_EQ(losses.size(), 20u);
  // A convex quadratic and a small step: every step lowers the loss.
  for (size_t i = 1; i < losses.size(); ++i)
    EXPECT_LT(losses[i], losses[i - 1]) << "step " << i;
  EXPECT_LT(losses.back(), 0.2 * losses.front());
}

TEST(TrainStep, AdamLowersTheLoss) {
  Optimizer opt;
  opt.name = "adam";
  opt.lr = 0.1;
  std::vector<double> losses = trainRegression(opt, 20);
  ASSERT_EQ(losses.size(), 20u);
  EXPECT_LT(losses.back(), 0.2 * losses.front());
}

TEST(TrainStep, SgdMomentumLowersTheLoss) {
  Optimizer opt;
  opt.lr = 0.05;
  opt.momentum = 0.5;
  std::vector<double> losses = trainRegression(opt, 20);
  ASSERT_EQ(losses.size(), 20u);
  EXPECT_LT(losses.back(), 0.2 * losses.front());
}

} // namespace
} // namespace tgc
