//===- OneDnnBackend.h - the CPU backend ------------------------*- C++ -*-===//

#ifndef TGC_BACKENDS_ONEDNN_ONEDNNBACKEND_H
#define TGC_BACKENDS_ONEDNN_ONEDNNBACKEND_H

#include "backends/Backend.h"

namespace tgc::onednn {

/// oneDNN primitives (matmul with post-ops, ...) and hand-written
/// OpenMP CPU kernels, run as a runtime Executable. f32 floats only.
const Backend &oneDnnBackend();

/// A test-only switch for bisection tests: after the first kernel of op
/// `opName` (e.g. "tg.softmax") runs, its first output element is changed.
/// Empty (the default) disables it.
void setTestCorruptOp(std::string opName);

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_ONEDNNBACKEND_H
