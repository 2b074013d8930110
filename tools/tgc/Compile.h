//===- Compile.h - tgc compile: a model to a standalone binary --*- C++ -*-===//

#ifndef TGC_TOOLS_TGC_COMPILE_H
#define TGC_TOOLS_TGC_COMPILE_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/CommandLine.h"

#include <string>

namespace tgc {

/// The category of every tgc option (--help lists only these). Functions,
/// not globals, so options in any file can name them during static
/// initialization, whatever order the files' globals are built in.
llvm::cl::OptionCategory &tgcOptionCategory();
llvm::cl::SubCommand &compileSubcommand();

/// `tgc compile MODEL.mlir -o OUT`: compiles `fn` of `module` (read from
/// `inputFile`) with the chosen backend and writes an executable, or a
/// shared library and its C header. Returns the exit status.
int compileModel(mlir::ModuleOp module, mlir::func::FuncOp fn,
                 const std::string &inputFile);

} // namespace tgc

#endif // TGC_TOOLS_TGC_COMPILE_H
