// RUN: quant-opt %s --qnn-lower-to-llvm | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_lib_dir/libmlir_c_runner_utils.so,%mlir_lib_dir/libmlir_runner_utils.so | %python %quant_src_root/test/lit-tools/check_expected.py %s
// qnn.requantize: ties for every rounding mode, per-axis (input, output, both),
// saturation, narrow range, n = 62, a multiplier >= 2^31, a non-dyadic multiplier.
// Expected values: exact rational arithmetic (python fractions) of
// clamp(zp_out + round((q - zp_in) * M), qmin, qmax); dyadic M is exact in fixed
// point, M = 1/3 uses the spec's 31-bit multiplier (round half away of M * 2^n).
// Run: quant-opt -convert-qnn-to-linalg, then the upstream CPU pipeline.
// Values are printed flattened (row-major), one line per case, in order.
// rq_half_half_to_even: M = 0.5 ties
//   EXPECTED rq_half_half_to_even: 2 -2 2 -2 4 -4 0 0 0
// rq_half_half_away_from_zero: M = 0.5 ties
//   EXPECTED rq_half_half_away_from_zero: 3 -3 2 -2 4 -4 0 1 -1
// rq_half_upward: M = 0.5 ties
//   EXPECTED rq_half_upward: 3 -2 2 -1 4 -3 0 1 0
// rq_075_half_to_even: M = 0.75 ties
//   EXPECTED rq_075_half_to_even: 2 -2 4 -4 1 -1 8
// rq_075_half_away_from_zero: M = 0.75 ties
//   EXPECTED rq_075_half_away_from_zero: 2 -2 5 -5 1 -1 8
// rq_075_upward: M = 0.75 ties
//   EXPECTED rq_075_upward: 2 -1 5 -4 1 -1 8
// rq_axis_in_half_to_even: per-axis input scales, zp_out = -3
//   EXPECTED rq_axis_in_half_to_even: -1 -1 -1 -5 -5 -5 -1 -3 -3
// rq_axis_in_half_away_from_zero: per-axis input scales, zp_out = -3
//   EXPECTED rq_axis_in_half_away_from_zero: 0 -1 -1 -6 -5 -5 -1 -2 -2
// rq_axis_in_upward: per-axis input scales, zp_out = -3
//   EXPECTED rq_axis_in_upward: 0 -1 -1 -5 -4 -4 -1 -2 -2
// rq_axis_out: i8 -> i8, zp_in = -3, per-axis output scales/zps on axis 0
//   EXPECTED rq_axis_out: 5 5 7 7 -7 -3 9 127
// rq_axis_both: ui8 (zp 128) -> i8, per-axis both sides on axis 1, upward
//   EXPECTED rq_axis_both: -64 127 -10 -59 127 -10
// rq_saturate: saturation to [-128, 127]
//   EXPECTED rq_saturate: 127 -128 127 127 -128 -128
// rq_saturate_u8: to ui8 zp 128 (printed unsigned)
//   EXPECTED rq_saturate_u8: 255 0 0 255 128
// rq_saturate_narrow: narrow i8: [-127, 127]
//   EXPECTED rq_saturate_narrow: -127 127 -127
// rq_shift62_half_to_even: M = 2^-32 (n = 62), zp_in = -2^31
//   EXPECTED rq_shift62_half_to_even: 1 0 0 0 1
// rq_shift62_half_away_from_zero: M = 2^-32 (n = 62), zp_in = -2^31
//   EXPECTED rq_shift62_half_away_from_zero: 1 0 1 0 1
// rq_shift62_upward: M = 2^-32 (n = 62), zp_in = -2^31
//   EXPECTED rq_shift62_upward: 1 0 1 0 1
// rq_tiny: M = 2^-20 -> i16
//   EXPECTED rq_tiny: 2048 -2048 0
// rq_huge: M = 1e10 >= 2^31: saturate, 0 -> zp_out
//   EXPECTED rq_huge: 127 -128 5 127
// rq_third_half_to_even: M = 1/3 (31-bit fixed point m = 1431655765, n = 32) -> i16
//   EXPECTED rq_third_half_to_even: 0 1 1 1 2 -1 -2 32767 32767 -32767 32767
// rq_third_half_away_from_zero: M = 1/3 (31-bit fixed point m = 1431655765, n = 32) -> i16
//   EXPECTED rq_third_half_away_from_zero: 0 1 1 1 2 -1 -2 32767 32767 -32767 32767
// rq_third_upward: M = 1/3 (31-bit fixed point m = 1431655765, n = 32) -> i16
//   EXPECTED rq_third_upward: 0 1 1 1 2 -1 -2 32767 32767 -32767 32767

func.func private @printMemrefI32(tensor<*xi32>)
func.func private @printMemrefF32(tensor<*xf32>)

func.func @rq_half_half_to_even(%a0: tensor<9xi32>) -> tensor<9xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 0.5, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<half_to_even>} : tensor<9xi32> -> tensor<9xi8>
  return %r : tensor<9xi8>
}
func.func @rq_half_half_away_from_zero(%a0: tensor<9xi32>) -> tensor<9xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 0.5, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<half_away_from_zero>} : tensor<9xi32> -> tensor<9xi8>
  return %r : tensor<9xi8>
}
func.func @rq_half_upward(%a0: tensor<9xi32>) -> tensor<9xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 0.5, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<upward>} : tensor<9xi32> -> tensor<9xi8>
  return %r : tensor<9xi8>
}
func.func @rq_075_half_to_even(%a0: tensor<7xi32>) -> tensor<7xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 0.75, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<half_to_even>} : tensor<7xi32> -> tensor<7xi8>
  return %r : tensor<7xi8>
}
func.func @rq_075_half_away_from_zero(%a0: tensor<7xi32>) -> tensor<7xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 0.75, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<half_away_from_zero>} : tensor<7xi32> -> tensor<7xi8>
  return %r : tensor<7xi8>
}
func.func @rq_075_upward(%a0: tensor<7xi32>) -> tensor<7xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 0.75, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<upward>} : tensor<7xi32> -> tensor<7xi8>
  return %r : tensor<7xi8>
}
func.func @rq_axis_in_half_to_even(%a0: tensor<3x3xi32>) -> tensor<3x3xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, axis = 1, scales = [0.5, 0.25, 0.125], zps = [0, 0, 0]>, output_params = #qnn.params<i8, scale = 1.0, zp = -3>, rounding = #qnn.rounding<half_to_even>} : tensor<3x3xi32> -> tensor<3x3xi8>
  return %r : tensor<3x3xi8>
}
func.func @rq_axis_in_half_away_from_zero(%a0: tensor<3x3xi32>) -> tensor<3x3xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, axis = 1, scales = [0.5, 0.25, 0.125], zps = [0, 0, 0]>, output_params = #qnn.params<i8, scale = 1.0, zp = -3>, rounding = #qnn.rounding<half_away_from_zero>} : tensor<3x3xi32> -> tensor<3x3xi8>
  return %r : tensor<3x3xi8>
}
func.func @rq_axis_in_upward(%a0: tensor<3x3xi32>) -> tensor<3x3xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, axis = 1, scales = [0.5, 0.25, 0.125], zps = [0, 0, 0]>, output_params = #qnn.params<i8, scale = 1.0, zp = -3>, rounding = #qnn.rounding<upward>} : tensor<3x3xi32> -> tensor<3x3xi8>
  return %r : tensor<3x3xi8>
}
func.func @rq_axis_out(%a0: tensor<2x4xi8>) -> tensor<2x4xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i8, scale = 1.0, zp = -3>, output_params = #qnn.params<i8, axis = 0, scales = [2.0, 0.5], zps = [5, -7]>, rounding = #qnn.rounding<half_to_even>} : tensor<2x4xi8> -> tensor<2x4xi8>
  return %r : tensor<2x4xi8>
}
func.func @rq_axis_both(%a0: tensor<2x3xi8>) -> tensor<2x3xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<ui8, axis = 1, scales = [0.5, 1.0, 0.25], zps = [128, 128, 128]>, output_params = #qnn.params<i8, axis = 1, scales = [1.0, 0.25, 1.0], zps = [0, 10, -10]>, rounding = #qnn.rounding<upward>} : tensor<2x3xi8> -> tensor<2x3xi8>
  return %r : tensor<2x3xi8>
}
func.func @rq_saturate(%a0: tensor<6xi32>) -> tensor<6xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 0.5, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<half_to_even>} : tensor<6xi32> -> tensor<6xi8>
  return %r : tensor<6xi8>
}
func.func @rq_saturate_u8(%a0: tensor<5xi32>) -> tensor<5xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 1.0, zp = 0>, output_params = #qnn.params<ui8, scale = 1.0, zp = 128>, rounding = #qnn.rounding<half_to_even>} : tensor<5xi32> -> tensor<5xi8>
  return %r : tensor<5xi8>
}
func.func @rq_saturate_narrow(%a0: tensor<3xi32>) -> tensor<3xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 1.0, zp = 0>, output_params = #qnn.params<i8 narrow, scale = 1.0, zp = 0>, rounding = #qnn.rounding<half_to_even>} : tensor<3xi32> -> tensor<3xi8>
  return %r : tensor<3xi8>
}
func.func @rq_shift62_half_to_even(%a0: tensor<5xi32>) -> tensor<5xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 2.3283064365386963e-10, zp = -2147483648>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<half_to_even>} : tensor<5xi32> -> tensor<5xi8>
  return %r : tensor<5xi8>
}
func.func @rq_shift62_half_away_from_zero(%a0: tensor<5xi32>) -> tensor<5xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 2.3283064365386963e-10, zp = -2147483648>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<half_away_from_zero>} : tensor<5xi32> -> tensor<5xi8>
  return %r : tensor<5xi8>
}
func.func @rq_shift62_upward(%a0: tensor<5xi32>) -> tensor<5xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 2.3283064365386963e-10, zp = -2147483648>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<upward>} : tensor<5xi32> -> tensor<5xi8>
  return %r : tensor<5xi8>
}
func.func @rq_tiny(%a0: tensor<3xi32>) -> tensor<3xi16> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 9.094947017729282e-13, zp = 0>, output_params = #qnn.params<i16, scale = 9.5367431640625e-07, zp = 0>, rounding = #qnn.rounding<half_to_even>} : tensor<3xi32> -> tensor<3xi16>
  return %r : tensor<3xi16>
}
func.func @rq_huge(%a0: tensor<4xi32>) -> tensor<4xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 10000000000.0, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = 5>, rounding = #qnn.rounding<half_to_even>} : tensor<4xi32> -> tensor<4xi8>
  return %r : tensor<4xi8>
}
func.func @rq_third_half_to_even(%a0: tensor<11xi32>) -> tensor<11xi16> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 1.0, zp = 0>, output_params = #qnn.params<i16, scale = 3.0, zp = 0>, rounding = #qnn.rounding<half_to_even>} : tensor<11xi32> -> tensor<11xi16>
  return %r : tensor<11xi16>
}
func.func @rq_third_half_away_from_zero(%a0: tensor<11xi32>) -> tensor<11xi16> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 1.0, zp = 0>, output_params = #qnn.params<i16, scale = 3.0, zp = 0>, rounding = #qnn.rounding<half_away_from_zero>} : tensor<11xi32> -> tensor<11xi16>
  return %r : tensor<11xi16>
}
func.func @rq_third_upward(%a0: tensor<11xi32>) -> tensor<11xi16> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 1.0, zp = 0>, output_params = #qnn.params<i16, scale = 3.0, zp = 0>, rounding = #qnn.rounding<upward>} : tensor<11xi32> -> tensor<11xi16>
  return %r : tensor<11xi16>
}
func.func @main() {
  %c0_0 = arith.constant dense<[5, -5, 3, -3, 7, -7, 0, 1, -1]> : tensor<9xi32>
  %r0 = call @rq_half_half_to_even(%c0_0) : (tensor<9xi32>) -> tensor<9xi8>
  %e0 = tensor.empty() : tensor<9xi32>
  %w0 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r0 : tensor<9xi8>) outs(%e0 : tensor<9xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<9xi32>
  %u0 = tensor.cast %w0 : tensor<9xi32> to tensor<*xi32>
  call @printMemrefI32(%u0) : (tensor<*xi32>) -> ()
  %c1_0 = arith.constant dense<[5, -5, 3, -3, 7, -7, 0, 1, -1]> : tensor<9xi32>
  %r1 = call @rq_half_half_away_from_zero(%c1_0) : (tensor<9xi32>) -> tensor<9xi8>
  %e1 = tensor.empty() : tensor<9xi32>
  %w1 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r1 : tensor<9xi8>) outs(%e1 : tensor<9xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<9xi32>
  %u1 = tensor.cast %w1 : tensor<9xi32> to tensor<*xi32>
  call @printMemrefI32(%u1) : (tensor<*xi32>) -> ()
  %c2_0 = arith.constant dense<[5, -5, 3, -3, 7, -7, 0, 1, -1]> : tensor<9xi32>
  %r2 = call @rq_half_upward(%c2_0) : (tensor<9xi32>) -> tensor<9xi8>
  %e2 = tensor.empty() : tensor<9xi32>
  %w2 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r2 : tensor<9xi8>) outs(%e2 : tensor<9xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<9xi32>
  %u2 = tensor.cast %w2 : tensor<9xi32> to tensor<*xi32>
  call @printMemrefI32(%u2) : (tensor<*xi32>) -> ()
  %c3_0 = arith.constant dense<[2, -2, 6, -6, 1, -1, 10]> : tensor<7xi32>
  %r3 = call @rq_075_half_to_even(%c3_0) : (tensor<7xi32>) -> tensor<7xi8>
  %e3 = tensor.empty() : tensor<7xi32>
  %w3 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r3 : tensor<7xi8>) outs(%e3 : tensor<7xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<7xi32>
  %u3 = tensor.cast %w3 : tensor<7xi32> to tensor<*xi32>
  call @printMemrefI32(%u3) : (tensor<*xi32>) -> ()
  %c4_0 = arith.constant dense<[2, -2, 6, -6, 1, -1, 10]> : tensor<7xi32>
  %r4 = call @rq_075_half_away_from_zero(%c4_0) : (tensor<7xi32>) -> tensor<7xi8>
  %e4 = tensor.empty() : tensor<7xi32>
  %w4 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r4 : tensor<7xi8>) outs(%e4 : tensor<7xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<7xi32>
  %u4 = tensor.cast %w4 : tensor<7xi32> to tensor<*xi32>
  call @printMemrefI32(%u4) : (tensor<*xi32>) -> ()
  %c5_0 = arith.constant dense<[2, -2, 6, -6, 1, -1, 10]> : tensor<7xi32>
  %r5 = call @rq_075_upward(%c5_0) : (tensor<7xi32>) -> tensor<7xi8>
  %e5 = tensor.empty() : tensor<7xi32>
  %w5 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r5 : tensor<7xi8>) outs(%e5 : tensor<7xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<7xi32>
  %u5 = tensor.cast %w5 : tensor<7xi32> to tensor<*xi32>
  call @printMemrefI32(%u5) : (tensor<*xi32>) -> ()
  %c6_0 = arith.constant dense<[5, 6, 12, -5, -6, -12, 3, 2, 4]> : tensor<9xi32>
  %s6_0 = tensor.expand_shape %c6_0 [[0, 1]] output_shape [3, 3] : tensor<9xi32> into tensor<3x3xi32>
  %r6 = call @rq_axis_in_half_to_even(%s6_0) : (tensor<3x3xi32>) -> tensor<3x3xi8>
  %f6 = tensor.collapse_shape %r6 [[0, 1]] : tensor<3x3xi8> into tensor<9xi8>
  %e6 = tensor.empty() : tensor<9xi32>
  %w6 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f6 : tensor<9xi8>) outs(%e6 : tensor<9xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<9xi32>
  %u6 = tensor.cast %w6 : tensor<9xi32> to tensor<*xi32>
  call @printMemrefI32(%u6) : (tensor<*xi32>) -> ()
  %c7_0 = arith.constant dense<[5, 6, 12, -5, -6, -12, 3, 2, 4]> : tensor<9xi32>
  %s7_0 = tensor.expand_shape %c7_0 [[0, 1]] output_shape [3, 3] : tensor<9xi32> into tensor<3x3xi32>
  %r7 = call @rq_axis_in_half_away_from_zero(%s7_0) : (tensor<3x3xi32>) -> tensor<3x3xi8>
  %f7 = tensor.collapse_shape %r7 [[0, 1]] : tensor<3x3xi8> into tensor<9xi8>
  %e7 = tensor.empty() : tensor<9xi32>
  %w7 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f7 : tensor<9xi8>) outs(%e7 : tensor<9xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<9xi32>
  %u7 = tensor.cast %w7 : tensor<9xi32> to tensor<*xi32>
  call @printMemrefI32(%u7) : (tensor<*xi32>) -> ()
  %c8_0 = arith.constant dense<[5, 6, 12, -5, -6, -12, 3, 2, 4]> : tensor<9xi32>
  %s8_0 = tensor.expand_shape %c8_0 [[0, 1]] output_shape [3, 3] : tensor<9xi32> into tensor<3x3xi32>
  %r8 = call @rq_axis_in_upward(%s8_0) : (tensor<3x3xi32>) -> tensor<3x3xi8>
  %f8 = tensor.collapse_shape %r8 [[0, 1]] : tensor<3x3xi8> into tensor<9xi8>
  %e8 = tensor.empty() : tensor<9xi32>
  %w8 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f8 : tensor<9xi8>) outs(%e8 : tensor<9xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<9xi32>
  %u8 = tensor.cast %w8 : tensor<9xi32> to tensor<*xi32>
  call @printMemrefI32(%u8) : (tensor<*xi32>) -> ()
  %c9_0 = arith.constant dense<[-3, -2, 0, 1, -3, -1, 5, 127]> : tensor<8xi8>
  %s9_0 = tensor.expand_shape %c9_0 [[0, 1]] output_shape [2, 4] : tensor<8xi8> into tensor<2x4xi8>
  %r9 = call @rq_axis_out(%s9_0) : (tensor<2x4xi8>) -> tensor<2x4xi8>
  %f9 = tensor.collapse_shape %r9 [[0, 1]] : tensor<2x4xi8> into tensor<8xi8>
  %e9 = tensor.empty() : tensor<8xi32>
  %w9 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f9 : tensor<8xi8>) outs(%e9 : tensor<8xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<8xi32>
  %u9 = tensor.cast %w9 : tensor<8xi32> to tensor<*xi32>
  call @printMemrefI32(%u9) : (tensor<*xi32>) -> ()
  %c10_0 = arith.constant dense<[0, -1, -128, 10, -56, -127]> : tensor<6xi8>
  %s10_0 = tensor.expand_shape %c10_0 [[0, 1]] output_shape [2, 3] : tensor<6xi8> into tensor<2x3xi8>
  %r10 = call @rq_axis_both(%s10_0) : (tensor<2x3xi8>) -> tensor<2x3xi8>
  %f10 = tensor.collapse_shape %r10 [[0, 1]] : tensor<2x3xi8> into tensor<6xi8>
  %e10 = tensor.empty() : tensor<6xi32>
  %w10 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f10 : tensor<6xi8>) outs(%e10 : tensor<6xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<6xi32>
  %u10 = tensor.cast %w10 : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%u10) : (tensor<*xi32>) -> ()
  %c11_0 = arith.constant dense<[1000, -1000, 255, 256, -257, -258]> : tensor<6xi32>
  %r11 = call @rq_saturate(%c11_0) : (tensor<6xi32>) -> tensor<6xi8>
  %e11 = tensor.empty() : tensor<6xi32>
  %w11 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r11 : tensor<6xi8>) outs(%e11 : tensor<6xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<6xi32>
  %u11 = tensor.cast %w11 : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%u11) : (tensor<*xi32>) -> ()
  %c12_0 = arith.constant dense<[200, -200, -128, 127, 0]> : tensor<5xi32>
  %r12 = call @rq_saturate_u8(%c12_0) : (tensor<5xi32>) -> tensor<5xi8>
  %e12 = tensor.empty() : tensor<5xi32>
  %w12 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r12 : tensor<5xi8>) outs(%e12 : tensor<5xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extui %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<5xi32>
  %u12 = tensor.cast %w12 : tensor<5xi32> to tensor<*xi32>
  call @printMemrefI32(%u12) : (tensor<*xi32>) -> ()
  %c13_0 = arith.constant dense<[-1000, 1000, -127]> : tensor<3xi32>
  %r13 = call @rq_saturate_narrow(%c13_0) : (tensor<3xi32>) -> tensor<3xi8>
  %e13 = tensor.empty() : tensor<3xi32>
  %w13 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r13 : tensor<3xi8>) outs(%e13 : tensor<3xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<3xi32>
  %u13 = tensor.cast %w13 : tensor<3xi32> to tensor<*xi32>
  call @printMemrefI32(%u13) : (tensor<*xi32>) -> ()
  %c14_0 = arith.constant dense<[2147483647, -2147483648, 0, -1073741824, 1]> : tensor<5xi32>
  %r14 = call @rq_shift62_half_to_even(%c14_0) : (tensor<5xi32>) -> tensor<5xi8>
  %e14 = tensor.empty() : tensor<5xi32>
  %w14 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r14 : tensor<5xi8>) outs(%e14 : tensor<5xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<5xi32>
  %u14 = tensor.cast %w14 : tensor<5xi32> to tensor<*xi32>
  call @printMemrefI32(%u14) : (tensor<*xi32>) -> ()
  %c15_0 = arith.constant dense<[2147483647, -2147483648, 0, -1073741824, 1]> : tensor<5xi32>
  %r15 = call @rq_shift62_half_away_from_zero(%c15_0) : (tensor<5xi32>) -> tensor<5xi8>
  %e15 = tensor.empty() : tensor<5xi32>
  %w15 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r15 : tensor<5xi8>) outs(%e15 : tensor<5xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<5xi32>
  %u15 = tensor.cast %w15 : tensor<5xi32> to tensor<*xi32>
  call @printMemrefI32(%u15) : (tensor<*xi32>) -> ()
  %c16_0 = arith.constant dense<[2147483647, -2147483648, 0, -1073741824, 1]> : tensor<5xi32>
  %r16 = call @rq_shift62_upward(%c16_0) : (tensor<5xi32>) -> tensor<5xi8>
  %e16 = tensor.empty() : tensor<5xi32>
  %w16 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r16 : tensor<5xi8>) outs(%e16 : tensor<5xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<5xi32>
  %u16 = tensor.cast %w16 : tensor<5xi32> to tensor<*xi32>
  call @printMemrefI32(%u16) : (tensor<*xi32>) -> ()
  %c17_0 = arith.constant dense<[2147483647, -2147483648, 0]> : tensor<3xi32>
  %r17 = call @rq_tiny(%c17_0) : (tensor<3xi32>) -> tensor<3xi16>
  %e17 = tensor.empty() : tensor<3xi32>
  %w17 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r17 : tensor<3xi16>) outs(%e17 : tensor<3xi32>) {
  ^bb0(%x: i16, %y: i32):
    %v = arith.extsi %x : i16 to i32
    linalg.yield %v : i32
  } -> tensor<3xi32>
  %u17 = tensor.cast %w17 : tensor<3xi32> to tensor<*xi32>
  call @printMemrefI32(%u17) : (tensor<*xi32>) -> ()
  %c18_0 = arith.constant dense<[1, -1, 0, 5]> : tensor<4xi32>
  %r18 = call @rq_huge(%c18_0) : (tensor<4xi32>) -> tensor<4xi8>
  %e18 = tensor.empty() : tensor<4xi32>
  %w18 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r18 : tensor<4xi8>) outs(%e18 : tensor<4xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<4xi32>
  %u18 = tensor.cast %w18 : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%u18) : (tensor<*xi32>) -> ()
  %c19_0 = arith.constant dense<[1, 2, 3, 4, 5, -4, -5, 1000000, 2147483647, -98301, 98301]> : tensor<11xi32>
  %r19 = call @rq_third_half_to_even(%c19_0) : (tensor<11xi32>) -> tensor<11xi16>
  %e19 = tensor.empty() : tensor<11xi32>
  %w19 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r19 : tensor<11xi16>) outs(%e19 : tensor<11xi32>) {
  ^bb0(%x: i16, %y: i32):
    %v = arith.extsi %x : i16 to i32
    linalg.yield %v : i32
  } -> tensor<11xi32>
  %u19 = tensor.cast %w19 : tensor<11xi32> to tensor<*xi32>
  call @printMemrefI32(%u19) : (tensor<*xi32>) -> ()
  %c20_0 = arith.constant dense<[1, 2, 3, 4, 5, -4, -5, 1000000, 2147483647, -98301, 98301]> : tensor<11xi32>
  %r20 = call @rq_third_half_away_from_zero(%c20_0) : (tensor<11xi32>) -> tensor<11xi16>
  %e20 = tensor.empty() : tensor<11xi32>
  %w20 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r20 : tensor<11xi16>) outs(%e20 : tensor<11xi32>) {
  ^bb0(%x: i16, %y: i32):
    %v = arith.extsi %x : i16 to i32
    linalg.yield %v : i32
  } -> tensor<11xi32>
  %u20 = tensor.cast %w20 : tensor<11xi32> to tensor<*xi32>
  call @printMemrefI32(%u20) : (tensor<*xi32>) -> ()
  %c21_0 = arith.constant dense<[1, 2, 3, 4, 5, -4, -5, 1000000, 2147483647, -98301, 98301]> : tensor<11xi32>
  %r21 = call @rq_third_upward(%c21_0) : (tensor<11xi32>) -> tensor<11xi16>
  %e21 = tensor.empty() : tensor<11xi32>
  %w21 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r21 : tensor<11xi16>) outs(%e21 : tensor<11xi32>) {
  ^bb0(%x: i16, %y: i32):
    %v = arith.extsi %x : i16 to i32
    linalg.yield %v : i32
  } -> tensor<11xi32>
  %u21 = tensor.cast %w21 : tensor<11xi32> to tensor<*xi32>
  call @printMemrefI32(%u21) : (tensor<*xi32>) -> ()
  return
}
