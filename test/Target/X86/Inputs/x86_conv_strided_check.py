#!/usr/bin/env python3
"""Convolutions whose input is a tosa.slice (after bufferization a strided
memref.subview of the producer's buffer, as before ResNet's stride-2 1 x 1
projection convs): qnn-lower-to-llvm{target=TARGET} must still use the x86
im2col kernel (the window addresses use the underlying buffer's pitch and
the view's offset), and quant-run's results must equal an independent numpy
reference: int32 exactly (int64 arithmetic), f32 to 1e-4 relative against
float64.

  x86_conv_strided_check.py QUANT_OPT QUANT_RUN WORKDIR [TARGET]

Prints "PASS name ..." or "FAIL name ..." per case, then "ALL PASS" or
exits 1.
"""
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
from check_util import compare, conv_ref, hexdata, ty  # noqa: E402

QOPT, QRUN, WORK = sys.argv[1:4]
TARGET = sys.argv[4] if len(sys.argv) > 4 else "x86-avx2"
INT_KERNEL = {"x86-avx2": "llvm.x86.avx2.pmadd.wd",
              "x86-avx512vnni": "llvm.x86.avx512.vpdpbusd.256"}[TARGET]
os.makedirs(WORK, exist_ok=True)
rng = np.random.default_rng(11)
failed = 0


def run_case(name, mlir, x, expected, exact, kernel):
    global failed
    src = os.path.join(WORK, name + ".mlir")
    low = os.path.join(WORK, name + ".llvm.mlir")
    inp = os.path.join(WORK, name + ".in.npy")
    out = os.path.join(WORK, name + ".out.npy")
    with open(src, "w") as f:
        f.write(mlir)
    np.save(inp, x)
    subprocess.run([QOPT, src, "--qnn-lower-to-llvm=target=" + TARGET,
                    "-o", low], check=True)
    used = kernel in open(low).read()
    subprocess.run([QRUN, "run", low, "--input", inp, "-o", out], check=True)
    got = np.load(out)
    ok, err = compare(got, expected, exact)
    ok = ok and used
    print("%s %s max_err=%s kernel=%s" % ("PASS" if ok else "FAIL", name, err,
                                          used))
    failed += 0 if ok else 1


def slice_lines(x_ty, start, size, s_ty, elem):
    return [
        "  %%st = tosa.const_shape {values = dense<[%s]> : tensor<4xindex>} : () -> !tosa.shape<4>"
        % ", ".join(map(str, start)),
        "  %%sz = tosa.const_shape {values = dense<[%s]> : tensor<4xindex>} : () -> !tosa.shape<4>"
        % ", ".join(map(str, size)),
        "  %%s = tosa.slice %%x, %%st, %%sz : (%s, !tosa.shape<4>, !tosa.shape<4>) -> %s"
        % (x_ty, s_ty)]


# (name, input shape, slice start, slice size, filters, kernel, stride, relu)
F32_CASES = [
    # ResNet's projection: the top-left (H-1) x (W-1) of the map, 1 x 1,
    # stride 2; 17 channels, 33 filters (ragged panel).
    ("f32_1x1_s2_topleft", (1, 12, 10, 17), (0, 0, 0, 0), (1, 11, 9, 17), 33, 1, 2, False),
    # Offset slice (rows and columns cut on both sides), batch 2, 3 x 3,
    # ReLU fused into the epilogue.
    ("f32_3x3_offset_b2_relu", (2, 11, 12, 5), (0, 1, 2, 0), (2, 9, 8, 5), 20, 3, 1, True),
]
for (name, xs, start, size, f, k, stride, relu) in F32_CASES:
    x = rng.standard_normal(xs).astype(np.float32)
    wt = rng.standard_normal((f, k, k, xs[3])).astype(np.float32)
    bias = rng.standard_normal((f,)).astype(np.float32)
    sl = x[start[0]:start[0] + size[0], start[1]:start[1] + size[1],
           start[2]:start[2] + size[2], :]
    ref = conv_ref(sl.astype(np.float64), wt.astype(np.float64), (stride, stride)) + bias
    if relu:
        ref = np.maximum(ref, 0.0)
    tx, ts, tw = ty(xs, "f32"), ty(size, "f32"), ty(wt.shape, "f32")
    tb, to = ty((f,), "f32"), ty(ref.shape, "f32")
    lines = ["func.func @main(%%x: %s) -> %s {" % (tx, to),
             "  %%w = \"tosa.const\"() <{values = dense<%s> : %s}> : () -> %s" % (hexdata(wt, np.float32), tw, tw),
             "  %%b = \"tosa.const\"() <{values = dense<%s> : %s}> : () -> %s" % (hexdata(bias, np.float32), tb, tb),
             "  %zp = \"tosa.const\"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>"]
    lines += slice_lines(tx, start, size, ts, "f32")
    lines.append("  %%y = tosa.conv2d %%s, %%w, %%b, %%zp, %%zp {acc_type = f32, dilation = array<i64: 1, 1>, "
                 "pad = array<i64: 0, 0, 0, 0>, stride = array<i64: %d, %d>} : (%s, %s, %s, tensor<1xf32>, tensor<1xf32>) -> %s"
                 % (stride, stride, ts, tw, tb, to))
    res = "%y"
    if relu:
        lines.append("  %%r = tosa.clamp %%y {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (%s) -> %s" % (to, to))
        res = "%r"
    lines += ["  return %s : %s" % (res, to), "}"]
    run_case(name, "\n".join(lines) + "\n", x, ref, False, "llvm.intr.fmuladd")

# int8 qnn.conv2d on a slice with an offset, batch 2, zero point: exact.
xs, start, size, f, k, stride, izp = (2, 10, 11, 16), (0, 1, 1, 0), (2, 9, 9, 16), 24, 3, 2, -3
x = rng.integers(-128, 128, size=xs)
wt = rng.integers(-128, 128, size=(f, k, k, xs[3]))
sl = x[:, 1:10, 1:10, :].astype(np.int64)
ref = conv_ref(sl - izp, wt.astype(np.int64), (stride, stride))
tx, ts, tw, to = ty(xs, "i8"), ty(size, "i8"), ty(wt.shape, "i8"), ty(ref.shape, "i32")
lines = ["func.func @main(%%x: %s) -> %s {" % (tx, to),
         "  %%w = arith.constant dense<%s> : %s" % (hexdata(wt, np.int8), tw)]
lines += slice_lines(tx, start, size, ts, "i8")
lines += ["  %%acc = qnn.conv2d %%s, %%w {input_zp = %d : i64, strides = array<i64: %d, %d>, "
          "pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>} : (%s, %s) -> %s"
          % (izp, stride, stride, ts, tw, to),
          "  return %%acc : %s" % to, "}"]
run_case("i8_3x3_s2_offset_b2_zp", "\n".join(lines) + "\n", x.astype(np.int8), ref, True,
         INT_KERNEL)

if failed:
    print("%d FAILED" % failed)
    sys.exit(1)
print("ALL PASS")
