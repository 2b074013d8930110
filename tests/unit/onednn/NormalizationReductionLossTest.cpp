//===- NormalizationReductionLossTest.cpp - oneDNN kernels vs reference ---===//
//
// Each case builds a one-op function, runs it on the float64 reference and
// on the oneDNN backend (outputs poisoned with NaN bytes first) with the
// same seeded random arguments, and compares: floats by relative error
// ||out - ref|| / ||ref|| <= 1e-5 with NaNs in the same places, integers
// exactly. Shapes cover odd sizes, size-1 dimensions, long rows, every axis
// and the strided and general reduction layouts.
//
//===----------------------------------------------------------------------===//

#include "backends/Backend.h"
#include "backends/onednn/OneDnnBackend.h"
#include "backends/reference/ReferenceBackend.h"
#include "frontend/GraphBuilder.h"
#include "ir/ProgramSignature.h"
#include "passes/Passes.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>

namespace tgc {
namespace {

using frontend::GraphBuilder;
using mlir::Value;

constexpr double kTolerance = 1e-5;

using Mutator = std::function<void(std::vector<Tensor> &)>;
using Build = std::function<void(GraphBuilder &)>;

mlir::func::FuncOp mainOf(mlir::ModuleOp module) {
  return *module.getOps<mlir::func::FuncOp>().begin();
}

double relativeError(const Tensor &out, const reference::RefValue &ref,
                     std::string &why) {
  double diff = 0, norm = 0;
  for (int64_t i = 0; i < ref.size(); ++i) {
    double y = ref.asDouble(i);
    double x = out.dtype() == DType::F32 ? out.dataAs<float>()[i]
               : out.dtype() == DType::I32 ? out.dataAs<int32_t>()[i]
                                           : double(out.dataAs<int64_t>()[i]);
    if (std::isnan(x) || std::isnan(y)) {
      if (std::isnan(x) != std::isnan(y)) {
        why = "element " + std::to_string(i) + ": got " + std::to_string(x) +
              ", expected " + std::to_string(y);
        return INFINITY;
      }
      continue;
    }
    if (std::isinf(x) || std::isinf(y)) {
      if (x != y) {
        why = "element " + std::to_string(i) + ": got " + std::to_string(x) +
              ", expected " + std::to_string(y);
        return INFINITY;
      }
      continue;
    }
    diff += (x - y) * (x - y);
    norm += y * y;
  }
  return norm == 0 ? (diff == 0 ? 0 : INFINITY) : std::sqrt(diff / norm);
}

/// Builds the function, optionally fuses, and compares the two backends.
void compare(const Build &build, uint64_t seed, const Mutator &mutate = {},
                     bool fuseAddLayerNorm = false, const char *expectOp = nullptr) {
  mlir::MLIRContext context;
  GraphBuilder b(&context);
  build(b);
  absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> module = b.finish();
  EXPECT_TRUE(module.ok()) << module.status();
  if (!module.ok())
    return;
  mlir::ModuleOp m = module->get();
  if (fuseAddLayerNorm) {
    mlir::PassManager pm(&context);
    pm.addNestedPass<mlir::func::FuncOp>(createFuseAddLayerNormPass());
    EXPECT_TRUE(mlir::succeeded(pm.run(m)));
  }
  if (expectOp) {
    int n = 0;
    m.walk([&](mlir::Operation *op) { n += op->getName().getStringRef() == expectOp; });
    EXPECT_EQ(n, 1) << "expected one " << expectOp;
  }
  absl::StatusOr<Signature> signature = tg::signatureOf(mainOf(m));
  EXPECT_TRUE(signature.ok()) << signature.status();
  std::vector<Tensor> args;
  for (auto [position, arg] : llvm::enumerate(signature->arguments))
    args.push_back(randomTensor(arg.tensor, seed, position, arg.indexBound));
  if (mutate)
    mutate(args);

  absl::StatusOr<std::vector<reference::RefValue>> ref =
      reference::evaluateInFloat64(mainOf(m), args);

  const Backend &backend = onednn::oneDnnBackend();
  absl::Status lowered = lowerForBackend(backend, m, "main");
  EXPECT_TRUE(lowered.ok()) << lowered;
  if (!lowered.ok())
    return;
  absl::StatusOr<std::unique_ptr<Program>> program = backend.compile(mainOf(m));
  EXPECT_TRUE(program.ok()) << program.status();
  if (!program.ok())
    return;
  RunOptions options;
  options.poison = true;
  absl::StatusOr<std::vector<Tensor>> out = (*program)->run(args, options);
  if (!out.ok() || !ref.ok()) {
    EXPECT_EQ(out.ok(), ref.ok()) << "onednn: " << out.status()
                                  << "; reference: " << ref.status();
    return;
  }
  EXPECT_EQ(out->size(), ref->size());
  for (size_t i = 0; i < std::min(out->size(), ref->size()); ++i) {
    std::string why;
    double err = relativeError((*out)[i], (*ref)[i], why);
    if ((*out)[i].dtype() == DType::F32)
      EXPECT_LE(err, kTolerance) << "output " << i << " " << why;
    else
      EXPECT_EQ(err, 0) << "output " << i << " " << why;
  }
}

std::string str(const std::vector<int64_t> &v) {
  std::string s = "[";
  for (int64_t x : v)
    s += std::to_string(x) + ",";
  return s + "]";
}

/// Trailing shape from `axis` on.
std::vector<int64_t> trailing(const std::vector<int64_t> &shape, int64_t axis) {
  if (axis < 0)
    axis += static_cast<int64_t>(shape.size());
  return std::vector<int64_t>(shape.begin() + axis, shape.end());
}

const std::vector<std::vector<int64_t>> kShapes = {
    {7}, {1}, {1, 5000}, {5000, 3}, {3, 1, 5}, {2, 3, 4, 5}, {4, 130, 3},
    {2, 70, 100}, {64, 257}};

// The harness itself: a kernel whose first output element is off must fail.
TEST(OneDnnNormalization, HarnessCatchesACorruptedOutput) {
  EXPECT_NONFATAL_FAILURE(
      {
        onednn::setTestCorruptOp("tg.layer_norm");
        compare(
            [](GraphBuilder &b) {
              b.output("y", b.layerNorm(b.input("x", {4, 9}), Value(), Value()));
            },
            3);
      },
      "output 0");
  onednn::setTestCorruptOp("");
}

TEST(OneDnnNormalization, SoftmaxAndLogSoftmaxEveryAxis) {
  uint64_t seed = 1;
  for (bool logarithm : {false, true})
    for (const auto &shape : kShapes)
      for (int64_t axis = -1; axis < static_cast<int64_t>(shape.size()); ++axis) {
        SCOPED_TRACE(str(shape) + " axis " + std::to_string(axis) +
                     (logarithm ? " log" : ""));
        compare(
            [&](GraphBuilder &b) {
              Value x = b.input("x", shape);
              b.output("y", logarithm ? b.logSoftmax(x, axis) : b.softmax(x, axis));
            },
            ++seed);
      }
}

TEST(OneDnnNormalization, SoftmaxInfinitiesAndNaN) {
  // Rows of 6: row 0 has some -inf, row 1 all -inf, row 2 a NaN, row 3 a +inf.
  for (bool logarithm : {false, true})
    for (int64_t axis : {1, 0}) {
      SCOPED_TRACE(std::to_string(axis) + (logarithm ? " log" : ""));
      compare(
          [&](GraphBuilder &b) {
            Value x = b.input("x", {4, 6});
            b.output("y", logarithm ? b.logSoftmax(x, axis) : b.softmax(x, axis));
          },
          7, [&](std::vector<Tensor> &args) {
            float *x = args[0].dataAs<float>();
            float inf = std::numeric_limits<float>::infinity();
            x[1] = x[4] = -inf;
            for (int j = 0; j < 6; ++j)
              x[6 + j] = -inf;
            x[12 + 3] = std::numeric_limits<float>::quiet_NaN();
          });
    }
}

TEST(OneDnnNormalization, LayerNormEveryAxisScaleBias) {
  uint64_t seed = 100;
  for (const auto &shape : kShapes)
    for (int64_t axis = -1; axis < static_cast<int64_t>(shape.size()); ++axis)
      for (int affine = 0; affine < 4; ++affine) {
        bool hasScale = affine & 1, hasBias = affine & 2;
        SCOPED_TRACE(str(shape) + " axis " + std::to_string(axis) + " scale " +
                     std::to_string(hasScale) + " bias " + std::to_string(hasBias));
        compare(
            [&](GraphBuilder &b) {
              Value x = b.input("x", shape);
              Value g = hasScale ? b.param("g", trailing(shape, axis)) : Value();
              Value c = hasBias ? b.param("c", trailing(shape, axis)) : Value();
              b.output("y", b.layerNorm(x, g, c, axis, axis == 0 ? 1e-3 : 1e-5));
            },
            ++seed);
      }
}

TEST(OneDnnNormalization, AddLayerNormFused) {
  uint64_t seed = 200;
  for (const auto &shape : kShapes)
    for (int64_t axis : {int64_t(-1), int64_t(0)})
      for (int affine = 0; affine < 4; ++affine) {
        bool hasScale = affine & 1, hasBias = affine & 2;
        SCOPED_TRACE(str(shape) + " axis " + std::to_string(axis) + " scale " +
                     std::to_string(hasScale) + " bias " + std::to_string(hasBias));
        compare(
            [&](GraphBuilder &b) {
              Value x = b.input("x", shape);
              Value r = b.input("r", shape);
              Value g = hasScale ? b.param("g", trailing(shape, axis)) : Value();
              Value c = hasBias ? b.param("c", trailing(shape, axis)) : Value();
              Value s = b.add(x, r);
              b.output("y", b.layerNorm(s, g, c, axis));
              b.output("sum", s);
            },
            ++seed, {}, /*fuseAddLayerNorm=*/true, "tg.add_layer_norm");
      }
}

enum class Reduce { Sum, Mean, Max, Min };

Value reduce(GraphBuilder &b, Reduce fn, Value x, const std::vector<int64_t> &axes,
             bool keepdims) {
  switch (fn) {
  case Reduce::Sum: return b.reduceSum(x, axes, keepdims);
  case Reduce::Mean: return b.reduceMean(x, axes, keepdims);
  case Reduce::Max: return b.reduceMax(x, axes, keepdims);
  case Reduce::Min: return b.reduceMin(x, axes, keepdims);
  }
  return Value();
}

TEST(OneDnnReduction, EveryAxisSubsetOfRank4) {
  std::vector<int64_t> shape = {2, 3, 4, 5};
  uint64_t seed = 300;
  for (Reduce fn : {Reduce::Sum, Reduce::Mean, Reduce::Max, Reduce::Min})
    for (int mask = 1; mask < 16; ++mask)
      for (bool keepdims : {false, true}) {
        std::vector<int64_t> axes;
        for (int d = 0; d < 4; ++d)
          if (mask & (1 << d))
            axes.push_back(d == 3 && mask == 8 ? -1 : d);
        SCOPED_TRACE("fn " + std::to_string(int(fn)) + " axes " + str(axes) +
                     " keepdims " + std::to_string(keepdims));
        compare(
            [&](GraphBuilder &b) {
              b.output("y", reduce(b, fn, b.input("x", shape), axes, keepdims));
            },
            ++seed);
      }
}

TEST(OneDnnReduction, OddAndLargeShapes) {
  struct Case { std::vector<int64_t> shape, axes; };
  std::vector<Case> cases = {
      {{1, 5000}, {1}}, {{1, 5000}, {0}}, {{5000, 1}, {0}}, {{3, 1, 7}, {1}},
      {{3, 1, 7}, {0, 2}}, {{3, 1, 7}, {0, 1, 2}}, {{7}, {0}}, {{1}, {0}},
      {{300, 200}, {0}}, {{300, 200}, {1}}, {{4, 130, 3}, {1}},
      {{2, 70, 100}, {1}}, {{2, 70, 100}, {0, 2}}, {{40000}, {0}}};
  uint64_t seed = 400;
  for (Reduce fn : {Reduce::Sum, Reduce::Mean, Reduce::Max, Reduce::Min})
    for (const Case &c : cases)
      for (bool keepdims : {false, true}) {
        SCOPED_TRACE("fn " + std::to_string(int(fn)) + " " + str(c.shape) +
                     " axes " + str(c.axes) + " keepdims " + std::to_string(keepdims));
        compare(
            [&](GraphBuilder &b) {
              b.output("y", reduce(b, fn, b.input("x", c.shape), c.axes, keepdims));
            },
            ++seed);
      }
}

TEST(OneDnnReduction, MaxMinPropagateNaN) {
  for (Reduce fn : {Reduce::Max, Reduce::Min})
    for (std::vector<int64_t> axes : {std::vector<int64_t>{1}, {0}, {0, 1}}) {
      SCOPED_TRACE(str(axes));
      compare(
          [&](GraphBuilder &b) {
            b.output("y", reduce(b, fn, b.input("x", {5, 9}), axes, false));
          },
          11, [](std::vector<Tensor> &args) {
            args[0].dataAs<float>()[9 + 4] = std::numeric_limits<float>::quiet_NaN();
            args[0].dataAs<float>()[3 * 9] = -std::numeric_limits<float>::infinity();
          });
    }
}

mlir::Type intType(GraphBuilder &b, unsigned width) {
  return mlir::IntegerType::get(b.f32().getContext(), width);
}

TEST(OneDnnReduction, IntegerSumMaxMin) {
  uint64_t seed = 500;
  for (unsigned width : {32u, 64u})
    for (Reduce fn : {Reduce::Sum, Reduce::Max, Reduce::Min})
      for (std::vector<int64_t> axes :
           {std::vector<int64_t>{1}, {0}, {0, 2}, {2}, {0, 1, 2}}) {
        SCOPED_TRACE("i" + std::to_string(width) + " fn " + std::to_string(int(fn)) +
                     " axes " + str(axes));
        compare(
            [&](GraphBuilder &b) {
              Value x = b.input("x", {3, 70, 5}, intType(b, width), 1000);
              b.output("y", reduce(b, fn, x, axes, false));
            },
            ++seed, [](std::vector<Tensor> &args) {
              // Negative values too, so max and min are not trivially 0.
              Tensor &t = args[0];
              for (int64_t i = 0; i < t.numElements(); i += 3) {
                if (t.dtype() == DType::I32)
                  t.dataAs<int32_t>()[i] = -t.dataAs<int32_t>()[i];
                else
                  t.dataAs<int64_t>()[i] = -t.dataAs<int64_t>()[i];
              }
            });
      }
}

TEST(OneDnnReduction, ArgmaxArgminEveryAxis) {
  uint64_t seed = 600;
  std::vector<std::vector<int64_t>> shapes = {{2, 3, 4, 5}, {1, 5000}, {6000, 2},
                                              {7}, {3, 1, 130}, {2, 70, 100}};
  for (bool largest : {true, false})
    for (int dtype = 0; dtype < 3; ++dtype)
      for (const auto &shape : shapes)
        for (int64_t axis = -1; axis < static_cast<int64_t>(shape.size()); ++axis)
          for (bool keepdims : {false, true}) {
            SCOPED_TRACE(std::string(largest ? "argmax " : "argmin ") + "dtype " +
                         std::to_string(dtype) + " " + str(shape) + " axis " +
                         std::to_string(axis) + " keepdims " +
                         std::to_string(keepdims));
            compare(
                [&](GraphBuilder &b) {
                  // Integers from a small range give many ties.
                  Value x = dtype == 0 ? b.input("x", shape)
                                       : b.input("x", shape,
                                                 intType(b, dtype == 1 ? 32 : 64), 4);
                  b.output("i", largest ? b.argmax(x, axis, keepdims)
                                        : b.argmin(x, axis, keepdims));
                },
                ++seed);
          }
}

TEST(OneDnnReduction, ArgmaxArgminNaNAndTies) {
  for (bool largest : {true, false})
    for (int64_t axis : {0, 1}) {
      SCOPED_TRACE(std::to_string(axis) + (largest ? " argmax" : " argmin"));
      compare(
          [&](GraphBuilder &b) {
            Value x = b.input("x", {6, 8});
            b.output("i", largest ? b.argmax(x, axis) : b.argmin(x, axis));
          },
          13, [](std::vector<Tensor> &args) {
            float *x = args[0].dataAs<float>();
            float nan = std::numeric_limits<float>::quiet_NaN();
            x[1 * 8 + 5] = nan;      // row 1, column 5
            x[1 * 8 + 6] = nan;
            x[2 * 8 + 0] = nan;      // first element of row 2
            for (int j = 0; j < 8; ++j)
              x[3 * 8 + j] = 1.5f;   // a row of ties
            for (int i = 0; i < 6; ++i)
              x[i * 8 + 7] = 2.0f;   // a column of ties
          });
    }
}

void crossEntropyCase(const std::vector<int64_t> &logitsShape, unsigned labelWidth,
                      std::optional<int64_t> ignore, uint64_t seed,
                      const Mutator &mutate = {}) {
  std::vector<int64_t> labelsShape(logitsShape.begin(), logitsShape.end() - 1);
  SCOPED_TRACE(str(logitsShape) + " i" + std::to_string(labelWidth) + " ignore " +
               (ignore ? std::to_string(*ignore) : "none"));
  compare(
      [&](GraphBuilder &b) {
        Value logits = b.input("logits", logitsShape);
        Value labels = b.input("labels", labelsShape, intType(b, labelWidth),
                               logitsShape.back());
        b.output("loss", b.crossEntropy(logits, labels, ignore));
      },
      seed, mutate);
}

TEST(OneDnnLoss, CrossEntropy) {
  uint64_t seed = 700;
  std::vector<std::vector<int64_t>> shapes = {{8, 10}, {2, 3, 17}, {1, 5000},
                                              {7}, {4096, 8}, {1, 1}};
  for (const auto &shape : shapes)
    for (unsigned width : {32u, 64u}) {
      crossEntropyCase(shape, width, std::nullopt, ++seed);
      // Present but never equal to a label.
      crossEntropyCase(shape, width, -100, ++seed);
      // Every third position ignored.
      crossEntropyCase(shape, width, -100, ++seed, [](std::vector<Tensor> &args) {
        Tensor &t = args[1];
        for (int64_t i = 0; i < t.numElements(); i += 3) {
          if (t.dtype() == DType::I32)
            t.dataAs<int32_t>()[i] = -100;
          else
            t.dataAs<int64_t>()[i] = -100;
        }
      });
      // An in-range class index as ignore_index.
      crossEntropyCase(shape, width, 0, ++seed);
    }
}

TEST(OneDnnLoss, CrossEntropyNoneKeptIsNaN) {
  crossEntropyCase({5, 4}, 64, 3, 1, [](std::vector<Tensor> &args) {
    for (int64_t i = 0; i < 5; ++i)
      args[1].dataAs<int64_t>()[i] = 3;
  });
}

TEST(OneDnnLoss, CrossEntropyLabelOutOfRange) {
  for (unsigned width : {32u, 64u}) {
    mlir::MLIRContext context;
    GraphBuilder b(&context);
    Value logits = b.input("logits", {6, 4});
    Value labels = b.input("labels", {6}, intType(b, width), 4);
    b.output("loss", b.crossEntropy(logits, labels, -100));
    absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> module = b.finish();
    ASSERT_TRUE(module.ok()) << module.status();
    const Backend &backend = onednn::oneDnnBackend();
    ASSERT_TRUE(lowerForBackend(backend, module->get(), "main").ok());
    absl::StatusOr<std::unique_ptr<Program>> program =
        backend.compile(mainOf(module->get()));
    ASSERT_TRUE(program.ok()) << program.status();
    absl::StatusOr<Signature> signature = tg::signatureOf(mainOf(module->get()));
    std::vector<Tensor> args;
    for (auto [position, arg] : llvm::enumerate(signature->arguments))
      args.push_back(randomTensor(arg.tensor, 5, position, arg.indexBound));
    auto set = [&](int64_t i, int64_t v) {
      if (width == 32)
        args[1].dataAs<int32_t>()[i] = static_cast<int32_t>(v);
      else
        args[1].dataAs<int64_t>()[i] = v;
    };
    set(1, -100); // ignored, so not an error
    set(3, 7);
    set(5, -2);
    absl::StatusOr<std::vector<Tensor>> out = (*program)->run(args, RunOptions{});
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.status().code(), absl::StatusCode::kInvalidArgument) << out.status();
    EXPECT_NE(out.status().message().find("label 7 at position 3"), std::string::npos)
        << out.status();
  }
}

TEST(OneDnnLoss, Mse) {
  uint64_t seed = 800;
  for (std::vector<int64_t> shape :
       {std::vector<int64_t>{7}, {1}, {3, 5, 7}, {1, 5000}, {100000}}) {
    SCOPED_TRACE(str(shape));
    compare(
        [&](GraphBuilder &b) {
          b.output("loss", b.mse(b.input("a", shape), b.input("b", shape)));
        },
        ++seed);
  }
}

} // namespace
} // namespace tgc
