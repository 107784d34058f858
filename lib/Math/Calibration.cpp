//===- Calibration.cpp - IR-free calibration statistics -------------------===//
//
// Part of QuantMLIR.
//
// Histogram accumulation / exact merge and the threshold searches, specified
// in docs/Calibration.md. Plain C++17: no MLIR or LLVM headers.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Math/Calibration.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace quantmlir {
namespace {

__extension__ typedef unsigned __int128 UInt128;

constexpr double kInf = std::numeric_limits<double>::infinity();
/// Float exponent range of T = 2^e: max|x| of a finite float is below 2^128
/// and the smallest positive float is 2^-149 (frexp exponent -148).
constexpr int kMinRangeExp = -148;
constexpr int kMaxRangeExp = 128;

/// floor(v / 2^d) for d >= 0.
int64_t floorShift(int64_t v, int d) {
  if (d <= 0)
    return v;
  if (d >= 62)
    return v < 0 ? -1 : 0;
  if (v >= 0)
    return v >> d;
  return -((-v + (int64_t(1) << d) - 1) >> d);
}

/// The half-bin of finite float x for N bins and T = 2^exp: N + floor(x*N/T).
/// x * (N * 2^-exp) is exact: 24 x 24 significand bits, no under/overflow for
/// exp in [kMinRangeExp, kMaxRangeExp].
int64_t halfBinOf(double x, uint32_t n, int exp) {
  double scaled = x * std::ldexp(static_cast<double>(n), -exp);
  int64_t idx =
      static_cast<int64_t>(n) + static_cast<int64_t>(std::floor(scaled));
  // |x| < T makes idx in [0, 2N); the clamp only guards memory.
  return std::clamp<int64_t>(idx, 0, 2 * static_cast<int64_t>(n) - 1);
}

/// The smallest e with a < 2^e, for finite a > 0.
int rangeExpFor(double a) {
  int e = 0;
  std::frexp(a, &e); // a = f * 2^e, f in [0.5, 1)
  return e;
}

/// Adds src (half-bins at exponent srcExp) into dst (half-bins at exponent
/// srcExp + d, d >= 0), merging 2^d half-bins into one.
void addRebinned(std::vector<uint64_t> &dst, const std::vector<uint64_t> &src,
                 uint32_t n, int d) {
  const int64_t mid = n;
  for (size_t f = 0; f < src.size(); ++f) {
    if (!src[f])
      continue;
    int64_t g = mid + floorShift(static_cast<int64_t>(f) - mid, d);
    dst[static_cast<size_t>(g)] += src[f];
  }
}

} // namespace

//===----------------------------------------------------------------------===//
// Histogram
//===----------------------------------------------------------------------===//

Histogram::Histogram(uint32_t numBins, double averagingConstant)
    : numBins_(std::clamp<uint32_t>(numBins, 1, kMaxNumBins)),
      averagingConstant_(averagingConstant > 0.0 && averagingConstant <= 1.0
                             ? averagingConstant
                             : kDefaultAveragingConstant) {
  half_.assign(2 * static_cast<size_t>(numBins_), 0);
}

double Histogram::range() const {
  return hasRange_ ? std::ldexp(1.0, rangeExp_) : 0.0;
}

double Histogram::binWidth() const {
  return 2.0 * range() / static_cast<double>(numBins_);
}

double Histogram::maxAbs() const {
  return count_ ? std::max(std::fabs(min_), std::fabs(max_)) : 0.0;
}

void Histogram::growTo(int newExp) {
  if (!hasRange_) {
    // Only zeros so far: they sit in half-bin N for every T.
    hasRange_ = true;
    rangeExp_ = newExp;
    return;
  }
  if (newExp <= rangeExp_)
    return;
  std::vector<uint64_t> grown(half_.size(), 0);
  addRebinned(grown, half_, numBins_, newExp - rangeExp_);
  half_.swap(grown);
  rangeExp_ = newExp;
}

void Histogram::accumulate(const float *data, size_t size) {
  if (!data || size == 0)
    return;
  uint64_t finite = 0, nans = 0, infs = 0;
  float bmin = std::numeric_limits<float>::infinity();
  float bmax = -bmin;
  for (size_t i = 0; i < size; ++i) {
    const float x = data[i];
    if (std::isnan(x)) {
      ++nans;
      continue;
    }
    if (std::isinf(x)) {
      ++infs;
      continue;
    }
    ++finite;
    bmin = std::min(bmin, x);
    bmax = std::max(bmax, x);
  }
  nanCount_ += nans;
  infCount_ += infs;
  if (!finite)
    return;

  const double a = std::max(std::fabs(double(bmin)), std::fabs(double(bmax)));
  if (a > 0.0) {
    const int e = rangeExpFor(a);
    if (!hasRange_ || e > rangeExp_)
      growTo(e);
  }
  if (hasRange_) {
    const double scale = std::ldexp(static_cast<double>(numBins_), -rangeExp_);
    const int64_t n = numBins_, last = 2 * n - 1;
    uint64_t *bins = half_.data();
    for (size_t i = 0; i < size; ++i) {
      const float x = data[i];
      if (!std::isfinite(x))
        continue;
      int64_t idx = n + static_cast<int64_t>(std::floor(double(x) * scale));
      ++bins[std::clamp<int64_t>(idx, 0, last)];
    }
  } else {
    half_[numBins_] += finite; // all zeros
  }

  if (count_ == 0) {
    min_ = bmin;
    max_ = bmax;
  } else {
    min_ = std::min(min_, double(bmin));
    max_ = std::max(max_, double(bmax));
  }
  count_ += finite;
  if (numBatches_ == 0) {
    movingMin_ = bmin;
    movingMax_ = bmax;
  } else {
    movingMin_ += averagingConstant_ * (double(bmin) - movingMin_);
    movingMax_ += averagingConstant_ * (double(bmax) - movingMax_);
  }
  ++numBatches_;
}

bool Histogram::merge(const Histogram &other) {
  if (other.numBins_ != numBins_)
    return false;
  if (other.hasRange_ && (!hasRange_ || other.rangeExp_ > rangeExp_))
    growTo(other.rangeExp_);
  // Without a range, `other` holds only zeros (half-bin N): d = 0 adds them.
  const int d = other.hasRange_ ? rangeExp_ - other.rangeExp_ : 0;
  addRebinned(half_, other.half_, numBins_, d);

  if (other.count_) {
    if (count_ == 0) {
      min_ = other.min_;
      max_ = other.max_;
    } else {
      min_ = std::min(min_, other.min_);
      max_ = std::max(max_, other.max_);
    }
  }
  count_ += other.count_;
  nanCount_ += other.nanCount_;
  infCount_ += other.infCount_;
  if (other.numBatches_) {
    if (numBatches_ == 0) {
      movingMin_ = other.movingMin_;
      movingMax_ = other.movingMax_;
    } else {
      const double na = double(numBatches_), nb = double(other.numBatches_);
      movingMin_ = (na * movingMin_ + nb * other.movingMin_) / (na + nb);
      movingMax_ = (na * movingMax_ + nb * other.movingMax_) / (na + nb);
    }
  }
  numBatches_ += other.numBatches_;
  return true;
}

std::optional<Histogram> merge(const Histogram &a, const Histogram &b) {
  Histogram result = a;
  if (!result.merge(b))
    return std::nullopt;
  return result;
}

std::vector<uint64_t> Histogram::counts() const {
  std::vector<uint64_t> out(numBins_);
  for (size_t j = 0; j < numBins_; ++j)
    out[j] = half_[2 * j] + half_[2 * j + 1];
  return out;
}

std::vector<uint64_t> Histogram::absCounts() const {
  const size_t n = numBins_;
  std::vector<uint64_t> out(n);
  for (size_t k = 0; k < n; ++k)
    out[k] = half_[n + k] + half_[n - 1 - k];
  return out;
}

std::vector<uint64_t> Histogram::centeredCounts() const {
  const int64_t n = numBins_, h = n / 2;
  std::vector<uint64_t> out(static_cast<size_t>(2 * h + 1), 0);
  auto at = [&](int64_t f) -> uint64_t {
    return f >= 0 && f < 2 * n ? half_[static_cast<size_t>(f)] : 0;
  };
  for (int64_t j = -h; j <= h; ++j)
    out[static_cast<size_t>(h + j)] = at(n + 2 * j - 1) + at(n + 2 * j);
  return out;
}

HistogramData Histogram::serialize() const {
  HistogramData d;
  d.numBins = numBins_;
  d.range = range();
  d.halfBinCounts = half_;
  d.count = count_;
  d.nanCount = nanCount_;
  d.infCount = infCount_;
  d.numBatches = numBatches_;
  d.min = min_;
  d.max = max_;
  d.movingMin = movingMin_;
  d.movingMax = movingMax_;
  d.averagingConstant = averagingConstant_;
  return d;
}

std::optional<Histogram> Histogram::deserialize(const HistogramData &d,
                                                std::string *error) {
  auto fail = [&](const char *msg) -> std::optional<Histogram> {
    if (error)
      *error = msg;
    return std::nullopt;
  };
  if (d.numBins < 1 || d.numBins > kMaxNumBins)
    return fail("numBins must be in [1, 2^24]");
  const size_t n = d.numBins;
  if (d.halfBinCounts.size() != 2 * n)
    return fail("halfBinCounts must have 2 * numBins entries");
  if (!(d.averagingConstant > 0.0 && d.averagingConstant <= 1.0))
    return fail("averagingConstant must be in (0, 1]");
  for (double v : {d.min, d.max, d.movingMin, d.movingMax})
    if (!std::isfinite(v))
      return fail("min, max and the moving averages must be finite");
  const double floatMax = std::numeric_limits<float>::max();
  if (std::fabs(d.min) > floatMax || std::fabs(d.max) > floatMax ||
      d.min != double(float(d.min)) || d.max != double(float(d.max)))
    return fail("min and max must be float values");

  Histogram h(d.numBins, d.averagingConstant);
  if (d.range != 0.0) {
    int e = 0;
    const double f = std::frexp(d.range, &e);
    if (!(d.range > 0.0) || f != 0.5 || e - 1 < kMinRangeExp ||
        e - 1 > kMaxRangeExp)
      return fail("range must be 0 or a power of two in [2^-148, 2^128]");
    h.hasRange_ = true;
    h.rangeExp_ = e - 1;
  }

  uint64_t sum = 0;
  size_t first = 2 * n, last = 0;
  for (size_t f = 0; f < 2 * n; ++f) {
    const uint64_t c = d.halfBinCounts[f];
    if (!c)
      continue;
    if (sum + c < sum)
      return fail("bin counts overflow");
    sum += c;
    first = std::min(first, f);
    last = f;
  }
  if (sum != d.count)
    return fail("bin counts must sum to count");
  if (d.numBatches > d.count || (d.count > 0) != (d.numBatches > 0))
    return fail("numBatches must be in [1, count] (0 when count is 0)");
  if (d.count == 0) {
    if (d.min != 0.0 || d.max != 0.0 || d.range != 0.0)
      return fail("an empty histogram has min = max = range = 0");
  } else {
    if (d.min > d.max)
      return fail("min must not exceed max");
    const double a = std::max(std::fabs(d.min), std::fabs(d.max));
    if (a == 0.0) {
      if (d.range != 0.0)
        return fail("all-zero data must have range 0");
    } else if (d.range == 0.0 || rangeExpFor(a) != h.rangeExp_) {
      return fail("range must be the smallest power of two above max|x|");
    }
    const size_t lo =
        h.hasRange_ ? halfBinOf(d.min, d.numBins, h.rangeExp_) : n;
    const size_t hi =
        h.hasRange_ ? halfBinOf(d.max, d.numBins, h.rangeExp_) : n;
    if (first != lo || last != hi)
      return fail("the outermost non-empty bins must hold min and max");
  }
  h.half_ = d.halfBinCounts;
  h.count_ = d.count;
  h.nanCount_ = d.nanCount;
  h.infCount_ = d.infCount;
  h.numBatches_ = d.numBatches;
  h.min_ = d.min;
  h.max_ = d.max;
  h.movingMin_ = d.movingMin;
  h.movingMax_ = d.movingMax;
  return h;
}

//===----------------------------------------------------------------------===//
// max / percentile
//===----------------------------------------------------------------------===//

double maxThreshold(const Histogram &h) { return h.maxAbs(); }

namespace {

/// The value at rank r (0 < r <= total) of counts over bins of `width`
/// starting at `origin`: the first bin b whose cumulative count reaches r,
/// interpolated linearly inside it. nullopt if r exceeds the total.
std::optional<double> quantileAt(const std::vector<uint64_t> &counts,
                                 double origin, double width, double r) {
  uint64_t cum = 0;
  for (size_t b = 0; b < counts.size(); ++b) {
    const uint64_t c = counts[b];
    if (!c)
      continue;
    if (double(cum + c) >= r) {
      const double frac = (r - double(cum)) / double(c);
      return (double(b) + frac) * width + origin;
    }
    cum += c;
  }
  return std::nullopt;
}

} // namespace

double percentileThreshold(const Histogram &h, double percentile) {
  const double amax = h.maxAbs();
  if (h.count() == 0 || h.range() == 0.0)
    return 0.0;
  if (!(percentile < 100.0)) // also NaN
    return amax;
  percentile = std::max(percentile, 0.0);
  const double r = (percentile / 100.0) * double(h.count());
  if (r <= 0.0)
    return 0.0;
  const double width = h.range() / double(h.numBins());
  std::optional<double> v = quantileAt(h.absCounts(), 0.0, width, r);
  return v ? std::min(*v, amax) : amax;
}

CalibRange minMaxRange(const Histogram &h) { return {h.min(), h.max()}; }

CalibRange movingAverageRange(const Histogram &h) {
  return {h.movingMin(), h.movingMax()};
}

CalibRange percentileRange(const Histogram &h, double percentile) {
  CalibRange full = minMaxRange(h);
  if (h.count() == 0 || h.range() == 0.0 || !(percentile < 100.0))
    return full;
  percentile = std::max(percentile, 50.0);
  const double n = double(h.count());
  const double rHi = (percentile / 100.0) * n;
  const double rLo = ((100.0 - percentile) / 100.0) * n;
  const double width = h.range() / double(h.numBins());
  const double origin = -h.range();
  CalibRange out = full;
  if (rLo > 0.0)
    if (std::optional<double> v =
            quantileAt(h.halfBinCounts(), origin, width, rLo))
      out.min = std::clamp(*v, full.min, full.max);
  if (std::optional<double> v =
          quantileAt(h.halfBinCounts(), origin, width, rHi))
    out.max = std::clamp(*v, full.min, full.max);
  return out;
}

//===----------------------------------------------------------------------===//
// MSE
//===----------------------------------------------------------------------===//

double mseThreshold(const Histogram &h, unsigned bits) {
  if (h.count() == 0 || h.range() == 0.0)
    return 0.0;
  bits = std::clamp(bits, 2u, 16u);
  const uint64_t qmax = (uint64_t(1) << (bits - 1)) - 1;
  const std::vector<uint64_t> a = h.absCounts();
  const size_t nb = a.size();
  // With u_b = 2b + 1 (twice the centre in units of w = T/N), 12 qmax^2 / w^2
  // times E(k) is the integer
  //   k^2 * inside(k) + 3 qmax^2 * clip(k),
  //   clip(k) = sum_{b>=k} n_b (u_b - 2k)^2 = S2 + 4k^2 S0 - 4k S1
  // with suffix sums S_j = sum_{b>=k} n_b u_b^j. Exact in 128 bits while
  // count < 2^40 and N <= 2^20 (every term < 2^116); long double beyond.
  const uint64_t total = h.count();
  const bool exact = total < (uint64_t(1) << 40) && nb <= (size_t(1) << 20);
  const UInt128 w3 = UInt128(3) * qmax * qmax;
  UInt128 s0 = 0, s1 = 0, s2 = 0, bestExact = 0;
  long double l0 = 0, l1 = 0, l2 = 0, bestApprox = 0;
  size_t bestK = nb;
  // Walk k downward so that the suffix sums only grow; `<=` keeps the
  // smaller k on ties.
  for (size_t k = nb; k >= 1; --k) {
    if (k < nb) { // bin k becomes the first bin outside T_k
      if (exact) {
        const UInt128 u = 2 * UInt128(k) + 1, c = a[k];
        s0 += c;
        s1 += c * u;
        s2 += c * u * u;
      } else {
        const long double u = 2.0L * k + 1.0L, c = a[k];
        l0 += c;
        l1 += c * u;
        l2 += c * u * u;
      }
    }
    if (exact) {
      const UInt128 kk = k;
      const UInt128 clip = s2 + 4 * kk * kk * s0 - 4 * kk * s1;
      const UInt128 e = kk * kk * UInt128(total - uint64_t(s0)) + w3 * clip;
      if (k == nb || e <= bestExact) {
        bestExact = e;
        bestK = k;
      }
    } else {
      const long double kk = k;
      const long double clip = l2 + 4 * kk * kk * l0 - 4 * kk * l1;
      const long double e = kk * kk * ((long double)total - l0) +
                            3.0L * (long double)qmax * qmax * clip;
      if (k == nb || e <= bestApprox) {
        bestApprox = e;
        bestK = k;
      }
    }
  }
  const double width = h.range() / double(h.numBins());
  return std::min(double(bestK) * width, h.maxAbs());
}

//===----------------------------------------------------------------------===//
// KL divergence (TVM / MXNet entropy calibration)
//===----------------------------------------------------------------------===//
//
// For one candidate (slice [start, stop) of length L = 2i + 1, the outside
// mass `left` / `right` folded into p[0] / p[L-1]), with e and eq the
// smoothing constants of p and q, Ps = sum p' = total and Qs = sum q' =
// total - left - right (smoothing preserves both sums), MXNet's divergence is
//   KL = (Sp - cross) / Ps + log(Qs / Ps)
//   Sp    = sum over p != 0 of (p - e) log(p - e)
//   cross = sum over quantized bins j with nz_j > 0 of
//           (sumP_j - e nz_j) * log(q'_j),  q'_j = qb_j / nz_j - eq, or eps
//           when qb_j = 0 (only the two end bins allow that)
// since entries with p = 0 have p' = q' = eps and contribute nothing.
//
// Sp: running sums over the interior of the slice, which grows by two bins
// per candidate (InteriorSums). cross: the two end bins directly; the nq - 2
// middle bins are plain windows [a, a + m) of the histogram, a = start + j m.
// With rho = nz / qb <= 1 and L1 = log(qb / nz),
//   (qb - e nz) log(qb/nz - eq) = (qb - e nz) (L1 + log1p(-eq rho))
//     = qb L1 - e nz L1 - sum_{n>=1} eq^n / n * (G_{n-1} - e G_n),
//   G_n = nz rho^n,
// so for eq <= 2^-10 (six terms reach 2^-70) the middle bins need only sums of
// qb L1, nz L1 and G_0..G_6 over the windows start + m, ..., start + (nq-2) m:
// strided prefix sums (P[a] = X[a] + P[a - m]) built once per merge width m,
// one log per window (WindowSums). A larger eq (very sparse slices) walks the
// windows one by one. Each candidate then costs O(1) instead of O(nq) logs.

namespace {

constexpr double kEps = 1e-4;
/// e or eq at or below this use the series paths.
constexpr double kSeriesLimit = 1.0 / 1024;
constexpr int kQSeries = 6;
/// Counts below kSmall are summed exactly in Sp when e > kSeriesLimit.
constexpr uint64_t kSmall = 16;
constexpr int kMoments = 16;

/// (v - e) * log(v - e), the smoothed p * log p of one non-zero count v.
inline double plogp(double v, double e) { return (v - e) * std::log(v - e); }

/// Sums over counts v >= 1 giving sum (v - e) log(v - e) by the series
///   (v-e)log(v-e) = v log v - e (log v + 1) + sum_{n>=2} e^n / (n(n-1)
///   v^(n-1))
/// which reaches double precision when e / min(v) <= 1/16.
struct Moments {
  double vlogv = 0, logv = 0, count = 0;
  double inv[kMoments] = {}; // inv[n] = sum v^-n, n >= 1

  void add(double v, double logV) {
    vlogv += v * logV;
    logv += logV;
    count += 1;
    const double r = 1.0 / v;
    double p = r;
    for (int n = 1; n < kMoments; ++n) {
      inv[n] += p;
      p *= r;
    }
  }

  double series(double e) const {
    if (count == 0)
      return 0;
    double t = vlogv - e * (logv + count);
    if (e == 0)
      return t;
    double en = e;
    for (int n = 2; n <= kMoments; ++n) {
      en *= e;
      const double term = en / (double(n) * double(n - 1)) * inv[n - 1];
      t += term;
      if (term <= 1e-18 * std::fabs(t))
        break;
    }
    return t;
  }
};

/// The non-zero interior counts of the current slice.
struct InteriorSums {
  uint64_t nonzero = 0;
  uint64_t small[kSmall] = {};
  Moments all, large;

  void add(uint64_t v) {
    if (!v)
      return;
    ++nonzero;
    const double d = double(v), l = std::log(d);
    all.add(d, l);
    if (v < kSmall)
      ++small[v];
    else
      large.add(d, l);
  }

  double sumPLogP(double e) const {
    if (e <= kSeriesLimit) // e / v <= 2^-10 for every v >= 1
      return all.series(e);
    double s = large.series(e);
    for (uint64_t v = 1; v < kSmall; ++v)
      if (small[v])
        s += double(small[v]) * plogp(double(v), e);
    return s;
  }
};

/// Per merge width m: for the windows [a, a + m), a in [lo, hi], the raw
/// L1 = log(qb / nz) and rho = nz / qb, and strided prefix sums of
/// X = (qb L1, nz L1, G_0 .. G_kQSeries).
struct WindowSums {
  static constexpr int kFields = kQSeries + 3;
  int64_t lo = 0, hi = -1, m = 0;
  std::vector<double> l1, rho, prefix; // prefix: kFields per window

  /// Sizes the buffers once for windows of a histogram of numBins bins.
  explicit WindowSums(int64_t numBins) {
    const size_t n = size_t(std::max<int64_t>(numBins, 1));
    l1.resize(n);
    rho.resize(n);
    prefix.resize(n * kFields);
  }

  void build(const std::vector<uint64_t> &pre, const std::vector<uint32_t> &nzp,
             int64_t newLo, int64_t newHi, int64_t newM) {
    lo = newLo;
    hi = newHi;
    m = newM;
    const size_t n = size_t(std::max<int64_t>(hi - lo + 1, 0));
    if (n > l1.size()) { // never for windows inside the histogram; a guard
      l1.resize(n);
      rho.resize(n);
      prefix.resize(n * kFields);
    }
    for (int64_t a = lo; a <= hi; ++a) {
      const size_t k = size_t(a - lo);
      double *x = &prefix[k * kFields];
      const uint64_t qb = pre[a + m] - pre[a];
      const uint32_t nz = nzp[a + m] - nzp[a];
      if (nz) {
        const double q = double(qb), z = double(nz);
        const double lg = std::log(q / z), r = z / q;
        l1[k] = lg;
        rho[k] = r;
        x[0] = q * lg;
        x[1] = z * lg;
        double g = z;
        for (int f = 2; f < kFields; ++f) {
          x[f] = g;
          g *= r;
        }
      } else {
        l1[k] = rho[k] = 0.0;
        for (int f = 0; f < kFields; ++f)
          x[f] = 0.0;
      }
      if (a - m >= lo) {
        const double *prev = x - size_t(m) * kFields;
        for (int f = 0; f < kFields; ++f)
          x[f] += prev[f];
      }
    }
  }

  /// Sums of X over the windows a1, a1 + m, ..., a2.
  void runSums(int64_t a1, int64_t a2, double out[kFields]) const {
    const double *end = &prefix[size_t(a2 - lo) * kFields];
    for (int f = 0; f < kFields; ++f)
      out[f] = end[f];
    if (a1 - m >= lo) {
      const double *before = &prefix[size_t(a1 - m - lo) * kFields];
      for (int f = 0; f < kFields; ++f)
        out[f] -= before[f];
    }
  }
};

} // namespace

KLResult klSearch(const std::vector<uint64_t> &hist, double binWidth,
                  uint32_t numQuantizedBins) {
  const int64_t numBins = static_cast<int64_t>(hist.size());
  const int64_t center = numBins / 2;
  KLResult none;
  none.threshold = (double(center) + 0.5) * binWidth;
  none.halfWidth = -1;
  none.divergence = kInf;
  const int64_t nq = numQuantizedBins;
  if (numBins == 0 || numBins % 2 == 0 || nq == 0 || nq / 2 > center)
    return none;

  std::vector<uint64_t> pre(numBins + 1, 0); // prefix sums of counts
  std::vector<uint32_t> nzp(numBins + 1, 0); // prefix counts of non-zero bins
  for (int64_t k = 0; k < numBins; ++k) {
    pre[k + 1] = pre[k] + hist[k];
    nzp[k + 1] = nzp[k] + (hist[k] != 0);
  }
  const uint64_t total = pre[numBins];
  if (total == 0)
    return none;

  const int64_t firstI = nq / 2;
  std::vector<double> divergence(static_cast<size_t>(center - firstI + 1),
                                 kInf);
  InteriorSums interior;
  for (int64_t k = center - firstI + 1; k <= center + firstI - 1; ++k)
    interior.add(hist[k]);
  WindowSums windows(numBins);

  const double ps = double(total);
  for (int64_t i = firstI; i <= center; ++i) {
    const int64_t start = center - i, stop = center + i + 1, len = 2 * i + 1;
    const uint64_t left = pre[start], right = total - pre[stop];
    const int64_t m = len / nq; // >= 1 since len >= nq
    if (nq >= 3 && m != windows.m) {
      // All candidates with this merge width: i up to iHi.
      const int64_t iHi = std::min(center, ((m + 1) * nq - 2) / 2);
      windows.build(pre, nzp, center - iHi + m, start + (nq - 2) * m, m);
    }
    // Next candidate's interior: this slice minus nothing, plus its ends.
    auto advance = [&] {
      if (i == 0) {
        interior.add(hist[center]);
      } else {
        interior.add(hist[start]);
        interior.add(hist[stop - 1]);
      }
    };

    // p: the slice with the outside mass folded into its two edge bins.
    uint64_t p0, pLast;
    int64_t zerosP;
    if (len == 1) {
      p0 = pLast = hist[start] + left + right;
      zerosP = p0 == 0;
    } else {
      p0 = hist[start] + left;
      pLast = hist[stop - 1] + right;
      zerosP = (len - 2 - int64_t(interior.nonzero)) + (p0 == 0) + (pLast == 0);
    }
    const double e = kEps * double(zerosP) / double(len - zerosP);
    if (!(e < 1.0)) { // MXNet asserts eps1 < 1
      advance();
      continue;
    }
    double sp = interior.sumPLogP(e);
    if (p0)
      sp += plogp(double(p0), e);
    if (len > 1 && pLast)
      sp += plogp(double(pLast), e);

    // q: the slice (without the folded mass) merged into nq bins of m source
    // bins (the last one takes the remainder), spread over the non-zero p.
    struct BinInfo {
      uint64_t qb, sumP;
      int64_t nz;
    };
    auto endBin = [&](int64_t j) -> BinInfo {
      const int64_t a = start + j * m;
      const int64_t b = j == nq - 1 ? stop : a + m;
      BinInfo bi;
      bi.qb = pre[b] - pre[a];
      if (len == 1) {
        bi.nz = p0 != 0;
        bi.sumP = p0;
        return bi;
      }
      bi.nz = int64_t(nzp[b]) - int64_t(nzp[a]);
      bi.sumP = bi.qb;
      if (a == start) {
        bi.nz += int64_t(p0 != 0) - int64_t(hist[start] != 0);
        bi.sumP += left;
      }
      if (b == stop) {
        bi.nz += int64_t(pLast != 0) - int64_t(hist[stop - 1] != 0);
        bi.sumP += right;
      }
      return bi;
    };
    const BinInfo firstBin = endBin(0);
    const BinInfo lastBin = endBin(nq - 1);
    // Where p != 0 only through folded mass, q is 0: more zeros for q.
    int64_t zerosQ = zerosP;
    if (firstBin.qb == 0)
      zerosQ += firstBin.nz;
    if (nq > 1 && lastBin.qb == 0)
      zerosQ += lastBin.nz;
    if (zerosQ == len) { // q all zero: smoothing fails
      advance();
      continue;
    }
    const double eq = kEps * double(zerosQ) / double(len - zerosQ);
    if (!(eq < 1.0)) {
      advance();
      continue;
    }

    double cross = 0;
    bool valid = true;
    auto addEndBin = [&](const BinInfo &bi) {
      if (bi.nz == 0)
        return;
      double qv = kEps;
      if (bi.qb != 0) {
        qv = double(bi.qb) / double(bi.nz) - eq;
        if (!(qv > 0.0)) {
          valid = false;
          return;
        }
      }
      cross += (double(bi.sumP) - e * double(bi.nz)) * std::log(qv);
    };
    addEndBin(firstBin);
    if (nq > 1)
      addEndBin(lastBin);
    if (nq >= 3 && valid) {
      const int64_t a1 = start + m, a2 = start + (nq - 2) * m;
      if (eq <= kSeriesLimit) {
        double s[WindowSums::kFields];
        windows.runSums(a1, a2, s);
        double mid = s[0] - e * s[1], eqn = 1.0;
        for (int n = 1; n <= kQSeries; ++n) {
          eqn *= eq;
          mid -= eqn / double(n) * (s[2 + n - 1] - e * s[2 + n]);
        }
        cross += mid;
      } else {
        for (int64_t a = a1; a <= a2; a += m) {
          const uint32_t nz = nzp[a + m] - nzp[a];
          if (!nz)
            continue;
          const size_t k = size_t(a - windows.lo);
          const double y = eq * windows.rho[k];
          if (!(y < 1.0)) {
            valid = false;
            break;
          }
          const double qb = double(pre[a + m] - pre[a]);
          cross += (qb - e * double(nz)) * (windows.l1[k] + std::log1p(-y));
        }
      }
    }
    if (valid) {
      const double qs = double(total - left - right);
      divergence[static_cast<size_t>(i - firstI)] =
          (sp - cross) / ps + std::log(qs / ps);
    }
    advance();
  }

  double best = kInf;
  for (double d : divergence)
    best = std::min(best, d);
  if (best == kInf)
    return none;
  // Ties (equal up to rounding): the first, i.e. the smallest threshold.
  const double limit = best + 1e-9 * std::fabs(best) + 1e-12;
  for (size_t idx = 0; idx < divergence.size(); ++idx) {
    if (divergence[idx] <= limit) {
      KLResult r;
      r.halfWidth = firstI + static_cast<int64_t>(idx);
      r.threshold = (double(r.halfWidth) + 0.5) * binWidth;
      r.divergence = divergence[idx];
      return r;
    }
  }
  return none;
}

double klThreshold(const Histogram &h, uint32_t numQuantizedBins) {
  if (h.count() == 0 || h.range() == 0.0)
    return 0.0;
  KLResult r = klSearch(h.centeredCounts(), h.binWidth(), numQuantizedBins);
  return std::min(r.threshold, h.maxAbs());
}

} // namespace quantmlir
