// Reference evaluation of tg.fused_elementwise (being written).
#include "backends/reference/Kernels.h"
namespace tgc::reference {
void registerElementwiseRegionKernels(KernelTable &) {}
} // namespace tgc::reference
