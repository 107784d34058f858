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

// What has no integer form stays float: per-channel weight zero points that
// differ (qnn.conv2d has one). Max pooling of an unsigned grid runs on i8
// with the sign bit flipped (xor -128) before and after.
// CHECK-LABEL: func.func @stays_float
// CHECK: tosa.conv2d
// CHECK: %[[F:.*]] = tosa.bitwise_xor %{{.*}}, %{{.*}} : (tensor<1x2x2x2xi8>, tensor<1x1x1x1xi8>) -> tensor<1x2x2x2xi8>
// CHECK: %[[M:.*]] = tosa.max_pool2d %[[F]] {{.*}} -> tensor<1x1x1x2xi8>
// CHECK: tosa.bitwise_xor %[[M]], %{{.*}} -> tensor<1x1x1x2xi8>
// CHECK-NOT: qnn.conv2d
func.func @stays_float(%x: tensor<1x2x2x2xi8>) -> (tensor<1x2x2x2xi8>, tensor<1x1x1x2xi8>) {
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
