//===- X86Gemm.h - AVX2 matmul code generation ------------------*- C++ -*-===//
//
// Part of QuantMLIR.
//
// Code generation strategy for matmul-like linalg ops on memrefs for x86
// AVX2 + FMA (qnn-lower-to-llvm{target=x86-avx2}); see docs/Design.md,
// "x86-avx2 matmul".
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_CONVERSION_X86GEMM_H
#define QUANTMLIR_CONVERSION_X86GEMM_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <memory>

namespace mlir {
namespace linalg {
class LinalgOp;
} // namespace linalg
} // namespace mlir

namespace quantmlir {

/// Rewrites one matmul-like linalg op on memrefs with static shapes and
/// identity layouts (`linalg.matmul`, `linalg.batch_matmul`, or a
/// `linalg.generic` with the same indexing maps) into a blocked, register
/// tiled loop nest with AVX2 vector code:
///  - integer: C(i32) += (ext(A) - zpA) * (ext(B) - zpB) with A, B of at most
///    8 bits; both operands are widened to i16 (exact), B is packed into
///    16-column panels of k-pairs (at compile time when B is a constant
///    global), and the micro-kernel (6 x 16) uses vpmaddwd + vpaddd;
///  - f32: C += A * B, B packed into 16-column panels, vfmadd231ps.
/// With `vnni` (x86-avx512vnni), 8-bit integer matmuls use vpdpbusd on ymm
/// registers instead (`llvm.x86.avx512.vpdpbusd.256`, AVX512-VNNI + VL):
/// A as u8 and B as s8 (sign bits flipped where needed), zero points as
/// row / column sums added in an epilogue (column sums at compile time for a
/// constant B), 12 x 16 register tiles.
/// Returns failure, leaving the op untouched, when the op does not match.
mlir::LogicalResult lowerMatmulToX86AVX2(mlir::linalg::LinalgOp op,
                                         bool vnni = false);

/// qnn-x86-avx2-matmul{vnni=0|1}: applies lowerMatmulToX86AVX2 to every op
/// of a module.
std::unique_ptr<mlir::Pass> createX86AVX2MatmulPass(bool vnni = false);

/// qnn-set-target-features: sets `target_features` (e.g. "+avx2,+fma") on
/// every llvm.func definition of a module, so that LLVM generates code for
/// those features whatever the target machine that compiles the module.
std::unique_ptr<mlir::Pass>
createSetTargetFeaturesPass(llvm::ArrayRef<llvm::StringRef> features);

/// Registers both passes (for quant-opt).
void registerX86CodegenPasses();

} // namespace quantmlir

#endif // QUANTMLIR_CONVERSION_X86GEMM_H
