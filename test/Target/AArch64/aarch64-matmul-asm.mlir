// qnn-lower-to-llvm{target=aarch64-dotprod}: 8-bit matmuls become packed,
// register-tiled SDOT code (by element, 8 x 12 tiles: 24 accumulators);
// {target=aarch64-i8mm}: SMMLA (8 x 12 tiles: 24 accumulators of 2 x 2). The
// target features and the triple travel with the module, so quant-translate
// needs no -mtriple / -mattr; the hot loop keeps every accumulator in a
// register (no stack access). quant-translate exports only the C entry
// points, so the kernel is inlined into _mlir_ciface_mm_i8. target=generic
// keeps plain loops (no SDOT).
// RUN: quant-opt %s -split-input-file --qnn-lower-to-llvm=target=aarch64-dotprod | FileCheck %s --check-prefix=IR
// RUN: quant-opt %s -split-input-file --qnn-lower-to-llvm=target=aarch64-i8mm | FileCheck %s --check-prefix=IR8
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-dotprod | quant-translate --emit-asm | %python %S/Inputs/hot_loop.py sdot smmla | FileCheck %s --check-prefix=DOT
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-i8mm | quant-translate --emit-asm | %python %S/Inputs/hot_loop.py smmla sdot | FileCheck %s --check-prefix=MMLA
// RUN: quant-opt %s --qnn-lower-to-llvm=target=aarch64-dotprod | mlir-translate --mlir-to-llvmir | llc -O3 | FileCheck %s --check-prefix=LLC
// RUN: quant-opt %s --qnn-lower-to-llvm=target=generic | quant-translate --emit-asm --target-triple=aarch64-linux-gnu --mattr=+dotprod | FileCheck %s --check-prefix=GENERIC

// IR: llvm.target_triple = "aarch64-unknown-linux-gnu"
// IR-LABEL: llvm.func @mm_i8(
// IR-SAME: target_features = #llvm.target_features<["+neon", "+dotprod"]>
// IR-COUNT-24: llvm.call_intrinsic "llvm.aarch64.neon.sdot"({{.*}}) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
// IR-NOT: smmla
// IR-LABEL: llvm.func @_mlir_ciface_mm_i8(

// IR8: llvm.target_triple = "aarch64-unknown-linux-gnu"
// IR8-LABEL: llvm.func @mm_i8(
// IR8-SAME: target_features = #llvm.target_features<["+neon", "+dotprod", "+i8mm"]>
// IR8-COUNT-24: llvm.call_intrinsic "llvm.aarch64.neon.smmla"({{.*}}) : (vector<4xi32>, vector<16xi8>, vector<16xi8>) -> vector<4xi32>
// IR8-NOT: sdot
// IR8-LABEL: llvm.func @_mlir_ciface_mm_i8(

// DOT: FUNC _mlir_ciface_mm_i8: loop {{.*}}: 24 sdot, 0 smmla, 0 stack
// MMLA: FUNC _mlir_ciface_mm_i8: loop {{.*}}: 24 smmla, 0 sdot, 0 stack

// mlir-translate + llc: SDOT by element (one q register holds 4 rows of A).
// LLC-LABEL: mm_i8:
// LLC: sdot v{{[0-9]+}}.4s, v{{[0-9]+}}.16b, v{{[0-9]+}}.4b[3]

// GENERIC-LABEL: _mlir_ciface_mm_i8:
// GENERIC-NOT: sdot
// GENERIC-LABEL: _mlir_ciface_mm_const:
func.func @mm_i8(%a: tensor<17x255xi8>, %b: tensor<255x33xi8>) -> tensor<17x33xi32> {
  %0 = qnn.matmul %a, %b {lhs_zp = 128 : i64, rhs_zp = -3 : i64, lhs_unsigned = true} : (tensor<17x255xi8>, tensor<255x33xi8>) -> tensor<17x33xi32>
  return %0 : tensor<17x33xi32>
}

// -----

// A constant B is packed at compile time into a new i8 global in the
// kernel's layout [batch][panel][k group][nr x g] (SDOT: 12 columns x 4 k;
// SMMLA: 12 columns x 8 k), re-based to s8 (u8 - 128); the zero-point
// column term -za' sum_k B'[k][n] + K za' zb' becomes an i32 global. Here
// B = [[1, 2], [3, 4], [5, 255]] (u8, so B' = B - 128), zb' = 1 - 128,
// za' = 2, K = 3: column sums of B' -375 and -123, terms
// 3 * 2 * -127 + 2 * 375 = -12 and -762 + 246 = -516.
// IR: llvm.mlir.global private constant @{{.*}}_aarch64_colcorr(dense<{{\[\[}}-12, -516, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]> : tensor<1x12xi32>)
// IR: llvm.mlir.global private constant @{{.*}}_aarch64_packed(dense<{{.*}}> : tensor<1x1x1x48xi8>)
// IR-LABEL: llvm.func @mm_const(
// IR: llvm.call_intrinsic "llvm.aarch64.neon.sdot"
// IR8: llvm.mlir.global private constant @{{.*}}_aarch64_colcorr(dense<{{\[\[}}-12, -516, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]> : tensor<1x12xi32>)
// IR8: llvm.mlir.global private constant @{{.*}}_aarch64_packed(dense<{{\[\[\[\[}}-127, -125, -123, 0, 0, 0, 0, 0, -126, -124, 127, 0, {{.*}}]]]]> : tensor<1x1x1x96xi8>)
// IR8-LABEL: llvm.func @mm_const(
// IR8: llvm.call_intrinsic "llvm.aarch64.neon.smmla"
func.func @mm_const(%a: tensor<2x3xi8>) -> tensor<2x2xi32> {
  %b = arith.constant dense<[[1, 2], [3, 4], [5, -1]]> : tensor<3x2xi8>
  %0 = qnn.matmul %a, %b {lhs_zp = 2 : i64, rhs_zp = 1 : i64, rhs_unsigned = true} : (tensor<2x3xi8>, tensor<3x2xi8>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}

// -----

// f32 and wider-than-8-bit integer matmuls are not matched: they stay loops.
// IR-LABEL: llvm.func @mm_f32(
// IR-NOT: llvm.aarch64.neon
// IR-LABEL: llvm.func @_mlir_ciface_mm_f32(
func.func @mm_f32(%a: tensor<5x7xf32>, %b: tensor<7x3xf32>) -> tensor<5x3xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<5x3xf32>
  %c = linalg.fill ins(%z : f32) outs(%e : tensor<5x3xf32>) -> tensor<5x3xf32>
  %0 = linalg.matmul ins(%a, %b : tensor<5x7xf32>, tensor<7x3xf32>) outs(%c : tensor<5x3xf32>) -> tensor<5x3xf32>
  return %0 : tensor<5x3xf32>
}
