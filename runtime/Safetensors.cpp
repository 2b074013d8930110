//===- Safetensors.cpp - Reading and writing .safetensors files -----------===//
//
// Every header field is type-checked before use because nlohmann's typed
// accessors throw on mismatch and the runtime must never throw; the JSON
// itself is parsed with the non-throwing API.
//
//===----------------------------------------------------------------------===//
#include "runtime/Safetensors.h"

#include "runtime/AbslCompat.h"
#include "runtime/FileUtil.h"

#include <cstring>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include <nlohmann/json.hpp>

namespace tgc {

namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

constexpr std::string_view kMetadataKey = "__metadata__";

std::optional<DType> dtypeFromSafetensors(std::string_view name) {
  if (name == "F32")
    return DType::F32;
  if (name == "F16")
    return DType::F16;
  if (name == "BF16")
    return DType::BF16;
  if (name == "F64")
    return DType::F64;
  if (name == "BOOL")
    return DType::I1;
  if (name == "I32")
    return DType::I32;
  if (name == "I64")
    return DType::I64;
  return std::nullopt;
}

std::string_view safetensorsName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "F32";
  case DType::F16:
    return "F16";
  case DType::BF16:
    return "BF16";
  case DType::F64:
    return "F64";
  case DType::I1:
    return "BOOL";
  case DType::I32:
    return "I32";
  case DType::I64:
    return "I64";
  }
  return "";
}

/// nlohmann's dump() throws on invalid UTF-8, so strings are checked first.
bool isValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > s.size())
      return false;
    for (size_t k = 1; k < len; ++k) {
      unsigned char cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80)
        return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Reject overlong forms, surrogates and out-of-range code points.
    static const uint32_t minForLen[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < minForLen[len] || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

/// A JSON value as a non-negative 64-bit integer, or nullopt.
std::optional<uint64_t> asUnsigned(const Json &v) {
  if (!v.is_number_unsigned())
    return std::nullopt;
  return v.get<uint64_t>();
}

std::string jsonSnippet(const Json &v) {
  std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (s.size() > 40)
    s = s.substr(0, 37) + "...";
  return s;
}

absl::Status entryError(const std::string &file, const std::string &tensor,
                        const std::string &what) {
  return absl::InvalidArgumentError(
      absl::StrCat(file, ": tensor '", tensor, "' ", what));
}

} // namespace

absl::StatusOr<std::map<std::string, Tensor>>
readSafetensorsFromBuffer(std::string_view bytes,
                          std::string_view nameForErrors,
                          std::map<std::string, std::string> *metadata) {
  const std::string file(nameForErrors);
  if (metadata)
    metadata->clear();
  if (bytes.size() < 8)
    return absl::InvalidArgumentError(absl::StrCat(
        file, ": not a safetensors file: it has ", bytes.size(),
        " bytes, expected at least 8 (the header length)"));
  uint64_t headerLen = 0;
  for (int i = 0; i < 8; ++i)
    headerLen |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i]))
                 << (8 * i);
  if (headerLen > bytes.size() - 8)
    return absl::InvalidArgumentError(absl::StrCat(
        file, ": header length ", headerLen,
        " is larger than the rest of the file (", bytes.size() - 8,
        " bytes after the 8-byte length)"));

  std::string_view headerText = bytes.substr(8, headerLen);
  Json header = Json::parse(headerText.begin(), headerText.end(),
                            /*cb=*/nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded())
    return absl::InvalidArgumentError(absl::StrCat(
        file, ": header is not valid JSON (", headerLen, " bytes)"));
  if (!header.is_object())
    return absl::InvalidArgumentError(
        absl::StrCat(file, ": header must be a JSON object, found ",
                     header.type_name()));

  std::string_view data = bytes.substr(8 + headerLen);
  std::map<std::string, Tensor> tensors;
  for (auto it = header.begin(); it != header.end(); ++it) {
    const std::string &name = it.key();
    const Json &entry = it.value();
    if (name == kMetadataKey) {
      if (!entry.is_object())
        return absl::InvalidArgumentError(
            absl::StrCat(file, ": __metadata__ must be an object of strings, "
                               "found ",
                         entry.type_name()));
      for (auto m = entry.begin(); m != entry.end(); ++m) {
        if (!m.value().is_string())
          return absl::InvalidArgumentError(
              absl::StrCat(file, ": __metadata__ key '", m.key(),
                           "' must be a string, found ",
                           m.value().type_name()));
        if (metadata)
          (*metadata)[m.key()] = m.value().get<std::string>();
      }
      continue;
    }

    if (!entry.is_object())
      return entryError(file, name,
                        absl::StrCat("must be a JSON object, found ",
                                     entry.type_name()));
    for (const char *key : {"dtype", "shape", "data_offsets"})
      if (!entry.contains(key))
        return entryError(file, name, absl::StrCat("is missing '", key, "'"));

    const Json &dtypeJson = entry["dtype"];
    if (!dtypeJson.is_string())
      return entryError(file, name,
                        absl::StrCat("'dtype' must be a string, found ",
                                     jsonSnippet(dtypeJson)));
    std::string dtypeText = dtypeJson.get<std::string>();
    std::optional<DType> dtype = dtypeFromSafetensors(dtypeText);
    if (!dtype)
      return entryError(file, name,
                        absl::StrCat("has unsupported dtype '", dtypeText,
                                     "' (supported: F32 F16 BF16 F64 BOOL "
                                     "I32 I64)"));

    const Json &shapeJson = entry["shape"];
    if (!shapeJson.is_array())
      return entryError(file, name,
                        absl::StrCat("'shape' must be an array, found ",
                                     jsonSnippet(shapeJson)));
    std::vector<int64_t> shape;
    uint64_t expectedBytes = dtypeSize(*dtype);
    for (const Json &d : shapeJson) {
      std::optional<uint64_t> dim = asUnsigned(d);
      if (!dim || *dim > static_cast<uint64_t>(INT64_MAX))
        return entryError(
            file, name,
            absl::StrCat("'shape' must hold non-negative integers, found ",
                         jsonSnippet(shapeJson)));
      if (*dim != 0 && expectedBytes > UINT64_MAX / *dim)
        return entryError(file, name,
                          absl::StrCat("shape ", jsonSnippet(shapeJson),
                                       " is too large"));
      expectedBytes *= *dim;
      shape.push_back(static_cast<int64_t>(*dim));
    }

    const Json &offsetsJson = entry["data_offsets"];
    std::optional<uint64_t> begin, end;
    if (offsetsJson.is_array() && offsetsJson.size() == 2) {
      begin = asUnsigned(offsetsJson[0]);
      end = asUnsigned(offsetsJson[1]);
    }
    if (!begin || !end)
      return entryError(
          file, name,
          absl::StrCat("'data_offsets' must be [begin, end] with "
                       "non-negative integers, found ",
                       jsonSnippet(offsetsJson)));
    std::string typeText = absl::StrCat(toAbsl(dtypeName(*dtype)), "[",
                                        absl::StrJoin(shape, "x"), "]");
    if (*end < *begin)
      return entryError(file, name,
                        absl::StrCat("data_offsets [", *begin, ", ", *end,
                                     ") end before they begin"));
    if (*end - *begin != expectedBytes)
      return entryError(
          file, name,
          absl::StrCat("data range [", *begin, ", ", *end, ") holds ",
                       *end - *begin, " bytes but ", typeText, " needs ",
                       expectedBytes));
    if (*end > data.size())
      return entryError(file, name,
                        absl::StrCat("data range [", *begin, ", ", *end,
                                     ") ends past the data section (",
                                     data.size(), " bytes)"));

    Tensor t = Tensor::allocate(*dtype, std::move(shape));
    if (expectedBytes)
      std::memcpy(t.data(), data.data() + *begin, expectedBytes);
    tensors.emplace(name, std::move(t));
  }
  return tensors;
}

absl::StatusOr<std::map<std::string, Tensor>>
readSafetensors(const std::string &path,
                std::map<std::string, std::string> *metadata) {
  absl::StatusOr<std::string> bytes = readFileBytes(path);
  if (!bytes.ok())
    return bytes.status();
  return readSafetensorsFromBuffer(*bytes, path, metadata);
}

absl::StatusOr<std::string>
encodeSafetensors(const std::map<std::string, Tensor> &tensors,
                  const std::map<std::string, std::string> &metadata) {
  OrderedJson header = OrderedJson::object();
  if (!metadata.empty()) {
    OrderedJson meta = OrderedJson::object();
    for (const auto &[key, value] : metadata) {
      if (!isValidUtf8(key) || !isValidUtf8(value))
        return absl::InvalidArgumentError(absl::StrCat(
            "__metadata__ entry '", key, "' is not valid UTF-8"));
      meta[key] = value;
    }
    header[std::string(kMetadataKey)] = std::move(meta);
  }
  uint64_t offset = 0;
  for (const auto &[name, tensor] : tensors) {
    if (name == kMetadataKey)
      return absl::InvalidArgumentError(
          "a tensor cannot be named '__metadata__' (reserved)");
    if (!isValidUtf8(name))
      return absl::InvalidArgumentError(
          absl::StrCat("tensor name '", name, "' is not valid UTF-8"));
    if (!tensor.data() && tensor.byteSize() != 0)
      return absl::InvalidArgumentError(
          absl::StrCat("tensor '", name, "' (", tensor.typeString(),
                       ") has no data"));
    OrderedJson entry = OrderedJson::object();
    entry["dtype"] = safetensorsName(tensor.dtype());
    entry["shape"] = tensor.shape();
    entry["data_offsets"] = {offset, offset + tensor.byteSize()};
    header[name] = std::move(entry);
    offset += tensor.byteSize();
  }
  std::string headerText = header.dump();
  // Pad so the data section starts 8-byte aligned, as the reference
  // implementation does.
  headerText.append((8 - headerText.size() % 8) % 8, ' ');

  std::string out;
  out.reserve(8 + headerText.size() + offset);
  uint64_t n = headerText.size();
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
  out.append(headerText);
  for (const auto &entry : tensors) {
    const Tensor &tensor = entry.second;
    if (tensor.byteSize())
      out.append(static_cast<const char *>(tensor.data()), tensor.byteSize());
  }
  return out;
}

absl::Status
writeSafetensors(const std::string &path,
                 const std::map<std::string, Tensor> &tensors,
                 const std::map<std::string, std::string> &metadata) {
  absl::StatusOr<std::string> bytes = encodeSafetensors(tensors, metadata);
  if (!bytes.ok())
    return absl::Status(bytes.status().code(),
                        absl::StrCat(path, ": ", bytes.status().message()));
  return writeFileAtomically(path, *bytes);
}

} // namespace tgc
