//===- ExecutableTest.cpp - the arena plan and the executor ---------------===//
//
// Liveness reuse and in-place steps, seen through the arena's size and the
// values a run computes with small host kernels.
//
//===----------------------------------------------------------------------===//

#include "runtime/Executable.h"

#include <gtest/gtest.h>

#include <optional>
#include <random>

namespace tgc {
namespace {

constexpr int64_t kN = 1024; // f32 elements: 4096 bytes, a multiple of the alignment
constexpr int64_t kBytes = kN * 4;

/// y[i] = x[i] + 1, reading x[i] before writing y[i]: safe in place.
class AddOne : public Kernel {
public:
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    for (int64_t i = 0; i < out[0].numElements(); ++i)
      out[0].as<float>()[i] = in[0].as<float>()[i] + 1.0f;
    return absl::OkStatus();
  }
};

/// z[i] = x[i] + y[i].
class Add : public Kernel {
public:
  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    for (int64_t i = 0; i < out[0].numElements(); ++i)
      out[0].as<float>()[i] = in[0].as<float>()[i] + in[1].as<float>()[i];
    return absl::OkStatus();
  }
};

Signature signatureOf(int results) {
  Signature s;
  s.arguments.push_back({ArgumentKind::Input, {"x", DType::F32, {kN}}, std::nullopt});
  for (int r = 0; r < results; ++r)
    s.results.push_back({"y" + std::to_string(r), DType::F32, {kN}});
  return s;
}

Tensor randomInput(unsigned seed) {
  Tensor x = Tensor::allocate(DType::F32, {kN});
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(-4.0f, 4.0f);
  for (int64_t i = 0; i < kN; ++i)
    x.dataAs<float>()[i] = dist(rng);
  return x;
}

/// x -> +1 -> +1 -> +1 (result). `inPlace` marks the steps overwritable.
std::unique_ptr<Executable> chain(bool inPlace) {
  ExecutableBuilder b(signatureOf(1));
  std::optional<int> overwrite = inPlace ? std::optional<int>(0) : std::nullopt;
  int value = b.argument(0);
  for (int step = 0; step < 3; ++step) {
    int next = b.addValue(DType::F32, {kN});
    b.addStep(std::make_unique<AddOne>(), "", {value}, {next}, {"add_one", "", step},
              overwrite);
    value = next;
  }
  b.setResults({value});
  absl::StatusOr<std::unique_ptr<Executable>> e = b.finish();
  EXPECT_TRUE(e.ok()) << e.status();
  return e.ok() ? *std::move(e) : nullptr;
}

TEST(ExecutablePlanTest, InPlaceChainTakesOneBufferAndComputesTheSame) {
  Tensor x = randomInput(1);
  std::vector<float> original(x.dataAs<float>(), x.dataAs<float>() + kN);
  std::unique_ptr<Executable> reused = chain(/*inPlace=*/false);
  std::unique_ptr<Executable> inPlace = chain(/*inPlace=*/true);
  ASSERT_TRUE(reused && inPlace);
  // Without in-place steps two buffers alternate; with them, one buffer.
  // The argument is never written over.
  EXPECT_EQ(reused->unplannedBytes(), 3 * kBytes);
  EXPECT_EQ(reused->arenaBytes(), 2 * kBytes);
  EXPECT_EQ(inPlace->arenaBytes(), kBytes);

  absl::StatusOr<std::vector<Tensor>> a = reused->run({x});
  absl::StatusOr<std::vector<Tensor>> b = inPlace->run({x}, RunOptions{true, {}, {}});
  ASSERT_TRUE(a.ok() && b.ok());
  for (int64_t i = 0; i < kN; ++i) {
    EXPECT_EQ(x.dataAs<float>()[i], original[i]) << i;
    EXPECT_EQ((*b)[0].dataAs<float>()[i], original[i] + 1.0f + 1.0f + 1.0f) << i;
    EXPECT_EQ((*a)[0].dataAs<float>()[i], (*b)[0].dataAs<float>()[i]) << i;
  }
}

TEST(ExecutablePlanTest, InputReadLaterOrReturnedIsNotOverwritten) {
  // v1 = x + 1; v2 = v1 + 1 (may overwrite v1, but v1 is read again);
  // v3 = v1 + v2. And v1 = x + 1 returned, v2 = v1 + 1 (may overwrite).
  ExecutableBuilder b(signatureOf(1));
  int v1 = b.addValue(DType::F32, {kN});
  int v2 = b.addValue(DType::F32, {kN});
  int v3 = b.addValue(DType::F32, {kN});
  b.addStep(std::make_unique<AddOne>(), "", {b.argument(0)}, {v1}, {"a", "", 0});
  b.addStep(std::make_unique<AddOne>(), "", {v1}, {v2}, {"b", "", 1}, 0);
  b.addStep(std::make_unique<Add>(), "", {v1, v2}, {v3}, {"c", "", 2}, 0);
  b.setResults({v3});
  absl::StatusOr<std::unique_ptr<Executable>> readLater = b.finish();
  ASSERT_TRUE(readLater.ok()) << readLater.status();
  // v3 may take v1's buffer (v1 dies at the step that makes v3): 2 buffers.
  EXPECT_EQ((*readLater)->arenaBytes(), 2 * kBytes);

  ExecutableBuilder r(signatureOf(2));
  int w1 = r.addValue(DType::F32, {kN});
  int w2 = r.addValue(DType::F32, {kN});
  r.addStep(std::make_unique<AddOne>(), "", {r.argument(0)}, {w1}, {"a", "", 0});
  r.addStep(std::make_unique<AddOne>(), "", {w1}, {w2}, {"b", "", 1}, 0);
  r.setResults({w1, w2});
  absl::StatusOr<std::unique_ptr<Executable>> returned = r.finish();
  ASSERT_TRUE(returned.ok()) << returned.status();
  EXPECT_EQ((*returned)->arenaBytes(), 2 * kBytes);

  Tensor x = randomInput(2);
  absl::StatusOr<std::vector<Tensor>> y1 = (*readLater)->run({x}, RunOptions{true, {}, {}});
  absl::StatusOr<std::vector<Tensor>> y2 = (*returned)->run({x}, RunOptions{true, {}, {}});
  ASSERT_TRUE(y1.ok() && y2.ok());
  for (int64_t i = 0; i < kN; ++i) {
    float xi = x.dataAs<float>()[i];
    EXPECT_EQ((*y1)[0].dataAs<float>()[i], (xi + 1.0f) + (xi + 1.0f + 1.0f)) << i;
    EXPECT_EQ((*y2)[0].dataAs<float>()[i], xi + 1.0f) << i;
    EXPECT_EQ((*y2)[1].dataAs<float>()[i], xi + 1.0f + 1.0f) << i;
  }
}

TEST(ExecutablePlanTest, AnotherViewOfTheInputInTheSameStepBlocksInPlace) {
  // v2 = v1 + reshape(v1): the step reads v1's storage through two views,
  // so it does not write over it.
  ExecutableBuilder b(signatureOf(1));
  int v1 = b.addValue(DType::F32, {kN});
  int view = b.addAlias(v1, {kN / 2, 2});
  int v2 = b.addValue(DType::F32, {kN});
  b.addStep(std::make_unique<AddOne>(), "", {b.argument(0)}, {v1}, {"a", "", 0});
  b.addStep(std::make_unique<Add>(), "", {v1, view}, {v2}, {"b", "", 1}, 0);
  b.setResults({v2});
  absl::StatusOr<std::unique_ptr<Executable>> e = b.finish();
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ((*e)->arenaBytes(), 2 * kBytes);
}

TEST(ExecutablePlanTest, InputReturnedThroughAReshapeIsNotOverwritten) {
  // v1 = x + 1, returned as a [kN/2, 2] reshape; v2 = v1 + 1 may overwrite
  // v1 by its kernel, but v1's storage lives on in the reshaped result.
  Signature signature = signatureOf(1);
  signature.results[0].shape = {kN / 2, 2};
  signature.results.push_back({"y1", DType::F32, {kN}});
  ExecutableBuilder b(signature);
  int v1 = b.addValue(DType::F32, {kN});
  int view = b.addAlias(v1, {kN / 2, 2});
  int v2 = b.addValue(DType::F32, {kN});
  b.addStep(std::make_unique<AddOne>(), "", {b.argument(0)}, {v1}, {"a", "", 0});
  b.addStep(std::make_unique<AddOne>(), "", {v1}, {v2}, {"b", "", 1}, 0);
  b.setResults({view, v2});
  absl::StatusOr<std::unique_ptr<Executable>> e = b.finish();
  ASSERT_TRUE(e.ok()) << e.status();
  EXPECT_EQ((*e)->arenaBytes(), 2 * kBytes);

  Tensor x = randomInput(3);
  absl::StatusOr<std::vector<Tensor>> y = (*e)->run({x}, RunOptions{true, {}, {}});
  ASSERT_TRUE(y.ok()) << y.status();
  for (int64_t i = 0; i < kN; ++i) {
    float xi = x.dataAs<float>()[i];
    EXPECT_EQ((*y)[0].dataAs<float>()[i], xi + 1.0f) << i;
    EXPECT_EQ((*y)[1].dataAs<float>()[i], xi + 1.0f + 1.0f) << i;
  }
}

} // namespace
} // namespace tgc
