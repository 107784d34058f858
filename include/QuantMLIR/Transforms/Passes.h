//===- Passes.h - QuantMLIR transform passes --------------------*- C++ -*-===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_TRANSFORMS_PASSES_H
#define QUANTMLIR_TRANSFORMS_PASSES_H

#include "QuantMLIR/Dialect/QNN/IR/QNNDialect.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace qnn {

#define GEN_PASS_DECL
#include "QuantMLIR/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "QuantMLIR/Transforms/Passes.h.inc"

} // namespace qnn
} // namespace mlir

#endif // QUANTMLIR_TRANSFORMS_PASSES_H
