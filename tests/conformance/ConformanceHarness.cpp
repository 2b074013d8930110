//===- ConformanceHarness.cpp - one graph on every backend ----------------===//
//
// See ConformanceHarness.h. The comparison is the one `tgc conformance`
// makes (tools/tgc/Conformance.cpp): relative error per output, NaN on one
// side only is an infinite error, integers compare exactly.
//
//===----------------------------------------------------------------------===//

#include "tests/conformance/ConformanceHarness.h"

#include "backends/Backend.h"
#include "backends/Tolerance.h"
#include "backends/reference/ReferenceBackend.h"
#include "ir/ProgramSignature.h"
#include "ir/TgOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <cmath>
#include <sstream>

namespace tgc::conformance {
namespace {

mlir::func::FuncOp mainOf(mlir::ModuleOp module) {
  return module.lookupSymbol<mlir::func::FuncOp>("main");
}

bool isFloatDType(DType dtype) {
  return dtype == DType::F32 || dtype == DType::F64 || dtype == DType::F16 ||
         dtype == DType::BF16;
}

double elementOf(const Tensor &t, int64_t i) {
  switch (t.dtype()) {
  case DType::F32: return t.dataAs<float>()[i];
  case DType::F64: return t.dataAs<double>()[i];
  case DType::F16: return halfToFloat(t.dataAs<uint16_t>()[i]);
  case DType::BF16: return bf16ToFloat(t.dataAs<uint16_t>()[i]);
  case DType::I1: return t.dataAs<uint8_t>()[i];
  case DType::I32: return t.dataAs<int32_t>()[i];
  case DType::I64: return static_cast<double>(t.dataAs<int64_t>()[i]);
  }
  return 0;
}

/// The comparison of one output; `worst` is the element with the largest
/// absolute difference (or the first NaN mismatch).
struct Comparison {
  double error = 0;
  int64_t worst = -1;
};

Comparison compareFloat(const Tensor &got, const reference::RefValue &want) {
  Comparison c;
  double diff = 0, norm = 0, largest = -1;
  for (int64_t i = 0; i < want.size(); ++i) {
    double x = elementOf(got, i), y = want.asDouble(i);
    if (std::isnan(x) || std::isnan(y)) {
      if (std::isnan(x) != std::isnan(y)) {
        c.error = INFINITY;
        c.worst = i;
        return c;
      }
      continue;
    }
    if (std::abs(x - y) > largest) {
      largest = std::abs(x - y);
      c.worst = i;
    }
    diff += (x - y) * (x - y);
    norm += y * y;
  }
  c.error = norm == 0 ? (diff == 0 ? 0 : INFINITY) : std::sqrt(diff / norm);
  return c;
}

/// Integers and booleans: the count of differing elements.
Comparison compareExact(const Tensor &got, const reference::RefValue &want) {
  Comparison c;
  for (int64_t i = 0; i < want.size(); ++i) {
    int64_t x = got.dtype() == DType::I1 ? got.dataAs<uint8_t>()[i] != 0
                : got.dtype() == DType::I32
                    ? got.dataAs<int32_t>()[i]
                    : got.dataAs<int64_t>()[i];
    int64_t y = want.isFloat() ? static_cast<int64_t>(want.asDouble(i)) : want.asInt(i);
    if (got.dtype() == DType::I1)
      y = y != 0;
    if (x != y) {
      if (c.worst < 0)
        c.worst = i;
      c.error += 1;
    }
  }
  return c;
}

std::string describeElement(const Tensor &got, const reference::RefValue &want,
                            int64_t i) {
  std::ostringstream os;
  os.precision(9);
  os << "element " << i << ": got " << elementOf(got, i) << ", reference "
     << want.asDouble(i);
  return os.str();
}

} // namespace

void loadDialects(mlir::MLIRContext &context) {
  context.loadDialect<tg::TgDialect, mlir::func::FuncDialect>();
}

std::vector<Tensor> randomArguments(mlir::ModuleOp module,
                                    const CaseOptions &options) {
  std::vector<Tensor> args;
  absl::StatusOr<Signature> signature = tg::signatureOf(mainOf(module));
  if (!signature.ok())
    return args;
  for (size_t i = 0; i < signature->arguments.size(); ++i) {
    const ArgumentSpec &spec = signature->arguments[i];
    Tensor t = randomTensor(spec.tensor, options.seed, i, spec.indexBound);
    if (options.positiveInputs && t.dtype() == DType::F32)
      for (int64_t k = 0; k < t.numElements(); ++k)
        t.dataAs<float>()[k] = std::abs(t.dataAs<float>()[k]) + 0.5f;
    if (options.positiveInputs && t.dtype() == DType::F64)
      for (int64_t k = 0; k < t.numElements(); ++k)
        t.dataAs<double>()[k] = std::abs(t.dataAs<double>()[k]) + 0.5;
    args.push_back(std::move(t));
  }
  return args;
}

::testing::AssertionResult conformsOnEveryBackend(mlir::ModuleOp module,
                                                  const CaseOptions &options) {
  if (!module)
    return ::testing::AssertionFailure() << "no module";
  mlir::func::FuncOp fn = mainOf(module);
  if (!fn)
    return ::testing::AssertionFailure() << "no @main";
  absl::StatusOr<Signature> signature = tg::signatureOf(fn);
  if (!signature.ok())
    return ::testing::AssertionFailure() << signature.status();
  std::vector<Tensor> args = randomArguments(module, options);
  absl::StatusOr<std::vector<reference::RefValue>> expected =
      reference::evaluateInFloat64(fn, args);
  if (!expected.ok())
    return ::testing::AssertionFailure() << "reference: " << expected.status();
  double tolerance = toleranceOf(fn);

  std::ostringstream failures;
  bool pass = true;
  int backendsRun = 0;
  for (const Backend *backend : backends()) {
    std::string name = backend->name().str();
    if (name == "reference")
      continue;
    ++backendsRun;
    absl::StatusOr<std::unique_ptr<Program>> program =
        prepareProgram(*backend, module, "main");
    bool expectUnsupported =
        !options.unsupportedOnOneDnn.empty() && name == "onednn";
    if (expectUnsupported) {
      std::string message =
          program.ok() ? "" : std::string(program.status().message());
      if (program.ok() ||
          program.status().code() != absl::StatusCode::kUnimplemented ||
          message.find(options.unsupportedOnOneDnn) == std::string::npos ||
          message.find("onednn") == std::string::npos) {
        pass = false;
        failures << "\n  " << name << ": expected kUnimplemented naming '"
                 << options.unsupportedOnOneDnn << "' and 'onednn', got "
                 << (program.ok() ? std::string("a program")
                                  : program.status().ToString());
      }
      continue;
    }
    if (!program.ok()) {
      pass = false;
      failures << "\n  " << name << ": prepareProgram failed: "
               << program.status().ToString();
      continue;
    }
    RunOptions runOptions;
    runOptions.poison = true;
    absl::StatusOr<std::vector<Tensor>> results = (*program)->run(args, runOptions);
    if (!results.ok()) {
      pass = false;
      failures << "\n  " << name << ": run failed: " << results.status().ToString();
      continue;
    }
    if (results->size() != expected->size()) {
      pass = false;
      failures << "\n  " << name << ": " << results->size()
               << " outputs, reference has " << expected->size();
      continue;
    }
    for (size_t i = 0; i < results->size(); ++i) {
      const Tensor &got = (*results)[i];
      const TensorSpec &spec = signature->results[i];
      if (got.dtype() != spec.dtype || got.shape() != spec.shape) {
        pass = false;
        failures << "\n  " << name << " output '" << spec.name << "': got "
                 << got.typeString() << ", expected " << spec.typeString();
        continue;
      }
      bool exact = !isFloatDType(got.dtype());
      Comparison c = exact ? compareExact(got, (*expected)[i])
                           : compareFloat(got, (*expected)[i]);
      bool ok = exact ? c.error == 0 : c.error <= tolerance;
      if (ok)
        continue;
      pass = false;
      failures << "\n  " << name << " output '" << spec.name << "' "
               << got.typeString() << ": ";
      if (exact)
        failures << c.error << " of " << got.numElements()
                 << " elements differ (integers compare exactly)";
      else
        failures << "relative error " << c.error << " > tolerance " << tolerance;
      if (c.worst >= 0)
        failures << "; worst " << describeElement(got, (*expected)[i], c.worst);
    }
  }
  if (!pass)
    return ::testing::AssertionFailure() << "conformance failures:" << failures.str();
  return ::testing::AssertionSuccess()
         << backendsRun << " backend(s) within " << tolerance;
}

} // namespace tgc::conformance
