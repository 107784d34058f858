//===- Legalize.h - qnn-legalize: stored signedness per target --*- C++ -*-===//
//
// Part of QuantMLIR.
//
// The logic behind qnn-legalize, callable on any op (a module, a function)
// without running the pass. An 8-bit grid can be stored signed or unsigned:
// flipping the sign bit of every stored byte (q' = q ^ 0x80) and moving the
// zero point by 128 gives a grid with identical dequantized values. Dot
// product instructions want a fixed signedness per operand (x86 vpdpbusd /
// vpmaddubsw: u8 x s8; AArch64 sdot / smmla: s8 x s8); qnn-legalize stores
// each connected 8-bit value graph the way its matmul / conv consumers want
// it, at compile time (constants) and in the producers' parameters, so that
// kernels need no run-time shift. docs/Design.md, "qnn-legalize".
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_TRANSFORMS_LEGALIZE_H
#define QUANTMLIR_TRANSFORMS_LEGALIZE_H

#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

#include <optional>

namespace mlir {
namespace qnn {

/// The stored signedness a target's int8 kernels want for the two operands
/// of `qnn.conv2d` (input, weight) and `qnn.matmul` (lhs, rhs). `true`:
/// unsigned; `std::nullopt`: either is fine (left as it is).
struct SignednessRule {
  std::optional<bool> dataUnsigned;   ///< conv input, matmul lhs
  std::optional<bool> weightUnsigned; ///< conv weight, matmul rhs
  bool isNoOp() const { return !dataUnsigned && !weightUnsigned; }
};

/// The rule of a target name (docs/Design.md): `x86-avx2`, `x86-avxvnni`,
/// `x86-avx512vnni`: u8 data x s8 weights; `aarch64-dotprod`,
/// `aarch64-i8mm`: s8 x s8; `generic`, `nvptx-sm80`, `nvptx-sm90a`: no
/// change; `host`: the x86 rule on an x86 CPU with AVX2, the AArch64 rule on
/// an AArch64 CPU with the dot product extension, else none. std::nullopt
/// for an unknown name.
std::optional<SignednessRule> getSignednessRule(llvm::StringRef target);

/// What legalizeSignedness changed.
struct LegalizeResult {
  unsigned flippedGraphs = 0; ///< connected 8-bit value graphs re-stored
  unsigned conversions = 0;   ///< qnn.requantize inserted at boundaries
};

/// Re-stores 8-bit values under `root` as `rule` asks. A connected graph of
/// 8-bit tensors (joined through ops that only move data: reshape,
/// transpose, slice, pad, concat, clamp, pooling, ...) is flipped when its
/// matmul / conv operands all want the other signedness; its producers
/// (quantize, requantize, add, mul, concat, constants) and consumers
/// (dequantize, requantize, conv, matmul, ...) get the flipped parameters,
/// order-sensitive ops their unsigned / signed variant, table lookups a
/// permuted / flipped table. Where a value crosses an op that reads the
/// stored bits without parameters (a function argument or result, a call,
/// an unknown op), an exact
/// `qnn.requantize` (scale 1, zero point 0 <-> 128) converts it, so function
/// signatures and such ops see what they saw before. Dequantized values
/// are unchanged, bit for bit.
LegalizeResult legalizeSignedness(Operation *root, const SignednessRule &rule);

} // namespace qnn
} // namespace mlir

#endif // QUANTMLIR_TRANSFORMS_LEGALIZE_H
