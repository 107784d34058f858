// qnn-lower-to-llvm{target=x86-avx2}: integer matmuls become vpmaddwd +
// vpaddd on ymm registers in the innermost loop, f32 matmuls vfmadd231ps;
// B constants are packed at compile time; the target features travel with
// the functions. target=x86-avx512vnni uses vpdpbusd; target=generic keeps
// plain loops (no vpmaddwd).
// RUN: quant-opt %s -split-input-file --qnn-lower-to-llvm=target=x86-avx2 | FileCheck %s --check-prefix=IR
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx2 | mlir-translate --mlir-to-llvmir | llc -O3 | FileCheck %s --check-prefix=ASM
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx512vnni | mlir-translate --mlir-to-llvmir | llc -O3 | FileCheck %s --check-prefix=VNNI
// RUN: quant-opt %s --qnn-lower-to-llvm=target=generic | mlir-translate --mlir-to-llvmir | llc -O3 -mattr=+avx2,+fma | FileCheck %s --check-prefix=GENERIC

// IR-LABEL: llvm.func @mm_i8(
// IR-SAME: target_features = #llvm.target_features<["+avx2", "+fma"]>
// IR: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"({{.*}}) : (vector<16xi16>, vector<16xi16>) -> vector<8xi32>
// IR: llvm.add {{.*}} : vector<8xi32>

// The hot loop: a backward branch closes a block that loads B, broadcasts
// A pairs and runs vpmaddwd / vpaddd on ymm registers.
// ASM-LABEL: mm_i8:
// ASM: [[LOOP:\.LBB[0-9_]+]]:
// ASM: vpbroadcastd
// ASM: vpmaddwd {{.*}}%ymm
// ASM: vpaddd {{.*}}%ymm
// ASM: j{{[a-z]+}} [[LOOP]]
// ASM-LABEL: mm_f32:
// ASM: [[FLOOP:\.LBB[0-9_]+]]:
// ASM: vbroadcastss
// ASM: vfmadd231ps {{.*}}%ymm
// ASM: j{{[a-z]+}} [[FLOOP]]

// x86-avx512vnni: vpdpbusd accumulates u8 x s8 groups of 4 on zmm registers
// (a 12 x 32 tile: 24 zmm accumulators of 16 x i32).
// VNNI-LABEL: mm_i8:
// VNNI: vpbroadcastd {{.*}}%zmm
// VNNI-NEXT: vpdpbusd {{.*}}%zmm
// VNNI-NEXT: vpdpbusd {{.*}}%zmm
// VNNI-NOT: vpmaddwd
// VNNI-LABEL: mm_f32:

// GENERIC-LABEL: mm_i8:
// GENERIC-NOT: vpmaddwd
// GENERIC-LABEL: mm_f32:
func.func @mm_i8(%a: tensor<17x255xi8>, %b: tensor<255x33xi8>) -> tensor<17x33xi32> {
  %0 = qnn.matmul %a, %b {lhs_zp = 128 : i64, rhs_zp = -3 : i64, lhs_unsigned = true} : (tensor<17x255xi8>, tensor<255x33xi8>) -> tensor<17x33xi32>
  return %0 : tensor<17x33xi32>
}

func.func @mm_f32(%a: tensor<17x64xf32>, %b: tensor<64x33xf32>) -> tensor<17x33xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<17x33xf32>
  %c = linalg.fill ins(%z : f32) outs(%e : tensor<17x33xf32>) -> tensor<17x33xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<17x64xf32>, tensor<64x33xf32>) outs(%c : tensor<17x33xf32>) -> tensor<17x33xf32>
  return %0 : tensor<17x33xf32>
}

// -----

// A constant B is packed at compile time: a new i16 global in the kernel's
// layout [batch][16-column panel][k pair][32], zero points already applied.
// IR: llvm.mlir.global private constant @{{.*}}_x86_packed(dense<{{.*}}> : tensor<1x1x2x32xi16>)
// IR-LABEL: llvm.func @mm_const(
// IR: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"
func.func @mm_const(%a: tensor<2x3xi8>) -> tensor<2x2xi32> {
  %b = arith.constant dense<[[1, 2], [3, 4], [5, -128]]> : tensor<3x2xi8>
  %0 = qnn.matmul %a, %b {rhs_zp = 1 : i64} : (tensor<2x3xi8>, tensor<3x2xi8>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}
