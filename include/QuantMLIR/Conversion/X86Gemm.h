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
/// constant B), 12 x 32 zmm register tiles. With `vnni` and `vex`
/// (x86-avxvnni: VEX-encoded AVX-VNNI, no AVX-512, 16 ymm registers) the
/// same scheme on 6 x 16 ymm tiles (12 accumulators + 2 B vectors + 1
/// broadcast), A always packed.
/// With `fusedOnly`, only a matmul whose accumulator has a fusable init
/// and elementwise consumer (as lowerConvToX86: a fill or bias broadcast,
/// then requantize / bias / clamp / residual add...) is lowered: the
/// consumer's body runs on the finished accumulator tiles in registers
/// (after the zero-point terms; k not blocked, so each tile finishes in
/// registers) and its result is stored directly, for a constant or a
/// run-time B: no i32 / f32 result is written.
/// Returns failure, leaving the op untouched, when the op does not match.
mlir::LogicalResult lowerMatmulToX86AVX2(mlir::linalg::LinalgOp op,
                                         bool vnni = false, bool vex = false,
                                         bool fusedOnly = false);

/// Rewrites one 2-D NHWC convolution on memrefs with static shapes,
/// identity layouts and constant weights (the linalg.generic of qnn.conv2d
/// with zero points in the body, linalg.conv_2d_nhwc_fhwc / _hwcf in f32)
/// into an im2col GEMM on the micro-kernels of lowerMatmulToX86AVX2: output
/// pixels in blocks of 96 rows (an scf.parallel loop), each block's windows
/// packed into a row-major block (i16 minus the zero point for avx2, u8 with
/// row sums for vnni, f32), the weights packed at compile time. With
/// `fuseEpilogue`, when the i32 / f32 accumulator buffer is a temporary
/// initialized by a bias broadcast (or a fill) and then read only by an
/// elementwise linalg.generic (requantize, bias, clamp, ReLU...), that
/// generic's body is applied to the accumulators in registers and its
/// result stored directly: the accumulator buffer disappears. `vex` (with
/// `vnni`, x86-avxvnni): register tiles of 6 rows, for 16 ymm registers.
/// Returns failure, leaving the op untouched, when the op does not match.
mlir::LogicalResult lowerConvToX86(mlir::linalg::LinalgOp op,
                                   bool vnni = false,
                                   bool fuseEpilogue = true, bool vex = false);

/// Lowers a matmul (batch 1 at most) with a constant B whose accumulator
/// has a fusable init and elementwise consumer (as lowerConvToX86: a zero
/// fill or bias broadcast, then requantize / bias / clamp...) as a 1 x 1
/// convolution over its M rows, so that the consumer runs on the
/// accumulators in registers and no i32 / f32 tensor is written. Not for
/// 8-bit x 8-bit integer matmuls with `vnni` and not `vex`
/// (x86-avx512vnni): those fuse in the zmm GEMM kernel
/// (lowerMatmulToX86AVX2 with fusedOnly). Returns failure, leaving the op
/// untouched, when it does not match.
mlir::LogicalResult lowerFusedMatmulToX86(mlir::linalg::LinalgOp op,
                                          bool vnni = false, bool vex = false);

/// Lowers a depthwise 2-D NHWC convolution with multiplier 1 and constant
/// weights on static memrefs (the generic of qnn.conv2d with groups = C,
/// linalg.depthwise_conv_2d_nhwc_hwcm / _hwc in f32) to a kernel vectorized
/// over channels per output pixel and unrolled window tap (8-bit: pairs of
/// taps widened to i16 and interleaved, vpmaddwd against packed i16 weight
/// pairs, 32 channels on zmm with `vnni` and not `vex`, else 16 on ymm;
/// f32: 8 channels, FMA), accumulating into the output buffer, or with
/// `fuseEpilogue` (as lowerConvToX86) from the bias / fill init with the
/// elementwise consumer applied in registers. Returns failure, leaving the
/// op untouched, when it does not match.
mlir::LogicalResult lowerDepthwiseConvToX86(mlir::linalg::LinalgOp op,
                                            bool fuseEpilogue = true,
                                            bool vnni = false,
                                            bool vex = false);

/// Rewrites a memref.copy between static buffers of which at least one is
/// strided (the copy into the interior of a padded conv input) into loops
/// over the outer dimensions copying the longest run of trailing dimensions
/// contiguous in both with 256-bit vector loads / stores, instead of the
/// element-by-element runtime copy.
mlir::LogicalResult lowerStridedCopyToX86(mlir::Operation *copy);

/// qnn-x86-avx2-matmul{vnni=0|1 vex=0|1 fuse-epilogue=0|1}: applies
/// lowerConvToX86, then lowerMatmulToX86AVX2, then lowerStridedCopyToX86 to
/// every op of a module. vnni=1: x86-avx512vnni kernels; vnni=1 vex=1:
/// x86-avxvnni kernels (ymm only, 16 registers).
std::unique_ptr<mlir::Pass> createX86AVX2MatmulPass(bool vnni = false,
                                                    bool fuseEpilogue = true,
                                                    bool vex = false);

/// qnn-set-target-features: sets `target_features` (e.g. "+avx2,+fma") on
/// every llvm.func definition of a module, so that LLVM generates code for
/// those features whatever the target machine that compiles the module.
std::unique_ptr<mlir::Pass>
createSetTargetFeaturesPass(llvm::ArrayRef<llvm::StringRef> features);

/// Registers both passes (for quant-opt).
void registerX86CodegenPasses();

} // namespace quantmlir

#endif // QUANTMLIR_CONVERSION_X86GEMM_H
