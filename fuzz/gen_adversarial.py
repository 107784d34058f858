#!/usr/bin/env python3
"""Hand-written adversarial seed models for the importer's fuzz corpus.

    python3 fuzz/gen_adversarial.py OUT_DIR

Small ONNX models (onnx.helper, IR version 8) with the attribute and shape
values that break importers: zero / negative / huge strides, pads, kernels,
groups and axes, empty tensors, NaN / infinite constants, mismatched
operands. Written as hand_<case>.onnx; fuzz/corpus/onnx-import holds them.
Each must import or fail with a clean error (fuzz/replay_corpus.py).
"""
import os
import sys

import numpy as np
import onnx
from onnx import helper as h, TensorProto as T, numpy_helper as nh
OUT = sys.argv[1] if len(sys.argv) > 1 else "."


def save(name, nodes, inputs, outputs, inits=(), opset=13, check=False):
    g = h.make_graph(nodes, name, inputs, outputs, list(inits))
    m = h.make_model(g, opset_imports=[h.make_opsetid("", opset)])
    m.ir_version = 8
    onnx.save(m, os.path.join(OUT, "hand_" + name + ".onnx"))
vi = h.make_tensor_value_info
X4 = lambda s=(1,2,8,8): vi("x", T.FLOAT, list(s))
Y = lambda s=("a","b","c","d"): vi("y", T.FLOAT, list(s))
W = lambda s: nh.from_array(np.ones(s, np.float32), "w")
def conv(name, s=(1,2,8,8), w=(2,2,3,3), **kw):
    save(name, [h.make_node("Conv", ["x","w"], ["y"], name="c", **kw)], [X4(s)], [Y()], [W(w)])
conv("conv_stride0", strides=[0,0])
conv("conv_dil0", dilations=[0,0])
conv("conv_negpad", pads=[-5,-5,-5,-5])
conv("conv_bigpad", pads=[1<<40,0,0,0])
conv("conv_group0", group=0)
conv("conv_group3", group=3)
conv("conv_bigkernel", w=(2,2,9,9))
conv("conv_kshape_mismatch", kernel_shape=[5,5])
conv("conv_1d", s=(1,2,8), w=(2,2,3))
conv("conv_zero_ch", s=(1,0,8,8), w=(2,0,3,3))
conv("conv_zero_out", w=(0,2,3,3))
conv("conv_bigstride", strides=[1<<40, 1])
conv("conv_same_stride_huge", auto_pad="SAME_UPPER", strides=[1<<62, 1<<62])
conv("conv_huge_input", s=(1,2,1<<20,1<<20))
def pool(name, op="MaxPool", s=(1,2,8,8), **kw):
    save(name, [h.make_node(op, ["x"], ["y"], name="p", **kw)], [X4(s)], [Y()])
pool("pool_stride0", kernel_shape=[2,2], strides=[0,0])
pool("pool_k0", kernel_shape=[0,0])
pool("pool_kbig", kernel_shape=[20,20])
pool("pool_negpad", kernel_shape=[2,2], pads=[-1,-1,-1,-1])
pool("avgpool_incpad_big", op="AveragePool", kernel_shape=[2,2], pads=[100,100,100,100], count_include_pad=1)
pool("pool_ceil_big", kernel_shape=[3,3], strides=[5,5], ceil_mode=1, pads=[2,2,2,2])
pool("gap_zero", op="GlobalAveragePool", s=(1,2,0,0))
def one(name, op, ins, inits, s=(1,2,8,8), opset=13, **kw):
    save(name, [h.make_node(op, ["x"]+ins, ["y"], name="n", **kw)], [X4(s)], [Y()], inits, opset=opset)
c = lambda n, a: nh.from_array(np.array(a), n)
one("reshape_zero", "Reshape", ["s"], [c("s", np.array([0,-1], np.int64))])
one("reshape_bad", "Reshape", ["s"], [c("s", np.array([-1,-1], np.int64))])
one("reshape_neg", "Reshape", ["s"], [c("s", np.array([-5,4], np.int64))])
one("slice_huge", "Slice", ["st","en","ax"], [c("st", np.array([-(1<<62)], np.int64)), c("en", np.array([1<<62], np.int64)), c("ax", np.array([3], np.int64))])
one("slice_empty", "Slice", ["st","en","ax"], [c("st", np.array([5], np.int64)), c("en", np.array([2], np.int64)), c("ax", np.array([3], np.int64))])
one("slice_badaxis", "Slice", ["st","en","ax"], [c("st", np.array([0], np.int64)), c("en", np.array([2], np.int64)), c("ax", np.array([7], np.int64))])
one("slice_step0", "Slice", ["st","en","ax","sp"], [c("st", np.array([0], np.int64)), c("en", np.array([2], np.int64)), c("ax", np.array([3], np.int64)), c("sp", np.array([0], np.int64))])
one("pad_neg", "Pad", ["p"], [c("p", np.array([0,0,-3,-3,0,0,-3,-3], np.int64))])
one("pad_huge", "Pad", ["p"], [c("p", np.array([0,0,1<<40,0,0,0,0,0], np.int64))])
one("pad_short", "Pad", ["p"], [c("p", np.array([1,1], np.int64))])
one("transpose_bad", "Transpose", [], [], perm=[0,0,1,2])
one("transpose_short", "Transpose", [], [], perm=[1,0])
one("concat_badaxis", "Concat", [], [], axis=9)
one("softmax_badaxis", "Softmax", [], [], axis=9)
one("softmax11_badaxis", "Softmax", [], [], opset=11, axis=-9)
one("flatten_badaxis", "Flatten", [], [], axis=9)
one("squeeze_bad", "Squeeze", ["a"], [c("a", np.array([2], np.int64))])
one("unsqueeze_bad", "Unsqueeze", ["a"], [c("a", np.array([9], np.int64))])
one("unsqueeze_dup", "Unsqueeze", ["a"], [c("a", np.array([0,0], np.int64))])
one("clip_nan", "Clip", ["lo","hi"], [c("lo", np.array(np.nan, np.float32)), c("hi", np.array(-np.inf, np.float32))])
one("clip_minmax", "Clip", ["lo","hi"], [c("lo", np.array(5, np.float32)), c("hi", np.array(-5, np.float32))])
one("clip_vec", "Clip", ["lo"], [c("lo", np.array([1,2], np.float32))])
one("leaky_nan", "LeakyRelu", [], [], alpha=float("nan"))
one("div_zero", "Div", ["d"], [c("d", np.zeros((2,1,1), np.float32))])
one("add_bcast_big", "Add", ["d"], [c("d", np.ones((3,1,1,1,1), np.float32))])
one("add_empty", "Add", ["d"], [c("d", np.ones((0,), np.float32))])
one("bn_badsize", "BatchNormalization", ["s","b","m","v"], [c(n, np.ones(3, np.float32)) for n in "sbmv"])
one("bn_negvar", "BatchNormalization", ["s","b","m","v"], [c(n, -np.ones(2, np.float32)) for n in "sbmv"], epsilon=-1.0)
one("q_scale0", "QuantizeLinear", ["s","z"], [c("s", np.array(0, np.float32)), c("z", np.array(0, np.int8))])
one("q_scale_nan", "QuantizeLinear", ["s","z"], [c("s", np.array(np.nan, np.float32)), c("z", np.array(0, np.int8))])
one("q_scale_neg", "QuantizeLinear", ["s"], [c("s", np.array(-1, np.float32))])
one("q_axis_bad", "QuantizeLinear", ["s","z"], [c("s", np.ones(2, np.float32)), c("z", np.zeros(2, np.int8))], axis=9)
one("q_axis_sizemismatch", "QuantizeLinear", ["s","z"], [c("s", np.ones(5, np.float32)), c("z", np.zeros(5, np.int8))], axis=1)
one("q_scale_inf", "QuantizeLinear", ["s","z"], [c("s", np.array(np.inf, np.float32)), c("z", np.array(0, np.uint8))])
one("q_scale_denorm", "QuantizeLinear", ["s","z"], [c("s", np.array(1e-45, np.float32)), c("z", np.array(0, np.int8))])
# gemm / matmul
save("gemm_mismatch", [h.make_node("Gemm", ["x","w"], ["y"], name="g")], [vi("x", T.FLOAT, [2,3])], [Y(("a","b"))], [W((4,5))])
save("gemm_c_bad", [h.make_node("Gemm", ["x","w","b"], ["y"], name="g")], [vi("x", T.FLOAT, [2,3])], [Y(("a","b"))], [W((3,5)), c("b", np.ones((7,), np.float32))])
save("gemm_zero", [h.make_node("Gemm", ["x","w"], ["y"], name="g")], [vi("x", T.FLOAT, [2,0])], [Y(("a","b"))], [W((0,5))])
save("matmul_1d", [h.make_node("MatMul", ["x","w"], ["y"], name="g")], [vi("x", T.FLOAT, [3])], [Y(())], [W((3,))])
save("matmul_0d", [h.make_node("MatMul", ["x","w"], ["y"], name="g")], [vi("x", T.FLOAT, [])], [Y(())], [W(())])
save("matmul_bcast", [h.make_node("MatMul", ["x","w"], ["y"], name="g")], [vi("x", T.FLOAT, [2,1,3,4])], [Y()], [W((5,4,2))])
save("relu_scalar", [h.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", T.FLOAT, [])], [Y(())])
save("relu_rank8", [h.make_node("Relu", ["x"], ["y"], name="r")], [vi("x", T.FLOAT, [1]*8)], [Y(("a",)*8)])
save("out_is_input", [h.make_node("Relu", ["x"], ["z"], name="r")], [vi("x", T.FLOAT, [2])], [vi("x", T.FLOAT, [2])])
save("out_is_init", [h.make_node("Relu", ["x"], ["z"], name="r")], [vi("x", T.FLOAT, [2])], [vi("w", T.FLOAT, [2])], [W((2,))])
save("dup_output", [h.make_node("Relu", ["x"], ["y"], name="r"), h.make_node("Relu", ["x"], ["y"], name="r2")], [vi("x", T.FLOAT, [2])], [Y(("a",))])
save("const_empty", [h.make_node("Constant", [], ["k"], name="k", value=nh.from_array(np.zeros((0,),np.float32))), h.make_node("Add", ["x","k"], ["y"], name="a")], [vi("x", T.FLOAT, [2])], [Y(("a",))])
save("const_out", [h.make_node("Constant", [], ["y"], name="k", value_ints=[1,2])], [vi("x", T.FLOAT, [2])], [Y(("a",))])
save("const_out_f", [h.make_node("Constant", [], ["y"], name="k", value_float=1.0)], [vi("x", T.FLOAT, [2])], [Y(("a",))])
# ConvTranspose (its shape inference takes the kernel from the weights)
def convt(name, s=(1,2,8,8), w=(2,3,3,3), **kw):
    save(name, [h.make_node("ConvTranspose", ["x","w"], ["y"], name="t", **kw)], [X4(s)], [Y()], [W(w)])
convt("convt_w_rank2", w=(2,3))
convt("convt_w_rank3", w=(2,3,3))
convt("convt_dil0", dilations=[0,0])
convt("convt_k0", kernel_shape=[0,0])
convt("convt_opad_huge", output_padding=[1<<62, 0])
convt("convt_opad_neg", output_padding=[-2, 0])
convt("convt_zero_w", w=(2,0,3,3))
convt("convt_stride0", strides=[0,1])
