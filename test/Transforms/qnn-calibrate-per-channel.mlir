// RUN: quant-opt %s -split-input-file -qnn-calibrate | FileCheck %s
// RUN: quant-opt %s -split-input-file -qnn-calibrate="weight-scale=power2" | FileCheck %s --check-prefix=P2

// Per-channel weights (the simulated_quantize has `axis`), data-free: one
// scale per index of the axis from the values of that slice, narrow
// symmetric (qmax 127). An all-zero channel takes the per-tensor scale.
//   W = [[0.5, -0.25], [0, 0], [1.984375, 1.0]]
//   axis 0: rows    max|w| = 0.5, 0, 1.984375
//           max:    0.5/127 = 0.003937007874015748, (per tensor) 1.984375/127 = 1/64, 1/64
//           power2: 2^-7 (2^-8 = 0.00390625 < 0.5/127), 2^-6, 2^-6
//   axis 1: columns max|w| = 1.984375, 1.0
//           max:    1/64, 1/127 = 0.0078740157480314959
//           power2: 2^-6, 2^-6 (1/127 > 2^-7)
//   all-zero weights, axis 0: every channel falls back to the per-tensor 1.0
// CHECK-LABEL: func.func @per_channel
// CHECK: params = #qnn.params<i8 narrow, axis = 0, scales = [0.003937007874015748, 1.562500e-02, 1.562500e-02], zps = [0, 0, 0]>
// CHECK: params = #qnn.params<i8 narrow, axis = 1, scales = [1.562500e-02, 0.0078740157480314959], zps = [0, 0]>
// CHECK: params = #qnn.params<i8 narrow, axis = 0, scales = [1.000000e+00, 1.000000e+00], zps = [0, 0]>
// P2-LABEL: func.func @per_channel
// P2: params = #qnn.params<i8 narrow, axis = 0, scales = [7.812500e-03, 1.562500e-02, 1.562500e-02], zps = [0, 0, 0]>
// P2: params = #qnn.params<i8 narrow, axis = 1, scales = [1.562500e-02, 1.562500e-02], zps = [0, 0]>
// P2: params = #qnn.params<i8 narrow, axis = 0, scales = [1.000000e+00, 1.000000e+00], zps = [0, 0]>
func.func @per_channel() -> (tensor<3x2xf32>, tensor<3x2xf32>, tensor<2x2xf32>) {
  %w = arith.constant dense<[[0.5, -0.25], [0.0, 0.0], [1.984375, 1.0]]> : tensor<3x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  %0 = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, axis = 0 : i64} : tensor<3x2xf32>
  %1 = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, axis = 1 : i64} : tensor<3x2xf32>
  %2 = qnn.simulated_quantize %z {kind = #qnn.kind<weight>, narrow_range = true, axis = 0 : i64} : tensor<2x2xf32>
  return %0, %1, %2 : tensor<3x2xf32>, tensor<3x2xf32>, tensor<2x2xf32>
}

// -----

// A conv weight (OHWI, output channels on axis 0) and a 4-bit one
// (qmax 7, narrow [-7, 7]):
//   channel 0: max|w| = 0.7 (f32 0.699999988079071) -> 0.7/127 = 0.0055118109297564652
//              (power2 2^-7); 4 bits: 0.7/7 = 0.099999998297010145 (power2 2^-3)
//   channel 1: max|w| = 3.0 -> 3/127 = 0.023622047244094488 (power2 2^-5);
//              4 bits: 3/7 = 0.42857142857142855 (power2 2^-1)
// Unsigned narrow weights ([1, 255]): symmetric around zp 128, scale max|w| / 127.
// CHECK-LABEL: func.func @conv_weight
// CHECK: params = #qnn.params<i8 narrow, axis = 0, scales = [0.0055118109297564652, 0.023622047244094488], zps = [0, 0]>
// CHECK: params = #qnn.params<i4 narrow, axis = 0, scales = [0.099999998297010145, 0.42857142857142855], zps = [0, 0]>
// CHECK: params = #qnn.params<ui8 narrow, axis = 0, scales = [0.0055118109297564652, 0.023622047244094488], zps = [128, 128]>
// P2-LABEL: func.func @conv_weight
// P2: params = #qnn.params<i8 narrow, axis = 0, scales = [7.812500e-03, 3.125000e-02], zps = [0, 0]>
// P2: params = #qnn.params<i4 narrow, axis = 0, scales = [1.250000e-01, 5.000000e-01], zps = [0, 0]>
// P2: params = #qnn.params<ui8 narrow, axis = 0, scales = [7.812500e-03, 3.125000e-02], zps = [128, 128]>
func.func @conv_weight() -> (tensor<2x1x1x2xf32>, tensor<2x1x1x2xf32>, tensor<2x1x1x2xf32>) {
  %w = "tosa.const"() <{values = dense<[[[[0.7, -0.1]]], [[[-3.0, 2.0]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %0 = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, axis = 0 : i64} : tensor<2x1x1x2xf32>
  %1 = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, bits = 4 : i64, narrow_range = true, axis = 0 : i64} : tensor<2x1x1x2xf32>
  %2 = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, is_signed = false, narrow_range = true, axis = 0 : i64} : tensor<2x1x1x2xf32>
  return %0, %1, %2 : tensor<2x1x1x2xf32>, tensor<2x1x1x2xf32>, tensor<2x1x1x2xf32>
}
