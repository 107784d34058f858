// RUN: quant-opt %s -split-input-file -qnn-fuse-qdq | FileCheck %s

// Conv with per-channel weights, an int32 bias on the accumulator grid and a
// ReLU: qnn.conv2d + qnn.requantize + qnn.clamp at the output zero point.
// CHECK-LABEL: func.func @conv_relu
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xi8>)
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1, -2]]], {{\[\[\[}}3, 4]]]]> : tensor<2x1x1x2xi8>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[10, -20]> : tensor<2xi32>
// CHECK: %[[A:.*]] = qnn.conv2d %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, input_zp = -3 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// CHECK-SAME: -> tensor<1x4x4x2xi32>
// CHECK: %[[R:.*]] = qnn.requantize %[[A]] {input_params = #qnn.params<i32, axis = 3, scales = [{{.*}}], zps = [0, 0]>, output_params = #qnn.params<i8, scale = 2.500000e-01, zp = -5>}
// CHECK: %[[C:.*]] = qnn.clamp %[[R]] {max = 127 : i64, min = -5 : i64}
// CHECK-NOT: tosa.conv2d
// CHECK: return %[[C]]
func.func @conv_relu(%x: tensor<1x4x4x2xi8>) -> tensor<1x4x4x2xi8> {
  %xd = qnn.dequantize %x {params = #qnn.params<i8, scale = 0.5, zp = -3>} : tensor<1x4x4x2xi8> -> tensor<1x4x4x2xf32>
  %wq = "tosa.const"() <{values = dense<[[[[1, -2]]], [[[3, 4]]]]> : tensor<2x1x1x2xi8>}> : () -> tensor<2x1x1x2xi8>
  %w = qnn.dequantize %wq {params = #qnn.params<i8, axis = 0, scales = [0.125, 0.0625], zps = [0, 0]>} : tensor<2x1x1x2xi8> -> tensor<2x1x1x2xf32>
  %bq = "tosa.const"() <{values = dense<[10, -20]> : tensor<2xi32>}> : () -> tensor<2xi32>
  %b = qnn.dequantize %bq {params = #qnn.params<i32, axis = 0, scales = [0.0625, 0.03125], zps = [0, 0]>} : tensor<2xi32> -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %xd, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %r = tosa.clamp %c {min_val = 0.0 : f32, max_val = 3.4028235e+38 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %q = qnn.quantize %r {params = #qnn.params<i8, scale = 0.25, zp = -5>} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2xi8>
  return %q : tensor<1x4x4x2xi8>
}

// -----

// Depthwise (multiplier 1, per-channel weights on HWCM axis 2): a grouped
// qnn.conv2d with the weights in [C, KH, KW, 1] order; a float bias is
// rounded onto the accumulator grid (0.5 * 0.5 = 0.25: 1.0 -> 4).
// CHECK-LABEL: func.func @depthwise
// CHECK-DAG: arith.constant dense<{{\[\[\[\[}}1], [3]]], {{\[\[\[}}2], [4]]]]> : tensor<2x1x2x1xi8>
// CHECK-DAG: arith.constant dense<[4, -8]> : tensor<2xi32>
// CHECK: qnn.conv2d {{.*}}groups = 2 : i64
// CHECK: qnn.requantize
// CHECK-NOT: tosa.depthwise_conv2d
func.func @depthwise(%x: tensor<1x3x3x2xi8>) -> tensor<1x3x2x2xi8> {
  %xd = qnn.dequantize %x {params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<1x3x3x2xi8> -> tensor<1x3x3x2xf32>
  %wq = "tosa.const"() <{values = dense<[[[[1], [2]], [[3], [4]]]]> : tensor<1x2x2x1xi8>}> : () -> tensor<1x2x2x1xi8>
  %w = qnn.dequantize %wq {params = #qnn.params<i8, axis = 2, scales = [0.5, 0.5], zps = [0, 0]>} : tensor<1x2x2x1xi8> -> tensor<1x2x2x1xf32>
  %b = "tosa.const"() <{values = dense<[1.0, -2.0]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.depthwise_conv2d %xd, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<1x2x2x1xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2x2xf32>
  %q = qnn.quantize %c {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x3x2x2xf32> -> tensor<1x3x2x2xi8>
  return %q : tensor<1x3x2x2xi8>
}

// -----

// Gemm as imported: reshape(dequantize) -> matmul -> add bias -> reshape ->
// quantize. The dequantize moves below the reshape; the bias joins the i32
// accumulator.
// CHECK-LABEL: func.func @gemm
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xi8>)
// CHECK: %[[A:.*]] = tosa.reshape %[[X]], %{{.*}} : (tensor<2x3xi8>, !tosa.shape<3>) -> tensor<1x2x3xi8>
// CHECK: %[[M:.*]] = qnn.matmul %[[A]], %{{.*}} {lhs_unsigned = true, lhs_zp = 128 : i64} : (tensor<1x2x3xi8>, tensor<1x3x4xi8>) -> tensor<1x2x4xi32>
// CHECK: %[[S:.*]] = tosa.add %[[M]], %{{.*}} : (tensor<1x2x4xi32>, tensor<1x1x4xi32>) -> tensor<1x2x4xi32>
// CHECK: %[[R:.*]] = qnn.requantize %[[S]] {{.*}}output_params = #qnn.params<ui8, scale = 5.000000e-01, zp = 128>} : tensor<1x2x4xi32> -> tensor<1x2x4xi8>
// CHECK: %[[O:.*]] = tosa.reshape %[[R]], %{{.*}} -> tensor<2x4xi8>
// CHECK: return %[[O]]
func.func @gemm(%x: tensor<2x3xi8>) -> tensor<2x4xi8> {
  %xd = qnn.dequantize %x {params = #qnn.params<ui8, scale = 0.25, zp = 128>} : tensor<2x3xi8> -> tensor<2x3xf32>
  %s3 = tosa.const_shape {values = dense<[1, 2, 3]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %a = tosa.reshape %xd, %s3 : (tensor<2x3xf32>, !tosa.shape<3>) -> tensor<1x2x3xf32>
  %wq = "tosa.const"() <{values = dense<1> : tensor<1x3x4xi8>}> : () -> tensor<1x3x4xi8>
  %w = qnn.dequantize %wq {params = #qnn.params<i8, scale = 0.125, zp = 0>} : tensor<1x3x4xi8> -> tensor<1x3x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %m = tosa.matmul %a, %w, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x4xf32>
  %bq = "tosa.const"() <{values = dense<[[[1, 2, 3, 4]]]> : tensor<1x1x4xi32>}> : () -> tensor<1x1x4xi32>
  %b = qnn.dequantize %bq {params = #qnn.params<i32, scale = 0.03125, zp = 0>} : tensor<1x1x4xi32> -> tensor<1x1x4xf32>
  %y = tosa.add %m, %b : (tensor<1x2x4xf32>, tensor<1x1x4xf32>) -> tensor<1x2x4xf32>
  %s2 = tosa.const_shape {values = dense<[2, 4]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %o = tosa.reshape %y, %s2 : (tensor<1x2x4xf32>, !tosa.shape<2>) -> tensor<2x4xf32>
  %q = qnn.quantize %o {params = #qnn.params<ui8, scale = 0.5, zp = 128>} : tensor<2x4xf32> -> tensor<2x4xi8>
  return %q : tensor<2x4xi8>
}

// -----

// Residual add and product of two quantized values; concat; max pooling on
// a signed grid (same parameters: no requantize).
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[A:.*]]: tensor<1x2x2x1xi8>, %[[B:.*]]: tensor<1x2x2x1xi8>)
// CHECK: %[[S:.*]] = qnn.add %[[A]], %[[B]] {lhs_params = #qnn.params<i8, scale = 5.000000e-01, zp = 1>, output_params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>, rhs_params = #qnn.params<i8, scale = 2.500000e-01, zp = -2>}
// CHECK: %[[P:.*]] = qnn.mul %[[A]], %[[B]]
// CHECK: %[[C:.*]] = qnn.concat %[[S]], %[[P]] {axis = 3 : i64
// CHECK: %[[M:.*]] = tosa.max_pool2d %[[C]] {{.*}} : (tensor<1x2x2x2xi8>) -> tensor<1x1x1x2xi8>
// CHECK: return %[[M]]
func.func @elementwise(%a: tensor<1x2x2x1xi8>, %b: tensor<1x2x2x1xi8>) -> tensor<1x1x1x2xi8> {
  %ad = qnn.dequantize %a {params = #qnn.params<i8, scale = 0.5, zp = 1>} : tensor<1x2x2x1xi8> -> tensor<1x2x2x1xf32>
  %bd = qnn.dequantize %b {params = #qnn.params<i8, scale = 0.25, zp = -2>} : tensor<1x2x2x1xi8> -> tensor<1x2x2x1xf32>
  %s = tosa.add %ad, %bd : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %sq = qnn.quantize %s {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x2x2x1xf32> -> tensor<1x2x2x1xi8>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %p = tosa.mul %ad, %bd, %shift : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>, tensor<1xi8>) -> tensor<1x2x2x1xf32>
  %pq = qnn.quantize %p {params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<1x2x2x1xf32> -> tensor<1x2x2x1xi8>
  %sd = qnn.dequantize %sq {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x2x2x1xi8> -> tensor<1x2x2x1xf32>
  %pd = qnn.dequantize %pq {params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<1x2x2x1xi8> -> tensor<1x2x2x1xf32>
  %c = tosa.concat %sd, %pd {axis = 3 : i32} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32>
  %cq = qnn.quantize %c {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xi8>
  %cd = qnn.dequantize %cq {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x2x2x2xi8> -> tensor<1x2x2x2xf32>
  %m = tosa.max_pool2d %cd {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x2xf32>) -> tensor<1x1x1x2xf32>
  %mq = qnn.quantize %m {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x1x1x2xf32> -> tensor<1x1x1x2xi8>
  return %mq : tensor<1x1x1x2xi8>
}

// -----

// Average pooling: on one grid qnn.avg_pool2d; onto another grid the window
// sums (a depthwise qnn.conv2d with unit weights) requantized once with
// s_in / (count * s_out): input scale 0.5 / 4 windows = 0.125.
// CHECK-LABEL: func.func @pools
// CHECK: qnn.avg_pool2d %{{.*}} {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, zp = 3 : i64}
// CHECK: %[[ONES:.*]] = arith.constant dense<1> : tensor<2x2x2x1xi8>
// CHECK: %[[SUM:.*]] = qnn.conv2d %{{.*}}, %[[ONES]], %{{.*}} {dilations = array<i64: 1, 1>, groups = 2 : i64, input_zp = 3 : i64
// CHECK: qnn.requantize %[[SUM]] {input_params = #qnn.params<i32, scale = 1.250000e-01, zp = 0>, output_params = #qnn.params<i8, scale = 1.000000e-01, zp = 0>}
func.func @pools(%x: tensor<1x2x2x2xi8>) -> (tensor<1x1x1x2xi8>, tensor<1x1x1x2xi8>) {
  %xd = qnn.dequantize %x {params = #qnn.params<i8, scale = 0.5, zp = 3>} : tensor<1x2x2x2xi8> -> tensor<1x2x2x2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %p = tosa.avg_pool2d %xd, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  %q1 = qnn.quantize %p {params = #qnn.params<i8, scale = 0.5, zp = 3>} : tensor<1x1x1x2xf32> -> tensor<1x1x1x2xi8>
  %p2 = tosa.avg_pool2d %xd, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  %q2 = qnn.quantize %p2 {params = #qnn.params<i8, scale = 0.1, zp = 0>} : tensor<1x1x1x2xf32> -> tensor<1x1x1x2xi8>
  return %q1, %q2 : tensor<1x1x1x2xi8>, tensor<1x1x1x2xi8>
}

// -----

// Layout ops run on integers: dequantize moves below the transpose (its
// per-axis axis follows the permutation), and quantize(dequantize) with
// other parameters is a requantize.
// CHECK-LABEL: func.func @layout
// CHECK-SAME: (%[[X:.*]]: tensor<1x3x2x2xi8>)
// CHECK: %[[T:.*]] = tosa.transpose %[[X]] {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x3x2x2xi8>) -> tensor<1x2x2x3xi8>
// CHECK: %[[R:.*]] = qnn.requantize %[[T]] {input_params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>, output_params = #qnn.params<i8, scale = 2.500000e-01, zp = 1>}
// CHECK: %[[T2:.*]] = tosa.transpose %[[X]] {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x3x2x2xi8>) -> tensor<1x2x2x3xi8>
// CHECK: %[[D:.*]] = qnn.dequantize %[[T2]] {params = #qnn.params<i8, axis = 3, scales = [1.000000e+00, 5.000000e-01, 2.500000e-01], zps = [0, 0, 0]>}
// CHECK: return %[[R]], %[[D]]
func.func @layout(%x: tensor<1x3x2x2xi8>) -> (tensor<1x2x2x3xi8>, tensor<1x2x2x3xf32>) {
  %xd = qnn.dequantize %x {params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<1x3x2x2xi8> -> tensor<1x3x2x2xf32>
  %t = tosa.transpose %xd {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x2x3xf32>
  %q = qnn.quantize %t {params = #qnn.params<i8, scale = 0.25, zp = 1>} : tensor<1x2x2x3xf32> -> tensor<1x2x2x3xi8>
  %xd2 = qnn.dequantize %x {params = #qnn.params<i8, axis = 1, scales = [1.0, 0.5, 0.25], zps = [0, 0, 0]>} : tensor<1x3x2x2xi8> -> tensor<1x3x2x2xf32>
  %t2 = tosa.transpose %xd2 {perms = array<i32: 0, 2, 3, 1>} : (tensor<1x3x2x2xf32>) -> tensor<1x2x2x3xf32>
  return %q, %t2 : tensor<1x2x2x3xi8>, tensor<1x2x2x3xf32>
}

// -----

// Per-channel weight zero points that differ ([0, 1]): qnn.conv2d with the
// first (0), minus (zp_c - 0) times the window sum of x - zx (a qnn.conv2d
// with one output channel of unit weights): channel 1 is
// sum (x - 3) * (1 - 1) = acc_1 - 1 * sum (x - 3). Max pooling of an
// unsigned grid runs on i8 with the sign bit flipped (xor -128) before and
// after.
// CHECK-LABEL: func.func @mixed_zps
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x2xi8>)
// CHECK: %[[A:.*]] = qnn.conv2d %[[X]], %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, input_unsigned = true, input_zp = 3 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>) -> tensor<1x2x2x2xi32>
// CHECK: %[[ONES:.*]] = arith.constant dense<1> : tensor<1x1x1x2xi8>
// CHECK: %[[S:.*]] = qnn.conv2d %[[X]], %[[ONES]] {dilations = array<i64: 1, 1>, input_unsigned = true, input_zp = 3 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2xi8>, tensor<1x1x1x2xi8>) -> tensor<1x2x2x1xi32>
// CHECK: %[[D:.*]] = arith.constant dense<{{\[\[\[\[}}0, 1]]]]> : tensor<1x1x1x2xi32>
// CHECK: %[[M1:.*]] = tosa.mul %[[S]], %[[D]], %{{.*}} : (tensor<1x2x2x1xi32>, tensor<1x1x1x2xi32>, tensor<1xi8>) -> tensor<1x2x2x2xi32>
// CHECK: %[[C:.*]] = tosa.sub %[[A]], %[[M1]]
// CHECK: qnn.requantize %[[C]]
// CHECK: %[[F:.*]] = tosa.bitwise_xor %{{.*}}, %{{.*}} : (tensor<1x2x2x2xi8>, tensor<1x1x1x1xi8>) -> tensor<1x2x2x2xi8>
// CHECK: %[[M:.*]] = tosa.max_pool2d %[[F]] {{.*}} -> tensor<1x1x1x2xi8>
// CHECK: tosa.bitwise_xor %[[M]], %{{.*}} -> tensor<1x1x1x2xi8>
// CHECK-NOT: tosa.conv2d
func.func @mixed_zps(%x: tensor<1x2x2x2xi8>) -> (tensor<1x2x2x2xi8>, tensor<1x1x1x2xi8>) {
  %xd = qnn.dequantize %x {params = #qnn.params<ui8, scale = 0.5, zp = 3>} : tensor<1x2x2x2xi8> -> tensor<1x2x2x2xf32>
  %wq = "tosa.const"() <{values = dense<1> : tensor<2x1x1x2xi8>}> : () -> tensor<2x1x1x2xi8>
  %w = qnn.dequantize %wq {params = #qnn.params<i8, axis = 0, scales = [0.5, 0.5], zps = [0, 1]>} : tensor<2x1x1x2xi8> -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c = tosa.conv2d %xd, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %q = qnn.quantize %c {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xi8>
  %m = tosa.max_pool2d %xd {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x2xf32>) -> tensor<1x1x1x2xf32>
  %mq = qnn.quantize %m {params = #qnn.params<ui8, scale = 0.5, zp = 3>} : tensor<1x1x1x2xf32> -> tensor<1x1x1x2xi8>
  return %q, %mq : tensor<1x2x2x2xi8>, tensor<1x1x1x2xi8>
}

// -----

// A lone ReLU between a dequantize (read by others too) and a quantize:
// requantize + clamp; the dequantize stays for its other user.
// CHECK-LABEL: func.func @lone_relu
// CHECK-SAME: (%[[X:.*]]: tensor<4xi8>)
// CHECK: %[[D:.*]] = qnn.dequantize %[[X]]
// CHECK: %[[R:.*]] = qnn.requantize %[[X]] {input_params = #qnn.params<i8, scale = 5.000000e-01, zp = 2>, output_params = #qnn.params<i8, scale = 2.500000e-01, zp = -1>}
// CHECK: %[[C:.*]] = qnn.clamp %[[R]] {max = 127 : i64, min = -1 : i64}
// CHECK: return %[[C]], %[[D]]
func.func @lone_relu(%x: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xf32>) {
  %xd = qnn.dequantize %x {params = #qnn.params<i8, scale = 0.5, zp = 2>} : tensor<4xi8> -> tensor<4xf32>
  %r = tosa.clamp %xd {min_val = 0.0 : f32, max_val = 3.4028235e+38 : f32} : (tensor<4xf32>) -> tensor<4xf32>
  %q = qnn.quantize %r {params = #qnn.params<i8, scale = 0.25, zp = -1>} : tensor<4xf32> -> tensor<4xi8>
  return %q, %xd : tensor<4xi8>, tensor<4xf32>
}

// -----

// Sub: qnn.add of l and ~r (xor -1). ~r = -1 - r read with zp -1 - zp_r is
// -(r - zp_r) on the same scale (signed: -1 - (-3) = 2; unsigned: 255 - r
// with zp 255 - 100 = 155).
// CHECK-LABEL: func.func @sub
// CHECK-SAME: (%[[L:.*]]: tensor<4xi8>, %[[R:.*]]: tensor<4xi8>, %[[U:.*]]: tensor<4xi8>)
// CHECK: %[[M1:.*]] = "tosa.const"() <{values = dense<-1> : tensor<1xi8>}>
// CHECK: %[[N:.*]] = tosa.bitwise_xor %[[R]], %[[M1]]
// CHECK: %[[S:.*]] = qnn.add %[[L]], %[[N]] {lhs_params = #qnn.params<i8, scale = 5.000000e-01, zp = 1>, output_params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>, rhs_params = #qnn.params<i8, scale = 2.500000e-01, zp = 2>}
// CHECK: %[[N2:.*]] = tosa.bitwise_xor %[[U]], %{{.*}}
// CHECK: %[[S2:.*]] = qnn.add %[[L]], %[[N2]] {{{.*}}rhs_params = #qnn.params<ui8, scale = 2.500000e-01, zp = 155>}
// CHECK-NOT: tosa.sub
// CHECK: return %[[S]], %[[S2]]
func.func @sub(%l: tensor<4xi8>, %r: tensor<4xi8>, %u: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>) {
  %ld = qnn.dequantize %l {params = #qnn.params<i8, scale = 0.5, zp = 1>} : tensor<4xi8> -> tensor<4xf32>
  %rd = qnn.dequantize %r {params = #qnn.params<i8, scale = 0.25, zp = -3>} : tensor<4xi8> -> tensor<4xf32>
  %ud = qnn.dequantize %u {params = #qnn.params<ui8, scale = 0.25, zp = 100>} : tensor<4xi8> -> tensor<4xf32>
  %s = tosa.sub %ld, %rd : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %q = qnn.quantize %s {params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<4xf32> -> tensor<4xi8>
  %s2 = tosa.sub %ld, %ud : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %q2 = qnn.quantize %s2 {params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<4xf32> -> tensor<4xi8>
  return %q, %q2 : tensor<4xi8>, tensor<4xi8>
}

// -----

// Pointwise functions of one 8-bit input become a 256-entry tosa.table
// (entry b + 128 for the stored byte b read as signed). x + 1 on scale 0.5:
// q + 2, saturated at 127 (hand-derived: bytes -126 ... 127, 127, 127).
// LeakyRelu as imported (max(x, 0.25 x)) on a uint8 grid (zp 128, scale 1)
// onto int8 (scale 1, zp 0): entry b + 128 is f(q - 128) with q = b & 0xff:
// 0 ... 127 for b = -128 ... -1, then round_half_even((q - 128) / 4):
// -32, -32 (-31.75), -32 (-31.5, a tie to even), -31 (-31.25), ..., 0.
// Sigmoid on scale 0.5 onto 1/256, zp -128: the table from numpy
// (round_half_even(float32(1 / (1 + exp(-0.5 b))) * 256) - 128, saturated),
// e.g. b = 1: 159.35 -> 31 (0x1F), b = -1: 96.65 -> -31 (0xE1).
// CHECK-LABEL: func.func @tables
// CHECK-SAME: (%[[X:.*]]: tensor<4xi8>, %[[U:.*]]: tensor<4xi8>)
// CHECK: %[[T:.*]] = "tosa.const"() <{values = dense<"0x82838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9FA0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBFC0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F7F7F"> : tensor<256xi8>}>
// CHECK: %[[A:.*]] = tosa.table %[[X]], %[[T]] : (tensor<4xi8>, tensor<256xi8>) -> tensor<4xi8>
// CHECK: %[[T2:.*]] = "tosa.const"() <{values = dense<"0x000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7FE0E0E0E1E1E1E2E2E2E2E2E3E3E3E4E4E4E4E4E5E5E5E6E6E6E6E6E7E7E7E8E8E8E8E8E9E9E9EAEAEAEAEAEBEBEBECECECECECEDEDEDEEEEEEEEEEEFEFEFF0F0F0F0F0F1F1F1F2F2F2F2F2F3F3F3F4F4F4F4F4F5F5F5F6F6F6F6F6F7F7F7F8F8F8F8F8F9F9F9FAFAFAFAFAFBFBFBFCFCFCFCFCFDFDFDFEFEFEFEFEFFFFFF0000"> : tensor<256xi8>}>
// CHECK: %[[B:.*]] = tosa.table %[[U]], %[[T2]]
// CHECK: %[[T3:.*]] = "tosa.const"() <{values = dense<"0x80808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808080808181828385888C939FAFC5E1001F3B51616D74787B7D7E7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F7F"> : tensor<256xi8>}>
// CHECK: %[[S:.*]] = tosa.table %[[X]], %[[T3]]
// CHECK-NOT: tosa.add
// CHECK-NOT: tosa.maximum
// CHECK-NOT: tosa.sigmoid
// CHECK: return %[[A]], %[[B]], %[[S]]
func.func @tables(%x: tensor<4xi8>, %u: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>, tensor<4xi8>) {
  %xd = qnn.dequantize %x {params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<4xi8> -> tensor<4xf32>
  %one = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %a = tosa.add %xd, %one : (tensor<4xf32>, tensor<1xf32>) -> tensor<4xf32>
  %aq = qnn.quantize %a {params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<4xf32> -> tensor<4xi8>
  %ud = qnn.dequantize %u {params = #qnn.params<ui8, scale = 1.0, zp = 128>} : tensor<4xi8> -> tensor<4xf32>
  %alpha = "tosa.const"() <{values = dense<0.25> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %m = tosa.mul %ud, %alpha, %shift : (tensor<4xf32>, tensor<1xf32>, tensor<1xi8>) -> tensor<4xf32>
  %l = tosa.maximum %ud, %m : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %lq = qnn.quantize %l {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<4xf32> -> tensor<4xi8>
  %s = tosa.sigmoid %xd : (tensor<4xf32>) -> tensor<4xf32> loc("sig")
  %sq = qnn.quantize %s {params = #qnn.params<i8, scale = 0.00390625, zp = -128>} : tensor<4xf32> -> tensor<4xi8>
  return %aq, %lq, %sq : tensor<4xi8>, tensor<4xi8>, tensor<4xi8>
}

// -----

// Not pointwise in one input (a non-splat constant, two different
// dequantizes under a sigmoid): stays float.
// CHECK-LABEL: func.func @no_table
// CHECK: tosa.add
// CHECK: tosa.sigmoid
// CHECK-NOT: tosa.table
func.func @no_table(%x: tensor<4xi8>, %y: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>) {
  %xd = qnn.dequantize %x {params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<4xi8> -> tensor<4xf32>
  %yd = qnn.dequantize %y {params = #qnn.params<i8, scale = 0.25, zp = 0>} : tensor<4xi8> -> tensor<4xf32>
  %c = "tosa.const"() <{values = dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %a = tosa.add %xd, %c : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %aq = qnn.quantize %a {params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<4xf32> -> tensor<4xi8>
  %m = tosa.maximum %xd, %yd : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %s = tosa.sigmoid %m : (tensor<4xf32>) -> tensor<4xf32>
  %sq = qnn.quantize %s {params = #qnn.params<i8, scale = 0.00390625, zp = -128>} : tensor<4xf32> -> tensor<4xi8>
  return %aq, %sq : tensor<4xi8>, tensor<4xi8>
}

// -----

// A grouped conv as imported (a conv per channel slice, concatenated): one
// qnn.conv2d with groups = 2, the groups' weights and biases stacked.
// Per-tensor weights with equal scales: one accumulator scale 0.5 * 0.25.
// CHECK-LABEL: func.func @grouped
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x4xi8>)
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}1, 2]]], {{\[\[\[}}3, -4]]]]> : tensor<2x1x1x2xi8>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<[8, -16]> : tensor<2xi32>
// CHECK: %[[A:.*]] = qnn.conv2d %[[X]], %[[W]], %[[B]] {dilations = array<i64: 1, 1>, groups = 2 : i64, input_zp = 5 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x4xi8>, tensor<2x1x1x2xi8>, tensor<2xi32>) -> tensor<1x2x2x2xi32>
// CHECK: qnn.requantize %[[A]] {input_params = #qnn.params<i32, scale = 1.250000e-01, zp = 0>, output_params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>}
// CHECK-NOT: tosa.conv2d
// CHECK-NOT: tosa.slice
func.func @grouped(%x: tensor<1x2x2x4xi8>) -> tensor<1x2x2x2xi8> {
  %xd = qnn.dequantize %x {params = #qnn.params<i8, scale = 0.5, zp = 5>} : tensor<1x2x2x4xi8> -> tensor<1x2x2x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s0 = tosa.const_shape {values = dense<[0, 0, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s2 = tosa.const_shape {values = dense<[0, 0, 0, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %sz = tosa.const_shape {values = dense<[1, 2, 2, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %x0 = tosa.slice %xd, %s0, %sz : (tensor<1x2x2x4xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x2x2x2xf32>
  %x1 = tosa.slice %xd, %s2, %sz : (tensor<1x2x2x4xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x2x2x2xf32>
  %w0q = "tosa.const"() <{values = dense<[[[[1, 2]]]]> : tensor<1x1x1x2xi8>}> : () -> tensor<1x1x1x2xi8>
  %w0 = qnn.dequantize %w0q {params = #qnn.params<i8, scale = 0.25, zp = 0>} : tensor<1x1x1x2xi8> -> tensor<1x1x1x2xf32>
  %w1q = "tosa.const"() <{values = dense<[[[[3, -4]]]]> : tensor<1x1x1x2xi8>}> : () -> tensor<1x1x1x2xi8>
  %w1 = qnn.dequantize %w1q {params = #qnn.params<i8, scale = 0.25, zp = 0>} : tensor<1x1x1x2xi8> -> tensor<1x1x1x2xf32>
  %b0 = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %b1 = "tosa.const"() <{values = dense<-2.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c0 = tosa.conv2d %x0, %w0, %b0, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  %c1 = tosa.conv2d %x1, %w1, %b1, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  %c = tosa.concat %c0, %c1 {axis = 3 : i32} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32>
  %q = qnn.quantize %c {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xi8>
  return %q : tensor<1x2x2x2xi8>
}

// -----

// Not a grouped conv: both convs read the same channels (slice offsets 0, 0).
// CHECK-LABEL: func.func @not_grouped
// CHECK: tosa.conv2d
// CHECK: tosa.conv2d
// CHECK-NOT: qnn.conv2d
func.func @not_grouped(%x: tensor<1x2x2x4xi8>) -> tensor<1x2x2x2xi8> {
  %xd = qnn.dequantize %x {params = #qnn.params<i8, scale = 0.5, zp = 5>} : tensor<1x2x2x4xi8> -> tensor<1x2x2x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %s0 = tosa.const_shape {values = dense<[0, 0, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %sz = tosa.const_shape {values = dense<[1, 2, 2, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %x0 = tosa.slice %xd, %s0, %sz : (tensor<1x2x2x4xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x2x2x2xf32>
  %x1 = tosa.slice %xd, %s0, %sz : (tensor<1x2x2x4xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x2x2x2xf32>
  %wq = "tosa.const"() <{values = dense<[[[[1, 2]]]]> : tensor<1x1x1x2xi8>}> : () -> tensor<1x1x1x2xi8>
  %w = qnn.dequantize %wq {params = #qnn.params<i8, scale = 0.25, zp = 0>} : tensor<1x1x1x2xi8> -> tensor<1x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %c0 = tosa.conv2d %x0, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  %c1 = tosa.conv2d %x1, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  %c = tosa.concat %c0, %c1 {axis = 3 : i32} : (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) -> tensor<1x2x2x2xf32>
  %q = qnn.quantize %c {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xi8>
  return %q : tensor<1x2x2x2xi8>
}
