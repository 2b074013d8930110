//===- ModelBench.cpp - model workloads on the oneDNN backend -------------===//
//
// Google Benchmark timings of Program::run for the workloads of the
// backend issue, each built with buildModel (or, for attention alone, with
// the GraphBuilder), compiled once on the onednn backend outside the timed
// loop, run once as a warm-up, then timed. Arguments (weights and inputs)
// are seeded random tensors (randomTensor); float parameters are scaled by
// kParamScale so activations stay in a realistic range.
//
// Each benchmark is named WORKLOAD/config; bench/run.sh matches WORKLOAD
// with the same workload in bench/peers.py. Times are wall-clock (real
// time) in ms; with the default repetitions only the aggregates (mean,
// median, stddev, cv) are reported; run.sh uses the median.
//
// peak/fma_avx2 measures the machine's f32 FMA rate on all threads, and the
// workloads whose work is products of known size (lstm2, vq, attention)
// report the counter GFLOP, a rate (GFLOP per second), so a table can say
// how near the machine's ceiling each one runs.
//
// Environment: TGC_BENCH_REPETITIONS (default 5) sets the repetitions.
// Compile time (tg-optimize + lowering + compile) is reported once per
// workload on stderr and as the counter compile_s.
//
//===----------------------------------------------------------------------===//

#include "backends/Backend.h"
#include "backends/onednn/OneDnnBackend.h"
#include "frontend/GraphBuilder.h"
#include "frontend/models/Models.h"
#include "runtime/Signature.h"

#include "mlir/IR/MLIRContext.h"

#include <benchmark/benchmark.h>
#include <omp.h>

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#endif

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace tgc;

namespace {

constexpr uint64_t kSeed = 42;
constexpr float kParamScale = 0.05f;

using ModuleFactory =
    std::function<absl::StatusOr<frontend::ModelModule>(mlir::MLIRContext *)>;

/// One workload: how to build its module, and whether to compile it the
/// default way (tg-optimize + lowering) or without tg-optimize.
struct Workload {
  std::string key;     // matched with bench/peers.py
  std::string config;  // printed in the benchmark name
  ModuleFactory build;
  bool optimize = true;
  /// Floating-point operations of the products that dominate one run
  /// (matmuls and their like), for the GFLOP/s counter; 0: not reported.
  double flops = 0;
};

/// A compiled workload with its arguments, kept across repetitions.
struct Prepared {
  mlir::MLIRContext context;
  frontend::ModelModule module;
  std::unique_ptr<Program> program;
  std::vector<Tensor> args;
  double compileSeconds = 0;
  int attentionOps = 0;
  std::string error;
};

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

int countOps(mlir::ModuleOp module, llvm::StringRef name) {
  int n = 0;
  module.walk([&](mlir::Operation *op) { n += op->getName().getStringRef() == name; });
  return n;
}

/// Builds, compiles and warms up `w` once; later calls return the cache.
Prepared &prepare(const Workload &w) {
  static std::map<std::string, std::unique_ptr<Prepared>> cache;
  std::string id = w.key + "/" + w.config;
  auto it = cache.find(id);
  if (it != cache.end())
    return *it->second;
  auto p = std::make_unique<Prepared>();
  Prepared &prepared = *p;
  cache[id] = std::move(p);

  absl::StatusOr<frontend::ModelModule> module = w.build(&prepared.context);
  if (!module.ok()) {
    prepared.error = "build: " + std::string(module.status().message());
    return prepared;
  }
  prepared.module = *std::move(module);
  const Backend &backend = onednn::oneDnnBackend();
  auto start = std::chrono::steady_clock::now();
  absl::StatusOr<std::unique_ptr<Program>> program;
  if (w.optimize) {
    absl::StatusOr<mlir::OwningOpRef<mlir::ModuleOp>> lowered =
        lowerCopy(backend, *prepared.module, "main");
    if (lowered.ok()) {
      prepared.attentionOps = countOps(**lowered, "tg.attention");
      program = backend.compile((*lowered)->lookupSymbol<mlir::func::FuncOp>("main"));
    } else {
      program = lowered.status();
    }
  } else {
    // The unoptimized path: the backend's lowering pipeline only, no
    // tg-optimize (so no attention fusion).
    mlir::OwningOpRef<mlir::ModuleOp> copy(prepared.module->clone());
    absl::Status s = lowerForBackend(backend, *copy, "main");
    if (s.ok()) {
      prepared.attentionOps = countOps(*copy, "tg.attention");
      program = backend.compile(copy->lookupSymbol<mlir::func::FuncOp>("main"));
    } else {
      program = s;
    }
  }
  prepared.compileSeconds = secondsSince(start);
  if (!program.ok()) {
    prepared.error = "compile: " + std::string(program.status().message());
    return prepared;
  }
  prepared.program = *std::move(program);

  const Signature &signature = prepared.program->signature();
  for (size_t position = 0; position < signature.arguments.size(); ++position) {
    const ArgumentSpec &arg = signature.arguments[position];
    Tensor t = randomTensor(arg.tensor, kSeed, position, arg.indexBound);
    if (arg.kind == ArgumentKind::Param && t.dtype() == DType::F32)
      for (int64_t i = 0; i < t.numElements(); ++i)
        t.dataAs<float>()[i] *= kParamScale;
    prepared.args.push_back(t);
  }
  // Warm-up (first-touch of the arena, lazy primitive creation).
  start = std::chrono::steady_clock::now();
  absl::StatusOr<std::vector<Tensor>> warm = prepared.program->run(prepared.args);
  double warmSeconds = secondsSince(start);
  if (!warm.ok()) {
    prepared.error = "run: " + std::string(warm.status().message());
    return prepared;
  }
  std::fprintf(stderr,
               "[tgc_bench] %s: compile %.2f s, warm-up run %.1f ms, "
               "tg.attention ops after lowering: %d\n",
               id.c_str(), prepared.compileSeconds, warmSeconds * 1e3,
               prepared.attentionOps);
  return prepared;
}

void runWorkload(benchmark::State &state, const Workload &w) {
  Prepared &p = prepare(w);
  if (!p.error.empty()) {
    state.SkipWithError(p.error.c_str());
    for (auto _ : state) {
    }
    return;
  }
  for (auto _ : state) {
    absl::StatusOr<std::vector<Tensor>> out = p.program->run(p.args);
    if (!out.ok()) {
      state.SkipWithError(std::string(out.status().message()).c_str());
      break;
    }
    benchmark::DoNotOptimize(out->data());
  }
  state.counters["compile_s"] = p.compileSeconds;
  if (w.flops > 0)
    state.counters["GFLOP"] =
        benchmark::Counter(w.flops * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}

#if defined(__GNUC__) && defined(__x86_64__)
/// 12 independent chains of fused multiply-adds, 8 lanes each: enough in
/// flight to keep two FMA pipes of latency 4-5 busy.
__attribute__((target("avx2,fma"))) float fmaChainsAvx2(int64_t iterations, float seed) {
  __m256 acc[12];
  for (int i = 0; i < 12; ++i)
    acc[i] = _mm256_set1_ps(seed + static_cast<float>(i));
  const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
  for (int64_t n = 0; n < iterations; ++n)
    for (int i = 0; i < 12; ++i)
      acc[i] = _mm256_fmadd_ps(acc[i], a, b);
  __m256 sum = acc[0];
  for (int i = 1; i < 12; ++i)
    sum = _mm256_add_ps(sum, acc[i]);
  return _mm256_cvtss_f32(sum);
}

/// The machine's f32 FMA rate with AVX2 on every OpenMP thread, measured
/// in the same run as the workloads: what "near peak" means here, on a
/// shared machine whose second core is sometimes slower than its first.
void fmaPeak(benchmark::State &state) {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) {
    state.SkipWithError("no AVX2 + FMA on this CPU");
    for (auto _ : state) {
    }
    return;
  }
  constexpr int64_t kIterations = 2'000'000;
  int threads = omp_get_max_threads();
  for (auto _ : state) {
    float sink = 0;
#pragma omp parallel reduction(+ : sink)
    sink += fmaChainsAvx2(kIterations, static_cast<float>(omp_get_thread_num()));
    benchmark::DoNotOptimize(sink);
  }
  state.counters["threads"] = threads;
  state.counters["GFLOP"] = benchmark::Counter(
      threads * kIterations * 12.0 * 8 * 2 * 1e-9, benchmark::Counter::kIsIterationInvariantRate);
}
#endif

ModuleFactory model(std::string name, std::string config) {
  return [name, config](mlir::MLIRContext *context) {
    return frontend::buildModel(context, name, config);
  };
}

/// Attention alone, in the unfused spelling the fusion pass recognizes:
/// softmax(q·kᵀ · 1/sqrt(d)) · v over q, k, v [batch, heads, len, d].
ModuleFactory attention(int64_t batch, int64_t heads, int64_t len, int64_t d) {
  return [=](mlir::MLIRContext *context)
             -> absl::StatusOr<frontend::ModelModule> {
    frontend::GraphBuilder b(context);
    mlir::Value q = b.input("q", {batch, heads, len, d});
    mlir::Value k = b.input("k", {batch, heads, len, d});
    mlir::Value v = b.input("v", {batch, heads, len, d});
    mlir::Value scores = b.matmul(q, k, /*transposeA=*/false, /*transposeB=*/true);
    scores = b.mul(scores, b.scalar(1.0 / std::sqrt(double(d))));
    mlir::Value probs = b.softmax(scores, -1);
    b.output("out", b.matmul(probs, v));
    return b.finish();
  };
}

std::vector<Workload> workloads() {
  std::vector<Workload> list;
  auto add = [&](std::string key, std::string name, std::string config) {
    list.push_back({key, name + ":" + config, model(name, config)});
  };
  add("encoder6", "transformer_encoder",
      "layers=6,d_model=512,heads=8,d_ff=2048,batch=8,seq_len=128,vocab=1000");
  add("encdec2x2", "transformer",
      "enc_layers=2,dec_layers=2,d_model=256,heads=4,d_ff=1024,vocab=8000,"
      "batch=8,src_len=64,tgt_len=64");
  add("lstm2", "lstm",
      "layers=2,input_size=256,hidden_size=512,seq_len=100,batch=32");
  // Per layer and step: x·W_ihᵀ and h·W_hhᵀ, [32, in] and [32, 512] by 4·512.
  list.back().flops = 2.0 * 100 * 32 * 4 * 512 * ((256 + 512) + (512 + 512));
  add("vq", "vq", "num_vectors=8192,dim=64,codebook_size=512");
  list.back().flops = 2.0 * 8192 * 512 * 64; // z·codebookᵀ
  for (int64_t len : {512, 2048}) {
    std::string config = "batch=1,heads=8,seq=" + std::to_string(len) + ",d_head=64";
    // q·kᵀ and p·v: 2 · 2 · heads · len² · d.
    double flops = 4.0 * 8 * len * len * 64;
    list.push_back({"attn" + std::to_string(len) + "_fused", "attention:" + config,
                    attention(1, 8, len, 64), /*optimize=*/true, flops});
    list.push_back({"attn" + std::to_string(len) + "_unfused",
                    "attention:" + config + ",no-tg-optimize",
                    attention(1, 8, len, 64), /*optimize=*/false, flops});
  }
  return list;
}

} // namespace

int main(int argc, char **argv) {
  int repetitions = 5;
  if (const char *env = std::getenv("TGC_BENCH_REPETITIONS"))
    repetitions = std::max(1, std::atoi(env));
  static std::vector<Workload> list = workloads();
  for (const Workload &w : list)
    benchmark::RegisterBenchmark((w.key + "/" + w.config).c_str(),
                                 [&w](benchmark::State &state) { runWorkload(state, w); })
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime()
        ->Repetitions(repetitions)
        ->ReportAggregatesOnly(true);
#if defined(__GNUC__) && defined(__x86_64__)
  benchmark::RegisterBenchmark("peak/fma_avx2", fmaPeak)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime()
      ->Repetitions(repetitions)
      ->ReportAggregatesOnly(true);
#endif
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
