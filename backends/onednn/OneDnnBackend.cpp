//===- OneDnnBackend.cpp - compiling tg functions to executables ----------===//
//
// Walks the lowered function in order: tg.constant becomes an executable
// constant, tg.reshape an alias of its operand's storage, and every other
// op a step whose kernel is made from the spec the op's lowering gives.
//
//===----------------------------------------------------------------------===//

#include "backends/onednn/OneDnnBackend.h"

#include "backends/onednn/Lowering.h"
#include "backends/onednn/kernels/DnnlContext.h"
#include "ir/ProgramSignature.h"
#include "ir/TgOps.h"
#include "passes/Passes.h"

#include "absl/strings/str_cat.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/DenseMap.h"

#include <cstring>
#include <optional>
#include <variant>

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {
namespace {

std::string &testCorruptOp() {
  static std::string name;
  return name;
}

/// Wraps a kernel and changes its first output element (test-only).
class CorruptingKernel : public Kernel {
public:
  explicit CorruptingKernel(std::unique_ptr<Kernel> inner) : inner_(std::move(inner)) {}
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    absl::Status status = inner_->run(in, out);
    if (status.ok() && out[0].dtype == DType::F32 && out[0].numElements() > 0)
      out[0].as<float>()[0] += 1.0f;
    return status;
  }

private:
  std::unique_ptr<Kernel> inner_;
};

/// The operand an elementwise kernel may write its result over: one of the
/// result's type, so its elements map one to one onto the result's. The
/// elementwise kernels (ElementwiseKernels.cpp) read each element, or each
/// row, of their inputs before they write the same element or row.
std::optional<int> overwritableOperand(const KernelSpec &spec, Operation *op) {
  bool elementwise = std::holds_alternative<UnarySpec>(spec) ||
                     std::holds_alternative<BinarySpec>(spec) ||
                     std::holds_alternative<SelectSpec>(spec) ||
                     std::holds_alternative<ElementwiseProgram>(spec);
  if (!elementwise || op->getNumResults() != 1)
    return std::nullopt;
  for (auto [i, operand] : llvm::enumerate(op->getOperands()))
    if (operand.getType() == op->getResult(0).getType())
      return static_cast<int>(i);
  return std::nullopt;
}

bool supportedElementType(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return false;
  Type e = tensor.getElementType();
  return e.isF32() || e.isInteger(1) || e.isInteger(32) || e.isInteger(64);
}

/// A tg.constant's elements as a host tensor.
Tensor constantTensor(ConstantOp op) {
  auto dense = cast<DenseElementsAttr>(op.getValue());
  DType dtype = dtypeOf(op.getResult());
  Tensor t = Tensor::allocate(dtype, shapeOf(op.getResult()));
  int64_t i = 0;
  if (dtype == DType::F32) {
    for (APFloat v : dense.getValues<APFloat>())
      t.dataAs<float>()[i++] = v.convertToFloat();
  } else {
    for (APInt v : dense.getValues<APInt>()) {
      if (dtype == DType::I1) t.dataAs<uint8_t>()[i] = v.getZExtValue() != 0;
      else if (dtype == DType::I32) t.dataAs<int32_t>()[i] = static_cast<int32_t>(v.getSExtValue());
      else t.dataAs<int64_t>()[i] = v.getSExtValue();
      ++i;
    }
  }
  return t;
}

class ExecutableProgram : public Program {
public:
  explicit ExecutableProgram(std::unique_ptr<Executable> executable)
      : executable_(std::move(executable)) {}
  const Signature &signature() const override { return executable_->signature(); }
  absl::StatusOr<std::vector<Tensor>> run(const std::vector<Tensor> &arguments,
                                          const RunOptions &options) override {
    // Subnormal f32 values slow every kernel by an order of magnitude
    // (softmax backward above all); flush them on every worker thread.
    flushDenormalsOnAllThreads();
    return executable_->run(arguments, options);
  }
  absl::StatusOr<std::string> serialize() const override {
    return executable_->serialize(kBackendName);
  }
  std::optional<ArenaSize> arenaSize() const override {
    return ArenaSize{executable_->arenaBytes(), executable_->unplannedBytes()};
  }

private:
  std::unique_ptr<Executable> executable_;
};

class OneDnnBackendImpl : public Backend {
public:
  llvm::StringRef name() const override { return {kBackendName.data(), kBackendName.size()}; }
  llvm::StringRef description() const override {
    return "CPU: oneDNN primitives and OpenMP kernels (f32)";
  }

  bool supportsOp(Operation *op) const override {
    if (!isa<ConstantOp, ReshapeOp>(op) && !loweringTable().lookup(op))
      return false;
    return llvm::all_of(op->getOperandTypes(), supportedElementType) &&
           llvm::all_of(op->getResultTypes(), supportedElementType);
  }

  void buildLoweringPipeline(OpPassManager &pm) const override {
    // tg.lstm and tg.gru run as oneDNN RNN primitives (RnnKernels.h); only
    // an op whose kernel cannot be made (another element type, a
    // configuration oneDNN refuses) runs as its per-step ops instead.
    pm.nest<func::FuncOp>().addPass(createDecomposeRnnPass(
        [this](Operation *op) { return !makesKernel(op); }));
  }

  /// Whether `op` is supported and its lowering and kernel succeed: the
  /// kernel is made and dropped (compile time only; for the ops whose
  /// fallback is a rewrite before lowering, tg.lstm and tg.gru).
  bool makesKernel(Operation *op) const {
    const Lowering *lowering = loweringTable().lookup(op);
    if (!lowering || !supportsOp(op))
      return false;
    absl::StatusOr<KernelSpec> spec = (*lowering)(op);
    return spec.ok() && makeKernel(*spec).ok();
  }

  absl::StatusOr<std::unique_ptr<Program>>
  compile(func::FuncOp fn) const override {
    absl::StatusOr<Signature> signature = tg::signatureOf(fn);
    if (!signature.ok())
      return signature.status();
    ExecutableBuilder builder(*signature);
    llvm::DenseMap<Value, int> ids;
    for (BlockArgument arg : fn.getArguments())
      ids[arg] = builder.argument(arg.getArgNumber());

    int64_t opIndex = -1;
    bool corrupted = false; // the test switch hits one kernel per compile
    for (Operation &op : fn.getBody().front()) {
      ++opIndex;
      if (auto ret = dyn_cast<func::ReturnOp>(op)) {
        std::vector<int> results;
        for (Value v : ret.getOperands())
          results.push_back(ids.at(v));
        builder.setResults(results);
        continue;
      }
      if (auto constant = dyn_cast<ConstantOp>(op)) {
        ids[constant] = builder.addConstant(constantTensor(constant));
        continue;
      }
      if (auto reshape = dyn_cast<ReshapeOp>(op)) {
        ids[reshape] = builder.addAlias(ids.at(reshape.getOperand()),
                                        shapeOf(reshape.getResult()));
        continue;
      }
      const Lowering *lowering = loweringTable().lookup(&op);
      std::string where = describeLocation(op.getLoc());
      if (!lowering || !supportsOp(&op))
        return absl::UnimplementedError(absl::StrCat(
            where, ": '", op.getName().getStringRef().str(),
            "' op is not supported by backend 'onednn'"));
      auto opError = [&](const absl::Status &status) {
        return absl::Status(status.code(),
                            absl::StrCat(where, ": '", op.getName().getStringRef().str(),
                                         "' op: ", status.message()));
      };
      absl::StatusOr<KernelSpec> spec = (*lowering)(&op);
      if (!spec.ok())
        return opError(spec.status());
      absl::StatusOr<std::unique_ptr<Kernel>> kernel = makeKernel(*spec);
      if (!kernel.ok())
        return opError(kernel.status());
      std::unique_ptr<Kernel> k = std::move(*kernel);
      if (!corrupted && op.getName().getStringRef() == testCorruptOp()) {
        k = std::make_unique<CorruptingKernel>(std::move(k));
        corrupted = true;
      }
      std::vector<int> inputs, outputs;
      for (Value v : op.getOperands())
        inputs.push_back(ids.at(v));
      for (Value v : op.getResults()) {
        ids[v] = builder.addValue(dtypeOf(v), shapeOf(v));
        outputs.push_back(ids[v]);
      }
      builder.addStep(std::move(k), encodeKernelSpec(*spec), inputs, outputs,
                      {op.getName().getStringRef().str(), where, opIndex},
                      overwritableOperand(*spec, &op));
    }
    absl::StatusOr<std::unique_ptr<Executable>> executable = builder.finish();
    if (!executable.ok())
      return executable.status();
    return std::unique_ptr<Program>(new ExecutableProgram(std::move(*executable)));
  }
};

} // namespace

const LoweringTable &loweringTable() {
  static const LoweringTable table = [] {
    LoweringTable t;
    registerElementwiseLowerings(t);
    registerMatmulLowerings(t);
    registerNormalizationLowerings(t);
    registerReductionLowerings(t);
    registerShapeLowerings(t);
    registerRandomLowerings(t);
    registerLossLowerings(t);
    registerAttentionLowerings(t);
    registerRnnLowerings(t);
    registerVqLowerings(t);
    return t;
  }();
  return table;
}

std::vector<int64_t> shapeOf(Value value) {
  ArrayRef<int64_t> shape = cast<RankedTensorType>(value.getType()).getShape();
  return std::vector<int64_t>(shape.begin(), shape.end());
}

DType dtypeOf(Value value) {
  // Callers only see types supportsOp accepted.
  return *tg::dtypeOf(cast<RankedTensorType>(value.getType()).getElementType(),
                      "value");
}

const Backend &oneDnnBackend() {
  static const OneDnnBackendImpl backend;
  return backend;
}

void setTestCorruptOp(std::string opName) { testCorruptOp() = std::move(opName); }

} // namespace tgc::onednn
