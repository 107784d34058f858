//===- CalibrationTest.cpp - Tests of the calibration core ----------------===//
//
// Part of QuantMLIR.
//
// Expected values come from independent references only:
//  - data/calib_*.txt, written by scripts/calib_reference.py (numpy, literal
//    whole-array formulations; see its docstring). The data sets are
//    regenerated here with the same portable splitmix64 generator, checked
//    against the script's checksum first.
//  - a literal O(K^2) restatement of the MXNet/TVM KL loop below (bruteKL),
//    swept over random histograms;
//  - values derived by hand in the comments;
//  - for merge: accumulating the whole data set at once.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Math/Calibration.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace quantmlir;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr float kNaNf = std::numeric_limits<float>::quiet_NaN();
constexpr float kInff = std::numeric_limits<float>::infinity();

//===----------------------------------------------------------------------===//
// The portable generator of scripts/calib_reference.py.
//===----------------------------------------------------------------------===//

struct SplitMix64 {
  uint64_t s;
  explicit SplitMix64(uint64_t seed) : s(seed) {}
  uint64_t next() {
    s += 0x9E3779B97F4A7C15ull;
    uint64_t z = s;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t u24() { return next() >> 40; }
  double u53() { return double(2 * (next() >> 12) + 1) * std::ldexp(1.0, -53); }
  double normal(double sigma) {
    int64_t s = 0;
    for (int k = 0; k < 12; ++k)
      s += int64_t(u24());
    s -= int64_t(6) << 24;
    return double(s) * sigma / 16777216.0;
  }
};

std::vector<float> generate(const std::string &kind, uint64_t seed,
                            size_t size) {
  SplitMix64 g(seed);
  std::vector<float> out;
  out.reserve(size);
  for (size_t i = 0; i < size; ++i) {
    double v = 0;
    if (kind == "normal") {
      v = g.normal(1.0);
    } else if (kind == "laplace") {
      double u1 = g.u53();
      double u2 = g.u53();
      v = 0.5 * (std::log(u1) - std::log(u2));
    } else if (kind == "uniform") {
      v = double(int64_t(g.u24()) - (int64_t(1) << 23)) * 3.0 / 8388608.0;
    } else if (kind == "bimodal") {
      double center = (g.next() >> 63) ? 2.0 : -2.0;
      v = center + g.normal(0.5);
    } else if (kind == "outliers") {
      v = g.normal(1.0);
      if (i % 997 == 13) {
        double sign = (g.next() >> 63) ? 1.0 : -1.0;
        v = sign * (20.0 + 60.0 * g.u53());
      }
      if (i % 1999 == 5)
        v = std::numeric_limits<double>::quiet_NaN();
      if (i % 4999 == 7)
        v = (i / 4999) % 2 == 0 ? kInf : -kInf;
    } else if (kind == "relu") {
      v = std::max(g.normal(1.0), 0.0);
    } else if (kind == "zeros") {
      v = i % 2 ? -0.0 : 0.0;
    } else if (kind == "constant") {
      v = 0.3;
    } else {
      ADD_FAILURE() << "unknown kind " << kind;
    }
    out.push_back(static_cast<float>(v));
  }
  return out;
}

uint64_t dataChecksum(const std::vector<float> &x) {
  uint64_t sum = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    uint32_t bits;
    std::memcpy(&bits, &x[i], 4);
    sum += uint64_t(bits) * uint64_t(i + 1);
  }
  return sum;
}

uint64_t fnvHash(const std::vector<uint64_t> &counts) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (size_t f = 0; f < counts.size(); ++f) {
    if (!counts[f])
      continue;
    for (uint64_t word : {uint64_t(f), counts[f]})
      for (int byte = 0; byte < 8; ++byte) {
        h ^= (word >> (8 * byte)) & 0xFF;
        h *= 0x100000001B3ull;
      }
  }
  return h;
}

//===----------------------------------------------------------------------===//
// Reading the vector files: lines of `tag key=value ...`.
//===----------------------------------------------------------------------===//

using Record = std::map<std::string, std::string>;

std::vector<Record> readRecords(const std::string &file,
                                const std::string &tag) {
  std::vector<Record> out;
  std::ifstream in(std::string(QUANT_CALIB_DATA_DIR) + "/" + file);
  EXPECT_TRUE(in.good()) << "cannot open " << file;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string first;
    if (!(words >> first) || first != tag)
      continue;
    Record r;
    std::string kv;
    while (words >> kv) {
      size_t eq = kv.find('=');
      if (eq != std::string::npos)
        r[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    out.push_back(r);
  }
  return out;
}

double toDouble(const std::string &s) {
  return std::strtod(s.c_str(), nullptr);
}
uint64_t toU64(const std::string &s) {
  return std::strtoull(s.c_str(), nullptr, 10);
}
int64_t toI64(const std::string &s) {
  return std::strtoll(s.c_str(), nullptr, 10);
}

std::vector<std::string> split(const std::string &s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep))
    parts.push_back(cur);
  return parts;
}

std::vector<uint64_t> toCounts(const std::string &s) {
  std::vector<uint64_t> out;
  for (const std::string &p : split(s, ','))
    out.push_back(toU64(p));
  return out;
}

/// |a - b| <= rel * |b| (with exact equality for 0 and inf).
::testing::AssertionResult near(double a, double b, double rel,
                                double absTol = 0) {
  if (a == b || std::fabs(a - b) <= rel * std::fabs(b) + absTol)
    return ::testing::AssertionSuccess();
  char buf[128];
  std::snprintf(buf, sizeof(buf), "%.17g vs expected %.17g", a, b);
  return ::testing::AssertionFailure() << buf;
}

/// Accumulates in uneven batches (growth happens mid-stream).
Histogram accumulateInBatches(const std::vector<float> &x, uint32_t bins,
                              size_t batch = 777) {
  Histogram h(bins);
  for (size_t at = 0; at < x.size(); at += batch)
    h.accumulate(x.data() + at, std::min(batch, x.size() - at));
  return h;
}

void expectSameHistogram(const Histogram &a, const Histogram &b) {
  EXPECT_EQ(a.numBins(), b.numBins());
  EXPECT_EQ(a.range(), b.range());
  EXPECT_EQ(a.count(), b.count());
  EXPECT_EQ(a.nanCount(), b.nanCount());
  EXPECT_EQ(a.infCount(), b.infCount());
  EXPECT_EQ(a.min(), b.min());
  EXPECT_EQ(a.max(), b.max());
  EXPECT_TRUE(a.halfBinCounts() == b.halfBinCounts());
}

//===----------------------------------------------------------------------===//
// A literal restatement of the MXNet / TVM KL loop (whole arrays).
//===----------------------------------------------------------------------===//

bool smoothLiteral(std::vector<double> &d) {
  size_t zeros = 0;
  for (double v : d)
    zeros += v == 0;
  size_t nonzero = d.size() - zeros;
  if (nonzero == 0)
    return false;
  double eps1 = 1e-4 * double(zeros) / double(nonzero);
  if (!(eps1 < 1.0))
    return false;
  for (double &v : d) {
    v = v == 0 ? 1e-4 : v - eps1;
    if (!(v > 0))
      return false;
  }
  return true;
}

KLResult bruteKL(const std::vector<uint64_t> &hist, double width, uint32_t nq) {
  const int64_t nbins = hist.size(), zero = nbins / 2;
  std::vector<double> divs;
  for (int64_t i = nq / 2; i <= zero; ++i) {
    int64_t start = zero - i, stop = zero + i + 1, len = stop - start;
    std::vector<double> p(hist.begin() + start, hist.begin() + stop);
    for (int64_t k = 0; k < start; ++k)
      p.front() += double(hist[k]);
    for (int64_t k = stop; k < nbins; ++k)
      p.back() += double(hist[k]);
    int64_t m = len / nq;
    std::vector<double> qbins(nq, 0.0);
    for (int64_t k = 0; k < len; ++k)
      qbins[std::min<int64_t>(k / m, nq - 1)] += double(hist[start + k]);
    std::vector<double> q(len, 0.0);
    for (int64_t j = 0; j < nq; ++j) {
      int64_t a = j * m, b = j == nq - 1 ? len : a + m, norm = 0;
      for (int64_t k = a; k < b; ++k)
        norm += p[k] != 0;
      for (int64_t k = a; k < b; ++k)
        if (norm && p[k] != 0)
          q[k] = qbins[j] / double(norm);
    }
    if (!smoothLiteral(p) || !smoothLiteral(q)) {
      divs.push_back(kInf);
      continue;
    }
    double sp = 0, sq = 0, kl = 0;
    for (int64_t k = 0; k < len; ++k) {
      sp += p[k];
      sq += q[k];
    }
    for (int64_t k = 0; k < len; ++k) {
      double pn = p[k] / sp, qn = q[k] / sq;
      kl += pn * std::log(pn / qn);
    }
    divs.push_back(kl);
  }
  KLResult r;
  r.halfWidth = -1;
  r.threshold = (double(zero) + 0.5) * width;
  r.divergence = kInf;
  double best = kInf;
  for (double d : divs)
    best = std::min(best, d);
  if (best == kInf)
    return r;
  double limit = best + 1e-9 * std::fabs(best) + 1e-12;
  for (size_t k = 0; k < divs.size(); ++k)
    if (divs[k] <= limit) {
      r.halfWidth = nq / 2 + int64_t(k);
      r.threshold = (double(r.halfWidth) + 0.5) * width;
      r.divergence = divs[k];
      break;
    }
  return r;
}

//===----------------------------------------------------------------------===//
// Reference vectors from scripts/calib_reference.py.
//===----------------------------------------------------------------------===//

TEST(CalibReference, DataSetsHistogramsAndThresholds) {
  std::vector<Record> data = readRecords("calib_datasets.txt", "data");
  std::vector<Record> small = readRecords("calib_datasets.txt", "halfbins");
  std::vector<Record> expects = readRecords("calib_datasets.txt", "expect");
  ASSERT_EQ(data.size(), 8u);
  ASSERT_EQ(expects.size(), 16u);
  size_t checkedExpect = 0;
  for (const Record &d : data) {
    const std::string name = d.at("name");
    SCOPED_TRACE(name);
    std::vector<float> x =
        generate(d.at("kind"), toU64(d.at("seed")), toU64(d.at("size")));
    ASSERT_EQ(dataChecksum(x), toU64(d.at("checksum")))
        << "the generator differs from scripts/calib_reference.py";

    for (const Record &s : small) {
      if (s.at("name") != name)
        continue;
      Histogram h = accumulateInBatches(x, uint32_t(toU64(s.at("bins"))));
      EXPECT_EQ(h.halfBinCounts(), toCounts(s.at("counts")));
    }

    for (const Record &e : expects) {
      if (e.at("name") != name)
        continue;
      ++checkedExpect;
      const uint32_t bins = uint32_t(toU64(e.at("bins")));
      SCOPED_TRACE("bins=" + e.at("bins"));
      Histogram h = accumulateInBatches(x, bins);
      // The histogram, exactly.
      EXPECT_EQ(h.range(), toDouble(e.at("range")));
      EXPECT_EQ(h.count(), toU64(e.at("count")));
      EXPECT_EQ(h.nanCount(), toU64(e.at("nan")));
      EXPECT_EQ(h.infCount(), toU64(e.at("inf")));
      EXPECT_EQ(h.min(), toDouble(e.at("min")));
      EXPECT_EQ(h.max(), toDouble(e.at("max")));
      const std::vector<uint64_t> &hb = h.halfBinCounts();
      EXPECT_EQ(uint64_t(hb.size() - std::count(hb.begin(), hb.end(), 0)),
                toU64(e.at("nonzero")));
      EXPECT_EQ(fnvHash(hb), toU64(e.at("hash")));
      // Thresholds.
      EXPECT_EQ(maxThreshold(h), toDouble(e.at("maxabs")));
      for (uint32_t nq : {255u, 511u}) {
        auto it = e.find("kl" + std::to_string(nq));
        if (it == e.end())
          continue;
        SCOPED_TRACE("nq=" + std::to_string(nq));
        std::vector<std::string> kl = split(it->second, ',');
        ASSERT_EQ(kl.size(), 3u);
        KLResult r = h.range() > 0
                         ? klSearch(h.centeredCounts(), h.binWidth(), nq)
                         : KLResult{0.0, -1, kInf};
        EXPECT_EQ(r.halfWidth, toI64(kl[0]));
        EXPECT_EQ(std::min(r.threshold, h.maxAbs()), toDouble(kl[1]));
        EXPECT_TRUE(near(r.divergence, toDouble(kl[2]), 1e-9, 1e-12));
        EXPECT_EQ(klThreshold(h, nq), toDouble(kl[1]));
      }
      for (double p : {99.999, 99.99, 99.9}) {
        char key[32];
        std::snprintf(key, sizeof(key), "pct%g", p);
        EXPECT_TRUE(near(percentileThreshold(h, p), toDouble(e.at(key)), 1e-12))
            << key;
      }
      std::vector<std::string> pr = split(e.at("prange99.9"), ',');
      CalibRange range = percentileRange(h, 99.9);
      EXPECT_TRUE(near(range.min, toDouble(pr[0]), 1e-12));
      EXPECT_TRUE(near(range.max, toDouble(pr[1]), 1e-12));
      EXPECT_TRUE(near(mseThreshold(h, 8), toDouble(e.at("mse8")), 1e-12));
      EXPECT_TRUE(near(mseThreshold(h, 4), toDouble(e.at("mse4")), 1e-12));
    }
  }
  EXPECT_EQ(checkedExpect, expects.size());
}

TEST(CalibReference, KLSmallCases) {
  std::vector<Record> cases = readRecords("calib_kl_cases.txt", "klcase");
  ASSERT_EQ(cases.size(), 40u);
  for (const Record &c : cases) {
    SCOPED_TRACE("klcase " + c.at("id"));
    std::vector<uint64_t> counts = toCounts(c.at("counts"));
    uint32_t nq = uint32_t(toU64(c.at("nq")));
    KLResult r = klSearch(counts, toDouble(c.at("width")), nq);
    EXPECT_EQ(r.halfWidth, toI64(c.at("halfwidth")));
    EXPECT_EQ(r.threshold, toDouble(c.at("threshold")));
    EXPECT_TRUE(near(r.divergence, toDouble(c.at("divergence")), 1e-9, 1e-12));
  }
}

//===----------------------------------------------------------------------===//
// KL against the literal loop, on random histograms.
//===----------------------------------------------------------------------===//

TEST(KLSearch, MatchesLiteralLoopOnRandomHistograms) {
  SplitMix64 g(2024);
  int compared = 0;
  for (int t = 0; t < 300; ++t) {
    const uint32_t nqs[] = {1, 2, 3, 5, 8, 15, 31, 255};
    uint32_t nq = nqs[g.next() % 8];
    // Mostly small; some wide enough for many merge widths m (up to ~30).
    const uint64_t spread = t < 240 ? 40 : t < 290 ? 300 : 1000;
    int64_t half = int64_t(nq / 2) + int64_t(g.next() % spread);
    std::vector<uint64_t> counts(size_t(2 * half + 1), 0);
    const uint64_t zeroPct = g.next() % 100;
    const uint64_t scale = uint64_t(1) << (g.next() % 30);
    const int shape = int(g.next() % 3);
    for (size_t k = 0; k < counts.size(); ++k) {
      if (g.next() % 100 < zeroPct)
        continue;
      double dist = std::fabs(double(k) - double(half)) / double(half + 1);
      double weight = shape == 0   ? 1.0
                      : shape == 1 ? std::exp(-8 * dist)
                                   : dist;
      counts[k] = 1 + uint64_t(double(g.next() % scale) * weight);
    }
    if (t % 10 == 9) // only the outermost bins
      for (size_t k = 1; k + 1 < counts.size(); ++k)
        counts[k] = 0;
    SCOPED_TRACE("t=" + std::to_string(t) + " nq=" + std::to_string(nq) +
                 " bins=" + std::to_string(counts.size()));
    KLResult fast = klSearch(counts, 0.5, nq);
    KLResult ref = bruteKL(counts, 0.5, nq);
    EXPECT_EQ(fast.halfWidth, ref.halfWidth);
    EXPECT_EQ(fast.threshold, ref.threshold);
    EXPECT_TRUE(near(fast.divergence, ref.divergence, 1e-9, 1e-12));
    ++compared;
  }
  EXPECT_EQ(compared, 300);
}

TEST(KLSearch, DegenerateInputs) {
  // Even size, empty histogram, too few bins: no candidate, full range.
  KLResult r = klSearch({1, 2, 3, 4}, 1.0, 3);
  EXPECT_EQ(r.halfWidth, -1);
  r = klSearch(std::vector<uint64_t>(9, 0), 1.0, 3);
  EXPECT_EQ(r.halfWidth, -1);
  EXPECT_EQ(r.threshold, 4.5);
  r = klSearch(std::vector<uint64_t>(9, 1), 1.0, 11);
  EXPECT_EQ(r.halfWidth, -1);
  // A single spike at the centre: p == q for every candidate, KL = 0 (up to
  // rounding), the first candidate (i = nq / 2 = 2) wins: threshold 2.5 bins.
  std::vector<uint64_t> spike(21, 0);
  spike[10] = 1000;
  r = klSearch(spike, 1.0, 5);
  EXPECT_EQ(r.halfWidth, 2);
  EXPECT_NEAR(r.divergence, 0.0, 1e-12);
  EXPECT_EQ(r.threshold, 2.5);
  // 20001 bins, one spike: for i >= 5000 p has >= 10^4 zeros per non-zero,
  // eps1 >= 1 (MXNet asserts), so those candidates are invalid; every valid
  // one has KL 0 and the first (i = 1) wins.
  std::vector<uint64_t> wide(20001, 0);
  wide[10000] = 7;
  r = klSearch(wide, 1.0, 3);
  EXPECT_EQ(r.halfWidth, 1);
  EXPECT_NEAR(r.divergence, 0.0, 1e-12);
  // Mass only in the outermost bins: every slice but the full one has an
  // empty interior (q all zero: +inf); the full one is the answer.
  std::vector<uint64_t> edges(21, 0);
  edges[0] = 3;
  edges[20] = 4;
  r = klSearch(edges, 1.0, 5);
  EXPECT_EQ(r.halfWidth, 10);
  EXPECT_EQ(r.threshold, 10.5);
}

//===----------------------------------------------------------------------===//
// Histogram rules, by hand.
//===----------------------------------------------------------------------===//

TEST(Histogram, RangeIsSmallestPowerOfTwoAboveMaxAbs) {
  // max|x| = 1 -> T = 2 (T must be strictly above); 0.75 -> 1; 3e-3 -> 2^-8.
  struct Case {
    float x;
    double range;
  } cases[] = {{1.0f, 2.0},
               {0.75f, 1.0},
               {-0.5f, 1.0},
               {3e-3f, 1.0 / 256},
               {1e30f, std::ldexp(1.0, 100)},
               {1e-45f, std::ldexp(1.0, -148)}};
  for (const Case &c : cases) {
    Histogram h(8);
    h.accumulate(&c.x, 1);
    EXPECT_EQ(h.range(), c.range) << c.x;
  }
}

TEST(Histogram, HalfBinsAndGrowthByHand) {
  // N = 4 (8 half-bins of width T/4). Batch 1: {0.5, -0.5} -> T = 1:
  // 0.5 -> 4 + floor(2) = 6, -0.5 -> 4 + floor(-2) = 2.
  Histogram h(4);
  std::vector<float> b1 = {0.5f, -0.5f};
  h.accumulate(b1);
  EXPECT_EQ(h.range(), 1.0);
  EXPECT_EQ(h.halfBinCounts(), (std::vector<uint64_t>{0, 0, 1, 0, 0, 0, 1, 0}));
  // Batch 2: {3, -0.25} -> T = 4 (two doublings): 0.5 -> 4 + floor(0.5) = 4,
  // -0.5 -> 4 + floor(-0.5) = 3, 3 -> 4 + 3 = 7, -0.25 -> 4 + floor(-0.25) = 3.
  std::vector<float> b2 = {3.0f, -0.25f};
  h.accumulate(b2);
  EXPECT_EQ(h.range(), 4.0);
  EXPECT_EQ(h.halfBinCounts(), (std::vector<uint64_t>{0, 0, 0, 2, 1, 0, 0, 1}));
  // The views: bins of width 2: [-4,-2) [-2,0) [0,2) [2,4).
  EXPECT_EQ(h.counts(), (std::vector<uint64_t>{0, 2, 1, 1}));
  // |x| bins of width 1: {0.5, 0.5, 0.25} in [0,1), 3 in [3,4).
  EXPECT_EQ(h.absCounts(), (std::vector<uint64_t>{3, 0, 0, 1}));
  // Even N: 5 centred bins of width 2: [-5,-3) [-3,-1) [-1,1) [1,3) [3,5).
  EXPECT_EQ(h.centeredCounts(), (std::vector<uint64_t>{0, 0, 3, 0, 1}));
  EXPECT_EQ(h.min(), -0.5);
  EXPECT_EQ(h.max(), 3.0);
  EXPECT_EQ(h.count(), 4u);
  EXPECT_EQ(maxThreshold(h), 3.0);
}

TEST(Histogram, OddBinsAreZeroCentred) {
  // N = 3, T = 4: bins of width 8/3 over [-4, 4); centre bin [-4/3, 4/3).
  // Half-bins (width 4/3): 1.3 -> 3 + floor(0.975) = 3; -1.3 -> 3 + floor(
  // -0.975) = 2; 1.4 -> 3 + 1 = 4; 3.9 -> 3 + 2 = 5; -3.9 -> 0.
  Histogram h(3);
  std::vector<float> x = {1.3f, -1.3f, 1.4f, 3.9f, -3.9f};
  h.accumulate(x);
  EXPECT_EQ(h.range(), 4.0);
  EXPECT_EQ(h.halfBinCounts(), (std::vector<uint64_t>{1, 0, 1, 1, 1, 1}));
  EXPECT_EQ(h.counts(), (std::vector<uint64_t>{1, 2, 2}));
  EXPECT_EQ(h.centeredCounts(), h.counts());
}

TEST(Histogram, ZerosBeforeAnyRange) {
  // Zeros (either sign) sit in half-bin N before and after T exists.
  Histogram h(4);
  std::vector<float> zeros = {0.0f, -0.0f, 0.0f};
  h.accumulate(zeros);
  EXPECT_EQ(h.range(), 0.0);
  EXPECT_EQ(h.binWidth(), 0.0);
  EXPECT_EQ(h.halfBinCounts()[4], 3u);
  EXPECT_EQ(maxThreshold(h), 0.0);
  EXPECT_EQ(klThreshold(h), 0.0);
  EXPECT_EQ(percentileThreshold(h), 0.0);
  EXPECT_EQ(mseThreshold(h), 0.0);
  std::vector<float> more = {-1.5f, 0.0f};
  h.accumulate(more);
  EXPECT_EQ(h.range(), 2.0);
  // -1.5 -> 4 + floor(-3) = 1.
  EXPECT_EQ(h.halfBinCounts(), (std::vector<uint64_t>{0, 1, 0, 0, 4, 0, 0, 0}));
}

TEST(Histogram, NonFinitePolicy) {
  Histogram h(16);
  std::vector<float> b1 = {kNaNf, kInff, -kInff, kNaNf};
  h.accumulate(b1);
  EXPECT_EQ(h.nanCount(), 2u);
  EXPECT_EQ(h.infCount(), 2u);
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.numBatches(), 0u); // no finite value: not a batch
  EXPECT_EQ(h.range(), 0.0);
  std::vector<float> b2 = {kNaNf, 2.5f, -kInff, -1.0f};
  h.accumulate(b2);
  EXPECT_EQ(h.nanCount(), 3u);
  EXPECT_EQ(h.infCount(), 3u);
  EXPECT_EQ(h.count(), 2u);
  EXPECT_EQ(h.min(), -1.0);
  EXPECT_EQ(h.max(), 2.5);
  EXPECT_EQ(h.range(), 4.0);
  EXPECT_EQ(h.numBatches(), 1u);
  uint64_t sum = 0;
  for (uint64_t c : h.halfBinCounts())
    sum += c;
  EXPECT_EQ(sum, 2u);
}

TEST(Histogram, MovingAverages) {
  // c = 0.01: batch {1, 2}: (1, 2). Batch {3, 5}: 1 + 0.01 * 2 = 1.02,
  // 2 + 0.01 * 3 = 2.03. c = 0.5: (2, 3.5).
  Histogram h(8), g(8, 0.5);
  std::vector<float> b1 = {1, 2}, b2 = {5, 3};
  h.accumulate(b1);
  h.accumulate(b2);
  g.accumulate(b1);
  g.accumulate(b2);
  EXPECT_DOUBLE_EQ(h.movingMin(), 1.02);
  EXPECT_DOUBLE_EQ(h.movingMax(), 2.03);
  EXPECT_EQ(g.movingMin(), 2.0);
  EXPECT_EQ(g.movingMax(), 3.5);
  CalibRange r = movingAverageRange(g);
  EXPECT_EQ(r.min, 2.0);
  EXPECT_EQ(r.max, 3.5);
  r = minMaxRange(g);
  EXPECT_EQ(r.min, 1.0);
  EXPECT_EQ(r.max, 5.0);
  // Invalid averaging constants fall back to the default.
  EXPECT_EQ(Histogram(8, 0.0).averagingConstant(), 0.01);
  EXPECT_EQ(Histogram(8, 1.5).averagingConstant(), 0.01);
  EXPECT_EQ(Histogram(0).numBins(), 1u);
}

//===----------------------------------------------------------------------===//
// Exact merge and order independence.
//===----------------------------------------------------------------------===//

TEST(HistogramMerge, ShardsEqualWholeDataBinForBin) {
  const char *kinds[] = {"normal", "laplace", "outliers", "relu", "bimodal"};
  SplitMix64 g(7);
  for (uint32_t bins : {1u, 2u, 3u, 7u, 16u, 2048u, 8001u}) {
    for (const char *kind : kinds) {
      SCOPED_TRACE(std::string(kind) + " bins=" + std::to_string(bins));
      std::vector<float> x = generate(kind, 11, 6000);
      // Shards with very different ranges: scale the second part down.
      for (size_t i = 3000; i < x.size(); ++i)
        x[i] *= 1.0f / 1024;
      Histogram whole(bins);
      whole.accumulate(x);
      for (int trial = 0; trial < 4; ++trial) {
        size_t cut = size_t(g.next() % (x.size() + 1));
        if (trial == 0)
          cut = 3000; // range of shard b is 2^10 smaller
        std::vector<float> a(x.begin(), x.begin() + cut);
        std::vector<float> b(x.begin() + cut, x.end());
        Histogram ha = accumulateInBatches(a, bins, 1 + g.next() % 500);
        Histogram hb(bins);
        // Shard b in reverse batch order.
        const size_t batch = 1 + g.next() % 700;
        for (size_t end = b.size(); end > 0;) {
          size_t begin = end > batch ? end - batch : 0;
          hb.accumulate(b.data() + begin, end - begin);
          end = begin;
        }
        std::optional<Histogram> ab = merge(ha, hb);
        std::optional<Histogram> ba = merge(hb, ha);
        ASSERT_TRUE(ab && ba);
        expectSameHistogram(*ab, whole);
        expectSameHistogram(*ba, whole);
      }
      // Three shards merged in a different tree shape.
      Histogram p(bins), q(bins), r(bins);
      p.accumulate(x.data(), 1000);
      q.accumulate(x.data() + 1000, 4000);
      r.accumulate(x.data() + 5000, x.size() - 5000);
      Histogram left = p;
      ASSERT_TRUE(left.merge(q));
      ASSERT_TRUE(left.merge(r));
      Histogram right = r;
      ASSERT_TRUE(q.merge(right));
      ASSERT_TRUE(p.merge(q));
      expectSameHistogram(left, whole);
      expectSameHistogram(p, whole);
    }
  }
}

TEST(HistogramMerge, EmptyZeroOnlyAndMismatch) {
  std::vector<float> x = generate("normal", 3, 1000);
  Histogram whole(64);
  whole.accumulate(x);
  whole.accumulate(std::vector<float>{0.0f, 0.0f});
  Histogram zeros(64), empty(64), h(64);
  zeros.accumulate(std::vector<float>{0.0f, -0.0f});
  h.accumulate(x);
  ASSERT_TRUE(h.merge(empty));
  ASSERT_TRUE(h.merge(zeros));
  expectSameHistogram(h, whole);
  Histogram z = zeros; // zero-only first, then data
  ASSERT_TRUE(z.merge(empty));
  Histogram data(64);
  data.accumulate(x);
  ASSERT_TRUE(z.merge(data));
  expectSameHistogram(z, whole);
  Histogram into(64); // merging into an empty histogram
  ASSERT_TRUE(into.merge(data));
  expectSameHistogram(into, data);
  EXPECT_EQ(into.movingMin(), data.movingMin());
  EXPECT_EQ(into.numBatches(), data.numBatches());
  Histogram other(65);
  EXPECT_FALSE(h.merge(other));
  EXPECT_FALSE(merge(h, other).has_value());
  expectSameHistogram(h, whole); // unchanged
}

TEST(HistogramMerge, RangesFarApart) {
  // T = 2^-99 and 2^100: re-binning by 2^199 sends every half-bin of the
  // small shard to N (x >= 0) or N - 1 (x < 0), exactly as direct binning.
  for (uint32_t bins : {3u, 8u}) {
    std::vector<float> tiny = {-1e-30f, 1e-30f, 0.0f}, huge = {1e30f, -3e29f};
    Histogram a(bins), b(bins), whole(bins);
    a.accumulate(tiny);
    b.accumulate(huge);
    whole.accumulate(tiny);
    whole.accumulate(huge);
    std::optional<Histogram> ab = merge(a, b), ba = merge(b, a);
    ASSERT_TRUE(ab && ba);
    expectSameHistogram(*ab, whole);
    expectSameHistogram(*ba, whole);
    // -3e29 * N / 2^100 is -0.71 (N = 3: half-bin N - 1 too) or -1.89 (N = 8).
    EXPECT_EQ(whole.halfBinCounts()[bins - 1], bins == 3 ? 2u : 1u);
    EXPECT_EQ(whole.halfBinCounts()[bins], 2u);
  }
}

TEST(HistogramMerge, MovingAveragesWeightedByBatches) {
  Histogram a(8), b(8);
  a.accumulate(std::vector<float>{1, 2}); // (1, 2), 1 batch
  b.accumulate(std::vector<float>{4, 8}); // (4, 8)
  b.accumulate(std::vector<float>{4, 8}); // (4, 8), 2 batches
  ASSERT_TRUE(a.merge(b));
  EXPECT_EQ(a.numBatches(), 3u);
  EXPECT_EQ(a.movingMin(), 3.0); // (1 * 1 + 2 * 4) / 3
  EXPECT_EQ(a.movingMax(), 6.0); // (1 * 2 + 2 * 8) / 3
}

//===----------------------------------------------------------------------===//
// serialize / deserialize.
//===----------------------------------------------------------------------===//

TEST(HistogramData, RoundTripAndValidation) {
  std::vector<float> x = generate("outliers", 5, 3000);
  Histogram h = accumulateInBatches(x, 101);
  HistogramData d = h.serialize();
  EXPECT_EQ(d.numBins, 101u);
  EXPECT_EQ(d.halfBinCounts.size(), 202u);
  std::string error;
  std::optional<Histogram> back = Histogram::deserialize(d, &error);
  ASSERT_TRUE(back) << error;
  expectSameHistogram(*back, h);
  EXPECT_EQ(back->numBatches(), h.numBatches());
  EXPECT_EQ(back->movingMin(), h.movingMin());
  EXPECT_EQ(back->movingMax(), h.movingMax());
  // A deserialized histogram keeps merging exactly.
  Histogram extra(101);
  extra.accumulate(std::vector<float>{500.0f});
  ASSERT_TRUE(back->merge(extra));
  Histogram whole = h;
  whole.accumulate(std::vector<float>{500.0f});
  expectSameHistogram(*back, whole);
  // Empty and zero-only round trips.
  for (Histogram e : {Histogram(5), [] {
                        Histogram z(5);
                        z.accumulate(std::vector<float>{0.0f});
                        return z;
                      }()}) {
    std::optional<Histogram> r = Histogram::deserialize(e.serialize(), &error);
    ASSERT_TRUE(r) << error;
    expectSameHistogram(*r, e);
  }

  auto rejects = [&](HistogramData bad, const char *what) {
    std::string err;
    EXPECT_FALSE(Histogram::deserialize(bad, &err).has_value()) << what;
    EXPECT_FALSE(err.empty()) << what;
  };
  HistogramData bad = d;
  bad.numBins = 0;
  rejects(bad, "zero bins");
  bad = d;
  bad.halfBinCounts.pop_back();
  rejects(bad, "size");
  bad = d;
  bad.range = 3.0 * d.range / 4;
  rejects(bad, "not a power of two");
  bad = d;
  bad.range = 2 * d.range;
  rejects(bad, "not the smallest range");
  bad = d;
  bad.count += 1;
  rejects(bad, "sum");
  bad = d;
  bad.halfBinCounts[0] += 1; // a value below min
  bad.count += 1;
  rejects(bad, "outermost bins");
  bad = d;
  bad.min = 0.1; // not a float
  rejects(bad, "float min");
  bad = d;
  bad.max = 1e300; // beyond the float range
  rejects(bad, "huge max");
  bad = d;
  bad.movingMax = kInf;
  rejects(bad, "moving");
  bad = d;
  bad.averagingConstant = 0;
  rejects(bad, "constant");
  bad = d;
  bad.numBatches = 0;
  rejects(bad, "batches");
}

//===----------------------------------------------------------------------===//
// Percentile and MSE, by hand.
//===----------------------------------------------------------------------===//

TEST(Percentile, ByHand) {
  // N = 4, data {0.25, -0.75, 1.5, 3.5} -> T = 4, |x| bins of width 1:
  // [0,1): 2, [1,2): 1, [3,4): 1.
  Histogram h(4);
  h.accumulate(std::vector<float>{0.25f, -0.75f, 1.5f, 3.5f});
  EXPECT_EQ(h.absCounts(), (std::vector<uint64_t>{2, 1, 0, 1}));
  // p = 50: r = 2 -> bin 0 reaches 2: 0 + 2/2 = 1.0.
  EXPECT_EQ(percentileThreshold(h, 50), 1.0);
  // p = 62.5: r = 2.5 -> bin 1: 1 + 0.5/1 = 1.5.
  EXPECT_EQ(percentileThreshold(h, 62.5), 1.5);
  // p = 90: r = 3.6 -> bin 3: 3 + 0.6 = 3.6, below max|x| = 3.5? capped.
  EXPECT_EQ(percentileThreshold(h, 90), 3.5);
  // p = 80: r = 3.2 -> bin 3: 3.2.
  EXPECT_DOUBLE_EQ(percentileThreshold(h, 80), 3.2);
  EXPECT_EQ(percentileThreshold(h, 100), 3.5);
  EXPECT_EQ(percentileThreshold(h, 0), 0.0);
  // Signed: half-bins of width 1 over [-4, 4): -0.75 in [-1,0), 0.25 in
  // [0,1), 1.5 in [1,2), 3.5 in [3,4). p = 75: rLo = 1 -> -1 + 1 = 0 (the
  // top of [-1,0)), clamped into [min, max]; rHi = 3 -> 1 + 1 = 2.
  CalibRange r = percentileRange(h, 75);
  EXPECT_EQ(r.min, 0.0);
  EXPECT_EQ(r.max, 2.0);
  r = percentileRange(h, 100);
  EXPECT_EQ(r.min, -0.75);
  EXPECT_EQ(r.max, 3.5);
}

TEST(MSE, ByHand) {
  // N = 4, T = 4, bits = 2 (qmax = 1): |x| bins of width 1, all mass (10) at
  // |x| in [0, 1) (centre 0.5) plus 1 value in [3, 4) (centre 3.5).
  // E(k) * 12 qmax^2 / w^2 = k^2 * inside + 3 * sum_out n (2b + 1 - 2k)^2:
  //  k=1: 1 * 10 + 3 * (5^2) = 85;  k=2: 4 * 10 + 3 * 9 = 67;
  //  k=3: 9 * 10 + 3 * 1 = 93;      k=4: 16 * 11 = 176.  -> k = 2, T = 2.
  Histogram h(4);
  std::vector<float> x(10, 0.5f);
  x.push_back(3.5f);
  h.accumulate(x);
  EXPECT_EQ(mseThreshold(h, 2), 2.0);
  // Counts of 2^41 take the long double path: with C = 2^41 values at 0.5
  // and one at 3.5, bits = 2: k=1: C + 75, k=2: 4C + 27, ... -> k = 1, T = 1.
  HistogramData big = h.serialize();
  const uint64_t c41 = uint64_t(1) << 41;
  big.halfBinCounts[4] = c41; // half-bin of 0.5 (N = 4, T = 4)
  big.count = c41 + 1;
  std::string error;
  std::optional<Histogram> hb = Histogram::deserialize(big, &error);
  ASSERT_TRUE(hb) << error;
  EXPECT_EQ(mseThreshold(*hb, 2), 1.0);
  // 8 bits (qmax = 127, 3 qmax^2 = 48387): k=1: 10 + 48387 * 25;
  // k=4: 16 * 11 = 176 is the smallest; capped at max|x| = 3.5.
  EXPECT_EQ(mseThreshold(h, 8), 3.5);
}

//===----------------------------------------------------------------------===//
// Speed (printed, never asserted).
//===----------------------------------------------------------------------===//

TEST(CalibrationSpeed, KL100TensorsOf8001Bins) {
  std::vector<Histogram> hists;
  const char *kinds[] = {"normal", "laplace", "uniform", "bimodal", "relu"};
  for (int t = 0; t < 100; ++t) {
    Histogram h(8001);
    h.accumulate(generate(kinds[t % 5], 100 + t, 50000));
    hists.push_back(h);
  }
  // Wall time and process CPU time (the latter is what a loaded shared
  // machine distorts least). Best of three runs.
  double bestWall = kInf, bestCpu = kInf, sink = 0;
  for (int run = 0; run < 3; ++run) {
    auto w0 = std::chrono::steady_clock::now();
    std::clock_t c0 = std::clock();
    for (const Histogram &h : hists)
      sink += klThreshold(h);
    std::clock_t c1 = std::clock();
    auto w1 = std::chrono::steady_clock::now();
    bestWall = std::min(
        bestWall, std::chrono::duration<double, std::milli>(w1 - w0).count());
    bestCpu = std::min(bestCpu, 1000.0 * double(c1 - c0) / CLOCKS_PER_SEC);
  }
  std::clock_t c2 = std::clock();
  for (const Histogram &h : hists)
    sink += mseThreshold(h) + percentileThreshold(h);
  std::clock_t c3 = std::clock();
  std::printf("KL search, 100 tensors x 8001 bins: %.1f ms wall, %.1f ms CPU "
              "(best of 3); MSE + percentile: %.1f ms CPU (checksum %.6g)\n",
              bestWall, bestCpu, 1000.0 * double(c3 - c2) / CLOCKS_PER_SEC,
              sink);
}

} // namespace
