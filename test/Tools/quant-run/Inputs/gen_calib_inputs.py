#!/usr/bin/env python3
"""Writes the data sets of the calibrate tests (calib_model.mlir: batch 4
of 8 values) into DIR.

  data.npy      float32 40x8 (10 batches): normal * 3, a few exact zeros,
                values on bin edges
  half1.npy     rows 0-19, half2.npy rows 20-39
  shards/       a.npy rows 0-13, b.npy rows 14-39 (batches straddle files)
  data.npz      np.savez_compressed(x=data)
  u8.npy        uint8 40x8 (for --input-scale)
  nan.npy       data with NaN in sample 13; inf.npy: +inf in samples 5, 30
  big.npy       finite, but x * 8 overflows float32 in sample 6 (an infinite
                activation)
  empty.npy     float32 0x8; partial.npy: 42x8; short.npy: 3x8
  f64.npy       float64 40x8; wide.npy float32 40x9
  truncated.npy data.npy less its last 7 bytes; garbage.npy: not a .npy
"""
import os
import sys

import numpy as np

d = sys.argv[1]
os.makedirs(os.path.join(d, "shards"), exist_ok=True)
p = lambda name: os.path.join(d, name)
rng = np.random.default_rng(7)

data = (rng.standard_normal((40, 8)) * 3).astype(np.float32)
data[3, :4] = 0.0
data[9, 0] = -0.0
data[17, 2:5] = [0.25, -0.5, 4.0]  # bin edges for power-of-two ranges
np.save(p("data.npy"), data)
np.save(p("half1.npy"), data[:20])
np.save(p("half2.npy"), data[20:])
np.save(p("shards/a.npy"), data[:14])
np.save(p("shards/b.npy"), data[14:])
np.savez_compressed(p("data.npz"), x=data)
np.save(p("u8.npy"), rng.integers(0, 256, size=(40, 8)).astype(np.uint8))

nan = data.copy()
nan[13, 5] = np.nan
np.save(p("nan.npy"), nan)
inf = data.copy()
inf[5, 1] = np.inf
inf[30, 0] = -np.inf
np.save(p("inf.npy"), inf)
big = data.copy()
big[6, 7] = 3e38
np.save(p("big.npy"), big)

np.save(p("empty.npy"), np.zeros((0, 8), np.float32))
np.save(p("partial.npy"), np.concatenate([data, data[:2]]))
np.save(p("short.npy"), data[:3])
np.save(p("f64.npy"), data.astype(np.float64))
np.save(p("wide.npy"), np.zeros((40, 9), np.float32))
raw = open(p("data.npy"), "rb").read()
open(p("truncated.npy"), "wb").write(raw[:-7])
open(p("garbage.npy"), "wb").write(b"\x93NUMPY\x01\x00garbage")
