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
#include "mlir/IR/BuiltinAttributes.h"

#include <cstdint>

namespace quantmlir {
namespace x86 {

// Register tile (rows x 16 columns) and cache blocks.
constexpr int64_t kMR = 6;
constexpr int64_t kMRVnni = 12; // 24 accumulators: AVX512-VL has 32 ymm
constexpr int64_t kNR = 16;
constexpr int64_t kMC = 96;
constexpr int64_t kKCInt = 128; // k-pairs (K = 256) per block, int8
constexpr int64_t kKCF32 = 256; // k per block, f32

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

/// Returns the dense initial value of the constant global read by `v`.
mlir::DenseElementsAttr constantGlobalValue(mlir::Value v,
                                           mlir::memref::GlobalOp *globalOut);

} // namespace x86
} // namespace quantmlir

#endif // QUANTMLIR_LIB_CONVERSION_X86_X86COMMON_H
