//===- Flags.cpp - command-line flags of compiled binaries ----------------===//

#include "runtime/standalone/Flags.h"

#include <cstdlib>

namespace tgc {

absl::Status parseFlags(int argc, char **argv, const std::vector<Flag> &flags) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i], name = arg, value;
    bool inlineValue = false;
    if (size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      inlineValue = true;
    }
    const Flag *flag = nullptr;
    for (const Flag &candidate : flags)
      if (candidate.name == name)
        flag = &candidate;
    if (!flag)
      return absl::InvalidArgumentError("unknown option '" + arg + "' (see --help)");
    if (flag->takesValue && !inlineValue) {
      if (i + 1 >= argc)
        return absl::InvalidArgumentError(name + " needs a value");
      value = argv[++i];
    } else if (!flag->takesValue && inlineValue) {
      return absl::InvalidArgumentError(name + " takes no value");
    }
    if (absl::Status s = flag->apply(value); !s.ok())
      return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> parseInteger(const std::string &flag, const std::string &text,
                                     int64_t minimum) {
  char *end = nullptr;
  long long parsed = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || parsed < minimum)
    return absl::InvalidArgumentError(flag + " expects an integer >= " +
                                      std::to_string(minimum) + ", got '" + text + "'");
  return static_cast<int64_t>(parsed);
}

} // namespace tgc
