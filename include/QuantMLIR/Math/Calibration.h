//===- Calibration.h - IR-free calibration statistics -----------*- C++ -*-===//
//
// Part of QuantMLIR.
//
// The calibration core: a per-tensor histogram that streams float data and
// merges exactly across shards, and the threshold searches that turn it into
// a clipping range (max, percentile, KL divergence as in TVM/MXNet, MSE).
// Plain C++17, no MLIR. `quant-run calibrate` accumulates Histograms;
// `qnn-calibrate` reads them back (through HistogramData) and picks
// thresholds. The rules are specified in docs/Calibration.md.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_MATH_CALIBRATION_H
#define QUANTMLIR_MATH_CALIBRATION_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace quantmlir {

/// The plain form of a Histogram, for the statistics file writer/reader.
/// Field meanings are those of the Histogram accessors of the same name.
struct HistogramData {
  uint32_t numBins = 0;
  /// T: 0 (no non-zero value seen yet) or a power of two.
  double range = 0.0;
  /// The 2 * numBins half-bin counts (Histogram::halfBinCounts()).
  std::vector<uint64_t> halfBinCounts;
  uint64_t count = 0;
  uint64_t nanCount = 0;
  uint64_t infCount = 0;
  uint64_t numBatches = 0;
  double min = 0.0;
  double max = 0.0;
  double movingMin = 0.0;
  double movingMax = 0.0;
  double averagingConstant = 0.01;
};

/// Statistics of one tensor: a histogram of the signed values over [-T, T)
/// plus min / max / count and moving-average min / max.
///
/// Layout. `numBins` (N) bins of width 2T/N cover [-T, T). For exact re-binning
/// the histogram stores 2N half-bins of width T/N with an edge at 0: finite x
/// goes to half-bin N + floor(x * N / T), computed exactly (x is a float and
/// T a power of two). Bin j is half-bins 2j and 2j + 1.
///
/// Range rule. T is the smallest power of two with max|x| < T over all finite
/// values seen (T = 0 until a non-zero value arrives; zeros sit in half-bin N
/// whatever T becomes). When a batch exceeds T, T doubles until it fits and
/// the half-bins merge in pairs. Since the bin of x depends only on x and
/// the final T, and T only on max|x|, the counts are a function of the data
/// multiset: independent of batch order and batch boundaries, and merge() of
/// shards equals accumulating everything at once, bin for bin.
///
/// Non-finite values. NaN and +-inf are counted (nanCount, infCount) and
/// skipped: they enter no other statistic.
///
/// Moving averages (PyTorch MovingAverageMinMaxObserver): each batch with at
/// least one finite value updates movingMin += c * (batchMin - movingMin)
/// (the first such batch sets it), likewise movingMax. These are the only
/// order-dependent statistics; merge() combines them approximately.
class Histogram {
public:
  static constexpr uint32_t kDefaultNumBins = 2048;
  static constexpr uint32_t kMaxNumBins = 1u << 24;
  static constexpr double kDefaultAveragingConstant = 0.01;

  /// numBins is clamped to [1, kMaxNumBins] (TVM uses 8001). An averaging
  /// constant outside (0, 1] is replaced by the default.
  explicit Histogram(uint32_t numBins = kDefaultNumBins,
                     double averagingConstant = kDefaultAveragingConstant);

  /// Adds one batch.
  void accumulate(const float *data, size_t size);
  void accumulate(const std::vector<float> &data) {
    accumulate(data.data(), data.size());
  }

  /// Adds `other` into this histogram, re-binning the one with the smaller
  /// range to the larger (exact). Returns false, changing nothing, when the
  /// bin counts differ. Moving averages: batch-count-weighted mean.
  bool merge(const Histogram &other);

  uint32_t numBins() const { return numBins_; }
  /// T (0 when no non-zero finite value was seen).
  double range() const;
  /// log2(T); meaningful only when range() > 0.
  int rangeExponent() const { return rangeExp_; }
  /// 2T / N (0 when range() == 0).
  double binWidth() const;

  /// The 2N stored half-bins over [-T, T), width T/N.
  const std::vector<uint64_t> &halfBinCounts() const { return half_; }
  /// N bins over [-T, T), width 2T/N.
  std::vector<uint64_t> counts() const;
  /// N bins of |x| over [0, T), width T/N: bin k is half-bins N + k
  /// (x in [kT/N, (k+1)T/N)) and N - 1 - k (x in [-(k+1)T/N, -kT/N)).
  std::vector<uint64_t> absCounts() const;
  /// Zero-centred bins of width w = 2T/N: bin h + j holds x in
  /// [(j - 1/2)w, (j + 1/2)w) for j in [-h, h]. Odd N: h = (N - 1) / 2, these
  /// are exactly counts(). Even N: h = N / 2 (N + 1 bins over
  /// [-T - w/2, T + w/2)). This is the histogram TVM's KL search expects.
  std::vector<uint64_t> centeredCounts() const;

  /// Finite values counted.
  uint64_t count() const { return count_; }
  uint64_t nanCount() const { return nanCount_; }
  uint64_t infCount() const { return infCount_; }
  /// Batches that had at least one finite value.
  uint64_t numBatches() const { return numBatches_; }
  /// Of the finite values; 0 when count() == 0.
  double min() const { return min_; }
  double max() const { return max_; }
  double maxAbs() const;
  double movingMin() const { return movingMin_; }
  double movingMax() const { return movingMax_; }
  double averagingConstant() const { return averagingConstant_; }

  HistogramData serialize() const;
  /// Validates everything (sizes, range a power of two within the float
  /// exponent range, counts summing to `count`, data inside the range, min <=
  /// max); on failure returns nullopt and sets *error to one line.
  static std::optional<Histogram> deserialize(const HistogramData &data,
                                              std::string *error = nullptr);

private:
  void growTo(int newExp);

  uint32_t numBins_;
  bool hasRange_ = false;
  int rangeExp_ = 0;
  std::vector<uint64_t> half_;
  uint64_t count_ = 0, nanCount_ = 0, infCount_ = 0, numBatches_ = 0;
  double min_ = 0.0, max_ = 0.0;
  double movingMin_ = 0.0, movingMax_ = 0.0;
  double averagingConstant_;
};

/// merge(a, b) as a value; nullopt when the bin counts differ.
std::optional<Histogram> merge(const Histogram &a, const Histogram &b);

//===----------------------------------------------------------------------===//
// Threshold searches. Symmetric ones return the clipping threshold T (for a
// symmetric int grid, scale = T / qmax), never above max|x|, and 0 for a
// histogram without non-zero data.
//===----------------------------------------------------------------------===//

/// max(|min|, |max|).
double maxThreshold(const Histogram &h);

/// The `percentile`-th percentile of |x| (percentile in [0, 100], clamped):
/// rank r = (percentile / 100) * count over the absCounts() bins, linear
/// interpolation inside the bin where the cumulative count reaches r.
double percentileThreshold(const Histogram &h, double percentile = 99.999);

/// Result of the KL search on a zero-centred odd histogram.
struct KLResult {
  /// (i + 1/2) * binWidth: the outer edge of the chosen central 2i + 1 bins.
  double threshold = 0.0;
  /// i, the half-width in bins; -1 when there was no valid candidate.
  int64_t halfWidth = -1;
  /// KL(p || q) at the chosen i (+inf when there was no valid candidate).
  double divergence = 0.0;
};

/// TVM / MXNet entropy calibration on `counts` (odd size K, zero-centred bins
/// of width binWidth): for i = numQuantizedBins / 2 .. K / 2, the central 2i+1
/// bins with the outside mass folded into the two edge bins are p; the central
/// bins alone are merged into numQuantizedBins bins and expanded back
/// uniformly over the non-zero entries of p as q; zeros are smoothed with
/// eps = 1e-4; the i with the smallest KL(p || q) wins (the first one within
/// 1e-9 relative + 1e-12 of the minimum). Candidates whose smoothing fails
/// count as +inf. Computed in double with prefix sums: about
/// K^2 / (2 numQuantizedBins) logarithms in all (125K for 8001 bins) plus O(1)
/// per candidate (O(numQuantizedBins) for very sparse slices);
/// docs/Calibration.md has the exact rules. An even K, an empty
/// histogram or no valid candidate gives halfWidth -1 and the full range,
/// threshold (K / 2 + 1/2) * binWidth.
KLResult klSearch(const std::vector<uint64_t> &counts, double binWidth,
                  uint32_t numQuantizedBins = 255);

/// klSearch over h.centeredCounts(), capped at max|x|. TVM uses 8001 bins;
/// for non-negative tensors MXNet uses 2 * 255 + 1 quantized bins.
double klThreshold(const Histogram &h, uint32_t numQuantizedBins = 255);

/// The candidate threshold T_k = k * T / N (k = 1..N, edges of absCounts())
/// minimising the expected squared error of the symmetric `bits`-bit grid
/// (bits clamped to [2, 16], qmax = 2^(bits-1) - 1, step s = T_k / qmax):
///   E(k) = s^2 / 12 * (count of bins inside) + sum over bins outside of
///          n_b * (c_b - T_k)^2,   c_b the bin centre.
/// Compared exactly (integers); ties go to the smaller k. Capped at max|x|.
double mseThreshold(const Histogram &h, unsigned bits = 8);

/// An asymmetric range [min, max].
struct CalibRange {
  double min = 0.0;
  double max = 0.0;
};

/// [min, max] of the finite values.
CalibRange minMaxRange(const Histogram &h);
/// [movingMin, movingMax].
CalibRange movingAverageRange(const Histogram &h);
/// The (100 - percentile)-th and percentile-th percentiles of the signed
/// values (over halfBinCounts(), interpolated as percentileThreshold), clamped
/// to [min, max].
CalibRange percentileRange(const Histogram &h, double percentile = 99.999);

} // namespace quantmlir

#endif // QUANTMLIR_MATH_CALIBRATION_H
