//===- NpyTest.cpp - Tests of the .npy reader and writer -------------------===//
//
// Expected file bytes are written out by hand following the NumPy format
// specification, so the tests do not trust the writer to check the reader.
//
//===----------------------------------------------------------------------===//
#include "runtime/Npy.h"

#include "tests/unit/runtime/TestUtil.h"

#include <cstring>
#include <random>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tgc {
namespace {

using ::testing::HasSubstr;
using tgc::testing::readRaw;
using tgc::testing::ScratchDir;
using tgc::testing::writeRaw;

const char kDict23[] =
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";

/// The exact bytes numpy.save writes for
/// np.array([[1, 2, 3], [4, 5, 6]], dtype='<f4').
std::string numpyBytes23() {
  std::string dict = kDict23;
  // 10-byte prefix + 118-byte header = 128, a multiple of 64.
  std::string header = dict + std::string(118 - dict.size() - 1, ' ') + "\n";
  std::string out("\x93NUMPY\x01\x00", 8);
  out.push_back(static_cast<char>(header.size() & 0xFF));
  out.push_back(static_cast<char>(header.size() >> 8));
  out += header;
  for (float v : {1.f, 2.f, 3.f, 4.f, 5.f, 6.f}) {
    char b[4];
    std::memcpy(b, &v, 4);
    out.append(b, 4);
  }
  return out;
}

/// A version-1.0 file with \p dict as the header and \p dataBytes of data.
std::string npyWithHeader(const std::string &dict, size_t dataBytes,
                          char major = 1) {
  std::string header = dict;
  size_t prefix = major == 1 ? 10 : 12;
  while ((prefix + header.size() + 1) % 64)
    header.push_back(' ');
  header.push_back('\n');
  std::string out("\x93NUMPY", 6);
  out.push_back(major);
  out.push_back(0);
  size_t lenWidth = major == 1 ? 2 : 4;
  for (size_t i = 0; i < lenWidth; ++i)
    out.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xFF));
  out += header;
  out.append(dataBytes, '\x01');
  return out;
}

TEST(Npy, ReadsHandWrittenNumpyFile) {
  std::string bytes = numpyBytes23();
  ASSERT_EQ(bytes.size(), 128u + 24u);
  absl::StatusOr<Tensor> t = readNpyFromBuffer(bytes, "a.npy");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->typeString(), "f32[2x3]");
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(t->dataAs<float>()[i], static_cast<float>(i + 1));

  ScratchDir dir;
  writeRaw(dir.path("a.npy"), bytes);
  absl::StatusOr<Tensor> f = readNpy(dir.path("a.npy"));
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_EQ(f->dataAs<float>()[5], 6.0f);
}

TEST(Npy, WritesExactlyWhatNumpyWrites) {
  Tensor t = Tensor::allocate(DType::F32, {2, 3});
  for (int i = 0; i < 6; ++i)
    t.dataAs<float>()[i] = static_cast<float>(i + 1);
  ScratchDir dir;
  ASSERT_TRUE(writeNpy(dir.path("w.npy"), t).ok());
  EXPECT_EQ(readRaw(dir.path("w.npy")), numpyBytes23());
  EXPECT_FALSE(std::filesystem::exists(dir.path("w.npy.tmp")));
}

TEST(Npy, HeaderShapesAndAlignment) {
  for (std::vector<int64_t> shape :
       {std::vector<int64_t>{}, {5}, {0}, {2, 3, 4}, {123456789, 0}}) {
    Tensor t = Tensor::allocate(DType::I32, shape);
    absl::StatusOr<std::string> bytes = encodeNpy(t);
    ASSERT_TRUE(bytes.ok()) << bytes.status();
    size_t dataStart = bytes->size() - t.byteSize();
    EXPECT_EQ(dataStart % 64, 0u) << t.typeString();
    EXPECT_EQ((*bytes)[dataStart - 1], '\n');
  }
  absl::StatusOr<std::string> s = encodeNpy(Tensor::allocate(DType::F64, {}));
  ASSERT_TRUE(s.ok());
  EXPECT_THAT(*s, HasSubstr("'shape': (), }"));
  s = encodeNpy(Tensor::allocate(DType::F64, {5}));
  ASSERT_TRUE(s.ok());
  EXPECT_THAT(*s, HasSubstr("'shape': (5,), }"));
}

template <typename T> void fillRandom(Tensor &t, std::mt19937 &rng) {
  for (int64_t i = 0; i < t.numElements(); ++i)
    t.dataAs<T>()[i] = static_cast<T>(rng() % 1000 + 1);
}

TEST(Npy, RoundtripsEveryDtype) {
  std::mt19937 rng(1234);
  ScratchDir dir;
  int fileNo = 0;
  for (DType dtype : {DType::F32, DType::F16, DType::F64, DType::I1,
                      DType::I32, DType::I64}) {
    for (std::vector<int64_t> shape :
         {std::vector<int64_t>{}, {7}, {3, 0, 2}, {2, 3, 5}}) {
      Tensor t = Tensor::allocate(dtype, shape);
      auto *bytes = t.dataAs<uint8_t>();
      for (size_t i = 0; i < t.byteSize(); ++i)
        bytes[i] = static_cast<uint8_t>(rng());
      if (dtype == DType::I1)
        for (size_t i = 0; i < t.byteSize(); ++i)
          bytes[i] = (rng() & 1) ? 1 : 0;
      if (dtype == DType::F32)
        fillRandom<float>(t, rng);
      std::string path = dir.path("rt" + std::to_string(fileNo++) + ".npy");
      ASSERT_TRUE(writeNpy(path, t).ok()) << t.typeString();
      absl::StatusOr<Tensor> back = readNpy(path);
      ASSERT_TRUE(back.ok()) << back.status();
      EXPECT_EQ(back->dtype(), dtype);
      EXPECT_EQ(back->shape(), shape);
      ASSERT_EQ(back->byteSize(), t.byteSize());
      EXPECT_EQ(std::memcmp(back->data(), t.data(), t.byteSize()), 0)
          << t.typeString();
    }
  }
}

TEST(Npy, ReadsVersions2And3AndLooseHeaders) {
  for (char major : {2, 3}) {
    absl::StatusOr<Tensor> t = readNpyFromBuffer(
        npyWithHeader("{'descr': '<i8', 'fortran_order': False, "
                      "'shape': (3,), }",
                      24, major),
        "v.npy");
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->typeString(), "i64[3]");
  }
  // Any key order, double quotes, no trailing comma, odd whitespace.
  absl::StatusOr<Tensor> t = readNpyFromBuffer(
      npyWithHeader("{ \"shape\" :(2,3 ,),'fortran_order':False,"
                    "'descr':'|b1'}",
                    6),
      "w.npy");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->typeString(), "i1[2x3]");
  t = readNpyFromBuffer(
      npyWithHeader("{'descr': '=f8', 'fortran_order': False, 'shape': ()}",
                    8),
      "s.npy");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->typeString(), "f64[]");
}

std::string errorOf(const std::string &bytes, const std::string &name) {
  absl::StatusOr<Tensor> t = readNpyFromBuffer(bytes, name);
  EXPECT_FALSE(t.ok()) << name;
  return t.ok() ? "" : std::string(t.status().message());
}

TEST(Npy, TruncatedData) {
  ScratchDir dir;
  std::string path = dir.path("x.npy");
  writeRaw(path, numpyBytes23().substr(0, 128 + 10));
  absl::StatusOr<Tensor> t = readNpy(path);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            path + ": truncated: header declares 24 data bytes (f32[2x3]) "
                   "but the file has 10");
}

TEST(Npy, TrailingBytes) {
  std::string msg = errorOf(numpyBytes23() + "xyz", "t.npy");
  EXPECT_THAT(msg, HasSubstr("t.npy"));
  EXPECT_THAT(msg, HasSubstr("3 unexpected trailing bytes"));
  EXPECT_THAT(msg, HasSubstr("24 data bytes (f32[2x3]) but the file has 27"));
}

TEST(Npy, TruncatedHeader) {
  std::string msg = errorOf(numpyBytes23().substr(0, 60), "h.npy");
  EXPECT_THAT(msg, HasSubstr("h.npy: truncated header"));
  EXPECT_THAT(msg, HasSubstr("declares 118 bytes but only 50 follow"));
  EXPECT_THAT(errorOf(numpyBytes23().substr(0, 9), "h2.npy"),
              HasSubstr("h2.npy: truncated header"));
}

TEST(Npy, BadMagic) {
  std::string bytes = numpyBytes23();
  bytes[1] = 'X';
  EXPECT_THAT(errorOf(bytes, "m.npy"), HasSubstr("m.npy: not a .npy file: bad magic"));
  EXPECT_THAT(errorOf("", "e.npy"), HasSubstr("e.npy: not a .npy file"));
}

TEST(Npy, UnsupportedVersion) {
  std::string bytes = numpyBytes23();
  bytes[6] = 4;
  EXPECT_THAT(errorOf(bytes, "v.npy"),
              HasSubstr("unsupported .npy format version 4.0"));
}

TEST(Npy, FortranOrderRejected) {
  std::string msg = errorOf(
      npyWithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
                    24),
      "f.npy");
  EXPECT_THAT(msg, HasSubstr("f.npy: fortran_order True"));
}

TEST(Npy, BigEndianRejected) {
  std::string msg = errorOf(
      npyWithHeader("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }",
                    8),
      "b.npy");
  EXPECT_THAT(msg, HasSubstr("b.npy: big-endian dtype '>f4'"));
}

TEST(Npy, UnsupportedDtype) {
  std::string msg = errorOf(
      npyWithHeader("{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }",
                    16),
      "c.npy");
  EXPECT_THAT(msg, HasSubstr("c.npy: unsupported dtype '<c8'"));
}

TEST(Npy, MalformedHeaderNamesKey) {
  EXPECT_THAT(errorOf(npyWithHeader("{'descr': '<f4', 'fortran_order': False, "
                                    "'shape': [2, 3], }",
                                    24),
                      "k.npy"),
              HasSubstr("k.npy: malformed .npy header: key 'shape'"));
  EXPECT_THAT(errorOf(npyWithHeader("{'descr': '<f4', 'fortran_order': 0, "
                                    "'shape': (2, 3), }",
                                    24),
                      "k.npy"),
              HasSubstr("key 'fortran_order'"));
  EXPECT_THAT(errorOf(npyWithHeader("{'descr': '<f4', 'shape': (2, 3), }", 24),
                      "k.npy"),
              HasSubstr("missing key 'fortran_order'"));
  EXPECT_THAT(errorOf(npyWithHeader("{'descr': '<f4', 'fortran_order': False, "
                                    "'shape': (-2, 3), }",
                                    24),
                      "k.npy"),
              HasSubstr("negative dimension"));
  EXPECT_THAT(errorOf(npyWithHeader("{'descr': '<f4', 'fortran_order': False, "
                                    "'shape': (2, 3), 'extra': 1}",
                                    24),
                      "k.npy"),
              HasSubstr("unexpected key 'extra'"));
}

TEST(Npy, MissingFile) {
  ScratchDir dir;
  absl::StatusOr<Tensor> t = readNpy(dir.path("nope.npy"));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(t.status().message()), HasSubstr("nope.npy"));
}

TEST(Npy, BF16CannotBeWritten) {
  ScratchDir dir;
  std::string path = dir.path("bf.npy");
  absl::Status st = writeNpy(path, Tensor::allocate(DType::BF16, {2}));
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(std::string(st.message()), HasSubstr("bf.npy"));
  EXPECT_THAT(std::string(st.message()), HasSubstr("bf16 has no NumPy dtype"));
  EXPECT_FALSE(std::filesystem::exists(path));
}

} // namespace
} // namespace tgc
