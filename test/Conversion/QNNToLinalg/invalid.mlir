// RUN: quant-opt %s -split-input-file -convert-qnn-to-linalg -verify-diagnostics

func.func @dynamic_shape(%x: tensor<?x3xi32>) -> tensor<?x3xi8> {
  // expected-error @+1 {{'qnn.requantize' op cannot be lowered to linalg: dynamic shapes are not supported yet}}
  %0 = qnn.requantize %x {input_params = #qnn.params<i32, scale = 0.5, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<?x3xi32> -> tensor<?x3xi8>
  return %0 : tensor<?x3xi8>
}

// -----

func.func @dynamic_conv(%x: tensor<?x4x4x3xi8>, %w: tensor<3x3x3x1xi8>) -> tensor<?x2x2x3xi32> {
  // expected-error @+1 {{'qnn.conv2d' op cannot be lowered to linalg: dynamic shapes are not supported yet}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 3 : i64} : (tensor<?x4x4x3xi8>, tensor<3x3x3x1xi8>) -> tensor<?x2x2x3xi32>
  return %0 : tensor<?x2x2x3xi32>
}

// -----

func.func @multiplier_out_of_range(%a: tensor<4xi8>, %b: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'qnn.mul' op cannot be lowered to linalg: the multiplier 1.000000e+10 (lhs scale * rhs scale / output scale) is out of the fixed-point range}}
  %0 = qnn.mul %a, %b {lhs_params = #qnn.params<i8, scale = 1.0e5, zp = 0>, rhs_params = #qnn.params<i8, scale = 1.0e5, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}
