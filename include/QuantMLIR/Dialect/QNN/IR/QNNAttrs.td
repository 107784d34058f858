//===- QNNAttrs.td - QNN attributes ------------------------*- tablegen -*-===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_DIALECT_QNN_IR_QNNATTRS_TD
#define QUANTMLIR_DIALECT_QNN_IR_QNNATTRS_TD

include "QuantMLIR/Dialect/QNN/IR/QNNBase.td"

def QNN_QuantParamsAttr : AttrDef<QNN_Dialect, "QuantParams"> {
  let mnemonic = "params";
  let summary = "Quantization parameters of an integer grid";
  let description = [{
    Describes how integers stored in `bits` bits represent real numbers:
    `real = (q - zero_point) * scale`, with `q` saturated to
    `[qmin, qmax]`.

    * storage: `iN` (signed) or `uiN` (unsigned), N in 2..16 for stored
      tensors; 32 is also accepted for int32 accumulators (the input grid of
      a `qnn.requantize`).
    * `narrow`: drop the most negative value (signed: `[-2^(N-1)+1, 2^(N-1)-1]`,
      as TFLite weights) or zero (unsigned: `[1, 2^N-1]`).
    * per-tensor: `scale = s, zp = z` (zp defaults to 0);
      per-axis: `axis = a, scales = [..], zps = [..]`, one entry per index of
      dimension `a` of the tensor the parameters apply to.

    Examples:
    ```mlir
    #qnn.params<i8, scale = 6.250000e-02, zp = 0>
    #qnn.params<ui8, scale = 0.1, zp = 128>
    #qnn.params<i8 narrow, axis = 0, scales = [0.5, 0.25], zps = [0, 0]>
    #qnn.params<i32, scale = 1.0e-03, zp = 0>
    ```
    Verification rejects non-positive or non-finite scales, zero points
    outside `[qmin, qmax]`, bit widths outside 2..16 (and 32), a per-tensor
    attribute with several scales, and scale / zero-point lists of different
    lengths.
  }];
  let parameters = (ins
    "::mlir::DenseF64ArrayAttr":$scalesAttr,
    "::mlir::DenseI64ArrayAttr":$zeroPointsAttr,
    "int64_t":$axis,
    "unsigned":$bits,
    "bool":$isSigned,
    "bool":$narrowRange
  );
  let builders = [
    AttrBuilder<(ins "::llvm::ArrayRef<double>":$scales,
                     "::llvm::ArrayRef<int64_t>":$zeroPoints,
                     "int64_t":$axis, "unsigned":$bits, "bool":$isSigned,
                     "bool":$narrowRange), [{
      return $_get($_ctxt, ::mlir::DenseF64ArrayAttr::get($_ctxt, scales),
                   ::mlir::DenseI64ArrayAttr::get($_ctxt, zeroPoints), axis,
                   bits, isSigned, narrowRange);
    }]>
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    ::llvm::ArrayRef<double> getScales() const {
      return getScalesAttr().asArrayRef();
    }
    ::llvm::ArrayRef<int64_t> getZeroPoints() const {
      return getZeroPointsAttr().asArrayRef();
    }
    /// Smallest and largest representable stored value.
    int64_t getQMin() const;
    int64_t getQMax() const;
    bool isPerAxis() const { return getAxis() >= 0; }
    /// Scale / zero point of one channel (or the only one).
    double getScale(size_t i = 0) const {
      return getScales()[isPerAxis() ? i : 0];
    }
    int64_t getZeroPoint(size_t i = 0) const {
      return getZeroPoints()[isPerAxis() ? i : 0];
    }
    /// Signless integer type of `bits` bits: the element type of tensors
    /// stored with these parameters.
    ::mlir::IntegerType getStorageType() const;
    /// Per-tensor parameters.
    static QuantParamsAttr get(::mlir::MLIRContext *ctx, double scale,
                               int64_t zeroPoint, unsigned bits,
                               bool isSigned, bool narrowRange);
    /// Checks the parameters against the shape of the tensor they describe
    /// (axis in range, one scale per index of the axis dimension).
    ::llvm::LogicalResult verifyForType(
        ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError,
        ::mlir::ShapedType type) const;
  }];
}

#endif // QUANTMLIR_DIALECT_QNN_IR_QNNATTRS_TD
