// RUN: quant-opt %s -split-input-file -qnn-calibrate | FileCheck %s
// RUN: quant-opt %s -split-input-file -qnn-calibrate="weight-scale=power2 global-scale=4.0" | FileCheck %s --check-prefix=P2

// Inputs and activations: scale = global_scale / 2^(bits-1) on signed grids
// (8.0 / 128 = 0.0625; 4.0 / 128 = 0.03125), global_scale / 2^bits on
// unsigned ones (8.0 / 256 = 0.03125), zero point 0.
// CHECK-LABEL: func.func @activations
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>}
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>}
// CHECK: qnn.simulated_quantize %{{.*}} {is_signed = false, kind = #qnn.kind<input>, params = #qnn.params<ui8, scale = 3.125000e-02, zp = 0>}
// 4 bits: 8.0 / 8 = 1.0.
// CHECK: qnn.simulated_quantize %{{.*}} {bits = 4 : i64, kind = #qnn.kind<activation>, params = #qnn.params<i4, scale = 1.000000e+00, zp = 0>}
// P2-LABEL: func.func @activations
// P2: params = #qnn.params<i8, scale = 3.125000e-02, zp = 0>
// P2: params = #qnn.params<i8, scale = 3.125000e-02, zp = 0>
// P2: params = #qnn.params<ui8, scale = 1.562500e-02, zp = 0>
// P2: params = #qnn.params<i4, scale = 5.000000e-01, zp = 0>
func.func @activations(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>} : tensor<4xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>} : tensor<4xf32>
  %2 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, is_signed = false} : tensor<4xf32>
  %3 = qnn.simulated_quantize %x {kind = #qnn.kind<activation>, bits = 4 : i64} : tensor<4xf32>
  return %1, %2, %3 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Weights: narrow symmetric per-tensor, scale = max|W| / 127.
//   max|W| = 1.984375 = 127 / 64 -> 1/64 = 0.015625
//     (power2: 1/64 already is a power of two -> 0.015625)
//   max|W| = 1.0 -> 1/127 = 0.0078740157480314959
//     (power2: the smallest power of two >= 1/127 is 1/64 = 0.015625)
//   max|W| = 2.54 (from a tosa.const, the f32 nearest to 2.54 is
//     2.5399999618530273) -> 0.019999999699630136
//     (power2: 1/32 = 0.03125)
//   all zero -> 1.0
//   f16 max|W| = 0.5 -> 0.5 / 127 = 0.003937007874015748 (power2: 1/128)
//   6 bits, narrow [-31, 31]: max|W| = 1.0 -> 1/31 = 0.032258064516129031
//     (power2: 1/16)
// CHECK-LABEL: func.func @weights
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 1.562500e-02, zp = 0>} : tensor<2x2xf32>
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.0078740157480314959, zp = 0>} : tensor<3xf32>
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.019999999699630136, zp = 0>} : tensor<2xf32>
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 1.000000e+00, zp = 0>} : tensor<2xf32>
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.003937007874015748, zp = 0>} : tensor<2xf16>
// CHECK: qnn.simulated_quantize %{{.*}} {bits = 6 : i64, kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i6 narrow, scale = 0.032258064516129031, zp = 0>} : tensor<3xf32>
// P2-LABEL: func.func @weights
// P2: params = #qnn.params<i8 narrow, scale = 1.562500e-02, zp = 0>
// P2: params = #qnn.params<i8 narrow, scale = 1.562500e-02, zp = 0>
// P2: params = #qnn.params<i8 narrow, scale = 3.125000e-02, zp = 0>
// P2: params = #qnn.params<i8 narrow, scale = 1.000000e+00, zp = 0>
// P2: params = #qnn.params<i8 narrow, scale = 7.812500e-03, zp = 0>
// P2: params = #qnn.params<i6 narrow, scale = 6.250000e-02, zp = 0>
func.func @weights() -> (tensor<2x2xf32>, tensor<3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf16>, tensor<3xf32>) {
  %w0 = arith.constant dense<[[0.5, -1.984375], [1.0, 0.0]]> : tensor<2x2xf32>
  %w1 = arith.constant dense<[-1.0, 0.25, 0.75]> : tensor<3xf32>
  %w2 = "tosa.const"() <{values = dense<[2.54, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %w3 = arith.constant dense<0.0> : tensor<2xf32>
  %w4 = arith.constant dense<[0.25, -0.5]> : tensor<2xf16>
  %0 = qnn.simulated_quantize %w0 {kind = #qnn.kind<weight>, narrow_range = true} : tensor<2x2xf32>
  %1 = qnn.simulated_quantize %w1 {kind = #qnn.kind<weight>, narrow_range = true} : tensor<3xf32>
  %2 = qnn.simulated_quantize %w2 {kind = #qnn.kind<weight>, narrow_range = true} : tensor<2xf32>
  %3 = qnn.simulated_quantize %w3 {kind = #qnn.kind<weight>, narrow_range = true} : tensor<2xf32>
  %4 = qnn.simulated_quantize %w4 {kind = #qnn.kind<weight>, narrow_range = true} : tensor<2xf16>
  %5 = qnn.simulated_quantize %w1 {kind = #qnn.kind<weight>, bits = 6 : i64, narrow_range = true} : tensor<3xf32>
  return %0, %1, %2, %3, %4, %5 : tensor<2x2xf32>, tensor<3xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf16>, tensor<3xf32>
}

// -----

// Bound ops are left as they are.
// CHECK-LABEL: func.func @bound
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 5.000000e-01, zp = 3>}
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 2.500000e-01, zp = 0>}
func.func @bound(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %w = arith.constant dense<[1.0, -2.0]> : tensor<2xf32>
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 3>} : tensor<2xf32>
  %1 = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.25>} : tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}

// -----

// End to end with qnn-annotate: a conv's weight is calibrated from its
// tosa.const, max|W| = 0.635 (f32 0.63499999046325684) -> 0.004999999924907534.
// CHECK-LABEL: func.func @conv
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>}
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.004999999924907534, zp = 0>}
// CHECK: tosa.conv2d
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>}
func.func @conv(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.1]]], [[[-0.635]]]]> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>} : tensor<1x2x2x1xf32>
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true} : tensor<2x1x1x1xf32>
  %0 = tosa.conv2d %qx, %qw, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>} : tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Weights imported as dense_resource blobs are read in their own float type:
// f16 [0.5, -1.5] -> 1.5 / 127 = 0.011811023622047244 (power2: 1/64);
// bf16 [2.0, -0.25] -> 2 / 127 = 0.015748031496062992 (power2: 1/32).
// CHECK-LABEL: func.func @resource_weights
// CHECK: params = #qnn.params<i8 narrow, scale = 0.011811023622047244, zp = 0>
// CHECK: params = #qnn.params<i8 narrow, scale = 0.015748031496062992, zp = 0>
// P2-LABEL: func.func @resource_weights
// P2: params = #qnn.params<i8 narrow, scale = 1.562500e-02, zp = 0>
// P2: params = #qnn.params<i8 narrow, scale = 3.125000e-02, zp = 0>
func.func @resource_weights() -> (tensor<2xf16>, tensor<2xbf16>) {
  %h = "tosa.const"() <{values = dense_resource<w_f16> : tensor<2xf16>}> : () -> tensor<2xf16>
  %b = "tosa.const"() <{values = dense_resource<w_bf16> : tensor<2xbf16>}> : () -> tensor<2xbf16>
  %0 = qnn.simulated_quantize %h {kind = #qnn.kind<weight>, narrow_range = true} : tensor<2xf16>
  %1 = qnn.simulated_quantize %b {kind = #qnn.kind<weight>, narrow_range = true} : tensor<2xbf16>
  return %0, %1 : tensor<2xf16>, tensor<2xbf16>
}

{-#
  dialect_resources: {
    builtin: {
      w_f16: "0x04000000003800BE",
      w_bf16: "0x04000000004080BE"
    }
  }
#-}
