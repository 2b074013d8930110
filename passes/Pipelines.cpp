//===- Pipelines.cpp - named pass pipelines -------------------------------===//

#include "passes/Pipelines.h"

#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

namespace tgc {

void buildOptimizePipeline(mlir::OpPassManager &pm,
                           const OptimizeOptions &options) {
  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());

  mlir::OpPassManager &fn = pm.nest<mlir::func::FuncOp>();
  FuseAttentionPassOptions attention;
  attention.report = options.fusionReport;
  fn.addPass(createFuseAttentionPass(attention));
  FuseAddLayerNormPassOptions addLayerNorm;
  addLayerNorm.report = options.fusionReport;
  fn.addPass(createFuseAddLayerNormPass(addLayerNorm));
  FuseNearestCodewordPassOptions nearestCodeword;
  nearestCodeword.report = options.fusionReport;
  fn.addPass(createFuseNearestCodewordPass(nearestCodeword));
  FuseMatmulEpiloguePassOptions epilogue;
  epilogue.report = options.fusionReport;
  fn.addPass(createFuseMatmulEpiloguePass(epilogue));
  FuseElementwisePassOptions elementwise;
  elementwise.report = options.fusionReport;
  fn.addPass(createFuseElementwisePass(elementwise));

  pm.addPass(mlir::createCanonicalizerPass());
  pm.addPass(mlir::createCSEPass());
}

void registerTgPipelines() {
  mlir::PassPipelineRegistration<OptimizeOptions>(
      "tg-optimize",
      "The default tg optimization pipeline: cleanup, fusion, cleanup",
      buildOptimizePipeline);
}

} // namespace tgc
