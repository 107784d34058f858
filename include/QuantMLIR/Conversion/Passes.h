//===- Passes.h - QuantMLIR conversion passes -------------------*- C++ -*-===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_CONVERSION_PASSES_H
#define QUANTMLIR_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace qnn {

/// Patterns lowering every qnn op to linalg / arith / tensor / math.
/// `floatRequantize`: qnn.requantize (and concat's rescaling) in f32
/// (convert-qnn-to-linalg's requantize-dtype=float32) instead of the exact
/// 64-bit fixed point.
void populateQNNToLinalgPatterns(RewritePatternSet &patterns,
                                 bool floatRequantize = false);

#define GEN_PASS_DECL
#include "QuantMLIR/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "QuantMLIR/Conversion/Passes.h.inc"

} // namespace qnn
} // namespace mlir

#endif // QUANTMLIR_CONVERSION_PASSES_H
