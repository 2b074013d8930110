//===- TestBreakNumerics.cpp - a deliberately wrong rewrite (tests only) --===//
//
// Turns the first tg.add of each function into tg.sub. It exists so that
// tests can show that `tgc --check-numerics-after-each-pass` names the pass
// that changed a result; never use it otherwise.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "ir/TgOps.h"

namespace tgc {
#define GEN_PASS_DEF_TESTBREAKNUMERICSPASS
#include "passes/Passes.h.inc"
} // namespace tgc

using namespace mlir;
using namespace tgc::tg;

namespace {

struct TestBreakNumericsPass
    : tgc::impl::TestBreakNumericsPassBase<TestBreakNumericsPass> {
  void runOnOperation() override {
    AddOp first;
    getOperation().walk([&](AddOp add) {
      if (!first)
        first = add;
    });
    if (!first)
      return;
    OpBuilder b(first);
    Value sub = b.create<SubOp>(first.getLoc(), first.getType(), first.getLhs(),
                                first.getRhs());
    first.replaceAllUsesWith(sub);
    first.erase();
  }
};

} // namespace
