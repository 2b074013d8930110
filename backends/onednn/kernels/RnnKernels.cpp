//===- RnnKernels.cpp - tg.lstm and tg.gru on oneDNN RNN primitives -------===//
//
// Layer l of the op is one oneDNN primitive (left2right, or
// bidirectional_concat for two directions, whose output is exactly the
// op's concat of the two directions on the last axis). Layer 0 reads the
// op's input, layer l > 0 the output of the layer below, and the last
// layer writes the op's output. The mapping onto oneDNN, per layer:
//
//   data     [B, T, C] batch-first is oneDNN's ntc (logical t, n, c). The
//            primitives choose their layout (format_tag::any gives tnc,
//            which runs faster than ntc read in place); reorders convert
//            the op's input and output (O(B*T*C) per run), and the layers
//            hand tnc on to each other.
//   states   h0 / c0 / h_n / c_n rows l*D .. l*D+D-1 = one layer's
//            [1, D, B, H] in ldnc: pointers into the op's tensors.
//   weights  PyTorch's weight_ih [G*H, in] of one direction is oneDNN's
//            ldgoi (logical ldigo [1, 1, in, G, H]). Gate order: LSTM
//            i, f, g, o is oneDNN's i, f, c~, o; GRU r, z, n becomes
//            oneDNN's u, r, o with u = z, o = n. Each run stages the
//            directions' gate blocks into one ldgoi buffer (a memcpy per
//            block; skipped when the op's tensor already is that buffer:
//            one direction, LSTM), then a reorder primitive made once
//            converts ldgoi into the layout the primitive picked from
//            format_tag::any, when that differs.
//   bias     ldgo [1, D, Gb, H]. LSTM: b_ih + b_hh per gate (Gb = 4).
//            lbr_gru (Gb = 4: u, r, o, u'):
//              u = σ(W_u x + b_u + U_u h),  r = σ(W_r x + b_r + U_r h),
//              o = tanh(W_o x + b_o + r ⊙ (U_o h + b_u')),
//              h' = u ⊙ h + (1 - u) ⊙ o
//            equals tg.gru with b_u = b_iz + b_hz, b_r = b_ir + b_hr,
//            b_o = b_in, b_u' = b_hn.
//
// The recurrent GEMMs dominate: staging and reorders are O(weights) per
// run against O(T * B * weights) of compute. Absent h0 / c0 are zero
// memory descriptors (oneDNN starts from zeros). forward_inference: no
// workspace. fpmath strict: f32 stays f32.
//
//===----------------------------------------------------------------------===//

#include "backends/onednn/kernels/RnnKernels.h"

#include "backends/onednn/kernels/DnnlContext.h"

#include "absl/strings/str_cat.h"

#include <cstring>
#include <optional>
#include <unordered_map>

namespace tgc::onednn {
namespace {

using dnnl::memory;
using Tag = memory::format_tag;
constexpr memory::data_type kF32 = memory::data_type::f32;
/// A memory object's handle until a run sets it to that run's tensor.
void *const kNoHandle = DNNL_MEMORY_NONE;

/// Which PyTorch gate block each oneDNN gate position reads.
std::vector<int64_t> gateSources(RnnCell cell) {
  if (cell == RnnCell::Lstm)
    return {0, 1, 2, 3}; // i, f, c~, o  <-  i, f, g, o
  return {1, 0, 2};      // u, r, o      <-  z, r, n
}

/// One weight kind (W_ih or W_hh) of one layer, every direction, from
/// PyTorch's tensors to the primitive's layout (see the file comment).
class WeightsPacking {
public:
  /// `staged` is ldgoi [1, D, in, G, H]; `wanted` is what the primitive
  /// chose. `inPlace`: the op's single tensor is used as the ldgoi buffer.
  WeightsPacking(const memory::desc &staged, const memory::desc &wanted,
                 int64_t blockElements, bool inPlace)
      : blockElements_(blockElements), inPlace_(inPlace) {
    if (!inPlace)
      staging_.resize(staged.get_size() / sizeof(float));
    staged_ = memory(staged, cpuEngine(), inPlace ? kNoHandle : staging_.data());
    if (wanted == staged) {
      packed_ = staged_;
      return;
    }
    packed_ = memory(wanted, cpuEngine()); // owns its buffer
    reorder_.emplace(dnnl::reorder::primitive_desc(cpuEngine(), staged,
                                                   cpuEngine(), wanted));
  }

  /// Fills the primitive's weights from one PyTorch tensor per direction;
  /// returns the memory to pass as the primitive's argument.
  const memory &pack(const std::vector<const float *> &perDirection,
                     const std::vector<int64_t> &sources) {
    if (inPlace_) {
      staged_.set_data_handle(const_cast<float *>(perDirection[0]));
    } else {
      size_t blockBytes = static_cast<size_t>(blockElements_) * sizeof(float);
      float *to = staging_.data();
      for (const float *direction : perDirection)
        for (int64_t source : sources) {
          std::memcpy(to, direction + source * blockElements_, blockBytes);
          to += blockElements_;
        }
    }
    if (reorder_)
      reorder_->execute(cpuStream(), staged_, packed_);
    return packed_;
  }

private:
  int64_t blockElements_;
  bool inPlace_;
  std::vector<float> staging_;
  memory staged_, packed_;
  std::optional<dnnl::reorder> reorder_;
};

/// A reorder between two layouts of one tensor, made once.
struct Conversion {
  Conversion(const memory::desc &fromDesc, void *fromHandle, const memory::desc &toDesc,
             void *toHandle)
      : from(fromDesc, cpuEngine(), fromHandle), to(toDesc, cpuEngine(), toHandle),
        reorder(dnnl::reorder::primitive_desc(cpuEngine(), fromDesc, cpuEngine(),
                                              toDesc)) {}
  void run() { reorder.execute(cpuStream(), from, to); }

  memory from, to;
  dnnl::reorder reorder;
};

/// One layer: its primitive, its weights and bias, and the memory objects
/// whose handles each run points at this run's tensors.
struct Layer {
  dnnl::primitive primitive;
  std::optional<WeightsPacking> weightsLayer, weightsIter;
  std::vector<float> bias; // ldgo [1, D, Gb, H]
  memory srcLayer, dstLayer, srcIter, srcIterC, dstIter, dstIterC, biasMemory;
  /// Into srcLayer from the op's input (layer 0) or the layer below, and
  /// from dstLayer to the op's output (last layer), where the primitive
  /// wants another layout.
  std::optional<Conversion> toInput, fromOutput;
};

class RnnKernel : public Kernel {
public:
  explicit RnnKernel(const RnnSpec &spec)
      : spec_(spec), dirs_(spec.bidirectional ? 2 : 1),
        gates_(spec.cell == RnnCell::Lstm ? 4 : 3), sources_(gateSources(spec.cell)) {}

  /// Creates every layer's primitive, packing and layout conversions;
  /// throws dnnl::error.
  void build() {
    int64_t b = spec_.batch, t = spec_.steps, h = spec_.hiddenSize;
    bool lstm = spec_.cell == RnnCell::Lstm;
    // LSTM's bias has one row per gate; lbr_gru's has a fourth, b_u'.
    int64_t biasGates = 4;
    auto direction = dirs_ == 2 ? dnnl::rnn_direction::bidirectional_concat
                                : dnnl::rnn_direction::unidirectional_left2right;
    memory::desc state({1, dirs_, b, h}, kF32, Tag::ldnc);
    memory::desc initial = spec_.hasInitialState ? state : memory::desc();
    memory::desc biasDesc({1, dirs_, biasGates, h}, kF32, Tag::ldgo);
    // The op's data are batch-first (ntc); the primitives pick their own
    // layout (tnc, measured faster than reading ntc in place) and the
    // layers pass it on between them.
    memory::desc opOutput({t, b, dirs_ * h}, kF32, Tag::ntc);
    memory::desc anyOutput({t, b, dirs_ * h}, kF32, Tag::any);
    dnnl::primitive_attr attr;
    attr.set_fpmath_mode(dnnl::fpmath_mode::strict); // f32 stays f32

    memory below; // the previous layer's output
    for (int64_t l = 0; l < spec_.numLayers; ++l) {
      Layer layer;
      int64_t inputSize = l == 0 ? spec_.inputSize : dirs_ * h;
      memory::desc anyInput({t, b, inputSize}, kF32, Tag::any);
      memory::desc anyLayer({1, dirs_, inputSize, gates_, h}, kF32, Tag::any);
      memory::desc anyIter({1, dirs_, h, gates_, h}, kF32, Tag::any);
      std::optional<dnnl::rnn_primitive_desc_base> pd;
      if (lstm) {
        dnnl::lstm_forward::desc desc(dnnl::prop_kind::forward_inference, direction,
                                      anyInput, initial, initial, anyLayer, anyIter,
                                      biasDesc, anyOutput, state, state);
        dnnl::lstm_forward::primitive_desc lstmPd(desc, attr, cpuEngine());
        layer.primitive = dnnl::lstm_forward(lstmPd);
        pd = lstmPd;
      } else {
        dnnl::lbr_gru_forward::desc desc(dnnl::prop_kind::forward_inference,
                                         direction, anyInput, initial, anyLayer,
                                         anyIter, biasDesc, anyOutput, state);
        dnnl::lbr_gru_forward::primitive_desc gruPd(desc, attr, cpuEngine());
        layer.primitive = dnnl::lbr_gru_forward(gruPd);
        pd = gruPd;
      }

      // Input: the op's (layer 0) or the layer below's, converted when the
      // primitive wants another layout.
      memory::desc input = pd->src_layer_desc();
      memory::desc given =
          l == 0 ? memory::desc({t, b, inputSize}, kF32, Tag::ntc) : below.get_desc();
      if (input == given) {
        layer.srcLayer = l == 0 ? memory(given, cpuEngine(), DNNL_MEMORY_NONE) : below;
      } else {
        layer.srcLayer = memory(input, cpuEngine());
        layer.toInput.emplace(given,
                              l == 0 ? kNoHandle : below.get_data_handle(),
                              input, layer.srcLayer.get_data_handle());
      }
      // Output: the op's (last layer) or a buffer the next layer reads.
      memory::desc output = pd->dst_layer_desc();
      if (l + 1 == spec_.numLayers && output == opOutput) {
        layer.dstLayer = memory(output, cpuEngine(), DNNL_MEMORY_NONE);
      } else {
        layer.dstLayer = memory(output, cpuEngine());
        if (l + 1 == spec_.numLayers)
          layer.fromOutput.emplace(output, layer.dstLayer.get_data_handle(), opOutput,
                                   kNoHandle);
      }
      below = layer.dstLayer;

      // The op's tensor is already the ldgoi buffer when there is one
      // direction and the gates need no reordering.
      bool inPlace = dirs_ == 1 && lstm;
      layer.weightsLayer.emplace(
          memory::desc({1, dirs_, inputSize, gates_, h}, kF32, Tag::ldgoi),
          pd->weights_layer_desc(), h * inputSize, inPlace);
      layer.weightsIter.emplace(memory::desc({1, dirs_, h, gates_, h}, kF32, Tag::ldgoi),
                                pd->weights_iter_desc(), h * h, inPlace);
      layer.bias.resize(static_cast<size_t>(dirs_ * biasGates * h));
      layer.biasMemory = memory(biasDesc, cpuEngine(), layer.bias.data());
      layer.dstIter = memory(state, cpuEngine(), DNNL_MEMORY_NONE);
      if (lstm)
        layer.dstIterC = memory(state, cpuEngine(), DNNL_MEMORY_NONE);
      if (spec_.hasInitialState) {
        layer.srcIter = memory(state, cpuEngine(), DNNL_MEMORY_NONE);
        if (lstm)
          layer.srcIterC = memory(state, cpuEngine(), DNNL_MEMORY_NONE);
      }
      layers_.push_back(std::move(layer));
    }
  }

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    try {
      runLayers(in, out);
    } catch (const dnnl::error &e) {
      return absl::InternalError(absl::StrCat("oneDNN RNN primitive failed: ", e.what()));
    }
    return absl::OkStatus();
  }

private:
  enum Param { WeightIh = 0, WeightHh = 1, BiasIh = 2, BiasHh = 3 };

  /// The op's parameter `param` of layer `l`, direction `d` (the order of
  /// TgRnnOps.td's `weights`, after the input operand).
  const float *param(const std::vector<TensorView> &in, int64_t l, int64_t d,
                     Param param) const {
    return in[1 + (l * dirs_ + d) * 4 + param].as<float>();
  }

  void fillBias(const std::vector<TensorView> &in, int64_t l, std::vector<float> &bias) {
    int64_t h = spec_.hiddenSize;
    float *to = bias.data();
    for (int64_t d = 0; d < dirs_; ++d) {
      const float *bi = param(in, l, d, BiasIh), *bh = param(in, l, d, BiasHh);
      for (int64_t source : sources_) {
        if (spec_.cell == RnnCell::Gru && source == 2) {
          // lbr_gru's o row takes b_in alone; b_hn goes to the u' row below.
          std::memcpy(to, bi + 2 * h, h * sizeof(float));
        } else {
          for (int64_t j = 0; j < h; ++j)
            to[j] = bi[source * h + j] + bh[source * h + j];
        }
        to += h;
      }
      if (spec_.cell == RnnCell::Gru) {
        std::memcpy(to, bh + 2 * h, h * sizeof(float));
        to += h;
      }
    }
  }

  void runLayers(const std::vector<TensorView> &in, const std::vector<TensorView> &out) {
    bool lstm = spec_.cell == RnnCell::Lstm;
    int64_t stateElements = dirs_ * spec_.batch * spec_.hiddenSize;
    size_t firstState = 1 + 4 * spec_.numLayers * dirs_;
    for (int64_t l = 0; l < spec_.numLayers; ++l) {
      Layer &layer = layers_[l];
      std::vector<const float *> wih, whh;
      for (int64_t d = 0; d < dirs_; ++d) {
        wih.push_back(param(in, l, d, WeightIh));
        whh.push_back(param(in, l, d, WeightHh));
      }
      const memory &weightsLayer = layer.weightsLayer->pack(wih, sources_);
      const memory &weightsIter = layer.weightsIter->pack(whh, sources_);
      fillBias(in, l, layer.bias);

      if (l == 0 && layer.toInput)
        layer.toInput->from.set_data_handle(in[0].data);
      else if (l == 0)
        layer.srcLayer.set_data_handle(in[0].data);
      if (layer.toInput)
        layer.toInput->run();
      bool last = l + 1 == spec_.numLayers;
      if (last && layer.fromOutput)
        layer.fromOutput->to.set_data_handle(out[0].data);
      else if (last)
        layer.dstLayer.set_data_handle(out[0].data);

      std::unordered_map<int, memory> args = {
          {DNNL_ARG_SRC_LAYER, layer.srcLayer},
          {DNNL_ARG_WEIGHTS_LAYER, weightsLayer},
          {DNNL_ARG_WEIGHTS_ITER, weightsIter},
          {DNNL_ARG_BIAS, layer.biasMemory},
          {DNNL_ARG_DST_LAYER, layer.dstLayer}};
      layer.dstIter.set_data_handle(out[1].as<float>() + l * stateElements);
      args[DNNL_ARG_DST_ITER] = layer.dstIter;
      if (lstm) {
        layer.dstIterC.set_data_handle(out[2].as<float>() + l * stateElements);
        args[DNNL_ARG_DST_ITER_C] = layer.dstIterC;
      }
      if (spec_.hasInitialState) {
        layer.srcIter.set_data_handle(in[firstState].as<float>() + l * stateElements);
        args[DNNL_ARG_SRC_ITER] = layer.srcIter;
        if (lstm) {
          layer.srcIterC.set_data_handle(in[firstState + 1].as<float>() +
                                         l * stateElements);
          args[DNNL_ARG_SRC_ITER_C] = layer.srcIterC;
        }
      }
      layer.primitive.execute(cpuStream(), args);
      if (layer.fromOutput)
        layer.fromOutput->run();
    }
    cpuStream().wait();
  }

  RnnSpec spec_;
  int64_t dirs_, gates_;
  std::vector<int64_t> sources_;
  std::vector<Layer> layers_;
};

} // namespace

absl::StatusOr<std::unique_ptr<Kernel>> makeRnnKernel(const RnnSpec &spec) {
  if (spec.dtype != DType::F32)
    return absl::UnimplementedError("onednn runs f32 recurrent layers only");
  if (spec.batch < 1 || spec.steps < 1 || spec.inputSize < 1 || spec.hiddenSize < 1 ||
      spec.numLayers < 1)
    return absl::InvalidArgumentError(absl::StrCat(
        "recurrent layer needs positive sizes; got batch ", spec.batch, ", steps ",
        spec.steps, ", input size ", spec.inputSize, ", hidden size ",
        spec.hiddenSize, ", layers ", spec.numLayers));
  auto kernel = std::make_unique<RnnKernel>(spec);
  try {
    kernel->build();
  } catch (const dnnl::error &e) {
    return absl::UnimplementedError(absl::StrCat(
        "oneDNN cannot create this ", spec.cell == RnnCell::Lstm ? "LSTM" : "LBR GRU",
        " primitive: ", e.what()));
  }
  return std::unique_ptr<Kernel>(std::move(kernel));
}

} // namespace tgc::onednn
