// RUN: quant-opt %s -split-input-file -convert-qnn-to-linalg | FileCheck %s

// Bound simulated quantization: one elementwise generic in the float type.
// CHECK-LABEL: func.func @simulated_quantize(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3xf32>)
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<2x3xf32>
// CHECK:         %[[R:.*]] = linalg.generic
// CHECK-SAME:        iterator_types = ["parallel", "parallel"]
// CHECK-SAME:        ins(%[[X]] : tensor<2x3xf32>) outs(%[[INIT]] : tensor<2x3xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: f32):
// CHECK-DAG:       %[[S:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG:       %[[ZP:.*]] = arith.constant 3.000000e+00 : f32
// CHECK:           %[[D:.*]] = arith.divf %[[IN]], %[[S]] : f32
// CHECK:           %[[RND:.*]] = math.roundeven %[[D]] : f32
// CHECK:           %[[A:.*]] = arith.addf %[[RND]], %[[ZP]] : f32
// CHECK:           %[[QMIN:.*]] = arith.constant -1.280000e+02 : f32
// CHECK:           %[[LO:.*]] = arith.maximumf %[[A]], %[[QMIN]] : f32
// CHECK:           %[[QMAX:.*]] = arith.constant 1.270000e+02 : f32
// CHECK:           %[[HI:.*]] = arith.minimumf %[[LO]], %[[QMAX]] : f32
// CHECK:           %[[NAN:.*]] = arith.cmpf uno, %[[IN]], %[[IN]] : f32
// CHECK:           %[[Q:.*]] = arith.select %[[NAN]], %[[ZP]], %[[HI]] : f32
// CHECK:           %[[SUB:.*]] = arith.subf %[[Q]], %[[ZP]] : f32
// CHECK:           %[[MUL:.*]] = arith.mulf %[[SUB]], %[[S]] : f32
// CHECK:           linalg.yield %[[MUL]] : f32
// CHECK:         return %[[R]]
func.func @simulated_quantize(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, bits = 8 : i64, params = #qnn.params<i8, scale = 0.5, zp = 3>} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// Unbound: the identity.
// CHECK-LABEL: func.func @simulated_quantize_unbound(
// CHECK-SAME:      %[[X:.*]]: tensor<?x3xf32>)
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[X]]
func.func @simulated_quantize_unbound(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<activation>} : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

// Per-axis: scales / zero points read from 1-D constants indexed by the axis
// loop; f16 is computed in f32; upward rounding is floor + (frac >= 0.5).
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$AX:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @simulated_quantize_per_axis(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3xf16>)
// CHECK-DAG:     %[[SC:.*]] = arith.constant dense<[5.000000e-01, 2.500000e-01, 1.000000e+00]> : tensor<3xf32>
// CHECK-DAG:     %[[ZPS:.*]] = arith.constant dense<[0.000000e+00, 1.000000e+00, -1.000000e+00]> : tensor<3xf32>
// CHECK:         linalg.generic {indexing_maps = [#[[$ID]], #[[$AX]], #[[$AX]], #[[$ID]]]
// CHECK-SAME:        ins(%[[X]], %[[SC]], %[[ZPS]] : tensor<2x3xf16>, tensor<3xf32>, tensor<3xf32>)
// CHECK:         ^bb0(%[[IN:.*]]: f16, %[[S:.*]]: f32, %[[Z:.*]]: f32, %{{.*}}: f16):
// CHECK:           %[[E:.*]] = arith.extf %[[IN]] : f16 to f32
// CHECK:           %[[D:.*]] = arith.divf %[[E]], %[[S]] : f32
// CHECK:           %[[FL:.*]] = math.floor %[[D]] : f32
// CHECK:           %[[FR:.*]] = arith.subf %[[D]], %[[FL]] : f32
// CHECK:           %[[UP:.*]] = arith.cmpf oge, %[[FR]], %{{.*}} : f32
// CHECK:           %[[FL1:.*]] = arith.addf %[[FL]], %{{.*}} : f32
// CHECK:           %[[R:.*]] = arith.select %[[UP]], %[[FL1]], %[[FL]] : f32
// CHECK:           arith.addf %[[R]], %[[Z]] : f32
// CHECK:           arith.constant -1.270000e+02 : f32
// CHECK:           %[[OUT:.*]] = arith.mulf %{{.*}}, %[[S]] : f32
// CHECK:           %[[T:.*]] = arith.truncf %[[OUT]] : f32 to f16
// CHECK:           linalg.yield %[[T]] : f16
func.func @simulated_quantize_per_axis(%x: tensor<2x3xf16>) -> tensor<2x3xf16> {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<weight>, bits = 8 : i64, narrow_range = true, rounding = #qnn.rounding<upward>, params = #qnn.params<i8 narrow, axis = 1, scales = [0.5, 0.25, 1.0], zps = [0, 1, -1]>} : tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// -----

// Quantize to an unsigned grid: ties away from zero, fptoui.
// CHECK-LABEL: func.func @quantize_u8(
// CHECK:         linalg.generic
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: i8):
// CHECK:           %[[D:.*]] = arith.divf %[[IN]], %{{.*}} : f32
// CHECK:           %[[R:.*]] = math.round %[[D]] : f32
// CHECK:           arith.constant 0.000000e+00 : f32
// CHECK:           arith.constant 2.550000e+02 : f32
// CHECK:           %[[Q:.*]] = arith.select
// CHECK:           %[[I:.*]] = arith.fptoui %[[Q]] : f32 to i8
// CHECK:           linalg.yield %[[I]] : i8
func.func @quantize_u8(%x: tensor<4xf32>) -> tensor<4xi8> {
  %0 = qnn.quantize %x {params = #qnn.params<ui8, scale = 0.25, zp = 128>, rounding = #qnn.rounding<half_away_from_zero>} : tensor<4xf32> -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// CHECK-LABEL: func.func @quantize_i8(
// CHECK:         math.roundeven
// CHECK:         arith.fptosi %{{.*}} : f32 to i8
func.func @quantize_i8(%x: tensor<4xf32>) -> tensor<4xi8> {
  %0 = qnn.quantize %x {params = #qnn.params<i8, scale = 0.25, zp = -3>} : tensor<4xf32> -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// Dequantize: widen (unsigned), subtract the zero point in i32, convert, scale.
// CHECK-LABEL: func.func @dequantize_u8(
// CHECK:         ^bb0(%[[IN:.*]]: i8, %{{.*}}: f32):
// CHECK:           %[[E:.*]] = arith.extui %[[IN]] : i8 to i32
// CHECK:           %[[ZP:.*]] = arith.constant 128 : i32
// CHECK:           %[[D:.*]] = arith.subi %[[E]], %[[ZP]] : i32
// CHECK:           %[[F:.*]] = arith.sitofp %[[D]] : i32 to f32
// CHECK:           %[[S:.*]] = arith.constant 2.500000e-01 : f32
// CHECK:           %[[R:.*]] = arith.mulf %[[F]], %[[S]] : f32
// CHECK:           linalg.yield %[[R]] : f32
func.func @dequantize_u8(%q: tensor<4xi8>) -> tensor<4xf32> {
  %0 = qnn.dequantize %q {params = #qnn.params<ui8, scale = 0.25, zp = 128>} : tensor<4xi8> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// Requantize, per-tensor M = 0.5 = 2^30 * 2^-31: i64 fixed point, exact
// rounding shift by 31 as one biased shift (ties to even:
// (p + 2^30 - 1 + ((p >> 31) & 1)) >> 31, no overflow for i32 inputs),
// output zero point, saturation, truncation.
// CHECK-LABEL: func.func @requantize(
// CHECK-SAME:      %[[X:.*]]: tensor<4xi32>)
// CHECK:         linalg.generic
// CHECK-SAME:        ins(%[[X]] : tensor<4xi32>)
// CHECK:         ^bb0(%[[IN:.*]]: i32, %{{.*}}: i8):
// CHECK:           %[[E:.*]] = arith.extsi %[[IN]] : i32 to i64
// CHECK:           %[[M:.*]] = arith.constant 1073741824 : i64
// CHECK:           %[[P:.*]] = arith.muli %[[E]], %[[M]] : i64
// CHECK:           %[[N:.*]] = arith.constant 31 : i64
// CHECK:           %[[HM1:.*]] = arith.constant 1073741823 : i64
// CHECK:           %[[ONE:.*]] = arith.constant 1 : i64
// CHECK:           %[[B:.*]] = arith.addi %[[P]], %[[HM1]] : i64
// CHECK:           %[[FL:.*]] = arith.shrsi %[[P]], %[[N]] : i64
// CHECK:           %[[ODD:.*]] = arith.andi %[[FL]], %[[ONE]] : i64
// CHECK:           %[[B2:.*]] = arith.addi %[[B]], %[[ODD]] : i64
// CHECK:           %[[RND:.*]] = arith.shrsi %[[B2]], %[[N]] : i64
// CHECK:           %[[ZP:.*]] = arith.constant -3 : i64
// CHECK:           %[[A:.*]] = arith.addi %[[RND]], %[[ZP]] : i64
// CHECK:           %[[LO:.*]] = arith.maxsi %[[A]], %{{.*}} : i64
// CHECK:           %[[HI:.*]] = arith.minsi %[[LO]], %{{.*}} : i64
// CHECK:           %[[T:.*]] = arith.trunci %[[HI]] : i64 to i8
// CHECK:           linalg.yield %[[T]] : i8
func.func @requantize(%x: tensor<4xi32>) -> tensor<4xi8> {
  %0 = qnn.requantize %x {input_params = #qnn.params<i32, scale = 0.5, zp = 0>, output_params = #qnn.params<i8, scale = 1.0, zp = -3>} : tensor<4xi32> -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// Per-axis requantize: one shift and one 2^(n-1) per channel, a dynamic
// biased shift. Ties away from zero: one less bias where p < 0.
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$AX:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @requantize_per_axis(
// CHECK:         %[[SH:.*]] = arith.constant dense<[31, 32, 33]> : tensor<3xi64>
// CHECK:         %[[H:.*]] = arith.constant dense<[1073741824, 2147483648, 4294967296]> : tensor<3xi64>
// CHECK:         linalg.generic {indexing_maps = [#[[$ID]], #[[$AX]], #[[$AX]], #[[$ID]]]
// CHECK-SAME:        ins(%{{.*}}, %[[SH]], %[[H]] :
// CHECK:         ^bb0(%[[IN:.*]]: i32, %[[N:.*]]: i64, %[[HB:.*]]: i64, %{{.*}}: i8):
// CHECK:           %[[P:.*]] = arith.muli
// CHECK:           %[[B:.*]] = arith.addi %[[P]], %[[HB]] : i64
// CHECK:           %[[NEG:.*]] = arith.shrsi %[[P]], %{{.*}} : i64
// CHECK:           %[[ONE:.*]] = arith.andi %[[NEG]], %{{.*}} : i64
// CHECK:           %[[B2:.*]] = arith.subi %[[B]], %[[ONE]] : i64
// CHECK:           arith.shrsi %[[B2]], %[[N]] : i64
func.func @requantize_per_axis(%x: tensor<2x3xi32>) -> tensor<2x3xi8> {
  %0 = qnn.requantize %x {input_params = #qnn.params<i32, axis = 1, scales = [0.5, 0.25, 0.125], zps = [0, 0, 0]>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<half_away_from_zero>} : tensor<2x3xi32> -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

// Add: broadcast through the indexing map, two multipliers over one shift
// (0.5 -> 2^30, 0.25 -> 2^29, n = 31), one rounding; upward ties.
// CHECK-DAG:   #[[$ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$BC:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @add(
// CHECK-SAME:      %[[L:.*]]: tensor<2x3xi8>, %[[R:.*]]: tensor<1x3xi8>)
// CHECK:         linalg.generic {indexing_maps = [#[[$ID]], #[[$BC]], #[[$ID]]]
// CHECK-SAME:        ins(%[[L]], %[[R]] : tensor<2x3xi8>, tensor<1x3xi8>)
// CHECK:         ^bb0(%[[A:.*]]: i8, %[[B:.*]]: i8, %{{.*}}: i8):
// CHECK:           %[[AE:.*]] = arith.extsi %[[A]] : i8 to i64
// CHECK:           %[[AZ:.*]] = arith.subi %[[AE]], %{{.*}} : i64
// CHECK:           %[[BE:.*]] = arith.extsi %[[B]] : i8 to i64
// CHECK:           %[[BZ:.*]] = arith.subi %[[BE]], %{{.*}} : i64
// CHECK:           %[[ML:.*]] = arith.constant 1073741824 : i64
// CHECK:           %[[PA:.*]] = arith.muli %[[AZ]], %[[ML]] : i64
// CHECK:           %[[MR:.*]] = arith.constant 536870912 : i64
// CHECK:           %[[PB:.*]] = arith.muli %[[BZ]], %[[MR]] : i64
// CHECK:           %[[SUM:.*]] = arith.addi %[[PA]], %[[PB]] : i64
// CHECK:           %[[FL:.*]] = arith.shrsi %[[SUM]], %{{.*}} : i64
// CHECK:           %[[UP:.*]] = arith.cmpi sge, %{{.*}}, %{{.*}} : i64
// CHECK:           arith.extui %[[UP]] : i1 to i64
// CHECK:           arith.trunci %{{.*}} : i64 to i8
func.func @add(%a: tensor<2x3xi8>, %b: tensor<1x3xi8>) -> tensor<2x3xi8> {
  %0 = qnn.add %a, %b {lhs_params = #qnn.params<i8, scale = 0.5, zp = 1>, rhs_params = #qnn.params<i8, scale = 0.25, zp = -2>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>, rounding = #qnn.rounding<upward>} : (tensor<2x3xi8>, tensor<1x3xi8>) -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

// Mul: product of the centered operands, one multiplier (0.125 -> 2^30, n = 33).
// CHECK-DAG:   #[[$BC:.*]] = affine_map<(d0, d1) -> (d0, 0)>
// CHECK-LABEL: func.func @mul(
// CHECK:         linalg.generic {indexing_maps = [#{{[a-z0-9]+}}, #[[$BC]], #{{[a-z0-9]+}}]
// CHECK:           %[[X:.*]] = arith.subi
// CHECK:           %[[Y:.*]] = arith.subi
// CHECK:           %[[P:.*]] = arith.muli %[[X]], %[[Y]] : i64
// CHECK:           %[[M:.*]] = arith.constant 1073741824 : i64
// CHECK:           %[[PM:.*]] = arith.muli %[[P]], %[[M]] : i64
// CHECK:           %[[N:.*]] = arith.constant 33 : i64
// CHECK:           arith.shrsi %[[PM]], %[[N]] : i64
func.func @mul(%a: tensor<2x3xi8>, %b: tensor<2x1xi8>) -> tensor<2x3xi8> {
  %0 = qnn.mul %a, %b {lhs_params = #qnn.params<i8, scale = 0.5, zp = 1>, rhs_params = #qnn.params<i8, scale = 0.25, zp = -2>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<2x3xi8>, tensor<2x1xi8>) -> tensor<2x3xi8>
  return %0 : tensor<2x3xi8>
}

// -----

// Concat: only the input off the output grid is requantized.
// CHECK-LABEL: func.func @concat(
// CHECK-SAME:      %[[A:.*]]: tensor<1x2xi8>, %[[B:.*]]: tensor<1x3xi8>)
// CHECK:         %[[DEST:.*]] = tensor.empty() : tensor<1x5xi8>
// CHECK:         %[[RQ:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[A]] : tensor<1x2xi8>)
// CHECK:           arith.shrsi
// CHECK:         %[[S0:.*]] = tensor.insert_slice %[[RQ]] into %[[DEST]][0, 0] [1, 2] [1, 1]
// CHECK-NOT:     linalg.generic
// CHECK:         %[[S1:.*]] = tensor.insert_slice %[[B]] into %[[S0]][0, 2] [1, 3] [1, 1]
// CHECK:         return %[[S1]]
func.func @concat(%a: tensor<1x2xi8>, %b: tensor<1x3xi8>) -> tensor<1x5xi8> {
  %0 = qnn.concat %a, %b {axis = 1 : i64, input_params = [#qnn.params<i8, scale = 0.5, zp = 0>, #qnn.params<i8, scale = 1.0, zp = 0>], output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<1x2xi8>, tensor<1x3xi8>) -> tensor<1x5xi8>
  return %0 : tensor<1x5xi8>
}

// -----

// Grouped conv: pad with input_zp, bias broadcast into the accumulator, one
// generic over (n, oh, ow, f, kh, kw, c) whose input channel is
// (f floordiv F/groups) * C/groups + c.
// CHECK-DAG:   #[[$BIAS:.*]] = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 * 2 + d4, d2 + d5 * 2, (d3 floordiv 2) * 2 + d6)>
// CHECK-DAG:   #[[$W:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d3, d4, d5, d6)>
// CHECK-DAG:   #[[$OUT:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @conv2d_grouped(
// CHECK-SAME:      %[[X:.*]]: tensor<1x5x6x4xi8>, %[[W:.*]]: tensor<4x3x3x2xi8>, %[[B:.*]]: tensor<4xi32>)
// CHECK:         %[[PADV:.*]] = arith.constant -128 : i8
// CHECK:         %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 2, 0] high[0, 1, 0, 0]
// CHECK:           tensor.yield %[[PADV]] : i8
// CHECK:         } : tensor<1x5x6x4xi8> to tensor<1x6x8x4xi8>
// CHECK:         %[[INIT:.*]] = linalg.generic {indexing_maps = [#[[$BIAS]], #{{[a-z0-9]+}}]
// CHECK-SAME:        ins(%[[B]] : tensor<4xi32>)
// CHECK:         %[[C:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$W]], #[[$OUT]]]
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction", "reduction"]
// CHECK-SAME:        ins(%[[P]], %[[W]] : tensor<1x6x8x4xi8>, tensor<4x3x3x2xi8>) outs(%[[INIT]] : tensor<1x2x4x4xi32>)
// CHECK:         ^bb0(%[[I:.*]]: i8, %[[K:.*]]: i8, %[[ACC:.*]]: i32):
// CHECK:           %[[IE:.*]] = arith.extui %[[I]] : i8 to i32
// CHECK:           %[[KE:.*]] = arith.extsi %[[K]] : i8 to i32
// CHECK:           %[[IZ:.*]] = arith.subi %[[IE]], %{{.*}} : i32
// CHECK:           %[[KZ:.*]] = arith.subi %[[KE]], %{{.*}} : i32
// CHECK:           %[[M:.*]] = arith.muli %[[IZ]], %[[KZ]] : i32
// CHECK:           %[[S:.*]] = arith.addi %[[ACC]], %[[M]] : i32
// CHECK:           linalg.yield %[[S]] : i32
// CHECK:         return %[[C]]
func.func @conv2d_grouped(%x: tensor<1x5x6x4xi8>, %w: tensor<4x3x3x2xi8>, %b: tensor<4xi32>) -> tensor<1x2x4x4xi32> {
  %0 = qnn.conv2d %x, %w, %b {input_zp = 128 : i64, weight_zp = 3 : i64, input_unsigned = true, strides = array<i64: 2, 1>, pad = array<i64: 0, 1, 2, 0>, dilations = array<i64: 1, 2>, groups = 2 : i64} : (tensor<1x5x6x4xi8>, tensor<4x3x3x2xi8>, tensor<4xi32>) -> tensor<1x2x4x4xi32>
  return %0 : tensor<1x2x4x4xi32>
}

// -----

// Depthwise (groups = C = F), no padding, no zero points, no bias.
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5, d6) -> (d0, d1 + d4, d2 + d5, d3 + d6)>
// CHECK-LABEL: func.func @conv2d_depthwise(
// CHECK-SAME:      %[[X:.*]]: tensor<1x4x4x3xi8>
// CHECK-NOT:     tensor.pad
// CHECK:         %[[Z:.*]] = arith.constant 0 : i32
// CHECK:         %[[F:.*]] = linalg.fill ins(%[[Z]] : i32)
// CHECK:         linalg.generic {indexing_maps = [#[[$IN]], #{{[a-z0-9]+}}, #{{[a-z0-9]+}}]
// CHECK-SAME:        ins(%[[X]], %{{.*}} : tensor<1x4x4x3xi8>, tensor<3x3x3x1xi8>) outs(%[[F]] : tensor<1x2x2x3xi32>)
// CHECK-NOT:       arith.subi
// CHECK:           arith.muli
func.func @conv2d_depthwise(%x: tensor<1x4x4x3xi8>, %w: tensor<3x3x3x1xi8>) -> tensor<1x2x2x3xi32> {
  %0 = qnn.conv2d %x, %w {strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, groups = 3 : i64} : (tensor<1x4x4x3xi8>, tensor<3x3x3x1xi8>) -> tensor<1x2x2x3xi32>
  return %0 : tensor<1x2x2x3xi32>
}

// -----

// Batched matmul with zero points: (b, m, n, k) loops, i32 accumulation.
// CHECK-DAG:   #[[$L:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d3)>
// CHECK-DAG:   #[[$R:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d2)>
// CHECK-DAG:   #[[$O:.*]] = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2)>
// CHECK-LABEL: func.func @matmul_batched(
// CHECK-SAME:      %[[A:.*]]: tensor<2x3x4xi8>, %[[B:.*]]: tensor<2x4x5xi8>)
// CHECK:         %[[F:.*]] = linalg.fill
// CHECK:         linalg.generic {indexing_maps = [#[[$L]], #[[$R]], #[[$O]]]
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "reduction"]
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<2x3x4xi8>, tensor<2x4x5xi8>) outs(%[[F]] : tensor<2x3x5xi32>)
// CHECK:         ^bb0(%[[X:.*]]: i8, %[[Y:.*]]: i8, %[[ACC:.*]]: i32):
// CHECK:           %[[XE:.*]] = arith.extui %[[X]] : i8 to i32
// CHECK:           %[[YE:.*]] = arith.extsi %[[Y]] : i8 to i32
// CHECK:           %[[LZ:.*]] = arith.constant 128 : i32
// CHECK:           %[[XZ:.*]] = arith.subi %[[XE]], %[[LZ]] : i32
// CHECK:           %[[RZ:.*]] = arith.constant -2 : i32
// CHECK:           %[[YZ:.*]] = arith.subi %[[YE]], %[[RZ]] : i32
// CHECK:           %[[M:.*]] = arith.muli %[[XZ]], %[[YZ]] : i32
// CHECK:           arith.addi %[[ACC]], %[[M]] : i32
func.func @matmul_batched(%a: tensor<2x3x4xi8>, %b: tensor<2x4x5xi8>) -> tensor<2x3x5xi32> {
  %0 = qnn.matmul %a, %b {lhs_zp = 128 : i64, rhs_zp = -2 : i64, lhs_unsigned = true} : (tensor<2x3x4xi8>, tensor<2x4x5xi8>) -> tensor<2x3x5xi32>
  return %0 : tensor<2x3x5xi32>
}

// -----

// CHECK-DAG:   #[[$L:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG:   #[[$R:.*]] = affine_map<(d0, d1, d2) -> (d2, d1)>
// CHECK-DAG:   #[[$O:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @matmul(
// CHECK:         linalg.generic {indexing_maps = [#[[$L]], #[[$R]], #[[$O]]]
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "reduction"]
func.func @matmul(%a: tensor<3x4xi8>, %b: tensor<4x5xi8>) -> tensor<3x5xi32> {
  %0 = qnn.matmul %a, %b : (tensor<3x4xi8>, tensor<4x5xi8>) -> tensor<3x5xi32>
  return %0 : tensor<3x5xi32>
}

// -----

// Average pooling: pad with zp, window sum of (q - zp) in i32, exact rounding
// division by the per-position count (a compile-time tensor: padding is not
// counted), + zp, saturate.
// CHECK-DAG:   #[[$IN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1 * 2 + d4, d2 * 2 + d5, d3)>
// CHECK-DAG:   #[[$WIN:.*]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG:   #[[$CNT:.*]] = affine_map<(d0, d1, d2, d3) -> (d1, d2)>
// CHECK-LABEL: func.func @avg_pool2d(
// CHECK-SAME:      %[[X:.*]]: tensor<1x3x3x1xi8>)
// CHECK:         %[[P:.*]] = tensor.pad %[[X]] low[0, 0, 0, 0] high[0, 1, 1, 0]
// CHECK:         } : tensor<1x3x3x1xi8> to tensor<1x4x4x1xi8>
// CHECK:         %[[WIN:.*]] = tensor.empty() : tensor<2x2xi8>
// CHECK:         %[[SUM:.*]] = linalg.generic {indexing_maps = [#[[$IN]], #[[$WIN]], #{{[a-z0-9]+}}]
// CHECK-SAME:        iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]
// CHECK-SAME:        ins(%[[P]], %[[WIN]] : tensor<1x4x4x1xi8>, tensor<2x2xi8>)
// CHECK:           arith.extsi %{{.*}} : i8 to i32
// CHECK:           arith.subi
// CHECK:           arith.addi
// CHECK:         %[[CNT:.*]] = arith.constant dense<{{\[\[}}4, 2], [2, 1]]> : tensor<2x2xi32>
// CHECK:         linalg.generic {indexing_maps = [#{{[a-z0-9]+}}, #[[$CNT]], #{{[a-z0-9]+}}]
// CHECK-SAME:        ins(%[[SUM]], %[[CNT]] : tensor<1x2x2x1xi32>, tensor<2x2xi32>)
// CHECK:         ^bb0(%[[S:.*]]: i32, %[[N:.*]]: i32, %{{.*}}: i8):
// CHECK:           %[[Q:.*]] = arith.divsi %[[S]], %[[N]] : i32
// CHECK:           %[[R:.*]] = arith.remsi %[[S]], %[[N]] : i32
// CHECK:           arith.cmpi slt, %[[R]]
// CHECK:           arith.cmpi sgt, %{{.*}}, %[[N]] : i32
// CHECK:           arith.cmpi eq, %{{.*}}, %[[N]] : i32
// CHECK:           arith.maxsi
// CHECK:           arith.minsi
// CHECK:           arith.trunci %{{.*}} : i32 to i8
func.func @avg_pool2d(%x: tensor<1x3x3x1xi8>) -> tensor<1x2x2x1xi8> {
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, zp = -1 : i64} : tensor<1x3x3x1xi8> -> tensor<1x2x2x1xi8>
  return %0 : tensor<1x2x2x1xi8>
}

// -----

// Without padding every window has the same count: a scalar divisor.
// CHECK-LABEL: func.func @avg_pool2d_uniform(
// CHECK-NOT:     tensor.pad
// CHECK-NOT:     dense
// CHECK:         %[[N:.*]] = arith.constant 4 : i32
// CHECK:         arith.divsi %{{.*}}, %[[N]] : i32
func.func @avg_pool2d_uniform(%x: tensor<1x4x4x2xi8>) -> tensor<1x2x2x2xi8> {
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, zp = 0 : i64, is_unsigned = true} : tensor<1x4x4x2xi8> -> tensor<1x2x2x2xi8>
  return %0 : tensor<1x2x2x2xi8>
}

// -----

// CHECK-LABEL: func.func @clamp_unsigned(
// CHECK:         ^bb0(%[[IN:.*]]: i8, %{{.*}}: i8):
// CHECK-DAG:       %[[LO:.*]] = arith.constant 10 : i8
// CHECK-DAG:       %[[HI:.*]] = arith.constant -56 : i8
// CHECK:           %[[A:.*]] = arith.maxui %[[IN]], %[[LO]] : i8
// CHECK:           %[[B:.*]] = arith.minui %[[A]], %[[HI]] : i8
// CHECK:           linalg.yield %[[B]] : i8
func.func @clamp_unsigned(%x: tensor<4xi8>) -> tensor<4xi8> {
  %0 = qnn.clamp %x {min = 10 : i64, max = 200 : i64, is_unsigned = true} : tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// CHECK-LABEL: func.func @clamp_signed(
// CHECK:           arith.maxsi
// CHECK:           arith.minsi
func.func @clamp_signed(%x: tensor<4xi16>) -> tensor<4xi16> {
  %0 = qnn.clamp %x {min = -6 : i64, max = 6 : i64} : tensor<4xi16>
  return %0 : tensor<4xi16>
}
