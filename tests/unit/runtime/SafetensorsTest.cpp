//===- SafetensorsTest.cpp - Tests of the .safetensors reader and writer --===//
//
// Files for the reader tests are assembled by hand (header JSON text plus
// raw bytes) so that reader and writer are checked independently.
//
//===----------------------------------------------------------------------===//
#include "runtime/Safetensors.h"

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

/// Length prefix + \p header + \p data, with no padding.
std::string buildFile(const std::string &header, const std::string &data) {
  std::string out;
  uint64_t n = header.size();
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
  return out + header + data;
}

template <typename T> std::string rawBytes(std::initializer_list<T> values) {
  std::string out;
  for (T v : values) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out.append(b, sizeof(T));
  }
  return out;
}

std::string errorOf(const std::string &bytes, const std::string &name) {
  auto r = readSafetensorsFromBuffer(bytes, name);
  EXPECT_FALSE(r.ok()) << name;
  return r.ok() ? "" : std::string(r.status().message());
}

TEST(Safetensors, ReadsHandBuiltFile) {
  std::string header =
      R"({"__metadata__":{"format":"pt"},)"
      R"("enc.w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},)"
      R"("enc.b":{"dtype":"I64","shape":[1],"data_offsets":[16,24]},)"
      R"("mask":{"dtype":"BOOL","shape":[],"data_offsets":[24,25]}})";
  std::string data = rawBytes<float>({1.5f, -2.f, 3.f, 4.25f}) +
                     rawBytes<int64_t>({-7}) + std::string("\x01", 1);
  ScratchDir dir;
  std::string path = dir.path("h.safetensors");
  writeRaw(path, buildFile(header, data));
  std::map<std::string, std::string> meta;
  auto r = readSafetensors(path, &meta);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ(meta, (std::map<std::string, std::string>{{"format", "pt"}}));
  const Tensor &w = r->at("enc.w");
  EXPECT_EQ(w.typeString(), "f32[2x2]");
  EXPECT_TRUE(w.ownsData());
  EXPECT_EQ(w.dataAs<float>()[0], 1.5f);
  EXPECT_EQ(w.dataAs<float>()[3], 4.25f);
  EXPECT_EQ(r->at("enc.b").typeString(), "i64[1]");
  EXPECT_EQ(r->at("enc.b").dataAs<int64_t>()[0], -7);
  EXPECT_EQ(r->at("mask").typeString(), "i1[]");
  EXPECT_EQ(r->at("mask").dataAs<uint8_t>()[0], 1);
}

TEST(Safetensors, RoundtripsAllDtypesAndMetadata) {
  std::mt19937 rng(42);
  std::map<std::string, Tensor> tensors;
  int k = 0;
  for (DType dtype : {DType::F32, DType::F16, DType::BF16, DType::F64,
                      DType::I1, DType::I32, DType::I64}) {
    for (std::vector<int64_t> shape :
         {std::vector<int64_t>{}, {3}, {2, 0}, {2, 3, 4}}) {
      Tensor t = Tensor::allocate(dtype, shape);
      for (size_t i = 0; i < t.byteSize(); ++i)
        t.dataAs<uint8_t>()[i] =
            dtype == DType::I1 ? (rng() & 1) : static_cast<uint8_t>(rng());
      tensors["t" + std::to_string(k++) + "." + std::string(dtypeName(dtype))] =
          t;
    }
  }
  std::map<std::string, std::string> meta = {{"format", "tgc"},
                                             {"note", "h\u00e9llo \"q\""}};
  ScratchDir dir;
  std::string path = dir.path("rt.safetensors");
  ASSERT_TRUE(writeSafetensors(path, tensors, meta).ok());
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));

  std::string bytes = readRaw(path);
  uint64_t n = 0;
  std::memcpy(&n, bytes.data(), 8);
  EXPECT_EQ(n % 8, 0u);
  EXPECT_EQ(bytes[8], '{');

  std::map<std::string, std::string> metaBack;
  auto r = readSafetensors(path, &metaBack);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(metaBack, meta);
  ASSERT_EQ(r->size(), tensors.size());
  for (const auto &[name, t] : tensors) {
    ASSERT_TRUE(r->count(name)) << name;
    const Tensor &b = r->at(name);
    EXPECT_EQ(b.typeString(), t.typeString()) << name;
    ASSERT_EQ(b.byteSize(), t.byteSize());
    EXPECT_EQ(std::memcmp(b.data(), t.data(), t.byteSize()), 0) << name;
  }
}

TEST(Safetensors, WriterLaysOutSortedContiguous) {
  Tensor a = Tensor::allocate(DType::F32, {2});
  Tensor b = Tensor::allocate(DType::I32, {3});
  auto bytes = encodeSafetensors({{"b", b}, {"a", a}});
  ASSERT_TRUE(bytes.ok());
  uint64_t n = 0;
  std::memcpy(&n, bytes->data(), 8);
  std::string header = bytes->substr(8, n);
  EXPECT_EQ(header.find_last_not_of(' ') + 1,
            std::string(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},)"
                        R"("b":{"dtype":"I32","shape":[3],"data_offsets":[8,20]}})")
                .size());
  EXPECT_THAT(header, HasSubstr(R"("a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]})"));
  EXPECT_THAT(header, HasSubstr(R"("b":{"dtype":"I32","shape":[3],"data_offsets":[8,20]})"));
  EXPECT_EQ(bytes->size(), 8 + n + 20);
}

TEST(Safetensors, TruncatedDataSection) {
  std::string header =
      R"({"enc.w":{"dtype":"F32","shape":[4,6],"data_offsets":[0,96]}})";
  std::string msg = errorOf(buildFile(header, std::string(64, '\0')),
                            "weights.safetensors");
  EXPECT_EQ(msg, "weights.safetensors: tensor 'enc.w' data range [0, 96) "
                 "ends past the data section (64 bytes)");
}

TEST(Safetensors, HeaderLengthPastEnd) {
  std::string file = buildFile("{}", "");
  file[0] = 100;
  EXPECT_THAT(errorOf(file, "w.safetensors"),
              HasSubstr("w.safetensors: header length 100 is larger than the "
                        "rest of the file (2 bytes"));
  // A huge length must not overflow the bound check.
  std::string huge(8, '\xff');
  EXPECT_THAT(errorOf(huge + "{}", "w.safetensors"),
              HasSubstr("is larger than the rest of the file"));
}

TEST(Safetensors, CorruptJson) {
  EXPECT_THAT(errorOf(buildFile(R"({"a": {"dtype": )", ""), "j.safetensors"),
              HasSubstr("j.safetensors: header is not valid JSON"));
  EXPECT_THAT(errorOf(buildFile("[1, 2]", ""), "j.safetensors"),
              HasSubstr("j.safetensors: header must be a JSON object"));
}

TEST(Safetensors, BadDtype) {
  std::string header =
      R"({"q.w":{"dtype":"I8","shape":[2],"data_offsets":[0,2]}})";
  EXPECT_THAT(errorOf(buildFile(header, "ab"), "d.safetensors"),
              HasSubstr("d.safetensors: tensor 'q.w' has unsupported dtype 'I8'"));
}

TEST(Safetensors, OffsetsShapeMismatch) {
  std::string header =
      R"({"enc.w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}})";
  EXPECT_EQ(errorOf(buildFile(header, std::string(24, '\0')), "m.safetensors"),
            "m.safetensors: tensor 'enc.w' data range [0, 20) holds 20 bytes "
            "but f32[2x3] needs 24");
  std::string backwards =
      R"({"x":{"dtype":"F32","shape":[0],"data_offsets":[8,4]}})";
  EXPECT_THAT(errorOf(buildFile(backwards, std::string(8, '\0')), "m.safetensors"),
              HasSubstr("tensor 'x' data_offsets [8, 4) end before they begin"));
}

TEST(Safetensors, MissingOrMistypedKeys) {
  EXPECT_THAT(errorOf(buildFile(R"({"x":{"dtype":"F32","shape":[1]}})",
                                std::string(4, '\0')),
                      "k.safetensors"),
              HasSubstr("k.safetensors: tensor 'x' is missing 'data_offsets'"));
  EXPECT_THAT(errorOf(buildFile(R"({"x":{"shape":[1],"data_offsets":[0,4]}})",
                                std::string(4, '\0')),
                      "k.safetensors"),
              HasSubstr("tensor 'x' is missing 'dtype'"));
  EXPECT_THAT(
      errorOf(buildFile(R"({"x":{"dtype":"F32","shape":"1","data_offsets":[0,4]}})",
                        std::string(4, '\0')),
              "k.safetensors"),
      HasSubstr("tensor 'x' 'shape' must be an array"));
  EXPECT_THAT(
      errorOf(buildFile(R"({"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})",
                        std::string(4, '\0')),
              "k.safetensors"),
      HasSubstr("tensor 'x' 'shape' must hold non-negative integers"));
  EXPECT_THAT(
      errorOf(buildFile(R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0]}})",
                        std::string(4, '\0')),
              "k.safetensors"),
      HasSubstr("tensor 'x' 'data_offsets' must be [begin, end]"));
  EXPECT_THAT(
      errorOf(buildFile(R"({"x":{"dtype":7,"shape":[1],"data_offsets":[0,4]}})",
                        std::string(4, '\0')),
              "k.safetensors"),
      HasSubstr("tensor 'x' 'dtype' must be a string"));
  EXPECT_THAT(errorOf(buildFile(R"({"x":3})", ""), "k.safetensors"),
              HasSubstr("tensor 'x' must be a JSON object"));
  EXPECT_THAT(errorOf(buildFile(R"({"__metadata__":{"a":1}})", ""),
                      "k.safetensors"),
              HasSubstr("__metadata__ key 'a' must be a string"));
}

TEST(Safetensors, FileShorterThanEightBytes) {
  ScratchDir dir;
  std::string path = dir.path("short.safetensors");
  writeRaw(path, "abc");
  auto r = readSafetensors(path);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()),
              HasSubstr("short.safetensors: not a safetensors file: it has 3 "
                        "bytes, expected at least 8"));
}

TEST(Safetensors, MissingFile) {
  ScratchDir dir;
  auto r = readSafetensors(dir.path("none.safetensors"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kNotFound);
}

TEST(Safetensors, WriterRejectsBadNames) {
  ScratchDir dir;
  Tensor t = Tensor::allocate(DType::F32, {1});
  EXPECT_FALSE(writeSafetensors(dir.path("a"), {{"\xff\xfe", t}}).ok());
  EXPECT_FALSE(writeSafetensors(dir.path("a"), {{"__metadata__", t}}).ok());
  EXPECT_FALSE(std::filesystem::exists(dir.path("a")));
}

} // namespace
} // namespace tgc
