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
    its rule says (docs/QuantizationSpec.md section 11). A value that is
    already on a grid (the result of a simulated_quantize, or of a
    pass-through op on one) is not quantized again when the grid has the
    width and signedness the consumer asks for.

    Every inserted op gets a `name`, unique in the module: `<layer>:in<k>`
    (operand k), `<layer>:w` and `<layer>:out`, where the layer is the op's
    location name (`loc("conv1")`, the first name in a fused location) or
    `<op>_<index>` (`conv2d_0`). A matmul read only by the add of a
    constant 1 x 1 x N bias is a dense layer: no activation between them
    (`fold-dense-bias=true`), the bias joins the int32 accumulator.
    Statistics files, overrides and the
    precision map refer to these names. Weights of conv, transpose conv,
    depthwise conv (multiplier 1) and matmul get an `axis` requesting
    per-channel parameters unless `per-channel=false`. The activations of
    `tosa.sigmoid` and `tosa.tanh` are bound at once to TFLite's fixed
    parameters (1/256, zp -128 and 1/128, zp 0 in int8).

    Ops without a rule stop quantization: their operands stay float, and
    the pass emits a remark for each such op and a summary line. Ops the
    options exclude (`deny-ops`, not in a non-empty `allow-ops`,
    `skip-conv-layers`, `skip-dense-layer`, `fp32` in the precision map) are
    reported the same way and marked `qnn.keep_float`, which `qnn-realize`
    honours.

    Errors (at the module): bit widths outside 2..16, an unknown rounding,
    an `allow-ops` / `deny-ops` entry that is neither a registered op name
    nor a layer, an entry in both lists, a `skip-conv-layers` index past
    the last conv layer, and a precision map that cannot be read, is not
    valid JSON, has a value other than "int8" / "int16" / "fp32" or names
    an unknown layer.
  }];
  let options = [
    Option<"inputBits", "input-bits", "int64_t", "8",
           "Bit width of input quantization (2..16)">,
    Option<"weightBits", "weight-bits", "int64_t", "8",
           "Bit width of weight quantization (2..16)">,
    Option<"activationBits", "activation-bits", "int64_t", "8",
           "Bit width of activation quantization (2..16)">,
    Option<"inputSigned", "input-signed", "bool", "true",
           "Signed input grids (false: unsigned)">,
    Option<"weightSigned", "weight-signed", "bool", "true",
           "Signed weight grids (false: unsigned)">,
    Option<"activationSigned", "activation-signed", "bool", "true",
           "Signed activation grids (false: unsigned)">,
    Option<"rounding", "rounding", "std::string", "\"half_to_even\"",
           "Rounding of ties: half_to_even | half_away_from_zero | upward">,
    Option<"perChannel", "per-channel", "bool", "true",
           "Per-channel weight parameters for conv, depthwise conv and "
           "matmul weights">,
    ListOption<"skipConvLayers", "skip-conv-layers", "int64_t",
               "Indices of conv layers (program order, from 0) to leave "
               "float (default: none)">,
    Option<"skipDenseLayer", "skip-dense-layer", "bool", "false",
           "Leave dense layers (matmul with a constant B) float">,
    Option<"foldDenseBias", "fold-dense-bias", "bool", "true",
           "No activation between a matmul and the add of its constant "
           "1 x 1 x N bias (the bias joins the int32 accumulator)">,
    ListOption<"allowOps", "allow-ops", "std::string",
               "Quantize only these ops (op names or layer names)">,
    ListOption<"denyOps", "deny-ops", "std::string",
               "Never quantize these ops (op names or layer names)">,
    Option<"precisionMap", "precision-map", "std::string", "\"\"",
           "JSON file mapping layer names to int8 | int16 | fp32">,
  ];
  let dependentDialects = ["::mlir::qnn::QNNDialect"];
}

def QNNCalibrate : Pass<"qnn-calibrate", "ModuleOp"> {
  let summary = "Bind the parameters of unbound qnn.simulated_quantize ops";
  let description = [{
    Binds every unbound `qnn.simulated_quantize` (bound ones are left
    unchanged); docs/QuantizationSpec.md section 12 has the rules and
    docs/StatisticsFormat.md the file formats.

    Inputs and activations: `mode=global_scale` (data-free, TVM's default)
    gives `scale = global_scale / 2^(bits-1)` (signed) with zero point 0.
    `mode=max|percentile|kl|mse|moving_average` read the tensor's entry in the
    statistics file `stats=<file>` (keyed by the op's `name`, written by
    `quant-run calibrate` or scripts/make_stats.py) and choose a threshold T
    (`scale = T / qmax`, zero point 0) or, with
    `activation-symmetric=false`, a range `[lo, hi]` (scale and zero point by
    `chooseScaleZp`). `mode=auto` (the default) is `max` with a statistics
    file and `global_scale` without one.

    Weights (which must be constants) always get symmetric narrow-range
    scales from their values: `max|W| / qmax` (`weight-scale=max`) or the
    next power of two above it (`weight-scale=power2`), one per index of
    `axis` when the op has one (per-channel).

    `overrides=<file.json>` sets, per op name, a mode, percentile or
    symmetry, or explicit parameters (scale / zero point, a threshold, or a
    min / max range).

    Bias: where a conv / matmul bias b would need
    `|b| / (s_in * s_w) > 2^30` (half the int32 accumulator), the weight
    scale s_w is raised (per channel) until it fits, with a remark.

    Errors (at the module or op, naming the file): missing or malformed
    files, a wrong format or version, statistics of another model (model
    hash mismatch; `check-model-hash=false` only requires an entry, of the
    same kind and shape, for every op that needs one), an op without an
    entry, an entry with no finite value or with NaN / infinite values, and
    contradictory options.
  }];
  let options = [
    Option<"mode", "mode", "std::string", "\"auto\"",
           "Calibration mode for inputs and activations: auto | global_scale "
           "| max | percentile | kl | mse | moving_average">,
    Option<"stats", "stats", "std::string", "\"\"",
           "Statistics file (JSON, docs/StatisticsFormat.md)">,
    Option<"percentile", "percentile", "double", "99.999",
           "Percentile of |x| for mode=percentile, in (0, 100]">,
    Option<"activationSymmetric", "activation-symmetric", "bool", "true",
           "Symmetric input / activation grids (false: zero point from the "
           "range)">,
    Option<"overrides", "overrides", "std::string", "\"\"",
           "Per-layer overrides file (JSON, docs/StatisticsFormat.md)">,
    Option<"checkModelHash", "check-model-hash", "bool", "true",
           "Require the statistics file to come from this annotated model">,
    Option<"adjustBias", "adjust-bias", "bool", "true",
           "Raise weight scales so that biases fit the int32 accumulator">,
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
    the integer graph (docs/QuantizationSpec.md section 13): `qnn.quantize`
    where float data enters, constants (weights) quantized at compile time
    into integer constants, integer `qnn.conv2d` / `qnn.matmul` with i32
    accumulation and an int32 bias (scale `s_in * s_w`; depthwise as a
    grouped conv with the weight layout converted at compile time,
    transpose conv as a conv over a zero-point-inserted input with the
    kernel flipped), `qnn.requantize` to the activation grid, `qnn.add`
    (also for `sub`, on the negated subtrahend), `qnn.mul`, `qnn.concat`
    (each input requantized to the output grid), `qnn.avg_pool2d`,
    `tosa.reduce_sum` on i32, `tosa.table` lookups for sigmoid / tanh on
    8-bit grids, same-grid ops (max pooling, reduce_max, reshape, transpose,
    slice, pad with the zero point, clamp as `qnn.clamp`) kept on integers,
    and `qnn.dequantize` where a quantized value reaches a float consumer.

    Ops that cannot be realized exactly stay float, on dequantized operands,
    with a remark saying why: an int32 accumulator or bias that could
    overflow, products or ratios of scales that are not normal doubles,
    fixed-point multipliers out of range, a clamp with no grid point in its
    bounds, a table lookup on a grid other than 8 bits, non-constant
    biases or weights where the layout must change, non-zero TOSA zero
    points. The activation after such an op quantizes its result again. A
    same-grid op that TOSA cannot run on the grid (a grid of other than 8
    or 16 bits, per-axis grids, max pooling of an unsigned grid) runs in
    float and its result is re-quantized, exactly, onto the same grid. Ops
    marked `qnn.keep_float` by qnn-annotate stay float silently.

    `partition-conversions` (TVM's partition_conversions): `disabled`
    leaves the conversions where they are; `enabled` moves everything
    between the argument conversions (`qnn.quantize` of an argument) and
    the result conversions (`qnn.dequantize` read only by the return) of
    each function into a private function `<name>_quantized`, which the
    original one calls; `fully_integral` does the same and fails with an
    error at every float op left inside, and a summary.

    Fails with an error on an unbound simulated_quantize.
  }];
  let options = [
    Option<"partitionConversions", "partition-conversions", "std::string",
           "\"disabled\"",
           "Conversions at the edges: disabled | enabled | fully_integral">,
  ];
  let dependentDialects = ["::mlir::qnn::QNNDialect", "::mlir::tosa::TosaDialect",
                           "::mlir::arith::ArithDialect"];
}

def QNNLegalize : Pass<"qnn-legalize", "ModuleOp"> {
  let summary = "Store 8-bit values with the signedness the target's int8 "
                "kernels want";
  let description = [{
    An 8-bit grid `(s, zp)` stored signed holds the same real values as
    `(s, zp + 128)` stored unsigned, every byte with its sign bit flipped.
    Dot-product instructions want a fixed signedness per operand: x86
    `vpdpbusd` / `vpmaddubsw` multiply u8 by s8, AArch64 `sdot` / `smmla`
    s8 by s8. This pass stores each connected graph of 8-bit tensors the
    way the `qnn.conv2d` / `qnn.matmul` operands it feeds want it, so that
    kernels need no run-time shift; dequantized values stay identical, bit
    for bit.

    A graph is the set of i8 tensors joined through ops that only move or
    select stored values (reshape, transpose, slice, pad, concat, clamp,
    average and max pooling, copies). It is flipped when all its conv /
    matmul operands want the other signedness and its ops agree on the
    current one. Then: `qnn.quantize`, `qnn.requantize`, `qnn.add`,
    `qnn.mul`, `qnn.concat`, `qnn.dequantize` get parameters with the zero
    point moved by 128 and the signedness toggled; `qnn.conv2d` /
    `qnn.matmul` their zero point and `*_unsigned` flag; `qnn.clamp` and
    `qnn.avg_pool2d` their bounds / zero point and `is_unsigned`; constants
    (weights, pad values, fills) are rewritten at compile time;
    `linalg.pooling_nhwc_max` and its unsigned variant swap, a
    `tosa.max_pool2d` (which compares as signed) becomes `tensor.pad` +
    `linalg.pooling_nhwc_max_unsigned`, and a `tosa.table` gets a new table
    (permuted by 128 entries for a flipped input, entries flipped for a
    flipped output). Where such a value meets an op that reads its bits
    without parameters (a function argument or result, a call, a cast, any
    unknown op), an exact
    `qnn.requantize` with scale 1 and zero point 0 <-> 128 converts it, so
    function signatures do not change.

    Targets: `x86-avx2`, `x86-avxvnni`, `x86-avx512vnni`: u8 activations
    (conv input, matmul lhs) and s8 weights (conv weight, matmul rhs);
    `aarch64-dotprod`, `aarch64-i8mm`: s8 for both; `generic`,
    `nvptx-sm80`, `nvptx-sm90a`: unchanged (`mma.sync` takes either
    signedness); `host`: the x86 rule on an x86 CPU with AVX2, the AArch64
    rule on an AArch64 CPU with dot product, else unchanged. An unknown
    target is an error. Channel padding and an int16 upcast are not done:
    the x86 kernels pad K and N while packing (docs/Design.md).
  }];
  let options = [
    Option<"target", "target", "std::string", "\"generic\"",
           "generic | host | x86-avx2 | x86-avxvnni | x86-avx512vnni | "
           "aarch64-dotprod | aarch64-i8mm | nvptx-sm80 | nvptx-sm90a">,
  ];
  let dependentDialects = ["::mlir::qnn::QNNDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def QNNFuseQDQ : Pass<"qnn-fuse-qdq", "ModuleOp"> {
  let summary = "Turn dequantize -> op -> quantize chains (QDQ models) into "
                "integer qnn ops";
  let description = [{
    A pre-quantized model in QDQ form (ONNX Runtime's `quantize_static`,
    PyTorch) imports as float compute between `qnn.dequantize` and
    `qnn.quantize` (docs/ONNX.md). This pass rewrites each
    `qnn.quantize(clamp* / reshape*(op(qnn.dequantize(x), ...)))` into the
    integer op on `x`, `qnn.requantize` to the quantize's grid (half to
    even), `qnn.clamp` for the clamps (ReLU, ReLU6, Clip: the bounds
    quantized on the output grid, exact since rounding is monotone) and the
    reshapes on integers:

    * `tosa.conv2d` / `tosa.depthwise_conv2d` with weights
      `qnn.dequantize(constant)` (per tensor, or per output channel with one
      zero point) and a bias that is `qnn.dequantize` of an int32 constant
      or a float constant: `qnn.conv2d` (depthwise as groups = C) +
      `qnn.requantize`;
    * `tosa.matmul` (B a dequantized constant or value) and the `tosa.add`
      of a 1 x 1 x N bias: `qnn.matmul` + `tosa.add` on i32 +
      `qnn.requantize`;
    * `tosa.add` / `tosa.mul` of two dequantized values: `qnn.add` /
      `qnn.mul`;
    * `tosa.avg_pool2d`: `qnn.avg_pool2d` on one grid; onto another grid
      the window sums (`qnn.conv2d` with unit weights) and one requantize
      (with padding, where windows differ in size: `qnn.avg_pool2d` +
      `qnn.requantize`); `tosa.max_pool2d`: the same op on
      i8 (an unsigned grid with its sign bit flipped) (+ requantize);
      `tosa.concat`: `qnn.concat`;
    * `tosa.sub` of two dequantized values: `qnn.add` of the left operand
      and the bitwise NOT of the right one (exact on 8 bits, read with the
      zero point `-1 - zp` / `255 - zp`);
    * a grouped convolution as imported (one `tosa.conv2d` per channel
      slice of one dequantized input, concatenated): one `qnn.conv2d` with
      `groups` + `qnn.requantize`;
    * any pointwise function of one 8-bit per-tensor dequantize built from
      elementwise ops with splat constants (Sigmoid, Tanh, LeakyRelu,
      HardSigmoid, HardSwish, x + c, ...): a 256-entry `tosa.table`
      `Q(f(DQ(q)))` computed at compile time in float32 as ONNX Runtime;
    * `qnn.quantize(qnn.dequantize(x))` with other parameters:
      `qnn.requantize`; `qnn.dequantize` moves below `tosa.transpose` and
      `tosa.reshape`, so layout ops run on integers.

    The requantize multipliers of conv / matmul are ONNX Runtime's float32
    `x_scale * w_scale / y_scale` (as the QLinearConv import). Chains that
    match none of these (per-axis activations, other ops) stay float: still
    the exact float model of the QDQ graph. Per-channel weight zero points
    that differ use the first one and correct the accumulator on i32 by
    `(zp_c - zp_0) * sum(x - x_zp)` (window sums from a unit-weight
    `qnn.conv2d` / a `qnn.matmul` with ones, `tosa.mul`, `tosa.sub`).
  }];
  let dependentDialects = ["::mlir::qnn::QNNDialect",
                           "::mlir::tosa::TosaDialect",
                           "::mlir::arith::ArithDialect"];
}

#endif // QUANTMLIR_TRANSFORMS_PASSES_TD
