// RUN: quant-opt %s --qnn-lower-to-llvm | mlir-runner -e main -entry-point-result=void -shared-libs=%mlir_lib_dir/libmlir_c_runner_utils.so,%mlir_lib_dir/libmlir_runner_utils.so | %python %quant_src_root/test/lit-tools/check_expected.py %s
// Edge parameters of the qnn ops: scales that are not normal f32 numbers
// (1e-300, 1e300, 2^-140) with +-0 / +-inf / NaN inputs, multipliers at and
// beyond 2^31 and underflowing ones, |q - zp| up to 2^32 - 1, 4-, 16- and
// 32-bit storage, unsigned grids, per-axis parameters along an axis of size 1.
// Expected: python fractions of the op definitions (Inputs/exec_edge_cases.py).
// Values are printed flattened (row-major), one line per case, in order.
// q_tiny_scale: scale 1e-300 (not a normal f32): 0 -> zp, +-inf saturate, NaN -> zp
//   EXPECTED q_tiny_scale: 3 3 127 -128 127 -128 3
// sq_tiny_scale: simulated_quantize, scale 1e-300: (q - zp) * s rounded to f32
//   EXPECTED sq_tiny_scale: 0.0 0.0 0.0 -0.0 0.0 -0.0 0.0
// q_huge_scale: scale 1e+300 (not a normal f32): 0 -> zp, +-inf saturate, NaN -> zp
//   EXPECTED q_huge_scale: 3 3 3 3 127 -128 3
// sq_huge_scale: simulated_quantize, scale 1e+300: (q - zp) * s rounded to f32
//   EXPECTED sq_huge_scale: 0.0 0.0 0.0 0.0 inf -inf 0.0
// dq_tiny_scale: scale 1e-300: q == zp gives 0 (not 0 * inf = NaN)
//   EXPECTED dq_tiny_scale: 0.0 0.0 -0.0 -0.0
// dq_huge_scale: scale 1e+300: q == zp gives 0 (not 0 * inf = NaN)
//   EXPECTED dq_huge_scale: 0.0 inf -inf -inf
// q_subnormal_scale: ui16, scale 2^-140 (subnormal in f32), upward (printed unsigned)
//   EXPECTED q_subnormal_scale: 239 0 100 100
// q_axis_size1_u4: ui4, per-axis along an axis of size 1 (printed unsigned)
//   EXPECTED q_axis_size1_u4: 15 0 8 15 2
// rq_just_below_2p31: M = 2.14748e+09, zp_in = -2^31: |q - zp_in| up to 2^32 - 1 (no i64 overflow)
//   EXPECTED rq_just_below_2p31: 32767 -7 32767 32767 32767
// rq_at_2p31: M = 2.14748e+09, zp_in = -2^31: |q - zp_in| up to 2^32 - 1 (no i64 overflow)
//   EXPECTED rq_at_2p31: 32767 -7 32767 32767 32767
// rq_1e300: M = 1e+300, zp_in = -2^31: |q - zp_in| up to 2^32 - 1 (no i64 overflow)
//   EXPECTED rq_1e300: 32767 -7 32767 32767 32767
// rq_tiny: M = 1e-300 underflows: zp_out
//   EXPECTED rq_tiny: 5 5 5 5 5
// rq_u16_to_u4: ui16 zp 32768 -> ui4 zp 8 (printed unsigned)
//   EXPECTED rq_u16_to_u4: 0 15 8 0
// rq_axis_size1: per-axis input and output along an axis of size 1, ui8 (printed unsigned)
//   EXPECTED rq_axis_size1: 129 127 153
// add_u8_to_u16: ui8 + ui8 -> ui16 (printed unsigned)
//   EXPECTED add_u8_to_u16: 2020 1000 1528 1170
// add_tiny_lhs_scale: Ml = 1e-300 rounds to 0 on the shared shift: only rhs counts
//   EXPECTED add_tiny_lhs_scale: 63 -64 2 -3
// mul_u4: ui4 operands and result (printed unsigned)
//   EXPECTED mul_u4: 0 15 2 0
// pool_i32_extreme: i32 input, zp -2^31: the window sum needs i64
//   EXPECTED pool_i32_extreme: 2147483647
// pool_u16: ui16, top padding not counted (printed unsigned)
//   EXPECTED pool_u16: 65535 49151
// clamp_beyond_storage: min below the i8 range acts as -128 (not as its truncation 24)
//   EXPECTED clamp_beyond_storage: -128 -5 0 50 50 50
// clamp_beyond_storage_u8: max above the ui8 range acts as 255 (printed unsigned)
//   EXPECTED clamp_beyond_storage_u8: 1 1 128 255

func.func private @printMemrefI32(tensor<*xi32>)
func.func private @printMemrefF32(tensor<*xf32>)

func.func @q_tiny_scale(%a0: tensor<7xf32>) -> tensor<7xi8> {
  %r = qnn.quantize %a0 {params = #qnn.params<i8, scale = 1.00000000000000003e-300, zp = 3>, rounding = #qnn.rounding<half_to_even>} : tensor<7xf32> -> tensor<7xi8>
  return %r : tensor<7xi8>
}
func.func @sq_tiny_scale(%a0: tensor<7xf32>) -> tensor<7xf32> {
  %r = qnn.simulated_quantize %a0 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.00000000000000003e-300, zp = 3>} : tensor<7xf32>
  return %r : tensor<7xf32>
}
func.func @q_huge_scale(%a0: tensor<7xf32>) -> tensor<7xi8> {
  %r = qnn.quantize %a0 {params = #qnn.params<i8, scale = 1.00000000000000005e+300, zp = 3>, rounding = #qnn.rounding<half_to_even>} : tensor<7xf32> -> tensor<7xi8>
  return %r : tensor<7xi8>
}
func.func @sq_huge_scale(%a0: tensor<7xf32>) -> tensor<7xf32> {
  %r = qnn.simulated_quantize %a0 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.00000000000000005e+300, zp = 3>} : tensor<7xf32>
  return %r : tensor<7xf32>
}
func.func @dq_tiny_scale(%a0: tensor<4xi8>) -> tensor<4xf32> {
  %r = qnn.dequantize %a0 {params = #qnn.params<i8, scale = 1.00000000000000003e-300, zp = 3>} : tensor<4xi8> -> tensor<4xf32>
  return %r : tensor<4xf32>
}
func.func @dq_huge_scale(%a0: tensor<4xi8>) -> tensor<4xf32> {
  %r = qnn.dequantize %a0 {params = #qnn.params<i8, scale = 1.00000000000000005e+300, zp = 3>} : tensor<4xi8> -> tensor<4xf32>
  return %r : tensor<4xf32>
}
func.func @q_subnormal_scale(%a0: tensor<4xf32>) -> tensor<4xi16> {
  %r = qnn.quantize %a0 {params = #qnn.params<ui16, scale = 7.17464813734306340e-43, zp = 100>, rounding = #qnn.rounding<upward>} : tensor<4xf32> -> tensor<4xi16>
  return %r : tensor<4xi16>
}
func.func @q_axis_size1_u4(%a0: tensor<5x1xf32>) -> tensor<5x1xi4> {
  %r = qnn.quantize %a0 {params = #qnn.params<ui4, axis = 1, scales = [5.00000000000000000e-01], zps = [3]>, rounding = #qnn.rounding<half_away_from_zero>} : tensor<5x1xf32> -> tensor<5x1xi4>
  return %r : tensor<5x1xi4>
}
func.func @rq_just_below_2p31(%a0: tensor<5xi32>) -> tensor<5xi16> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 2.14748364700000000e+09, zp = -2147483648>, output_params = #qnn.params<i16, scale = 1.00000000000000000e+00, zp = -7>, rounding = #qnn.rounding<half_to_even>} : tensor<5xi32> -> tensor<5xi16>
  return %r : tensor<5xi16>
}
func.func @rq_at_2p31(%a0: tensor<5xi32>) -> tensor<5xi16> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 2.14748364800000000e+09, zp = -2147483648>, output_params = #qnn.params<i16, scale = 1.00000000000000000e+00, zp = -7>, rounding = #qnn.rounding<half_to_even>} : tensor<5xi32> -> tensor<5xi16>
  return %r : tensor<5xi16>
}
func.func @rq_1e300(%a0: tensor<5xi32>) -> tensor<5xi16> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 1.00000000000000005e+300, zp = -2147483648>, output_params = #qnn.params<i16, scale = 1.00000000000000000e+00, zp = -7>, rounding = #qnn.rounding<half_to_even>} : tensor<5xi32> -> tensor<5xi16>
  return %r : tensor<5xi16>
}
func.func @rq_tiny(%a0: tensor<5xi32>) -> tensor<5xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, scale = 1.00000000000000003e-300, zp = 0>, output_params = #qnn.params<i8, scale = 1.00000000000000000e+00, zp = 5>, rounding = #qnn.rounding<upward>} : tensor<5xi32> -> tensor<5xi8>
  return %r : tensor<5xi8>
}
func.func @rq_u16_to_u4(%a0: tensor<4xi16>) -> tensor<4xi4> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<ui16, scale = 1.00000000000000000e+00, zp = 32768>, output_params = #qnn.params<ui4, scale = 4.09600000000000000e+03, zp = 8>, rounding = #qnn.rounding<half_to_even>} : tensor<4xi16> -> tensor<4xi4>
  return %r : tensor<4xi4>
}
func.func @rq_axis_size1(%a0: tensor<3x1xi32>) -> tensor<3x1xi8> {
  %r = qnn.requantize %a0 {input_params = #qnn.params<i32, axis = 1, scales = [2.50000000000000000e-01], zps = [0]>, output_params = #qnn.params<ui8, axis = 1, scales = [1.00000000000000000e+00], zps = [128]>, rounding = #qnn.rounding<half_to_even>} : tensor<3x1xi32> -> tensor<3x1xi8>
  return %r : tensor<3x1xi8>
}
func.func @add_u8_to_u16(%a0: tensor<4xi8>, %a1: tensor<4xi8>) -> tensor<4xi16> {
  %r = qnn.add %a0, %a1 {lhs_params = #qnn.params<ui8, scale = 3.00000000000000000e+00, zp = 255>, rhs_params = #qnn.params<ui8, scale = 5.00000000000000000e+00, zp = 0>, output_params = #qnn.params<ui16, scale = 5.00000000000000000e-01, zp = 1000>, rounding = #qnn.rounding<half_to_even>} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi16>
  return %r : tensor<4xi16>
}
func.func @add_tiny_lhs_scale(%a0: tensor<4xi8>, %a1: tensor<4xi8>) -> tensor<4xi8> {
  %r = qnn.add %a0, %a1 {lhs_params = #qnn.params<i8, scale = 1.00000000000000003e-300, zp = 0>, rhs_params = #qnn.params<i8, scale = 5.00000000000000000e-01, zp = 1>, output_params = #qnn.params<i8, scale = 1.00000000000000000e+00, zp = 0>, rounding = #qnn.rounding<upward>} : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  return %r : tensor<4xi8>
}
func.func @mul_u4(%a0: tensor<4xi4>, %a1: tensor<4xi4>) -> tensor<4xi4> {
  %r = qnn.mul %a0, %a1 {lhs_params = #qnn.params<ui4, scale = 5.00000000000000000e-01, zp = 8>, rhs_params = #qnn.params<ui4, scale = 5.00000000000000000e-01, zp = 1>, output_params = #qnn.params<ui4, scale = 2.50000000000000000e-01, zp = 2>, rounding = #qnn.rounding<half_to_even>} : (tensor<4xi4>, tensor<4xi4>) -> tensor<4xi4>
  return %r : tensor<4xi4>
}
func.func @pool_i32_extreme(%a0: tensor<1x2x2x1xi32>) -> tensor<1x1x1x1xi32> {
  %r = qnn.avg_pool2d %a0 {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, zp = -2147483648 : i64} : tensor<1x2x2x1xi32> -> tensor<1x1x1x1xi32>
  return %r : tensor<1x1x1x1xi32>
}
func.func @pool_u16(%a0: tensor<1x2x2x1xi16>) -> tensor<1x2x1x1xi16> {
  %r = qnn.avg_pool2d %a0 {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>, pad = array<i64: 1, 0, 0, 0>, zp = 0 : i64, is_unsigned = true, rounding = #qnn.rounding<upward>} : tensor<1x2x2x1xi16> -> tensor<1x2x1x1xi16>
  return %r : tensor<1x2x1x1xi16>
}
func.func @clamp_beyond_storage(%a0: tensor<6xi8>) -> tensor<6xi8> {
  %r = qnn.clamp %a0 {min = -1000 : i64, max = 50 : i64} : tensor<6xi8>
  return %r : tensor<6xi8>
}
func.func @clamp_beyond_storage_u8(%a0: tensor<4xi8>) -> tensor<4xi8> {
  %r = qnn.clamp %a0 {min = 1 : i64, max = 300 : i64, is_unsigned = true} : tensor<4xi8>
  return %r : tensor<4xi8>
}
func.func @main() {
  %c0_0 = arith.constant dense<[0.00000000000000000e+00, -0.00000000000000000e+00, 1.00000000000000000e+00, -1.00000000000000000e+00, 0x7F800000, 0xFF800000, 0x7FC00000]> : tensor<7xf32>
  %r0 = call @q_tiny_scale(%c0_0) : (tensor<7xf32>) -> tensor<7xi8>
  %e0 = tensor.empty() : tensor<7xi32>
  %w0 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r0 : tensor<7xi8>) outs(%e0 : tensor<7xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<7xi32>
  %u0 = tensor.cast %w0 : tensor<7xi32> to tensor<*xi32>
  call @printMemrefI32(%u0) : (tensor<*xi32>) -> ()
  %c1_0 = arith.constant dense<[0.00000000000000000e+00, -0.00000000000000000e+00, 1.00000000000000000e+00, -1.00000000000000000e+00, 0x7F800000, 0xFF800000, 0x7FC00000]> : tensor<7xf32>
  %r1 = call @sq_tiny_scale(%c1_0) : (tensor<7xf32>) -> tensor<7xf32>
  %u1 = tensor.cast %r1 : tensor<7xf32> to tensor<*xf32>
  call @printMemrefF32(%u1) : (tensor<*xf32>) -> ()
  %c2_0 = arith.constant dense<[0.00000000000000000e+00, -0.00000000000000000e+00, 1.00000000000000000e+00, -1.00000000000000000e+00, 0x7F800000, 0xFF800000, 0x7FC00000]> : tensor<7xf32>
  %r2 = call @q_huge_scale(%c2_0) : (tensor<7xf32>) -> tensor<7xi8>
  %e2 = tensor.empty() : tensor<7xi32>
  %w2 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r2 : tensor<7xi8>) outs(%e2 : tensor<7xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<7xi32>
  %u2 = tensor.cast %w2 : tensor<7xi32> to tensor<*xi32>
  call @printMemrefI32(%u2) : (tensor<*xi32>) -> ()
  %c3_0 = arith.constant dense<[0.00000000000000000e+00, -0.00000000000000000e+00, 1.00000000000000000e+00, -1.00000000000000000e+00, 0x7F800000, 0xFF800000, 0x7FC00000]> : tensor<7xf32>
  %r3 = call @sq_huge_scale(%c3_0) : (tensor<7xf32>) -> tensor<7xf32>
  %u3 = tensor.cast %r3 : tensor<7xf32> to tensor<*xf32>
  call @printMemrefF32(%u3) : (tensor<*xf32>) -> ()
  %c4_0 = arith.constant dense<[3, 4, 2, -128]> : tensor<4xi8>
  %r4 = call @dq_tiny_scale(%c4_0) : (tensor<4xi8>) -> tensor<4xf32>
  %u4 = tensor.cast %r4 : tensor<4xf32> to tensor<*xf32>
  call @printMemrefF32(%u4) : (tensor<*xf32>) -> ()
  %c5_0 = arith.constant dense<[3, 4, 2, -128]> : tensor<4xi8>
  %r5 = call @dq_huge_scale(%c5_0) : (tensor<4xi8>) -> tensor<4xf32>
  %u5 = tensor.cast %r5 : tensor<4xf32> to tensor<*xf32>
  call @printMemrefF32(%u5) : (tensor<*xf32>) -> ()
  %c6_0 = arith.constant dense<[9.99999999999999929e-41, -3.00000000000000028e-39, 2.49999999999999988e-45, 0.00000000000000000e+00]> : tensor<4xf32>
  %r6 = call @q_subnormal_scale(%c6_0) : (tensor<4xf32>) -> tensor<4xi16>
  %e6 = tensor.empty() : tensor<4xi32>
  %w6 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r6 : tensor<4xi16>) outs(%e6 : tensor<4xi32>) {
  ^bb0(%x: i16, %y: i32):
    %v = arith.extui %x : i16 to i32
    linalg.yield %v : i32
  } -> tensor<4xi32>
  %u6 = tensor.cast %w6 : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%u6) : (tensor<*xi32>) -> ()
  %c7_0 = arith.constant dense<[7.00000000000000000e+00, -8.00000000000000000e+00, 2.50000000000000000e+00, 1.00000000000000000e+02, -5.00000000000000000e-01]> : tensor<5xf32>
  %s7_0 = tensor.expand_shape %c7_0 [[0, 1]] output_shape [5, 1] : tensor<5xf32> into tensor<5x1xf32>
  %r7 = call @q_axis_size1_u4(%s7_0) : (tensor<5x1xf32>) -> tensor<5x1xi4>
  %f7 = tensor.collapse_shape %r7 [[0, 1]] : tensor<5x1xi4> into tensor<5xi4>
  %e7 = tensor.empty() : tensor<5xi32>
  %w7 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f7 : tensor<5xi4>) outs(%e7 : tensor<5xi32>) {
  ^bb0(%x: i4, %y: i32):
    %v = arith.extui %x : i4 to i32
    linalg.yield %v : i32
  } -> tensor<5xi32>
  %u7 = tensor.cast %w7 : tensor<5xi32> to tensor<*xi32>
  call @printMemrefI32(%u7) : (tensor<*xi32>) -> ()
  %c8_0 = arith.constant dense<[2147483647, -2147483648, 0, 1, -1]> : tensor<5xi32>
  %r8 = call @rq_just_below_2p31(%c8_0) : (tensor<5xi32>) -> tensor<5xi16>
  %e8 = tensor.empty() : tensor<5xi32>
  %w8 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r8 : tensor<5xi16>) outs(%e8 : tensor<5xi32>) {
  ^bb0(%x: i16, %y: i32):
    %v = arith.extsi %x : i16 to i32
    linalg.yield %v : i32
  } -> tensor<5xi32>
  %u8 = tensor.cast %w8 : tensor<5xi32> to tensor<*xi32>
  call @printMemrefI32(%u8) : (tensor<*xi32>) -> ()
  %c9_0 = arith.constant dense<[2147483647, -2147483648, 0, 1, -1]> : tensor<5xi32>
  %r9 = call @rq_at_2p31(%c9_0) : (tensor<5xi32>) -> tensor<5xi16>
  %e9 = tensor.empty() : tensor<5xi32>
  %w9 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r9 : tensor<5xi16>) outs(%e9 : tensor<5xi32>) {
  ^bb0(%x: i16, %y: i32):
    %v = arith.extsi %x : i16 to i32
    linalg.yield %v : i32
  } -> tensor<5xi32>
  %u9 = tensor.cast %w9 : tensor<5xi32> to tensor<*xi32>
  call @printMemrefI32(%u9) : (tensor<*xi32>) -> ()
  %c10_0 = arith.constant dense<[2147483647, -2147483648, 0, 1, -1]> : tensor<5xi32>
  %r10 = call @rq_1e300(%c10_0) : (tensor<5xi32>) -> tensor<5xi16>
  %e10 = tensor.empty() : tensor<5xi32>
  %w10 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r10 : tensor<5xi16>) outs(%e10 : tensor<5xi32>) {
  ^bb0(%x: i16, %y: i32):
    %v = arith.extsi %x : i16 to i32
    linalg.yield %v : i32
  } -> tensor<5xi32>
  %u10 = tensor.cast %w10 : tensor<5xi32> to tensor<*xi32>
  call @printMemrefI32(%u10) : (tensor<*xi32>) -> ()
  %c11_0 = arith.constant dense<[2147483647, -2147483648, 0, 1, -1]> : tensor<5xi32>
  %r11 = call @rq_tiny(%c11_0) : (tensor<5xi32>) -> tensor<5xi8>
  %e11 = tensor.empty() : tensor<5xi32>
  %w11 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r11 : tensor<5xi8>) outs(%e11 : tensor<5xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<5xi32>
  %u11 = tensor.cast %w11 : tensor<5xi32> to tensor<*xi32>
  call @printMemrefI32(%u11) : (tensor<*xi32>) -> ()
  %c12_0 = arith.constant dense<[0, -1, -32768, 1]> : tensor<4xi16>
  %r12 = call @rq_u16_to_u4(%c12_0) : (tensor<4xi16>) -> tensor<4xi4>
  %e12 = tensor.empty() : tensor<4xi32>
  %w12 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r12 : tensor<4xi4>) outs(%e12 : tensor<4xi32>) {
  ^bb0(%x: i4, %y: i32):
    %v = arith.extui %x : i4 to i32
    linalg.yield %v : i32
  } -> tensor<4xi32>
  %u12 = tensor.cast %w12 : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%u12) : (tensor<*xi32>) -> ()
  %c13_0 = arith.constant dense<[5, -5, 100]> : tensor<3xi32>
  %s13_0 = tensor.expand_shape %c13_0 [[0, 1]] output_shape [3, 1] : tensor<3xi32> into tensor<3x1xi32>
  %r13 = call @rq_axis_size1(%s13_0) : (tensor<3x1xi32>) -> tensor<3x1xi8>
  %f13 = tensor.collapse_shape %r13 [[0, 1]] : tensor<3x1xi8> into tensor<3xi8>
  %e13 = tensor.empty() : tensor<3xi32>
  %w13 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f13 : tensor<3xi8>) outs(%e13 : tensor<3xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extui %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<3xi32>
  %u13 = tensor.cast %w13 : tensor<3xi32> to tensor<*xi32>
  call @printMemrefI32(%u13) : (tensor<*xi32>) -> ()
  %c14_0 = arith.constant dense<[0, -1, -128, -56]> : tensor<4xi8>
  %c14_1 = arith.constant dense<[-1, 0, -127, 50]> : tensor<4xi8>
  %r14 = call @add_u8_to_u16(%c14_0, %c14_1) : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi16>
  %e14 = tensor.empty() : tensor<4xi32>
  %w14 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r14 : tensor<4xi16>) outs(%e14 : tensor<4xi32>) {
  ^bb0(%x: i16, %y: i32):
    %v = arith.extui %x : i16 to i32
    linalg.yield %v : i32
  } -> tensor<4xi32>
  %u14 = tensor.cast %w14 : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%u14) : (tensor<*xi32>) -> ()
  %c15_0 = arith.constant dense<[7, -8, 0, 3]> : tensor<4xi8>
  %c15_1 = arith.constant dense<[127, -128, 5, -5]> : tensor<4xi8>
  %r15 = call @add_tiny_lhs_scale(%c15_0, %c15_1) : (tensor<4xi8>, tensor<4xi8>) -> tensor<4xi8>
  %e15 = tensor.empty() : tensor<4xi32>
  %w15 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r15 : tensor<4xi8>) outs(%e15 : tensor<4xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<4xi32>
  %u15 = tensor.cast %w15 : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%u15) : (tensor<*xi32>) -> ()
  %c16_0 = arith.constant dense<[0, -1, -8, 3]> : tensor<4xi4>
  %c16_1 = arith.constant dense<[-1, -1, 0, -7]> : tensor<4xi4>
  %r16 = call @mul_u4(%c16_0, %c16_1) : (tensor<4xi4>, tensor<4xi4>) -> tensor<4xi4>
  %e16 = tensor.empty() : tensor<4xi32>
  %w16 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r16 : tensor<4xi4>) outs(%e16 : tensor<4xi32>) {
  ^bb0(%x: i4, %y: i32):
    %v = arith.extui %x : i4 to i32
    linalg.yield %v : i32
  } -> tensor<4xi32>
  %u16 = tensor.cast %w16 : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%u16) : (tensor<*xi32>) -> ()
  %c17_0 = arith.constant dense<[2147483647, 2147483647, 2147483646, 2147483647]> : tensor<4xi32>
  %s17_0 = tensor.expand_shape %c17_0 [[0, 1, 2, 3]] output_shape [1, 2, 2, 1] : tensor<4xi32> into tensor<1x2x2x1xi32>
  %r17 = call @pool_i32_extreme(%s17_0) : (tensor<1x2x2x1xi32>) -> tensor<1x1x1x1xi32>
  %f17 = tensor.collapse_shape %r17 [[0, 1, 2, 3]] : tensor<1x1x1x1xi32> into tensor<1xi32>
  %u17 = tensor.cast %f17 : tensor<1xi32> to tensor<*xi32>
  call @printMemrefI32(%u17) : (tensor<*xi32>) -> ()
  %c18_0 = arith.constant dense<[-1, -1, -1, 0]> : tensor<4xi16>
  %s18_0 = tensor.expand_shape %c18_0 [[0, 1, 2, 3]] output_shape [1, 2, 2, 1] : tensor<4xi16> into tensor<1x2x2x1xi16>
  %r18 = call @pool_u16(%s18_0) : (tensor<1x2x2x1xi16>) -> tensor<1x2x1x1xi16>
  %f18 = tensor.collapse_shape %r18 [[0, 1, 2, 3]] : tensor<1x2x1x1xi16> into tensor<2xi16>
  %e18 = tensor.empty() : tensor<2xi32>
  %w18 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%f18 : tensor<2xi16>) outs(%e18 : tensor<2xi32>) {
  ^bb0(%x: i16, %y: i32):
    %v = arith.extui %x : i16 to i32
    linalg.yield %v : i32
  } -> tensor<2xi32>
  %u18 = tensor.cast %w18 : tensor<2xi32> to tensor<*xi32>
  call @printMemrefI32(%u18) : (tensor<*xi32>) -> ()
  %c19_0 = arith.constant dense<[-128, -5, 0, 50, 51, 127]> : tensor<6xi8>
  %r19 = call @clamp_beyond_storage(%c19_0) : (tensor<6xi8>) -> tensor<6xi8>
  %e19 = tensor.empty() : tensor<6xi32>
  %w19 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r19 : tensor<6xi8>) outs(%e19 : tensor<6xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extsi %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<6xi32>
  %u19 = tensor.cast %w19 : tensor<6xi32> to tensor<*xi32>
  call @printMemrefI32(%u19) : (tensor<*xi32>) -> ()
  %c20_0 = arith.constant dense<[0, 1, -128, -1]> : tensor<4xi8>
  %r20 = call @clamp_beyond_storage_u8(%c20_0) : (tensor<4xi8>) -> tensor<4xi8>
  %e20 = tensor.empty() : tensor<4xi32>
  %w20 = linalg.generic {indexing_maps = [affine_map<(i) -> (i)>, affine_map<(i) -> (i)>], iterator_types = ["parallel"]} ins(%r20 : tensor<4xi8>) outs(%e20 : tensor<4xi32>) {
  ^bb0(%x: i8, %y: i32):
    %v = arith.extui %x : i8 to i32
    linalg.yield %v : i32
  } -> tensor<4xi32>
  %u20 = tensor.cast %w20 : tensor<4xi32> to tensor<*xi32>
  call @printMemrefI32(%u20) : (tensor<*xi32>) -> ()
  return
}
