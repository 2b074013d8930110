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

/// Sets flush-to-zero and denormals-are-zero (MXCSR FTZ|DAZ) on the calling
/// thread and on every thread of its OpenMP pool, the threads oneDNN and the
/// kernels' `omp parallel` regions run on. Subnormal f32 arithmetic is up
/// to 100x slower (softmax backward tails, exp of large negatives); results
/// change only below 1.2e-38 in magnitude, far inside every tolerance. The
/// setting persists per thread; this call is cheap after the first (one
/// atomic load) and repeats the parallel region only when the pool has
/// grown (omp_set_num_threads). Called by cpuEngine() and by kernels'
/// construction and run; call it before running on a new host thread.
void flushDenormalsOnAllThreads();

/// A memory descriptor of logical `shape`, stored row-major; with
/// `transposeLastTwo` the tensor is stored with its last two dimensions
/// swapped ([.., K, M] for a logical [.., M, K]) and read through strides.
dnnl::memory::desc plainDesc(const std::vector<int64_t> &shape,
                             dnnl::memory::data_type type,
                             bool transposeLastTwo = false);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_DNNLCONTEXT_H
