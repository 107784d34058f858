//===- QuantMath.cpp - IR-free quantization arithmetic --------------------===//
//
// Part of QuantMLIR.
//
// The reference semantics of quantization, written down in
// docs/QuantizationSpec.md. Plain C++17: no MLIR or LLVM headers.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Math/QuantMath.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace quantmlir {
namespace {

__extension__ typedef __int128 Int128;
__extension__ typedef unsigned __int128 UInt128;

constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();

int64_t saturateToInt64(Int128 v) {
  if (v > static_cast<Int128>(kInt64Max))
    return kInt64Max;
  if (v < static_cast<Int128>(kInt64Min))
    return kInt64Min;
  return static_cast<int64_t>(v);
}

/// Picks between floor(v) and floor(v) + 1 given how the discarded fraction
/// compares with one half (cmp < 0: below, 0: exactly a tie, > 0: above).
/// `negative` is the sign of the exact value (needed for ties away from 0).
Int128 resolve(Int128 floorValue, int cmp, bool negative, Rounding mode) {
  if (cmp < 0)
    return floorValue;
  if (cmp > 0)
    return floorValue + 1;
  switch (mode) {
  case Rounding::HalfToEven:
    return (floorValue & 1) ? floorValue + 1 : floorValue;
  case Rounding::HalfAwayFromZero:
    return negative ? floorValue : floorValue + 1;
  case Rounding::Upward:
    return floorValue + 1;
  }
  return floorValue;
}

/// round_mode(v / 2^s), exact, for any s >= 0 (|v| < 2^127).
Int128 roundShift128(Int128 v, int s, Rounding mode) {
  if (s <= 0)
    return v;
  if (s >= 127) {
    // |v / 2^s| <= 1/2, with equality only for v == -2^127, s == 127.
    if (s == 127 && v == -(Int128(1) << 126) - (Int128(1) << 126))
      return resolve(-1, 0, true, mode);
    return 0;
  }
  Int128 floorValue = v >> s; // arithmetic shift: floor division
  UInt128 mask = (static_cast<UInt128>(1) << s) - 1;
  UInt128 rem = static_cast<UInt128>(v) & mask;
  UInt128 half = static_cast<UInt128>(1) << (s - 1);
  int cmp = rem < half ? -1 : (rem > half ? 1 : 0);
  return resolve(floorValue, cmp, v < 0, mode);
}

} // namespace

IntRange IntRange::get(unsigned bits, bool isSigned, bool narrow) {
  bits = std::clamp(bits, 2u, 32u);
  IntRange r;
  if (isSigned) {
    r.qmin = -(int64_t(1) << (bits - 1));
    r.qmax = (int64_t(1) << (bits - 1)) - 1;
  } else {
    r.qmin = 0;
    r.qmax = (int64_t(1) << bits) - 1;
  }
  if (narrow)
    r.qmin += 1;
  return r;
}

double roundWithMode(double x, Rounding mode) {
  if (!std::isfinite(x))
    return x;
  // Work on |x|: a - floor(a) is exact for a >= 0 (for a >= 1 by Sterbenz,
  // below 1 trivially), whereas x - floor(x) can round for negative x
  // (-0.49999999999999994 + 1 is not a double).
  const bool negative = std::signbit(x);
  const double a = std::fabs(x);
  const double fl = std::floor(a);
  const double frac = a - fl;
  double mag = fl;
  if (frac > 0.5) {
    mag = fl + 1.0;
  } else if (frac == 0.5) {
    switch (mode) {
    case Rounding::HalfToEven:
      mag = std::fmod(fl, 2.0) == 0.0 ? fl : fl + 1.0;
      break;
    case Rounding::HalfAwayFromZero:
      mag = fl + 1.0;
      break;
    case Rounding::Upward: // toward +inf: larger magnitude only if positive
      mag = negative ? fl : fl + 1.0;
      break;
    }
  }
  return negative ? -mag : mag;
}

int64_t roundingRightShift(int64_t x, int shift, Rounding mode) {
  if (shift <= 0)
    return x;
  return static_cast<int64_t>(roundShift128(x, shift, mode));
}

int64_t roundingDivide(int64_t num, int64_t den, Rounding mode) {
  if (den == 0)
    return 0; // Undefined input; documented.
  Int128 n = num, d = den;
  if (d < 0) {
    n = -n;
    d = -d;
  }
  Int128 q = n / d, r = n % d; // truncating
  if (r < 0) {
    q -= 1;
    r += d;
  }
  // Now n = q * d + r with 0 <= r < d; compare r / d with 1/2.
  Int128 twice = 2 * r;
  int cmp = twice < d ? -1 : (twice > d ? 1 : 0);
  return saturateToInt64(resolve(q, cmp, n < 0, mode));
}

double FixedPointMultiplier::value() const {
  return std::ldexp(static_cast<double>(multiplier), -shift);
}

std::optional<FixedPointMultiplier> quantizeMultiplier(double m,
                                                       int precisionBits) {
  if (!(m > 0.0) || !std::isfinite(m))
    return std::nullopt;
  if (precisionBits < 1 || precisionBits > 62)
    return std::nullopt;
  const int p = precisionBits;
  int e = 0;
  double f = std::frexp(m, &e); // m = f * 2^e, f in [0.5, 1)
  // f * 2^p is exact in double; std::round is half away from zero.
  int64_t mult = static_cast<int64_t>(std::round(std::ldexp(f, p)));
  if (mult == (int64_t(1) << p)) {
    mult /= 2;
    e += 1;
  }
  int64_t shift = int64_t(p) - e;
  if (shift < 0)
    return std::nullopt;
  if (shift > 62) {
    // One rounding of the real m * 2^62 (ldexp is exact here, the result
    // is larger than m): fewer than p significant bits remain, possibly 0.
    mult = static_cast<int64_t>(std::round(std::ldexp(m, 62)));
    shift = 62;
  }
  FixedPointMultiplier fp;
  fp.multiplier = mult;
  fp.shift = static_cast<int>(shift);
  return fp;
}

int64_t applyMultiplier(int64_t x, FixedPointMultiplier fp, Rounding mode) {
  Int128 product = static_cast<Int128>(x) * fp.multiplier; // |.| <= 2^126
  if (fp.shift >= 0)
    return saturateToInt64(roundShift128(product, fp.shift, mode));
  // Left shift (not produced by quantizeMultiplier): saturate.
  int left = -fp.shift;
  if (product == 0)
    return 0;
  if (left >= 64)
    return product > 0 ? kInt64Max : kInt64Min;
  Int128 limit = static_cast<Int128>(1) << (126 - left);
  if (product >= limit || product <= -limit)
    return product > 0 ? kInt64Max : kInt64Min;
  return saturateToInt64(product * (static_cast<Int128>(1) << left));
}

int64_t requantize(int64_t q, ScaleZp in, ScaleZp out, IntRange outRange,
                   Rounding mode) {
  auto clampOut = [&](Int128 v) -> int64_t {
    if (v < outRange.qmin)
      return outRange.qmin;
    if (v > outRange.qmax)
      return outRange.qmax;
    return static_cast<int64_t>(v);
  };
  Int128 x128 = static_cast<Int128>(q) - in.zeroPoint;
  double m = in.scale / out.scale;
  // M == 0 (in.scale == 0 or underflow), NaN or negative: invalid
  // parameters or a vanishing multiplier; every input maps to out.zp.
  if (!(m > 0.0) || x128 == 0)
    return clampOut(out.zeroPoint);
  std::optional<FixedPointMultiplier> fp = quantizeMultiplier(m);
  if (!fp) // m >= 2^31 or infinite: any nonzero input saturates.
    return x128 > 0 ? outRange.qmax : outRange.qmin;
  int64_t x = saturateToInt64(x128);
  Int128 y = static_cast<Int128>(applyMultiplier(x, *fp, mode));
  return clampOut(y + out.zeroPoint);
}

int64_t quantize(double x, ScaleZp p, IntRange range, Rounding mode) {
  auto clampRange = [&](Int128 v) -> int64_t {
    if (v < range.qmin)
      return range.qmin;
    if (v > range.qmax)
      return range.qmax;
    return static_cast<int64_t>(v);
  };
  double scaled = x / p.scale;
  if (std::isnan(scaled))
    return clampRange(p.zeroPoint);
  double r = roundWithMode(scaled, mode); // integer-valued or +-inf
  // Clamp to +-2^62 (exact doubles) before converting; the final clamp to
  // [qmin, qmax] makes this invisible for any sane grid.
  const double bound = 4611686018427387904.0; // 2^62
  r = std::clamp(r, -bound, bound);
  return clampRange(static_cast<Int128>(static_cast<int64_t>(r)) + p.zeroPoint);
}

double dequantize(int64_t q, ScaleZp p) {
  Int128 diff = static_cast<Int128>(q) - p.zeroPoint;
  return static_cast<double>(diff) * p.scale;
}

ScaleZp chooseScaleZp(double rmin, double rmax, IntRange range, bool symmetric,
                      bool powerOfTwo) {
  if (std::isnan(rmin))
    rmin = 0.0;
  if (std::isnan(rmax))
    rmax = 0.0;
  rmin = std::min(rmin, 0.0);
  rmax = std::max(rmax, 0.0);
  const bool isSigned = range.qmin < 0;

  ScaleZp result;
  // Zero point of a symmetric grid.
  int64_t symZp = isSigned ? 0 : (range.qmin + range.qmax + 1) / 2;
  double scale = 0.0;
  if (symmetric) {
    double amax = std::max(std::fabs(rmin), std::fabs(rmax));
    int64_t positiveSteps = std::max<int64_t>(range.qmax - symZp, 1);
    scale = amax / static_cast<double>(positiveSteps);
  } else {
    int64_t steps = std::max<int64_t>(range.qmax - range.qmin, 1);
    scale = (rmax - rmin) / static_cast<double>(steps);
  }
  // Degenerate range (or a scale that underflowed to 0): scale 1.
  if (!(scale > 0.0))
    scale = 1.0;
  if (powerOfTwo && std::isfinite(scale)) {
    int e = 0;
    double f = std::frexp(scale, &e); // scale = f * 2^e, f in [0.5, 1)
    scale = f == 0.5 ? scale : std::ldexp(1.0, e);
  }
  result.scale = scale;
  if (symmetric) {
    result.zeroPoint = symZp;
  } else {
    // Nudge: the integer zero point closest to qmin - rmin / scale, ties
    // away from zero, clamped to the grid.
    double zp = static_cast<double>(range.qmin) - std::round(rmin / scale);
    if (std::isnan(zp)) // infinite rmin: not a valid range
      zp = static_cast<double>(range.qmin);
    zp = std::clamp(zp, static_cast<double>(range.qmin),
                    static_cast<double>(range.qmax));
    result.zeroPoint = static_cast<int64_t>(zp);
  }
  return result;
}

std::optional<Rounding> parseRounding(const std::string &name) {
  if (name == "half_to_even")
    return Rounding::HalfToEven;
  if (name == "half_away_from_zero")
    return Rounding::HalfAwayFromZero;
  if (name == "upward")
    return Rounding::Upward;
  return std::nullopt;
}

const char *roundingName(Rounding mode) {
  switch (mode) {
  case Rounding::HalfToEven:
    return "half_to_even";
  case Rounding::HalfAwayFromZero:
    return "half_away_from_zero";
  case Rounding::Upward:
    return "upward";
  }
  return "unknown";
}

} // namespace quantmlir
