//===- QNNToLinalg.cpp - Lower qnn ops to linalg on tensors ---------------===//
//
// Part of QuantMLIR.
//
// Every qnn op becomes linalg / arith / tensor / math on tensors with the
// exact integer semantics of the numeric core (QuantMLIR/Math/QuantMath.h):
//
//  - simulated_quantize / quantize / dequantize: elementwise linalg.generic in
//    float (f32 or f64; narrower floats are computed in f32);
//  - requantize, add, mul, concat: 64-bit fixed point, one exact rounding
//    shift (floor shift + remainder compared with half, tie by mode);
//  - conv2d, matmul: one linalg.generic each, i32 accumulation, zero points
//    subtracted in the body;
//  - avg_pool2d: window sum of (q - zp) and an exactly rounded division by
//    the number of non-padding positions;
//  - clamp: arith max / min.
//
// Compile-time constants (fixed-point multipliers and shifts) come from the
// numeric core. Shapes must be static.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Conversion/Passes.h"
#include "QuantMLIR/Dialect/QNN/IR/QNNDialect.h"
#include "QuantMLIR/Dialect/QNN/IR/QNNOps.h"
#include "QuantMLIR/Math/QuantMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <limits>
#include <string>

namespace mlir {
namespace qnn {
#define GEN_PASS_DEF_CONVERTQNNTOLINALG
#include "QuantMLIR/Conversion/Passes.h.inc"
} // namespace qnn
} // namespace mlir

using namespace mlir;
using namespace mlir::qnn;
using quantmlir::Rounding;

namespace {

//===----------------------------------------------------------------------===//
// Scalar helpers (emitted inside linalg bodies)
//===----------------------------------------------------------------------===//

Rounding toMath(RoundingMode mode) {
  // The numbering of quantmlir::Rounding matches qnn::RoundingMode.
  return static_cast<Rounding>(static_cast<int>(mode));
}

/// An integer constant of type `type`, `value` truncated to its width (so
/// unsigned values such as 200 : i8 keep their bit pattern).
TypedAttr intAttr(Type type, int64_t value) {
  unsigned width = cast<IntegerType>(type).getWidth();
  return IntegerAttr::get(type, APInt(width, static_cast<uint64_t>(value),
                                      /*isSigned=*/true,
                                      /*implicitTrunc=*/true));
}

Value intConst(OpBuilder &b, Location loc, Type type, int64_t value) {
  return arith::ConstantOp::create(b, loc, intAttr(type, value));
}

Value floatConst(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, FloatAttr::get(type, value));
}

/// `v - c` / `v + c` for a constant c, skipping c == 0.
Value subConst(OpBuilder &b, Location loc, Value v, int64_t c) {
  if (c == 0)
    return v;
  return arith::SubIOp::create(b, loc, v, intConst(b, loc, v.getType(), c));
}
Value addConst(OpBuilder &b, Location loc, Value v, int64_t c) {
  if (c == 0)
    return v;
  return arith::AddIOp::create(b, loc, v, intConst(b, loc, v.getType(), c));
}

/// Widens an integer read as signed or unsigned; no-op on equal widths.
Value extendInt(OpBuilder &b, Location loc, Value v, Type to, bool isUnsigned) {
  if (v.getType() == to)
    return v;
  if (isUnsigned)
    return arith::ExtUIOp::create(b, loc, to, v);
  return arith::ExtSIOp::create(b, loc, to, v);
}

/// `floor + 1` when the discarded fraction is above one half, or exactly one
/// half and the tie rule says up. `twoRem` is twice the (non-negative)
/// remainder and `den` the divisor, so the fraction is twoRem / (2 * den).
Value roundFromFloor(OpBuilder &b, Location loc, Value floor, Value twoRem,
                     Value den, Rounding mode) {
  Type t = floor.getType();
  Value up;
  switch (mode) {
  case Rounding::Upward:
    up = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, twoRem, den);
    break;
  case Rounding::HalfToEven:
  case Rounding::HalfAwayFromZero: {
    Value gt =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, twoRem, den);
    Value eq =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, twoRem, den);
    Value tieUp;
    if (mode == Rounding::HalfToEven) // floor odd: round up to the even one
      tieUp = arith::TruncIOp::create(b, loc, b.getI1Type(), floor);
    else // a non-negative quotient rounds up, a negative one down
      tieUp = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, floor,
                                    intConst(b, loc, t, 0));
    up = arith::OrIOp::create(b, loc, gt,
                              arith::AndIOp::create(b, loc, eq, tieUp));
    break;
  }
  }
  return arith::AddIOp::create(b, loc, floor,
                               arith::ExtUIOp::create(b, loc, t, up));
}

/// round(x / 2^n) exactly (x, n: i64, 0 <= n <= 62). A constant shift gets
/// constant masks; n == 0 is the identity.
Value roundingShift(OpBuilder &b, Location loc, Value x, Value n,
                    std::optional<int64_t> constN, Rounding mode) {
  Type t = x.getType();
  if (constN && *constN == 0)
    return x;
  Value floor = arith::ShRSIOp::create(b, loc, x, n);
  Value rem, twoRem, pow;
  Value one = intConst(b, loc, t, 1);
  if (constN) {
    rem = arith::AndIOp::create(
        b, loc, x, intConst(b, loc, t, (int64_t(1) << *constN) - 1));
    pow = intConst(b, loc, t, int64_t(1) << *constN);
  } else {
    rem = arith::SubIOp::create(b, loc, x,
                                arith::ShLIOp::create(b, loc, floor, n));
    pow = arith::ShLIOp::create(b, loc, one, n);
  }
  // rem < 2^62, so 2 * rem does not overflow.
  twoRem = arith::ShLIOp::create(b, loc, rem, one);
  return roundFromFloor(b, loc, floor, twoRem, pow, mode);
}

/// round(x / 2^n) as one arithmetic shift of a biased x, exact when x +
/// 2^(n-1) does not overflow (x = 2^n q + r, 0 <= r < 2^n). `bias` is
/// 2^(n-1) (hm1 = 2^(n-1) - 1 for HalfToEven), `pm` 1, and for n = 0 both
/// are 0 (per channel, or constants):
///   Upward:           (x + h) >> n                  (r >= h: q + 1)
///   HalfToEven:       (x + hm1 + (q & pm)) >> n     (r = h: q + 1 iff q odd)
///   HalfAwayFromZero: (x + h - (x < 0) pm) >> n     (a negative tie: q)
Value biasedShift(OpBuilder &b, Location loc, Value x, Value n, Value bias,
                  Value pm, Rounding mode) {
  Value biased = arith::AddIOp::create(b, loc, x, bias);
  switch (mode) {
  case Rounding::Upward:
    break;
  case Rounding::HalfToEven: {
    Value q = arith::ShRSIOp::create(b, loc, x, n);
    biased = arith::AddIOp::create(b, loc, biased,
                                   arith::AndIOp::create(b, loc, q, pm));
    break;
  }
  case Rounding::HalfAwayFromZero: {
    Value neg = arith::ShRSIOp::create(
        b, loc, x, intConst(b, loc, x.getType(), 63)); // -1 or 0
    biased = arith::SubIOp::create(b, loc, biased,
                                   arith::AndIOp::create(b, loc, neg, pm));
    break;
  }
  }
  return arith::ShRSIOp::create(b, loc, biased, n);
}

/// round(num / den) exactly, den > 0 (same integer type).
Value roundingDivide(OpBuilder &b, Location loc, Value num, Value den,
                     Rounding mode) {
  Type t = num.getType();
  // Floor division without arith.floordivsi (which needs arith-expand):
  // truncating division, then step down where the remainder is negative.
  Value q = arith::DivSIOp::create(b, loc, num, den);
  Value r = arith::RemSIOp::create(b, loc, num, den);
  Value zero = intConst(b, loc, t, 0);
  Value neg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero);
  Value negI = arith::ExtUIOp::create(b, loc, t, neg);
  q = arith::SubIOp::create(b, loc, q, negI);
  r = arith::AddIOp::create(b, loc, r,
                            arith::SelectOp::create(b, loc, neg, den, zero));
  Value twoRem = arith::ShLIOp::create(b, loc, r, intConst(b, loc, t, 1));
  return roundFromFloor(b, loc, q, twoRem, den, mode);
}

/// Rounds a float to an integral float with the tie rule.
Value roundFloat(OpBuilder &b, Location loc, Value x, Rounding mode) {
  switch (mode) {
  case Rounding::HalfToEven:
    return math::RoundEvenOp::create(b, loc, x);
  case Rounding::HalfAwayFromZero:
    return math::RoundOp::create(b, loc, x);
  case Rounding::Upward: {
    // floor(x) + (x - floor(x) >= 0.5): exact, unlike floor(x + 0.5) which
    // rounds 0.49999997f up.
    Type t = x.getType();
    Value fl = math::FloorOp::create(b, loc, x);
    Value frac = arith::SubFOp::create(b, loc, x, fl);
    Value up = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, frac,
                                     floatConst(b, loc, t, 0.5));
    Value flPlus1 =
        arith::AddFOp::create(b, loc, fl, floatConst(b, loc, t, 1.0));
    return arith::SelectOp::create(b, loc, up, flPlus1, fl);
  }
  }
  llvm_unreachable("unknown rounding mode");
}

/// Float type the float-side arithmetic of quantize / dequantize /
/// simulated_quantize runs in: f64 for f64 tensors, and for parameters with
/// a scale that is not a normal f32 number (in f32 it would become 0, a
/// subnormal or infinity: 0 / 0 = NaN, 0 * inf = NaN); f32 otherwise
/// (f16 / bf16 cannot hold all 16-bit grid values). qnn-realize folds
/// constant weights with the same rule (getQuantizeComputeSemantics).
FloatType computeFloatType(Type elemTy, QuantParamsAttr params) {
  auto ft = cast<FloatType>(elemTy);
  MLIRContext *ctx = ft.getContext();
  if (ft.getWidth() > 32)
    return ft;
  if (params && llvm::any_of(params.getScales(), [](double s) {
        return !(s >= std::numeric_limits<float>::min() &&
                 s <= std::numeric_limits<float>::max());
      }))
    return Float64Type::get(ctx);
  return Float32Type::get(ctx);
}

Value castFloat(OpBuilder &b, Location loc, Value v, Type to) {
  auto from = cast<FloatType>(v.getType());
  auto toF = cast<FloatType>(to);
  if (from == toF)
    return v;
  if (from.getWidth() < toF.getWidth())
    return arith::ExtFOp::create(b, loc, toF, v);
  return arith::TruncFOp::create(b, loc, toF, v);
}

//===----------------------------------------------------------------------===//
// Elementwise generic builder with per-channel constants
//===----------------------------------------------------------------------===//

/// One value of the body: either a scalar constant or a block argument.
struct BodyValue {
  TypedAttr constant;
  int arg = -1;
};

/// Builds an elementwise (all-parallel) linalg.generic producing a tensor of
/// `resultType`. Inputs may broadcast through their maps; per-channel
/// constants become 1-D dense tensors indexed by one loop (or a scalar when
/// all channels agree).
/// A tensor.empty of type `ty`; each dynamic dimension d is read with
/// tensor.dim from `sourceOf(d)` = (value, dimension of that value).
Value emptyTensor(
    OpBuilder &b, Location loc, RankedTensorType ty,
    function_ref<std::pair<Value, int64_t>(int64_t)> sourceOf = nullptr) {
  SmallVector<Value> dynamicSizes;
  for (int64_t d = 0, e = ty.getRank(); d < e; ++d) {
    if (!ty.isDynamicDim(d))
      continue;
    assert(sourceOf && "dynamic dimension without a source");
    auto [source, dim] = sourceOf(d);
    dynamicSizes.push_back(tensor::DimOp::create(b, loc, source, dim));
  }
  return tensor::EmptyOp::create(b, loc, ty.getShape(), ty.getElementType(),
                                 dynamicSizes);
}

/// Same, with every dynamic dimension d read from dimension d of `like`.
Value emptyTensorLike(OpBuilder &b, Location loc, RankedTensorType ty,
                      Value like) {
  return emptyTensor(b, loc, ty, [&](int64_t d) {
    return std::pair<Value, int64_t>(like, d);
  });
}

class ElementwiseBuilder {
public:
  ElementwiseBuilder(OpBuilder &b, Location loc, RankedTensorType resultType)
      : b(b), loc(loc), resultType(resultType) {}

  unsigned rank() const { return resultType.getRank(); }
  AffineMap identity() const {
    return b.getMultiDimIdentityMap(resultType.getRank());
  }

  BodyValue input(Value v, AffineMap map) {
    assert(map.getNumDims() == rank() && "map over the loops expected");
    inputs.push_back(v);
    maps.push_back(map);
    return {nullptr, static_cast<int>(inputs.size() - 1)};
  }
  BodyValue input(Value v) { return input(v, identity()); }

  static BodyValue scalar(TypedAttr a) { return {a, -1}; }

  /// `values` has one entry (per-tensor) or one per index of dimension `axis`.
  BodyValue channels(ArrayRef<TypedAttr> values, int64_t axis) {
    if (llvm::all_equal(values))
      return scalar(values.front());
    Type elemTy = values.front().getType();
    auto ty =
        RankedTensorType::get({static_cast<int64_t>(values.size())}, elemTy);
    SmallVector<Attribute> attrs(values.begin(), values.end());
    Value cst =
        arith::ConstantOp::create(b, loc, DenseElementsAttr::get(ty, attrs));
    return input(cst, AffineMap::get(rank(), 0, b.getAffineDimExpr(axis),
                                     b.getContext()));
  }
  BodyValue intChannels(ArrayRef<int64_t> values, Type type, int64_t axis) {
    SmallVector<TypedAttr> attrs;
    for (int64_t v : values)
      attrs.push_back(intAttr(type, v));
    return channels(attrs, axis);
  }
  BodyValue floatChannels(ArrayRef<double> values, Type type, int64_t axis) {
    SmallVector<TypedAttr> attrs;
    for (double v : values)
      attrs.push_back(FloatAttr::get(type, v));
    return channels(attrs, axis);
  }

  using BodyFn = function_ref<Value(OpBuilder &, Location,
                                    function_ref<Value(BodyValue)> get)>;

  /// The input and its dimension that give the size of loop `d` (a dynamic
  /// dimension of the result): an input indexed by `d` in a dynamic
  /// dimension (checkLowerable guarantees one).
  std::pair<Value, int64_t> sourceOfLoop(int64_t d) const {
    for (auto [v, map] : llvm::zip(inputs, maps)) {
      auto ty = cast<RankedTensorType>(v.getType());
      for (auto [j, expr] : llvm::enumerate(map.getResults()))
        if (expr == b.getAffineDimExpr(d) && ty.isDynamicDim(j))
          return {v, static_cast<int64_t>(j)};
    }
    llvm_unreachable("no input gives the size of a dynamic dimension");
  }

  Value build(BodyFn body) {
    Value init = emptyTensor(b, loc, resultType,
                             [&](int64_t d) { return sourceOfLoop(d); });
    SmallVector<AffineMap> allMaps(maps);
    allMaps.push_back(identity());
    SmallVector<utils::IteratorType> iters(rank(),
                                           utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        b, loc, TypeRange{resultType}, inputs, ValueRange{init}, allMaps, iters,
        [&](OpBuilder &nb, Location nloc, ValueRange args) {
          auto get = [&](BodyValue v) -> Value {
            if (v.arg >= 0)
              return args[v.arg];
            return arith::ConstantOp::create(nb, nloc, v.constant);
          };
          Value result = body(nb, nloc, get);
          linalg::YieldOp::create(nb, nloc, result);
        });
    return generic.getResult(0);
  }

private:
  OpBuilder &b;
  Location loc;
  RankedTensorType resultType;
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
};

/// Map from the loops of an elementwise op with result shape `outShape` to an
/// operand of shape `inShape` (same rank), broadcasting size-1 dimensions.
AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> inShape,
                       ArrayRef<int64_t> outShape) {
  SmallVector<AffineExpr> exprs;
  for (auto [i, pair] : llvm::enumerate(llvm::zip(inShape, outShape))) {
    auto [in, out] = pair;
    if (in == 1 && out != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(i, ctx));
  }
  return AffineMap::get(outShape.size(), 0, exprs, ctx);
}

//===----------------------------------------------------------------------===//
// Plans: compile-time constants, computed (and checked) before rewriting
//===----------------------------------------------------------------------===//

std::string formatDouble(double d) {
  std::string s;
  llvm::raw_string_ostream os(s);
  os << d;
  return s;
}

/// Per-channel constants of a requantization.
struct RequantPlan {
  int64_t axis = -1; // -1: per-tensor
  SmallVector<int64_t> multiplier, shift, zpIn, zpOut;
  int64_t qmin = 0, qmax = 0;
};

FailureOr<RequantPlan> planRequantize(QuantParamsAttr in, QuantParamsAttr out,
                                      std::string &why) {
  RequantPlan plan;
  size_t channels = 1;
  if (in.isPerAxis() && out.isPerAxis() &&
      (in.getAxis() != out.getAxis() ||
       in.getScales().size() != out.getScales().size())) {
    why = "per-axis input and output parameters on different axes or with "
          "different channel counts";
    return failure();
  }
  if (in.isPerAxis()) {
    plan.axis = in.getAxis();
    channels = in.getScales().size();
  } else if (out.isPerAxis()) {
    plan.axis = out.getAxis();
    channels = out.getScales().size();
  }
  for (size_t c = 0; c < channels; ++c) {
    double m = in.getScale(c) / out.getScale(c);
    int64_t multiplier = 0, shift = 0; // m underflowed to 0: out = zp_out
    if (auto fp = quantmlir::quantizeMultiplier(m)) {
      multiplier = fp->multiplier;
      shift = fp->shift;
    } else if (m > 0.0) {
      // m >= 2^31 (or inf): as the numeric core, every nonzero input
      // saturates. 2^31 * (q - zp_in) with no shift does exactly that:
      // |q - zp_in| >= 1 puts the sum beyond any 32-bit grid, and
      // |q - zp_in| < 2^32 keeps it (zp_out included) within i64.
      multiplier = int64_t(1) << 31;
    }
    plan.multiplier.push_back(multiplier);
    plan.shift.push_back(shift);
    plan.zpIn.push_back(in.getZeroPoint(c));
    plan.zpOut.push_back(out.getZeroPoint(c));
  }
  plan.qmin = out.getQMin();
  plan.qmax = out.getQMax();
  return plan;
}

/// The two multipliers of qnn.add over one shared shift: the larger one gets
/// 31 significant bits (quantizeMultiplier), the smaller one is rounded on
/// the same 2^-shift grid (one rounding of an exact double product).
struct AddPlan {
  int64_t lhsMultiplier = 0, rhsMultiplier = 0, shift = 0;
};

FailureOr<AddPlan> planAdd(AddOp op, std::string &why) {
  double ml = op.getLhsParams().getScale() / op.getOutputParams().getScale();
  double mr = op.getRhsParams().getScale() / op.getOutputParams().getScale();
  auto fp = quantmlir::quantizeMultiplier(std::max(ml, mr));
  if (!fp) {
    why = "the rescaling multiplier " + formatDouble(std::max(ml, mr)) +
          " (operand scale / output scale) is out of the fixed-point range";
    return failure();
  }
  int64_t other = std::llround(std::ldexp(std::min(ml, mr), fp->shift));
  AddPlan plan;
  plan.shift = fp->shift;
  plan.lhsMultiplier = ml >= mr ? fp->multiplier : other;
  plan.rhsMultiplier = ml >= mr ? other : fp->multiplier;
  return plan;
}

FailureOr<quantmlir::FixedPointMultiplier> planMul(MulOp op, std::string &why) {
  double m = op.getLhsParams().getScale() * op.getRhsParams().getScale() /
             op.getOutputParams().getScale();
  auto fp = quantmlir::quantizeMultiplier(m);
  if (!fp) {
    why = "the multiplier " + formatDouble(m) +
          " (lhs scale * rhs scale / output scale) is out of the fixed-point "
          "range";
    return failure();
  }
  return *fp;
}

bool allStatic(Operation *op) {
  auto isStatic = [](Type t) {
    auto st = dyn_cast<ShapedType>(t);
    return !st || st.hasStaticShape();
  };
  return llvm::all_of(op->getOperandTypes(), isStatic) &&
         llvm::all_of(op->getResultTypes(), isStatic);
}

/// Whether only dimension 0 (the batch) of `v`'s type may be dynamic.
bool onlyBatchDynamic(Type t) {
  auto st = dyn_cast<RankedTensorType>(t);
  if (!st)
    return true;
  for (int64_t d = 1, e = st.getRank(); d < e; ++d)
    if (st.isDynamicDim(d))
      return false;
  return true;
}

/// Checks the dynamic dimensions of `op`: every dynamic dimension of the
/// result must be the size of an operand's dynamic dimension (the lowering
/// reads it with tensor.dim; a dynamic size is never broadcast at run time),
/// and ops with windows or constant operands keep everything but the batch
/// static.
LogicalResult checkDynamicDims(Operation *op, std::string &why) {
  if (allStatic(op))
    return success();
  auto fail = [&](const Twine &what) {
    why = ("dynamic shapes: " + what).str();
    return failure();
  };
  auto resultTy = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultTy)
    return fail("unranked result");
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case<SimulatedQuantizeOp, QuantizeOp, DequantizeOp, RequantizeOp,
            ClampOp>([&](Operation *) -> LogicalResult {
        auto inTy = cast<RankedTensorType>(op->getOperand(0).getType());
        for (int64_t d = 0, e = resultTy.getRank(); d < e; ++d)
          if (resultTy.isDynamicDim(d) && !inTy.isDynamicDim(d))
            return fail("dimension " + Twine(d) +
                        " of the result is dynamic but not the input's");
        return success();
      })
      .Case<AddOp, MulOp>([&](Operation *) -> LogicalResult {
        auto lhsTy = cast<RankedTensorType>(op->getOperand(0).getType());
        auto rhsTy = cast<RankedTensorType>(op->getOperand(1).getType());
        if (lhsTy.getRank() != resultTy.getRank() ||
            rhsTy.getRank() != resultTy.getRank())
          return fail("operands of another rank");
        for (int64_t d = 0, e = resultTy.getRank(); d < e; ++d) {
          if (resultTy.isDynamicDim(d) && !lhsTy.isDynamicDim(d) &&
              !rhsTy.isDynamicDim(d))
            return fail("dimension " + Twine(d) +
                        " of the result is dynamic but no operand's");
          // A dynamic operand dimension is never broadcast: the other
          // operand's must be dynamic too or of the result's static size.
          for (RankedTensorType t : {lhsTy, rhsTy})
            if (t.isDynamicDim(d) && !resultTy.isDynamicDim(d) &&
                resultTy.getDimSize(d) == 1)
              return fail("a dynamic dimension broadcast to 1");
        }
        return success();
      })
      .Case<Conv2DOp, AvgPool2DOp>([&](Operation *) -> LogicalResult {
        for (Type t : op->getOperandTypes())
          if (auto st = dyn_cast<RankedTensorType>(t);
              st && st.getRank() != 4 && !st.hasStaticShape())
            return fail("only the batch of the input may be dynamic");
        if (!onlyBatchDynamic(op->getOperand(0).getType()) ||
            !onlyBatchDynamic(resultTy))
          return fail("only dimension 0 (the batch) may be dynamic");
        if (op->getNumOperands() > 1 &&
            !cast<ShapedType>(op->getOperand(1).getType()).hasStaticShape())
          return fail("the weight must have a static shape");
        auto inTy = cast<RankedTensorType>(op->getOperand(0).getType());
        if (resultTy.isDynamicDim(0) && !inTy.isDynamicDim(0))
          return fail("dynamic batch of the result but not of the input");
        return success();
      })
      .Case<MatmulOp>([&](MatmulOp mm) -> LogicalResult {
        auto lhsTy = cast<RankedTensorType>(mm.getLhs().getType());
        auto rhsTy = cast<RankedTensorType>(mm.getRhs().getType());
        int64_t r = resultTy.getRank();
        if (lhsTy.getRank() != r || rhsTy.getRank() != r)
          return fail("operands of another rank");
        if (r == 3 && resultTy.isDynamicDim(0) && !lhsTy.isDynamicDim(0) &&
            !rhsTy.isDynamicDim(0))
          return fail("dynamic batch of the result but of no operand");
        if (resultTy.isDynamicDim(r - 2) && !lhsTy.isDynamicDim(r - 2))
          return fail("dynamic rows of the result but not of the lhs");
        if (resultTy.isDynamicDim(r - 1) && !rhsTy.isDynamicDim(r - 1))
          return fail("dynamic columns of the result but not of the rhs");
        return success();
      })
      .Case<ConcatOp>([&](ConcatOp cat) -> LogicalResult {
        int64_t axis = cat.getAxisAttr().getInt();
        auto firstTy = cast<RankedTensorType>(cat.getInputs()[0].getType());
        for (Value v : cat.getInputs())
          if (cast<RankedTensorType>(v.getType()).isDynamicDim(axis))
            return fail("dynamic size along the concatenation axis");
        for (int64_t d = 0, e = resultTy.getRank(); d < e; ++d)
          if (d != axis && resultTy.isDynamicDim(d) && !firstTy.isDynamicDim(d))
            return fail("dimension " + Twine(d) +
                        " of the result is dynamic but not the inputs'");
        return success();
      })
      .Default([&](Operation *) { return fail("not supported by this op"); });
}

/// Element width of an operand of `op` (a ranked tensor of integers).
unsigned intWidth(Value v) {
  return cast<IntegerType>(cast<ShapedType>(v.getType()).getElementType())
      .getWidth();
}

/// Binary ops compute (q - zp) * multiplier in 64 bits: stored grids only.
template <typename OpTy>
LogicalResult checkBinaryWidths(OpTy op, std::string &why) {
  if (op.getLhsParams().getBits() > 16 || op.getRhsParams().getBits() > 16) {
    why = "operands wider than 16 bits are not supported (the fixed-point "
          "products would overflow 64 bits)";
    return failure();
  }
  return success();
}

/// Whether `op` (a qnn op) can be lowered; `why` says why not.
LogicalResult checkLowerable(Operation *op, std::string &why) {
  if (auto sq = dyn_cast<SimulatedQuantizeOp>(op); sq && !sq.isBound())
    return success(); // identity, any shape
  if (failed(checkDynamicDims(op, why)))
    return failure();
  // i32 accumulation: operands are widened to i32 (and avg_pool2d sums in
  // at most 64 bits).
  auto checkWidth = [&](ValueRange values, unsigned maxWidth) {
    for (Value v : values) {
      if (intWidth(v) > maxWidth) {
        why = "operands wider than " + std::to_string(maxWidth) +
              " bits are not supported";
        return failure();
      }
    }
    return success();
  };
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case<RequantizeOp>([&](RequantizeOp rq) -> LogicalResult {
        return planRequantize(rq.getInputParams(), rq.getOutputParams(), why);
      })
      .Case<AddOp>([&](AddOp add) -> LogicalResult {
        if (failed(checkBinaryWidths(add, why)))
          return failure();
        return planAdd(add, why);
      })
      .Case<MulOp>([&](MulOp mul) -> LogicalResult {
        if (failed(checkBinaryWidths(mul, why)))
          return failure();
        return planMul(mul, why);
      })
      .Case<ConcatOp>([&](ConcatOp cat) -> LogicalResult {
        for (Attribute a : cat.getInputParams())
          if (failed(planRequantize(cast<QuantParamsAttr>(a),
                                    cat.getOutputParams(), why)))
            return failure();
        return success();
      })
      .Case<Conv2DOp>([&](Conv2DOp conv) {
        return checkWidth({conv.getInput(), conv.getWeight()}, 32);
      })
      .Case<MatmulOp>([&](MatmulOp mm) {
        return checkWidth({mm.getLhs(), mm.getRhs()}, 32);
      })
      .Case<AvgPool2DOp>(
          [&](AvgPool2DOp pool) { return checkWidth(pool.getInput(), 32); })
      .Default([](Operation *) { return success(); });
}

//===----------------------------------------------------------------------===//
// Shared builders
//===----------------------------------------------------------------------===//

/// Elementwise requantization of `input` (stored with `in`) to `resultType`
/// (stored with `out`).
/// The tail of the f32 forms: v (f32, finite) clamped to [lo, hi] (the grid
/// bounds minus the output zero point) by compare + select (max / min
/// instructions without NaN fix-ups), rounded with the tie rule, converted
/// to i32, plus `zp` (i32, or null for 0), truncated to `outElem`.
Value floatClampRound(OpBuilder &b, Location loc, Value v, Value lo, Value hi,
                      Value zp, Type outElem, Rounding mode) {
  Type i32 = b.getI32Type();
  v = arith::SelectOp::create(
      b, loc, arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, v, lo),
      lo, v);
  v = arith::SelectOp::create(
      b, loc, arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, v, hi),
      hi, v);
  v = roundFloat(b, loc, v, mode);
  Value q = arith::FPToSIOp::create(b, loc, i32, v);
  if (zp)
    q = arith::AddIOp::create(b, loc, q, zp);
  if (outElem != i32)
    q = arith::TruncIOp::create(b, loc, outElem, q);
  return q;
}

/// The f32 form (requantize-dtype=float32), as ONNX Runtime's requantize:
/// v = float(q) - zp_in, times M = multiplier * 2^-shift rounded to f32,
/// clamped to [qmin - zp_out, qmax - zp_out] (in float, so that the
/// conversion cannot overflow), rounded with the tie rule, converted to i32,
/// plus zp_out.
Value buildFloatRequantize(OpBuilder &b, Location loc, Value input,
                           QuantParamsAttr in, RankedTensorType resultType,
                           const RequantPlan &plan, Rounding mode) {
  Type f32 = b.getF32Type(), i32 = b.getI32Type();
  ElementwiseBuilder eb(b, loc, resultType);
  int64_t axis = std::max<int64_t>(plan.axis, 0);
  BodyValue x = eb.input(input);
  SmallVector<double> scale, zpIn, lo, hi;
  for (size_t c = 0; c < plan.multiplier.size(); ++c) {
    scale.push_back(static_cast<float>(
        std::ldexp(static_cast<double>(plan.multiplier[c]), -plan.shift[c])));
    zpIn.push_back(static_cast<double>(plan.zpIn[c]));
    lo.push_back(static_cast<double>(plan.qmin - plan.zpOut[c]));
    hi.push_back(static_cast<double>(plan.qmax - plan.zpOut[c]));
  }
  BodyValue s = eb.floatChannels(scale, f32, axis);
  BodyValue zi = eb.floatChannels(zpIn, f32, axis);
  BodyValue l = eb.floatChannels(lo, f32, axis);
  BodyValue h = eb.floatChannels(hi, f32, axis);
  BodyValue zo = eb.intChannels(plan.zpOut, i32, axis);
  bool inUnsigned = !in.getIsSigned();
  Type outElem = resultType.getElementType();
  auto isZero = [](BodyValue v) {
    auto c = dyn_cast_or_null<FloatAttr>(v.constant);
    return c && c.getValue().isZero();
  };
  auto isZeroInt = [](BodyValue v) {
    auto c = dyn_cast_or_null<IntegerAttr>(v.constant);
    return c && c.getValue().isZero();
  };
  return eb.build([&](OpBuilder &nb, Location nloc, auto get) -> Value {
    Value v = get(x);
    v = inUnsigned ? Value(arith::UIToFPOp::create(nb, nloc, f32, v))
                   : Value(arith::SIToFPOp::create(nb, nloc, f32, v));
    if (!isZero(zi))
      v = arith::SubFOp::create(nb, nloc, v, get(zi));
    v = arith::MulFOp::create(nb, nloc, v, get(s));
    return floatClampRound(nb, nloc, v, get(l), get(h),
                           isZeroInt(zo) ? Value() : get(zo), outElem, mode);
  });
}

Value buildRequantize(OpBuilder &b, Location loc, Value input,
                      QuantParamsAttr in, RankedTensorType resultType,
                      const RequantPlan &plan, Rounding mode,
                      bool floatRequantize = false) {
  // The f32 form for grids of up to 16 bits (their bounds and zero points
  // are exact floats and the result fits i32).
  if (floatRequantize &&
      cast<IntegerType>(resultType.getElementType()).getWidth() <= 16)
    return buildFloatRequantize(b, loc, input, in, resultType, plan, mode);
  Type i64 = b.getI64Type();
  ElementwiseBuilder eb(b, loc, resultType);
  int64_t axis = std::max<int64_t>(plan.axis, 0);
  BodyValue x = eb.input(input);
  BodyValue m = eb.intChannels(plan.multiplier, i64, axis);
  BodyValue n = eb.intChannels(plan.shift, i64, axis);
  BodyValue zpIn = eb.intChannels(plan.zpIn, i64, axis);
  BodyValue zpOut = eb.intChannels(plan.zpOut, i64, axis);
  bool inUnsigned = !in.getIsSigned();
  Type outElem = resultType.getElementType();
  std::optional<int64_t> constN;
  if (n.arg < 0) // one shift for all channels
    constN = plan.shift.front();
  int64_t qmin = plan.qmin, qmax = plan.qmax;
  auto isZero = [](BodyValue v) {
    auto c = dyn_cast_or_null<IntegerAttr>(v.constant);
    return c && c.getValue().isZero();
  };
  // The rounding shift as one biased arithmetic shift (fewer ops, the same
  // result: see biasedShift) when x + 2^(n-1) cannot overflow 64 bits:
  // |q - zp_in| * multiplier + 2^(n-1) + 1 < 2^63 for every channel.
  bool biased = true;
  SmallVector<int64_t> half, halfMinus1, parity;
  for (size_t c = 0; c < plan.multiplier.size(); ++c) {
    int64_t sh = plan.shift[c];
    unsigned __int128 range = uint64_t(std::max(
        std::abs(in.getQMax() - plan.zpIn[c]),
        std::abs(in.getQMin() - plan.zpIn[c])));
    unsigned __int128 bound =
        range * uint64_t(std::abs(plan.multiplier[c])) +
        (sh > 0 ? (unsigned __int128)1 << (sh - 1) : 0);
    if (sh < 0 || sh > 62 || bound + 1 >= ((unsigned __int128)1 << 63))
      biased = false;
    half.push_back(sh > 0 ? int64_t(1) << (sh - 1) : 0);
    halfMinus1.push_back(sh > 0 ? (int64_t(1) << (sh - 1)) - 1 : 0);
    parity.push_back(sh > 0 ? 1 : 0);
  }
  // Only the constants the rounding mode uses.
  BodyValue h, hm1, pm;
  bool even = mode == Rounding::HalfToEven, up = mode == Rounding::Upward;
  if (biased) {
    if (!even)
      h = eb.intChannels(half, i64, axis);
    else
      hm1 = eb.intChannels(halfMinus1, i64, axis);
    if (!up)
      pm = eb.intChannels(parity, i64, axis);
  }
  return eb.build([&](OpBuilder &nb, Location nloc, auto get) -> Value {
    Value v = extendInt(nb, nloc, get(x), i64, inUnsigned);
    if (!isZero(zpIn))
      v = arith::SubIOp::create(nb, nloc, v, get(zpIn));
    v = arith::MulIOp::create(nb, nloc, v, get(m));
    if (biased) {
      if (!(constN && *constN == 0)) {
        Value nv = get(n);
        Value bias = even ? get(hm1) : get(h);
        Value parityMask = up ? Value() : get(pm);
        v = biasedShift(nb, nloc, v, nv, bias, parityMask, mode);
      }
    } else {
      v = roundingShift(nb, nloc, v, get(n), constN, mode);
    }
    if (!isZero(zpOut))
      v = arith::AddIOp::create(nb, nloc, v, get(zpOut));
    v = arith::MaxSIOp::create(nb, nloc, v, intConst(nb, nloc, i64, qmin));
    v = arith::MinSIOp::create(nb, nloc, v, intConst(nb, nloc, i64, qmax));
    return arith::TruncIOp::create(nb, nloc, outElem, v);
  });
}

/// Scales and zero points of `params` as body values in float type `ft`.
std::pair<BodyValue, BodyValue> floatParams(ElementwiseBuilder &eb,
                                            QuantParamsAttr params, Type ft) {
  int64_t axis = std::max<int64_t>(params.getAxis(), 0);
  SmallVector<double> zps;
  for (int64_t z : params.getZeroPoints())
    zps.push_back(static_cast<double>(z));
  return {eb.floatChannels(params.getScales(), ft, axis),
          eb.floatChannels(zps, ft, axis)};
}

/// clamp(round(x / scale) + zp, qmin, qmax) in the float type of `x`; NaN
/// maps to zp (as the numeric core).
Value quantizeFloat(OpBuilder &b, Location loc, Value x, Value scale, Value zp,
                    QuantParamsAttr params, Rounding mode) {
  Type ft = x.getType();
  Value v = arith::DivFOp::create(b, loc, x, scale);
  v = roundFloat(b, loc, v, mode);
  v = arith::AddFOp::create(b, loc, v, zp);
  v = arith::MaximumFOp::create(
      b, loc, v, floatConst(b, loc, ft, static_cast<double>(params.getQMin())));
  v = arith::MinimumFOp::create(
      b, loc, v, floatConst(b, loc, ft, static_cast<double>(params.getQMax())));
  Value isNan = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, x, x);
  return arith::SelectOp::create(b, loc, isNan, zp, v);
}

/// Pads the H and W dimensions of an NHWC tensor with `padValue` (a stored
/// integer); returns `input` unchanged without padding.
Value padNHWC(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> pad,
              int64_t padValue) {
  if (llvm::all_of(pad, [](int64_t p) { return p == 0; }))
    return input;
  auto ty = cast<RankedTensorType>(input.getType());
  SmallVector<int64_t> shape(ty.getShape());
  shape[1] += pad[0] + pad[1];
  shape[2] += pad[2] + pad[3];
  auto padTy = RankedTensorType::get(shape, ty.getElementType());
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(pad[0]),
                                   b.getIndexAttr(pad[2]), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(pad[1]),
                                    b.getIndexAttr(pad[3]), b.getIndexAttr(0)};
  Value cst = intConst(b, loc, ty.getElementType(), padValue);
  return tensor::PadOp::create(b, loc, padTy, input, low, high, cst);
}

/// A zero-filled tensor of type `ty`; dynamic dimensions as emptyTensor.
Value zeroFilled(
    OpBuilder &b, Location loc, RankedTensorType ty,
    function_ref<std::pair<Value, int64_t>(int64_t)> sourceOf = nullptr) {
  Value empty = emptyTensor(b, loc, ty, sourceOf);
  Value zero = intConst(b, loc, ty.getElementType(), 0);
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

//===----------------------------------------------------------------------===//
// Patterns
//===----------------------------------------------------------------------===//

template <typename OpTy> struct QNNPattern : public OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const final {
    std::string why;
    if (failed(checkLowerable(op, why)))
      return rewriter.notifyMatchFailure(op, why);
    return lower(op, rewriter);
  }
  virtual LogicalResult lower(OpTy op, PatternRewriter &rewriter) const = 0;
};

struct SimulatedQuantizeLowering : QNNPattern<SimulatedQuantizeOp> {
  using QNNPattern::QNNPattern;
  LogicalResult lower(SimulatedQuantizeOp op,
                      PatternRewriter &rewriter) const override {
    if (!op.isBound()) {
      rewriter.replaceOp(op, op.getInput());
      return success();
    }
    Location loc = op.getLoc();
    auto resultTy = cast<RankedTensorType>(op.getType());
    Type elemTy = resultTy.getElementType();
    FloatType ft = computeFloatType(elemTy, op.getParamsAttr());
    QuantParamsAttr params = op.getParamsAttr();
    Rounding mode = toMath(op.getRounding());
    ElementwiseBuilder eb(rewriter, loc, resultTy);
    BodyValue x = eb.input(op.getInput());
    auto [scale, zp] = floatParams(eb, params, ft);
    Value result = eb.build([&](OpBuilder &b, Location l, auto get) -> Value {
      Value s = get(scale), z = get(zp);
      Value v = castFloat(b, l, get(x), ft);
      v = quantizeFloat(b, l, v, s, z, params, mode);
      v = arith::SubFOp::create(b, l, v, z);
      v = arith::MulFOp::create(b, l, v, s);
      return castFloat(b, l, v, elemTy);
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct QuantizeLowering : QNNPattern<QuantizeOp> {
  using QNNPattern::QNNPattern;
  LogicalResult lower(QuantizeOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultTy = cast<RankedTensorType>(op.getType());
    Type outElem = resultTy.getElementType();
    FloatType ft = computeFloatType(op.getInput().getType().getElementType(),
                                    op.getParams());
    QuantParamsAttr params = op.getParams();
    Rounding mode = toMath(op.getRounding());
    ElementwiseBuilder eb(rewriter, loc, resultTy);
    BodyValue x = eb.input(op.getInput());
    auto [scale, zp] = floatParams(eb, params, ft);
    Value result = eb.build([&](OpBuilder &b, Location l, auto get) -> Value {
      Value v = castFloat(b, l, get(x), ft);
      v = quantizeFloat(b, l, v, get(scale), get(zp), params, mode);
      // The clamped value fits the storage range, so the conversion is exact.
      if (params.getIsSigned())
        return arith::FPToSIOp::create(b, l, outElem, v);
      return arith::FPToUIOp::create(b, l, outElem, v);
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct DequantizeLowering : QNNPattern<DequantizeOp> {
  using QNNPattern::QNNPattern;
  LogicalResult lower(DequantizeOp op,
                      PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultTy = cast<RankedTensorType>(op.getType());
    Type outElem = resultTy.getElementType();
    FloatType ft = computeFloatType(outElem, op.getParams());
    QuantParamsAttr params = op.getParams();
    // (q - zp) fits i32 for stored grids (<= 16 bits); i32 accumulators need
    // i64.
    Type wide =
        params.getBits() >= 32 ? rewriter.getI64Type() : rewriter.getI32Type();
    int64_t axis = std::max<int64_t>(params.getAxis(), 0);
    ElementwiseBuilder eb(rewriter, loc, resultTy);
    BodyValue x = eb.input(op.getInput());
    BodyValue scale = eb.floatChannels(params.getScales(), ft, axis);
    BodyValue zp = eb.intChannels(params.getZeroPoints(), wide, axis);
    bool isUnsigned = !params.getIsSigned();
    Value result = eb.build([&](OpBuilder &b, Location l, auto get) -> Value {
      Value v = extendInt(b, l, get(x), wide, isUnsigned);
      v = arith::SubIOp::create(b, l, v, get(zp));
      v = arith::SIToFPOp::create(b, l, ft, v);
      v = arith::MulFOp::create(b, l, v, get(scale));
      return castFloat(b, l, v, outElem);
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct RequantizeLowering : QNNPattern<RequantizeOp> {
  RequantizeLowering(MLIRContext *ctx, bool floatRequantize)
      : QNNPattern(ctx), floatRequantize(floatRequantize) {}
  bool floatRequantize;
  LogicalResult lower(RequantizeOp op,
                      PatternRewriter &rewriter) const override {
    std::string why;
    FailureOr<RequantPlan> plan =
        planRequantize(op.getInputParams(), op.getOutputParams(), why);
    if (failed(plan))
      return rewriter.notifyMatchFailure(op, why);
    Value result = buildRequantize(
        rewriter, op.getLoc(), op.getInput(), op.getInputParams(),
        cast<RankedTensorType>(op.getType()), *plan, toMath(op.getRounding()),
        floatRequantize);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// The two operands of a binary qnn op as inputs of `eb`, broadcast to the
/// result's shape through their indexing maps.
template <typename OpTy>
std::pair<BodyValue, BodyValue> binaryInputs(ElementwiseBuilder &eb, OpTy op) {
  auto resultTy = cast<RankedTensorType>(op.getType());
  auto input = [&](Value v) {
    auto ty = cast<RankedTensorType>(v.getType());
    return eb.input(v, broadcastMap(op.getContext(), ty.getShape(),
                                    resultTy.getShape()));
  };
  return {input(op.getLhs()), input(op.getRhs())};
}

/// Shared body of qnn.add and qnn.mul: `combine` maps the two i64 operands
/// with their zero points subtracted to the fixed-point product, which is
/// then shifted, offset by the output zero point and saturated.
template <typename OpTy>
Value buildBinary(
    OpTy op, PatternRewriter &rewriter, int64_t shift,
    function_ref<Value(OpBuilder &, Location, Value, Value)> combine) {
  Location loc = op.getLoc();
  Type i64 = rewriter.getI64Type();
  auto resultTy = cast<RankedTensorType>(op.getType());
  ElementwiseBuilder eb(rewriter, loc, resultTy);
  auto [lhs, rhs] = binaryInputs(eb, op);
  QuantParamsAttr lp = op.getLhsParams(), rp = op.getRhsParams(),
                  outp = op.getOutputParams();
  Rounding mode = toMath(op.getRounding());
  Type outElem = resultTy.getElementType();
  return eb.build([&](OpBuilder &b, Location l, auto get) -> Value {
    Value x = extendInt(b, l, get(lhs), i64, !lp.getIsSigned());
    x = subConst(b, l, x, lp.getZeroPoint());
    Value y = extendInt(b, l, get(rhs), i64, !rp.getIsSigned());
    y = subConst(b, l, y, rp.getZeroPoint());
    Value v = combine(b, l, x, y);
    v = roundingShift(b, l, v, intConst(b, l, i64, shift), shift, mode);
    v = addConst(b, l, v, outp.getZeroPoint());
    v = arith::MaxSIOp::create(b, l, v, intConst(b, l, i64, outp.getQMin()));
    v = arith::MinSIOp::create(b, l, v, intConst(b, l, i64, outp.getQMax()));
    return arith::TruncIOp::create(b, l, outElem, v);
  });
}

/// qnn.add with requantize-dtype=float32 (as ONNX Runtime's QLinearAdd):
/// (f32(a) - zp_a) * Ma + (f32(b) - zp_b) * Mb, Ma / Mb the plan's
/// multipliers times 2^-shift as f32, then floatClampRound.
Value buildFloatAdd(AddOp op, PatternRewriter &rewriter, const AddPlan &plan) {
  Location loc = op.getLoc();
  Type f32 = rewriter.getF32Type();
  auto resultTy = cast<RankedTensorType>(op.getType());
  ElementwiseBuilder eb(rewriter, loc, resultTy);
  auto [lhs, rhs] = binaryInputs(eb, op);
  QuantParamsAttr lp = op.getLhsParams(), rp = op.getRhsParams(),
                  outp = op.getOutputParams();
  auto scaleOf = [&](int64_t multiplier) {
    return static_cast<double>(static_cast<float>(
        std::ldexp(static_cast<double>(multiplier), -plan.shift)));
  };
  return eb.build([&](OpBuilder &b, Location l, auto get) -> Value {
    auto term = [&](BodyValue v, QuantParamsAttr p, int64_t multiplier) {
      Value x = p.getIsSigned()
                    ? Value(arith::SIToFPOp::create(b, l, f32, get(v)))
                    : Value(arith::UIToFPOp::create(b, l, f32, get(v)));
      if (p.getZeroPoint() != 0)
        x = arith::SubFOp::create(
            b, l, x, floatConst(b, l, f32, double(p.getZeroPoint())));
      return arith::MulFOp::create(b, l, x,
                                   floatConst(b, l, f32, scaleOf(multiplier)));
    };
    Value v = arith::AddFOp::create(b, l, term(lhs, lp, plan.lhsMultiplier),
                                    term(rhs, rp, plan.rhsMultiplier));
    int64_t zp = outp.getZeroPoint();
    return floatClampRound(
        b, l, v, floatConst(b, l, f32, double(outp.getQMin() - zp)),
        floatConst(b, l, f32, double(outp.getQMax() - zp)),
        zp ? intConst(b, l, b.getI32Type(), zp) : Value(),
        resultTy.getElementType(), toMath(op.getRounding()));
  });
}

struct AddLowering : QNNPattern<AddOp> {
  AddLowering(MLIRContext *ctx, bool floatRequantize)
      : QNNPattern(ctx), floatRequantize(floatRequantize) {}
  bool floatRequantize;
  LogicalResult lower(AddOp op, PatternRewriter &rewriter) const override {
    std::string why;
    FailureOr<AddPlan> plan = planAdd(op, why);
    if (failed(plan))
      return rewriter.notifyMatchFailure(op, why);
    if (floatRequantize &&
        cast<IntegerType>(getElementTypeOrSelf(op.getType())).getWidth() <=
            16) {
      rewriter.replaceOp(op, buildFloatAdd(op, rewriter, *plan));
      return success();
    }
    Type i64 = rewriter.getI64Type();
    // |x|, |y| < 2^16 and multipliers < 2^31: the sum stays below 2^48.
    Value result =
        buildBinary(op, rewriter, plan->shift,
                    [&](OpBuilder &b, Location l, Value x, Value y) -> Value {
                      Value a = arith::MulIOp::create(
                          b, l, x, intConst(b, l, i64, plan->lhsMultiplier));
                      Value c = arith::MulIOp::create(
                          b, l, y, intConst(b, l, i64, plan->rhsMultiplier));
                      return arith::AddIOp::create(b, l, a, c);
                    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct MulLowering : QNNPattern<MulOp> {
  using QNNPattern::QNNPattern;
  LogicalResult lower(MulOp op, PatternRewriter &rewriter) const override {
    std::string why;
    FailureOr<quantmlir::FixedPointMultiplier> fp = planMul(op, why);
    if (failed(fp))
      return rewriter.notifyMatchFailure(op, why);
    Type i64 = rewriter.getI64Type();
    // |x * y| < 2^32 and the multiplier < 2^31: the product fits i64.
    Value result =
        buildBinary(op, rewriter, fp->shift,
                    [&](OpBuilder &b, Location l, Value x, Value y) -> Value {
                      Value p = arith::MulIOp::create(b, l, x, y);
                      return arith::MulIOp::create(
                          b, l, p, intConst(b, l, i64, fp->multiplier));
                    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConcatLowering : QNNPattern<ConcatOp> {
  ConcatLowering(MLIRContext *ctx, bool floatRequantize)
      : QNNPattern(ctx), floatRequantize(floatRequantize) {}
  bool floatRequantize;
  LogicalResult lower(ConcatOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto resultTy = cast<RankedTensorType>(op.getType());
    QuantParamsAttr outParams = op.getOutputParams();
    Rounding mode = toMath(op.getRounding());
    int64_t axis = op.getAxisAttr().getInt();
    Value dest =
        emptyTensorLike(rewriter, loc, resultTy, op.getInputs().front());
    int64_t offset = 0;
    for (auto [v, a] : llvm::zip(op.getInputs(), op.getInputParams())) {
      auto inParams = cast<QuantParamsAttr>(a);
      auto inTy = cast<RankedTensorType>(v.getType());
      Value part = v;
      if (inParams != outParams) {
        std::string why;
        FailureOr<RequantPlan> plan = planRequantize(inParams, outParams, why);
        if (failed(plan))
          return rewriter.notifyMatchFailure(op, why);
        auto partTy =
            RankedTensorType::get(inTy.getShape(), resultTy.getElementType());
        part = buildRequantize(rewriter, loc, v, inParams, partTy, *plan, mode,
                               floatRequantize);
      }
      SmallVector<OpFoldResult> offsets(resultTy.getRank(),
                                        rewriter.getIndexAttr(0));
      offsets[axis] = rewriter.getIndexAttr(offset);
      SmallVector<OpFoldResult> sizes, strides;
      for (auto [d, size] : llvm::enumerate(inTy.getShape())) {
        if (ShapedType::isDynamic(size))
          sizes.push_back(
              tensor::DimOp::create(rewriter, loc, v, d).getResult());
        else
          sizes.push_back(rewriter.getIndexAttr(size));
        strides.push_back(rewriter.getIndexAttr(1));
      }
      dest = tensor::InsertSliceOp::create(rewriter, loc, part, dest, offsets,
                                           sizes, strides);
      offset += inTy.getDimSize(axis);
    }
    rewriter.replaceOp(op, dest);
    return success();
  }
};

struct Conv2DLowering : QNNPattern<Conv2DOp> {
  using QNNPattern::QNNPattern;
  LogicalResult lower(Conv2DOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    Type i32 = rewriter.getI32Type();
    auto inTy = cast<RankedTensorType>(op.getInput().getType());
    auto wTy = cast<RankedTensorType>(op.getWeight().getType());
    auto outTy = cast<RankedTensorType>(op.getType());
    ArrayRef<int64_t> strides = op.getStrides(), dil = op.getDilations();
    int64_t groups = op.getGroupsAttr().getInt();
    int64_t inZp = op.getInputZpAttr().getInt();
    int64_t wZp = op.getWeightZpAttr().getInt();
    int64_t fPerGroup = wTy.getDimSize(0) / groups;
    int64_t cPerGroup = inTy.getDimSize(3) / groups;

    // Padding positions hold the input zero point: zero after subtraction.
    Value input = padNHWC(rewriter, loc, op.getInput(), op.getPad(), inZp);

    // Accumulator initialized with the bias broadcast along N, OH, OW.
    // Only the batch may be dynamic (checkLowerable): it is the input's.
    auto batchOf = [&](int64_t) {
      return std::pair<Value, int64_t>(op.getInput(), 0);
    };
    Value init;
    if (Value bias = op.getBias()) {
      Value empty = emptyTensor(rewriter, loc, outTy, batchOf);
      AffineMap biasMap = AffineMap::get(4, 0, {getAffineDimExpr(3, ctx)}, ctx);
      init =
          linalg::GenericOp::create(
              rewriter, loc, TypeRange{outTy}, ValueRange{bias},
              ValueRange{empty},
              ArrayRef<AffineMap>{biasMap, rewriter.getMultiDimIdentityMap(4)},
              SmallVector<utils::IteratorType>(4,
                                               utils::IteratorType::parallel),
              [](OpBuilder &b, Location l, ValueRange args) {
                linalg::YieldOp::create(b, l, args[0]);
              })
              .getResult(0);
    } else {
      init = zeroFilled(rewriter, loc, outTy, batchOf);
    }

    // Loops (n, oh, ow, f, kh, kw, c).
    AffineExpr n, oh, ow, f, kh, kw, c;
    bindDims(ctx, n, oh, ow, f, kh, kw, c);
    // Input channel of (f, c): c within the group of output channel f.
    AffineExpr inC = groups == 1 ? c : f.floorDiv(fPerGroup) * cPerGroup + c;
    AffineMap inMap = AffineMap::get(
        7, 0,
        {n, oh * strides[0] + kh * dil[0], ow * strides[1] + kw * dil[1], inC},
        ctx);
    AffineMap wMap = AffineMap::get(7, 0, {f, kh, kw, c}, ctx);
    AffineMap outMap = AffineMap::get(7, 0, {n, oh, ow, f}, ctx);
    using IT = utils::IteratorType;
    SmallVector<IT> iters = {IT::parallel, IT::parallel,  IT::parallel,
                             IT::parallel, IT::reduction, IT::reduction,
                             IT::reduction};
    bool inUnsigned = op.getInputUnsigned(), wUnsigned = op.getWeightUnsigned();
    auto conv = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outTy}, ValueRange{input, op.getWeight()},
        ValueRange{init}, ArrayRef<AffineMap>{inMap, wMap, outMap}, iters,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = extendInt(b, l, args[0], i32, inUnsigned);
          Value w = extendInt(b, l, args[1], i32, wUnsigned);
          x = subConst(b, l, x, inZp);
          w = subConst(b, l, w, wZp);
          Value p = arith::MulIOp::create(b, l, x, w);
          linalg::YieldOp::create(
              b, l, arith::AddIOp::create(b, l, args[2], p).getResult());
        });
    rewriter.replaceOp(op, conv.getResult(0));
    return success();
  }
};

struct MatmulLowering : QNNPattern<MatmulOp> {
  using QNNPattern::QNNPattern;
  LogicalResult lower(MatmulOp op, PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    Type i32 = rewriter.getI32Type();
    auto outTy = cast<RankedTensorType>(op.getType());
    unsigned rank = outTy.getRank();
    unsigned b0 = rank - 2; // first non-batch loop
    // Loops ([b,] m, n, k).
    unsigned numLoops = rank + 1;
    SmallVector<AffineExpr> batch;
    if (rank == 3)
      batch.push_back(getAffineDimExpr(0, ctx));
    AffineExpr m = getAffineDimExpr(b0, ctx),
               nn = getAffineDimExpr(b0 + 1, ctx),
               k = getAffineDimExpr(b0 + 2, ctx);
    auto mapOf = [&](AffineExpr a, AffineExpr b2) {
      SmallVector<AffineExpr> e(batch);
      e.push_back(a);
      e.push_back(b2);
      return AffineMap::get(numLoops, 0, e, ctx);
    };
    SmallVector<utils::IteratorType> iters(numLoops,
                                           utils::IteratorType::parallel);
    iters.back() = utils::IteratorType::reduction;
    int64_t lZp = op.getLhsZpAttr().getInt(), rZp = op.getRhsZpAttr().getInt();
    bool lU = op.getLhsUnsigned(), rU = op.getRhsUnsigned();
    auto lhsTy = cast<RankedTensorType>(op.getLhs().getType());
    // Dynamic sizes: batch from a dynamic operand, rows from the lhs,
    // columns from the rhs (checkLowerable).
    Value init = zeroFilled(rewriter, loc, outTy, [&](int64_t d) {
      if (d == static_cast<int64_t>(b0) + 1)
        return std::pair<Value, int64_t>(op.getRhs(), d);
      if (rank == 3 && d == 0 && !lhsTy.isDynamicDim(0))
        return std::pair<Value, int64_t>(op.getRhs(), 0);
      return std::pair<Value, int64_t>(op.getLhs(), d);
    });
    auto mm = linalg::GenericOp::create(
        rewriter, loc, TypeRange{outTy}, ValueRange{op.getLhs(), op.getRhs()},
        ValueRange{init},
        ArrayRef<AffineMap>{mapOf(m, k), mapOf(k, nn), mapOf(m, nn)}, iters,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = extendInt(b, l, args[0], i32, lU);
          Value y = extendInt(b, l, args[1], i32, rU);
          x = subConst(b, l, x, lZp);
          y = subConst(b, l, y, rZp);
          Value p = arith::MulIOp::create(b, l, x, y);
          linalg::YieldOp::create(
              b, l, arith::AddIOp::create(b, l, args[2], p).getResult());
        });
    rewriter.replaceOp(op, mm.getResult(0));
    return success();
  }
};

struct AvgPool2DLowering : QNNPattern<AvgPool2DOp> {
  using QNNPattern::QNNPattern;
  LogicalResult lower(AvgPool2DOp op,
                      PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    auto inTy = cast<RankedTensorType>(op.getInput().getType());
    auto outTy = cast<RankedTensorType>(op.getType());
    Type elemTy = inTy.getElementType();
    ArrayRef<int64_t> kernel = op.getKernel(), strides = op.getStrides(),
                      pad = op.getPad();
    int64_t zp = op.getZpAttr().getInt();
    bool isUnsigned = op.getIsUnsigned();
    Rounding mode = toMath(op.getRounding());
    unsigned width = cast<IntegerType>(elemTy).getWidth();
    auto range = quantmlir::IntRange::get(width, !isUnsigned);

    // |q - zp| < 2^width (width <= 32, see checkLowerable) and the window
    // holds `area` values: the sum fits i32 when area < 2^(31 - width), and
    // i64 always (area < 2^31).
    int64_t area = kernel[0] * kernel[1];
    Type accTy = (width < 31 && area < (int64_t(1) << (31 - width)))
                     ? rewriter.getI32Type()
                     : rewriter.getI64Type();
    auto sumTy = RankedTensorType::get(outTy.getShape(), accTy);

    // Window sums of (q - zp); padding holds zp and contributes nothing.
    Value input = padNHWC(rewriter, loc, op.getInput(), pad, zp);
    Value window =
        tensor::EmptyOp::create(rewriter, loc, kernel, rewriter.getI8Type());
    AffineExpr n, oh, ow, c, kh, kw;
    bindDims(ctx, n, oh, ow, c, kh, kw);
    AffineMap inMap = AffineMap::get(
        6, 0, {n, oh * strides[0] + kh, ow * strides[1] + kw, c}, ctx);
    AffineMap winMap = AffineMap::get(6, 0, {kh, kw}, ctx);
    AffineMap outMap = AffineMap::get(6, 0, {n, oh, ow, c}, ctx);
    using IT = utils::IteratorType;
    SmallVector<IT> iters = {IT::parallel, IT::parallel,  IT::parallel,
                             IT::parallel, IT::reduction, IT::reduction};
    Value sums =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{sumTy}, ValueRange{input, window},
            ValueRange{zeroFilled(rewriter, loc, sumTy,
                                  [&](int64_t) {
                                    return std::pair<Value, int64_t>(
                                        op.getInput(), 0);
                                  })},
            ArrayRef<AffineMap>{inMap, winMap, outMap}, iters,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value x = extendInt(b, l, args[0], accTy, isUnsigned);
              x = subConst(b, l, x, zp);
              linalg::YieldOp::create(
                  b, l, arith::AddIOp::create(b, l, args[2], x).getResult());
            })
            .getResult(0);

    // Number of window positions inside the input, per output position.
    int64_t outH = outTy.getDimSize(1), outW = outTy.getDimSize(2);
    auto inside = [](int64_t start, int64_t k, int64_t size) {
      return std::max<int64_t>(0, std::min(start + k, size) -
                                      std::max<int64_t>(start, 0));
    };
    SmallVector<int64_t> counts;
    for (int64_t y = 0; y < outH; ++y)
      for (int64_t x = 0; x < outW; ++x)
        counts.push_back(
            inside(y * strides[0] - pad[0], kernel[0], inTy.getDimSize(1)) *
            inside(x * strides[1] - pad[2], kernel[1], inTy.getDimSize(2)));

    ElementwiseBuilder eb(rewriter, loc, outTy);
    BodyValue sum = eb.input(sums);
    BodyValue count;
    if (llvm::all_equal(counts)) {
      count = ElementwiseBuilder::scalar(intAttr(accTy, counts.front()));
    } else {
      auto countTy = RankedTensorType::get({outH, outW}, accTy);
      SmallVector<APInt> vals;
      for (int64_t v : counts)
        vals.push_back(APInt(cast<IntegerType>(accTy).getWidth(), v));
      Value cst = arith::ConstantOp::create(
          rewriter, loc, DenseElementsAttr::get(countTy, vals));
      count = eb.input(cst, AffineMap::get(4, 0, {oh, ow}, ctx));
    }
    Value result = eb.build([&](OpBuilder &b, Location l, auto get) -> Value {
      Value v = get(sum);
      if (count.arg >= 0 || counts.front() != 1)
        v = roundingDivide(b, l, v, get(count), mode);
      v = addConst(b, l, v, zp);
      // Unsigned grids: compare as signed in the (wider) accumulator type.
      v = arith::MaxSIOp::create(b, l, v, intConst(b, l, accTy, range.qmin));
      v = arith::MinSIOp::create(b, l, v, intConst(b, l, accTy, range.qmax));
      return arith::TruncIOp::create(b, l, elemTy, v);
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ClampLowering : QNNPattern<ClampOp> {
  using QNNPattern::QNNPattern;
  LogicalResult lower(ClampOp op, PatternRewriter &rewriter) const override {
    auto ty = cast<RankedTensorType>(op.getType());
    Type elemTy = ty.getElementType();
    bool isUnsigned = op.getIsUnsigned();
    // Bounds beyond the storage range act as the range (constants of the
    // element type could not hold them).
    unsigned width = cast<IntegerType>(elemTy).getWidth();
    int64_t qmin =
        isUnsigned ? 0 : APInt::getSignedMinValue(width).getSExtValue();
    int64_t qmax =
        width >= 64
            ? std::numeric_limits<int64_t>::max()
            : (isUnsigned ? static_cast<int64_t>(
                                APInt::getMaxValue(width).getZExtValue())
                          : APInt::getSignedMaxValue(width).getSExtValue());
    int64_t lo = std::max<int64_t>(op.getMinAttr().getInt(), qmin);
    int64_t hi = std::min<int64_t>(op.getMaxAttr().getInt(), qmax);
    ElementwiseBuilder eb(rewriter, op.getLoc(), ty);
    BodyValue x = eb.input(op.getInput());
    Value result = eb.build([&](OpBuilder &b, Location l, auto get) -> Value {
      Value v = get(x);
      Value loC = intConst(b, l, elemTy, lo), hiC = intConst(b, l, elemTy, hi);
      if (isUnsigned) {
        v = arith::MaxUIOp::create(b, l, v, loC);
        return arith::MinUIOp::create(b, l, v, hiC);
      }
      v = arith::MaxSIOp::create(b, l, v, loC);
      return arith::MinSIOp::create(b, l, v, hiC);
    });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

struct ConvertQNNToLinalgPass
    : public mlir::qnn::impl::ConvertQNNToLinalgBase<ConvertQNNToLinalgPass> {
  using ConvertQNNToLinalgBase::ConvertQNNToLinalgBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();

    // Report every op that cannot be lowered, with the reason, at the op.
    bool failedCheck = false;
    module.walk([&](Operation *op) {
      if (!isa_and_nonnull<QNNDialect>(op->getDialect()))
        return;
      std::string why;
      if (failed(checkLowerable(op, why))) {
        op->emitOpError() << "cannot be lowered to linalg: " << why;
        failedCheck = true;
      }
    });
    if (failedCheck)
      return signalPassFailure();

    if (requantizeDtype != "int64" && requantizeDtype != "float32") {
      mlir::emitError(module.getLoc())
          << "convert-qnn-to-linalg: requantize-dtype must be "
                            "`int64` or `float32`, not `"
                         << requantizeDtype << "`";
      return signalPassFailure();
    }
    RewritePatternSet patterns(ctx);
    populateQNNToLinalgPatterns(patterns, requantizeDtype == "float32");
    ConversionTarget target(*ctx);
    target.addIllegalDialect<QNNDialect>();
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void mlir::qnn::populateQNNToLinalgPatterns(RewritePatternSet &patterns,
                                            bool floatRequantize) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<SimulatedQuantizeLowering, QuantizeLowering, DequantizeLowering,
               MulLowering, Conv2DLowering, MatmulLowering, AvgPool2DLowering,
               ClampLowering>(ctx);
  patterns.add<RequantizeLowering, ConcatLowering, AddLowering>(
      ctx, floatRequantize);
}
