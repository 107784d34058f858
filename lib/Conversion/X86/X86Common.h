//===- X86Common.h - Shared parts of x86 GEMM / conv codegen ----*- C++ -*-===//
//
// Part of QuantMLIR.
//
// Internal to lib/Conversion/X86: the register tile sizes and the matchers of
// the multiply-accumulate body shared by X86Gemm.cpp (matmuls) and
// X86Conv.cpp (convolutions through the same micro-kernels).
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_LIB_CONVERSION_X86_X86COMMON_H
#define QUANTMLIR_LIB_CONVERSION_X86_X86COMMON_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

#include <cstdint>
#include <string>

namespace quantmlir {
namespace x86 {

// Register tile (rows x 16 columns) and cache blocks.
constexpr int64_t kMR = 6;
constexpr int64_t kMRVnni = 12; // 24 accumulators: AVX512-VL has 32 ymm
constexpr int64_t kNR = 16;
constexpr int64_t kMC = 96;
constexpr int64_t kKCInt = 128; // k-pairs (K = 256) per block, int8
constexpr int64_t kKCF32 = 256; // k per block, f32
// Matmul x86-avx512vnni: zmm register tile of kMRZmm rows x kNPZmm 16-column
// panels (i32 accumulators, 16 per zmm), k blocks of kKCZmm k quads, A
// blocks of kMCZmm rows (a multiple of kMRZmm).
constexpr int64_t kMRZmm = 12;
constexpr int64_t kNPZmm = 2;
constexpr int64_t kKCZmm = 512;
constexpr int64_t kMCZmm = 96;

/// An integer operand as used in the body: ext(arg) - zp.
struct IntOperand {
  bool isUnsigned = false;
  int64_t zp = 0;
  unsigned width = 8;
};

struct MatmulInfo {
  bool isFloat = false;
  bool vnni = false; // integer kernel: vpdpbusd (u8 x s8 + compensation)
  bool batched = false;
  int64_t batch = 1, m = 0, n = 0, k = 0;
  IntOperand a, b;
};

/// Matches the body `out + f(a) * g(b)` (either operand order) with block
/// arguments (a, b, out); `info.isFloat` selects addf / mulf or
/// addi / muli of ext(arg) - zp operands (filled into info.a / info.b).
bool matchBody(mlir::linalg::LinalgOp op, MatmulInfo &info);

/// Stores lanes [0, valid) of the vector `v` (valid < its length) at
/// mem[idx] (lane l at the last index + l): vector.maskedstore with a
/// constant mask, except one lane, a scalar memref.store. LLVM 22's X86
/// backend (AVX-512 subtargets, so also +avx2 code JIT-compiled on an
/// AVX-512 host) turns a one-lane masked store of a truncated vector into a
/// plain store of the untruncated element: trunc <8 x i64> to <8 x i8>
/// under mask [1] became an 8-byte vmovq that overwrote the 7 bytes after
/// the tail (llvm/llvm-project#179489, fixed by PR #179853 after 22).
void storeTail(mlir::OpBuilder &b, mlir::Location loc, mlir::Value v,
               mlir::Value mem, mlir::ValueRange idx, int64_t valid);

/// One multiply-accumulate step of the ymm micro-kernels (matmul and conv):
/// `acc + a * b` as vfmadd (f32), vpdpbusd (vnni: u8 x s8 quads into i32) or
/// vpmaddwd + vpaddd (avx2: i16 pairs into i32). Returns the new accumulator.
mlir::Value macStep(mlir::OpBuilder &b, mlir::Location loc, bool isFloat,
                    bool vnni, mlir::Type accTy, mlir::Value acc,
                    mlir::Value a, mlir::Value bv);

/// `global`'s name + `suffix`, made unique in its module (`_1`, `_2`...):
/// the name of a new global packed from it (several ops, also in different
/// functions, may read one weight global). Call before creating the global.
std::string uniqueGlobalName(mlir::memref::GlobalOp global,
                             llvm::StringRef suffix);

/// Lowers linalg.pooling_nhwc_max / _max_unsigned (f32, i8, i16) on
/// static identity-layout memrefs to a kernel vectorized over channels (one
/// ymm per block, one zmm with `zmm`: x86-avx512vnni only), the output
/// written once (X86Pool.cpp). Returns failure, leaving the op untouched,
/// when it does not match.
mlir::LogicalResult lowerPoolToX86(mlir::linalg::LinalgOp op, bool zmm);

/// body(i) for i = lb, lb + step, ... < ub with constant bounds: nothing for
/// an empty range, one call on a constant for a single iteration, else an
/// scf.for (the body built at its terminator).
inline void constLoop(mlir::OpBuilder &b, mlir::Location loc, int64_t lb,
                      int64_t ub, int64_t step,
                      llvm::function_ref<void(mlir::Value)> body) {
  if (lb >= ub)
    return;
  auto cst = [&](int64_t v) -> mlir::Value {
    return mlir::arith::ConstantIndexOp::create(b, loc, v);
  };
  if (lb + step >= ub) {
    body(cst(lb));
    return;
  }
  auto f = mlir::scf::ForOp::create(b, loc, cst(lb), cst(ub), cst(step));
  mlir::OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(f.getBody()->getTerminator());
  body(f.getInductionVar());
}

/// Returns the dense initial value of the constant global read by `v`.
mlir::DenseElementsAttr constantGlobalValue(mlir::Value v,
                                           mlir::memref::GlobalOp *globalOut);

} // namespace x86
} // namespace quantmlir

#endif // QUANTMLIR_LIB_CONVERSION_X86_X86COMMON_H
