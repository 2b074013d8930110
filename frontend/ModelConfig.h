//===- ModelConfig.h - key=value settings of a model program ----*- C++ -*-===//
//
// A model program is built from a config such as
// "vocab=1000,d_model=64,heads=4,activation=gelu". The model reads each key
// with a typed getter and a default; a value that does not parse, or a key
// the model never read (a typo), is an error that names the key and what
// was expected.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_FRONTEND_MODELCONFIG_H
#define TGC_FRONTEND_MODELCONFIG_H

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#include <cstdint>
#include <initializer_list>
#include <map>
#include <set>
#include <string>

namespace tgc::frontend {

class ModelConfig {
public:
  /// Parses "key=value,key=value" (empty text: no keys). A key given twice
  /// or an entry without '=' is an error.
  static absl::StatusOr<ModelConfig> parse(const std::string &text);

  /// Typed reads with defaults. A bad value records an error (see
  /// status()) and returns the default, so a model reads all its keys and
  /// then checks once.
  int64_t getInt(const std::string &key, int64_t defaultValue,
                 int64_t minimum = 1);
  double getDouble(const std::string &key, double defaultValue);
  bool getBool(const std::string &key, bool defaultValue);
  std::string getChoice(const std::string &key, const std::string &defaultValue,
                        std::initializer_list<const char *> choices);

  /// The first bad value, or a key no getter asked for.
  absl::Status status() const;

private:
  std::map<std::string, std::string> values_;
  std::set<std::string> read_;
  absl::Status error_;
};

} // namespace tgc::frontend

#endif // TGC_FRONTEND_MODELCONFIG_H
