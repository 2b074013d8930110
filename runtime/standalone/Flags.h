//===- Flags.h - command-line flags of compiled binaries --------*- C++ -*-===//
//
// Compiled binaries parse their few flags without LLVM: `--name VALUE` or
// `--name=VALUE`, and `--name` alone for a switch.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_RUNTIME_STANDALONE_FLAGS_H
#define TGC_RUNTIME_STANDALONE_FLAGS_H

#include "absl/status/statusor.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace tgc {

struct Flag {
  std::string name; // "--weights"
  bool takesValue = true;
  /// Called with the value (empty for a switch); an error stops parsing.
  std::function<absl::Status(const std::string &value)> apply;
};

/// Applies argv[1..] to `flags`; an unknown flag or a missing value is an
/// error that names it.
absl::Status parseFlags(int argc, char **argv, const std::vector<Flag> &flags);

/// `text` as an integer >= `minimum`, or an error naming `flag`.
absl::StatusOr<int64_t> parseInteger(const std::string &flag, const std::string &text,
                                     int64_t minimum);

/// Flags that store what they are given: a switch, a string (the last one
/// given), each of a repeated string, an integer >= `minimum`.
Flag switchFlag(std::string name, bool &field);
Flag stringFlag(std::string name, std::string &field);
Flag stringListFlag(std::string name, std::vector<std::string> &field);
Flag integerFlag(std::string name, int64_t minimum, std::optional<int64_t> &field);

/// Prints "PROGRAM: error: MESSAGE" on stderr and returns 1, the exit status.
int reportError(const std::string &program, const absl::Status &status);

} // namespace tgc

#endif // TGC_RUNTIME_STANDALONE_FLAGS_H
