//===- QNNBase.td - QNN dialect definition and enums -------*- tablegen -*-===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_DIALECT_QNN_IR_QNNBASE_TD
#define QUANTMLIR_DIALECT_QNN_IR_QNNBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def QNN_Dialect : Dialect {
  let name = "qnn";
  let cppNamespace = "::mlir::qnn";
  let summary = "Integer quantization: simulated quantization and the realized integer graph";
  let description = [{
    The `qnn` dialect carries a float model through automatic quantization.

    * `qnn.simulated_quantize` models, in float, the rounding and saturation
      error of storing a tensor in a narrow integer type. `qnn-annotate`
      inserts it with unbound parameters, `qnn-calibrate` binds them.
    * `qnn.quantize`, `qnn.dequantize` and `qnn.requantize` move values
      between float and integer grids, and between two integer grids.
    * `qnn.conv2d`, `qnn.matmul`, `qnn.add`, `qnn.mul`, `qnn.concat`,
      `qnn.avg_pool2d` and `qnn.clamp` compute on integers with explicit zero
      points; convolutions and matmuls accumulate in i32.

    Integer tensors are signless (`i8`, `i16`, `i32`); whether the stored
    values are signed is part of the quantization parameters
    (`#qnn.params`) or an explicit `*_unsigned` flag on compute ops.
    The exact arithmetic of every op is specified in
    docs/QuantizationSpec.md.
  }];
  let useDefaultAttributePrinterParser = 1;
  let hasConstantMaterializer = 0;
}

def QNN_RoundingMode : I32EnumAttr<"RoundingMode", "rounding of ties", [
    I32EnumAttrCase<"half_to_even", 0>,
    I32EnumAttrCase<"half_away_from_zero", 1>,
    I32EnumAttrCase<"upward", 2>
  ]> {
  let cppNamespace = "::mlir::qnn";
  let genSpecializedAttr = 0;
}
def QNN_RoundingModeAttr : EnumAttr<QNN_Dialect, QNN_RoundingMode, "rounding"> {
  let assemblyFormat = "`<` $value `>`";
}

def QNN_AnnotationKind : I32EnumAttr<"AnnotationKind",
    "role of a simulated quantization (TVM's QAnnotateKind)", [
    I32EnumAttrCase<"input", 0>,
    I32EnumAttrCase<"weight", 1>,
    I32EnumAttrCase<"activation", 2>
  ]> {
  let cppNamespace = "::mlir::qnn";
  let genSpecializedAttr = 0;
}
def QNN_AnnotationKindAttr : EnumAttr<QNN_Dialect, QNN_AnnotationKind, "kind"> {
  let assemblyFormat = "`<` $value `>`";
}

class QNN_Op<string mnemonic, list<Trait> traits = []> :
    Op<QNN_Dialect, mnemonic, traits>;

#endif // QUANTMLIR_DIALECT_QNN_IR_QNNBASE_TD
