// No needless conversions: two residual blocks (conv + relu, conv, add of
// the block input, relu) stay on integers from layer to layer. The only
// qnn.quantize is at the input and the only qnn.dequantize at the output;
// no float TOSA compute op remains. Per-tensor and per-channel weights, and
// 16-bit activations, give the same structure.
// RUN: quant-opt %s --qnn-quantize | FileCheck %s --implicit-check-not=qnn.quantize --implicit-check-not=qnn.dequantize --implicit-check-not=tosa.conv2d --implicit-check-not=tosa.add --implicit-check-not=tosa.clamp --implicit-check-not=qnn.simulated_quantize
// RUN: quant-opt %s --qnn-quantize="per-channel=false" | FileCheck %s --implicit-check-not=qnn.quantize --implicit-check-not=qnn.dequantize --implicit-check-not=tosa.conv2d --implicit-check-not=tosa.add --implicit-check-not=tosa.clamp
// RUN: quant-opt %s --qnn-quantize="input-bits=16 activation-bits=16" | FileCheck %s --implicit-check-not=qnn.quantize --implicit-check-not=qnn.dequantize --implicit-check-not=tosa.conv2d --implicit-check-not=tosa.add --implicit-check-not=tosa.clamp

// CHECK-LABEL: func.func @two_blocks
// CHECK-SAME: (%[[X:.*]]: tensor<1x6x6x4xf32>)
// CHECK: %[[Q:.*]] = qnn.quantize %[[X]]
// Block 1.
// CHECK: %[[C1:.*]] = qnn.conv2d %[[Q]]
// CHECK: %[[R1:.*]] = qnn.requantize %[[C1]]
// CHECK: %[[A1:.*]] = qnn.clamp %[[R1]]
// CHECK: %[[C2:.*]] = qnn.conv2d %[[A1]]
// CHECK: %[[R2:.*]] = qnn.requantize %[[C2]]
// CHECK: %[[S1:.*]] = qnn.add %[[R2]], %[[Q]]
// CHECK: %[[B1:.*]] = qnn.clamp %[[S1]]
// Block 2.
// CHECK: %[[C3:.*]] = qnn.conv2d %[[B1]]
// CHECK: %[[R3:.*]] = qnn.requantize %[[C3]]
// CHECK: %[[A3:.*]] = qnn.clamp %[[R3]]
// CHECK: %[[C4:.*]] = qnn.conv2d %[[A3]]
// CHECK: %[[R4:.*]] = qnn.requantize %[[C4]]
// CHECK: %[[S2:.*]] = qnn.add %[[R4]], %[[B1]]
// CHECK: %[[B2:.*]] = qnn.clamp %[[S2]]
// CHECK: %[[D:.*]] = qnn.dequantize %[[B2]]
// CHECK: return %[[D]]
func.func @two_blocks(%x: tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w1 = "tosa.const"() <{values = dense<[[[[0.1, -0.2, 0.3, 0.05]]], [[[0.2, 0.1, -0.1, 0.3]]], [[[-0.3, 0.2, 0.1, 0.1]]], [[[0.05, 0.3, 0.2, -0.2]]]]> : tensor<4x1x1x4xf32>}> : () -> tensor<4x1x1x4xf32>
  %w2 = "tosa.const"() <{values = dense<0.05> : tensor<4x3x3x4xf32>}> : () -> tensor<4x3x3x4xf32>
  %b = "tosa.const"() <{values = dense<[0.1, -0.1, 0.2, 0.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %0 = tosa.conv2d %x, %w1, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  %1 = tosa.clamp %0 {min_val = 0.0 : f32, max_val = 3.4e+38 : f32} : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %2 = tosa.conv2d %1, %w2, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  %3 = tosa.add %2, %x : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %4 = tosa.clamp %3 {min_val = 0.0 : f32, max_val = 3.4e+38 : f32} : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %5 = tosa.conv2d %4, %w1, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  %6 = tosa.clamp %5 {min_val = 0.0 : f32, max_val = 3.4e+38 : f32} : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %7 = tosa.conv2d %6, %w2, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<4x3x3x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  %8 = tosa.add %7, %4 : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %9 = tosa.clamp %8 {min_val = 0.0 : f32, max_val = 3.4e+38 : f32} : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  return %9 : tensor<1x6x6x4xf32>
}
