#!/usr/bin/env python3
"""Runs a whole model ahead of time on AArch64 and compares its output with a
reference .npy:

  aot_model_check.py QUANT_OPT QUANT_TRANSLATE WORKDIR TARGET MODEL INPUT REF [ATOL]

MODEL (func @main, one f32 input, one f32 output with static shapes) is
lowered with --qnn-lower-to-llvm=target=TARGET, compiled with quant-translate
--emit-obj for aarch64-linux-gnu, linked with aarch64-linux-gnu-gcc -static
and a generated C driver that holds INPUT (exact float bits) and prints the
output's bits; it runs under qemu-aarch64 -cpu max. Prints the number of
SDOT / SMMLA calls in the lowered module, "max_abs_err E" and "PASS" when
every output is within ATOL (default 0: bit-exact) of REF, else "FAIL".
"""
import os
import subprocess
import sys

import numpy as np

QOPT, QTRANS, WORK, TARGET, MODEL, INPUT, REF = sys.argv[1:8]
ATOL = float(sys.argv[8]) if len(sys.argv) > 8 else 0.0
os.makedirs(WORK, exist_ok=True)
x = np.load(INPUT).astype(np.float32)
ref = np.load(REF).astype(np.float32)


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True)
    if r.returncode != 0:
        sys.stdout.write(r.stdout)
        print("FAIL command: %s (exit %d)" % (" ".join(cmd), r.returncode))
        sys.exit(1)
    return r.stdout


low = os.path.join(WORK, "model.llvm.mlir")
obj = os.path.join(WORK, "model.o")
drv = os.path.join(WORK, "driver.c")
exe = os.path.join(WORK, "driver")
run([QOPT, MODEL, "--qnn-lower-to-llvm=target=" + TARGET, "-o", low])
lowered = open(low).read()
print("sdot calls: %d, smmla calls: %d" % (lowered.count("llvm.aarch64.neon.sdot"),
                                          lowered.count("llvm.aarch64.neon.smmla")))
run([QTRANS, "--emit-obj", low, "--target-triple=aarch64-linux-gnu", "-o", obj])


def desc(name, shape):
    r = len(shape)
    strides = [int(np.prod(shape[i + 1:])) for i in range(r)]
    return ("typedef struct { void *allocated, *aligned; int64_t offset, sizes[%d], "
            "strides[%d]; } D%s;\nstatic D%s d%s = {%s, %s, 0, {%s}, {%s}};\n"
            % (r, r, name, name, name, name, name, ", ".join(map(str, shape)),
               ", ".join(map(str, strides))))


with open(drv, "w") as f:
    f.write("#include <stdint.h>\n#include <stdio.h>\n")
    f.write("static uint32_t in[%d] = {%s};\n" % (x.size, ",".join(
        "0x%08x" % v for v in x.reshape(-1).view(np.uint32))))
    f.write("static uint32_t out[%d];\n" % ref.size)
    f.write(desc("in", x.shape))
    f.write(desc("out", ref.shape))
    f.write("void _mlir_ciface_main(Din *, Dout *);\n")
    f.write("int main(void) {\n  _mlir_ciface_main(&din, &dout);\n"
            "  for (int i = 0; i < %d; ++i) printf(\"%%08x\\n\", out[i]);\n"
            "  return 0;\n}\n" % ref.size)
run(["aarch64-linux-gnu-gcc", "-static", "-O1", drv, obj, "-o", exe, "-lm"])
out = run(["qemu-aarch64", "-cpu", "max", exe]).split()
got = np.array([int(v, 16) for v in out], dtype=np.uint32).view(np.float32)
got = got.reshape(ref.shape)
err = float(np.max(np.abs(got.astype(np.float64) - ref.astype(np.float64))))
print("max_abs_err %g" % err)
print("PASS" if err <= ATOL else "FAIL")
sys.exit(0 if err <= ATOL else 1)
