//===- QNNInterfaces.td - QNN op interfaces ----------------*- tablegen -*-===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_DIALECT_QNN_IR_QNNINTERFACES_TD
#define QUANTMLIR_DIALECT_QNN_IR_QNNINTERFACES_TD

include "mlir/IR/OpBase.td"

def QuantizableOpInterface : OpInterface<"QuantizableOpInterface"> {
  let cppNamespace = "::mlir::qnn";
  let description = [{
    The annotation rule of an op: which of its operands are quantized and in
    which role (input, weight, or left alone, e.g. a bias or a zero-point
    operand), and what happens to its result: a new activation grid
    (`ResultRule::Activation`), the grid of its input kept as is
    (`ResultRule::PassThrough`: reshape, transpose, max pooling), or float
    (`ResultRule::Float`).

    `qnn-annotate` reads only this interface. Rules for TOSA and linalg ops
    are attached as external models (`registerTosaQuantizationModels`); a
    compiler can attach rules to its own ops in the same way without touching
    QuantMLIR.
  }];
  let methods = [
    InterfaceMethod<
      /*desc=*/"Returns the annotation rule of this op instance, or "
               "std::nullopt when this instance cannot be quantized (for "
               "example an unsupported element type or attribute).",
      /*retTy=*/"std::optional<::mlir::qnn::QuantizeRule>",
      /*methodName=*/"getQuantizeRule",
      /*args=*/(ins)>
  ];
}

#endif // QUANTMLIR_DIALECT_QNN_IR_QNNINTERFACES_TD
