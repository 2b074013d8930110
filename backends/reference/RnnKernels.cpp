//===- RnnKernels.cpp - reference evaluation of tg.lstm and tg.gru --------===//
//
// Plain loops over layers, directions, time steps and batch rows, written
// from the equations in ir/TgRnnOps.td. Both ops share the driver
// (evalRnn); they differ only in the cell that turns the two projections
// x·W_ihᵀ + b_ih and h·W_hhᵀ + b_hh into the next state.
//
//===----------------------------------------------------------------------===//

#include "backends/reference/Kernels.h"

#include "ir/TgOps.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace tgc::tg;

namespace tgc::reference {
namespace {

double sigmoid(double v) { return 1.0 / (1.0 + std::exp(-v)); }

/// out[j] = sum over k of v[k] * w[j, k] + bias[j], with w [rows, n].
void affine(const double *v, int64_t n, const RefValue &w,
            const RefValue &bias, double *out) {
  int64_t rows = w.shape()[0];
  for (int64_t j = 0; j < rows; ++j) {
    double sum = 0;
    for (int64_t k = 0; k < n; ++k)
      sum += v[k] * w.floats[j * n + k];
    out[j] = sum + bias.floats[j];
  }
}

/// One LSTM step for one batch row: state = {h, c}, gate order i, f, g, o.
void lstmCell(const double *gi, const double *gh, double *const *state,
              int64_t hidden) {
  double *h = state[0], *c = state[1];
  for (int64_t j = 0; j < hidden; ++j) {
    auto gate = [&](int64_t k) { return gi[k * hidden + j] + gh[k * hidden + j]; };
    double i = sigmoid(gate(0)), f = sigmoid(gate(1));
    double g = std::tanh(gate(2)), o = sigmoid(gate(3));
    c[j] = f * c[j] + i * g;
    h[j] = o * std::tanh(c[j]);
  }
}

/// One GRU step for one batch row: state = {h}, gate order r, z, n.
void gruCell(const double *gi, const double *gh, double *const *state,
             int64_t hidden) {
  double *h = state[0];
  for (int64_t j = 0; j < hidden; ++j) {
    double r = sigmoid(gi[j] + gh[j]);
    double z = sigmoid(gi[hidden + j] + gh[hidden + j]);
    double n = std::tanh(gi[2 * hidden + j] + r * gh[2 * hidden + j]);
    h[j] = (1.0 - z) * n + z * h[j];
  }
}

using Cell = void (*)(const double *gi, const double *gh, double *const *state,
                      int64_t hidden);

/// Runs the stacked, optionally bidirectional recurrence of `op`. Operands:
/// input, the weights, then the initial states present on the op (h0, and
/// c0 for LSTM). Results: output, then the final state of each kind.
template <typename OpT>
absl::StatusOr<std::vector<RefValue>>
evalRnn(OpT op, Operands in, int64_t numStates, Cell cell) {
  using Param = typename OpT::Param;
  const RefValue &x = *in[0];
  int64_t batch = x.shape()[0], steps = x.shape()[1];
  int64_t hidden = op.getHiddenSize(), layers = op.getNumLayers();
  int64_t dirs = op.getNumDirections();
  int64_t gates = OpT::kNumGates * hidden;
  size_t numWeights = op.getWeights().size();
  auto weight = [&](int64_t l, int64_t d, Param p) -> const RefValue & {
    return *in[1 + OpT::weightIndex(l, d, p, dirs)];
  };
  // Initial states in operand order; absent ones (h0 and c0 are present
  // together or not at all) start at zero.
  bool hasInitial = in.size() > 1 + numWeights;

  std::vector<RefValue> results;
  for (Value result : op->getResults())
    results.push_back(RefValue::zeros(cast<RankedTensorType>(result.getType())));

  std::vector<double> layerInput = x.floats;
  int64_t inputSize = x.shape()[2];
  std::vector<double> gi(gates), gh(gates);
  for (int64_t l = 0; l < layers; ++l) {
    std::vector<double> layerOutput(batch * steps * dirs * hidden);
    for (int64_t d = 0; d < dirs; ++d) {
      const RefValue &wIh = weight(l, d, Param::WeightIh);
      const RefValue &wHh = weight(l, d, Param::WeightHh);
      const RefValue &bIh = weight(l, d, Param::BiasIh);
      const RefValue &bHh = weight(l, d, Param::BiasHh);
      // state[s] is [batch, hidden] for state kind s (h, then c).
      int64_t slot = l * dirs + d;
      std::vector<std::vector<double>> state(numStates);
      for (int64_t s = 0; s < numStates; ++s) {
        state[s].assign(batch * hidden, 0.0);
        if (hasInitial)
          std::copy_n(&in[1 + numWeights + s]->floats[slot * batch * hidden],
                      batch * hidden, state[s].begin());
      }
      for (int64_t step = 0; step < steps; ++step) {
        int64_t t = d == 0 ? step : steps - 1 - step;
        for (int64_t b = 0; b < batch; ++b) {
          double *rows[2];
          for (int64_t s = 0; s < numStates; ++s)
            rows[s] = &state[s][b * hidden];
          affine(&layerInput[(b * steps + t) * inputSize], inputSize, wIh, bIh,
                 gi.data());
          affine(rows[0], hidden, wHh, bHh, gh.data());
          cell(gi.data(), gh.data(), rows, hidden);
          std::copy_n(rows[0], hidden,
                      &layerOutput[((b * steps + t) * dirs + d) * hidden]);
        }
      }
      for (int64_t s = 0; s < numStates; ++s)
        std::copy_n(state[s].begin(), batch * hidden,
                    &results[1 + s].floats[slot * batch * hidden]);
    }
    layerInput = std::move(layerOutput);
    inputSize = dirs * hidden;
  }
  results[0].floats = std::move(layerInput);
  return results;
}

} // namespace

void registerRnnKernels(KernelTable &table) {
  table.addMulti<LstmOp>([](LstmOp op, Operands in) {
    return evalRnn(op, in, /*numStates=*/2, lstmCell);
  });
  table.addMulti<GruOp>([](GruOp op, Operands in) {
    return evalRnn(op, in, /*numStates=*/1, gruCell);
  });
}

} // namespace tgc::reference
