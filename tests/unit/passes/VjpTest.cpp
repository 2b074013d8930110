//===- VjpTest.cpp - every VJP rule against finite differences ------------===//
//
// For each op with a VJP rule: f(x...) = sum(op(x...) * w) with seeded
// random w (so the cotangent reaching the op is not all ones), f64
// arguments drawn from a seeded generator (away from kinks where the op has
// one). tg-autodiff builds f_grad; its gradients, evaluated on the float64
// reference backend, must match central finite differences to 1e-6
// relative (||analytic - numeric|| / ||numeric|| over each argument).
// Fused ops and tg.fused_elementwise bodies are checked the same way, and
// tg.lstm / tg.gru through the decomposition tg-autodiff differentiates.
// One whole-model case checks a transformer_lm parameter the same way, and
// one checks that f32 programs get the constants of their rules as exactly
// as the reference computes their forward.
//
//===----------------------------------------------------------------------===//

#include "backends/reference/ReferenceBackend.h"
#include "frontend/GraphBuilder.h"
#include "frontend/models/Models.h"
#include "ir/ProgramSignature.h"
#include "passes/Passes.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <random>

namespace tgc {
namespace {

using frontend::GraphBuilder;
using mlir::Value;

constexpr double kTolerance = 1e-6;

/// How a test argument's values are drawn.
struct Draw {
  Draw(double low = -1.5, double high = 1.5, double awayFromZero = 0.0,
       double quantum = 0.0)
      : low(low), high(high), awayFromZero(awayFromZero), quantum(quantum) {}
  double low, high;
  /// Keep |x| >= this (away from kinks at 0); 0 for no constraint.
  double awayFromZero;
  /// Round values to multiples of this (0: no rounding).
  double quantum;
};

struct Arg {
  Arg(std::vector<int64_t> shape, Draw draw = Draw())
      : shape(std::move(shape)), draw(draw) {}
  std::vector<int64_t> shape;
  Draw draw;
};

/// Builds op(x...) from the builder's arguments.
using OpFn = std::function<Value(GraphBuilder &, llvm::ArrayRef<Value>)>;

mlir::func::FuncOp lookup(mlir::ModuleOp module, llvm::StringRef name) {
  return mlir::SymbolTable::lookupNearestSymbolFrom<mlir::func::FuncOp>(
      module, mlir::StringAttr::get(module.getContext(), name));
}

Tensor f64Tensor(const std::vector<int64_t> &shape, const Draw &draw,
                 std::mt19937_64 &rng) {
  Tensor t = Tensor::allocate(DType::F64, shape);
  std::uniform_real_distribution<double> u(draw.low, draw.high);
  double *data = t.dataAs<double>();
  for (int64_t i = 0; i < t.numElements(); ++i) {
    double v = u(rng);
    while (draw.awayFromZero > 0 && std::abs(v) < draw.awayFromZero)
      v = u(rng);
    if (draw.quantum > 0)
      v = std::round(v / draw.quantum) * draw.quantum;
    data[i] = v;
  }
  return t;
}

double evaluateLoss(mlir::func::FuncOp fn, const std::vector<Tensor> &args) {
  auto out = reference::evaluateInFloat64(fn, args);
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? (*out)[0].floats[0] : NAN;
}

/// Compares f_grad's gradients for `checked` arguments (positions) with
/// central differences of f, element by element.
void expectGradientsMatch(mlir::ModuleOp module, std::vector<Tensor> args,
                          const std::vector<size_t> &checked,
                          size_t firstGradResult, double step = 1e-6) {
  mlir::func::FuncOp f = lookup(module, "main");
  mlir::func::FuncOp fGrad = lookup(module, "main_grad");
  ASSERT_TRUE(f && fGrad);
  auto out = reference::evaluateInFloat64(fGrad, args);
  ASSERT_TRUE(out.ok()) << out.status();
  for (auto [k, position] : llvm::enumerate(checked)) {
    const reference::RefValue &analytic = (*out)[firstGradResult + k];
    Tensor &x = args[position];
    ASSERT_EQ(analytic.size(), x.numElements());
    double *data = x.dataAs<double>();
    double diff = 0, norm = 0;
    int64_t n = x.numElements();
    for (int64_t i = 0; i < n; ++i) {
      double saved = data[i];
      double h = step * std::max(1.0, std::abs(saved));
      data[i] = saved + h;
      double up = evaluateLoss(f, args);
      data[i] = saved - h;
      double down = evaluateLoss(f, args);
      data[i] = saved;
      double numeric = (up - down) / (2 * h);
      diff += (analytic.floats[i] - numeric) * (analytic.floats[i] - numeric);
      norm += numeric * numeric;
    }
    double error = norm == 0 ? std::sqrt(diff) : std::sqrt(diff / norm);
    EXPECT_LE(error, kTolerance) << "argument " << position;
  }
}

bool runAutodiff(mlir::ModuleOp module, const std::string &options = "") {
  mlir::PassManager pm(module.getContext());
  AutodiffPassOptions opts;
  std::vector<std::string> names;
  if (!options.empty())
    names.push_back(options);
  opts.inputs = names;
  pm.addPass(createAutodiffPass(opts));
  return mlir::succeeded(pm.run(module));
}

/// f(x...) = sum(op(x...) * w), all x differentiated (as parameters).
void checkOp(const std::string &name, const std::vector<Arg> &argSpecs,
             const OpFn &op, double step = 1e-6) {
  uint64_t seed = 1;
  SCOPED_TRACE(name);
  mlir::MLIRContext context;
  GraphBuilder b(&context);
  std::vector<Value> xs;
  for (auto [i, spec] : llvm::enumerate(argSpecs))
    xs.push_back(b.param("x" + std::to_string(i), spec.shape, b.f64()));
  Value y = op(b, xs);
  ASSERT_TRUE(b.status().ok()) << b.status();
  std::vector<int64_t> yShape(b.shapeOf(y).begin(), b.shapeOf(y).end());
  Value w = b.input("w", yShape, b.f64());
  std::vector<int64_t> all;
  for (size_t d = 0; d < yShape.size(); ++d)
    all.push_back(d);
  Value prod = b.mul(y, w);
  Value loss = all.empty() ? prod : b.reduceSum(prod, all);
  b.output("loss", loss);
  auto module = b.finish();
  ASSERT_TRUE(module.ok()) << module.status();
  ASSERT_TRUE(runAutodiff(**module));

  std::mt19937_64 rng(seed);
  std::vector<Tensor> args;
  for (const Arg &spec : argSpecs)
    args.push_back(f64Tensor(spec.shape, spec.draw, rng));
  args.push_back(f64Tensor(yShape, Draw{-1.0, 1.0, 0.1}, rng));
  std::vector<size_t> checked;
  for (size_t i = 0; i < argSpecs.size(); ++i)
    checked.push_back(i);
  expectGradientsMatch(**module, std::move(args), checked, 1, step);
}

using Vs = llvm::ArrayRef<Value>;
const Draw kPositive{0.5, 2.0};
const Draw kAwayFromZero{-1.5, 1.5, 0.2};

TEST(Vjp, ElementwiseBinary) {
  std::vector<Arg> broadcast = {{{2, 3, 4}}, {{3, 1}}};
  checkOp("add", broadcast, [](GraphBuilder &b, Vs x) { return b.add(x[0], x[1]); });
  checkOp("sub", broadcast, [](GraphBuilder &b, Vs x) { return b.sub(x[0], x[1]); });
  checkOp("mul", broadcast, [](GraphBuilder &b, Vs x) { return b.mul(x[0], x[1]); });
  checkOp("div", {{{2, 3, 4}}, {{4}, kPositive}},
          [](GraphBuilder &b, Vs x) { return b.div(x[0], x[1]); });
  checkOp("max", {{{3, 4}}, {{1, 4}}},
          [](GraphBuilder &b, Vs x) { return b.max(x[0], x[1]); });
  checkOp("min", {{{3, 4}}, {{3, 4}}},
          [](GraphBuilder &b, Vs x) { return b.min(x[0], x[1]); });
  checkOp("pow", {{{3, 4}, kPositive}, {{4}}},
          [](GraphBuilder &b, Vs x) { return b.pow(x[0], x[1]); });
}

TEST(Vjp, ElementwiseUnary) {
  std::vector<Arg> one = {{{3, 5}}};
  checkOp("neg", one, [](GraphBuilder &b, Vs x) { return b.neg(x[0]); });
  checkOp("abs", {{{3, 5}, kAwayFromZero}},
          [](GraphBuilder &b, Vs x) { return b.abs(x[0]); });
  checkOp("exp", one, [](GraphBuilder &b, Vs x) { return b.exp(x[0]); });
  checkOp("log", {{{3, 5}, kPositive}},
          [](GraphBuilder &b, Vs x) { return b.log(x[0]); });
  checkOp("sqrt", {{{3, 5}, kPositive}},
          [](GraphBuilder &b, Vs x) { return b.sqrt(x[0]); });
  checkOp("rsqrt", {{{3, 5}, kPositive}},
          [](GraphBuilder &b, Vs x) { return b.rsqrt(x[0]); });
  checkOp("tanh", one, [](GraphBuilder &b, Vs x) { return b.tanh(x[0]); });
  checkOp("sigmoid", one, [](GraphBuilder &b, Vs x) { return b.sigmoid(x[0]); });
  checkOp("relu", {{{3, 5}, kAwayFromZero}},
          [](GraphBuilder &b, Vs x) { return b.relu(x[0]); });
  checkOp("erf", one, [](GraphBuilder &b, Vs x) { return b.erf(x[0]); });
  checkOp("sin", one, [](GraphBuilder &b, Vs x) { return b.sin(x[0]); });
  checkOp("cos", one, [](GraphBuilder &b, Vs x) { return b.cos(x[0]); });
  checkOp("gelu_erf", one, [](GraphBuilder &b, Vs x) {
    return b.gelu(x[0], tg::GeluApproximation::Erf);
  });
  checkOp("gelu_tanh", one, [](GraphBuilder &b, Vs x) {
    return b.gelu(x[0], tg::GeluApproximation::Tanh);
  });
  // The cast to f32 rounds: inputs on a 2^-8 grid and a 2^-12 step keep
  // x +- h exact in f32, so the differences see the identity.
  checkOp(
      "cast_f64_f32", {{{3, 5}, Draw{-1.5, 1.5, 0.0, 1.0 / 256}}},
      [](GraphBuilder &b, Vs x) { return b.cast(b.cast(x[0], b.f32()), b.f64()); },
      1.0 / 4096);
  checkOp("select", {{{3, 4}}, {{4}}}, [](GraphBuilder &b, Vs x) {
    Value c = b.compare(tg::CompareDirection::GT, b.iota({3, 4}, 1, b.f64()),
                        b.iota({3, 4}, 0, b.f64()));
    return b.select(c, x[0], x[1]);
  });
  // stop_gradient: d/dx of x * stop_gradient(x) is stop_gradient(x) = x,
  // while the finite difference sees 2x; so check x + stop_gradient(0 * x)
  // which agrees with the differences.
  checkOp("stop_gradient", one, [](GraphBuilder &b, Vs x) {
    return b.add(x[0], b.stopGradient(b.mul(b.scalar(0.0, b.f64()), x[0])));
  });
}

TEST(Vjp, Matmul) {
  for (int ta = 0; ta < 2; ++ta)
    for (int tb = 0; tb < 2; ++tb) {
      std::vector<int64_t> a = ta ? std::vector<int64_t>{2, 1, 4, 3}
                                  : std::vector<int64_t>{2, 1, 3, 4};
      std::vector<int64_t> w = tb ? std::vector<int64_t>{3, 5, 4}
                                  : std::vector<int64_t>{3, 4, 5};
      checkOp("matmul ta=" + std::to_string(ta) + " tb=" + std::to_string(tb),
              {{a}, {w}}, [=](GraphBuilder &b, Vs x) {
                return b.matmul(x[0], x[1], ta, tb);
              });
    }
  checkOp("matmul rank-2 rhs", {{{2, 3, 4}}, {{4, 5}}},
          [](GraphBuilder &b, Vs x) { return b.matmul(x[0], x[1]); });
}

TEST(Vjp, Reductions) {
  std::vector<Arg> one = {{{2, 3, 4}}};
  checkOp("reduce_sum", one,
          [](GraphBuilder &b, Vs x) { return b.reduceSum(x[0], {0, 2}); });
  checkOp("reduce_sum keepdims", one,
          [](GraphBuilder &b, Vs x) { return b.reduceSum(x[0], {-1}, true); });
  checkOp("reduce_mean", one,
          [](GraphBuilder &b, Vs x) { return b.reduceMean(x[0], {1}); });
  checkOp("reduce_max", one,
          [](GraphBuilder &b, Vs x) { return b.reduceMax(x[0], {1, 2}); });
  checkOp("reduce_min", one,
          [](GraphBuilder &b, Vs x) { return b.reduceMin(x[0], {0}, true); });
}

TEST(Vjp, Normalization) {
  checkOp("softmax", {{{2, 3, 5}}},
          [](GraphBuilder &b, Vs x) { return b.softmax(x[0], 1); });
  checkOp("log_softmax", {{{2, 3, 5}}},
          [](GraphBuilder &b, Vs x) { return b.logSoftmax(x[0], -1); });
  checkOp("layer_norm", {{{2, 3, 4}}, {{4}}, {{4}}}, [](GraphBuilder &b, Vs x) {
    return b.layerNorm(x[0], x[1], x[2]);
  });
  checkOp("layer_norm axis 1 no affine", {{{2, 3, 4}}},
          [](GraphBuilder &b, Vs x) {
            return b.layerNorm(x[0], Value(), Value(), 1);
          });
}

TEST(Vjp, ShapeOps) {
  checkOp("reshape", {{{2, 6}}},
          [](GraphBuilder &b, Vs x) { return b.reshape(x[0], {3, 4}); });
  checkOp("transpose", {{{2, 3, 4}}},
          [](GraphBuilder &b, Vs x) { return b.transpose(x[0], {2, 0, 1}); });
  checkOp("concat", {{{2, 3}}, {{2, 2}}},
          [](GraphBuilder &b, Vs x) { return b.concat({x[0], x[1], x[0]}, 1); });
  checkOp("slice", {{{4, 9}}},
          [](GraphBuilder &b, Vs x) { return b.slice(x[0], {1, 2}, {3, 9}, {1, 3}); });
  checkOp("slice unit", {{{4, 5}}},
          [](GraphBuilder &b, Vs x) { return b.slice(x[0], {1, 0}, {3, 4}); });
  checkOp("broadcast_to", {{{3, 1}}},
          [](GraphBuilder &b, Vs x) { return b.broadcastTo(x[0], {2, 3, 4}); });
  checkOp("gather", {{{5, 3}}}, [](GraphBuilder &b, Vs x) {
    Value idx = b.constant(mlir::DenseElementsAttr::get(
        mlir::RankedTensorType::get({2, 3}, b.i64()),
        llvm::ArrayRef<int64_t>{4, 0, 4, 2, 1, 4}));
    return b.gather(x[0], idx, 0);
  });
  checkOp("gather axis 1", {{{2, 5, 3}}}, [](GraphBuilder &b, Vs x) {
    Value idx = b.constant(mlir::DenseElementsAttr::get(
        mlir::RankedTensorType::get({4}, b.i64()),
        llvm::ArrayRef<int64_t>{3, 3, 0, 1}));
    return b.gather(x[0], idx, 1);
  });
}

TEST(Vjp, RandomAndLosses) {
  checkOp("dropout", {{{4, 6}}},
          [](GraphBuilder &b, Vs x) { return b.dropout(x[0], 0.3, 11, true); });
  checkOp("mse", {{{3, 4}}, {{3, 4}}},
          [](GraphBuilder &b, Vs x) { return b.mse(x[0], x[1]); });
  for (std::optional<int64_t> ignore : {std::optional<int64_t>(),
                                        std::optional<int64_t>(2)})
    checkOp("cross_entropy", {{{2, 3, 5}}}, [=](GraphBuilder &b, Vs x) {
      Value labels = b.constant(mlir::DenseElementsAttr::get(
          mlir::RankedTensorType::get({2, 3}, b.i64()),
          llvm::ArrayRef<int64_t>{1, 2, 4, 0, 2, 3}));
      return b.crossEntropy(x[0], labels, ignore);
    });
}

/// A one-op function built from IR text, with f64 parameters x0.. .
void checkOpText(const std::string &name, const std::string &signature,
                 const std::string &body, const std::vector<Arg> &argSpecs,
                 std::vector<int64_t> resultShape, double step = 1e-6) {
  SCOPED_TRACE(name);
  mlir::MLIRContext context;
  context.loadDialect<tg::TgDialect, mlir::func::FuncDialect>();
  std::string axes;
  for (size_t d = 0; d < resultShape.size(); ++d)
    axes += (d ? ", " : "") + std::to_string(d);
  std::string shape;
  for (int64_t s : resultShape)
    shape += std::to_string(s) + "x";
  std::string yType = "tensor<" + shape + "f64>";
  std::string text =
      "func.func @main(" + signature + ", %w: " + yType +
      " {tg.input = \"w\"}) -> tensor<f64> attributes {tg.result_names = "
      "[\"loss\"]} {\n" +
      body + "\n  %p = tg.mul %y, %w : (" + yType + ", " + yType + ") -> " +
      yType + "\n  %l = tg.reduce_sum %p {axes = array<i64: " + axes +
      ">} : (" + yType + ") -> tensor<f64>\n  return %l : tensor<f64>\n}\n";
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text, &context);
  ASSERT_TRUE(module) << text;
  ASSERT_TRUE(runAutodiff(*module));
  std::mt19937_64 rng(3);
  std::vector<Tensor> args;
  for (const Arg &spec : argSpecs)
    args.push_back(f64Tensor(spec.shape, spec.draw, rng));
  args.push_back(f64Tensor(resultShape, Draw{-1.0, 1.0, 0.1}, rng));
  std::vector<size_t> checked;
  for (size_t i = 0; i < argSpecs.size(); ++i)
    checked.push_back(i);
  expectGradientsMatch(*module, std::move(args), checked, 1, step);
}

TEST(Vjp, FusedOps) {
  checkOpText(
      "attention causal",
      "%q: tensor<2x3x4xf64> {tg.param = \"q\"}, %k: tensor<2x3x4xf64> "
      "{tg.param = \"k\"}, %v: tensor<2x3x2xf64> {tg.param = \"v\"}",
      "  %y = tg.attention %q, %k, %v {causal = true, scale = 0.5 : f64} : "
      "(tensor<2x3x4xf64>, tensor<2x3x4xf64>, tensor<2x3x2xf64>) -> "
      "tensor<2x3x2xf64>",
      {{{2, 3, 4}}, {{2, 3, 4}}, {{2, 3, 2}}}, {2, 3, 2});
  checkOpText(
      "attention float mask",
      "%q: tensor<2x3x4xf64> {tg.param = \"q\"}, %k: tensor<2x5x4xf64> "
      "{tg.param = \"k\"}, %v: tensor<2x5x2xf64> {tg.param = \"v\"}, %m: "
      "tensor<1x5xf64> {tg.param = \"m\"}",
      "  %y = tg.attention %q, %k, %v mask %m {scale = 0.7 : f64} : "
      "(tensor<2x3x4xf64>, tensor<2x5x4xf64>, tensor<2x5x2xf64>, "
      "tensor<1x5xf64>) -> tensor<2x3x2xf64>",
      {{{2, 3, 4}}, {{2, 5, 4}}, {{2, 5, 2}}, {{1, 5}}}, {2, 3, 2});
  checkOpText(
      "add_layer_norm (result)",
      "%x: tensor<3x4xf64> {tg.param = \"x\"}, %r: tensor<3x4xf64> "
      "{tg.param = \"r\"}, %g: tensor<4xf64> {tg.param = \"g\"}, %b: "
      "tensor<4xf64> {tg.param = \"b\"}",
      "  %n, %s = tg.add_layer_norm %x, %r scale %g bias %b : "
      "(tensor<3x4xf64>, tensor<3x4xf64>, tensor<4xf64>, tensor<4xf64>) -> "
      "(tensor<3x4xf64>, tensor<3x4xf64>)\n"
      "  %y = tg.mul %n, %s : (tensor<3x4xf64>, tensor<3x4xf64>) -> "
      "tensor<3x4xf64>",
      {{{3, 4}}, {{3, 4}}, {{4}}, {{4}}}, {3, 4});
  for (const char *act : {"none", "relu", "gelu_erf", "gelu_tanh"})
    checkOpText(
        std::string("fused_matmul ") + act,
        "%a: tensor<3x4xf64> {tg.param = \"a\"}, %b: tensor<5x4xf64> "
        "{tg.param = \"b\"}, %c: tensor<5xf64> {tg.param = \"c\"}",
        std::string("  %y = tg.fused_matmul %a, %b bias %c activation(") +
            act +
            ") {transpose_b = true} : (tensor<3x4xf64>, tensor<5x4xf64>, "
            "tensor<5xf64>) -> tensor<3x5xf64>",
        {{{3, 4}, kAwayFromZero}, {{5, 4}, kAwayFromZero}, {{5}}}, {3, 5});
}

TEST(Vjp, Attention) {
  // An i1 keep-mask (true = attend), broadcast over the batch; every row
  // keeps at least one key.
  checkOpText(
      "attention i1 keep-mask",
      "%q: tensor<2x3x4xf64> {tg.param = \"q\"}, %k: tensor<2x5x4xf64> "
      "{tg.param = \"k\"}, %v: tensor<2x5x2xf64> {tg.param = \"v\"}",
      "  %m = tg.constant dense<[[true, false, true, true, false], [false, "
      "true, true, false, true], [true, false, false, false, false]]> : "
      "tensor<3x5xi1>\n"
      "  %y = tg.attention %q, %k, %v mask %m {scale = 0.6 : f64} : "
      "(tensor<2x3x4xf64>, tensor<2x5x4xf64>, tensor<2x5x2xf64>, "
      "tensor<3x5xi1>) -> tensor<2x3x2xf64>",
      {{{2, 3, 4}}, {{2, 5, 4}}, {{2, 5, 2}}}, {2, 3, 2});
  // Heads, causal and an additive per-batch padding mask [B, 1, 1, Lk]
  // (its gradient is checked too), a scale no float holds exactly.
  checkOpText(
      "attention causal + float mask, 4-D",
      "%q: tensor<2x2x4x3xf64> {tg.param = \"q\"}, %k: tensor<2x2x4x3xf64> "
      "{tg.param = \"k\"}, %v: tensor<2x2x4x5xf64> {tg.param = \"v\"}, %m: "
      "tensor<2x1x1x4xf64> {tg.param = \"m\"}",
      "  %y = tg.attention %q, %k, %v mask %m {causal = true, scale = "
      "0.57735026918962573 : f64} : (tensor<2x2x4x3xf64>, tensor<2x2x4x3xf64>, "
      "tensor<2x2x4x5xf64>, tensor<2x1x1x4xf64>) -> tensor<2x2x4x5xf64>",
      {{{2, 2, 4, 3}}, {{2, 2, 4, 3}}, {{2, 2, 4, 5}}, {{2, 1, 1, 4}}},
      {2, 2, 4, 5});
  // Causal, rank 2 (no batch), more keys than queries: row i attends to
  // keys 0..i.
  checkOpText(
      "attention causal, rank 2, Lq < Lk",
      "%q: tensor<3x2xf64> {tg.param = \"q\"}, %k: tensor<5x2xf64> "
      "{tg.param = \"k\"}, %v: tensor<5x3xf64> {tg.param = \"v\"}",
      "  %y = tg.attention %q, %k, %v {causal = true, scale = 1.1 : f64} : "
      "(tensor<3x2xf64>, tensor<5x2xf64>, tensor<5x3xf64>) -> "
      "tensor<3x3xf64>",
      {{{3, 2}}, {{5, 2}}, {{5, 3}}}, {3, 3});
}

TEST(Vjp, AddLayerNorm) {
  // Both results read, with and without scale and bias, and over two axes.
  const std::string sig2 =
      "%x: tensor<3x4xf64> {tg.param = \"x\"}, %r: tensor<3x4xf64> "
      "{tg.param = \"r\"}";
  const std::string use =
      "\n  %y = tg.mul %n, %s : (tensor<3x4xf64>, tensor<3x4xf64>) -> "
      "tensor<3x4xf64>";
  checkOpText("add_layer_norm no scale, no bias", sig2,
              "  %n, %s = tg.add_layer_norm %x, %r : (tensor<3x4xf64>, "
              "tensor<3x4xf64>) -> (tensor<3x4xf64>, tensor<3x4xf64>)" + use,
              {{{3, 4}}, {{3, 4}}}, {3, 4});
  checkOpText("add_layer_norm scale only",
              sig2 + ", %g: tensor<4xf64> {tg.param = \"g\"}",
              "  %n, %s = tg.add_layer_norm %x, %r scale %g : (tensor<3x4xf64>, "
              "tensor<3x4xf64>, tensor<4xf64>) -> (tensor<3x4xf64>, "
              "tensor<3x4xf64>)" + use,
              {{{3, 4}}, {{3, 4}}, {{4}}}, {3, 4});
  checkOpText("add_layer_norm bias only",
              sig2 + ", %b: tensor<4xf64> {tg.param = \"b\"}",
              "  %n, %s = tg.add_layer_norm %x, %r bias %b : (tensor<3x4xf64>, "
              "tensor<3x4xf64>, tensor<4xf64>) -> (tensor<3x4xf64>, "
              "tensor<3x4xf64>)" + use,
              {{{3, 4}}, {{3, 4}}, {{4}}}, {3, 4});
  checkOpText(
      "add_layer_norm axis 1, result only",
      "%x: tensor<2x3x4xf64> {tg.param = \"x\"}, %r: tensor<2x3x4xf64> "
      "{tg.param = \"r\"}, %g: tensor<3x4xf64> {tg.param = \"g\"}, %b: "
      "tensor<3x4xf64> {tg.param = \"b\"}",
      "  %y, %s = tg.add_layer_norm %x, %r scale %g bias %b {axis = 1 : i64, "
      "epsilon = 0.1 : f64} : (tensor<2x3x4xf64>, tensor<2x3x4xf64>, "
      "tensor<3x4xf64>, tensor<3x4xf64>) -> (tensor<2x3x4xf64>, "
      "tensor<2x3x4xf64>)",
      {{{2, 3, 4}}, {{2, 3, 4}}, {{3, 4}}, {{3, 4}}}, {2, 3, 4});
}

TEST(Vjp, FusedMatmul) {
  // Every activation without a bias, transpose_a, a batched lhs against a
  // shared rhs, and a [1, N] bias broadcast over rows and batch.
  for (const char *act : {"none", "relu", "gelu_erf", "gelu_tanh"})
    checkOpText(
        std::string("fused_matmul batched, transpose_a, no bias ") + act,
        "%a: tensor<2x4x3xf64> {tg.param = \"a\"}, %b: tensor<4x5xf64> "
        "{tg.param = \"b\"}",
        std::string("  %y = tg.fused_matmul %a, %b activation(") + act +
            ") {transpose_a = true} : (tensor<2x4x3xf64>, tensor<4x5xf64>) -> "
            "tensor<2x3x5xf64>",
        {{{2, 4, 3}, kAwayFromZero}, {{4, 5}, kAwayFromZero}}, {2, 3, 5});
  for (const char *act : {"relu", "gelu_erf", "gelu_tanh"})
    checkOpText(
        std::string("fused_matmul batched, row bias ") + act,
        "%a: tensor<2x3x4xf64> {tg.param = \"a\"}, %b: tensor<2x4x5xf64> "
        "{tg.param = \"b\"}, %c: tensor<1x5xf64> {tg.param = \"c\"}",
        std::string("  %y = tg.fused_matmul %a, %b bias %c activation(") + act +
            ") : (tensor<2x3x4xf64>, tensor<2x4x5xf64>, tensor<1x5xf64>) -> "
            "tensor<2x3x5xf64>",
        {{{2, 3, 4}, kAwayFromZero}, {{2, 4, 5}, kAwayFromZero}, {{1, 5}}},
        {2, 3, 5});
}

TEST(Vjp, FusedElementwise) {
  // select(x > y, x * y, tanh(x) - y) with y broadcast along the rows: the
  // compare carries no gradient, the select routes it.
  checkOpText(
      "fused_elementwise select/compare",
      "%a: tensor<3x4xf64> {tg.param = \"a\"}, %b: tensor<4xf64> {tg.param "
      "= \"b\"}",
      "  %y = tg.fused_elementwise %a, %b : (tensor<3x4xf64>, tensor<4xf64>) "
      "-> tensor<3x4xf64> {\n"
      "  ^bb0(%x: tensor<f64>, %z: tensor<f64>):\n"
      "    %c = tg.compare gt, %x, %z : (tensor<f64>, tensor<f64>) -> "
      "tensor<i1>\n"
      "    %p = tg.mul %x, %z : (tensor<f64>, tensor<f64>) -> tensor<f64>\n"
      "    %t = tg.tanh %x : tensor<f64>\n"
      "    %d = tg.sub %t, %z : (tensor<f64>, tensor<f64>) -> tensor<f64>\n"
      "    %s = tg.select %c, %p, %d : (tensor<i1>, tensor<f64>, tensor<f64>) "
      "-> tensor<f64>\n"
      "    tg.yield %s : tensor<f64>\n"
      "  }",
      {{{3, 4}, Draw{-1.5, 1.5, 0.0, 0.0}}, {{4}}}, {3, 4});
  // An operand used twice (x, x), a body constant, an i1 operand (no
  // gradient), gelu, pow, max and div, and a [3, 1] operand broadcast
  // along the columns.
  checkOpText(
      "fused_elementwise DAG, i1 operand, broadcast column",
      "%a: tensor<3x4xf64> {tg.param = \"a\"}, %b: tensor<3x1xf64> "
      "{tg.param = \"b\"}",
      "  %m = tg.constant dense<[[true, false, true, false], [false, false, "
      "true, true], [true, true, false, true]]> : tensor<3x4xi1>\n"
      "  %y = tg.fused_elementwise %a, %b, %a, %m : (tensor<3x4xf64>, "
      "tensor<3x1xf64>, tensor<3x4xf64>, tensor<3x4xi1>) -> tensor<3x4xf64> {\n"
      "  ^bb0(%x: tensor<f64>, %z: tensor<f64>, %x2: tensor<f64>, %k: "
      "tensor<i1>):\n"
      "    %two = tg.constant dense<2.0> : tensor<f64>\n"
      "    %g = tg.gelu %x approximate(erf) : tensor<f64>\n"
      "    %e = tg.exp %z : tensor<f64>\n"
      "    %pw = tg.pow %e, %x2 : (tensor<f64>, tensor<f64>) -> tensor<f64>\n"
      "    %h = tg.max %g, %pw : (tensor<f64>, tensor<f64>) -> tensor<f64>\n"
      "    %q = tg.div %h, %two : (tensor<f64>, tensor<f64>) -> tensor<f64>\n"
      "    %n = tg.neg %x2 : tensor<f64>\n"
      "    %s = tg.select %k, %q, %n : (tensor<i1>, tensor<f64>, tensor<f64>) "
      "-> tensor<f64>\n"
      "    tg.yield %s : tensor<f64>\n"
      "  }",
      {{{3, 4}}, {{3, 1}}}, {3, 4});
  // A cast in the body: f64 -> f32 -> f64 rounds, so the inputs lie on a
  // grid f32 holds and the step keeps x +- h on it (as cast_f64_f32 above).
  checkOpText(
      "fused_elementwise cast",
      "%a: tensor<2x3xf64> {tg.param = \"a\"}",
      "  %y = tg.fused_elementwise %a : (tensor<2x3xf64>) -> tensor<2x3xf64> {\n"
      "  ^bb0(%x: tensor<f64>):\n"
      "    %f = tg.cast %x : (tensor<f64>) -> tensor<f32>\n"
      "    %s = tg.sigmoid %f : tensor<f32>\n"
      "    %d = tg.cast %s : (tensor<f32>) -> tensor<f64>\n"
      "    %r = tg.mul %d, %x : (tensor<f64>, tensor<f64>) -> tensor<f64>\n"
      "    tg.yield %r : tensor<f64>\n"
      "  }",
      {{{2, 3}, Draw{-1.5, 1.5, 0.0, 1.0 / 256}}}, {2, 3}, 1.0 / 4096);
}

TEST(Vjp, Recurrent) {
  // tg.lstm, one bidirectional layer with initial states as parameters;
  // output, h_n and c_n all reach the loss (h_n, c_n [2, B, H] moved to
  // [B, 1, 2H] and joined to output [B, T, 2H] along time).
  const std::string lstmSig =
      "%x: tensor<2x3x4xf64> {tg.param = \"x\"}, "
      "%wi: tensor<12x4xf64> {tg.param = \"wi\"}, %wh: tensor<12x3xf64> "
      "{tg.param = \"wh\"}, %bi: tensor<12xf64> {tg.param = \"bi\"}, %bh: "
      "tensor<12xf64> {tg.param = \"bh\"}, "
      "%wir: tensor<12x4xf64> {tg.param = \"wir\"}, %whr: tensor<12x3xf64> "
      "{tg.param = \"whr\"}, %bir: tensor<12xf64> {tg.param = \"bir\"}, "
      "%bhr: tensor<12xf64> {tg.param = \"bhr\"}, "
      "%h0: tensor<2x2x3xf64> {tg.param = \"h0\"}, %c0: tensor<2x2x3xf64> "
      "{tg.param = \"c0\"}";
  checkOpText(
      "lstm bidirectional, initial state", lstmSig,
      "  %o, %h, %c = tg.lstm %x weights(%wi, %wh, %bi, %bh, %wir, %whr, "
      "%bir, %bhr) h0(%h0) c0(%c0) {bidirectional = true, hidden_size = 3 : "
      "i64} : (tensor<2x3x4xf64>, tensor<12x4xf64>, tensor<12x3xf64>, "
      "tensor<12xf64>, tensor<12xf64>, tensor<12x4xf64>, tensor<12x3xf64>, "
      "tensor<12xf64>, tensor<12xf64>, tensor<2x2x3xf64>, tensor<2x2x3xf64>) "
      "-> (tensor<2x3x6xf64>, tensor<2x2x3xf64>, tensor<2x2x3xf64>)\n"
      "  %ht = tg.transpose %h {permutation = array<i64: 1, 0, 2>} : "
      "(tensor<2x2x3xf64>) -> tensor<2x2x3xf64>\n"
      "  %hr = tg.reshape %ht : (tensor<2x2x3xf64>) -> tensor<2x1x6xf64>\n"
      "  %ct = tg.transpose %c {permutation = array<i64: 1, 0, 2>} : "
      "(tensor<2x2x3xf64>) -> tensor<2x2x3xf64>\n"
      "  %cr = tg.reshape %ct : (tensor<2x2x3xf64>) -> tensor<2x1x6xf64>\n"
      "  %y = tg.concat %o, %hr, %cr {axis = 1 : i64} : (tensor<2x3x6xf64>, "
      "tensor<2x1x6xf64>, tensor<2x1x6xf64>) -> tensor<2x5x6xf64>",
      {{{2, 3, 4}}, {{12, 4}}, {{12, 3}}, {{12}}, {{12}}, {{12, 4}},
       {{12, 3}}, {{12}}, {{12}}, {{2, 2, 3}}, {{2, 2, 3}}},
      {2, 5, 6});
  // tg.gru, two stacked layers, no initial state; output and h_n.
  checkOpText(
      "gru two layers",
      "%x: tensor<2x3x4xf64> {tg.param = \"x\"}, "
      "%wi0: tensor<9x4xf64> {tg.param = \"wi0\"}, %wh0: tensor<9x3xf64> "
      "{tg.param = \"wh0\"}, %bi0: tensor<9xf64> {tg.param = \"bi0\"}, "
      "%bh0: tensor<9xf64> {tg.param = \"bh0\"}, "
      "%wi1: tensor<9x3xf64> {tg.param = \"wi1\"}, %wh1: tensor<9x3xf64> "
      "{tg.param = \"wh1\"}, %bi1: tensor<9xf64> {tg.param = \"bi1\"}, "
      "%bh1: tensor<9xf64> {tg.param = \"bh1\"}",
      "  %o, %h = tg.gru %x weights(%wi0, %wh0, %bi0, %bh0, %wi1, %wh1, %bi1, "
      "%bh1) {hidden_size = 3 : i64, num_layers = 2 : i64} : "
      "(tensor<2x3x4xf64>, tensor<9x4xf64>, tensor<9x3xf64>, tensor<9xf64>, "
      "tensor<9xf64>, tensor<9x3xf64>, tensor<9x3xf64>, tensor<9xf64>, "
      "tensor<9xf64>) -> (tensor<2x3x3xf64>, tensor<2x2x3xf64>)\n"
      "  %ht = tg.transpose %h {permutation = array<i64: 1, 0, 2>} : "
      "(tensor<2x2x3xf64>) -> tensor<2x2x3xf64>\n"
      "  %y = tg.concat %o, %ht {axis = 1 : i64} : (tensor<2x3x3xf64>, "
      "tensor<2x2x3xf64>) -> tensor<2x5x3xf64>",
      {{{2, 3, 4}}, {{9, 4}}, {{9, 3}}, {{9}}, {{9}}, {{9, 3}}, {{9, 3}},
       {{9}}, {{9}}},
      {2, 5, 3});
}

/// The gradients of a one-op f32 program and of the same program in f64,
/// on the reference backend with the same (f32-exact) argument values. The
/// reference computes both in double, so they agree to rounding only if
/// the f32 rule's constants (1/sqrt(2 pi), epsilon = 1e-5, a scale of
/// 1/sqrt(3)) are as exact as the forward's double attributes.
void checkF32ConstantsExact(const std::string &name, const std::string &signature,
                            const std::string &body,
                            const std::vector<std::vector<int64_t>> &shapes,
                            const std::vector<int64_t> &resultShape) {
  SCOPED_TRACE(name);
  std::mt19937_64 rng(21);
  std::vector<std::vector<double>> values;
  std::vector<std::vector<int64_t>> all = shapes;
  all.push_back(resultShape);
  for (const std::vector<int64_t> &shape : all) {
    Tensor t = f64Tensor(shape, Draw(), rng);
    std::vector<double> v(t.dataAs<double>(), t.dataAs<double>() + t.numElements());
    for (double &x : v)
      x = double(float(x));
    values.push_back(std::move(v));
  }
  std::vector<std::vector<reference::RefValue>> results;
  mlir::MLIRContext context; // outlives the results, which hold its types
  context.loadDialect<tg::TgDialect, mlir::func::FuncDialect>();
  for (const char *element : {"f32", "f64"}) {
    auto typed = [&](std::string text) {
      for (size_t at = text.find("$T"); at != std::string::npos;
           at = text.find("$T"))
        text.replace(at, 2, element);
      return text;
    };
    std::string axes, shape;
    for (size_t d = 0; d < resultShape.size(); ++d) {
      axes += (d ? ", " : "") + std::to_string(d);
      shape += std::to_string(resultShape[d]) + "x";
    }
    std::string yType = "tensor<" + shape + "$T>";
    std::string text = typed(
        "func.func @main(" + signature + ", %w: " + yType +
        " {tg.input = \"w\"}) -> tensor<$T> attributes {tg.result_names = "
        "[\"loss\"]} {\n" + body + "\n  %p = tg.mul %y, %w : (" + yType +
        ", " + yType + ") -> " + yType + "\n  %l = tg.reduce_sum %p {axes = "
        "array<i64: " + axes + ">} : (" + yType + ") -> tensor<$T>\n  return "
        "%l : tensor<$T>\n}\n");
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceString<mlir::ModuleOp>(text, &context);
    ASSERT_TRUE(module) << text;
    ASSERT_TRUE(runAutodiff(*module));
    std::vector<Tensor> args;
    for (auto [shape, v] : llvm::zip_equal(all, values)) {
      bool f32 = std::string(element) == "f32";
      Tensor t = Tensor::allocate(f32 ? DType::F32 : DType::F64, shape);
      for (size_t i = 0; i < v.size(); ++i) {
        if (f32)
          t.dataAs<float>()[i] = float(v[i]);
        else
          t.dataAs<double>()[i] = v[i];
      }
      args.push_back(std::move(t));
    }
    auto out = reference::evaluateInFloat64(lookup(*module, "main_grad"), args);
    ASSERT_TRUE(out.ok()) << out.status();
    results.push_back(*out);
  }
  ASSERT_EQ(results[0].size(), results[1].size());
  for (size_t i = 0; i < results[0].size(); ++i)
    EXPECT_LE(reference::relativeError(results[0][i], results[1][i]), 1e-14)
        << "result " << i;
}

TEST(Vjp, ConstantsExactInF32) {
  for (const char *form : {"erf", "tanh"})
    checkF32ConstantsExact(std::string("gelu ") + form, "%x: tensor<3x5x$T> {tg.param = \"x\"}",
                           std::string("  %y = tg.gelu %x approximate(") + form +
                               ") : tensor<3x5x$T>",
                           {{3, 5}}, {3, 5});
  checkF32ConstantsExact("erf", "%x: tensor<3x5x$T> {tg.param = \"x\"}",
                         "  %y = tg.erf %x : tensor<3x5x$T>", {{3, 5}}, {3, 5});
  checkF32ConstantsExact(
      "layer_norm epsilon 1e-5",
      "%x: tensor<3x4x$T> {tg.param = \"x\"}, %g: tensor<4x$T> {tg.param = "
      "\"g\"}",
      "  %y = tg.layer_norm %x scale %g {epsilon = 1.0e-05 : f64} : "
      "(tensor<3x4x$T>, tensor<4x$T>) -> tensor<3x4x$T>",
      {{3, 4}, {4}}, {3, 4});
  checkF32ConstantsExact(
      "add_layer_norm epsilon 1e-5",
      "%x: tensor<3x4x$T> {tg.param = \"x\"}, %r: tensor<3x4x$T> {tg.param "
      "= \"r\"}",
      "  %y, %s = tg.add_layer_norm %x, %r : (tensor<3x4x$T>, "
      "tensor<3x4x$T>) -> (tensor<3x4x$T>, tensor<3x4x$T>)",
      {{3, 4}, {3, 4}}, {3, 4});
  checkF32ConstantsExact(
      "attention scale 1/sqrt(3)",
      "%q: tensor<2x3x3x$T> {tg.param = \"q\"}, %k: tensor<2x4x3x$T> "
      "{tg.param = \"k\"}, %v: tensor<2x4x2x$T> {tg.param = \"v\"}",
      "  %y = tg.attention %q, %k, %v {scale = 0.57735026918962573 : f64} : "
      "(tensor<2x3x3x$T>, tensor<2x4x3x$T>, tensor<2x4x2x$T>) -> "
      "tensor<2x3x2x$T>",
      {{2, 3, 3}, {2, 4, 3}, {2, 4, 2}}, {2, 3, 2});
  for (const char *act : {"gelu_erf", "gelu_tanh"})
    checkF32ConstantsExact(
        std::string("fused_matmul ") + act,
        "%a: tensor<3x4x$T> {tg.param = \"a\"}, %b: tensor<4x5x$T> "
        "{tg.param = \"b\"}",
        std::string("  %y = tg.fused_matmul %a, %b activation(") + act +
            ") : (tensor<3x4x$T>, tensor<4x5x$T>) -> tensor<3x5x$T>",
        {{3, 4}, {4, 5}}, {3, 5});
}

TEST(Vjp, ChosenInputsAndNames) {
  mlir::MLIRContext context;
  GraphBuilder b(&context);
  Value w = b.param("w", {3}, b.f64());
  Value x = b.input("x", {3}, b.f64());
  b.output("loss", b.reduceSum(b.mul(b.mul(w, x), x), {0}));
  b.output("y", b.mul(w, x));
  auto module = b.finish();
  ASSERT_TRUE(module.ok());
  ASSERT_TRUE(runAutodiff(**module, "x"));
  mlir::func::FuncOp grad = lookup(**module, "main_grad");
  ASSERT_TRUE(grad);
  auto names = grad->getAttrOfType<mlir::ArrayAttr>("tg.result_names");
  ASSERT_EQ(names.size(), 4u);
  EXPECT_EQ(mlir::cast<mlir::StringAttr>(names[2]).getValue(), "grad.w");
  EXPECT_EQ(mlir::cast<mlir::StringAttr>(names[3]).getValue(), "grad_input.x");
  std::mt19937_64 rng(9);
  std::vector<Tensor> args = {f64Tensor({3}, {}, rng), f64Tensor({3}, {}, rng)};
  expectGradientsMatch(**module, std::move(args), {0, 1}, 2);
}

TEST(Vjp, TransformerLmParameter) {
  mlir::MLIRContext context;
  auto module = frontend::buildModel(
      &context, "transformer_lm",
      "vocab=11,d_model=8,heads=2,d_ff=12,layers=1,batch=2,seq_len=4,"
      "with_loss=true");
  ASSERT_TRUE(module.ok()) << module.status();
  ASSERT_TRUE(runAutodiff(**module));
  mlir::func::FuncOp f = lookup(**module, "main");
  absl::StatusOr<Signature> signature = tg::signatureOf(f);
  ASSERT_TRUE(signature.ok()) << signature.status();
  std::vector<Tensor> args;
  std::vector<size_t> params;
  for (auto [position, arg] : llvm::enumerate(signature->arguments)) {
    args.push_back(randomTensor(arg.tensor, 17, position, arg.indexBound));
    if (arg.kind == ArgumentKind::Param)
      params.push_back(position);
  }
  // Parameters are f32; the reference computes in float64 from them, so a
  // step of 2^-18 (exact in f32 for these magnitudes) keeps the central
  // difference's rounding and truncation errors far below the tolerance.
  mlir::func::FuncOp grad = lookup(**module, "main_grad");
  auto out = reference::evaluateInFloat64(grad, args);
  ASSERT_TRUE(out.ok()) << out.status();
  size_t firstGrad = f.getFunctionType().getNumResults();
  for (size_t k : {size_t(0), params.size() - 1, params.size() / 2}) {
    size_t position = params[k];
    SCOPED_TRACE(signature->arguments[position].tensor.name);
    const reference::RefValue &analytic = (*out)[firstGrad + k];
    float *data = args[position].dataAs<float>();
    double diff = 0, norm = 0;
    int64_t n = args[position].numElements();
    for (int64_t i = 0; i < n; i += std::max<int64_t>(1, n / 12)) {
      float saved = data[i];
      const float h = 1.0f / 262144;
      data[i] = saved + h;
      double up = evaluateLoss(f, args);
      data[i] = saved - h;
      double down = evaluateLoss(f, args);
      data[i] = saved;
      double step = (double(saved + h) - double(saved - h));
      double numeric = (up - down) / step;
      diff += (analytic.floats[i] - numeric) * (analytic.floats[i] - numeric);
      norm += numeric * numeric;
    }
    EXPECT_LE(std::sqrt(diff / norm), kTolerance);
  }
}

} // namespace
} // namespace tgc
