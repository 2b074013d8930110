//===- DnnlContext.h - the oneDNN engine and stream -------------*- C++ -*-===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_DNNLCONTEXT_H
#define TGC_BACKENDS_ONEDNN_KERNELS_DNNLCONTEXT_H

#include "runtime/DType.h"

#include <dnnl.hpp>

#include <cstdint>
#include <vector>

namespace tgc::onednn {

/// The CPU engine every primitive is created on.
dnnl::engine &cpuEngine();
/// The stream primitives run on (in order; kernels wait on it).
dnnl::stream &cpuStream();

/// A memory descriptor of logical `shape`, stored row-major; with
/// `transposeLastTwo` the tensor is stored with its last two dimensions
/// swapped ([.., K, M] for a logical [.., M, K]) and read through strides.
dnnl::memory::desc plainDesc(const std::vector<int64_t> &shape,
                             dnnl::memory::data_type type,
                             bool transposeLastTwo = false);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_DNNLCONTEXT_H
