// Max pooling on the x86 targets (lib/Conversion/X86/X86Pool.cpp): the NHWC
// window max runs on whole vectors of channels in the hot loop: vpmaxsb
// (i8, tosa.max_pool2d), vpmaxub (u8, linalg.pooling_nhwc_max_unsigned),
// vmaxps (f32: arith.maximumf with its NaN check, vcmpunordps), on ymm for
// x86-avx2 / x86-avxvnni and zmm for x86-avx512vnni; x86-avxvnni (VEX only)
// has no zmm, opmask or EVEX instruction.
// llc runs for a CPU without AVX-512 (-mcpu=x86-64): the functions' target
// features decide, like quant-translate.
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx2 -o %t.avx2.mlir
// RUN: FileCheck %s --check-prefix=IR2 < %t.avx2.mlir
// RUN: mlir-translate --mlir-to-llvmir %t.avx2.mlir | llc -O3 -mcpu=x86-64 -o %t.avx2.s
// RUN: FileCheck %s --check-prefixes=ASM,YMM < %t.avx2.s
// RUN: not grep -n 'zmm' %t.avx2.s
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avxvnni -o %t.vex.mlir
// RUN: mlir-translate --mlir-to-llvmir %t.vex.mlir | llc -O3 -mcpu=x86-64 -o %t.vex.s
// RUN: FileCheck %s --check-prefixes=ASM,YMM < %t.vex.s
// RUN: not grep -nE 'zmm|%k[0-7]|[{]evex[}]' %t.vex.s
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx512vnni -o %t.512.mlir
// RUN: FileCheck %s --check-prefix=IR512 < %t.512.mlir
// RUN: mlir-translate --mlir-to-llvmir %t.512.mlir | llc -O3 -mcpu=x86-64 -o %t.512.s
// RUN: FileCheck %s --check-prefixes=ASM,ZMM < %t.512.s

// The vector max (arith.maxsi, expanded to compare + select for LLVM to
// match as vpmaxsb) on 32 / 64 lanes.
// The padded copy of the input is gone (the kernel skips the padding
// taps): no buffer allocated.
// IR2-LABEL: llvm.func @mp_i8(
// IR2-NOT: @malloc
// IR2: llvm.icmp "sgt" %{{.*}}, %{{.*}} : vector<32xi8>
// IR2-NOT: @malloc
// IR2-NOT: vector<64xi8>
// IR2-LABEL: llvm.func @mp_f32(
// IR512-LABEL: llvm.func @mp_i8(
// IR512: llvm.icmp "sgt" %{{.*}}, %{{.*}} : vector<64xi8>

// ASM-LABEL: mp_i8:
// YMM: vpmaxsb {{.*}}%ymm{{[0-9]+}}, %ymm{{[0-9]+}}
// ZMM: vpmaxsb {{.*}}%zmm{{[0-9]+}}, %zmm{{[0-9]+}}
// ASM-LABEL: mp_f32:
// YMM: vmaxps {{.*}}%ymm{{[0-9]+}}, %ymm{{[0-9]+}}
// YMM: vcmpunordps
// ZMM: vmaxps {{.*}}%zmm{{[0-9]+}}, %zmm{{[0-9]+}}
// ZMM: vcmpunordps
// ASM-LABEL: mp_u8:
// ASM: vpmaxub {{.*}}%ymm{{[0-9]+}}, %ymm{{[0-9]+}}
func.func @mp_i8(%x: tensor<1x16x16x64xi8>) -> tensor<1x8x8x64xi8> {
  %0 = tosa.max_pool2d %x {kernel = array<i64: 3, 3>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>} : (tensor<1x16x16x64xi8>) -> tensor<1x8x8x64xi8>
  return %0 : tensor<1x8x8x64xi8>
}
func.func @mp_f32(%x: tensor<1x16x16x32xf32>) -> tensor<1x8x8x32xf32> {
  %0 = tosa.max_pool2d %x {kernel = array<i64: 3, 3>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>} : (tensor<1x16x16x32xf32>) -> tensor<1x8x8x32xf32>
  return %0 : tensor<1x8x8x32xf32>
}
func.func @mp_u8(%x: tensor<1x9x9x32xi8>) -> tensor<1x4x4x32xi8> {
  %c = arith.constant 0 : i8
  %e = tensor.empty() : tensor<1x4x4x32xi8>
  %f = linalg.fill ins(%c : i8) outs(%e : tensor<1x4x4x32xi8>) -> tensor<1x4x4x32xi8>
  %w = tensor.empty() : tensor<3x3xi8>
  %0 = linalg.pooling_nhwc_max_unsigned {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<1x9x9x32xi8>, tensor<3x3xi8>) outs(%f : tensor<1x4x4x32xi8>) -> tensor<1x4x4x32xi8>
  return %0 : tensor<1x4x4x32xi8>
}
