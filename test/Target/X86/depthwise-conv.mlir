// Depthwise convolutions (qnn.conv2d groups = C with zero points, f32
// tosa.depthwise_conv2d) on the x86 targets: the depthwise kernel. 8-bit:
// the taps by pairs (the 9th with zeros), both taps' channels widened to i16
// and interleaved (vector.shuffle: vpunpcklwd / vpunpckhwd), vpmaddwd
// against the compile-time packed i16 weight pairs (5 pairs x 2 halves per
// channel block; vpdpwssd with VNNI), the input zero point a per-channel
// constant (_x86_dw_corr) instead of a subtraction per tap; 16 channels per
// block on ymm (x86-avx2, x86-avxvnni), 32 on zmm (x86-avx512vnni); the
// channel tail (C = 20) masked; the requantize fused as in the GEMM path.
// f32: 8 channels, FMA.
// Numbers: depthwise-pairs-*-exec.test, x86_conv_check.py
// (avx2-conv-exec.test, avx512vnni-conv-exec.test).
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx2 --mlir-print-ir-after=qnn-x86-avx2-matmul -o /dev/null 2>&1 | FileCheck %s
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx512vnni --mlir-print-ir-after=qnn-x86-avx2-matmul -o /dev/null 2>&1 | FileCheck %s --check-prefix=ZMM
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx2 | mlir-translate --mlir-to-llvmir | llc -O3 | FileCheck %s --check-prefixes=ASM,YASM
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avxvnni | mlir-translate --mlir-to-llvmir | llc -O3 | FileCheck %s --check-prefixes=ASM,YASM --implicit-check-not='{{%zmm|%[xy]mm(1[6-9]|2[0-9]|3[01])|\{%k}}'
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx512vnni | mlir-translate --mlir-to-llvmir | llc -O3 | FileCheck %s --check-prefixes=ASM,ZASM

// CHECK-DAG: memref.global "private" constant @{{.*}}_x86_dw_packed : memref<5x64xi16>
// CHECK-DAG: memref.global "private" constant @{{.*}}_x86_dw_corr : memref<32xi32>
// CHECK-DAG: memref.global "private" constant @{{.*}}_x86_dw_packed{{.*}} : memref<9x24xf32>
// CHECK-LABEL: func.func @dw_requant(
// CHECK: scf.parallel
// CHECK: scf.for
// CHECK: vector.load {{.*}} : memref<{{[0-9]+}}xi8>, vector<16xi8>
// CHECK: arith.extsi {{.*}} : vector<16xi8> to vector<16xi16>
// CHECK: vector.shuffle {{.*}} [0, 16, 1, 17, 2, 18, 3, 19, 8, 24, 9, 25, 10, 26, 11, 27] : vector<16xi16>, vector<16xi16>
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"
// CHECK-NOT: arith.muli {{.*}} : vector
// CHECK-NOT: arith.subi {{.*}} : vector<{{[0-9]+}}xi32>
// The two halves back in channel order once per pixel, then the requantize
// on the accumulators in registers (fused epilogue): i8 stored directly, no
// i32 buffer.
// CHECK: vector.shuffle {{.*}} [0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15] : vector<8xi32>, vector<8xi32>
// CHECK: arith.trunci {{.*}} : vector<16xi64> to vector<16xi8>
// CHECK: vector.store {{.*}} : memref<2000xi8>, vector<16xi8>
// The channel tail (4 of 16 lanes): masked loads, a masked store of the
// fused result (one lane would be a scalar store: x86::storeTail).
// CHECK: vector.maskedload {{.*}} vector<16xi8>
// CHECK: vector.maskedstore {{.*}} : memref<2000xi8>, vector<16xi1>, vector<16xi8>
// CHECK-NOT: linalg.generic
// CHECK-NOT: memref.alloc() {{.*}}xi32>
// CHECK-LABEL: func.func @dw_f32(
// CHECK: scf.parallel
// CHECK: vector.fma {{.*}} : vector<8xf32>
// CHECK-NOT: linalg.depthwise_conv_2d

// x86-avx512vnni: one 32-channel block (20 valid lanes) on zmm.
// ZMM-DAG: memref.global "private" constant @{{.*}}_x86_dw_packed : memref<5x64xi16>
// ZMM-LABEL: func.func @dw_requant(
// ZMM: vector.maskedload {{.*}} vector<32xi8>
// ZMM: arith.extsi {{.*}} : vector<32xi8> to vector<32xi16>
// ZMM: llvm.call_intrinsic "llvm.x86.avx512.pmaddw.d.512"
// ZMM: llvm.call_intrinsic "llvm.x86.avx512.vpdpwssd.512"
// ZMM: vector.maskedstore {{.*}} : memref<2000xi8>, vector<32xi1>, vector<32xi8>
// ZMM-LABEL: func.func @dw_f32(

// The hot loop multiplies with vpmaddwd, not vpmulld (the i32 kernel
// before). With VNNI the IR accumulates the pairs after the first with
// vpdpwssd, which llc's generic tuning (no fast-dpwssd) splits back into
// vpmaddwd + vpaddd; znver4 / sapphirerapids keep it. x86-avxvnni stays
// VEX-encodable (the implicit-check-not of its RUN line): no zmm, no xmm /
// ymm 16-31, no k masks.
// ASM-LABEL: dw_requant:
// ASM-NOT: vpmulld
// ASM: vpmovsxbw
// ASM: vpunpcklwd
// YASM: vpmaddwd {{.*}}%ymm
// ZASM: vpmaddwd {{.*}}%zmm
// ASM: vpunpckhwd
// ASM: vpmaddwd
// ASM-NOT: vpmulld
// ASM-LABEL: dw_f32:
// ASM: vfmadd{{[0-9]+}}ps {{.*}}%ymm
// ASM: .cfi_endproc

func.func @dw_requant(%x: tensor<1x10x10x20xi8>) -> tensor<1x10x10x20xi8> {
  %w = arith.constant dense<3> : tensor<20x3x3x1xi8>
  %acc = qnn.conv2d %x, %w {input_zp = 5 : i64, weight_zp = 1 : i64, strides = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>, groups = 20 : i64} : (tensor<1x10x10x20xi8>, tensor<20x3x3x1xi8>) -> tensor<1x10x10x20xi32>
  %q = qnn.requantize %acc {input_params = #qnn.params<i32, scale = 0.002, zp = 0>, output_params = #qnn.params<i8, scale = 0.1, zp = -3>} : tensor<1x10x10x20xi32> -> tensor<1x10x10x20xi8>
  return %q : tensor<1x10x10x20xi8>
}

func.func @dw_f32(%x: tensor<1x10x10x20xf32>) -> tensor<1x10x10x20xf32> {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<3x3x20x1xf32>}> : () -> tensor<3x3x20x1xf32>
  %b = "tosa.const"() <{values = dense<0.25> : tensor<20xf32>}> : () -> tensor<20xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %y = tosa.depthwise_conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x10x10x20xf32>, tensor<3x3x20x1xf32>, tensor<20xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x10x10x20xf32>
  return %y : tensor<1x10x10x20xf32>
}
