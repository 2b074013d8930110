//===- DnnlContext.cpp - the oneDNN engine and stream ---------------------===//

#include "backends/onednn/kernels/DnnlContext.h"

#include <omp.h>

#include <atomic>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

namespace tgc::onednn {

namespace {

void flushDenormalsOnThisThread() {
#if defined(__x86_64__) || defined(__i386__)
  constexpr unsigned kFlushToZero = 0x8000, kDenormalsAreZero = 0x0040;
  _mm_setcsr(_mm_getcsr() | kFlushToZero | kDenormalsAreZero);
#endif
}

} // namespace

void flushDenormalsOnAllThreads() {
  // Threads of the pool that have it set; the pool's threads persist
  // between parallel regions, and so does each one's MXCSR. The main
  // thread is checked separately: a different host thread may call.
  static std::atomic<int> covered{0};
  thread_local bool callerSet = false;
  if (!callerSet) {
    flushDenormalsOnThisThread();
    callerSet = true;
  }
  int wanted = omp_get_max_threads();
  if (covered.load(std::memory_order_acquire) >= wanted)
    return;
#pragma omp parallel num_threads(wanted)
  flushDenormalsOnThisThread();
  covered.store(wanted, std::memory_order_release);
}

dnnl::engine &cpuEngine() {
  static dnnl::engine engine = [] {
    flushDenormalsOnAllThreads();
    return dnnl::engine(dnnl::engine::kind::cpu, 0);
  }();
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
