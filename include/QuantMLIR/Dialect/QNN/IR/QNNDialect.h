//===- QNNDialect.h - QNN dialect, attributes and enums ---------*- C++ -*-===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_DIALECT_QNN_IR_QNNDIALECT_H
#define QUANTMLIR_DIALECT_QNN_IR_QNNDIALECT_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Dialect.h"

#include "QuantMLIR/Dialect/QNN/IR/QNNDialect.h.inc"
#include "QuantMLIR/Dialect/QNN/IR/QNNEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "QuantMLIR/Dialect/QNN/IR/QNNAttrs.h.inc"

#endif // QUANTMLIR_DIALECT_QNN_IR_QNNDIALECT_H
