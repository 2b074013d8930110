// RUN: tg-opt %s --split-input-file --tg-autodiff --tg-make-train-step="lr=0.5" | FileCheck %s --check-prefix=SGD
// RUN: tg-opt %s --split-input-file --tg-autodiff --tg-make-train-step="momentum=0.9 weight-decay=0.25 lr=0.5" | FileCheck %s --check-prefix=MOMENTUM
// RUN: tg-opt %s --split-input-file --tg-autodiff --tg-make-train-step="optimizer=adam lr=0.5 beta1=0.75 beta2=0.875 epsilon=0.125" --verify-diagnostics | FileCheck %s --check-prefix=ADAM
// (tests/unit/passes/TrainStepTest.cpp runs the steps and checks the values.)

// Tests that @train_step takes the params, then the state, then the inputs
// (each keeping its name), returns the loss and new.<param> for each param,
// and drops @f's other results.
// SGD-LABEL: func.func @train_step(
// SGD-SAME: %[[W:.*]]: tensor<3x2xf32> {tg.param = "fc.weight"}, %[[B:.*]]: tensor<2xf32> {tg.param = "fc.bias"}, %[[X:.*]]: tensor<4x3xf32> {tg.input = "x"}, %[[Y:.*]]: tensor<4x2xf32> {tg.input = "y"})
// SGD-SAME: -> (tensor<f32>, tensor<3x2xf32>, tensor<2xf32>)
// SGD-SAME: tg.result_names = ["loss", "new.fc.weight", "new.fc.bias"]
// SGD: %[[XW:.*]] = tg.matmul %[[X]], %[[W]]
// SGD: %[[P:.*]] = tg.add %[[XW]], %[[B]]
// SGD: %[[LOSS:.*]] = tg.mse %[[P]], %[[Y]]
// SGD: %[[DB:.*]] = tg.reduce_sum
// SGD: %[[DW:.*]] = tg.matmul %[[X]], %{{.*}} {transpose_a = true}
// SGD: %[[LR:.*]] = tg.constant dense<5.000000e-01> : tensor<f32>
// SGD: %[[STEPW:.*]] = tg.mul %[[LR]], %[[DW]]
// SGD: %[[NEWW:.*]] = tg.sub %[[W]], %[[STEPW]]
// SGD: %[[LR2:.*]] = tg.constant dense<5.000000e-01> : tensor<f32>
// SGD: %[[STEPB:.*]] = tg.mul %[[LR2]], %[[DB]]
// SGD: %[[NEWB:.*]] = tg.sub %[[B]], %[[STEPB]]
// SGD: return %[[LOSS]], %[[NEWW]], %[[NEWB]] : tensor<f32>, tensor<3x2xf32>, tensor<2xf32>

// Tests that SGD with momentum takes and returns a buffer per param, and
// that weight decay adds weight_decay * p to the gradient first.
// MOMENTUM-LABEL: func.func @train_step(
// MOMENTUM-SAME: %[[W:[^:]*]]: tensor<3x2xf32> {tg.param = "fc.weight"}, %{{[^:]*}}: tensor<2xf32> {tg.param = "fc.bias"}, %[[BUFW:[^:]*]]: tensor<3x2xf32> {tg.optimizer_state, tg.param = "sgd.momentum.fc.weight"}, %{{[^:]*}}: tensor<2xf32> {tg.optimizer_state, tg.param = "sgd.momentum.fc.bias"}, %{{[^:]*}}: tensor<4x3xf32> {tg.input = "x"}, %{{[^:]*}}: tensor<4x2xf32> {tg.input = "y"})
// MOMENTUM-SAME: tg.result_names = ["loss", "new.fc.weight", "new.fc.bias", "new.sgd.momentum.fc.weight", "new.sgd.momentum.fc.bias"]
// MOMENTUM: %[[DW:.*]] = tg.matmul {{.*}} {transpose_a = true}
// MOMENTUM: %[[WD:.*]] = tg.constant dense<2.500000e-01> : tensor<f32>
// MOMENTUM: %[[DECAY:.*]] = tg.mul %[[WD]], %[[W]]
// MOMENTUM: %[[G:.*]] = tg.add %[[DW]], %[[DECAY]]
// MOMENTUM: %[[MU:.*]] = tg.constant dense<0.899999976> : tensor<f32>
// MOMENTUM: %[[OLD:.*]] = tg.mul %[[MU]], %[[BUFW]]
// MOMENTUM: %[[NEWBUF:.*]] = tg.add %[[OLD]], %[[G]]
// MOMENTUM: %[[LR:.*]] = tg.constant dense<5.000000e-01> : tensor<f32>
// MOMENTUM: %[[STEP:.*]] = tg.mul %[[LR]], %[[NEWBUF]]
// MOMENTUM: %[[NEWW:.*]] = tg.sub %[[W]], %[[STEP]]
// MOMENTUM: return %{{.*}}, %[[NEWW]], %{{.*}}, %[[NEWBUF]], %{{.*}} :

// Tests Adam's state (m for each param, v for each param, then the step
// count) and its update: t = step + 1, m and v as moving averages, the
// bias corrections from t, and p - lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps).
// ADAM-LABEL: func.func @train_step(
// ADAM-SAME: %[[W:[^:]*]]: tensor<3x2xf32> {tg.param = "fc.weight"}, %{{[^:]*}}: tensor<2xf32> {tg.param = "fc.bias"}, %[[MW:[^:]*]]: tensor<3x2xf32> {tg.optimizer_state, tg.param = "adam.m.fc.weight"}, %{{[^:]*}}: tensor<2xf32> {tg.optimizer_state, tg.param = "adam.m.fc.bias"}, %[[VW:[^:]*]]: tensor<3x2xf32> {tg.optimizer_state, tg.param = "adam.v.fc.weight"}, %{{[^:]*}}: tensor<2xf32> {tg.optimizer_state, tg.param = "adam.v.fc.bias"}, %[[STEP:[^:]*]]: tensor<f32> {tg.optimizer_state, tg.param = "adam.step"}, %{{[^:]*}}: tensor<4x3xf32> {tg.input = "x"}, %{{[^:]*}}: tensor<4x2xf32> {tg.input = "y"})
// ADAM-SAME: tg.result_names = ["loss", "new.fc.weight", "new.fc.bias", "new.adam.m.fc.weight", "new.adam.m.fc.bias", "new.adam.v.fc.weight", "new.adam.v.fc.bias", "new.adam.step"]
// ADAM: %[[DW:.*]] = tg.matmul {{.*}} {transpose_a = true}
// ADAM: %[[ONE:.*]] = tg.constant dense<1.000000e+00> : tensor<f32>
// ADAM: %[[T:.*]] = tg.add %[[STEP]], %[[ONE]]
// ADAM: %[[B1:.*]] = tg.constant dense<7.500000e-01> : tensor<f32>
// ADAM: %[[B1T:.*]] = tg.pow %[[B1]], %[[T]]
// ADAM: %[[BC1:.*]] = tg.sub %{{.*}}, %[[B1T]]
// ADAM: %[[B2:.*]] = tg.constant dense<8.750000e-01> : tensor<f32>
// ADAM: %[[B2T:.*]] = tg.pow %[[B2]], %[[T]]
// ADAM: %[[BC2:.*]] = tg.sub %{{.*}}, %[[B2T]]
// ADAM: %[[SQRTBC2:.*]] = tg.sqrt %[[BC2]]
// ADAM: %[[OLDM:.*]] = tg.mul %{{.*}}, %[[MW]]
// ADAM: %[[C1:.*]] = tg.constant dense<2.500000e-01> : tensor<f32>
// ADAM: %[[NEWG:.*]] = tg.mul %[[C1]], %[[DW]]
// ADAM: %[[M:.*]] = tg.add %[[OLDM]], %[[NEWG]]
// ADAM: %[[G2:.*]] = tg.mul %[[DW]], %[[DW]]
// ADAM: %[[OLDV:.*]] = tg.mul %{{.*}}, %[[VW]]
// ADAM: %[[C2:.*]] = tg.constant dense<1.250000e-01> : tensor<f32>
// ADAM: %[[NEWG2:.*]] = tg.mul %[[C2]], %[[G2]]
// ADAM: %[[V:.*]] = tg.add %[[OLDV]], %[[NEWG2]]
// ADAM: %[[SQRTV:.*]] = tg.sqrt %[[V]]
// ADAM: %[[VHAT:.*]] = tg.div %[[SQRTV]], %[[SQRTBC2]]
// ADAM: %[[EPS:.*]] = tg.constant dense<1.250000e-01> : tensor<f32>
// ADAM: %[[DENOM:.*]] = tg.add %[[VHAT]], %[[EPS]]
// ADAM: %[[LR:.*]] = tg.constant dense<5.000000e-01> : tensor<f32>
// ADAM: %[[STEPSIZE:.*]] = tg.div %[[LR]], %[[BC1]]
// ADAM: %[[RATIO:.*]] = tg.div %[[M]], %[[DENOM]]
// ADAM: %[[UPDATE:.*]] = tg.mul %[[STEPSIZE]], %[[RATIO]]
// ADAM: %[[NEWW:.*]] = tg.sub %[[W]], %[[UPDATE]]
// ADAM: return %{{.*}}, %[[NEWW]], %{{.*}}, %[[M]], %{{.*}}, %[[V]], %{{.*}}, %[[T]] :
func.func @main(%x: tensor<4x3xf32> {tg.input = "x"}, %w: tensor<3x2xf32> {tg.param = "fc.weight"}, %y: tensor<4x2xf32> {tg.input = "y"}, %b: tensor<2xf32> {tg.param = "fc.bias"}) -> (tensor<f32>, tensor<4x2xf32>) attributes {tg.result_names = ["loss", "pred"]} {
  %xw = tg.matmul %x, %w : (tensor<4x3xf32>, tensor<3x2xf32>) -> tensor<4x2xf32>
  %p = tg.add %xw, %b : (tensor<4x2xf32>, tensor<2xf32>) -> tensor<4x2xf32>
  %l = tg.mse %p, %y : (tensor<4x2xf32>, tensor<4x2xf32>) -> tensor<f32>
  return %l, %p : tensor<f32>, tensor<4x2xf32>
}

// -----

// Tests that an integer parameter passes through untrained (no state, no
// result), that input attributes such as tg.index_bound are kept, and that
// Adam computes an f64 parameter's bias corrections in f64 from the f32
// step count.
// SGD-LABEL: func.func @train_step(
// SGD-SAME: %{{[^:]*}}: tensor<5x2xf64> {tg.param = "emb"}, %{{[^:]*}}: tensor<i64> {tg.param = "scale"}, %{{[^:]*}}: tensor<3xi64> {tg.index_bound = 5 : i64, tg.input = "ids"})
// SGD-SAME: -> (tensor<f64>, tensor<5x2xf64>) attributes {tg.result_names = ["l", "new.emb"]}
// SGD: tg.constant dense<5.000000e-01> : tensor<f64>
// ADAM-LABEL: func.func @train_step(
// ADAM-SAME: {tg.param = "emb"}, %{{[^:]*}}: tensor<i64> {tg.param = "scale"}, %{{[^:]*}}: tensor<5x2xf64> {tg.optimizer_state, tg.param = "adam.m.emb"}, %{{[^:]*}}: tensor<5x2xf64> {tg.optimizer_state, tg.param = "adam.v.emb"}, %[[STEP:[^:]*]]: tensor<f32> {tg.optimizer_state, tg.param = "adam.step"}, %{{[^:]*}}: tensor<3xi64> {tg.index_bound = 5 : i64, tg.input = "ids"})
// ADAM-SAME: tg.result_names = ["l", "new.emb", "new.adam.m.emb", "new.adam.v.emb", "new.adam.step"]
// ADAM: %[[T:.*]] = tg.add %[[STEP]], %{{.*}} : (tensor<f32>, tensor<f32>) -> tensor<f32>
// ADAM: %[[T64:.*]] = tg.cast %[[T]] : (tensor<f32>) -> tensor<f64>
// ADAM: %[[B1:.*]] = tg.constant dense<7.500000e-01> : tensor<f64>
// ADAM: tg.pow %[[B1]], %[[T64]] : (tensor<f64>, tensor<f64>) -> tensor<f64>
func.func @main(%ids: tensor<3xi64> {tg.input = "ids", tg.index_bound = 5 : i64}, %emb: tensor<5x2xf64> {tg.param = "emb"}, %scale: tensor<i64> {tg.param = "scale"}) -> tensor<f64> attributes {tg.result_names = ["l"]} {
  %g = tg.gather %emb, %ids {axis = 0} : (tensor<5x2xf64>, tensor<3xi64>) -> tensor<3x2xf64>
  %s = tg.cast %scale : (tensor<i64>) -> tensor<f64>
  %m = tg.mul %g, %s : (tensor<3x2xf64>, tensor<f64>) -> tensor<3x2xf64>
  %l = tg.reduce_sum %m {axes = array<i64: 0, 1>} : (tensor<3x2xf64>) -> tensor<f64>
  return %l : tensor<f64>
}

// -----

// Tests that a parameter named like an optimizer state is an error (under
// Adam only: SGD without momentum has no state).
// SGD-LABEL: func.func @train_step(
// SGD-SAME: {tg.optimizer_state, tg.param = "adam.step"}
// expected-error@+1 {{tg-make-train-step: the optimizer state 'adam.step' has the name of an argument of @main; rename that argument}}
func.func @main(%w: tensor<2xf32> {tg.optimizer_state, tg.param = "adam.step"}) -> tensor<f32> attributes {tg.result_names = ["loss"]} {
  %l = tg.reduce_sum %w {axes = array<i64: 0>} : (tensor<2xf32>) -> tensor<f32>
  return %l : tensor<f32>
}

// Option and precondition errors, each a clear message and a failure.
// RUN: not tg-opt %s --split-input-file --tg-make-train-step 2>&1 | FileCheck %s --check-prefix=NOGRAD
// NOGRAD: error: tg-make-train-step: no @main_grad to take gradients from; run tg-autodiff first (tg-opt --tg-autodiff --tg-make-train-step)
// RUN: not tg-opt %s --split-input-file --tg-autodiff --tg-make-train-step="lr=0" 2>&1 | FileCheck %s --check-prefix=BADLR
// BADLR: error: tg-make-train-step: lr must be > 0, got 0
// RUN: not tg-opt %s --split-input-file --tg-autodiff --tg-make-train-step="lr=-0.1" 2>&1 | FileCheck %s --check-prefix=BADLRNEG
// BADLRNEG: error: tg-make-train-step: lr must be > 0, got -0.1
// RUN: not tg-opt %s --split-input-file --tg-autodiff --tg-make-train-step="optimizer=rmsprop" 2>&1 | FileCheck %s --check-prefix=BADOPT
// BADOPT: error: tg-make-train-step: optimizer must be sgd or adam, got 'rmsprop'
// RUN: not tg-opt %s --split-input-file --tg-autodiff --tg-make-train-step="optimizer=adam beta1=1" 2>&1 | FileCheck %s --check-prefix=BADBETA1
// BADBETA1: error: tg-make-train-step: beta1 must be in [0, 1), got 1
// RUN: not tg-opt %s --split-input-file --tg-autodiff --tg-make-train-step="optimizer=adam beta2=-0.5" 2>&1 | FileCheck %s --check-prefix=BADBETA2
// BADBETA2: error: tg-make-train-step: beta2 must be in [0, 1), got -0.5
// RUN: not tg-opt %s --split-input-file --tg-autodiff --tg-make-train-step="optimizer=adam epsilon=-1e-8" 2>&1 | FileCheck %s --check-prefix=BADEPS
// BADEPS: error: tg-make-train-step: epsilon must be >= 0, got -1e-08
// RUN: not tg-opt %s --split-input-file --tg-autodiff --tg-make-train-step="weight-decay=-1" 2>&1 | FileCheck %s --check-prefix=BADWD
// BADWD: error: tg-make-train-step: weight-decay must be >= 0, got -1
// RUN: not tg-opt %s --split-input-file --tg-autodiff --tg-make-train-step="momentum=-0.5" 2>&1 | FileCheck %s --check-prefix=BADMOM
// BADMOM: error: tg-make-train-step: momentum must be >= 0, got -0.5
// RUN: not tg-opt %s --split-input-file --tg-autodiff --tg-make-train-step="optimizer=adam momentum=0.9" 2>&1 | FileCheck %s --check-prefix=ADAMMOM
// ADAMMOM: error: tg-make-train-step: momentum is an sgd option; adam's are beta1 and beta2
// RUN: not tg-opt %s --split-input-file --tg-autodiff --tg-make-train-step="function=nope" 2>&1 | FileCheck %s --check-prefix=NOFN
// NOFN: error: tg-make-train-step: no function @nope
// A second run finds @train_step already there.
// RUN: tg-opt %s --split-input-file --tg-autodiff --tg-make-train-step -o %t.mlir
// RUN: not tg-opt %t.mlir --split-input-file --tg-make-train-step 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: error: tg-make-train-step: @train_step already exists
