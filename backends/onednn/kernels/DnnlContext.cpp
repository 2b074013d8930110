//===- DnnlContext.cpp - the oneDNN engine and stream ---------------------===//

#include "backends/onednn/kernels/DnnlContext.h"

namespace tgc::onednn {

dnnl::engine &cpuEngine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

dnnl::stream &cpuStream() {
  static dnnl::stream stream(cpuEngine());
  return stream;
}

dnnl::memory::desc plainDesc(const std::vector<int64_t> &shape,
                             dnnl::memory::data_type type,
                             bool transposeLastTwo) {
  dnnl::memory::dims dims(shape.begin(), shape.end());
  dnnl::memory::dims strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  if (transposeLastTwo && shape.size() >= 2) {
    // The logical [.., M, K] view of a tensor stored as [.., K, M].
    size_t r = shape.size();
    strides[r - 2] = 1;
    strides[r - 1] = shape[r - 2];
  }
  return dnnl::memory::desc(dims, type, strides);
}

} // namespace tgc::onednn
