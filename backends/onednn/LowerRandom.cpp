// Lowerings of the Random family (being written).
#include "backends/onednn/Lowering.h"
namespace tgc::onednn {
void registerRandomLowerings(LoweringTable &) {}
} // namespace tgc::onednn
