//===- QNNOps.td - QNN operations --------------------------*- tablegen -*-===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_DIALECT_QNN_IR_QNNOPS_TD
#define QUANTMLIR_DIALECT_QNN_IR_QNNOPS_TD

include "QuantMLIR/Dialect/QNN/IR/QNNBase.td"
include "QuantMLIR/Dialect/QNN/IR/QNNAttrs.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/BuiltinAttributes.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

def QNN_FloatTensor : RankedTensorOf<[AnyFloat]>;
def QNN_IntTensor : RankedTensorOf<[AnySignlessInteger]>;
def QNN_I32Tensor : RankedTensorOf<[I32]>;

def QNN_DefaultRounding : DefaultValuedAttr<QNN_RoundingModeAttr,
    "::mlir::qnn::RoundingMode::half_to_even">;

//===----------------------------------------------------------------------===//
// Simulated quantization
//===----------------------------------------------------------------------===//

def QNN_SimulatedQuantizeOp : QNN_Op<"simulated_quantize",
    [Pure, SameOperandsAndResultType]> {
  let summary = "Float model of the rounding and saturation error of quantizing";
  let description = [{
    Models, while staying in float, what storing `input` on an integer grid
    does to it (TVM's `simulated_quantize`, generalised with zero points and
    per-axis parameters):

    ```
    q   = clamp(round(x / scale) + zp, qmin, qmax)
    out = (q - zp) * scale
    ```

    `round` follows `rounding`; `qmin` / `qmax` come from `params`
    (see `#qnn.params`). With per-axis parameters, `scale` and `zp` are those
    of the channel that the element occupies along `params.axis`.

    `kind` records the role chosen by `qnn-annotate` (TVM's QAnnotateKind):
    `input` (operand of a compute op), `weight` (a constant operand) or
    `activation` (a compute op's result). `bits`, `is_signed` and
    `narrow_range` request the grid; `params` is absent right after annotation
    (unbound) and set by `qnn-calibrate` (bound), after which it must agree
    with `bits`, `is_signed` and `narrow_range`. An unbound op is the identity
    when executed, so an annotated model still runs (this is what
    `quant-run calibrate` instruments).

    `axis`, when present, requests per-axis (per-channel) parameters along
    that dimension (set by `qnn-annotate` on weights when per-channel
    quantization is on); bound parameters must then be per-axis on it.

    `name` identifies the op across tools: `qnn-annotate` sets it from the
    layer's location and the operand's role (`conv1:in0`, `conv1:w`,
    `conv1:out`), unique within the module; calibration statistics files
    and per-layer overrides refer to it.

    The op has no folder and is not removed by canonicalization: removing it
    would remove the error it exists to model. `qnn-realize` replaces it.

    Example:
    ```mlir
    %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, bits = 8 : i64,
           params = #qnn.params<i8 narrow, scale = 6.250000e-02, zp = 0>}
           : tensor<1x8x8x3xf32>
    ```
  }];
  let arguments = (ins
    QNN_FloatTensor:$input,
    QNN_AnnotationKindAttr:$kind,
    DefaultValuedAttr<I64Attr, "8">:$bits,
    DefaultValuedAttr<BoolAttr, "true">:$is_signed,
    DefaultValuedAttr<BoolAttr, "false">:$narrow_range,
    QNN_DefaultRounding:$rounding,
    OptionalAttr<QNN_QuantParamsAttr>:$params,
    OptionalAttr<StrAttr>:$name,
    OptionalAttr<I64Attr>:$axis
  );
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
  let builders = [
    // Without a name.
    OpBuilder<(ins "::mlir::Type":$type, "::mlir::Value":$input,
                   "::mlir::qnn::AnnotationKindAttr":$kind,
                   "::mlir::IntegerAttr":$bits, "::mlir::BoolAttr":$is_signed,
                   "::mlir::BoolAttr":$narrow_range,
                   "::mlir::qnn::RoundingModeAttr":$rounding,
                   "::mlir::qnn::QuantParamsAttr":$params), [{
      build($_builder, $_state, type, input, kind, bits, is_signed,
            narrow_range, rounding, params, ::mlir::StringAttr(),
            ::mlir::IntegerAttr());
    }]>
  ];
  let extraClassDeclaration = [{
    bool isBound() { return static_cast<bool>(getParamsAttr()); }
  }];
}

//===----------------------------------------------------------------------===//
// Conversions between grids
//===----------------------------------------------------------------------===//

def QNN_QuantizeOp : QNN_Op<"quantize", [Pure, SameOperandsAndResultShape]> {
  let summary = "Float to integer: round, add zero point, saturate";
  let description = [{
    `out = clamp(round(x / scale) + zp, qmin, qmax)` elementwise, with
    `round` given by `rounding` (default half to even, as ONNX
    `QuantizeLinear`). The result element type must be the storage type of
    `params` (`bits` wide, signless).

    `quantize(dequantize(q))` with the same parameters and types folds to `q`:
    for stored values the float round trip is exact.
  }];
  let arguments = (ins QNN_FloatTensor:$input, QNN_QuantParamsAttr:$params,
                       QNN_DefaultRounding:$rounding);
  let results = (outs QNN_IntTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QNN_DequantizeOp : QNN_Op<"dequantize", [Pure, SameOperandsAndResultShape]> {
  let summary = "Integer to float: (q - zp) * scale";
  let description = [{
    `out = (q - zp) * scale` elementwise, computed in the result float type.
    The input element type must be the storage type of `params`.
  }];
  let arguments = (ins QNN_IntTensor:$input, QNN_QuantParamsAttr:$params);
  let results = (outs QNN_FloatTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QNN_RequantizeOp : QNN_Op<"requantize", [Pure, SameOperandsAndResultShape]> {
  let summary = "Integer to integer: move a value to another grid";
  let description = [{
    `out = clamp(zp_out + round((q - zp_in) * M), qmin_out, qmax_out)` with
    `M = scale_in / scale_out`, evaluated in fixed point: `M` becomes an
    integer multiplier `m` (31 significant bits) and a right shift `n`
    (`M ~= m * 2^-n`), and `round((q - zp_in) * m / 2^n)` is computed exactly
    in 64-bit integers with one rounding (`rounding`). Where `M` is a power of
    two this is an exact rounding shift. Per-axis input or output parameters
    give one multiplier per channel. See docs/QuantizationSpec.md for the
    error bound.

    The input may be an int32 accumulator (`input_params` with 32 bits) or
    a stored tensor. Requantizing to identical parameters and type folds away.
  }];
  let arguments = (ins QNN_IntTensor:$input,
                       QNN_QuantParamsAttr:$input_params,
                       QNN_QuantParamsAttr:$output_params,
                       QNN_DefaultRounding:$rounding);
  let results = (outs QNN_IntTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Integer compute
//===----------------------------------------------------------------------===//

def QNN_Conv2DOp : QNN_Op<"conv2d", [Pure]> {
  let summary = "Integer 2-D convolution, NHWC, i32 accumulation";
  let description = [{
    ```
    out[n, oh, ow, f] = bias[f] + sum_{kh, kw, c}
        (in[n, oh*sh + kh*dh - pad_top, ow*sw + kw*dw - pad_left, g*Cg + c] - input_zp)
      * (weight[f, kh, kw, c] - weight_zp)
    ```
    with `g = f / (F / groups)` the group of output channel `f`,
    `Cg = C / groups`, and padding positions contributing `input_zp` (so a
    zero after subtracting the zero point). Layouts: input `N x H x W x C`,
    weight `F x KH x KW x (C / groups)` (TOSA's OHWI), optional bias `F`
    (i32), result `N x OH x OW x F` in i32 with
    `OH = (H + pad_top + pad_bottom - (KH - 1) * dh - 1) / sh + 1`
    (same for W). `groups = C` with `F = C * multiplier` is a depthwise
    convolution. `pad` is `[top, bottom, left, right]`.

    Operands are signless integers; `input_unsigned` / `weight_unsigned`
    say how their bits are read. The result scale is
    `input_scale * weight_scale` (per output channel when the weights are
    per-axis); `qnn.requantize` brings it back to a stored grid.
  }];
  let arguments = (ins QNN_IntTensor:$input, QNN_IntTensor:$weight,
                       Optional<QNN_I32Tensor>:$bias,
                       DefaultValuedAttr<I64Attr, "0">:$input_zp,
                       DefaultValuedAttr<I64Attr, "0">:$weight_zp,
                       DefaultValuedAttr<BoolAttr, "false">:$input_unsigned,
                       DefaultValuedAttr<BoolAttr, "false">:$weight_unsigned,
                       DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$pad,
                       DenseI64ArrayAttr:$dilations,
                       DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs QNN_I32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` `(` type($input) `,`
    type($weight) (`,` type($bias)^)? `)` `->` type($output)
  }];
  let hasVerifier = 1;
}

def QNN_MatmulOp : QNN_Op<"matmul", [Pure]> {
  let summary = "Integer (batched) matrix product, i32 accumulation";
  let description = [{
    `out[b, m, n] = sum_k (lhs[b, m, k] - lhs_zp) * (rhs[b, k, n] - rhs_zp)`.
    Operands are rank 2 (`M x K`, `K x N`) or rank 3 with a batch dimension
    (both rank 3, equal batch). The result is i32.
  }];
  let arguments = (ins QNN_IntTensor:$lhs, QNN_IntTensor:$rhs,
                       DefaultValuedAttr<I64Attr, "0">:$lhs_zp,
                       DefaultValuedAttr<I64Attr, "0">:$rhs_zp,
                       DefaultValuedAttr<BoolAttr, "false">:$lhs_unsigned,
                       DefaultValuedAttr<BoolAttr, "false">:$rhs_unsigned);
  let results = (outs QNN_I32Tensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` `(` type($lhs) `,` type($rhs) `)` `->` type($output)
  }];
  let hasVerifier = 1;
}

class QNN_BinaryOp<string mnemonic> : QNN_Op<mnemonic, [Pure]> {
  let arguments = (ins QNN_IntTensor:$lhs, QNN_IntTensor:$rhs,
                       QNN_QuantParamsAttr:$lhs_params,
                       QNN_QuantParamsAttr:$rhs_params,
                       QNN_QuantParamsAttr:$output_params,
                       QNN_DefaultRounding:$rounding);
  let results = (outs QNN_IntTensor:$output);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` `(` type($lhs) `,` type($rhs) `)` `->` type($output)
  }];
  let hasVerifier = 1;
}

def QNN_AddOp : QNN_BinaryOp<"add"> {
  let summary = "Quantized addition with scale unification";
  let description = [{
    `out = clamp(zp_o + round(Ml * (l - zp_l) + Mr * (r - zp_r)), qmin, qmax)`
    with `Ml = s_l / s_o`, `Mr = s_r / s_o`. Both multipliers share one shift
    so the sum is rounded once, exactly, in 64-bit fixed point. Operands of
    the same rank broadcast along dimensions of size 1 (as `tosa.add`).
    Parameters are per-tensor.
  }];
}

def QNN_MulOp : QNN_BinaryOp<"mul"> {
  let summary = "Quantized elementwise product";
  let description = [{
    `out = clamp(zp_o + round(M * (l - zp_l) * (r - zp_r)), qmin, qmax)` with
    `M = s_l * s_r / s_o`, one rounding in 64-bit fixed point. Broadcasting
    and parameters as `qnn.add`.
  }];
}

def QNN_ConcatOp : QNN_Op<"concat", [Pure]> {
  let summary = "Concatenation with requantization to one output grid";
  let description = [{
    Requantizes every input from its own parameters (`input_params[i]`) to
    `output_params` (as `qnn.requantize`; an input already on the output grid
    is copied unchanged) and concatenates along `axis`.
  }];
  let arguments = (ins Variadic<QNN_IntTensor>:$inputs,
                       I64Attr:$axis,
                       TypedArrayAttrBase<QNN_QuantParamsAttr,
                                          "array of #qnn.params">:$input_params,
                       QNN_QuantParamsAttr:$output_params,
                       QNN_DefaultRounding:$rounding);
  let results = (outs QNN_IntTensor:$output);
  let assemblyFormat = [{
    $inputs attr-dict `:` `(` type($inputs) `)` `->` type($output)
  }];
  let hasVerifier = 1;
}

def QNN_AvgPool2DOp : QNN_Op<"avg_pool2d", [Pure]> {
  let summary = "Integer average pooling, NHWC, same grid in and out";
  let description = [{
    `out = zp + round(sum(in - zp) / count)` over each window, where `count`
    is the number of window positions inside the input (padding is not
    counted, as `tosa.avg_pool2d`). The division is exact integer division
    followed by `rounding` of the remainder, so the result is the correctly
    rounded average. Input and output share one grid (same scale and zero
    point), as TFLite's same-scale pooling.
  }];
  let arguments = (ins QNN_IntTensor:$input,
                       DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$pad,
                       DefaultValuedAttr<I64Attr, "0">:$zp,
                       DefaultValuedAttr<BoolAttr, "false">:$is_unsigned,
                       QNN_DefaultRounding:$rounding);
  let results = (outs QNN_IntTensor:$output);
  let assemblyFormat =
      "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def QNN_ClampOp : QNN_Op<"clamp", [Pure, SameOperandsAndResultType]> {
  let summary = "Integer clamp to [min, max]";
  let description = [{
    `out = min(max(x, min), max)` on stored integers (read as unsigned when
    `is_unsigned`). ReLU and ReLU6 after quantization become this op with the
    bounds quantized on the input grid. A clamp whose bounds cover the whole
    range of the element type folds away.
  }];
  let arguments = (ins QNN_IntTensor:$input, I64Attr:$min, I64Attr:$max,
                       DefaultValuedAttr<BoolAttr, "false">:$is_unsigned);
  let results = (outs QNN_IntTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

#endif // QUANTMLIR_DIALECT_QNN_IR_QNNOPS_TD
