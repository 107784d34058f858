// RUN: quant-opt %s -split-input-file -qnn-calibrate -verify-diagnostics | FileCheck %s
// RUN: quant-opt %s -split-input-file -qnn-calibrate="weight-scale=power2" 2>/dev/null | FileCheck %s --check-prefix=P2
// RUN: quant-opt %s -split-input-file -qnn-calibrate="adjust-bias=false" 2>&1 | FileCheck %s --check-prefix=OFF

// Bias overflow: realization stores round(b / (s_in * s_w)) in the int32
// accumulator. Where |b| / (s_in * s_w) would exceed 2^30 (half the int32
// range, the rest for the products), the weight scale is raised to
// |b| / (s_in * 2^30), per channel for per-axis weights, with a remark.
// Here s_in = 8 / 128 = 2^-4 (global scale), so a bias b needs
// s_w >= b * 2^-26.
//
// Per tensor: W max|w| = 1e-6 (f32 9.99999997e-07) -> s_w = 7.87e-09; b = 100:
// 100 / (2^-4 * 7.87e-09) = 2.0e11 > 2^30, so s_w = 100 * 2^-26 =
// 1.4901161193847656e-06 (power2: 2^-19 = 1.9073486328125e-06).
// CHECK-LABEL: func.func @conv_per_tensor
// CHECK: kind = #qnn.kind<weight>, name = "c1:w", narrow_range = true, params = #qnn.params<i8 narrow, scale = 1.4901161193847656E-6, zp = 0>
// P2-LABEL: func.func @conv_per_tensor
// P2: name = "c1:w", narrow_range = true, params = #qnn.params<i8 narrow, scale = 1.9073486328125E-6, zp = 0>
// OFF: qnn.params<i8 narrow, scale = 7.8740157281515171E-9, zp = 0>
func.func @conv_per_tensor(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() <{values = dense<1.0e-6> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[100.0, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "c1:in0"} : tensor<1x2x2x2xf32>
  %1 = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, name = "c1:w"} : tensor<2x1x1x2xf32>
  // expected-remark@below {{qnn-calibrate: raised the scale of weight 'c1:w' (largest change 7.874016e-09 -> 1.490116e-06) so that the bias fits the int32 accumulator: |bias| / (s_in * s_w) was up to 2.032000e+11, now at most 2^30}}
  %2 = tosa.conv2d %0, %1, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %3 = qnn.simulated_quantize %2 {kind = #qnn.kind<activation>, name = "c1:out"} : tensor<1x2x2x2xf32>
  return %3 : tensor<1x2x2x2xf32>
}

// -----

// Per channel, through a pass-through op (the input grid is found through
// tosa.clamp): channel 0 (max|w| = 1e-6, b = 100) is raised to 100 * 2^-26;
// channel 1 (max|w| = 0.5 -> 0.5/127, power2 2^-7; b = -1 needs only
// 2^-26) is not.
// CHECK-LABEL: func.func @conv_per_channel
// CHECK: params = #qnn.params<i8 narrow, axis = 0, scales = [1.4901161193847656E-6, 0.003937007874015748], zps = [0, 0]>
// P2-LABEL: func.func @conv_per_channel
// P2: params = #qnn.params<i8 narrow, axis = 0, scales = [1.9073486328125E-6, 7.812500e-03], zps = [0, 0]>
func.func @conv_per_channel(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0e-6, 0.0]]], [[[0.5, 0.25]]]]> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[100.0, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "c2:in0"} : tensor<1x2x2x2xf32>
  %c = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %1 = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, axis = 0 : i64, name = "c2:w"} : tensor<2x1x1x2xf32>
  // expected-remark@below {{qnn-calibrate: raised the scale of weight 'c2:w' on 1 of 2 channels (largest change 7.874016e-09 -> 1.490116e-06)}}
  %2 = tosa.conv2d %c, %1, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %3 = qnn.simulated_quantize %2 {kind = #qnn.kind<activation>, name = "c2:out"} : tensor<1x2x2x2xf32>
  return %3 : tensor<1x2x2x2xf32>
}

// -----

// Depthwise (weights [KH, KW, C, M] = [1, 1, 2, 1], per channel on C): bias
// entry i belongs to channel i / M. Channel 1 (b = -50, max|w| = 1e-6) is
// raised to 50 * 2^-26 = 7.4505805969238281e-07.
// CHECK-LABEL: func.func @depthwise
// CHECK: params = #qnn.params<i8 narrow, axis = 2, scales = [0.0078740157480314959, 7.4505805969238281E-7], zps = [0, 0]>
func.func @depthwise(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[[1.0], [1.0e-6]]]]> : tensor<1x1x2x1xf32>}> : () -> tensor<1x1x2x1xf32>
  %b = "tosa.const"() <{values = dense<[0.5, -50.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "d:in0"} : tensor<1x2x2x2xf32>
  %1 = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, axis = 2 : i64, name = "d:w"} : tensor<1x1x2x1xf32>
  // expected-remark@below {{raised the scale of weight 'd:w' on 1 of 2 channels}}
  %2 = tosa.depthwise_conv2d %0, %1, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x1x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %3 = qnn.simulated_quantize %2 {kind = #qnn.kind<activation>, name = "d:out"} : tensor<1x2x2x2xf32>
  return %3 : tensor<1x2x2x2xf32>
}

// -----

// tosa.matmul followed directly by a tosa.add of a constant: columns of B
// (axis 2) against the last dimension of the bias. Column 1 (b = 1000,
// max|w| = 1e-6) is raised to 1000 * 2^-26 = 1.4901161193847656e-05.
// CHECK-LABEL: func.func @matmul_add
// CHECK: params = #qnn.params<i8 narrow, axis = 2, scales = [0.0078740157480314959, 1.4901161193847656E-5], zps = [0, 0]>
func.func @matmul_add(%a: tensor<1x2x3xf32>) -> tensor<1x2x2xf32> {
  %w = "tosa.const"() <{values = dense<[[[1.0, 1.0e-6], [0.5, 0.0], [0.0, 0.0]]]> : tensor<1x3x2xf32>}> : () -> tensor<1x3x2xf32>
  %b = "tosa.const"() <{values = dense<[[[0.25, 1000.0]]]> : tensor<1x1x2xf32>}> : () -> tensor<1x1x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = qnn.simulated_quantize %a {kind = #qnn.kind<input>, name = "m:in0"} : tensor<1x2x3xf32>
  %1 = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, axis = 2 : i64, name = "m:w"} : tensor<1x3x2xf32>
  // expected-remark@below {{raised the scale of weight 'm:w' on 1 of 2 channels}}
  %2 = tosa.matmul %0, %1, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2xf32>
  %3 = tosa.add %2, %b : (tensor<1x2x2xf32>, tensor<1x1x2xf32>) -> tensor<1x2x2xf32>
  %4 = qnn.simulated_quantize %3 {kind = #qnn.kind<activation>, name = "m:out"} : tensor<1x2x2xf32>
  return %4 : tensor<1x2x2xf32>
}

// -----

// Ordinary biases need nothing, and weights that were bound before the pass
// are never changed.
// CHECK-LABEL: func.func @untouched
// CHECK: params = #qnn.params<i8 narrow, scale = 0.0078740157480314959, zp = 0>
// CHECK: params = #qnn.params<i8 narrow, scale = 1.000000e-09, zp = 0>
func.func @untouched(%x: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[100.0, -1.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>} : tensor<1x2x2x2xf32>
  %1 = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true} : tensor<2x1x1x2xf32>
  %2 = tosa.conv2d %0, %1, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %3 = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 1.0e-9>} : tensor<2x1x1x2xf32>
  %4 = tosa.conv2d %0, %3, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  return %2, %4 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
