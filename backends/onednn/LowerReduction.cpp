// Lowerings of the Reduction family (being written).
#include "backends/onednn/Lowering.h"
namespace tgc::onednn {
void registerReductionLowerings(LoweringTable &) {}
} // namespace tgc::onednn
