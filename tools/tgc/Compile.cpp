//===- Compile.cpp - tgc compile: a model to a standalone binary ----------===//
//
//   tgc compile MODEL.mlir --backend=onednn -o OUT
//       [--weights W.safetensors [--embed-weights]] [--shared [--header H]]
//
// The backend compiles the function as `tgc run` would; its executable is
// serialized, emitted as data in an object file through LLVM, and linked by
// the system's C++ driver with the runtime libraries of this build (see
// cmake/TgcLinkConfig.cmake) into an executable with main(), or a shared
// library with the C API and a generated header. Nothing of MLIR or LLVM is
// linked in. The output is written only when everything succeeded, and the
// same input always gives byte-identical files.
//
//===----------------------------------------------------------------------===//

#include "tools/tgc/Compile.h"
#include "tools/tgc/Driver.h"

#include "backends/Backend.h"
#include "ir/ProgramSignature.h"
#include "runtime/FileUtil.h"
#include "runtime/Safetensors.h"
#include "runtime/Signature.h"
#include "runtime/Training.h"
#include "tools/tgc/LinkConfig.h"
#include "tools/tgc/ObjectEmitter.h"
#include "tools/tgc/Train.h"

#include "absl/strings/str_cat.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cctype>

namespace cl = llvm::cl;
using namespace mlir;

namespace tgc {

cl::SubCommand &compileSubcommand() {
  static cl::SubCommand command(
      "compile", "Compile a model to a standalone executable or shared library");
  return command;
}

namespace {

cl::opt<std::string> outputPath("o", cl::desc("The binary to write"),
                                cl::value_desc("file"), cl::sub(compileSubcommand()),
                                cl::cat(tgcOptionCategory()));
cl::opt<std::string> backendName("backend", cl::desc("The backend to compile for"),
                                 cl::init("onednn"), cl::sub(compileSubcommand()),
                                 cl::cat(tgcOptionCategory()));
cl::opt<std::string> weightsFile(
    "weights",
    cl::desc("Weights to check against the program (and embed with "
             "--embed-weights); without them, the binary takes --weights"),
    cl::value_desc("file"), cl::sub(compileSubcommand()), cl::cat(tgcOptionCategory()));
cl::opt<bool> embedWeights("embed-weights",
                           cl::desc("Put the --weights into the binary"),
                           cl::sub(compileSubcommand()), cl::cat(tgcOptionCategory()));
cl::opt<bool> sharedLibrary(
    "shared", cl::desc("Write a shared library with a C API and its header"),
    cl::sub(compileSubcommand()), cl::cat(tgcOptionCategory()));
cl::opt<bool> trainBinary(
    "train",
    cl::desc("Compile a training binary: tg-autodiff + tg-make-train-step with "
             "--optimizer, --lr, ... (as tgc train takes them); it runs --steps "
             "steps over --data and --save's the weights"),
    cl::sub(compileSubcommand()), cl::cat(tgcOptionCategory()));
cl::opt<std::string> headerPath(
    "header", cl::desc("With --shared: the C header to write (default: OUT "
                       "with its extension replaced by .h)"),
    cl::value_desc("file"), cl::sub(compileSubcommand()), cl::cat(tgcOptionCategory()));


/// Runs `argv` and returns its combined output in the error when it fails.
absl::Status runTool(llvm::ArrayRef<std::string> argv, llvm::StringRef scratchDir) {
  llvm::SmallString<128> log(scratchDir);
  llvm::sys::path::append(log, "link.log");
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, log.str(), log.str()};
  std::vector<llvm::StringRef> args(argv.begin(), argv.end());
  std::string error;
  int status = llvm::sys::ExecuteAndWait(args.front(), args, std::nullopt, redirects,
                                         /*SecondsToWait=*/0, /*MemoryLimit=*/0, &error);
  if (status == 0)
    return absl::OkStatus();
  std::string output;
  if (auto buffer = llvm::MemoryBuffer::getFile(log))
    output = (*buffer)->getBuffer().str();
  std::string command;
  for (const std::string &arg : argv)
    absl::StrAppend(&command, command.empty() ? "" : " ", arg);
  return absl::InternalError(absl::StrCat("linking failed (", error.empty() ? "" : error + ", ",
                                          "exit status ", status, "): ", command, "\n",
                                          output));
}

std::string cIdentifierComment(const TensorSpec &spec) {
  return absl::StrCat(spec.name, "  ", spec.typeString(), "  (",
                      shapeNumElements(spec.shape), " elements, ",
                      shapeNumElements(spec.shape) * dtypeSize(spec.dtype), " bytes)");
}

/// The C header of a shared library: the API, and the model's inputs and
/// outputs in the order the API takes them.
std::string cHeader(const Signature &signature, const std::string &modelName,
                    const std::string &libraryName, bool weightsEmbedded) {
  std::vector<const TensorSpec *> inputs, params;
  for (const ArgumentSpec &arg : signature.arguments)
    (arg.kind == ArgumentKind::Input ? inputs : params).push_back(&arg.tensor);
  std::string guard = "TGC_MODEL_" + libraryName + "_H";
  for (char &c : guard)
    c = std::isalnum(static_cast<unsigned char>(c)) ? std::toupper(c) : '_';

  std::string h;
  absl::StrAppend(&h, "/* ", libraryName, ".h: the C interface of ", modelName,
                  ", compiled by tgc.\n * Generated by `tgc compile --shared`; do not edit.\n"
                  " *\n * Buffers are dense and row-major in the element type shown:\n"
                  " * f32 = float, i32 = int32_t, i64 = int64_t, i1 = one byte (0 or 1).\n"
                  " *\n * Inputs, in the order tgc_model_run takes them:\n");
  for (size_t i = 0; i < inputs.size(); ++i)
    absl::StrAppend(&h, " *   ", i, "  ", cIdentifierComment(*inputs[i]), "\n");
  if (inputs.empty())
    absl::StrAppend(&h, " *   (none)\n");
  absl::StrAppend(&h, " *\n * Outputs, in the order tgc_model_run writes them:\n");
  for (size_t i = 0; i < signature.results.size(); ++i)
    absl::StrAppend(&h, " *   ", i, "  ", cIdentifierComment(signature.results[i]), "\n");
  absl::StrAppend(&h, " *\n * Parameters, read by name from the weights file given to\n"
                      " * tgc_model_create",
                  weightsEmbedded ? " (NULL: the weights embedded in the library)" : "",
                  ":\n");
  for (const TensorSpec *param : params)
    absl::StrAppend(&h, " *   ", param->name, "  ", param->typeString(), "\n");
  if (params.empty())
    absl::StrAppend(&h, " *   (none)\n");
  absl::StrAppend(&h, " */\n\n#ifndef ", guard, "\n#define ", guard,
                  "\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
  std::vector<const TensorSpec *> outputs;
  for (const TensorSpec &result : signature.results)
    outputs.push_back(&result);
  absl::StrAppend(&h, "#include <stddef.h>\n\n#define TGC_MODEL_NUM_INPUTS ", inputs.size(),
                  "\n#define TGC_MODEL_NUM_OUTPUTS ", outputs.size(), "\n\n");
  // Names and byte sizes as arrays, so code can loop over them.
  auto table = [&](const char *kind, const std::vector<const TensorSpec *> &specs) {
    absl::StrAppend(&h, "static const char *const tgc_model_", kind, "_names[] = {");
    for (const TensorSpec *spec : specs)
      absl::StrAppend(&h, "\"", spec->name, "\", ");
    absl::StrAppend(&h, "NULL};\nstatic const size_t tgc_model_", kind, "_bytes[] = {");
    for (const TensorSpec *spec : specs)
      absl::StrAppend(&h, shapeNumElements(spec->shape) * dtypeSize(spec->dtype), ", ");
    absl::StrAppend(&h, "0};\n");
  };
  table("input", inputs);
  table("output", outputs);
  absl::StrAppend(
      &h, "\ntypedef struct tgc_model tgc_model;\n\n"
          "/* Loads the model and its weights: `weights_path` is a .safetensors\n"
          " * file holding every parameter by name"
          , weightsEmbedded ? ", or NULL for the embedded weights" : "",
          ".\n * Returns NULL on an error (a missing, truncated or mis-shaped weight);\n"
          " * tgc_last_error() says what went wrong. */\n"
          "tgc_model *tgc_model_create(const char *weights_path);\n\n"
          "/* Runs the model once. inputs[i] points to input i's data and\n"
          " * outputs[i] to room for output i, as listed above. Returns 0, or\n"
          " * non-zero with tgc_last_error() set. One model runs one call at a time. */\n"
          "int tgc_model_run(tgc_model *model, const void *const *inputs,\n"
          "                  void *const *outputs);\n\n"
          "void tgc_model_destroy(tgc_model *model);\n\n"
          "/* The message of this thread's last failed call (\"\" after success). */\n"
          "const char *tgc_last_error(void);\n\n"
          "#ifdef __cplusplus\n}\n#endif\n\n#endif /* ", guard, " */\n");
  return h;
}

} // namespace

int compileModel(ModuleOp module, func::FuncOp fn, const std::string &inputFile) {
  if (outputPath.empty())
    return fail("tgc compile: name the binary to write with -o");
  if (embedWeights && weightsFile.empty())
    return fail("--embed-weights needs --weights FILE.safetensors");
  if (!headerPath.empty() && !sharedLibrary)
    return fail("--header goes with --shared");
  if (trainBinary && sharedLibrary)
    return fail("--train writes an executable; it does not go with --shared");
  llvm::StringRef outputDir = llvm::sys::path::parent_path(outputPath);
  if (!outputDir.empty() && !llvm::sys::fs::is_directory(outputDir))
    return fail("cannot write '" + outputPath + "': directory '" + outputDir +
                "' does not exist");
  absl::StatusOr<const Backend *> backend = findBackend(backendName);
  if (!backend.ok())
    return fail(backend.status());
  if ((*backend)->name() != "onednn")
    return fail("backend '" + (*backend)->name() +
                "' cannot be compiled to a binary; use --backend=onednn");
  std::string about = "inference";
  if (trainBinary) {
    absl::StatusOr<func::FuncOp> trainStep = buildTrainStep(module, fn, inputFile);
    if (!trainStep.ok())
      return fail(trainStep.status());
    fn = *trainStep;
    about = describeOptimizer();
  }
  absl::StatusOr<Signature> signature = tg::signatureOf(fn);
  if (!signature.ok())
    return fail(signature.status());

  std::string weightBytes;
  if (!weightsFile.empty()) {
    absl::StatusOr<std::string> bytes = readFileBytes(weightsFile);
    if (!bytes.ok())
      return fail(bytes.status());
    absl::StatusOr<std::map<std::string, Tensor>> weights =
        readSafetensorsFromBuffer(*bytes, weightsFile);
    if (!weights.ok())
      return fail(weights.status());
    if (absl::Status s = checkWeights(*signature, *weights, weightsFile); !s.ok())
      return fail(s);
    if (embedWeights)
      weightBytes = std::move(*bytes);
  }

  absl::StatusOr<std::unique_ptr<Program>> program =
      prepareProgram(**backend, module, fn.getSymName());
  if (!program.ok())
    return fail(program.status());
  absl::StatusOr<std::string> programBytes = (*program)->serialize();
  if (!programBytes.ok())
    return fail(programBytes.status());

  // The file name only, so where the model was compiled from does not
  // change the binary.
  std::string modelName = llvm::sys::path::filename(inputFile).str();
  absl::StatusOr<std::string> object =
      emitModelObject({modelName, about, *programBytes, weightBytes});
  if (!object.ok())
    return fail(object.status());

  llvm::SmallString<128> scratch;
  if (std::error_code ec = llvm::sys::fs::createUniqueDirectory("tgc-compile", scratch))
    return fail("cannot create a scratch directory: " + ec.message());
  auto cleanup = llvm::make_scope_exit([&] { llvm::sys::fs::remove_directories(scratch); });
  llvm::SmallString<128> objectPath(scratch);
  llvm::sys::path::append(objectPath, "model.o");
  if (absl::Status s = writeFileAtomically(objectPath.str().str(), *object); !s.ok())
    return fail(s);

  // Link next to the output and rename, so a failed link leaves no file.
  std::string partial = outputPath + ".tgc-partial";
  std::vector<std::string> argv = {link::kCxxDriver, "-o", partial,
                                   objectPath.str().str()};
  if (sharedLibrary) {
    llvm::SmallString<128> exports(scratch);
    llvm::sys::path::append(exports, "exports.map");
    // Only the C API leaves the library; the runtime's C++ symbols stay
    // inside, so they cannot clash with the host program's.
    if (absl::Status s = writeFileAtomically(
            exports.str().str(), "{\n  global: tgc_model_*; tgc_last_error;\n  local: *;\n};\n");
        !s.ok())
      return fail(s);
    argv.insert(argv.end(), {"-shared", "-Wl,--version-script=" + exports.str().str(),
                             "-Wl,--whole-archive"});
    const char *const *library = link::kSHAREDLibraries;
    argv.push_back(*library++); // the C API, kept whole
    argv.push_back("-Wl,--no-whole-archive");
    for (; *library; ++library)
      argv.push_back(*library);
  } else {
    for (const char *const *library =
             trainBinary ? link::kTRAINERLibraries : link::kEXECUTABLELibraries;
         *library; ++library)
      argv.push_back(*library);
  }
  for (const char *const *library = link::kExternalLibraries; *library; ++library)
    argv.push_back(*library);
  if (absl::Status s = runTool(argv, scratch); !s.ok()) {
    llvm::sys::fs::remove(partial);
    return fail(s);
  }
  if (std::error_code ec = llvm::sys::fs::rename(partial, outputPath)) {
    llvm::sys::fs::remove(partial);
    return fail("cannot write '" + outputPath + "': " + ec.message());
  }
  llvm::outs() << "wrote " << outputPath << " ("
               << (sharedLibrary ? "shared library" : trainBinary ? "training executable" : "executable")
               << ", backend " << (*backend)->name() << ", weights "
               << (embedWeights ? "embedded" : "from --weights at run time") << ")\n";

  if (sharedLibrary) {
    llvm::SmallString<128> header(headerPath.empty() ? outputPath : headerPath);
    if (headerPath.empty())
      llvm::sys::path::replace_extension(header, ".h");
    std::string libraryName = llvm::sys::path::stem(header).str();
    if (absl::Status s = writeFileAtomically(
            header.str().str(), cHeader(*signature, modelName, libraryName, embedWeights));
        !s.ok())
      return fail(s);
    llvm::outs() << "wrote " << header << " (C header)\n";
  }
  return 0;
}

} // namespace tgc
