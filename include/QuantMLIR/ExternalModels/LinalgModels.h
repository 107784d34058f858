//===- LinalgModels.h - Quantization rules for linalg ops -------*- C++ -*-===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_EXTERNALMODELS_LINALGMODELS_H
#define QUANTMLIR_EXTERNALMODELS_LINALGMODELS_H

namespace mlir {
class DialectRegistry;
namespace qnn {
/// Attaches QuantizableOpInterface to the linalg (on tensors) and tensor ops
/// qnn-annotate handles: what upstream tosa-to-linalg-named / tosa-to-linalg
/// emit for the TOSA ops of registerTosaQuantizationModels.
void registerLinalgQuantizationModels(DialectRegistry &registry);
} // namespace qnn
} // namespace mlir

#endif // QUANTMLIR_EXTERNALMODELS_LINALGMODELS_H
