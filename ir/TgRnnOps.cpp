//===- TgRnnOps.cpp - verifiers and result types of tg.lstm and tg.gru ----===//
//
// Checks the constraints labelled in TgRnnOps.td and infers the results.
// tg.lstm and tg.gru share one checker: they differ only in the number of
// gates and in whether there is a cell state (c0 / c_n). Messages name the
// operand (by PyTorch's parameter name for weights) and both the type found
// and the type needed.
//
//===----------------------------------------------------------------------===//

#include "ir/TgOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace tgc::tg;

namespace {

template <typename... Args>
LogicalResult opError(std::optional<Location> loc, StringRef opName,
                      Args &&...args) {
  return emitOptionalError(loc, "'", opName, "' op ",
                           std::forward<Args>(args)...);
}

/// The operands and attributes of either op, as read from its adaptor.
struct RnnOperands {
  Value input;
  ValueRange weights;
  /// Initial states present on the op, with their names: h0 and, for LSTM,
  /// c0. Null values are absent.
  SmallVector<std::pair<StringRef, Value>, 2> initialStates;
  int64_t hiddenSize, numLayers;
  bool bidirectional;
};

/// Verifies rnn_c1..rnn_c5 for an op with `numGates` gates and infers its
/// results: output, then one [L*D, B, H] final state per initial state.
template <typename OpT>
LogicalResult inferRnnResults(std::optional<Location> loc,
                              const RnnOperands &op,
                              SmallVectorImpl<Type> &inferred) {
  StringRef name = OpT::getOperationName();
  constexpr int64_t numGates = OpT::kNumGates;
  using Param = typename OpT::Param;
  auto input = cast<RankedTensorType>(op.input.getType());
  Type element = input.getElementType();
  int64_t hidden = op.hiddenSize, layers = op.numLayers;
  int64_t dirs = op.bidirectional ? 2 : 1;

  // lstm_c1, gru_c1
  if (input.getRank() != 3 || input.getDimSize(1) < 1)
    return opError(loc, name, "input ", input,
                   " must have shape [batch, seq_len, input_size] with "
                   "seq_len >= 1");
  if (hidden < 1)
    return opError(loc, name, "hidden_size must be >= 1, got ", hidden);
  if (layers < 1)
    return opError(loc, name, "num_layers must be >= 1, got ", layers);
  int64_t batch = input.getDimSize(0);

  // lstm_c2, gru_c2
  int64_t expected = OpT::kParamsPerDirection * layers * dirs;
  if (static_cast<int64_t>(op.weights.size()) != expected)
    return opError(loc, name, "needs ", expected,
                   " weights (weight_ih, weight_hh, bias_ih, bias_hh for ",
                   layers, " layer(s) x ", dirs, " direction(s)), got ",
                   op.weights.size());

  // lstm_c3, gru_c3, and lstm_c5 / gru_c5 for the weights.
  for (int64_t l = 0; l < layers; ++l) {
    int64_t layerInput = l == 0 ? input.getDimSize(2) : dirs * hidden;
    for (int64_t d = 0; d < dirs; ++d) {
      std::pair<Param, SmallVector<int64_t, 2>> shapes[] = {
          {Param::WeightIh, {numGates * hidden, layerInput}},
          {Param::WeightHh, {numGates * hidden, hidden}},
          {Param::BiasIh, {numGates * hidden}},
          {Param::BiasHh, {numGates * hidden}}};
      for (auto &[param, shape] : shapes) {
        int64_t index = OpT::weightIndex(l, d, param, dirs);
        Type got = op.weights[index].getType();
        auto want = RankedTensorType::get(shape, element);
        if (got != want)
          return opError(loc, name, "weight ", index, " (",
                         OpT::paramName(l, d, param), ") has type ", got,
                         " but needs ", want, " (hidden_size ", hidden,
                         ", layer input size ", layerInput, ")");
      }
    }
  }

  // lstm_c4, gru_c4, and lstm_c5 / gru_c5 for the initial states.
  auto stateType =
      RankedTensorType::get({layers * dirs, batch, hidden}, element);
  for (auto [stateName, state] : op.initialStates) {
    if (state && state.getType() != stateType)
      return opError(loc, name, stateName, " has type ", state.getType(),
                     " but needs ", stateType,
                     " ([num_layers * directions, batch, hidden_size])");
  }
  if (op.initialStates.size() == 2 &&
      bool(op.initialStates[0].second) != bool(op.initialStates[1].second))
    return opError(loc, name,
                   "needs h0 and c0 together (both or neither), got only ",
                   op.initialStates[0].second ? "h0" : "c0");

  // lstm_c5, gru_c5: the results.
  inferred.push_back(RankedTensorType::get(
      {batch, input.getDimSize(1), dirs * hidden}, element));
  for (size_t i = 0; i < op.initialStates.size(); ++i)
    inferred.push_back(stateType);
  return success();
}

} // namespace

LogicalResult LstmOp::inferReturnTypes(MLIRContext *,
                                       std::optional<Location> loc,
                                       Adaptor adaptor,
                                       SmallVectorImpl<Type> &inferred) {
  RnnOperands op{adaptor.getInput(),
                 adaptor.getWeights(),
                 {{"h0", adaptor.getH0()}, {"c0", adaptor.getC0()}},
                 adaptor.getHiddenSize(),
                 adaptor.getNumLayers(),
                 adaptor.getBidirectional()};
  return inferRnnResults<LstmOp>(loc, op, inferred);
}

LogicalResult GruOp::inferReturnTypes(MLIRContext *,
                                      std::optional<Location> loc,
                                      Adaptor adaptor,
                                      SmallVectorImpl<Type> &inferred) {
  RnnOperands op{adaptor.getInput(),
                 adaptor.getWeights(),
                 {{"h0", adaptor.getH0()}},
                 adaptor.getHiddenSize(),
                 adaptor.getNumLayers(),
                 adaptor.getBidirectional()};
  return inferRnnResults<GruOp>(loc, op, inferred);
}
