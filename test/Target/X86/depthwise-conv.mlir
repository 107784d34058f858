// Depthwise convolutions (qnn.conv2d groups = C with zero points, f32
// tosa.depthwise_conv2d) on the x86 targets: the depthwise kernel, 8
// channels per vector (i8 loads sign-extended to i32 minus the input zero
// point, multiplied by the packed i32 weights: vpmovsxbd / vpmulld; f32
// FMA), the 3x3 window unrolled, the channel tail (C = 20) masked, the
// requantize fused as in the GEMM path. Numbers:
// x86_conv_check.py (avx2-conv-exec.test, avx512vnni-conv-exec.test).
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx2 --mlir-print-ir-after=qnn-x86-avx2-matmul -o /dev/null 2>&1 | FileCheck %s
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx2 | mlir-translate --mlir-to-llvmir | llc -O3 | FileCheck %s --check-prefix=ASM
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx512vnni | mlir-translate --mlir-to-llvmir | llc -O3 | FileCheck %s --check-prefix=ASM

// CHECK-DAG: memref.global "private" constant @{{.*}}_x86_dw_packed : memref<9x24xi32>
// CHECK-DAG: memref.global "private" constant @{{.*}}_x86_dw_packed{{.*}} : memref<9x24xf32>
// CHECK-LABEL: func.func @dw_requant(
// CHECK: scf.parallel
// CHECK: scf.for
// CHECK: scf.for
// CHECK: vector.load {{.*}} : memref<{{[0-9]+}}xi8>, vector<8xi8>
// CHECK: arith.extsi {{.*}} : vector<8xi8> to vector<8xi32>
// CHECK: arith.subi {{.*}} : vector<8xi32>
// CHECK: arith.muli {{.*}} : vector<8xi32>
// The requantize runs on the accumulators in registers (fused epilogue):
// i8 stored directly, no i32 buffer.
// CHECK: arith.trunci {{.*}} : vector<8xi64> to vector<8xi8>
// CHECK: vector.store {{.*}} : memref<2000xi8>, vector<8xi8>
// The channel tail (4 of 8 lanes): masked loads, a masked store of the
// fused result (one lane would be a scalar store: x86::storeTail).
// CHECK: vector.maskedload {{.*}} vector<8xi8>
// CHECK: vector.maskedstore {{.*}} : memref<2000xi8>, vector<8xi1>, vector<8xi8>
// CHECK-NOT: linalg.generic
// CHECK-NOT: xi32>
// CHECK-LABEL: func.func @dw_f32(
// CHECK: scf.parallel
// CHECK: vector.fma {{.*}} : vector<8xf32>
// CHECK-NOT: linalg.depthwise_conv_2d

// ASM-LABEL: dw_requant:
// ASM: vpmovsxbd
// ASM: vpmulld {{.*}}%ymm
// ASM: vpaddd {{.*}}%ymm
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
