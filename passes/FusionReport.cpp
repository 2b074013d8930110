//===- FusionReport.cpp - remarks that explain fusion decisions -----------===//

#include "passes/FusionReport.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace tgc {

/// A short form of `loc` for reports: "file:line:col" or a scope name.
static void printShort(Location loc, llvm::raw_ostream &os) {
  if (auto file = dyn_cast<FileLineColLoc>(loc))
    os << file.getFilename().getValue() << ":" << file.getLine() << ":"
       << file.getColumn();
  else if (auto name = dyn_cast<NameLoc>(loc))
    os << name.getName().getValue();
  else if (auto fused = dyn_cast<FusedLoc>(loc))
    llvm::interleave(
        fused.getLocations(), os, [&](Location l) { printShort(l, os); }, ", ");
  else
    os << loc;
}

Location fusedLocation(ArrayRef<Operation *> replaced) {
  llvm::SetVector<Location> locations;
  for (Operation *op : replaced)
    locations.insert(op->getLoc());
  return FusedLoc::get(replaced.front()->getContext(), locations.getArrayRef());
}

void remarkFused(Operation *fused, ArrayRef<Operation *> replaced) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "fused " << replaced.size() << " ops into " << fused->getName() << ": ";
  llvm::interleave(
      replaced, os,
      [&](Operation *op) {
        os << op->getName() << " (";
        printShort(op->getLoc(), os);
        os << ")";
      },
      ", ");
  fused->emitRemark(text);
}

void remarkNotFused(Operation *anchor, StringRef fusedOpName,
                    const llvm::Twine &reason) {
  anchor->emitRemark("not fused into ") << fusedOpName << ": " << reason.str();
}

} // namespace tgc
