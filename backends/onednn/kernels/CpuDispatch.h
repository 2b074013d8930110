//===- CpuDispatch.h - run-time selection of vector ISA variants -*- C++ -*-===//
//
// The kernels library is built for baseline x86-64 (no -march flags), so a
// compiled model runs on any x86-64 machine. Hot loops that profit from a
// wider vector ISA are compiled a second time for it with GCC's function
// attributes, and picked at run time:
//
//   TGC_TARGET_AVX512 void tileAvx512(...);   // intrinsics allowed inside
//   void tileGeneric(...);                    // baseline code
//   auto *tile = cpuHasAvx512() ? tileAvx512
//              : cpuHasAvx2() ? tileAvx2 : tileGeneric;
//
// or, for plain loops the compiler vectorizes on its own, one definition
// cloned per ISA and resolved by the dynamic loader (ifunc):
//
//   TGC_CLONES void axpy(...);
//
// Choose once (at kernel construction), not per element.
//
//===----------------------------------------------------------------------===//

#ifndef TGC_BACKENDS_ONEDNN_KERNELS_CPUDISPATCH_H
#define TGC_BACKENDS_ONEDNN_KERNELS_CPUDISPATCH_H

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define TGC_X86_DISPATCH 1
/// AVX-512 (F, DQ, BW, VL: every AVX-512 CPU since Skylake-SP) with FMA.
#define TGC_TARGET_AVX512                                                      \
  __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma,avx2")))
/// AVX2 with FMA (Haswell, Zen and later).
#define TGC_TARGET_AVX2 __attribute__((target("avx2,fma")))
#define TGC_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define TGC_X86_DISPATCH 0
#define TGC_TARGET_AVX512
#define TGC_TARGET_AVX2
#define TGC_CLONES
#endif

#include <cstdlib>
#include <cstring>

namespace tgc::onednn {

/// The widest variant family the kernels may pick, lowered from what the
/// CPU has by TGC_MAX_CPU_ISA=baseline|avx2 (as oneDNN's
/// ONEDNN_MAX_CPU_ISA), so that every variant can be exercised on a machine
/// that has the widest. (TGC_CLONES functions are resolved by the loader
/// and do not see it.)
enum class CpuIsa { Baseline, Avx2Fma, Avx512 };

inline CpuIsa hostCpuIsa() {
#if TGC_X86_DISPATCH
  static const CpuIsa isa = [] {
    __builtin_cpu_init();
    CpuIsa has = CpuIsa::Baseline;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
      has = CpuIsa::Avx2Fma;
    if (has == CpuIsa::Avx2Fma && __builtin_cpu_supports("avx512f") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vl"))
      has = CpuIsa::Avx512;
    const char *cap = std::getenv("TGC_MAX_CPU_ISA");
    if (cap && std::strcmp(cap, "baseline") == 0)
      return CpuIsa::Baseline;
    if (cap && std::strcmp(cap, "avx2") == 0 && has == CpuIsa::Avx512)
      return CpuIsa::Avx2Fma;
    return has;
  }();
  return isa;
#else
  return CpuIsa::Baseline;
#endif
}

/// Whether the TGC_TARGET_AVX512 variants may run.
inline bool cpuHasAvx512() { return hostCpuIsa() == CpuIsa::Avx512; }

/// Whether the TGC_TARGET_AVX2 variants may run.
inline bool cpuHasAvx2() { return hostCpuIsa() != CpuIsa::Baseline; }

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_CPUDISPATCH_H
