//===- tg-opt.cpp - the tg pass driver ------------------------------------===//
//
// mlir-opt for tg: parses tg IR, runs the requested passes and prints the
// result. Lit tests drive every pass and verifier through it.
//
//===----------------------------------------------------------------------===//

#include "ir/TgDialect.h"
#include "passes/Pipelines.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  // The generic MLIR passes tg relies on: canonicalize (which runs the tg
  // folders), cse, symbol-dce, inline.
  mlir::registerTransformsPasses();
  // tg's own passes (passes/Passes.td): --tg-decompose-rnn, ...
  tgc::registerTgPasses();
  // Named pipelines: --tg-optimize.
  tgc::registerTgPipelines();

  mlir::DialectRegistry registry;
  registry.insert<tgc::tg::TgDialect, mlir::func::FuncDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "tg pass driver\n", registry));
}
