// Lowerings of the Normalization family (being written).
#include "backends/onednn/Lowering.h"
namespace tgc::onednn {
void registerNormalizationLowerings(LoweringTable &) {}
} // namespace tgc::onednn
