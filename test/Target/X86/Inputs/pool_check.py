#!/usr/bin/env python3
"""Runs NHWC max pooling (tosa.max_pool2d on f32 / i8 / i16,
linalg.pooling_nhwc_max_unsigned on u8, linalg.pooling_nhwc_max with
dilations, on a tensor.pad'ed input too) through qnn-lower-to-llvm{target=TARGET} and quant-run, and
compares the results with a numpy reference, exactly (f32 too: a max is
exact; NaN where the reference has NaN).

  pool_check.py QUANT_OPT QUANT_RUN WORKDIR TARGET [evex]

`evex` (x86-avxvnni only): the lowered module retargeted to AVX512-VNNI + VL,
for a CPU without AVX-VNNI (check_util.retarget_evex).

The reference follows the TOSA -> linalg lowering: the input padded with
the type's lowest value (f32: -FLT_MAX, not -inf; i8: -128) and the output
initialized with it, so an all -inf window gives -FLT_MAX; NaN anywhere in a
window gives NaN (arith.maximumf propagates NaN). Channel counts 1, 3, 17,
33, 64, 100 (ragged vector tails on every target), strides 1 and 2,
asymmetric pads, a 9x9 window (the tap loops of large windows). Each lowered
module must use the x86 kernel (vector max of the target's width), checked
in the LLVM dialect text. Prints "PASS name" / "FAIL name" per case, then
"ALL PASS" or exits 1.
"""
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
from check_util import lower_and_run, write_case  # noqa: E402

QOPT, QRUN, WORK, TARGET = sys.argv[1:5]
EVEX = sys.argv[5:] == ["evex"]
os.makedirs(WORK, exist_ok=True)
rng = np.random.default_rng(11)
ZMM = TARGET == "x86-avx512vnni"
FLT_LOWEST = np.float32(-3.4028234663852886e38)


def ty(shape, e):
    return "tensor<%sx%s>" % ("x".join(str(d) for d in shape), e)


def out_size(h, k, s, pb, pe, d=1):
    return (h + pb + pe - d * (k - 1) - 1) // s + 1


def ref_pool(x, k, s, pad, d, lowest):
    """Max over windows of x padded with `lowest`, starting from `lowest`
    (the fill of the output). x: NHWC, any dtype; NaN propagates."""
    n, h, w, c = x.shape
    t, b, l, r = pad
    xp = np.full((n, h + t + b, w + l + r, c), lowest, dtype=x.dtype)
    xp[:, t:t + h, l:l + w, :] = x
    oh = out_size(h, k[0], s[0], t, b, d[0])
    ow = out_size(w, k[1], s[1], l, r, d[1])
    out = np.full((n, oh, ow, c), lowest, dtype=x.dtype)
    for oy in range(oh):
        for ox in range(ow):
            for ky in range(k[0]):
                for kx in range(k[1]):
                    v = xp[:, oy * s[0] + ky * d[0], ox * s[1] + kx * d[1], :]
                    nan = np.isnan(v) | np.isnan(out[:, oy, ox, :]) \
                        if x.dtype.kind == "f" else None
                    m = np.maximum(out[:, oy, ox, :], v)
                    if nan is not None:
                        m[nan] = np.nan
                    out[:, oy, ox, :] = m
    return out


def tosa_case(name, dtype, shape, k, s, pad):
    n, h, w, c = shape
    oh = out_size(h, k[0], s[0], pad[0], pad[1])
    ow = out_size(w, k[1], s[1], pad[2], pad[3])
    e = {np.float32: "f32", np.int8: "i8", np.int16: "i16"}[dtype]
    if dtype == np.float32:
        x = rng.standard_normal(shape).astype(np.float32) * 10
        flat = x.reshape(-1)
        idx = rng.choice(flat.size, size=min(6, flat.size), replace=False)
        specials = [np.nan, -np.inf, np.inf, -0.0, 0.0, FLT_LOWEST]
        for i, v in zip(idx, specials):
            flat[i] = v
        # One all -inf window region (top-left corner).
        x[0, 0:2, 0:2, 0] = -np.inf
        lowest = FLT_LOWEST
    else:
        info = np.iinfo(dtype)
        x = rng.integers(info.min, info.max + 1, size=shape).astype(dtype)
        x[0, 0, 0, :] = info.min
        lowest = dtype(info.min)
    mlir = """func.func @main(%%x: %s) -> %s {
  %%0 = tosa.max_pool2d %%x {kernel = array<i64: %d, %d>, pad = array<i64: %d, %d, %d, %d>, stride = array<i64: %d, %d>} : (%s) -> %s
  return %%0 : %s
}
""" % (ty(shape, e), ty((n, oh, ow, c), e), k[0], k[1], *pad, s[0], s[1],
       ty(shape, e), ty((n, oh, ow, c), e), ty((n, oh, ow, c), e))
    return name, mlir, x, ref_pool(x, k, s, pad, (1, 1), lowest)


def linalg_case(name, unsigned, shape, k, s, d):
    n, h, w, c = shape
    oh = out_size(h, k[0], s[0], 0, 0, d[0])
    ow = out_size(w, k[1], s[1], 0, 0, d[1])
    xu = rng.integers(0, 256, size=shape) if unsigned else \
        rng.integers(-128, 128, size=shape)
    init = 0 if unsigned else -128
    x = (xu & 0xFF).astype(np.uint8).view(np.int8) if unsigned else \
        xu.astype(np.int8)
    op = "linalg.pooling_nhwc_max_unsigned" if unsigned else \
        "linalg.pooling_nhwc_max"
    o = ty((n, oh, ow, c), "i8")
    mlir = """func.func @main(%%x: %s) -> %s {
  %%c = arith.constant %d : i8
  %%e = tensor.empty() : %s
  %%f = linalg.fill ins(%%c : i8) outs(%%e : %s) -> %s
  %%win = tensor.empty() : tensor<%dx%dxi8>
  %%0 = %s {dilations = dense<[%d, %d]> : tensor<2xi64>, strides = dense<[%d, %d]> : tensor<2xi64>} ins(%%x, %%win : %s, tensor<%dx%dxi8>) outs(%%f : %s) -> %s
  return %%0 : %s
}
""" % (ty(shape, "i8"), o, init, o, o, o, k[0], k[1], op, d[0], d[1],
       s[0], s[1], ty(shape, "i8"), k[0], k[1], o, o, o)
    ref = ref_pool(xu.astype(np.int64), k, s, (0, 0, 0, 0), d, init)
    return name, mlir, x, ref


def padded_linalg_case(name, shape, k, s, d, pad):
    """linalg.pooling_nhwc_max with dilations on a tensor.pad of the input
    (pad value and init -128): the padding taps skipped by the kernel."""
    n, h, w, c = shape
    t, bo, l, r = pad
    ph, pw = h + t + bo, w + l + r
    oh = out_size(h, k[0], s[0], t, bo, d[0])
    ow = out_size(w, k[1], s[1], l, r, d[1])
    x = rng.integers(-128, 128, size=shape).astype(np.int8)
    o = ty((n, oh, ow, c), "i8")
    mlir = """func.func @main(%%x: %s) -> %s {
  %%c = arith.constant -128 : i8
  %%p = tensor.pad %%x low[0, %d, %d, 0] high[0, %d, %d, 0] {
  ^bb0(%%i0: index, %%i1: index, %%i2: index, %%i3: index):
    tensor.yield %%c : i8
  } : %s to %s
  %%e = tensor.empty() : %s
  %%f = linalg.fill ins(%%c : i8) outs(%%e : %s) -> %s
  %%win = tensor.empty() : tensor<%dx%dxi8>
  %%0 = linalg.pooling_nhwc_max {dilations = dense<[%d, %d]> : tensor<2xi64>, strides = dense<[%d, %d]> : tensor<2xi64>} ins(%%p, %%win : %s, tensor<%dx%dxi8>) outs(%%f : %s) -> %s
  return %%0 : %s
}
""" % (ty(shape, "i8"), o, t, l, bo, r, ty(shape, "i8"),
       ty((n, ph, pw, c), "i8"), o, o, o, k[0], k[1], d[0], d[1], s[0], s[1],
       ty((n, ph, pw, c), "i8"), k[0], k[1], o, o, o)
    ref = ref_pool(x.astype(np.int64), k, s, pad, d, -128)
    return name, mlir, x, ref


CASES = []
for c in (1, 3, 17, 33):
    for s in (1, 2):
        CASES.append(tosa_case("f32_c%d_s%d" % (c, s), np.float32,
                               (1, 9, 9, c), (3, 3), (s, s), (1, 1, 1, 1)))
        CASES.append(tosa_case("i8_c%d_s%d" % (c, s), np.int8,
                               (2, 9, 9, c), (3, 3), (s, s), (1, 1, 1, 1)))
CASES.append(tosa_case("f32_c100_k2x3_pad0120", np.float32, (1, 7, 10, 100),
                       (2, 3), (2, 1), (0, 1, 2, 0)))
CASES.append(tosa_case("i8_c64_stem", np.int8, (1, 16, 16, 64), (3, 3),
                       (2, 2), (0, 1, 0, 1)))
CASES.append(tosa_case("i8_c100_k2x3_pad0120", np.int8, (1, 7, 10, 100),
                       (2, 3), (2, 1), (0, 1, 2, 0)))
CASES.append(tosa_case("i16_c21_s2", np.int16, (1, 9, 10, 21), (3, 3),
                       (2, 2), (1, 1, 0, 1)))
CASES.append(tosa_case("f32_global9x9_c19", np.float32, (1, 9, 9, 19),
                       (9, 9), (1, 1), (0, 0, 0, 0)))
CASES.append(tosa_case("i8_global9x9_c70", np.int8, (1, 9, 9, 70),
                       (9, 9), (1, 1), (0, 0, 0, 0)))
CASES.append(padded_linalg_case("i8_c35_dil2_pad", (2, 10, 11, 35), (3, 3),
                                (2, 1), (2, 2), (3, 1, 2, 4)))
CASES.append(padded_linalg_case("i8_c5_dil3_pad", (1, 8, 8, 5), (2, 3),
                                (1, 2), (3, 2), (2, 2, 3, 1)))
CASES.append(linalg_case("u8_c33_s2", True, (1, 9, 9, 33), (3, 3), (2, 2),
                         (1, 1)))
CASES.append(linalg_case("u8_c3_dil2", True, (2, 9, 9, 3), (2, 2), (1, 2),
                         (2, 2)))
CASES.append(linalg_case("i8_c17_dil2", False, (1, 9, 9, 17), (3, 2),
                         (1, 1), (2, 3)))

failed = False
for name, mlir, x, ref in CASES:
    src, args = write_case(WORK, name, mlir, [x])
    low = os.path.join(WORK, name + ".ll.mlir")
    out = os.path.join(WORK, name + ".out.npy")
    got, lowered = lower_and_run(QOPT, QRUN, src, args, low, out,
                                 "target=" + TARGET, evex=EVEX)
    ok = True
    why = ""
    if name.startswith("u8"):
        got = got.view(np.uint8).astype(np.int64)
    if got.dtype.kind == "f":
        ok = got.shape == ref.shape and bool(
            np.array_equal(got, ref, equal_nan=True))
        if ok:  # the kernel keeps maximumf's NaN propagation
            ok = bool(np.isnan(got).sum() == np.isnan(ref).sum())
    else:
        ok = got.shape == ref.shape and bool(
            np.array_equal(got.astype(np.int64), ref.astype(np.int64)))
    if not ok:
        why = "results differ"
    # The kernel ran: a full-width vector max (arith.maximumf / maxsi /
    # maxui, expanded to a compare and selects) on <L x T> in the lowered
    # module.
    kind = name.split("_")[0]
    lanes = {"f32": 8, "i16": 16}.get(kind, 32) * (2 if ZMM else 1)
    if x.shape[3] >= lanes:
        want = {"f32": r'llvm.fcmp "ugt" .* : vector<%dxf32>',
                "i16": r'llvm.icmp "sgt" .* : vector<%dxi16>',
                "i8": r'llvm.icmp "sgt" .* : vector<%dxi8>',
                "u8": r'llvm.icmp "ugt" .* : vector<%dxi8>'}[kind] % lanes
        if not re.search(want, lowered):
            ok, why = False, "no %s in the lowered module" % want
    if "vector<64xi8>" in lowered and not ZMM:
        ok, why = False, "zmm vector on " + TARGET
    print("%s %s %s" % ("PASS" if ok else "FAIL", name, why))
    failed |= not ok
if failed:
    sys.exit(1)
print("ALL PASS")
