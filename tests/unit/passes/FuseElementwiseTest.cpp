//===- FuseElementwiseTest.cpp - tg-fuse-elementwise keeps every result ---===//
//
// Seeded random chains and DAGs of elementwise ops, built with GraphBuilder
// (broadcast operands, scalar and full-shape splat constants, compare +
// select, f16 round trips, intermediates also returned, reductions that
// break a chain), run on the float64 reference backend before and after
// tg-fuse-elementwise: every output must agree to 1e-12 relative, at least
// one tg.fused_elementwise must appear, and the grouping must be maximal
// (no elementwise op left whose only user it could have joined).
//
//===----------------------------------------------------------------------===//

#include "backends/reference/ReferenceBackend.h"
#include "frontend/GraphBuilder.h"
#include "ir/ProgramSignature.h"
#include "passes/Passes.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace tgc {
namespace {

using frontend::GraphBuilder;
using mlir::Value;

constexpr double kTolerance = 1e-12;

mlir::func::FuncOp mainOf(mlir::ModuleOp module) {
  return *module.getOps<mlir::func::FuncOp>().begin();
}


std::string print(mlir::Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  op->print(os);
  return text;
}

bool isElementwise(mlir::Operation *op) {
  return op->hasTrait<tg::OpTrait::ElementwiseOp>();
}

mlir::LogicalResult fuse(mlir::ModuleOp module) {
  mlir::PassManager pm(module.getContext());
  pm.addNestedPass<mlir::func::FuncOp>(createFuseElementwisePass());
  return pm.run(module);
}

/// No elementwise op is left outside a region whose users are all one op
/// of the same result shape that it could have been grouped with.
void expectMaximal(mlir::func::FuncOp fn) {
  for (mlir::Operation &op : fn.getBody().front()) {
    if (!isElementwise(&op) || op.getResult(0).use_empty())
      continue;
    mlir::Operation *user = *op.getUsers().begin();
    bool oneUser = llvm::all_of(op.getUsers(),
                                [&](mlir::Operation *u) { return u == user; });
    bool joinable = isElementwise(user) || mlir::isa<tg::FusedElementwiseOp>(user);
    auto shapeOf = [](mlir::Operation *o) {
      return mlir::cast<mlir::RankedTensorType>(o->getResult(0).getType()).getShape();
    };
    if (oneUser && joinable && shapeOf(user) == shapeOf(&op))
      ADD_FAILURE() << "left out of a chain it could join: " << print(&op);
  }
}

/// A random chain over x [r, c] with broadcast operands y [c], z [r, 1]
/// and constants. Ends in tanh(h * y), so at least one pair always fuses.
mlir::OwningOpRef<mlir::ModuleOp> buildChain(mlir::MLIRContext *context,
                                             std::mt19937 &rng) {
  auto pick = [&](int n) { return static_cast<int>(rng() % n); };
  GraphBuilder b(context);
  int64_t r = 1 + pick(4), c = 1 + pick(5);
  Value x = b.input("x", {r, c});
  Value y = b.input("y", {c});
  Value z = b.input("z", {r, 1});
  Value mask = b.input("mask", {r, c}, b.i1());
  std::vector<Value> small = {y, z, b.scalar(0.75), b.scalar(-1.5)};
  std::vector<Value> full = {x};
  Value h = pick(2) ? x : b.add(y, z);
  int length = 2 + pick(10);
  for (int step = 0; step < length; ++step) {
    switch (pick(9)) {
    case 0: { // a bounded unary op
      switch (pick(11)) {
      case 0: h = b.neg(h); break;
      case 1: h = b.abs(h); break;
      case 2: h = b.tanh(h); break;
      case 3: h = b.sigmoid(h); break;
      case 4: h = b.relu(h); break;
      case 5: h = b.sin(h); break;
      case 6: h = b.cos(h); break;
      case 7: h = b.erf(h); break;
      case 8: h = b.gelu(h, tg::GeluApproximation::Tanh); break;
      case 9: h = b.exp(b.tanh(h)); break;
      default: h = b.sqrt(b.abs(h)); break;
      }
      break;
    }
    case 1:
    case 2: { // with a broadcast operand (case 1) or an earlier value (DAG)
      Value other = pick(2) == 1 || full.empty()
                        ? small[pick(static_cast<int>(small.size()))]
                        : full[pick(static_cast<int>(full.size()))];
      bool swap = pick(2);
      Value a = swap ? other : h, o = swap ? h : other;
      switch (pick(7)) {
      case 0: h = b.add(a, o); break;
      case 1: h = b.sub(a, o); break;
      case 2: h = b.mul(a, o); break;
      case 3: h = b.max(a, o); break;
      case 4: h = b.min(a, o); break;
      case 5: h = b.div(h, b.add(b.abs(other), b.scalar(1.0))); break;
      default: h = b.pow(b.sigmoid(h), other); break;
      }
      break;
    }
    case 3: { // compare + select, with a broadcast branch
      Value other = small[pick(static_cast<int>(small.size()))];
      h = b.select(b.compare(tg::CompareDirection::LT, h, other), h, other);
      break;
    }
    case 4: // an input mask
      h = b.select(mask, h, b.neg(h));
      break;
    case 5: // rounding to f16 and back
      h = b.cast(b.cast(h, mlir::Float16Type::get(context)), b.f32());
      break;
    case 6: // an intermediate that is also a result
      b.output("leak" + std::to_string(step), h);
      break;
    case 7: // a reduction breaks the chain; its result broadcasts back
      h = b.add(h, b.reduceSum(h, {1}, /*keepdims=*/true));
      break;
    default: // a full-shape splat constant
      h = b.mul(h, b.constant(mlir::DenseElementsAttr::get(
                       mlir::RankedTensorType::get({r, c}, b.f32()),
                       llvm::ArrayRef<float>{0.5f})));
      break;
    }
    full.push_back(h);
  }
  b.output("out", b.tanh(b.mul(h, y)));
  absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> module = b.finish();
  EXPECT_TRUE(module.ok()) << module.status();
  return module.ok() ? std::move(*module) : nullptr;
}

std::vector<reference::RefValue> run(mlir::ModuleOp module,
                                     const std::vector<Tensor> &args) {
  absl::StatusOr<std::vector<reference::RefValue>> out =
      reference::evaluateInFloat64(mainOf(module), args);
  EXPECT_TRUE(out.ok()) << out.status();
  return out.ok() ? *out : std::vector<reference::RefValue>{};
}

TEST(FuseElementwise, RandomChainsKeepTheirResults) {
  std::mt19937 rng(20261122);
  int regions = 0, fusedOps = 0;
  for (int i = 0; i < 300; ++i) {
    SCOPED_TRACE("case " + std::to_string(i));
    mlir::MLIRContext context;
    mlir::OwningOpRef<mlir::ModuleOp> module = buildChain(&context, rng);
    ASSERT_TRUE(module);
    absl::StatusOr<Signature> signature = tg::signatureOf(mainOf(*module));
    ASSERT_TRUE(signature.ok()) << signature.status();
    std::vector<Tensor> args;
    for (auto [position, arg] : llvm::enumerate(signature->arguments))
      args.push_back(randomTensor(arg.tensor, /*seed=*/i, position, arg.indexBound));
    std::vector<reference::RefValue> before = run(*module, args);

    ASSERT_TRUE(mlir::succeeded(fuse(*module)));
    std::vector<reference::RefValue> after = run(*module, args);
    ASSERT_EQ(before.size(), after.size());
    for (size_t k = 0; k < before.size(); ++k)
      EXPECT_LE(reference::relativeError(after[k], before[k]), kTolerance)
          << "output " << signature->results[k].name;

    int here = 0;
    mainOf(*module).walk([&](tg::FusedElementwiseOp op) {
      ++here;
      int ops = 0;
      for (mlir::Operation &inner : op.getBody().front().without_terminator())
        ops += isElementwise(&inner);
      EXPECT_GE(ops, 2) << "a region with fewer than two ops: " << print(op);
      fusedOps += ops;
    });
    EXPECT_GE(here, 1) << "the final tanh(h * y) did not fuse";
    regions += here;
    expectMaximal(mainOf(*module));
  }
  // The corpus is rich enough to fuse long chains, not just the final pair.
  EXPECT_GT(fusedOps, 3 * regions);
}

/// LSTM cell math from GraphBuilder, as tg-decompose-rnn spells it.
TEST(FuseElementwise, LstmCell) {
  mlir::MLIRContext context;
  GraphBuilder b(&context);
  Value gates[4];
  for (int g = 0; g < 4; ++g)
    gates[g] = b.add(b.input("gate" + std::to_string(g), {3, 5}),
                     b.param("bias" + std::to_string(g), {5}));
  Value c = b.input("c", {3, 5});
  Value c1 = b.add(b.mul(b.sigmoid(gates[1]), c),
                   b.mul(b.sigmoid(gates[0]), b.tanh(gates[2])));
  Value h1 = b.mul(b.sigmoid(gates[3]), b.tanh(c1));
  b.output("h", h1);
  b.output("c", c1);
  absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> module = b.finish();
  ASSERT_TRUE(module.ok()) << module.status();
  absl::StatusOr<Signature> signature = tg::signatureOf(mainOf(**module));
  ASSERT_TRUE(signature.ok());
  std::vector<Tensor> args;
  for (auto [position, arg] : llvm::enumerate(signature->arguments))
    args.push_back(randomTensor(arg.tensor, 3, position, arg.indexBound));
  std::vector<reference::RefValue> before = run(**module, args);
  ASSERT_TRUE(mlir::succeeded(fuse(**module)));
  std::vector<reference::RefValue> after = run(**module, args);
  ASSERT_EQ(after.size(), 2u);
  for (size_t k = 0; k < 2; ++k)
    EXPECT_LE(reference::relativeError(after[k], before[k]), kTolerance);
  // c' is returned, so it ends one region; h' = o * tanh(c') is the other.
  int regions = 0, topLevel = 0;
  for (mlir::Operation &op : mainOf(**module).getBody().front()) {
    regions += mlir::isa<tg::FusedElementwiseOp>(op);
    topLevel += isElementwise(&op);
  }
  EXPECT_EQ(regions, 2);
  EXPECT_EQ(topLevel, 0);
}

/// An evaluation error inside a region names the fused op and the element.
// The pass fuses float chains only, but the op allows integer bodies
// (hand-written IR); an evaluation error inside one names the element.
TEST(FuseElementwise, ErrorInsideRegionNamesTheElement) {
  mlir::MLIRContext context;
  context.loadDialect<tg::TgDialect, mlir::func::FuncDialect>();
  mlir::OwningOpRef<mlir::ModuleOp> module = mlir::parseSourceString<mlir::ModuleOp>(R"mlir(
    func.func @main(%a: tensor<4xi32> {tg.input = "a"}, %d: tensor<4xi32> {tg.input = "d"}) -> tensor<4xi32> {
      %q = tg.fused_elementwise %a, %d : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32> {
      ^bb0(%x: tensor<i32>, %y: tensor<i32>):
        %s = tg.add %x, %x : (tensor<i32>, tensor<i32>) -> tensor<i32>
        %r = tg.div %s, %y : (tensor<i32>, tensor<i32>) -> tensor<i32>
        tg.yield %r : tensor<i32>
      }
      return %q : tensor<4xi32>
    })mlir",
                                                                                        &context);
  ASSERT_TRUE(module);
  Tensor ta = Tensor::allocate(DType::I32, {4}), td = Tensor::allocate(DType::I32, {4});
  for (int k = 0; k < 4; ++k) {
    ta.dataAs<int32_t>()[k] = k + 1;
    td.dataAs<int32_t>()[k] = k == 2 ? 0 : 1;
  }
  absl::StatusOr<std::vector<reference::RefValue>> out =
      reference::evaluateInFloat64(mainOf(*module), {ta, td});
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("'tg.fused_elementwise' op at element 2"),
            std::string::npos)
      << out.status();
  EXPECT_NE(out.status().message().find("division by zero"), std::string::npos)
      << out.status();
}

// Integer arithmetic stays as single ops: every backend runs those exactly.
TEST(FuseElementwise, IntegerChainsAreNotFused) {
  mlir::MLIRContext context;
  GraphBuilder b(&context);
  mlir::Type i32 = mlir::IntegerType::get(&context, 32);
  Value a = b.input("a", {4}, i32), d = b.input("d", {4}, i32);
  b.output("q", b.neg(b.sub(b.add(a, a), d)));
  absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> module = b.finish();
  ASSERT_TRUE(module.ok()) << module.status();
  ASSERT_TRUE(mlir::succeeded(fuse(**module)));
  int fused = 0;
  (*module)->walk([&](tg::FusedElementwiseOp) { ++fused; });
  EXPECT_EQ(fused, 0);
}

} // namespace
} // namespace tgc
