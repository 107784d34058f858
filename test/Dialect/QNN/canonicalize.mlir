// RUN: quant-opt %s -split-input-file -canonicalize | FileCheck %s

// Requantize to identical parameters is the identity.
// CHECK-LABEL: func.func @requant_same
// CHECK-NOT: qnn.requantize
// CHECK: return %arg0
func.func @requant_same(%x: tensor<4xi8>) -> tensor<4xi8> {
  %0 = qnn.requantize %x {input_params = #qnn.params<i8, scale = 0.5, zp = 3>, output_params = #qnn.params<i8, scale = 0.5, zp = 3>} : tensor<4xi8> -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// Different zero points: kept.
// CHECK-LABEL: func.func @requant_differs
// CHECK: qnn.requantize
func.func @requant_differs(%x: tensor<4xi8>) -> tensor<4xi8> {
  %0 = qnn.requantize %x {input_params = #qnn.params<i8, scale = 0.5, zp = 3>, output_params = #qnn.params<i8, scale = 0.5, zp = 2>} : tensor<4xi8> -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// quantize(dequantize(q)) with equal parameters is q; the dequantize then dies.
// CHECK-LABEL: func.func @q_dq
// CHECK-NOT: qnn.quantize
// CHECK-NOT: qnn.dequantize
// CHECK: return %arg0
func.func @q_dq(%x: tensor<4xi8>) -> tensor<4xi8> {
  %0 = qnn.dequantize %x {params = #qnn.params<i8, scale = 0.1, zp = 3>} : tensor<4xi8> -> tensor<4xf32>
  %1 = qnn.quantize %0 {params = #qnn.params<i8, scale = 0.1, zp = 3>} : tensor<4xf32> -> tensor<4xi8>
  return %1 : tensor<4xi8>
}

// -----

// Different parameters: the round trip is a real requantization, kept.
// CHECK-LABEL: func.func @q_dq_differs
// CHECK: qnn.dequantize
// CHECK: qnn.quantize
func.func @q_dq_differs(%x: tensor<4xi8>) -> tensor<4xi8> {
  %0 = qnn.dequantize %x {params = #qnn.params<i8, scale = 0.1, zp = 3>} : tensor<4xi8> -> tensor<4xf32>
  %1 = qnn.quantize %0 {params = #qnn.params<i8, scale = 0.2, zp = 3>} : tensor<4xf32> -> tensor<4xi8>
  return %1 : tensor<4xi8>
}

// -----

// dequantize(quantize(x)) is the simulation of quantization: never folded.
// CHECK-LABEL: func.func @dq_q_kept
// CHECK: qnn.quantize
// CHECK: qnn.dequantize
func.func @dq_q_kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.quantize %x {params = #qnn.params<i8, scale = 0.1>} : tensor<4xf32> -> tensor<4xi8>
  %1 = qnn.dequantize %0 {params = #qnn.params<i8, scale = 0.1>} : tensor<4xi8> -> tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// simulated_quantize is never folded, bound or not.
// CHECK-LABEL: func.func @sim_kept
// CHECK: qnn.simulated_quantize
// CHECK: qnn.simulated_quantize
func.func @sim_kept(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>} : tensor<4xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, params = #qnn.params<i8, scale = 1.0>} : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// A clamp covering the whole i8 range is the identity; a ReLU-like one is not.
// CHECK-LABEL: func.func @clamp_fold
// CHECK: %[[C:.*]] = qnn.clamp %arg0 {max = 127 : i64, min = 0 : i64}
// CHECK: return %arg0, %[[C]]
func.func @clamp_fold(%x: tensor<4xi8>) -> (tensor<4xi8>, tensor<4xi8>) {
  %0 = qnn.clamp %x {min = -128, max = 127} : tensor<4xi8>
  %1 = qnn.clamp %x {min = 0, max = 127} : tensor<4xi8>
  return %0, %1 : tensor<4xi8>, tensor<4xi8>
}

// -----

// Unsigned: [0, 255] covers the whole range of ui8 storage.
// CHECK-LABEL: func.func @clamp_fold_unsigned
// CHECK-NOT: qnn.clamp
func.func @clamp_fold_unsigned(%x: tensor<4xi8>) -> tensor<4xi8> {
  %0 = qnn.clamp %x {min = 0, max = 255, is_unsigned = true} : tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// Wider than 32 bits: the whole range of i64 is not the range of i32.
// CHECK-LABEL: func.func @clamp_fold_i64
// CHECK: %[[C:.*]] = qnn.clamp %arg0 {max = 2147483647 : i64, min = -2147483648 : i64} : tensor<4xi64>
// CHECK: return %[[C]]
func.func @clamp_fold_i64(%x: tensor<4xi64>) -> tensor<4xi64> {
  %0 = qnn.clamp %x {min = -2147483648, max = 2147483647} : tensor<4xi64>
  return %0 : tensor<4xi64>
}
