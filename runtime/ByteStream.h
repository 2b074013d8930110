//===- ByteStream.h - the binary encoding of compiled programs --*- C++ -*-===//
//
// A compiled program is written into a binary (`tgc compile`) as bytes and
// read back when the binary starts. ByteWriter and ByteReader encode the
// few shapes of data that takes: fixed-width little-endian integers and
// doubles, enums, strings, and vectors and optionals of those. The same
// `fields(archive, value)` function lists a struct's members for both
// directions, so writing and reading cannot drift apart.
//
// Reading never trusts the bytes: every read is bounds-checked and a short
// or inconsistent buffer is an error, not a crash.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_RUNTIME_BYTESTREAM_H
#define TGC_RUNTIME_BYTESTREAM_H

#include "absl/status/status.h"

#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace tgc {

class ByteWriter {
public:
  static constexpr bool isReading = false;

  const std::string &bytes() const { return bytes_; }
  std::string take() { return std::move(bytes_); }

  void writeRaw(const void *data, size_t size) {
    bytes_.append(static_cast<const char *>(data), size);
  }
  /// Pads with zeros to a multiple of `alignment` from the start.
  void align(size_t alignment) {
    bytes_.append((alignment - bytes_.size() % alignment) % alignment, '\0');
  }

  template <typename T> ByteWriter &operator()(const T &value) {
    write(value);
    return *this;
  }
  template <typename T, typename... Rest>
  ByteWriter &operator()(const T &first, const Rest &...rest) {
    write(first);
    return (*this)(rest...);
  }

private:
  template <typename T> void write(const T &value) {
    if constexpr (std::is_enum_v<T>) {
      write(static_cast<int64_t>(value));
    } else if constexpr (std::is_same_v<T, bool>) {
      uint8_t byte = value ? 1 : 0;
      writeRaw(&byte, 1);
    } else if constexpr (std::is_arithmetic_v<T>) {
      // Every host tgc supports is little-endian; the reader checks sizes.
      writeRaw(&value, sizeof(T));
    } else {
      fields(*this, const_cast<T &>(value));
    }
  }
  void write(const std::string &value) {
    write(static_cast<uint64_t>(value.size()));
    writeRaw(value.data(), value.size());
  }
  template <typename T> void write(const std::vector<T> &values) {
    write(static_cast<uint64_t>(values.size()));
    for (const T &value : values)
      write(value);
  }
  template <typename T> void write(const std::optional<T> &value) {
    write(value.has_value());
    if (value)
      write(*value);
  }

  std::string bytes_;
};

class ByteReader {
public:
  static constexpr bool isReading = true;

  /// `what` names the data in errors ("program in model.bin").
  ByteReader(std::string_view bytes, std::string what)
      : bytes_(bytes), what_(std::move(what)) {}

  /// The first error met, if any; later reads do nothing.
  const absl::Status &status() const { return status_; }
  bool atEnd() const { return position_ == bytes_.size(); }
  size_t position() const { return position_; }

  /// The next `size` bytes, or an error if fewer are left.
  std::string_view readRaw(size_t size) {
    if (!status_.ok())
      return {};
    if (size > bytes_.size() - position_) {
      fail("is truncated: needs " + std::to_string(size) + " bytes at offset " +
           std::to_string(position_) + ", has " +
           std::to_string(bytes_.size() - position_));
      return {};
    }
    std::string_view result = bytes_.substr(position_, size);
    position_ += size;
    return result;
  }
  void align(size_t alignment) {
    readRaw((alignment - position_ % alignment) % alignment);
  }
  void fail(const std::string &message) {
    if (status_.ok())
      status_ = absl::DataLossError(what_ + " " + message);
  }

  template <typename T> ByteReader &operator()(T &value) {
    read(value);
    return *this;
  }
  template <typename T, typename... Rest>
  ByteReader &operator()(T &first, Rest &...rest) {
    read(first);
    return (*this)(rest...);
  }

private:
  template <typename T> void read(T &value) {
    if constexpr (std::is_enum_v<T>) {
      int64_t raw = 0;
      read(raw);
      value = static_cast<T>(raw);
    } else if constexpr (std::is_same_v<T, bool>) {
      std::string_view byte = readRaw(1);
      value = !byte.empty() && byte[0] != 0;
    } else if constexpr (std::is_arithmetic_v<T>) {
      std::string_view raw = readRaw(sizeof(T));
      value = T();
      if (raw.size() == sizeof(T))
        std::memcpy(&value, raw.data(), sizeof(T));
    } else {
      fields(*this, value);
    }
  }
  /// A length, checked against the bytes left so a corrupt count cannot
  /// make a huge allocation.
  uint64_t readCount() {
    uint64_t count = 0;
    read(count);
    if (count > bytes_.size() - position_) {
      fail("is corrupt: a count of " + std::to_string(count) + " at offset " +
           std::to_string(position_) + " exceeds the data left");
      return 0;
    }
    return count;
  }
  void read(std::string &value) {
    uint64_t size = readCount();
    value = std::string(readRaw(size));
  }
  template <typename T> void read(std::vector<T> &values) {
    uint64_t count = readCount();
    values.clear();
    values.resize(count);
    for (T &value : values)
      read(value);
  }
  template <typename T> void read(std::optional<T> &value) {
    bool present = false;
    read(present);
    value.reset();
    if (present)
      read(value.emplace());
  }

  std::string_view bytes_;
  std::string what_;
  size_t position_ = 0;
  absl::Status status_;
};

} // namespace tgc

#endif // TGC_RUNTIME_BYTESTREAM_H
