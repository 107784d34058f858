// RUN: quant-opt %s -split-input-file -qnn-realize | FileCheck %s
// Ops that stay float say why (remarks); no other diagnostic.
// RUN: quant-opt %s -split-input-file -qnn-realize -verify-diagnostics -o /dev/null

// conv2d: the input is quantized, the weight folded into an i8 constant
// (w / 0.125, half to even, narrow saturation):
//   [0.5, -0.25] -> [4, -2]; [1.0, 0.0625] -> [8, 0] (0.5 ties to 0);
//   [0.1875, 20.0] -> [2, 127] (1.5 ties to 2; 160 saturates),
// the bias onto the accumulator grid s_x * s_w = 0.0625 * 0.125 = 0.0078125:
//   0.01171875 -> 1.5 -> 2, 0.01953125 -> 2.5 -> 2, -0.1 -> -12.8 -> -13,
// and the i32 result requantized to the activation grid. TOSA's pad / stride
// / dilation carry over; the float constants disappear.
// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x2xf32>)
// CHECK-NOT: tosa.const
// CHECK-DAG: %[[Q:.*]] = qnn.quantize %[[X]] {params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xi8>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}4, -2]]], {{\[\[\[}}8, 0]]], {{\[\[\[}}2, 127]]]]> : tensor<3x1x1x2xi8>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[2, 2, -13]> : tensor<3xi32>
// CHECK: %[[ACC:.*]] = qnn.conv2d %[[Q]], %[[W]], %[[B]] {dilations = array<i64: 1, 2>, pad = array<i64: 1, 0, 0, 1>, strides = array<i64: 2, 1>} : (tensor<1x2x2x2xi8>, tensor<3x1x1x2xi8>, tensor<3xi32>) -> tensor<1x2x3x3xi32>
// CHECK: %[[R:.*]] = qnn.requantize %[[ACC]] {input_params = #qnn.params<i32, scale = 7.812500e-03, zp = 0>, output_params = #qnn.params<i8, scale = 2.500000e-01, zp = -3>} : tensor<1x2x3x3xi32> -> tensor<1x2x3x3xi8>
// CHECK: %[[D:.*]] = qnn.dequantize %[[R]] {params = #qnn.params<i8, scale = 2.500000e-01, zp = -3>} : tensor<1x2x3x3xi8> -> tensor<1x2x3x3xf32>
// CHECK-NOT: tosa.
// CHECK-NOT: qnn.simulated_quantize
// CHECK: return %[[D]]
func.func @conv2d(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x3x3xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.5, -0.25]]], [[[1.0, 0.0625]]], [[[0.1875, 20.0]]]]> : tensor<3x1x1x2xf32>}> : () -> tensor<3x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[0.01171875, 0.01953125, -0.1]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x2x2x2xf32>
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.125, zp = 0>} : tensor<3x1x1x2xf32>
  %0 = tosa.conv2d %qx, %qw, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 2>, pad = array<i64: 1, 0, 0, 1>, stride = array<i64: 2, 1>} : (tensor<1x2x2x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x3x3xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.25, zp = -3>} : tensor<1x2x3x3xf32>
  return %1 : tensor<1x2x3x3xf32>
}

// -----

// A 1-element bias is broadcast; per-axis weights (axis 0) give a per-axis
// accumulator (axis 3) with scales s_x * s_w[f] = [0.03125, 0.015625]:
// w = 1.0 -> [2, 4]; bias 0.5 -> [16, 32].
// CHECK-LABEL: func.func @conv2d_per_axis
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}2]]], {{\[\[\[}}4]]]]> : tensor<2x1x1x1xi8>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[16, 32]> : tensor<2xi32>
// CHECK: %[[ACC:.*]] = qnn.conv2d %{{.*}}, %[[W]], %[[B]]
// CHECK: qnn.requantize %[[ACC]] {input_params = #qnn.params<i32, axis = 3, scales = [3.125000e-02, 1.562500e-02], zps = [0, 0]>, output_params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>}
func.func @conv2d_per_axis(%x: tensor<1x1x1x1xf32>) -> tensor<1x1x1x2xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x1xf32>}> : () -> tensor<2x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x1x1x1xf32>
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, axis = 0, scales = [0.5, 0.25], zps = [0, 0]>} : tensor<2x1x1x1xf32>
  %0 = tosa.conv2d %qx, %qw, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<2x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x1x1x2xf32>
  return %1 : tensor<1x1x1x2xf32>
}

// -----

// matmul with an asymmetric input grid (zp 1) and a constant B (scale 0.25):
//   [[1.0, -0.5], [0.25, 0.125], [31.75, -40.0]] -> [[4, -2], [1, 0], [127, -127]]
// accumulator scale 0.5 * 0.25 = 0.125.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: tensor<1x2x3xf32>)
// CHECK-DAG: %[[QA:.*]] = qnn.quantize %[[A]] {params = #qnn.params<i8, scale = 5.000000e-01, zp = 1>} : tensor<1x2x3xf32> -> tensor<1x2x3xi8>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<{{\[\[\[}}4, -2], [1, 0], [127, -127]]]> : tensor<1x3x2xi8>
// CHECK: %[[ACC:.*]] = qnn.matmul %[[QA]], %[[B]] {lhs_zp = 1 : i64} : (tensor<1x2x3xi8>, tensor<1x3x2xi8>) -> tensor<1x2x2xi32>
// CHECK: %[[R:.*]] = qnn.requantize %[[ACC]] {input_params = #qnn.params<i32, scale = 1.250000e-01, zp = 0>, output_params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>} : tensor<1x2x2xi32> -> tensor<1x2x2xi8>
// CHECK: %[[D:.*]] = qnn.dequantize %[[R]]
// CHECK: return %[[D]]
func.func @matmul(%a: tensor<1x2x3xf32>) -> tensor<1x2x2xf32> {
  %b = "tosa.const"() <{values = dense<[[[1.0, -0.5], [0.25, 0.125], [31.75, -40.0]]]> : tensor<1x3x2xf32>}> : () -> tensor<1x3x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %qa = qnn.simulated_quantize %a {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 1>} : tensor<1x2x3xf32>
  %qb = qnn.simulated_quantize %b {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.25, zp = 0>} : tensor<1x3x2xf32>
  %0 = tosa.matmul %qa, %qb, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x2x2xf32>
  return %1 : tensor<1x2x2xf32>
}

// -----

// add: qnn.add with the operand grids and the grid of the activation after
// it; a constant operand is folded ([0.5, -1.0] / 0.25 -> [2, -4]).
// CHECK-LABEL: func.func @add
// CHECK-SAME: (%[[X:.*]]: tensor<2xf32>, %[[Y:.*]]: tensor<2xf32>)
// CHECK-DAG: %[[QX:.*]] = qnn.quantize %[[X]] {params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>}
// CHECK-DAG: %[[QY:.*]] = qnn.quantize %[[Y]] {params = #qnn.params<i8, scale = 2.500000e-01, zp = 2>}
// CHECK-DAG: %[[C:.*]] = arith.constant dense<[2, -4]> : tensor<2xi8>
// CHECK: %[[S:.*]] = qnn.add %[[QX]], %[[QY]] {lhs_params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>, output_params = #qnn.params<i8, scale = 1.000000e+00, zp = -1>, rhs_params = #qnn.params<i8, scale = 2.500000e-01, zp = 2>} : (tensor<2xi8>, tensor<2xi8>) -> tensor<2xi8>
// CHECK: %[[T:.*]] = qnn.add %[[S]], %[[C]] {lhs_params = #qnn.params<i8, scale = 1.000000e+00, zp = -1>, output_params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>, rhs_params = #qnn.params<i8 narrow, scale = 2.500000e-01, zp = 0>}
// CHECK: %[[D:.*]] = qnn.dequantize %[[T]] {params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>}
// CHECK: return %[[D]]
func.func @add(%x: tensor<2xf32>, %y: tensor<2xf32>) -> tensor<2xf32> {
  %c = arith.constant dense<[0.5, -1.0]> : tensor<2xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<2xf32>
  %qy = qnn.simulated_quantize %y {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.25, zp = 2>} : tensor<2xf32>
  %0 = tosa.add %qx, %qy : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.0, zp = -1>} : tensor<2xf32>
  %qc = qnn.simulated_quantize %c {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.25, zp = 0>} : tensor<2xf32>
  %2 = tosa.add %1, %qc : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %3 = qnn.simulated_quantize %2 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<2xf32>
  return %3 : tensor<2xf32>
}

// -----

// clamp on the grid (s, zp): [max(qmin, ceil(lo / s) + zp), min(qmax, floor(hi / s) + zp)].
//   s = 0.0625, zp = 3: [0, 6] -> [3, 99]; [-0.1, 3.4e38] -> [2, 127];
//   [-100, 100] -> [-128, 127].
//   ui8, s = 0.5, zp = 128: [-1.0, 1.2] -> [126, 130], read unsigned.
// CHECK-LABEL: func.func @clamp
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-DAG: %[[Q:.*]] = qnn.quantize %[[X]] {params = #qnn.params<i8, scale = 6.250000e-02, zp = 3>}
// CHECK-DAG: %[[QU:.*]] = qnn.quantize %[[X]] {params = #qnn.params<ui8, scale = 5.000000e-01, zp = 128>}
// CHECK: %[[C0:.*]] = qnn.clamp %[[Q]] {max = 99 : i64, min = 3 : i64} : tensor<4xi8>
// CHECK: %[[C1:.*]] = qnn.clamp %[[C0]] {max = 127 : i64, min = 3 : i64} : tensor<4xi8>
// CHECK: %[[C2:.*]] = qnn.clamp %[[Q]] {max = 127 : i64, min = 2 : i64} : tensor<4xi8>
// CHECK: %[[C3:.*]] = qnn.clamp %[[Q]] {max = 127 : i64, min = -128 : i64} : tensor<4xi8>
// CHECK: %[[C4:.*]] = qnn.clamp %[[QU]] {is_unsigned = true, max = 130 : i64, min = 126 : i64} : tensor<4xi8>
func.func @clamp(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %q = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 3>} : tensor<4xf32>
  %0 = tosa.clamp %q {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %1 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 3.4e+38 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %2 = tosa.clamp %q {min_val = -0.1 : f32, max_val = 3.4e+38 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %3 = tosa.clamp %q {min_val = -100.0 : f32, max_val = 100.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %qu = qnn.simulated_quantize %x {kind = #qnn.kind<input>, is_signed = false, params = #qnn.params<ui8, scale = 0.5, zp = 128>} : tensor<4xf32>
  %4 = tosa.clamp %qu {min_val = -1.0 : f32, max_val = 1.2 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %1, %2, %3, %4 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Same-grid ops: max_pool2d, transpose and reshape are re-created on i8;
// avg_pool2d becomes qnn.avg_pool2d on its input grid, followed by a
// requantize only when the activation after it has other parameters.
// CHECK-LABEL: func.func @same_grid
// CHECK: %[[Q:.*]] = qnn.quantize
// CHECK: %[[MP:.*]] = tosa.max_pool2d %[[Q]] {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xi8>) -> tensor<1x2x2x2xi8>
// CHECK: %[[TR:.*]] = tosa.transpose %[[MP]] {perms = array<i32: 0, 2, 1, 3>} : (tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xi8>
// CHECK: %[[SH:.*]] = tosa.const_shape
// CHECK: %[[RS:.*]] = tosa.reshape %[[TR]], %[[SH]] : (tensor<1x2x2x2xi8>, !tosa.shape<4>) -> tensor<1x2x2x2xi8>
// CHECK: %[[AP:.*]] = qnn.avg_pool2d %[[RS]] {kernel = array<i64: 2, 2>, pad = array<i64: 1, 0, 1, 0>, strides = array<i64: 1, 1>, zp = -2 : i64} : tensor<1x2x2x2xi8> -> tensor<1x2x2x2xi8>
// CHECK-NEXT: %[[D0:.*]] = qnn.dequantize %[[AP]] {params = #qnn.params<i8, scale = 1.250000e-01, zp = -2>}
// CHECK-NEXT: %[[AP2:.*]] = qnn.avg_pool2d %[[RS]] {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, zp = -2 : i64} : tensor<1x2x2x2xi8> -> tensor<1x1x1x2xi8>
// CHECK-NEXT: %[[RQ:.*]] = qnn.requantize %[[AP2]] {input_params = #qnn.params<i8, scale = 1.250000e-01, zp = -2>, output_params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>}
// CHECK-NEXT: %[[D1:.*]] = qnn.dequantize %[[RQ]] {params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>}
// CHECK-NEXT: return %[[D0]], %[[D1]]
func.func @same_grid(%x: tensor<1x3x3x2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>) {
  %q = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.125, zp = -2>} : tensor<1x3x3x2xf32>
  %0 = tosa.max_pool2d %q {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>) -> tensor<1x2x2x2xf32>
  %1 = tosa.transpose %0 {perms = array<i32: 0, 2, 1, 3>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %s = tosa.const_shape {values = dense<[1, 2, 2, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %2 = tosa.reshape %1, %s : (tensor<1x2x2x2xf32>, !tosa.shape<4>) -> tensor<1x2x2x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %3 = tosa.avg_pool2d %2, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %4 = qnn.simulated_quantize %3 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.125, zp = -2>} : tensor<1x2x2x2xf32>
  %5 = tosa.avg_pool2d %2, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  %6 = qnn.simulated_quantize %5 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x1x1x2xf32>
  return %4, %6 : tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>
}

// -----

// A value quantized with the same parameters for two consumers is quantized
// once; float consumers (an op without a rule, func.return) read one shared
// dequantize of the activation.
// CHECK-LABEL: func.func @float_consumers
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[Q:.*]] = qnn.quantize %[[X]]
// CHECK-NOT: qnn.quantize
// CHECK: %[[S:.*]] = qnn.add %[[Q]], %[[Q]]
// CHECK: %[[D:.*]] = qnn.dequantize %[[S]]
// CHECK-NOT: qnn.dequantize
// CHECK: %[[E:.*]] = tosa.exp %[[D]]
// CHECK: return %[[D]], %[[E]]
func.func @float_consumers(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %q0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<4xf32>
  %q1 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<4xf32>
  %0 = tosa.add %q0, %q1 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.125, zp = 0>} : tensor<4xf32>
  %2 = tosa.exp %1 : (tensor<4xf32>) -> tensor<4xf32>
  return %1, %2 : tensor<4xf32>, tensor<4xf32>
}

// -----

// A float value entering a quantized region again is quantized; a
// quantize of a dequantize with the same parameters cancels.
// CHECK-LABEL: func.func @reenter
// CHECK-SAME: (%[[X:.*]]: tensor<4xi8>)
// CHECK: %[[C:.*]] = qnn.clamp %[[X]] {max = 96 : i64, min = 0 : i64}
// CHECK: %[[D:.*]] = qnn.dequantize %[[C]]
// CHECK: %[[E:.*]] = tosa.exp %[[D]]
// CHECK: %[[Q:.*]] = qnn.quantize %[[E]] {params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>}
// CHECK: %[[C2:.*]] = qnn.clamp %[[Q]] {max = 16 : i64, min = 0 : i64}
// CHECK: %[[D2:.*]] = qnn.dequantize %[[C2]]
// CHECK: return %[[D2]]
func.func @reenter(%x: tensor<4xi8>) -> tensor<4xf32> {
  %d = qnn.dequantize %x {params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<4xi8> -> tensor<4xf32>
  %q = qnn.simulated_quantize %d {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<4xf32>
  %0 = tosa.clamp %q {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %1 = tosa.exp %0 : (tensor<4xf32>) -> tensor<4xf32>
  %q1 = qnn.simulated_quantize %1 {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<4xf32>
  %2 = tosa.clamp %q1 {min_val = 0.0 : f32, max_val = 1.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %2 : tensor<4xf32>
}

// -----

// An op that cannot be realized (a conv with a non-constant bias; a clamp
// with no grid point in [lo, hi]) stays float on dequantized operands; the
// activation after it quantizes its float result.
// CHECK-LABEL: func.func @unrealizable
// CHECK-SAME: (%[[X:.*]]: tensor<1x1x1x1xf32>, %[[B:.*]]: tensor<1xf32>)
// CHECK-DAG: %[[Q:.*]] = qnn.quantize %[[X]]
// CHECK-DAG: %[[W:.*]] = arith.constant dense<127> : tensor<1x1x1x1xi8>
// CHECK-DAG: %[[DQ:.*]] = qnn.dequantize %[[Q]]
// CHECK-DAG: %[[DW:.*]] = qnn.dequantize %[[W]] {params = #qnn.params<i8 narrow, scale = 0.0078740157480314959, zp = 0>} : tensor<1x1x1x1xi8> -> tensor<1x1x1x1xf32>
// CHECK: %[[CV:.*]] = tosa.conv2d %[[DQ]], %[[DW]], %[[B]]
// CHECK: %[[A:.*]] = qnn.quantize %[[CV]]
// CHECK: %[[DA:.*]] = qnn.dequantize %[[A]]
// CHECK: %[[CL:.*]] = tosa.clamp %[[DA]] {max_val = 5.000000e-02 : f32, min_val = 0.00999999977 : f32}
// CHECK: return %[[CL]]
func.func @unrealizable(%x: tensor<1x1x1x1xf32>, %b: tensor<1xf32>) -> tensor<1x1x1x1xf32> {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x1x1x1xf32>
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.0078740157480314959, zp = 0>} : tensor<1x1x1x1xf32>
  // expected-remark@below {{op 'tosa.conv2d' stays float: the bias is not a constant}}
  %0 = tosa.conv2d %qx, %qw, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x1x1x1xf32>
  // expected-remark@below {{op 'tosa.clamp' stays float: no value of the input grid lies in [1.000000e-02, 5.000000e-02]}}
  %2 = tosa.clamp %1 {min_val = 0.01 : f32, max_val = 0.05 : f32} : (tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  return %2 : tensor<1x1x1x1xf32>
}

// -----

// The int32 accumulator must hold every possible sum: with tiny weights the
// bias (0.1 / (0.0625 * 1e-30 / 127)) does not fit, with 16-bit grids the
// products overflow (max|x - zp| * sum|w - zp| = 32768 * 64 * 32767 > 2^31),
// with scales whose product underflows the accumulator has no scale. Such a
// conv stays float, on dequantized operands: what the simulation computes.
// CHECK-LABEL: func.func @accumulator_range
// CHECK-NOT: qnn.conv2d
// CHECK: tosa.conv2d
// CHECK: tosa.conv2d
// CHECK: tosa.conv2d
// CHECK-NOT: qnn.conv2d
// CHECK: return
func.func @accumulator_range(%x: tensor<1x1x1x64xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) {
  %w = "tosa.const"() <{values = dense<1.0e-30> : tensor<1x1x1x64xf32>}> : () -> tensor<1x1x1x64xf32>
  %w1 = "tosa.const"() <{values = dense<1.0> : tensor<1x1x1x64xf32>}> : () -> tensor<1x1x1x64xf32>
  %b = "tosa.const"() <{values = dense<0.1> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x1x1x64xf32>
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 7.874015748031496e-33, zp = 0>} : tensor<1x1x1x64xf32>
  // expected-remark@below {{op 'tosa.conv2d' stays float: bias 1.000000e-01 does not fit the int32 accumulator (scale 4.921260e-34)}}
  %0 = tosa.conv2d %qx, %qw, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x64xf32>, tensor<1x1x1x64xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x1x1x1xf32>
  %qx16 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, bits = 16, params = #qnn.params<i16, scale = 0.00025, zp = 0>} : tensor<1x1x1x64xf32>
  %qw16 = qnn.simulated_quantize %w1 {kind = #qnn.kind<weight>, bits = 16, narrow_range = true, params = #qnn.params<i16 narrow, scale = 3.0518509475997192e-05, zp = 0>} : tensor<1x1x1x64xf32>
  // expected-remark@below {{op 'tosa.conv2d' stays float: the int32 accumulator could overflow (|accumulator| up to 68717379584 for output 0)}}
  %2 = tosa.conv2d %qx16, %qw16, %zp, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x64xf32>, tensor<1x1x1x64xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %3 = qnn.simulated_quantize %2 {kind = #qnn.kind<activation>, bits = 16, params = #qnn.params<i16, scale = 0.00025, zp = 0>} : tensor<1x1x1x1xf32>
  %qxs = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 1.0e-300, zp = 0>} : tensor<1x1x1x64xf32>
  // expected-remark@below {{op 'tosa.conv2d' stays float: the accumulator scale (input scale 1.000000e-300 * weight scale) is not a normal double}}
  %4 = tosa.conv2d %qxs, %qw, %zp, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x64xf32>, tensor<1x1x1x64xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %5 = qnn.simulated_quantize %4 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x1x1x1xf32>
  return %1, %3, %5 : tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>
}

// -----

// The bound uses the actual weights: 16-bit activations with small 8-bit
// weights (sum|w| = 2 * 127) fit: 32768 * 254 + |bias| < 2^31. A NaN bias
// cannot be folded.
// CHECK-LABEL: func.func @accumulator_fits
// CHECK: qnn.conv2d
// CHECK: tosa.conv2d
func.func @accumulator_fits(%x: tensor<1x1x1x2xf32>) -> (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>) {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1xf32>}> : () -> tensor<1xf32>
  %bn = "tosa.const"() <{values = dense<0x7FC00000> : tensor<1xf32>}> : () -> tensor<1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, bits = 16, params = #qnn.params<i16, scale = 0.00025, zp = 0>} : tensor<1x1x1x2xf32>
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.007874015748031496, zp = 0>} : tensor<1x1x1x2xf32>
  %0 = tosa.conv2d %qx, %qw, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, bits = 16, params = #qnn.params<i16, scale = 0.00025, zp = 0>} : tensor<1x1x1x1xf32>
  // expected-remark@below {{op 'tosa.conv2d' stays float: the bias has a NaN value}}
  %2 = tosa.conv2d %qx, %qw, %bn, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %3 = qnn.simulated_quantize %2 {kind = #qnn.kind<activation>, bits = 16, params = #qnn.params<i16, scale = 0.00025, zp = 0>} : tensor<1x1x1x1xf32>
  return %1, %3 : tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>
}

// -----

// matmul of two activations on 16-bit grids: K * 32768 * 32768 overflows.
// CHECK-LABEL: func.func @matmul_overflow
// CHECK-NOT: qnn.matmul
// CHECK: tosa.matmul
func.func @matmul_overflow(%a: tensor<1x2x3xf32>, %b: tensor<1x3x2xf32>) -> tensor<1x2x2xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %qa = qnn.simulated_quantize %a {kind = #qnn.kind<input>, bits = 16, params = #qnn.params<i16, scale = 0.00025, zp = 0>} : tensor<1x2x3xf32>
  %qb = qnn.simulated_quantize %b {kind = #qnn.kind<input>, bits = 16, params = #qnn.params<i16, scale = 0.00025, zp = 0>} : tensor<1x3x2xf32>
  // expected-remark@below {{op 'tosa.matmul' stays float: the int32 accumulator could overflow (|accumulator| up to 3221225472 for output 0)}}
  %0 = tosa.matmul %qa, %qb, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, bits = 16, params = #qnn.params<i16, scale = 0.00025, zp = 0>} : tensor<1x2x2xf32>
  return %1 : tensor<1x2x2xf32>
}

// -----

// qnn.add needs operand / output scale ratios below 2^31 (a constant of
// 1e30 has scale 1e30 / 127).
// CHECK-LABEL: func.func @add_out_of_range
// CHECK-NOT: qnn.add
// CHECK: tosa.add
func.func @add_out_of_range(%x: tensor<2xf32>) -> tensor<2xf32> {
  %c = arith.constant dense<[1.0e30, 1.0]> : tensor<2xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<2xf32>
  %qc = qnn.simulated_quantize %c {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 7.874015748031496e27, zp = 0>} : tensor<2xf32>
  // expected-remark@below {{op 'tosa.add' stays float: the rescaling multiplier 1.259843e+29 (operand scale / output scale) is out of the fixed-point range}}
  %0 = tosa.add %qx, %qc : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<2xf32>
  return %1 : tensor<2xf32>
}

// -----

// A clamp whose bounds lie beyond the grid keeps no grid value: it stays
// float (saturating both bounds to qmax would give 7.9375 instead of 10).
// Bounds that only reach beyond on one side are clamped to the grid.
// CHECK-LABEL: func.func @clamp_beyond_grid
// CHECK: %[[Q:.*]] = qnn.quantize
// CHECK: %[[D:.*]] = qnn.dequantize %[[Q]]
// CHECK: tosa.clamp %[[D]] {max_val = 2.000000e+01 : f32, min_val = 1.000000e+01 : f32}
// CHECK: tosa.clamp %[[D]] {max_val = -1.000000e+01 : f32, min_val = -2.000000e+01 : f32}
// CHECK: qnn.clamp %[[Q]] {max = 127 : i64, min = 112 : i64}
func.func @clamp_beyond_grid(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %q = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<4xf32>
  // expected-remark@below {{op 'tosa.clamp' stays float: no value of the input grid lies in [1.000000e+01, 2.000000e+01]}}
  %0 = tosa.clamp %q {min_val = 10.0 : f32, max_val = 20.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  // expected-remark@below {{op 'tosa.clamp' stays float: no value of the input grid lies in [-2.000000e+01, -1.000000e+01]}}
  %1 = tosa.clamp %q {min_val = -20.0 : f32, max_val = -10.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %2 = tosa.clamp %q {min_val = 7.0 : f32, max_val = 20.0 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  return %0, %1, %2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Grid-preserving ops that TOSA cannot compute on this grid (4 bits; max
// pooling of an unsigned grid) run in float on the dequantized values; their
// result is on the same grid and is quantized again, so the conv after them
// is still realized.
// CHECK-LABEL: func.func @same_grid_in_float
// CHECK-DAG: %[[QU:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<ui8, scale = 6.250000e-02, zp = 0>}
// CHECK-DAG: %[[DU:.*]] = qnn.dequantize %[[QU]]
// CHECK-DAG: %[[Q:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<i4, scale = 5.000000e-01, zp = 0>}
// CHECK-DAG: %[[D:.*]] = qnn.dequantize %[[Q]]
// CHECK: %[[R:.*]] = tosa.reshape %[[D]]
// CHECK: %[[QR:.*]] = qnn.quantize %[[R]] {params = #qnn.params<i4, scale = 5.000000e-01, zp = 0>}
// CHECK: qnn.conv2d %[[QR]]
// CHECK: %[[M:.*]] = tosa.max_pool2d %[[DU]]
// CHECK: %[[QM:.*]] = qnn.quantize %[[M]] {params = #qnn.params<ui8, scale = 6.250000e-02, zp = 0>}
// CHECK: qnn.conv2d %[[QM]], {{.*}}input_unsigned = true
func.func @same_grid_in_float(%x: tensor<1x2x2x1xf32>) -> (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>) {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s = tosa.const_shape {values = dense<[1, 2, 2, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %q = qnn.simulated_quantize %x {kind = #qnn.kind<input>, bits = 4, params = #qnn.params<i4, scale = 0.5, zp = 0>} : tensor<1x2x2x1xf32>
  // expected-remark@below {{op 'tosa.reshape' stays float: TOSA stores only 8- and 16-bit integers, the grid has 4 bits; it is computed in float and its result quantized again}}
  %0 = tosa.reshape %q, %s : (tensor<1x2x2x1xf32>, !tosa.shape<4>) -> tensor<1x2x2x1xf32>
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.0078740157480314959, zp = 0>} : tensor<1x1x1x1xf32>
  %1 = tosa.conv2d %0, %qw, %zp, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  %2 = qnn.simulated_quantize %1 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x2x2x1xf32>
  %qu = qnn.simulated_quantize %x {kind = #qnn.kind<input>, is_signed = false, params = #qnn.params<ui8, scale = 0.0625, zp = 0>} : tensor<1x2x2x1xf32>
  // expected-remark@below {{op 'tosa.max_pool2d' stays float: TOSA compares integers as signed, the grid is unsigned; it is computed in float and its result quantized again}}
  %3 = tosa.max_pool2d %qu {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>) -> tensor<1x1x1x1xf32>
  %4 = tosa.conv2d %3, %qw, %zp, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %5 = qnn.simulated_quantize %4 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x1x1x1xf32>
  return %2, %5 : tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>
}

// -----

// Weights are folded with the division qnn.simulated_quantize computes:
// in f32 for f16 weights (1.1494140625 / 0.1 = 11.494 -> 11 and
// 1.349609375 / 0.1 = 13.496 -> 13; dividing in f16 gives the ties 11.5 and
// 13.5 -> 12 and 14), in f64 when the scale is not a normal f32 (the f32
// weight 1e-43 = 9.94922e-44 over the scale 1e-45 is 99.49 -> 99; with the
// scale rounded to the f32 1.4e-45 it would be 71).
// CHECK-LABEL: func.func @weight_division
// CHECK-DAG: arith.constant dense<[11, 13]> : tensor<2xi8>
// CHECK-DAG: arith.constant dense<99> : tensor<2xi8>
func.func @weight_division(%x: tensor<2xf16>, %y: tensor<2xf32>) -> (tensor<2xf16>, tensor<2xf32>) {
  %c = arith.constant dense<[1.1494140625, 1.349609375]> : tensor<2xf16>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<2xf16>
  %qc = qnn.simulated_quantize %c {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.1, zp = 0>} : tensor<2xf16>
  %0 = tosa.add %qx, %qc : (tensor<2xf16>, tensor<2xf16>) -> tensor<2xf16>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<2xf16>
  %d = arith.constant dense<1.0e-43> : tensor<2xf32>
  %qy = qnn.simulated_quantize %y {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 1.0e-43, zp = 0>} : tensor<2xf32>
  %qd = qnn.simulated_quantize %d {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 1.0e-45, zp = 0>} : tensor<2xf32>
  %2 = tosa.add %qy, %qd : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %3 = qnn.simulated_quantize %2 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.0e-43, zp = 0>} : tensor<2xf32>
  return %1, %3 : tensor<2xf16>, tensor<2xf32>
}

// -----

// Unused results leave nothing behind: no dead integer conv, clamp or
// reshape, no conversions.
// CHECK-LABEL: func.func @unused
// CHECK-NEXT: return %arg0
func.func @unused(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[0.1, -0.2]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %qx = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x2x2x2xf32>
  %qw = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.0078740157480314959, zp = 0>} : tensor<2x1x1x2xf32>
  %0 = tosa.conv2d %qx, %qw, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %1 = tosa.clamp %qx {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %s = tosa.const_shape {values = dense<[1, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %2 = tosa.reshape %1, %s : (tensor<1x2x2x2xf32>, !tosa.shape<2>) -> tensor<1x8xf32>
  return %x : tensor<1x2x2x2xf32>
}
