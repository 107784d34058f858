// qnn-x86-avx2-matmul on convolutions whose input is a tosa.slice: after
// bufferization a strided memref.subview (offset, the producer's pitch),
// which the im2col kernel reads through a memref.reinterpret_cast of the
// underlying buffer (up to the view's last element) instead of falling back
// to loops (ResNet's stride-2 1 x 1 projection convs). Numbers:
// conv-strided-input-exec.test.
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx2 --mlir-print-ir-after=qnn-x86-avx2-matmul -o /dev/null 2>&1 | FileCheck %s

// CHECK-LABEL: func.func @slice_conv_f32(
// CHECK: memref.subview {{.*}} to memref<1x9x9x16xf32, strided<[1600, 160, 16, 1]>>
// CHECK: memref.reinterpret_cast {{.*}} to offset: [0], sizes: [1424], strides: [1] : memref<1x9x9x16xf32, strided<[1600, 160, 16, 1]>> to memref<1424xf32>
// CHECK: vector.load {{.*}} : memref<1424xf32>, vector<16xf32>
// CHECK: vector.fma
// CHECK-NOT: linalg.conv_2d
// CHECK-LABEL: func.func @slice_conv_i8(
// CHECK: memref.subview {{.*}} to memref<2x9x9x16xi8, strided<[1600, 160, 16, 1], offset: 176>>
// CHECK: memref.reinterpret_cast {{.*}} sizes: [3200], strides: [1] : {{.*}} to memref<3200xi8>
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"
// CHECK-NOT: linalg.generic {{.*}}reduction

func.func @slice_conv_f32(%x: tensor<1x10x10x16xf32>) -> tensor<1x5x5x24xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<24x1x1x16xf32>}> : () -> tensor<24x1x1x16xf32>
  %b = "tosa.const"() <{values = dense<0.25> : tensor<24xf32>}> : () -> tensor<24xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %st = tosa.const_shape {values = dense<[0, 0, 0, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %sz = tosa.const_shape {values = dense<[1, 9, 9, 16]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.slice %x, %st, %sz : (tensor<1x10x10x16xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x9x9x16xf32>
  %y = tosa.conv2d %s, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x9x9x16xf32>, tensor<24x1x1x16xf32>, tensor<24xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x24xf32>
  return %y : tensor<1x5x5x24xf32>
}
func.func @slice_conv_i8(%x: tensor<2x10x10x16xi8>) -> tensor<2x4x4x24xi32> {
  %w = arith.constant dense<3> : tensor<24x3x3x16xi8>
  %st = tosa.const_shape {values = dense<[0, 1, 1, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %sz = tosa.const_shape {values = dense<[2, 9, 9, 16]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %s = tosa.slice %x, %st, %sz : (tensor<2x10x10x16xi8>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<2x9x9x16xi8>
  %acc = qnn.conv2d %s, %w {input_zp = 0 : i64, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<2x9x9x16xi8>, tensor<24x3x3x16xi8>) -> tensor<2x4x4x24xi32>
  return %acc : tensor<2x4x4x24xi32>
}
