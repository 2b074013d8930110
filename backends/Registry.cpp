//===- Registry.cpp - the list of backends --------------------------------===//
//
// One line per backend.
//
//===----------------------------------------------------------------------===//

#include "backends/Backend.h"
#include "backends/onednn/OneDnnBackend.h"
#include "backends/reference/ReferenceProgram.h"

namespace tgc {

const std::vector<const Backend *> &backends() {
  static const std::vector<const Backend *> all = {
      &reference::referenceBackend(),
      &onednn::oneDnnBackend(),
  };
  return all;
}

} // namespace tgc
