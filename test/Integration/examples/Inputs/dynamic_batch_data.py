#!/usr/bin/env python3
"""Helpers of dynamic_batch.test.

  dynamic_batch_data.py slice IN.npy OUT_PREFIX N [N ...]
      writes OUT_PREFIX<N>.npy = IN[:N] for each N (the first N samples);
  dynamic_batch_data.py same-stats A.json B.json
      checks that two statistics files hold the same statistics for the same
      tensors (count, min, max, NaN/inf counts, histogram), ignoring what
      depends on the model text or on how the samples were cut into batches
      (model hash, shapes, batch count, moving averages); one line, exit 1
      when they differ.
"""

import json
import sys

import numpy as np


def main(argv):
    if argv[1] == "slice":
        x = np.load(argv[2])
        for n in argv[4:]:
            np.save("%s%s.npy" % (argv[3], n), x[:int(n)])
        return 0
    if argv[1] == "same-stats":
        a, b = (json.load(open(p)) for p in argv[2:4])
        if a["samples"] != b["samples"] or sorted(a["tensors"]) != sorted(b["tensors"]):
            print("same-stats: FAIL samples or tensor names differ")
            return 1
        keys = ["kind", "count", "nan_count", "inf_count", "min", "max", "histogram"]
        for name in sorted(a["tensors"]):
            for k in keys:
                if a["tensors"][name][k] != b["tensors"][name][k]:
                    print("same-stats: FAIL %s: %s differs" % (name, k))
                    return 1
        print("same-stats: PASS %d tensors, %d samples" % (len(a["tensors"]), a["samples"]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
