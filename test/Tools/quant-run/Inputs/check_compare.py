#!/usr/bin/env python3
"""check_compare.py COMPARE.json LAYER_DIR [--atol-db X]

Checks `quant-run compare --json` against per-layer arrays computed by an
independent numpy implementation (scripts/reference.py --per-layer writes
LAYER_DIR/fp32_<layer>.npy and int8_<layer>.npy, the integer path emulated
and dequantized in numpy). For every layer of the reference, recomputes
  SQNR = 10 log10(sum ref^2 / sum (int8 - ref)^2)   (null in JSON when exact)
  max |int8 - ref|
  cosine = sum(ref * int8) / (|ref| |int8|)
and compares with the tool's numbers. Prints one PASS line or FAIL lines."""
import json
import math
import os
import sys

import numpy as np


def metrics(ref, test):
    ref = ref.astype(np.float64).ravel()
    test = test.astype(np.float64).ravel()
    err = test - ref
    noise = float(np.sum(err * err))
    sig = float(np.sum(ref * ref))
    sqnr = None if noise == 0 else 10 * math.log10(sig / noise)
    nt = float(np.sum(test * test))
    if sig == 0 and nt == 0:
        cos = 1.0
    elif sig == 0 or nt == 0:
        cos = 0.0
    else:
        cos = float(np.sum(ref * test)) / math.sqrt(sig) / math.sqrt(nt)
    return sqnr, float(np.max(np.abs(err))) if err.size else 0.0, cos


def main():
    path, layer_dir = sys.argv[1], sys.argv[2]
    report = json.load(open(path))
    by_name = {l["layer"]: l for l in report["layers"]}
    names = sorted(f[5:-4] for f in os.listdir(layer_dir)
                   if f.startswith("fp32_") and f.endswith(".npy"))
    bad = []
    for name in names:
        if name not in by_name:
            bad.append("%s: missing from the report" % name)
            continue
        ref = np.load(os.path.join(layer_dir, "fp32_%s.npy" % name))
        test = np.load(os.path.join(layer_dir, "int8_%s.npy" % name))
        sqnr, maxerr, cos = metrics(ref, test)
        got = by_name[name]
        if (sqnr is None) != (got["sqnr_db"] is None) or (
                sqnr is not None and abs(sqnr - got["sqnr_db"]) > 0.05):
            bad.append("%s: sqnr %s, expected %s" % (name, got["sqnr_db"], sqnr))
        if abs(maxerr - got["max_abs_error"]) > 1e-4 + 1e-3 * maxerr:
            bad.append("%s: max_abs_error %g, expected %g"
                       % (name, got["max_abs_error"], maxerr))
        if abs(cos - got["cosine"]) > 1e-5:
            bad.append("%s: cosine %.8f, expected %.8f" % (name, got["cosine"], cos))
        if got["elements"] != ref.size:
            bad.append("%s: %d elements, expected %d" % (name, got["elements"], ref.size))
        thr = report["threshold_sqnr_db"]
        below = sqnr is not None and sqnr < thr
        if got["below_threshold"] != below:
            bad.append("%s: below_threshold %s, expected %s"
                       % (name, got["below_threshold"], below))
    order = [l["layer"] for l in report["layers"]]
    if bad:
        for b in bad:
            print("check_compare: FAIL " + b)
        return 1
    print("check_compare: PASS %d layers (%s)" % (len(names), " ".join(order)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
