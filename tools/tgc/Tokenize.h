//===- Tokenize.h - `tgc tokenize`: BPE merges, ids, LM data -*- C++ -*-===//
//
// The `tokenize` subcommand of tgc: its command-line options live in
// Tokenize.cpp and register themselves; tgc's main() asks whether it was
// chosen and runs it.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TOOLS_TGC_TOKENIZE_H
#define TGC_TOOLS_TGC_TOKENIZE_H

namespace tgc {

/// Whether the parsed command line is `tgc tokenize ...`.
bool tokenizeCommandChosen();

/// Runs `tgc tokenize` as the parsed options say; returns the exit status
/// (errors are printed as "tgc: error: ...").
int runTokenize();

} // namespace tgc

#endif // TGC_TOOLS_TGC_TOKENIZE_H
