//===- GraphBuilder.h - build tg functions from C++ -------------*- C++ -*-===//
//
// A C++ API for writing tg programs: declare named parameters and inputs,
// call one method per op, name the outputs, finish(). Every op is checked
// as it is added (result types inferred, verifier run), so a shape mistake
// is reported at the call that made it, with the scope it was made in and
// the shapes involved. After the first error every call is a no-op that
// returns a null Value, and finish() returns that error.
//
//   GraphBuilder b(&context);
//   Value x = b.input("x", {2, 4});
//   Value w = b.param("fc.weight", {3, 4});
//   b.output("y", b.linear(x, w, b.param("fc.bias", {3})));
//   absl::StatusOr<OwningOpRef<ModuleOp>> module = b.finish();
//
//===----------------------------------------------------------------------===//

#ifndef TGC_FRONTEND_GRAPHBUILDER_H
#define TGC_FRONTEND_GRAPHBUILDER_H

#include "ir/TgOps.h"

#include "absl/status/statusor.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include <optional>
#include <string>
#include <vector>

namespace tgc::frontend {

using mlir::Value;

class GraphBuilder {
public:
  /// Builds @functionName in a new module. Loads the tg and func dialects.
  explicit GraphBuilder(mlir::MLIRContext *context,
                        llvm::StringRef functionName = "main");

  /// Names the ops created while the returned object lives; scopes nest
  /// with '.', e.g. "decoder.layers.0.self_attn". The scope becomes each
  /// op's location, so IR dumps and errors say where an op came from.
  class Scope {
  public:
    ~Scope();
    Scope(Scope &&other) noexcept;
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

  private:
    friend class GraphBuilder;
    Scope(GraphBuilder *builder, size_t restoreTo);
    GraphBuilder *builder_;
    size_t restoreTo_;
  };
  [[nodiscard]] Scope scope(llvm::StringRef name);

  //===--- Signature ------------------------------------------------------===//

  /// A weight, bound by `name` from a safetensors file. Element type f32
  /// unless given.
  Value param(llvm::StringRef name, llvm::ArrayRef<int64_t> shape,
              mlir::Type elementType = {});
  /// An input; `indexBound` marks integer inputs holding indices in
  /// [0, indexBound) (random inputs respect it).
  Value input(llvm::StringRef name, llvm::ArrayRef<int64_t> shape,
              mlir::Type elementType = {},
              std::optional<int64_t> indexBound = std::nullopt);
  /// A tensor<i64> scalar input marked `tg.step_counter`: `tgc train` sets
  /// it to the step index, so random ops given it as `step` draw fresh,
  /// reproducible values every training step.
  Value stepCounter(llvm::StringRef name);
  /// Adds a named result, in call order.
  void output(llvm::StringRef name, Value value);

  /// The module with the finished function, or the first error.
  absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> finish();

  /// OK until a call fails; then that call's error.
  const absl::Status &status() const { return status_; }

  //===--- Types and constants -------------------------------------------===//

  mlir::Type f32() { return builder_.getF32Type(); }
  mlir::Type f64() { return builder_.getF64Type(); }
  mlir::Type i1() { return builder_.getI1Type(); }
  mlir::Type i64() { return builder_.getI64Type(); }
  llvm::ArrayRef<int64_t> shapeOf(Value v) const;

  /// A rank-0 constant of `elementType` (default f32).
  Value scalar(double value, mlir::Type elementType = {});
  /// A dense f32 constant of `shape` holding `values` in row-major order.
  Value constant(llvm::ArrayRef<int64_t> shape, llvm::ArrayRef<float> values);
  Value constant(mlir::DenseElementsAttr value);

  //===--- Elementwise ----------------------------------------------------===//

  Value add(Value a, Value b);
  Value sub(Value a, Value b);
  Value mul(Value a, Value b);
  Value div(Value a, Value b);
  Value max(Value a, Value b);
  Value min(Value a, Value b);
  Value pow(Value a, Value b);
  Value neg(Value x);
  Value abs(Value x);
  Value exp(Value x);
  Value log(Value x);
  Value sqrt(Value x);
  Value rsqrt(Value x);
  Value tanh(Value x);
  Value sigmoid(Value x);
  Value relu(Value x);
  Value erf(Value x);
  Value sin(Value x);
  Value cos(Value x);
  Value gelu(Value x, tg::GeluApproximation approximate = tg::GeluApproximation::Erf);
  Value stopGradient(Value x);
  Value compare(tg::CompareDirection direction, Value a, Value b);
  Value select(Value condition, Value onTrue, Value onFalse);
  Value cast(Value x, mlir::Type elementType);

  //===--- Linear algebra, reductions, normalization ----------------------===//

  Value matmul(Value a, Value b, bool transposeA = false, bool transposeB = false);
  /// x · weightᵀ + bias with weight [out, in] (torch.nn.Linear's layout);
  /// `bias` may be null.
  Value linear(Value x, Value weight, Value bias);

  Value reduceSum(Value x, llvm::ArrayRef<int64_t> axes, bool keepdims = false);
  Value reduceMean(Value x, llvm::ArrayRef<int64_t> axes, bool keepdims = false);
  Value reduceMax(Value x, llvm::ArrayRef<int64_t> axes, bool keepdims = false);
  Value reduceMin(Value x, llvm::ArrayRef<int64_t> axes, bool keepdims = false);
  Value argmax(Value x, int64_t axis, bool keepdims = false);
  Value argmin(Value x, int64_t axis, bool keepdims = false);

  Value softmax(Value x, int64_t axis = -1);
  Value logSoftmax(Value x, int64_t axis = -1);
  /// Normalizes over the axes from `axis` on; `scale` and `bias` may be null.
  Value layerNorm(Value x, Value scale, Value bias, int64_t axis = -1,
                  double epsilon = 1e-5);

  //===--- Recurrent ------------------------------------------------------===//

  /// tg.lstm over a stack of `numLayers` layers (torch.nn.LSTM with
  /// batch_first=True). `weights` in PyTorch's flat order (per layer, forward
  /// then reverse: weight_ih, weight_hh, bias_ih, bias_hh); `h0` and `c0`
  /// may be null (zero initial state). Returns {output, h_n, c_n}, or an
  /// empty vector after an error.
  std::vector<Value> lstm(Value x, llvm::ArrayRef<Value> weights, Value h0,
                          Value c0, int64_t hiddenSize, int64_t numLayers = 1,
                          bool bidirectional = false);
  /// tg.gru (torch.nn.GRU), likewise; returns {output, h_n}.
  std::vector<Value> gru(Value x, llvm::ArrayRef<Value> weights, Value h0,
                         int64_t hiddenSize, int64_t numLayers = 1,
                         bool bidirectional = false);

  //===--- Shape ----------------------------------------------------------===//

  Value reshape(Value x, llvm::ArrayRef<int64_t> shape);
  Value transpose(Value x, llvm::ArrayRef<int64_t> permutation);
  Value concat(llvm::ArrayRef<Value> inputs, int64_t axis);
  Value slice(Value x, llvm::ArrayRef<int64_t> start, llvm::ArrayRef<int64_t> limit,
              llvm::ArrayRef<int64_t> strides = {});
  Value gather(Value params, Value indices, int64_t axis = 0);
  Value broadcastTo(Value x, llvm::ArrayRef<int64_t> shape);
  Value iota(llvm::ArrayRef<int64_t> shape, int64_t dimension,
             mlir::Type elementType = {});
  Value oneHot(Value indices, int64_t depth, mlir::Type elementType = {});

  //===--- Random and training -------------------------------------------===//

  // `step`, when given, is the random op's step operand (a tensor<i64>
  // scalar, usually stepCounter()): it selects the stream of that step.
  Value randomUniform(llvm::ArrayRef<int64_t> shape, int64_t seed,
                      double low = 0.0, double high = 1.0,
                      mlir::Type elementType = {}, Value step = {});
  Value randomNormal(llvm::ArrayRef<int64_t> shape, int64_t seed,
                     double mean = 0.0, double stddev = 1.0,
                     mlir::Type elementType = {}, Value step = {});
  Value bernoulli(llvm::ArrayRef<int64_t> shape, double probability,
                  int64_t seed, mlir::Type elementType = {}, Value step = {});
  Value dropout(Value x, double ratio, int64_t seed, bool training,
                Value step = {});
  Value crossEntropy(Value logits, Value labels,
                     std::optional<int64_t> ignoreIndex = std::nullopt);
  Value mse(Value a, Value b);

private:
  mlir::Location location();
  mlir::RankedTensorType tensorType(llvm::ArrayRef<int64_t> shape,
                                    mlir::Type elementType);
  /// True when every operand is usable (no earlier error).
  bool ready(llvm::ArrayRef<Value> operands) const;
  /// Infers the result type of `op` (when it implements type inference),
  /// verifies it, and returns its result; on failure records the error for
  /// `call`, erases `op`, and returns null.
  Value check(llvm::StringRef call, mlir::Operation *op);
  /// check() for an op with several results: all of them, or none.
  std::vector<Value> checkAll(llvm::StringRef call, mlir::Operation *op);
  Value addArgument(llvm::StringRef attrName, llvm::StringRef name,
                    llvm::ArrayRef<int64_t> shape, mlir::Type elementType,
                    std::optional<int64_t> indexBound);

  template <typename OpT, typename... Args>
  Value create(llvm::StringRef call, llvm::ArrayRef<Value> operands,
               mlir::Type resultType, Args &&...args);

  mlir::MLIRContext *context_;
  mlir::OpBuilder builder_;
  mlir::OwningOpRef<mlir::ModuleOp> module_;
  mlir::func::FuncOp function_;
  std::vector<std::string> scopes_;
  std::vector<mlir::DictionaryAttr> argumentAttrs_;
  std::vector<Value> results_;
  std::vector<std::string> resultNames_;
  absl::Status status_;
};

} // namespace tgc::frontend

#endif // TGC_FRONTEND_GRAPHBUILDER_H
