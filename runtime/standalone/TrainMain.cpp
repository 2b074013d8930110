//===- TrainMain.cpp - main() of a training binary `tgc compile --train` --===//
//
//   TRAINER --data DATA.safetensors --steps N [--weights W.safetensors]
//           [--save OUT.safetensors] [--log-every K]
//           [--anneal NAME=START:END[:linear|exp]] [--help]
//
// Runs the compiled @train_step as `tgc train` does (runtime/Training.h):
// the same data format, the same progress lines, bit-identical weights.
// The optimizer and its settings were fixed when the binary was compiled.
//
//===----------------------------------------------------------------------===//

#include "runtime/Safetensors.h"
#include "runtime/Training.h"
#include "runtime/standalone/CompiledModel.h"
#include "runtime/standalone/Flags.h"

#include <iostream>
#include <string>
#include <vector>

namespace tgc {
namespace {

struct Options {
  std::string data, weights, save;
  std::optional<int64_t> steps;
  std::optional<int64_t> logEvery;
  std::vector<std::string> anneal;
  bool help = false;
};

absl::StatusOr<Options> parseOptions(int argc, char **argv) {
  Options options;
  std::vector<Flag> flags = {
      switchFlag("--help", options.help),
      switchFlag("-h", options.help),
      stringFlag("--data", options.data),
      stringFlag("--weights", options.weights),
      stringFlag("--save", options.save),
      integerFlag("--steps", 1, options.steps),
      integerFlag("--log-every", 1, options.logEvery),
      stringListFlag("--anneal", options.anneal),
  };
  if (absl::Status s = parseFlags(argc, argv, flags); !s.ok())
    return s;
  if (!options.help && !options.steps)
    return absl::InvalidArgumentError("give the number of steps with --steps N");
  return options;
}

void printHelp(const std::string &program, const ModelImage &image,
               const Signature &signature) {
  std::cout << "usage: " << program
            << " --data DATA.safetensors --steps N [--weights W.safetensors]\n"
               "       [--save OUT.safetensors] [--log-every K]\n"
               "       [--anneal NAME=START:END[:linear|exp]] [--help]\n\n"
            << "Trains " << image.name << " (" << image.about << "), compiled by tgc.\n"
            << "  --data FILE      for each input NAME, a tensor [numBatches, ...];\n"
               "                   step i takes batch i % numBatches\n"
               "  --weights FILE   the starting parameters; "
            << (image.weights.empty() ? "required" : "default: the embedded weights")
            << "\n  --save FILE      write the trained parameters (.safetensors)\n"
               "  --anneal S       set an f32 scalar input per step from a schedule\n\n";
  std::cout << "params:\n";
  for (const ArgumentSpec &arg : signature.arguments)
    if (arg.kind == ArgumentKind::Param && !arg.optimizerState)
      std::cout << "  " << arg.tensor.name << "  " << arg.tensor.typeString() << "\n";
  std::cout << "inputs (per batch):\n";
  for (const ArgumentSpec &arg : signature.arguments)
    if (arg.kind == ArgumentKind::Input)
      std::cout << "  " << arg.tensor.name << "  " << arg.tensor.typeString()
                << (arg.stepCounter ? "  (the step index, set by the trainer)" : "")
                << "\n";
}

int trainMain(int argc, char **argv) {
  std::string program = argc > 0 ? argv[0] : "trainer";
  const ModelImage &image = linkedModelImage();
  const BackendRuntime &backend = linkedBackendRuntime();
  absl::StatusOr<Options> options = parseOptions(argc, argv);
  if (!options.ok())
    return reportError(program, options.status());
  absl::StatusOr<std::unique_ptr<Executable>> step = loadProgram(image, backend);
  if (!step.ok())
    return reportError(program, step.status());
  const Signature &signature = (*step)->signature();
  if (options->help) {
    printHelp(program, image, signature);
    return 0;
  }

  std::string source;
  absl::StatusOr<std::map<std::string, Tensor>> params =
      loadWeights(image, options->weights, &source);
  if (!params.ok())
    return reportError(program, params.status());
  if (absl::Status s = checkWeights(signature, *params, source); !s.ok())
    return reportError(program, s);
  std::vector<InputSchedule> schedules;
  for (const std::string &text : options->anneal) {
    absl::StatusOr<InputSchedule> schedule = parseInputSchedule(text);
    if (!schedule.ok())
      return reportError(program, schedule.status());
    schedules.push_back(*schedule);
  }
  absl::StatusOr<TrainingData> data = readTrainingData(signature, options->data, schedules);
  if (!data.ok())
    return reportError(program, data.status());

  std::cout << "training " << image.name << " (" << image.about << "), "
            << params->size() << " params, " << countOptimizerState(signature, *params)
            << " optimizer state tensors, " << data->numBatches << " batches\n";
  TrainingOptions training;
  training.steps = *options->steps;
  training.logEvery = options->logEvery.value_or(10);
  training.schedules = schedules;
  training.log = [](const std::string &line) { std::cout << line << std::endl; };
  absl::StatusOr<std::map<std::string, Tensor>> trained = runTrainingLoop(
      signature,
      [&](const std::vector<Tensor> &args) {
        if (backend.beforeRun)
          backend.beforeRun();
        return (*step)->run(args);
      },
      *params, *data, training);
  if (!trained.ok())
    return reportError(program, trained.status());
  if (!options->save.empty()) {
    if (absl::Status s = writeSafetensors(options->save, *trained); !s.ok())
      return reportError(program, s);
    std::cout << "wrote " << trained->size() << " params to " << options->save << "\n";
  }
  return 0;
}

} // namespace
} // namespace tgc

int main(int argc, char **argv) { return tgc::trainMain(argc, argv); }
