// RUN: quant-opt %s -split-input-file -qnn-realize | FileCheck %s

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
// CHECK: %[[E:.*]] = tosa.sigmoid %[[D]]
// CHECK: return %[[D]], %[[E]]
func.func @float_consumers(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %q0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<4xf32>
  %q1 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<4xf32>
  %0 = tosa.add %q0, %q1 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.125, zp = 0>} : tensor<4xf32>
  %2 = tosa.sigmoid %1 : (tensor<4xf32>) -> tensor<4xf32>
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
  %0 = tosa.conv2d %qx, %qw, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x1x1x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x1xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x1x1x1xf32>
  %2 = tosa.clamp %1 {min_val = 0.01 : f32, max_val = 0.05 : f32} : (tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  return %2 : tensor<1x1x1x1xf32>
}
