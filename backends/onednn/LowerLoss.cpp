// Lowerings of the Loss family (being written).
#include "backends/onednn/Lowering.h"
namespace tgc::onednn {
void registerLossLowerings(LoweringTable &) {}
} // namespace tgc::onednn
