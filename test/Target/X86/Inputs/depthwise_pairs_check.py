#!/usr/bin/env python3
"""Numbers of the x86 8-bit depthwise kernel (taps by pairs widened to i16,
vpmaddwd / vpdpwssd against packed i16 weight pairs; the input zero point folded into a
per-channel constant): qnn.conv2d groups = C (alone, i32 result, or with a
fused qnn.requantize) lowered by qnn-lower-to-llvm{target=TARGET}, run by
quant-run and compared exactly with an independent numpy int64 reference
(requantize by scripts/reference.py).

  depthwise_pairs_check.py QUANT_OPT QUANT_RUN WORKDIR TARGET [evex]

TARGET x86-avx2 / x86-avxvnni: 16 channels per block (ymm), x86-avx512vnni:
32 (zmm). `evex`: x86-avxvnni modules run with their target features swapped
for AVX512-VNNI (check_util.retarget_evex): the same IR, on a CPU without
VEX AVX-VNNI. Cases: odd and even tap counts (pairs with a zero tap), 1, 17,
33, 48, 144 channels (masked tails of 1 to 17 lanes for both block sizes),
strides 1 and 2, dilation 2, asymmetric padding (the padded input holds the
input zero point), signed / unsigned inputs and weights, input and weight
zero points, extreme values. Prints "PASS name" / "FAIL name" per case, then
"ALL PASS" or exits 1.
"""
import os
import re
import sys

import numpy as np

QOPT, QRUN, WORK, TARGET = sys.argv[1:5]
EVEX = sys.argv[5:] == ["evex"]
# The multiply-accumulate of the kernel: vpmaddwd (+ vpaddd) on x86-avx2,
# vpdpwssd (after a first vpmaddwd) with VNNI.
PMADD = {"x86-avx2": "llvm.x86.avx2.pmadd.wd",
         "x86-avxvnni": "llvm.x86.avx512.vpdpwssd.256",
         "x86-avx512vnni": "llvm.x86.avx512.vpdpwssd.512"}[TARGET]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
from check_util import (Requantize, as_i8, compare, hexdata,  # noqa: E402
                        lower_and_run, ty, write_case)

os.makedirs(WORK, exist_ok=True)
rng = np.random.default_rng(2026)
failed = 0


def dw_ref(x, w, stride, pad, dil, pad_value):
    """int64 NHWC depthwise conv (multiplier 1), weights C x KH x KW,
    padding positions holding pad_value."""
    n, h, wd, c = x.shape
    _, kh, kw = w.shape
    t, b, l, r = pad
    xp = np.full((n, h + t + b, wd + l + r, c), pad_value, dtype=np.int64)
    xp[:, t:t + h, l:l + wd, :] = x
    oh = (h + t + b - dil[0] * (kh - 1) - 1) // stride[0] + 1
    ow = (wd + l + r - dil[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((n, oh, ow, c), dtype=np.int64)
    for ky in range(kh):
        for kx in range(kw):
            y0, x0 = ky * dil[0], kx * dil[1]
            win = xp[:, y0: y0 + stride[0] * (oh - 1) + 1: stride[0],
                     x0: x0 + stride[1] * (ow - 1) + 1: stride[1], :]
            out += win * w[:, ky, kx]
    return out


# (name, n, h, w, c, kh, kw, stride, pad (t, b, l, r), dil, izp, wzp,
#  input_unsigned, weight_unsigned, bias, requantize output zp or None,
#  values: "rand" or "extreme")
CASES = [
    ("pair_c1_3x3", 2, 6, 7, 1, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 0, 0, False, False, False, None, "rand"),
    ("pair_c17_3x3_zp", 1, 7, 9, 17, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), -7, 3, False, False, True, None, "rand"),
    ("pair_u8_c33_3x3_s2", 1, 9, 10, 33, 3, 3, (2, 2), (0, 1, 1, 0), (1, 1), 131, 0, True, False, True, None, "rand"),
    ("pair_c48_5x5_dil2", 1, 11, 12, 48, 5, 5, (1, 1), (2, 3, 4, 1), (2, 2), 9, -2, False, False, False, None, "rand"),
    ("pair_uw_c16_2x2_s2", 2, 8, 9, 16, 2, 2, (2, 1), (0, 0, 0, 0), (1, 1), 0, 128, False, True, True, None, "rand"),
    ("pair_c64_1x3", 1, 5, 9, 64, 1, 3, (1, 1), (0, 0, 1, 1), (1, 1), 1, 0, False, False, False, None, "rand"),
    ("pair_extreme_c40_3x3", 1, 6, 6, 40, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 127, -128, False, False, False, None, "extreme"),
    ("pair_extreme_u8_c20_3x3", 1, 6, 6, 20, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 0, 127, True, False, False, None, "extreme"),
    ("pair_req_c144_3x3_s2", 1, 14, 14, 144, 3, 3, (2, 2), (0, 1, 0, 1), (1, 1), -3, 0, False, False, True, 5, "rand"),
    ("pair_req_c32_3x3", 1, 10, 11, 32, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 4, 0, False, False, True, -3, "rand"),
    ("pair_req_c35_3x3_zp", 2, 7, 6, 35, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), -128, 2, False, False, True, 0, "rand"),
]


def values(shape, unsigned, kind):
    lo, hi = (0, 255) if unsigned else (-128, 127)
    if kind == "extreme":
        return rng.choice([lo, hi], size=shape)
    return rng.integers(lo, hi + 1, size=shape)


for (name, n, h, w, c, kh, kw, stride, pad, dil, izp, wzp, iu, wu, has_bias,
     ozp, kind) in CASES:
    x = values((n, h, w, c), iu, kind)
    wt = values((c, kh, kw, 1), wu, kind)
    bias = rng.integers(-5000, 5000, size=(c,)) if has_bias else None
    acc = dw_ref(x.astype(np.int64) - izp, wt[..., 0].astype(np.int64) - wzp,
                 stride, pad, dil, 0)
    if bias is not None:
        acc = acc + bias
    oshape = acc.shape
    tx, tw, tacc = ty(x.shape, "i8"), ty(wt.shape, "i8"), ty(oshape, "i32")
    attrs = ("{input_zp = %d : i64, weight_zp = %d : i64, input_unsigned = %s, "
             "weight_unsigned = %s, strides = array<i64: %d, %d>, "
             "pad = array<i64: %d, %d, %d, %d>, dilations = array<i64: %d, %d>, "
             "groups = %d : i64}" % (
                 izp, wzp, str(iu).lower(), str(wu).lower(), stride[0], stride[1],
                 pad[0], pad[1], pad[2], pad[3], dil[0], dil[1], c))
    t8 = ty(oshape, "i8")
    lines = ["func.func @main(%%x: %s) -> %s {" % (tx, tacc if ozp is None else t8),
             "  %%w = arith.constant dense<%s> : %s" % (hexdata(as_i8(wt), np.int8), tw)]
    operands, types = "%x, %w", "%s, %s" % (tx, tw)
    if bias is not None:
        tb = ty(bias.shape, "i32")
        lines.append("  %%b = arith.constant dense<%s> : %s" % (hexdata(bias, np.int32), tb))
        operands += ", %b"
        types += ", " + tb
    lines.append("  %%acc = qnn.conv2d %s %s : (%s) -> %s" % (operands, attrs, types, tacc))
    if ozp is None:
        lines.append("  return %%acc : %s" % tacc)
        expected = acc
    else:
        rq = Requantize(rng, c, True, ozp)
        lines.append(rq.op("%q", "%acc", tacc, t8))
        lines.append("  return %%q : %s" % t8)
        expected = rq.expected(acc)
    lines.append("}")
    src, args = write_case(WORK, name, "\n".join(lines) + "\n", [as_i8(x)])
    got, lowered = lower_and_run(QOPT, QRUN, src, args,
                                 os.path.join(WORK, name + ".llvm.mlir"),
                                 os.path.join(WORK, name + ".out.npy"),
                                 "target=" + TARGET, EVEX)
    ok, err = compare(got, expected, True)
    # The pair kernel ran: its packed i16 weight pairs and PMADD.
    used = (re.search(r"_x86_dw_packed\S*\(dense<[^)]*xi16>", lowered) is not None
            and PMADD in lowered)
    ok = ok and used
    print("%s %s max_err=%s kernel=%s" % ("PASS" if ok else "FAIL", name, err, used))
    failed += 0 if ok else 1

if failed:
    print("%d FAILED" % failed)
    sys.exit(1)
print("ALL PASS")
