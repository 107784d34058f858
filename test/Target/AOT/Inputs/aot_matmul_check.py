#!/usr/bin/env python3
"""Ahead-of-time matmul check: qnn.matmul cases -> quant-opt
--qnn-lower-to-llvm=target=TARGET -> quant-translate --emit-obj -> linked
with a generated C driver -> run; the driver compares every int32 result
with a scalar C reference (exact equality, int64 arithmetic).

  aot_matmul_check.py QUANT_OPT QUANT_TRANSLATE WORKDIR MODE TARGET [SET]

MODE:   aarch64  (aarch64-linux-gnu-gcc -static, run under qemu-aarch64 -cpu max)
        host     (cc, run natively)
TARGET: the qnn-lower-to-llvm target (aarch64-dotprod, aarch64-i8mm,
        generic, host, ...), or (MODE host) a comma-separated list of x86
        targets: one object with every variant and run-time dispatch
        (docs/AOT.md); the driver then runs once per variant
        (QUANTMLIR_VARIANT=<target>) and once with the automatic choice,
        printing "variant <name>" before each run's lines.
SET:    full (default) or small.

The input data are generated here (Python's random, fixed seed) and written
into the driver as C arrays; the expected values are computed by the
driver's own scalar loop, never by the code under test. Prints the driver's
lines ("PASS name" / "FAIL name ...") and "ALL PASS", or exits 1.
Shapes are odd on purpose (ragged 8-row tiles, 12- and 8-column panels, K
not a multiple of 4 or 8), and every signedness / zero-point combination is
covered, with B as an argument (packed at run time) and as a constant
(packed at compile time), batched and not. The rq_* cases add a per-column
qnn.requantize to int8; the driver's reference follows
docs/QuantizationSpec.md (Q31 multiplier, one exact half-to-even rounding).
"""
import os
import random
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
from check_util import run, ty  # noqa: E402

QOPT, QTRANS, WORK, MODE, TARGET = sys.argv[1:6]
SET = sys.argv[6] if len(sys.argv) > 6 else "full"
os.makedirs(WORK, exist_ok=True)
rng = random.Random(5)

KERNEL = {"aarch64-dotprod": "llvm.aarch64.neon.sdot",
          "aarch64-i8mm": "llvm.aarch64.neon.smmla"}.get(TARGET)

# (name, batch, m, k, n, za, zb, a_unsigned, b_unsigned, const_b)
CASES = []
COMBOS = [(au, bu, za_on, zb_on) for au in (False, True) for bu in (False, True)
          for za_on in (False, True) for zb_on in (False, True)]


def zp(unsigned, on, pick):
    if not on:
        return 0
    return [128, 3, 255][pick % 3] if unsigned else [-128, 5, 127][pick % 3]


# Every signedness x zero-point combination, B runtime and constant.
for i, (au, bu, za_on, zb_on) in enumerate(COMBOS):
    for const_b in (False, True):
        name = "%s%s_za%d_zb%d_%s" % ("u8" if au else "s8", "u8" if bu else "s8",
                                      int(za_on), int(zb_on),
                                      "constB" if const_b else "argB")
        CASES.append((name + "_13x37x29", 0, 13, 37, 29, zp(au, za_on, i),
                      zp(bu, zb_on, i + 1), au, bu, const_b))
# Odd shapes from {1, 3, 17, 255} and tile edges.
SHAPES = [(1, 1, 1), (1, 255, 3), (3, 17, 255), (17, 255, 33), (255, 3, 17),
          (255, 1, 1), (17, 17, 17), (8, 8, 12), (16, 24, 24), (9, 300, 40),
          (64, 64, 64)]
if SET == "full":
    SHAPES.append((255, 255, 255))
for i, (m, k, n) in enumerate(SHAPES):
    au, bu, za_on, zb_on = COMBOS[(5 * i + 3) % len(COMBOS)]
    CASES.append(("shape_%dx%dx%d" % (m, k, n), 0, m, k, n, zp(au, za_on, i),
                  zp(bu, zb_on, i), au, bu, i % 2 == 1))
CASES.append(("batch3_u8u8_zp_5x33x17", 3, 5, 33, 17, 7, 255, True, True, False))
CASES.append(("batch2_s8s8_constB_9x16x13", 2, 9, 16, 13, -128, 127, False,
              False, True))
# Extremes: every product (-128 - 127) * (-128 - 127) at full magnitude.
CASES.append(("extreme_zp_9x255x18", 0, 9, 255, 18, 127, 127, False, False,
              False))
CASES.append(("extreme_u8_zp_11x255x7", 0, 11, 255, 7, 0, 255, True, True, True))
# int8 results: the matmul followed by a per-column (axis 1) qnn.requantize
# to i8 (output zero point -3, clamped to [-128, 127]), half to even.
RQ_CASES = [("rq_s8s8_zp_13x37x29", 0, 13, 37, 29, 5, -7, False, False, False),
            ("rq_u8s8_constB_17x255x33", 0, 17, 255, 33, 128, 0, True, False, True),
            ("rq_u8u8_3x17x1", 0, 3, 17, 1, 255, 3, True, True, False),
            ("rq_s8s8_constB_255x3x17", 0, 255, 3, 17, -128, 127, False, False, True)]
RQ_OUT_ZP = -3


def ints(count, unsigned):
    lo, hi = (0, 255) if unsigned else (-128, 127)
    return [rng.randint(lo, hi) for _ in range(count)]


def as_u8(vals):
    return [v & 0xFF for v in vals]


def prod(shape):
    r = 1
    for d in shape:
        r *= d
    return r


mlir, c_data, c_calls, c_decls = [], [], [], []
for idx, (name, batch, m, k, n, za, zb, au, bu, const_b) in enumerate(CASES + RQ_CASES):
    rq = name.startswith("rq_")
    ashape = (batch, m, k) if batch else (m, k)
    bshape = (batch, k, n) if batch else (k, n)
    cshape = (batch, m, n) if batch else (m, n)
    a = ints(prod(ashape), au)
    b = ints(prod(bshape), bu)
    if name.startswith("extreme"):
        a = [0 if au else -128] * len(a)
        b = [0 if bu else -128] * len(b)
    attrs = ("{lhs_zp = %d : i64, rhs_zp = %d : i64, lhs_unsigned = %s, "
             "rhs_unsigned = %s}" % (za, zb, str(au).lower(), str(bu).lower()))
    ta, tb, tc = ty(ashape, "i8"), ty(bshape, "i8"), ty(cshape, "i32")
    tr = ty(cshape, "i8") if rq else tc
    fn = "case_%d" % idx
    # Per-column input scales of the requantize, as decimal strings that
    # MLIR and C parse to the same double.
    scales = ["%.4g" % (rng.uniform(0.5, 2.0) * 1e-3) for _ in range(n)]
    if rq:
        # An output scale that maps most results into [-128, 127] and clamps
        # a few (only a choice of parameters, not a reference).
        acc = [sum(((a[i * k + kk] & 0xFF if au else a[i * k + kk]) - za) *
                   ((b[kk * n + j] & 0xFF if bu else b[kk * n + j]) - zb)
                   for kk in range(k)) for i in range(m) for j in range(n)]
        out_scale = "%.4g" % (sorted(abs(x) for x in acc)[int(0.97 * (len(acc) - 1))]
                              * 1.25e-3 / 110)
        tail = ("  %%1 = qnn.requantize %%0 {input_params = #qnn.params<i32, axis = 1, "
                "scales = [%s], zps = [%s]>, output_params = #qnn.params<i8, scale = %s, "
                "zp = %d>} : %s -> %s\n  return %%1 : %s\n}\n"
                % (", ".join(scales), ", ".join(["0"] * n), out_scale, RQ_OUT_ZP,
                   tc, tr, tr))
    else:
        tail = "  return %%0 : %s\n}\n" % tc
    if const_b:
        hexb = '"0x' + bytes(as_u8(b)).hex().upper() + '"'
        mlir.append("func.func @%s(%%a: %s) -> %s {\n"
                    "  %%b = arith.constant dense<%s> : %s\n"
                    "  %%0 = qnn.matmul %%a, %%b %s : (%s, %s) -> %s\n"
                    % (fn, ta, tr, hexb, tb, attrs, ta, tb, tc) + tail)
    else:
        mlir.append("func.func @%s(%%a: %s, %%b: %s) -> %s {\n"
                    "  %%0 = qnn.matmul %%a, %%b %s : (%s, %s) -> %s\n"
                    % (fn, ta, tb, tr, attrs, ta, tb, tc) + tail)
    rank = len(ashape)
    c_data.append("static const uint8_t A%d[] = {%s};\n" % (idx, ",".join(map(str, as_u8(a)))))
    c_data.append("static const uint8_t B%d[] = {%s};\n" % (idx, ",".join(map(str, as_u8(b)))))
    c_data.append("static %s C%d[%d];\n" % ("int8_t" if rq else "int32_t", idx, prod(cshape)))
    if rq:
        c_data.append("static const double S%d[] = {%s};\n" % (idx, ", ".join(scales)))
    args = "Desc%d *, Desc%d *" % (rank, rank)
    if not const_b:
        args += ", Desc%d *" % rank
    c_decls.append("void _mlir_ciface_%s(%s);\n" % (fn, args))
    dims = lambda s: ", ".join(str(d) for d in s)
    call = ["  {\n"]
    call.append("    int64_t as[] = {%s}, bs[] = {%s}, cs[] = {%s};\n"
                % (dims(ashape), dims(bshape), dims(cshape)))
    call.append("    Desc%d da = desc%d((void *)A%d, as), db = desc%d((void *)B%d, bs), "
                "dc = desc%d(C%d, cs);\n" % (rank, rank, idx, rank, idx, rank, idx))
    call.append("    (void)db;\n")
    call.append("    memset(C%d, 0x7f, sizeof(C%d));\n" % (idx, idx))
    call.append("    _mlir_ciface_%s(&da, %s&dc);\n" % (fn, "" if const_b else "&db, "))
    if rq:
        call.append("    failed += check_rq(\"%s\", %d, %d, %d, A%d, B%d, %d, %d, %d, %d, S%d, "
                    "%s, %d, C%d);\n" % (name, m, k, n, idx, idx, int(au), int(bu), za, zb,
                                         idx, out_scale, RQ_OUT_ZP, idx))
    else:
        call.append("    failed += check(\"%s\", %d, %d, %d, %d, A%d, B%d, %d, %d, %d, %d, C%d);\n"
                    % (name, max(batch, 1), m, k, n, idx, idx, int(au), int(bu), za, zb, idx))
    call.append("  }\n")
    c_calls.append("".join(call))

DRIVER_HEAD = r"""
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* MLIR memref descriptors (docs/AOT.md). */
typedef struct { void *allocated, *aligned; int64_t offset, sizes[2], strides[2]; } Desc2;
typedef struct { void *allocated, *aligned; int64_t offset, sizes[3], strides[3]; } Desc3;

static Desc2 desc2(void *p, const int64_t *s) {
  Desc2 d = {p, p, 0, {s[0], s[1]}, {s[1], 1}};
  return d;
}
static Desc3 desc3(void *p, const int64_t *s) {
  Desc3 d = {p, p, 0, {s[0], s[1], s[2]}, {s[1] * s[2], s[2], 1}};
  return d;
}

/* Scalar reference: C[b][i][j] = sum_k (A[b][i][k] - za) (B[b][k][j] - zb),
   int64, then wrapped to int32 like the i32 accumulation. */
static int check(const char *name, int batch, int m, int k, int n,
                 const uint8_t *a, const uint8_t *b, int au, int bu,
                 int64_t za, int64_t zb, const int32_t *c) {
  for (int bi = 0; bi < batch; ++bi)
    for (int i = 0; i < m; ++i)
      for (int j = 0; j < n; ++j) {
        int64_t s = 0;
        for (int kk = 0; kk < k; ++kk) {
          uint8_t qa = a[((int64_t)bi * m + i) * k + kk];
          uint8_t qb = b[((int64_t)bi * k + kk) * n + j];
          int64_t x = au ? (int64_t)qa : (int64_t)(int8_t)qa;
          int64_t y = bu ? (int64_t)qb : (int64_t)(int8_t)qb;
          s += (x - za) * (y - zb);
        }
        int32_t want = (int32_t)(uint32_t)(uint64_t)s;
        int32_t got = c[((int64_t)bi * m + i) * n + j];
        if (got != want) {
          printf("FAIL %s at [%d][%d][%d]: got %d, want %d\n", name, bi, i, j,
                 got, want);
          return 1;
        }
      }
  printf("PASS %s\n", name);
  return 0;
}

/* requantize (docs/QuantizationSpec.md, sections 5 and 7): M = s_in / s_out,
   quantizeMultiplier(M, 31), one exact rounding (half to even) of
   x * multiplier / 2^shift in 128-bit integers, + zp_out, clamped to int8. */
static int64_t requantize_ref(int64_t x, double s_in, double s_out, int64_t zp_out) {
  double m = s_in / s_out;
  int e;
  double f = frexp(m, &e);
  int64_t mult = (int64_t)round(f * 2147483648.0); /* half away from zero */
  if (mult == ((int64_t)1 << 31)) {
    mult = (int64_t)1 << 30;
    e += 1;
  }
  int shift = 31 - e;
  if (shift < 1 || shift > 62)
    return 99999; /* not exercised by these cases */
  __int128 p = (__int128)x * mult;
  __int128 fl = p >> shift; /* floor */
  __int128 rem = p - (fl << shift);
  __int128 half = (__int128)1 << (shift - 1);
  if (rem > half || (rem == half && (fl & 1)))
    fl += 1;
  int64_t v = zp_out + (int64_t)fl;
  return v < -128 ? -128 : v > 127 ? 127 : v;
}

static int check_rq(const char *name, int m, int k, int n, const uint8_t *a,
                    const uint8_t *b, int au, int bu, int64_t za, int64_t zb,
                    const double *s_in, double s_out, int64_t zp_out,
                    const int8_t *c) {
  int clamped = 0;
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      int64_t s = 0;
      for (int kk = 0; kk < k; ++kk) {
        uint8_t qa = a[(int64_t)i * k + kk], qb = b[(int64_t)kk * n + j];
        int64_t x = au ? (int64_t)qa : (int64_t)(int8_t)qa;
        int64_t y = bu ? (int64_t)qb : (int64_t)(int8_t)qb;
        s += (x - za) * (y - zb);
      }
      int64_t want = requantize_ref(s, s_in[j], s_out, zp_out);
      clamped += want == -128 || want == 127;
      if (c[(int64_t)i * n + j] != want) {
        printf("FAIL %s at [%d][%d]: got %d, want %lld\n", name, i, j,
               c[(int64_t)i * n + j], (long long)want);
        return 1;
      }
    }
  printf("PASS %s (%d of %d clamped)\n", name, clamped, m * n);
  return 0;
}
"""

src = os.path.join(WORK, "cases.mlir")
low = os.path.join(WORK, "cases.llvm.mlir")
obj = os.path.join(WORK, "cases.o")
drv = os.path.join(WORK, "driver.c")
exe = os.path.join(WORK, "driver")
with open(src, "w") as f:
    f.write("\n".join(mlir))
with open(drv, "w") as f:
    f.write(DRIVER_HEAD)
    f.write("".join(c_data))
    f.write("".join(c_decls))
    f.write("int main(void) {\n  int failed = 0;\n")
    f.write("".join(c_calls))
    f.write("  if (failed) { printf(\"%d FAILED\\n\", failed); return 1; }\n")
    f.write("  printf(\"ALL PASS\\n\");\n  return 0;\n}\n")


TARGETS = TARGET.split(",")
lows = []
for t in TARGETS:
    lows.append(low if len(TARGETS) == 1 else low.replace(".llvm.", "." + t + "."))
    run([QOPT, src, "--qnn-lower-to-llvm=target=" + t, "-o", lows[-1]])
lowered = "".join(open(l).read() for l in lows)
if KERNEL:
    count = lowered.count(KERNEL)
    print("kernel %s calls: %s" % (KERNEL, "yes" if count else "NONE"))
    if not count:
        sys.exit(1)
translate = [QTRANS, "--emit-obj"] + lows + ["-o", obj]
if MODE == "aarch64":
    translate.append("--target-triple=aarch64-linux-gnu")
    cc = ["aarch64-linux-gnu-gcc", "-static", "-O1"]
    runner = ["qemu-aarch64", "-cpu", "max", exe]
else:
    cc = ["cc", "-O1"]
    runner = [exe]
run(translate)
if len(TARGETS) > 1:
    # The driver reports the variant the dispatcher chose.
    text = open(drv).read().replace(
        "int main(void) {\n",
        "const char *quantmlir_variant(void);\nint main(void) {\n"
        "  printf(\"variant %s\\n\", quantmlir_variant());\n", 1)
    with open(drv, "w") as f:
        f.write(text)
run(cc + [drv, obj, "-o", exe, "-lm"])
if len(TARGETS) == 1:
    sys.stdout.write(run(runner))
else:
    for t in TARGETS + [None]:
        env = dict(os.environ)
        env.pop("QUANTMLIR_VARIANT", None)
        if t:
            env["QUANTMLIR_VARIANT"] = t
        print("run QUANTMLIR_VARIANT=%s" % (t or "(unset)"))
        r = subprocess.run(runner, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, env=env)
        sys.stdout.write(r.stdout)
        if r.returncode != 0:
            print("FAIL exit %d" % r.returncode)
            sys.exit(1)
