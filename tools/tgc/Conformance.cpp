//===- Conformance.cpp - every backend against the float64 reference ------===//
//
// Outputs are compared by relative error ||backend - reference|| /
// ||reference||, under the tolerance of the function's op families
// (backends/Tolerance.h). Backend outputs are poisoned before each run so
// an element no kernel wrote shows up as NaN. Bisection runs the
// reference on the backend's own lowered IR, records every op's value,
// and names the first backend step whose output departs.
//
//===----------------------------------------------------------------------===//

#include "tools/tgc/Conformance.h"

#include "backends/Backend.h"
#include "backends/Tolerance.h"
#include "backends/reference/ReferenceBackend.h"
#include "ir/ProgramSignature.h"

#include "llvm/Support/Format.h"

#include <cmath>
#include <map>

using namespace mlir;

namespace tgc {
namespace {

/// ||got - want|| / ||want|| for a backend's output.
double relativeError(const TensorView &got, const reference::RefValue &want) {
  return reference::relativeError(
      [&](int64_t i) { return loadAsDouble(got.dtype, got.data, i); }, want);
}

TensorView viewOf(const Tensor &t) {
  return {const_cast<void *>(t.data()), t.dtype(), &t.shape()};
}

/// Names the first step of `backend` whose output departs from the
/// reference evaluation of the same lowered IR.
void bisect(const Backend &backend, ModuleOp module, func::FuncOp fn,
            const std::vector<Tensor> &arguments, double tolerance,
            llvm::raw_ostream &os) {
  absl::StatusOr<OwningOpRef<ModuleOp>> lowered =
      lowerCopy(backend, module, fn.getSymName());
  if (!lowered.ok()) {
    os << "    bisect: " << std::string(lowered.status().message()) << "\n";
    return;
  }
  auto loweredFn = (*lowered)->lookupSymbol<func::FuncOp>(fn.getSymName());
  std::map<int64_t, std::vector<reference::RefValue>> expected;
  absl::StatusOr<std::vector<reference::RefValue>> ref =
      reference::evaluateInFloat64(
          loweredFn, arguments,
          [&](int64_t index, Operation *, ArrayRef<reference::RefValue> results) {
            expected[index] = results.vec();
          });
  absl::StatusOr<std::unique_ptr<Program>> program = backend.compile(loweredFn);
  if (!ref.ok() || !program.ok()) {
    os << "    bisect: "
       << std::string(!ref.ok() ? ref.status().message()
                                : program.status().message())
       << "\n";
    return;
  }
  bool found = false;
  RunOptions options;
  options.poison = true;
  options.afterStep = [&](const StepOrigin &origin,
                          const std::vector<TensorView> &outputs) {
    if (found || !expected.count(origin.opIndex))
      return;
    const std::vector<reference::RefValue> &want = expected[origin.opIndex];
    for (size_t i = 0; i < outputs.size() && i < want.size(); ++i) {
      double error = relativeError(outputs[i], want[i]);
      if (error > tolerance) {
        os << "    bisect: first op that departs: '" << origin.opName << "' at "
           << origin.location << " (result " << i << ": relative error "
           << llvm::format("%.3g", error) << " > " << llvm::format("%g", tolerance) << ")\n";
        found = true;
        return;
      }
    }
  };
  absl::StatusOr<std::vector<Tensor>> ignored = (*program)->run(arguments, options);
  if (!found)
    os << "    bisect: every op agrees with the reference; the difference "
          "builds up across ops\n";
}

} // namespace

bool runConformance(ModuleOp module, func::FuncOp fn,
                    const std::vector<Tensor> &arguments,
                    const ConformanceOptions &options, llvm::raw_ostream &os) {
  absl::StatusOr<Signature> signature = tg::signatureOf(fn);
  absl::StatusOr<std::vector<reference::RefValue>> expected =
      reference::evaluateInFloat64(fn, arguments);
  if (!signature.ok() || !expected.ok()) {
    os << "reference: "
       << std::string(!signature.ok() ? signature.status().message()
                                      : expected.status().message())
       << "\n";
    return false;
  }
  double tolerance = toleranceOf(fn);
  os << "conformance of @" << fn.getSymName() << " against the float64 "
     << "reference (tolerance " << llvm::format("%g", tolerance) << ")\n";

  bool allPass = true;
  for (const std::string &name : options.backends) {
    if (name == "reference")
      continue;
    absl::StatusOr<const Backend *> backend = findBackend(name);
    if (!backend.ok()) {
      os << "  " << name << ": " << std::string(backend.status().message()) << "\n";
      allPass = false;
      continue;
    }
    absl::StatusOr<std::unique_ptr<Program>> program =
        prepareProgram(**backend, module, fn.getSymName());
    absl::StatusOr<std::vector<Tensor>> results =
        program.ok() ? (*program)->run(arguments, RunOptions{/*poison=*/true, {}})
                     : absl::StatusOr<std::vector<Tensor>>(program.status());
    if (!results.ok()) {
      os << "  " << name << ": FAIL: " << std::string(results.status().message())
         << "\n";
      allPass = false;
      continue;
    }
    bool pass = true;
    for (size_t i = 0; i < results->size(); ++i) {
      double error = relativeError(viewOf((*results)[i]), (*expected)[i]);
      bool ok = error <= tolerance;
      pass &= ok;
      os << "  " << name << "  output '" << signature->results[i].name << "' "
         << (*results)[i].typeString() << ": relative error "
         << llvm::format("%.3g", error) << (ok ? "  PASS" : "  FAIL") << "\n";
    }
    if (!pass && options.bisect)
      bisect(**backend, module, fn, arguments, tolerance, os);
    allPass &= pass;
  }
  os << (allPass ? "PASS" : "FAIL") << "\n";
  return allPass;
}

} // namespace tgc
