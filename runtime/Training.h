//===- Training.h - the loop that runs a compiled training step -*- C++ -*-===//
//
// tg-make-train-step turns a model into
//   @train_step(params..., optimizer state..., inputs...)
//       -> (loss, new.<param>..., new.<state>...)
// and this loop runs it: parameters start from given weights, optimizer
// state from zeros, each step takes the next batch of the data, and every
// result new.X becomes argument X of the next step. `tgc train` and a
// compiled training binary (`tgc compile --train`) share it, so both train
// the same way, bit for bit.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_RUNTIME_TRAINING_H
#define TGC_RUNTIME_TRAINING_H

#include "runtime/Signature.h"
#include "runtime/Tensor.h"

#include "absl/status/statusor.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace tgc {

/// An f32 scalar input set per step instead of read from the data: a
/// temperature or noise schedule (`tgc train --anneal`). At step i of N it
/// is start + (end - start)·t (linear) or start·(end/start)^t (exponential,
/// start and end > 0), t = i / (N - 1), t = 0 when N = 1.
struct InputSchedule {
  std::string name;
  double start = 0, end = 0;
  bool exponential = false;

  /// The value at step `step` (0-based) of `steps`.
  double at(int64_t step, int64_t steps) const;
};

/// Parses NAME=START:END[:linear|exp] (linear by default).
absl::StatusOr<InputSchedule> parseInputSchedule(const std::string &text);

/// Training data: for each input NAME of the step, a tensor NAME of shape
/// [numBatches, ...input shape]; step i takes batch i % numBatches. Inputs
/// set per step are not in the data: a step counter (`tg.step_counter`,
/// ArgumentSpec::stepCounter) is the step index i, and a scheduled input
/// takes its schedule's value.
struct TrainingData {
  std::map<std::string, Tensor> tensors;
  int64_t numBatches = 0;

  /// Batch `index` of input `spec`, a view of the file's tensor.
  Tensor batch(const TensorSpec &spec, int64_t index) const;
};

/// Reads `path` (empty: no data, allowed only for a step without inputs
/// other than those set per step), checking every tensor against the
/// step's inputs, and that each schedule names an f32 scalar input.
absl::StatusOr<TrainingData>
readTrainingData(const Signature &trainStep, const std::string &path,
                 const std::vector<InputSchedule> &schedules = {});

struct TrainingOptions {
  int64_t steps = 1;
  /// A progress line every this many steps, and after the last.
  int64_t logEvery = 10;
  std::function<void(const std::string &line)> log;
  /// Inputs set per step by a schedule (see InputSchedule).
  std::vector<InputSchedule> schedules;
};

using TrainStepRunner = std::function<absl::StatusOr<std::vector<Tensor>>(
    const std::vector<Tensor> &arguments)>;

/// Runs options.steps steps from `params` (every model parameter by name)
/// and returns the trained parameters. A step whose loss is not finite
/// stops training with an error naming the step.
absl::StatusOr<std::map<std::string, Tensor>>
runTrainingLoop(const Signature &trainStep, const TrainStepRunner &runStep,
                const std::map<std::string, Tensor> &params,
                const TrainingData &data, const TrainingOptions &options);

/// The number of optimizer state tensors of `trainStep` (its parameters
/// that are not in `params`).
int64_t countOptimizerState(const Signature &trainStep,
                            const std::map<std::string, Tensor> &params);

} // namespace tgc

#endif // TGC_RUNTIME_TRAINING_H
