//===- FuseQDQ.cpp - qnn-fuse-qdq: dequantize -> op -> quantize to qnn ----===//
//
// Part of QuantMLIR.
//
// Pre-quantized models (ONNX QDQ, as ONNX Runtime's quantize_static and
// PyTorch emit them) import as float compute between `qnn.dequantize` and
// `qnn.quantize`. This pass turns each
//
//   qnn.quantize(clamp* / reshape*(op(qnn.dequantize(x), ...)))
//
// into the integer op on x, followed by `qnn.requantize` to the quantize's
// grid, `qnn.clamp` for the clamps (ReLU / ReLU6 / Clip) and the reshapes:
//
//   tosa.conv2d / depthwise_conv2d (+ bias)  -> qnn.conv2d + qnn.requantize
//   tosa.matmul (+ add of a bias)           -> qnn.matmul (+ tosa.add i32)
//                                              + qnn.requantize
//   tosa.add / tosa.mul                      -> qnn.add / qnn.mul
//   tosa.avg_pool2d                          -> qnn.avg_pool2d (same grid), or
//                                              window sums (qnn.conv2d) +
//                                              qnn.requantize
//   tosa.max_pool2d                          -> tosa.max_pool2d on i8 (an
//                                              unsigned grid with its sign
//                                              bit flipped) (+ requantize)
//   tosa.concat                              -> qnn.concat
//   tosa.sub                                 -> qnn.add(l, ~r) (exact NOT)
//   tosa.concat of per-group tosa.conv2d on  -> one qnn.conv2d with groups
//   channel slices (a grouped conv)             + qnn.requantize
//   a pointwise chain of one 8-bit input     -> tosa.table (256 entries,
//   (sigmoid, tanh, leaky relu, hard swish)     computed at compile time)
//   qnn.dequantize itself (a clamp alone)    -> qnn.requantize (+ qnn.clamp)
//
// and moves `qnn.dequantize` below tosa.transpose / tosa.reshape, so that
// layout ops run on integers and Q(DQ(x)) pairs fold or become requantizes.
// Per-channel weight zero points that differ: the first channel's, and an
// exact i32 correction (zp_c - zp_0) * sum(x - zx) (tosa.mul + tosa.sub).
// Anything else stays float (still correct: the float model of the QDQ
// graph, what ONNX Runtime computes without graph optimizations).
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Transforms/FuseQDQ.h"
#include "QuantMLIR/Dialect/QNN/IR/QNNDialect.h"
#include "QuantMLIR/Dialect/QNN/IR/QNNOps.h"
#include "QuantMLIR/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <limits>

namespace mlir {
namespace qnn {
#define GEN_PASS_DEF_QNNFUSEQDQ
#include "QuantMLIR/Transforms/Passes.h.inc"
} // namespace qnn
} // namespace mlir

using namespace mlir;
using namespace mlir::qnn;

namespace {

RankedTensorType withElem(Type t, Type elem) {
  return RankedTensorType::get(cast<RankedTensorType>(t).getShape(), elem);
}

bool isStored8(QuantParamsAttr p) {
  return p && p.getBits() == 8 && !p.getNarrowRange();
}

/// The dequantize defining `v` when its parameters are per-tensor 8-bit.
DequantizeOp perTensorDQ(Value v) {
  auto dq = v.getDefiningOp<DequantizeOp>();
  if (!dq || dq.getParams().isPerAxis() || !isStored8(dq.getParams()))
    return nullptr;
  return dq;
}

bool isZeroFloat(Value v) { return matchPattern(v, m_AnyZeroFloat()); }

/// The integer constant behind `v` (a constant op).
DenseIntElementsAttr intConstant(Value v) {
  DenseIntElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return nullptr;
  return attr;
}

/// Stored integers of a constant as int64, read with the signedness of `p`.
SmallVector<int64_t> storedValues(DenseIntElementsAttr attr,
                                  QuantParamsAttr p) {
  SmallVector<int64_t> out;
  out.reserve(attr.getNumElements());
  for (const APInt &v : attr.getValues<APInt>())
    out.push_back(p.getIsSigned() ? v.getSExtValue()
                                  : static_cast<int64_t>(v.getZExtValue()));
  return out;
}

Value intConst(PatternRewriter &rw, Location loc, ArrayRef<int64_t> shape,
               unsigned bits, ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get(shape, rw.getIntegerType(bits));
  SmallVector<APInt> ints;
  ints.reserve(values.size());
  for (int64_t v : values)
    ints.push_back(APInt(bits, static_cast<uint64_t>(v), /*isSigned=*/true,
                         /*implicitTrunc=*/true));
  return arith::ConstantOp::create(rw, loc, type,
                                   DenseElementsAttr::get(type, ints))
      .getResult();
}

/// Scales of an int32 accumulator `x * w` requantized to `y`: x_scale *
/// w_scale, chosen so that the requantize ratio `acc_scale / y_scale` is the
/// float32 multiplier `(x_scale * w_scale) / y_scale` ONNX Runtime's
/// QLinearConv / QLinearMatMul use (see docs/ONNX.md). The scales differ from
/// the exact products by a few float32 ulps at most.
SmallVector<double> accumulatorScales(double xScale, ArrayRef<double> wScales,
                                      double yScale) {
  SmallVector<double> out;
  for (double ws : wScales) {
    float mul = static_cast<float>(xScale) * static_cast<float>(ws);
    float ratio = mul / static_cast<float>(yScale);
    out.push_back(static_cast<double>(ratio) * yScale);
  }
  return out;
}

/// An int32 bias on the accumulator grid (`accScales`, one per channel or
/// one): from `qnn.dequantize` of a 32-bit constant (taken as is when its
/// scales are the accumulator's to 1e-6, requantized otherwise) or from a
/// float constant (rounded half to even). Empty on failure (no constant,
/// out of int32 range).
std::optional<SmallVector<int64_t>>
biasValues(Value bias, ArrayRef<double> accScales, int64_t channels) {
  auto scaleOf = [&](int64_t c) {
    return accScales[accScales.size() == 1 ? 0 : c];
  };
  SmallVector<double> real;
  if (auto dq = bias.getDefiningOp<DequantizeOp>()) {
    QuantParamsAttr p = dq.getParams();
    DenseIntElementsAttr attr = intConstant(dq.getInput());
    if (!attr || p.getBits() != 32 || attr.getNumElements() != channels)
      return std::nullopt;
    SmallVector<int64_t> q = storedValues(attr, p);
    bool exact = true;
    for (int64_t c = 0; c < channels; ++c)
      exact &= p.getZeroPoint(c) == 0 &&
               std::fabs(p.getScale(c) - scaleOf(c)) <= 1e-6 * scaleOf(c);
    if (exact)
      return q;
    for (int64_t c = 0; c < channels; ++c)
      real.push_back(static_cast<double>(q[c] - p.getZeroPoint(c)) *
                     p.getScale(c));
  } else {
    DenseFPElementsAttr attr;
    if (!matchPattern(bias, m_Constant(&attr)) ||
        attr.getNumElements() != channels)
      return std::nullopt;
    for (const APFloat &v : attr.getValues<APFloat>())
      real.push_back(v.convertToDouble());
  }
  SmallVector<int64_t> out;
  for (int64_t c = 0; c < channels; ++c) {
    double q = std::nearbyint(real[c] / scaleOf(c));
    if (!(std::fabs(q) < 2147483647.0))
      return std::nullopt;
    out.push_back(static_cast<int64_t>(q));
  }
  return out;
}

/// Weights of a conv / matmul: a constant behind `qnn.dequantize` (per
/// tensor, or per-axis on `axis`; zero points that differ per channel only
/// with `mixedZps`).
struct Weights {
  QuantParamsAttr params;
  SmallVector<int64_t> values;
  SmallVector<double> scales; // one, or one per channel
  int64_t zp = 0;             // the first channel's
  /// Per channel `zp_c - zp` when the zero points differ, else empty.
  SmallVector<int64_t> zpDelta;
};

std::optional<Weights> constWeights(Value w, int64_t axis,
                                    bool mixedZps = false) {
  auto dq = w.getDefiningOp<DequantizeOp>();
  if (!dq || !isStored8(dq.getParams()))
    return std::nullopt;
  QuantParamsAttr p = dq.getParams();
  if (p.isPerAxis() && p.getAxis() != axis)
    return std::nullopt;
  DenseIntElementsAttr attr = intConstant(dq.getInput());
  if (!attr)
    return std::nullopt;
  Weights out;
  for (int64_t z : p.getZeroPoints())
    if (z != p.getZeroPoints()[0]) {
      if (!mixedZps)
        return std::nullopt; // one weight zero point per qnn op
      for (int64_t zc : p.getZeroPoints())
        out.zpDelta.push_back(zc - p.getZeroPoints()[0]);
      break;
    }
  out.params = p;
  out.values = storedValues(attr, p);
  out.scales.assign(p.getScales().begin(), p.getScales().end());
  out.zp = p.getZeroPoints()[0];
  return out;
}

/// What sits between the compute op and the qnn.quantize: clamps (their
/// bounds intersected) and reshapes (only the last shape matters), each with
/// one use.
struct Tail {
  Value root;
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
};

Tail walkTail(Value v) {
  Tail t;
  while (Operation *def = v.getDefiningOp()) {
    if (!v.hasOneUse())
      break;
    if (auto c = dyn_cast<tosa::ClampOp>(def)) {
      auto lo = dyn_cast<FloatAttr>(c.getMinValAttr());
      auto hi = dyn_cast<FloatAttr>(c.getMaxValAttr());
      if (!lo || !hi)
        break;
      t.lo = std::max(t.lo, lo.getValueAsDouble());
      t.hi = std::min(t.hi, hi.getValueAsDouble());
      v = c.getInput();
      continue;
    }
    if (auto r = dyn_cast<tosa::ReshapeOp>(def)) {
      v = r.getInput1();
      continue;
    }
    break;
  }
  t.root = v;
  return t;
}

Value requantize(PatternRewriter &rw, Location loc, Value v, QuantParamsAttr in,
                 QuantParamsAttr out) {
  if (in == out && in.getBits() == 8)
    return v;
  return RequantizeOp::create(
             rw, loc, withElem(v.getType(), rw.getI8Type()), v, in, out,
             RoundingModeAttr::get(rw.getContext(), RoundingMode::half_to_even))
      .getResult();
}

// ===------------------------------------------------------------------=== //
// Compute ops: each gives the result on the quantize's grid (`out`) or null.
// ===------------------------------------------------------------------=== //

/// `acc - sum * delta` on i32: the correction of an accumulator computed
/// with one weight zero point `z0` for channels whose zero points are
/// `z0 + delta[c]`: sum_k (x - zx)(w - z0 - delta) = acc - delta * sum_k
/// (x - zx), `sum` that window sum (its last dimension 1 or the channels),
/// `delta` broadcast along the last dimension.
Value zpCorrection(PatternRewriter &rw, Location loc, Value acc, Value sum,
                   ArrayRef<int64_t> delta) {
  auto accTy = cast<RankedTensorType>(acc.getType());
  SmallVector<int64_t> shape(accTy.getRank(), 1);
  shape.back() = static_cast<int64_t>(delta.size());
  Value d = intConst(rw, loc, shape, 32, delta);
  Value shift = intConst(rw, loc, {1}, 8, {0});
  Value corr = tosa::MulOp::create(rw, loc, accTy, sum, d, shift).getResult();
  return tosa::SubOp::create(rw, loc, accTy, acc, corr).getResult();
}

/// tosa.conv2d / tosa.depthwise_conv2d on dequantized input and weights.
template <typename ConvOp>
Value fuseConv(PatternRewriter &rw, ConvOp conv, QuantParamsAttr out) {
  constexpr bool depthwise = std::is_same_v<ConvOp, tosa::DepthwiseConv2DOp>;
  DequantizeOp xdq = perTensorDQ(conv.getInput());
  if (!xdq || !isZeroFloat(conv.getInputZp()) ||
      !isZeroFloat(conv.getWeightZp()))
    return nullptr;
  auto wTy = cast<RankedTensorType>(conv.getWeight().getType());
  if (!wTy.hasStaticShape() || wTy.getRank() != 4)
    return nullptr;
  // conv2d: OHWI, per output channel on axis 0; depthwise: HWCM, per
  // channel on axis 2 (multiplier 1 only, checked by the shapes below).
  std::optional<Weights> w =
      constWeights(conv.getWeight(), depthwise ? 2 : 0, /*mixedZps=*/true);
  if (!w)
    return nullptr;
  ArrayRef<int64_t> ws = wTy.getShape();
  int64_t F, KH, KW, Cg, groups = 1;
  SmallVector<int64_t> wvals;
  if constexpr (depthwise) {
    KH = ws[0];
    KW = ws[1];
    int64_t C = ws[2], mult = ws[3];
    if (w->params.isPerAxis() && mult != 1)
      return nullptr;
    F = C * mult;
    Cg = 1;
    groups = C;
    // [KH, KW, C, m] -> [C * m, KH, KW, 1]: output channel c * m + j.
    wvals.resize(w->values.size());
    for (int64_t kh = 0; kh < KH; ++kh)
      for (int64_t kw = 0; kw < KW; ++kw)
        for (int64_t c = 0; c < C; ++c)
          for (int64_t j = 0; j < mult; ++j)
            wvals[((c * mult + j) * KH + kh) * KW + kw] =
                w->values[((kh * KW + kw) * C + c) * mult + j];
  } else {
    F = ws[0];
    KH = ws[1];
    KW = ws[2];
    Cg = ws[3];
    wvals = w->values;
  }
  QuantParamsAttr xp = xdq.getParams();
  SmallVector<double> accScales =
      accumulatorScales(xp.getScale(), w->scales, out.getScale());
  std::optional<SmallVector<int64_t>> bias =
      biasValues(conv.getBias(), accScales, F);
  if (!bias)
    return nullptr;
  Location loc = conv.getLoc();
  auto resTy = cast<RankedTensorType>(conv.getType());
  Value wv = intConst(rw, loc, {F, KH, KW, Cg}, 8, wvals);
  Value bv = intConst(rw, loc, {F}, 32, *bias);
  Value acc = Conv2DOp::create(rw, loc, withElem(resTy, rw.getI32Type()),
                               xdq.getInput(), wv, bv,
                               rw.getI64IntegerAttr(xp.getZeroPoint()),
                               rw.getI64IntegerAttr(w->zp),
                               rw.getBoolAttr(!xp.getIsSigned()),
                               rw.getBoolAttr(!w->params.getIsSigned()),
                               rw.getDenseI64ArrayAttr(conv.getStride()),
                               rw.getDenseI64ArrayAttr(conv.getPad()),
                               rw.getDenseI64ArrayAttr(conv.getDilation()),
                               rw.getI64IntegerAttr(groups))
                  .getResult();
  if (!w->zpDelta.empty()) {
    // Per-channel weight zero points that differ: the window sums of
    // x - zx (over all input channels, or per channel for a depthwise conv,
    // whose channel multiplier is 1 here) times each channel's offset.
    int64_t sg = groups == 1 ? 1 : groups;
    Value ones = intConst(rw, loc, {sg, KH, KW, Cg}, 8,
                          SmallVector<int64_t>(sg * KH * KW * Cg, 1));
    auto sumTy = RankedTensorType::get(
        {resTy.getDimSize(0), resTy.getDimSize(1), resTy.getDimSize(2), sg},
        rw.getI32Type());
    Value sum = Conv2DOp::create(rw, loc, sumTy, xdq.getInput(), ones, Value(),
                                 rw.getI64IntegerAttr(xp.getZeroPoint()),
                                 rw.getI64IntegerAttr(0),
                                 rw.getBoolAttr(!xp.getIsSigned()),
                                 rw.getBoolAttr(false),
                                 rw.getDenseI64ArrayAttr(conv.getStride()),
                                 rw.getDenseI64ArrayAttr(conv.getPad()),
                                 rw.getDenseI64ArrayAttr(conv.getDilation()),
                                 rw.getI64IntegerAttr(sg))
                    .getResult();
    acc = zpCorrection(rw, loc, acc, sum, w->zpDelta);
  }
  SmallVector<int64_t> zeros(accScales.size(), 0);
  auto accParams =
      QuantParamsAttr::get(rw.getContext(), accScales, zeros,
                           accScales.size() > 1 ? 3 : -1, 32, true, false);
  return requantize(rw, loc, acc, accParams, out);
}

/// tosa.matmul on dequantized operands (+ the add of a bias `bias`).
Value fuseMatmul(PatternRewriter &rw, tosa::MatMulOp mm, Value bias,
                 QuantParamsAttr out) {
  DequantizeOp adq = perTensorDQ(mm.getA());
  if (!adq || !isZeroFloat(mm.getAZp()) || !isZeroFloat(mm.getBZp()))
    return nullptr;
  auto bTy = cast<RankedTensorType>(mm.getB().getType());
  auto resTy = cast<RankedTensorType>(mm.getType());
  // The rows (M, dimension 1) may be dynamic: a dynamic batch folded in.
  if (!bTy.hasStaticShape() || resTy.getRank() != 3 ||
      ShapedType::isDynamic(resTy.getDimSize(0)) ||
      ShapedType::isDynamic(resTy.getDimSize(2)))
    return nullptr;
  int64_t N = bTy.getShape()[2];
  Value bInt;
  std::optional<Weights> w;
  SmallVector<double> bScales;
  QuantParamsAttr bp;
  int64_t bZp;
  if (DequantizeOp bdq = perTensorDQ(mm.getB())) {
    bInt = bdq.getInput();
    bp = bdq.getParams();
    bScales = {bp.getScale()};
    bZp = bp.getZeroPoint();
  } else {
    w = constWeights(mm.getB(), 2, /*mixedZps=*/true);
    if (!w)
      return nullptr;
    bp = w->params;
    bScales = w->scales;
    bZp = w->zp;
  }
  QuantParamsAttr ap = adq.getParams();
  SmallVector<double> accScales =
      accumulatorScales(ap.getScale(), bScales, out.getScale());
  // Every check before the first op is created: a failed match must leave
  // the IR untouched.
  std::optional<SmallVector<int64_t>> bv;
  if (bias) {
    auto biasTy = cast<RankedTensorType>(bias.getType());
    if (biasTy.getShape() != ArrayRef<int64_t>{1, 1, N})
      return nullptr;
    bv = biasValues(bias, accScales, N);
    if (!bv)
      return nullptr;
  }
  Location loc = mm.getLoc();
  if (w)
    bInt = intConst(rw, loc, bTy.getShape(), 8, w->values);
  Value acc =
      MatmulOp::create(
          rw, loc, withElem(resTy, rw.getI32Type()), adq.getInput(), bInt,
          rw.getI64IntegerAttr(ap.getZeroPoint()), rw.getI64IntegerAttr(bZp),
          rw.getBoolAttr(!ap.getIsSigned()), rw.getBoolAttr(!bp.getIsSigned()))
          .getResult();
  if (w && !w->zpDelta.empty()) {
    // Per-column zero points that differ: the row sums of a - za (a matmul
    // with a column of ones) times each column's offset.
    ArrayRef<int64_t> bs = bTy.getShape();
    Value ones = intConst(rw, loc, {bs[0], bs[1], 1}, 8,
                          SmallVector<int64_t>(bs[0] * bs[1], 1));
    auto sumTy = RankedTensorType::get(
        {resTy.getDimSize(0), resTy.getDimSize(1), 1}, rw.getI32Type());
    Value sum = MatmulOp::create(rw, loc, sumTy, adq.getInput(), ones,
                                 rw.getI64IntegerAttr(ap.getZeroPoint()),
                                 rw.getI64IntegerAttr(0),
                                 rw.getBoolAttr(!ap.getIsSigned()),
                                 rw.getBoolAttr(false))
                    .getResult();
    acc = zpCorrection(rw, loc, acc, sum, w->zpDelta);
  }
  if (bv) {
    Value c = intConst(rw, loc, {1, 1, N}, 32, *bv);
    acc = tosa::AddOp::create(rw, loc, acc.getType(), acc, c).getResult();
  }
  SmallVector<int64_t> zeros(accScales.size(), 0);
  auto accParams =
      QuantParamsAttr::get(rw.getContext(), accScales, zeros,
                           accScales.size() > 1 ? 2 : -1, 32, true, false);
  return requantize(rw, loc, acc, accParams, out);
}

template <typename QOp>
Value fuseBinary(PatternRewriter &rw, Operation *op, QuantParamsAttr out) {
  DequantizeOp l = perTensorDQ(op->getOperand(0));
  DequantizeOp r = perTensorDQ(op->getOperand(1));
  if (!l || !r)
    return nullptr;
  return QOp::create(
             rw, op->getLoc(),
             withElem(op->getResult(0).getType(), rw.getI8Type()), l.getInput(),
             r.getInput(), l.getParams(), r.getParams(), out,
             RoundingModeAttr::get(rw.getContext(), RoundingMode::half_to_even))
      .getResult();
}

Value fuseMaxPool(PatternRewriter &rw, tosa::MaxPool2dOp op,
                  QuantParamsAttr out) {
  DequantizeOp x = perTensorDQ(op.getInput());
  if (!x)
    return nullptr;
  Location loc = op.getLoc();
  Value in = x.getInput();
  // tosa.max_pool2d compares signed integers: an unsigned grid is pooled
  // with its sign bit flipped (u -> u - 128 keeps the order), then flipped
  // back.
  bool isUnsigned = !x.getParams().getIsSigned();
  auto flip = [&](Value v) {
    auto ty = cast<RankedTensorType>(v.getType());
    auto cTy = RankedTensorType::get(SmallVector<int64_t>(ty.getRank(), 1),
                                     rw.getI8Type());
    Value c = tosa::ConstOp::create(
                  rw, loc, cTy,
                  cast<ElementsAttr>(DenseElementsAttr::get(
                      cTy, ArrayRef<int8_t>{static_cast<int8_t>(-128)})))
                  .getResult();
    return tosa::BitwiseXorOp::create(rw, loc, ty, v, c).getResult();
  };
  if (isUnsigned)
    in = flip(in);
  Value y = tosa::MaxPool2dOp::create(
                rw, loc, TypeRange{withElem(op.getType(), rw.getI8Type())},
                ValueRange{in}, op->getAttrs())
                .getResult();
  if (isUnsigned)
    y = flip(y);
  return requantize(rw, loc, y, x.getParams(), out);
}

Value fuseAvgPool(PatternRewriter &rw, tosa::AvgPool2dOp op,
                  QuantParamsAttr out) {
  DequantizeOp x = perTensorDQ(op.getInput());
  if (!x || !isZeroFloat(op.getInputZp()) || !isZeroFloat(op.getOutputZp()))
    return nullptr;
  QuantParamsAttr p = x.getParams();
  auto inTy = cast<RankedTensorType>(x.getInput().getType());
  ArrayRef<int64_t> k = op.getKernel();
  // A dynamic batch (dimension 0) is fine: the weights need C, KH, KW only.
  if (p != out && llvm::all_of(op.getPad(), [](int64_t v) { return v == 0; }) &&
      inTy.getRank() == 4 && !ShapedType::isDynamic(inTy.getDimSize(3))) {
    // Other grids and every window inside the input (count = KH * KW): the
    // window sums as a depthwise qnn.conv2d with unit weights, requantized
    // once with s_in / (count * s_out). Averaging on the input grid first
    // would round twice, and the input grid is often much coarser (a global
    // pool's output range is narrower than its input's).
    int64_t C = inTy.getShape()[3], count = k[0] * k[1];
    Location loc = op.getLoc();
    Value ones = intConst(rw, loc, {C, k[0], k[1], 1}, 8,
                          SmallVector<int64_t>(C * count, 1));
    Value zeros = intConst(rw, loc, {C}, 32, SmallVector<int64_t>(C, 0));
    Value acc =
        Conv2DOp::create(
            rw, loc, withElem(op.getType(), rw.getI32Type()), x.getInput(),
            ones, zeros, rw.getI64IntegerAttr(p.getZeroPoint()),
            rw.getI64IntegerAttr(0), rw.getBoolAttr(!p.getIsSigned()),
            rw.getBoolAttr(false), rw.getDenseI64ArrayAttr(op.getStride()),
            rw.getDenseI64ArrayAttr({0, 0, 0, 0}),
            rw.getDenseI64ArrayAttr({1, 1}), rw.getI64IntegerAttr(C))
            .getResult();
    auto accParams = QuantParamsAttr::get(rw.getContext(), p.getScale() / count,
                                          0, 32, true, false);
    return requantize(rw, loc, acc, accParams, out);
  }
  Value y =
      AvgPool2DOp::create(
          rw, op.getLoc(), withElem(op.getType(), rw.getI8Type()), x.getInput(),
          rw.getDenseI64ArrayAttr(op.getKernel()),
          rw.getDenseI64ArrayAttr(op.getStride()),
          rw.getDenseI64ArrayAttr(op.getPad()),
          rw.getI64IntegerAttr(p.getZeroPoint()),
          rw.getBoolAttr(!p.getIsSigned()),
          RoundingModeAttr::get(rw.getContext(), RoundingMode::half_to_even))
          .getResult();
  return requantize(rw, op.getLoc(), y, p, out);
}

Value fuseConcat(PatternRewriter &rw, tosa::ConcatOp op, QuantParamsAttr out) {
  SmallVector<Value> ins;
  SmallVector<Attribute> params;
  for (Value v : op.getInput1()) {
    DequantizeOp dq = perTensorDQ(v);
    if (!dq)
      return nullptr;
    ins.push_back(dq.getInput());
    params.push_back(dq.getParams());
  }
  return ConcatOp::create(
             rw, op.getLoc(), withElem(op.getType(), rw.getI8Type()), ins,
             rw.getI64IntegerAttr(op.getAxis()), rw.getArrayAttr(params), out,
             RoundingModeAttr::get(rw.getContext(), RoundingMode::half_to_even))
      .getResult();
}

/// tosa.sub of two dequantized values: qnn.add(l, ~r). The bitwise NOT of a
/// stored byte is exact on the same width: ~r = -1 - r (signed) or 255 - r
/// (unsigned), so ~r read with the zero point -1 - zp_r (255 - zp_r) and
/// scale s_r is -(r - zp_r) * s_r, and the difference is rounded once.
Value fuseSub(PatternRewriter &rw, tosa::SubOp op, QuantParamsAttr out) {
  DequantizeOp l = perTensorDQ(op.getInput1());
  DequantizeOp r = perTensorDQ(op.getInput2());
  if (!l || !r)
    return nullptr;
  QuantParamsAttr rp = r.getParams();
  int64_t zpNeg = (rp.getIsSigned() ? -1 : 255) - rp.getZeroPoint();
  if (zpNeg < rp.getQMin() || zpNeg > rp.getQMax())
    return nullptr;
  auto negated = QuantParamsAttr::get(rw.getContext(), rp.getScale(), zpNeg,
                                      8, rp.getIsSigned(), false);
  Location loc = op.getLoc();
  Value rv = r.getInput();
  auto ty = cast<RankedTensorType>(rv.getType());
  auto cTy = RankedTensorType::get(SmallVector<int64_t>(ty.getRank(), 1),
                                   rw.getI8Type());
  Value ones = tosa::ConstOp::create(
                   rw, loc, cTy,
                   cast<ElementsAttr>(DenseElementsAttr::get(
                       cTy, ArrayRef<int8_t>{static_cast<int8_t>(-1)})))
                   .getResult();
  Value notR = tosa::BitwiseXorOp::create(rw, loc, ty, rv, ones).getResult();
  return AddOp::create(
             rw, loc, withElem(op.getType(), rw.getI8Type()), l.getInput(),
             notR, l.getParams(), negated, out,
             RoundingModeAttr::get(rw.getContext(), RoundingMode::half_to_even))
      .getResult();
}

/// The constant shape behind a tosa.const_shape value.
std::optional<SmallVector<int64_t>> constShape(Value v) {
  DenseIntElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<int64_t> out;
  for (const APInt &a : attr.getValues<APInt>())
    out.push_back(a.getSExtValue());
  return out;
}

/// A grouped (not depthwise) convolution as the importer writes it: one
/// tosa.conv2d per group on a channel slice of one dequantized input, with
/// dequantized weights (and bias) per group, concatenated on the channels.
/// Becomes one qnn.conv2d with `groups` (+ qnn.requantize).
Value fuseGroupedConv(PatternRewriter &rw, tosa::ConcatOp cat,
                      QuantParamsAttr out) {
  auto resTy = cast<RankedTensorType>(cat.getType());
  int64_t G = cat.getInput1().size();
  if (G < 2 || resTy.getRank() != 4 || cat.getAxis() != 3 ||
      !resTy.hasStaticShape())
    return nullptr;
  Value src;
  int64_t Cg = 0, Mg = 0, KH = 0, KW = 0;
  tosa::Conv2DOp first;
  SmallVector<tosa::Conv2DOp> convs;
  SmallVector<Weights> ws;
  for (auto [g, v] : llvm::enumerate(cat.getInput1())) {
    auto conv = v.getDefiningOp<tosa::Conv2DOp>();
    if (!conv || !v.hasOneUse() || !isZeroFloat(conv.getInputZp()) ||
        !isZeroFloat(conv.getWeightZp()))
      return nullptr;
    auto s = conv.getInput().getDefiningOp<tosa::SliceOp>();
    if (!s)
      return nullptr;
    auto wTy = cast<RankedTensorType>(conv.getWeight().getType());
    if (!wTy.hasStaticShape() || wTy.getRank() != 4)
      return nullptr;
    if (g == 0) {
      first = conv;
      src = s.getInput1();
      Mg = wTy.getShape()[0];
      KH = wTy.getShape()[1];
      KW = wTy.getShape()[2];
      Cg = wTy.getShape()[3];
    } else if (s.getInput1() != src || wTy.getShape() != first.getWeight()
                                                          .getType()
                                                          .getShape() ||
               conv.getStride() != first.getStride() ||
               conv.getPad() != first.getPad() ||
               conv.getDilation() != first.getDilation()) {
      return nullptr;
    }
    auto srcTy = cast<RankedTensorType>(src.getType());
    std::optional<SmallVector<int64_t>> start = constShape(s.getStart());
    std::optional<SmallVector<int64_t>> size = constShape(s.getSize());
    if (!srcTy.hasStaticShape() || srcTy.getDimSize(3) != G * Cg || !start ||
        !size ||
        *start != ArrayRef<int64_t>{0, 0, 0, static_cast<int64_t>(g) * Cg} ||
        *size != ArrayRef<int64_t>{srcTy.getDimSize(0), srcTy.getDimSize(1),
                                   srcTy.getDimSize(2), Cg})
      return nullptr;
    std::optional<Weights> w =
        constWeights(conv.getWeight(), 0, /*mixedZps=*/true);
    if (!w || (g > 0 && w->params.getIsSigned() !=
                            ws[0].params.getIsSigned()))
      return nullptr;
    convs.push_back(conv);
    ws.push_back(std::move(*w));
  }
  DequantizeOp xdq = perTensorDQ(src);
  if (!xdq || resTy.getDimSize(3) != G * Mg)
    return nullptr;
  QuantParamsAttr xp = xdq.getParams();
  // One scale when every group has the same per-tensor scale, else one per
  // output channel.
  bool perTensor = llvm::all_of(ws, [&](const Weights &w) {
    return w.scales.size() == 1 && w.scales[0] == ws[0].scales[0];
  });
  SmallVector<double> accScales;
  SmallVector<int64_t> wvals, bias, zpDelta;
  bool mixedZps = false;
  for (int64_t g = 0; g < G; ++g) {
    for (int64_t m = 0; m < Mg; ++m) {
      ArrayRef<int64_t> zps = ws[g].params.getZeroPoints();
      zpDelta.push_back(zps[zps.size() == 1 ? 0 : m] - ws[0].zp);
      mixedZps |= zpDelta.back() != 0;
    }
  }
  for (int64_t g = 0; g < G; ++g) {
    SmallVector<double> gs =
        accumulatorScales(xp.getScale(), ws[g].scales, out.getScale());
    std::optional<SmallVector<int64_t>> b =
        biasValues(convs[g].getBias(), gs, Mg);
    if (!b)
      return nullptr;
    bias.append(*b);
    wvals.append(ws[g].values);
    if (perTensor && g == 0)
      accScales = gs;
    else if (!perTensor)
      for (int64_t m = 0; m < Mg; ++m)
        accScales.push_back(gs[gs.size() == 1 ? 0 : m]);
  }
  Location loc = cat.getLoc();
  Value wv = intConst(rw, loc, {G * Mg, KH, KW, Cg}, 8, wvals);
  Value bv = intConst(rw, loc, {G * Mg}, 32, bias);
  Value acc = Conv2DOp::create(rw, loc, withElem(resTy, rw.getI32Type()),
                               xdq.getInput(), wv, bv,
                               rw.getI64IntegerAttr(xp.getZeroPoint()),
                               rw.getI64IntegerAttr(ws[0].zp),
                               rw.getBoolAttr(!xp.getIsSigned()),
                               rw.getBoolAttr(!ws[0].params.getIsSigned()),
                               rw.getDenseI64ArrayAttr(first.getStride()),
                               rw.getDenseI64ArrayAttr(first.getPad()),
                               rw.getDenseI64ArrayAttr(first.getDilation()),
                               rw.getI64IntegerAttr(G))
                  .getResult();
  if (mixedZps) {
    // Per-channel weight zero points that differ: each output channel's
    // window sum of x - zx over its group's input channels (a grouped conv
    // with unit weights), times the channel's offset.
    Value ones = intConst(rw, loc, {G * Mg, KH, KW, Cg}, 8,
                          SmallVector<int64_t>(G * Mg * KH * KW * Cg, 1));
    Value sum = Conv2DOp::create(rw, loc, acc.getType(), xdq.getInput(), ones,
                                 Value(),
                                 rw.getI64IntegerAttr(xp.getZeroPoint()),
                                 rw.getI64IntegerAttr(0),
                                 rw.getBoolAttr(!xp.getIsSigned()),
                                 rw.getBoolAttr(false),
                                 rw.getDenseI64ArrayAttr(first.getStride()),
                                 rw.getDenseI64ArrayAttr(first.getPad()),
                                 rw.getDenseI64ArrayAttr(first.getDilation()),
                                 rw.getI64IntegerAttr(G))
                    .getResult();
    acc = zpCorrection(rw, loc, acc, sum, zpDelta);
  }
  SmallVector<int64_t> zeros(accScales.size(), 0);
  auto accParams =
      QuantParamsAttr::get(rw.getContext(), accScales, zeros,
                           accScales.size() > 1 ? 3 : -1, 32, true, false);
  return requantize(rw, loc, acc, accParams, out);
}

/// A pointwise float32 function of one per-tensor 8-bit dequantize, built
/// from elementwise TOSA ops with scalar (splat) constants: Sigmoid, Tanh,
/// LeakyRelu (max(x, a * x)), HardSigmoid / HardSwish, x + c, ... Each op
/// between the dequantize and the root has one use.
class PointwiseFn {
public:
  /// Null `dq` after construction: not such a function.
  explicit PointwiseFn(Value root) {
    if (!check(root, /*isRoot=*/true))
      dq = nullptr;
  }
  DequantizeOp dq;

  /// The function at `x`, in float32 as ONNX Runtime's float kernels (the
  /// transcendental ones correctly rounded from double).
  float eval(Value v, float x) const {
    if (v.getDefiningOp<DequantizeOp>())
      return x;
    float c;
    if (splat(v, c))
      return c;
    Operation *op = v.getDefiningOp();
    auto arg = [&](unsigned i) { return eval(op->getOperand(i), x); };
    auto fn = [](double d) { return static_cast<float>(d); };
    return llvm::TypeSwitch<Operation *, float>(op)
        .Case([&](tosa::AddOp) { return arg(0) + arg(1); })
        .Case([&](tosa::SubOp) { return arg(0) - arg(1); })
        .Case([&](tosa::MulOp) { return arg(0) * arg(1); })
        .Case([&](tosa::MaximumOp) { return std::fmax(arg(0), arg(1)); })
        .Case([&](tosa::MinimumOp) { return std::fmin(arg(0), arg(1)); })
        .Case([&](tosa::ClampOp c) {
          float lo = cast<FloatAttr>(c.getMinValAttr()).getValueAsDouble();
          float hi = cast<FloatAttr>(c.getMaxValAttr()).getValueAsDouble();
          return std::fmin(std::fmax(arg(0), lo), hi);
        })
        .Case([&](tosa::SigmoidOp) {
          return fn(1.0 / (1.0 + std::exp(-static_cast<double>(arg(0)))));
        })
        .Case([&](tosa::TanhOp) { return fn(std::tanh(double(arg(0)))); })
        .Case([&](tosa::ExpOp) { return fn(std::exp(double(arg(0)))); })
        .Case([&](tosa::LogOp) { return fn(std::log(double(arg(0)))); })
        .Case([&](tosa::ErfOp) { return fn(std::erf(double(arg(0)))); })
        .Case([&](tosa::RsqrtOp) {
          return fn(1.0 / std::sqrt(double(arg(0))));
        })
        .Case([&](tosa::AbsOp) { return std::fabs(arg(0)); })
        .Case([&](tosa::NegateOp) { return -arg(0); })
        .Case([&](tosa::ReciprocalOp) { return 1.0f / arg(0); })
        .Default([](Operation *) { return 0.0f; });
  }

private:
  unsigned ops = 0;

  static bool isF32(Value v) {
    return cast<ShapedType>(v.getType()).getElementType().isF32();
  }
  static bool splat(Value v, float &c) {
    DenseFPElementsAttr attr;
    if (!matchPattern(v, m_Constant(&attr)) || !attr.isSplat() || !isF32(v))
      return false;
    c = attr.getSplatValue<APFloat>().convertToFloat();
    return true;
  }

  bool check(Value v, bool isRoot) {
    if (auto d = v.getDefiningOp<DequantizeOp>()) {
      if (isRoot || !perTensorDQ(v) || (dq && dq != d) || !isF32(v))
        return false;
      dq = d;
      return true;
    }
    float c;
    if (splat(v, c))
      return !isRoot;
    Operation *op = v.getDefiningOp();
    if (!op || ++ops > 16 || !isF32(v) || (!isRoot && !v.hasOneUse()))
      return false;
    unsigned n = 0;
    if (isa<tosa::AddOp, tosa::SubOp, tosa::MaximumOp, tosa::MinimumOp>(op)) {
      n = 2;
    } else if (isa<tosa::MulOp>(op)) {
      n = 2; // operand 2: the shift, 0 for float
    } else if (auto c = dyn_cast<tosa::ClampOp>(op)) {
      if (!isa<FloatAttr>(c.getMinValAttr()) ||
          !isa<FloatAttr>(c.getMaxValAttr()))
        return false;
      n = 1;
    } else if (auto neg = dyn_cast<tosa::NegateOp>(op)) {
      if (!isZeroFloat(neg.getInput1Zp()) || !isZeroFloat(neg.getOutputZp()))
        return false;
      n = 1;
    } else if (isa<tosa::SigmoidOp, tosa::TanhOp, tosa::ExpOp, tosa::LogOp,
                   tosa::ErfOp, tosa::RsqrtOp, tosa::AbsOp,
                   tosa::ReciprocalOp>(op)) {
      n = 1;
    } else {
      return false;
    }
    for (unsigned i = 0; i < n; ++i)
      if (!check(op->getOperand(i), false))
        return false;
    return !isRoot || dq;
  }
};

/// A pointwise function of one 8-bit input onto an 8-bit grid: the 256-entry
/// tosa.table `table[q] = Q(f(DQ(q)))`, computed here in float32 as ONNX
/// Runtime's DequantizeLinear (`(q - zp) * s`), f, and QuantizeLinear
/// (`round_half_even(y / s) + zp`, saturated).
Value fuseTable(PatternRewriter &rw, Value root, QuantParamsAttr out) {
  PointwiseFn f(root);
  if (!f.dq)
    return nullptr;
  Value x = f.dq.getInput();
  auto xTy = cast<RankedTensorType>(x.getType());
  if (cast<RankedTensorType>(root.getType()).getShape() != xTy.getShape())
    return nullptr;
  QuantParamsAttr p = f.dq.getParams();
  // tosa.table reads the stored byte as signed and looks up entry b + 128.
  SmallVector<int8_t> table;
  for (int i = 0; i < 256; ++i) {
    int64_t bits = i - 128;
    int64_t qIn = p.getIsSigned() ? bits : (bits & 0xff);
    float xf = static_cast<float>(qIn - p.getZeroPoint()) *
               static_cast<float>(p.getScale());
    float y = f.eval(root, xf) / static_cast<float>(out.getScale());
    int64_t q = out.getZeroPoint();
    if (!std::isnan(y))
      q = static_cast<int64_t>(std::nearbyint(std::clamp(y, -1e6f, 1e6f))) +
          out.getZeroPoint();
    q = std::clamp<int64_t>(q, out.getQMin(), out.getQMax());
    table.push_back(static_cast<int8_t>(static_cast<uint8_t>(q & 0xff)));
  }
  Location loc = root.getLoc();
  auto tableTy = RankedTensorType::get({256}, rw.getI8Type());
  Value t = tosa::ConstOp::create(
                rw, loc, tableTy,
                cast<ElementsAttr>(
                    DenseElementsAttr::get(tableTy, ArrayRef(table))))
                .getResult();
  return tosa::TableOp::create(rw, loc, withElem(xTy, rw.getI8Type()), x, t)
      .getResult();
}

/// The pattern rooted at a qnn.quantize.
struct FuseIntoQuantize : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(QuantizeOp q,
                                PatternRewriter &rw) const override {
    QuantParamsAttr out = q.getParams();
    if (out.isPerAxis() || !isStored8(out))
      return rw.notifyMatchFailure(q, "not a per-tensor 8-bit grid");
    Tail tail = walkTail(q.getInput());
    Operation *def = tail.root.getDefiningOp();
    if (!def)
      return failure();
    // Only the tail may read the compute op's result (a dequantize may have
    // other users: it stays for them).
    if (!isa<DequantizeOp>(def) && !tail.root.hasOneUse())
      return rw.notifyMatchFailure(q, "the op has other users");
    // Clamps: round(clamp(v, lo, hi) / s) + zp = clamp(round(v / s) + zp,
    // round(lo / s) + zp, round(hi / s) + zp) (rounding is monotone), in
    // float32 as ONNX Runtime's QuantizeLinear.
    int64_t qmin = out.getQMin(), qmax = out.getQMax();
    auto bound = [&](double v) -> int64_t {
      if (std::isinf(v) || std::fabs(v) > 3.0e38)
        return v < 0 ? qmin : qmax;
      float r = std::nearbyint(static_cast<float>(v) /
                               static_cast<float>(out.getScale()));
      double b = static_cast<double>(r) + out.getZeroPoint();
      return static_cast<int64_t>(std::clamp<double>(b, qmin, qmax));
    };
    int64_t lo = bound(tail.lo), hi = bound(tail.hi);
    if (lo > hi)
      return rw.notifyMatchFailure(q, "empty clamp");
    rw.setInsertionPoint(q);
    Value y;
    if (auto dq = dyn_cast<DequantizeOp>(def)) {
      // A lone clamp / reshape between DQ and Q (or nothing with other
      // parameters): requantize, then the clamp.
      if (!perTensorDQ(dq) || tail.root == q.getInput())
        return failure(); // Q(DQ(x)): the folder or QuantizeOfDequantize
      y = requantize(rw, dq.getLoc(), dq.getInput(), dq.getParams(), out);
    } else if (auto c = dyn_cast<tosa::Conv2DOp>(def)) {
      y = fuseConv(rw, c, out);
    } else if (auto c = dyn_cast<tosa::DepthwiseConv2DOp>(def)) {
      y = fuseConv(rw, c, out);
    } else if (auto m = dyn_cast<tosa::MatMulOp>(def)) {
      y = fuseMatmul(rw, m, nullptr, out);
    } else if (auto a = dyn_cast<tosa::AddOp>(def)) {
      // A matmul's bias, or an add of two quantized values.
      for (int i = 0; i < 2 && !y; ++i) {
        auto m = a->getOperand(i).getDefiningOp<tosa::MatMulOp>();
        if (m && m->hasOneUse())
          y = fuseMatmul(rw, m, a->getOperand(1 - i), out);
      }
      if (!y)
        y = fuseBinary<AddOp>(rw, a, out);
    } else if (auto m = dyn_cast<tosa::MulOp>(def)) {
      y = fuseBinary<MulOp>(rw, m, out);
    } else if (auto p = dyn_cast<tosa::MaxPool2dOp>(def)) {
      y = fuseMaxPool(rw, p, out);
    } else if (auto p = dyn_cast<tosa::AvgPool2dOp>(def)) {
      y = fuseAvgPool(rw, p, out);
    } else if (auto s = dyn_cast<tosa::SubOp>(def)) {
      y = fuseSub(rw, s, out);
    } else if (auto c = dyn_cast<tosa::ConcatOp>(def)) {
      y = fuseGroupedConv(rw, c, out);
      if (!y)
        y = fuseConcat(rw, c, out);
    }
    // Anything pointwise in one 8-bit input: a table lookup.
    if (!y)
      y = fuseTable(rw, tail.root, out);
    if (!y)
      return rw.notifyMatchFailure(q, "no integer form for the producer");

    if (lo > qmin || hi < qmax)
      y = ClampOp::create(rw, q.getLoc(), y.getType(), y,
                          rw.getI64IntegerAttr(lo), rw.getI64IntegerAttr(hi),
                          rw.getBoolAttr(!out.getIsSigned()))
              .getResult();
    auto qTy = cast<RankedTensorType>(q.getType());
    if (cast<RankedTensorType>(y.getType()).getShape() != qTy.getShape()) {
      auto shapeTy = tosa::shapeType::get(rw.getContext(), qTy.getRank());
      auto attr = DenseIntElementsAttr::get(
          RankedTensorType::get({qTy.getRank()}, rw.getIndexType()),
          qTy.getShape());
      Value s = tosa::ConstShapeOp::create(rw, q.getLoc(), shapeTy, attr);
      y = tosa::ReshapeOp::create(rw, q.getLoc(), qTy, y, s).getResult();
    }
    rw.replaceOp(q, y);
    return success();
  }
};

/// qnn.quantize(qnn.dequantize(x)) with other parameters: qnn.requantize.
struct QuantizeOfDequantize : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(QuantizeOp q,
                                PatternRewriter &rw) const override {
    auto dq = q.getInput().getDefiningOp<DequantizeOp>();
    if (!dq || !isStored8(dq.getParams()) || !isStored8(q.getParams()) ||
        dq.getParams() == q.getParams())
      return failure();
    rw.replaceOp(q, requantize(rw, q.getLoc(), dq.getInput(), dq.getParams(),
                               q.getParams()));
    return success();
  }
};

/// transpose(dequantize(x)) -> dequantize(transpose(x)) (a per-axis axis
/// follows the permutation); reshape likewise for per-tensor parameters.
struct SinkDequantizeTranspose : OpRewritePattern<tosa::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tosa::TransposeOp t,
                                PatternRewriter &rw) const override {
    auto dq = t.getInput1().getDefiningOp<DequantizeOp>();
    if (!dq)
      return failure();
    QuantParamsAttr p = dq.getParams();
    ArrayRef<int32_t> perms = t.getPerms();
    if (p.isPerAxis()) {
      int64_t axis = -1;
      for (size_t i = 0; i < perms.size(); ++i)
        if (perms[i] == p.getAxis())
          axis = i;
      p = QuantParamsAttr::get(rw.getContext(), p.getScales(),
                               p.getZeroPoints(), axis, p.getBits(),
                               p.getIsSigned(), p.getNarrowRange());
    }
    Value x = dq.getInput();
    Value tx =
        tosa::TransposeOp::create(
            rw, t.getLoc(),
            withElem(t.getType(),
                     cast<RankedTensorType>(x.getType()).getElementType()),
            x, t.getPermsAttr())
            .getResult();
    rw.replaceOpWithNewOp<DequantizeOp>(t, t.getType(), tx, p);
    return success();
  }
};

struct SinkDequantizeReshape : OpRewritePattern<tosa::ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(tosa::ReshapeOp r,
                                PatternRewriter &rw) const override {
    auto dq = r.getInput1().getDefiningOp<DequantizeOp>();
    if (!dq || dq.getParams().isPerAxis())
      return failure();
    // A reshape of a constant's dequantize (weights) stays: constant folding
    // happens on the float side.
    if (matchPattern(dq.getInput(), m_Constant()))
      return failure();
    Value x = dq.getInput();
    Value rx =
        tosa::ReshapeOp::create(
            rw, r.getLoc(),
            withElem(r.getType(),
                     cast<RankedTensorType>(x.getType()).getElementType()),
            x, r.getShape())
            .getResult();
    rw.replaceOpWithNewOp<DequantizeOp>(r, r.getType(), rx, dq.getParams());
    return success();
  }
};

struct QNNFuseQDQPass : public qnn::impl::QNNFuseQDQBase<QNNFuseQDQPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFuseQDQPatterns(patterns);
    // No constant hoisting / CSE: the imported op order (and the locations
    // that name the layers) stay as they are.
    GreedyRewriteConfig config;
    config.enableConstantCSE(false);
    if (failed(
            applyPatternsGreedily(getOperation(), std::move(patterns), config)))
      signalPassFailure();
  }
};

} // namespace

void mlir::qnn::populateFuseQDQPatterns(RewritePatternSet &patterns) {
  patterns.add<FuseIntoQuantize, QuantizeOfDequantize, SinkDequantizeTranspose,
               SinkDequantizeReshape>(patterns.getContext());
}
