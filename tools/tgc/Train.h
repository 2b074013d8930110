//===- Train.h - `tgc train`: a training loop over @train_step --*- C++ -*-===//
//
// The `train` subcommand of tgc: its command-line options live in Train.cpp
// and register themselves; tgc's main() asks whether it was chosen and runs
// it.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_TOOLS_TGC_TRAIN_H
#define TGC_TOOLS_TGC_TRAIN_H

namespace tgc {

/// Whether the parsed command line is `tgc train ...`.
bool trainCommandChosen();

/// Runs `tgc train` as the parsed options say; returns the exit status
/// (errors are printed as "tgc: error: ...").
int runTrain();

} // namespace tgc

#endif // TGC_TOOLS_TGC_TRAIN_H
