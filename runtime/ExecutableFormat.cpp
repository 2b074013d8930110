//===- ExecutableFormat.cpp - an executable as bytes, and back ------------===//
//
// The layout, in ByteStream encoding:
//
//   "TGCPROG" 0, format version (u32), backend name
//   signature: arguments (kind, name, dtype, shape, index bound), results
//   values: storage, dtype, shape, index, arena offset
//   constants: dtype, shape, then the elements, 64-byte aligned
//   steps: kernel spec (backend bytes), input and output value ids, origin
//   result value ids, arena bytes (planned and unplanned)
//
// Reading checks every id and every arena range, so a corrupt program is
// an error when it is loaded, never a wild write when it runs.
//
//===----------------------------------------------------------------------===//

#include "runtime/ByteStream.h"
#include "runtime/Executable.h"

#include "absl/strings/str_cat.h"

namespace tgc {

template <typename Archive> void fields(Archive &ar, TensorSpec &spec) {
  ar(spec.name, spec.dtype, spec.shape);
}
template <typename Archive> void fields(Archive &ar, ArgumentSpec &spec) {
  ar(spec.kind, spec.tensor, spec.indexBound, spec.optimizerState, spec.stepCounter);
}
template <typename Archive> void fields(Archive &ar, Signature &signature) {
  ar(signature.arguments, signature.results);
}
template <typename Archive> void fields(Archive &ar, StepOrigin &origin) {
  ar(origin.opName, origin.location, origin.opIndex);
}

namespace {

constexpr char kMagic[8] = {'T', 'G', 'C', 'P', 'R', 'O', 'G', '\0'};
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kConstantAlignment = 64;

bool validDType(DType dtype) {
  return static_cast<int64_t>(dtype) >= 0 &&
         static_cast<int64_t>(dtype) <= static_cast<int64_t>(DType::I64);
}

/// A shape with no negative dimension and at most 2^62 bytes of `dtype`.
bool validShape(const std::vector<int64_t> &shape, DType dtype) {
  int64_t bytes = static_cast<int64_t>(dtypeSize(dtype));
  for (int64_t dim : shape) {
    if (dim < 0 || (dim > 0 && bytes > (int64_t(1) << 62) / dim))
      return false;
    bytes *= dim;
  }
  return true;
}

} // namespace

std::string Executable::serialize(std::string_view backend) const {
  ByteWriter w;
  w.writeRaw(kMagic, sizeof(kMagic));
  w(kFormatVersion, std::string(backend), signature_);
  w(static_cast<uint64_t>(values_.size()));
  for (const Value &v : values_)
    w(v.storage, v.dtype, v.shape, v.index, v.offset);
  w(static_cast<uint64_t>(constants_.size()));
  for (const Tensor &constant : constants_) {
    w(constant.dtype(), constant.shape());
    w.align(kConstantAlignment);
    w.writeRaw(constant.data(), constant.byteSize());
  }
  w(static_cast<uint64_t>(steps_.size()));
  for (const Step &step : steps_)
    w(step.kernelSpec, step.inputs, step.outputs, step.origin);
  w(results_, arenaBytes_, unplannedBytes_);
  return w.take();
}

absl::StatusOr<std::unique_ptr<Executable>>
Executable::deserialize(std::string_view bytes, const std::string &what,
                        std::string_view backend, const KernelLoader &loader) {
  ByteReader r(bytes, what);
  if (r.readRaw(sizeof(kMagic)) != std::string_view(kMagic, sizeof(kMagic)))
    return absl::DataLossError(what + " is not a tgc program (bad magic)");
  uint32_t version = 0;
  std::string writtenFor;
  r(version);
  if (r.status().ok() && version != kFormatVersion)
    return absl::FailedPreconditionError(absl::StrCat(
        what, " has format version ", version, "; this runtime reads version ",
        kFormatVersion));
  r(writtenFor);
  if (r.status().ok() && writtenFor != backend)
    return absl::FailedPreconditionError(absl::StrCat(
        what, " was compiled for backend '", writtenFor,
        "', but this runtime runs backend '", std::string(backend), "'"));

  std::unique_ptr<Executable> e(new Executable);
  r(e->signature_);
  auto corrupt = [&](const std::string &detail) {
    r.fail("is corrupt: " + detail);
    return r.status();
  };

  uint64_t numValues = 0;
  r(numValues);
  if (numValues > bytes.size())
    return corrupt("value count");
  e->values_.resize(numValues);
  for (Value &v : e->values_)
    r(v.storage, v.dtype, v.shape, v.index, v.offset);

  uint64_t numConstants = 0;
  r(numConstants);
  if (numConstants > bytes.size())
    return corrupt("constant count");
  for (uint64_t i = 0; i < numConstants && r.status().ok(); ++i) {
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    r(dtype, shape);
    r.align(kConstantAlignment);
    if (!r.status().ok())
      break;
    if (!validDType(dtype) || !validShape(shape, dtype))
      return corrupt(absl::StrCat("constant ", i, " has an invalid type"));
    Tensor constant = Tensor::allocate(dtype, shape);
    std::string_view data = r.readRaw(constant.byteSize());
    if (data.size() == constant.byteSize())
      std::memcpy(constant.data(), data.data(), data.size());
    e->constants_.push_back(std::move(constant));
  }

  uint64_t numSteps = 0;
  r(numSteps);
  if (numSteps > bytes.size())
    return corrupt("step count");
  e->steps_.resize(numSteps);
  for (Step &step : e->steps_)
    r(step.kernelSpec, step.inputs, step.outputs, step.origin);
  r(e->results_, e->arenaBytes_, e->unplannedBytes_);
  if (!r.status().ok())
    return r.status();
  if (!r.atEnd())
    return corrupt(absl::StrCat(bytes.size() - r.position(),
                                " bytes follow the program"));

  // Every id in range, every value's storage where it claims to be.
  const Signature &sig = e->signature_;
  auto numArguments = static_cast<int64_t>(sig.arguments.size());
  for (size_t id = 0; id < e->values_.size(); ++id) {
    const Value &v = e->values_[id];
    if (!validDType(v.dtype) || !validShape(v.shape, v.dtype))
      return corrupt(absl::StrCat("value ", id, " has an invalid type"));
    int64_t size = shapeNumElements(v.shape) * static_cast<int64_t>(dtypeSize(v.dtype));
    switch (v.storage) {
    case Storage::Argument:
      if (v.index < 0 || v.index >= numArguments)
        return corrupt(absl::StrCat("value ", id, " names argument ", v.index));
      break;
    case Storage::Constant:
      if (v.index < 0 || v.index >= static_cast<int64_t>(e->constants_.size()) ||
          e->constants_[v.index].byteSize() != static_cast<size_t>(size))
        return corrupt(absl::StrCat("value ", id, " names constant ", v.index));
      break;
    case Storage::Arena:
      if (v.offset < 0 || v.offset > e->arenaBytes_ || size > e->arenaBytes_ - v.offset)
        return corrupt(absl::StrCat("value ", id, " lies outside the arena"));
      break;
    case Storage::Alias: {
      if (v.index < 0 || v.index >= static_cast<int64_t>(id) ||
          e->values_[v.index].storage == Storage::Alias)
        return corrupt(absl::StrCat("value ", id, " aliases value ", v.index));
      const Value &owner = e->values_[v.index];
      if (size != shapeNumElements(owner.shape) * static_cast<int64_t>(dtypeSize(owner.dtype)))
        return corrupt(absl::StrCat("alias ", id, " has another size than its value"));
      break;
    }
    default:
      return corrupt(absl::StrCat("value ", id, " has an unknown storage kind"));
    }
  }
  auto validIds = [&](const std::vector<int> &ids) {
    for (int id : ids)
      if (id < 0 || static_cast<size_t>(id) >= e->values_.size())
        return false;
    return true;
  };
  for (size_t s = 0; s < e->steps_.size(); ++s)
    if (!validIds(e->steps_[s].inputs) || !validIds(e->steps_[s].outputs))
      return corrupt(absl::StrCat("step ", s, " names a value that does not exist"));
  if (!validIds(e->results_) || e->results_.size() != sig.results.size())
    return corrupt("the results do not match the signature");
  for (size_t i = 0; i < sig.arguments.size(); ++i) {
    const Value &v = e->values_.size() > i ? e->values_[i] : Value{};
    const TensorSpec &spec = sig.arguments[i].tensor;
    if (v.storage != Storage::Argument || v.index != static_cast<int64_t>(i) ||
        v.dtype != spec.dtype || v.shape != spec.shape)
      return corrupt(absl::StrCat("argument '", spec.name, "' has no matching value"));
  }

  for (Step &step : e->steps_) {
    absl::StatusOr<std::unique_ptr<Kernel>> kernel = loader(step.kernelSpec);
    if (!kernel.ok())
      return absl::Status(kernel.status().code(),
                          absl::StrCat(what, ": ", step.origin.location, ": '",
                                       step.origin.opName, "' op: ",
                                       kernel.status().message()));
    step.kernel = std::move(*kernel);
  }
  e->allocateArena();
  return e;
}

} // namespace tgc
