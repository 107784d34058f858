//===- QNNOps.h - QNN operations --------------------------------*- C++ -*-===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_DIALECT_QNN_IR_QNNOPS_H
#define QUANTMLIR_DIALECT_QNN_IR_QNNOPS_H

#include "QuantMLIR/Dialect/QNN/IR/QNNDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#define GET_OP_CLASSES
#include "QuantMLIR/Dialect/QNN/IR/QNNOps.h.inc"

#endif // QUANTMLIR_DIALECT_QNN_IR_QNNOPS_H
