#!/usr/bin/env python3
"""Build the small ONNX models used by test/Frontend/ONNX (onnx.helper only).

Writes <out-dir>/<name>.onnx for every model below (default out-dir:
test/Frontend/ONNX/Inputs, where the generated files are committed). The
models are deterministic (numpy RandomState seeded per model), use IR version 8
and opset 13 unless stated (Debian's libonnx 1.12 reads IR <= 8, opset <= 17),
and are checked with onnx.checker unless they are meant to fail it.

Float models (the tests compare quant-translate + quant-run with ONNX Runtime):
  cnn          N x 3 x 16 x 16 (symbolic batch N): conv3x3+BN+ReLU, maxpool,
               conv3x3/2+BN+ReLU, flatten, gemm+ReLU, gemm -> N x 10
  dwconcat     1 x 8 x 10 x 10: depthwise 3x3 | 1x1 conv, concat, grouped
               dilated conv (4 groups), avgpool 3x3/2 pad 1, add/mul with
               per-channel constants, sigmoid -> 1 x 8 x 5 x 5 (NCHW out)
  ops_*        single-op (or few-op) models, see OPS below
DynamicQuantizeLinear (outputs y uint8, y_scale, y_zero_point):
  dql          2 x 3 x 4 x 5 float input
  dql_relu     1 x 3 x 8 x 8 through a Relu (min 0)
Symbolic batch imported as a dynamic dimension (no --batch):
  dyn_cnn      batch x 2 x 8 x 8: conv3x3+ReLU, maxpool, Reshape [0, -1],
               gemm, softmax -> batch x 5
  dyn_dql      N x 4 DynamicQuantizeLinear (rejected without --batch)
  dyn_hw       N x 3 x H x 4 Relu (H symbolic: rejected)
Pre-quantized (QDQ) model:
  qdq          1 x 4 x 6 x 6: QuantizeLinear/DequantizeLinear (int8) on the
               input, int8 per-channel conv weights through DequantizeLinear,
               conv + ReLU, QuantizeLinear/DequantizeLinear (uint8), Flatten
               between the last Q and DQ -> 1 x 216
Integer models (quantized compute; float in through QuantizeLinear, float out
through DequantizeLinear for the QLinear ops, int32 out for the *Integer ops):
  qlinear_conv_u8     1 x 4 x 9 x 9, uint8 x / y, int8 weights per tensor,
                      pads 1, strides 2, int32 bias -> 1 x 8 x 5 x 5
  qlinear_conv_s8_pc  1 x 6 x 8 x 8, int8 x / y, int8 weights per channel,
                      group 2, pads [1, 0, 2, 1], strides [1, 2], bias
  qlinear_conv_u8u8   1 x 4 x 8 x 8, uint8 x / y / weights (w zp 119),
                      depthwise (group 4, 2 outputs each), dilation 2, pads 2
  qlinear_matmul      2 x 3 x 16 uint8 x int8 B (16 x 10) -> uint8 y
  qlinear_matmul_s8   4 x 16 int8 x int8 B (per column scales) -> int8 y
  matmul_integer      4 x 16 uint8 (zp 128) x int8 B (zp 0) -> int32 4 x 10
  conv_integer        1 x 3 x 6 x 6 uint8 (zp 131) x uint8 W (zp 127),
                      pads 1 -> int32 1 x 5 x 6 x 6 (NCHW out)
  qlinear_conv_bad_wzp  per-channel w zero points [0, 1] (rejected: one
                      weight zero point per qnn.conv2d)
ONNX Runtime quantize_static (QDQ format) of two float CNNs (needs the
onnxruntime package; calibration on 16 seeded N(0, 1) inputs):
  qdq_cnn_minmax      N x 3 x 16 x 16: conv+relu, conv+relu, residual add,
                      maxpool, conv/2+relu, avgpool, flatten, gemm -> N x 10;
                      MinMax, per-tensor weights, int8 activations
  qdq_cnn_entropy_pc  the same CNN, Entropy calibration, per-channel weights,
                      symmetric int8 activations (ORT's Entropy with its
                      default 128 bins picks the MinMax range here)
  qdq_cnn_u8_pc       the same CNN, Percentile (99.9), per-channel, uint8
                      activations
  qdq_cnn2_pc         N x 4 x 8 x 8: conv+relu, depthwise conv+clip(0, 6),
                      mul, concat, 1x1 conv, global average pool, reshape,
                      matmul -> N x 6; MinMax, per-channel, int8
  qdq_ops_minmax      N x 4 x 8 x 8: conv+relu, grouped conv (group 4),
                      sigmoid, tanh, sub, leaky relu, hard swish, sub,
                      global average pool, gemm -> N x 6; MinMax, per-tensor
                      int8 (Sub / Tanh / HardSwish named in op_types)
  qdq_ops_u8_pc       the same, per-channel weights, uint8 activations
  qdq_ops_zpmix       the same, uint8 weights whose per-channel zero points
                      differ (q and zp shifted by the same -3 ... 3)
  qdq_cnn2_zpmix      qdq_cnn2_pc's float CNN, per-channel int8, the
                      depthwise and 1x1 conv zero points shifted likewise
QDQ pointwise ops (hand-written grids, N x 512 input):
  qdq_sigmoid, qdq_tanh_u8, qdq_leakyrelu, qdq_hardsigmoid_u8,
  qdq_hardswish       Q -> DQ -> op -> Q -> DQ (int8 / uint8 grids)
  qdq_sub, qdq_sub_u8 each half of x on its own grid, Sub, Q -> N x 256
Transposed convolutions (float):
  convtranspose     1 x 3 x 5 x 5: ConvTranspose 3 -> 4, 3x3, strides 2,
                    pads [1, 0, 1, 2], output_padding [1, 1], bias
  convtranspose_s1  1 x 4 x 6 x 6: ConvTranspose 4 -> 2, 2x3, stride 1, no
                    pads, no bias; then Relu
  convtranspose_opad  1 x 2 x 4 x 4: ConvTranspose 2 -> 3, 3x3, strides 2,
                    no pads, output_padding [1, 0] (a bias-only last row)
External data (tensors with data_location EXTERNAL, in ext_data.bin next to
the model, 144 bytes):
  ext_data     2 x 8: Gemm (weights at offset 0, bias at offset 128 of
               ext_data.bin) + Relu -> 2 x 4
  ext_missing  the same, its data in a file that does not exist (rejected)
  ext_short    the same, the bias past the end of ext_data.bin (rejected)
com.microsoft quantized ops (onnx.helper; float in through QuantizeLinear,
float out through DequantizeLinear):
  ms_qadd_mul_u8   1 x 4 x 5 x 5 uint8: QLinearAdd with a constant [4, 1, 1],
                   QLinearMul of the sum and the input
  ms_qadd_mul_s8   2 x 3 x 8 int8: QLinearAdd of two activations, QLinearMul
                   by a scalar constant
  ms_qgap          2 x 6 x 5 x 7 uint8 QLinearGlobalAveragePool (NCHW)
  ms_qgap_nhwc     2 x 5 x 7 x 6 int8, channels_last = 1
  ms_qgemm         3 x 16 uint8 QGemm, B [10, 16] transB, C, alpha 0.5
  ms_qgemm_float   4 x 16 int8 QGemm, per-column B scales, C [1, 10], no
                   y_scale (float output)
  ms_qgemm_bad_y   y_scale without y_zero_point (rejected)
ONNX Runtime quantize_static, QOperator format (needs onnxruntime):
  qop_cnn_u8       N x 3 x 8 x 8: conv+relu, conv, residual add, mul by a
                   per-channel constant, global average pool, flatten, gemm
                   -> N x 6; MinMax, per-tensor, uint8 activations
  qop_cnn_s8       the same, int8 activations
ONNX Runtime quantize_dynamic (needs onnxruntime): DynamicQuantizeLinear ->
MatMulInteger / ConvInteger with the computed x zero point -> Cast -> Mul:
  qdyn_matmul_u8     4 x 16 MatMul (uint8 weights) + Add bias -> 4 x 10
  qdyn_matmul_s8_pc  the same, int8 per-column weights
  qdyn_conv_u8       1 x 3 x 7 x 7 Conv 3 -> 5, 3x3, pads 1, strides 2, bias,
                     Relu; uint8 weights
Models that must be rejected:
  unsupported  three ops the importer does not handle (Erf, LRN and a custom
               com.example op) among supported ones
  bad_checker  a node reads a tensor nobody produces (the ONNX checker fails)
  opset18      a Relu model declaring ai.onnx opset 18

Usage: python3 scripts/gen_onnx_fixtures.py [--out-dir DIR] [--only a,b]
"""

import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "test", "Frontend", "ONNX", "Inputs")
F = TensorProto.FLOAT


def init(name, arr):
    arr = np.asarray(arr)
    if arr.dtype == np.float64:
        arr = arr.astype(np.float32)
    return onnx.numpy_helper.from_array(arr, name)


def he(rng, shape, fan_in):
    return (rng.standard_normal(shape) * np.sqrt(2.0 / fan_in)).astype(
        np.float32)


def model(nodes, inputs, outputs, inits, opset=13, check=True,
          extra_opsets=()):
    g = helper.make_graph(nodes, "g", inputs, outputs, initializer=inits)
    opsets = [helper.make_opsetid("", opset)]
    opsets += [helper.make_opsetid(d, v) for d, v in extra_opsets]
    m = helper.make_model(g, opset_imports=opsets,
                          producer_name="gen_onnx_fixtures")
    m.ir_version = 8
    if check:
        onnx.checker.check_model(m)
    return m


def vi(name, shape):
    return helper.make_tensor_value_info(name, F, shape)


def bn_params(rng, prefix, c):
    return [init(prefix + ".scale", rng.uniform(0.5, 1.5, c)),
            init(prefix + ".bias", rng.uniform(-0.2, 0.2, c)),
            init(prefix + ".mean", rng.uniform(-0.2, 0.2, c)),
            init(prefix + ".var", rng.uniform(0.5, 2.0, c))]


def cnn():
    rng = np.random.RandomState(1)
    inits = [init("conv1.weight", he(rng, (8, 3, 3, 3), 27)),
             init("conv1.bias", rng.uniform(-0.1, 0.1, 8)),
             *bn_params(rng, "bn1", 8),
             init("conv2.weight", he(rng, (16, 8, 3, 3), 72)),
             *bn_params(rng, "bn2", 16),
             init("fc1.weight", he(rng, (32, 256), 256)),
             init("fc1.bias", rng.uniform(-0.1, 0.1, 32)),
             init("fc2.weight", he(rng, (10, 32), 32)),
             init("fc2.bias", rng.uniform(-0.1, 0.1, 10))]
    bn = lambda p, x, y: helper.make_node(  # noqa: E731
        "BatchNormalization", [x, p + ".scale", p + ".bias", p + ".mean",
                               p + ".var"], [y], name=p, epsilon=1e-5)
    nodes = [
        helper.make_node("Conv", ["input", "conv1.weight", "conv1.bias"],
                         ["c1"], name="conv1", kernel_shape=[3, 3],
                         pads=[1, 1, 1, 1]),
        bn("bn1", "c1", "b1"),
        helper.make_node("Relu", ["b1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1",
                         kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Conv", ["p1", "conv2.weight"], ["c2"], name="conv2",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                         strides=[2, 2]),
        bn("bn2", "c2", "b2"),
        helper.make_node("Relu", ["b2"], ["r2"], name="relu2"),
        helper.make_node("Flatten", ["r2"], ["f"], name="flatten", axis=1),
        helper.make_node("Gemm", ["f", "fc1.weight", "fc1.bias"], ["g1"],
                         name="fc1", transB=1),
        helper.make_node("Relu", ["g1"], ["r3"], name="relu3"),
        helper.make_node("Gemm", ["r3", "fc2.weight", "fc2.bias"], ["logits"],
                         name="fc2", transB=1),
    ]
    return model(nodes, [vi("input", ["N", 3, 16, 16])],
                 [vi("logits", ["N", 10])], inits)


def dwconcat():
    rng = np.random.RandomState(2)
    inits = [init("dw.weight", he(rng, (8, 1, 3, 3), 9)),
             init("dw.bias", rng.uniform(-0.1, 0.1, 8)),
             init("pw.weight", he(rng, (8, 8, 1, 1), 8)),
             init("pw.bias", rng.uniform(-0.1, 0.1, 8)),
             init("gc.weight", he(rng, (8, 4, 3, 3), 36)),
             init("gc.bias", rng.uniform(-0.1, 0.1, 8)),
             init("shift", rng.uniform(-0.5, 0.5, (8, 1, 1))),
             init("gain", rng.uniform(0.5, 2.0, (1, 8, 1, 1)))]
    nodes = [
        helper.make_node("Conv", ["x", "dw.weight", "dw.bias"], ["d"],
                         name="dw", group=8, kernel_shape=[3, 3],
                         pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["d"], ["dr"], name="dw_relu"),
        helper.make_node("Conv", ["x", "pw.weight", "pw.bias"], ["p"],
                         name="pw"),
        helper.make_node("Concat", ["dr", "p"], ["cat"], name="cat", axis=1),
        helper.make_node("Conv", ["cat", "gc.weight", "gc.bias"], ["gcv"],
                         name="gconv", group=4, kernel_shape=[3, 3],
                         pads=[2, 2, 2, 2], dilations=[2, 2]),
        helper.make_node("AveragePool", ["gcv"], ["ap"], name="avgpool",
                         kernel_shape=[3, 3], strides=[2, 2],
                         pads=[1, 1, 1, 1]),
        helper.make_node("Add", ["ap", "shift"], ["sh"], name="add_shift"),
        helper.make_node("Mul", ["sh", "gain"], ["ga"], name="mul_gain"),
        helper.make_node("Sigmoid", ["ga"], ["y"], name="sigmoid"),
    ]
    return model(nodes, [vi("x", [1, 8, 10, 10])], [vi("y", [1, 8, 5, 5])],
                 inits)


def single(op, in_shape, out_shape, inits=(), inputs_extra=(), opset=13,
           name=None, **attrs):
    node = helper.make_node(op, ["x", *inputs_extra], ["y"], name=name or op,
                            **attrs)
    return model([node], [vi("x", in_shape)], [vi("y", out_shape)],
                 list(inits), opset=opset)


def ops_models():
    rng = np.random.RandomState(3)
    m = {}
    m["ops_gemm"] = single(
        "Gemm", [6, 5], [6, 4],
        inits=[init("B", rng.standard_normal((5, 4))),
               init("C", rng.standard_normal((4,)))],
        inputs_extra=["B", "C"], alpha=0.5, beta=2.0)
    m["ops_gemm_transa"] = single(
        "Gemm", [5, 6], [6, 3],
        inits=[init("B", rng.standard_normal((3, 5))),
               init("C", rng.standard_normal((6, 1)))],
        inputs_extra=["B", "C"], transA=1, transB=1)
    m["ops_matmul3d"] = single(
        "MatMul", [2, 3, 5], [2, 3, 4],
        inits=[init("B", rng.standard_normal((5, 4)))], inputs_extra=["B"])
    m["ops_clip"] = single(
        "Clip", [2, 3, 4, 4], [2, 3, 4, 4],
        inits=[init("lo", np.array(-0.5, np.float32)),
               init("hi", np.array(0.7, np.float32))],
        inputs_extra=["lo", "hi"])
    m["ops_tanh"] = single("Tanh", [3, 7], [3, 7])
    m["ops_leakyrelu"] = single("LeakyRelu", [2, 9], [2, 9], alpha=0.1)
    m["ops_hardswish"] = single("HardSwish", [1, 2, 3, 5], [1, 2, 3, 5],
                                opset=14)
    m["ops_maxpool_ceil"] = single(
        "MaxPool", [1, 3, 10, 10], [1, 3, 5, 5], kernel_shape=[3, 3],
        strides=[2, 2], ceil_mode=1)
    m["ops_avgpool_incpad"] = single(
        "AveragePool", [1, 2, 7, 7], [1, 2, 4, 4], kernel_shape=[3, 3],
        strides=[2, 2], pads=[1, 1, 1, 1], count_include_pad=1)
    m["ops_conv_same"] = single(
        "Conv", [1, 3, 9, 9], [1, 4, 5, 5],
        inits=[init("W", he(rng, (4, 3, 3, 3), 27))], inputs_extra=["W"],
        auto_pad="SAME_UPPER", strides=[2, 2])
    m["ops_conv_crop"] = single(
        "Conv", [1, 2, 10, 10], [1, 3, 4, 3],
        inits=[init("W", he(rng, (3, 2, 3, 3), 18))], inputs_extra=["W"],
        strides=[3, 3], pads=[1, 0, 2, 1])
    m["ops_softmax"] = single("Softmax", [2, 3, 4, 5], [2, 3, 4, 5], axis=1)
    m["ops_softmax11"] = single("Softmax", [2, 3, 4], [2, 3, 4], opset=11,
                                axis=1)
    m["ops_gap"] = single("GlobalAveragePool", [2, 5, 6, 7], [2, 5, 1, 1])
    # A 1x1 conv (NHWC inside), then Pad with a constant value and Slice
    # with negative / out-of-range indices, in that layout.
    inits = [init("W", he(rng, (4, 3, 1, 1), 3)),
             init("pads", np.array([0, 0, 1, 2, 0, 0, 2, 1], np.int64)),
             init("value", np.array(0.5, np.float32)),
             init("starts", np.array([1, 2], np.int64)),
             init("ends", np.array([-1, 100], np.int64)),
             init("axes", np.array([2, 3], np.int64))]
    nodes = [
        helper.make_node("Conv", ["x", "W"], ["c"], name="conv"),
        helper.make_node("Pad", ["c", "pads", "value"], ["p"], name="pad"),
        helper.make_node("Slice", ["p", "starts", "ends", "axes"], ["y"],
                         name="slice"),
    ]
    m["ops_pad_slice"] = model(nodes, [vi("x", [1, 3, 6, 6])],
                               [vi("y", [1, 4, 7, 7])], inits)
    # Standalone BatchNormalization (after an input: not folded), then the
    # NHWC result goes through Transpose + Reshape + Div + Sub.
    c = 4
    inits = [init("s", rng.uniform(0.5, 1.5, c)),
             init("b", rng.uniform(-0.2, 0.2, c)),
             init("mu", rng.uniform(-0.2, 0.2, c)),
             init("var", rng.uniform(0.5, 2.0, c)),
             init("shape", np.array([2, -1, 4], np.int64)),
             init("den", rng.uniform(1.0, 2.0, (4,))),
             init("off", rng.uniform(-1.0, 1.0, (1, 1, 4)))]
    nodes = [
        helper.make_node("BatchNormalization", ["x", "s", "b", "mu", "var"],
                         ["bn"], name="bn"),
        helper.make_node("Transpose", ["bn"], ["t"], name="transpose",
                         perm=[0, 2, 3, 1]),
        helper.make_node("Reshape", ["t", "shape"], ["r"], name="reshape"),
        helper.make_node("Div", ["r", "den"], ["dv"], name="div"),
        helper.make_node("Sub", ["off", "dv"], ["y"], name="sub"),
    ]
    m["ops_bn_layout"] = model(nodes, [vi("x", [2, c, 3, 5])],
                               [vi("y", [2, 15, 4])], inits)
    return m


def qdq():
    rng = np.random.RandomState(4)
    w = rng.standard_normal((6, 4, 3, 3)).astype(np.float32) * 0.3
    wscale = (np.abs(w).reshape(6, -1).max(axis=1) / 127).astype(np.float32)
    wq = np.clip(np.rint(w / wscale[:, None, None, None]), -127, 127)
    inits = [init("x.scale", np.array(0.03, np.float32)),
             init("x.zp", np.array(0, np.int8)),
             init("w.q", wq.astype(np.int8)),
             init("w.scale", wscale),
             init("w.zp", np.zeros(6, np.int8)),
             init("conv.bias", rng.uniform(-0.1, 0.1, 6)),
             init("y.scale", np.array(0.02, np.float32)),
             init("y.zp", np.array(0, np.uint8))]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x.scale", "x.zp"], ["xq"],
                         name="x_quant"),
        helper.make_node("DequantizeLinear", ["xq", "x.scale", "x.zp"],
                         ["xd"], name="x_dequant"),
        helper.make_node("DequantizeLinear", ["w.q", "w.scale", "w.zp"],
                         ["w"], name="w_dequant", axis=0),
        helper.make_node("Conv", ["xd", "w", "conv.bias"], ["c"], name="conv",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("QuantizeLinear", ["r", "y.scale", "y.zp"], ["rq"],
                         name="y_quant"),
        helper.make_node("Flatten", ["rq"], ["fq"], name="flatten"),
        helper.make_node("DequantizeLinear", ["fq", "y.scale", "y.zp"], ["y"],
                         name="y_dequant"),
    ]
    return model(nodes, [vi("x", [1, 4, 6, 6])], [vi("y", [1, 216])], inits)


def _q(name, inp, out, scale, zp, dtype):
    """A QuantizeLinear node and its initializers."""
    return ([helper.make_node("QuantizeLinear", [inp, name + "_s", name + "_zp"],
                              [out], name=name)],
            [init(name + "_s", np.float32(scale)),
             init(name + "_zp", np.array(zp, dtype=dtype))])


def _dq(name, inp, out, scale, zp, dtype):
    return ([helper.make_node("DequantizeLinear",
                              [inp, name + "_s", name + "_zp"], [out],
                              name=name)],
            [init(name + "_s", np.float32(scale)),
             init(name + "_zp", np.array(zp, dtype=dtype))])


def _qlinear(op, seed, x_shape, y_shape, x_par, w, w_par, y_par, bias=None,
             **attrs):
    """x -> QuantizeLinear -> op (QLinearConv / QLinearMatMul) ->
    DequantizeLinear -> y. x_par / y_par: (scale, zp, dtype); w_par:
    (scales, zps) arrays."""
    qn, qi = _q("x_quant", "x", "xq", *x_par)
    dn, di = _dq("y_dequant", "yq", "y", *y_par)
    ins = ["xq", "x_quant_s", "x_quant_zp", "w", "w_s", "w_zp", "y_s", "y_zp"]
    inits = qi + di + [
        init("w", w), init("w_s", np.asarray(w_par[0], np.float32)),
        init("w_zp", np.asarray(w_par[1], w.dtype)),
        init("y_s", np.float32(y_par[0])),
        init("y_zp", np.array(y_par[1], dtype=y_par[2]))]
    if bias is not None:
        ins.append("b")
        inits.append(init("b", bias.astype(np.int32)))
    node = helper.make_node(op, ins, ["yq"], name=op.lower(), **attrs)
    return model(qn + [node] + dn, [vi("x", x_shape)], [vi("y", y_shape)],
                 inits)


def qlinear_models():
    m = {}
    rng = np.random.RandomState(61)
    w = rng.randint(-127, 128, size=(8, 4, 3, 3)).astype(np.int8)
    m["qlinear_conv_u8"] = _qlinear(
        "QLinearConv", 61, [1, 4, 9, 9], [1, 8, 5, 5],
        (0.02, 128, np.uint8), w, (np.float32(0.004), np.int8(0)),
        (0.05, 100, np.uint8), bias=rng.randint(-2000, 2000, size=8),
        pads=[1, 1, 1, 1], strides=[2, 2])
    rng = np.random.RandomState(62)
    w = rng.randint(-127, 128, size=(6, 3, 3, 3)).astype(np.int8)
    m["qlinear_conv_s8_pc"] = _qlinear(
        "QLinearConv", 62, [1, 6, 8, 8], [1, 6, 9, 4],
        (0.03, -5, np.int8), w,
        (rng.uniform(0.002, 0.01, size=6).astype(np.float32),
         np.zeros(6, np.int8)),
        (0.04, 3, np.int8), bias=rng.randint(-3000, 3000, size=6),
        pads=[1, 0, 2, 1], strides=[1, 2], group=2)
    rng = np.random.RandomState(63)
    w = rng.randint(0, 256, size=(8, 1, 3, 3)).astype(np.uint8)
    m["qlinear_conv_u8u8"] = _qlinear(
        "QLinearConv", 63, [1, 4, 8, 8], [1, 8, 8, 8],
        (0.025, 120, np.uint8), w, (np.float32(0.006), np.uint8(119)),
        (0.03, 90, np.uint8), group=4, dilations=[2, 2],
        pads=[2, 2, 2, 2])
    # Rejected: per-channel weight zero points that differ.
    m["qlinear_conv_bad_wzp"] = _qlinear(
        "QLinearConv", 61, [1, 4, 9, 9], [1, 2, 7, 7],
        (0.02, 128, np.uint8), np.ones((2, 4, 3, 3), np.int8),
        (np.full(2, 0.004, np.float32), np.array([0, 1], np.int8)),
        (0.05, 100, np.uint8))
    rng = np.random.RandomState(64)
    b = rng.randint(-127, 128, size=(16, 10)).astype(np.int8)
    m["qlinear_matmul"] = _qlinear(
        "QLinearMatMul", 64, [2, 3, 16], [2, 3, 10],
        (0.02, 128, np.uint8), b, (np.float32(0.005), np.int8(0)),
        (0.06, 120, np.uint8))
    rng = np.random.RandomState(65)
    b = rng.randint(-127, 128, size=(16, 10)).astype(np.int8)
    m["qlinear_matmul_s8"] = _qlinear(
        "QLinearMatMul", 65, [4, 16], [4, 10],
        (0.03, 2, np.int8), b,
        (rng.uniform(0.002, 0.01, size=10).astype(np.float32),
         np.zeros(10, np.int8)),
        (0.07, -3, np.int8))
    rng = np.random.RandomState(66)
    qn, qi = _q("x_quant", "x", "xq", 0.02, 128, np.uint8)
    b = rng.randint(-127, 128, size=(16, 10)).astype(np.int8)
    node = helper.make_node("MatMulInteger", ["xq", "b", "a_zp", "b_zp"],
                            ["y"], name="matmulinteger")
    m["matmul_integer"] = model(
        qn + [node], [vi("x", [4, 16])],
        [helper.make_tensor_value_info("y", TensorProto.INT32, [4, 10])],
        qi + [init("b", b), init("a_zp", np.array(128, np.uint8)),
              init("b_zp", np.array(0, np.int8))])
    rng = np.random.RandomState(67)
    qn, qi = _q("x_quant", "x", "xq", 0.02, 131, np.uint8)
    w = rng.randint(0, 256, size=(5, 3, 3, 3)).astype(np.uint8)
    node = helper.make_node("ConvInteger", ["xq", "w", "x_zp", "w_zp"],
                            ["y"], name="convinteger", pads=[1, 1, 1, 1])
    m["conv_integer"] = model(
        qn + [node], [vi("x", [1, 3, 6, 6])],
        [helper.make_tensor_value_info("y", TensorProto.INT32,
                                       [1, 5, 6, 6])],
        qi + [init("w", w), init("x_zp", np.array(131, np.uint8)),
              init("w_zp", np.array(127, np.uint8))])
    return m


def _calibration_reader(shape, seed):
    """ORT calibration data: 16 seeded N(0, 1) inputs of `shape`."""
    from onnxruntime.quantization import CalibrationDataReader

    class Reader(CalibrationDataReader):
        def __init__(self):
            rng = np.random.RandomState(seed)
            self.data = [{"input": rng.standard_normal(shape).astype(
                np.float32)} for _ in range(16)]

        def get_next(self):
            return self.data.pop(0) if self.data else None

    return Reader()


def _ort_quantized(tmp, name, float_model, quantize, tool="quantize_static",
                   edit=None):
    """`quantize(src, dst)` (an onnxruntime.quantization call) of
    `float_model` saved in `tmp`; the result, edited by `edit`, as IR 8 and
    checked."""
    src = os.path.join(tmp, name + ".float.onnx")
    dst = os.path.join(tmp, name + ".onnx")
    onnx.save(float_model, src)
    quantize(src, dst)
    m = onnx.load(dst)
    if edit:
        edit(m)
    m.ir_version = 8
    m.producer_name = "gen_onnx_fixtures (onnxruntime %s)" % tool
    onnx.checker.check_model(m)
    return m


def _conv_inits(rng, prefix, shape):
    """He-initialised conv / gemm weight `<prefix>.w` of `shape` and a small
    bias `<prefix>.b` (drawn in that order)."""
    return [init(prefix + ".w", he(rng, shape, int(np.prod(shape[1:])))),
            init(prefix + ".b", rng.uniform(-0.1, 0.1, shape[0]))]


def _conv_relu(inp, prefix, out, conv_name, relu_name, **attrs):
    """Conv(inp, <prefix>.w, <prefix>.b) -> a<out> -> Relu -> r<out>."""
    mk = helper.make_node
    return [mk("Conv", [inp, prefix + ".w", prefix + ".b"], ["a" + out],
               name=conv_name, **attrs),
            mk("Relu", ["a" + out], ["r" + out], name=relu_name)]


def _qdq_float_cnn():
    rng = np.random.RandomState(11)
    inits = (_conv_inits(rng, "c1", (8, 3, 3, 3)) +
             _conv_inits(rng, "c2", (8, 8, 3, 3)) +
             _conv_inits(rng, "c3", (16, 8, 3, 3)) +
             _conv_inits(rng, "fc", (10, 64)))
    mk = helper.make_node
    k3 = dict(kernel_shape=[3, 3], pads=[1, 1, 1, 1])
    nodes = _conv_relu("input", "c1", "1", "conv1", "relu1", **k3) + \
        _conv_relu("r1", "c2", "2", "conv2", "relu2", **k3) + [
        mk("Add", ["r1", "r2"], ["s"], name="add"),
        mk("MaxPool", ["s"], ["p1"], name="pool1", kernel_shape=[2, 2],
           strides=[2, 2])] + \
        _conv_relu("p1", "c3", "3", "conv3", "relu3", strides=[2, 2], **k3) + [
        mk("AveragePool", ["r3"], ["p2"], name="pool2", kernel_shape=[2, 2],
           strides=[2, 2]),
        mk("Flatten", ["p2"], ["f"], name="flatten", axis=1),
        mk("Gemm", ["f", "fc.w", "fc.b"], ["logits"], name="fc", transB=1),
    ]
    return model(nodes, [vi("input", ["N", 3, 16, 16])],
                 [vi("logits", ["N", 10])], inits)


def _qdq_float_cnn2():
    rng = np.random.RandomState(12)
    inits = (_conv_inits(rng, "c1", (8, 4, 3, 3)) +
             _conv_inits(rng, "dw", (8, 1, 3, 3)) +
             _conv_inits(rng, "c2", (12, 16, 1, 1)) +
             [init("shape", np.array([-1, 12], np.int64)),
              init("mm.w", he(rng, (12, 6), 12)),
              init("zero", np.array(0.0, np.float32)),
              init("six", np.array(6.0, np.float32))])
    mk = helper.make_node
    nodes = _conv_relu("input", "c1", "1", "conv1", "relu1",
                       kernel_shape=[3, 3], pads=[1, 1, 1, 1]) + [
        mk("Conv", ["r1", "dw.w", "dw.b"], ["a2"], name="dwconv",
           kernel_shape=[3, 3], pads=[1, 1, 1, 1], group=8),
        mk("Clip", ["a2", "zero", "six"], ["r2"], name="relu6"),
        mk("Mul", ["r1", "r2"], ["m"], name="mul"),
        mk("Concat", ["m", "r2"], ["cat"], name="concat", axis=1),
        mk("Conv", ["cat", "c2.w", "c2.b"], ["a3"], name="conv2",
           kernel_shape=[1, 1]),
        mk("GlobalAveragePool", ["a3"], ["g"], name="gap"),
        mk("Reshape", ["g", "shape"], ["flat"], name="reshape"),
        mk("MatMul", ["flat", "mm.w"], ["out"], name="matmul"),
    ]
    return model(nodes, [vi("input", ["N", 4, 8, 8])], [vi("out", ["N", 6])],
                 inits)


def qdq_static_models():
    """ONNX Runtime's quantize_static (QDQ) of the float CNNs above."""
    import tempfile

    from onnxruntime.quantization import (CalibrationMethod, QuantFormat,
                                          QuantType, quantize_static)

    configs = {
        "qdq_cnn_minmax": (_qdq_float_cnn, CalibrationMethod.MinMax, False,
                           QuantType.QInt8, {}),
        "qdq_cnn_entropy_pc": (_qdq_float_cnn, CalibrationMethod.Entropy,
                               True, QuantType.QInt8,
                               {"ActivationSymmetric": True}),
        "qdq_cnn_u8_pc": (_qdq_float_cnn, CalibrationMethod.Percentile, True,
                          QuantType.QUInt8, {"CalibPercentile": 99.9}),
        "qdq_cnn2_pc": (_qdq_float_cnn2, CalibrationMethod.MinMax, True,
                        QuantType.QInt8, {}),
    }
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (build, method, per_channel, act, extra) in configs.items():
            fm = build()
            shape = [d.dim_value or 1 for d in
                     fm.graph.input[0].type.tensor_type.shape.dim]
            out[name] = _ort_quantized(tmp, name, fm, lambda src, dst: quantize_static(
                src, dst, _calibration_reader(shape, 3),
                quant_format=QuantFormat.QDQ, per_channel=per_channel,
                activation_type=act, weight_type=QuantType.QInt8,
                calibrate_method=method, extra_options=extra))
    return out


def _qdq_float_ops():
    """Grouped conv, Sub, Sigmoid, Tanh, LeakyRelu, HardSwish (QDQ ops)."""
    rng = np.random.RandomState(13)
    inits = (_conv_inits(rng, "c1", (8, 4, 3, 3)) +
             _conv_inits(rng, "g", (8, 2, 3, 3)) +
             _conv_inits(rng, "fc", (6, 8)))
    mk = helper.make_node
    nodes = _conv_relu("input", "c1", "1", "conv1", "relu1",
                       kernel_shape=[3, 3], pads=[1, 1, 1, 1]) + [
        mk("Conv", ["r1", "g.w", "g.b"], ["a2"], name="gconv",
           kernel_shape=[3, 3], pads=[1, 1, 1, 1], group=4),
        mk("Sigmoid", ["a2"], ["sg"], name="sigmoid"),
        mk("Tanh", ["a2"], ["th"], name="tanh"),
        mk("Sub", ["sg", "th"], ["d"], name="sub"),
        mk("LeakyRelu", ["d"], ["lr"], name="leaky", alpha=0.1),
        mk("HardSwish", ["a1"], ["hs"], name="hswish"),
        mk("Sub", ["hs", "lr"], ["s"], name="sub2"),
        mk("GlobalAveragePool", ["s"], ["gp"], name="gap"),
        mk("Flatten", ["gp"], ["f"], name="flatten", axis=1),
        mk("Gemm", ["f", "fc.w", "fc.b"], ["out"], name="fc", transB=1),
    ]
    return model(nodes, [vi("input", ["N", 4, 8, 8])], [vi("out", ["N", 6])],
                 inits, opset=14)


def _shift_weight_zero_points(m, names):
    """Per-channel weights (ORT writes one zero point for every channel,
    128 for uint8, 0 for int8): q + d and zp + d per channel, d in -3 ... 3
    where q + d fits,
    so the dequantized weights (and ORT's result) stay the same but the zero
    points differ per channel."""
    inits = {t.name: t for t in m.graph.initializer}
    for w in names:
        q = onnx.numpy_helper.to_array(inits[w + "_quantized"]).astype(
            np.int64)
        zt = onnx.numpy_helper.to_array(inits[w + "_zero_point"])
        zp = zt.astype(np.int64)
        lo, hi = np.iinfo(zt.dtype).min, np.iinfo(zt.dtype).max
        d = np.array([np.clip([3, -2, 1, -1, 2, 0, -3, 1][c % 8],
                              lo - q[c].min(), hi - q[c].max())
                      for c in range(len(zp))], np.int64)
        q = q + d.reshape((-1,) + (1,) * (q.ndim - 1))
        inits[w + "_quantized"].CopyFrom(onnx.numpy_helper.from_array(
            q.astype(zt.dtype), w + "_quantized"))
        inits[w + "_zero_point"].CopyFrom(onnx.numpy_helper.from_array(
            (zp + d).astype(zt.dtype), w + "_zero_point"))


def qdq_ops_models():
    """quantize_static (QDQ) of _qdq_float_ops: every op quantized (Sub,
    Tanh and HardSwish named explicitly: not in ORT's default lists)."""
    import tempfile

    from onnxruntime.quantization import (CalibrationMethod, QuantFormat,
                                          QuantType, quantize_static)

    ops = ["Conv", "Relu", "Sigmoid", "Tanh", "Sub", "LeakyRelu",
           "HardSwish", "GlobalAveragePool", "Flatten", "Gemm"]
    configs = {"qdq_ops_minmax": (_qdq_float_ops, False, QuantType.QInt8,
                                  QuantType.QInt8),
               "qdq_ops_u8_pc": (_qdq_float_ops, True, QuantType.QUInt8,
                                 QuantType.QInt8),
               "qdq_ops_zpmix": (_qdq_float_ops, True, QuantType.QUInt8,
                                 QuantType.QUInt8),
               "qdq_cnn2_zpmix": (_qdq_float_cnn2, True, QuantType.QInt8,
                                  QuantType.QInt8)}
    shifted = {"qdq_ops_zpmix": ["c1.w", "g.w", "fc.w"],
               "qdq_cnn2_zpmix": ["dw.w", "c2.w"]}
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (build, per_channel, act, wt) in configs.items():
            out[name] = _ort_quantized(
                tmp, name, build(), lambda src, dst: quantize_static(
                    src, dst, _calibration_reader((1, 4, 8, 8), 4),
                    quant_format=QuantFormat.QDQ,
                    op_types_to_quantize=(
                        ops if build is _qdq_float_ops else None),
                    per_channel=per_channel, activation_type=act,
                    weight_type=wt,
                    calibrate_method=CalibrationMethod.MinMax),
                edit=(lambda m: _shift_weight_zero_points(m, shifted[name]))
                if name in shifted else None)
    return out


def qdq_pointwise_models():
    """x -> QuantizeLinear -> DequantizeLinear -> op -> QuantizeLinear ->
    DequantizeLinear -> y for the pointwise ops qnn-fuse-qdq turns into
    table lookups (Sigmoid, Tanh, LeakyRelu, HardSigmoid, HardSwish), int8
    and uint8 grids, and Sub of two grids (each half of x on its own grid)."""
    i8, u8 = np.int8, np.uint8
    m = {}
    unary = {
        # name: (op, attrs, opset, x grid, y grid)
        "qdq_sigmoid": ("Sigmoid", {}, 13, (0.02, 3, i8), (1 / 256, -128, i8)),
        "qdq_tanh_u8": ("Tanh", {}, 13, (0.015, 120, u8), (2 / 255, 128, u8)),
        "qdq_leakyrelu": ("LeakyRelu", {"alpha": 0.1}, 13, (0.02, -10, i8),
                          (0.0125, -100, i8)),
        "qdq_hardsigmoid_u8": ("HardSigmoid", {}, 13, (0.025, 128, u8),
                               (1 / 255, 0, u8)),
        "qdq_hardswish": ("HardSwish", {}, 14, (0.02, 0, i8),
                          (0.011, -90, i8)),
    }
    for name, (op, attrs, opset, xg, yg) in unary.items():
        qn, qi = _q("x_quant", "x", "xq", *xg)
        dn, di = _dq("x_dequant", "xq", "xd", *xg)
        yqn, yqi = _q("y_quant", "f", "yq", *yg)
        ydn, ydi = _dq("y_dequant", "yq", "y", *yg)
        nodes = qn + dn + [helper.make_node(op, ["xd"], ["f"], name=name[4:],
                                            **attrs)] + yqn + ydn
        m[name] = model(nodes, [vi("x", ["N", 512])], [vi("y", ["N", 512])],
                        qi + di + yqi + ydi, opset=opset)
    subs = {"qdq_sub": ((0.02, -5, i8), (0.015, 7, i8), (0.03, 2, i8)),
            "qdq_sub_u8": ((0.02, 130, u8), (0.025, 100, u8),
                           (0.035, 120, u8))}
    for name, (ag, bg, yg) in subs.items():
        nodes, inits = [], [init("h0", np.array([0], np.int64)),
                            init("h1", np.array([256], np.int64)),
                            init("h2", np.array([512], np.int64)),
                            init("ax", np.array([1], np.int64))]
        nodes += [helper.make_node("Slice", ["x", "h0", "h1", "ax"], ["a"],
                                   name="slice_a"),
                  helper.make_node("Slice", ["x", "h1", "h2", "ax"], ["b"],
                                   name="slice_b")]
        for part, (src, g) in {"a": ("a", ag), "b": ("b", bg)}.items():
            qn, qi = _q(part + "_quant", src, part + "q", *g)
            dn, di = _dq(part + "_dequant", part + "q", part + "d", *g)
            nodes += qn + dn
            inits += qi + di
        nodes.append(helper.make_node("Sub", ["ad", "bd"], ["f"], name="sub"))
        yqn, yqi = _q("y_quant", "f", "yq", *yg)
        ydn, ydi = _dq("y_dequant", "yq", "y", *yg)
        m[name] = model(nodes + yqn + ydn, [vi("x", ["N", 512])],
                        [vi("y", ["N", 256])], inits + yqi + ydi)
    return m


def convtranspose_models():
    rng = np.random.RandomState(31)
    m = {}
    w = rng.standard_normal((3, 4, 3, 3)).astype(np.float32) * 0.3
    b = rng.uniform(-0.5, 0.5, 4).astype(np.float32)
    node = helper.make_node("ConvTranspose", ["x", "w", "b"], ["y"],
                            name="deconv", strides=[2, 2], pads=[1, 0, 1, 2],
                            output_padding=[1, 1], kernel_shape=[3, 3])
    # H: (5 - 1) * 2 + 3 + 1 - 1 - 1 = 10; W: 8 + 3 + 1 - 0 - 2 = 10
    m["convtranspose"] = model([node], [vi("x", [1, 3, 5, 5])],
                               [vi("y", [1, 4, 10, 10])],
                               [init("w", w), init("b", b)])
    w2 = rng.standard_normal((4, 2, 2, 3)).astype(np.float32) * 0.3
    nodes = [helper.make_node("ConvTranspose", ["x", "w"], ["t"],
                              name="deconv"),
             helper.make_node("Relu", ["t"], ["y"], name="relu")]
    m["convtranspose_s1"] = model(nodes, [vi("x", [1, 4, 6, 6])],
                                  [vi("y", [1, 2, 7, 8])], [init("w", w2)])
    w3 = rng.standard_normal((2, 3, 3, 3)).astype(np.float32) * 0.3
    b3 = rng.uniform(-0.5, 0.5, 3).astype(np.float32)
    node = helper.make_node("ConvTranspose", ["x", "w", "b"], ["y"],
                            name="deconv", strides=[2, 2],
                            output_padding=[1, 0])
    m["convtranspose_opad"] = model([node], [vi("x", [1, 2, 4, 4])],
                                    [vi("y", [1, 3, 10, 9])],
                                    [init("w", w3), init("b", b3)])
    return m


def _external(t, location, offset, length):
    t.ClearField("raw_data")
    t.data_location = TensorProto.EXTERNAL
    for k, v in (("location", location), ("offset", str(offset)),
                 ("length", str(length))):
        e = t.external_data.add()
        e.key, e.value = k, v


def external_data_models():
    """Gemm models whose initializers live in ext_data.bin (written too)."""
    rng = np.random.RandomState(21)
    w = rng.standard_normal((4, 8)).astype(np.float32)
    b = rng.standard_normal(4).astype(np.float32)
    blob = w.tobytes() + b.tobytes()
    out = {}
    for name, loc, boff in (("ext_data", "ext_data.bin", 128),
                            ("ext_missing", "missing.bin", 128),
                            ("ext_short", "ext_data.bin", 136)):
        wt, bt = init("w", w), init("b", b)
        _external(wt, loc, 0, 128)
        _external(bt, loc, boff, 16)
        nodes = [helper.make_node("Gemm", ["x", "w", "b"], ["g"], name="fc",
                                  transB=1),
                 helper.make_node("Relu", ["g"], ["y"], name="relu")]
        out[name] = model(nodes, [vi("x", [2, 8])], [vi("y", [2, 4])],
                          [wt, bt], check=False)
    return out, {"ext_data.bin": blob}


def dql_models():
    """DynamicQuantizeLinear: y (uint8), y_scale, y_zero_point as outputs."""
    U8 = onnx.TensorProto.UINT8
    outs = lambda s: [helper.make_tensor_value_info("y", U8, s),  # noqa: E731
                    helper.make_tensor_value_info("y_scale", F, []),
                    helper.make_tensor_value_info("y_zero_point", U8, [])]
    m = {}
    m["dql"] = model(
        [helper.make_node("DynamicQuantizeLinear", ["x"],
                          ["y", "y_scale", "y_zero_point"], name="dql")],
        [vi("x", [2, 3, 4, 5])], outs([2, 3, 4, 5]), [])
    # After a ReLU: min(x) = 0, zero point 0.
    m["dql_relu"] = model(
        [helper.make_node("Relu", ["x"], ["r"], name="relu"),
         helper.make_node("DynamicQuantizeLinear", ["r"],
                          ["y", "y_scale", "y_zero_point"], name="dql")],
        [vi("x", [1, 3, 8, 8])], outs([1, 3, 8, 8]), [])
    return m


def dynamic_batch_models():
    """Symbolic batch N imported without --batch (dynamic `?`), and two
    models that cannot be: DynamicQuantizeLinear over the whole tensor, a
    symbolic dimension other than 0."""
    rng = np.random.RandomState(11)
    inits = [init("conv.weight", he(rng, (6, 2, 3, 3), 18)),
             init("conv.bias", rng.uniform(-0.1, 0.1, 6)),
             init("shape", np.array([0, -1], dtype=np.int64)),
             init("fc.weight", he(rng, (96, 5), 96)),
             init("fc.bias", rng.uniform(-0.1, 0.1, 5))]
    nodes = [
        helper.make_node("Conv", ["input", "conv.weight", "conv.bias"], ["c"],
                         name="conv", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c"], ["r"], name="relu"),
        helper.make_node("MaxPool", ["r"], ["p"], name="pool",
                         kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Reshape", ["p", "shape"], ["f"], name="reshape"),
        helper.make_node("Gemm", ["f", "fc.weight", "fc.bias"], ["g"],
                         name="fc"),
        helper.make_node("Softmax", ["g"], ["probs"], name="softmax",
                         axis=1),
    ]
    m = {"dyn_cnn": model(nodes, [vi("input", ["batch", 2, 8, 8])],
                          [vi("probs", ["batch", 5])], inits)}
    U8 = onnx.TensorProto.UINT8
    m["dyn_dql"] = model(
        [helper.make_node("DynamicQuantizeLinear", ["x"],
                          ["y", "y_scale", "y_zero_point"], name="dql")],
        [vi("x", ["N", 4])],
        [helper.make_tensor_value_info("y", U8, ["N", 4]),
         helper.make_tensor_value_info("y_scale", F, []),
         helper.make_tensor_value_info("y_zero_point", U8, [])], [])
    m["dyn_hw"] = model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                        [vi("x", ["N", 3, "H", 4])],
                        [vi("y", ["N", 3, "H", 4])], [])
    return m


# ---- com.microsoft quantized ops (engineer E) ------------------------------

MS = "com.microsoft"


def _ms_node(op, ins, outs, name, **attrs):
    return helper.make_node(op, ins, outs, name=name, domain=MS, **attrs)


def _ms_params(prefix, scale, zp, dtype):
    return [init(prefix + "_s", np.float32(scale)),
            init(prefix + "_zp", np.array(zp, dtype=dtype))]


def _ms_model(nodes, inputs, outputs, inits):
    return model(nodes, inputs, outputs, inits, extra_opsets=[(MS, 1)])


def ms_quant_models():
    """com.microsoft QLinearAdd / QLinearMul / QLinearGlobalAveragePool /
    QGemm built with onnx.helper (float in through QuantizeLinear, float out
    through DequantizeLinear, or QGemm's float output)."""
    m = {}
    U8, S8 = np.uint8, np.int8
    # uint8: QLinearAdd with a broadcast constant [4, 1, 1], then QLinearMul
    # of that sum with the quantized input (activation x activation).
    rng = np.random.RandomState(71)
    qn, qi = _q("x_quant", "x", "xq", 0.03, 128, U8)
    dn, di = _dq("y_dequant", "mq", "y", 0.05, 110, U8)
    inits = qi + di + [init("bc", rng.randint(0, 256, (4, 1, 1)).astype(U8))]
    inits += _ms_params("b", 0.02, 120, U8) + _ms_params("a", 0.04, 100, U8)
    nodes = qn + [
        _ms_node("QLinearAdd", ["xq", "x_quant_s", "x_quant_zp", "bc", "b_s",
                                "b_zp", "a_s", "a_zp"], ["aq"], "qlinearadd"),
        _ms_node("QLinearMul", ["aq", "a_s", "a_zp", "xq", "x_quant_s",
                                "x_quant_zp", "y_dequant_s", "y_dequant_zp"],
                 ["mq"], "qlinearmul")] + dn
    m["ms_qadd_mul_u8"] = _ms_model(nodes, [vi("x", [1, 4, 5, 5])],
                                    [vi("y", [1, 4, 5, 5])], inits)
    # int8: two activations on different grids added (scales whose ratios
    # make few exact ties, see qlinear-ms.test); then QLinearMul by a
    # constant int8 scalar (rank 0 broadcast).
    q1, i1 = _q("x_quant", "x", "xq", 0.0237, -3, S8)
    q2, i2 = _q("x2_quant", "x", "xq2", 0.0413, 7, S8)
    dn, di = _dq("y_dequant", "mq", "y", 0.0617, -10, S8)
    inits = i1 + i2 + di + [init("sc", np.array(-77, S8))]
    inits += _ms_params("a", 0.0519, 2, S8) + _ms_params("c", 0.0109, 0, S8)
    nodes = q1 + q2 + [
        _ms_node("QLinearAdd", ["xq", "x_quant_s", "x_quant_zp", "xq2",
                                "x2_quant_s", "x2_quant_zp", "a_s", "a_zp"],
                 ["aq"], "qlinearadd"),
        _ms_node("QLinearMul", ["aq", "a_s", "a_zp", "sc", "c_s", "c_zp",
                                "y_dequant_s", "y_dequant_zp"], ["mq"],
                 "qlinearmul")] + dn
    m["ms_qadd_mul_s8"] = _ms_model(nodes, [vi("x", [2, 3, 8])],
                                    [vi("y", [2, 3, 8])], inits)
    # QLinearGlobalAveragePool, NCHW (channels_last 0) and NHWC (1).
    for name, shape, out, cl, dt, xp, yp in [
            ("ms_qgap", [2, 6, 5, 7], [2, 6, 1, 1], 0, U8, (0.02, 125),
             (0.011, 130)),
            ("ms_qgap_nhwc", [2, 5, 7, 6], [2, 1, 1, 6], 1, S8, (0.03, -4),
             (0.007, 3))]:
        qn, qi = _q("x_quant", "x", "xq", xp[0], xp[1], dt)
        dn, di = _dq("y_dequant", "gq", "y", yp[0], yp[1], dt)
        nodes = qn + [_ms_node(
            "QLinearGlobalAveragePool", ["xq", "x_quant_s", "x_quant_zp",
                                         "y_dequant_s", "y_dequant_zp"],
            ["gq"], "qlineargap", channels_last=cl)] + dn
        m[name] = _ms_model(nodes, [vi("x", shape)], [vi("y", out)], qi + di)
    # QGemm: uint8 A, int8 B [10, 16] with transB, int32 bias C [10],
    # alpha 0.5, uint8 y.
    rng = np.random.RandomState(73)
    qn, qi = _q("x_quant", "x", "xq", 0.02, 128, U8)
    dn, di = _dq("y_dequant", "gq", "y", 0.03, 120, U8)
    inits = qi + di + [
        init("w", rng.randint(-127, 128, (10, 16)).astype(S8)),
        init("w_s", np.float32(0.006)), init("w_zp", np.array(0, S8)),
        init("bias", rng.randint(-3000, 3000, 10).astype(np.int32))]
    nodes = qn + [_ms_node(
        "QGemm", ["xq", "x_quant_s", "x_quant_zp", "w", "w_s", "w_zp", "bias",
                  "y_dequant_s", "y_dequant_zp"], ["gq"], "qgemm",
        alpha=0.5, transB=1)] + dn
    m["ms_qgemm"] = _ms_model(nodes, [vi("x", [3, 16])], [vi("y", [3, 10])],
                              inits)
    # QGemm with a float output (no y_scale / y_zero_point): int8 A, int8 B
    # [16, 10] per-column scales, bias C [1, 10], alpha 1.
    rng = np.random.RandomState(74)
    qn, qi = _q("x_quant", "x", "xq", 0.025, -6, S8)
    inits = qi + [
        init("w", rng.randint(-127, 128, (16, 10)).astype(S8)),
        init("w_s", rng.uniform(0.002, 0.01, 10).astype(np.float32)),
        init("w_zp", np.zeros(10, S8)),
        init("bias", rng.randint(-3000, 3000, (1, 10)).astype(np.int32))]
    nodes = qn + [_ms_node(
        "QGemm", ["xq", "x_quant_s", "x_quant_zp", "w", "w_s", "w_zp",
                  "bias"], ["y"], "qgemm")]
    m["ms_qgemm_float"] = _ms_model(nodes, [vi("x", [4, 16])],
                                    [vi("y", [4, 10])], inits)
    # Rejected: y_scale without y_zero_point (neither a quantized nor a
    # float output).
    nodes = qn + [_ms_node(
        "QGemm", ["xq", "x_quant_s", "x_quant_zp", "w", "w_s", "w_zp", "",
                  "x_quant_s"], ["y"], "qgemm")]
    m["ms_qgemm_bad_y"] = _ms_model(nodes, [vi("x", [4, 16])],
                                    [vi("y", [4, 10])], inits)
    return m


def _qop_float_cnn():
    """Float model for quantize_static(QOperator): conv+relu, residual Add,
    Mul by a per-channel constant, GlobalAveragePool, Flatten, Gemm."""
    rng = np.random.RandomState(75)
    inits = (_conv_inits(rng, "c1", (8, 3, 3, 3)) +
             _conv_inits(rng, "c2", (8, 8, 3, 3)) +
             [init("m.s", rng.uniform(0.5, 1.5, (1, 8, 1, 1)))] +
             _conv_inits(rng, "fc", (6, 8)))
    nodes = [
        helper.make_node("Conv", ["input", "c1.w", "c1.b"], ["c1"],
                         name="conv1", kernel_shape=[3, 3],
                         pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
        helper.make_node("Conv", ["r1", "c2.w", "c2.b"], ["c2"], name="conv2",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Add", ["c2", "r1"], ["s"], name="add"),
        helper.make_node("Mul", ["s", "m.s"], ["ms"], name="mul"),
        helper.make_node("GlobalAveragePool", ["ms"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flatten", axis=1),
        helper.make_node("Gemm", ["f", "fc.w", "fc.b"], ["output"],
                         name="fc", transB=1),
    ]
    return model(nodes, [vi("input", ["N", 3, 8, 8])],
                 [vi("output", ["N", 6])], inits)


def qop_static_models():
    """ONNX Runtime's quantize_static in QOperator format (QLinearConv,
    QLinearAdd, QLinearMul, QLinearGlobalAveragePool, QGemm) of the float CNN
    above; MinMax calibration on 16 seeded N(0, 1) inputs."""
    import tempfile

    from onnxruntime.quantization import (CalibrationMethod, QuantFormat,
                                          QuantType, quantize_static)

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, act in [("qop_cnn_u8", QuantType.QUInt8),
                          ("qop_cnn_s8", QuantType.QInt8)]:
            out[name] = _ort_quantized(
                tmp, name, _qop_float_cnn(), lambda src, dst: quantize_static(
                    src, dst, _calibration_reader([1, 3, 8, 8], 3),
                    quant_format=QuantFormat.QOperator, per_channel=False,
                    activation_type=act, weight_type=QuantType.QInt8,
                    calibrate_method=CalibrationMethod.MinMax))
    return out


def _qdyn_float_models():
    rng = np.random.RandomState(81)
    mm = model(
        [helper.make_node("MatMul", ["x", "w"], ["y"], name="mm"),
         helper.make_node("Add", ["y", "b"], ["z"], name="add")],
        [vi("x", [4, 16])], [vi("z", [4, 10])],
        [init("w", rng.standard_normal((16, 10)) * 0.3),
         init("b", rng.uniform(-0.2, 0.2, 10))])
    conv = model(
        [helper.make_node("Conv", ["x", "w", "b"], ["c"], name="conv",
                          kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                          strides=[2, 2]),
         helper.make_node("Relu", ["c"], ["y"], name="relu")],
        [vi("x", [1, 3, 7, 7])], [vi("y", [1, 5, 4, 4])],
        [init("w", he(rng, (5, 3, 3, 3), 27)),
         init("b", rng.uniform(-0.1, 0.1, 5))])
    return mm, conv


def qdyn_models():
    """ONNX Runtime's quantize_dynamic: DynamicQuantizeLinear -> (y, y_scale,
    y_zero_point) -> MatMulInteger / ConvInteger (computed x zero point) ->
    Cast -> Mul by x_scale * w_scale [-> Add bias]."""
    import tempfile

    from onnxruntime.quantization import QuantType, quantize_dynamic

    mm, conv = _qdyn_float_models()
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, fm, wt, pc in [
                ("qdyn_matmul_u8", mm, QuantType.QUInt8, False),
                ("qdyn_matmul_s8_pc", mm, QuantType.QInt8, True),
                ("qdyn_conv_u8", conv, QuantType.QUInt8, False)]:
            out[name] = _ort_quantized(
                tmp, name, fm, lambda src, dst: quantize_dynamic(
                    src, dst, weight_type=wt, per_channel=pc),
                tool="quantize_dynamic")
    return out


def unsupported():
    nodes = [
        helper.make_node("Relu", ["x"], ["a"], name="relu"),
        helper.make_node("Erf", ["a"], ["b"], name="erf_1"),
        helper.make_node("LRN", ["b"], ["c"], name="lrn_1", size=3),
        helper.make_node("FancyOp", ["c"], ["y"], name="fancy_1",
                         domain="com.example"),
    ]
    return model(nodes, [vi("x", [1, 3, 4, 4])], [vi("y", [1, 3, 4, 4])], [],
                 extra_opsets=[("com.example", 1)])


def bad_checker():
    nodes = [helper.make_node("Add", ["x", "nowhere"], ["y"], name="add")]
    return model(nodes, [vi("x", [2, 3])], [vi("y", [2, 3])], [], check=False)


def opset18():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                 [vi("x", [2, 3])], [vi("y", [2, 3])], [], opset=18,
                 check=False)


def all_models():
    m = {"cnn": cnn(), "dwconcat": dwconcat(), "qdq": qdq(),
         "unsupported": unsupported(),
         "bad_checker": bad_checker(), "opset18": opset18()}
    m.update(ops_models())
    m.update(qlinear_models())
    m.update(external_data_models()[0])
    m.update(convtranspose_models())
    m.update(qdq_pointwise_models())
    m.update(dql_models())
    m.update(dynamic_batch_models())
    m.update(ms_quant_models())
    return m


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out-dir", default=DEFAULT_OUT)
    ap.add_argument("--only", default="")
    args = ap.parse_args(argv)
    os.makedirs(args.out_dir, exist_ok=True)
    only = set(filter(None, args.only.split(",")))
    models = all_models()
    if not only or only & {"qdq_cnn_minmax", "qdq_cnn_entropy_pc",
                           "qdq_cnn_u8_pc", "qdq_cnn2_pc"}:
        models.update(qdq_static_models())
    if not only or only & {"qdq_ops_minmax", "qdq_ops_u8_pc",
                           "qdq_ops_zpmix", "qdq_cnn2_zpmix"}:
        models.update(qdq_ops_models())
    if not only or only & {"qop_cnn_u8", "qop_cnn_s8"}:
        models.update(qop_static_models())
    if not only or only & {"qdyn_matmul_u8", "qdyn_matmul_s8_pc",
                           "qdyn_conv_u8"}:
        models.update(qdyn_models())
    for name, m in sorted(models.items()):
        if only and name not in only:
            continue
        path = os.path.join(args.out_dir, name + ".onnx")
        with open(path, "wb") as f:
            f.write(m.SerializeToString())
        print("wrote %s (%d bytes)" % (path, os.path.getsize(path)))
    if not only or only & {"ext_data", "ext_missing", "ext_short"}:
        for fname, data in external_data_models()[1].items():
            path = os.path.join(args.out_dir, fname)
            with open(path, "wb") as f:
                f.write(data)
            print("wrote %s (%d bytes)" % (path, len(data)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
