//===- ShapeRandomAttentionTest.cpp - oneDNN shape, random, attention -----===//
//
// Each case is a one-op function run on the reference backend and on the
// oneDNN backend (outputs poisoned) with the same seeded random arguments.
// Data movement and random ops must be bit-identical to the reference's
// cast to the declared type; attention must agree with the float64
// reference to 1e-5 relative, NaN rows (every key masked) included.
//
//===----------------------------------------------------------------------===//

#include "backends/Backend.h"
#include "backends/onednn/OneDnnBackend.h"
#include "backends/reference/ReferenceBackend.h"
#include "frontend/GraphBuilder.h"
#include "ir/ProgramSignature.h"
#include "ir/TgOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <sstream>

namespace tgc {
namespace {

using frontend::GraphBuilder;
using mlir::Value;

constexpr double kAttentionTolerance = 1e-5;

mlir::func::FuncOp mainOf(mlir::ModuleOp module) {
  return *module.getOps<mlir::func::FuncOp>().begin();
}

std::string describe(const std::vector<int64_t> &values) {
  std::ostringstream os;
  os << "[";
  for (size_t i = 0; i < values.size(); ++i)
    os << (i ? "," : "") << values[i];
  os << "]";
  return os.str();
}

class OneDnnShapeRandomAttentionTest : public ::testing::Test {
protected:
  OneDnnShapeRandomAttentionTest() {
    context_.loadDialect<tg::TgDialect, mlir::func::FuncDialect>();
  }

  mlir::Type i32() { return mlir::IntegerType::get(&context_, 32); }
  mlir::Type i64() { return mlir::IntegerType::get(&context_, 64); }
  mlir::Type i1() { return mlir::IntegerType::get(&context_, 1); }
  mlir::Type f32() { return mlir::Float32Type::get(&context_); }

  /// A one-output function built by `body`.
  mlir::OwningOpRef<mlir::ModuleOp>
  build(const std::function<Value(GraphBuilder &)> &body) {
    GraphBuilder b(&context_);
    b.output("y", body(b));
    absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> module = b.finish();
    EXPECT_TRUE(module.ok()) << module.status();
    return module.ok() ? std::move(*module) : mlir::OwningOpRef<mlir::ModuleOp>();
  }

  mlir::OwningOpRef<mlir::ModuleOp> parse(const std::string &text) {
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceString<mlir::ModuleOp>(text, &context_);
    EXPECT_TRUE(module) << "does not parse:\n" << text;
    return module;
  }

  std::vector<Tensor> randomArgs(mlir::ModuleOp module, uint64_t seed) {
    absl::StatusOr<Signature> signature = tg::signatureOf(mainOf(module));
    EXPECT_TRUE(signature.ok()) << signature.status();
    std::vector<Tensor> args;
    if (!signature.ok())
      return args;
    for (size_t i = 0; i < signature->arguments.size(); ++i)
      args.push_back(randomTensor(signature->arguments[i].tensor, seed, i,
                                  signature->arguments[i].indexBound));
    return args;
  }

  /// The position of the argument named `name` (GraphBuilder may reorder).
  size_t argumentIndex(mlir::ModuleOp module, const std::string &name) {
    absl::StatusOr<Signature> signature = tg::signatureOf(mainOf(module));
    EXPECT_TRUE(signature.ok()) << signature.status();
    for (size_t i = 0; signature.ok() && i < signature->arguments.size(); ++i)
      if (signature->arguments[i].tensor.name == name)
        return i;
    ADD_FAILURE() << "no argument " << name;
    return 0;
  }

  /// Lowers `module` (in place) for oneDNN and runs it with poisoned outputs.
  absl::StatusOr<std::vector<Tensor>> runOneDnn(mlir::ModuleOp module,
                                                const std::vector<Tensor> &args) {
    const Backend &backend = onednn::oneDnnBackend();
    absl::Status lowered = lowerForBackend(backend, module, "main");
    if (!lowered.ok())
      return lowered;
    absl::StatusOr<std::unique_ptr<Program>> program = backend.compile(mainOf(module));
    if (!program.ok())
      return program.status();
    RunOptions options;
    options.poison = true;
    return (*program)->run(args, options);
  }

  /// The reference's results cast to their declared types, and oneDNN's,
  /// must agree bit for bit.
  void expectExact(mlir::OwningOpRef<mlir::ModuleOp> module, uint64_t seed = 7,
                   std::vector<Tensor> args = {}) {
    ASSERT_TRUE(module);
    if (args.empty())
      args = randomArgs(*module, seed);
    absl::StatusOr<std::vector<Tensor>> expected = reference::evaluate(mainOf(*module), args);
    ASSERT_TRUE(expected.ok()) << expected.status();
    absl::StatusOr<std::vector<Tensor>> actual = runOneDnn(*module, args);
    ASSERT_TRUE(actual.ok()) << actual.status();
    ASSERT_EQ(expected->size(), actual->size());
    for (size_t i = 0; i < expected->size(); ++i) {
      const Tensor &e = (*expected)[i], &a = (*actual)[i];
      ASSERT_EQ(e.typeString(), a.typeString());
      const uint8_t *eb = static_cast<const uint8_t *>(e.data());
      const uint8_t *ab = static_cast<const uint8_t *>(a.data());
      size_t size = dtypeSize(e.dtype());
      for (int64_t k = 0; k < e.numElements(); ++k)
        if (std::memcmp(eb + k * size, ab + k * size, size) != 0) {
          ADD_FAILURE() << "element " << k << " of " << e.typeString()
                        << " differs from the reference";
          break;
        }
    }
  }

  mlir::MLIRContext context_;
};

//===----------------------------------------------------------------------===//
// Shape family
//===----------------------------------------------------------------------===//

TEST_F(OneDnnShapeRandomAttentionTest, TransposeEveryPermutationOfRank3) {
  std::vector<int64_t> perm = {0, 1, 2};
  do {
    for (mlir::Type type : {f32(), i64(), i1(), i32()}) {
      SCOPED_TRACE(describe(perm));
      expectExact(build([&](GraphBuilder &b) {
        return b.transpose(b.input("x", {3, 5, 7}, type), perm);
      }));
    }
  } while (std::next_permutation(perm.begin(), perm.end()));
}

TEST_F(OneDnnShapeRandomAttentionTest, TransposeShapes) {
  struct Case { std::vector<int64_t> shape, perm; };
  std::vector<Case> cases = {
      {{2, 8, 4, 4}, {0, 2, 1, 3}},    // head split
      {{2, 64, 8, 64}, {0, 2, 1, 3}},  // large head split (parallel)
      {{3, 70, 45}, {0, 2, 1}},        // last-two swap, odd tiles
      {{4, 256, 130}, {0, 2, 1}},      // last-two swap (parallel)
      {{1, 5, 1, 7}, {3, 2, 1, 0}},    // size-1 dims
      {{2, 3, 4, 5}, {3, 1, 0, 2}},
      {{2, 3, 4, 5}, {1, 0, 2, 3}},
      {{5}, {0}},
      {{1, 1}, {1, 0}},
      {{33, 1}, {1, 0}},
      {{6, 7}, {1, 0}},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(describe(c.shape) + " perm " + describe(c.perm));
    expectExact(build([&](GraphBuilder &b) {
      return b.transpose(b.input("x", c.shape), c.perm);
    }));
    expectExact(build([&](GraphBuilder &b) {
      return b.transpose(b.input("x", c.shape, i64()), c.perm);
    }));
  }
}

TEST_F(OneDnnShapeRandomAttentionTest, ConcatEveryAxis) {
  for (int64_t axis : {0, 1, 2, -1, -3})
    for (int count : {1, 2, 4})
      for (mlir::Type type : {f32(), i64(), i1()}) {
        SCOPED_TRACE("axis " + std::to_string(axis) + " count " + std::to_string(count));
        expectExact(build([&](GraphBuilder &b) {
          std::vector<Value> inputs;
          int64_t a = axis < 0 ? axis + 3 : axis;
          for (int k = 0; k < count; ++k) {
            std::vector<int64_t> shape = {2, 3, 5};
            shape[a] = k + 1;
            inputs.push_back(b.input("x" + std::to_string(k), shape, type));
          }
          return b.concat(inputs, axis);
        }));
      }
  expectExact(build([&](GraphBuilder &b) {
    return b.concat({b.input("a", {64, 300}), b.input("b", {64, 211})}, 1);
  }));
}

TEST_F(OneDnnShapeRandomAttentionTest, Slice) {
  struct Case { std::vector<int64_t> shape, start, limit, strides; };
  std::vector<Case> cases = {
      {{7, 9, 5}, {1, 2, 0}, {6, 9, 5}, {}},
      {{7, 9, 5}, {0, 1, 1}, {7, 8, 5}, {2, 3, 2}},
      {{7, 9, 5}, {6, 8, 4}, {7, 9, 5}, {1, 1, 1}},
      {{10}, {1}, {10}, {3}},
      {{1, 1, 13}, {0, 0, 0}, {1, 1, 13}, {1, 1, 5}},
      {{300, 257}, {3, 1}, {299, 256}, {1, 1}},
      {{300, 257}, {3, 1}, {299, 256}, {2, 7}},
  };
  for (const Case &c : cases)
    for (mlir::Type type : {f32(), i64(), i1()}) {
      SCOPED_TRACE(describe(c.shape) + " " + describe(c.start) + " " +
                   describe(c.limit) + " " + describe(c.strides));
      expectExact(build([&](GraphBuilder &b) {
        return b.slice(b.input("x", c.shape, type), c.start, c.limit, c.strides);
      }));
    }
}

TEST_F(OneDnnShapeRandomAttentionTest, GatherEveryAxis) {
  std::vector<int64_t> params = {6, 5, 3};
  for (int64_t axis : {0, 1, 2, -1})
    for (std::vector<int64_t> indices : {std::vector<int64_t>{4},
                                         std::vector<int64_t>{2, 3},
                                         std::vector<int64_t>{1}})
      for (mlir::Type indexType : {i32(), i64()})
        for (mlir::Type type : {f32(), i64(), i1()}) {
          SCOPED_TRACE("axis " + std::to_string(axis) + " indices " + describe(indices));
          int64_t bound = params[axis < 0 ? axis + 3 : axis];
          expectExact(build([&](GraphBuilder &b) {
            return b.gather(b.input("p", params, type),
                            b.input("i", indices, indexType, bound), axis);
          }));
        }
  // An embedding lookup large enough to run in parallel.
  expectExact(build([&](GraphBuilder &b) {
    return b.gather(b.input("table", {1000, 64}), b.input("tokens", {4, 100}, i64(), 1000));
  }));
}

TEST_F(OneDnnShapeRandomAttentionTest, GatherIndexOutOfRangeIsAnError) {
  for (int64_t bad : {7, -1}) {
    mlir::OwningOpRef<mlir::ModuleOp> module = build([&](GraphBuilder &b) {
      return b.gather(b.input("p", {5, 3}), b.input("i", {4}, i64(), 5), 0);
    });
    ASSERT_TRUE(module);
    std::vector<Tensor> args = randomArgs(*module, 3);
    args[argumentIndex(*module, "i")].dataAs<int64_t>()[2] = bad;
    absl::StatusOr<std::vector<Tensor>> out = runOneDnn(*module, args);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument) << out.status();
    std::string message(out.status().message());
    EXPECT_NE(message.find("index " + std::to_string(bad)), std::string::npos) << message;
    EXPECT_NE(message.find("position 2"), std::string::npos) << message;
  }
}

TEST_F(OneDnnShapeRandomAttentionTest, BroadcastTo) {
  struct Case { std::vector<int64_t> in, out; };
  std::vector<Case> cases = {
      {{3, 1}, {2, 3, 4}}, {{}, {2, 3}},         {{4}, {3, 4}},
      {{1, 1}, {5, 1}},    {{2, 1, 3}, {2, 4, 3}}, {{1, 1000}, {100, 1000}},
      {{7, 1}, {7, 9000}}, {{1}, {1}},
  };
  for (const Case &c : cases)
    for (mlir::Type type : {f32(), i64(), i1()}) {
      SCOPED_TRACE(describe(c.in) + " -> " + describe(c.out));
      expectExact(build([&](GraphBuilder &b) {
        return b.broadcastTo(b.input("x", c.in, type), c.out);
      }));
    }
}

TEST_F(OneDnnShapeRandomAttentionTest, IotaEveryDimension) {
  for (int64_t dim : {0, 1, 2})
    for (mlir::Type type : {f32(), i32(), i64()})
      expectExact(build([&](GraphBuilder &b) { return b.iota({3, 4, 5}, dim, type); }));
  expectExact(build([&](GraphBuilder &b) { return b.iota({1}, 0, i64()); }));
  expectExact(build([&](GraphBuilder &b) { return b.iota({300, 400}, 1); }));
}

TEST_F(OneDnnShapeRandomAttentionTest, OneHot) {
  for (mlir::Type indexType : {i32(), i64()})
    for (mlir::Type type : {f32(), i1(), i32(), i64()})
      for (std::vector<int64_t> shape : {std::vector<int64_t>{7},
                                         std::vector<int64_t>{2, 3},
                                         std::vector<int64_t>{1}})
        // Indices up to 12 with depth 10: some rows are out of range.
        expectExact(build([&](GraphBuilder &b) {
          return b.oneHot(b.input("i", shape, indexType, 12), 10, type);
        }));
  // Negative indices give zero rows too.
  mlir::OwningOpRef<mlir::ModuleOp> module = build([&](GraphBuilder &b) {
    return b.oneHot(b.input("i", {4}, i64(), 3), 3);
  });
  ASSERT_TRUE(module);
  std::vector<Tensor> args = randomArgs(*module, 5);
  args[0].dataAs<int64_t>()[1] = -1;
  expectExact(std::move(module), 5, args);
}

//===----------------------------------------------------------------------===//
// Random family
//===----------------------------------------------------------------------===//

TEST_F(OneDnnShapeRandomAttentionTest, RandomUniformAndNormal) {
  for (std::vector<int64_t> shape : {std::vector<int64_t>{1}, std::vector<int64_t>{7, 13},
                                     std::vector<int64_t>{1000, 37}})
    for (int64_t seed : {0, 42, -5}) {
      SCOPED_TRACE(describe(shape) + " seed " + std::to_string(seed));
      expectExact(build([&](GraphBuilder &b) { return b.randomUniform(shape, seed); }));
      expectExact(build([&](GraphBuilder &b) {
        return b.randomUniform(shape, seed, -3.5, 0.25);
      }));
      expectExact(build([&](GraphBuilder &b) { return b.randomNormal(shape, seed); }));
      expectExact(build([&](GraphBuilder &b) {
        return b.randomNormal(shape, seed, 1.5, 0.3);
      }));
    }
}

TEST_F(OneDnnShapeRandomAttentionTest, BernoulliAndDropout) {
  for (std::vector<int64_t> shape : {std::vector<int64_t>{1}, std::vector<int64_t>{7, 13},
                                     std::vector<int64_t>{1000, 37}})
    for (int64_t seed : {0, 42, -5}) {
      SCOPED_TRACE(describe(shape) + " seed " + std::to_string(seed));
      for (double p : {0.0, 0.3, 1.0}) {
        expectExact(build([&](GraphBuilder &b) { return b.bernoulli(shape, p, seed); }));
        expectExact(build([&](GraphBuilder &b) { return b.bernoulli(shape, p, seed, i1()); }));
      }
      for (bool training : {true, false})
        for (double ratio : {0.0, 0.1, 0.9})
          expectExact(build([&](GraphBuilder &b) {
            return b.dropout(b.input("x", shape), ratio, seed, training);
          }));
    }
}

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

std::string tensorType(const std::vector<int64_t> &shape, const std::string &element) {
  std::string text = "tensor<";
  for (int64_t d : shape)
    text += std::to_string(d) + "x";
  return text + element + ">";
}

double relativeError(const reference::RefValue &expected, const Tensor &actual) {
  double diff = 0, norm = 0;
  const float *a = actual.dataAs<float>();
  for (int64_t i = 0; i < expected.size(); ++i) {
    double y = expected.asDouble(i), x = a[i];
    if (std::isnan(x) || std::isnan(y)) {
      if (std::isnan(x) != std::isnan(y))
        return INFINITY;
      continue;
    }
    diff += (x - y) * (x - y);
    norm += y * y;
  }
  return norm == 0 ? (diff == 0 ? 0 : INFINITY) : std::sqrt(diff / norm);
}

enum class MaskKind { None, Keep, KeepRow, Additive };

struct AttentionCase {
  std::vector<int64_t> lead;
  int64_t lq, lk, d, dv;
  MaskKind mask;
  bool causal;
};

std::string attentionIr(const AttentionCase &c) {
  auto shape = [&](int64_t rows, int64_t cols) {
    std::vector<int64_t> s = c.lead;
    s.push_back(rows);
    s.push_back(cols);
    return s;
  };
  std::string q = tensorType(shape(c.lq, c.d), "f32");
  std::string k = tensorType(shape(c.lk, c.d), "f32");
  std::string v = tensorType(shape(c.lk, c.dv), "f32");
  std::string o = tensorType(shape(c.lq, c.dv), "f32");
  std::string m;
  switch (c.mask) {
  case MaskKind::None: break;
  case MaskKind::Keep: m = tensorType(shape(c.lq, c.lk), "i1"); break;
  case MaskKind::KeepRow: m = tensorType({c.lk}, "i1"); break;
  case MaskKind::Additive: {
    // [B, 1, 1, Lk]-style: broadcast over heads and queries.
    std::vector<int64_t> s(c.lead.size() + 2, 1);
    s[0] = c.lead[0];
    s.back() = c.lk;
    m = tensorType(s, "f32");
    break;
  }
  }
  std::ostringstream os;
  os << "func.func @main(%q: " << q << " {tg.input = \"q\"}, %k: " << k
     << " {tg.input = \"k\"}, %v: " << v << " {tg.input = \"v\"}";
  if (!m.empty())
    os << ", %m: " << m << " {tg.input = \"m\"}";
  os << ") -> " << o << " {\n  %o = tg.attention %q, %k, %v";
  if (!m.empty())
    os << " mask %m";
  os << " {causal = " << (c.causal ? "true" : "false")
     << ", scale = " << 1.0 / std::sqrt(double(c.d)) << " : f64} : (" << q << ", " << k
     << ", " << v << (m.empty() ? "" : ", " + m) << ") -> " << o
     << "\n  return %o : " << o << "\n}\n";
  return os.str();
}

TEST_F(OneDnnShapeRandomAttentionTest, AttentionMatchesReference) {
  std::vector<AttentionCase> cases;
  for (int64_t l : {1, 7, 64, 200})
    for (int64_t d : {8, 64})
      for (MaskKind mask : {MaskKind::None, MaskKind::Keep, MaskKind::KeepRow,
                            MaskKind::Additive})
        for (bool causal : {false, true})
          cases.push_back({{2, 3}, l, l, d, d, mask, causal});
  // Lq != Lk, Dv != D, other ranks.
  cases.push_back({{2}, 7, 200, 8, 64, MaskKind::None, false});
  cases.push_back({{2}, 200, 7, 64, 8, MaskKind::Keep, true});
  cases.push_back({{1, 1, 2}, 33, 65, 16, 24, MaskKind::Additive, true});
  cases.push_back({{3}, 129, 129, 64, 64, MaskKind::KeepRow, false});
  uint64_t seed = 1;
  for (const AttentionCase &c : cases) {
    std::string ir = attentionIr(c);
    SCOPED_TRACE(ir);
    mlir::OwningOpRef<mlir::ModuleOp> module = parse(ir);
    ASSERT_TRUE(module);
    std::vector<Tensor> args = randomArgs(*module, seed++);
    absl::StatusOr<std::vector<reference::RefValue>> expected =
        reference::evaluateInFloat64(mainOf(*module), args);
    ASSERT_TRUE(expected.ok()) << expected.status();
    absl::StatusOr<std::vector<Tensor>> actual = runOneDnn(*module, args);
    ASSERT_TRUE(actual.ok()) << actual.status();
    EXPECT_LE(relativeError((*expected)[0], (*actual)[0]), kAttentionTolerance);
  }
}

TEST_F(OneDnnShapeRandomAttentionTest, AttentionFullyMaskedRowsAreNaN) {
  AttentionCase c{{1}, 5, 9, 8, 8, MaskKind::Keep, false};
  mlir::OwningOpRef<mlir::ModuleOp> module = parse(attentionIr(c));
  ASSERT_TRUE(module);
  std::vector<Tensor> args = randomArgs(*module, 11);
  uint8_t *mask = args[3].dataAs<uint8_t>();
  for (int64_t j = 0; j < 9; ++j) {
    mask[2 * 9 + j] = 0; // row 2: nothing kept
    mask[3 * 9 + j] = j == 8; // row 3: only the last key
  }
  absl::StatusOr<std::vector<reference::RefValue>> expected =
      reference::evaluateInFloat64(mainOf(*module), args);
  ASSERT_TRUE(expected.ok()) << expected.status();
  absl::StatusOr<std::vector<Tensor>> actual = runOneDnn(*module, args);
  ASSERT_TRUE(actual.ok()) << actual.status();
  const float *out = (*actual)[0].dataAs<float>();
  for (int64_t c2 = 0; c2 < 8; ++c2) {
    EXPECT_TRUE(std::isnan(out[2 * 8 + c2]));
    // Only the last key: exactly its value row.
    EXPECT_EQ(out[3 * 8 + c2], args[2].dataAs<float>()[8 * 8 + c2]);
  }
  EXPECT_LE(relativeError((*expected)[0], (*actual)[0]), kAttentionTolerance);
}

} // namespace
} // namespace tgc
