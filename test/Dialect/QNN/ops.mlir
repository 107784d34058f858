// RUN: quant-opt %s -split-input-file | FileCheck %s
// Round trip: print, re-parse, print again and compare.
// RUN: quant-opt %s -split-input-file | quant-opt -split-input-file | FileCheck %s
// Generic form round trip.
// RUN: quant-opt %s -split-input-file -mlir-print-op-generic | quant-opt -split-input-file | FileCheck %s

// CHECK-LABEL: func.func @sim_unbound
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>} : tensor<2x3xf32>
// CHECK: qnn.simulated_quantize %{{.*}} {bits = 4 : i64, is_signed = false, kind = #qnn.kind<weight>, narrow_range = true, rounding = #qnn.rounding<upward>} : tensor<2x3xf32>
func.func @sim_unbound(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>} : tensor<2x3xf32>
  %1 = qnn.simulated_quantize %x {kind = #qnn.kind<weight>, bits = 4, is_signed = false, narrow_range = true, rounding = #qnn.rounding<upward>} : tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @sim_named
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "conv1:out"} : tensor<2x3xf32>
// CHECK: qnn.simulated_quantize %{{.*}} {axis = 0 : i64, kind = #qnn.kind<weight>, name = "conv1:w", narrow_range = true} : tensor<2x3xf32>
func.func @sim_named(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<activation>, name = "conv1:out"} : tensor<2x3xf32>
  %1 = qnn.simulated_quantize %x {kind = #qnn.kind<weight>, name = "conv1:w", narrow_range = true, axis = 0} : tensor<2x3xf32>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @sim_bound
// CHECK: params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>
// CHECK: params = #qnn.params<i8 narrow, axis = 1, scales = [5.000000e-01, 2.500000e-01, 1.250000e-01], zps = [0, 0, 0]>
// CHECK: params = #qnn.params<ui16, scale = 1.000000e-03, zp = 32768>
func.func @sim_bound(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 0.0625>} : tensor<2x3xf32>
  %1 = qnn.simulated_quantize %x {kind = #qnn.kind<weight>, narrow_range = true, params = #qnn.params<i8 narrow, axis = 1, scales = [0.5, 0.25, 0.125]>} : tensor<2x3xf32>
  %2 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, bits = 16, is_signed = false, params = #qnn.params<ui16, scale = 0.001, zp = 32768>} : tensor<2x3xf32>
  return %0, %1, %2 : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @convert
// CHECK: %[[Q:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<ui8, scale = 1.000000e-01, zp = 128>, rounding = #qnn.rounding<half_away_from_zero>} : tensor<4xf32> -> tensor<4xi8>
// CHECK: %[[R:.*]] = qnn.requantize %[[Q]] {input_params = #qnn.params<ui8, scale = 1.000000e-01, zp = 128>, output_params = #qnn.params<i8, scale = 2.000000e-01, zp = -3>} : tensor<4xi8> -> tensor<4xi8>
// CHECK: qnn.dequantize %[[R]] {params = #qnn.params<i8, scale = 2.000000e-01, zp = -3>} : tensor<4xi8> -> tensor<4xf32>
func.func @convert(%x: tensor<4xf32>) -> tensor<4xf32> {
  %q = qnn.quantize %x {params = #qnn.params<ui8, scale = 0.1, zp = 128>, rounding = #qnn.rounding<half_away_from_zero>} : tensor<4xf32> -> tensor<4xi8>
  %r = qnn.requantize %q {input_params = #qnn.params<ui8, scale = 0.1, zp = 128>, output_params = #qnn.params<i8, scale = 0.2, zp = -3>} : tensor<4xi8> -> tensor<4xi8>
  %d = qnn.dequantize %r {params = #qnn.params<i8, scale = 0.2, zp = -3>} : tensor<4xi8> -> tensor<4xf32>
  return %d : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @requant_acc_per_axis
// CHECK: qnn.requantize %{{.*}} {input_params = #qnn.params<i32, axis = 3, scales = [1.000000e-03, 2.000000e-03], zps = [0, 0]>, output_params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>} : tensor<1x2x2x2xi32> -> tensor<1x2x2x2xi8>
func.func @requant_acc_per_axis(%acc: tensor<1x2x2x2xi32>) -> tensor<1x2x2x2xi8> {
  %r = qnn.requantize %acc {input_params = #qnn.params<i32, axis = 3, scales = [0.001, 0.002], zps = [0, 0]>, output_params = #qnn.params<i8, scale = 0.0625>} : tensor<1x2x2x2xi32> -> tensor<1x2x2x2xi8>
  return %r : tensor<1x2x2x2xi8>
}

// -----

// CHECK-LABEL: func.func @conv
// CHECK: qnn.conv2d %{{.*}}, %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, input_zp = -3 : i64, pad = array<i64: 1, 1, 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>, tensor<4xi32>) -> tensor<1x8x8x4xi32>
// CHECK: qnn.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 2, 2>, groups = 3 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : (tensor<1x8x8x3xi8>, tensor<6x3x3x1xi8>) -> tensor<1x2x2x6xi32>
func.func @conv(%x: tensor<1x8x8x3xi8>, %w: tensor<4x3x3x3xi8>, %b: tensor<4xi32>, %dw: tensor<6x3x3x1xi8>) -> (tensor<1x8x8x4xi32>, tensor<1x2x2x6xi32>) {
  %0 = qnn.conv2d %x, %w, %b {input_zp = -3, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x8x8x3xi8>, tensor<4x3x3x3xi8>, tensor<4xi32>) -> tensor<1x8x8x4xi32>
  %1 = qnn.conv2d %x, %dw {groups = 3, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 2, 2>} : (tensor<1x8x8x3xi8>, tensor<6x3x3x1xi8>) -> tensor<1x2x2x6xi32>
  return %0, %1 : tensor<1x8x8x4xi32>, tensor<1x2x2x6xi32>
}

// -----

// CHECK-LABEL: func.func @matmul
// CHECK: qnn.matmul %{{.*}}, %{{.*}} {lhs_unsigned = true, lhs_zp = 128 : i64} : (tensor<2x4x8xi8>, tensor<2x8x5xi8>) -> tensor<2x4x5xi32>
// CHECK: qnn.matmul %{{.*}}, %{{.*}} : (tensor<4x8xi8>, tensor<8x5xi8>) -> tensor<4x5xi32>
func.func @matmul(%a: tensor<2x4x8xi8>, %b: tensor<2x8x5xi8>, %c: tensor<4x8xi8>, %d: tensor<8x5xi8>) -> (tensor<2x4x5xi32>, tensor<4x5xi32>) {
  %0 = qnn.matmul %a, %b {lhs_zp = 128, lhs_unsigned = true} : (tensor<2x4x8xi8>, tensor<2x8x5xi8>) -> tensor<2x4x5xi32>
  %1 = qnn.matmul %c, %d : (tensor<4x8xi8>, tensor<8x5xi8>) -> tensor<4x5xi32>
  return %0, %1 : tensor<2x4x5xi32>, tensor<4x5xi32>
}

// -----

// CHECK-LABEL: func.func @binary
// CHECK: qnn.add %{{.*}}, %{{.*}} {lhs_params = #qnn.params<i8, scale = 1.000000e-01, zp = 1>, output_params = #qnn.params<i8, scale = 2.000000e-01, zp = 0>, rhs_params = #qnn.params<i8, scale = 5.000000e-02, zp = -1>} : (tensor<2x3xi8>, tensor<1x3xi8>) -> tensor<2x3xi8>
// CHECK: qnn.mul %{{.*}}, %{{.*}} {lhs_params = #qnn.params<i8, scale = 1.000000e-01, zp = 0>, output_params = #qnn.params<i16, scale = 1.000000e-02, zp = 0>, rhs_params = #qnn.params<i8, scale = 1.000000e-01, zp = 0>, rounding = #qnn.rounding<upward>} : (tensor<2x3xi8>, tensor<2x3xi8>) -> tensor<2x3xi16>
func.func @binary(%a: tensor<2x3xi8>, %b: tensor<1x3xi8>) -> (tensor<2x3xi8>, tensor<2x3xi16>) {
  %0 = qnn.add %a, %b {lhs_params = #qnn.params<i8, scale = 0.1, zp = 1>, rhs_params = #qnn.params<i8, scale = 0.05, zp = -1>, output_params = #qnn.params<i8, scale = 0.2>} : (tensor<2x3xi8>, tensor<1x3xi8>) -> tensor<2x3xi8>
  %1 = qnn.mul %a, %a {lhs_params = #qnn.params<i8, scale = 0.1>, rhs_params = #qnn.params<i8, scale = 0.1>, output_params = #qnn.params<i16, scale = 0.01>, rounding = #qnn.rounding<upward>} : (tensor<2x3xi8>, tensor<2x3xi8>) -> tensor<2x3xi16>
  return %0, %1 : tensor<2x3xi8>, tensor<2x3xi16>
}

// -----

// CHECK-LABEL: func.func @concat_pool_clamp
// CHECK: qnn.concat %{{.*}}, %{{.*}} {axis = 3 : i64, input_params = [#qnn.params<i8, scale = 1.000000e-01, zp = 0>, #qnn.params<i8, scale = 2.000000e-01, zp = 0>], output_params = #qnn.params<i8, scale = 2.000000e-01, zp = 0>} : (tensor<1x4x4x2xi8>, tensor<1x4x4x3xi8>) -> tensor<1x4x4x5xi8>
// CHECK: qnn.avg_pool2d %{{.*}} {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, zp = -5 : i64} : tensor<1x4x4x5xi8> -> tensor<1x2x2x5xi8>
// CHECK: qnn.clamp %{{.*}} {max = 96 : i64, min = 0 : i64} : tensor<1x2x2x5xi8>
func.func @concat_pool_clamp(%a: tensor<1x4x4x2xi8>, %b: tensor<1x4x4x3xi8>) -> tensor<1x2x2x5xi8> {
  %0 = qnn.concat %a, %b {axis = 3, input_params = [#qnn.params<i8, scale = 0.1>, #qnn.params<i8, scale = 0.2>], output_params = #qnn.params<i8, scale = 0.2>} : (tensor<1x4x4x2xi8>, tensor<1x4x4x3xi8>) -> tensor<1x4x4x5xi8>
  %1 = qnn.avg_pool2d %0 {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, zp = -5} : tensor<1x4x4x5xi8> -> tensor<1x2x2x5xi8>
  %2 = qnn.clamp %1 {min = 0, max = 96} : tensor<1x2x2x5xi8>
  return %2 : tensor<1x2x2x5xi8>
}
