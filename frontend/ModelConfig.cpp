//===- ModelConfig.cpp - key=value settings of a model program ------------===//

#include "frontend/ModelConfig.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

#include <vector>

namespace tgc::frontend {

absl::StatusOr<ModelConfig> ModelConfig::parse(const std::string &text) {
  ModelConfig config;
  if (text.empty())
    return config;
  for (absl::string_view entry : absl::StrSplit(text, ',')) {
    std::vector<std::string> parts = absl::StrSplit(entry, absl::MaxSplits('=', 1));
    if (parts.size() != 2 || parts[0].empty())
      return absl::InvalidArgumentError(absl::StrCat(
          "config entry '", entry, "' is not of the form key=value"));
    if (!config.values_.emplace(parts[0], parts[1]).second)
      return absl::InvalidArgumentError(
          absl::StrCat("config key '", parts[0], "' is given twice"));
  }
  return config;
}

int64_t ModelConfig::getInt(const std::string &key, int64_t defaultValue,
                            int64_t minimum) {
  read_.insert(key);
  auto it = values_.find(key);
  if (it == values_.end())
    return defaultValue;
  int64_t value;
  if (!absl::SimpleAtoi(it->second, &value) || value < minimum) {
    if (error_.ok())
      error_ = absl::InvalidArgumentError(
          absl::StrCat("config key '", key, "': expected an integer >= ",
                       minimum, ", got '", it->second, "'"));
    return defaultValue;
  }
  return value;
}

double ModelConfig::getDouble(const std::string &key, double defaultValue) {
  read_.insert(key);
  auto it = values_.find(key);
  if (it == values_.end())
    return defaultValue;
  double value;
  if (!absl::SimpleAtod(it->second, &value)) {
    if (error_.ok())
      error_ = absl::InvalidArgumentError(absl::StrCat(
          "config key '", key, "': expected a number, got '", it->second, "'"));
    return defaultValue;
  }
  return value;
}

bool ModelConfig::getBool(const std::string &key, bool defaultValue) {
  std::string value =
      getChoice(key, defaultValue ? "true" : "false", {"true", "false"});
  return value == "true";
}

std::string ModelConfig::getChoice(const std::string &key,
                                   const std::string &defaultValue,
                                   std::initializer_list<const char *> choices) {
  read_.insert(key);
  auto it = values_.find(key);
  if (it == values_.end())
    return defaultValue;
  for (const char *choice : choices)
    if (it->second == choice)
      return it->second;
  if (error_.ok())
    error_ = absl::InvalidArgumentError(
        absl::StrCat("config key '", key, "': expected one of ",
                     absl::StrJoin(choices, "|"), ", got '", it->second, "'"));
  return defaultValue;
}

absl::Status ModelConfig::status() const {
  if (!error_.ok())
    return error_;
  for (const auto &[key, value] : values_)
    if (!read_.count(key))
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown config key '", key, "'; this model reads: ",
          absl::StrJoin(read_, ", ")));
  return absl::OkStatus();
}

} // namespace tgc::frontend
