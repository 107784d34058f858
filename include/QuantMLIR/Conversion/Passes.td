//===- Passes.td - QuantMLIR conversion passes -------------*- tablegen -*-===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_CONVERSION_PASSES_TD
#define QUANTMLIR_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQNNToLinalg : Pass<"convert-qnn-to-linalg", "ModuleOp"> {
  let summary = "Lower qnn ops to linalg, arith and tensor on tensors";
  let description = [{
    Lowers every qnn op to linalg on tensors with exact integer semantics
    (docs/QuantizationSpec.md): quantize / dequantize / simulated_quantize
    (bound: round and saturate; unbound: identity) become elementwise
    `linalg.generic`; requantize and the add / mul / concat rescaling use
    64-bit fixed-point arithmetic with one rounding; conv2d and matmul become
    integer linalg convolutions / matmuls with i32 accumulation and the
    zero-point terms; avg_pool2d an integer sum and an exactly rounded
    division.
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect", "::mlir::arith::ArithDialect",
    "::mlir::tensor::TensorDialect", "::mlir::math::MathDialect"
  ];
}

#endif // QUANTMLIR_CONVERSION_PASSES_TD
