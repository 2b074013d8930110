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
}

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
  add("vq", "vq", "num_vectors=8192,dim=64,codebook_size=512");
  for (int64_t len : {512, 2048}) {
    std::string config = "batch=1,heads=8,seq=" + std::to_string(len) + ",d_head=64";
    list.push_back({"attn" + std::to_string(len) + "_fused", "attention:" + config,
                    attention(1, 8, len, 64), /*optimize=*/true});
    list.push_back({"attn" + std::to_string(len) + "_unfused",
                    "attention:" + config + ",no-tg-optimize",
                    attention(1, 8, len, 64), /*optimize=*/false});
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
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
