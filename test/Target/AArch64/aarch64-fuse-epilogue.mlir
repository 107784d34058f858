// qnn-aarch64-matmul{fuse-epilogue=1} (the default, what
// qnn-lower-to-llvm{target=aarch64-*} runs): the elementwise consumer of a
// depthwise conv's / matmul's i32 accumulator (here a truncation to i8; in
// models the requantize) runs on the accumulators in registers, its result
// is stored straight into its output, and the accumulator buffer, its bias
// init and the consumer are gone. fuse-epilogue=0 keeps them: the kernel
// accumulates into the i32 buffer and the consumer runs afterwards.
// RUN: quant-opt %s --qnn-aarch64-matmul | FileCheck %s --check-prefix=FUSED
// RUN: quant-opt %s --qnn-aarch64-matmul=fuse-epilogue=0 | FileCheck %s --check-prefix=UNFUSED
// RUN: quant-opt %s --qnn-aarch64-matmul="i8mm=1 fuse-epilogue=1" | FileCheck %s --check-prefix=FUSED

#id = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#col = affine_map<(d0, d1, d2, d3) -> (d3)>
#id2 = affine_map<(d0, d1) -> (d0, d1)>
memref.global "private" constant @w : memref<3x3x16xi8> = dense<2>
memref.global "private" constant @b : memref<16xi32> = dense<5>
memref.global "private" constant @wm : memref<24x12xi8> = dense<3>

// FUSED-LABEL: func.func @dw(
// FUSED-NOT: memref.alloc
// FUSED: scf.for
// FUSED: arith.muli {{.*}} : vector<8xi32>
// FUSED: arith.trunci {{.*}} : vector<8xi32> to vector<8xi8>
// FUSED: vector.store {{.*}} : memref<256xi8>, vector<8xi8>
// FUSED-NOT: linalg.
// FUSED-NOT: xi32>
// FUSED-LABEL: func.func @mm(
// FUSED-NOT: memref.alloc() {{.*}}xi32>
// FUSED: llvm.call_intrinsic "llvm.aarch64.neon.{{sdot|smmla}}"
// FUSED: arith.trunci {{.*}} : vector<4xi32> to vector<4xi8>
// FUSED: vector.store {{.*}} : memref<5x12xi8>, vector<4xi8>
// FUSED-NOT: linalg.
// FUSED: return

// UNFUSED-LABEL: func.func @dw(
// UNFUSED: memref.alloc() : memref<1x4x4x16xi32>
// UNFUSED: linalg.generic
// UNFUSED: vector.store {{.*}} : memref<256xi32>, vector<16xi32>
// UNFUSED: linalg.generic
// UNFUSED: arith.trunci {{.*}} : i32 to i8
// UNFUSED-LABEL: func.func @mm(
// UNFUSED: memref.alloc() : memref<5x12xi32>
// UNFUSED: llvm.call_intrinsic "llvm.aarch64.neon.sdot"
// UNFUSED: vector.store {{.*}} : memref<5x12xi32>, vector<4xi32>
// UNFUSED: linalg.generic
// UNFUSED: arith.trunci {{.*}} : i32 to i8

func.func @dw(%x: memref<1x6x6x16xi8>, %y: memref<1x4x4x16xi8>) {
  %w = memref.get_global @w : memref<3x3x16xi8>
  %bias = memref.get_global @b : memref<16xi32>
  %acc = memref.alloc() : memref<1x4x4x16xi32>
  linalg.generic {indexing_maps = [#col, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%bias : memref<16xi32>) outs(%acc : memref<1x4x4x16xi32>) {
  ^bb0(%in: i32, %out: i32):
    linalg.yield %in : i32
  }
  linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : memref<1x6x6x16xi8>, memref<3x3x16xi8>) outs(%acc : memref<1x4x4x16xi32>)
  linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%acc : memref<1x4x4x16xi32>) outs(%y : memref<1x4x4x16xi8>) {
  ^bb0(%in: i32, %out: i8):
    %t = arith.trunci %in : i32 to i8
    linalg.yield %t : i8
  }
  memref.dealloc %acc : memref<1x4x4x16xi32>
  return
}

func.func @mm(%a: memref<5x24xi8>, %y: memref<5x12xi8>) {
  %c0 = arith.constant 0 : i32
  %b = memref.get_global @wm : memref<24x12xi8>
  %acc = memref.alloc() : memref<5x12xi32>
  linalg.fill ins(%c0 : i32) outs(%acc : memref<5x12xi32>)
  linalg.matmul ins(%a, %b : memref<5x24xi8>, memref<24x12xi8>) outs(%acc : memref<5x12xi32>)
  linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%acc : memref<5x12xi32>) outs(%y : memref<5x12xi8>) {
  ^bb0(%in: i32, %out: i8):
    %t = arith.trunci %in : i32 to i8
    linalg.yield %t : i8
  }
  memref.dealloc %acc : memref<5x12xi32>
  return
}
