//===- QNNInterfaces.h - QuantizableOpInterface -----------------*- C++ -*-===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_DIALECT_QNN_IR_QNNINTERFACES_H
#define QUANTMLIR_DIALECT_QNN_IR_QNNINTERFACES_H

#include "QuantMLIR/Dialect/QNN/IR/QNNDialect.h"
#include "mlir/IR/OpDefinition.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace mlir {
namespace qnn {

/// What qnn-annotate does with one operand of a quantizable op.
enum class OperandRule {
  Float,  ///< left alone (bias, zero-point operands, shape operands)
  Input,  ///< quantized as an INPUT (data operand)
  Weight, ///< quantized as a WEIGHT (must be a constant to be realized)
  Same,   ///< must share the grid of the op's first Input operand
};

/// What happens to an op's result after annotation.
enum class ResultRule {
  Activation,  ///< a new grid: ACTIVATION simulated_quantize after the op
  PassThrough, ///< values stay on the grid of operand 0 (reshape, max pool)
  Float,       ///< result is float; quantization stops here
};

struct QuantizeRule {
  llvm::SmallVector<OperandRule> operands;
  ResultRule result = ResultRule::Activation;
};

} // namespace qnn
} // namespace mlir

#include "QuantMLIR/Dialect/QNN/IR/QNNInterfaces.h.inc"

#endif // QUANTMLIR_DIALECT_QNN_IR_QNNINTERFACES_H
