//===- Flags.cpp - command-line flags of compiled binaries ----------------===//

#include "runtime/standalone/Flags.h"

#include <cstdlib>
#include <iostream>

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

Flag switchFlag(std::string name, bool &field) {
  return {std::move(name), false, [&field](const std::string &) {
            field = true;
            return absl::OkStatus();
          }};
}

Flag stringFlag(std::string name, std::string &field) {
  return {std::move(name), true, [&field](const std::string &value) {
            field = value;
            return absl::OkStatus();
          }};
}

Flag stringListFlag(std::string name, std::vector<std::string> &field) {
  return {std::move(name), true, [&field](const std::string &value) {
            field.push_back(value);
            return absl::OkStatus();
          }};
}

Flag integerFlag(std::string name, int64_t minimum, std::optional<int64_t> &field) {
  return {name, true, [name, minimum, &field](const std::string &value) -> absl::Status {
            absl::StatusOr<int64_t> parsed = parseInteger(name, value, minimum);
            if (!parsed.ok())
              return parsed.status();
            field = *parsed;
            return absl::OkStatus();
          }};
}

int reportError(const std::string &program, const absl::Status &status) {
  std::cerr << program << ": error: " << std::string(status.message()) << "\n";
  return 1;
}

} // namespace tgc
