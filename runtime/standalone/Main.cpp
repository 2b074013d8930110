//===- Main.cpp - main() of an executable `tgc compile` writes ------------===//
//
//   MODEL [--weights W.safetensors] [--input NAME=FILE.npy ...]
//         [--random-inputs SEED] [--output-dir DIR] [--bench N] [--help]
//
// Binds the arguments as `tgc run` does (same checks, same seeded random
// inputs), runs the program once and writes each result as DIR/NAME.npy;
// with --bench, reports startup and steady-state latency instead.
//
//===----------------------------------------------------------------------===//

#include "runtime/ResultFiles.h"
#include "runtime/standalone/CompiledModel.h"
#include "runtime/standalone/Flags.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace tgc {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string weights;
  std::vector<std::string> inputs;
  std::optional<int64_t> randomInputSeed;
  std::string outputDir;
  std::optional<int64_t> benchRuns;
  bool help = false;
};

absl::StatusOr<Options> parseOptions(int argc, char **argv) {
  Options options;
  std::vector<Flag> flags = {
      switchFlag("--help", options.help),
      switchFlag("-h", options.help),
      stringFlag("--weights", options.weights),
      stringListFlag("--input", options.inputs),
      stringFlag("--output-dir", options.outputDir),
      integerFlag("--random-inputs", 0, options.randomInputSeed),
      integerFlag("--bench", 1, options.benchRuns),
  };
  if (absl::Status s = parseFlags(argc, argv, flags); !s.ok())
    return s;
  return options;
}

void printTensorList(const char *title, const std::vector<TensorSpec> &specs) {
  std::cout << title << ":\n";
  if (specs.empty())
    std::cout << "  (none)\n";
  for (const TensorSpec &spec : specs)
    std::cout << "  " << spec.name << "  " << spec.typeString() << "\n";
}

void printHelp(std::string_view program, const ModelImage &image,
               const BackendRuntime &backend, const Signature &signature) {
  std::cout << "usage: " << program
            << " [--weights W.safetensors] [--input NAME=FILE.npy ...]\n"
               "       [--random-inputs SEED] [--output-dir DIR] [--bench N] [--help]\n\n"
            << "Runs " << image.name << ", compiled by tgc for backend '" << backend.name
            << "', and writes each output as DIR/NAME.npy (DIR defaults to .).\n"
               "  --weights FILE      parameters by name (.safetensors); "
            << (image.weights.empty() ? "required" : "default: the embedded weights")
            << "\n"
               "  --input NAME=FILE   an input as .npy\n"
               "  --random-inputs S   draw every input not given from seed S\n"
               "  --bench N           report startup (load + first run) and\n"
               "                      min/median/max latency over N runs\n\n";
  std::vector<TensorSpec> inputs, params;
  for (const ArgumentSpec &arg : signature.arguments)
    (arg.kind == ArgumentKind::Input ? inputs : params).push_back(arg.tensor);
  printTensorList("inputs", inputs);
  printTensorList("params", params);
  printTensorList("outputs", signature.results);
}

double millisecondsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

int standaloneMain(int argc, char **argv) {
  Clock::time_point start = Clock::now();
  std::string program = argc > 0 ? argv[0] : "model";
  const ModelImage &image = linkedModelImage();
  const BackendRuntime &backend = linkedBackendRuntime();

  absl::StatusOr<Options> options = parseOptions(argc, argv);
  if (!options.ok())
    return reportError(program, options.status());
  if (options->help) {
    // Help needs the signature only, not the weights.
    absl::StatusOr<std::unique_ptr<Executable>> executable = loadProgram(image, backend);
    if (!executable.ok())
      return reportError(program, executable.status());
    printHelp(program, image, backend, (*executable)->signature());
    return 0;
  }

  absl::StatusOr<std::unique_ptr<CompiledModel>> model =
      CompiledModel::load(image, backend, options->weights);
  if (!model.ok())
    return reportError(program, model.status());

  ArgumentSources sources;
  sources.weights = (*model)->weights();
  sources.weightsFile = (*model)->weightsSource();
  for (const std::string &flag : options->inputs)
    if (absl::Status s = addInputFlag(flag, sources); !s.ok())
      return reportError(program, s);
  if (options->randomInputSeed)
    sources.randomInputSeed = static_cast<uint64_t>(*options->randomInputSeed);
  absl::StatusOr<std::vector<Tensor>> arguments =
      bindArguments((*model)->signature(), sources);
  if (!arguments.ok())
    return reportError(program, arguments.status());

  absl::StatusOr<std::vector<Tensor>> results = (*model)->runArguments(*arguments);
  if (!results.ok())
    return reportError(program, results.status());
  double startupMs = millisecondsSince(start);

  if (options->benchRuns) {
    std::vector<double> times;
    for (int64_t i = 0; i < *options->benchRuns; ++i) {
      Clock::time_point runStart = Clock::now();
      absl::StatusOr<std::vector<Tensor>> again = (*model)->runArguments(*arguments);
      if (!again.ok())
        return reportError(program, again.status());
      times.push_back(millisecondsSince(runStart));
    }
    std::sort(times.begin(), times.end());
    double median = times.size() % 2 ? times[times.size() / 2]
                                     : (times[times.size() / 2 - 1] + times[times.size() / 2]) / 2;
    std::printf("startup (load + first run): %.3f ms\n", startupMs);
    std::printf("latency over %lld runs: min %.3f ms  median %.3f ms  max %.3f ms\n",
                static_cast<long long>(times.size()), times.front(), median,
                times.back());
    if (options->outputDir.empty())
      return 0;
  }

  absl::StatusOr<std::vector<std::string>> written = writeResultFiles(
      (*model)->signature().results, *results, options->outputDir.empty() ? "." : options->outputDir);
  if (!written.ok())
    return reportError(program, written.status());
  for (size_t i = 0; i < written->size(); ++i)
    std::cout << "wrote " << (*written)[i] << " (" << (*results)[i].typeString() << ")\n";
  return 0;
}

} // namespace
} // namespace tgc

int main(int argc, char **argv) { return tgc::standaloneMain(argc, argv); }
