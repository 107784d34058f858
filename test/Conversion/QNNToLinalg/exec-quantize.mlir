// RUN: quant-opt %s --qnn-lower-to-llvm | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_lib_dir/libmlir_c_runner_utils.so,%mlir_lib_dir/libmlir_runner_utils.so | %python %quant_src_root/test/lit-tools/check_expected.py %s
// qnn.quantize / qnn.dequantize / qnn.simulated_quantize: ties for every rounding
// mode, saturation, unsigned and narrow grids, per-axis, i4 / ui16 storage, f16 /
// f64 inputs, i32 accumulator dequantize, unbound simulated_quantize (identity).
// Inputs and scales are dyadic, so float and exact arithmetic agree; expected
// values: python fractions of clamp(round(x / s) + zp) and (q - zp) * s.
// Values are printed flattened (row-major), one line per case, in order.
// q_i8_half_to_even: scale 0.5, zp 3
//   EXPECTED q_i8_half_to_even: 5 1 5 1 3 127 -128 3 3 127
// q_i8_half_away_from_zero: scale 0.5, zp 3
//   EXPECTED q_i8_half_away_from_zero: 6 0 5 1 3 127 -128 3 3 127
// q_i8_upward: scale 0.5, zp 3
//   EXPECTED q_i8_upward: 6 1 5 2 3 127 -128 3 3 127
// q_u8_half_to_even: ui8 scale 0.25 zp 128 (printed unsigned)
//   EXPECTED q_u8_half_to_even: 0 0 0 255 255 255 128 128
// q_u8_half_away_from_zero: ui8 scale 0.25 zp 128 (printed unsigned)
//   EXPECTED q_u8_half_away_from_zero: 0 0 0 255 255 255 129 127
// q_u8_upward: ui8 scale 0.25 zp 128 (printed unsigned)
//   EXPECTED q_u8_upward: 0 0 0 255 255 255 129 128
// q_axis_narrow_half_to_even: per-axis (axis 1), narrow i8
//   EXPECTED q_axis_narrow_half_to_even: 0 3 1 -127 0 -1 -3 127
// q_axis_narrow_half_away_from_zero: per-axis (axis 1), narrow i8
//   EXPECTED q_axis_narrow_half_away_from_zero: 1 3 2 -127 -1 -1 -4 127
// q_axis_narrow_upward: per-axis (axis 1), narrow i8
//   EXPECTED q_axis_narrow_upward: 1 3 2 -127 0 0 -3 127
// q_i4_f16: f16 input, i4 storage
//   EXPECTED q_i4_f16: 7 -8 4 -2 0
// q_u16_f64: f64 input, ui16 zp 32768 (printed unsigned)
//   EXPECTED q_u16_f64: 32769 30768 65535 32773
// dq_u8: ui8 zp 128 scale 0.25
//   EXPECTED dq_u8: -32.0 31.75 0.0 0.5
// dq_axis: per-axis axis 0
//   EXPECTED dq_axis: -63.5 0.5 64.0 0.375 -0.875 -0.125
// dq_i32: i32 accumulator grid, zp -5 (i64 subtraction)
//   EXPECTED dq_i32: 2048.0 -2048.0 4.76837158203125e-06
// dq_i4_f16: i4 -> f16
//   EXPECTED dq_i4_f16: -4.5 3.0 -0.5
// sq_half_to_even: bound, i8 scale 0.5 zp 3
//   EXPECTED sq_half_to_even: 1.0 -1.0 1.0 -1.0 0.0 62.0 -65.5 0.0 0.0 62.0
// sq_half_away_from_zero: bound, i8 scale 0.5 zp 3
//   EXPECTED sq_half_away_from_zero: 1.5 -1.5 1.0 -1.0 0.0 62.0 -65.5 0.0 0.0 62.0
// sq_upward: bound, i8 scale 0.5 zp 3
//   EXPECTED sq_upward: 1.5 -1.0 1.0 -0.5 0.0 62.0 -65.5 0.0 0.0 62.0
// sq_axis_u4: per-axis ui4, upward
//   EXPECTED sq_axis_u4: 0.5 0.5 3.0 -4.0 0.0 -0.25 -2.0 3.5
// sq_unbound: unbound: identity
//   EXPECTED sq_unbound: 0.30000001192092896 -7.769999980926514 1000000.0
// sq_f16: f16, narrow i8
//   EXPECTED sq_f16: 1.0 -1.0 63.5

func.func private @printMemrefI32(tensor<*xi32>)
func.func private @printMemrefF32(tensor<*xf32>)

func.func @q_i8_half_to_even(%a0: tensor<10xf32>) -> tensor<10xi8> {
  %r = qnn.quantize %a0 {params = #qnn.params<i8, scale = 0.5, zp = 3>, rounding = #qnn.rounding<half_to_even>} : tensor<10xf32> -> tensor<10xi8>
  return %r : tensor<10xi8>
}
func.func @q_i8_half_away_from_zero(%a0: tensor<10xf32>) -> tensor<10xi8> {
  %r = qnn.quantize %a0 {params = #qnn.params<i8, scale = 0.5, zp = 3>, rounding = #qnn.rounding<half_away_from_zero>} : tensor<10xf32> -> tensor<10xi8>
  return %r : tensor<10xi8>
}
func.func @q_i8_upward(%a0: tensor<10xf32>) -> tensor<10xi8> {
  %r = qnn.quantize %a0 {params = #qnn.params<i8, scale = 0.5, zp = 3>, rounding = #qnn.rounding<upward>} : tensor<10xf32> -> tensor<10xi8>
  return %r : tensor<10xi8>
}
func.func @q_u8_half_to_even(%a0: tensor<8xf32>) -> tensor<8xi8> {
  %r = qnn.quantize %a0 {params = #qnn.params<ui8, scale = 0.25, zp = 128>, rounding = #qnn.rounding<half_to_even>} : tensor<8xf32> -> tensor<8xi8>
  return %r : tensor<8xi8>
}
func.func @q_u8_half_away_from_zero(%a0: tensor<8xf32>) -> tensor<8xi8> {
  %r = qnn.quantize %a0 {params = #qnn.params<ui8, scale = 0.25, zp = 128>, rounding = #qnn.rounding<half_away_from_zero>} : tensor<8xf32> -> tensor<8xi8>
  return %r : tensor<8xi8>
}
func.func @q_u8_upward(%a0: tensor<8xf32>) -> tensor<8xi8> {
  %r = qnn.quantize %a0 {params = #qnn.params<ui8, scale = 0.25, zp = 128>, rounding = #qnn.rounding<upward>} : tensor<8xf32> -> tensor<8xi8>
  return %r : tensor<8xi8>
}
func.func @q_axis_narrow_half_to_even(%a0: tensor<2x4xf32>) -> tensor<2x4xi8> {
  %r = qnn.quantize %a0 {params = #qnn.params<i8 narrow, axis = 1, scales = [0.5, 0.25, 1.0, 0.5], zps = [0, 1, -1, 0]>, rounding = #qnn.rounding<half_to_even>} : tensor<2x4xf32> -> tensor<2x4xi8>
  return %r : tensor<2x4xi8>
}
func.func @q_axis_narrow_half_away_from_zero(%a0: tensor<2x4xf32>) -> tensor<2x4xi8> {
  %r = qnn.quantize %a0 {params = #qnn.params<i8 narrow, axis = 1, scales = [0.5, 0.25, 1.0, 0.5], zps = [0, 1, -1, 0]>, rounding = #qnn.rounding<half_away_from_zero>} : tensor<2x4xf32> -> tensor<2x4xi8>
  return %r : tensor<2x4xi8>
}
func.func @q_axis_narrow_upward(%a0: tensor<2x4xf32>) -> tensor<2x4xi8> {
  %r = qnn.quantize %a0 {params = #qnn.params<i8 narrow, axis = 1, scales = [0.5, 0.25, 1.0, 0.5], zps = [0, 1, -1, 0]>, rounding = #qnn.rounding<upward>} : tensor<2x4xf32> -> tensor<2x4xi8>
  return %r : tensor<2x4xi8>
}
func.func @q_i4_f16(%a0: tensor<5xf16>) -> tensor<5xi4> {
  %r = qnn.quantize %a0 {params = #qnn.params<i4, scale = 1.0, zp = 0>, rounding = #qnn.rounding<half_to_even>} : tensor<5xf16> -> tensor<5xi4>
  return %r : tensor<5xi4>
}
func.func @q_u16_f64(%a0: tensor<4xf64>) -> tensor<4xi16> {
  %r = qnn.quantize %a0 {params = #qnn.params<ui16, scale = 0.5, zp = 32768>, rounding = #qnn.rounding<half_away_from_zero>} : tensor<4xf64> -> tensor<4xi16>
  return %r : tensor<4xi16>
}
func.func @dq_u8(%a0: tensor<4xi8>) -> tensor<4xf32> {
  %r = qnn.dequantize %a0 {params = #qnn.params<ui8, scale = 0.25, zp = 128>} : tensor<4xi8> -> tensor<4xf32>
  return %r : tensor<4xf32>
}
func.func @dq_axis(%a0: tensor<2x3xi8>) -> tensor<2x3xf32> {
  %r = qnn.dequantize %a0 {params = #qnn.params<i8, axis = 0, scales = [0.5, 0.125], zps = [-1, 2]>} : tensor<2x3xi8> -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
func.func @dq_i32(%a0: tensor<3xi32>) -> tensor<3xf32> {
  %r = qnn.dequantize %a0 {params = #qnn.params<i32, scale = 9.5367431640625e-07, zp = -5>} : tensor<3xi32> -> tensor<3xf32>
  return %r : tensor<3xf32>
}
func.func @dq_i4_f16(%a0: tensor<3xi4>) -> tensor<3xf16> {
  %r = qnn.dequantize %a0 {params = #qnn.params<i4, scale = 0.5, zp = 1>} : tensor<3xi4> -> tensor<3xf16>
  return %r : tensor<3xf16>
}
func.func @sq_half_to_even(%a0: tensor<10xf32>) -> tensor<10xf32> {
  %r = qnn.simulated_quantize %a0 {kind = #qnn.kind<activation>, bits = 8 : i64, is_signed = true, narrow_range = false, rounding = #qnn.rounding<half_to_even>, params = #qnn.params<i8, scale = 0.5, zp = 3>} : tensor<10xf32>
  return %r : tensor<10xf32>
}
func.func @sq_half_away_from_zero(%a0: tensor<10xf32>) -> tensor<10xf32> {
  %r = qnn.simulated_quantize %a0 {kind = #qnn.kind<activation>, bits = 8 : i64, is_signed = true, narrow_range = false, rounding = #qnn.rounding<half_away_from_zero>, params = #qnn.params<i8, scale = 0.5, zp = 3>} : tensor<10xf32>
  return %r : tensor<10xf32>
}
func.func @sq_upward(%a0: tensor<10xf32>) -> tensor<10xf32> {
  %r = qnn.simulated_quantize %a0 {kind = #qnn.kind<activation>, bits = 8 : i64, is_signed = true, narrow_range = false, rounding = #qnn.rounding<upward>, params = #qnn.params<i8, scale = 0.5, zp = 3>} : tensor<10xf32>
  return %r : tensor<10xf32>
}
func.func @sq_axis_u4(%a0: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %r = qnn.simulated_quantize %a0 {kind = #qnn.kind<activation>, bits = 4 : i64, is_signed = false, narrow_range = false, rounding = #qnn.rounding<upward>, params = #qnn.params<ui4, axis = 1, scales = [0.5, 0.25, 1.0, 0.5], zps = [0, 1, 3, 8]>} : tensor<2x4xf32>
  return %r : tensor<2x4xf32>
}
func.func @sq_unbound(%a0: tensor<3xf32>) -> tensor<3xf32> {
  %r = qnn.simulated_quantize %a0 {kind = #qnn.kind<activation>, bits = 8 : i64, is_signed = true, narrow_range = false, rounding = #qnn.rounding<half_to_even>} : tensor<3xf32>
  return %r : tensor<3xf32>
}
func.func @sq_f16(%a0: tensor<3xf16>) -> tensor<3xf16> {
  %r = qnn.simulated_quantize %a0 {kind = #qnn.kind<activation>, bits = 8 : i64, is_signed = true, narrow_range = true, rounding = #qnn.rounding<half_to_even>, params = #qnn.params<i8 narrow, scale = 0.5, zp = 0>} : tensor<3xf16>
  return %r : tensor<3xf16>
}
func.func @main() {
  %c0_0 = arith.constant dense<[1.25, -1.25, 0.75, -0.75, 0.0, 200.0, -200.0, 0.2, -0.2, 63.75]> : tensor<10xf32>
  %r0 = call @q_i8_half_to_even(%c0_0) : (tensor<10xf32>) -> tensor<10xi8>
  %e0 = tensor.empty() : tensor<10xi32>
  %w0 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r0 : tensor<10xi8>) outs(%e0 : tensor<10xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<10xi32>
  %u0 = tensor.cast %w0 : tensor<10xi32> to tensor<*xi32>
  call @printMemrefI32(%u0) : (tensor<*xi32>) -> ()
  %c1_0 = arith.constant dense<[1.25, -1.25, 0.75, -0.75, 0.0, 200.0, -200.0, 0.2, -0.2, 63.75]> : tensor<10xf32>
  %r1 = call @q_i8_half_away_from_zero(%c1_0) : (tensor<10xf32>) -> tensor<10xi8>
  %e1 = tensor.empty() : tensor<10xi32>
  %w1 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r1 : tensor<10xi8>) outs(%e1 : tensor<10xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<10xi32>
  %u1 = tensor.cast %w1 : tensor<10xi32> to tensor<*xi32>
  call @printMemrefI32(%u1) : (tensor<*xi32>) -> ()
  %c2_0 = arith.constant dense<[1.25, -1.25, 0.75, -0.75, 0.0, 200.0, -200.0, 0.2, -0.2, 63.75]> : tensor<10xf32>
  %r2 = call @q_i8_upward(%c2_0) : (tensor<10xf32>) -> tensor<10xi8>
  %e2 = tensor.empty() : tensor<10xi32>
  %w2 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r2 : tensor<10xi8>) outs(%e2 : tensor<10xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<10xi32>
  %u2 = tensor.cast %w2 : tensor<10xi32> to tensor<*xi32>
  call @printMemrefI32(%u2) : (tensor<*xi32>) -> ()
  %c3_0 = arith.constant dense<[-32.0, -32.125, -32.25, 31.75, 31.875, 40.0, 0.125, -0.125]> : tensor<8xf32>
  %r3 = call @q_u8_half_to_even(%c3_0) : (tensor<8xf32>) -> tensor<8xi8>
  %e3 = tensor.empty() : tensor<8xi32>
  %w3 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r3 : tensor<8xi8>) outs(%e3 : tensor<8xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extui %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<8xi32>
  %u3 = tensor.cast %w3 : tensor<8xi32> to tensor<*xi32>
  call @printMemrefI32(%u3) : (tensor<*xi32>) -> ()
  %c4_0 = arith.constant dense<[-32.0, -32.125, -32.25, 31.75, 31.875, 40.0, 0.125, -0.125]> : tensor<8xf32>
  %r4 = call @q_u8_half_away_from_zero(%c4_0) : (tensor<8xf32>) -> tensor<8xi8>
  %e4 = tensor.empty() : tensor<8xi32>
  %w4 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r4 : tensor<8xi8>) outs(%e4 : tensor<8xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extui %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<8xi32>
  %u4 = tensor.cast %w4 : tensor<8xi32> to tensor<*xi32>
  call @printMemrefI32(%u4) : (tensor<*xi32>) -> ()
  %c5_0 = arith.constant dense<[-32.0, -32.125, -32.25, 31.75, 31.875, 40.0, 0.125, -0.125]> : tensor<8xf32>
  %r5 = call @q_u8_upward(%c5_0) : (tensor<8xf32>) -> tensor<8xi8>
  %e5 = tensor.empty() : tensor<8xi32>
  %w5 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r5 : tensor<8xi8>) outs(%e5 : tensor<8xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extui %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<8xi32>
  %u5 = tensor.cast %w5 : tensor<8xi32> to tensor<*xi32>
  call @printMemrefI32(%u5) : (tensor<*xi32>) -> ()
  %c6_0 = arith.constant dense<[0.25, 0.375, 2.5, -64.0, -0.25, -0.375, -2.5, 100.0]> : tensor<8xf32>
  %s6_0 = tensor.expand_shape %c6_0 [[0, 1]] output_shape [2, 4] : tensor<8xf32> into tensor<2x4xf32>
  %r6 = call @q_axis_narrow_half_to_even(%s6_0) : (tensor<2x4xf32>) -> tensor<2x4xi8>
  %f6 = tensor.collapse_shape %r6 [[0, 1]] : tensor<2x4xi8> into tensor<8xi8>
  %e6 = tensor.empty() : tensor<8xi32>
  %w6 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f6 : tensor<8xi8>) outs(%e6 : tensor<8xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<8xi32>
  %u6 = tensor.cast %w6 : tensor<8xi32> to tensor<*xi32>
  call @printMemrefI32(%u6) : (tensor<*xi32>) -> ()
  %c7_0 = arith.constant dense<[0.25, 0.375, 2.5, -64.0, -0.25, -0.375, -2.5, 100.0]> : tensor<8xf32>
  %s7_0 = tensor.expand_shape %c7_0 [[0, 1]] output_shape [2, 4] : tensor<8xf32> into tensor<2x4xf32>
  %r7 = call @q_axis_narrow_half_away_from_zero(%s7_0) : (tensor<2x4xf32>) -> tensor<2x4xi8>
  %f7 = tensor.collapse_shape %r7 [[0, 1]] : tensor<2x4xi8> into tensor<8xi8>
  %e7 = tensor.empty() : tensor<8xi32>
  %w7 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f7 : tensor<8xi8>) outs(%e7 : tensor<8xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<8xi32>
  %u7 = tensor.cast %w7 : tensor<8xi32> to tensor<*xi32>
  call @printMemrefI32(%u7) : (tensor<*xi32>) -> ()
  %c8_0 = arith.constant dense<[0.25, 0.375, 2.5, -64.0, -0.25, -0.375, -2.5, 100.0]> : tensor<8xf32>
  %s8_0 = tensor.expand_shape %c8_0 [[0, 1]] output_shape [2, 4] : tensor<8xf32> into tensor<2x4xf32>
  %r8 = call @q_axis_narrow_upward(%s8_0) : (tensor<2x4xf32>) -> tensor<2x4xi8>
  %f8 = tensor.collapse_shape %r8 [[0, 1]] : tensor<2x4xi8> into tensor<8xi8>
  %e8 = tensor.empty() : tensor<8xi32>
  %w8 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f8 : tensor<8xi8>) outs(%e8 : tensor<8xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<8xi32>
  %u8 = tensor.cast %w8 : tensor<8xi32> to tensor<*xi32>
  call @printMemrefI32(%u8) : (tensor<*xi32>) -> ()
  %c9_0 = arith.constant dense<[7.5, -8.5, 3.5, -2.5, 0.5]> : tensor<5xf16>
  %r9 = call @q_i4_f16(%c9_0) : (tensor<5xf16>) -> tensor<5xi4>
  %e9 = tensor.empty() : tensor<5xi32>
  %w9 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r9 : tensor<5xi4>) outs(%e9 : tensor<5xi32>) {
  ^bb0(%x: i4, %y: i32):
    %v = arith.extsi %x : i4 to i32
    linalg.yield %v : i32
  } -> tensor<5xi32>
  %u9 = tensor.cast %w9 : tensor<5xi32> to tensor<*xi32>
  call @printMemrefI32(%u9) : (tensor<*xi32>) -> ()
  %c10_0 = arith.constant dense<[0.5, -1000.0, 70000.0, 2.25]> : tensor<4xf64>
  %r10 = call @q_u16_f64(%c10_0) : (tensor<4xf64>) -> tensor<4xi16>
  %e10 = tensor.empty() : tensor<4xi32>
  %w10 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r10 : tensor<4xi16>) outs(%e10 : tensor<4xi32>) {
  ^bb0(%x: i16, %y: i32):
    %v = arith.extui %x : i16 to i32
    linalg.yield %v : i32
  } -> tensor<4xi32>
  %u10 = tensor.cast %w10 : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%u10) : (tensor<*xi32>) -> ()
  %c11_0 = arith.constant dense<[0, -1, -128, -126]> : tensor<4xi8>
  %r11 = call @dq_u8(%c11_0) : (tensor<4xi8>) -> tensor<4xf32>
  %u11 = tensor.cast %r11 : tensor<4xf32> to tensor<*xf32>
  call @printMemrefF32(%u11) : (tensor<*xf32>) -> ()
  %c12_0 = arith.constant dense<[-128, 0, 127, 5, -5, 1]> : tensor<6xi8>
  %s12_0 = tensor.expand_shape %c12_0 [[0, 1]] output_shape [2, 3] : tensor<6xi8> into tensor<2x3xi8>
  %r12 = call @dq_axis(%s12_0) : (tensor<2x3xi8>) -> tensor<2x3xf32>
  %f12 = tensor.collapse_shape %r12 [[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
  %u12 = tensor.cast %f12 : tensor<6xf32> to tensor<*xf32>
  call @printMemrefF32(%u12) : (tensor<*xf32>) -> ()
  %c13_0 = arith.constant dense<[2147483647, -2147483648, 0]> : tensor<3xi32>
  %r13 = call @dq_i32(%c13_0) : (tensor<3xi32>) -> tensor<3xf32>
  %u13 = tensor.cast %r13 : tensor<3xf32> to tensor<*xf32>
  call @printMemrefF32(%u13) : (tensor<*xf32>) -> ()
  %c14_0 = arith.constant dense<[-8, 7, 0]> : tensor<3xi4>
  %r14 = call @dq_i4_f16(%c14_0) : (tensor<3xi4>) -> tensor<3xf16>
  %e14 = tensor.empty() : tensor<3xf32>
  %w14 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r14 : tensor<3xf16>) outs(%e14 : tensor<3xf32>) {
  ^bb0(%x: f16, %y: f32):
    %v = arith.extf %x : f16 to f32
    linalg.yield %v : f32
  } -> tensor<3xf32>
  %u14 = tensor.cast %w14 : tensor<3xf32> to tensor<*xf32>
  call @printMemrefF32(%u14) : (tensor<*xf32>) -> ()
  %c15_0 = arith.constant dense<[1.25, -1.25, 0.75, -0.75, 0.0, 200.0, -200.0, 0.2, -0.2, 63.75]> : tensor<10xf32>
  %r15 = call @sq_half_to_even(%c15_0) : (tensor<10xf32>) -> tensor<10xf32>
  %u15 = tensor.cast %r15 : tensor<10xf32> to tensor<*xf32>
  call @printMemrefF32(%u15) : (tensor<*xf32>) -> ()
  %c16_0 = arith.constant dense<[1.25, -1.25, 0.75, -0.75, 0.0, 200.0, -200.0, 0.2, -0.2, 63.75]> : tensor<10xf32>
  %r16 = call @sq_half_away_from_zero(%c16_0) : (tensor<10xf32>) -> tensor<10xf32>
  %u16 = tensor.cast %r16 : tensor<10xf32> to tensor<*xf32>
  call @printMemrefF32(%u16) : (tensor<*xf32>) -> ()
  %c17_0 = arith.constant dense<[1.25, -1.25, 0.75, -0.75, 0.0, 200.0, -200.0, 0.2, -0.2, 63.75]> : tensor<10xf32>
  %r17 = call @sq_upward(%c17_0) : (tensor<10xf32>) -> tensor<10xf32>
  %u17 = tensor.cast %r17 : tensor<10xf32> to tensor<*xf32>
  call @printMemrefF32(%u17) : (tensor<*xf32>) -> ()
  %c18_0 = arith.constant dense<[0.25, 0.375, 2.5, -64.0, -0.25, -0.375, -2.5, 100.0]> : tensor<8xf32>
  %s18_0 = tensor.expand_shape %c18_0 [[0, 1]] output_shape [2, 4] : tensor<8xf32> into tensor<2x4xf32>
  %r18 = call @sq_axis_u4(%s18_0) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %f18 = tensor.collapse_shape %r18 [[0, 1]] : tensor<2x4xf32> into tensor<8xf32>
  %u18 = tensor.cast %f18 : tensor<8xf32> to tensor<*xf32>
  call @printMemrefF32(%u18) : (tensor<*xf32>) -> ()
  %c19_0 = arith.constant dense<[0.3, -7.77, 1000000.0]> : tensor<3xf32>
  %r19 = call @sq_unbound(%c19_0) : (tensor<3xf32>) -> tensor<3xf32>
  %u19 = tensor.cast %r19 : tensor<3xf32> to tensor<*xf32>
  call @printMemrefF32(%u19) : (tensor<*xf32>) -> ()
  %c20_0 = arith.constant dense<[1.25, -1.25, 100.0]> : tensor<3xf16>
  %r20 = call @sq_f16(%c20_0) : (tensor<3xf16>) -> tensor<3xf16>
  %e20 = tensor.empty() : tensor<3xf32>
  %w20 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r20 : tensor<3xf16>) outs(%e20 : tensor<3xf32>) {
  ^bb0(%x: f16, %y: f32):
    %v = arith.extf %x : f16 to f32
    linalg.yield %v : f32
  } -> tensor<3xf32>
  %u20 = tensor.cast %w20 : tensor<3xf32> to tensor<*xf32>
  call @printMemrefF32(%u20) : (tensor<*xf32>) -> ()
  return
}
