// RUN: quant-opt %s --qnn-quantize | FileCheck %s --implicit-check-not=tosa.conv2d --implicit-check-not=qnn.simulated_quantize --implicit-check-not=tosa.const
// RUN: quant-opt %s --qnn-quantize=global-scale=4.0 | FileCheck %s --check-prefix=SCALE

// qnn-quantize (annotate, calibrate, realize, canonicalize) turns a float
// TOSA conv into the integer graph: one quantize at the input, an i8 x i8 ->
// i32 conv with i8 weights and an i32 bias as constants, a requantize to the
// i8 activation grid, one dequantize at the output. No float conv, no
// simulated quantization and no float constant is left.
// CHECK-LABEL: func.func @conv
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{.*}}> : tensor<3x1x1x2xi8>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<{{.*}}> : tensor<3xi32>
// CHECK-DAG: %[[Q:.*]] = qnn.quantize %[[X]] {params = #qnn.params<i8, {{.*}}>} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2xi8>
// CHECK: %[[ACC:.*]] = qnn.conv2d %[[Q]], %[[W]], %[[B]] {{.*}} : (tensor<1x4x4x2xi8>, tensor<3x1x1x2xi8>, tensor<3xi32>) -> tensor<1x4x4x3xi32>
// CHECK: %[[R:.*]] = qnn.requantize %[[ACC]] {input_params = #qnn.params<i32, {{.*}}>, output_params = #qnn.params<i8, {{.*}}>} : tensor<1x4x4x3xi32> -> tensor<1x4x4x3xi8>
// CHECK: %[[D:.*]] = qnn.dequantize %[[R]] {{.*}} : tensor<1x4x4x3xi8> -> tensor<1x4x4x3xf32>
// CHECK-NEXT: return %[[D]] : tensor<1x4x4x3xf32>

// The pipeline options reach qnn-calibrate: global scale 4 -> step 4 / 128.
// SCALE: qnn.quantize %{{.*}} {params = #qnn.params<i8, scale = 3.125000e-02, zp = 0>}
func.func @conv(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.5, -0.25]]], [[[1.0, 0.0625]]], [[[0.1875, -1.0]]]]> : tensor<3x1x1x2xf32>}> : () -> tensor<3x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[0.125, 0.0, -0.25]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  return %0 : tensor<1x4x4x3xf32>
}
