//===- RnnTestUtil.h - plain-loop LSTM / GRU for the tests ------*- C++ -*-===//
//
// What the RNN tests compare against: seeded random inputs and weights in
// PyTorch's layout, tg IR text holding one tg.lstm or tg.gru, and an LSTM
// and a GRU written as plain loops straight from the equations in
// ir/TgRnnOps.td (one gate, one batch row, one hidden unit at a time). None
// of it calls tgc code, so it checks the reference kernels rather than
// repeating them.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TESTS_UNIT_RNN_RNNTESTUTIL_H
#define TGC_TESTS_UNIT_RNN_RNNTESTUTIL_H

#include "tests/unit/reference/TestUtil.h"

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

namespace tgc::rnn::testing {

using reference::testing::randomFloats;
using reference::testing::widen;

enum class Cell { Lstm, Gru };

/// The shape of one test: sizes, stacking, and whether h0 (and c0) are
/// given.
struct RnnCase {
  Cell cell;
  int64_t batch, seq, input, hidden, layers;
  bool bidirectional;
  bool initialState;

  int64_t dirs() const { return bidirectional ? 2 : 1; }
  int64_t gates() const { return cell == Cell::Lstm ? 4 : 3; }
  int64_t numStates() const { return cell == Cell::Lstm ? 2 : 1; }
  const char *mnemonic() const { return cell == Cell::Lstm ? "lstm" : "gru"; }
  std::string name() const {
    std::ostringstream os;
    os << mnemonic() << "_L" << layers << (bidirectional ? "_bi" : "_uni")
       << (initialState ? "_h0" : "_zero");
    return os.str();
  }

  /// Shapes of the flat weight list: per layer, per direction, weight_ih,
  /// weight_hh, bias_ih, bias_hh.
  std::vector<std::vector<int64_t>> weightShapes() const {
    std::vector<std::vector<int64_t>> shapes;
    for (int64_t l = 0; l < layers; ++l)
      for (int64_t d = 0; d < dirs(); ++d) {
        int64_t in = l == 0 ? input : dirs() * hidden;
        shapes.push_back({gates() * hidden, in});
        shapes.push_back({gates() * hidden, hidden});
        shapes.push_back({gates() * hidden});
        shapes.push_back({gates() * hidden});
      }
    return shapes;
  }
  /// torch.nn.LSTM's parameter names, in the order of weightShapes().
  std::vector<std::string> weightNames() const {
    std::vector<std::string> names;
    for (int64_t l = 0; l < layers; ++l)
      for (int64_t d = 0; d < dirs(); ++d)
        for (const char *kind : {"weight_ih", "weight_hh", "bias_ih", "bias_hh"})
          names.push_back(std::string(kind) + "_l" + std::to_string(l) +
                          (d == 1 ? "_reverse" : ""));
    return names;
  }
  std::vector<int64_t> stateShape() const {
    return {layers * dirs(), batch, hidden};
  }
};

/// gtest prints a case by its name rather than its bytes.
inline void PrintTo(const RnnCase &c, std::ostream *os) { *os << c.name(); }

inline int64_t product(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// Seeded inputs: x, the weights, and the initial states (h0, then c0 for
/// LSTM) when the case has them. Every value is nonzero with probability 1
/// and exactly representable in f32.
struct RnnData {
  std::vector<float> x;
  std::vector<std::vector<float>> weights;
  std::vector<std::vector<float>> states;

  static RnnData random(const RnnCase &c, unsigned seed) {
    RnnData data;
    data.x = randomFloats(c.batch * c.seq * c.input, seed, -1.5f, 1.5f);
    unsigned next = seed + 1;
    for (const std::vector<int64_t> &shape : c.weightShapes())
      data.weights.push_back(randomFloats(product(shape), next++, -0.6f, 0.6f));
    if (c.initialState)
      for (int64_t s = 0; s < c.numStates(); ++s)
        data.states.push_back(
            randomFloats(product(c.stateShape()), next++, -1.0f, 1.0f));
    return data;
  }

  /// The function arguments in order: x, weights, states.
  std::vector<Tensor> tensors(const RnnCase &c) const {
    using reference::testing::f32;
    std::vector<Tensor> args = {f32(x, {c.batch, c.seq, c.input})};
    std::vector<std::vector<int64_t>> shapes = c.weightShapes();
    for (size_t i = 0; i < weights.size(); ++i)
      args.push_back(f32(weights[i], shapes[i]));
    for (const std::vector<float> &s : states)
      args.push_back(f32(s, c.stateShape()));
    return args;
  }
};

inline std::string tensorType(const std::vector<int64_t> &shape) {
  std::ostringstream os;
  os << "tensor<";
  for (int64_t d : shape)
    os << d << "x";
  os << "f32>";
  return os.str();
}

/// `func.func @main` with one tg.lstm / tg.gru over all its arguments,
/// returning all the op's results.
inline std::string rnnProgram(const RnnCase &c) {
  std::vector<std::string> argTypes = {
      tensorType({c.batch, c.seq, c.input})};
  for (const std::vector<int64_t> &shape : c.weightShapes())
    argTypes.push_back(tensorType(shape));
  int64_t numWeights = argTypes.size() - 1;
  if (c.initialState)
    for (int64_t s = 0; s < c.numStates(); ++s)
      argTypes.push_back(tensorType(c.stateShape()));
  std::vector<std::string> resultTypes = {
      tensorType({c.batch, c.seq, c.dirs() * c.hidden})};
  for (int64_t s = 0; s < c.numStates(); ++s)
    resultTypes.push_back(tensorType(c.stateShape()));

  auto join = [](const std::vector<std::string> &items) {
    std::string text;
    for (size_t i = 0; i < items.size(); ++i)
      text += (i ? ", " : "") + items[i];
    return text;
  };
  // Arguments are named as a model would name them: x, the weights by
  // their PyTorch names, h0 and c0.
  std::vector<std::string> argAttrs = {"tg.input = \"x\""};
  for (const std::string &name : c.weightNames())
    argAttrs.push_back("tg.param = \"" + name + "\"");
  for (const char *name : {"h0", "c0"})
    argAttrs.push_back("tg.input = \"" + std::string(name) + "\"");
  std::vector<std::string> args, weights, results;
  for (size_t i = 0; i < argTypes.size(); ++i)
    args.push_back("%a" + std::to_string(i) + ": " + argTypes[i] + " {" +
                   argAttrs[i] + "}");
  for (int64_t i = 1; i <= numWeights; ++i)
    weights.push_back("%a" + std::to_string(i));
  for (size_t i = 0; i < resultTypes.size(); ++i)
    results.push_back("%r#" + std::to_string(i));

  std::ostringstream os;
  os << "func.func @main(" << join(args) << ") -> (" << join(resultTypes)
     << ") {\n  %r:" << resultTypes.size() << " = tg." << c.mnemonic()
     << " %a0 weights(" << join(weights) << ")";
  if (c.initialState) {
    os << " h0(%a" << numWeights + 1 << ")";
    if (c.cell == Cell::Lstm)
      os << " c0(%a" << numWeights + 2 << ")";
  }
  os << " {hidden_size = " << c.hidden << " : i64, num_layers = " << c.layers
     << " : i64, bidirectional = " << (c.bidirectional ? "true" : "false")
     << "} : (" << join(argTypes) << ") -> (" << join(resultTypes) << ")\n"
     << "  return " << join(results) << " : " << join(resultTypes) << "\n}\n";
  return os.str();
}

/// The expected results: output [B, T, D*H], then h_n (and c_n for LSTM)
/// [L*D, B, H], each row-major.
inline std::vector<std::vector<double>> handRnn(const RnnCase &c,
                                                const RnnData &data) {
  const int64_t B = c.batch, T = c.seq, H = c.hidden, D = c.dirs();
  auto sigma = [](double v) { return 1.0 / (1.0 + std::exp(-v)); };
  // layerIn[b][t] is the feature vector the current layer reads.
  std::vector<std::vector<std::vector<double>>> layerIn(
      B, std::vector<std::vector<double>>(T));
  for (int64_t b = 0; b < B; ++b)
    for (int64_t t = 0; t < T; ++t)
      for (int64_t k = 0; k < c.input; ++k)
        layerIn[b][t].push_back(data.x[(b * T + t) * c.input + k]);

  std::vector<double> hN(product(c.stateShape())), cN(hN.size());
  for (int64_t l = 0; l < c.layers; ++l) {
    std::vector<std::vector<std::vector<double>>> layerOut(
        B, std::vector<std::vector<double>>(T, std::vector<double>(D * H)));
    int64_t in = layerIn[0][0].size();
    for (int64_t d = 0; d < D; ++d) {
      const std::vector<float> &wIh = data.weights[(l * D + d) * 4 + 0];
      const std::vector<float> &wHh = data.weights[(l * D + d) * 4 + 1];
      const std::vector<float> &bIh = data.weights[(l * D + d) * 4 + 2];
      const std::vector<float> &bHh = data.weights[(l * D + d) * 4 + 3];
      // Row `gate * H + j` of x · W_ihᵀ + b_ih and of h · W_hhᵀ + b_hh.
      auto inputPart = [&](const std::vector<double> &x, int64_t gate,
                           int64_t j) {
        double s = bIh[gate * H + j];
        for (int64_t k = 0; k < in; ++k)
          s += x[k] * wIh[(gate * H + j) * in + k];
        return s;
      };
      auto hiddenPart = [&](const std::vector<double> &h, int64_t gate,
                            int64_t j) {
        double s = bHh[gate * H + j];
        for (int64_t k = 0; k < H; ++k)
          s += h[k] * wHh[(gate * H + j) * H + k];
        return s;
      };
      int64_t slot = l * D + d;
      for (int64_t b = 0; b < B; ++b) {
        std::vector<double> h(H, 0.0), cell(H, 0.0);
        if (c.initialState)
          for (int64_t j = 0; j < H; ++j) {
            h[j] = data.states[0][(slot * B + b) * H + j];
            if (c.cell == Cell::Lstm)
              cell[j] = data.states[1][(slot * B + b) * H + j];
          }
        for (int64_t s = 0; s < T; ++s) {
          int64_t t = d == 0 ? s : T - 1 - s;
          const std::vector<double> &x = layerIn[b][t];
          std::vector<double> hNext(H), cNext(H);
          for (int64_t j = 0; j < H; ++j) {
            if (c.cell == Cell::Lstm) {
              auto gate = [&](int64_t g) {
                return inputPart(x, g, j) + hiddenPart(h, g, j);
              };
              double i = sigma(gate(0)), f = sigma(gate(1));
              double g = std::tanh(gate(2)), o = sigma(gate(3));
              cNext[j] = f * cell[j] + i * g;
              hNext[j] = o * std::tanh(cNext[j]);
            } else {
              double r = sigma(inputPart(x, 0, j) + hiddenPart(h, 0, j));
              double z = sigma(inputPart(x, 1, j) + hiddenPart(h, 1, j));
              double n =
                  std::tanh(inputPart(x, 2, j) + r * hiddenPart(h, 2, j));
              hNext[j] = (1 - z) * n + z * h[j];
            }
          }
          h = hNext;
          cell = cNext;
          for (int64_t j = 0; j < H; ++j)
            layerOut[b][t][d * H + j] = h[j];
        }
        for (int64_t j = 0; j < H; ++j) {
          hN[(slot * B + b) * H + j] = h[j];
          cN[(slot * B + b) * H + j] = cell[j];
        }
      }
    }
    layerIn = layerOut;
  }
  std::vector<double> y;
  for (int64_t b = 0; b < B; ++b)
    for (int64_t t = 0; t < T; ++t)
      y.insert(y.end(), layerIn[b][t].begin(), layerIn[b][t].end());
  if (c.cell == Cell::Lstm)
    return {y, hN, cN};
  return {y, hN};
}

/// The configurations every RNN test runs: 1 layer unidirectional and 2
/// layers bidirectional, each with and without initial state.
inline std::vector<RnnCase> standardCases(Cell cell) {
  std::vector<RnnCase> cases;
  for (bool initial : {false, true}) {
    cases.push_back({cell, /*batch=*/3, /*seq=*/5, /*input=*/4, /*hidden=*/6,
                     /*layers=*/1, /*bidirectional=*/false, initial});
    cases.push_back({cell, /*batch=*/2, /*seq=*/4, /*input=*/3, /*hidden=*/5,
                     /*layers=*/2, /*bidirectional=*/true, initial});
  }
  return cases;
}

} // namespace tgc::rnn::testing

#endif // TGC_TESTS_UNIT_RNN_RNNTESTUTIL_H
