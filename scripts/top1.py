#!/usr/bin/env python3
"""top1.py LABELS.npy NAME=LOGITS.npy [NAME=LOGITS.npy ...] [--max-drop POINTS]

Prints the top-1 accuracy of each set of logits (N x classes) against the
labels (N), and, with --max-drop, exits 1 when any set after the first is more
than POINTS percentage points below the first (the reference, e.g. fp32)."""
import argparse
import sys

import numpy as np


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[2])
    ap.add_argument("labels")
    ap.add_argument("logits", nargs="+", help="NAME=path.npy")
    ap.add_argument("--max-drop", type=float, default=None)
    args = ap.parse_args()
    labels = np.load(args.labels).astype(np.int64).reshape(-1)
    accs = []
    for item in args.logits:
        name, _, path = item.partition("=")
        if not path:
            name, path = path or item, item
        logits = np.load(path)
        logits = logits.reshape(-1, logits.shape[-1])
        if logits.shape[0] != labels.shape[0]:
            print("top1: %s has %d rows, labels have %d" %
                  (path, logits.shape[0], labels.shape[0]))
            return 2
        acc = 100.0 * float((logits.argmax(1) == labels).mean())
        accs.append((name, acc))
        print("top1 %-6s %.2f%% (%d images)" % (name, acc, labels.shape[0]))
    if len(accs) > 1:
        base = accs[0][1]
        for name, acc in accs[1:]:
            print("top1 drop %s vs %s: %.2f points" % (name, accs[0][0], base - acc))
        if args.max_drop is not None and any(base - a > args.max_drop
                                             for _, a in accs[1:]):
            print("top1: FAIL: drop above %.2f points" % args.max_drop)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
