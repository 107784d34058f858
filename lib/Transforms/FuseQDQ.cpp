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
//   qnn.dequantize itself (a clamp alone)    -> qnn.requantize (+ qnn.clamp)
//
// and moves `qnn.dequantize` below tosa.transpose / tosa.reshape, so that
// layout ops run on integers and Q(DQ(x)) pairs fold or become requantizes.
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
/// tensor, or per-axis on `axis` with one zero point).
struct Weights {
  QuantParamsAttr params;
  SmallVector<int64_t> values;
  SmallVector<double> scales; // one, or one per channel
  int64_t zp = 0;
};

std::optional<Weights> constWeights(Value w, int64_t axis) {
  auto dq = w.getDefiningOp<DequantizeOp>();
  if (!dq || !isStored8(dq.getParams()))
    return std::nullopt;
  QuantParamsAttr p = dq.getParams();
  if (p.isPerAxis() && p.getAxis() != axis)
    return std::nullopt;
  DenseIntElementsAttr attr = intConstant(dq.getInput());
  if (!attr)
    return std::nullopt;
  for (int64_t z : p.getZeroPoints())
    if (z != p.getZeroPoints()[0])
      return std::nullopt; // one weight zero point per qnn op
  Weights out;
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
  std::optional<Weights> w = constWeights(conv.getWeight(), depthwise ? 2 : 0);
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
  if (!bTy.hasStaticShape() || !resTy.hasStaticShape())
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
    w = constWeights(mm.getB(), 2);
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
  if (p != out && llvm::all_of(op.getPad(), [](int64_t v) { return v == 0; }) &&
      inTy.hasStaticShape()) {
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
    } else if (auto c = dyn_cast<tosa::ConcatOp>(def)) {
      y = fuseConcat(rw, c, out);
    }
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
