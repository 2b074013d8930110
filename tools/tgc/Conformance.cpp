//===- Conformance.cpp - every backend against the float64 reference ------===//
//
// Outputs are compared by relative error ||backend - reference|| /
// ||reference||, under the tolerance of the function's op families
// (backends/Tolerance.h). Backend outputs are poisoned before each run so
// an element no kernel wrote shows up as NaN. Bisection runs the
// reference on the backend's own lowered IR, records every op's value,
// and names the first backend step whose output departs; it also checks
// each step's kernel alone, on the backend's own inputs to it, so that a
// faulty kernel is told apart from rounding an ill-conditioned program
// amplifies.
//
//===----------------------------------------------------------------------===//

#include "tools/tgc/Conformance.h"

#include "backends/Backend.h"
#include "backends/Tolerance.h"
#include "backends/reference/ReferenceBackend.h"
#include "ir/ProgramSignature.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"

#include <cmath>
#include <cstring>
#include <map>
#include <optional>

using namespace mlir;

namespace tgc {
namespace {

/// ||got - want|| / ||want|| for a backend's output.
double relativeError(const TensorView &got, const reference::RefValue &want) {
  return reference::relativeError(
      [&](int64_t i) { return loadAsDouble(got.dtype, got.data, i); }, want);
}

/// Where `got` is farthest from `want` (NaN against a number counts as
/// farthest): "at [1, 0, 7]: 0.5123 against 0.4987 in the reference".
std::string largestDifference(const TensorView &got, const reference::RefValue &want) {
  int64_t worst = 0;
  double worstDifference = -1;
  for (int64_t i = 0; i < want.size(); ++i) {
    double x = loadAsDouble(got.dtype, got.data, i), y = want.asDouble(i);
    double difference = std::isnan(x) != std::isnan(y) ? HUGE_VAL
                        : std::isnan(x)               ? 0
                                                      : std::fabs(x - y);
    if (difference > worstDifference) {
      worstDifference = difference;
      worst = i;
    }
  }
  std::vector<int64_t> index(want.shape().size());
  for (int64_t rest = worst, d = static_cast<int64_t>(index.size()) - 1; d >= 0; --d) {
    index[d] = rest % want.shape()[d];
    rest /= want.shape()[d];
  }
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "at [";
  llvm::interleaveComma(index, os);
  os << "]: " << llvm::format("%.9g", loadAsDouble(got.dtype, got.data, worst))
     << " against " << llvm::format("%.9g", want.asDouble(worst)) << " in the reference";
  return text;
}

TensorView viewOf(const Tensor &t) {
  return {const_cast<void *>(t.data()), t.dtype(), &t.shape()};
}

/// One result of one step, with its relative error against a reference.
struct StepError {
  StepOrigin origin;
  size_t result = 0;
  double error = 0;
};

void printStep(llvm::raw_ostream &os, const StepError &s) {
  os << "'" << s.origin.opName << "' at " << s.origin.location << " (result "
     << s.result << ": relative error " << llvm::format("%.3g", s.error);
}

/// Host copies of a step's inputs, taken before it runs (it may work in place).
std::vector<Tensor> copyOf(const std::vector<TensorView> &views) {
  std::vector<Tensor> copies;
  for (const TensorView &v : views) {
    Tensor t = Tensor::allocateForOverwrite(v.dtype, *v.shape);
    std::memcpy(t.data(), v.data, t.byteSize());
    copies.push_back(std::move(t));
  }
  return copies;
}

/// Runs `backend`'s program of `fn` step by step and judges every step two
/// ways: against the float64 reference run of the same lowered IR (where
/// the difference first shows), and against the reference evaluating that
/// op alone on the backend's own inputs (whether the kernel itself is
/// wrong). A step that departs while every kernel is right on its own
/// inputs is rounding the program amplifies, not a fault.
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
  std::vector<Operation *> opAt;
  for (Operation &op : loweredFn.getBody().front())
    opAt.push_back(&op);
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

  std::optional<StepError> firstDeparture, firstWrongKernel, largestLocal;
  std::optional<std::string> uncheckable;
  std::vector<Tensor> stepInputs;
  RunOptions options;
  options.poison = true;
  options.beforeStep = [&](const StepOrigin &, const std::vector<TensorView> &inputs) {
    if (!firstWrongKernel)
      stepInputs = copyOf(inputs);
  };
  options.afterStep = [&](const StepOrigin &origin,
                          const std::vector<TensorView> &outputs) {
    auto want = expected.find(origin.opIndex);
    if (!firstDeparture && want != expected.end())
      for (size_t i = 0; i < outputs.size() && i < want->second.size(); ++i) {
        double error = relativeError(outputs[i], want->second[i]);
        if (error > tolerance) {
          firstDeparture = StepError{origin, i, error};
          break;
        }
      }
    if (firstWrongKernel)
      return; // the culprit is named; later kernels only inherit its error
    absl::StatusOr<std::vector<reference::RefValue>> local =
        reference::evaluateOpInFloat64(opAt.at(origin.opIndex), stepInputs);
    if (!local.ok()) {
      if (!uncheckable)
        uncheckable = std::string(local.status().message());
      return;
    }
    for (size_t i = 0; i < outputs.size() && i < local->size(); ++i) {
      StepError step{origin, i, relativeError(outputs[i], (*local)[i])};
      if (step.error > tolerance) {
        firstWrongKernel = step;
        return;
      }
      if (!largestLocal || step.error > largestLocal->error)
        largestLocal = step;
    }
  };
  absl::StatusOr<std::vector<Tensor>> ignored = (*program)->run(arguments, options);

  auto limit = [&] { return llvm::format(" > %g)\n", tolerance); };
  if (firstDeparture) {
    os << "    bisect: first op that departs: ";
    printStep(os, *firstDeparture);
    os << limit();
  } else {
    os << "    bisect: every op agrees with the reference; the difference "
          "builds up across ops\n";
  }
  if (firstWrongKernel) {
    os << "    bisect: first kernel wrong on its own inputs: ";
    printStep(os, *firstWrongKernel);
    os << limit();
    return;
  }
  if (uncheckable) {
    os << "    bisect: some ops could not be checked on their own inputs ("
       << *uncheckable << "); every one that could is within tolerance\n";
    return;
  }
  os << "    bisect: every kernel is within tolerance on its own inputs";
  if (largestLocal)
    os << " (largest: relative error " << llvm::format("%.3g", largestLocal->error)
       << ", result " << largestLocal->result << " of '" << largestLocal->origin.opName
       << "' at " << largestLocal->origin.location << ")";
  os << ": the departure is float32 rounding that the program amplifies "
        "(an ill-conditioned computation), not a kernel fault\n";
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
    absl::StatusOr<const Backend *> backend = findBackend(name);
    if (!backend.ok()) {
      os << "  " << name << ": " << std::string(backend.status().message()) << "\n";
      allPass = false;
      continue;
    }
    absl::StatusOr<std::unique_ptr<Program>> program =
        prepareProgram(**backend, module, fn.getSymName());
    absl::StatusOr<std::vector<Tensor>> results =
        program.ok() ? (*program)->run(arguments, RunOptions{/*poison=*/true, {}, {}})
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
      if (!ok)
        os << "    largest difference "
           << largestDifference(viewOf((*results)[i]), (*expected)[i]) << "\n";
    }
    if (!pass && options.bisect)
      bisect(**backend, module, fn, arguments, tolerance, os);
    allPass &= pass;
  }
  os << (allPass ? "PASS" : "FAIL") << "\n";
  return allPass;
}

} // namespace tgc
