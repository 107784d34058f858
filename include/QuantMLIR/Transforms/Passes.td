//===- Passes.td - QuantMLIR transform passes --------------*- tablegen -*-===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_TRANSFORMS_PASSES_TD
#define QUANTMLIR_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def QNNAnnotate : Pass<"qnn-annotate", "ModuleOp"> {
  let summary = "Insert unbound qnn.simulated_quantize ops following each op's rule";
  let description = [{
    Walks every function and, for each op implementing
    `QuantizableOpInterface`, inserts `qnn.simulated_quantize` on its operands
    (kind `input` or `weight`) and after its result (kind `activation`), as
    its rule says. A value that is already quantized (the result of a
    simulated_quantize, or of a pass-through op on a quantized value) is not
    quantized again. Ops without a rule stop quantization: their operands stay
    float, and the pass emits a remark for each such op and a summary line.
  }];
  let options = [
    Option<"inputBits", "input-bits", "int64_t", "8",
           "Bit width of input quantization (2..16)">,
    Option<"weightBits", "weight-bits", "int64_t", "8",
           "Bit width of weight quantization (2..16)">,
    Option<"activationBits", "activation-bits", "int64_t", "8",
           "Bit width of activation quantization (2..16)">,
    Option<"rounding", "rounding", "std::string", "\"half_to_even\"",
           "Rounding of ties: half_to_even | half_away_from_zero | upward">,
  ];
  let dependentDialects = ["::mlir::qnn::QNNDialect"];
}

def QNNCalibrate : Pass<"qnn-calibrate", "ModuleOp"> {
  let summary = "Bind the parameters of unbound qnn.simulated_quantize ops";
  let description = [{
    Data-free calibration. Inputs and activations get the global scale:
    `scale = global_scale / 2^(bits-1)` (signed) with zero point 0, i.e. the
    range `[-global_scale, global_scale)`. Weights (which must be constants)
    get symmetric narrow-range scales from their values: `max|W| / qmax`
    (`weight-scale=max`) or the next power of two above it
    (`weight-scale=power2`). Already-bound ops are left unchanged.
  }];
  let options = [
    Option<"mode", "mode", "std::string", "\"global_scale\"",
           "Calibration mode for inputs and activations: global_scale">,
    Option<"globalScale", "global-scale", "double", "8.0",
           "Range bound for mode=global_scale (TVM's global_scale)">,
    Option<"weightScale", "weight-scale", "std::string", "\"max\"",
           "Weight scale rule: max | power2">,
  ];
  let dependentDialects = ["::mlir::qnn::QNNDialect"];
}

def QNNRealize : Pass<"qnn-realize", "ModuleOp"> {
  let summary = "Turn the calibrated float graph into the integer graph";
  let description = [{
    Replaces bound `qnn.simulated_quantize` ops and the ops between them by
    the integer graph: `qnn.quantize` where float data enters, weights
    quantized at compile time into integer constants, integer `qnn.conv2d` /
    `qnn.matmul` with i32 accumulation and an int32 bias (scale
    `s_in * s_w`), `qnn.requantize` to the activation grid, `qnn.add`,
    same-grid ops (max pooling, reshape, transpose, clamp) kept on integers,
    and `qnn.dequantize` where a quantized value reaches a float consumer.
    Fails with an error on an unbound simulated_quantize.
  }];
  let dependentDialects = ["::mlir::qnn::QNNDialect", "::mlir::tosa::TosaDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // QUANTMLIR_TRANSFORMS_PASSES_TD
