#!/usr/bin/env python3
"""Ahead-of-time check of the AArch64 depthwise kernel and of the fused
requantize epilogue: qnn.conv2d cases with groups = C (int8 NHWC, constant
C x KH x KW x 1 weights, optional bias, optional qnn.requantize / qnn.clamp)
and a MobileNetV2-like block (1x1 expand conv + requantize + ReLU6 clamp,
3x3 depthwise + per-channel requantize + clamp, 1x1 project conv +
requantize) -> quant-opt --qnn-lower-to-llvm=target=TARGET -> quant-translate
--emit-obj --target-triple=aarch64-linux-gnu -> linked with a generated C
driver (aarch64-linux-gnu-gcc -static) -> qemu-aarch64 -cpu max.

  aot_dw_check.py QUANT_OPT QUANT_TRANSLATE WORKDIR TARGET SRC_ROOT

Inputs are generated here (numpy, fixed seed). Expected results come from
an independent numpy reference: int64 sums of (x - izp)(w - wzp) over the
window (padding positions contribute nothing), + bias, wrapped to int32;
int8 results by scripts/reference.py's requantize of that sum, then clip.
The driver compares every element exactly. Prints "depthwise kernel in
depthwise functions: N of M", "KERNEL in block: yes|no", the driver's lines
("PASS name" / "FAIL name ...") and "ALL PASS", or exits 1.
Shapes are odd on purpose: 1, 3, 17, 24, 40, 96 channels (16-, 8- and
masked channel blocks), 3x3, 5x5 and 3x2 windows, stride 2, dilation 2,
asymmetric padding, u8 / s8 data and weights, zero points 0 and not,
per-tensor and per-channel requantize scales.
"""
import os
import sys

import numpy as np

import aot_util
from aot_util import carray, conv_ref, out_dims, ty, u8

QOPT, QTRANS, WORK, TARGET, SRC = sys.argv[1:6]
KERNEL = {"aarch64-dotprod": "llvm.aarch64.neon.sdot",
          "aarch64-i8mm": "llvm.aarch64.neon.smmla"}[TARGET]
sys.path.insert(0, os.path.join(SRC, "scripts"))
import reference  # noqa: E402  (the project's independent numpy reference)

os.makedirs(WORK, exist_ok=True)
rng = np.random.default_rng(23)

# (name, n, h, w, c, kh, kw, stride, pad (t, b, l, r), dil, izp, wzp,
#  input_unsigned, weight_unsigned, bias, epilogue)
# epilogue: None (i32 result) or (per_channel, output zp, clamp (lo, hi) or None)
CASES = [
    ("dw_c1_3x3_pad1", 2, 9, 7, 1, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 0, 0, False, False, True, None),
    ("dw_c3_3x3_s2_zp", 1, 11, 13, 3, 3, 3, (2, 2), (1, 0, 2, 1), (1, 1), 5, -2, False, False, True, None),
    ("dw_c17_3x3_zp", 2, 8, 9, 17, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), -7, 3, False, False, False, None),
    ("dw_u8_c32_3x3_s2", 1, 13, 12, 32, 3, 3, (2, 2), (1, 1, 1, 1), (1, 1), 131, 0, True, False, True, None),
    ("dw_c24_5x5_pad2", 1, 9, 8, 24, 5, 5, (1, 1), (2, 2, 2, 2), (1, 1), 2, 1, False, False, True, None),
    ("dw_u8u8_c40_3x2_dil2", 1, 12, 11, 40, 3, 2, (1, 2), (2, 1, 0, 1), (2, 2), 200, 255, True, True, False, None),
    ("dw_s8_zpmin_c16", 1, 6, 6, 16, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), -128, -128, False, False, True, None),
    ("rq_pc_c17_s2", 2, 10, 11, 17, 3, 3, (2, 2), (1, 1, 1, 1), (1, 1), 4, 0, False, False, True, (True, -3, None)),
    ("rq_u8_c3", 1, 9, 10, 3, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 128, 0, True, False, True, (False, 5, None)),
    ("rq_c1_s2", 1, 7, 9, 1, 3, 3, (2, 2), (0, 1, 1, 0), (1, 1), -1, 2, False, False, True, (False, 0, None)),
    ("rq_pc_relu6_c96", 1, 8, 8, 96, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), -3, 0, False, False, True, (True, -128, (-128, -32))),
    ("rq_pc_c40_5x5_dil2", 1, 13, 12, 40, 5, 5, (1, 1), (4, 4, 4, 4), (2, 2), 7, -1, False, False, False, (True, 2, None)),
]


def ints(shape, unsigned):
    lo, hi = (0, 256) if unsigned else (-128, 128)
    return rng.integers(lo, hi, size=shape)


def hexdense(arr, dt):
    return 'dense<"0x%s">' % np.asarray(arr).astype(dt).tobytes().hex().upper()


def wrap32(a):
    return ((np.asarray(a, dtype=np.int64) + 2**31) % 2**32) - 2**31


def requant(acc, s_in, s_out, ozp):
    op = reference.Params(s_out, ozp, -128, 127)
    out = np.zeros(acc.shape, dtype=np.int64)
    for ch in range(acc.shape[-1]):
        out[..., ch] = reference.requantize(acc[..., ch], s_in[ch] / s_out, op)
    return out


def rq_params(scales, s_out, ozp):
    if len(set(scales)) == 1:
        inp = "#qnn.params<i32, scale = %r, zp = 0>" % scales[0]
    else:
        inp = "#qnn.params<i32, axis = 3, scales = [%s], zps = [%s]>" % (
            ", ".join(repr(v) for v in scales), ", ".join("0" for _ in scales))
    return inp, "#qnn.params<i8, scale = %r, zp = %d>" % (s_out, ozp)


def conv_op(res, x, xt, wname, wt, bname, bias, attrs, groups, tout):
    wty = ty(wt.shape, "i8")
    lines = ["  %%%s = arith.constant %s : %s" % (wname, hexdense(u8(wt), np.uint8), wty)]
    operands, types = "%s, %%%s" % (x, wname), "%s, %s" % (xt, wty)
    if bias is not None:
        bty = ty(bias.shape, "i32")
        lines.append("  %%%s = arith.constant %s : %s" % (bname, hexdense(bias, "<i4"), bty))
        operands += ", %%%s" % bname
        types += ", " + bty
    if groups > 1:
        attrs = attrs[:-1] + ", groups = %d : i64}" % groups
    lines.append("  %%%s = qnn.conv2d %s %s : (%s) -> %s" % (res, operands, attrs, types, tout))
    return lines


def conv_attrs(izp, wzp, iu, wu, stride, pad, dil):
    return ("{input_zp = %d : i64, weight_zp = %d : i64, input_unsigned = %s, "
            "weight_unsigned = %s, strides = array<i64: %d, %d>, "
            "pad = array<i64: %d, %d, %d, %d>, dilations = array<i64: %d, %d>}" % (
                izp, wzp, str(iu).lower(), str(wu).lower(), stride[0], stride[1],
                pad[0], pad[1], pad[2], pad[3], dil[0], dil[1]))


mlir, c_data, c_calls, c_decls = [], [], [], []


def add_case(idx, name, x, lines_body, fn_out_ty, expected, out_i8):
    fn = "case_%d" % idx
    mlir.append("func.func @%s(%%x: %s) -> %s {\n%s\n}\n" % (
        fn, ty(x.shape, "i8"), fn_out_ty, "\n".join(lines_body)))
    ctype = "int8_t" if out_i8 else "int32_t"
    c_data.append(carray("uint8_t", "X%d" % idx, u8(x)))
    c_data.append(carray(ctype, "E%d" % idx, expected))
    c_data.append("static %s Y%d[%d];\n" % (ctype, idx, expected.size))
    c_decls.append("void _mlir_ciface_%s(Desc4 *, Desc4 *);\n" % fn)
    xs, ys = x.shape, expected.shape
    c_calls.append(
        "  {\n    int64_t xs[] = {%d, %d, %d, %d}, ys[] = {%d, %d, %d, %d};\n"
        "    Desc4 dx = desc4((void *)X%d, xs), dy = desc4(Y%d, ys);\n"
        "    memset(Y%d, 0x7f, sizeof(Y%d));\n"
        "    _mlir_ciface_%s(&dx, &dy);\n"
        "    failed += check(\"%s\", %d, %d, E%d, Y%d);\n  }\n" % (
            xs + ys + (idx, idx, idx, idx, fn, name, expected.size, 1 if out_i8 else 4,
                       idx, idx)))


for idx, (name, n, h, w, c, kh, kw, stride, pad, dil, izp, wzp, iu, wu,
          has_bias, epi) in enumerate(CASES):
    x = ints((n, h, w, c), iu)
    wt = ints((c, kh, kw, 1), wu)
    bias = rng.integers(-5000, 5000, size=(c,)) if has_bias else None
    acc = conv_ref(x, wt, izp, wzp, stride, pad, dil, c)
    if bias is not None:
        acc = acc + bias
    tacc = ty(acc.shape, "i32")
    body = conv_op("acc", "%x", ty(x.shape, "i8"), "w", wt, "b", bias,
                   conv_attrs(izp, wzp, iu, wu, stride, pad, dil), c, tacc)
    if epi is None:
        body.append("  return %%acc : %s" % tacc)
        add_case(idx, name, x, body, tacc, wrap32(acc), False)
        continue
    per_channel, ozp, clamp = epi
    s_out = 0.37
    scales = ([float(v) for v in rng.uniform(0.5e-3, 4e-3, size=c)] if per_channel
              else [1.9e-3] * c)
    inp, outp = rq_params(scales, s_out, ozp)
    t8 = ty(acc.shape, "i8")
    body.append("  %%q = qnn.requantize %%acc {input_params = %s, output_params = %s} : %s -> %s"
                % (inp, outp, tacc, t8))
    expected = requant(acc, scales, s_out, ozp)
    res = "q"
    if clamp:
        body.append("  %%r = qnn.clamp %%q {min = %d, max = %d} : %s" % (clamp[0], clamp[1], t8))
        expected = np.clip(expected, clamp[0], clamp[1])
        res = "r"
    body.append("  return %%%s : %s" % (res, t8))
    add_case(idx, name, x, body, t8, expected, True)

# MobileNetV2-like block, int8 all through: expand 1x1 (8 -> 24, bias,
# requantize, ReLU6 as a clamp), depthwise 3x3 stride 1 pad 1 (per-channel
# requantize, clamp), project 1x1 (24 -> 8, bias, requantize).
BLOCK = len(CASES)
x = ints((1, 9, 9, 8), False)
izp0, s0 = -5, 0.05
w1, b1 = ints((24, 1, 1, 8), False), rng.integers(-3000, 3000, size=(24,))
w2, b2 = ints((24, 3, 3, 1), False), rng.integers(-3000, 3000, size=(24,))
w3, b3 = ints((8, 1, 1, 24), False), rng.integers(-3000, 3000, size=(8,))
sw1 = [float(v) for v in rng.uniform(0.002, 0.02, size=24)]
sw2 = [float(v) for v in rng.uniform(0.002, 0.02, size=24)]
sw3 = [float(v) for v in rng.uniform(0.002, 0.02, size=8)]
s1, z1, s2, z2, s3, z3 = 0.06, -128, 0.05, -128, 0.08, 3
relu6_1 = (-128, min(127, -128 + int(round(6 / s1))))
relu6_2 = (-128, min(127, -128 + int(round(6 / s2))))
shape1 = (1, 9, 9, 24)
body = []
body += conv_op("a1", "%x", ty(x.shape, "i8"), "w1", w1, "b1", b1,
                conv_attrs(izp0, 0, False, False, (1, 1), (0, 0, 0, 0), (1, 1)), 1,
                ty(shape1, "i32"))
inp, outp = rq_params([s0 * v for v in sw1], s1, z1)
body.append("  %%q1 = qnn.requantize %%a1 {input_params = %s, output_params = %s} : %s -> %s"
            % (inp, outp, ty(shape1, "i32"), ty(shape1, "i8")))
body.append("  %%r1 = qnn.clamp %%q1 {min = %d, max = %d} : %s" % (relu6_1 + (ty(shape1, "i8"),)))
body += conv_op("a2", "%r1", ty(shape1, "i8"), "w2", w2, "b2", b2,
                conv_attrs(z1, 0, False, False, (1, 1), (1, 1, 1, 1), (1, 1)), 24,
                ty(shape1, "i32"))
inp, outp = rq_params([s1 * v for v in sw2], s2, z2)
body.append("  %%q2 = qnn.requantize %%a2 {input_params = %s, output_params = %s} : %s -> %s"
            % (inp, outp, ty(shape1, "i32"), ty(shape1, "i8")))
body.append("  %%r2 = qnn.clamp %%q2 {min = %d, max = %d} : %s" % (relu6_2 + (ty(shape1, "i8"),)))
shape3 = (1, 9, 9, 8)
body += conv_op("a3", "%r2", ty(shape1, "i8"), "w3", w3, "b3", b3,
                conv_attrs(z2, 0, False, False, (1, 1), (0, 0, 0, 0), (1, 1)), 1,
                ty(shape3, "i32"))
inp, outp = rq_params([s2 * v for v in sw3], s3, z3)
body.append("  %%q3 = qnn.requantize %%a3 {input_params = %s, output_params = %s} : %s -> %s"
            % (inp, outp, ty(shape3, "i32"), ty(shape3, "i8")))
body.append("  return %%q3 : %s" % ty(shape3, "i8"))
a1 = conv_ref(x, w1, izp0, 0, (1, 1), (0, 0, 0, 0), (1, 1), 1) + b1
r1 = np.clip(requant(a1, [s0 * v for v in sw1], s1, z1), *relu6_1)
a2 = conv_ref(r1, w2, z1, 0, (1, 1), (1, 1, 1, 1), (1, 1), 24) + b2
r2 = np.clip(requant(a2, [s1 * v for v in sw2], s2, z2), *relu6_2)
a3 = conv_ref(r2, w3, z2, 0, (1, 1), (0, 0, 0, 0), (1, 1), 1) + b3
add_case(BLOCK, "mobilenet_block", x, body, ty(shape3, "i8"),
         requant(a3, [s2 * v for v in sw3], s3, z3), True)

DRIVER_HEAD = aot_util.C_PRELUDE + r"""
/* Exact comparison of `count` elements of `size` bytes (1: int8, 4: int32). */
static int check(const char *name, int count, int size, const void *want,
                 const void *got) {
  for (int i = 0; i < count; ++i) {
    long w = size == 1 ? ((const int8_t *)want)[i] : ((const int32_t *)want)[i];
    long g = size == 1 ? ((const int8_t *)got)[i] : ((const int32_t *)got)[i];
    if (w != g) {
      printf("FAIL %s at %d: got %ld, want %ld\n", name, i, g, w);
      return 1;
    }
  }
  printf("PASS %s\n", name);
  return 0;
}
"""

low, lowered, driver = aot_util.lower_cases(QOPT, TARGET, WORK, mlir, DRIVER_HEAD,
                                           c_data, c_decls, c_calls)
funcs = lowered.split("llvm.func @")


def func_text(i):
    return "".join(fn for fn in funcs if fn.startswith("case_%d(" % i))


with_dw = sum(1 for i in range(len(CASES)) if "_aarch64_dw_packed" in func_text(i))
print("depthwise kernel in depthwise functions: %d of %d" % (with_dw, len(CASES)))
blk = func_text(BLOCK)
print("depthwise kernel in block: %s" % ("yes" if "_aarch64_dw_packed" in blk else "no"))
print("%s in block: %s" % (KERNEL, "yes" if KERNEL in blk else "no"))
sys.stdout.write(aot_util.compile_and_run(QTRANS, low, driver, WORK))
