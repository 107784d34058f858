#!/usr/bin/env python3
"""1 x 1 qnn.conv2d cases through qnn-lower-to-llvm{target=TARGET} and
quant-run, compared exactly with an independent numpy int64 reference
(requantize by scripts/reference.py's fixed-point formula, qnn.add by the
spec's shared-shift formula, docs/QuantizationSpec.md section 10).

  conv1x1_check.py QUANT_OPT QUANT_RUN WORKDIR TARGET [evex]

TARGET: x86-avx512vnni or x86-avxvnni (with `evex`: its modules retargeted to
AVX512-VNNI + VL, as in x86_conv_check.py). With stride 1 and C % 4 == 0
the vpdpbusd tile reads A (the input pixels) in place: no im2col block,
which the script checks in the IR right after qnn-x86-avx2-matmul (no 2-D
i8 allocation: "direct=True"); stride 2 and C = 1, 3, 17 keep the im2col
block ("direct=False"). Shapes: H, W in {1, 3, 17}, C in {1, 3, 4, 17, 64}, N
(filters) in {1, 17, 96} (ragged 16-column panels, ragged 12-row tiles),
stride 1 and 2, batch 2, strided views of the input (tosa.slice), input
and weight zero points (the weight zero point needs the row sums),
signed / unsigned, per-channel and per-tensor scales, fused ReLU and a
fused residual qnn.add. Prints "PASS name ..." / "FAIL name ..." per case,
then "ALL PASS" or exits 1.
"""
import math
import os
import re
import subprocess
import sys

import numpy as np

QOPT, QRUN, WORK, TARGET = sys.argv[1:5]
EVEX = sys.argv[5:] == ["evex"]
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
from check_util import (SCRIPTS, Requantize, as_i8, compare,  # noqa: E402
                        conv_ref, hexdata, lower_and_run, ty, write_case)
sys.path.insert(0, SCRIPTS)
import reference  # noqa: E402

os.makedirs(WORK, exist_ok=True)
rng = np.random.default_rng(11)
failed = 0


def ints(shape, unsigned):
    lo, hi = (0, 256) if unsigned else (-128, 128)
    return rng.integers(lo, hi, size=shape)


def add_ref(l, lp, r, rp, op):
    """qnn.add of int64 arrays l, r on grids lp, rp (scale, zp) to i8 grid
    op: the larger ratio as a 31-bit multiplier fixes the shift, the smaller
    rounded half away from zero on it, one half-to-even rounding of the
    exact sum."""
    ml, mr = lp[0] / op[0], rp[0] / op[0]
    big, shift = reference.quantize_multiplier(max(ml, mr))
    small = int(math.floor(math.ldexp(min(ml, mr), shift) + 0.5))
    mL, mR = (big, small) if ml >= mr else (small, big)
    v = (l - lp[1]) * mL + (r - rp[1]) * mR  # < 2^41: int64 is exact
    return np.clip(reference.rshift_round_half_even(v, shift) + op[1], -128, 127)


def im2col_allocs(src):
    """2-D i8 allocations right after qnn-x86-avx2-matmul (im2col blocks)."""
    r = subprocess.run([QOPT, src, "--qnn-lower-to-llvm=target=" + TARGET,
                        "--mlir-print-ir-after=qnn-x86-avx2-matmul", "-o", os.devnull],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True, check=True)
    return re.findall(r"memref\.alloc\(\).*: memref<\d+x\d+xi8>", r.stdout)


# (name, batch, h, w, c, f, stride, izp, wzp, input_unsigned,
#  weight_unsigned, bias, epilogue, slice)
# epilogue: None (i32 result) or (per-channel scales?, output zp, relu?,
#   residual?); slice: None or (padded input h, w, start y, x): the conv
#   reads a tosa.slice of a bigger input (a strided view).
CASES = [
    ("c4_f1_1x1_zp", 1, 1, 1, 4, 1, 1, 3, 0, False, False, True, None, None),
    ("c64_f96_3x17_req_relu", 1, 3, 17, 64, 96, 1, -5, 0, False, False, True,
     (True, 4, True, False), None),
    ("u8_c64_f17_17x17_relu", 1, 17, 17, 64, 17, 1, 131, 0, True, False, True,
     (True, -3, True, False), None),
    ("c4_f96_17x3_s2_req", 1, 17, 3, 4, 96, 2, 7, 0, False, False, True,
     (True, 0, False, False), None),
    ("b2_c64_f96_17x17_s2_wzp_relu", 2, 17, 17, 64, 96, 2, -2, 5, False, False, True,
     (True, 1, True, False), None),
    ("c4_f17_3x3_wu", 1, 3, 3, 4, 17, 1, 0, 128, False, True, False, None, None),
    ("u8u8_c64_f17_3x17_s2", 1, 3, 17, 64, 17, 2, 200, 255, True, True, True, None, None),
    ("b2_c64_f1_3x17", 2, 3, 17, 64, 1, 1, 9, 0, False, False, True, None, None),
    ("c64_f96_17x17_residual", 1, 17, 17, 64, 96, 1, -1, 0, False, False, True,
     (True, -2, False, True), None),
    ("c4_f17_17x17_s2_residual_relu", 1, 17, 17, 4, 17, 2, 6, 0, False, False, False,
     (False, 3, True, True), None),
    ("c64_f17_1x17_pertensor", 1, 1, 17, 64, 17, 1, 0, 0, False, False, True,
     (False, 0, False, False), None),
    ("slice_b2_c64_f96_s2", 2, 16, 15, 64, 96, 2, -3, 0, False, False, True,
     (True, 2, True, False), (17, 17, 1, 1)),
    ("slice_b2_c64_f96_s1_relu", 2, 16, 15, 64, 96, 1, 4, 0, False, False, True,
     (True, -1, True, False), (17, 17, 1, 2)),
    ("slice_c4_f17_s1_wzp", 1, 15, 16, 4, 17, 1, 5, -3, False, False, True, None,
     (17, 17, 0, 1)),
    # C % 4 != 0: the im2col block (K padded to a multiple of 4).
    ("c3_f17_17x17_req_relu", 1, 17, 17, 3, 17, 1, -4, 0, False, False, True,
     (True, 0, True, False), None),
    ("c1_f96_17x3_s2", 1, 17, 3, 1, 96, 2, 2, 0, False, False, True, None, None),
    ("c17_f17_3x3_residual", 1, 3, 3, 17, 17, 1, 0, 3, False, False, True,
     (True, 1, False, True), None),
]
# Also as OpenMP loops on 2 threads (row blocks x panel groups): same bytes.
OMP_CASES = {"c64_f96_17x17_residual", "b2_c64_f96_17x17_s2_wzp_relu",
             "slice_b2_c64_f96_s1_relu"}

for (name, n, h, w, c, f, stride, izp, wzp, iu, wu, has_bias, epi, sl) in CASES:
    if sl is None:
        x = ints((n, h, w, c), iu)
        xin = x
    else:
        ph, pw, y0, x0 = sl
        xin = ints((n, ph, pw, c), iu)
        x = xin[:, y0:y0 + h, x0:x0 + w, :]
    wt = ints((f, 1, 1, c), wu)
    bias = rng.integers(-5000, 5000, size=(f,)) if has_bias else None
    acc = conv_ref(x.astype(np.int64) - izp, wt.astype(np.int64) - wzp,
                   (stride, stride))
    if bias is not None:
        acc = acc + bias
    oshape = acc.shape
    tx, tw, tacc = ty(xin.shape, "i8"), ty(wt.shape, "i8"), ty(oshape, "i32")
    t8 = ty(oshape, "i8")
    args = ["%%x: %s" % tx]
    inputs = [as_i8(xin)]
    if epi is not None and epi[3]:
        y = ints(oshape, False)
        args.append("%%y: %s" % t8)
        inputs.append(y.astype(np.int8))
    lines = ["func.func @main(%s) -> %s {" % (", ".join(args), t8 if epi else tacc),
             "  %%w = arith.constant dense<%s> : %s" % (hexdata(wt, np.int8), tw)]
    src = "%x"
    if sl is not None:
        ts = ty(x.shape, "i8")
        lines += [
            "  %%st = tosa.const_shape {values = dense<[0, %d, %d, 0]> : tensor<4xindex>} "
            ": () -> !tosa.shape<4>" % (sl[2], sl[3]),
            "  %%sz = tosa.const_shape {values = dense<[%d, %d, %d, %d]> : tensor<4xindex>} "
            ": () -> !tosa.shape<4>" % x.shape,
            "  %%s = tosa.slice %%x, %%st, %%sz : (%s, !tosa.shape<4>, !tosa.shape<4>) -> %s"
            % (tx, ts)]
        src, tx = "%s", ts
    operands, types = src + ", %w", "%s, %s" % (tx, tw)
    if bias is not None:
        lines.append("  %%b = arith.constant dense<%s> : tensor<%dxi32>"
                     % (hexdata(bias, np.int32), f))
        operands += ", %b"
        types += ", tensor<%dxi32>" % f
    lines.append(
        "  %%acc = qnn.conv2d %s {input_zp = %d : i64, weight_zp = %d : i64, "
        "input_unsigned = %s, weight_unsigned = %s, strides = array<i64: %d, %d>, "
        "pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (%s) -> %s"
        % (operands, izp, wzp, str(iu).lower(), str(wu).lower(), stride, stride,
           types, tacc))
    if epi is None:
        lines.append("  return %%acc : %s" % tacc)
        expected = acc
    else:
        per_channel, ozp, relu, residual = epi
        rq = Requantize(rng, f, per_channel, ozp)
        lines.append(rq.op("%q", "%acc", tacc, t8))
        expected = rq.expected(acc)
        res, lo = "%q", ozp
        if residual:
            yp, op = (0.29, -6), (0.52, 2)
            lines.append(
                "  %%a = qnn.add %%q, %%y {lhs_params = #qnn.params<i8, scale = %r, zp = %d>, "
                "rhs_params = #qnn.params<i8, scale = %r, zp = %d>, "
                "output_params = #qnn.params<i8, scale = %r, zp = %d>} : (%s, %s) -> %s"
                % (rq.s_out, ozp, yp[0], yp[1], op[0], op[1], t8, t8, t8))
            expected = add_ref(expected, (rq.s_out, ozp), y.astype(np.int64), yp, op)
            res, lo = "%a", op[1]
        if relu:
            lines.append("  %%r = qnn.clamp %s {min = %d : i64, max = 127 : i64} : %s"
                         % (res, lo, t8))
            expected = np.maximum(expected, lo)
            res = "%r"
        lines.append("  return %s : %s" % (res, t8))
    lines.append("}")
    mlir = "\n".join(lines) + "\n"

    path, run_args = write_case(WORK, name, mlir, inputs)
    got, lowered = lower_and_run(QOPT, QRUN, path, run_args,
                                 os.path.join(WORK, name + ".llvm.mlir"),
                                 os.path.join(WORK, name + ".out.npy"),
                                 "target=" + TARGET, EVEX)
    ok, err = compare(got, expected, True)
    used = "llvm.x86.avx512.vpdpbusd.256" in lowered
    direct = not im2col_allocs(path)
    want_direct = c % 4 == 0 and stride == 1
    omp = ""
    if name in OMP_CASES:
        omp_got, omp_lowered = lower_and_run(
            QOPT, QRUN, path, run_args, os.path.join(WORK, name + ".omp.mlir"),
            os.path.join(WORK, name + ".omp.npy"),
            "target=%s threads=0 parallel-min-work=0" % TARGET, EVEX,
            ["--threads", "2"])
        omp_ok = "omp.wsloop" in omp_lowered and np.array_equal(omp_got, got)
        omp = " openmp_same=%s" % omp_ok
        ok = ok and omp_ok
    ok = ok and used and direct == want_direct
    print("%s %s max_err=%s kernel=%s direct=%s%s" % (
        "PASS" if ok else "FAIL", name, err, used, direct, omp))
    failed += 0 if ok else 1

if failed:
    print("%d FAILED" % failed)
    sys.exit(1)
print("ALL PASS")
