#!/usr/bin/env python3
"""Compare a realized model's output with the simulated model's on the
output grid: reads the output scale from the realized module (the
qnn.dequantize that produces the returned value), counts the elements that
differ and checks them with scripts/npcompare.py --max-lsb N --scale S.

  grid_compare.py int8.mlir int8.npy sim.npy --max-lsb N

Prints `grid_compare: scale=S differ=K/T max_lsb=M` and npcompare's line;
exits non-zero when npcompare does.
"""

import argparse
import os
import re
import subprocess
import sys

import numpy as np


def output_scale(path):
    text = open(path).read()
    ret = re.search(r"^\s*return (%[\w#]+)", text, re.M)
    if not ret:
        sys.exit("grid_compare: no return in %s" % path)
    value = ret.group(1)
    deq = re.search(r"^\s*%s = qnn\.dequantize .*params = #qnn\.params<[^,]*, "
                    r"scale = ([^,>]+)" % re.escape(value), text, re.M)
    if not deq:
        sys.exit("grid_compare: %s is not produced by a per-tensor "
                 "qnn.dequantize" % value)
    return float(deq.group(1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("module")
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--max-lsb", type=int, required=True)
    args = ap.parse_args()
    scale = output_scale(args.module)
    a = np.load(args.a).astype(np.float64)
    b = np.load(args.b).astype(np.float64)
    lsb = np.abs(a - b) / scale
    print("grid_compare: scale=%.9g differ=%d/%d max_lsb=%g"
          % (scale, int((lsb > 0.5).sum()), a.size, np.round(lsb.max(), 3)))
    npcompare = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                             "..", "..", "..", "..", "scripts", "npcompare.py")
    # A step is exact on the grid; its float32 value minus another is not
    # quite: 1e-3 of a step of slack.
    return subprocess.run([sys.executable, npcompare, args.a, args.b,
                           "--max-lsb", str(args.max_lsb + 1e-3),
                           "--scale", repr(scale)]).returncode


if __name__ == "__main__":
    sys.exit(main())
