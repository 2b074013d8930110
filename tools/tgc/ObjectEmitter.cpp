//===- ObjectEmitter.cpp - a compiled model as an object file -------------===//

#include "tools/tgc/ObjectEmitter.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"

#include <memory>
#include <optional>

namespace tgc {
namespace {

/// A read-only byte array `name` holding `bytes`, 64-byte aligned (the
/// program's constants are), and `name`_size with its length.
void addByteArray(llvm::Module &module, llvm::StringRef name,
                  std::string_view bytes, bool withSize) {
  llvm::LLVMContext &context = module.getContext();
  // An empty array still gets one byte, so the symbol has an address.
  llvm::StringRef data = bytes.empty() ? llvm::StringRef("\0", 1)
                                       : llvm::StringRef(bytes.data(), bytes.size());
  llvm::Constant *init = llvm::ConstantDataArray::getRaw(
      data, data.size(), llvm::Type::getInt8Ty(context));
  auto *array = new llvm::GlobalVariable(module, init->getType(), /*isConstant=*/true,
                                         llvm::GlobalValue::ExternalLinkage, init, name);
  array->setAlignment(llvm::Align(64));
  if (!withSize)
    return;
  auto *size = new llvm::GlobalVariable(
      module, llvm::Type::getInt64Ty(context), /*isConstant=*/true,
      llvm::GlobalValue::ExternalLinkage,
      llvm::ConstantInt::get(llvm::Type::getInt64Ty(context), bytes.size()),
      (name + "_size").str());
  size->setAlignment(llvm::Align(8));
}

} // namespace

absl::StatusOr<std::string> emitModelObject(const ModelObjectContents &contents) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  std::string triple = llvm::sys::getDefaultTargetTriple();
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return absl::InternalError("no LLVM target for " + triple + ": " + error);
  // Position independent, so the same object links into a shared library.
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, "generic", "", llvm::TargetOptions(), llvm::Reloc::PIC_));
  if (!machine)
    return absl::InternalError("cannot create an LLVM target machine for " + triple);

  llvm::LLVMContext context;
  llvm::Module module("tgc_model", context);
  module.setTargetTriple(triple);
  module.setDataLayout(machine->createDataLayout());
  // C strings: with their NUL.
  addByteArray(module, "tgc_model_name",
               std::string_view(contents.modelName.c_str(), contents.modelName.size() + 1),
               /*withSize=*/false);
  addByteArray(module, "tgc_model_about",
               std::string_view(contents.about.c_str(), contents.about.size() + 1),
               /*withSize=*/false);
  addByteArray(module, "tgc_program", contents.program, /*withSize=*/true);
  addByteArray(module, "tgc_weights", contents.weights, /*withSize=*/true);

  llvm::SmallVector<char, 0> object;
  llvm::raw_svector_ostream os(object);
  llvm::legacy::PassManager passes;
  if (machine->addPassesToEmitFile(passes, os, nullptr,
                                   llvm::CodeGenFileType::ObjectFile))
    return absl::InternalError("LLVM cannot emit an object file for " + triple);
  passes.run(module);
  return std::string(object.begin(), object.end());
}

} // namespace tgc
