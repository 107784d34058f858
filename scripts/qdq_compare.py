#!/usr/bin/env python3
"""Compare the output of a QDQ model in grid steps; one summary line.

  python3 scripts/qdq_compare.py model.onnx ours.npy ref.npy
          [--max-steps N] [--max-count K]

The model's (single) graph output must be produced by a DequantizeLinear
with a per-tensor scale and zero point: both arrays then lie on that grid,
and each element is converted back to its stored integer
q = round(y / scale) + zp. Prints the number of elements whose integers
differ, the largest difference in steps and a histogram of the differences.
Fails (exit 1) when an element differs by more than N steps (default 0) or
more than K elements differ (default: no limit), or on a shape mismatch.
"""

import argparse
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def output_grid(model):
    out = model.graph.output[0].name
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    for n in model.graph.node:
        if n.output[0] == out:
            if n.op_type != "DequantizeLinear":
                raise SystemExit("qdq_compare: error: output '%s' is not "
                                 "produced by a DequantizeLinear" % out)
            scale = inits[n.input[1]]
            zp = inits[n.input[2]] if len(n.input) > 2 and n.input[2] else 0
            if np.size(scale) != 1:
                raise SystemExit("qdq_compare: error: per-axis output grid")
            return float(np.float32(scale)), int(zp)
    raise SystemExit("qdq_compare: error: no producer for '%s'" % out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("model")
    ap.add_argument("ours")
    ap.add_argument("ref")
    ap.add_argument("--max-steps", type=int, default=0)
    ap.add_argument("--max-count", type=int, default=None)
    args = ap.parse_args(argv)
    scale, zp = output_grid(onnx.load(args.model))
    a, b = np.load(args.ours), np.load(args.ref)
    if a.shape != b.shape:
        print("qdq_compare: FAIL shape %s vs %s" % (a.shape, b.shape))
        return 1
    qa = np.rint(a.astype(np.float64) / scale).astype(np.int64) + zp
    qb = np.rint(b.astype(np.float64) / scale).astype(np.int64) + zp
    d = np.abs(qa - qb)
    diff = int(np.count_nonzero(d))
    worst = int(d.max()) if d.size else 0
    hist = {int(k): int(v) for k, v in zip(*np.unique(d, return_counts=True))
            if k}
    ok = worst <= args.max_steps and (args.max_count is None or
                                      diff <= args.max_count)
    print("qdq_compare: %s shape=%s differing=%d/%d max_steps=%d hist=%s" %
          ("PASS" if ok else "FAIL", a.shape, diff, d.size, worst, hist))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
