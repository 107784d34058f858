//===- QuantMath.h - IR-free quantization arithmetic ------------*- C++ -*-===//
//
// Part of QuantMLIR.
//
// The numeric core: choosing scales and zero points, fixed-point multipliers,
// rounding, and the reference (scalar) semantics of every integer qnn op.
// No MLIR here: this library is what the passes, the lowering and the unit
// tests agree on. The formulas are specified in docs/QuantizationSpec.md.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_MATH_QUANTMATH_H
#define QUANTMLIR_MATH_QUANTMATH_H

#include <cstdint>
#include <optional>
#include <string>

namespace quantmlir {

/// Rounding of ties; the numbering matches mlir::qnn::RoundingMode.
enum class Rounding {
  HalfToEven = 0,       ///< ties to even (ONNX, numpy)
  HalfAwayFromZero = 1, ///< ties away from zero (C round, TFLite reference)
  Upward = 2,           ///< ties toward +infinity (TVM UPWARD)
};

/// An integer grid: storage width and signedness.
struct IntRange {
  int64_t qmin = -128;
  int64_t qmax = 127;
  /// bits in [2, 32]; narrow drops the lowest value (-2^(b-1) or 0).
  static IntRange get(unsigned bits, bool isSigned, bool narrow = false);
};

/// Scale and zero point of one grid.
struct ScaleZp {
  double scale = 1.0;
  int64_t zeroPoint = 0;
};

/// Parameters for the range [rmin, rmax] (widened to contain 0; a NaN bound
/// counts as 0; bounds must otherwise be finite).
///  - symmetric: zp = 0 for signed grids (qmin < 0), (qmin + qmax + 1) / 2
///    for unsigned ones; scale = max(|rmin|, |rmax|) / (qmax - zp).
///  - asymmetric: scale = (rmax - rmin) / (qmax - qmin),
///    zp = qmin - round(rmin / scale) (ties away from zero) clamped to
///    [qmin, qmax].
///  - powerOfTwo: the scale is rounded up to a power of two,
///    2^ceil(log2(scale)) (computed exactly); zp is then derived from it.
/// A degenerate range (rmin == rmax == 0), or a scale that underflows to 0,
/// yields scale 1 with the zp of the rules above.
ScaleZp chooseScaleZp(double rmin, double rmax, IntRange range, bool symmetric,
                      bool powerOfTwo = false);

/// Round x to an integer with the given tie rule, exactly (Upward is
/// floor(x + 1/2) in exact arithmetic, not in double). NaN and +-inf are
/// returned unchanged.
double roundWithMode(double x, Rounding mode);

/// Round (x / 2^shift) with the given tie rule, exactly, for shift in [0, 62].
/// shift <= 0 returns x; shifts above 62 are computed exactly too.
int64_t roundingRightShift(int64_t x, int shift, Rounding mode);

/// Round (num / den) exactly with the given tie rule, den > 0 (den < 0 is
/// handled as -num / -den; den == 0 returns 0).
int64_t roundingDivide(int64_t num, int64_t den, Rounding mode);

/// A real multiplier M > 0 as an integer multiplier and a right shift:
/// M ~= multiplier * 2^-shift, with multiplier in [2^(precisionBits-1),
/// 2^precisionBits) (precisionBits significant bits, 31 by default: Q31 as
/// gemmlowp / TFLite / TVM) and shift in [0, 62]. With P = precisionBits,
/// |multiplier * 2^-shift - M| <= M * 2^-P. Multipliers below 2^(P - 63)
/// (2^-32 for P = 31) need shift > 62: the shift is clamped to 62 and
/// multiplier = round(M * 2^62) has fewer than P bits (possibly 0). M >= 2^P
/// (shift < 0), M <= 0, NaN, inf and P outside [1, 62] give std::nullopt.
struct FixedPointMultiplier {
  int64_t multiplier = 0;
  int shift = 0;
  /// The real value this represents, multiplier * 2^-shift.
  double value() const;
};
std::optional<FixedPointMultiplier> quantizeMultiplier(double m,
                                                       int precisionBits = 31);

/// round(x * fp.multiplier / 2^fp.shift) computed exactly in 64/128-bit
/// integer arithmetic with one rounding; the result saturates to int64.
/// (A negative shift, never produced by quantizeMultiplier, multiplies.)
int64_t applyMultiplier(int64_t x, FixedPointMultiplier fp, Rounding mode);

/// Saturating requantize of one value (the scalar semantics of
/// qnn.requantize): clamp(zpOut + round((q - zpIn) * M), out.qmin, out.qmax)
/// with M = inScale / outScale through quantizeMultiplier (31 bits).
/// q == zpIn gives zpOut. M >= 2^31 (not representable) saturates by the
/// sign of q - zpIn; M == 0, NaN or negative (invalid scales) gives zpOut.
int64_t requantize(int64_t q, ScaleZp in, ScaleZp out, IntRange outRange,
                   Rounding mode);

/// Float -> grid (qnn.quantize): clamp(round(x / scale) + zp), x / scale
/// divided in double. NaN -> zp (clamped); +-inf saturate.
int64_t quantize(double x, ScaleZp p, IntRange range, Rounding mode);
/// Grid -> float (qnn.dequantize): (q - zp) * scale.
double dequantize(int64_t q, ScaleZp p);

/// Parses "half_to_even" | "half_away_from_zero" | "upward".
std::optional<Rounding> parseRounding(const std::string &name);
const char *roundingName(Rounding mode);

} // namespace quantmlir

#endif // QUANTMLIR_MATH_QUANTMATH_H
