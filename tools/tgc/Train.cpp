//===- Train.cpp - `tgc train`: a training loop over @train_step ----------===//
//
//   tgc train MODEL.mlir --steps N --data DATA.safetensors [--weights W]
//       [--optimizer sgd|adam] [--lr X] [--backend onednn|reference]
//       [--save OUT.safetensors] [--log-every K] [--seed S]
//       [--anneal NAME=START:END[:linear|exp]]... [--fgsm-epsilon E [--fgsm-at NAME]]
//
// tg-autodiff and tg-make-train-step turn the model's loss function into
// @train_step(params, state, inputs) -> (loss, new.<param>..., new.<state>...),
// which the backend compiles once. Each step binds the current params, the
// optimizer state (zeros at first) and the step's batch, runs, and feeds
// every result new.X back as argument X. The model's result 0 is the loss.
//
// Data: for each input NAME of the model, DATA.safetensors holds a tensor
// NAME of shape [numBatches, ...input shape]; step i uses batch
// i % numBatches. Two kinds of input are set per step instead
// (runtime/Training.h): an input marked `tg.step_counter` is the step index
// i, the step operand of the model's random ops (dropout masks and noise
// change every step); --anneal NAME=START:END[:linear|exp] sets an f32
// scalar input on a schedule (a temperature). Everything random is seeded
// (initial weights, op seeds, the step index), so a run repeats exactly on
// the same backend and machine.
//
// --fgsm-epsilon E runs tg-fgsm first: the step trains on the FGSM
// adversarial loss at the value named by --fgsm-at (Passes.td).
//
//===----------------------------------------------------------------------===//

#include "tools/tgc/Train.h"

#include "tools/tgc/Compile.h"
#include "tools/tgc/Driver.h"

#include "backends/Backend.h"
#include "ir/ProgramSignature.h"
#include "ir/TgDialect.h"
#include "passes/Passes.h"
#include "runtime/Safetensors.h"
#include "runtime/Signature.h"
#include "runtime/Training.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"


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
    cl::init("adam"), cl::sub(trainCommand), cl::sub(compileSubcommand()), cl::cat(trainCategory));
cl::opt<double> lr("lr", cl::desc("Learning rate (default 0.001)"),
                   cl::init(1e-3), cl::sub(trainCommand), cl::sub(compileSubcommand()),
                   cl::cat(trainCategory));
cl::opt<double> momentum("momentum", cl::desc("SGD momentum (default 0: none)"),
                         cl::init(0.0), cl::sub(trainCommand), cl::sub(compileSubcommand()),
                         cl::cat(trainCategory));
cl::opt<double> beta1("beta1", cl::desc("Adam's beta1 (default 0.9)"),
                      cl::init(0.9), cl::sub(trainCommand), cl::sub(compileSubcommand()),
                      cl::cat(trainCategory));
cl::opt<double> beta2("beta2", cl::desc("Adam's beta2 (default 0.999)"),
                      cl::init(0.999), cl::sub(trainCommand), cl::sub(compileSubcommand()),
                      cl::cat(trainCategory));
cl::opt<double> epsilon("epsilon", cl::desc("Adam's epsilon (default 1e-8)"),
                        cl::init(1e-8), cl::sub(trainCommand), cl::sub(compileSubcommand()),
                        cl::cat(trainCategory));
cl::opt<double> weightDecay(
    "weight-decay",
    cl::desc("L2 penalty added to the gradient, as torch.optim's weight_decay "
             "(default 0)"),
    cl::init(0.0), cl::sub(trainCommand), cl::sub(compileSubcommand()), cl::cat(trainCategory));
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
cl::list<std::string> annealSpecs(
    "anneal",
    cl::desc("Set the f32 scalar input NAME every step instead of from --data: "
             "START at the first step to END at the last, linearly (the "
             "default) or exponentially (exp; START, END > 0); repeatable"),
    cl::value_desc("NAME=START:END[:linear|exp]"), cl::sub(trainCommand),
    cl::cat(trainCategory));
cl::opt<double> fgsmEpsilon(
    "fgsm-epsilon",
    cl::desc("FGSM adversarial training: train on the loss at e + "
             "eps*sign(d loss/d e), e the value at --fgsm-at (tg-fgsm; "
             "default 0: off)"),
    cl::init(0.0), cl::sub(trainCommand), cl::cat(trainCategory));
cl::opt<std::string> fgsmAt(
    "fgsm-at",
    cl::desc("Location name of the op whose result FGSM perturbs (default "
             "embedding; model programs keep it with --print-locations)"),
    cl::init("embedding"), cl::sub(trainCommand), cl::cat(trainCategory));

/// The standard deviation of `tgc init-weights` (its --stddev default).
constexpr float kInitStddev = 0.02f;



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
  if (absl::Status s = checkWeights(model, *weights, weightsFile); !s.ok())
    return s;
  return *weights;
}

} // namespace

absl::StatusOr<func::FuncOp> buildTrainStep(ModuleOp module, func::FuncOp fn,
                                            llvm::StringRef modelFile) {
  // tg-autodiff differentiates every function: keep only the model's.
  for (func::FuncOp other :
       llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
    if (other != fn)
      other.erase();
  PassManager pm(module.getContext(), ModuleOp::getOperationName());
  if (fgsmEpsilon != 0) {
    FgsmPassOptions fgsm;
    fgsm.epsilon = fgsmEpsilon;
    fgsm.at = fgsmAt;
    fgsm.functionName = fn.getSymName().str();
    pm.addPass(createFgsmPass(fgsm));
  }
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
    return absl::InvalidArgumentError(absl::StrCat(modelFile.str(),
        ": cannot build the training step of @",
        fn.getSymName().str(), ": ",
        errors.empty() ? "the passes failed" : absl::StrJoin(errors, "; ")));
  auto trainFn = module.lookupSymbol<func::FuncOp>("train_step");
  for (func::FuncOp other :
       llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
    if (other != trainFn)
      other.erase();
  return trainFn;
}

std::string describeOptimizer() {
  std::string text = absl::StrCat("training step: ", optimizerName.getValue(), ", lr ",
                                  absl::StrFormat("%g", lr.getValue()));
  if (optimizerName == "adam")
    absl::StrAppend(&text, absl::StrFormat(", betas %g/%g, epsilon %g", beta1.getValue(),
                                           beta2.getValue(), epsilon.getValue()));
  else if (momentum != 0)
    absl::StrAppend(&text, absl::StrFormat(", momentum %g", momentum.getValue()));
  if (weightDecay != 0)
    absl::StrAppend(&text, absl::StrFormat(", weight decay %g", weightDecay.getValue()));
  return text;
}

namespace {

} // namespace

bool trainCommandChosen() { return static_cast<bool>(trainCommand); }

int runTrain() {
  if (steps == 0)
    return fail("--steps must be at least 1");
  if (logEvery == 0)
    return fail("--log-every must be at least 1");
  MLIRContext context;
  context.loadDialect<tg::TgDialect, func::FuncDialect>();
  OwningOpRef<ModuleOp> module = loadModelFile(context, modelFile);
  if (!module)
    return 1;
  absl::StatusOr<func::FuncOp> fn = pickModelFunction(*module, functionName, modelFile);
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
  absl::StatusOr<func::FuncOp> trainFn = buildTrainStep(*module, *fn, modelFile);
  if (!trainFn.ok())
    return fail(trainFn.status());
  absl::StatusOr<Signature> signature = tg::signatureOf(*trainFn);
  if (!signature.ok())
    return fail(signature.status());
  std::vector<InputSchedule> schedules;
  for (const std::string &text : annealSpecs) {
    absl::StatusOr<InputSchedule> schedule = parseInputSchedule(text);
    if (!schedule.ok())
      return fail(absl::StrCat("--anneal: ", schedule.status().message()));
    schedules.push_back(*schedule);
  }
  absl::StatusOr<TrainingData> data =
      readTrainingData(*signature, dataFile, schedules);
  if (!data.ok())
    return fail(data.status());
  absl::StatusOr<const Backend *> backend = findBackend(backendName);
  if (!backend.ok())
    return fail(backend.status());
  absl::StatusOr<std::unique_ptr<Program>> program =
      prepareProgram(**backend, *module, "train_step");
  if (!program.ok())
    return fail(program.status());

  llvm::outs() << "training @" << modelName << " on " << (*backend)->name()
               << ": " << optimizerName << " lr "
               << llvm::format("%g", lr.getValue()) << ", " << params->size()
               << " params, " << countOptimizerState(*signature, *params)
               << " optimizer state tensors, " << data->numBatches << " batches\n";
  TrainingOptions options;
  options.steps = steps;
  options.logEvery = logEvery;
  options.schedules = schedules;
  options.log = [](const std::string &line) {
    llvm::outs() << line << "\n";
    llvm::outs().flush();
  };
  absl::StatusOr<std::map<std::string, Tensor>> trained = runTrainingLoop(
      *signature,
      [&](const std::vector<Tensor> &args) { return (*program)->run(args); }, *params,
      *data, options);
  if (!trained.ok())
    return fail(trained.status());

  if (!saveFile.empty()) {
    if (absl::Status s = writeSafetensors(saveFile, *trained); !s.ok())
      return fail(s);
    llvm::outs() << "wrote " << trained->size() << " params to " << saveFile << "\n";
  }
  return 0;
}

} // namespace tgc
