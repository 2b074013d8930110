//===- tgc.cpp - the tgc user driver --------------------------------------===//
//
//   tgc MODEL.mlir --emit=tg                print the parsed, verified IR
//   tgc MODEL.mlir --emit=tg-opt            ... after tg-optimize; with
//       --fusion-report, --print-ir-after-all, --print-ir-after=PASS,
//       --check-numerics-after-each-pass, --pass-pipeline=PIPELINE
//   tgc run MODEL.mlir [options]            run it, write each result as .npy
//   tgc init-weights MODEL.mlir -o W.safetensors [--seed S] [--stddev X]
//                                           write seeded random weights for
//                                           every tg.param
//   tgc show FILE.npy|FILE.safetensors      print tensors: name, type, values
//   tgc model NAME [--config k=v,...]       print a model program as tg IR
//   tgc compile MODEL.mlir -o OUT [--shared] [--weights W [--embed-weights]]
//                                           write a standalone binary
//
// Errors go to stderr as "tgc: error: ..." naming the file, tensor or op,
// and the exit status is 1.
//
//===----------------------------------------------------------------------===//

#include "backends/Backend.h"
#include "backends/onednn/OneDnnBackend.h"
#include "backends/reference/ReferenceBackend.h"
#include "backends/reference/ReferenceProgram.h"
#include "tools/tgc/Compile.h"
#include "tools/tgc/Conformance.h"
#include "tools/tgc/Driver.h"
#include "frontend/models/Models.h"
#include "passes/Passes.h"
#include "passes/Pipelines.h"
#include "tools/tgc/NumericsCheck.h"
#include "tools/tgc/Tokenize.h"
#include "tools/tgc/Train.h"
#include "ir/ProgramSignature.h"
#include "ir/TgDialect.h"
#include "runtime/Npy.h"
#include "runtime/Random.h"
#include "runtime/ResultFiles.h"
#include "runtime/Safetensors.h"
#include "runtime/Signature.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/FormatAdapters.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <map>

namespace cl = llvm::cl;
using namespace mlir;
using namespace tgc;

namespace {

cl::OptionCategory &tgcCategory = tgcOptionCategory();

cl::SubCommand runCommand("run", "Run a model and write its results as .npy");
cl::SubCommand initWeightsCommand(
    "init-weights", "Write seeded random weights for every tg.param");
cl::SubCommand showCommand("show",
                           "Print the tensors of a .npy or .safetensors file");
cl::SubCommand conformanceCommand(
    "conformance",
    "Run backends against the float64 reference and compare every output");

cl::SubCommand modelCommand("model",
                            "Print a model program (transformer, lstm, vq, ...) "
                            "as tg IR; --list names them");

// Options of plain `tgc MODEL.mlir`.
cl::opt<std::string> inputFile(cl::Positional, cl::desc("<file>"),
                               cl::sub(cl::SubCommand::getTopLevel()),
                               cl::sub(runCommand), cl::sub(initWeightsCommand),
                               cl::sub(showCommand), cl::sub(modelCommand),
                               cl::sub(conformanceCommand), cl::sub(compileSubcommand()),
                               cl::cat(tgcCategory));

enum class EmitKind { Tg, TgOpt, Backend };
cl::opt<EmitKind> emit(
    "emit", cl::desc("What to print"),
    cl::values(clEnumValN(EmitKind::Tg, "tg", "the parsed, verified tg IR"),
               clEnumValN(EmitKind::TgOpt, "tg-opt",
                          "the IR after tg-optimize (or --pass-pipeline)"),
               clEnumValN(EmitKind::Backend, "backend",
                          "the IR a backend compiles: after tg-optimize and "
                          "the lowering of --emit-backend")),
    cl::init(EmitKind::Tg), cl::sub(cl::SubCommand::getTopLevel()),
    cl::cat(tgcCategory));
cl::opt<std::string> emitBackend(
    "emit-backend", cl::desc("The backend whose lowering --emit=backend shows"),
    cl::init("onednn"), cl::sub(cl::SubCommand::getTopLevel()),
    cl::cat(tgcCategory));
cl::opt<std::string> passPipeline(
    "pass-pipeline",
    cl::desc("Run this pipeline instead of tg-optimize, e.g. "
             "'builtin.module(func.func(tg-fuse-attention))'"),
    cl::sub(cl::SubCommand::getTopLevel()), cl::cat(tgcCategory));
cl::opt<bool> fusionReport(
    "fusion-report",
    cl::desc("Report each fused op (and the ops and locations it replaced) "
             "and each candidate that did not fuse, with the reason"),
    cl::sub(cl::SubCommand::getTopLevel()), cl::cat(tgcCategory));
cl::opt<bool> printIrAfterAll("print-ir-after-all",
                              cl::desc("Print the IR after every pass"),
                              cl::sub(cl::SubCommand::getTopLevel()),
                              cl::cat(tgcCategory));
cl::list<std::string> printIrAfter(
    "print-ir-after", cl::desc("Print the IR after the named pass"),
    cl::value_desc("pass"), cl::CommaSeparated,
    cl::sub(cl::SubCommand::getTopLevel()), cl::cat(tgcCategory));
cl::opt<bool> checkNumerics(
    "check-numerics-after-each-pass",
    cl::desc("Run the reference backend on seeded random arguments after "
             "every pass and name the first pass that changes a result"),
    cl::sub(cl::SubCommand::getTopLevel()), cl::cat(tgcCategory));
cl::opt<uint64_t> numericsSeed("numerics-seed",
                               cl::desc("Seed of the numerics check's inputs"),
                               cl::init(0), cl::sub(cl::SubCommand::getTopLevel()),
                               cl::cat(tgcCategory));
cl::opt<double> numericsTolerance(
    "numerics-tolerance",
    cl::desc("Largest relative change a pass may make (float64 reference)"),
    cl::init(1e-10), cl::sub(cl::SubCommand::getTopLevel()),
    cl::cat(tgcCategory));

cl::opt<std::string> functionName(
    "function", cl::desc("The function to run (default: @main, or the only one)"),
    cl::sub(cl::SubCommand::getTopLevel()), cl::sub(runCommand),
    cl::sub(initWeightsCommand), cl::sub(conformanceCommand),
    cl::sub(compileSubcommand()), cl::cat(tgcCategory));

// Options of `tgc run`.
cl::opt<std::string> backendName(
    "backend", cl::desc("Where to run: reference (float64 interpreter) or "
                        "onednn (CPU)"),
    cl::init("reference"), cl::sub(runCommand), cl::cat(tgcCategory));
cl::list<std::string> conformanceBackends(
    "backends", cl::desc("Backends to compare with the reference"),
    cl::CommaSeparated, cl::sub(conformanceCommand), cl::cat(tgcCategory));
cl::opt<bool> bisectOption(
    "bisect", cl::desc("On a failure, name the first op whose result departs and the "
             "first kernel that is wrong on its own inputs, if any"),
    cl::sub(conformanceCommand), cl::cat(tgcCategory));
cl::opt<std::string> testCorruptOp(
    "test-corrupt-op", cl::desc("Test only: corrupt the first kernel of this op"),
    cl::Hidden, cl::sub(conformanceCommand), cl::cat(tgcCategory));
cl::opt<std::string> weightsFile("weights",
                                 cl::desc("Weights (.safetensors) for tg.param "
                                          "arguments, by name"),
                                 cl::value_desc("file"), cl::sub(runCommand), cl::sub(conformanceCommand),
                                 cl::cat(tgcCategory));
cl::opt<bool> allowUnusedWeights(
    "allow-unused-weights",
    cl::desc("Ignore weights that are not parameters of the program"),
    cl::sub(runCommand), cl::sub(conformanceCommand), cl::cat(tgcCategory));
cl::list<std::string> inputs("input", cl::desc("An input: NAME=FILE.npy"),
                             cl::value_desc("name=file"), cl::sub(runCommand), cl::sub(conformanceCommand),
                             cl::cat(tgcCategory));
cl::opt<uint64_t> randomInputs(
    "random-inputs",
    cl::desc("Draw every input not given with --input from this seed"),
    cl::value_desc("seed"), cl::sub(runCommand), cl::sub(conformanceCommand), cl::cat(tgcCategory));
cl::opt<bool> gradOption(
    "grad", cl::desc("Run the gradient program (tg-autodiff): write the "
                     "results, then grad.<param>.npy for every parameter"),
    cl::sub(runCommand), cl::cat(tgcCategory));
cl::list<std::string> gradInputs(
    "grad-input",
    cl::desc("With --grad, also differentiate with respect to this input "
             "(writes grad_input.<name>.npy)"),
    cl::CommaSeparated, cl::sub(runCommand), cl::cat(tgcCategory));
cl::opt<bool> profileOption(
    "profile",
    cl::desc("Time every step of the run and print where the time goes, by "
             "op and by the slowest ops with their locations (backends that "
             "compile to steps: onednn); the timed run follows one untimed "
             "warm-up run"),
    cl::sub(runCommand), cl::cat(tgcCategory));
cl::opt<std::string> outputDir("output-dir",
                               cl::desc("Where to write <result>.npy files"),
                               cl::value_desc("dir"), cl::init("."),
                               cl::sub(runCommand), cl::cat(tgcCategory));

// Options of `tgc init-weights`.
cl::opt<std::string> weightsOutput("o", cl::desc("Output .safetensors file"),
                                   cl::value_desc("file"), cl::Required,
                                   cl::sub(initWeightsCommand),
                                   cl::cat(tgcCategory));
cl::opt<uint64_t> seed("seed", cl::desc("Random seed"), cl::init(0),
                       cl::sub(initWeightsCommand), cl::cat(tgcCategory));
cl::opt<double> stddev("stddev",
                       cl::desc("Standard deviation of float weights"),
                       cl::init(0.02), cl::sub(initWeightsCommand),
                       cl::cat(tgcCategory));

// Options of `tgc show`.
cl::opt<unsigned> showLimit("limit",
                            cl::desc("Print at most this many values per tensor"),
                            cl::init(64), cl::sub(showCommand),
                            cl::cat(tgcCategory));

// Options of `tgc model`.
cl::opt<std::string> modelConfig("config",
                                 cl::desc("Model settings: key=value,..."),
                                 cl::value_desc("settings"), cl::init(""),
                                 cl::sub(modelCommand), cl::cat(tgcCategory));
cl::opt<bool> listModels("list", cl::desc("List the model programs"),
                         cl::sub(modelCommand), cl::cat(tgcCategory));

// Shared by printing commands.
cl::opt<bool> printLocations(
    "print-locations",
    cl::desc("Print each op's location (a model's scope, a file position)"),
    cl::sub(cl::SubCommand::getTopLevel()), cl::sub(modelCommand),
    cl::cat(tgcCategory));


/// A printing option given to a subcommand, which would ignore it: LLVM's
/// parser accepts the top-level options after any subcommand. Its name.
std::optional<std::string> misplacedPrintingOption() {
  if (cl::SubCommand::getTopLevel())
    return std::nullopt;
  const cl::Option *printingOptions[] = {
      &emit,          &emitBackend,   &passPipeline, &fusionReport,     &printIrAfterAll,
      std::addressof(printIrAfter), &checkNumerics, &numericsSeed, &numericsTolerance};
  for (const cl::Option *option : printingOptions)
    if (option->getNumOccurrences() > 0)
      return option->ArgStr.str();
  if (printLocations.getNumOccurrences() > 0 && !modelCommand)
    return printLocations.ArgStr.str();
  return std::nullopt;
}

/// The function to run: --function, else @main, else the only function.
func::FuncOp pickFunction(ModuleOp module) {
  absl::StatusOr<func::FuncOp> fn = pickModelFunction(module, functionName, inputFile);
  if (!fn.ok()) {
    fail(fn.status());
    return nullptr;
  }
  return *fn;
}

/// The arguments of `fn` from --weights, --input and --random-inputs.
/// `randomWeights` fills parameters missing from the weights with seeded
/// random values (conformance without a weights file).
absl::StatusOr<std::vector<Tensor>> bindFromOptions(const Signature &signature,
                                                    bool randomWeights) {
  ArgumentSources sources;
  if (!weightsFile.empty()) {
    absl::StatusOr<std::map<std::string, Tensor>> weights =
        readSafetensors(weightsFile);
    if (!weights.ok())
      return weights.status();
    sources.weights = std::move(*weights);
    sources.weightsFile = weightsFile;
    sources.allowUnusedWeights = allowUnusedWeights;
  }
  for (const std::string &flag : inputs)
    if (absl::Status s = addInputFlag(flag, sources); !s.ok())
      return s;
  if (randomInputs.getNumOccurrences())
    sources.randomInputSeed = randomInputs;
  if (randomWeights) {
    if (!sources.randomInputSeed)
      sources.randomInputSeed = 0;
    for (auto [position, arg] : llvm::enumerate(signature.arguments))
      if (arg.kind == ArgumentKind::Param && !sources.weights.count(arg.tensor.name))
        sources.weights[arg.tensor.name] = randomTensor(
            arg.tensor, *sources.randomInputSeed, position, arg.indexBound);
  }
  return bindArguments(signature, sources);
}

/// "512 B", "3.5 KiB", "12.25 MiB".
std::string byteCount(int64_t bytes) {
  if (bytes < 1024)
    return absl::StrCat(bytes, " B");
  if (bytes < 1024 * 1024)
    return llvm::formatv("{0:F1} KiB", bytes / 1024.0).str();
  return llvm::formatv("{0:F2} MiB", bytes / (1024.0 * 1024.0)).str();
}

/// `tgc run --profile`: the time of each step, taken between consecutive
/// afterStep calls (so a step's time includes the executor's bookkeeping).
class StepProfile {
public:
  using Clock = std::chrono::steady_clock;
  void start() { last_ = Clock::now(); }
  std::function<void(const StepOrigin &, const std::vector<TensorView> &)> recorder() {
    return [this](const StepOrigin &origin, const std::vector<TensorView> &) {
      Clock::time_point now = Clock::now();
      steps_.push_back({origin, std::chrono::duration<double, std::milli>(now - last_).count()});
      last_ = now;
    };
  }
  void print(llvm::raw_ostream &os) const {
    if (steps_.empty()) {
      os << "profile: this backend runs no steps to time\n";
      return;
    }
    double total = 0;
    std::map<std::string, std::pair<double, int>> byOp;
    for (const auto &[origin, ms] : steps_) {
      total += ms;
      byOp[origin.opName].first += ms;
      ++byOp[origin.opName].second;
    }
    std::vector<std::pair<std::string, std::pair<double, int>>> ops(byOp.begin(), byOp.end());
    llvm::stable_sort(ops, [](const auto &a, const auto &b) { return a.second.first > b.second.first; });
    os << llvm::format("profile: %zu steps, %.3f ms\n", steps_.size(), total);
    os << "  by op:\n";
    for (const auto &[name, entry] : ops)
      os << llvm::format("    %-24s %9.3f ms  %5.1f%%  %4d steps\n", name.c_str(),
                         entry.first, 100 * entry.first / total, entry.second);
    std::vector<size_t> order(steps_.size());
    for (size_t i = 0; i < order.size(); ++i)
      order[i] = i;
    llvm::stable_sort(order, [&](size_t a, size_t b) { return steps_[a].second > steps_[b].second; });
    os << "  slowest steps:\n";
    for (size_t i = 0; i < std::min<size_t>(10, order.size()); ++i) {
      const auto &[origin, ms] = steps_[order[i]];
      os << llvm::format("    %9.3f ms  %-24s %s\n", ms, origin.opName.c_str(),
                         origin.location.c_str());
    }
  }

private:
  Clock::time_point last_;
  std::vector<std::pair<StepOrigin, double>> steps_;
};

/// `tgc run --grad`: adds @<fn>_grad with tg-autodiff and returns it.
func::FuncOp addGradientFunction(ModuleOp module, func::FuncOp fn) {
  PassManager pm(module.getContext(), ModuleOp::getOperationName());
  std::vector<std::string> inputs(gradInputs.begin(), gradInputs.end());
  AutodiffPassOptions options;
  options.inputs = inputs;
  pm.addPass(createAutodiffPass(options));
  if (failed(pm.run(module))) {
    fail("tg-autodiff failed on @" + fn.getSymName().str());
    return nullptr;
  }
  return module.lookupSymbol<func::FuncOp>((fn.getSymName() + "_grad").str());
}

int runModel(ModuleOp module, func::FuncOp fn) {
  if (gradOption) {
    fn = addGradientFunction(module, fn);
    if (!fn)
      return 1;
  }
  absl::StatusOr<Signature> signature = tg::signatureOf(fn);
  if (!signature.ok())
    return fail(signature.status());
  absl::StatusOr<std::vector<Tensor>> args =
      bindFromOptions(*signature, /*randomWeights=*/false);
  if (!args.ok())
    return fail(args.status());
  absl::StatusOr<const Backend *> backend = findBackend(backendName);
  if (!backend.ok())
    return fail(backend.status());
  absl::StatusOr<std::unique_ptr<Program>> program =
      prepareProgram(**backend, module, fn.getSymName());
  if (!program.ok())
    return fail(program.status());
  RunOptions runOptions;
  StepProfile profile;
  if (profileOption) {
    // The first run pays for page faults on the arena and the kernels'
    // first executions: time the steady state.
    absl::StatusOr<std::vector<Tensor>> warmUp = (*program)->run(*args, RunOptions());
    if (!warmUp.ok())
      return fail(warmUp.status());
    runOptions.afterStep = profile.recorder();
  }
  profile.start();
  absl::StatusOr<std::vector<Tensor>> results = (*program)->run(*args, runOptions);
  if (results.ok() && profileOption) {
    profile.print(llvm::outs());
    if (std::optional<Program::ArenaSize> arena = (*program)->arenaSize())
      llvm::outs() << "  memory: " << byteCount(arena->unplanned)
                   << " of computed values, planned into an arena of "
                   << byteCount(arena->planned) << "\n";
  }
  if (!results.ok())
    return fail(results.status());

  absl::StatusOr<std::vector<std::string>> written =
      writeResultFiles(signature->results, *results, outputDir);
  if (!written.ok())
    return fail(written.status());
  for (auto [path, tensor] : llvm::zip(*written, *results))
    llvm::outs() << "wrote " << path << " (" << tensor.typeString() << ")\n";
  return 0;
}

int initWeights(func::FuncOp fn) {
  absl::StatusOr<Signature> signature = tg::signatureOf(fn);
  if (!signature.ok())
    return fail(signature.status());
  std::map<std::string, Tensor> weights;
  for (auto [position, arg] : llvm::enumerate(signature->arguments)) {
    if (arg.kind != ArgumentKind::Param)
      continue;
    Tensor t = randomTensor(arg.tensor, seed, position, arg.indexBound);
    if (t.dtype() == DType::F32)
      for (int64_t i = 0; i < t.numElements(); ++i)
        t.dataAs<float>()[i] *= static_cast<float>(stddev);
    weights[arg.tensor.name] = t;
  }
  if (absl::Status s = writeSafetensors(weightsOutput, weights); !s.ok())
    return fail(s);
  llvm::outs() << "wrote " << weights.size() << " weights to " << weightsOutput
               << "\n";
  return 0;
}

void printTensor(const std::string &name, const Tensor &t) {
  llvm::outs() << name << ": " << t.typeString() << "\n ";
  int64_t shown = std::min<int64_t>(t.numElements(), showLimit);
  for (int64_t i = 0; i < shown; ++i) {
    if (t.dtype() == DType::I64)
      llvm::outs() << " " << t.dataAs<int64_t>()[i];
    else
      llvm::outs() << " " << llvm::format("%.6g", loadAsDouble(t.dtype(), t.data(), i));
  }
  if (shown < t.numElements())
    llvm::outs() << " ... (" << t.numElements() - shown << " more)";
  llvm::outs() << "\n";
}

/// `tgc show`: a .safetensors file prints every tensor in name order.
int show(const std::string &path) {
  if (llvm::StringRef(path).ends_with(".safetensors")) {
    absl::StatusOr<std::map<std::string, Tensor>> tensors = readSafetensors(path);
    if (!tensors.ok())
      return fail(tensors.status());
    for (const auto &[name, tensor] : *tensors)
      printTensor(name, tensor);
    return 0;
  }
  absl::StatusOr<Tensor> tensor = readNpy(path);
  if (!tensor.ok())
    return fail(tensor.status());
  printTensor(llvm::sys::path::filename(path).str(), *tensor);
  return 0;
}

void printModule(ModuleOp module) {
  OpPrintingFlags flags;
  if (printLocations)
    flags.enableDebugInfo(/*enable=*/true, /*prettyForm=*/false);
  module.print(llvm::outs(), flags);
  llvm::outs() << "\n";
}

/// `tgc conformance`: every requested backend against the reference, on
/// the given weights and inputs or seeded random ones.
int conformance(ModuleOp module, func::FuncOp fn) {
  absl::StatusOr<Signature> signature = tg::signatureOf(fn);
  if (!signature.ok())
    return fail(signature.status());
  absl::StatusOr<std::vector<Tensor>> args =
      bindFromOptions(*signature, /*randomWeights=*/weightsFile.empty());
  if (!args.ok())
    return fail(args.status());
  // The backends to compare, each once; the reference is what they are
  // compared against, so it is never one of them.
  ConformanceOptions options;
  llvm::StringRef reference = reference::referenceBackend().name();
  std::vector<std::string> comparable;
  for (const Backend *backend : backends())
    if (backend->name() != reference)
      comparable.push_back(backend->name().str());
  if (conformanceBackends.empty())
    options.backends = comparable;
  for (const std::string &name : conformanceBackends)
    if (name != reference && !llvm::is_contained(options.backends, name))
      options.backends.push_back(name);
  if (options.backends.empty())
    return fail("--backends names no backend to compare with the reference (" +
                llvm::join(comparable, ", ") + ")");
  options.bisect = bisectOption;
  if (!testCorruptOp.empty())
    onednn::setTestCorruptOp(testCorruptOp);
  return runConformance(module, fn, *args, options, llvm::outs()) ? 0 : 1;
}

/// `tgc model`: builds a model program from its config and prints it.
int printModel() {
  if (listModels) {
    for (const frontend::ModelInfo &model : frontend::modelRegistry())
      llvm::outs() << llvm::left_justify(model.name, 22) << model.summary << "\n";
    return 0;
  }
  if (inputFile.empty())
    return fail("tgc model: name a model (tgc model --list shows them)");
  MLIRContext context;
  absl::StatusOr<frontend::ModelModule> module =
      frontend::buildModel(&context, inputFile, modelConfig);
  if (!module.ok())
    return fail(module.status());
  printModule(**module);
  return 0;
}

/// `tgc MODEL --emit=tg-opt`: runs tg-optimize (or --pass-pipeline) with
/// the requested instrumentation, then prints the module.
int optimizeAndPrint(MLIRContext &context, ModuleOp module) {
  PassManager pm(&context, ModuleOp::getOperationName());
  if (passPipeline.empty()) {
    OptimizeOptions options;
    options.fusionReport = fusionReport.getValue();
    buildOptimizePipeline(pm, options);
  } else {
    // "builtin.module(...)" or a bare "func.func(...)" list, both on the
    // module.
    std::string text = passPipeline;
    if (!llvm::StringRef(text).starts_with("builtin.module("))
      text = "builtin.module(" + text + ")";
    FailureOr<OpPassManager> parsed = parsePassPipeline(text, llvm::errs());
    if (failed(parsed))
      return fail("cannot parse --pass-pipeline '" + passPipeline + "'");
    static_cast<OpPassManager &>(pm) = *parsed;
  }

  bool instrumented = printIrAfterAll || !printIrAfter.empty() || checkNumerics;
  if (instrumented)
    context.disableMultithreading(); // passes and instrumentation in order
  if (printIrAfterAll || !printIrAfter.empty()) {
    auto shouldPrintAfter = [](Pass *pass, Operation *) {
      return printIrAfterAll || llvm::is_contained(printIrAfter, pass->getArgument());
    };
    pm.enableIRPrinting([](Pass *, Operation *) { return false; },
                        shouldPrintAfter, /*printModuleScope=*/true,
                        /*printAfterOnlyOnChange=*/false);
  }
  NumericsCheck *check = nullptr;
  if (checkNumerics) {
    func::FuncOp fn = pickFunction(module);
    if (!fn)
      return 1;
    auto owned = std::make_unique<NumericsCheck>(fn.getSymName().str(),
                                                 numericsSeed, numericsTolerance);
    if (absl::Status s = owned->start(module); !s.ok())
      return fail("numerics check: " + std::string(s.message()));
    check = owned.get();
    pm.addInstrumentation(std::move(owned));
  }

  // Fusion remarks become comment lines above the IR, so the output still
  // parses; other diagnostics go to stderr as usual.
  std::vector<std::string> report;
  ScopedDiagnosticHandler remarks(&context, [&](Diagnostic &diagnostic) {
    if (diagnostic.getSeverity() != DiagnosticSeverity::Remark)
      return failure(); // not handled here
    report.push_back(diagnostic.str());
    return success();
  });
  if (failed(pm.run(module)))
    return fail("the pass pipeline failed on " + inputFile);
  for (const std::string &line : report)
    llvm::outs() << "// fusion: " << line << "\n";
  if (check) {
    if (check->failure())
      return fail("numerics check: " + *check->failure());
    llvm::outs() << "// numerics: " << check->passesChecked()
                 << " passes checked, largest relative change "
                 << llvm::format("%.3g", check->largestError()) << "\n";
  }
  printModule(module);
  return 0;
}

} // namespace

cl::OptionCategory &tgc::tgcOptionCategory() {
  static cl::OptionCategory category("tgc options");
  return category;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  // Pass names for --pass-pipeline and --print-ir-after.
  mlir::registerTransformsPasses();
  registerTgPasses();
  registerTgPipelines();
  cl::HideUnrelatedOptions(tgcCategory);
  cl::ParseCommandLineOptions(argc, argv,
                              "tgc: a compiler for deep-learning graphs\n");
  if (std::optional<std::string> misplaced = misplacedPrintingOption()) {
    std::string command = "a subcommand";
    for (cl::SubCommand *sub : cl::getRegisteredSubcommands())
      if (*sub && sub != &cl::SubCommand::getTopLevel())
        command = "`tgc " + sub->getName().str() + "`";
    return fail("--" + *misplaced + " is an option of `tgc MODEL.mlir` (printing IR), not of " +
                command);
  }
  if (modelCommand)
    return printModel();
  if (trainCommandChosen())
    return runTrain();
  if (tokenizeCommandChosen())
    return runTokenize();
  if (inputFile.empty())
    return fail("no model file given (tgc --help shows usage)");

  if (showCommand)
    return show(inputFile);

  MLIRContext context;
  context.loadDialect<tgc::tg::TgDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module = loadModelFile(context, inputFile);
  if (!module)
    return 1;

  if (runCommand) {
    func::FuncOp fn = pickFunction(*module);
    return fn ? runModel(*module, fn) : 1;
  }
  if (conformanceCommand) {
    func::FuncOp fn = pickFunction(*module);
    return fn ? conformance(*module, fn) : 1;
  }
  if (compileSubcommand()) {
    func::FuncOp fn = pickFunction(*module);
    return fn ? compileModel(*module, fn, inputFile) : 1;
  }
  if (initWeightsCommand) {
    func::FuncOp fn = pickFunction(*module);
    return fn ? initWeights(fn) : 1;
  }
  if (emit == EmitKind::Backend) {
    func::FuncOp fn = pickFunction(*module);
    if (!fn)
      return 1;
    absl::StatusOr<const Backend *> backend = findBackend(emitBackend);
    if (!backend.ok())
      return fail(backend.status());
    absl::StatusOr<OwningOpRef<ModuleOp>> lowered =
        lowerCopy(**backend, *module, fn.getSymName());
    if (!lowered.ok())
      return fail(lowered.status());
    printModule(**lowered);
    return 0;
  }
  bool optimize = emit == EmitKind::TgOpt || !passPipeline.empty() ||
                  fusionReport || printIrAfterAll || !printIrAfter.empty() ||
                  checkNumerics;
  if (optimize)
    return optimizeAndPrint(context, *module);
  printModule(*module);
  return 0;
}
