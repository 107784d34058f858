// partition-conversions: the conversions at a function's edges stay in it,
// everything between them moves into `<name>_quantized`; fully_integral
// reports every float op left inside (with its location) and fails.
// RUN: quant-opt %s -split-input-file -qnn-annotate -qnn-calibrate -qnn-realize="partition-conversions=enabled" 2>/dev/null | FileCheck %s
// RUN: quant-opt %s -split-input-file -qnn-annotate -qnn-calibrate -qnn-realize="partition-conversions=disabled" 2>/dev/null | FileCheck %s --check-prefix=DISABLED
// RUN: not quant-opt %s -split-input-file -qnn-annotate -qnn-calibrate -qnn-realize="partition-conversions=fully_integral" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FULLY
// The pipeline forwards the option.
// RUN: quant-opt %s -split-input-file --qnn-quantize="partition-conversions=enabled" 2>/dev/null | FileCheck %s
// RUN: not quant-opt %s -split-input-file --qnn-quantize="partition-conversions=fully_integral" -o /dev/null 2>&1 | FileCheck %s --check-prefix=FULLY

// CHECK-LABEL: func.func @integral
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>, %[[Y:.*]]: tensor<1x4x4x2xf32>)
// CHECK-DAG: %[[QX:.*]] = qnn.quantize %[[X]]
// CHECK-DAG: %[[QY:.*]] = qnn.quantize %[[Y]]
// CHECK: %[[R:.*]]:2 = call @integral_quantized(%[[QX]], %[[QY]]) : (tensor<1x4x4x2xi8>, tensor<1x4x4x2xi8>) -> (tensor<1x4x4x2xi8>, tensor<1x4x4x2xi8>)
// CHECK-DAG: %[[D0:.*]] = qnn.dequantize %[[R]]#0
// CHECK-DAG: %[[D1:.*]] = qnn.dequantize %[[R]]#1
// CHECK: return %[[D1]], %[[D0]]
// CHECK: func.func private @integral_quantized(%{{.*}}: tensor<1x4x4x2xi8>, %{{.*}}: tensor<1x4x4x2xi8>) -> (tensor<1x4x4x2xi8>, tensor<1x4x4x2xi8>)
// CHECK-NOT: f32>
// CHECK: qnn.conv2d
// CHECK: qnn.add
// CHECK: return
// DISABLED-LABEL: func.func @integral
// DISABLED-NOT: call
// DISABLED: qnn.conv2d
// FULLY-NOT: float op {{.*}} @integral_quantized
func.func @integral(%x: tensor<1x4x4x2xf32>, %y: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32>
  %1 = tosa.add %0, %y : (tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  return %1, %0 : tensor<1x4x4x2xf32>, tensor<1x4x4x2xf32>
}

// -----

// A float op (no rule) inside: with `enabled` it moves into the quantized
// function between a dequantize and a quantize.
// CHECK-LABEL: func.func @with_float
// CHECK: qnn.quantize
// CHECK: call @with_float_quantized
// CHECK: qnn.dequantize
// CHECK: func.func private @with_float_quantized
// CHECK: qnn.dequantize
// CHECK: tosa.exp
// CHECK: qnn.quantize
// FULLY: qnn-realize-partition.mlir:[[# @LINE + 6]]:8: error: qnn-realize: partition-conversions=fully_integral: float op 'qnn.dequantize' inside @with_float_quantized
// FULLY: qnn-realize-partition.mlir:[[# @LINE + 6]]:8: error: qnn-realize: partition-conversions=fully_integral: float op 'tosa.exp' inside @with_float_quantized
// FULLY: qnn-realize-partition.mlir:[[# @LINE + 5]]:8: error: qnn-realize: partition-conversions=fully_integral: float op 'qnn.quantize' inside @with_float_quantized
// FULLY: qnn-realize-partition.mlir:[[# @LINE + 2]]:1: error: qnn-realize: partition-conversions=fully_integral: 3 float ops left between the conversions of @with_float: qnn.dequantize (1), tosa.exp (1), qnn.quantize (1)
// FULLY-NOT: error
func.func @with_float(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = tosa.add %x, %x : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = tosa.exp %0 : (tensor<4xf32>) -> tensor<4xf32>
  %2 = tosa.add %1, %1 : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %2 : tensor<4xf32>
}
