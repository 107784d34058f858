#!/usr/bin/env python3
"""Writes the inputs of run-batching.test into DIR, with numpy's results.

Model: batch_model.mlir (@main: batch 2, x * [1, 2, -3] and its row sums).
Values are multiples of 1/4, so every product and sum is exact in float32.

  x10.npy      float32 10x3 (5 batches); main10_0.npy, main10_1.npy: results
  x7.npy       float32 7x3 (3 batches + 1 padded); main7_0.npy, main7_1.npy
  x1.npy       float32 1x3 (one padded batch); main1_0.npy, main1_1.npy
  x10.npz      np.savez(x10) -> arr_0
  named.npz    np.savez_compressed(labels=..., x=x10): matched by name
  three.npz    np.savez(a, b, c): 3 arrays, 1 argument
  shards/      a.npy (rows 0-3), b.npy (rows 4-9): batch 2..3 straddles
  u8.npy       uint8 10x3; mainu8_0.npy = (u8.astype(float32) / 255) * c
  pooled10.npy @pooled on x10: 5 batch sums, 5x3
  x10x4.npy    float32 10x4 (bad trailing shape); x10f64.npy float64
  y9.npy       float32 9x3 (for @two with x10: different sample counts)
  corrupt.npz  x10.npz with a flipped data byte (CRC mismatch)
  cut.npz      x10.npz cut in half
  single/      small_cnn: img.npy 3x16x16x3 and img0..2.npy 1x16x16x3
"""
import os
import sys

import numpy as np

d = sys.argv[1]
os.makedirs(os.path.join(d, "shards"), exist_ok=True)
os.makedirs(os.path.join(d, "single"), exist_ok=True)
p = lambda name: os.path.join(d, name)
c = np.array([[1.0, 2.0, -3.0]], np.float32)
rng = np.random.default_rng(4)


def main(x):
    y = (x * c).astype(np.float32)
    return y, y.sum(axis=1, keepdims=True, dtype=np.float32)


x10 = (rng.integers(-40, 40, size=(10, 3)) / 4).astype(np.float32)
np.save(p("x10.npy"), x10)
for i, r in enumerate(main(x10)):
    np.save(p("main10_%d.npy" % i), r)
for n in (7, 1):
    np.save(p("x%d.npy" % n), x10[:n])
    for i, r in enumerate(main(x10[:n])):
        np.save(p("main%d_%d.npy" % (n, i)), r)
np.savez(p("x10.npz"), x10)
np.savez_compressed(p("named.npz"), labels=np.arange(10), x=x10)
np.savez(p("three.npz"), x10, x10, x10)
np.save(p("shards/a.npy"), x10[:4])
np.save(p("shards/b.npy"), x10[4:])
u8 = rng.integers(0, 256, size=(10, 3)).astype(np.uint8)
np.save(p("u8.npy"), u8)
np.save(p("mainu8_0.npy"), main(u8.astype(np.float32) / np.float32(255))[0])
np.save(p("pooled10.npy"), x10.reshape(5, 2, 3).sum(axis=1, dtype=np.float32))
np.save(p("x10x4.npy"), np.zeros((10, 4), np.float32))
np.save(p("x10f64.npy"), x10.astype(np.float64))
np.save(p("y9.npy"), x10[:9])
raw = bytearray(open(p("x10.npz"), "rb").read())
raw[200] ^= 0xFF  # inside the member's data
open(p("corrupt.npz"), "wb").write(bytes(raw))
open(p("cut.npz"), "wb").write(bytes(raw[: len(raw) // 2]))

img = rng.uniform(-1, 1, size=(3, 16, 16, 3)).astype(np.float32)
np.save(p("single/img.npy"), img)
for i in range(3):
    np.save(p("single/img%d.npy" % i), img[i:i + 1])
