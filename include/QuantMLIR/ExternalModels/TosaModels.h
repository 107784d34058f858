//===- TosaModels.h - Quantization rules for TOSA ops -----------*- C++ -*-===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_EXTERNALMODELS_TOSAMODELS_H
#define QUANTMLIR_EXTERNALMODELS_TOSAMODELS_H

namespace mlir {
class DialectRegistry;
namespace qnn {
/// Attaches QuantizableOpInterface to the TOSA ops qnn-annotate handles.
void registerTosaQuantizationModels(DialectRegistry &registry);
} // namespace qnn
} // namespace mlir

#endif // QUANTMLIR_EXTERNALMODELS_TOSAMODELS_H
