//===- Pipelines.h - named pass pipelines -----------------------*- C++ -*-===//
//
// tg-optimize, the default optimization pipeline, phase by phase:
//   1. cleanup:  canonicalize (tg folders), cse
//   2. fuse:     tg-fuse-attention, tg-fuse-add-layernorm,
//                tg-fuse-matmul-epilogue (in that order: the matmul epilogue
//                must not take the Q·Kᵀ matmul of an attention block), then
//                tg-fuse-elementwise for the chains no library op covers
//   3. cleanup:  canonicalize, cse (removes what fusion left dead)
//
//===----------------------------------------------------------------------===//

#ifndef TGC_PASSES_PIPELINES_H
#define TGC_PASSES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace tgc {

struct OptimizeOptions : mlir::PassPipelineOptions<OptimizeOptions> {
  Option<bool> fusionReport{*this, "fusion-report",
                            llvm::cl::desc("Emit a remark per fusion decision"),
                            llvm::cl::init(false)};
};

/// Appends tg-optimize to `pm`, which runs on a builtin.module.
void buildOptimizePipeline(mlir::OpPassManager &pm, const OptimizeOptions &options);

/// Makes tg-optimize known to pass drivers by name.
void registerTgPipelines();

} // namespace tgc

#endif // TGC_PASSES_PIPELINES_H
