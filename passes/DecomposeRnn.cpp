//===- DecomposeRnn.cpp - tg.lstm / tg.gru to per-step tg ops -------------===//
//
// Expands each recurrent op into the ops of its equations (TgRnnOps.td),
// unrolled over layers, directions and time steps. Expects static shapes
// (every tg tensor has them). The two ops share the unrolling (RnnExpander)
// and differ in the cell: the ops that turn the input projection gi and the
// recurrent projection gh of one step into the next state. A backend that
// runs some recurrent ops itself creates the pass with a filter
// (createDecomposeRnnPass(shouldDecompose)) and keeps those.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/TgDialect.h"
#include "ir/TgOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"

#include <functional>

namespace tgc {
#define GEN_PASS_DEF_DECOMPOSERNNPASS
#include "passes/Passes.h.inc"
} // namespace tgc

using namespace mlir;
using namespace tgc::tg;

namespace {

/// Creates tg ops at one insertion point and location, inferring result
/// types where the op can.
class Emitter {
public:
  Emitter(OpBuilder &builder, Location loc, Type elementType)
      : b_(builder), loc_(loc), elementType_(elementType) {}

  Value add(Value x, Value y) { return b_.create<AddOp>(loc_, x, y); }
  Value sub(Value x, Value y) { return b_.create<SubOp>(loc_, x, y); }
  Value mul(Value x, Value y) { return b_.create<MulOp>(loc_, x, y); }
  Value sigmoid(Value x) { return b_.create<SigmoidOp>(loc_, x); }
  Value tanh(Value x) { return b_.create<TanhOp>(loc_, x); }

  /// x · wᵀ + bias: torch.nn.Linear's affine map, w [out, in].
  Value linear(Value x, Value w, Value bias) {
    Value xw = b_.create<MatmulOp>(loc_, x, w, /*transpose_a=*/false,
                                   /*transpose_b=*/true);
    return add(xw, bias);
  }

  Value reshape(Value x, ArrayRef<int64_t> shape) {
    return b_.create<ReshapeOp>(loc_, RankedTensorType::get(shape, elementType_),
                                x);
  }

  Value slice(Value x, ArrayRef<int64_t> start, ArrayRef<int64_t> limit) {
    return b_.create<SliceOp>(loc_, x, start, limit, DenseI64ArrayAttr());
  }

  /// Columns [k*hidden, (k+1)*hidden) of a [batch, G*hidden] gate matrix.
  Value gate(Value gates, int64_t k, int64_t hidden) {
    int64_t batch = cast<RankedTensorType>(gates.getType()).getDimSize(0);
    return slice(gates, {0, k * hidden}, {batch, (k + 1) * hidden});
  }

  /// The inputs joined along `axis`; a single input is returned as is.
  Value concat(ArrayRef<Value> inputs, int64_t axis) {
    if (inputs.size() == 1)
      return inputs.front();
    return b_.create<ConcatOp>(loc_, inputs, axis);
  }

  /// A constant of `shape` with every element `value`.
  Value splat(ArrayRef<int64_t> shape, double value) {
    auto type = RankedTensorType::get(shape, elementType_);
    return b_.create<ConstantOp>(
        loc_, DenseElementsAttr::get(type, b_.getFloatAttr(elementType_, value)));
  }

private:
  OpBuilder &b_;
  Location loc_;
  Type elementType_;
};

/// One step of a cell: from gi = x_t · W_ihᵀ + b_ih and gh = h · W_hhᵀ +
/// b_hh ([batch, G*hidden]) updates `state` (h first) in place.
using CellFn = llvm::function_ref<void(Emitter &, Value gi, Value gh,
                                       MutableArrayRef<Value> state)>;

/// Unrolls `op` (tg.lstm or tg.gru) with `numStates` states per layer and
/// direction (2 for LSTM: h and c; 1 for GRU) and returns the values that
/// replace its results: output, then the final value of each state kind.
template <typename OpT>
SmallVector<Value> expandRnn(OpT op, ArrayRef<Value> initialStates,
                             OpBuilder &builder, CellFn cell) {
  using Param = typename OpT::Param;
  auto inputType = cast<RankedTensorType>(op.getInput().getType());
  Emitter e(builder, op.getLoc(), inputType.getElementType());
  int64_t batch = inputType.getDimSize(0), steps = inputType.getDimSize(1);
  int64_t hidden = op.getHiddenSize(), dirs = op.getNumDirections();
  size_t numStates = initialStates.size();

  // finals[s][l*dirs + d]: the last state of kind s, as [1, batch, hidden].
  SmallVector<SmallVector<Value>> finals(numStates);
  Value layerInput = op.getInput();
  // The start state where h0 / c0 is absent, created at its first use.
  Value zeroState;
  for (int64_t l = 0; l < op.getNumLayers(); ++l) {
    SmallVector<Value> directionOutputs;
    for (int64_t d = 0; d < dirs; ++d) {
      int64_t slot = l * dirs + d;
      // The input projection does not depend on h: one matmul for all steps.
      Value inputProjection =
          e.linear(layerInput, op.getWeight(l, d, Param::WeightIh),
                   op.getWeight(l, d, Param::BiasIh));
      int64_t gates = OpT::kNumGates * hidden;

      SmallVector<Value, 2> state;
      for (Value initial : initialStates) {
        if (!initial) {
          if (!zeroState)
            zeroState = e.splat({batch, hidden}, 0.0);
          state.push_back(zeroState);
          continue;
        }
        Value slice =
            e.slice(initial, {slot, 0, 0}, {slot + 1, batch, hidden});
        state.push_back(e.reshape(slice, {batch, hidden}));
      }

      SmallVector<Value> stepOutputs(steps);
      for (int64_t step = 0; step < steps; ++step) {
        int64_t t = d == 0 ? step : steps - 1 - step;
        Value gi = e.reshape(
            e.slice(inputProjection, {0, t, 0}, {batch, t + 1, gates}),
            {batch, gates});
        Value gh = e.linear(state[0], op.getWeight(l, d, Param::WeightHh),
                            op.getWeight(l, d, Param::BiasHh));
        cell(e, gi, gh, state);
        stepOutputs[t] = e.reshape(state[0], {batch, 1, hidden});
      }
      directionOutputs.push_back(e.concat(stepOutputs, /*axis=*/1));
      for (size_t s = 0; s < numStates; ++s)
        finals[s].push_back(e.reshape(state[s], {1, batch, hidden}));
    }
    layerInput = e.concat(directionOutputs, /*axis=*/2);
  }

  SmallVector<Value> results = {layerInput};
  for (ArrayRef<Value> last : finals)
    results.push_back(e.concat(last, /*axis=*/0));
  return results;
}

// The cells create one op per statement: C++ leaves the evaluation order
// of call arguments unspecified, and the IR must not depend on it.

/// c = f ⊙ c + i ⊙ g, h = o ⊙ tanh(c), gates i, f, g, o.
void lstmCell(Emitter &e, Value gi, Value gh, MutableArrayRef<Value> state,
              int64_t hidden) {
  Value gates = e.add(gi, gh);
  Value i = e.sigmoid(e.gate(gates, 0, hidden));
  Value f = e.sigmoid(e.gate(gates, 1, hidden));
  Value g = e.tanh(e.gate(gates, 2, hidden));
  Value o = e.sigmoid(e.gate(gates, 3, hidden));
  Value kept = e.mul(f, state[1]);
  Value written = e.mul(i, g);
  state[1] = e.add(kept, written);
  Value squashed = e.tanh(state[1]);
  state[0] = e.mul(o, squashed);
}

/// h = (1 - z) ⊙ n + z ⊙ h with r, z, n as in tg.gru; `one` is a rank-0 1.
void gruCell(Emitter &e, Value gi, Value gh, MutableArrayRef<Value> state,
             int64_t hidden, Value one) {
  SmallVector<Value, 3> x, h;
  for (int64_t k = 0; k < 3; ++k) {
    x.push_back(e.gate(gi, k, hidden));
    h.push_back(e.gate(gh, k, hidden));
  }
  Value r = e.sigmoid(e.add(x[0], h[0]));
  Value z = e.sigmoid(e.add(x[1], h[1]));
  Value resetH = e.mul(r, h[2]);
  Value n = e.tanh(e.add(x[2], resetH));
  Value update = e.mul(e.sub(one, z), n);
  Value keep = e.mul(z, state[0]);
  state[0] = e.add(update, keep);
}

void decompose(LstmOp op, RewriterBase &rewriter) {
  rewriter.setInsertionPoint(op);
  int64_t hidden = op.getHiddenSize();
  SmallVector<Value> results = expandRnn(
      op, {op.getH0(), op.getC0()}, rewriter,
      [&](Emitter &e, Value gi, Value gh, MutableArrayRef<Value> state) {
        lstmCell(e, gi, gh, state, hidden);
      });
  rewriter.replaceOp(op, results);
}

void decompose(GruOp op, RewriterBase &rewriter) {
  rewriter.setInsertionPoint(op);
  int64_t hidden = op.getHiddenSize();
  Type elementType = op.getInput().getType().getElementType();
  Value one = Emitter(rewriter, op.getLoc(), elementType).splat({}, 1.0);
  SmallVector<Value> results = expandRnn(
      op, {op.getH0()}, rewriter,
      [&](Emitter &e, Value gi, Value gh, MutableArrayRef<Value> state) {
        gruCell(e, gi, gh, state, hidden, one);
      });
  rewriter.replaceOp(op, results);
}

struct DecomposeRnnPass
    : tgc::impl::DecomposeRnnPassBase<DecomposeRnnPass> {
  DecomposeRnnPass() = default;
  explicit DecomposeRnnPass(std::function<bool(Operation *)> shouldDecompose)
      : shouldDecompose_(std::move(shouldDecompose)) {}

  void runOnOperation() override {
    // Collected first: the walk must not see the ops it is creating.
    SmallVector<Operation *> rnnOps;
    getOperation().walk([&](Operation *op) {
      if (isa<LstmOp, GruOp>(op) && (!shouldDecompose_ || shouldDecompose_(op)))
        rnnOps.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (Operation *op : rnnOps) {
      if (auto lstm = dyn_cast<LstmOp>(op))
        decompose(lstm, rewriter);
      else
        decompose(cast<GruOp>(op), rewriter);
    }
  }

private:
  /// Which ops to expand; every one when empty.
  std::function<bool(Operation *)> shouldDecompose_;
};

} // namespace

std::unique_ptr<Pass>
tgc::createDecomposeRnnPass(std::function<bool(Operation *)> shouldDecompose) {
  return std::make_unique<DecomposeRnnPass>(std::move(shouldDecompose));
}
