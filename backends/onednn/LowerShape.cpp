// Lowerings of the Shape family (being written).
#include "backends/onednn/Lowering.h"
namespace tgc::onednn {
void registerShapeLowerings(LoweringTable &) {}
} // namespace tgc::onednn
