#!/usr/bin/env python3
"""check_profile.py PROFILE.json MODEL.mlir RUNS BATCHES [--also NAME ...]
                                                        [--grouped A+B ...]

Checks the structure of `quant-run profile --json` (never speeds): every
layer named by a location in MODEL.mlir (loc("name") on an op that is not a
constant) appears exactly once, plus the --also names; rows are sorted by
time, descending; percentages sum to 100 and match time / total; calls equal
RUNS * BATCHES; times are non-negative; shapes look like [d0,d1,...].
--grouped A+B: layers A and B of the model are expected as one row A+B (a
convolution and its epilogue on a target that fuses them)."""
import argparse
import json
import re
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("profile")
    ap.add_argument("model")
    ap.add_argument("runs", type=int)
    ap.add_argument("batches", type=int)
    ap.add_argument("--also", nargs="*", default=[])
    ap.add_argument("--grouped", nargs="*", default=[])
    a = ap.parse_args()
    report = json.load(open(a.profile))
    expected = set(a.also)
    for line in open(a.model):
        m = re.search(r'loc\("([^"]+)"\)\s*$', line.rstrip())
        if m and "tosa.const" not in line and '"tosa.const' not in line \
                and "tosa.const_shape" not in line:
            expected.add(m.group(1))
    for group in a.grouped:
        parts = set(group.split("+"))
        if not parts <= expected:
            print("check_profile: FAIL --grouped %s: not layers of the model"
                  % group)
            return 1
        expected = (expected - parts) | {group}
    rows = report["layers"]
    names = [r["layer"] for r in rows]
    bad = []
    if sorted(names) != sorted(expected):
        bad.append("layers %s, expected %s" % (sorted(names), sorted(expected)))
    times = [r["time_us"] for r in rows]
    if times != sorted(times, reverse=True):
        bad.append("not sorted by time: %s" % times)
    if any(t < 0 for t in times):
        bad.append("negative time")
    total = sum(times)
    if abs(total - report["total_us"]) > 1e-6 * max(1.0, total):
        bad.append("total_us %g != sum %g" % (report["total_us"], total))
    pct = sum(r["percent"] for r in rows)
    if abs(pct - 100.0) > 1e-6:
        bad.append("percentages sum to %g" % pct)
    for r in rows:
        if total > 0 and abs(r["percent"] - 100.0 * r["time_us"] / total) > 1e-6:
            bad.append("%s: percent %g" % (r["layer"], r["percent"]))
        if r["calls"] != a.runs * a.batches:
            bad.append("%s: %d calls" % (r["layer"], r["calls"]))
        if not re.fullmatch(r"\[(\d+(,\d+)*)?\]", r["shape"]):
            bad.append("%s: shape %r" % (r["layer"], r["shape"]))
    for key in ("end_to_end_us", "instrumented_us"):
        if not report[key] > 0:
            bad.append("%s = %r" % (key, report[key]))
    if report["runs"] != a.runs or report["batches_per_run"] != a.batches:
        bad.append("runs %r batches %r" % (report["runs"], report["batches_per_run"]))
    if bad:
        for b in bad:
            print("check_profile: FAIL " + b)
        return 1
    print("check_profile: PASS %d layers" % len(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
