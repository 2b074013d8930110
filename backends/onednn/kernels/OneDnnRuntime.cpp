//===- OneDnnRuntime.cpp - the onednn backend inside a compiled binary ----===//

#include "backends/onednn/kernels/DnnlContext.h"
#include "backends/onednn/kernels/KernelSpec.h"
#include "runtime/standalone/CompiledModel.h"

namespace tgc {

const BackendRuntime &linkedBackendRuntime() {
  static const BackendRuntime runtime{onednn::kBackendName, onednn::loadKernel,
                                      onednn::flushDenormalsOnAllThreads};
  return runtime;
}

} // namespace tgc
