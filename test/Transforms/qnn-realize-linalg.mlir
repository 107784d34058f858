// RUN: quant-opt %s -split-input-file -qnn-realize | FileCheck %s
// Ops that stay float say why (remarks); no other diagnostic.
// RUN: quant-opt %s -split-input-file -qnn-realize -verify-diagnostics -o /dev/null

// Realization of linalg on tensors (docs/QuantizationSpec.md, section 13).
// conv_2d_nhwc_hwcf accumulating onto a broadcast bias: the HWCF filter
// becomes qnn.conv2d's F x KH x KW x C at compile time,
//   w[0, 0, c, f] = [[0.5, 1.0, 0.1875], [-0.25, 0.0625, 20.0]] / 0.125
//   -> f0 [4, -2], f1 [8, 0] (0.5 ties to 0), f2 [2, 127] (1.5 -> 2, 160
//   saturates),
// the bias read from the init onto the accumulator grid 0.0625 * 0.125:
//   0.01171875 -> 1.5 -> 2, 0.01953125 -> 2.5 -> 2, -0.1 -> -12.8 -> -13
// (the same numbers as the tosa.conv2d of qnn-realize.mlir).
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch4 = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @conv_hwcf
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x1x2xf32>)
// CHECK-DAG: %[[Q:.*]] = qnn.quantize %[[X]] {params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>}
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}4, -2]]], {{\[\[\[}}8, 0]]], {{\[\[\[}}2, 127]]]]> : tensor<3x1x1x2xi8>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2, 2, -13]> : tensor<3xi32>
// CHECK: %[[ACC:.*]] = qnn.conv2d %[[Q]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x1x1x2xi8>, tensor<3x1x1x2xi8>, tensor<3xi32>) -> tensor<1x1x1x3xi32>
// CHECK: %[[R:.*]] = qnn.requantize %[[ACC]] {input_params = #qnn.params<i32, scale = 7.812500e-03, zp = 0>, output_params = #qnn.params<i8, scale = 2.500000e-01, zp = -3>}
// CHECK: %[[D:.*]] = qnn.dequantize %[[R]]
// CHECK-NOT: linalg.
// CHECK: return %[[D]]
func.func @conv_hwcf(%x: tensor<1x1x1x2xf32>) -> tensor<1x1x1x3xf32> {
  %w = arith.constant dense<[[[[0.5, 1.0, 0.1875], [-0.25, 0.0625, 20.0]]]]> : tensor<1x1x2x3xf32>
  %b = arith.constant dense<[0.01171875, 0.01953125, -0.1]> : tensor<3xf32>
  %e = tensor.empty() : tensor<1x1x1x3xf32>
  %init = linalg.generic {indexing_maps = [#ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<3xf32>) outs(%e : tensor<1x1x1x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x1x1x3xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x1x1x2xf32>
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.125, zp = 0>} : tensor<1x1x2x3xf32>
  %c = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%qx, %qw : tensor<1x1x1x2xf32>, tensor<1x1x2x3xf32>) outs(%init : tensor<1x1x1x3xf32>) -> tensor<1x1x1x3xf32>
  %a = qnn.simulated_quantize %c {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.25, zp = -3>} : tensor<1x1x1x3xf32>
  return %a : tensor<1x1x1x3xf32>
}

// -----

// conv_2d_nchw_fchw: the input is transposed to NHWC (on i8), the FCHW
// filter rearranged to F x KH x KW x C, and the i32 result transposed back
// to NCHW; per-channel weights (scales [1, 0.5]) give an accumulator
// per-axis along dimension 1 (scales 0.5 * [1, 0.5]):
//   w[f, c, 0, x]: f0 [[1, 2], [3, 4]] -> [x0: [1, 3], x1: [2, 4]],
//   f1 [[-1, -2], [-3, -4]] / 0.5 -> [x0: [-2, -6], x1: [-4, -8]].
// The strides (2, 1) carry over; an empty init is a zero bias.
// CHECK-LABEL: func.func @conv_nchw
// CHECK-DAG: %[[Q:.*]] = qnn.quantize %{{.*}} : tensor<1x2x2x3xf32> -> tensor<1x2x2x3xi8>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1, 3], [2, 4]]], {{\[\[\[}}-2, -6], [-4, -8]]]]> : tensor<2x1x2x2xi8>
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[Q]] : tensor<1x2x2x3xi8>) outs(%{{.*}} : tensor<1x2x3x2xi8>) permutation = [0, 2, 3, 1]
// CHECK: %[[B:.*]] = arith.constant dense<0> : tensor<2xi32>
// CHECK: %[[ACC:.*]] = qnn.conv2d %[[T]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 1>} : (tensor<1x2x3x2xi8>, tensor<2x1x2x2xi8>, tensor<2xi32>) -> tensor<1x1x2x2xi32>
// CHECK: %[[TB:.*]] = linalg.transpose ins(%[[ACC]] : tensor<1x1x2x2xi32>) outs(%{{.*}} : tensor<1x2x1x2xi32>) permutation = [0, 3, 1, 2]
// CHECK: qnn.requantize %[[TB]] {input_params = #qnn.params<i32, axis = 1, scales = [5.000000e-01, 2.500000e-01], zps = [0, 0]>, output_params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>}
func.func @conv_nchw(%x: tensor<1x2x2x3xf32>) -> tensor<1x2x1x2xf32> {
  %w = arith.constant dense<[[[[1.0, 2.0]], [[3.0, 4.0]]], [[[-1.0, -2.0]], [[-3.0, -4.0]]]]> : tensor<2x2x1x2xf32>
  %e = tensor.empty() : tensor<1x2x1x2xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<1x2x2x3xf32>
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, axis = 0, scales = [1.0, 0.5], zps = [0, 0]>} : tensor<2x2x1x2xf32>
  %c = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<[2, 1]> : tensor<2xi64>} ins(%qx, %qw : tensor<1x2x2x3xf32>, tensor<2x2x1x2xf32>) outs(%e : tensor<1x2x1x2xf32>) -> tensor<1x2x1x2xf32>
  %a = qnn.simulated_quantize %c {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x2x1x2xf32>
  return %a : tensor<1x2x1x2xf32>
}

// -----

// depthwise_conv_2d_nhwc_hwc -> qnn.conv2d with groups = C and the
// KH x KW x C filter as C x KH x KW x 1, per channel (axis 2 -> 0):
//   w[y, 0, c] = [[1, 2], [3, 4]], scales [1, 0.5] -> c0 [1, 3], c1 [4, 8].
// CHECK-LABEL: func.func @depthwise
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1]], {{\[\[}}3]]], {{\[\[\[}}4]], {{\[\[}}8]]]]> : tensor<2x2x1x1xi8>
// CHECK: %[[ACC:.*]] = qnn.conv2d %{{.*}}, %[[W]], %{{.*}} {dilations = array<i64: 1, 1>, groups = 2 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// CHECK: qnn.requantize %[[ACC]] {input_params = #qnn.params<i32, axis = 3, scales = [5.000000e-01, 2.500000e-01], zps = [0, 0]>
func.func @depthwise(%x: tensor<1x2x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<[[[1.0, 2.0]], [[3.0, 4.0]]]> : tensor<2x1x2xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x2x2xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<1x2x2x2xf32>
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, axis = 2, scales = [1.0, 0.5], zps = [0, 0]>} : tensor<2x1x2xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%qx, %qw : tensor<1x2x2x2xf32>, tensor<2x1x2xf32>) outs(%f : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %a = qnn.simulated_quantize %c {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x1x2x2xf32>
  return %a : tensor<1x1x2x2xf32>
}

// -----

// depthwise_conv_2d_nhwc_hwcm (M = 1) + collapse_shape + bias add, as
// tosa-to-linalg-named emits a TOSA depthwise conv: qnn.conv2d with
// groups = C on the filter rearranged to C x KH x KW x 1 (scales [1, 0.5]:
// [1, 2] / [1, 0.5] -> [1, 4]), the i32 result expanded to the hwcm shape and
// collapsed again (per-axis along 3 throughout), the bias added on i32:
// [0.25, -0.3] / (0.5 * [1, 0.5]) -> [0.5 -> 0, -1.2 -> -1].
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch4 = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @depthwise_hwcm
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1]]], {{\[\[\[}}4]]]]> : tensor<2x1x1x1xi8>
// CHECK: %[[ACC:.*]] = qnn.conv2d %{{.*}}, %[[W]], %{{.*}} {dilations = array<i64: 1, 1>, groups = 2 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2xi8>, tensor<2x1x1x1xi8>, tensor<2xi32>) -> tensor<1x2x2x2xi32>
// CHECK: %[[E:.*]] = tensor.expand_shape %[[ACC]] {{.*}} into tensor<1x2x2x2x1xi32>
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[E]] {{.*}} into tensor<1x2x2x2xi32>
// CHECK: %[[BIAS:.*]] = arith.constant dense<[0, -1]> : tensor<2xi32>
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[C]], %[[BIAS]] : tensor<1x2x2x2xi32>, tensor<2xi32>)
// CHECK: qnn.requantize %[[SUM]] {input_params = #qnn.params<i32, axis = 3, scales = [5.000000e-01, 2.500000e-01], zps = [0, 0]>
func.func @depthwise_hwcm(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<[[[[1.0], [2.0]]]]> : tensor<1x1x2x1xf32>
  %b = arith.constant dense<[0.25, -0.3]> : tensor<2xf32>
  %e5 = tensor.empty() : tensor<1x2x2x2x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e5 : tensor<1x2x2x2x1xf32>) -> tensor<1x2x2x2x1xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<1x2x2x2xf32>
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, axis = 2, scales = [1.0, 0.5], zps = [0, 0]>} : tensor<1x1x2x1xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%qx, %qw : tensor<1x2x2x2xf32>, tensor<1x1x2x1xf32>) outs(%f : tensor<1x2x2x2x1xf32>) -> tensor<1x2x2x2x1xf32>
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x2x2x2x1xf32> into tensor<1x2x2x2xf32>
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %add = linalg.generic {indexing_maps = [#ch4, #id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b, %cc : tensor<2xf32>, tensor<1x2x2x2xf32>) outs(%e : tensor<1x2x2x2xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %0 = arith.addf %in, %in_1 : f32
    linalg.yield %0 : f32
  } -> tensor<1x2x2x2xf32>
  %a = qnn.simulated_quantize %add {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x2x2x2xf32>
  return %a : tensor<1x2x2x2xf32>
}

// -----

// A dense layer: batch_matmul from a zero fill, then a generic add of a
// 1 x 1 x N constant (annotation leaves the two unquantized between them):
// qnn.matmul (zp 1 on A) and the bias added on i32 as a linalg.generic,
// round_half_to_even(b / (0.5 * 0.25)): 0.0625 -> 0.5 -> 0, -0.3 -> -2.4 -> -2.
#m3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#b3 = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-LABEL: func.func @dense
// CHECK-DAG: %[[QA:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<i8, scale = 5.000000e-01, zp = 1>}
// CHECK-DAG: %[[B:.*]] = arith.constant dense<{{\[\[\[}}4, -2], [1, 0], [127, -127]]]> : tensor<1x3x2xi8>
// CHECK: %[[ACC:.*]] = qnn.matmul %[[QA]], %[[B]] {lhs_zp = 1 : i64} : (tensor<1x2x3xi8>, tensor<1x3x2xi8>) -> tensor<1x2x2xi32>
// CHECK: %[[BIAS:.*]] = arith.constant dense<[0, -2]> : tensor<2xi32>
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[ACC]], %[[BIAS]] : tensor<1x2x2xi32>, tensor<2xi32>)
// CHECK: arith.addi
// CHECK: qnn.requantize %[[SUM]] {input_params = #qnn.params<i32, scale = 1.250000e-01, zp = 0>, output_params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>}
// CHECK-NOT: linalg.batch_matmul
// CHECK-NOT: arith.addf
// CHECK: return
func.func @dense(%a: tensor<1x2x3xf32>) -> tensor<1x2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %b = arith.constant dense<[[[1.0, -0.5], [0.25, 0.125], [31.75, -40.0]]]> : tensor<1x3x2xf32>
  %bias = arith.constant dense<[[[0.0625, -0.3]]]> : tensor<1x1x2xf32>
  %e = tensor.empty() : tensor<1x2x2xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2xf32>) -> tensor<1x2x2xf32>
  %qa = qnn.simulated_quantize %a {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 1>} : tensor<1x2x3xf32>
  %qb = qnn.simulated_quantize %b {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.25, zp = 0>} : tensor<1x3x2xf32>
  %mm = linalg.batch_matmul ins(%qa, %qb : tensor<1x2x3xf32>, tensor<1x3x2xf32>) outs(%f : tensor<1x2x2xf32>) -> tensor<1x2x2xf32>
  %add = linalg.generic {indexing_maps = [#m3, #b3, #m3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%mm, %bias : tensor<1x2x2xf32>, tensor<1x1x2xf32>) outs(%e : tensor<1x2x2xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %0 = arith.addf %in, %in_1 : f32
    linalg.yield %0 : f32
  } -> tensor<1x2x2xf32>
  %r = qnn.simulated_quantize %add {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x2x2xf32>
  return %r : tensor<1x2x2xf32>
}

// -----

// linalg.matmul accumulating onto a broadcast bias, per-column B (axis 1,
// scales [0.25, 0.5]): col0 [1, 0.25, 31.75] / 0.25 -> [4, 1, 127], col1
// [-0.5, 0.125, -40] / 0.5 -> [-1, 0, -80]; the bias onto the accumulator
// grid 0.5 * [0.25, 0.5]: 0.0625 / 0.125 -> 0.5 -> 0, -0.3 / 0.25 -> -1.2 -> -1.
// CHECK-LABEL: func.func @matmul_bias_init
// CHECK-DAG: %[[B:.*]] = arith.constant dense<{{\[\[}}4, -1], [1, 0], [127, -80]]> : tensor<3x2xi8>
// CHECK: %[[ACC:.*]] = qnn.matmul %{{.*}}, %[[B]] : (tensor<2x3xi8>, tensor<3x2xi8>) -> tensor<2x2xi32>
// CHECK: %[[BIAS:.*]] = arith.constant dense<[0, -1]> : tensor<2xi32>
// CHECK: %[[SUM:.*]] = linalg.generic {{.*}} ins(%[[ACC]], %[[BIAS]] : tensor<2x2xi32>, tensor<2xi32>)
// CHECK: qnn.requantize %[[SUM]] {input_params = #qnn.params<i32, axis = 1, scales = [1.250000e-01, 2.500000e-01], zps = [0, 0]>
// CHECK-NOT: linalg.broadcast
func.func @matmul_bias_init(%a: tensor<2x3xf32>) -> tensor<2x2xf32> {
  %b = arith.constant dense<[[1.0, -0.5], [0.25, 0.125], [31.75, -40.0]]> : tensor<3x2xf32>
  %bias = arith.constant dense<[0.0625, -0.3]> : tensor<2xf32>
  %e = tensor.empty() : tensor<2x2xf32>
  %init = linalg.broadcast ins(%bias : tensor<2xf32>) outs(%e : tensor<2x2xf32>) dimensions = [0]
  %qa = qnn.simulated_quantize %a {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<2x3xf32>
  %qb = qnn.simulated_quantize %b {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, axis = 1, scales = [0.25, 0.5], zps = [0, 0]>} : tensor<3x2xf32>
  %mm = linalg.matmul ins(%qa, %qb : tensor<2x3xf32>, tensor<3x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  %r = qnn.simulated_quantize %mm {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<2x2xf32>
  return %r : tensor<2x2xf32>
}

// -----

// Elementwise: a generic add broadcasting a 1 x N operand -> qnn.add;
// linalg.mul -> qnn.mul; both write straight onto their activation's grid.
// linalg.max: both operands on the output grid (x requantized from 0.5 to
// 1.0), then an integer max. The ReLU6-like clamp generic [-1, 6] on the grid
// 0.5 -> qnn.clamp [-2, 12].
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row2 = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @elementwise
// CHECK-DAG: %[[QY:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<i8, scale = 2.500000e-01, zp = 2>} : tensor<1x2xf32> -> tensor<1x2xi8>
// CHECK-DAG: %[[QX:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>} : tensor<2x2xf32> -> tensor<2x2xi8>
// CHECK-DAG: %[[RX:.*]] = qnn.requantize %[[QX]] {input_params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>, output_params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>}
// CHECK: %[[ADD:.*]] = qnn.add %[[QX]], %[[QY]] {lhs_params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>, output_params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>, rhs_params = #qnn.params<i8, scale = 2.500000e-01, zp = 2>} : (tensor<2x2xi8>, tensor<1x2xi8>) -> tensor<2x2xi8>
// CHECK: %[[MUL:.*]] = qnn.mul %[[QX]], %[[ADD]] {{.*}}output_params = #qnn.params<i8, scale = 2.000000e+00, zp = 0>
// CHECK: %[[MAX:.*]] = linalg.generic {{.*}} ins(%[[RX]], %[[ADD]] : tensor<2x2xi8>, tensor<2x2xi8>)
// CHECK: arith.maxsi
// CHECK: %[[CL:.*]] = qnn.clamp %[[QX]] {max = 12 : i64, min = -2 : i64} : tensor<2x2xi8>
// CHECK-NOT: f32 =
// CHECK: return
func.func @elementwise(%x: tensor<2x2xf32>, %y: tensor<1x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %e = tensor.empty() : tensor<2x2xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<2x2xf32>
  %qy = qnn.simulated_quantize %y {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.25, zp = 2>} : tensor<1x2xf32>
  %add = linalg.generic {indexing_maps = [#id2, #row2, #id2], iterator_types = ["parallel", "parallel"]} ins(%qx, %qy : tensor<2x2xf32>, tensor<1x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %0 = arith.addf %a, %b : f32
    linalg.yield %0 : f32
  } -> tensor<2x2xf32>
  %qadd = qnn.simulated_quantize %add {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<2x2xf32>
  %mul = linalg.mul ins(%qx, %qadd : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %qmul = qnn.simulated_quantize %mul {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 2.0, zp = 0>} : tensor<2x2xf32>
  %max = linalg.max ins(%qx, %qadd : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %qmax = qnn.simulated_quantize %max {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<2x2xf32>
  %lo = arith.constant -1.0 : f32
  %hi = arith.constant 6.0 : f32
  %clamp = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%qx : tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%a: f32, %o: f32):
    %0 = arith.maximumf %a, %lo : f32
    %1 = arith.minimumf %0, %hi : f32
    linalg.yield %1 : f32
  } -> tensor<2x2xf32>
  return %qadd, %qmul, %qmax, %clamp : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}

// -----

// Same-grid ops stay integer: max pooling from the grid's lowest value
// (-128 signed; 0 and pooling_nhwc_max_unsigned for uint8), collapse_shape,
// tensor.pad with 0 -> the zero point 3, transpose, broadcast.
// CHECK-LABEL: func.func @same_grid
// CHECK-DAG: %[[QU:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<ui8, scale = 5.000000e-01, zp = 128>}
// CHECK-DAG: %[[QX:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<i8, scale = 5.000000e-01, zp = 3>}
// CHECK-DAG: %[[MIN:.*]] = arith.constant -128 : i8
// CHECK: %[[F:.*]] = linalg.fill ins(%[[MIN]] : i8)
// CHECK: linalg.pooling_nhwc_max {{.*}} ins(%[[QX]], %{{.*}} : tensor<1x2x2x1xi8>, tensor<2x2xf32>) outs(%[[F]] : tensor<1x1x1x1xi8>)
// CHECK: %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK: %[[FU:.*]] = linalg.fill ins(%[[ZERO]] : i8)
// CHECK: linalg.pooling_nhwc_max_unsigned {{.*}} ins(%[[QU]], %{{.*}} : tensor<1x2x2x1xi8>, tensor<2x2xf32>) outs(%[[FU]] : tensor<1x1x1x1xi8>)
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[QX]] {{.*}} into tensor<2x2xi8>
// CHECK: %[[ZP:.*]] = arith.constant 3 : i8
// CHECK: %[[P:.*]] = tensor.pad %[[C]] low[0, 1] high[1, 1]
// CHECK: tensor.yield %[[ZP]] : i8
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[P]] : tensor<3x4xi8>) outs(%{{.*}} : tensor<4x3xi8>) permutation = [1, 0]
// CHECK: linalg.broadcast ins(%[[T]] : tensor<4x3xi8>) outs(%{{.*}} : tensor<2x4x3xi8>) dimensions = [0]
func.func @same_grid(%x: tensor<1x2x2x1xf32>, %u: tensor<1x2x2x1xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<3x4xf32>, tensor<4x3xf32>, tensor<2x4x3xf32>) {
  %lowest = arith.constant -3.40282347E+38 : f32
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x1x1xf32>
  %f = linalg.fill ins(%lowest : f32) outs(%e : tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %win = tensor.empty() : tensor<2x2xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 3>} : tensor<1x2x2x1xf32>
  %qu = qnn.simulated_quantize %u {is_signed = false, kind = #qnn.kind<input>, params = #qnn.params<ui8, scale = 0.5, zp = 128>} : tensor<1x2x2x1xf32>
  %p = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%qx, %win : tensor<1x2x2x1xf32>, tensor<2x2xf32>) outs(%f : tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %pu = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%qu, %win : tensor<1x2x2x1xf32>, tensor<2x2xf32>) outs(%f : tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %c = tensor.collapse_shape %qx [[0, 1], [2, 3]] : tensor<1x2x2x1xf32> into tensor<2x2xf32>
  %pad = tensor.pad %c low[0, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<2x2xf32> to tensor<3x4xf32>
  %et = tensor.empty() : tensor<4x3xf32>
  %t = linalg.transpose ins(%pad : tensor<3x4xf32>) outs(%et : tensor<4x3xf32>) permutation = [1, 0]
  %eb = tensor.empty() : tensor<2x4x3xf32>
  %b = linalg.broadcast ins(%t : tensor<4x3xf32>) outs(%eb : tensor<2x4x3xf32>) dimensions = [0]
  return %p, %pu, %pad, %t, %b : tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<3x4xf32>, tensor<4x3xf32>, tensor<2x4x3xf32>
}

// -----

// Float fallbacks, each with a remark: a conv accumulating onto a computed
// init, and a pad whose value is not a point of the input grid.
// CHECK-LABEL: func.func @fallbacks
// CHECK: linalg.conv_2d_nhwc_fhwc {{.*}} -> tensor<1x1x1x1xf32>
// CHECK: tensor.pad
// CHECK: tensor.yield %{{.*}} : f32
func.func @fallbacks(%x: tensor<1x1x1x1xf32>, %acc: tensor<1x1x1x1xf32>) -> (tensor<1x1x1x1xf32>, tensor<3x3xf32>) {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<1x1x1x1xf32>
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.125, zp = 0>} : tensor<1x1x1x1xf32>
  // expected-remark @below {{op 'linalg.conv_2d_nhwc_fhwc' stays float: the init is not a constant per output channel (tensor.empty, a fill or a broadcast bias)}}
  %c = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%qx, %qw : tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) outs(%acc : tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %a = qnn.simulated_quantize %c {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x1x1x1xf32>
  %flat = tensor.collapse_shape %qx [] : tensor<1x1x1x1xf32> into tensor<f32>
  %v = tensor.expand_shape %flat [] output_shape [1, 1] : tensor<f32> into tensor<1x1xf32>
  %c3 = arith.constant 0.3 : f32
  // expected-remark @below {{op 'tensor.pad' stays float: the pad value 3.000000e-01 is not a point of the input grid}}
  %p = tensor.pad %v low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %c3 : f32
  } : tensor<1x1xf32> to tensor<3x3xf32>
  %ap = qnn.simulated_quantize %p {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.1, zp = 0>} : tensor<3x3xf32>
  return %a, %ap : tensor<1x1x1x1xf32>, tensor<3x3xf32>
}

// -----

// Sum pooling is not realized on integers yet: it reads its input
// dequantized, with a remark, and the activation after it quantizes again.
// CHECK-LABEL: func.func @sum_pool
// CHECK: %[[Q:.*]] = qnn.quantize
// CHECK: %[[D:.*]] = qnn.dequantize %[[Q]]
// CHECK: %[[S:.*]] = linalg.pooling_nhwc_sum {{.*}} ins(%[[D]], %{{.*}} : tensor<1x2x2x1xf32>, tensor<2x2xf32>)
// CHECK: qnn.quantize %[[S]]
func.func @sum_pool(%x: tensor<1x2x2x1xf32>) -> tensor<1x1x1x1xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x1x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %win = tensor.empty() : tensor<2x2xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<1x2x2x1xf32>
  // expected-remark @below {{op 'linalg.pooling_nhwc_sum' stays float: sum pooling is not realized on integers yet; it is computed in float and its result quantized again}}
  %s = linalg.pooling_nhwc_sum {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%qx, %win : tensor<1x2x2x1xf32>, tensor<2x2xf32>) outs(%f : tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %a = qnn.simulated_quantize %s {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x1x1x1xf32>
  return %a : tensor<1x1x1x1xf32>
}

// -----

// The average pooling pair (sum pooling from 0, division by the window
// size 4) -> qnn.avg_pool2d on the input grid (0.5, 0), as for
// tosa.avg_pool2d, requantized by the activation onto (0.25, 0). The sum
// pooling and the division are gone.
#avg4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @avg_pool
// CHECK-NOT: linalg.pooling_nhwc_sum
// CHECK: %[[Q:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>}
// CHECK: %[[P:.*]] = qnn.avg_pool2d %[[Q]] {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x4x4x1xi8> -> tensor<1x2x2x1xi8>
// CHECK: %[[R:.*]] = qnn.requantize %[[P]] {input_params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>, output_params = #qnn.params<i8, scale = 2.500000e-01, zp = 0>}
// CHECK: %[[D:.*]] = qnn.dequantize %[[R]]
// CHECK-NOT: linalg.generic
// CHECK: return %[[D]]
func.func @avg_pool(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %zero = arith.constant 0.0 : f32
  %four = arith.constant 4.0 : f32
  %e = tensor.empty() : tensor<1x2x2x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %win = tensor.empty() : tensor<2x2xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<1x4x4x1xf32>
  %s = linalg.pooling_nhwc_sum {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%qx, %win : tensor<1x4x4x1xf32>, tensor<2x2xf32>) outs(%f : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %e2 = tensor.empty() : tensor<1x2x2x1xf32>
  %d = linalg.generic {indexing_maps = [#avg4, #avg4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s : tensor<1x2x2x1xf32>) outs(%e2 : tensor<1x2x2x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = arith.divf %in, %four : f32
    linalg.yield %v : f32
  } -> tensor<1x2x2x1xf32>
  %a = qnn.simulated_quantize %d {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.25, zp = 0>} : tensor<1x2x2x1xf32>
  return %a : tensor<1x2x2x1xf32>
}

// -----

// The tensor.insert_slice chain of a concatenation -> the same chain on
// i8 into an i8 tensor.empty, as qnn.concat for tosa.concat: each operand
// requantized onto the concatenation's grid (0.5, 0); %a, already on it,
// is inserted as it is, %b goes from (0.25, 0) to (0.5, 0).
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<1x2xf32>, %[[B:.*]]: tensor<1x3xf32>)
// CHECK-DAG: %[[QA:.*]] = qnn.quantize %[[A]] {params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>}
// CHECK-DAG: %[[QB:.*]] = qnn.quantize %[[B]] {params = #qnn.params<i8, scale = 2.500000e-01, zp = 0>}
// CHECK-DAG: %[[RB:.*]] = qnn.requantize %[[QB]] {input_params = #qnn.params<i8, scale = 2.500000e-01, zp = 0>, output_params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>}
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x5xi8>
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[QA]] into %[[E]][0, 0] [1, 2] [1, 1] : tensor<1x2xi8> into tensor<1x5xi8>
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[RB]] into %[[I0]][0, 2] [1, 3] [1, 1] : tensor<1x3xi8> into tensor<1x5xi8>
// CHECK: %[[D:.*]] = qnn.dequantize %[[I1]] {params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>}
// CHECK-NOT: tensor.insert_slice
// CHECK: return %[[D]]
func.func @concat(%a: tensor<1x2xf32>, %b: tensor<1x3xf32>) -> tensor<1x5xf32> {
  %qa = qnn.simulated_quantize %a {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<1x2xf32>
  %qb = qnn.simulated_quantize %b {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.25, zp = 0>} : tensor<1x3xf32>
  %e = tensor.empty() : tensor<1x5xf32>
  %0 = tensor.insert_slice %qa into %e[0, 0] [1, 2] [1, 1] : tensor<1x2xf32> into tensor<1x5xf32>
  %1 = tensor.insert_slice %qb into %0[0, 2] [1, 3] [1, 1] : tensor<1x3xf32> into tensor<1x5xf32>
  %r = qnn.simulated_quantize %1 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<1x5xf32>
  return %r : tensor<1x5xf32>
}

// -----

// The lowest-float padding of a max pooling pads with the grid's smallest
// value, -128 for i8: it never exceeds an element of its window, as the
// lowest float never does.
// CHECK-LABEL: func.func @max_pool_padding
// CHECK-DAG: %[[LO:.*]] = arith.constant -128 : i8
// CHECK-DAG: %[[Q:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<i8, scale = 5.000000e-01, zp = 3>}
// CHECK: %[[P:.*]] = tensor.pad %[[Q]] low[0, 1, 1, 0] high[0, 1, 1, 0]
// CHECK: tensor.yield %[[LO]] : i8
// CHECK: linalg.pooling_nhwc_max {{.*}} ins(%[[P]], %{{.*}} : tensor<1x4x4x1xi8>, tensor<3x3xf32>)
func.func @max_pool_padding(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %lowest = arith.constant -3.40282347E+38 : f32
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 3>} : tensor<1x2x2x1xf32>
  %p = tensor.pad %qx low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %lowest : f32
  } : tensor<1x2x2x1xf32> to tensor<1x4x4x1xf32>
  %e = tensor.empty() : tensor<1x2x2x1xf32>
  %f = linalg.fill ins(%lowest : f32) outs(%e : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %win = tensor.empty() : tensor<3x3xf32>
  %m = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%p, %win : tensor<1x4x4x1xf32>, tensor<3x3xf32>) outs(%f : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  return %m : tensor<1x2x2x1xf32>
}
