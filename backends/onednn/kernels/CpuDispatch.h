//===- CpuDispatch.h - run-time selection of vector ISA variants -*- C++ -*-===//
//
// The kernels library is built for baseline x86-64 (no -march flags), so a
// compiled model runs on any x86-64 machine. Hot loops that profit from a
// wider vector ISA are compiled a second time for it with GCC's function
// attributes, and picked at run time:
//
//   TGC_TARGET_AVX512 void tileAvx512(...);   // intrinsics allowed inside
//   void tileGeneric(...);                    // baseline code
//   auto *tile = cpuHasAvx512() ? tileAvx512 : tileGeneric;
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
#define TGC_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define TGC_X86_DISPATCH 0
#define TGC_TARGET_AVX512
#define TGC_CLONES
#endif

#include <cstdlib>

namespace tgc::onednn {

/// Whether this CPU (and OS) runs the TGC_TARGET_AVX512 variants. Setting
/// TGC_CPU_BASELINE=1 in the environment answers false, to exercise the
/// baseline variants on an AVX-512 machine.
inline bool cpuHasAvx512() {
#if TGC_X86_DISPATCH
  static const bool has = [] {
    const char *baseline = std::getenv("TGC_CPU_BASELINE");
    if (baseline && *baseline && *baseline != '0')
      return false;
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("fma");
  }();
  return has;
#else
  return false;
#endif
}

} // namespace tgc::onednn

#endif // TGC_BACKENDS_ONEDNN_KERNELS_CPUDISPATCH_H
