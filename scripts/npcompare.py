#!/usr/bin/env python3
"""Compare two .npy arrays; one summary line, exit 1 when the check fails.

  python3 scripts/npcompare.py A.npy B.npy [--atol X] [--rtol Y]
          [--max-lsb N --scale S] [--min-sqnr DB] [--max-count K]

B is the reference. An element of A passes when
    |a - b| <= atol + rtol * |b|                 (--atol / --rtol)
or, with --max-lsb, when |a - b| <= N * S (N steps of a grid of scale S).
With --max-lsb alone atol/rtol default to 0; with no element-wise option at
all the defaults are atol 1e-5, rtol 1e-5 -- unless only --min-sqnr is given,
which then is the only check. The check fails when more than K elements
(default 0) fail, when SQNR(B vs A) < --min-sqnr, on a shape mismatch, or
when A has NaN/Inf where B does not.

Output (one line, stable):
  npcompare: PASS shape=(1, 10) max_abs_err=4.768e-07 sqnr_db=131.20 over_tol=0/10
  npcompare: FAIL shape=(1, 10) ... over_tol=3/10 first_bad=[0, 4] a=1.25 b=1.1875 reason=...
with max_lsb_err=N added when --scale is given. sqnr_db is "inf" for equal
arrays and "-inf" when NaN/Inf positions differ. Usage errors exit 2.
"""

import argparse
import math
import sys

import numpy as np


def fmt_index(idx):
    return "[" + ", ".join(str(int(i)) for i in idx) + "]"


def main(argv=None):
    ap = argparse.ArgumentParser(description="compare two .npy arrays")
    ap.add_argument("a", help="array under test (.npy)")
    ap.add_argument("b", help="reference array (.npy)")
    ap.add_argument("--atol", type=float, default=None)
    ap.add_argument("--rtol", type=float, default=None)
    ap.add_argument("--max-lsb", type=float, default=None,
                    help="allowed error in grid steps (needs --scale)")
    ap.add_argument("--scale", type=float, default=None,
                    help="grid step for --max-lsb and max_lsb_err")
    ap.add_argument("--min-sqnr", type=float, default=None,
                    help="minimum SQNR in dB of A against B")
    ap.add_argument("--max-count", type=int, default=0,
                    help="number of elements allowed over tolerance")
    ap.add_argument("--unsigned", action="store_true",
                    help="read 8-bit integer arrays as uint8 (quant-run "
                    "stores uint8 results in int8 arrays)")
    args = ap.parse_args(argv)

    if args.max_lsb is not None and args.scale is None:
        ap.error("--max-lsb needs --scale")
    if args.scale is not None and not args.scale > 0:
        ap.error("--scale must be positive")

    try:
        a_raw = np.load(args.a)
        b_raw = np.load(args.b)
    except Exception as e:  # noqa: BLE001 - report any load failure
        print("npcompare: FAIL reason=cannot load: %s" % e)
        return 1

    if a_raw.shape != b_raw.shape:
        print("npcompare: FAIL shape=%s vs %s reason=shape mismatch"
              % (a_raw.shape, b_raw.shape))
        return 1

    if args.unsigned:
        a_raw = a_raw.view(np.uint8) if a_raw.dtype == np.int8 else a_raw
        b_raw = b_raw.view(np.uint8) if b_raw.dtype == np.int8 else b_raw
    a = a_raw.astype(np.float64)
    b = b_raw.astype(np.float64)
    n = a.size

    elementwise = (args.atol is not None or args.rtol is not None
                   or args.max_lsb is not None)
    if not elementwise and args.min_sqnr is None:
        atol, rtol = 1e-5, 1e-5
        elementwise = True
    else:
        atol = args.atol if args.atol is not None else 0.0
        rtol = args.rtol if args.rtol is not None else 0.0

    reasons = []
    bad_nonfinite = ~np.isfinite(a) & np.isfinite(b)
    both_same_nonfinite = (~np.isfinite(a) & ~np.isfinite(b)
                           & ((a == b) | (np.isnan(a) & np.isnan(b))))
    finite = np.isfinite(a) & np.isfinite(b)
    err = np.where(finite, np.abs(a - b), 0.0)
    err = np.where(both_same_nonfinite | finite, err, np.inf)

    max_err = float(np.max(err)) if n else 0.0
    fb = b[finite]
    noise = float(np.sum((a[finite] - fb) ** 2))
    sig = float(np.sum(fb * fb))
    if np.any(np.isinf(err)):
        sqnr = -math.inf  # mismatched NaN/Inf: no meaningful SQNR
    elif noise == 0.0:
        sqnr = math.inf
    elif sig == 0.0:
        sqnr = -math.inf
    else:
        sqnr = 10.0 * math.log10(sig / noise)

    over = np.zeros(a.shape, dtype=bool)
    if elementwise:
        tol = atol + rtol * np.abs(np.where(finite, b, 0.0))
        if args.max_lsb is not None:
            # A tiny relative slack so N exact grid steps are not rejected by
            # the rounding of (q - zp) * scale.
            tol = np.maximum(tol, args.max_lsb * args.scale * (1 + 1e-6))
        over = err > tol
    over |= bad_nonfinite
    count = int(np.count_nonzero(over))
    if count > args.max_count:
        reasons.append("%d element(s) over tolerance (allowed %d)"
                       % (count, args.max_count))
    if args.min_sqnr is not None and not sqnr >= args.min_sqnr:
        reasons.append("sqnr %.2f dB < %.2f dB" % (sqnr, args.min_sqnr))

    parts = ["npcompare:", "FAIL" if reasons else "PASS",
             "shape=%s" % (a_raw.shape,),
             "max_abs_err=%.3e" % max_err,
             "sqnr_db=%s" % ("%.2f" % sqnr if math.isfinite(sqnr)
                             else ("inf" if sqnr > 0 else "-inf"))]
    if args.scale is not None:
        parts.append("max_lsb_err=%.3g" % (max_err / args.scale))
    parts.append("over_tol=%d/%d" % (count, n))
    if reasons:
        if count:
            idx = np.unravel_index(int(np.argmax(over.ravel())), a.shape)
            parts.append("first_bad=%s a=%.7g b=%.7g"
                         % (fmt_index(idx), a[idx], b[idx]))
        parts.append("reason=" + "; ".join(reasons))
    print(" ".join(parts))
    return 1 if reasons else 0


if __name__ == "__main__":
    sys.exit(main())
