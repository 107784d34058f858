#!/usr/bin/env python3
"""Dense layers and run-time-B matmuls with a fused requantize epilogue on
the x86 GEMM kernels: qnn.matmul (+ a per-column i32 bias) -> qnn.requantize
to 8 bits, lowered by qnn-lower-to-llvm{target=TARGET} and run by quant-run;
the 8-bit results must equal an independent reference exactly: the int64
numpy matmul of the zero-point-corrected operands plus the bias, then
scripts/reference.py's requantize (31-bit fixed-point multiplier per
channel, rounded half to even, clamped).

  fused_matmul_check.py QUANT_OPT QUANT_RUN WORKDIR TARGET [evex]

TARGET: x86-avx512vnni (the zmm vpdpbusd kernel), x86-avx2 (vpmaddwd; a
constant B goes through the conv path's 1 x 1 conv, a run-time B through
the GEMM kernel) or x86-avxvnni (ymm vpdpbusd; with `evex`, each module
retargeted to AVX512-VNNI + VL so that a CPU without AVX-VNNI runs the same
IR and kernels).

Also checks the IR after qnn-x86-avx2-matmul: the GEMM kernel is used
(vpdpbusd / vpmaddwd) and no i32 buffer of the matmul's result shape is
left (the requantize runs on the accumulators in registers); M = 1 cases
skip that check (the run-time column term is a 1 x N i32 buffer).

Shapes are odd on purpose (1, 3, 17, 255 rows / columns; K = 2052 and 2061
past one k block of the unfused zmm kernel, K = 8200 for the fused zmm
kernel's shorter A blocks), with every zero-point case
(none, A only, B only, both; signed and unsigned), per-tensor and
per-channel scales, constant B (packed at compile time) and run-time B
(packed per call), batched run-time B (attention style), a residual
qnn.add read per tile, two cases also lowered with threads=0 and run on 2
threads, and an f32 dense layer with a bias and ReLU (run-time B; float
tolerance).
"""
import os
import re
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
from check_util import (SCRIPTS, as_i8, hexdata, retarget_evex, ty,  # noqa: E402
                        write_case)

sys.path.insert(0, SCRIPTS)
import reference  # noqa: E402

QOPT, QRUN, WORK, TARGET = sys.argv[1:5]
EVEX = sys.argv[5:] == ["evex"]
assert not EVEX or TARGET == "x86-avxvnni"
KERNEL = {"x86-avx2": "llvm.x86.avx2.pmadd.wd",
          "x86-avx512vnni": "llvm.x86.avx512.vpdpbusd.512",
          "x86-avxvnni": "llvm.x86.avx512.vpdpbusd.256"}[TARGET]
os.makedirs(WORK, exist_ok=True)
rng = np.random.default_rng(11)
failed = 0


def ints(shape, unsigned):
    lo, hi = (0, 256) if unsigned else (-128, 128)
    return rng.integers(lo, hi, size=shape)


def lower(name, src, extra=""):
    """quant-opt to LLVM (options `extra` added); returns (lowered path, the
    IR after the x86 GEMM pass)."""
    low = os.path.join(WORK, name + extra.replace("=", "") + ".llvm.mlir")
    r = subprocess.run([QOPT, src, "--qnn-lower-to-llvm=target=" + TARGET + extra,
                        "--mlir-print-ir-after=qnn-x86-avx2-matmul", "-o", low],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True, check=True)
    return low, r.stderr


def run(low, args, out, run_args=()):
    if EVEX:
        retarget_evex(low)
    r = subprocess.run([QRUN, "run", low] + args + ["-o", out] + list(run_args),
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    if r.returncode != 0:
        sys.stdout.write(r.stdout)
        print("FAIL quant-run %s (exit %d)" % (low, r.returncode))
        sys.exit(1)
    return np.load(out)
    return np.load(out)


def report(name, ok, detail):
    global failed
    print("%s %s %s" % ("PASS" if ok else "FAIL", name, detail))
    failed += 0 if ok else 1


def ir_ok(ir, acc_shape, elem, m, kernel=True):
    """The kernel is used (`kernel`) and (M > 1) no `elem` buffer of the
    accumulator's shape is allocated after the x86 pass."""
    if kernel and KERNEL not in ir and elem == "i32":
        return False, "no %s" % KERNEL
    if kernel and elem == "f32" and "vector.fma" not in ir:
        return False, "no vector.fma"
    acc = "memref<%sx%s>" % ("x".join(str(d) for d in acc_shape), elem)
    if m > 1 and re.search(r"memref\.alloc\(\)[^\n]*: " + re.escape(acc) + "\n", ir):
        return False, "an %s buffer remains" % acc
    return True, ""


def int_case(name, batch, m, k, n, lzp, rzp, lu, ru, const_b, per_channel,
             ozp, out_unsigned, with_bias):
    ashape = (batch, m, k) if batch else (m, k)
    bshape = (batch, k, n) if batch else (k, n)
    cshape = (batch, m, n) if batch else (m, n)
    a, b = ints(ashape, lu), ints(bshape, ru)
    acc = np.matmul(a.astype(np.int64) - lzp, b.astype(np.int64) - rzp)
    bias = rng.integers(-3000, 3000, size=n)
    if with_bias:
        acc = acc + bias
    assert np.all(np.abs(acc) < 2**31)
    # Scales so that the outputs spread over the 8-bit range (some clamp).
    spread = max(1.0, float(np.std(acc)))
    s_out = 0.37
    if per_channel:
        s_in = [float(v) for v in rng.uniform(20.0, 60.0, size=n) * s_out / spread]
        in_params = "#qnn.params<i32, axis = %d, scales = [%s], zps = [%s]>" % (
            len(cshape) - 1, ", ".join(repr(v) for v in s_in),
            ", ".join("0" for _ in s_in))
    else:
        s_in = [40.0 * s_out / spread] * n
        in_params = "#qnn.params<i32, scale = %r, zp = 0>" % s_in[0]
    oe = "ui8" if out_unsigned else "i8"
    out_params = "#qnn.params<%s, scale = %r, zp = %d>" % (oe, s_out, ozp)
    qmin, qmax = (0, 255) if out_unsigned else (-128, 127)
    params = reference.Params(s_out, ozp, qmin, qmax)
    expected = np.zeros(cshape, dtype=np.int64)
    for ch in range(n):
        expected[..., ch] = reference.requantize(acc[..., ch], s_in[ch] / s_out,
                                                 params)

    ta, tb = ty(ashape, "i8"), ty(bshape, "i8")
    tc, to = ty(cshape, "i32"), ty(cshape, "i8")
    attrs = ("{lhs_zp = %d : i64, rhs_zp = %d : i64, lhs_unsigned = %s, "
             "rhs_unsigned = %s}" % (lzp, rzp, str(lu).lower(), str(ru).lower()))
    args_sig = "%%a: %s" % ta + ("" if const_b else ", %%b: %s" % tb)
    lines = ["func.func @main(%s) -> %s {" % (args_sig, to)]
    if const_b:
        lines.append("  %%b = arith.constant dense<%s> : %s" % (hexdata(b, np.int8), tb))
    lines.append("  %%0 = qnn.matmul %%a, %%b %s : (%s, %s) -> %s" % (attrs, ta, tb, tc))
    res = "%0"
    if with_bias:
        rank = len(cshape)
        tbias = ty((1,) * (rank - 1) + (n,), "i32")
        vals = "[" * rank + ", ".join(str(int(v)) for v in bias) + "]" * rank
        lines.append("  %%bias = arith.constant dense<%s> : %s" % (vals, tbias))
        lines.append("  %%1 = tosa.add %%0, %%bias : (%s, %s) -> %s" % (tc, tbias, tc))
        res = "%1"
    lines.append("  %%2 = qnn.requantize %s {input_params = %s, output_params = %s} : "
                 "%s -> %s" % (res, in_params, out_params, tc, to))
    lines.append("  return %%2 : %s\n}\n" % to)
    inputs = [as_i8(a)] if const_b else [as_i8(a), as_i8(b)]
    src, args = write_case(WORK, name, "\n".join(lines), inputs)
    low, ir = lower(name, src)
    got = run(low, args, os.path.join(WORK, name + ".out.npy"))
    if out_unsigned:
        got = got.view(np.uint8)
    # A 1 x 1 constant B is a splat: linalg folds it into the body as a
    # scalar and the op falls back to loops (still exact).
    ok_ir, why = ir_ok(ir, cshape, "i32", m, kernel=not (const_b and k * n == 1))
    ok = got.shape == expected.shape and np.array_equal(got.astype(np.int64), expected)
    diff = int(np.sum(got.astype(np.int64) != expected)) if got.shape == expected.shape else -1
    if name in THREADED:
        # The row blocks x column groups as an OpenMP loop, run on 2 threads.
        low, ir = lower(name, src, " threads=0")
        got = run(low, args, os.path.join(WORK, name + ".omp.out.npy"),
                  ["--threads", "2"])
        if out_unsigned:
            got = got.view(np.uint8)
        ok = ok and "omp.parallel" in open(low).read() and np.array_equal(
            got.astype(np.int64), expected)
        why += " (and threads=0 on 2 threads)"
    report(name, ok and ok_ir, "mismatches=%d %s" % (diff, why))


THREADED = {"rtB_pc_255x1030x47", "constB_pt_255x1030x47"}
CASES = []  # (name, batch, m, k, n, lzp, rzp, lu, ru, const_b, per_channel, ozp, out_u, bias)
ZP = [(0, 0, True, False), (7, 0, True, False), (0, -3, False, False),
      (200, 130, True, True), (-5, 4, False, False), (3, 250, False, True)]
SHAPES = [(1, 1, 1), (3, 17, 5), (17, 255, 33), (255, 3, 17), (1, 255, 3),
          (17, 2052, 3), (3, 2061, 255), (255, 1030, 47)]
for i, (m, k, n) in enumerate(SHAPES):
    for j, const_b in enumerate((True, False)):
        lzp, rzp, lu, ru = ZP[(i + 3 * j) % len(ZP)]
        per_channel = (i + j) % 2 == 0
        CASES.append(("%s_%s_%dx%dx%d" % ("constB" if const_b else "rtB",
                                          "pc" if per_channel else "pt", m, k, n),
                      0, m, k, n, lzp, rzp, lu, ru, const_b, per_channel,
                      (i * 13) % 40 - 20, False, (i + j) % 3 != 2))
# Every zero-point case on one shape with both B kinds.
for (lzp, rzp, lu, ru) in ZP:
    for const_b in (True, False):
        CASES.append(("zp_%d_%d_%s%s_%s_29x70x35" % (lzp, rzp, "u" if lu else "s",
                                                     "u" if ru else "s",
                                                     "constB" if const_b else "rtB"),
                      0, 29, 70, 35, lzp, rzp, lu, ru, const_b, True, 5, False, True))
# u8 output; batched run-time B (attention style); a full 12 x 32 zmm tile
# grid with an exact 96-row block.
CASES.append(("u8out_rtB_pc_24x64x64", 0, 24, 64, 64, 3, 0, True, False, False,
              True, 100, True, True))
CASES.append(("batch3_rtB_pc_17x33x19", 3, 17, 33, 19, 2, -1, True, False, False,
              True, -7, False, True))
CASES.append(("batch2_constB_pc_13x64x33", 2, 13, 64, 33, 9, 3, True, False, True,
              True, 4, False, True))
CASES.append(("batch2_rtB_pt_12x64x32", 2, 12, 64, 32, 0, 0, False, False, False,
              False, 0, False, False))
# K = 8200: the zmm kernel's A blocks shrink to 36 rows (A' of a block
# within 384 KiB), three blocks and a 4-row tail.
CASES.append(("rtB_pc_100x8200x40", 0, 100, 8200, 40, 5, -1, True, False, False,
              True, -3, False, True))
CASES.append(("constB_pc_96x128x64", 0, 96, 128, 64, 1, 2, True, False, True,
              True, 1, False, True))

for c in CASES:
    int_case(*c)

# Residual: requantize to u8, then qnn.add of a u8 tensor of the result's
# shape (the shortcut, read element by element in the fused epilogue);
# reference: scripts/reference.py's requantize, then the fixed-point add of
# residual_fusion_check.py (exact rationals).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import residual_fusion_check as rfc  # noqa: E402


def residual_case(name, batch, m, k, n, const_b):
    ashape = (batch, m, k) if batch else (m, k)
    bshape = (batch, k, n) if batch else (k, n)
    cshape = (batch, m, n) if batch else (m, n)
    a, b, x = ints(ashape, True), ints(bshape, False), ints(cshape, True)
    acc = np.matmul(a.astype(np.int64) - 4, b.astype(np.int64))
    q1, xq, r = (0.05, 7), (0.03, 3), (0.07, 2)
    s_in = [float(v) for v in rng.uniform(0.5, 1.5, size=n) * 30.0 * q1[0] /
            max(1.0, float(np.std(acc)))]
    params = reference.Params(q1[0], q1[1], 0, 255)
    rq = np.zeros(cshape, dtype=np.int64)
    for ch in range(n):
        rq[..., ch] = reference.requantize(acc[..., ch], s_in[ch] / q1[0], params)
    expected = rfc.add(rq, q1, x, xq, r)
    ta, tb, tc = ty(ashape, "i8"), ty(bshape, "i8"), ty(cshape, "i32")
    to = ty(cshape, "i8")
    p = lambda q: "#qnn.params<ui8, scale = %r, zp = %d>" % q
    in_params = "#qnn.params<i32, axis = %d, scales = [%s], zps = [%s]>" % (
        len(cshape) - 1, ", ".join(repr(v) for v in s_in), ", ".join("0" for _ in s_in))
    lines = ["func.func @main(%%a: %s, %%x: %s%s) -> %s {"
             % (ta, to, "" if const_b else ", %%b: %s" % tb, to)]
    if const_b:
        lines.append("  %%b = arith.constant dense<%s> : %s" % (hexdata(b, np.int8), tb))
    lines += ["  %%0 = qnn.matmul %%a, %%b {lhs_zp = 4 : i64, lhs_unsigned = true} : "
              "(%s, %s) -> %s" % (ta, tb, tc),
              "  %%1 = qnn.requantize %%0 {input_params = %s, output_params = %s} : %s -> %s"
              % (in_params, p(q1), tc, to),
              "  %%2 = qnn.add %%1, %%x {lhs_params = %s, rhs_params = %s, output_params = %s}"
              " : (%s, %s) -> %s" % (p(q1), p(xq), p(r), to, to, to),
              "  return %%2 : %s\n}\n" % to]
    inputs = [as_i8(a), as_i8(x)] + ([] if const_b else [as_i8(b)])
    src, args = write_case(WORK, name, "\n".join(lines), inputs)
    low, ir = lower(name, src)
    got = run(low, args, os.path.join(WORK, name + ".out.npy")).view(np.uint8)
    ok_ir, why = ir_ok(ir, cshape, "i32", m)
    ok = got.shape == expected.shape and np.array_equal(got.astype(np.int64), expected)
    diff = int(np.sum(got.astype(np.int64) != expected)) if got.shape == expected.shape else -1
    report(name, ok and ok_ir, "mismatches=%d %s" % (diff, why))


residual_case("residual_constB_17x255x33", 0, 17, 255, 33, True)
residual_case("residual_rtB_29x70x35", 0, 29, 70, 35, False)
residual_case("residual_batch2_rtB_13x40x20", 2, 13, 40, 20, False)

# linalg.matmul (i8 x i8, sign-extended) accumulating onto a bias broadcast
# (an argument) or a fill with 7, then a generic clamp(acc >> 7) to i8: the
# init's bias / splat is the fused kernel's start value.
LINALG = """#id = affine_map<(d0, d1) -> (d0, d1)>
#col = affine_map<(d0, d1) -> (d1)>
func.func @main(%%a: %(ta)s%(bsig)s%(biassig)s) -> %(to)s {
%(bconst)s  %%e = tensor.empty() : %(tc)s
%(init)s
  %%0 = linalg.matmul ins(%%a, %%b : %(ta)s, %(tb)s) outs(%%init : %(tc)s) -> %(tc)s
  %%e8 = tensor.empty() : %(to)s
  %%1 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]} ins(%%0 : %(tc)s) outs(%%e8 : %(to)s) {
  ^bb0(%%x: i32, %%o: i8):
    %%c7 = arith.constant 7 : i32
    %%lo = arith.constant -128 : i32
    %%hi = arith.constant 127 : i32
    %%s = arith.shrsi %%x, %%c7 : i32
    %%m = arith.maxsi %%s, %%lo : i32
    %%n = arith.minsi %%m, %%hi : i32
    %%t = arith.trunci %%n : i32 to i8
    linalg.yield %%t : i8
  } -> %(to)s
  return %%1 : %(to)s
}
"""
for (m, k, n, const_b, bias_arg) in [(17, 40, 33, False, True), (29, 255, 17, True, False),
                                     (3, 2061, 35, False, False), (255, 64, 3, True, True)]:
    name = "linalg_%s_%s_%dx%dx%d" % ("constB" if const_b else "rtB",
                                      "biasinit" if bias_arg else "fill7", m, k, n)
    a, b = ints((m, k), False), ints((k, n), False)
    bias = rng.integers(-5000, 5000, size=n) if bias_arg else np.full(n, 7)
    expected = np.clip((a @ b + bias) >> 7, -128, 127)
    ta, tb, tc, to = ty((m, k), "i8"), ty((k, n), "i8"), ty((m, n), "i32"), ty((m, n), "i8")
    init = ("  %%init = linalg.generic {indexing_maps = [#col, #id], iterator_types = "
            "[\"parallel\", \"parallel\"]} ins(%%bias : %s) outs(%%e : %s) {\n"
            "  ^bb0(%%x: i32, %%o: i32):\n    linalg.yield %%x : i32\n  } -> %s"
            % (ty((n,), "i32"), tc, tc)) if bias_arg else (
            "  %%c7i = arith.constant 7 : i32\n"
            "  %%init = linalg.fill ins(%%c7i : i32) outs(%%e : %s) -> %s" % (tc, tc))
    mlir = LINALG % dict(
        ta=ta, tb=tb, tc=tc, to=to, init=init,
        bsig="" if const_b else ", %%b: %s" % tb,
        biassig=", %%bias: %s" % ty((n,), "i32") if bias_arg else "",
        bconst="  %%b = arith.constant dense<%s> : %s\n" % (hexdata(b, np.int8), tb)
        if const_b else "")
    inputs = [as_i8(a)] + ([] if const_b else [as_i8(b)]) + (
        [bias.astype(np.int32)] if bias_arg else [])
    src, args = write_case(WORK, name, mlir, inputs)
    low, ir = lower(name, src)
    got = run(low, args, os.path.join(WORK, name + ".out.npy"))
    ok_ir, why = ir_ok(ir, (m, n), "i32", m)
    ok = got.shape == expected.shape and np.array_equal(got.astype(np.int64), expected)
    diff = int(np.sum(got.astype(np.int64) != expected)) if got.shape == expected.shape else -1
    report(name, ok and ok_ir, "mismatches=%d %s" % (diff, why))

# f32 dense layer with a run-time B: matmul + per-column bias, then ReLU.
for (m, k, n) in [(3, 17, 5), (17, 255, 33)]:
    name = "f32_rtB_bias_relu_%dx%dx%d" % (m, k, n)
    a = rng.standard_normal((m, k)).astype(np.float32)
    b = rng.standard_normal((k, n)).astype(np.float32)
    bias = rng.standard_normal(n).astype(np.float32)
    expected = np.maximum(a.astype(np.float64) @ b.astype(np.float64) + bias, 0.0)
    ta, tb, tc = ty((m, k), "f32"), ty((k, n), "f32"), ty((m, n), "f32")
    mlir = ("func.func @main(%%a: %s, %%b: %s) -> %s {\n"
            "  %%z = arith.constant 0.0 : f32\n  %%e = tensor.empty() : %s\n"
            "  %%c = linalg.fill ins(%%z : f32) outs(%%e : %s) -> %s\n"
            "  %%0 = linalg.matmul ins(%%a, %%b : %s, %s) outs(%%c : %s) -> %s\n"
            "  %%bias = arith.constant dense<%s> : tensor<1x%dxf32>\n"
            "  %%1 = tosa.add %%0, %%bias : (%s, tensor<1x%dxf32>) -> %s\n"
            "  %%2 = tosa.clamp %%1 {min_val = 0.0 : f32, max_val = 3.0e38 : f32} : (%s) -> %s\n"
            "  return %%2 : %s\n}\n"
            % (ta, tb, tc, tc, tc, tc, ta, tb, tc, tc,
               "[[%s]]" % ", ".join(repr(float(v)) for v in bias), n, tc, n, tc,
               tc, tc, tc))
    src, args = write_case(WORK, name, mlir, [a, b])
    low, ir = lower(name, src)
    got = run(low, args, os.path.join(WORK, name + ".out.npy"))
    err = float(np.max(np.abs(got.astype(np.float64) - expected)))
    ok = err <= 1e-4 * max(1.0, float(np.max(np.abs(expected))))
    ok_ir, why = ir_ok(ir, (m, n), "f32", m)
    report(name, ok and ok_ir, "max_err=%g %s" % (err, why))

if failed:
    print("%d FAILED" % failed)
    sys.exit(1)
print("ALL PASS")
