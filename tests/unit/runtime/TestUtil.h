//===- TestUtil.h - Shared helpers for the runtime unit tests ---*- C++ -*-===//
//
// A per-test scratch directory and raw file helpers.
//
//===----------------------------------------------------------------------===//
#ifndef TGC_TESTS_UNIT_RUNTIME_TESTUTIL_H
#define TGC_TESTS_UNIT_RUNTIME_TESTUTIL_H

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

namespace tgc::testing {

/// A fresh directory unique to this process and call, removed on
/// destruction, so parallel ctest runs never collide.
class ScratchDir {
public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    const ::testing::TestInfo *info =
        ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string("tgc_rt_") +
                       (info ? info->name() : "x") + "_" +
                       std::to_string(::getpid()) + "_" +
                       std::to_string(counter++);
    dir = std::filesystem::temp_directory_path() / name;
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    std::filesystem::create_directories(dir, ec);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string path(const std::string &file) const { return (dir / file).string(); }

private:
  std::filesystem::path dir;
};

inline void writeRaw(const std::string &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string readRaw(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

} // namespace tgc::testing

#endif // TGC_TESTS_UNIT_RUNTIME_TESTUTIL_H
