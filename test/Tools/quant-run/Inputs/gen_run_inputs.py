#!/usr/bin/env python3
"""Writes the .npy inputs of the quant-run tests into DIR (default: .).

Good inputs: a.npy, b.npy (2x3 float32), add_expected.npy = (a + b) * C with
C the constant of tosa-add.mlir, computed by numpy; round_in.npy and its
expected outputs for rounding.mlir.
Bad inputs: truncated.npy (data cut short), wrong_dtype.npy (float64),
fortran.npy (fortran_order True), bad_magic.npy, bad_dtype.npy (complex64).
"""
import os
import sys

import numpy as np

d = sys.argv[1] if len(sys.argv) > 1 else "."
os.makedirs(d, exist_ok=True)
p = lambda name: os.path.join(d, name)

a = np.arange(6, dtype=np.float32).reshape(2, 3)
b = np.full((2, 3), 0.5, np.float32)
c = np.array([[1, 2, 3], [4, 5, 6]], np.float32)
np.save(p("a.npy"), a)
np.save(p("b.npy"), b)
np.save(p("add_expected.npy"), (a + b) * c)

r = np.array([[0.5, 1.5, 2.5, -0.5], [-1.5, -2.5, 3.7, -3.2]], np.float32)
np.save(p("round_in.npy"), r)
np.save(p("roundeven_expected.npy"), np.round(r))  # numpy rounds half to even
np.save(p("round_expected.npy"),
        (np.sign(r) * np.floor(np.abs(r) + 0.5)).astype(np.float32))
np.save(p("floor_expected.npy"), np.floor(r))

with open(p("truncated.npy"), "wb") as f:
    f.write(open(p("a.npy"), "rb").read()[:-5])
np.save(p("wrong_dtype.npy"), a.astype(np.float64))
np.save(p("fortran.npy"), np.asfortranarray(a))
with open(p("bad_magic.npy"), "wb") as f:
    f.write(b"this is not an npy file at all")
np.save(p("bad_dtype.npy"), a.astype(np.complex64))
