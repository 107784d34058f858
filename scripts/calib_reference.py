#!/usr/bin/env python3
"""Independent numpy reference for the calibration core (docs/Calibration.md).

This file never imports or runs QuantMLIR code. It restates, literally and
without the C++ shortcuts (prefix sums, series, regrouped half-bins), the
histogram rules and the threshold searches, and writes the expected values
that unittests/Math/CalibrationTest.cpp checks:

  histogram   T = the smallest power of two with max|x| < T (finite values);
              half-bin of x: N + floor(x * N / T) (exact in float64), so the
              histogram is np.bincount of that; NaN / +-inf counted and
              skipped. The zero-centred view (KL) and the |x| view (percentile,
              MSE) are binned directly from the data, not regrouped.
  KL          MXNet's _get_optimal_threshold / TVM's _find_scale_by_kl loop,
              written out with whole arrays per candidate: p = central 2i+1
              bins with the outside mass added to p[0] and p[-1]; the slice
              (without that mass) merged into nq bins, spread back over the
              non-zero entries of p; both smoothed (eps 1e-4; a failed
              smoothing makes the candidate +inf); scipy.stats.entropy-style
              KL of the normalised arrays; float64 throughout. The winner is
              the first i within 1e-9 relative + 1e-12 of the minimum.
  percentile  rank r = p/100 * count over the |x| bins, linear inside the bin.
  MSE         E(k) = s^2/12 * inside + sum_{outside} n_b (c_b - T_k)^2 for
              T_k = k * T / N, compared exactly as integers (Python ints).

The data are generated with a portable splitmix64 generator that the C++ test
restates (numpy's own generators cannot be reproduced in C++); only math.log
is used beyond exact integer / IEEE operations, and the test checks a
checksum of the generated floats before comparing anything else.

Usage:
  python3 scripts/calib_reference.py --out unittests/Math/data
  python3 scripts/calib_reference.py --check     # recompute, diff, no write
"""

import argparse
import math
import os
import sys

import numpy as np

MASK = (1 << 64) - 1
EPS = 1e-4
TIE_REL = 1e-9
TIE_ABS = 1e-12


# ----------------------------------------------------------------------------
# Portable data generator (restated in CalibrationTest.cpp).
# ----------------------------------------------------------------------------
class SplitMix64:
    def __init__(self, seed):
        self.s = seed & MASK

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & MASK
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def u24(self):
        return self.next() >> 40

    def u53(self):
        """(2k + 1) * 2^-53 for a 52-bit k: in (0, 1), exact in double."""
        return float(2 * (self.next() >> 12) + 1) * 2.0**-53

    def normal(self, sigma):
        """Irwin-Hall(12) - 6, scaled: exact integer sum, one rounding."""
        s = sum(self.u24() for _ in range(12)) - 6 * (1 << 24)
        return float(s) * sigma / 16777216.0


def generate(kind, seed, size):
    g = SplitMix64(seed)
    out = []
    for i in range(size):
        if kind == "normal":
            v = g.normal(1.0)
        elif kind == "laplace":
            u1 = g.u53()
            u2 = g.u53()
            v = 0.5 * (math.log(u1) - math.log(u2))
        elif kind == "uniform":
            v = float(g.u24() - (1 << 23)) * 3.0 / 8388608.0
        elif kind == "bimodal":
            center = 2.0 if (g.next() >> 63) else -2.0
            v = center + g.normal(0.5)
        elif kind == "outliers":
            v = g.normal(1.0)
            if i % 997 == 13:
                sign = 1.0 if (g.next() >> 63) else -1.0
                v = sign * (20.0 + 60.0 * g.u53())
            if i % 1999 == 5:
                v = float("nan")
            if i % 4999 == 7:
                v = float("inf") if (i // 4999) % 2 == 0 else float("-inf")
        elif kind == "relu":
            v = max(g.normal(1.0), 0.0)
        elif kind == "zeros":
            v = -0.0 if i % 2 else 0.0
        elif kind == "constant":
            v = 0.3
        else:
            raise ValueError(kind)
        out.append(v)
    return np.array(out, dtype=np.float64).astype(np.float32)


def data_checksum(x32):
    bits = x32.view(np.uint32).astype(np.uint64)
    weights = np.arange(1, bits.size + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return int(np.sum(bits * weights, dtype=np.uint64))


def fnv_hash(counts):
    h = 0xCBF29CE484222325
    for f in np.nonzero(counts)[0]:
        for word in (int(f), int(counts[f])):
            for byte in range(8):
                h ^= (word >> (8 * byte)) & 0xFF
                h = (h * 0x100000001B3) & MASK
    return h


# ----------------------------------------------------------------------------
# Histogram, straight from the data.
# ----------------------------------------------------------------------------
class RefHist:
    def __init__(self, x32, nbins):
        x = x32.astype(np.float64)
        finite = np.isfinite(x)
        self.nan = int(np.sum(np.isnan(x)))
        self.inf = int(np.sum(np.isinf(x)))
        self.x = x[finite]
        self.n = nbins
        self.count = int(self.x.size)
        self.min = float(np.min(self.x)) if self.count else 0.0
        self.max = float(np.max(self.x)) if self.count else 0.0
        self.amax = float(np.max(np.abs(self.x))) if self.count else 0.0
        if self.amax == 0.0:
            self.T = 0.0
            self.half = np.zeros(2 * nbins, dtype=np.int64)
            self.half[nbins] = self.count
            return
        k = 0
        while not self.amax < 2.0**k:
            k += 1
        while self.amax < 2.0 ** (k - 1):
            k -= 1
        self.T = 2.0**k
        self.f0 = np.floor(self.x * nbins / self.T).astype(np.int64)
        assert self.f0.min() >= -nbins and self.f0.max() < nbins
        self.half = np.bincount(self.f0 + nbins, minlength=2 * nbins)

    def centered(self):
        h = self.n // 2
        jc = (self.f0 + 1) >> 1  # floor((f0 + 1) / 2): bins [(j-1/2)w, (j+1/2)w)
        return np.bincount(jc + h, minlength=2 * h + 1)

    def absolute(self):
        k = np.where(self.f0 >= 0, self.f0, -self.f0 - 1)
        return np.bincount(k, minlength=self.n)


# ----------------------------------------------------------------------------
# KL, literally.
# ----------------------------------------------------------------------------
def smooth(d):
    zeros = d == 0
    nnz = int(np.sum(~zeros))
    if nnz == 0:
        return None
    eps1 = EPS * float(np.sum(zeros)) / float(nnz)
    if not eps1 < 1.0:
        return None
    out = d + EPS * zeros - eps1 * (~zeros)
    if np.any(out <= 0):
        return None
    return out


def kl_divergences(hist, nq):
    hist = np.asarray(hist, dtype=np.int64)
    nbins = hist.size
    zero = nbins // 2
    divs = []
    for i in range(nq // 2, zero + 1):
        start, stop = zero - i, zero + i + 1
        sliced = hist[start:stop]
        p = sliced.astype(np.float64).copy()
        p[0] += float(np.sum(hist[:start]))
        p[-1] += float(np.sum(hist[stop:]))
        nonzero = p != 0
        # Quantized bin j takes slice entries [j*m, (j+1)*m), the last one
        # also the remainder [nq*m, size).
        m = sliced.size // nq
        bin_of = np.minimum(np.arange(sliced.size) // m, nq - 1)
        qbins = np.bincount(bin_of, weights=sliced, minlength=nq)
        norm = np.bincount(bin_of, weights=nonzero, minlength=nq)
        q = np.where(nonzero, qbins[bin_of] / np.maximum(norm[bin_of], 1.0), 0.0)
        ps, qs = smooth(p), smooth(q)
        if ps is None or qs is None:
            divs.append(math.inf)
            continue
        pn = ps / np.sum(ps)
        qn = qs / np.sum(qs)
        divs.append(float(np.sum(pn * np.log(pn / qn))))
    return divs


def kl_search(hist, width, nq):
    """(halfWidth, threshold, divergence, margin); margin: the smallest
    relative distance of any divergence to the tie limit (robustness)."""
    zero = len(hist) // 2
    divs = kl_divergences(hist, nq) if nq // 2 <= zero else []
    finite = [d for d in divs if d != math.inf]
    if not finite:
        return -1, (zero + 0.5) * width, math.inf, math.inf
    best = min(finite)
    limit = best + TIE_REL * abs(best) + TIE_ABS
    idx = next(k for k, d in enumerate(divs) if d <= limit)
    # Distance of every divergence to the tie limit, relative: the C++ search
    # sums in another order (noise ~1e-13), so this must stay far above that.
    margin = min(abs(d - limit) / max(abs(limit), 1e-300) for d in finite)
    i = nq // 2 + idx
    return i, (i + 0.5) * width, divs[idx], margin


# ----------------------------------------------------------------------------
# Percentile and MSE, literally.
# ----------------------------------------------------------------------------
def quantile(counts, origin, width, r):
    cum = np.cumsum(counts)
    b = int(np.searchsorted(cum, r, side="left"))
    if b >= len(counts):
        return None
    prev = float(cum[b - 1]) if b > 0 else 0.0
    return (float(b) + (r - prev) / float(counts[b])) * width + origin


def percentile_threshold(h, p):
    if h.count == 0 or h.T == 0.0:
        return 0.0
    if not p < 100.0:
        return h.amax
    r = (max(p, 0.0) / 100.0) * float(h.count)
    if r <= 0.0:
        return 0.0
    v = quantile(h.absolute(), 0.0, h.T / h.n, r)
    return h.amax if v is None else min(v, h.amax)


def percentile_range(h, p):
    if h.count == 0 or h.T == 0.0 or not p < 100.0:
        return h.min, h.max
    p = max(p, 50.0)
    n = float(h.count)
    r_hi = (p / 100.0) * n
    r_lo = ((100.0 - p) / 100.0) * n
    width, origin = h.T / h.n, -h.T
    lo, hi = h.min, h.max
    if r_lo > 0.0:
        v = quantile(h.half, origin, width, r_lo)
        if v is not None:
            lo = min(max(v, h.min), h.max)
    v = quantile(h.half, origin, width, r_hi)
    if v is not None:
        hi = min(max(v, h.min), h.max)
    return lo, hi


def mse_threshold(h, bits):
    if h.count == 0 or h.T == 0.0:
        return 0.0
    bits = min(max(bits, 2), 16)
    qmax = (1 << (bits - 1)) - 1
    a = h.absolute().astype(np.int64)
    centers2 = 2 * np.arange(a.size, dtype=np.int64) + 1  # twice the centre
    best_k, best_e = None, None
    for k in range(1, a.size + 1):
        inside = int(np.sum(a[:k]))
        d = centers2[k:] - 2 * k
        clip = int(np.sum(a[k:] * d * d))
        e = k * k * inside + 3 * qmax * qmax * clip  # 12 qmax^2 E / w^2
        if best_e is None or e < best_e:
            best_k, best_e = k, e
    return min(best_k * (h.T / h.n), h.amax)


# ----------------------------------------------------------------------------
# Test vectors.
# ----------------------------------------------------------------------------
DATASETS = [
    # name, kind, seed, size
    ("normal", "normal", 1, 20000),
    ("laplace", "laplace", 2, 20000),
    ("uniform", "uniform", 3, 20000),
    ("bimodal", "bimodal", 4, 20000),
    ("outliers", "outliers", 5, 20000),
    ("relu", "relu", 6, 20000),
    ("zeros", "zeros", 7, 1000),
    ("constant", "constant", 8, 1000),
]
BIN_CONFIGS = [2048, 8001]
SMALL_BINS = 16  # full half-bin counts are written for this one
PERCENTILES = [99.999, 99.99, 99.9]
RANGE_PERCENTILE = 99.9
MSE_BITS = [8, 4]


def fmt(v):
    return "inf" if v == math.inf else repr(float(v))


def dataset_lines(name, kind, seed, size, warnings):
    """data: how to regenerate; halfbins: the full small histogram; expect:
    one line per bin count with every statistic and threshold."""
    x = generate(kind, seed, size)
    lines = ["data name=%s kind=%s seed=%d size=%d checksum=%d"
             % (name, kind, seed, size, data_checksum(x))]
    h = RefHist(x, SMALL_BINS)
    lines.append("halfbins name=%s bins=%d counts=%s"
                 % (name, SMALL_BINS, ",".join(str(int(c)) for c in h.half)))
    for nbins in BIN_CONFIGS:
        h = RefHist(x, nbins)
        f = ["expect name=%s bins=%d" % (name, nbins),
             "range=%s count=%d nan=%d inf=%d min=%s max=%s nonzero=%d hash=%d"
             % (fmt(h.T), h.count, h.nan, h.inf, fmt(h.min), fmt(h.max),
                int(np.count_nonzero(h.half)), fnv_hash(h.half)),
             "maxabs=%s" % fmt(h.amax)]
        for nq in [255] + ([511] if name == "relu" else []):
            if h.T == 0.0:
                i, thr, div = -1, 0.0, math.inf
            else:
                i, thr, div, margin = kl_search(h.centered(), 2.0 * h.T / nbins, nq)
                thr = min(thr, h.amax)
                if margin < 1e-11:
                    warnings.append("%s/%d nq=%d: KL tie margin %.3g"
                                    % (name, nbins, nq, margin))
            f.append("kl%d=%d,%s,%s" % (nq, i, fmt(thr), fmt(div)))
        for p in PERCENTILES:
            f.append("pct%s=%s" % (p, fmt(percentile_threshold(h, p))))
        lo, hi = percentile_range(h, RANGE_PERCENTILE)
        f.append("prange%s=%s,%s" % (RANGE_PERCENTILE, fmt(lo), fmt(hi)))
        for bits in MSE_BITS:
            f.append("mse%d=%s" % (bits, fmt(mse_threshold(h, bits))))
        lines.append(" ".join(f))
    return lines


def kl_case_lines(warnings):
    """Small explicit histograms exercising the KL edge cases: sparse slices,
    outside mass only, empty edge bins, large counts, every nq parity."""
    g = SplitMix64(99)
    lines = []
    width = 0.125
    for case in range(40):
        nbins = 2 * (5 + g.next() % 21) + 1  # 11 .. 51, odd
        nq = [1, 2, 3, 4, 5, 7, 9, 11][g.next() % 8]
        if nq // 2 > nbins // 2:
            nq = 3
        zero_prob = [0, 30, 60, 85, 95][g.next() % 5]
        scale = [1, 3, 50, 100000][g.next() % 4]
        counts = []
        for _ in range(nbins):
            if g.next() % 100 < zero_prob:
                counts.append(0)
            else:
                counts.append(1 + g.next() % scale)
        if case % 6 == 5:  # mass only in the two outermost bins
            counts = [0] * nbins
            counts[0] = 1 + g.next() % 7
            counts[-1] = 1 + g.next() % 7
        if case % 6 == 4:  # a single spike away from the centre
            counts = [0] * nbins
            counts[g.next() % nbins] = 1 + g.next() % 1000
        if case % 6 == 3:  # outer bins full, the centre sparse
            counts = [c if abs(k - nbins // 2) > nbins // 4 or k % 3 == 0 else 0
                      for k, c in enumerate(counts)]
        i, thr, div, margin = kl_search(counts, width, nq)
        if margin < 1e-11:
            warnings.append("klcase %d: tie margin %.3g" % (case, margin))
        lines.append("klcase id=%d nq=%d width=%s halfwidth=%d threshold=%s "
                     "divergence=%s counts=%s"
                     % (case, nq, fmt(width), i, fmt(thr), fmt(div),
                        ",".join(str(c) for c in counts)))
    return lines


HEADER = """# Generated by scripts/calib_reference.py (independent numpy reference).
# Do not edit: regenerate with `python3 scripts/calib_reference.py --out unittests/Math/data`.
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "unittests", "Math", "data"))
    ap.add_argument("--check", action="store_true",
                    help="compare with the files in --out instead of writing")
    args = ap.parse_args()

    warnings = []
    files = {}
    lines = []
    for spec in DATASETS:
        lines += dataset_lines(*spec, warnings)
    files["calib_datasets.txt"] = HEADER + "\n".join(lines) + "\n"
    files["calib_kl_cases.txt"] = HEADER + "\n".join(kl_case_lines(warnings)) + "\n"

    for w in warnings:
        print("warning:", w, file=sys.stderr)
    status = 0
    for fname, text in files.items():
        path = os.path.join(args.out, fname)
        if args.check:
            with open(path) as f:
                if f.read() != text:
                    print("differs:", path, file=sys.stderr)
                    status = 1
        else:
            os.makedirs(args.out, exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
            print("wrote", path, "(%d bytes)" % len(text))
    return status


if __name__ == "__main__":
    sys.exit(main())
