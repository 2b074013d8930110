//===- OpConformanceTest.cpp - every tg op on every backend ---------------===//
//
// Breadth, not depth: each case is a small graph around one tg op at one
// shape (odd sizes, size-1 dimensions, broadcasting, rank 0 where the op
// allows it), run by the harness on every registered backend against the
// float64 reference under the op family's tolerance. Graphs are built with
// the GraphBuilder where it has the op, and parsed from MLIR text for the
// fused ops (tg.fused_matmul, tg.add_layer_norm, tg.attention,
// tg.nearest_codeword, tg.fused_elementwise). The per-kernel depth lives in tests/unit/onednn.
//
// The command-line form of one case is `tgc conformance MODEL.mlir`.
//
//===----------------------------------------------------------------------===//

#include "tests/conformance/ConformanceHarness.h"

#include "frontend/GraphBuilder.h"
#include "ir/TgOps.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <functional>
#include <sstream>

namespace tgc::conformance {
namespace {

using frontend::GraphBuilder;
using mlir::Value;
using Shape = std::vector<int64_t>;

/// One case: a graph built by `graph`, or MLIR text `mlir` (a module whose
/// @main names its arguments with tg.input).
struct OpCase {
  std::string name;
  std::function<void(GraphBuilder &)> graph;
  std::string mlir;
  CaseOptions options;
  /// Runs tg-fuse-elementwise on the built graph first (and checks that it
  /// made a tg.fused_elementwise).
  bool fuseElementwise = false;
};

/// gtest prints a parameter with the failure; the name says it all.
void PrintTo(const OpCase &c, std::ostream *os) { *os << c.name; }

std::string shapeName(const Shape &shape) {
  if (shape.empty())
    return "rank0";
  std::string s;
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "x" : "") + std::to_string(shape[i]);
  return s;
}

/// "tensor<3x7xf32>", "tensor<f32>".
std::string ty(const Shape &shape, const std::string &element = "f32") {
  std::string s = "tensor<";
  for (int64_t d : shape)
    s += std::to_string(d) + "x";
  return s + element + ">";
}

mlir::Type intType(GraphBuilder &b, unsigned width) {
  return mlir::IntegerType::get(b.f32().getContext(), width);
}

/// MLIR text of @main with the given (name, type) inputs and body (which
/// ends with `return`).
std::string mainText(const std::vector<std::pair<std::string, std::string>> &args,
                     const std::string &results, const std::string &body) {
  std::ostringstream os;
  os << "func.func @main(";
  for (size_t i = 0; i < args.size(); ++i)
    os << (i ? ", " : "") << "%" << args[i].first << ": " << args[i].second
       << " {tg.input = \"" << args[i].first << "\"}";
  os << ") -> (" << results << ") {\n" << body << "\n}\n";
  return os.str();
}

OpCase graphCase(std::string name, std::function<void(GraphBuilder &)> graph,
                 CaseOptions options = {}) {
  OpCase c;
  c.name = std::move(name);
  c.graph = std::move(graph);
  c.options = options;
  return c;
}

OpCase textCase(std::string name, std::string mlir, CaseOptions options = {}) {
  OpCase c;
  c.name = std::move(name);
  c.mlir = std::move(mlir);
  c.options = options;
  return c;
}

CaseOptions positive() {
  CaseOptions o;
  o.positiveInputs = true;
  return o;
}

CaseOptions unsupported(const std::string &op) {
  CaseOptions o;
  o.unsupportedOnOneDnn = op;
  return o;
}

//===--- Elementwise ------------------------------------------------------===//

using Binary = Value (GraphBuilder::*)(Value, Value);
using Unary = std::function<Value(GraphBuilder &, Value)>;

void addElementwiseCases(std::vector<OpCase> &cases) {
  const std::vector<std::pair<std::string, Binary>> binaries = {
      {"add", &GraphBuilder::add}, {"sub", &GraphBuilder::sub},
      {"mul", &GraphBuilder::mul}, {"div", &GraphBuilder::div},
      {"max", &GraphBuilder::max}, {"min", &GraphBuilder::min},
      {"pow", &GraphBuilder::pow}};
  const std::vector<std::pair<Shape, Shape>> binaryShapes = {
      {{3, 7}, {3, 7}}, {{2, 1, 7}, {3, 1}}, {{}, {13}}, {{13, 1}, {}}};
  for (const auto &[op, fn] : binaries)
    for (const auto &[a, c] : binaryShapes) {
      Binary f = fn;
      Shape sa = a, sb = c;
      cases.push_back(graphCase(
          op + "_" + shapeName(a) + "_with_" + shapeName(c),
          [f, sa, sb](GraphBuilder &b) {
            b.output("y", (b.*f)(b.input("a", sa), b.input("b", sb)));
          },
          op == "pow" || op == "div" ? positive() : CaseOptions()));
    }
  // Integer arithmetic compares exactly.
  for (unsigned width : {32u, 64u})
    for (const auto &[op, fn] : binaries) {
      if (op == "div" || op == "pow")
        continue;
      Binary f = fn;
      cases.push_back(graphCase(
          op + "_i" + std::to_string(width) + "_3x7_with_7",
          [f, width](GraphBuilder &b) {
            mlir::Type t = intType(b, width);
            b.output("y", (b.*f)(b.input("a", {3, 7}, t, 50), b.input("b", {7}, t, 50)));
          }));
    }

  const std::vector<std::tuple<std::string, Unary, bool>> unaries = {
      {"neg", [](GraphBuilder &b, Value x) { return b.neg(x); }, false},
      {"abs", [](GraphBuilder &b, Value x) { return b.abs(x); }, false},
      {"exp", [](GraphBuilder &b, Value x) { return b.exp(x); }, false},
      {"log", [](GraphBuilder &b, Value x) { return b.log(x); }, true},
      {"sqrt", [](GraphBuilder &b, Value x) { return b.sqrt(x); }, true},
      {"rsqrt", [](GraphBuilder &b, Value x) { return b.rsqrt(x); }, true},
      {"tanh", [](GraphBuilder &b, Value x) { return b.tanh(x); }, false},
      {"sigmoid", [](GraphBuilder &b, Value x) { return b.sigmoid(x); }, false},
      {"relu", [](GraphBuilder &b, Value x) { return b.relu(x); }, false},
      {"erf", [](GraphBuilder &b, Value x) { return b.erf(x); }, false},
      {"sin", [](GraphBuilder &b, Value x) { return b.sin(x); }, false},
      {"cos", [](GraphBuilder &b, Value x) { return b.cos(x); }, false},
      {"gelu_erf",
       [](GraphBuilder &b, Value x) { return b.gelu(x, tg::GeluApproximation::Erf); },
       false},
      {"gelu_tanh",
       [](GraphBuilder &b, Value x) { return b.gelu(x, tg::GeluApproximation::Tanh); },
       false},
      {"stop_gradient", [](GraphBuilder &b, Value x) { return b.stopGradient(x); },
       false}};
  for (const auto &[op, fn, pos] : unaries)
    for (const Shape &shape : std::vector<Shape>{{7}, {3, 1, 13}, {}}) {
      Unary f = fn;
      Shape s = shape;
      cases.push_back(graphCase(
          op + "_" + shapeName(shape),
          [f, s](GraphBuilder &b) { b.output("y", f(b, b.input("x", s))); },
          pos ? positive() : CaseOptions()));
    }
  // Integer neg, abs, relu: of a difference, so that signs vary.
  for (unsigned width : {32u, 64u})
    for (const auto &[op, fn, pos] : unaries) {
      if (op != "neg" && op != "abs" && op != "relu")
        continue;
      Unary f = fn;
      cases.push_back(graphCase(
          op + "_i" + std::to_string(width) + "_13",
          [f, width](GraphBuilder &b) {
            mlir::Type t = intType(b, width);
            b.output("y", f(b, b.sub(b.input("a", {13}, t, 9), b.input("b", {13}, t, 9))));
          }));
    }

  const std::vector<std::pair<std::string, tg::CompareDirection>> directions = {
      {"eq", tg::CompareDirection::EQ}, {"ne", tg::CompareDirection::NE},
      {"lt", tg::CompareDirection::LT}, {"le", tg::CompareDirection::LE},
      {"gt", tg::CompareDirection::GT}, {"ge", tg::CompareDirection::GE}};
  for (const auto &[dir, d] : directions) {
    tg::CompareDirection direction = d;
    cases.push_back(graphCase("compare_" + dir + "_f32_3x7_with_7",
                              [direction](GraphBuilder &b) {
                                Value x = b.input("a", {3, 7});
                                // Equal elements too: row 0 against itself.
                                Value y = b.slice(x, {0, 0}, {1, 7});
                                b.output("y", b.compare(direction, x,
                                                        b.reshape(y, {7})));
                              }));
    cases.push_back(graphCase("compare_" + dir + "_i64_13x1_with_5",
                              [direction](GraphBuilder &b) {
                                b.output("y", b.compare(direction,
                                                        b.input("a", {13, 1}, b.i64(), 3),
                                                        b.input("b", {5}, b.i64(), 3)));
                              }));
  }

  cases.push_back(graphCase("select_3x7_with_7", [](GraphBuilder &b) {
    b.output("y", b.select(b.input("c", {3, 7}, b.i1()), b.input("a", {3, 7}),
                           b.input("b", {7})));
  }));
  cases.push_back(graphCase("select_rank0_condition_13", [](GraphBuilder &b) {
    b.output("y", b.select(b.input("c", {}, b.i1()), b.input("a", {13}),
                           b.input("b", {13})));
  }));
  cases.push_back(graphCase("select_of_compare_3x1_with_1x7", [](GraphBuilder &b) {
    Value a = b.input("a", {3, 1}), c = b.input("b", {1, 7});
    b.output("y", b.select(b.compare(tg::CompareDirection::GT, a, c), a, c));
  }));

  // Casts between every pair of f32, i32, i64, i1.
  const std::vector<std::pair<std::string, int>> types = {
      {"f32", 0}, {"i32", 32}, {"i64", 64}, {"i1", 1}};
  for (const auto &[from, fromWidth] : types)
    for (const auto &[to, toWidth] : types) {
      if (from == to)
        continue;
      int fw = fromWidth, tw = toWidth;
      cases.push_back(graphCase("cast_" + from + "_to_" + to + "_13x7",
                                [fw, tw](GraphBuilder &b) {
                                  auto typeOf = [&](int w) {
                                    return w == 0 ? b.f32() : intType(b, w);
                                  };
                                  Value x = fw == 0 ? b.input("x", {13, 7})
                                                    : b.input("x", {13, 7}, typeOf(fw),
                                                              fw == 1 ? std::nullopt
                                                                      : std::optional<int64_t>(7));
                                  b.output("y", b.cast(x, typeOf(tw)));
                                }));
    }
}

//===--- Matmul -----------------------------------------------------------===//

void addMatmulCases(std::vector<OpCase> &cases) {
  for (bool ta : {false, true})
    for (bool tb : {false, true}) {
      Shape a = ta ? Shape{5, 3} : Shape{3, 5};
      Shape c = tb ? Shape{7, 5} : Shape{5, 7};
      std::string name = std::string("matmul") + (ta ? "_ta" : "") + (tb ? "_tb" : "") +
                         "_" + shapeName(a) + "_by_" + shapeName(c);
      cases.push_back(graphCase(name, [a, c, ta, tb](GraphBuilder &b) {
        b.output("y", b.matmul(b.input("a", a), b.input("b", c), ta, tb));
      }));
    }
  const std::vector<std::tuple<Shape, Shape, bool, bool>> batched = {
      {{2, 1, 3, 5}, {4, 5, 7}, false, false},
      {{3, 13, 7}, {7, 5}, false, false},
      {{1, 2, 5, 3}, {3, 1, 7, 5}, true, true},
      {{1, 5}, {5, 1}, false, false},
      {{2, 1, 13}, {2, 13, 1}, false, false}};
  for (const auto &[a, c, ta, tb] : batched) {
    Shape sa = a, sb = c;
    bool ba = ta, bb = tb;
    std::string name = std::string("matmul") + (ta ? "_ta" : "") + (tb ? "_tb" : "") +
                       "_" + shapeName(a) + "_by_" + shapeName(c);
    cases.push_back(graphCase(name, [sa, sb, ba, bb](GraphBuilder &b) {
      b.output("y", b.matmul(b.input("a", sa), b.input("b", sb), ba, bb));
    }));
  }
  cases.push_back(graphCase("linear_3x5_weight_7x5_bias_relu", [](GraphBuilder &b) {
    b.output("y", b.relu(b.linear(b.input("x", {3, 5}), b.input("w", {7, 5}),
                                  b.input("b", {7}))));
  }));

  for (const std::string act : {"none", "relu", "gelu_erf", "gelu_tanh"}) {
    cases.push_back(textCase(
        "fused_matmul_" + act + "_bias_3x5_by_5x7",
        mainText({{"a", ty({3, 5})}, {"b", ty({5, 7})}, {"c", ty({7})}}, ty({3, 7}),
                 "  %r = tg.fused_matmul %a, %b bias %c activation(" + act + ") : (" +
                     ty({3, 5}) + ", " + ty({5, 7}) + ", " + ty({7}) + ") -> " +
                     ty({3, 7}) + "\n  return %r : " + ty({3, 7}))));
    cases.push_back(textCase(
        "fused_matmul_" + act + "_no_bias_tb_2x3x13_by_2x7x13",
        mainText({{"a", ty({2, 3, 13})}, {"b", ty({2, 7, 13})}}, ty({2, 3, 7}),
                 "  %r = tg.fused_matmul %a, %b activation(" + act +
                     ") {transpose_b = true} : (" + ty({2, 3, 13}) + ", " +
                     ty({2, 7, 13}) + ") -> " + ty({2, 3, 7}) + "\n  return %r : " +
                     ty({2, 3, 7}))));
  }
  cases.push_back(textCase(
      "fused_matmul_relu_ta_column_bias_2x5x3_by_5x7_bias_3x1",
      mainText({{"a", ty({2, 5, 3})}, {"b", ty({5, 7})}, {"c", ty({3, 1})}},
               ty({2, 3, 7}),
               "  %r = tg.fused_matmul %a, %b bias %c activation(relu) {transpose_a = "
               "true} : (" +
                   ty({2, 5, 3}) + ", " + ty({5, 7}) + ", " + ty({3, 1}) + ") -> " +
                   ty({2, 3, 7}) + "\n  return %r : " + ty({2, 3, 7}))));
  // Wide outputs (a vocabulary projection) with each kind of bias.
  cases.push_back(graphCase("matmul_tb_wide_2x3x7_by_8195x7", [](GraphBuilder &b) {
    b.output("y", b.matmul(b.input("a", {2, 3, 7}), b.input("b", {8195, 7}),
                           /*transposeA=*/false, /*transposeB=*/true));
  }));
  for (const auto &[name, biasShape, tb] :
       std::vector<std::tuple<std::string, Shape, bool>>{
           {"column_bias_4100", {4100}, false},
           {"residual_bias_3x4100_tb", {3, 4100}, true},
           {"row_bias_3x1", {3, 1}, false}}) {
    Shape b = tb ? Shape{4100, 5} : Shape{5, 4100};
    cases.push_back(textCase(
        "fused_matmul_relu_wide_" + name,
        mainText({{"a", ty({3, 5})}, {"b", ty(b)}, {"c", ty(biasShape)}}, ty({3, 4100}),
                 "  %r = tg.fused_matmul %a, %b bias %c activation(relu) " +
                     std::string(tb ? "{transpose_b = true} " : "") + ": (" + ty({3, 5}) +
                     ", " + ty(b) + ", " + ty(biasShape) + ") -> " + ty({3, 4100}) +
                     "\n  return %r : " + ty({3, 4100}))));
  }
  cases.push_back(textCase(
      "fused_matmul_gelu_tanh_rank0_bias_1x13_by_13x1",
      mainText({{"a", ty({1, 13})}, {"b", ty({13, 1})}, {"c", ty({})}}, ty({1, 1}),
               "  %r = tg.fused_matmul %a, %b bias %c activation(gelu_tanh) : (" +
                   ty({1, 13}) + ", " + ty({13, 1}) + ", " + ty({}) + ") -> " +
                   ty({1, 1}) + "\n  return %r : " + ty({1, 1}))));
}

//===--- Reductions and normalization --------------------------------------===//

using Reduce = Value (GraphBuilder::*)(Value, llvm::ArrayRef<int64_t>, bool);
using ArgReduce = Value (GraphBuilder::*)(Value, int64_t, bool);

void addReductionCases(std::vector<OpCase> &cases) {
  const std::vector<std::pair<std::string, Reduce>> reductions = {
      {"reduce_sum", &GraphBuilder::reduceSum},
      {"reduce_mean", &GraphBuilder::reduceMean},
      {"reduce_max", &GraphBuilder::reduceMax},
      {"reduce_min", &GraphBuilder::reduceMin}};
  struct Shape_ {
    std::string name;
    Shape shape, axes;
    bool keepdims;
  };
  const std::vector<Shape_> shapes = {
      {"3x7_axis1", {3, 7}, {1}, false},
      {"3x7x13_axes0_2_keepdims", {3, 7, 13}, {0, 2}, true},
      {"1x10000_axis1", {1, 10000}, {1}, false},
      {"3x7_all_axes", {3, 7}, {0, 1}, false},
      {"13x1_axis1_keepdims", {13, 1}, {1}, true},
      {"13_axis_minus1_to_rank0", {13}, {-1}, false}};
  for (const auto &[op, fn] : reductions)
    for (const Shape_ &s : shapes) {
      Reduce f = fn;
      Shape_ sh = s;
      cases.push_back(graphCase(op + "_" + s.name, [f, sh](GraphBuilder &b) {
        b.output("y", (b.*f)(b.input("x", sh.shape), sh.axes, sh.keepdims));
      }));
    }
  for (const auto &[op, fn] : reductions) {
    if (op == "reduce_mean")
      continue;
    Reduce f = fn;
    cases.push_back(graphCase(op + "_i64_3x7_axis0", [f](GraphBuilder &b) {
      b.output("y", (b.*f)(b.input("x", {3, 7}, b.i64(), 100), {0}, false));
    }));
  }

  const std::vector<std::pair<std::string, ArgReduce>> argReductions = {
      {"argmax", &GraphBuilder::argmax}, {"argmin", &GraphBuilder::argmin}};
  const std::vector<std::tuple<std::string, Shape, int64_t, bool>> argShapes = {
      {"3x7_axis1", {3, 7}, 1, false},
      {"3x7x13_axis0_keepdims", {3, 7, 13}, 0, true},
      {"1x10000_axis1", {1, 10000}, 1, false},
      {"13_axis0", {13}, 0, false},
      {"7x1_axis1", {7, 1}, 1, false}};
  for (const auto &[op, fn] : argReductions)
    for (const auto &[name, shape, axis, keep] : argShapes) {
      ArgReduce f = fn;
      Shape s = shape;
      int64_t a = axis;
      bool k = keep;
      cases.push_back(graphCase(op + "_" + name, [f, s, a, k](GraphBuilder &b) {
        b.output("y", (b.*f)(b.input("x", s), a, k));
      }));
    }

  for (const std::string op : {"softmax", "log_softmax"}) {
    bool log = op == "log_softmax";
    for (const auto &[name, shape, axis] :
         std::vector<std::tuple<std::string, Shape, int64_t>>{
             {"3x7x13_axis0", {3, 7, 13}, 0},
             {"3x7x13_axis1", {3, 7, 13}, 1},
             {"3x7x13_axis2", {3, 7, 13}, 2},
             {"3x7x13_axis_minus1", {3, 7, 13}, -1},
             {"1x7_axis0_size1", {1, 7}, 0},
             {"1x10000_axis1", {1, 10000}, 1}}) {
      Shape s = shape;
      int64_t a = axis;
      cases.push_back(graphCase(op + "_" + name, [s, a, log](GraphBuilder &b) {
        Value x = b.input("x", s);
        b.output("y", log ? b.logSoftmax(x, a) : b.softmax(x, a));
      }));
    }
  }

  struct Norm {
    std::string name;
    Shape shape;
    int64_t axis;
    bool scale, bias;
  };
  for (const Norm &n : std::vector<Norm>{
           {"3x7x13_scale_bias", {3, 7, 13}, -1, true, true},
           {"3x7x13_no_scale_no_bias", {3, 7, 13}, -1, false, false},
           {"3x7x13_scale_only", {3, 7, 13}, -1, true, false},
           {"3x7x13_bias_only", {3, 7, 13}, -1, false, true},
           {"3x7x13_axis1_multi_axis", {3, 7, 13}, 1, true, true},
           {"13_rank1", {13}, 0, true, true},
           {"7x1_size1_axis", {7, 1}, -1, true, true}}) {
    Norm c = n;
    cases.push_back(graphCase("layer_norm_" + n.name, [c](GraphBuilder &b) {
      Value x = b.input("x", c.shape);
      int64_t axis = c.axis < 0 ? c.axis + c.shape.size() : c.axis;
      Shape normalized(c.shape.begin() + axis, c.shape.end());
      Value scale = c.scale ? b.input("scale", normalized) : Value();
      Value bias = c.bias ? b.input("bias", normalized) : Value();
      b.output("y", b.layerNorm(x, scale, bias, c.axis));
    }));
  }
  // add + layer_norm as the builder writes it (fused by tg-optimize), and
  // tg.add_layer_norm as text.
  cases.push_back(graphCase("add_then_layer_norm_2x7x13", [](GraphBuilder &b) {
    Value s = b.add(b.input("x", {2, 7, 13}), b.input("r", {2, 7, 13}));
    b.output("y", b.layerNorm(s, b.input("g", {13}), b.input("b", {13})));
    b.output("sum", s);
  }));
  {
    std::string t = ty({3, 7, 13}), v = ty({13});
    cases.push_back(textCase(
        "add_layer_norm_3x7x13_scale_bias",
        mainText({{"x", t}, {"r", t}, {"g", v}, {"b", v}}, t + ", " + t,
                 "  %y, %s = tg.add_layer_norm %x, %r scale %g bias %b : (" + t + ", " +
                     t + ", " + v + ", " + v + ") -> (" + t + ", " + t +
                     ")\n  return %y, %s : " + t + ", " + t)));
    cases.push_back(textCase(
        "add_layer_norm_3x7x13_no_scale_no_bias",
        mainText({{"x", t}, {"r", t}}, t + ", " + t,
                 "  %y, %s = tg.add_layer_norm %x, %r : (" + t + ", " + t + ") -> (" + t +
                     ", " + t + ")\n  return %y, %s : " + t + ", " + t)));
    std::string w = ty({7, 13});
    cases.push_back(textCase(
        "add_layer_norm_3x7x13_axis1_multi_axis",
        mainText({{"x", t}, {"r", t}, {"g", w}, {"b", w}}, t + ", " + t,
                 "  %y, %s = tg.add_layer_norm %x, %r scale %g bias %b {axis = 1 : i64, "
                 "epsilon = 1.0e-3 : f64} : (" +
                     t + ", " + t + ", " + w + ", " + w + ") -> (" + t + ", " + t +
                     ")\n  return %y, %s : " + t + ", " + t)));
  }
}

//===--- Attention --------------------------------------------------------===//

void addAttentionCases(std::vector<OpCase> &cases) {
  struct Att {
    std::string name;
    Shape q, k, v;
    std::string mask; // "" or the mask's type
    bool causal;
  };
  for (const Att &a : std::vector<Att>{
           {"2x3x5x8_no_mask", {2, 3, 5, 8}, {2, 3, 5, 8}, {2, 3, 5, 6}, "", false},
           {"2x3x5x8_causal", {2, 3, 5, 8}, {2, 3, 5, 8}, {2, 3, 5, 6}, "", true},
           {"2x3x5x8_float_mask_5x5", {2, 3, 5, 8}, {2, 3, 5, 8}, {2, 3, 5, 6},
            ty({5, 5}), false},
           {"2x3x5x8_bool_mask_2x1x1x5", {2, 3, 5, 8}, {2, 3, 5, 8}, {2, 3, 5, 6},
            ty({2, 1, 1, 5}, "i1"), false},
           {"2x3x5x8_bool_mask_causal", {2, 3, 5, 8}, {2, 3, 5, 8}, {2, 3, 5, 6},
            ty({2, 1, 5, 5}, "i1"), true},
           {"Lq4_Lk7_2x3x8", {2, 3, 4, 8}, {2, 3, 7, 8}, {2, 3, 7, 5}, "", false},
           {"Lq4_Lk7_causal", {2, 3, 4, 8}, {2, 3, 7, 8}, {2, 3, 7, 5}, "", true},
           {"Lq7_Lk4_float_mask", {2, 7, 8}, {2, 4, 8}, {2, 4, 8}, ty({7, 4}), false},
           {"rank2_13x7", {13, 7}, {13, 7}, {13, 7}, "", true},
           {"Lq1_Lk13", {3, 1, 7}, {3, 13, 7}, {3, 13, 7}, "", false},
           // Several 64 x 64 tiles with ragged last ones, and the kernels'
           // 16-column blocks full (d 64) and partial (dv 40, 72, 24).
           {"Lq130_Lk77_d64_dv40_causal", {2, 130, 64}, {2, 77, 64}, {2, 77, 40}, "", true},
           {"Lq70_Lk150_d24_dv72_float_mask", {1, 2, 70, 24}, {1, 2, 150, 24},
            {1, 2, 150, 72}, ty({70, 150}), false},
           {"Lq129_d64_bool_mask", {2, 129, 64}, {2, 129, 64}, {2, 129, 64},
            ty({2, 1, 129}, "i1"), false}}) {
    Shape out = a.q;
    out.back() = a.v.back();
    std::vector<std::pair<std::string, std::string>> args = {
        {"q", ty(a.q)}, {"k", ty(a.k)}, {"v", ty(a.v)}};
    std::string types = ty(a.q) + ", " + ty(a.k) + ", " + ty(a.v);
    std::string op = "  %o = tg.attention %q, %k, %v";
    if (!a.mask.empty()) {
      args.push_back({"m", a.mask});
      types += ", " + a.mask;
      op += " mask %m";
    }
    op += std::string(" {") + (a.causal ? "causal = true, " : "") +
          "scale = 0.35355339059327373 : f64} : (" + types + ") -> " + ty(out);
    cases.push_back(textCase("attention_" + a.name,
                             mainText(args, ty(out), op + "\n  return %o : " + ty(out))));
  }
  // Masks at the most negative float, as Hugging Face models write them:
  // a row masked that way everywhere still has finite scores and uniform
  // weights (kernels that rescale scores must not overflow them to -inf).
  {
    const std::string lo = "-3.40282347e+38", m = ty({3, 4}), q = ty({2, 3, 8}),
                      kv = ty({2, 4, 8});
    std::string mask = "dense<[[0.0, " + lo + ", 0.0, " + lo + "], [" + lo + ", " + lo +
                       ", " + lo + ", " + lo + "], [" + lo + ", 0.0, 0.0, 0.0]]>";
    cases.push_back(textCase(
        "attention_Lq3_Lk4_float_mask_lowest",
        mainText({{"q", q}, {"k", kv}, {"v", kv}}, q,
                 "  %m = tg.constant " + mask + " : " + m +
                     "\n  %o = tg.attention %q, %k, %v mask %m {scale = "
                     "0.35355339059327373 : f64} : (" +
                     q + ", " + kv + ", " + kv + ", " + m + ") -> " + q +
                     "\n  return %o : " + q)));
  }
  // The unfused spelling, which tg-optimize turns into tg.attention.
  cases.push_back(graphCase("attention_unfused_spelling_2x5x8", [](GraphBuilder &b) {
    Value q = b.input("q", {2, 5, 8}), k = b.input("k", {2, 5, 8}),
          v = b.input("v", {2, 5, 8});
    Value scores = b.mul(b.matmul(q, k, false, true), b.scalar(0.35355339059327373));
    b.output("y", b.matmul(b.softmax(scores, -1), v));
  }));
}

//===--- Vector quantization ------------------------------------------------===//

/// ||z||² − 2·z·eᵀ + ||e||², as frontend/models/Vq.cpp builds it.
Value squaredDistances(GraphBuilder &b, Value z, Value e) {
  Value zNorm = b.reduceSum(b.mul(z, z), {1}, /*keepdims=*/true);
  Value eNorm = b.reduceSum(b.mul(e, e), {1});
  Value dot = b.matmul(z, e, /*transposeA=*/false, /*transposeB=*/true);
  return b.add(b.sub(zNorm, b.mul(b.scalar(2.0), dot)), eNorm);
}

void addVqCases(std::vector<OpCase> &cases) {
  // N x D x K: odd sizes, K = 1, D = 1, K past one block of 64 codewords
  // (with a partial last block), N past one tile of 48 rows, and sizes
  // large enough for the kernel to run on several threads.
  for (const Shape &s : std::vector<Shape>{{7, 3, 5},
                                           {5, 4, 1},
                                           {13, 1, 9},
                                           {1, 16, 17},
                                           {49, 8, 70},
                                           {97, 64, 130},
                                           {203, 33, 64}}) {
    std::string z = ty({s[0], s[1]}), e = ty({s[2], s[1]}), out = ty({s[0]}, "i64");
    cases.push_back(textCase(
        "nearest_codeword_" + shapeName(s),
        mainText({{"z", z}, {"e", e}}, out,
                 "  %i = tg.nearest_codeword %z, %e : (" + z + ", " + e + ") -> " +
                     out + "\n  return %i : " + out)));
  }
  // The unfused spellings that tg-optimize turns into tg.nearest_codeword:
  // vq's argmin of the distances and Gumbel inference's argmax of −distances.
  cases.push_back(graphCase("nearest_codeword_unfused_argmin_23x5x11", [](GraphBuilder &b) {
    Value z = b.input("z", {23, 5}), e = b.input("e", {11, 5});
    b.output("i", b.argmin(squaredDistances(b, z, e), 1));
  }));
  cases.push_back(graphCase("nearest_codeword_unfused_argmax_neg_23x5x11",
                            [](GraphBuilder &b) {
                              Value z = b.input("z", {23, 5}), e = b.input("e", {11, 5});
                              b.output("i", b.argmax(b.neg(squaredDistances(b, z, e)), 1));
                            }));
}

//===--- Shape, constants, random ------------------------------------------===//

void addShapeCases(std::vector<OpCase> &cases) {
  for (const auto &[from, to] : std::vector<std::pair<Shape, Shape>>{
           {{3, 7, 13}, {21, 13}}, {{1, 1}, {}}, {{3, 7}, {7, 3}}, {{13}, {1, 13, 1}}}) {
    Shape f = from, t = to;
    cases.push_back(graphCase("reshape_" + shapeName(from) + "_to_" + shapeName(to),
                              [f, t](GraphBuilder &b) {
                                // Through an add, so that the reshape is not of
                                // an argument only.
                                Value x = b.input("x", f);
                                b.output("y", b.reshape(b.add(x, x), t));
                              }));
  }
  for (const auto &[shape, perm] : std::vector<std::pair<Shape, Shape>>{
           {{3, 7, 13}, {2, 0, 1}}, {{7, 13}, {1, 0}}, {{1, 7, 1, 3}, {3, 1, 0, 2}},
           {{2, 3, 5, 7}, {0, 2, 1, 3}}}) {
    Shape s = shape, p = perm;
    cases.push_back(graphCase("transpose_" + shapeName(shape) + "_perm_" + shapeName(perm),
                              [s, p](GraphBuilder &b) {
                                b.output("y", b.transpose(b.input("x", s), p));
                              }));
  }
  for (const auto &[shapes, axis] : std::vector<std::pair<std::vector<Shape>, int64_t>>{
           {{{3, 7}, {2, 7}, {5, 7}}, 0}, {{{3, 1}, {3, 7}, {3, 2}}, 1},
           {{{13}, {7}}, 0}, {{{2, 3, 1}, {2, 3, 13}}, -1}}) {
    std::vector<Shape> ss = shapes;
    int64_t a = axis;
    std::string name = "concat_axis" + std::to_string(axis < 0 ? 9 : axis);
    if (axis < 0)
      name = "concat_axis_minus1";
    for (const Shape &s : shapes)
      name += "_" + shapeName(s);
    cases.push_back(graphCase(name, [ss, a](GraphBuilder &b) {
      std::vector<Value> inputs;
      for (size_t i = 0; i < ss.size(); ++i)
        inputs.push_back(b.input("x" + std::to_string(i), ss[i]));
      b.output("y", b.concat(inputs, a));
    }));
  }
  struct Sl {
    std::string name;
    Shape shape, start, limit, strides;
  };
  for (const Sl &s : std::vector<Sl>{
           {"7x13_start1x2_stride2x3", {7, 13}, {1, 2}, {6, 13}, {2, 3}},
           {"13_one_element", {13}, {3}, {4}, {}},
           {"3x7x13_stride_middle2", {3, 7, 13}, {0, 0, 0}, {3, 7, 13}, {1, 2, 1}},
           {"3x7_last_column", {3, 7}, {0, 6}, {3, 7}, {}}}) {
    Sl c = s;
    cases.push_back(graphCase("slice_" + s.name, [c](GraphBuilder &b) {
      b.output("y", b.slice(b.input("x", c.shape), c.start, c.limit, c.strides));
    }));
  }
  cases.push_back(graphCase("gather_axis0_13x7_indices_3x5", [](GraphBuilder &b) {
    b.output("y", b.gather(b.input("p", {13, 7}), b.input("i", {3, 5}, b.i64(), 13), 0));
  }));
  cases.push_back(graphCase("gather_axis1_3x13_indices_7", [](GraphBuilder &b) {
    b.output("y", b.gather(b.input("p", {3, 13}), b.input("i", {7}, b.i64(), 13), 1));
  }));
  cases.push_back(graphCase("gather_axis1_2x13x3_indices_2x2", [](GraphBuilder &b) {
    b.output("y", b.gather(b.input("p", {2, 13, 3}), b.input("i", {2, 2}, b.i64(), 13), 1));
  }));
  cases.push_back(graphCase("gather_axis0_13x7_i32_indices_5", [](GraphBuilder &b) {
    b.output("y", b.gather(b.input("p", {13, 7}), b.input("i", {5}, intType(b, 32), 13), 0));
  }));
  cases.push_back(graphCase("gather_axis0_13x7_rank0_index", [](GraphBuilder &b) {
    b.output("y", b.gather(b.input("p", {13, 7}), b.input("i", {}, b.i64(), 13), 0));
  }));
  cases.push_back(graphCase("gather_axis0_i64_params_13_indices_7", [](GraphBuilder &b) {
    b.output("y", b.gather(b.input("p", {13}, b.i64(), 1000), b.input("i", {7}, b.i64(), 13), 0));
  }));
  for (const auto &[from, to] : std::vector<std::pair<Shape, Shape>>{
           {{7}, {3, 7}}, {{3, 1}, {3, 7}}, {{}, {2, 3}}, {{1, 7, 1}, {3, 7, 13}}}) {
    Shape f = from, t = to;
    cases.push_back(graphCase("broadcast_to_" + shapeName(from) + "_to_" + shapeName(to),
                              [f, t](GraphBuilder &b) {
                                b.output("y", b.broadcastTo(b.input("x", f), t));
                              }));
  }
  cases.push_back(graphCase("iota_f32_3x7_dim0", [](GraphBuilder &b) {
    b.output("y", b.iota({3, 7}, 0));
  }));
  cases.push_back(graphCase("iota_i64_3x7_dim1", [](GraphBuilder &b) {
    b.output("y", b.iota({3, 7}, 1, b.i64()));
  }));
  cases.push_back(graphCase("iota_i32_13_plus_input", [](GraphBuilder &b) {
    mlir::Type i32 = intType(b, 32);
    b.output("y", b.add(b.iota({13}, 0, i32), b.input("x", {13}, i32, 5)));
  }));
  cases.push_back(graphCase("one_hot_f32_indices_3x7_depth5", [](GraphBuilder &b) {
    b.output("y", b.oneHot(b.input("i", {3, 7}, b.i64(), 5), 5));
  }));
  cases.push_back(graphCase("one_hot_i64_indices_13_depth7", [](GraphBuilder &b) {
    b.output("y", b.oneHot(b.input("i", {13}, b.i64(), 7), 7, b.i64()));
  }));
  cases.push_back(graphCase("one_hot_f32_rank0_index_depth13", [](GraphBuilder &b) {
    b.output("y", b.oneHot(b.input("i", {}, b.i64(), 13), 13));
  }));
  cases.push_back(graphCase("constant_2x3_only", [](GraphBuilder &b) {
    b.output("y", b.constant({2, 3}, {1.5f, -2.0f, 3.25f, 0.0f, 7.0f, -0.125f}));
  }));
  cases.push_back(graphCase("constant_3_plus_input_2x3", [](GraphBuilder &b) {
    b.output("y", b.add(b.input("x", {2, 3}), b.constant({3}, {1.5f, -2.0f, 3.25f})));
  }));
  cases.push_back(graphCase("constant_rank0_times_input_13", [](GraphBuilder &b) {
    b.output("y", b.mul(b.input("x", {13}), b.scalar(0.3)));
  }));
}

void addRandomAndTrainingCases(std::vector<OpCase> &cases) {
  cases.push_back(graphCase("random_uniform_3x7_low_minus2_high3", [](GraphBuilder &b) {
    b.output("y", b.randomUniform({3, 7}, 11, -2.0, 3.0));
  }));
  cases.push_back(graphCase("random_uniform_rank0", [](GraphBuilder &b) {
    b.output("y", b.randomUniform({}, 12));
  }));
  cases.push_back(graphCase("random_normal_13_mean1_std2", [](GraphBuilder &b) {
    b.output("y", b.randomNormal({13}, 13, 1.0, 2.0));
  }));
  cases.push_back(graphCase("random_normal_2x1x7", [](GraphBuilder &b) {
    b.output("y", b.randomNormal({2, 1, 7}, 14));
  }));
  cases.push_back(graphCase("bernoulli_3x7_p0.3", [](GraphBuilder &b) {
    b.output("y", b.bernoulli({3, 7}, 0.3, 15));
  }));
  cases.push_back(graphCase("bernoulli_i1_13_p0.7", [](GraphBuilder &b) {
    b.output("y", b.bernoulli({13}, 0.7, 16, b.i1()));
  }));
  cases.push_back(graphCase("dropout_training_3x7_ratio0.3", [](GraphBuilder &b) {
    b.output("y", b.dropout(b.input("x", {3, 7}), 0.3, 17, true));
  }));
  cases.push_back(graphCase("dropout_inference_3x7", [](GraphBuilder &b) {
    b.output("y", b.dropout(b.input("x", {3, 7}), 0.3, 17, false));
  }));
  cases.push_back(graphCase("dropout_training_1x13_ratio0.5", [](GraphBuilder &b) {
    b.output("y", b.dropout(b.input("x", {1, 13}), 0.5, 18, true));
  }));
  // The step operand: a seeded random step in [0, 2^30) (an index-bounded
  // input) and a tg.step_counter input (random inputs give it 0 or 1).
  cases.push_back(graphCase("random_uniform_step_3x7", [](GraphBuilder &b) {
    Value step = b.input("step", {}, b.i64(), int64_t(1) << 30);
    b.output("y", b.randomUniform({3, 7}, 11, -2.0, 3.0, {}, step));
  }));
  cases.push_back(graphCase("random_normal_step_counter_13", [](GraphBuilder &b) {
    b.output("y", b.randomNormal({13}, 13, 1.0, 2.0, {}, b.stepCounter("rng.step")));
  }));
  cases.push_back(graphCase("bernoulli_i1_step_13_p0.7", [](GraphBuilder &b) {
    Value step = b.input("step", {}, b.i64(), int64_t(1) << 30);
    b.output("y", b.bernoulli({13}, 0.7, 16, b.i1(), step));
  }));
  cases.push_back(graphCase("dropout_training_step_3x7_ratio0.3", [](GraphBuilder &b) {
    Value step = b.input("step", {}, b.i64(), int64_t(1) << 30);
    b.output("y", b.dropout(b.input("x", {3, 7}), 0.3, 17, true, step));
  }));

  cases.push_back(graphCase("cross_entropy_7x13", [](GraphBuilder &b) {
    b.output("y", b.crossEntropy(b.input("l", {7, 13}), b.input("t", {7}, b.i64(), 13)));
  }));
  cases.push_back(graphCase("cross_entropy_2x3x5", [](GraphBuilder &b) {
    b.output("y", b.crossEntropy(b.input("l", {2, 3, 5}), b.input("t", {2, 3}, b.i64(), 5)));
  }));
  cases.push_back(graphCase("cross_entropy_7x13_ignore_index0", [](GraphBuilder &b) {
    b.output("y", b.crossEntropy(b.input("l", {7, 13}), b.input("t", {7}, b.i64(), 3), 0));
  }));
  cases.push_back(graphCase("cross_entropy_13_rank0_label", [](GraphBuilder &b) {
    b.output("y", b.crossEntropy(b.input("l", {13}), b.input("t", {}, b.i64(), 13)));
  }));
  cases.push_back(graphCase("cross_entropy_i32_labels_7x13", [](GraphBuilder &b) {
    b.output("y", b.crossEntropy(b.input("l", {7, 13}),
                                 b.input("t", {7}, intType(b, 32), 13)));
  }));
  cases.push_back(graphCase("mse_3x7", [](GraphBuilder &b) {
    b.output("y", b.mse(b.input("a", {3, 7}), b.input("b", {3, 7})));
  }));
  cases.push_back(graphCase("mse_1x10000", [](GraphBuilder &b) {
    b.output("y", b.mse(b.input("a", {1, 10000}), b.input("b", {1, 10000})));
  }));
  cases.push_back(graphCase("mse_rank0", [](GraphBuilder &b) {
    b.output("y", b.mse(b.input("a", {}), b.input("b", {})));
  }));
}

//===--- Recurrent ----------------------------------------------------------===//

void addRecurrentCases(std::vector<OpCase> &cases) {
  struct Rnn {
    bool lstm;
    int64_t layers;
    bool bidirectional, initialState;
    Shape x;
    int64_t hidden;
    /// Multiplies every weight and bias: 1/sqrt(hidden) draws them at
    /// PyTorch's initial scale. With unit normal weights, stacks of wide
    /// layers are chaotic: any f32 evaluation, op by op included, leaves
    /// the float64 reference by more than the tolerance.
    double weightScale = 1;
  };
  for (const Rnn &r : std::vector<Rnn>{
           {true, 1, false, false, {2, 5, 3}, 4},
           {true, 2, false, true, {2, 5, 3}, 4},
           {true, 1, true, true, {3, 7, 5}, 3},
           {true, 2, true, false, {2, 5, 3}, 4},
           {true, 1, false, true, {1, 1, 13}, 7},
           // Odd sizes past oneDNN's vector widths, longer sequences.
           {true, 2, true, true, {3, 9, 17}, 33},
           {true, 2, false, false, {5, 24, 40}, 64, 1 / std::sqrt(64.0)},
           {true, 2, true, true, {4, 40, 24}, 128, 1 / std::sqrt(128.0)},
           {true, 1, true, false, {1, 12, 6}, 19},
           {false, 1, false, false, {2, 5, 3}, 4},
           {false, 2, false, true, {2, 5, 3}, 4},
           {false, 1, true, true, {3, 7, 5}, 3},
           {false, 2, true, false, {2, 5, 3}, 4},
           {false, 1, false, true, {1, 1, 13}, 7},
           {false, 2, true, true, {3, 9, 17}, 33},
           {false, 2, false, false, {5, 24, 40}, 64, 1 / std::sqrt(64.0)},
           {false, 2, true, true, {4, 40, 24}, 128, 1 / std::sqrt(128.0)},
           {false, 1, true, false, {1, 12, 6}, 19}}) {
    std::string name = std::string(r.lstm ? "lstm" : "gru") + "_" +
                       std::to_string(r.layers) + "_layer" +
                       (r.bidirectional ? "_bidirectional" : "") +
                       (r.initialState ? "_initial_state" : "") + "_x_" +
                       shapeName(r.x) + "_hidden" + std::to_string(r.hidden) +
                       (r.weightScale != 1 ? "_weights_scaled" : "");
    Rnn c = r;
    cases.push_back(graphCase(name, [c](GraphBuilder &b) {
      int64_t gates = c.lstm ? 4 : 3, dirs = c.bidirectional ? 2 : 1, h = c.hidden;
      Value x = b.input("x", c.x);
      std::vector<Value> weights;
      for (int64_t l = 0; l < c.layers; ++l)
        for (int64_t d = 0; d < dirs; ++d) {
          std::string p = "l" + std::to_string(l) + (d ? "_reverse" : "");
          int64_t in = l == 0 ? c.x.back() : h * dirs;
          auto weight = [&](const std::string &name, Shape shape) {
            Value w = b.param(name, shape);
            return c.weightScale == 1 ? w : b.mul(w, b.scalar(c.weightScale));
          };
          weights.push_back(weight("weight_ih_" + p, {gates * h, in}));
          weights.push_back(weight("weight_hh_" + p, {gates * h, h}));
          weights.push_back(weight("bias_ih_" + p, {gates * h}));
          weights.push_back(weight("bias_hh_" + p, {gates * h}));
        }
      Shape state = {c.layers * dirs, c.x[0], h};
      Value h0 = c.initialState ? b.input("h0", state) : Value();
      if (c.lstm) {
        Value c0 = c.initialState ? b.input("c0", state) : Value();
        std::vector<Value> out =
            b.lstm(x, weights, h0, c0, h, c.layers, c.bidirectional);
        if (out.size() != 3)
          return;
        b.output("output", out[0]);
        b.output("h_n", out[1]);
        b.output("c_n", out[2]);
      } else {
        std::vector<Value> out = b.gru(x, weights, h0, h, c.layers, c.bidirectional);
        if (out.size() != 2)
          return;
        b.output("output", out[0]);
        b.output("h_n", out[1]);
      }
    }));
  }
}

//===--- Fused elementwise --------------------------------------------------===//

void addFusedElementwiseCases(std::vector<OpCase> &cases) {
  cases.push_back(textCase(
      "fused_elementwise_tanh_mul_3x7_with_7",
      mainText({{"a", ty({3, 7})}, {"b", ty({7})}}, ty({3, 7}), R"(
  %r = tg.fused_elementwise %a, %b : (tensor<3x7xf32>, tensor<7xf32>) -> tensor<3x7xf32> {
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    %0 = tg.mul %x, %y : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %1 = tg.tanh %0 : tensor<f32>
    tg.yield %1 : tensor<f32>
  }
  return %r : tensor<3x7xf32>)")));
  cases.push_back(textCase(
      "fused_elementwise_compare_select_constant_13",
      mainText({{"a", ty({13})}, {"b", ty({13})}}, ty({13}), R"(
  %r = tg.fused_elementwise %a, %b : (tensor<13xf32>, tensor<13xf32>) -> tensor<13xf32> {
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    %c = tg.constant dense<0.5> : tensor<f32>
    %0 = tg.compare gt, %x, %y : (tensor<f32>, tensor<f32>) -> tensor<i1>
    %1 = tg.mul %x, %c : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %2 = tg.gelu %y approximate(tanh) : tensor<f32>
    %3 = tg.select %0, %1, %2 : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
    tg.yield %3 : tensor<f32>
  }
  return %r : tensor<13xf32>)")));
  cases.push_back(textCase(
      "fused_elementwise_bool_and_int_operands_cast_3x1x7",
      mainText({{"m", ty({3, 1, 7}, "i1")}, {"n", ty({7}, "i64")}, {"s", ty({})}},
               ty({3, 1, 7}), R"(
  %r = tg.fused_elementwise %m, %n, %s : (tensor<3x1x7xi1>, tensor<7xi64>, tensor<f32>) -> tensor<3x1x7xf32> {
  ^bb0(%x: tensor<i1>, %y: tensor<i64>, %z: tensor<f32>):
    %0 = tg.cast %y : (tensor<i64>) -> tensor<f32>
    %1 = tg.mul %0, %z : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %2 = tg.exp %z : tensor<f32>
    %3 = tg.select %x, %1, %2 : (tensor<i1>, tensor<f32>, tensor<f32>) -> tensor<f32>
    tg.yield %3 : tensor<f32>
  }
  return %r : tensor<3x1x7xf32>)")));
  cases.push_back(textCase(
      "fused_elementwise_to_i1_2x3x5_with_rank0",
      mainText({{"a", ty({2, 3, 5})}, {"b", ty({})}}, ty({2, 3, 5}, "i1"), R"(
  %r = tg.fused_elementwise %a, %b : (tensor<2x3x5xf32>, tensor<f32>) -> tensor<2x3x5xi1> {
  ^bb0(%x: tensor<f32>, %y: tensor<f32>):
    %0 = tg.sigmoid %x : tensor<f32>
    %1 = tg.sub %0, %y : (tensor<f32>, tensor<f32>) -> tensor<f32>
    %2 = tg.abs %1 : tensor<f32>
    %c = tg.constant dense<0.25> : tensor<f32>
    %3 = tg.compare le, %2, %c : (tensor<f32>, tensor<f32>) -> tensor<i1>
    tg.yield %3 : tensor<i1>
  }
  return %r : tensor<2x3x5xi1>)")));
  // A chain that tg-fuse-elementwise turns into one op (no library kernel
  // covers it), so the reference also runs the fused op.
  OpCase fused = graphCase("fused_elementwise_by_pass_chain_3x13_with_13", [](GraphBuilder &b) {
    Value x = b.input("x", {3, 13}), w = b.input("w", {13});
    Value t = b.tanh(b.add(b.mul(x, w), b.scalar(1.0)));
    b.output("y", b.mul(t, b.sigmoid(b.sub(x, w))));
  });
  fused.fuseElementwise = true;
  cases.push_back(fused);
}

//===--- Element types oneDNN does not run ----------------------------------===//

void addUnsupportedTypeCases(std::vector<OpCase> &cases) {
  cases.push_back(graphCase("add_f16_3x7_unsupported_on_onednn", [](GraphBuilder &b) {
    mlir::Type f16 = mlir::Float16Type::get(b.f32().getContext());
    b.output("y", b.add(b.input("a", {3, 7}, f16), b.input("b", {3, 7}, f16)));
  }, unsupported("tg.add")));
  cases.push_back(graphCase("softmax_bf16_3x7_unsupported_on_onednn", [](GraphBuilder &b) {
    mlir::Type bf16 = mlir::BFloat16Type::get(b.f32().getContext());
    b.output("y", b.softmax(b.input("x", {3, 7}, bf16)));
  }, unsupported("tg.softmax")));
  cases.push_back(graphCase("matmul_f64_3x5_by_5x7_unsupported_on_onednn", [](GraphBuilder &b) {
    b.output("y", b.matmul(b.input("a", {3, 5}, b.f64()), b.input("b", {5, 7}, b.f64())));
  }, unsupported("tg.matmul")));
  cases.push_back(graphCase("exp_f64_13_unsupported_on_onednn", [](GraphBuilder &b) {
    b.output("y", b.exp(b.input("x", {13}, b.f64())));
  }, unsupported("tg.exp")));
  cases.push_back(graphCase("cast_f32_to_f16_13_unsupported_on_onednn", [](GraphBuilder &b) {
    b.output("y", b.cast(b.input("x", {13}), mlir::Float16Type::get(b.f32().getContext())));
  }, unsupported("tg.cast")));
}

std::vector<OpCase> allCases() {
  std::vector<OpCase> cases;
  addElementwiseCases(cases);
  addMatmulCases(cases);
  addReductionCases(cases);
  addAttentionCases(cases);
  addVqCases(cases);
  addShapeCases(cases);
  addRandomAndTrainingCases(cases);
  addRecurrentCases(cases);
  addFusedElementwiseCases(cases);
  addUnsupportedTypeCases(cases);
  return cases;
}

class OpConformanceTest : public ::testing::TestWithParam<OpCase> {
protected:
  OpConformanceTest() { loadDialects(context_); }
  mlir::MLIRContext context_;
};

TEST_P(OpConformanceTest, MatchesReferenceOnEveryBackend) {
  const OpCase &c = GetParam();
  mlir::OwningOpRef<mlir::ModuleOp> module;
  if (c.graph) {
    GraphBuilder b(&context_);
    c.graph(b);
    absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> built = b.finish();
    ASSERT_TRUE(built.ok()) << built.status();
    module = std::move(*built);
  } else {
    module = mlir::parseSourceString<mlir::ModuleOp>(c.mlir, &context_);
    ASSERT_TRUE(module) << "does not parse:\n" << c.mlir;
  }
  if (c.fuseElementwise) {
    mlir::PassManager pm(&context_);
    pm.addNestedPass<mlir::func::FuncOp>(createFuseElementwisePass());
    ASSERT_TRUE(mlir::succeeded(pm.run(*module)));
    bool fused = false;
    module->walk([&](tg::FusedElementwiseOp) { fused = true; });
    ASSERT_TRUE(fused) << "tg-fuse-elementwise made no tg.fused_elementwise";
  }
  EXPECT_TRUE(conformsOnEveryBackend(*module, c.options));
}

std::string sanitize(const std::string &name) {
  std::string s;
  for (char ch : name)
    s += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
  return s;
}

INSTANTIATE_TEST_SUITE_P(
    AllOps, OpConformanceTest, ::testing::ValuesIn(allCases()),
    [](const ::testing::TestParamInfo<OpCase> &info) { return sanitize(info.param.name); });

} // namespace
} // namespace tgc::conformance
