// RUN: quant-opt %s --qnn-contiguous-inner-loop --split-input-file | FileCheck %s

// An int8 matmul (i, j, k): the output's last dimension j moves innermost,
// (i, k, j), so that B and C are read with unit stride in the inner loop.
// CHECK-LABEL: func.func @matmul
// CHECK: linalg.generic {indexing_maps = [#[[A:.*]], #[[B:.*]], #[[C:.*]]], iterator_types = ["parallel", "reduction", "parallel"]}
func.func @matmul(%a: memref<5x7xi8>, %b: memref<7x3xi8>, %c: memref<5x3xi32>) {
  linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]} ins(%a, %b : memref<5x7xi8>, memref<7x3xi8>) outs(%c : memref<5x3xi32>) {
  ^bb0(%x: i8, %y: i8, %acc: i32):
    %0 = arith.extsi %x : i8 to i32
    %1 = arith.extsi %y : i8 to i32
    %2 = arith.muli %0, %1 : i32
    %3 = arith.addi %acc, %2 : i32
    linalg.yield %3 : i32
  }
  return
}

// -----

// A named f32 batch matmul is generalized and reordered (b, i, k, j).
// CHECK-LABEL: func.func @batch_matmul
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "reduction", "parallel"]
func.func @batch_matmul(%a: memref<2x5x7xf32>, %b: memref<2x7x3xf32>, %c: memref<2x5x3xf32>) {
  linalg.batch_matmul ins(%a, %b : memref<2x5x7xf32>, memref<2x7x3xf32>) outs(%c : memref<2x5x3xf32>)
  return
}

// -----

// A convolution with F x KH x KW x C weights keeps its order: F is the
// weights' outermost dimension, not a contiguous one.
// CHECK-LABEL: func.func @conv_fhwc
// CHECK: linalg.conv_2d_nhwc_fhwc
func.func @conv_fhwc(%x: memref<1x6x6x4xf32>, %w: memref<8x3x3x4xf32>, %y: memref<1x4x4x8xf32>) {
  linalg.conv_2d_nhwc_fhwc ins(%x, %w : memref<1x6x6x4xf32>, memref<8x3x3x4xf32>) outs(%y : memref<1x4x4x8xf32>)
  return
}

// -----

// Depthwise (channels last everywhere): the channel loop moves innermost.
// CHECK-LABEL: func.func @depthwise
// CHECK: linalg.generic {{.*}} iterator_types = ["parallel", "parallel", "parallel", "reduction", "reduction", "parallel"]
func.func @depthwise(%x: memref<1x6x6x4xf32>, %w: memref<3x3x4xf32>, %y: memref<1x4x4x4xf32>) {
  linalg.depthwise_conv_2d_nhwc_hwc ins(%x, %w : memref<1x6x6x4xf32>, memref<3x3x4xf32>) outs(%y : memref<1x4x4x4xf32>)
  return
}

// -----

// Elementwise ops (no reduction) are left alone.
// CHECK-LABEL: func.func @elementwise
// CHECK: linalg.add
func.func @elementwise(%a: memref<4x4xf32>, %b: memref<4x4xf32>) {
  linalg.add ins(%a, %a : memref<4x4xf32>, memref<4x4xf32>) outs(%b : memref<4x4xf32>)
  return
}
