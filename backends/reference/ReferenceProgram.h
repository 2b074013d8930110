//===- ReferenceProgram.h - the reference backend as a Backend --*- C++ -*-===//

#ifndef TGC_BACKENDS_REFERENCE_REFERENCEPROGRAM_H
#define TGC_BACKENDS_REFERENCE_REFERENCEPROGRAM_H

#include "backends/Backend.h"

namespace tgc::reference {

/// The float64 interpreter behind the Backend interface: its Program keeps
/// a copy of the module and interprets it on every run.
const Backend &referenceBackend();

} // namespace tgc::reference

#endif // TGC_BACKENDS_REFERENCE_REFERENCEPROGRAM_H
