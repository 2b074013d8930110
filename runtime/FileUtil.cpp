//===- FileUtil.cpp - Whole-file I/O helpers for the runtime --------------===//
//
// stdio-based so that no exception can escape and errno can be reported.
//
//===----------------------------------------------------------------------===//
#include "runtime/FileUtil.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace tgc {

namespace {
std::string errnoText() { return std::strerror(errno); }
} // namespace

absl::StatusOr<std::string> readFileBytes(const std::string &path) {
  std::FILE *f = std::fopen(path.c_str(), "rb");
  if (!f) {
    int err = errno;
    std::string msg = absl::StrCat(path, ": cannot open for reading: ",
                                   std::strerror(err));
    return err == ENOENT ? absl::NotFoundError(msg)
                         : absl::PermissionDeniedError(msg);
  }
  std::string bytes;
  char chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0)
    bytes.append(chunk, n);
  bool failed = std::ferror(f);
  std::fclose(f);
  if (failed)
    return absl::DataLossError(absl::StrCat(path, ": read error"));
  return bytes;
}

absl::Status writeFileAtomically(const std::string &path,
                                  std::string_view bytes) {
  std::string tmp = path + ".tmp";
  std::FILE *f = std::fopen(tmp.c_str(), "wb");
  if (!f)
    return absl::PermissionDeniedError(
        absl::StrCat(tmp, ": cannot open for writing: ", errnoText()));
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  std::string writeErr = ok ? "" : errnoText();
  // fclose flushes; a failure there (e.g. disk full) is a write failure too.
  if (std::fclose(f) != 0 && ok) {
    ok = false;
    writeErr = errnoText();
  }
  if (!ok) {
    std::remove(tmp.c_str());
    return absl::DataLossError(
        absl::StrCat(tmp, ": write failed: ", writeErr));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string err = errnoText();
    std::remove(tmp.c_str());
    return absl::PermissionDeniedError(
        absl::StrCat(path, ": cannot rename ", tmp, " into place: ", err));
  }
  return absl::OkStatus();
}

} // namespace tgc
