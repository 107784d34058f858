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
  let options = [
    Option<"requantizeDtype", "requantize-dtype", "std::string",
           /*default=*/"\"int64\"",
           "Arithmetic of qnn.requantize, qnn.add and concat's rescaling: "
           "`int64` (default) is the exact fixed-point definition; "
           "`float32` computes round(clamp((float(q) - zp_in) * M, qmin - zp_out, "
           "qmax - zp_out)) + zp_out "
           "with M = multiplier * 2^-shift as an f32, as ONNX Runtime and "
           "oneDNN requantize (TVM's compute_dtype = float32): fewer "
           "vector operations, but a result may differ from the exact one "
           "by one step near a rounding tie. qnn.add is (float(a) - zp_a) "
           "* Ma + (float(b) - zp_b) * Mb, then the same clamp and rounding. "
           "Outputs wider than 16 bits and qnn.mul stay int64.">
  ];
}

#endif // QUANTMLIR_CONVERSION_PASSES_TD
