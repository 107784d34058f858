// RUN: quant-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{storage bit width must be in 2..16 (or 32 for accumulators), got 17}}
func.func @bits_range() attributes {p = #qnn.params<i17, scale = 1.0>} { return }

// -----

// expected-error @+1 {{storage bit width must be in 2..16 (or 32 for accumulators), got 1}}
func.func @bits_range_low() attributes {p = #qnn.params<i1, scale = 1.0>} { return }

// -----

// expected-error @+1 {{expected at least one scale}}
func.func @no_scale() attributes {p = #qnn.params<i8, zps = []>} { return }

// -----

// expected-error @+1 {{axis must be non-negative, got -2}}
func.func @neg_axis() attributes {p = #qnn.params<i8, axis = -2, scales = [1.0]>} { return }

// -----

// expected-error @+1 {{per-tensor parameters need exactly one scale, got 2}}
func.func @per_tensor_two() attributes {p = #qnn.params<i8, scales = [1.0, 2.0]>} { return }

// -----

// expected-error @+1 {{expected as many zero points as scales (2), got 1}}
func.func @zp_count() attributes {p = #qnn.params<i8, axis = 0, scales = [1.0, 2.0], zps = [0]>} { return }

// -----

// expected-error @+1 {{scale must be positive and finite, got 0}}
func.func @zero_scale() attributes {p = #qnn.params<i8, scale = 0.0>} { return }

// -----

// expected-error @+1 {{scale must be positive and finite, got -5.000000e-01}}
func.func @negative_scale() attributes {p = #qnn.params<i8, scale = -0.5>} { return }

// -----

// expected-error @+1 {{scale must be positive and finite, got INF}}
func.func @inf_scale() attributes {p = #qnn.params<i8, scale = 0x7FF0000000000000>} { return }

// -----

// expected-error @+1 {{scale must be positive and finite, got nan}}
func.func @nan_scale() attributes {p = #qnn.params<i8, scale = 0x7FF8000000000000>} { return }

// -----

// expected-error @+1 {{zero point 200 is outside the storage range [-128, 127]}}
func.func @zp_range() attributes {p = #qnn.params<i8, scale = 1.0, zp = 200>} { return }

// -----

// expected-error @+1 {{zero point 0 is outside the storage range [1, 255]}}
func.func @zp_range_narrow_unsigned() attributes {p = #qnn.params<ui8 narrow, scale = 1.0, zp = 0>} { return }

// -----

// expected-error @+1 {{expected a storage type iN (signed) or uiN (unsigned)}}
func.func @storage_type() attributes {p = #qnn.params<si8, scale = 1.0>} { return }

// -----

// expected-error @+1 {{unknown key 'offset' (expected scale, zp, axis, scales or zps)}}
func.func @unknown_key() attributes {p = #qnn.params<i8, offset = 1>} { return }

// -----

func.func @sim_bits(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'qnn.simulated_quantize' op bits must be in 2..16, got 17}}
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, bits = 17} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @sim_disagree(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{disagree with the requested grid (bits = 8, is_signed = true, narrow_range = false)}}
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, params = #qnn.params<ui8, scale = 1.0>} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @sim_req_axis(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{requested axis 2 is out of range for rank 2}}
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<weight>, axis = 2} : tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @sim_req_axis_bound(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{bound parameters must be per-axis on the requested axis 0}}
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<weight>, axis = 0, params = #qnn.params<i8, scale = 1.0>} : tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @sim_axis_rank(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{quantization axis 2 is out of range for a tensor of rank 2}}
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<weight>, params = #qnn.params<i8, axis = 2, scales = [1.0]>} : tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @sim_axis_len(%x: tensor<4x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{per-axis parameters have 2 scales but dimension 1 has size 3}}
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<weight>, params = #qnn.params<i8, axis = 1, scales = [1.0, 2.0], zps = [0, 0]>} : tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @quantize_acc(%x: tensor<4xf32>) -> tensor<4xi32> {
  // expected-error @+1 {{cannot quantize to a 32-bit accumulator grid}}
  %0 = qnn.quantize %x {params = #qnn.params<i32, scale = 1.0>} : tensor<4xf32> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @quantize_type(%x: tensor<4xf32>) -> tensor<4xi16> {
  // expected-error @+1 {{result: element type 'i16' does not match the 8-bit storage of the parameters}}
  %0 = qnn.quantize %x {params = #qnn.params<i8, scale = 1.0>} : tensor<4xf32> -> tensor<4xi16>
  return %0 : tensor<4xi16>
}

// -----

func.func @quantize_axis(%x: tensor<4x2xf32>) -> tensor<4x2xi8> {
  // expected-error @+1 {{result: per-axis parameters have 3 scales but dimension 1 has size 2}}
  %0 = qnn.quantize %x {params = #qnn.params<i8, axis = 1, scales = [1.0, 1.0, 1.0], zps = [0, 0, 0]>} : tensor<4x2xf32> -> tensor<4x2xi8>
  return %0 : tensor<4x2xi8>
}

// -----

func.func @dequantize_type(%x: tensor<4xi16>) -> tensor<4xf32> {
  // expected-error @+1 {{input: element type 'i16' does not match the 8-bit storage of the parameters}}
  %0 = qnn.dequantize %x {params = #qnn.params<i8, scale = 1.0>} : tensor<4xi16> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @requantize_in_type(%x: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{input: element type 'i8' does not match the 32-bit storage of the parameters}}
  %0 = qnn.requantize %x {input_params = #qnn.params<i32, scale = 1.0>, output_params = #qnn.params<i8, scale = 1.0>} : tensor<4xi8> -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @requantize_to_acc(%x: tensor<4xi8>) -> tensor<4xi32> {
  // expected-error @+1 {{cannot requantize to a 32-bit accumulator grid}}
  %0 = qnn.requantize %x {input_params = #qnn.params<i8, scale = 1.0>, output_params = #qnn.params<i32, scale = 1.0>} : tensor<4xi8> -> tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @conv_rank(%x: tensor<8x8x3xi8>, %w: tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{expects rank-4 input (NHWC), weight (FHWC) and result (NHWF)}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<8x8x3xi8>, tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32>
  return %0 : tensor<1x6x6x4xi32>
}

// -----

func.func @conv_attr_count(%x: tensor<1x8x8x3xi8>, %w: tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{expects 2 strides, 2 dilations and 4 pads [top, bottom, left, right]}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32>
  return %0 : tensor<1x6x6x4xi32>
}

// -----

func.func @conv_stride(%x: tensor<1x8x8x3xi8>, %w: tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{strides must be positive}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 0, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32>
  return %0 : tensor<1x6x6x4xi32>
}

// -----

func.func @conv_dilation(%x: tensor<1x8x8x3xi8>, %w: tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{dilations must be positive}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, -1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32>
  return %0 : tensor<1x6x6x4xi32>
}

// -----

func.func @conv_pad(%x: tensor<1x8x8x3xi8>, %w: tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{pads must be non-negative}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, -1, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32>
  return %0 : tensor<1x6x6x4xi32>
}

// -----

func.func @conv_groups(%x: tensor<1x8x8x3xi8>, %w: tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{groups must be positive, got 0}}
  %0 = qnn.conv2d %x, %w {groups = 0, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32>
  return %0 : tensor<1x6x6x4xi32>
}

// -----

func.func @conv_zp(%x: tensor<1x8x8x3xi8>, %w: tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{input zero point 200 is outside the range [-128, 127] of signed 'i8'}}
  %0 = qnn.conv2d %x, %w {input_zp = 200, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32>
  return %0 : tensor<1x6x6x4xi32>
}

// -----

func.func @conv_weight_zp(%x: tensor<1x8x8x3xi8>, %w: tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{weight zero point -1 is outside the range [0, 255] of unsigned 'i8'}}
  %0 = qnn.conv2d %x, %w {weight_zp = -1, weight_unsigned = true, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>) -> tensor<1x6x6x4xi32>
  return %0 : tensor<1x6x6x4xi32>
}

// -----

func.func @conv_group_div(%x: tensor<1x8x8x3xi8>, %w: tensor<4x3x3x1xi8>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{input channels (3) are not divisible by groups (2)}}
  %0 = qnn.conv2d %x, %w {groups = 2, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x1xi8>) -> tensor<1x6x6x4xi32>
  return %0 : tensor<1x6x6x4xi32>
}

// -----

func.func @conv_group_channels(%x: tensor<1x8x8x4xi8>, %w: tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{weight has 4 channels per group, expected 2 (input channels / groups)}}
  %0 = qnn.conv2d %x, %w {groups = 2, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x4xi8>, tensor<4x3x3x4xi8>) -> tensor<1x6x6x4xi32>
  return %0 : tensor<1x6x6x4xi32>
}

// -----

func.func @conv_out_groups(%x: tensor<1x8x8x4xi8>, %w: tensor<3x3x3x2xi8>) -> tensor<1x6x6x3xi32> {
  // expected-error @+1 {{output channels (3) are not divisible by groups (2)}}
  %0 = qnn.conv2d %x, %w {groups = 2, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x4xi8>, tensor<3x3x3x2xi8>) -> tensor<1x6x6x3xi32>
  return %0 : tensor<1x6x6x3xi32>
}

// -----

func.func @conv_result_channels(%x: tensor<1x8x8x3xi8>, %w: tensor<4x3x3x3xi8>) -> tensor<1x6x6x5xi32> {
  // expected-error @+1 {{result has 5 channels, expected 4}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>) -> tensor<1x6x6x5xi32>
  return %0 : tensor<1x6x6x5xi32>
}

// -----

func.func @conv_batch(%x: tensor<1x8x8x3xi8>, %w: tensor<4x3x3x3xi8>) -> tensor<2x6x6x4xi32> {
  // expected-error @+1 {{batch mismatch between input and result}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>) -> tensor<2x6x6x4xi32>
  return %0 : tensor<2x6x6x4xi32>
}

// -----

func.func @conv_bias(%x: tensor<1x8x8x3xi8>, %w: tensor<4x3x3x3xi8>, %b: tensor<3xi32>) -> tensor<1x6x6x4xi32> {
  // expected-error @+1 {{bias must be a 1-D tensor of 4 elements}}
  %0 = qnn.conv2d %x, %w, %b {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>, tensor<3xi32>) -> tensor<1x6x6x4xi32>
  return %0 : tensor<1x6x6x4xi32>
}

// -----

func.func @conv_kernel_too_big(%x: tensor<1x2x2x3xi8>, %w: tensor<4x3x3x3xi8>) -> tensor<1x1x1x4xi32> {
  // expected-error @+1 {{kernel extent 3 exceeds padded height 2}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x2x2x3xi8>, tensor<4x3x3x3xi8>) -> tensor<1x1x1x4xi32>
  return %0 : tensor<1x1x1x4xi32>
}

// -----

func.func @conv_geometry(%x: tensor<1x8x8x3xi8>, %w: tensor<4x3x3x3xi8>) -> tensor<1x8x6x4xi32> {
  // expected-error @+1 {{result height 8 does not match the geometry (expected 6)}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>) -> tensor<1x8x6x4xi32>
  return %0 : tensor<1x8x6x4xi32>
}

// -----

func.func @conv_geometry_w(%x: tensor<1x8x8x3xi8>, %w: tensor<4x3x3x3xi8>) -> tensor<1x3x4x4xi32> {
  // expected-error @+1 {{result width 4 does not match the geometry (expected 3)}}
  %0 = qnn.conv2d %x, %w {strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>) -> tensor<1x3x4x4xi32>
  return %0 : tensor<1x3x4x4xi32>
}

// -----

func.func @matmul_rank(%a: tensor<4xi8>, %b: tensor<4xi8>) -> tensor<1xi32> {
  // expected-error @+1 {{expects operands and result of equal rank 2 or 3}}
  %0 = qnn.matmul %a, %b : (tensor<4xi8>, tensor<4xi8>) -> tensor<1xi32>
  return %0 : tensor<1xi32>
}

// -----

func.func @matmul_zp(%a: tensor<2x4xi8>, %b: tensor<4x3xi8>) -> tensor<2x3xi32> {
  // expected-error @+1 {{rhs zero point 128 is outside the range [-128, 127] of signed 'i8'}}
  %0 = qnn.matmul %a, %b {rhs_zp = 128} : (tensor<2x4xi8>, tensor<4x3xi8>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

func.func @matmul_k(%a: tensor<2x4xi8>, %b: tensor<5x3xi8>) -> tensor<2x3xi32> {
  // expected-error @+1 {{contraction dimensions differ (4 vs 5)}}
  %0 = qnn.matmul %a, %b : (tensor<2x4xi8>, tensor<5x3xi8>) -> tensor<2x3xi32>
  return %0 : tensor<2x3xi32>
}

// -----

func.func @matmul_mn(%a: tensor<2x4xi8>, %b: tensor<4x3xi8>) -> tensor<2x2xi32> {
  // expected-error @+1 {{result shape does not match M x N of the operands}}
  %0 = qnn.matmul %a, %b : (tensor<2x4xi8>, tensor<4x3xi8>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

func.func @matmul_batch(%a: tensor<2x2x4xi8>, %b: tensor<3x4x3xi8>) -> tensor<2x2x3xi32> {
  // expected-error @+1 {{batch dimensions differ}}
  %0 = qnn.matmul %a, %b : (tensor<2x2x4xi8>, tensor<3x4x3xi8>) -> tensor<2x2x3xi32>
  return %0 : tensor<2x2x3xi32>
}

// -----

func.func @add_per_axis(%a: tensor<2xi8>, %b: tensor<2xi8>) -> tensor<2xi8> {
  // expected-error @+1 {{lhs_params must be per-tensor}}
  %0 = qnn.add %a, %b {lhs_params = #qnn.params<i8, axis = 0, scales = [1.0, 1.0], zps = [0, 0]>, rhs_params = #qnn.params<i8, scale = 1.0>, output_params = #qnn.params<i8, scale = 1.0>} : (tensor<2xi8>, tensor<2xi8>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

func.func @add_bcast(%a: tensor<2x3xi8>, %b: tensor<2x2xi8>) -> tensor<2x3xi8> {
  // expected-error @+1 {{operands: dimension 1 is incompatible (3 vs 2)}}
  %0 = qnn.add %a, %b {lhs_params = #qnn.params<i8, scale = 1.0>, rhs_params = #qnn.params<i8, scale = 1.0>, output_params = #qnn.params<i8, scale = 1.0>} : (tensor<2x3xi8>, tensor<2x2xi8>) -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

func.func @add_rank(%a: tensor<2x3xi8>, %b: tensor<3xi8>) -> tensor<2x3xi8> {
  // expected-error @+1 {{operands: rank mismatch (2 vs 1)}}
  %0 = qnn.add %a, %b {lhs_params = #qnn.params<i8, scale = 1.0>, rhs_params = #qnn.params<i8, scale = 1.0>, output_params = #qnn.params<i8, scale = 1.0>} : (tensor<2x3xi8>, tensor<3xi8>) -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

func.func @mul_types(%a: tensor<2xi8>, %b: tensor<2xi8>) -> tensor<2xi8> {
  // expected-error @+1 {{rhs: element type 'i8' does not match the 16-bit storage of the parameters}}
  %0 = qnn.mul %a, %b {lhs_params = #qnn.params<i8, scale = 1.0>, rhs_params = #qnn.params<i16, scale = 1.0>, output_params = #qnn.params<i8, scale = 1.0>} : (tensor<2xi8>, tensor<2xi8>) -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

func.func @concat_params(%a: tensor<2xi8>, %b: tensor<2xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{expects one input_params entry per input (2), got 1}}
  %0 = qnn.concat %a, %b {axis = 0, input_params = [#qnn.params<i8, scale = 1.0>], output_params = #qnn.params<i8, scale = 1.0>} : (tensor<2xi8>, tensor<2xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @concat_axis(%a: tensor<2xi8>, %b: tensor<2xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{axis 1 is out of range for rank 1}}
  %0 = qnn.concat %a, %b {axis = 1, input_params = [#qnn.params<i8, scale = 1.0>, #qnn.params<i8, scale = 1.0>], output_params = #qnn.params<i8, scale = 1.0>} : (tensor<2xi8>, tensor<2xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @concat_rank(%a: tensor<2xi8>, %b: tensor<2x1xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{input 1 has rank 2, expected 1}}
  %0 = qnn.concat %a, %b {axis = 0, input_params = [#qnn.params<i8, scale = 1.0>, #qnn.params<i8, scale = 1.0>], output_params = #qnn.params<i8, scale = 1.0>} : (tensor<2xi8>, tensor<2x1xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @concat_dim(%a: tensor<2x3xi8>, %b: tensor<2x4xi8>) -> tensor<4x3xi8> {
  // expected-error @+1 {{input 1 dimension 1 is 4, expected 3}}
  %0 = qnn.concat %a, %b {axis = 0, input_params = [#qnn.params<i8, scale = 1.0>, #qnn.params<i8, scale = 1.0>], output_params = #qnn.params<i8, scale = 1.0>} : (tensor<2x3xi8>, tensor<2x4xi8>) -> tensor<4x3xi8>
  return %0 : tensor<4x3xi8>
}

// -----

func.func @concat_sum(%a: tensor<2xi8>, %b: tensor<2xi8>) -> tensor<5xi8> {
  // expected-error @+1 {{result dimension 0 is 5, expected the sum of the inputs (4)}}
  %0 = qnn.concat %a, %b {axis = 0, input_params = [#qnn.params<i8, scale = 1.0>, #qnn.params<i8, scale = 1.0>], output_params = #qnn.params<i8, scale = 1.0>} : (tensor<2xi8>, tensor<2xi8>) -> tensor<5xi8>
  return %0 : tensor<5xi8>
}

// -----

func.func @concat_empty() -> tensor<4xi8> {
  // expected-error @+1 {{expects at least one input}}
  %0 = "qnn.concat"() {axis = 0 : i64, input_params = [], output_params = #qnn.params<i8, scale = 1.0>} : () -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @pool_rank(%x: tensor<4x4x2xi8>) -> tensor<2x2x2xi8> {
  // expected-error @+1 {{expects rank-4 (NHWC) input and result}}
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : tensor<4x4x2xi8> -> tensor<2x2x2xi8>
  return %0 : tensor<2x2x2xi8>
}

// -----

func.func @pool_types(%x: tensor<1x4x4x2xi8>) -> tensor<1x2x2x2xi16> {
  // expected-error @+1 {{input and result element types differ ('i8' vs 'i16')}}
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x4x4x2xi8> -> tensor<1x2x2x2xi16>
  return %0 : tensor<1x2x2x2xi16>
}

// -----

func.func @pool_counts(%x: tensor<1x4x4x2xi8>) -> tensor<1x2x2x2xi8> {
  // expected-error @+1 {{expects 2 kernel sizes, 2 strides and 4 pads}}
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x4x4x2xi8> -> tensor<1x2x2x2xi8>
  return %0 : tensor<1x2x2x2xi8>
}

// -----

func.func @pool_kernel(%x: tensor<1x4x4x2xi8>) -> tensor<1x2x2x2xi8> {
  // expected-error @+1 {{kernel sizes must be positive}}
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 0, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x4x4x2xi8> -> tensor<1x2x2x2xi8>
  return %0 : tensor<1x2x2x2xi8>
}

// -----

func.func @pool_stride(%x: tensor<1x4x4x2xi8>) -> tensor<1x2x2x2xi8> {
  // expected-error @+1 {{strides must be positive}}
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 0>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x4x4x2xi8> -> tensor<1x2x2x2xi8>
  return %0 : tensor<1x2x2x2xi8>
}

// -----

func.func @pool_pad(%x: tensor<1x4x4x2xi8>) -> tensor<1x2x2x2xi8> {
  // expected-error @+1 {{pads must be non-negative}}
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, -1, 0>} : tensor<1x4x4x2xi8> -> tensor<1x2x2x2xi8>
  return %0 : tensor<1x2x2x2xi8>
}

// -----

func.func @pool_pad_kernel(%x: tensor<1x4x4x2xi8>) -> tensor<1x4x4x2xi8> {
  // expected-error @+1 {{padding must be smaller than the kernel}}
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 2, 2, 0, 0>} : tensor<1x4x4x2xi8> -> tensor<1x4x4x2xi8>
  return %0 : tensor<1x4x4x2xi8>
}

// -----

func.func @pool_zp(%x: tensor<1x4x4x2xi8>) -> tensor<1x2x2x2xi8> {
  // expected-error @+1 {{zero point 300 is outside the range [0, 255] of unsigned 'i8'}}
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, zp = 300, is_unsigned = true} : tensor<1x4x4x2xi8> -> tensor<1x2x2x2xi8>
  return %0 : tensor<1x2x2x2xi8>
}

// -----

func.func @pool_kernel_big(%x: tensor<1x1x4x2xi8>) -> tensor<1x1x2x2xi8> {
  // expected-error @+1 {{kernel exceeds the padded input}}
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x1x4x2xi8> -> tensor<1x1x2x2xi8>
  return %0 : tensor<1x1x2x2xi8>
}

// -----

func.func @pool_geometry(%x: tensor<1x4x4x2xi8>) -> tensor<1x3x2x2xi8> {
  // expected-error @+1 {{result height 3 does not match the geometry (expected 2)}}
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x4x4x2xi8> -> tensor<1x3x2x2xi8>
  return %0 : tensor<1x3x2x2xi8>
}

// -----

func.func @pool_channels(%x: tensor<1x4x4x2xi8>) -> tensor<1x2x2x3xi8> {
  // expected-error @+1 {{dimension 3 differs between input and result}}
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>} : tensor<1x4x4x2xi8> -> tensor<1x2x2x3xi8>
  return %0 : tensor<1x2x2x3xi8>
}

// -----

func.func @clamp_bounds(%x: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{min (5) is greater than max (-5)}}
  %0 = qnn.clamp %x {min = 5, max = -5} : tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// Bounds beyond the storage range are allowed (they act as the range), but
// [min, max] must hold a storable value.
func.func @clamp_no_storable_value(%x: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{[200, 300] holds no value of the range [-128, 127] of signed 'i8'}}
  %0 = qnn.clamp %x {min = 200, max = 300} : tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @clamp_no_storable_value_unsigned(%x: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{[-10, -1] holds no value of the range [0, 255] of unsigned 'i8'}}
  %0 = qnn.clamp %x {min = -10, max = -1, is_unsigned = true} : tensor<4xi8>
  return %0 : tensor<4xi8>
}
