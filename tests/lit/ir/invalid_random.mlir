// RUN: tg-opt %s --split-input-file --verify-diagnostics

// Tests that random_uniform_c1 rejects low equal to high.
func.func @random_uniform_c1() -> tensor<2xf32> {
  // expected-error@+1 {{'tg.random_uniform' op needs low < high, got [1.000000e+00, 1.000000e+00)}}
  %0 = tg.random_uniform {seed = 1 : i64, low = 1.0 : f64, high = 1.0 : f64} : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that random_uniform_c1 rejects a NaN bound.
func.func @random_uniform_c1_nan() -> tensor<2xf32> {
  // expected-error@+1 {{'tg.random_uniform' op needs low < high, got [nan, 1.000000e+00)}}
  %0 = tg.random_uniform {seed = 1 : i64, low = 0x7FF8000000000000 : f64} : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that random_uniform is float-only.
func.func @random_uniform_int() -> tensor<2xi32> {
  // expected-error@+1 {{'tg.random_uniform' op result #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2xi32>'}}
  %0 = tg.random_uniform {seed = 1 : i64} : tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// Tests that the random ops require a seed.
func.func @random_uniform_no_seed() -> tensor<2xf32> {
  // expected-error@+1 {{'tg.random_uniform' op requires attribute 'seed'}}
  %0 = tg.random_uniform : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that random_normal_c1 rejects a negative stddev.
func.func @random_normal_c1() -> tensor<2xf32> {
  // expected-error@+1 {{'tg.random_normal' op needs stddev >= 0, got -5.000000e-01}}
  %0 = tg.random_normal {seed = 1 : i64, stddev = -0.5 : f64} : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that random_normal rejects a dynamically shaped result.
func.func @random_normal_dynamic() -> tensor<?xf32> {
  // expected-error@+1 {{'tg.random_normal' op result #0 must be statically shaped tensor of}}
  %0 = tg.random_normal {seed = 1 : i64} : tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// Tests that bernoulli_c1 rejects a probability above 1.
func.func @bernoulli_c1_high() -> tensor<2xf32> {
  // expected-error@+1 {{'tg.bernoulli' op needs 0 <= probability <= 1, got 1.500000e+00}}
  %0 = tg.bernoulli {seed = 1 : i64, probability = 1.5 : f64} : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that bernoulli_c1 rejects a negative probability.
func.func @bernoulli_c1_low() -> tensor<2xi1> {
  // expected-error@+1 {{'tg.bernoulli' op needs 0 <= probability <= 1, got -1.000000e-01}}
  %0 = tg.bernoulli {seed = 1 : i64, probability = -0.1 : f64} : tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

// Tests that bernoulli rejects an integer result other than i1.
func.func @bernoulli_int() -> tensor<2xi32> {
  // expected-error@+1 {{'tg.bernoulli' op result #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float or 1-bit signless integer values, but got 'tensor<2xi32>'}}
  %0 = tg.bernoulli {seed = 1 : i64, probability = 0.1 : f64} : tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// Tests that bernoulli requires a probability.
func.func @bernoulli_no_probability() -> tensor<2xf32> {
  // expected-error@+1 {{'tg.bernoulli' op requires attribute 'probability'}}
  %0 = tg.bernoulli {seed = 1 : i64} : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that dropout_c1 rejects a ratio of 1.
func.func @dropout_c1_one(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'tg.dropout' op needs 0 <= ratio < 1, got 1.000000e+00}}
  %0 = tg.dropout %arg0 {seed = 1 : i64, ratio = 1.0 : f64} : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that dropout_c1 rejects a negative ratio.
func.func @dropout_c1_negative(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'tg.dropout' op needs 0 <= ratio < 1, got -5.000000e-01}}
  %0 = tg.dropout %arg0 {seed = 1 : i64, ratio = -0.5 : f64} : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that dropout requires a ratio.
func.func @dropout_no_ratio(%arg0: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error@+1 {{'tg.dropout' op requires attribute 'ratio'}}
  %0 = tg.dropout %arg0 {seed = 1 : i64} : tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that dropout is float-only.
func.func @dropout_int(%arg0: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error@+1 {{'tg.dropout' op operand #0 must be statically shaped tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<2xi32>'}}
  %0 = tg.dropout %arg0 {seed = 1 : i64, ratio = 0.5 : f64} : tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

// Tests that dropout rejects a result type other than the operand's.
func.func @dropout_result(%arg0: tensor<2xf32>) -> tensor<2xf64> {
  // expected-error@+1 {{'tg.dropout' op failed to verify that all of {operand, result} have same type}}
  %0 = "tg.dropout"(%arg0) <{ratio = 5.000000e-01 : f64, seed = 1 : i64}> : (tensor<2xf32>) -> tensor<2xf64>
  return %0 : tensor<2xf64>
}

// -----

// Tests that a random op's step operand must be a tensor<i64> scalar.
func.func @random_step_not_scalar(%s: tensor<1xi64>) -> tensor<2xf32> {
  // expected-error@+1 {{'tg.random_uniform' op operand #0 must be 0-d tensor of i64}}
  %0 = "tg.random_uniform"(%s) <{seed = 1 : i64}> : (tensor<1xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that dropout's step operand must be an i64 (not i32) scalar.
func.func @dropout_step_i32(%x: tensor<2xf32>, %s: tensor<i32>) -> tensor<2xf32> {
  // expected-error@+1 {{'tg.dropout' op operand #1 must be 0-d tensor of i64}}
  %0 = "tg.dropout"(%x, %s) <{ratio = 5.000000e-01 : f64, seed = 1 : i64}> : (tensor<2xf32>, tensor<i32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// Tests that tg.step_counter marks only a tensor<i64> tg.input.
// expected-error@+1 {{argument #0: tg.step_counter is a unit attribute of a tg.input of type tensor<i64>}}
func.func @step_counter_type(%s: tensor<i32> {tg.input = "step", tg.step_counter}) -> tensor<i32> {
  return %s : tensor<i32>
}
