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
import sys

import numpy as np

import aot_util

QOPT, QTRANS, WORK, TARGET, MODEL, INPUT, REF = sys.argv[1:8]
ATOL = float(sys.argv[8]) if len(sys.argv) > 8 else 0.0
os.makedirs(WORK, exist_ok=True)
x = np.load(INPUT).astype(np.float32)
ref = np.load(REF).astype(np.float32)


low, lowered = aot_util.lower(QOPT, MODEL, TARGET, WORK)
print("sdot calls: %d, smmla calls: %d" % (lowered.count("llvm.aarch64.neon.sdot"),
                                          lowered.count("llvm.aarch64.neon.smmla")))


def desc(name, shape):
    r = len(shape)
    strides = [int(np.prod(shape[i + 1:])) for i in range(r)]
    return ("typedef struct { void *allocated, *aligned; int64_t offset, sizes[%d], "
            "strides[%d]; } D%s;\nstatic D%s d%s = {%s, %s, 0, {%s}, {%s}};\n"
            % (r, r, name, name, name, name, name, ", ".join(map(str, shape)),
               ", ".join(map(str, strides))))


driver = ("#include <stdint.h>\n#include <stdio.h>\n" +
          "static uint32_t in[%d] = {%s};\n" % (x.size, ",".join(
              "0x%08x" % v for v in x.reshape(-1).view(np.uint32))) +
          "static uint32_t out[%d];\n" % ref.size +
          desc("in", x.shape) + desc("out", ref.shape) +
          "void _mlir_ciface_main(Din *, Dout *);\n"
          "int main(void) {\n  _mlir_ciface_main(&din, &dout);\n"
          "  for (int i = 0; i < %d; ++i) printf(\"%%08x\\n\", out[i]);\n"
          "  return 0;\n}\n" % ref.size)
out = aot_util.compile_and_run(QTRANS, low, driver, WORK).split()
got = np.array([int(v, 16) for v in out], dtype=np.uint32).view(np.float32)
got = got.reshape(ref.shape)
err = float(np.max(np.abs(got.astype(np.float64) - ref.astype(np.float64))))
print("max_abs_err %g" % err)
print("PASS" if err <= ATOL else "FAIL")
sys.exit(0 if err <= ATOL else 1)
