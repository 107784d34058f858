// RUN: quant-opt %s --qnn-lower-to-llvm | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_lib_dir/libmlir_c_runner_utils.so,%mlir_lib_dir/libmlir_runner_utils.so | %python %quant_src_root/test/lit-tools/check_expected.py %s
// qnn.add / qnn.mul (broadcasting, ties per mode, saturation, unsigned, i16
// extremes), qnn.concat (requantized / copied inputs), qnn.clamp (signed and
// unsigned). Expected: python fractions of the op definitions with dyadic
// multipliers (exact in fixed point).
// Values are printed flattened (row-major), one line per case, in order.
// add_bcast_half_to_even: Ml = 0.5, Mr = 0.25, rhs broadcast along dim 0
//   EXPECTED add_bcast_half_to_even: 0 1 2 0 -1 -64
// add_bcast_half_away_from_zero: Ml = 0.5, Mr = 0.25, rhs broadcast along dim 0
//   EXPECTED add_bcast_half_away_from_zero: 1 1 2 -1 -1 -64
// add_bcast_upward: Ml = 0.5, Mr = 0.25, rhs broadcast along dim 0
//   EXPECTED add_bcast_upward: 1 1 2 0 -1 -64
// add_saturate_both_bcast: both operands broadcast, Ml = 0.75, Mr = 0.375, saturation
//   EXPECTED add_saturate_both_bcast: 101 122 -70 26 16 36 -128 -59 65 85 -106 -10
// add_u8: ui8 operands and result (printed unsigned), upward
//   EXPECTED add_u8: 70 197 135 167
// add_i16_extreme: i16 with |q - zp| = 65535
//   EXPECTED add_i16_extreme: 16384 -8192 4096
// mul_bcast_half_to_even: M = 0.125, rhs broadcast along dim 1
//   EXPECTED mul_bcast_half_to_even: 0 0 0 0 0 0
// mul_bcast_half_away_from_zero: M = 0.125, rhs broadcast along dim 1
//   EXPECTED mul_bcast_half_away_from_zero: 0 0 1 -1 0 0
// mul_bcast_upward: M = 0.125, rhs broadcast along dim 1
//   EXPECTED mul_bcast_upward: 0 0 1 0 0 0
// mul_i16_extreme: |product| = 65535^2, M = 2^-20 (no i64 overflow)
//   EXPECTED mul_i16_extreme: -4096 0 -1024
// mul_u8_saturate: ui8, M = 2, saturation at 255 (printed unsigned)
//   EXPECTED mul_u8_saturate: 65 255 255
// concat_axis1: requantize (0.5 -> 1.0), copy, zp shift (-3 -> 2)
//   EXPECTED concat_axis1: 4 0 1 2 3 5 66 -62 -4 -5 -6 15
// concat_axis0_same: all on the output grid
//   EXPECTED concat_axis0_same: 1 2 3 4 5 6
// clamp_s8: signed [-5, 100]
//   EXPECTED clamp_s8: -5 -5 0 5 10 100 100
// clamp_u8: unsigned [10, 200] (printed unsigned)
//   EXPECTED clamp_u8: 10 10 10 128 200 200 200

func.func private @printMemrefI32(tensor<*xi32>)
func.func private @printMemrefF32(tensor<*xf32>)

func.func @add_bcast_half_to_even(%a0: tensor<2x3xi8>, %a1: tensor<1x3xi8>) -> tensor<2x3xi8> {
  %r = qnn.add %a0, %a1 {lhs_params = #qnn.params<i8, scale = 0.5, zp = 1>, rhs_params = #qnn.params<i8, scale = 0.25, zp = -2>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<half_to_even>} : (tensor<2x3xi8>, tensor<1x3xi8>) -> tensor<2x3xi8>
  return %r : tensor<2x3xi8>
}
func.func @add_bcast_half_away_from_zero(%a0: tensor<2x3xi8>, %a1: tensor<1x3xi8>) -> tensor<2x3xi8> {
  %r = qnn.add %a0, %a1 {lhs_params = #qnn.params<i8, scale = 0.5, zp = 1>, rhs_params = #qnn.params<i8, scale = 0.25, zp = -2>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<half_away_from_zero>} : (tensor<2x3xi8>, tensor<1x3xi8>) -> tensor<2x3xi8>
  return %r : tensor<2x3xi8>
}
func.func @add_bcast_upward(%a0: tensor<2x3xi8>, %a1: tensor<1x3xi8>) -> tensor<2x3xi8> {
  %r = qnn.add %a0, %a1 {lhs_params = #qnn.params<i8, scale = 0.5, zp = 1>, rhs_params = #qnn.params<i8, scale = 0.25, zp = -2>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<upward>} : (tensor<2x3xi8>, tensor<1x3xi8>) -> tensor<2x3xi8>
  return %r : tensor<2x3xi8>
}
func.func @add_saturate_both_bcast(%a0: tensor<1x4xi8>, %a1: tensor<3x1xi8>) -> tensor<3x4xi8> {
  %r = qnn.add %a0, %a1 {lhs_params = #qnn.params<i8, scale = 0.75, zp = 0>, rhs_params = #qnn.params<i8, scale = 0.375, zp = 3>, output_params = #qnn.params<i8, scale = 1.0, zp = -10>, rounding = #qnn.rounding<half_to_even>} : (tensor<1x4xi8>, tensor<3x1xi8>) -> tensor<3x4xi8>
  return %r : tensor<3x4xi8>
}
func.func @add_u8(%a0: tensor<4xi8>, %a1: tensor<4xi8>) -> tensor<4xi8> {
  %r = qnn.add %a0, %a1 {lhs_params = #qnn.params<ui8, scale = 0.5, zp = 128>, rhs_params = #qnn.params<ui8, scale = 0.25, zp = 100>, output_params = #qnn.params<ui8, scale = 0.5, zp = 120>, rounding = #qnn.rounding<upward>} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %r : tensor<4xi8>
}
func.func @add_i16_extreme(%a0: tensor<3xi16>, %a1: tensor<3xi16>) -> tensor<3xi16> {
  %r = qnn.add %a0, %a1 {lhs_params = #qnn.params<i16, scale = 1.0, zp = -32768>, rhs_params = #qnn.params<i16, scale = 0.5, zp = 32767>, output_params = #qnn.params<i16, scale = 4.0, zp = 0>, rounding = #qnn.rounding<half_to_even>} : (tensor<3xi16>, tensor<3xi16>) -> tensor<3xi16>
  return %r : tensor<3xi16>
}
func.func @mul_bcast_half_to_even(%a0: tensor<2x3xi8>, %a1: tensor<2x1xi8>) -> tensor<2x3xi8> {
  %r = qnn.mul %a0, %a1 {lhs_params = #qnn.params<i8, scale = 0.5, zp = 1>, rhs_params = #qnn.params<i8, scale = 0.25, zp = -2>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<half_to_even>} : (tensor<2x3xi8>, tensor<2x1xi8>) -> tensor<2x3xi8>
  return %r : tensor<2x3xi8>
}
func.func @mul_bcast_half_away_from_zero(%a0: tensor<2x3xi8>, %a1: tensor<2x1xi8>) -> tensor<2x3xi8> {
  %r = qnn.mul %a0, %a1 {lhs_params = #qnn.params<i8, scale = 0.5, zp = 1>, rhs_params = #qnn.params<i8, scale = 0.25, zp = -2>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<half_away_from_zero>} : (tensor<2x3xi8>, tensor<2x1xi8>) -> tensor<2x3xi8>
  return %r : tensor<2x3xi8>
}
func.func @mul_bcast_upward(%a0: tensor<2x3xi8>, %a1: tensor<2x1xi8>) -> tensor<2x3xi8> {
  %r = qnn.mul %a0, %a1 {lhs_params = #qnn.params<i8, scale = 0.5, zp = 1>, rhs_params = #qnn.params<i8, scale = 0.25, zp = -2>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<upward>} : (tensor<2x3xi8>, tensor<2x1xi8>) -> tensor<2x3xi8>
  return %r : tensor<2x3xi8>
}
func.func @mul_i16_extreme(%a0: tensor<3xi16>, %a1: tensor<3xi16>) -> tensor<3xi16> {
  %r = qnn.mul %a0, %a1 {lhs_params = #qnn.params<i16, scale = 1.0, zp = 32767>, rhs_params = #qnn.params<i16, scale = 1.0, zp = -32768>, output_params = #qnn.params<i16, scale = 1048576.0, zp = 0>, rounding = #qnn.rounding<half_to_even>} : (tensor<3xi16>, tensor<3xi16>) -> tensor<3xi16>
  return %r : tensor<3xi16>
}
func.func @mul_u8_saturate(%a0: tensor<3xi8>, %a1: tensor<3xi8>) -> tensor<3xi8> {
  %r = qnn.mul %a0, %a1 {lhs_params = #qnn.params<ui8, scale = 0.5, zp = 0>, rhs_params = #qnn.params<ui8, scale = 0.5, zp = 0>, output_params = #qnn.params<ui8, scale = 0.125, zp = 5>, rounding = #qnn.rounding<half_away_from_zero>} : (tensor<3xi8>, tensor<3xi8>) -> tensor<3xi8>
  return %r : tensor<3xi8>
}
func.func @concat_axis1(%a0: tensor<2x2xi8>, %a1: tensor<2x3xi8>, %a2: tensor<2x1xi8>) -> tensor<2x6xi8> {
  %r = qnn.concat %a0, %a1, %a2 {axis = 1 : i64, input_params = [#qnn.params<i8, scale = 0.5, zp = 0>, #qnn.params<i8, scale = 1.0, zp = 2>, #qnn.params<i8, scale = 1.0, zp = -3>], output_params = #qnn.params<i8, scale = 1.0, zp = 2>} : (tensor<2x2xi8>, tensor<2x3xi8>, tensor<2x1xi8>) -> tensor<2x6xi8>
  return %r : tensor<2x6xi8>
}
func.func @concat_axis0_same(%a0: tensor<1x2xi8>, %a1: tensor<2x2xi8>) -> tensor<3x2xi8> {
  %r = qnn.concat %a0, %a1 {axis = 0 : i64, input_params = [#qnn.params<i8, scale = 0.25, zp = 0>, #qnn.params<i8, scale = 0.25, zp = 0>], output_params = #qnn.params<i8, scale = 0.25, zp = 0>, rounding = #qnn.rounding<upward>} : (tensor<1x2xi8>, tensor<2x2xi8>) -> tensor<3x2xi8>
  return %r : tensor<3x2xi8>
}
func.func @clamp_s8(%a0: tensor<7xi8>) -> tensor<7xi8> {
  %r = qnn.clamp %a0 {min = -5 : i64, max = 100 : i64} : tensor<7xi8>
  return %r : tensor<7xi8>
}
func.func @clamp_u8(%a0: tensor<7xi8>) -> tensor<7xi8> {
  %r = qnn.clamp %a0 {min = 10 : i64, max = 200 : i64, is_unsigned = true} : tensor<7xi8>
  return %r : tensor<7xi8>
}
func.func @main() {
  %c0_0 = arith.constant dense<[2, 3, 4, 0, -1, -128]> : tensor<6xi8>
  %s0_0 = tensor.expand_shape %c0_0 [[0, 1]] output_shape [2, 3] : tensor<6xi8> into tensor<2x3xi8>
  %c0_1 = arith.constant dense<[-2, -1, 0]> : tensor<3xi8>
  %s0_1 = tensor.expand_shape %c0_1 [[0, 1]] output_shape [1, 3] : tensor<3xi8> into tensor<1x3xi8>
  %r0 = call @add_bcast_half_to_even(%s0_0, %s0_1) : (tensor<2x3xi8>, tensor<1x3xi8>) -> tensor<2x3xi8>
  %f0 = tensor.collapse_shape %r0 [[0, 1]] : tensor<2x3xi8> into tensor<6xi8>
  %e0 = tensor.empty() : tensor<6xi32>
  %w0 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f0 : tensor<6xi8>) outs(%e0 : tensor<6xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<6xi32>
  %u0 = tensor.cast %w0 : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%u0) : (tensor<*xi32>) -> ()
  %c1_0 = arith.constant dense<[2, 3, 4, 0, -1, -128]> : tensor<6xi8>
  %s1_0 = tensor.expand_shape %c1_0 [[0, 1]] output_shape [2, 3] : tensor<6xi8> into tensor<2x3xi8>
  %c1_1 = arith.constant dense<[-2, -1, 0]> : tensor<3xi8>
  %s1_1 = tensor.expand_shape %c1_1 [[0, 1]] output_shape [1, 3] : tensor<3xi8> into tensor<1x3xi8>
  %r1 = call @add_bcast_half_away_from_zero(%s1_0, %s1_1) : (tensor<2x3xi8>, tensor<1x3xi8>) -> tensor<2x3xi8>
  %f1 = tensor.collapse_shape %r1 [[0, 1]] : tensor<2x3xi8> into tensor<6xi8>
  %e1 = tensor.empty() : tensor<6xi32>
  %w1 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f1 : tensor<6xi8>) outs(%e1 : tensor<6xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<6xi32>
  %u1 = tensor.cast %w1 : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%u1) : (tensor<*xi32>) -> ()
  %c2_0 = arith.constant dense<[2, 3, 4, 0, -1, -128]> : tensor<6xi8>
  %s2_0 = tensor.expand_shape %c2_0 [[0, 1]] output_shape [2, 3] : tensor<6xi8> into tensor<2x3xi8>
  %c2_1 = arith.constant dense<[-2, -1, 0]> : tensor<3xi8>
  %s2_1 = tensor.expand_shape %c2_1 [[0, 1]] output_shape [1, 3] : tensor<3xi8> into tensor<1x3xi8>
  %r2 = call @add_bcast_upward(%s2_0, %s2_1) : (tensor<2x3xi8>, tensor<1x3xi8>) -> tensor<2x3xi8>
  %f2 = tensor.collapse_shape %r2 [[0, 1]] : tensor<2x3xi8> into tensor<6xi8>
  %e2 = tensor.empty() : tensor<6xi32>
  %w2 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f2 : tensor<6xi8>) outs(%e2 : tensor<6xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<6xi32>
  %u2 = tensor.cast %w2 : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%u2) : (tensor<*xi32>) -> ()
  %c3_0 = arith.constant dense<[100, 127, -128, 0]> : tensor<4xi8>
  %s3_0 = tensor.expand_shape %c3_0 [[0, 1]] output_shape [1, 4] : tensor<4xi8> into tensor<1x4xi8>
  %c3_1 = arith.constant dense<[100, -128, 3]> : tensor<3xi8>
  %s3_1 = tensor.expand_shape %c3_1 [[0, 1]] output_shape [3, 1] : tensor<3xi8> into tensor<3x1xi8>
  %r3 = call @add_saturate_both_bcast(%s3_0, %s3_1) : (tensor<1x4xi8>, tensor<3x1xi8>) -> tensor<3x4xi8>
  %f3 = tensor.collapse_shape %r3 [[0, 1]] : tensor<3x4xi8> into tensor<12xi8>
  %e3 = tensor.empty() : tensor<12xi32>
  %w3 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f3 : tensor<12xi8>) outs(%e3 : tensor<12xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<12xi32>
  %u3 = tensor.cast %w3 : tensor<12xi32> to tensor<*xi32>
  call @printMemrefI32(%u3) : (tensor<*xi32>) -> ()
  %c4_0 = arith.constant dense<[0, -1, -128, -56]> : tensor<4xi8>
  %c4_1 = arith.constant dense<[-1, 0, -127, 50]> : tensor<4xi8>
  %r4 = call @add_u8(%c4_0, %c4_1) : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  %e4 = tensor.empty() : tensor<4xi32>
  %w4 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r4 : tensor<4xi8>) outs(%e4 : tensor<4xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extui %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<4xi32>
  %u4 = tensor.cast %w4 : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%u4) : (tensor<*xi32>) -> ()
  %c5_0 = arith.constant dense<[32767, -32768, 1]> : tensor<3xi16>
  %c5_1 = arith.constant dense<[32767, -32768, -1]> : tensor<3xi16>
  %r5 = call @add_i16_extreme(%c5_0, %c5_1) : (tensor<3xi16>, tensor<3xi16>) -> tensor<3xi16>
  %e5 = tensor.empty() : tensor<3xi32>
  %w5 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r5 : tensor<3xi16>) outs(%e5 : tensor<3xi32>) {
  ^bb0(%x: i16, %y: i32):
    %v = arith.extsi %x : i16 to i32
    linalg.yield %v : i32
  } -> tensor<3xi32>
  %u5 = tensor.cast %w5 : tensor<3xi32> to tensor<*xi32>
  call @printMemrefI32(%u5) : (tensor<*xi32>) -> ()
  %c6_0 = arith.constant dense<[3, 4, 5, -1, 0, 1]> : tensor<6xi8>
  %s6_0 = tensor.expand_shape %c6_0 [[0, 1]] output_shape [2, 3] : tensor<6xi8> into tensor<2x3xi8>
  %c6_1 = arith.constant dense<[-1, 0]> : tensor<2xi8>
  %s6_1 = tensor.expand_shape %c6_1 [[0, 1]] output_shape [2, 1] : tensor<2xi8> into tensor<2x1xi8>
  %r6 = call @mul_bcast_half_to_even(%s6_0, %s6_1) : (tensor<2x3xi8>, tensor<2x1xi8>) -> tensor<2x3xi8>
  %f6 = tensor.collapse_shape %r6 [[0, 1]] : tensor<2x3xi8> into tensor<6xi8>
  %e6 = tensor.empty() : tensor<6xi32>
  %w6 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f6 : tensor<6xi8>) outs(%e6 : tensor<6xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<6xi32>
  %u6 = tensor.cast %w6 : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%u6) : (tensor<*xi32>) -> ()
  %c7_0 = arith.constant dense<[3, 4, 5, -1, 0, 1]> : tensor<6xi8>
  %s7_0 = tensor.expand_shape %c7_0 [[0, 1]] output_shape [2, 3] : tensor<6xi8> into tensor<2x3xi8>
  %c7_1 = arith.constant dense<[-1, 0]> : tensor<2xi8>
  %s7_1 = tensor.expand_shape %c7_1 [[0, 1]] output_shape [2, 1] : tensor<2xi8> into tensor<2x1xi8>
  %r7 = call @mul_bcast_half_away_from_zero(%s7_0, %s7_1) : (tensor<2x3xi8>, tensor<2x1xi8>) -> tensor<2x3xi8>
  %f7 = tensor.collapse_shape %r7 [[0, 1]] : tensor<2x3xi8> into tensor<6xi8>
  %e7 = tensor.empty() : tensor<6xi32>
  %w7 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f7 : tensor<6xi8>) outs(%e7 : tensor<6xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<6xi32>
  %u7 = tensor.cast %w7 : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%u7) : (tensor<*xi32>) -> ()
  %c8_0 = arith.constant dense<[3, 4, 5, -1, 0, 1]> : tensor<6xi8>
  %s8_0 = tensor.expand_shape %c8_0 [[0, 1]] output_shape [2, 3] : tensor<6xi8> into tensor<2x3xi8>
  %c8_1 = arith.constant dense<[-1, 0]> : tensor<2xi8>
  %s8_1 = tensor.expand_shape %c8_1 [[0, 1]] output_shape [2, 1] : tensor<2xi8> into tensor<2x1xi8>
  %r8 = call @mul_bcast_upward(%s8_0, %s8_1) : (tensor<2x3xi8>, tensor<2x1xi8>) -> tensor<2x3xi8>
  %f8 = tensor.collapse_shape %r8 [[0, 1]] : tensor<2x3xi8> into tensor<6xi8>
  %e8 = tensor.empty() : tensor<6xi32>
  %w8 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f8 : tensor<6xi8>) outs(%e8 : tensor<6xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<6xi32>
  %u8 = tensor.cast %w8 : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%u8) : (tensor<*xi32>) -> ()
  %c9_0 = arith.constant dense<[-32768, 32767, 100]> : tensor<3xi16>
  %c9_1 = arith.constant dense<[32767, -32768, 100]> : tensor<3xi16>
  %r9 = call @mul_i16_extreme(%c9_0, %c9_1) : (tensor<3xi16>, tensor<3xi16>) -> tensor<3xi16>
  %e9 = tensor.empty() : tensor<3xi32>
  %w9 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r9 : tensor<3xi16>) outs(%e9 : tensor<3xi32>) {
  ^bb0(%x: i16, %y: i32):
    %v = arith.extsi %x : i16 to i32
    linalg.yield %v : i32
  } -> tensor<3xi32>
  %u9 = tensor.cast %w9 : tensor<3xi32> to tensor<*xi32>
  call @printMemrefI32(%u9) : (tensor<*xi32>) -> ()
  %c10_0 = arith.constant dense<[10, 20, -6]> : tensor<3xi8>
  %c10_1 = arith.constant dense<[3, 7, -1]> : tensor<3xi8>
  %r10 = call @mul_u8_saturate(%c10_0, %c10_1) : (tensor<3xi8>, tensor<3xi8>) -> tensor<3xi8>
  %e10 = tensor.empty() : tensor<3xi32>
  %w10 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r10 : tensor<3xi8>) outs(%e10 : tensor<3xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extui %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<3xi32>
  %u10 = tensor.cast %w10 : tensor<3xi32> to tensor<*xi32>
  call @printMemrefI32(%u10) : (tensor<*xi32>) -> ()
  %c11_0 = arith.constant dense<[5, -5, 127, -128]> : tensor<4xi8>
  %s11_0 = tensor.expand_shape %c11_0 [[0, 1]] output_shape [2, 2] : tensor<4xi8> into tensor<2x2xi8>
  %c11_1 = arith.constant dense<[1, 2, 3, -4, -5, -6]> : tensor<6xi8>
  %s11_1 = tensor.expand_shape %c11_1 [[0, 1]] output_shape [2, 3] : tensor<6xi8> into tensor<2x3xi8>
  %c11_2 = arith.constant dense<[0, 10]> : tensor<2xi8>
  %s11_2 = tensor.expand_shape %c11_2 [[0, 1]] output_shape [2, 1] : tensor<2xi8> into tensor<2x1xi8>
  %r11 = call @concat_axis1(%s11_0, %s11_1, %s11_2) : (tensor<2x2xi8>, tensor<2x3xi8>, tensor<2x1xi8>) -> tensor<2x6xi8>
  %f11 = tensor.collapse_shape %r11 [[0, 1]] : tensor<2x6xi8> into tensor<12xi8>
  %e11 = tensor.empty() : tensor<12xi32>
  %w11 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f11 : tensor<12xi8>) outs(%e11 : tensor<12xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<12xi32>
  %u11 = tensor.cast %w11 : tensor<12xi32> to tensor<*xi32>
  call @printMemrefI32(%u11) : (tensor<*xi32>) -> ()
  %c12_0 = arith.constant dense<[1, 2]> : tensor<2xi8>
  %s12_0 = tensor.expand_shape %c12_0 [[0, 1]] output_shape [1, 2] : tensor<2xi8> into tensor<1x2xi8>
  %c12_1 = arith.constant dense<[3, 4, 5, 6]> : tensor<4xi8>
  %s12_1 = tensor.expand_shape %c12_1 [[0, 1]] output_shape [2, 2] : tensor<4xi8> into tensor<2x2xi8>
  %r12 = call @concat_axis0_same(%s12_0, %s12_1) : (tensor<1x2xi8>, tensor<2x2xi8>) -> tensor<3x2xi8>
  %f12 = tensor.collapse_shape %r12 [[0, 1]] : tensor<3x2xi8> into tensor<6xi8>
  %e12 = tensor.empty() : tensor<6xi32>
  %w12 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f12 : tensor<6xi8>) outs(%e12 : tensor<6xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<6xi32>
  %u12 = tensor.cast %w12 : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%u12) : (tensor<*xi32>) -> ()
  %c13_0 = arith.constant dense<[-128, -5, 0, 5, 10, 100, 127]> : tensor<7xi8>
  %r13 = call @clamp_s8(%c13_0) : (tensor<7xi8>) -> tensor<7xi8>
  %e13 = tensor.empty() : tensor<7xi32>
  %w13 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r13 : tensor<7xi8>) outs(%e13 : tensor<7xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<7xi32>
  %u13 = tensor.cast %w13 : tensor<7xi32> to tensor<*xi32>
  call @printMemrefI32(%u13) : (tensor<*xi32>) -> ()
  %c14_0 = arith.constant dense<[0, 5, 10, -128, -56, -55, -1]> : tensor<7xi8>
  %r14 = call @clamp_u8(%c14_0) : (tensor<7xi8>) -> tensor<7xi8>
  %e14 = tensor.empty() : tensor<7xi32>
  %w14 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r14 : tensor<7xi8>) outs(%e14 : tensor<7xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extui %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<7xi32>
  %u14 = tensor.cast %w14 : tensor<7xi32> to tensor<*xi32>
  call @printMemrefI32(%u14) : (tensor<*xi32>) -> ()
  return
}
