// RUN: quant-opt %s -split-input-file -qnn-calibrate -verify-diagnostics | FileCheck %s

// Bias overflow in linalg form (as qnn-calibrate-bias.mlir for TOSA): the
// bias is the per-channel constant of the conv's init, or the constant of
// the add after a matmul. s_in = 8 / 128 = 2^-4 (global scale), so a bias b
// needs s_w >= b * 2^-26: channel 0 (max|w| = 1e-6, b = 100) is raised to
// 100 * 2^-26 = 1.4901161193847656e-06; channel 1 (max|w| = 0.5 -> 0.5 / 127,
// b = -1) is not.
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch4 = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @conv_bias_init
// CHECK: name = "c1:w", narrow_range = true, params = #qnn.params<i8 narrow, axis = 0, scales = [1.4901161193847656E-6, 0.003937007874015748], zps = [0, 0]>
func.func @conv_bias_init(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = arith.constant dense<[[[[1.0e-6, -1.0e-6]]], [[[0.5, 0.25]]]]> : tensor<2x1x1x2xf32>
  %b = arith.constant dense<[100.0, -1.0]> : tensor<2xf32>
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %init = linalg.generic {indexing_maps = [#ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<2xf32>) outs(%e : tensor<1x2x2x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x2x2x2xf32>
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "c1:in0"} : tensor<1x2x2x2xf32>
  %1 = qnn.simulated_quantize %w {axis = 0 : i64, kind = #qnn.kind<weight>, narrow_range = true, name = "c1:w"} : tensor<2x1x1x2xf32>
  // expected-remark@below {{qnn-calibrate: raised the scale of weight 'c1:w'}}
  %2 = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%0, %1 : tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>) outs(%init : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %3 = qnn.simulated_quantize %2 {kind = #qnn.kind<activation>, name = "c1:out"} : tensor<1x2x2x2xf32>
  return %3 : tensor<1x2x2x2xf32>
}

// -----

#m3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#b3 = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-LABEL: func.func @dense_bias_add
// CHECK: name = "fc:w", narrow_range = true, params = #qnn.params<i8 narrow, axis = 2, scales = [1.4901161193847656E-6, 0.003937007874015748], zps = [0, 0]>
func.func @dense_bias_add(%x: tensor<1x2x2xf32>) -> tensor<1x2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<[[[1.0e-6, 0.5], [-1.0e-6, 0.25]]]> : tensor<1x2x2xf32>
  %bias = arith.constant dense<[[[100.0, -1.0]]]> : tensor<1x1x2xf32>
  %e = tensor.empty() : tensor<1x2x2xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2xf32>) -> tensor<1x2x2xf32>
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "fc:in0"} : tensor<1x2x2xf32>
  %1 = qnn.simulated_quantize %w {axis = 2 : i64, kind = #qnn.kind<weight>, narrow_range = true, name = "fc:w"} : tensor<1x2x2xf32>
  // expected-remark@below {{qnn-calibrate: raised the scale of weight 'fc:w'}}
  %2 = linalg.batch_matmul ins(%0, %1 : tensor<1x2x2xf32>, tensor<1x2x2xf32>) outs(%f : tensor<1x2x2xf32>) -> tensor<1x2x2xf32>
  %3 = linalg.generic {indexing_maps = [#m3, #b3, #m3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%2, %bias : tensor<1x2x2xf32>, tensor<1x1x2xf32>) outs(%e : tensor<1x2x2xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %s = arith.addf %a, %b : f32
    linalg.yield %s : f32
  } -> tensor<1x2x2xf32>
  %4 = qnn.simulated_quantize %3 {kind = #qnn.kind<activation>, name = "fc:out"} : tensor<1x2x2xf32>
  return %4 : tensor<1x2x2xf32>
}

// -----

// A depthwise conv as tosa-to-linalg-named emits it (hwcm from a zero fill,
// collapse_shape, bias add): the bias of the add, per input channel.
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch4 = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @depthwise_hwcm
// CHECK: name = "dw:w", narrow_range = true, params = #qnn.params<i8 narrow, axis = 2, scales = [1.4901161193847656E-6, 0.003937007874015748], zps = [0, 0]>
func.func @depthwise_hwcm(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<[[[[1.0e-6], [0.5]]]]> : tensor<1x1x2x1xf32>
  %b = arith.constant dense<[100.0, -1.0]> : tensor<2xf32>
  %e5 = tensor.empty() : tensor<1x2x2x2x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e5 : tensor<1x2x2x2x1xf32>) -> tensor<1x2x2x2x1xf32>
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "dw:in0"} : tensor<1x2x2x2xf32>
  %1 = qnn.simulated_quantize %w {axis = 2 : i64, kind = #qnn.kind<weight>, narrow_range = true, name = "dw:w"} : tensor<1x1x2x1xf32>
  // expected-remark@below {{qnn-calibrate: raised the scale of weight 'dw:w'}}
  %c = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%0, %1 : tensor<1x2x2x2xf32>, tensor<1x1x2x1xf32>) outs(%f : tensor<1x2x2x2x1xf32>) -> tensor<1x2x2x2x1xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x2x2x2x1xf32> into tensor<1x2x2x2xf32>
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %add = linalg.generic {indexing_maps = [#ch4, #id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b, %cc : tensor<2xf32>, tensor<1x2x2x2xf32>) outs(%e : tensor<1x2x2x2xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %s = arith.addf %in, %in_1 : f32
    linalg.yield %s : f32
  } -> tensor<1x2x2x2xf32>
  %a = qnn.simulated_quantize %add {kind = #qnn.kind<activation>, name = "dw_bias:out"} : tensor<1x2x2x2xf32>
  return %a : tensor<1x2x2x2xf32>
}
