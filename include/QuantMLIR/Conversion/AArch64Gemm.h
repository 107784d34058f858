//===- AArch64Gemm.h - AArch64 int8 matmul code generation ------*- C++ -*-===//
//
// Part of QuantMLIR.
//
// Code generation strategy for 8-bit integer matmul-like linalg ops on
// memrefs for AArch64 (qnn-lower-to-llvm{target=aarch64-dotprod} with SDOT,
// {target=aarch64-i8mm} with SMMLA); see docs/Design.md, "aarch64".
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_CONVERSION_AARCH64GEMM_H
#define QUANTMLIR_CONVERSION_AARCH64GEMM_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Support/LLVM.h"
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
/// `linalg.generic` with the same indexing maps) computing
/// C(i32) += (ext(A) - zpA) * (ext(B) - zpB) with 8-bit A and B into a
/// packed, register-tiled loop nest with NEON dot-product intrinsics:
///  - `i8mm == false`: `llvm.aarch64.neon.sdot` (SDOT by element, 8 x 12
///    tiles: 24 accumulators), operands packed in groups of 4 k;
///  - `i8mm == true`: `llvm.aarch64.neon.smmla` (2 x 8 by 8 x 2 per
///    instruction, 8 x 12 tiles: 24 accumulators of 2 x 2), groups of 8 k.
/// Both instructions are signed x signed: unsigned operands are re-based to
/// s8 (x - 128, zp - 128) and the zero points come back as row / column sums
/// added in the tile epilogue (column term a compile-time constant global
/// when B is a constant; B itself is then packed at compile time too).
/// `fuseEpilogue`: when the i32 accumulator is a temporary initialized by a
/// bias broadcast / fill and read only by an elementwise linalg.generic
/// (requantize, clamp, ...), that generic's body runs on the accumulators in
/// registers and its result is stored directly (no i32 buffer).
/// Returns failure, leaving the op untouched, when the op does not match.
mlir::LogicalResult lowerMatmulToAArch64(mlir::linalg::LinalgOp op, bool i8mm,
                                         bool fuseEpilogue = true);

/// Rewrites one 2-D NHWC convolution on memrefs (static shapes, identity
/// layouts, 8-bit input and constant 8-bit weights F x KH x KW x C or
/// KH x KW x C x F, i32 result, zero points in the body; padding already
/// materialized in the input) into the same kernels as the GEMM
/// M = N OH OW, K = KH KW C, N = F: weights packed at compile time, the
/// input im2col'ed into the packed A layout one block of 64 rows at a time.
/// `fuseEpilogue` as for lowerMatmulToAArch64.
/// Returns failure, leaving the op untouched, when the op does not match.
mlir::LogicalResult lowerConvToAArch64(mlir::linalg::LinalgOp op, bool i8mm,
                                       bool fuseEpilogue = true);

/// Rewrites one depthwise 2-D NHWC convolution (multiplier 1: qnn.conv2d
/// with groups = C, linalg.depthwise_conv_2d_nhwc_hwc(m)) with 8-bit input,
/// constant 8-bit weights (minus their zero point fitting i16) and an i32
/// result into NEON code: 16 channels per vector, input widened to i16 and
/// multiply-accumulated into i32 (SMLAL / SMLAL2), the input zero point a
/// per-channel constant; `fuseEpilogue` as for lowerMatmulToAArch64.
/// Returns failure, leaving the op untouched, when the op does not match.
mlir::LogicalResult lowerDepthwiseConvToAArch64(mlir::linalg::LinalgOp op,
                                                bool fuseEpilogue = true);

/// qnn-aarch64-matmul{i8mm=0|1 fuse-epilogue=0|1}: applies
/// lowerDepthwiseConvToAArch64, else lowerMatmulToAArch64, else
/// lowerConvToAArch64, to every op of a module.
std::unique_ptr<mlir::Pass> createAArch64MatmulPass(bool i8mm = false,
                                                    bool fuseEpilogue = true);

/// qnn-set-target-triple{triple=...}: sets `llvm.target_triple` on the
/// module (quant-translate and mlir-translate + llc then need no -mtriple).
std::unique_ptr<mlir::Pass> createSetTargetTriplePass(llvm::StringRef triple);

/// Registers both passes (for quant-opt).
void registerAArch64CodegenPasses();

} // namespace quantmlir

#endif // QUANTMLIR_CONVERSION_AARCH64GEMM_H
