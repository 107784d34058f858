#!/usr/bin/env python3
"""Quantizes bundled examples and checks that the int8 model lowered for the
running CPU (qnn-lower-to-llvm{target=host}: x86 conv / matmul kernels and
fused requantize epilogues) gives exactly the outputs of the same model
lowered with target=generic (plain loops, the reference lowering).

  host_vs_generic.py QUANT_OPT QUANT_RUN WORKDIR SRC_ROOT EXAMPLE[:asym] ...

EXAMPLE:asym calibrates from statistics of the example's input with
asymmetric activations (non-zero zero points); plain EXAMPLE uses the
data-free qnn-quantize defaults. Prints "PASS name ..." / "FAIL name ..."
per model, then "ALL PASS" or exits 1.
"""
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "Inputs"))
import check_util  # noqa: E402

QOPT, QRUN, WORK, SRC = sys.argv[1:5]
os.makedirs(WORK, exist_ok=True)
failed = 0


def run(*cmd):
    subprocess.run(list(cmd), check=True, stdout=subprocess.DEVNULL)


for spec in sys.argv[5:]:
    name, inp, p = check_util.quantize_example(QOPT, QRUN, SRC, WORK, spec)
    outs = {}
    for target in ("generic", "host"):
        low = p(".%s.mlir" % target)
        run(QOPT, p(".int8.mlir"), "--qnn-lower-to-llvm=target=" + target, "-o", low)
        run(QRUN, "run", low, "--input", inp, "-o", p(".%s.npy" % target))
        outs[target] = np.load(p(".%s.npy" % target))
    lowered = open(p(".host.mlir")).read()
    kernel = ("llvm.x86.avx2.pmadd.wd" in lowered or
              "llvm.x86.avx512.vpdpbusd" in lowered)
    same = (outs["host"].shape == outs["generic"].shape and
            np.array_equal(outs["host"], outs["generic"]))
    ok = same and kernel
    print("%s %s equal=%s kernel=%s" % ("PASS" if ok else "FAIL", name, same, kernel))
    failed += 0 if ok else 1

if failed:
    print("%d FAILED" % failed)
    sys.exit(1)
print("ALL PASS")
