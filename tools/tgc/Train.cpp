//===- Train.cpp - `tgc train`: a training loop over @train_step ----------===//
//
//   tgc train MODEL.mlir --steps N --data DATA.safetensors [--weights W]
//       [--optimizer sgd|adam] [--lr X] [--backend onednn|reference]
//       [--save OUT.safetensors] [--log-every K] [--seed S]
//
// tg-autodiff and tg-make-train-step turn the model's loss function into
// @train_step(params, state, inputs) -> (loss, new.<param>..., new.<state>...),
// which the backend compiles once. Each step binds the current params, the
// optimizer state (zeros at first) and the step's batch, runs, and feeds
// every result new.X back as argument X. The model's result 0 is the loss.
//
// Data: for each input NAME of the model, DATA.safetensors holds a tensor
// NAME of shape [numBatches, ...input shape]; step i uses batch
// i % numBatches. Nothing here is random beyond the seeded initial
// weights, so a run repeats exactly on the same backend and machine.
//
//===----------------------------------------------------------------------===//

#include "tools/tgc/Train.h"

#include "backends/Backend.h"
#include "ir/ProgramSignature.h"
#include "ir/TgDialect.h"
#include "passes/Passes.h"
#include "runtime/Safetensors.h"
#include "runtime/Signature.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>

namespace cl = llvm::cl;
using namespace mlir;

namespace tgc {
namespace {

cl::SubCommand trainCommand(
    "train", "Train a model: tg-autodiff + tg-make-train-step, compiled once, "
             "run for --steps steps over the batches of --data");
cl::OptionCategory trainCategory("tgc train options");

cl::opt<std::string> modelFile(cl::Positional, cl::desc("<model.mlir>"),
                               cl::Required, cl::sub(trainCommand),
                               cl::cat(trainCategory));
cl::opt<unsigned> steps("steps", cl::desc("Number of optimizer steps (>= 1)"),
                        cl::Required, cl::sub(trainCommand),
                        cl::cat(trainCategory));
cl::opt<std::string> dataFile(
    "data",
    cl::desc("Training data (.safetensors): for each input NAME of the model "
             "a tensor NAME of shape [numBatches, ...input shape], the same "
             "numBatches for all; step i uses batch i % numBatches"),
    cl::value_desc("file"), cl::sub(trainCommand), cl::cat(trainCategory));
cl::opt<std::string> weightsFile(
    "weights",
    cl::desc("Initial weights (.safetensors) for every tg.param, by name; "
             "without it they are drawn as `tgc init-weights --seed S` draws "
             "them"),
    cl::value_desc("file"), cl::sub(trainCommand), cl::cat(trainCategory));
cl::opt<std::string> optimizerName(
    "optimizer",
    cl::desc("sgd (torch.optim.SGD) or adam (torch.optim.Adam; the default)"),
    cl::init("adam"), cl::sub(trainCommand), cl::cat(trainCategory));
cl::opt<double> lr("lr", cl::desc("Learning rate (default 0.001)"),
                   cl::init(1e-3), cl::sub(trainCommand),
                   cl::cat(trainCategory));
cl::opt<double> momentum("momentum", cl::desc("SGD momentum (default 0: none)"),
                         cl::init(0.0), cl::sub(trainCommand),
                         cl::cat(trainCategory));
cl::opt<double> beta1("beta1", cl::desc("Adam's beta1 (default 0.9)"),
                      cl::init(0.9), cl::sub(trainCommand),
                      cl::cat(trainCategory));
cl::opt<double> beta2("beta2", cl::desc("Adam's beta2 (default 0.999)"),
                      cl::init(0.999), cl::sub(trainCommand),
                      cl::cat(trainCategory));
cl::opt<double> epsilon("epsilon", cl::desc("Adam's epsilon (default 1e-8)"),
                        cl::init(1e-8), cl::sub(trainCommand),
                        cl::cat(trainCategory));
cl::opt<double> weightDecay(
    "weight-decay",
    cl::desc("L2 penalty added to the gradient, as torch.optim's weight_decay "
             "(default 0)"),
    cl::init(0.0), cl::sub(trainCommand), cl::cat(trainCategory));
cl::opt<std::string>
    backendName("backend",
                cl::desc("Where to run: onednn (CPU; the default) or reference "
                         "(float64 interpreter)"),
                cl::init("onednn"), cl::sub(trainCommand),
                cl::cat(trainCategory));
cl::opt<std::string> saveFile(
    "save",
    cl::desc("Write the trained params here (.safetensors, by param name; "
             "`tgc run --weights` reads it)"),
    cl::value_desc("file"), cl::sub(trainCommand), cl::cat(trainCategory));
cl::opt<unsigned> logEvery(
    "log-every",
    cl::desc("Print step, loss and speed every K steps and after the last "
             "(default 10)"),
    cl::value_desc("K"), cl::init(10), cl::sub(trainCommand),
    cl::cat(trainCategory));
cl::opt<uint64_t>
    seed("seed", cl::desc("Seed of the initial weights without --weights"),
         cl::init(0), cl::sub(trainCommand), cl::cat(trainCategory));
cl::opt<std::string> functionName(
    "function", cl::desc("The loss function (default: @main, or the only one)"),
    cl::sub(trainCommand), cl::cat(trainCategory));

/// The standard deviation of `tgc init-weights` (its --stddev default).
constexpr float kInitStddev = 0.02f;

int fail(const llvm::Twine &message) {
  llvm::errs() << "tgc: error: " << message << "\n";
  return 1;
}

int fail(const absl::Status &status) {
  return fail(std::string(status.message()));
}

/// Parses and verifies `path`; diagnostics (with locations) go to stderr.
OwningOpRef<ModuleOp> loadModule(MLIRContext &context,
                                 const std::string &path) {
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> file = openInputFile(path, &error);
  if (!file) {
    fail(error);
    return nullptr;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
  SourceMgrDiagnosticHandler handler(sourceMgr, &context);
  return parseSourceFile<ModuleOp>(sourceMgr, &context);
}

/// --function, else @main, else the only function.
absl::StatusOr<func::FuncOp> pickFunction(ModuleOp module) {
  auto functions = llvm::to_vector(module.getOps<func::FuncOp>());
  std::string wanted = functionName;
  if (wanted.empty() && functions.size() == 1)
    return functions.front();
  if (wanted.empty())
    wanted = "main";
  std::vector<std::string> names;
  for (func::FuncOp fn : functions) {
    if (fn.getSymName() == wanted)
      return fn;
    names.push_back("@" + fn.getSymName().str());
  }
  return absl::NotFoundError(absl::StrCat(
      modelFile, ": no function @", wanted,
      " (functions: ", names.empty() ? "none" : absl::StrJoin(names, " "),
      "); choose one with --function"));
}

/// The model's params by name: from --weights (strictly: every param, no
/// other tensor, each of its declared type), or drawn as `tgc init-weights`
/// draws them, so `init-weights --seed S` writes what `train --seed S`
/// starts from.
absl::StatusOr<std::map<std::string, Tensor>>
initialParams(const Signature &model) {
  std::map<std::string, Tensor> params;
  if (weightsFile.empty()) {
    for (auto [position, arg] : llvm::enumerate(model.arguments)) {
      if (arg.kind != ArgumentKind::Param)
        continue;
      Tensor t = randomTensor(arg.tensor, seed, position, arg.indexBound);
      if (t.dtype() == DType::F32)
        for (int64_t i = 0; i < t.numElements(); ++i)
          t.dataAs<float>()[i] *= kInitStddev;
      params[arg.tensor.name] = t;
    }
    return params;
  }
  absl::StatusOr<std::map<std::string, Tensor>> weights =
      readSafetensors(weightsFile);
  if (!weights.ok())
    return weights.status();
  for (const auto &[name, tensor] : *weights)
    if (llvm::none_of(model.arguments, [&](const ArgumentSpec &arg) {
          return arg.kind == ArgumentKind::Param && arg.tensor.name == name;
        }))
      return absl::InvalidArgumentError(absl::StrCat(
          weightsFile, ": tensor '", name, "' (", tensor.typeString(),
          ") is not a parameter of the program"));
  for (const ArgumentSpec &arg : model.arguments) {
    if (arg.kind != ArgumentKind::Param)
      continue;
    auto it = weights->find(arg.tensor.name);
    if (it == weights->end())
      return absl::NotFoundError(absl::StrCat(weightsFile, ": missing weight '",
                                              arg.tensor.name, "' (",
                                              arg.tensor.typeString(), ")"));
    if (absl::Status s = checkTensorMatches(
            arg.tensor, it->second,
            absl::StrCat("weight '", arg.tensor.name, "' in ", weightsFile));
        !s.ok())
      return s;
    params[arg.tensor.name] = it->second;
  }
  return params;
}

/// "f32[Nx4x3]": `spec` with a leading batch dimension.
std::string batchedType(const TensorSpec &spec) {
  std::string dims = "N";
  for (int64_t d : spec.shape)
    absl::StrAppend(&dims, "x", d);
  return absl::StrCat(std::string(dtypeName(spec.dtype)), "[", dims, "]");
}

/// The batches of --data: a tensor per program input, all with the same
/// leading dimension.
struct Batches {
  std::map<std::string, Tensor> tensors;
  int64_t count = 0;

  /// Batch `index` of input `spec`, viewing the file's tensor.
  Tensor slice(const TensorSpec &spec, int64_t index) {
    Tensor &all = tensors.at(spec.name);
    size_t bytes = all.byteSize() / count;
    return Tensor::borrow(spec.dtype, spec.shape,
                          static_cast<char *>(all.data()) + index * bytes);
  }
};

absl::StatusOr<Batches> readBatches(const Signature &signature) {
  std::vector<const TensorSpec *> inputs;
  std::vector<std::string> inputNames;
  for (const ArgumentSpec &arg : signature.arguments)
    if (arg.kind == ArgumentKind::Input) {
      inputs.push_back(&arg.tensor);
      inputNames.push_back(arg.tensor.name);
    }
  Batches batches;
  if (dataFile.empty()) {
    if (inputs.empty())
      return batches;
    return absl::InvalidArgumentError(absl::StrCat(
        "the model has inputs (", absl::StrJoin(inputNames, ", "),
        "); give --data FILE.safetensors with a tensor [numBatches, ...] "
        "for each"));
  }
  absl::StatusOr<std::map<std::string, Tensor>> tensors =
      readSafetensors(dataFile);
  if (!tensors.ok())
    return tensors.status();
  for (const auto &[name, tensor] : *tensors)
    if (!llvm::is_contained(inputNames, name))
      return absl::InvalidArgumentError(absl::StrCat(
          dataFile, ": tensor '", name, "' (", tensor.typeString(),
          ") is not an input of the model; its inputs are: ",
          inputNames.empty() ? "(none)" : absl::StrJoin(inputNames, ", ")));
  std::string countFrom;
  for (const TensorSpec *spec : inputs) {
    std::string expected = absl::StrCat(batchedType(*spec), " (numBatches of ",
                                        spec->typeString(), ")");
    auto it = tensors->find(spec->name);
    if (it == tensors->end())
      return absl::NotFoundError(absl::StrCat(dataFile, ": missing tensor '",
                                              spec->name, "' for input '",
                                              spec->name, "', ", expected));
    const Tensor &t = it->second;
    bool matches = t.dtype() == spec->dtype &&
                   t.rank() == spec->shape.size() + 1 &&
                   std::equal(spec->shape.begin(), spec->shape.end(),
                              t.shape().begin() + 1);
    if (!matches)
      return absl::InvalidArgumentError(absl::StrCat(
          dataFile, ": tensor '", spec->name, "' is ", t.typeString(),
          " but input '", spec->name, "' needs ", expected));
    int64_t count = t.shape()[0];
    if (count == 0)
      return absl::InvalidArgumentError(
          absl::StrCat(dataFile, ": tensor '", spec->name,
                       "' holds no batches (", t.typeString(), ")"));
    if (countFrom.empty()) {
      batches.count = count;
      countFrom = spec->name;
    } else if (count != batches.count) {
      return absl::InvalidArgumentError(
          absl::StrCat(dataFile, ": tensor '", spec->name, "' has ", count,
                       " batches but '", countFrom, "' has ", batches.count,
                       "; every input needs the same number"));
    }
  }
  batches.tensors = std::move(*tensors);
  return batches;
}

/// Adds @train_step to `module` (tg-autodiff, then tg-make-train-step on
/// `fn` with the optimizer options) and drops every other function.
absl::StatusOr<func::FuncOp> buildTrainStep(ModuleOp module, func::FuncOp fn) {
  // tg-autodiff differentiates every function: keep only the model's.
  for (func::FuncOp other :
       llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
    if (other != fn)
      other.erase();
  PassManager pm(module.getContext(), ModuleOp::getOperationName());
  pm.addPass(createAutodiffPass());
  MakeTrainStepPassOptions options;
  options.optimizer = optimizerName;
  options.lr = lr;
  options.momentum = momentum;
  options.beta1 = beta1;
  options.beta2 = beta2;
  options.epsilon = epsilon;
  options.weightDecay = weightDecay;
  options.functionName = fn.getSymName().str();
  pm.addPass(createMakeTrainStepPass(options));
  // Errors become this command's error; warnings (a parameter the loss
  // does not reach) print as usual.
  std::vector<std::string> errors;
  ScopedDiagnosticHandler handler(module.getContext(), [&](Diagnostic &d) {
    if (d.getSeverity() != DiagnosticSeverity::Error)
      return failure();
    // The module's own location (line 0) adds nothing to the file name.
    auto file = dyn_cast<FileLineColLoc>(d.getLocation());
    std::string where =
        file && file.getLine() == 0 ? "" : describeLocation(d.getLocation());
    errors.push_back(where.empty() ? d.str() : where + ": " + d.str());
    return success();
  });
  if (failed(pm.run(module)))
    return absl::InvalidArgumentError(absl::StrCat(
        modelFile, ": cannot build the training step of @",
        fn.getSymName().str(), ": ",
        errors.empty() ? "the passes failed" : absl::StrJoin(errors, "; ")));
  auto trainFn = module.lookupSymbol<func::FuncOp>("train_step");
  for (func::FuncOp other :
       llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
    if (other != trainFn)
      other.erase();
  return trainFn;
}

} // namespace

bool trainCommandChosen() { return static_cast<bool>(trainCommand); }

int runTrain() {
  if (steps == 0)
    return fail("--steps must be at least 1");
  if (logEvery == 0)
    return fail("--log-every must be at least 1");
  MLIRContext context;
  context.loadDialect<tg::TgDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module = loadModule(context, modelFile);
  if (!module)
    return 1;
  absl::StatusOr<func::FuncOp> fn = pickFunction(*module);
  if (!fn.ok())
    return fail(fn.status());
  // The model's own signature: initial weights are drawn by its argument
  // positions, as init-weights draws them.
  absl::StatusOr<Signature> model = tg::signatureOf(*fn);
  if (!model.ok())
    return fail(model.status());

  absl::StatusOr<std::map<std::string, Tensor>> params = initialParams(*model);
  if (!params.ok())
    return fail(params.status());
  std::string modelName = fn->getSymName().str(); // @fn is erased below
  absl::StatusOr<func::FuncOp> trainFn = buildTrainStep(*module, *fn);
  if (!trainFn.ok())
    return fail(trainFn.status());
  absl::StatusOr<Signature> signature = tg::signatureOf(*trainFn);
  if (!signature.ok())
    return fail(signature.status());
  absl::StatusOr<Batches> batches = readBatches(*signature);
  if (!batches.ok())
    return fail(batches.status());
  absl::StatusOr<const Backend *> backend = findBackend(backendName);
  if (!backend.ok())
    return fail(backend.status());
  absl::StatusOr<std::unique_ptr<Program>> program =
      prepareProgram(**backend, *module, "train_step");
  if (!program.ok())
    return fail(program.status());

  // The arguments: params, optimizer state (zeros), then each step's batch.
  const std::vector<ArgumentSpec> &arguments = signature->arguments;
  std::vector<Tensor> args(arguments.size());
  std::map<std::string, size_t> position;
  size_t stateCount = 0;
  for (auto [i, arg] : llvm::enumerate(arguments)) {
    position[arg.tensor.name] = i;
    if (arg.kind != ArgumentKind::Param)
      continue;
    auto it = params->find(arg.tensor.name);
    if (it != params->end()) {
      args[i] = it->second;
    } else {
      args[i] = Tensor::allocate(arg.tensor.dtype, arg.tensor.shape);
      ++stateCount;
    }
  }
  // Result new.X becomes argument X of the next step.
  std::vector<std::pair<size_t, size_t>> feedback; // (result, argument)
  for (size_t r = 1; r < signature->results.size(); ++r) {
    llvm::StringRef name = signature->results[r].name;
    auto it = name.starts_with("new.") ? position.find(name.substr(4).str())
                                       : position.end();
    if (it == position.end())
      return fail(absl::StrCat("@train_step result '", name.str(),
                               "' names no argument to update"));
    feedback.push_back({r, it->second});
  }

  llvm::outs() << "training @" << modelName << " on " << (*backend)->name()
               << ": " << optimizerName << " lr "
               << llvm::format("%g", lr.getValue()) << ", " << params->size()
               << " params, " << stateCount << " optimizer state tensors, "
               << batches->count << " batches\n";
  using Clock = std::chrono::steady_clock;
  Clock::time_point lastLog = Clock::now();
  unsigned lastLogStep = 0;
  for (unsigned step = 0; step < steps; ++step) {
    for (auto [i, arg] : llvm::enumerate(arguments))
      if (arg.kind == ArgumentKind::Input)
        args[i] = batches->slice(arg.tensor, step % batches->count);
    absl::StatusOr<std::vector<Tensor>> results = (*program)->run(args);
    if (!results.ok())
      return fail(
          absl::StrCat("step ", step + 1, ": ", results.status().message()));
    const Tensor &lossTensor = (*results)[0];
    double loss = loadAsDouble(lossTensor.dtype(), lossTensor.data(), 0);
    if (!std::isfinite(loss))
      return fail(absl::StrCat("step ", step + 1, ": the loss is ", loss,
                               "; a smaller --lr may help"));
    for (auto [r, a] : feedback)
      args[a] = (*results)[r];
    if ((step + 1) % logEvery == 0 || step + 1 == steps) {
      Clock::time_point now = Clock::now();
      double seconds = std::chrono::duration<double>(now - lastLog).count();
      double rate = seconds > 0 ? (step + 1 - lastLogStep) / seconds : 0;
      llvm::outs() << "step " << step + 1 << "/" << steps << "  loss "
                   << llvm::format("%.6g", loss) << "  "
                   << llvm::format("%.1f", rate) << " steps/s\n";
      llvm::outs().flush();
      lastLog = now;
      lastLogStep = step + 1;
    }
  }

  if (!saveFile.empty()) {
    std::map<std::string, Tensor> trained;
    for (const auto &[name, initial] : *params)
      trained[name] = args[position.at(name)];
    if (absl::Status s = writeSafetensors(saveFile, trained); !s.ok())
      return fail(s);
    llvm::outs() << "wrote " << trained.size() << " params to " << saveFile
                 << "\n";
  }
  return 0;
}

} // namespace tgc
