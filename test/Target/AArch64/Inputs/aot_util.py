"""Helpers of the AArch64 ahead-of-time checks (aot_conv_check.py,
aot_dw_check.py, aot_model_check.py): lower + compile + link + run a module
with a C driver under qemu-aarch64, the cases' C arrays and their numpy
int64 conv reference; run, ty and Requantize are test/Target/Inputs/
check_util.py's, shared with the x86 and AOT checks."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
from check_util import Requantize, np, run, ty  # noqa: E402,F401

# The C drivers' start: includes, the rank-4 memref descriptor (docs/AOT.md).
C_PRELUDE = r"""
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* MLIR memref descriptor of rank 4 (docs/AOT.md). */
typedef struct { void *allocated, *aligned; int64_t offset, sizes[4], strides[4]; } Desc4;

static Desc4 desc4(void *p, const int64_t *s) {
  Desc4 d = {p, p, 0, {s[0], s[1], s[2], s[3]},
             {s[1] * s[2] * s[3], s[2] * s[3], s[3], 1}};
  return d;
}
"""


def u8(arr):
    return (np.asarray(arr).astype(np.int64) & 0xFF).astype(np.uint8)


def carray(ctype, name, arr):
    return "static const %s %s[] = {%s};\n" % (
        ctype, name, ",".join(str(int(v)) for v in np.asarray(arr).ravel()))


def out_dims(h, w, kh, kw, stride, pad, dil):
    t, b, l, r = pad
    return ((h + t + b - dil[0] * (kh - 1) - 1) // stride[0] + 1,
            (w + l + r - dil[1] * (kw - 1) - 1) // stride[1] + 1)


def conv_ref(x, wt, izp, wzp, stride, pad, dil, groups):
    """int64 NHWC conv: sums of (x - izp)(w - wzp) over the window, padding
    positions contributing nothing; wt F x KH x KW x (C / groups); groups 1
    or C."""
    n, h, w, c = x.shape
    f, kh, kw, _ = wt.shape
    oh, ow = out_dims(h, w, kh, kw, stride, pad, dil)
    xs = x.astype(np.int64) - izp
    ws = wt.astype(np.int64) - wzp
    out = np.zeros((n, oh, ow, f), dtype=np.int64)
    for oy in range(oh):
        for ox in range(ow):
            for ky in range(kh):
                iy = oy * stride[0] + ky * dil[0] - pad[0]
                if iy < 0 or iy >= h:
                    continue
                for kx in range(kw):
                    ix = ox * stride[1] + kx * dil[1] - pad[2]
                    if ix < 0 or ix >= w:
                        continue
                    if groups == 1:
                        out[:, oy, ox, :] += xs[:, iy, ix, :] @ ws[:, ky, kx, :].T
                    else:
                        out[:, oy, ox, :] += xs[:, iy, ix, :] * ws[:, ky, kx, 0]
    return out


def lower(qopt, src, target, work):
    """quant-opt --qnn-lower-to-llvm=target=TARGET; returns (path, text)."""
    low = os.path.join(work, os.path.splitext(os.path.basename(src))[0] + ".llvm.mlir")
    run([qopt, src, "--qnn-lower-to-llvm=target=" + target, "-o", low])
    with open(low) as fh:
        return low, fh.read()


def lower_cases(qopt, target, work, mlir, driver_head, c_data, c_decls,
                c_calls):
    """Writes the cases' functions (`mlir`, a list of lines) to
    WORK/cases.mlir and lowers it (lower); returns (path, text, the C driver:
    `driver_head`, the data, the declarations and a main calling every
    case, printing "ALL PASS" or "N FAILED")."""
    src = os.path.join(work, "cases.mlir")
    with open(src, "w") as fh:
        fh.write("\n".join(mlir))
    driver = (driver_head + "".join(c_data) + "".join(c_decls) +
              "int main(void) {\n  int failed = 0;\n" + "".join(c_calls) +
              "  if (failed) { printf(\"%d FAILED\\n\", failed); return 1; }\n"
              "  printf(\"ALL PASS\\n\");\n  return 0;\n}\n")
    return lower(qopt, src, target, work) + (driver,)


def compile_and_run(qtrans, low, driver_c, work):
    """quant-translate --emit-obj for aarch64-linux-gnu, linked with the C
    driver text by aarch64-linux-gnu-gcc -static, run under qemu-aarch64
    -cpu max; returns the driver's output."""
    obj = os.path.join(work, "module.o")
    drv = os.path.join(work, "driver.c")
    exe = os.path.join(work, "driver")
    with open(drv, "w") as fh:
        fh.write(driver_c)
    run([qtrans, "--emit-obj", low, "--target-triple=aarch64-linux-gnu", "-o", obj])
    run(["aarch64-linux-gnu-gcc", "-static", "-O1", drv, obj, "-o", exe, "-lm"])
    return run(["qemu-aarch64", "-cpu", "max", exe])
