#!/usr/bin/env python3
"""Checks a statistics file of calib_model.mlir against numpy.

  check_calib_stats.py stats.json data.npy [--scale S] [--skip-rows R,R,...]
                       [--bins N] [--batch 4]

Independent restatement (no QuantMLIR code): the model's tensors in numpy
float32 (x; x * c; clamp(x * c, 0, 3.4e38) for relu:out and add:in0; twice
that for bound:out), split into batches of 4 samples after leaving out the
--skip-rows (and a partial last batch); then per tensor, by the rules of
docs/Calibration.md: count, NaN / inf counts, min, max, batches, the range
T (smallest power of two above max|x|), the 2N half-bin counts
(half-bin N + floor(x * N / T), exact in float64) and the moving averages
(first batch sets them, then m += 0.01 * (batch_min - m), in float64).
Everything must be identical. Exit 1 with a message on a difference.
"""
import argparse
import json
import math
import sys

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("stats")
ap.add_argument("data")
ap.add_argument("--scale", type=float)
ap.add_argument("--skip-rows", default="")
ap.add_argument("--bins", type=int, default=8001)
ap.add_argument("--batch", type=int, default=4)
args = ap.parse_args()

x = np.load(args.data)
if args.scale is not None:
    x = (x.astype(np.float64) * args.scale).astype(np.float32)
skip = [int(r) for r in args.skip_rows.split(",") if r]
x = np.delete(x, skip, axis=0)
x = x[: len(x) // args.batch * args.batch]
c = np.array([[0.5, -1.0, 2.0, 3.0, -0.25, 1.5, -4.0, 8.0]], np.float32)
with np.errstate(over="ignore", invalid="ignore"):
    scaled = (x * c).astype(np.float32)
    # tosa.clamp {min_val = 0, max_val = 3.4e38}
    relu = np.minimum(np.maximum(scaled, np.float32(0)), np.float32(3.4e38))
    tensors = {"scale:in0": x, "scale:out": scaled, "relu:out": relu,
               "add:in0": relu, "bound:out": (relu + relu).astype(np.float32)}

stats = json.load(open(args.stats))
errors = []


def expect(where, got, want):
    if got != want:
        errors.append("%s: got %r, expected %r" % (where, got, want))


N = args.bins
expect("bins", stats["bins"], N)
expect("samples", stats["samples"], len(x))
expect("tensor names", sorted(stats["tensors"]), sorted(tensors))
for name, t in tensors.items():
    e = stats["tensors"].get(name)
    if e is None:
        continue
    v = t.ravel()
    finite = v[np.isfinite(v)]
    expect(name + " count", e["count"], int(finite.size))
    expect(name + " nan_count", e["nan_count"], int(np.isnan(v).sum()))
    expect(name + " inf_count", e["inf_count"], int(np.isinf(v).sum()))
    expect(name + " min", e["min"], float(finite.min()) if finite.size else 0.0)
    expect(name + " max", e["max"], float(finite.max()) if finite.size else 0.0)
    m = float(np.abs(finite).max()) if finite.size else 0.0
    T = 0.0 if m == 0 else 2.0 ** (math.floor(math.log2(m)) + 1)
    expect(name + " range", e["histogram"]["range"], T)
    half = np.zeros(2 * N, np.int64)
    if T:
        idx = N + np.floor(finite.astype(np.float64) * (N / T)).astype(np.int64)
        half = np.bincount(idx, minlength=2 * N)
    else:
        half[N] = finite.size
    h = e["histogram"]
    got = np.zeros(2 * N, np.int64)
    got[h["offset"]:h["offset"] + len(h["half_bin_counts"])] = h["half_bin_counts"]
    if not np.array_equal(got, half):
        bad = np.nonzero(got != half)[0]
        errors.append("%s half-bins differ at %s" % (name, bad[:5]))
    # Moving averages over the batches with a finite value.
    batches = t.reshape(-1, args.batch * t.shape[1] if t.ndim > 1 else 1)
    mmin = mmax = None
    nb = 0
    for b in batches:
        f = b[np.isfinite(b)]
        if not f.size:
            continue
        nb += 1
        lo, hi = float(f.min()), float(f.max())
        if mmin is None:
            mmin, mmax = lo, hi
        else:
            mmin += 0.01 * (lo - mmin)
            mmax += 0.01 * (hi - mmax)
    expect(name + " batches", e["batches"], nb)
    expect(name + " moving_min", e["moving_min"], mmin if mmin is not None else 0.0)
    expect(name + " moving_max", e["moving_max"], mmax if mmax is not None else 0.0)

if errors:
    print("check_calib_stats: FAIL\n  " + "\n  ".join(errors))
    sys.exit(1)
print("check_calib_stats: PASS %d tensors, %d samples, %d bins"
      % (len(tensors), len(x), N))
