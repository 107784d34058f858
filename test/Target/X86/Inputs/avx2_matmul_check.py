#!/usr/bin/env python3
"""Runs qnn.matmul / linalg.matmul cases through
qnn-lower-to-llvm{target=x86-avx2} and quant-run and compares the int32
results with a numpy int64 reference (exact), f32 with a float64 reference.

  avx2_matmul_check.py QUANT_OPT QUANT_RUN WORKDIR [TARGET]

TARGET: x86-avx2 (default; integer kernel vpmaddwd), x86-avx512vnni
(vpdpbusd on zmm with zero-point compensation) or x86-avxvnni (the same on
ymm: 6 x 16 tiles, VEX AVX-VNNI). A last argument `evex` (x86-avxvnni on a
CPU with AVX512-VNNI + VL but without AVX-VNNI) runs each x86-avxvnni module
with its target features swapped for AVX512-VNNI + VL: the same IR and
kernels, vpdpbusd encoded with EVEX instead of VEX.

Prints one line per case ("PASS name ..." or "FAIL name ..."), then
"ALL PASS" or exits 1. Shapes are odd on purpose (ragged 6-row and 16-column
tiles, odd K), zero points non-zero, signed and unsigned operands, B as an
argument (packed at run time) and as a constant (packed at compile time),
batched and not.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
from check_util import lower_and_run, write_case  # noqa: E402

QOPT, QRUN, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
TARGET = sys.argv[4] if len(sys.argv) > 4 else "x86-avx2"
EVEX = sys.argv[5:] == ["evex"]
assert not EVEX or TARGET == "x86-avxvnni"
INT_KERNEL = {"x86-avx2": "llvm.x86.avx2.pmadd.wd",
              "x86-avx512vnni": "llvm.x86.avx512.vpdpbusd.512",
              "x86-avxvnni": "llvm.x86.avx512.vpdpbusd.256"}[TARGET]
os.makedirs(WORK, exist_ok=True)
rng = np.random.default_rng(5)


def ty(shape, e):
    return "tensor<%sx%s>" % ("x".join(str(d) for d in shape), e)


def hexdata(arr):
    return '"0x' + arr.astype(np.int8).tobytes().hex().upper() + '"'


def as_i8(arr):
    """Bit pattern as int8 (quant-run takes i8 tensors as int8 arrays)."""
    return (arr.astype(np.int64) & 0xFF).astype(np.uint8).view(np.int8)


def ints(shape, unsigned):
    lo, hi = (0, 256) if unsigned else (-128, 128)
    return rng.integers(lo, hi, size=shape)


CASES = []  # (name, batch, m, k, n, lzp, rzp, lu, ru, const_b)
for (m, k, n) in [(1, 1, 1), (3, 17, 5), (17, 255, 33), (64, 64, 64),
                  (7, 300, 40), (13, 1, 19)]:
    CASES.append(("s8s8_zp0_%dx%dx%d" % (m, k, n), 0, m, k, n, 0, 0, False, False, False))
    CASES.append(("u8s8_zp_%dx%dx%d" % (m, k, n), 0, m, k, n, 128, -3, True, False, False))
    CASES.append(("s8u8_constB_%dx%dx%d" % (m, k, n), 0, m, k, n, -5, 200, False, True, True))
CASES.append(("u8s8_nozp_25x70x48", 0, 25, 70, 48, 0, 0, True, False, False))
CASES.append(("u8s8_nozp_constB_25x70x48", 0, 25, 70, 48, 0, 0, True, False, True))
CASES.append(("u8u8_constB_zp_14x9x35", 0, 14, 9, 35, 3, 250, True, True, True))
CASES.append(("u8u8_batch3_5x33x17", 3, 5, 33, 17, 7, 255, True, True, False))
CASES.append(("s8s8_batch2_constB_6x16x16", 2, 6, 16, 16, -128, 127, False, False, True))
# Register-tile / cache-block edges of the x86-avx512vnni kernel (12 x 32
# zmm tiles, A blocks of 96 rows, k blocks of 2048): M past a block with a
# ragged last tile, K past a block and not a multiple of 4, N tails of a
# full panel + a partial one, exact tiles, K < 4.
CASES.append(("u8s8_zp_255x1030x47", 0, 255, 1030, 47, 3, -7, True, False, False))
CASES.append(("s8u8_constB_zp_97x1027x63", 0, 97, 1027, 63, -2, 129, False, True, True))
CASES.append(("s8s8_constB_zp_100x4x96", 0, 100, 4, 96, 5, 1, False, False, True))
CASES.append(("u8s8_nozp_constB_12x3x32", 0, 12, 3, 32, 0, 0, True, False, True))
# Unsigned A with K % 4 == 0 (vnni: A read in place, not packed), batched;
# two k blocks (K = 2052 and 2061: the second block's accumulation into C).
CASES.append(("u8s8_zp_constB_101x1028x40", 0, 101, 1028, 40, 9, -4, True, False, True))
CASES.append(("u8s8_zp_constB_29x2052x35", 0, 29, 2052, 35, 9, -4, True, False, True))
CASES.append(("s8s8_zp_19x2061x21", 0, 19, 2061, 21, -3, 5, False, False, False))
CASES.append(("u8s8_batch2_zp_13x64x33", 2, 13, 64, 33, 200, 3, True, False, False))
# Extremes: every product (-128 - 127) * (-128 - 127) at full magnitude.
CASES.append(("extreme_zp_9x31x18", 0, 9, 31, 18, 127, 127, False, False, False))

failed = 0


def run_case(name, mlir, inputs, expected, exact, expect_kernel=True):
    global failed
    src, args = write_case(WORK, name, mlir, inputs)
    got, lowered = lower_and_run(QOPT, QRUN, src, args,
                                 os.path.join(WORK, name + ".llvm.mlir"),
                                 os.path.join(WORK, name + ".out.npy"),
                                 "target=" + TARGET, EVEX)
    if exact:
        ok = got.dtype == np.int32 and np.array_equal(got.astype(np.int64), expected)
        err = int(np.max(np.abs(got.astype(np.int64) - expected))) if got.shape == expected.shape else -1
    else:
        err = float(np.max(np.abs(got.astype(np.float64) - expected)))
        ok = err <= 1e-4 * max(1.0, float(np.max(np.abs(expected))))
    # The avx2 kernel must actually have been used.
    kernel = (INT_KERNEL in lowered) if exact else (
        "llvm.intr.fmuladd" in lowered and "vector<8xf32>" in lowered)
    ok = ok and kernel == expect_kernel
    print("%s %s max_err=%s kernel=%s" % ("PASS" if ok else "FAIL", name, err, kernel))
    failed += 0 if ok else 1


for (name, batch, m, k, n, lzp, rzp, lu, ru, const_b) in CASES:
    ashape = (batch, m, k) if batch else (m, k)
    bshape = (batch, k, n) if batch else (k, n)
    cshape = (batch, m, n) if batch else (m, n)
    a = ints(ashape, lu)
    b = ints(bshape, ru)
    if name.startswith("extreme"):
        a = np.full(ashape, -128)
        b = np.full(bshape, -128)
    ref = np.matmul(a.astype(np.int64) - lzp, b.astype(np.int64) - rzp)
    assert np.all(np.abs(ref) < 2**31)
    attrs = "{lhs_zp = %d : i64, rhs_zp = %d : i64, lhs_unsigned = %s, rhs_unsigned = %s}" % (
        lzp, rzp, str(lu).lower(), str(ru).lower())
    ta, tb, tc = ty(ashape, "i8"), ty(bshape, "i8"), ty(cshape, "i32")
    if const_b:
        mlir = ("func.func @main(%%a: %s) -> %s {\n"
                "  %%b = arith.constant dense<%s> : %s\n"
                "  %%0 = qnn.matmul %%a, %%b %s : (%s, %s) -> %s\n"
                "  return %%0 : %s\n}\n" % (ta, tc, hexdata(b), tb, attrs, ta, tb, tc, tc))
        inputs = [as_i8(a)]
    else:
        mlir = ("func.func @main(%%a: %s, %%b: %s) -> %s {\n"
                "  %%0 = qnn.matmul %%a, %%b %s : (%s, %s) -> %s\n"
                "  return %%0 : %s\n}\n" % (ta, tb, tc, attrs, ta, tb, tc, tc))
        inputs = [as_i8(a), as_i8(b)]
    # A 1x1 constant B is a splat: linalg folds it into the body as a scalar
    # and the op falls back to loops (still exact).
    run_case(name, mlir, inputs, ref, True,
             expect_kernel=not (const_b and k * n == 1))

# Plain linalg.matmul i8 x i8 -> i32 (named op, sign-extending) and f32;
# the i8 one also accumulating onto C filled with 7 (a fill of C with 0
# becomes the kernel's zero start, any other is kept).
for (m, k, n, init) in [(3, 17, 5, 0), (17, 255, 33, 0), (17, 260, 40, 7)]:
    a = ints((m, k), False).astype(np.int8)
    b = ints((k, n), False).astype(np.int8)
    ref = a.astype(np.int64) @ b.astype(np.int64) + init
    ta, tb, tc = ty((m, k), "i8"), ty((k, n), "i8"), ty((m, n), "i32")
    mlir = ("func.func @main(%%a: %s, %%b: %s) -> %s {\n"
            "  %%z = arith.constant %d : i32\n  %%e = tensor.empty() : %s\n"
            "  %%c = linalg.fill ins(%%z : i32) outs(%%e : %s) -> %s\n"
            "  %%0 = linalg.matmul ins(%%a, %%b : %s, %s) outs(%%c : %s) -> %s\n"
            "  return %%0 : %s\n}\n" % (ta, tb, tc, init, tc, tc, tc, ta, tb, tc, tc, tc))
    run_case("linalg_i8_%dx%dx%d" % (m, k, n), mlir, [a, b], ref, True)
    af = rng.standard_normal((m, k)).astype(np.float32)
    bf = rng.standard_normal((k, n)).astype(np.float32)
    reff = af.astype(np.float64) @ bf.astype(np.float64)
    ta, tb, tc = ty((m, k), "f32"), ty((k, n), "f32"), ty((m, n), "f32")
    mlir = ("func.func @main(%%a: %s, %%b: %s) -> %s {\n"
            "  %%z = arith.constant 0.0 : f32\n  %%e = tensor.empty() : %s\n"
            "  %%c = linalg.fill ins(%%z : f32) outs(%%e : %s) -> %s\n"
            "  %%0 = linalg.matmul ins(%%a, %%b : %s, %s) outs(%%c : %s) -> %s\n"
            "  return %%0 : %s\n}\n" % (ta, tb, tc, tc, tc, tc, ta, tb, tc, tc, tc))
    run_case("linalg_f32_%dx%dx%d" % (m, k, n), mlir, [af, bf], reff, False)

if failed:
    print("%d FAILED" % failed)
    sys.exit(1)
print("ALL PASS")
