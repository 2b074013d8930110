// Lowerings of the Attention family (being written).
#include "backends/onednn/Lowering.h"
namespace tgc::onednn {
void registerAttentionLowerings(LoweringTable &) {}
} // namespace tgc::onednn
