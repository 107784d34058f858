#!/usr/bin/env python3
"""Writes the .npy inputs of the quant-run tests into DIR (default: .).

Good inputs: a.npy, b.npy (2x3 float32), add_expected.npy = (a + b) * C with
C the constant of tosa-add.mlir, computed by numpy; round_in.npy and its
expected outputs for rounding.mlir.
Inputs of run-types.mlir (float16, bool, int64, 0-d, empty, NaN/Inf) and
their numpy results (*_expected.npy).
Bad inputs: truncated.npy (data cut short), wrong_dtype.npy (float64),
fortran.npy (fortran_order True), bad_magic.npy, bad_dtype.npy (complex64),
uint16.npy, zero_d.npy, and hand-written headers with a negative or
overflowing shape and an announced header length of 4 GiB.
"""
import os
import struct
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

# Element types and shapes of run-types.mlir, with numpy's results.
h = np.array([[0.5, 1.5, 60000], [-2, 3.25, np.nan]], np.float16)
np.save(p("f16.npy"), h)
with np.errstate(over="ignore"):
    np.save(p("f16_expected.npy"), h + h)  # 60000 + 60000 overflows to inf
cond = np.array([[True, False, True], [False, False, True]])
np.save(p("bool.npy"), cond)
np.save(p("select_expected.npy"), np.where(cond, a, b))
np.save(p("not_expected.npy"), np.logical_not(cond))
i64 = np.array([[1, -2, 3], [2**40, -2**40, 0]], np.int64)
np.save(p("i64.npy"), i64)
np.save(p("i64_expected.npy"), i64 + i64)
np.save(p("scalar.npy"), np.float32(1.25))
np.save(p("scalar_expected.npy"), np.float32(2.5))
np.save(p("empty.npy"), np.zeros((0, 3), np.float32))
special = np.array([[np.nan, np.inf, -np.inf], [-0.0, 1e38, -1e-45]], np.float32)
np.save(p("special.npy"), special)
with np.errstate(over="ignore"):
    np.save(p("special_expected.npy"), (special + b) * c)

# Malformed or hostile .npy headers for run-npy-errors.test.
def raw(name, header, data=b"", major=1, length=None):
    h = header.encode()
    n = len(h) if length is None else length
    size = struct.pack("<H", n) if major == 1 else struct.pack("<I", n)
    with open(p(name), "wb") as f:
        f.write(b"\x93NUMPY" + bytes([major, 0]) + size + h + data)

dict_of = "{'descr': '<f4', 'fortran_order': False, 'shape': %s, }\n"
raw("negative_shape.npy", dict_of % "(-1, 3)")
raw("overflow_dim.npy", dict_of % "(99999999999999999999, 3)")
raw("overflow_size.npy", dict_of % "(4611686018427387904, 4)")
raw("overflow_zero.npy", dict_of % "(0, 4611686018427387904, 4611686018427387904)")
raw("huge_header.npy", "{'descr'", major=2, length=0xFFFFFFFF)
np.save(p("zero_d.npy"), np.float32(3.0))
np.save(p("uint16.npy"), np.arange(6, dtype=np.uint16).reshape(2, 3))
