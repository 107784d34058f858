// target=host picks x86-avx512vnni where the CPU has AVX512-VNNI with VL and
// BW, else x86-avxvnni where it has VEX AVX-VNNI, else x86-avx2 (all three
// need AVX2 and FMA), else generic. QUANTMLIR_HOST_FEATURES stands in for
// the CPU's feature list (only what it lists is present; "-f" is absent), so
// every branch is checked on any x86 host (the process triple decides
// between the x86 and AArch64 rules).
// REQUIRES: x86-avx2-host
// RUN: env QUANTMLIR_HOST_FEATURES=+avx2,+fma,+avxvnni quant-opt %s --qnn-lower-to-llvm=target=host | FileCheck %s --check-prefix=VEX
// RUN: env QUANTMLIR_HOST_FEATURES=+avx2,+fma,+avxvnni,+avx512f,+avx512vnni,-avx512vl,+avx512bw quant-opt %s --qnn-lower-to-llvm=target=host | FileCheck %s --check-prefix=VEX
// RUN: env QUANTMLIR_HOST_FEATURES=+avx2,+fma,+avxvnni,+avx512f,+avx512vnni,+avx512vl,+avx512bw quant-opt %s --qnn-lower-to-llvm=target=host | FileCheck %s --check-prefix=EVEX
// RUN: env QUANTMLIR_HOST_FEATURES=+avx2,+fma,+avx512f,+avx512vnni,+avx512vl,+avx512bw quant-opt %s --qnn-lower-to-llvm=target=host | FileCheck %s --check-prefix=EVEX
// RUN: env QUANTMLIR_HOST_FEATURES=+avx2,+fma quant-opt %s --qnn-lower-to-llvm=target=host | FileCheck %s --check-prefix=AVX2
// RUN: env QUANTMLIR_HOST_FEATURES=+avx2,+fma,-avxvnni quant-opt %s --qnn-lower-to-llvm=target=host | FileCheck %s --check-prefix=AVX2
// RUN: env QUANTMLIR_HOST_FEATURES=+avx2,+avxvnni quant-opt %s --qnn-lower-to-llvm=target=host | FileCheck %s --check-prefix=GENERIC
// RUN: env QUANTMLIR_HOST_FEATURES= quant-opt %s --qnn-lower-to-llvm=target=host | FileCheck %s --check-prefix=GENERIC

// VEX: llvm.func @mm({{.*}} target_features = #llvm.target_features<["+avx2", "+fma", "+avxvnni"]>
// VEX: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.256"
// VEX-NOT: vpdpbusd.512
// EVEX: llvm.func @mm({{.*}} target_features = #llvm.target_features<["+avx2", "+fma", "+avx512f", "+avx512vl", "+avx512bw", "+avx512dq", "+avx512vnni"]>
// EVEX: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
// AVX2: llvm.func @mm({{.*}} target_features = #llvm.target_features<["+avx2", "+fma"]>
// AVX2: llvm.call_intrinsic "llvm.x86.avx2.pmadd.wd"
// AVX2-NOT: vpdpbusd
// GENERIC: llvm.func @mm(
// GENERIC-NOT: target_features
// GENERIC-NOT: llvm.call_intrinsic "llvm.x86
func.func @mm(%a: tensor<7x40xi8>, %b: tensor<40x20xi8>) -> tensor<7x20xi32> {
  %0 = qnn.matmul %a, %b {lhs_zp = 3 : i64, rhs_zp = -1 : i64, lhs_unsigned = true} : (tensor<7x40xi8>, tensor<40x20xi8>) -> tensor<7x20xi32>
  return %0 : tensor<7x20xi32>
}
