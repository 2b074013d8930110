//===- ShapeKernels.cpp - data-movement CPU kernels -----------------------===//
//
// The movers are templated on an unsigned integer of the element's size, so
// one loop serves f32, i32, i64, i1 and the 16-bit floats. Rows are split
// statically over OpenMP threads once a tensor is large enough to pay for
// the fork; every output element is written exactly once.
//
//===----------------------------------------------------------------------===//

#include "backends/onednn/kernels/ShapeKernels.h"

#include "backends/onednn/kernels/Broadcast.h"

#include "absl/strings/str_cat.h"

#include <omp.h>

#include <algorithm>
#include <cstring>
#include <numeric>

namespace tgc::onednn {
namespace {

/// Below this many bytes moved a kernel runs on the calling thread.
constexpr int64_t kParallelBytes = 1 << 16;

std::vector<int64_t> rowMajorStrides(const std::vector<int64_t> &shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (size_t d = shape.size(); d-- > 1;)
    strides[d - 1] = strides[d] * shape[d];
  return strides;
}

int64_t product(const std::vector<int64_t> &dims, size_t from, size_t to) {
  int64_t p = 1;
  for (size_t d = from; d < to; ++d)
    p *= dims[d];
  return p;
}

/// Calls fn(begin, end) on a static split of [0, rows) over the threads,
/// or once on the calling thread when the work is small.
template <typename Fn> void parallelRows(int64_t rows, int64_t bytesPerRow, Fn fn) {
  if (rows <= 0)
    return;
  if (rows < 2 || rows * bytesPerRow < kParallelBytes || omp_in_parallel()) {
    fn(int64_t(0), rows);
    return;
  }
#pragma omp parallel
  {
    int64_t threads = omp_get_num_threads(), t = omp_get_thread_num();
    int64_t begin = rows * t / threads, end = rows * (t + 1) / threads;
    if (begin < end)
      fn(begin, end);
  }
}

/// Walks rows [begin, end) of the row-major index space `dims`, calling
/// fn(row, offset) with offset = sum(index[d] * strides[d]), updated
/// incrementally (an odometer) rather than recomputed per row.
template <typename Fn>
void forRows(const std::vector<int64_t> &dims, const std::vector<int64_t> &strides,
             int64_t begin, int64_t end, Fn fn) {
  size_t rank = dims.size();
  std::vector<int64_t> index(rank, 0);
  int64_t offset = 0, rest = begin;
  for (size_t d = rank; d-- > 0;) {
    index[d] = rest % dims[d];
    rest /= dims[d];
    offset += index[d] * strides[d];
  }
  for (int64_t row = begin; row < end; ++row) {
    fn(row, offset);
    for (size_t d = rank; d-- > 0;) {
      offset += strides[d];
      if (++index[d] < dims[d])
        break;
      offset -= index[d] * strides[d];
      index[d] = 0;
    }
  }
}

/// Creates Kernel<T> with T the unsigned integer of `dtype`'s size.
template <template <typename> class KernelT, typename... Args>
std::unique_ptr<Kernel> bySize(DType dtype, Args &&...args) {
  switch (dtypeSize(dtype)) {
  case 1: return std::make_unique<KernelT<uint8_t>>(std::forward<Args>(args)...);
  case 2: return std::make_unique<KernelT<uint16_t>>(std::forward<Args>(args)...);
  case 4: return std::make_unique<KernelT<uint32_t>>(std::forward<Args>(args)...);
  case 8: return std::make_unique<KernelT<uint64_t>>(std::forward<Args>(args)...);
  default: return nullptr;
  }
}

//===----------------------------------------------------------------------===//
// transpose
//===----------------------------------------------------------------------===//

/// The permutation with size-1 dimensions dropped and runs of input
/// dimensions that stay adjacent (and in order) merged into one.
void collapseTranspose(std::vector<int64_t> &shape, std::vector<int64_t> &perm) {
  size_t rank = shape.size();
  std::vector<int64_t> renumber(rank, -1), shape1, perm1;
  for (size_t d = 0; d < rank; ++d)
    if (shape[d] != 1) {
      renumber[d] = static_cast<int64_t>(shape1.size());
      shape1.push_back(shape[d]);
    }
  for (size_t d = 0; d < rank; ++d)
    if (renumber[perm[d]] >= 0)
      perm1.push_back(renumber[perm[d]]);
  // Runs of consecutive input dimensions, in output order.
  std::vector<std::pair<int64_t, int64_t>> runs; // (first input dim, length)
  for (int64_t d : perm1) {
    if (!runs.empty() && runs.back().first + runs.back().second == d)
      ++runs.back().second;
    else
      runs.push_back({d, 1});
  }
  std::vector<size_t> byInput(runs.size());
  std::iota(byInput.begin(), byInput.end(), 0);
  std::sort(byInput.begin(), byInput.end(),
            [&](size_t a, size_t b) { return runs[a].first < runs[b].first; });
  shape.assign(runs.size(), 1);
  perm.assign(runs.size(), 0);
  for (size_t newInput = 0; newInput < byInput.size(); ++newInput) {
    size_t run = byInput[newInput];
    shape[newInput] = product(shape1, runs[run].first,
                              runs[run].first + runs[run].second);
    perm[run] = static_cast<int64_t>(newInput);
  }
}

template <typename T> class TransposeKernel : public Kernel {
public:
  TransposeKernel(std::vector<int64_t> inShape, std::vector<int64_t> perm)
      : shape_(std::move(inShape)), perm_(std::move(perm)) {
    collapseTranspose(shape_, perm_);
    size_t rank = shape_.size();
    if (rank <= 1)
      return; // a plain copy
    std::vector<int64_t> inStrides = rowMajorStrides(shape_);
    std::vector<int64_t> outShape(rank);
    for (size_t d = 0; d < rank; ++d)
      outShape[d] = shape_[perm_[d]];
    std::vector<int64_t> outStrides = rowMajorStrides(outShape);
    size_t last = rank - 1;
    if (perm_[last] == static_cast<int64_t>(last)) {
      // Rows of the innermost input dimension stay contiguous: copy them.
      inner_ = shape_[last];
      for (size_t d = 0; d < last; ++d) {
        dims_.push_back(outShape[d]);
        srcStrides_.push_back(inStrides[perm_[d]]);
      }
      return;
    }
    // The innermost dimension moves: transpose tiles of the plane
    // (input dim a = output's last) x (input's last = output dim b).
    tiled_ = true;
    size_t b = std::find(perm_.begin(), perm_.end(), int64_t(last)) - perm_.begin();
    planeRows_ = outShape[last];
    planeCols_ = shape_[last];
    srcRowStride_ = inStrides[perm_[last]];
    dstColStride_ = outStrides[b];
    for (size_t d = 0; d < last; ++d)
      if (d != b) {
        dims_.push_back(outShape[d]);
        srcStrides_.push_back(inStrides[perm_[d]]);
        dstStrides_.push_back(outStrides[d]);
      }
  }

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const T *src = in[0].as<T>();
    T *dst = out[0].as<T>();
    int64_t n = out[0].numElements();
    if (n == 0)
      return absl::OkStatus();
    if (shape_.size() <= 1) {
      parallelRows(n, sizeof(T), [&](int64_t begin, int64_t end) {
        std::memcpy(dst + begin, src + begin, (end - begin) * sizeof(T));
      });
      return absl::OkStatus();
    }
    if (!tiled_) {
      int64_t inner = inner_;
      parallelRows(n / inner, inner * sizeof(T), [&](int64_t begin, int64_t end) {
        forRows(dims_, srcStrides_, begin, end, [&](int64_t row, int64_t offset) {
          std::memcpy(dst + row * inner, src + offset, inner * sizeof(T));
        });
      });
      return absl::OkStatus();
    }
    // Tiles of 8 x 8: with power-of-two strides every source row of a
    // tile maps to the same L1 set, and more rows than the cache's ways
    // thrash (32 x 32 ran 5x slower on a 1024 x 1024 plane).
    constexpr int64_t kTile = 8;
    int64_t rows = planeRows_, cols = planeCols_;
    int64_t rowBlocks = (rows + kTile - 1) / kTile;
    int64_t planes = product(dims_, 0, dims_.size());
    int64_t srcRowStride = srcRowStride_, dstColStride = dstColStride_;
    parallelRows(planes * rowBlocks, kTile * cols * sizeof(T),
                 [&](int64_t begin, int64_t end) {
      for (int64_t item = begin; item < end; ++item) {
        int64_t plane = item / rowBlocks, i0 = (item % rowBlocks) * kTile;
        int64_t i1 = std::min(rows, i0 + kTile);
        int64_t srcBase = 0, dstBase = 0, rest = plane;
        for (size_t d = dims_.size(); d-- > 0;) {
          int64_t index = rest % dims_[d];
          rest /= dims_[d];
          srcBase += index * srcStrides_[d];
          dstBase += index * dstStrides_[d];
        }
        const T *s = src + srcBase;
        T *o = dst + dstBase;
        for (int64_t j0 = 0; j0 < cols; j0 += kTile) {
          int64_t j1 = std::min(cols, j0 + kTile);
          for (int64_t j = j0; j < j1; ++j)
            for (int64_t i = i0; i < i1; ++i)
              o[j * dstColStride + i] = s[i * srcRowStride + j];
        }
      }
    });
    return absl::OkStatus();
  }

private:
  std::vector<int64_t> shape_, perm_; // collapsed
  bool tiled_ = false;
  int64_t inner_ = 1;
  int64_t planeRows_ = 1, planeCols_ = 1, srcRowStride_ = 0, dstColStride_ = 0;
  std::vector<int64_t> dims_, srcStrides_, dstStrides_;
};

//===----------------------------------------------------------------------===//
// concat, slice, gather, broadcast_to
//===----------------------------------------------------------------------===//

template <typename T> class ConcatKernel : public Kernel {
public:
  ConcatKernel(std::vector<std::vector<int64_t>> inShapes, int64_t axis) {
    const std::vector<int64_t> &first = inShapes.front();
    outer_ = product(first, 0, axis);
    int64_t inner = product(first, axis + 1, first.size());
    for (const std::vector<int64_t> &shape : inShapes) {
      chunks_.push_back(shape[axis] * inner);
      outChunk_ += chunks_.back();
    }
  }

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    T *dst = out[0].as<T>();
    parallelRows(outer_, outChunk_ * sizeof(T), [&](int64_t begin, int64_t end) {
      for (int64_t o = begin; o < end; ++o) {
        T *row = dst + o * outChunk_;
        for (size_t k = 0; k < chunks_.size(); ++k) {
          std::memcpy(row, in[k].as<T>() + o * chunks_[k], chunks_[k] * sizeof(T));
          row += chunks_[k];
        }
      }
    });
    return absl::OkStatus();
  }

private:
  int64_t outer_ = 1, outChunk_ = 0;
  std::vector<int64_t> chunks_; // elements of each input per outer index
};

template <typename T> class SliceKernel : public Kernel {
public:
  SliceKernel(std::vector<int64_t> inShape, std::vector<int64_t> start,
              std::vector<int64_t> strides, std::vector<int64_t> outShape) {
    if (inShape.empty()) { // rank 0: one element, seen as rank 1
      inShape = outShape = strides = {1};
      start = {0};
    }
    std::vector<int64_t> inStrides = rowMajorStrides(inShape);
    for (size_t d = 0; d < inShape.size(); ++d)
      base_ += start[d] * inStrides[d];
    size_t last = inShape.size() - 1;
    for (size_t d = 0; d < last; ++d) {
      dims_.push_back(outShape[d]);
      steps_.push_back(strides[d] * inStrides[d]);
    }
    rowLength_ = outShape[last];
    innerStep_ = strides[last];
  }

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const T *src = in[0].as<T>() + base_;
    T *dst = out[0].as<T>();
    int64_t length = rowLength_, step = innerStep_;
    if (length == 0)
      return absl::OkStatus();
    parallelRows(out[0].numElements() / length, length * sizeof(T),
                 [&](int64_t begin, int64_t end) {
      forRows(dims_, steps_, begin, end, [&](int64_t row, int64_t offset) {
        T *o = dst + row * length;
        const T *s = src + offset;
        if (step == 1) {
          std::memcpy(o, s, length * sizeof(T));
        } else {
          for (int64_t j = 0; j < length; ++j)
            o[j] = s[j * step];
        }
      });
    });
    return absl::OkStatus();
  }

private:
  int64_t base_ = 0, rowLength_ = 1, innerStep_ = 1;
  std::vector<int64_t> dims_, steps_;
};

template <typename T> class GatherKernel : public Kernel {
public:
  GatherKernel(bool indices64, std::vector<int64_t> paramsShape, int64_t axis,
               int64_t numIndices)
      : indices64_(indices64), axis_(axis), numIndices_(numIndices) {
    outer_ = product(paramsShape, 0, axis);
    n_ = paramsShape[axis];
    inner_ = product(paramsShape, axis + 1, paramsShape.size());
  }

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    if (indices64_)
      return gather(in[0].as<T>(), in[1].as<int64_t>(), out[0].as<T>());
    return gather(in[0].as<T>(), in[1].as<int32_t>(), out[0].as<T>());
  }

private:
  template <typename I> absl::Status gather(const T *params, const I *indices, T *dst) {
    for (int64_t k = 0; k < numIndices_; ++k) {
      int64_t index = indices[k];
      if (index < 0 || index >= n_)
        return absl::InvalidArgumentError(absl::StrCat(
            "index ", index, " at position ", k, " of indices is out of range [0, ",
            n_, ") for axis ", axis_, " of params"));
    }
    int64_t inner = inner_, n = n_, count = numIndices_;
    parallelRows(outer_ * count, inner * sizeof(T), [&](int64_t begin, int64_t end) {
      for (int64_t row = begin; row < end; ++row) {
        int64_t o = row / count, k = row % count;
        const T *s = params + (o * n + static_cast<int64_t>(indices[k])) * inner;
        if (inner == 1)
          dst[row] = *s;
        else
          std::memcpy(dst + row * inner, s, inner * sizeof(T));
      }
    });
    return absl::OkStatus();
  }

  bool indices64_;
  int64_t axis_, numIndices_, outer_ = 1, n_ = 1, inner_ = 1;
};

template <typename T> class BroadcastToKernel : public Kernel {
public:
  BroadcastToKernel(std::vector<int64_t> inShape, std::vector<int64_t> outShape)
      : plan_({inShape}, outShape) {}

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    const T *src = in[0].as<T>();
    T *dst = out[0].as<T>();
    int64_t length = plan_.rowLength();
    bool contiguous = plan_.innerStride(0) == 1;
    parallelRows(plan_.rows(), length * sizeof(T), [&](int64_t begin, int64_t end) {
      for (int64_t row = begin; row < end; ++row) {
        const T *s = src + plan_.rowOffset(0, row);
        T *o = dst + row * length;
        if (contiguous)
          std::memcpy(o, s, length * sizeof(T));
        else
          std::fill(o, o + length, *s);
      }
    });
    return absl::OkStatus();
  }

private:
  BroadcastPlan plan_;
};

//===----------------------------------------------------------------------===//
// iota, one_hot
//===----------------------------------------------------------------------===//

template <typename T> class IotaKernel : public Kernel {
public:
  IotaKernel(std::vector<int64_t> shape, int64_t dimension)
      : outer_(product(shape, 0, dimension)), n_(shape[dimension]),
        inner_(product(shape, dimension + 1, shape.size())) {}

  absl::Status run(const std::vector<TensorView> &,
                   const std::vector<TensorView> &out) override {
    T *dst = out[0].as<T>();
    int64_t n = n_, inner = inner_;
    parallelRows(outer_ * n, inner * sizeof(T), [&](int64_t begin, int64_t end) {
      for (int64_t row = begin; row < end; ++row)
        std::fill(dst + row * inner, dst + (row + 1) * inner, static_cast<T>(row % n));
    });
    return absl::OkStatus();
  }

private:
  int64_t outer_, n_, inner_;
};

template <typename T> class OneHotKernel : public Kernel {
public:
  OneHotKernel(bool indices64, int64_t numIndices, int64_t depth)
      : indices64_(indices64), numIndices_(numIndices), depth_(depth) {}

  absl::Status run(const std::vector<TensorView> &in,
                   const std::vector<TensorView> &out) override {
    if (indices64_)
      fill(in[0].as<int64_t>(), out[0].as<T>());
    else
      fill(in[0].as<int32_t>(), out[0].as<T>());
    return absl::OkStatus();
  }

private:
  template <typename I> void fill(const I *indices, T *dst) {
    int64_t depth = depth_;
    parallelRows(numIndices_, depth * sizeof(T), [&](int64_t begin, int64_t end) {
      for (int64_t k = begin; k < end; ++k) {
        T *row = dst + k * depth;
        std::fill(row, row + depth, T(0));
        int64_t c = indices[k];
        if (c >= 0 && c < depth)
          row[c] = T(1);
      }
    });
  }

  bool indices64_;
  int64_t numIndices_, depth_;
};

bool isIndexType(DType dtype) { return dtype == DType::I32 || dtype == DType::I64; }

} // namespace

std::unique_ptr<Kernel> makeTransposeKernel(DType dtype, std::vector<int64_t> inShape,
                                            std::vector<int64_t> permutation) {
  return bySize<TransposeKernel>(dtype, std::move(inShape), std::move(permutation));
}

std::unique_ptr<Kernel> makeConcatKernel(DType dtype,
                                         std::vector<std::vector<int64_t>> inShapes,
                                         int64_t axis) {
  if (inShapes.empty())
    return nullptr;
  return bySize<ConcatKernel>(dtype, std::move(inShapes), axis);
}

std::unique_ptr<Kernel> makeSliceKernel(DType dtype, std::vector<int64_t> inShape,
                                        std::vector<int64_t> start,
                                        std::vector<int64_t> strides,
                                        std::vector<int64_t> outShape) {
  return bySize<SliceKernel>(dtype, std::move(inShape), std::move(start),
                             std::move(strides), std::move(outShape));
}

std::unique_ptr<Kernel> makeGatherKernel(DType dtype, DType indexDtype,
                                         std::vector<int64_t> paramsShape,
                                         int64_t axis, int64_t numIndices) {
  if (!isIndexType(indexDtype))
    return nullptr;
  return bySize<GatherKernel>(dtype, indexDtype == DType::I64, std::move(paramsShape),
                              axis, numIndices);
}

std::unique_ptr<Kernel> makeBroadcastToKernel(DType dtype, std::vector<int64_t> inShape,
                                              std::vector<int64_t> outShape) {
  return bySize<BroadcastToKernel>(dtype, std::move(inShape), std::move(outShape));
}

std::unique_ptr<Kernel> makeIotaKernel(DType dtype, std::vector<int64_t> shape,
                                       int64_t dimension) {
  switch (dtype) {
  case DType::F32: return std::make_unique<IotaKernel<float>>(std::move(shape), dimension);
  case DType::I32: return std::make_unique<IotaKernel<int32_t>>(std::move(shape), dimension);
  case DType::I64: return std::make_unique<IotaKernel<int64_t>>(std::move(shape), dimension);
  default: return nullptr;
  }
}

std::unique_ptr<Kernel> makeOneHotKernel(DType dtype, DType indexDtype,
                                         int64_t numIndices, int64_t depth) {
  if (!isIndexType(indexDtype))
    return nullptr;
  bool indices64 = indexDtype == DType::I64;
  switch (dtype) {
  case DType::F32: return std::make_unique<OneHotKernel<float>>(indices64, numIndices, depth);
  case DType::I1: return std::make_unique<OneHotKernel<uint8_t>>(indices64, numIndices, depth);
  case DType::I32: return std::make_unique<OneHotKernel<int32_t>>(indices64, numIndices, depth);
  case DType::I64: return std::make_unique<OneHotKernel<int64_t>>(indices64, numIndices, depth);
  default: return nullptr;
  }
}

} // namespace tgc::onednn
