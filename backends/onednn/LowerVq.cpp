//===- LowerVq.cpp - tg.nearest_codeword to the fused search kernel -------===//

#include "backends/onednn/Lowering.h"

#include "ir/TgOps.h"

using namespace mlir;
using namespace tgc::tg;

namespace tgc::onednn {

void registerVqLowerings(LoweringTable &table) {
  table.add<NearestCodewordOp>(
      [](NearestCodewordOp op) -> absl::StatusOr<KernelSpec> {
        NearestCodewordSpec spec;
        spec.dtype = dtypeOf(op.getInput());
        std::vector<int64_t> z = shapeOf(op.getInput());
        spec.numVectors = z[0];
        spec.dim = z[1];
        spec.codebookSize = shapeOf(op.getCodebook())[0];
        return spec;
      });
}

} // namespace tgc::onednn
