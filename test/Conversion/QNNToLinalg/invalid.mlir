// RUN: quant-opt %s -split-input-file -convert-qnn-to-linalg -verify-diagnostics

// Dynamic shapes: only the batch of a conv / pooling input may be dynamic.
func.func @dynamic_conv_height(%x: tensor<1x?x4x3xi8>, %w: tensor<3x3x3x1xi8>) -> tensor<1x?x2x3xi32> {
  // expected-error @+1 {{'qnn.conv2d' op cannot be lowered to linalg: dynamic shapes: only dimension 0 (the batch) may be dynamic}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 3 : i64} : (tensor<1x?x4x3xi8>, tensor<3x3x3x1xi8>) -> tensor<1x?x2x3xi32>
  return %0 : tensor<1x?x2x3xi32>
}

// -----

func.func @dynamic_concat_axis(%a: tensor<2x?xi8>, %b: tensor<2x3xi8>) -> tensor<2x?xi8> {
  // expected-error @+1 {{'qnn.concat' op cannot be lowered to linalg: dynamic shapes: dynamic size along the concatenation axis}}
  %0 = qnn.concat %a, %b {axis = 1 : i64, input_params = [#qnn.params<i8, scale = 1.0, zp = 0>, #qnn.params<i8, scale = 1.0, zp = 0>], output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<2x?xi8>, tensor<2x3xi8>) -> tensor<2x?xi8>
  return %0 : tensor<2x?xi8>
}

// -----

// A dynamic result dimension must be an operand's dynamic dimension (no
// size is broadcast at run time).
func.func @dynamic_add_broadcast(%a: tensor<1x3xi8>, %b: tensor<1x3xi8>) -> tensor<?x3xi8> {
  // expected-error @+1 {{'qnn.add' op cannot be lowered to linalg: dynamic shapes: dimension 0 of the result is dynamic but no operand's}}
  %0 = qnn.add %a, %b {lhs_params = #qnn.params<i8, scale = 1.0, zp = 0>, rhs_params = #qnn.params<i8, scale = 1.0, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<1x3xi8>, tensor<1x3xi8>) -> tensor<?x3xi8>
  return %0 : tensor<?x3xi8>
}

// -----

func.func @multiplier_out_of_range(%a: tensor<4xi8>, %b: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'qnn.mul' op cannot be lowered to linalg: the multiplier 1.000000e+10 (lhs scale * rhs scale / output scale) is out of the fixed-point range}}
  %0 = qnn.mul %a, %b {lhs_params = #qnn.params<i8, scale = 1.0e5, zp = 0>, rhs_params = #qnn.params<i8, scale = 1.0e5, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// Operands are widened to i32 for the accumulation: wider ones are refused
// (instead of emitting an invalid arith.extsi).
func.func @conv_i64(%x: tensor<1x2x2x1xi64>, %w: tensor<1x1x1x1xi64>) -> tensor<1x2x2x1xi32> {
  // expected-error @+1 {{'qnn.conv2d' op cannot be lowered to linalg: operands wider than 32 bits are not supported}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x2x2x1xi64>, tensor<1x1x1x1xi64>) -> tensor<1x2x2x1xi32>
  return %0 : tensor<1x2x2x1xi32>
}

// -----

func.func @matmul_i64(%a: tensor<2x2xi64>, %b: tensor<2x2xi64>) -> tensor<2x2xi32> {
  // expected-error @+1 {{'qnn.matmul' op cannot be lowered to linalg: operands wider than 32 bits are not supported}}
  %0 = qnn.matmul %a, %b : (tensor<2x2xi64>, tensor<2x2xi64>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

func.func @avg_pool_i64(%x: tensor<1x2x2x1xi64>) -> tensor<1x1x1x1xi64> {
  // expected-error @+1 {{'qnn.avg_pool2d' op cannot be lowered to linalg: operands wider than 32 bits are not supported}}
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x2x2x1xi64> -> tensor<1x1x1x1xi64>
  return %0 : tensor<1x1x1x1xi64>
}

// -----

// qnn.add / qnn.mul form (q - zp) * multiplier in 64 bits: 32-bit operands
// could overflow it.
func.func @add_i32_operands(%a: tensor<4xi32>, %b: tensor<4xi32>) -> tensor<4xi8> {
  // expected-error @+1 {{'qnn.add' op cannot be lowered to linalg: operands wider than 16 bits are not supported (the fixed-point products would overflow 64 bits)}}
  %0 = qnn.add %a, %b {lhs_params = #qnn.params<i32, scale = 1.0, zp = 0>, rhs_params = #qnn.params<i32, scale = 1.0, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @mul_i32_operand(%a: tensor<4xi32>, %b: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'qnn.mul' op cannot be lowered to linalg: operands wider than 16 bits are not supported}}
  %0 = qnn.mul %a, %b {lhs_params = #qnn.params<i32, scale = 1.0, zp = 0>, rhs_params = #qnn.params<i8, scale = 1.0, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<4xi32>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// The multiplier of qnn.add must be below 2^31 (requantize saturates
// instead; an add of two such terms could cancel).
func.func @add_multiplier_out_of_range(%a: tensor<4xi8>, %b: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'qnn.add' op cannot be lowered to linalg: the rescaling multiplier 1.000000e+10 (operand scale / output scale) is out of the fixed-point range}}
  %0 = qnn.add %a, %b {lhs_params = #qnn.params<i8, scale = 1.0e10, zp = 0>, rhs_params = #qnn.params<i8, scale = 1.0, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}
