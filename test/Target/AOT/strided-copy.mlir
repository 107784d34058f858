// qnn-strided-copy-to-linalg: a memref.copy with a non-identity layout on
// either side becomes linalg.copy (then loops), so lowered modules never call
// memrefCopy (libmlir_c_runner_utils); contiguous copies stay memref.copy.
// RUN: quant-opt %s -qnn-strided-copy-to-linalg | FileCheck %s
// RUN: quant-opt %s --qnn-lower-to-llvm | FileCheck %s --check-prefix=LLVM

// CHECK-LABEL: func.func @pad_interior(
// CHECK: linalg.copy ins(%{{.*}} : memref<2x3xi8>) outs(%{{.*}} : memref<2x3xi8, strided<[5, 1], offset: 6>>)
// CHECK-NOT: memref.copy
// LLVM-NOT: memrefCopy
func.func @pad_interior(%a: memref<2x3xi8>, %b: memref<4x5xi8>) {
  %s = memref.subview %b[1, 1] [2, 3] [1, 1] : memref<4x5xi8> to memref<2x3xi8, strided<[5, 1], offset: 6>>
  memref.copy %a, %s : memref<2x3xi8> to memref<2x3xi8, strided<[5, 1], offset: 6>>
  return
}

// CHECK-LABEL: func.func @contiguous(
// CHECK: memref.copy
func.func @contiguous(%a: memref<2x3xi8>, %b: memref<2x3xi8>) {
  memref.copy %a, %b : memref<2x3xi8> to memref<2x3xi8>
  return
}
