// qnn-lower-to-llvm{target=aarch64-dotprod|aarch64-i8mm}: an int8 NHWC
// convolution with constant weights becomes an im2col GEMM on the SDOT /
// SMMLA micro-kernels (8 x 12 tiles: 24 accumulators): the weights are
// packed at compile time (F x KH x KW x C read as B[k][f]); the hot loop of
// the compiled function is the kernel's k loop, every accumulator in a
// register. target=generic keeps plain loops.
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-dotprod | FileCheck %s --check-prefix=IR
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-i8mm | FileCheck %s --check-prefix=IR8
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-dotprod | quant-translate --emit-asm | %python %S/Inputs/hot_loop.py sdot smmla | FileCheck %s --check-prefix=DOT
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-i8mm | quant-translate --emit-asm | %python %S/Inputs/hot_loop.py smmla sdot | FileCheck %s --check-prefix=MMLA
// RUN: quant-opt %s --qnn-lower-to-llvm=target=generic | quant-translate --emit-asm --target-triple=aarch64-linux-gnu --mattr=+dotprod | FileCheck %s --check-prefix=GENERIC
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-dotprod --mlir-print-ir-after=qnn-aarch64-matmul -o /dev/null 2>&1 | FileCheck %s --check-prefix=FUSE
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-i8mm --mlir-print-ir-after=qnn-aarch64-matmul -o /dev/null 2>&1 | FileCheck %s --check-prefix=FUSE

// Weights W[f][0][0][c] = f + 1 for c = 0, 0 for c = 1 (F = 2, C = 2, 1 x 1
// kernel), signed, weight zero point 0: B'[k][f] = W[f][k], packed as
// SDOT panels of 12 columns x 4 k (column f at 4 f), SMMLA 12 x 8.
// IR: llvm.mlir.global private constant @{{.*}}_aarch64_packed(dense<{{\[\[\[\[}}1, 0, 0, 0, 2, 0, 0, 0, 0, {{.*}}]]]]> : tensor<1x1x1x48xi8>)
// IR-LABEL: llvm.func @conv_1x1(
// IR: llvm.call_intrinsic "llvm.aarch64.neon.sdot"
// IR8: llvm.mlir.global private constant @{{.*}}_aarch64_packed(dense<{{\[\[\[\[}}1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, {{.*}}]]]]> : tensor<1x1x1x96xi8>)
// IR8-LABEL: llvm.func @conv_1x1(
// IR8: llvm.call_intrinsic "llvm.aarch64.neon.smmla"
func.func @conv_1x1(%x: tensor<1x3x3x2xi8>) -> tensor<1x3x3x2xi32> {
  %w = arith.constant dense<[[[[1, 0]]], [[[2, 0]]]]> : tensor<2x1x1x2xi8>
  %0 = qnn.conv2d %x, %w {input_zp = 0 : i64, weight_zp = 0 : i64, strides = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x3x3x2xi8>, tensor<2x1x1x2xi8>) -> tensor<1x3x3x2xi32>
  return %0 : tensor<1x3x3x2xi32>
}

// A 3 x 3 conv, 16 -> 24 channels, stride 2, u8 data with a zero point:
// 24 SDOT (SMMLA) per k step in the innermost loop, no spill.
// IR-LABEL: llvm.func @conv_requant(
// IR-COUNT-24: llvm.call_intrinsic "llvm.aarch64.neon.sdot"({{.*}}) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
// IR8-LABEL: llvm.func @conv_requant(
// IR8-COUNT-24: llvm.call_intrinsic "llvm.aarch64.neon.smmla"({{.*}}) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
// The requantize is fused (EpilogueFusion.h): the splat bias is folded at
// compile time into the column term, the requantize runs on each 4-column
// accumulator vector in registers (after the SMMLA 2 x 2 blocks are
// shuffled into rows) and i8 is stored straight into the result: no i32
// buffer, no second loop nest.
// FUSE: memref.global "private" constant @{{.*}}_aarch64_colcorr : memref<1x24xi32> = dense<-100>
// FUSE-LABEL: func.func @conv_requant(
// FUSE-NOT: memref<1x8x8x24xi32>
// FUSE: llvm.call_intrinsic "llvm.aarch64.neon.{{sdot|smmla}}"
// FUSE: arith.trunci {{.*}} : vector<4xi64> to vector<4xi8>
// FUSE-NEXT: vector.store {{.*}} : memref<64x24xi8>, vector<4xi8>
// FUSE-NOT: linalg.generic
// FUSE-NOT: memref<1x8x8x24xi32>
// FUSE: return
// DOT: FUNC _mlir_ciface_conv_requant: loop {{.*}}: 24 sdot, 0 smmla, 0 stack
// MMLA: FUNC _mlir_ciface_conv_requant: loop {{.*}}: 24 smmla, 0 sdot, 0 stack
// GENERIC-LABEL: _mlir_ciface_conv_requant:
// GENERIC-NOT: sdot
// GENERIC: .size _mlir_ciface_conv_requant
func.func @conv_requant(%x: tensor<1x17x17x16xi8>) -> tensor<1x8x8x24xi8> {
  %w = arith.constant dense<3> : tensor<24x3x3x16xi8>
  %b = arith.constant dense<-100> : tensor<24xi32>
  %0 = qnn.conv2d %x, %w, %b {input_zp = 128 : i64, weight_zp = 0 : i64, input_unsigned = true, strides = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (tensor<1x17x17x16xi8>, tensor<24x3x3x16xi8>, tensor<24xi32>) -> tensor<1x8x8x24xi32>
  %1 = qnn.requantize %0 {input_params = #qnn.params<i32, scale = 0.001, zp = 0>, output_params = #qnn.params<i8, scale = 0.05, zp = -2>} : tensor<1x8x8x24xi32> -> tensor<1x8x8x24xi8>
  return %1 : tensor<1x8x8x24xi8>
}
