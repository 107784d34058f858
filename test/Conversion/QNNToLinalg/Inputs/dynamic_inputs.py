#!/usr/bin/env python3
"""Inputs of exec-dynamic.mlir, and the comparison of its two runs.

  dynamic_inputs.py OUT.npz N      N samples of each of the 8 arguments
                                   (fixed seed; full int8 range, i32 values
                                   around the requantize rounding ties)
  dynamic_inputs.py --compare A.npz B.npz
                                   every array of A equals B's (same dtype,
                                   shape and bits); one line, exit 1 if not
"""

import sys

import numpy as np


def main(argv):
    if argv[1] == "--compare":
        a, b = np.load(argv[2]), np.load(argv[3])
        if sorted(a.files) != sorted(b.files):
            print("compare: FAIL arrays differ: %s vs %s" % (a.files, b.files))
            return 1
        for k in sorted(a.files):
            x, y = a[k], b[k]
            if x.dtype != y.dtype or x.shape != y.shape or x.tobytes() != y.tobytes():
                print("compare: FAIL %s: %s %s vs %s %s" % (k, x.dtype, x.shape, y.dtype, y.shape))
                return 1
        print("compare: PASS %d arrays bit-exact" % len(a.files))
        return 0
    n = int(argv[2])
    rng = np.random.default_rng(7)
    i8 = lambda *s: rng.integers(-128, 128, size=(n,) + s, dtype=np.int8)
    arrays = [i8(5, 6, 4), i8(4),
              (rng.integers(-40, 40, size=(n, 3)) * 4 + rng.integers(0, 4, size=(n, 3))).astype(np.int32) * 2,
              (rng.integers(-160, 160, size=(n, 4)) / 8.0).astype(np.float32),
              i8(3), i8(2), i8(3), i8(3, 3, 1)]
    np.savez(argv[1], *arrays)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
