#!/usr/bin/env python3
"""Quantizes bundled examples, runs each int8 model as realized and after
qnn-legalize for each target, and checks that the outputs are the same bit
for bit and that the legalized conv / matmul operands have the target's
signedness.

  legalize_check.py QUANT_OPT QUANT_RUN WORKDIR SRC_ROOT LOWER \
      TARGET[,TARGET...] EXAMPLE[:asym][:u8] ...

The realized model is the reference: lowered with target=generic (plain
loops over the unmodified integer semantics). The legalized one is lowered
with LOWER (`generic`, or an x86 target to run the x86 kernels on it).
EXAMPLE:asym calibrates from statistics of the example's input with
asymmetric activations (non-zero zero points); :u8 quantizes with unsigned
input, activation and weight grids; plain EXAMPLE uses the data-free
signed defaults.

Prints per model and target one line
  PASS <name> <target> equal=True changed=True data=u8:3/3 weight=s8:3/3
(data: conv inputs and matmul lhs; weight: conv weights and matmul rhs;
u8 / s8 counts how many of them are stored that way after legalization),
then "ALL PASS", or exits 1 when some outputs differ (whether the IR
changed and the counts are for the caller to check).
"""
import os
import re
import subprocess
import sys

import numpy as np

QOPT, QRUN, WORK, SRC, LOWER, TARGETS = sys.argv[1:7]
os.makedirs(WORK, exist_ok=True)
failed = 0


def run(*cmd):
    subprocess.run(list(cmd), check=True, stdout=subprocess.DEVNULL)


def signedness(text):
    """(data unsigned, data total, weight unsigned, weight total)."""
    du = dt = wu = wt = 0
    for line in text.splitlines():
        m = re.search(r"= qnn\.(conv2d|matmul) ", line)
        if not m:
            continue
        d, w = (("input_unsigned", "weight_unsigned") if m.group(1) == "conv2d"
                else ("lhs_unsigned", "rhs_unsigned"))
        dt += 1
        wt += 1
        du += (d + " = true") in line
        wu += (w + " = true") in line
    return du, dt, wu, wt


for spec in sys.argv[7:]:
    ex, *modes = spec.split(":")
    name = "_".join([ex] + modes)
    model = os.path.join(SRC, "examples", ex, "model.mlir")
    inp = os.path.join(SRC, "examples", ex, "input.npy")
    p = lambda s: os.path.join(WORK, name + s)  # noqa: E731
    opts = []
    if "u8" in modes:
        opts.append("input-signed=false activation-signed=false "
                    "weight-signed=false")
    if "asym" in modes:
        run(QOPT, model, "--qnn-annotate=" + " ".join(opts), "-o",
            p(".ann.mlir"))
        run(QRUN, "calibrate", p(".ann.mlir"), "--input", inp, "-o",
            p(".stats.json"))
        opts.append("stats=%s mode=max activation-symmetric=false" %
                    p(".stats.json"))
    run(QOPT, model, "--qnn-quantize=" + " ".join(opts), "-o", p(".int8.mlir"))
    run(QOPT, p(".int8.mlir"), "--qnn-lower-to-llvm=target=generic", "-o",
        p(".ref.ll.mlir"))
    run(QRUN, "run", p(".ref.ll.mlir"), "--input", inp, "-o", p(".ref.npy"))
    ref = np.load(p(".ref.npy"))
    realized = open(p(".int8.mlir")).read()
    for target in TARGETS.split(","):
        q = lambda s: p("." + target + s)  # noqa: E731
        run(QOPT, p(".int8.mlir"), "--qnn-legalize=target=" + target, "-o",
            q(".mlir"))
        run(QOPT, q(".mlir"), "--qnn-lower-to-llvm=target=" + LOWER, "-o",
            q(".ll.mlir"))
        run(QRUN, "run", q(".ll.mlir"), "--input", inp, "-o", q(".npy"))
        out = np.load(q(".npy"))
        legalized = open(q(".mlir")).read()
        same = out.shape == ref.shape and out.tobytes() == ref.tobytes()
        changed = legalized != realized
        du, dt, wu, wt = signedness(legalized)
        ok = same
        print("%s %s %s equal=%s changed=%s data=u8:%d/%d weight=s8:%d/%d" %
              ("PASS" if ok else "FAIL", name, target, same, changed, du, dt,
               wt - wu, wt))
        failed += 0 if ok else 1

if failed:
    print("%d FAILED" % failed)
    sys.exit(1)
print("ALL PASS")
