#!/usr/bin/env python3
"""Compares two statistics files field by field.

  compare_stats.py a.json b.json [--ignore-moving]

Everything must be identical (model hash, samples, bins, and per tensor kind,
shape, counts, min, max, batches, histogram), except `producer` and, with
--ignore-moving, the moving averages: merging shards combines those
approximately (a batch-weighted mean), by design (docs/Calibration.md 2.5).
"""
import json
import sys

a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
ignore_moving = "--ignore-moving" in sys.argv
skip = {"producer"}
tensor_skip = {"moving_min", "moving_max"} if ignore_moving else set()
errors = [k for k in set(a) | set(b)
          if k not in skip and k != "tensors" and a.get(k) != b.get(k)]
if sorted(a["tensors"]) != sorted(b["tensors"]):
    errors.append("tensor names")
else:
    for name in a["tensors"]:
        ta, tb = a["tensors"][name], b["tensors"][name]
        for k in set(ta) | set(tb):
            if k not in tensor_skip and ta.get(k) != tb.get(k):
                errors.append("%s.%s: %r != %r" % (name, k, str(ta.get(k))[:60],
                                                   str(tb.get(k))[:60]))
if errors:
    print("compare_stats: FAIL " + "; ".join(errors))
    sys.exit(1)
print("compare_stats: PASS %d tensors identical%s" % (
    len(a["tensors"]), " (moving averages not compared)" if ignore_moving else ""))
