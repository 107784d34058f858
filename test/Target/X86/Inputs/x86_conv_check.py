#!/usr/bin/env python3
"""Runs qnn.conv2d (int8, zero points, alone or followed by qnn.requantize /
qnn.clamp, which the x86 pass fuses into the conv's register tiles) and f32
tosa.conv2d (+ bias, ReLU) cases through qnn-lower-to-llvm{target=TARGET} and
quant-run, and compares with an independent numpy reference: int32 / int8
results exactly (int64 arithmetic, requantize by scripts/reference.py's
fixed-point formula), f32 to a relative tolerance against float64.

  x86_conv_check.py QUANT_OPT QUANT_RUN WORKDIR SRC_ROOT [TARGET]

TARGET: x86-avx2 (default; vpmaddwd), x86-avx512vnni or x86-avxvnni
(vpdpbusd). A last argument `evex` (x86-avxvnni on a CPU with AVX512-VNNI +
VL but without AVX-VNNI) runs each x86-avxvnni module with its target
features swapped for AVX512-VNNI + VL: the same IR and kernels, vpdpbusd
encoded with EVEX instead of VEX.
Prints one line per case ("PASS name ..." or "FAIL name ..."), then
"ALL PASS" or exits 1. Shapes are odd on purpose: 1, 3, 17 channels, 5, 17,
33 filters (ragged 16-column panels), stride 2, dilation 2, asymmetric
padding, output rows that leave a ragged 96-row block and register tile.
"""
import os
import sys

import numpy as np

QOPT, QRUN, WORK, SRC = sys.argv[1:5]
TARGET = sys.argv[5] if len(sys.argv) > 5 else "x86-avx2"
EVEX = sys.argv[6:] == ["evex"]
assert not EVEX or TARGET == "x86-avxvnni"
INT_KERNEL = {"x86-avx2": "llvm.x86.avx2.pmadd.wd",
              "x86-avx512vnni": "llvm.x86.avx512.vpdpbusd.256",
              "x86-avxvnni": "llvm.x86.avx512.vpdpbusd.256"}[TARGET]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
# ty, hexdata, as_i8, compare, conv_ref, write_case, lower_and_run (EVEX
# retargeting), Requantize (whose expected values are scripts/reference.py's,
# the project's independent numpy reference).
from check_util import (Requantize, as_i8, compare, conv_ref,  # noqa: E402
                        hexdata, lower_and_run, ty, write_case)

os.makedirs(WORK, exist_ok=True)
rng = np.random.default_rng(7)
failed = 0


def ints(shape, unsigned):
    lo, hi = (0, 256) if unsigned else (-128, 128)
    return rng.integers(lo, hi, size=shape)


def run_case(name, mlir, inputs, expected, exact, kernel):
    global failed
    src, args = write_case(WORK, name, mlir, inputs)
    got, lowered = lower_and_run(QOPT, QRUN, src, args,
                                 os.path.join(WORK, name + ".llvm.mlir"),
                                 os.path.join(WORK, name + ".out.npy"),
                                 "target=" + TARGET, EVEX)
    omp_ok = True
    if name in OMP_CASES:
        # Also as OpenMP loops (every nest parallel) on 2 threads: the same
        # result, each task (row block x panel group) on either thread.
        omp_got, omp_lowered = lower_and_run(
            QOPT, QRUN, src, args, os.path.join(WORK, name + ".omp.mlir"),
            os.path.join(WORK, name + ".omp.npy"),
            "target=%s threads=0 parallel-min-work=0" % TARGET, EVEX,
            ["--threads", "2"])
        omp_ok = ("omp.wsloop" in omp_lowered and omp_got.shape == got.shape
                  and np.array_equal(omp_got, got))
    ok, err = compare(got, expected, exact)
    used = kernel in lowered
    ok = ok and used and omp_ok
    print("%s %s max_err=%s kernel=%s%s" % ("PASS" if ok else "FAIL", name, err, used,
                                            " openmp_same=%s" % omp_ok if name in OMP_CASES else ""))
    failed += 0 if ok else 1


def qconv_lines(x, wt, bias, attrs, oshape, i8_result):
    """The first lines of @main(%x) computing %acc = qnn.conv2d of constant
    weights `wt` (and bias) with `attrs`; returns (lines, the acc type)."""
    tx, tw, tacc = ty(x.shape, "i8"), ty(wt.shape, "i8"), ty(oshape, "i32")
    lines = ["func.func @main(%%x: %s) -> %s {" % (tx, ty(oshape, "i8" if i8_result else "i32")),
             "  %%w = arith.constant dense<%s> : %s" % (hexdata(wt, np.int8), tw)]
    operands, types = "%x, %w", "%s, %s" % (tx, tw)
    if bias is not None:
        tb = ty(bias.shape, "i32")
        lines.append("  %%b = arith.constant dense<%s> : %s" % (hexdata(bias, np.int32), tb))
        operands += ", %b"
        types += ", " + tb
    lines.append("  %%acc = qnn.conv2d %s %s : (%s) -> %s" % (operands, attrs, types, tacc))
    return lines, tacc


# (name, n, h, w, c, f, kh, kw, stride, pad (t, b, l, r), dil, izp, wzp,
#  input_unsigned, weight_unsigned, bias, epilogue)
# epilogue: None (i32 result), or (per-channel scales?, output zp, relu?)
CASES = [
    ("c1_f8_3x3_pad1", 2, 9, 7, 1, 8, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 0, 0, False, False, True, None),
    ("c3_f5_3x3_s2_zp", 1, 11, 13, 3, 5, 3, 3, (2, 2), (1, 0, 2, 1), (1, 1), 3, -1, False, False, True, None),
    ("c17_f33_1x1", 3, 7, 5, 17, 33, 1, 1, (1, 1), (0, 0, 0, 0), (1, 1), 0, 0, False, False, False, None),
    ("u8_c17_f17_3x2_dil2", 2, 12, 11, 17, 17, 3, 2, (1, 2), (2, 1, 0, 1), (2, 2), 128, 0, True, False, True, None),
    ("u8u8_c3_f16_5x5", 1, 20, 19, 3, 16, 5, 5, (1, 1), (2, 2, 2, 2), (1, 1), 200, 255, True, True, False, None),
    ("c40_f24_3x3_wzp", 1, 6, 6, 40, 24, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), -5, 7, False, False, True, None),
    # Few row blocks, many panels: blocks x panel groups in parallel (98 rows:
    # a 96-row block and a 2-row one; 72 columns: groups of panels 0-2 and
    # 3-4, the ragged panel in the last group).
    ("c5_f72_groups", 2, 7, 7, 5, 72, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 2, 0, False, False, True, None),
    # Fused requantize (+ ReLU) epilogues: i8 results.
    ("fused_c1_f8_relu", 2, 14, 13, 1, 8, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 0, 0, False, False, True, (True, 0, True)),
    ("fused_c8_f16_zp", 1, 10, 12, 8, 16, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), -3, 0, False, False, True, (True, 5, False)),
    ("fused_c17_f33_s2", 2, 13, 9, 17, 33, 3, 3, (2, 2), (1, 1, 0, 1), (1, 1), 4, 0, False, False, True, (True, -7, True)),
    ("fused_c3_f5_nobias", 1, 9, 9, 3, 5, 2, 2, (1, 1), (0, 0, 0, 0), (1, 1), 0, 2, False, False, False, (False, 0, False)),
    ("fused_u8_c16_f24_1x1", 1, 12, 12, 16, 24, 1, 1, (1, 1), (0, 0, 0, 0), (1, 1), 128, 0, True, False, True, (True, -128, False)),
    # 25 rows, 100 columns: 3 panel groups (panels 0-2, 3-5, and the ragged
    # panel 6 alone).
    ("fused_c9_f100_groups", 1, 5, 5, 9, 100, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), -1, 0, False, False, True, (True, 3, True)),
]
# Also run as OpenMP loops on 2 threads (run_case).
OMP_CASES = {"c5_f72_groups", "fused_c9_f100_groups", "fused_c17_f33_s2"}

for (name, n, h, w, c, f, kh, kw, stride, pad, dil, izp, wzp, iu, wu, has_bias, epi) in CASES:
    x = ints((n, h, w, c), iu)
    wt = ints((f, kh, kw, c), wu)
    bias = rng.integers(-5000, 5000, size=(f,)) if has_bias else None
    acc = conv_ref(x.astype(np.int64) - izp, wt.astype(np.int64) - wzp,
                   stride, pad, dil, 0)
    if bias is not None:
        acc = acc + bias
    oshape = acc.shape
    attrs = ("{input_zp = %d : i64, weight_zp = %d : i64, input_unsigned = %s, "
             "weight_unsigned = %s, strides = array<i64: %d, %d>, "
             "pad = array<i64: %d, %d, %d, %d>, dilations = array<i64: %d, %d>}" % (
                 izp, wzp, str(iu).lower(), str(wu).lower(), stride[0], stride[1],
                 pad[0], pad[1], pad[2], pad[3], dil[0], dil[1]))
    lines, tacc = qconv_lines(x, wt, bias, attrs, oshape, epi is not None)
    if epi is None:
        lines.append("  return %%acc : %s" % tacc)
        expected = acc
    else:
        per_channel, ozp, relu = epi
        rq = Requantize(rng, f, per_channel, ozp)
        t8 = ty(oshape, "i8")
        lines.append(rq.op("%q", "%acc", tacc, t8))
        res = "%q"
        if relu:
            lines.append("  %%r = qnn.clamp %%q {min = %d : i64, max = 127 : i64} : %s" % (ozp, t8))
            res = "%r"
        lines.append("  return %s : %s" % (res, t8))
        expected = rq.expected(acc)
        if relu:
            expected = np.maximum(expected, ozp)
    lines.append("}")
    run_case(name, "\n".join(lines) + "\n", [as_i8(x)], expected, True, INT_KERNEL)

# f32: tosa.conv2d with constant weights and bias, optionally + ReLU.
F32_CASES = [
    ("f32_c1_f8_3x3", 2, 9, 8, 1, 8, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), False),
    ("f32_c17_f33_s2_relu", 1, 11, 11, 17, 33, 3, 3, (2, 2), (1, 1, 1, 1), (1, 1), True),
    ("f32_c3_f5_dil2_relu", 2, 10, 9, 3, 5, 3, 2, (1, 1), (0, 1, 2, 0), (2, 2), True),
    ("f32_c16_f16_1x1", 1, 14, 14, 16, 16, 1, 1, (1, 1), (0, 0, 0, 0), (1, 1), False),
]
for (name, n, h, w, c, f, kh, kw, stride, pad, dil, relu) in F32_CASES:
    x = rng.standard_normal((n, h, w, c)).astype(np.float32)
    wt = rng.standard_normal((f, kh, kw, c)).astype(np.float32)
    bias = rng.standard_normal((f,)).astype(np.float32)
    ref = conv_ref(x.astype(np.float64), wt.astype(np.float64), stride, pad, dil, 0.0) + bias
    if relu:
        ref = np.maximum(ref, 0.0)
    oshape = ref.shape
    tx, tw, tb, to = ty(x.shape, "f32"), ty(wt.shape, "f32"), ty((f,), "f32"), ty(oshape, "f32")
    lines = ["func.func @main(%%x: %s) -> %s {" % (tx, to),
             "  %%w = \"tosa.const\"() <{values = dense<%s> : %s}> : () -> %s" % (hexdata(wt, np.float32), tw, tw),
             "  %%b = \"tosa.const\"() <{values = dense<%s> : %s}> : () -> %s" % (hexdata(bias, np.float32), tb, tb),
             "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>",
             "  %%y = tosa.conv2d %%x, %%w, %%b, %%zp, %%zp {acc_type = f32, dilation = array<i64: %d, %d>, "
             "pad = array<i64: %d, %d, %d, %d>, stride = array<i64: %d, %d>} : (%s, %s, %s, tensor<1xf32>, tensor<1xf32>) -> %s"
             % (dil[0], dil[1], pad[0], pad[1], pad[2], pad[3], stride[0], stride[1], tx, tw, tb, to)]
    res = "%y"
    if relu:
        lines.append("  %%r = tosa.clamp %%y {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (%s) -> %s" % (to, to))
        res = "%r"
    lines.append("  return %s : %s" % (res, to))
    lines.append("}")
    run_case(name, "\n".join(lines) + "\n", [x], ref, False, "llvm.intr.fmuladd")


def dw_ref(x, w, stride, pad, pad_value):
    """int64 / float64 NHWC depthwise conv (multiplier 1), weights
    C x KH x KW; padding positions hold pad_value."""
    n, h, wd, c = x.shape
    _, kh, kw = w.shape
    t, b, l, r = pad
    xp = np.full((n, h + t + b, wd + l + r, c), pad_value, dtype=x.dtype)
    xp[:, t:t + h, l:l + wd, :] = x
    oh = (h + t + b - kh) // stride[0] + 1
    ow = (wd + l + r - kw) // stride[1] + 1
    out = np.zeros((n, oh, ow, c), dtype=x.dtype)
    for ky in range(kh):
        for kx in range(kw):
            win = xp[:, ky: ky + stride[0] * (oh - 1) + 1: stride[0],
                     kx: kx + stride[1] * (ow - 1) + 1: stride[1], :]
            out += win * w[:, ky, kx]
    return out


# Depthwise (qnn.conv2d groups = C, multiplier 1): the vectorized
# depthwise kernel (its packed weight global "_x86_dw_packed" in the
# lowered module), channel tails of 1, 3, 17 (masked), 32.
# (name, n, h, w, c, k, stride, pad, izp, wzp, input_unsigned, bias, requantize_ozp)
DW_CASES = [
    ("dw_c1_3x3_pad1", 2, 9, 7, 1, 3, (1, 1), (1, 1, 1, 1), 0, 0, False, True, None),
    ("dw_c3_3x3_s2_zp", 1, 11, 13, 3, 3, (2, 2), (1, 0, 1, 1), 5, -2, False, True, None),
    ("dw_c17_3x3_pad1_zp", 2, 8, 9, 17, 3, (1, 1), (1, 1, 1, 1), -7, 3, False, False, None),
    ("dw_u8_c32_3x3_s2", 1, 13, 12, 32, 3, (2, 2), (1, 1, 1, 1), 131, 0, True, True, None),
    ("dw_c32_5x5_pad2", 1, 7, 7, 32, 5, (1, 1), (2, 2, 2, 2), 2, 1, False, False, None),
    ("dw_req_c17_3x3_s2", 2, 10, 11, 17, 3, (2, 2), (1, 1, 1, 1), 4, 0, False, True, -3),
]
for (name, n, h, w, c, k, stride, pad, izp, wzp, iu, has_bias, ozp) in DW_CASES:
    x = ints((n, h, w, c), iu)
    wt = ints((c, k, k, 1), False)
    bias = rng.integers(-5000, 5000, size=(c,)) if has_bias else None
    acc = dw_ref(x.astype(np.int64) - izp, wt[..., 0].astype(np.int64) - wzp,
                 stride, pad, 0)
    if bias is not None:
        acc = acc + bias
    oshape = acc.shape
    attrs = ("{input_zp = %d : i64, weight_zp = %d : i64, input_unsigned = %s, "
             "weight_unsigned = false, strides = array<i64: %d, %d>, "
             "pad = array<i64: %d, %d, %d, %d>, dilations = array<i64: 1, 1>, groups = %d : i64}" % (
                 izp, wzp, str(iu).lower(), stride[0], stride[1],
                 pad[0], pad[1], pad[2], pad[3], c))
    lines, tacc = qconv_lines(x, wt, bias, attrs, oshape, ozp is not None)
    if ozp is None:
        lines.append("  return %%acc : %s" % tacc)
        expected = acc
    else:
        rq = Requantize(rng, c, True, ozp)
        t8 = ty(oshape, "i8")
        lines.append(rq.op("%q", "%acc", tacc, t8))
        lines.append("  return %%q : %s" % t8)
        expected = rq.expected(acc)
    lines.append("}")
    run_case(name, "\n".join(lines) + "\n", [as_i8(x)], expected, True, "_x86_dw_packed")

# f32 depthwise: tosa.depthwise_conv2d (KH x KW x C x 1) + bias.
DW_F32_CASES = [
    ("dw_f32_c1_3x3_pad1", 2, 9, 8, 1, (1, 1), (1, 1, 1, 1)),
    ("dw_f32_c3_3x3_s2", 1, 11, 11, 3, (2, 2), (1, 1, 1, 1)),
    ("dw_f32_c17_3x3_pad1", 2, 7, 9, 17, (1, 1), (1, 1, 1, 1)),
    ("dw_f32_c32_3x3_s2", 1, 12, 14, 32, (2, 2), (0, 1, 1, 0)),
]
for (name, n, h, w, c, stride, pad) in DW_F32_CASES:
    x = rng.standard_normal((n, h, w, c)).astype(np.float32)
    wt = rng.standard_normal((3, 3, c, 1)).astype(np.float32)
    bias = rng.standard_normal((c,)).astype(np.float32)
    ref = dw_ref(x.astype(np.float64), np.transpose(wt[..., 0], (2, 0, 1)).astype(np.float64),
                 stride, pad, 0.0) + bias
    oshape = ref.shape
    tx, tw, tb, to = ty(x.shape, "f32"), ty(wt.shape, "f32"), ty((c,), "f32"), ty(oshape, "f32")
    lines = ["func.func @main(%%x: %s) -> %s {" % (tx, to),
             "  %%w = \"tosa.const\"() <{values = dense<%s> : %s}> : () -> %s" % (hexdata(wt, np.float32), tw, tw),
             "  %%b = \"tosa.const\"() <{values = dense<%s> : %s}> : () -> %s" % (hexdata(bias, np.float32), tb, tb),
             "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>",
             "  %%y = tosa.depthwise_conv2d %%x, %%w, %%b, %%zp, %%zp {acc_type = f32, dilation = array<i64: 1, 1>, "
             "pad = array<i64: %d, %d, %d, %d>, stride = array<i64: %d, %d>} : (%s, %s, %s, tensor<1xf32>, tensor<1xf32>) -> %s"
             % (pad[0], pad[1], pad[2], pad[3], stride[0], stride[1], tx, tw, tb, to),
             "  return %%y : %s" % to, "}"]
    run_case(name, "\n".join(lines) + "\n", [x], ref, False, "_x86_dw_packed")

if failed:
    print("%d FAILED" % failed)
    sys.exit(1)
print("ALL PASS")
