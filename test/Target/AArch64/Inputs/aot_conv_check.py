#!/usr/bin/env python3
"""Ahead-of-time convolution check for the AArch64 kernels: qnn.conv2d cases
(int8 NHWC, constant F x KH x KW x C weights, optional bias, optional
qnn.requantize to int8) -> quant-opt --qnn-lower-to-llvm=target=TARGET ->
quant-translate --emit-obj --target-triple=aarch64-linux-gnu -> linked with
a generated C driver (aarch64-linux-gnu-gcc -static) -> qemu-aarch64 -cpu max.

  aot_conv_check.py QUANT_OPT QUANT_TRANSLATE WORKDIR TARGET SRC_ROOT

The inputs are generated here (numpy, fixed seed) and written into the
driver as C arrays. int32 results are compared, exactly, with the driver's
own scalar C convolution (int64 sums of (x - izp)(w - wzp) over the window,
padding positions contributing nothing, plus bias, wrapped to int32); int8
results with scripts/reference.py's requantize of that C sum (computed here
with the same scalar loops in numpy int64 and written into the driver).
Prints "kernel K in conv functions: N of M", the driver's lines
("PASS name" / "FAIL name ...") and "ALL PASS", or exits 1.
Shapes are odd on purpose: 1, 3, 17, 40 channels (runs not a multiple of the
k group), 1 to 33 filters (ragged 12-column panels), stride 2, dilation 2,
asymmetric padding, u8 / s8 data and weights, zero points 0 and not,
per-channel requantize, and enough output pixels for several 64-row blocks
and a ragged 8-row tile.
"""
import os
import sys

import numpy as np

import aot_util
# ty, Requantize (whose expected values are scripts/reference.py's, the
# project's independent numpy reference); conv_ref: the driver's scalar loops
# in numpy int64 (for the requantize cases).
from aot_util import Requantize, carray, conv_ref, out_dims, ty, u8

QOPT, QTRANS, WORK, TARGET, SRC = sys.argv[1:6]
KERNEL = {"aarch64-dotprod": "llvm.aarch64.neon.sdot",
          "aarch64-i8mm": "llvm.aarch64.neon.smmla"}[TARGET]

os.makedirs(WORK, exist_ok=True)
rng = np.random.default_rng(11)

# (name, n, h, w, c, f, kh, kw, stride, pad (t, b, l, r), dil, izp, wzp,
#  input_unsigned, weight_unsigned, bias, requantize)
# requantize: None (i32 result) or (per_channel, output zp)
CASES = [
    ("c1_f8_3x3_pad1", 2, 9, 7, 1, 8, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 0, 0, False, False, True, None),
    ("c3_f5_3x3_s2_asym_zp", 1, 11, 13, 3, 5, 3, 3, (2, 2), (1, 0, 2, 1), (1, 1), 3, -1, False, False, True, None),
    ("c17_f33_1x1", 3, 7, 5, 17, 33, 1, 1, (1, 1), (0, 0, 0, 0), (1, 1), 0, 0, False, False, False, None),
    ("u8_c17_f17_3x2_dil2", 2, 12, 11, 17, 17, 3, 2, (1, 2), (2, 1, 0, 1), (2, 2), 128, 0, True, False, True, None),
    ("u8u8_c3_f16_5x5_zp", 1, 20, 19, 3, 16, 5, 5, (1, 1), (2, 2, 2, 2), (1, 1), 200, 255, True, True, False, None),
    ("c40_f24_3x3_wzp", 1, 6, 6, 40, 24, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), -5, 7, False, False, True, None),
    ("c16_f12_3x3_s2", 2, 15, 14, 16, 12, 3, 3, (2, 2), (1, 1, 1, 1), (1, 1), -128, 0, False, False, False, None),
    ("c8_f13_blocks", 1, 21, 20, 8, 13, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 9, 0, False, False, True, None),
    ("s8_u8w_c4_f1_2x2_dil2", 1, 9, 10, 4, 1, 2, 2, (1, 1), (0, 1, 1, 0), (2, 2), 127, 128, False, True, False, None),
    ("rq_pc_c3_f17_s2", 2, 13, 9, 3, 17, 3, 3, (2, 2), (1, 1, 0, 1), (1, 1), 4, 0, False, False, True, (True, -3)),
    ("rq_u8_c17_f8", 1, 10, 12, 17, 8, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 128, 0, True, False, True, (False, 5)),
    ("rq_pc_c32_f40_1x1", 1, 9, 9, 32, 40, 1, 1, (1, 1), (0, 0, 0, 0), (1, 1), -2, 0, False, False, False, (True, 0)),
]


def ints(shape, unsigned):
    lo, hi = (0, 256) if unsigned else (-128, 128)
    return rng.integers(lo, hi, size=shape)


mlir, c_data, c_calls, c_decls = [], [], [], []
for idx, (name, n, h, w, c, f, kh, kw, stride, pad, dil, izp, wzp, iu, wu,
          has_bias, rq) in enumerate(CASES):
    oh, ow = out_dims(h, w, kh, kw, stride, pad, dil)
    x = ints((n, h, w, c), iu)
    wt = ints((f, kh, kw, c), wu)
    bias = rng.integers(-5000, 5000, size=(f,)) if has_bias else np.zeros(f, np.int64)
    oshape = (n, oh, ow, f)
    attrs = ("{input_zp = %d : i64, weight_zp = %d : i64, input_unsigned = %s, "
             "weight_unsigned = %s, strides = array<i64: %d, %d>, "
             "pad = array<i64: %d, %d, %d, %d>, dilations = array<i64: %d, %d>}" % (
                 izp, wzp, str(iu).lower(), str(wu).lower(), stride[0], stride[1],
                 pad[0], pad[1], pad[2], pad[3], dil[0], dil[1]))
    tx, tw, tb = ty(x.shape, "i8"), ty(wt.shape, "i8"), ty((f,), "i32")
    tacc, t8 = ty(oshape, "i32"), ty(oshape, "i8")
    fn = "case_%d" % idx
    lines = ["func.func @%s(%%x: %s) -> %s {" % (fn, tx, t8 if rq else tacc),
             '  %%w = arith.constant dense<"0x%s"> : %s' % (
                 u8(wt).tobytes().hex().upper(), tw)]
    operands, types = "%x, %w", "%s, %s" % (tx, tw)
    if has_bias:
        lines.append('  %%b = arith.constant dense<"0x%s"> : %s' % (
            bias.astype("<i4").tobytes().hex().upper(), tb))
        operands += ", %b"
        types += ", " + tb
    lines.append("  %%acc = qnn.conv2d %s %s : (%s) -> %s" % (operands, attrs, types, tacc))
    c_data.append(carray("uint8_t", "X%d" % idx, u8(x)))
    c_data.append(carray("uint8_t", "W%d" % idx, u8(wt)))
    c_data.append(carray("int32_t", "B%d" % idx, bias))
    if rq:
        per_channel, ozp = rq
        requantize = Requantize(rng, f, per_channel, ozp)
        lines.append(requantize.op("%q", "%acc", tacc, t8))
        lines.append("  return %%q : %s" % t8)
        acc = conv_ref(x, wt, izp, wzp, stride, pad, dil, 1) + bias
        expected = requantize.expected(acc)
        c_data.append(carray("int8_t", "E%d" % idx, expected))
        c_data.append("static int8_t Y%d[%d];\n" % (idx, expected.size))
    else:
        lines.append("  return %%acc : %s" % tacc)
        c_data.append("static int32_t Y%d[%d];\n" % (idx, n * oh * ow * f))
    lines.append("}")
    mlir.append("\n".join(lines) + "\n")
    c_decls.append("void _mlir_ciface_%s(Desc4 *, Desc4 *);\n" % fn)
    call = ["  {\n"]
    call.append("    int64_t xs[] = {%d, %d, %d, %d}, ys[] = {%d, %d, %d, %d};\n"
                % (n, h, w, c, n, oh, ow, f))
    call.append("    Desc4 dx = desc4((void *)X%d, xs), dy = desc4(Y%d, ys);\n" % (idx, idx))
    call.append("    memset(Y%d, 0x7f, sizeof(Y%d));\n" % (idx, idx))
    call.append("    _mlir_ciface_%s(&dx, &dy);\n" % fn)
    if rq:
        call.append("    failed += check_i8(\"%s\", %d, E%d, Y%d);\n" % (name, n * oh * ow * f, idx, idx))
    else:
        call.append("    Geom g = {%d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d, %d};\n"
                    % (n, h, w, c, f, kh, kw, oh, ow, stride[0], stride[1], dil[0],
                       dil[1], pad[0], pad[2]))
        call.append("    failed += check_i32(\"%s\", &g, X%d, W%d, B%d, %d, %d, %d, %d, Y%d);\n"
                    % (name, idx, idx, idx, int(iu), int(wu), izp, wzp, idx))
    call.append("  }\n")
    c_calls.append("".join(call))

DRIVER_HEAD = aot_util.C_PRELUDE + r"""
typedef struct { int n, h, w, c, f, kh, kw, oh, ow, sh, sw, dh, dw, pt, pl; } Geom;

/* Scalar reference: y[n][oy][ox][f] = bias[f] + sum over the window inside
   the input of (x - izp)(w - wzp), int64, wrapped to int32. */
static int check_i32(const char *name, const Geom *g, const uint8_t *x,
                     const uint8_t *w, const int32_t *bias, int xu, int wu,
                     int64_t izp, int64_t wzp, const int32_t *y) {
  for (int n = 0; n < g->n; ++n)
    for (int oy = 0; oy < g->oh; ++oy)
      for (int ox = 0; ox < g->ow; ++ox)
        for (int f = 0; f < g->f; ++f) {
          int64_t s = bias[f];
          for (int ky = 0; ky < g->kh; ++ky)
            for (int kx = 0; kx < g->kw; ++kx) {
              int iy = oy * g->sh + ky * g->dh - g->pt;
              int ix = ox * g->sw + kx * g->dw - g->pl;
              if (iy < 0 || iy >= g->h || ix < 0 || ix >= g->w)
                continue;
              for (int c = 0; c < g->c; ++c) {
                uint8_t qx = x[(((int64_t)n * g->h + iy) * g->w + ix) * g->c + c];
                uint8_t qw = w[(((int64_t)f * g->kh + ky) * g->kw + kx) * g->c + c];
                int64_t vx = xu ? (int64_t)qx : (int64_t)(int8_t)qx;
                int64_t vw = wu ? (int64_t)qw : (int64_t)(int8_t)qw;
                s += (vx - izp) * (vw - wzp);
              }
            }
          int32_t want = (int32_t)(uint32_t)(uint64_t)s;
          int32_t got = y[(((int64_t)n * g->oh + oy) * g->ow + ox) * g->f + f];
          if (got != want) {
            printf("FAIL %s at [%d][%d][%d][%d]: got %d, want %d\n", name, n,
                   oy, ox, f, got, want);
            return 1;
          }
        }
  printf("PASS %s\n", name);
  return 0;
}

static int check_i8(const char *name, int count, const int8_t *want,
                    const int8_t *got) {
  for (int i = 0; i < count; ++i)
    if (got[i] != want[i]) {
      printf("FAIL %s at %d: got %d, want %d\n", name, i, got[i], want[i]);
      return 1;
    }
  printf("PASS %s\n", name);
  return 0;
}
"""

low, lowered, driver = aot_util.lower_cases(QOPT, TARGET, WORK, mlir, DRIVER_HEAD,
                                           c_data, c_decls, c_calls)
# Every case's function (llvm.func @case_N up to the next llvm.func) calls
# the kernel: the conv went through the SDOT / SMMLA micro-kernel.
funcs = lowered.split("llvm.func @")
with_kernel = sum(1 for i in range(len(CASES))
                  if any(fn.startswith("case_%d(" % i) and KERNEL in fn for fn in funcs))
print("kernel %s in conv functions: %d of %d" % (KERNEL, with_kernel, len(CASES)))
sys.stdout.write(aot_util.compile_and_run(QTRANS, low, driver, WORK))
