//===- CApi.cpp - the C interface of a shared library `tgc compile` writes ===//
//
// The generated header (tgc compile --shared) declares these functions and
// documents the model's inputs and outputs: their order, names, dtypes and
// shapes. Buffers are dense and row-major; i1 is one byte per element.
//
//===----------------------------------------------------------------------===//

#include "runtime/standalone/CompiledModel.h"

#include <cstring>
#include <string>

struct tgc_model {
  std::unique_ptr<tgc::CompiledModel> model;
};

namespace {

thread_local std::string lastError;

void setError(const absl::Status &status) { lastError = std::string(status.message()); }

} // namespace

#define TGC_EXPORT extern "C" __attribute__((visibility("default")))

TGC_EXPORT tgc_model *tgc_model_create(const char *weights_path) {
  absl::StatusOr<std::unique_ptr<tgc::CompiledModel>> model =
      tgc::CompiledModel::load(tgc::linkedModelImage(), tgc::linkedBackendRuntime(),
                               weights_path ? weights_path : "");
  if (!model.ok()) {
    setError(model.status());
    return nullptr;
  }
  lastError.clear();
  return new tgc_model{std::move(*model)};
}

TGC_EXPORT int tgc_model_run(tgc_model *handle, const void *const *inputs,
                             void *const *outputs) {
  if (!handle || (!inputs && !handle->model->inputs().empty()) || !outputs) {
    setError(absl::InvalidArgumentError("tgc_model_run: a null model or buffer array"));
    return 1;
  }
  std::vector<tgc::Tensor> arguments;
  for (size_t i = 0; i < handle->model->inputs().size(); ++i) {
    const tgc::TensorSpec &spec = handle->model->inputs()[i]->tensor;
    if (!inputs[i]) {
      setError(absl::InvalidArgumentError("tgc_model_run: input '" + spec.name +
                                          "' is a null pointer"));
      return 1;
    }
    arguments.push_back(
        tgc::Tensor::borrow(spec.dtype, spec.shape, const_cast<void *>(inputs[i])));
  }
  absl::StatusOr<std::vector<tgc::Tensor>> results = handle->model->run(arguments);
  if (!results.ok()) {
    setError(results.status());
    return 1;
  }
  for (size_t i = 0; i < results->size(); ++i)
    std::memcpy(outputs[i], (*results)[i].data(), (*results)[i].byteSize());
  lastError.clear();
  return 0;
}

TGC_EXPORT void tgc_model_destroy(tgc_model *handle) { delete handle; }

TGC_EXPORT const char *tgc_last_error(void) { return lastError.c_str(); }
