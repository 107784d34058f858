// Execution of the qnn ops with a dynamic batch dimension: @dynamic (every
// argument and result tensor<?x...>) equals @static, the same ops on
// tensor<5x...>, bit for bit, on the same 5 samples; the static lowering is
// checked against hand-derived values in exec-compute.mlir, exec-binary.mlir,
// exec-requantize.mlir and exec-quantize.mlir. @dynamic returns its 8
// results (dynamic shapes: the returned-descriptor calling convention).
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/dynamic_inputs.py %t/in.npz 5
// RUN: quant-run run %s --entry dynamic --input %t/in.npz -o %t/dynamic.npz --opt-level 0 2>&1 | FileCheck %s
// RUN: quant-run run %s --entry static --input %t/in.npz -o %t/static.npz --opt-level 0
// RUN: %python %S/Inputs/dynamic_inputs.py --compare %t/dynamic.npz %t/static.npz
// The 5 samples run in one call of @dynamic:
// CHECK: 5 samples in 1 batches of 5,

func.func @dynamic(%x: tensor<?x5x6x4xi8>, %a: tensor<?x4xi8>, %r: tensor<?x3xi32>, %f: tensor<?x4xf32>, %s: tensor<?x3xi8>, %c: tensor<?x2xi8>, %d: tensor<?x3xi8>, %p: tensor<?x3x3x1xi8>) -> (tensor<?x2x4x4xi32>, tensor<?x5xi32>, tensor<?x3xi8>, tensor<?x4xi8>, tensor<?x3xi8>, tensor<?x5xi8>, tensor<?x2x2x1xi8>, tensor<?x4xf32>) {
  %w = arith.constant dense<[[[[1, -2], [3, 4], [-5, 6]], [[7, -8], [9, 10], [-11, 12]], [[13, 14], [-15, 16], [17, -18]]], [[[-1, 2], [3, -4], [5, 6]], [[-7, 8], [9, -10], [11, 12]], [[-13, 14], [15, 16], [-17, 18]]], [[[2, 2], [-3, 3], [4, -4]], [[5, 5], [-6, 6], [7, -7]], [[8, 8], [-9, 9], [10, -10]]], [[[0, 1], [1, 0], [-1, -1]], [[2, -2], [0, 3], [3, 0]], [[-4, 4], [1, 1], [0, -5]]]]> : tensor<4x3x3x2xi8>
  %bias = arith.constant dense<[100, -200, 300, -400]> : tensor<4xi32>
  %0 = qnn.conv2d %x, %w, %bias {input_zp = 128 : i64, weight_zp = 3 : i64, input_unsigned = true, strides = array<i64: 2, 1>, pad = array<i64: 0, 1, 2, 0>, dilations = array<i64: 1, 2>, groups = 2 : i64} : (tensor<?x5x6x4xi8>, tensor<4x3x3x2xi8>, tensor<4xi32>) -> tensor<?x2x4x4xi32>
  %mb = arith.constant dense<[[1, -2, 3, -4, 5], [-6, 7, -8, 9, -10], [11, -12, 13, -14, 15], [-16, 17, -18, 19, -20]]> : tensor<4x5xi8>
  %1 = qnn.matmul %a, %mb {lhs_zp = 3 : i64, rhs_zp = -2 : i64} : (tensor<?x4xi8>, tensor<4x5xi8>) -> tensor<?x5xi32>
  %2 = qnn.requantize %r {input_params = #qnn.params<i32, axis = 1, scales = [0.5, 0.25, 0.125], zps = [0, 0, 0]>, output_params = #qnn.params<i8, scale = 1.0, zp = -3>} : tensor<?x3xi32> -> tensor<?x3xi8>
  %3 = qnn.quantize %f {params = #qnn.params<i8, scale = 0.25, zp = -3>} : tensor<?x4xf32> -> tensor<?x4xi8>
  %ab = arith.constant dense<[[-7, 0, 9]]> : tensor<1x3xi8>
  %4 = qnn.add %s, %ab {lhs_params = #qnn.params<i8, scale = 0.5, zp = 1>, rhs_params = #qnn.params<i8, scale = 0.25, zp = -2>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<?x3xi8>, tensor<1x3xi8>) -> tensor<?x3xi8>
  %5 = qnn.concat %c, %d {axis = 1 : i64, input_params = [#qnn.params<i8, scale = 0.5, zp = 0>, #qnn.params<i8, scale = 1.0, zp = 0>], output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<?x2xi8>, tensor<?x3xi8>) -> tensor<?x5xi8>
  %6 = qnn.avg_pool2d %p {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, zp = -1 : i64} : tensor<?x3x3x1xi8> -> tensor<?x2x2x1xi8>
  %7 = qnn.dequantize %3 {params = #qnn.params<i8, scale = 0.25, zp = -3>} : tensor<?x4xi8> -> tensor<?x4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<?x2x4x4xi32>, tensor<?x5xi32>, tensor<?x3xi8>, tensor<?x4xi8>, tensor<?x3xi8>, tensor<?x5xi8>, tensor<?x2x2x1xi8>, tensor<?x4xf32>
}

func.func @static(%x: tensor<5x5x6x4xi8>, %a: tensor<5x4xi8>, %r: tensor<5x3xi32>, %f: tensor<5x4xf32>, %s: tensor<5x3xi8>, %c: tensor<5x2xi8>, %d: tensor<5x3xi8>, %p: tensor<5x3x3x1xi8>) -> (tensor<5x2x4x4xi32>, tensor<5x5xi32>, tensor<5x3xi8>, tensor<5x4xi8>, tensor<5x3xi8>, tensor<5x5xi8>, tensor<5x2x2x1xi8>, tensor<5x4xf32>) {
  %w = arith.constant dense<[[[[1, -2], [3, 4], [-5, 6]], [[7, -8], [9, 10], [-11, 12]], [[13, 14], [-15, 16], [17, -18]]], [[[-1, 2], [3, -4], [5, 6]], [[-7, 8], [9, -10], [11, 12]], [[-13, 14], [15, 16], [-17, 18]]], [[[2, 2], [-3, 3], [4, -4]], [[5, 5], [-6, 6], [7, -7]], [[8, 8], [-9, 9], [10, -10]]], [[[0, 1], [1, 0], [-1, -1]], [[2, -2], [0, 3], [3, 0]], [[-4, 4], [1, 1], [0, -5]]]]> : tensor<4x3x3x2xi8>
  %bias = arith.constant dense<[100, -200, 300, -400]> : tensor<4xi32>
  %0 = qnn.conv2d %x, %w, %bias {input_zp = 128 : i64, weight_zp = 3 : i64, input_unsigned = true, strides = array<i64: 2, 1>, pad = array<i64: 0, 1, 2, 0>, dilations = array<i64: 1, 2>, groups = 2 : i64} : (tensor<5x5x6x4xi8>, tensor<4x3x3x2xi8>, tensor<4xi32>) -> tensor<5x2x4x4xi32>
  %mb = arith.constant dense<[[1, -2, 3, -4, 5], [-6, 7, -8, 9, -10], [11, -12, 13, -14, 15], [-16, 17, -18, 19, -20]]> : tensor<4x5xi8>
  %1 = qnn.matmul %a, %mb {lhs_zp = 3 : i64, rhs_zp = -2 : i64} : (tensor<5x4xi8>, tensor<4x5xi8>) -> tensor<5x5xi32>
  %2 = qnn.requantize %r {input_params = #qnn.params<i32, axis = 1, scales = [0.5, 0.25, 0.125], zps = [0, 0, 0]>, output_params = #qnn.params<i8, scale = 1.0, zp = -3>} : tensor<5x3xi32> -> tensor<5x3xi8>
  %3 = qnn.quantize %f {params = #qnn.params<i8, scale = 0.25, zp = -3>} : tensor<5x4xf32> -> tensor<5x4xi8>
  %ab = arith.constant dense<[[-7, 0, 9]]> : tensor<1x3xi8>
  %4 = qnn.add %s, %ab {lhs_params = #qnn.params<i8, scale = 0.5, zp = 1>, rhs_params = #qnn.params<i8, scale = 0.25, zp = -2>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<5x3xi8>, tensor<1x3xi8>) -> tensor<5x3xi8>
  %5 = qnn.concat %c, %d {axis = 1 : i64, input_params = [#qnn.params<i8, scale = 0.5, zp = 0>, #qnn.params<i8, scale = 1.0, zp = 0>], output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<5x2xi8>, tensor<5x3xi8>) -> tensor<5x5xi8>
  %6 = qnn.avg_pool2d %p {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, zp = -1 : i64} : tensor<5x3x3x1xi8> -> tensor<5x2x2x1xi8>
  %7 = qnn.dequantize %3 {params = #qnn.params<i8, scale = 0.25, zp = -3>} : tensor<5x4xi8> -> tensor<5x4xf32>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<5x2x4x4xi32>, tensor<5x5xi32>, tensor<5x3xi8>, tensor<5x4xi8>, tensor<5x3xi8>, tensor<5x5xi8>, tensor<5x2x2x1xi8>, tensor<5x4xf32>
}

