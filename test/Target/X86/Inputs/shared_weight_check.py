#!/usr/bin/env python3
"""Two functions of one module read the same constant weight (a matmul each,
with different zero points, and a conv each): lowering the module for an x86
target packs the weight once per use into globals that must get distinct
names (it failed with "redefinition of symbol named
'__constant_..._x86_packed'", as `quant-run profile` lowers an entry together
with its instrumented clone). Each entry's results must equal a numpy int64
reference exactly.

  shared_weight_check.py QUANT_OPT QUANT_RUN WORKDIR TARGET

Prints "PASS name" / "FAIL name" per entry, then "ALL PASS" or exits 1.
"""
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
from check_util import conv_ref, hexdata, ty  # noqa: E402

QOPT, QRUN, WORK, TARGET = sys.argv[1:5]
os.makedirs(WORK, exist_ok=True)
rng = np.random.default_rng(7)

M, K, N = 7, 40, 20
w = rng.integers(-128, 128, size=(K, N))
a = rng.integers(-128, 128, size=(M, K))
cw = rng.integers(-128, 128, size=(16, 3, 3, 5))  # FHWC
cx = rng.integers(-128, 128, size=(1, 8, 8, 5))
ENTRIES = {  # name: (input, reference)
    "mm1": (a, (a - 3) @ (w + 1)),
    "mm2": (a, (a - 5) @ (w - 2)),
    "conv1": (cx, conv_ref(cx - 1, cw, (1, 1))),
    "conv2": (cx, conv_ref(cx + 4, cw - 1, (2, 2))),
}
wd = "dense<%s> : %s" % (hexdata(w, np.int8), ty((K, N), "i8"))
cwd = "dense<%s> : %s" % (hexdata(cw, np.int8), ty(cw.shape, "i8"))
MM = """func.func @mm{i}(%a: {A}) -> {O} {{
  %w = arith.constant {W}
  %0 = qnn.matmul %a, %w {{lhs_zp = {zpa} : i64, rhs_zp = {zpb} : i64}} : ({A}, {B}) -> {O}
  return %0 : {O}
}}
"""
CONV = """func.func @conv{i}(%x: {X}) -> {CO} {{
  %w = arith.constant {CW}
  %0 = qnn.conv2d %x, %w {{input_zp = {zpa} : i64, weight_zp = {zpb} : i64, strides = array<i64: {s}, {s}>, pad = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}} : ({X}, {CWT}) -> {CO}
  return %0 : {CO}
}}
"""
fmt = dict(A=ty((M, K), "i8"), B=ty((K, N), "i8"), O=ty((M, N), "i32"),
           W=wd, X=ty(cx.shape, "i8"), CW=cwd, CWT=ty(cw.shape, "i8"))
text = (MM.format(i=1, zpa=3, zpb=-1, **fmt) +
        MM.format(i=2, zpa=5, zpb=2, **fmt) +
        CONV.format(i=1, zpa=1, zpb=0, s=1,
                    CO=ty(ENTRIES["conv1"][1].shape, "i32"), **fmt) +
        CONV.format(i=2, zpa=-4, zpb=1, s=2,
                    CO=ty(ENTRIES["conv2"][1].shape, "i32"), **fmt))
src = os.path.join(WORK, "shared.mlir")
open(src, "w").write(text)
low = os.path.join(WORK, "shared.ll.mlir")
subprocess.run([QOPT, src, "--qnn-lower-to-llvm=target=" + TARGET, "-o", low],
               check=True)
lowered = open(low).read()
packed = [l for l in lowered.splitlines() if "llvm.mlir.global" in l and "_x86_" in l]
failed = False
if len(packed) < 4:
    print("FAIL packed globals: %d" % len(packed))
    failed = True
for name, (x, ref) in ENTRIES.items():
    inp = os.path.join(WORK, name + ".in.npy")
    out = os.path.join(WORK, name + ".out.npy")
    np.save(inp, x.astype(np.int8))
    subprocess.run([QRUN, "run", low, "--entry", name, "--input", inp, "-o", out],
                   check=True)
    got = np.load(out).astype(np.int64)
    ok = got.shape == ref.shape and np.array_equal(got, ref)
    print("%s %s" % ("PASS" if ok else "FAIL", name))
    failed |= not ok
if failed:
    sys.exit(1)
print("ALL PASS")
