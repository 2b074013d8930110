//===- AbslCompat.h - std/absl string_view bridging -------------*- C++ -*-===//
//
// Debian's Abseil is built with its own absl::string_view (not an alias of
// std::string_view), so StrCat and friends cannot take a std::string_view
// directly. The runtime's public API uses std::string_view; this bridges.
//
//===----------------------------------------------------------------------===//
#ifndef TGC_RUNTIME_ABSLCOMPAT_H
#define TGC_RUNTIME_ABSLCOMPAT_H

#include <string_view>

#include "absl/strings/string_view.h"

namespace tgc {

/// \p s as an absl::string_view (no copy).
inline absl::string_view toAbsl(std::string_view s) {
  return absl::string_view(s.data(), s.size());
}

} // namespace tgc

#endif // TGC_RUNTIME_ABSLCOMPAT_H
