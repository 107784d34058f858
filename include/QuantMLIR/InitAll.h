//===- InitAll.h - Register everything QuantMLIR provides -------*- C++ -*-===//
//
// Part of QuantMLIR.
//
// The one registration point: quant-opt, quant-run, the C API and Python all
// call these.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_INITALL_H
#define QUANTMLIR_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace quantmlir {

/// Dialects the QuantMLIR flow reads or produces (qnn, TOSA, func, arith,
/// linalg, tensor, ... LLVM) and the interface models they need, including
/// the QuantizableOpInterface rules for TOSA.
void registerAllDialects(mlir::DialectRegistry &registry);

/// QuantMLIR passes and pipelines, plus the upstream passes used in lit tests.
void registerAllPasses();

} // namespace quantmlir

#endif // QUANTMLIR_INITALL_H
