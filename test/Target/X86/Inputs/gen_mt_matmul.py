#!/usr/bin/env python3
"""Writes a qnn.matmul (u8 x s8 -> i32, zero points 3 / -5, B constant) of
M x K x N with several row blocks and column groups plus a ragged tail, its
input and the numpy int64 reference, for vnni-matmul-threads.test.

  gen_mt_matmul.py OUT_DIR M K N
"""
import os
import sys

import numpy as np

out, m, k, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(11)
a = rng.integers(0, 256, size=(m, k)).astype(np.uint8)
b = rng.integers(-128, 128, size=(k, n)).astype(np.int8)
ref = ((a.astype(np.int64) - 3) @ (b.astype(np.int64) + 5)).astype(np.int32)
np.save(os.path.join(out, "a.npy"), a.view(np.int8))
np.save(os.path.join(out, "ref.npy"), ref)
hexb = '"0x' + b.tobytes().hex().upper() + '"'
ta, tb, tc = ("tensor<%dx%dxi8>" % (m, k), "tensor<%dx%dxi8>" % (k, n),
              "tensor<%dx%dxi32>" % (m, n))
with open(os.path.join(out, "mm.mlir"), "w") as f:
    f.write("func.func @main(%%a: %s) -> %s {\n"
            "  %%b = arith.constant dense<%s> : %s\n"
            "  %%0 = qnn.matmul %%a, %%b {lhs_zp = 3 : i64, rhs_zp = -5 : i64, "
            "lhs_unsigned = true} : (%s, %s) -> %s\n"
            "  return %%0 : %s\n}\n" % (ta, tc, hexb, tb, ta, tb, tc, tc))
