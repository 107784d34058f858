// Errors of the quantization passes, one pass per part.
// RUN: split-file %s %t
// RUN: quant-opt %t/realize.mlir -split-input-file -qnn-realize -verify-diagnostics
// RUN: quant-opt %t/calibrate.mlir -split-input-file -qnn-calibrate -verify-diagnostics
// RUN: not quant-opt %t/realize.mlir -qnn-calibrate="weight-scale=mean" 2>&1 | FileCheck %s --check-prefix=OPTION
// RUN: not quant-opt %t/realize.mlir -qnn-annotate="rounding=down" 2>&1 | FileCheck %s --check-prefix=ROUNDING
// RUN: not quant-opt %t/realize.mlir -qnn-annotate="input-bits=1" 2>&1 | FileCheck %s --check-prefix=BITS
// RUN: not quant-opt %t/realize.mlir -qnn-annotate="weight-bits=17" 2>&1 | FileCheck %s --check-prefix=BITS17
// RUN: not quant-opt %t/realize.mlir -qnn-calibrate="global-scale=1e-303" 2>&1 | FileCheck %s --check-prefix=TINY
// RUN: not quant-opt %t/realize.mlir -qnn-calibrate="global-scale=nan" 2>&1 | FileCheck %s --check-prefix=NAN
// Option errors are one line at the module's location; the module is not
// printed after them.
// RUN: not quant-opt %t/realize.mlir -qnn-calibrate="global-scale=-1" 2>&1 | FileCheck %s --check-prefix=NAN --implicit-check-not="current operation"
// RUN: not quant-opt %t/realize.mlir -qnn-annotate="rounding=down" 2>&1 | FileCheck %s --check-prefix=ROUNDING --implicit-check-not="current operation"
// OPTION: error: qnn-calibrate: unknown weight-scale 'mean' (expected max or power2)
// BITS17: error: qnn-annotate: weight-bits must be in 2..16, got 17
// TINY: error: qnn-calibrate: global-scale must be positive, finite and at least 2^-1006 (grid scales must be normal doubles), got 1.000000e-303
// NAN: error: qnn-calibrate: global-scale must be positive, finite and at least 2^-1006
// ROUNDING: error: qnn-annotate: unknown rounding 'down'
// BITS: error: qnn-annotate: input-bits must be in 2..16, got 1

//--- realize.mlir

// Every simulated_quantize must be bound before realization; nothing is
// changed when one is not.
func.func @unbound(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@below {{'qnn.simulated_quantize' op is not bound (no params): run qnn-calibrate before qnn-realize}}
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>} : tensor<4xf32>
  %1 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  // expected-error@below {{'qnn.simulated_quantize' op is not bound (no params): run qnn-calibrate before qnn-realize}}
  %2 = qnn.simulated_quantize %1 {kind = #qnn.kind<activation>} : tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

func.func @unbound_weight(%x: tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625>} : tensor<1x1x1x1xf32>
  // expected-error@below {{'qnn.simulated_quantize' op is not bound (no params): run qnn-calibrate before qnn-realize}}
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true} : tensor<1x1x1x1xf32>
  %0 = tosa.conv2d %qx, %qw, %b, %b, %b {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  return %0 : tensor<1x1x1x1xf32>
}

//--- calibrate.mlir

// Data-free calibration reads weights from constants.
func.func @weight_not_constant(%x: tensor<1x1x1x1xf32>, %w: tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32> {
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>} : tensor<1x1x1x1xf32>
  // expected-error@below {{'qnn.simulated_quantize' op weight operand must be a float constant (tosa.const or arith.constant) for data-free calibration}}
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true} : tensor<1x1x1x1xf32>
  %0 = tosa.conv2d %qx, %qw, %b, %b, %b {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  return %0 : tensor<1x1x1x1xf32>
}

// -----

// A weight computed from a constant is not a constant either.
func.func @weight_computed(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %n = tosa.abs %c : (tensor<2xf32>) -> tensor<2xf32>
  // expected-error@below {{'qnn.simulated_quantize' op weight operand must be a float constant}}
  %qw = qnn.simulated_quantize %n {kind = #qnn.kind<weight>, narrow_range = true} : tensor<2xf32>
  return %qw : tensor<2xf32>
}

// -----

func.func @weight_not_finite() -> tensor<2xf32> {
  %c = arith.constant dense<[1.0, 0x7F800000]> : tensor<2xf32>
  // expected-error@below {{'qnn.simulated_quantize' op weight constant has a non-finite value (INF)}}
  %qw = qnn.simulated_quantize %c {kind = #qnn.kind<weight>, narrow_range = true} : tensor<2xf32>
  return %qw : tensor<2xf32>
}

// -----

// A constant whose values cannot be read (a dense_resource without its blob)
// is reported as such.
func.func @weight_unreadable() -> tensor<2xf32> {
  %c = "tosa.const"() <{values = dense_resource<missing_blob> : tensor<2xf32>}> : () -> tensor<2xf32>
  // expected-error@below {{'qnn.simulated_quantize' op cannot read the values of the weight constant (expected dense or dense_resource elements)}}
  %qw = qnn.simulated_quantize %c {kind = #qnn.kind<weight>, narrow_range = true} : tensor<2xf32>
  return %qw : tensor<2xf32>
}
