//===- Realize.cpp - qnn-realize ------------------------------------------===//
//
// Part of QuantMLIR.
//
// Turns a calibrated float graph (bound qnn.simulated_quantize ops around
// TOSA ops) into the integer graph (TVM's realize step).
//
// The walk visits ops in program order and keeps a map from float values to
// their integer representation: `grid[v] = (q, p)` means that float value v
// is represented by the integer tensor q on the grid p, i.e. v ~ (q - zp) * s.
// Only results of "realized" ops (ops that are replaced and erased at the
// end) enter the map:
//   * simulated_quantize y = sq(x; p): y -> qnn.quantize(x) when x is float,
//     an integer constant when x is a constant, x's integer value when x is
//     already on grid p, or a qnn.requantize of it to p otherwise (the
//     activation after a conv / matmul lands here: i32 accumulator -> p);
//   * conv2d / depthwise_conv2d / transpose_conv2d / matmul: the i32
//     accumulator on the grid (s_in * s_w, zp 0), per channel for per-axis
//     weights; an add of a constant right after a matmul (a dense layer's
//     bias) adds to that accumulator;
//   * add, sub, mul, concat, sigmoid / tanh (table lookup): the integer op
//     writes straight to the grid of the simulated_quantize that consumes
//     it (it needs its output parameters);
//   * avg_pool2d: qnn.avg_pool2d on the grid of its input;
//   * reduce_sum: an i32 sum on the grid (s_in, 0);
//   * clamp, max_pool2d, reduce_max, reshape, transpose, slice, pad: the
//     same grid as operand 0.
// An op is realized only when its quantized operands are in the map and its
// parameters are supported; otherwise it stays float and, when an operand
// was on a grid, a remark says why (the integer form would overflow its
// int32 accumulator, a bias is not a constant, ...): the float op then reads
// dequantized operands and computes what the simulation computes. Ops
// qnn-annotate excluded (qnn.keep_float) stay float silently. A
// grid-preserving op (max pooling, reshape, transpose, ...) that cannot be
// re-created on integers still yields values on its input grid: its float
// result is quantized again (exactly) so that quantization resumes after it.
// Finally every use of a realized value by an op that stays float
// (func.return, an op without a rule, an op that could not be realized)
// receives a qnn.dequantize, and the realized float ops and the constants
// only they used are erased.
//
// Conversions are created right after the definition of the value they
// convert and cached, so a value consumed by several ops on one grid is
// quantized (and dequantized) once. partition-conversions then moves what
// lies between the edge conversions into its own function
// (PartitionConversions.cpp).
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Math/QuantMath.h"
#include "QuantMLIR/Transforms/LinalgMatchers.h"
#include "QuantMLIR/Transforms/Passes.h"
#include "QuantMLIR/Transforms/Quantize.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <limits>
#include <tuple>

namespace mlir {
namespace qnn {
#define GEN_PASS_DEF_QNNREALIZE
#include "QuantMLIR/Transforms/Passes.h.inc"
} // namespace qnn
} // namespace mlir

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// A float value's integer representation.
struct GridValue {
  Value value;
  QuantParamsAttr params;
  RoundingMode rounding = RoundingMode::half_to_even;
};

quantmlir::Rounding toMath(RoundingMode mode) {
  // The enums share their numbering (see QuantMath.h).
  return static_cast<quantmlir::Rounding>(static_cast<int>(mode));
}

/// A stored grid (not an i32 accumulator).
bool isStored(QuantParamsAttr p) { return p.getBits() <= 16; }
bool isStoredPerTensor(QuantParamsAttr p) {
  return isStored(p) && !p.isPerAxis();
}
/// Per-tensor, or per-axis along `axis` with one common zero point (the
/// integer compute ops take a single zero point per operand).
bool isUniformZpAlong(QuantParamsAttr p, int64_t axis) {
  if (!p.isPerAxis())
    return true;
  ArrayRef<int64_t> zps = p.getZeroPoints();
  return p.getAxis() == axis &&
         llvm::all_of(zps, [&](int64_t z) { return z == zps.front(); });
}

/// Storage type of TOSA ops re-created on integers: i8 / i16.
bool isTosaStorable(QuantParamsAttr p) {
  return p.getBits() == 8 || p.getBits() == 16;
}

/// True when `value` is a float constant whose elements are all 0 (the zero
/// point operands of float TOSA ops).
bool isZeroConstant(Value value) {
  SmallVector<double> values;
  if (failed(getConstantFloatValues(value, values)))
    return false;
  return llvm::all_of(values, [](double v) { return v == 0.0; });
}

RankedTensorType withElementType(Type type, Type elemTy) {
  auto tensorTy = dyn_cast<RankedTensorType>(type);
  if (!tensorTy)
    return {};
  return RankedTensorType::get(tensorTy.getShape(), elemTy);
}

/// A scale usable in an integer op's parameters: finite, positive and
/// normal (products and ratios of scales must not underflow to 0).
bool isUsableScale(double s) {
  return std::isfinite(s) && s >= std::numeric_limits<double>::min();
}

/// The float semantics in which qnn.quantize and qnn.simulated_quantize
/// divide by the scale, as convert-qnn-to-linalg lowers them: f64 for f64
/// tensors and for scales that are not normal f32 numbers (they would round
/// to 0, a subnormal or infinity), f32 otherwise (f16 / bf16 included).
const llvm::fltSemantics &getQuantizeComputeSemantics(Type elemTy,
                                                      QuantParamsAttr p) {
  bool f64 = cast<FloatType>(elemTy).getWidth() > 32 ||
             llvm::any_of(p.getScales(), [](double s) {
               return !(s >= std::numeric_limits<float>::min() &&
                        s <= std::numeric_limits<float>::max());
             });
  return f64 ? APFloat::IEEEdouble() : APFloat::IEEEsingle();
}

/// Parameters of an i32 accumulator holding products of a per-tensor
/// operand (scale `sIn`) and `w` (per-tensor or per-axis): scale sIn * s_w,
/// zero point 0; per-axis along `accAxis` when `w` is. Null when a product
/// of scales is not usable (it underflows or overflows a double).
QuantParamsAttr accumulatorParams(MLIRContext *ctx, double sIn,
                                  QuantParamsAttr w, int64_t accAxis) {
  SmallVector<double> scales;
  for (double s : w.getScales()) {
    scales.push_back(sIn * s);
    if (!isUsableScale(scales.back()))
      return {};
  }
  if (!w.isPerAxis())
    return QuantParamsAttr::get(ctx, scales.front(), 0, 32,
                                /*isSigned=*/true, /*narrowRange=*/false);
  SmallVector<int64_t> zps(scales.size(), 0);
  return QuantParamsAttr::get(ctx, scales, zps, accAxis, 32,
                              /*isSigned=*/true, /*narrowRange=*/false);
}

/// Largest |q - zp| over the values of a stored grid (all channels).
uint64_t maxAbsOffset(QuantParamsAttr p) {
  uint64_t m = 0;
  for (int64_t zp : p.getZeroPoints())
    m = std::max<uint64_t>(
        m, std::max<int64_t>(p.getQMax() - zp, zp - p.getQMin()));
  return m;
}

/// Bounds sum_k |w - zp| over the contraction of an integer operand `w`
/// stored with `p` (one zero point: per-tensor, or per-axis with equal zero
/// points). `outDims` are the dimensions that index the outputs (the others
/// are summed over); the result has one entry per output, row-major over
/// `outDims`. Exact for a constant `w`, `k * max|w - zp|` otherwise.
/// Saturates at UINT64_MAX.
SmallVector<uint64_t> contractionAbsSums(Value w, QuantParamsAttr p,
                                         ArrayRef<int64_t> outDims) {
  auto ty = cast<RankedTensorType>(w.getType());
  ArrayRef<int64_t> shape = ty.getShape();
  int64_t numOut = 1;
  for (int64_t d : outDims)
    numOut *= shape[d];
  uint64_t k = static_cast<uint64_t>(ty.getNumElements() / numOut);
  DenseIntElementsAttr attr;
  if (!matchPattern(w, m_Constant(&attr)))
    return SmallVector<uint64_t>(numOut,
                                 llvm::SaturatingMultiply(k, maxAbsOffset(p)));

  // Row-major strides of `w`.
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  int64_t zp = p.getZeroPoints().front();
  bool isUnsigned = !p.getIsSigned();
  SmallVector<uint64_t> sums(numOut, 0);
  int64_t i = 0;
  for (const APInt &v : attr.getValues<APInt>()) {
    int64_t q =
        isUnsigned ? static_cast<int64_t>(v.getZExtValue()) : v.getSExtValue();
    int64_t out = 0;
    for (int64_t d : outDims)
      out = out * shape[d] + (i / strides[d]) % shape[d];
    sums[out] =
        llvm::SaturatingAdd(sums[out], static_cast<uint64_t>(std::abs(q - zp)));
    ++i;
  }
  return sums;
}

/// The largest value an int32 accumulator may hold.
constexpr uint64_t kAccMax = std::numeric_limits<int32_t>::max();

class Realizer {
public:
  explicit Realizer(Operation *root) : root(root), ctx(root->getContext()) {}

  LogicalResult run();

private:
  // Visiting.
  void visit(Operation *op);
  void realizeSimulatedQuantize(SimulatedQuantizeOp op);
  // Each returns true when it realized the op; otherwise `why` says why not
  // (empty when the op has no quantized operand to begin with).
  bool realizeConv2D(tosa::Conv2DOp op, std::string &why);
  bool realizeDepthwiseConv2D(tosa::DepthwiseConv2DOp op, std::string &why);
  bool realizeTransposeConv2D(tosa::TransposeConv2DOp op, std::string &why);
  bool realizeMatMul(tosa::MatMulOp op, std::string &why);
  bool realizeAdd(tosa::AddOp op, std::string &why);
  bool realizeBiasAdd(tosa::AddOp op, const GridValue &acc, Value bias,
                      std::string &why);
  bool realizeSub(tosa::SubOp op, std::string &why);
  bool realizeMul(tosa::MulOp op, std::string &why);
  bool realizeConcat(tosa::ConcatOp op, std::string &why);
  bool realizePad(tosa::PadOp op, std::string &why);
  bool realizeReduceSum(tosa::ReduceSumOp op, std::string &why);
  bool realizeTable(Operation *op, llvm::function_ref<double(double)> fn,
                    std::string &why);
  /// The integer conv (qnn.conv2d) of `in` (integer value `input`) and the
  /// F x KH x KW x C/groups integer weight `weightOHWI` (on `w`'s grid,
  /// per-axis along 0 when per channel) with the float `bias` of `op`.
  bool buildConv(Operation *op, const GridValue &in, const GridValue &w,
                 Value input, Value weightOHWI, Value bias,
                 ArrayRef<int64_t> stride, ArrayRef<int64_t> pad,
                 ArrayRef<int64_t> dilation, int64_t groups, std::string &why);
  /// The single bound, per-tensor activation simulated_quantize reading
  /// `result` (binary ops and lookups write straight onto its grid), or
  /// null with `why` set.
  SimulatedQuantizeOp getOutputActivation(Value result, std::string &why);
  /// Records that `op` (its result 0) writes `value` on the grid of `sq`.
  void fuseActivation(Operation *op, SimulatedQuantizeOp sq, Value value);
  /// A copy of the integer constant `w` with its elements remapped (see
  /// remapConstant); null when `w` is not a constant.
  Value remapWeight(Value w, ArrayRef<int64_t> shape,
                    llvm::function_ref<int64_t(ArrayRef<int64_t>)> source);
  Value constShape(OpBuilder &b, Location loc, ArrayRef<int64_t> values);
  /// A tosa.const tensor<1 x elemTy> holding `value`.
  Value scalarConst(OpBuilder &b, Location loc, Type elemTy, int64_t value);
  bool realizeClamp(tosa::ClampOp op, std::string &why);
  bool realizeAvgPool2d(tosa::AvgPool2dOp op, std::string &why);
  bool realizeSameGridTosa(Operation *op, bool needsSigned, std::string &why);
  /// qnn.clamp of `in` to the grid points inside [lo, hi] (tosa.clamp and
  /// the linalg clamp generics).
  bool realizeClampValues(Operation *op, const GridValue &in, double lo,
                          double hi, std::string &why);
  /// buildConv with the bias values given; `nchw`: `op`'s result is NCHW
  /// (the NHWC qnn.conv2d result is transposed back, the accumulator's
  /// channel axis is 1).
  bool buildConvWithBias(Operation *op, const GridValue &in, const GridValue &w,
                         Value input, Value weightOHWI,
                         SmallVector<double> bias, ArrayRef<int64_t> stride,
                         ArrayRef<int64_t> pad, ArrayRef<int64_t> dilation,
                         int64_t groups, bool nchw, std::string &why);

  // linalg on tensors (LinalgMatchers.h, docs/QuantizationSpec.md sec. 13).
  bool realizeLinalgConv(Operation *op, std::string &why);
  bool realizeLinalgMatmul(Operation *op, std::string &why);
  bool realizeLinalgElementwise(Operation *op, std::string &why);
  bool realizeLinalgBinary(Operation *op, LinalgElementwiseKind kind,
                           std::string &why);
  bool realizeLinalgBiasAdd(Operation *op, const LinalgBiasAdd &m,
                            std::string &why);
  bool realizeLinalgPad(tensor::PadOp op, std::string &why);
  bool realizeSameGridLinalg(Operation *op, std::string &why);
  bool realizeLinalgConcat(tensor::InsertSliceOp op, std::string &why);
  bool realizeLinalgAvgPool(const LinalgAvgPool &m, std::string &why);
  /// `acc` (an i32 tensor) plus the per-channel constant `biasQ` along
  /// `channelDim` (linalg.generic, arith.addi).
  Value addToAccumulator(OpBuilder &b, Location loc, Value acc,
                         ArrayRef<int32_t> biasQ, int64_t channelDim);
  /// A linalg.transpose of `v` by `perm` into a new tensor.empty.
  Value transposeTensor(OpBuilder &b, Location loc, Value v,
                        ArrayRef<int64_t> perm);

  // Conversions (cached).
  std::optional<GridValue> lookup(Value v) const {
    auto it = grid.find(v);
    if (it == grid.end())
      return std::nullopt;
    return it->second;
  }
  OpBuilder builderAfterDef(Value v);
  Value quantizeFloat(Value x, QuantParamsAttr p, RoundingMode r);
  Value quantizeConstant(Value x, ArrayRef<double> values, QuantParamsAttr p,
                         RoundingMode r);
  Value requantize(const GridValue &g, QuantParamsAttr p, RoundingMode r);
  Value dequantize(const GridValue &g, Type floatType);

  LogicalResult cleanup();

  Operation *root;
  MLIRContext *ctx;
  llvm::DenseMap<Value, GridValue> grid;
  /// For matmul accumulators: per column, the largest |accumulator| the
  /// products can reach (a bias added later must keep it within int32).
  llvm::DenseMap<Value, SmallVector<uint64_t>> accumulatorBounds;
  llvm::SetVector<Operation *> realized;
  /// Conversion cache: (source value, target params, rounding or result
  /// type) -> converted value.
  llvm::DenseMap<std::tuple<Value, Attribute, Attribute>, Value> cache;
  /// Ops created by the realization (conversions, integer ops): erased at
  /// the end when unused.
  llvm::SetVector<Operation *> created;
};

} // namespace

//===----------------------------------------------------------------------===//
// Conversions
//===----------------------------------------------------------------------===//

OpBuilder Realizer::builderAfterDef(Value v) {
  OpBuilder b(ctx);
  if (Operation *def = v.getDefiningOp())
    b.setInsertionPointAfter(def);
  else
    b.setInsertionPointToStart(cast<BlockArgument>(v).getOwner());
  return b;
}

Value Realizer::quantizeFloat(Value x, QuantParamsAttr p, RoundingMode r) {
  auto roundingAttr = RoundingModeAttr::get(ctx, r);
  auto key = std::make_tuple(x, Attribute(p), Attribute(roundingAttr));
  if (Value cached = cache.lookup(key))
    return cached;
  OpBuilder b = builderAfterDef(x);
  Value q = b.createOrFold<QuantizeOp>(
      x.getLoc(), withElementType(x.getType(), p.getStorageType()), x, p,
      roundingAttr);
  if (Operation *def = q.getDefiningOp(); def && isa<QuantizeOp>(def))
    created.insert(def);
  cache[key] = q;
  return q;
}

Value Realizer::quantizeConstant(Value x, ArrayRef<double> values,
                                 QuantParamsAttr p, RoundingMode r) {
  auto roundingAttr = RoundingModeAttr::get(ctx, r);
  auto key = std::make_tuple(x, Attribute(p), Attribute(roundingAttr));
  if (Value cached = cache.lookup(key))
    return cached;
  auto type = withElementType(x.getType(), p.getStorageType());
  quantmlir::IntRange range = quantmlir::IntRange::get(
      p.getBits(), p.getIsSigned(), p.getNarrowRange());
  // Channel of flat index i along the axis: (i / inner) % dim.
  int64_t inner = 1, dim = 1;
  if (p.isPerAxis()) {
    ArrayRef<int64_t> shape = type.getShape();
    dim = shape[p.getAxis()];
    for (int64_t d = p.getAxis() + 1; d < type.getRank(); ++d)
      inner *= shape[d];
  }
  // x / s is a division in the float type that qnn.quantize and
  // qnn.simulated_quantize compute in (see convert-qnn-to-linalg), then
  // rounded, shifted by the zero point and saturated by quantmlir::quantize
  // with a unit scale.
  const llvm::fltSemantics &sem = getQuantizeComputeSemantics(
      cast<ShapedType>(x.getType()).getElementType(), p);
  SmallVector<APInt> ints;
  ints.reserve(values.size());
  for (auto [i, v] : llvm::enumerate(values)) {
    size_t channel = p.isPerAxis() ? (i / inner) % dim : 0;
    bool losesInfo = false;
    APFloat xv(v), sv(p.getScale(channel));
    xv.convert(sem, APFloat::rmNearestTiesToEven, &losesInfo); // exact
    sv.convert(sem, APFloat::rmNearestTiesToEven, &losesInfo);
    xv.divide(sv, APFloat::rmNearestTiesToEven);
    xv.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
               &losesInfo); // exact
    // Saturate before rounding so that +-inf (a huge weight over a tiny
    // scale) reaches the numeric core as a finite value; NaN becomes 0.
    // (Any |x / s| beyond qmax - qmin + 1 saturates whatever the zero point.)
    double bound = static_cast<double>(range.qmax - range.qmin) + 1.0;
    double xs = xv.convertToDouble();
    xs = std::isnan(xs) ? 0.0 : std::clamp(xs, -bound, bound);
    quantmlir::ScaleZp sz{1.0, p.getZeroPoint(channel)};
    int64_t q = quantmlir::quantize(xs, sz, range, toMath(r));
    ints.push_back(p.getIsSigned()
                       ? APInt(p.getBits(), q, /*isSigned=*/true)
                       : APInt(p.getBits(), static_cast<uint64_t>(q)));
  }
  OpBuilder b = builderAfterDef(x);
  auto cst = arith::ConstantOp::create(b, x.getLoc(), type,
                                       DenseElementsAttr::get(type, ints));
  created.insert(cst);
  cache[key] = cst.getResult();
  return cst.getResult();
}

Value Realizer::requantize(const GridValue &g, QuantParamsAttr p,
                           RoundingMode r) {
  auto roundingAttr = RoundingModeAttr::get(ctx, r);
  auto key = std::make_tuple(g.value, Attribute(p), Attribute(roundingAttr));
  if (Value cached = cache.lookup(key))
    return cached;
  OpBuilder b = builderAfterDef(g.value);
  auto op = RequantizeOp::create(
      b, g.value.getLoc(),
      withElementType(g.value.getType(), p.getStorageType()), g.value, g.params,
      p, roundingAttr);
  created.insert(op);
  cache[key] = op.getResult();
  return op.getResult();
}

Value Realizer::dequantize(const GridValue &g, Type floatType) {
  auto key = std::make_tuple(g.value, Attribute(g.params),
                             Attribute(TypeAttr::get(floatType)));
  if (Value cached = cache.lookup(key))
    return cached;
  OpBuilder b = builderAfterDef(g.value);
  auto op =
      DequantizeOp::create(b, g.value.getLoc(), floatType, g.value, g.params);
  created.insert(op);
  cache[key] = op.getResult();
  return op.getResult();
}

//===----------------------------------------------------------------------===//
// Op by op
//===----------------------------------------------------------------------===//

void Realizer::realizeSimulatedQuantize(SimulatedQuantizeOp op) {
  QuantParamsAttr p = op.getParamsAttr();
  RoundingMode r = op.getRounding();
  Value x = op.getInput();
  Value result;
  if (std::optional<GridValue> src = lookup(x)) {
    // Already on a grid: the same one, or requantize (i32 accumulator ->
    // activation grid, or between two stored grids).
    result = src->params == p ? src->value : requantize(*src, p, r);
  } else {
    // Constants (weights, and constant inputs) are quantized at compile
    // time.
    SmallVector<double> values;
    if (succeeded(getConstantFloatValues(x, values)))
      result = quantizeConstant(x, values, p, r);
    else
      result = quantizeFloat(x, p, r);
  }
  grid[op.getOutput()] = GridValue{result, p, r};
  realized.insert(op);
}

/// Sets `why` and returns false (for the realize* functions).
static bool notRealized(std::string &why, const Twine &reason) {
  why = reason.str();
  return false;
}

static std::string formatScale(double d) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << d;
  return text;
}

/// Operand checks shared by conv2d and matmul; `what` names the operands.
static bool checkComputeOperands(const std::optional<GridValue> &in,
                                 const std::optional<GridValue> &w,
                                 int64_t weightAxis, StringRef inName,
                                 StringRef wName, std::string &why) {
  if (!in && !w)
    return false; // not annotated: nothing to say
  if (!in)
    return notRealized(why, inName + " is not quantized");
  if (!w)
    return notRealized(why, wName + " is not quantized");
  if (!isStoredPerTensor(in->params))
    return notRealized(why, inName + " must be on a per-tensor grid");
  if (!isStored(w->params))
    return notRealized(why, wName + " is not on a stored grid");
  if (!isUniformZpAlong(w->params, weightAxis))
    return notRealized(why, wName + " is per-axis along another axis or "
                                    "with different zero points");
  return true;
}

/// Checks that `accumulator = bias + sum (x - zp_x) * (w - zp_w)` always fits
/// an int32 for every output: max|x - zp_x| * sum_k |w - zp_w| + |bias|.
/// `bias` is empty or has one entry per output (`sums`).
static bool checkAccumulatorRange(QuantParamsAttr in, ArrayRef<uint64_t> sums,
                                  ArrayRef<int32_t> bias, std::string &why) {
  uint64_t maxIn = maxAbsOffset(in);
  for (auto [i, sum] : llvm::enumerate(sums)) {
    uint64_t bound = llvm::SaturatingMultiply(maxIn, sum);
    if (!bias.empty())
      bound = llvm::SaturatingAdd(
          bound, static_cast<uint64_t>(std::abs(int64_t(bias[i]))));
    if (bound > kAccMax)
      return notRealized(
          why, "the int32 accumulator could overflow (|accumulator| up to " +
                   (bound == std::numeric_limits<uint64_t>::max()
                        ? std::string("2^64")
                        : std::to_string(bound)) +
                   " for output " + std::to_string(i) + ")");
  }
  return true;
}

/// A constant's elements with their indices remapped: element `i` of the
/// result (of shape `shape`, row-major) is element `source(i)` of `attr`.
static DenseElementsAttr
remapConstant(DenseElementsAttr attr, ArrayRef<int64_t> shape,
              llvm::function_ref<int64_t(ArrayRef<int64_t>)> source) {
  auto type = RankedTensorType::get(shape, attr.getElementType());
  SmallVector<APInt> src(attr.getValues<APInt>());
  SmallVector<APInt> dst;
  dst.reserve(src.size());
  SmallVector<int64_t> index(shape.size(), 0);
  for (size_t i = 0; i < src.size(); ++i) {
    dst.push_back(src[source(index)]);
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return DenseElementsAttr::get(type, dst);
}

Value Realizer::remapWeight(
    Value w, ArrayRef<int64_t> shape,
    llvm::function_ref<int64_t(ArrayRef<int64_t>)> source) {
  DenseElementsAttr attr;
  if (!matchPattern(w, m_Constant(&attr)))
    return {};
  DenseElementsAttr remapped = remapConstant(attr, shape, source);
  OpBuilder b = builderAfterDef(w);
  auto cst =
      arith::ConstantOp::create(b, w.getLoc(), remapped.getType(), remapped);
  created.insert(cst);
  return cst.getResult();
}

bool Realizer::buildConv(Operation *op, const GridValue &in, const GridValue &w,
                         Value input, Value weightOHWI, Value biasValue,
                         ArrayRef<int64_t> stride, ArrayRef<int64_t> pad,
                         ArrayRef<int64_t> dilation, int64_t groups,
                         std::string &why) {
  if (!isa<RankedTensorType>(op->getResult(0).getType()))
    return notRealized(why, "the result is not a ranked tensor");
  SmallVector<double> bias;
  if (failed(getConstantFloatValues(biasValue, bias)))
    return notRealized(why, "the bias is not a constant");
  return buildConvWithBias(op, in, w, input, weightOHWI, std::move(bias),
                           stride, pad, dilation, groups, /*nchw=*/false, why);
}

bool Realizer::buildConvWithBias(Operation *op, const GridValue &in,
                                 const GridValue &w, Value input,
                                 Value weightOHWI, SmallVector<double> bias,
                                 ArrayRef<int64_t> stride,
                                 ArrayRef<int64_t> pad,
                                 ArrayRef<int64_t> dilation, int64_t groups,
                                 bool nchw, std::string &why) {
  auto resultTy = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  auto weightTy = cast<RankedTensorType>(weightOHWI.getType());
  // Rank 5: a depthwise_conv_2d_nhwc_hwcm's N x H x W x C x M.
  bool nhwcm = resultTy && resultTy.getRank() == 5 && !nchw;
  if (!resultTy || (resultTy.getRank() != 4 && !nhwcm))
    return notRealized(why, "the result is not a rank-4 tensor");
  int64_t numOut = weightTy.getDimSize(0);
  if (bias.size() == 1 && numOut != 1)
    bias.assign(numOut, bias.front()); // TOSA broadcasts a 1-element bias
  if (static_cast<int64_t>(bias.size()) != numOut)
    return notRealized(why, "the bias does not have one value per output "
                            "channel");

  // NHWC result: output channels are dimension 3 (1 in NCHW).
  QuantParamsAttr accParams =
      accumulatorParams(ctx, in.params.getScale(), w.params, nchw ? 1 : 3);
  if (!accParams)
    return notRealized(why, "the accumulator scale (input scale " +
                                formatScale(in.params.getScale()) +
                                " * weight scale) is not a normal double");
  if (accParams.isPerAxis() &&
      static_cast<int64_t>(accParams.getScales().size()) != numOut)
    return notRealized(why, "the per-axis weight parameters do not have one "
                            "entry per output channel");
  // bias_q = round_half_to_even(b / (s_x * s_w)), which must fit the int32
  // accumulator. The division is in double precision.
  SmallVector<int32_t> biasQ;
  for (auto [f, b] : llvm::enumerate(bias)) {
    double v = quantmlir::roundWithMode(b / accParams.getScale(f),
                                        quantmlir::Rounding::HalfToEven);
    if (std::isnan(v))
      return notRealized(why, "the bias has a NaN value");
    if (!(std::fabs(v) <= double(kAccMax)))
      return notRealized(why, "bias " + formatScale(b) +
                                  " does not fit the int32 accumulator "
                                  "(scale " +
                                  formatScale(accParams.getScale(f)) + ")");
    biasQ.push_back(static_cast<int32_t>(v));
  }
  if (!checkAccumulatorRange(
          in.params, contractionAbsSums(weightOHWI, w.params, {0}), biasQ, why))
    return false;

  OpBuilder b(op);
  Location loc = op->getLoc();
  auto i32 = b.getI32Type();
  auto biasTy = RankedTensorType::get({numOut}, i32);
  Value biasCst = arith::ConstantOp::create(
      b, loc, biasTy, DenseElementsAttr::get(biasTy, ArrayRef(biasQ)));
  RankedTensorType convTy = withElementType(resultTy, i32);
  ArrayRef<int64_t> rs = resultTy.getShape();
  if (nchw)
    convTy = RankedTensorType::get({rs[0], rs[2], rs[3], rs[1]}, i32);
  if (nhwcm)
    convTy = RankedTensorType::get(
        {rs[0], rs[1], rs[2],
         ShapedType::isDynamic(rs[3]) || ShapedType::isDynamic(rs[4])
             ? ShapedType::kDynamic
             : rs[3] * rs[4]},
        i32);
  auto conv = Conv2DOp::create(
      b, loc, convTy, input, weightOHWI, biasCst,
      b.getI64IntegerAttr(in.params.getZeroPoint()),
      b.getI64IntegerAttr(w.params.getZeroPoint()),
      b.getBoolAttr(!in.params.getIsSigned()),
      b.getBoolAttr(!w.params.getIsSigned()), b.getDenseI64ArrayAttr(stride),
      b.getDenseI64ArrayAttr(pad), b.getDenseI64ArrayAttr(dilation),
      b.getI64IntegerAttr(groups));
  created.insert(conv); // erased at the end when its result is unused
  Value acc = conv.getResult();
  if (nchw)
    acc = transposeTensor(b, loc, acc, {0, 3, 1, 2});
  if (nhwcm) {
    auto expand = tensor::ExpandShapeOp::create(
        b, loc, withElementType(resultTy, i32), acc,
        ArrayRef<ReassociationIndices>{{0}, {1}, {2}, {3, 4}});
    created.insert(expand);
    acc = expand.getResult();
  }
  grid[op->getResult(0)] = GridValue{acc, accParams, in.rounding};
  // Per output channel, the largest |accumulator| (a bias add after the
  // conv, as tosa-to-linalg emits for depthwise convs, must stay in int32).
  SmallVector<uint64_t> sums = contractionAbsSums(weightOHWI, w.params, {0});
  SmallVector<uint64_t> bounds;
  uint64_t maxIn = maxAbsOffset(in.params);
  for (auto [f, sum] : llvm::enumerate(sums))
    bounds.push_back(llvm::SaturatingAdd(
        llvm::SaturatingMultiply(maxIn, sum),
        static_cast<uint64_t>(std::abs(int64_t(biasQ[f])))));
  accumulatorBounds[op->getResult(0)] = std::move(bounds);
  return true;
}

bool Realizer::realizeConv2D(tosa::Conv2DOp op, std::string &why) {
  std::optional<GridValue> in = lookup(op.getInput());
  std::optional<GridValue> w = lookup(op.getWeight());
  if (!checkComputeOperands(in, w, /*weightAxis=*/0, "the input", "the weight",
                            why))
    return false;
  if (!isZeroConstant(op.getInputZp()) || !isZeroConstant(op.getWeightZp()))
    return notRealized(why, "the TOSA zero points are not constant zeros");
  auto weightTy = dyn_cast<RankedTensorType>(op.getWeight().getType());
  if (!weightTy || !weightTy.hasStaticShape())
    return notRealized(why, "the weight shape is not static");
  return buildConv(op, *in, *w, in->value, w->value, op.getBias(),
                   op.getStride(), op.getPad(), op.getDilation(),
                   /*groups=*/1, why);
}

bool Realizer::realizeDepthwiseConv2D(tosa::DepthwiseConv2DOp op,
                                      std::string &why) {
  std::optional<GridValue> in = lookup(op.getInput());
  std::optional<GridValue> w = lookup(op.getWeight());
  // KH x KW x C x M: per-axis weights are per input channel (axis 2).
  if (!checkComputeOperands(in, w, /*weightAxis=*/2, "the input", "the weight",
                            why))
    return false;
  if (!isZeroConstant(op.getInputZp()) || !isZeroConstant(op.getWeightZp()))
    return notRealized(why, "the TOSA zero points are not constant zeros");
  auto weightTy = dyn_cast<RankedTensorType>(op.getWeight().getType());
  if (!weightTy || !weightTy.hasStaticShape())
    return notRealized(why, "the weight shape is not static");
  int64_t kh = weightTy.getDimSize(0), kw = weightTy.getDimSize(1),
          c = weightTy.getDimSize(2), m = weightTy.getDimSize(3);
  if (w->params.isPerAxis() && m != 1)
    return notRealized(why, "per-channel depthwise weights need a channel "
                            "multiplier of 1 (it is " +
                                std::to_string(m) + ")");
  // qnn.conv2d with groups = C reads F x KH x KW x 1 weights, output channel
  // f = c * M + m: w'[c * M + m, y, x, 0] = w[y, x, c, m], converted at
  // compile time.
  Value weight =
      remapWeight(w->value, {c * m, kh, kw, 1}, [&](ArrayRef<int64_t> i) {
        int64_t ci = i[0] / m, mi = i[0] % m;
        return ((i[1] * kw + i[2]) * c + ci) * m + mi;
      });
  if (!weight)
    return notRealized(why, "the weight is not a constant");
  GridValue wOHWI = *w;
  if (w->params.isPerAxis()) {
    // One scale per output channel, now along dimension 0.
    QuantParamsAttr p = w->params;
    wOHWI.params = QuantParamsAttr::get(ctx, p.getScales(), p.getZeroPoints(),
                                        /*axis=*/0, p.getBits(),
                                        p.getIsSigned(), p.getNarrowRange());
  }
  return buildConv(op, *in, wOHWI, in->value, weight, op.getBias(),
                   op.getStride(), op.getPad(), op.getDilation(),
                   /*groups=*/c, why);
}

bool Realizer::realizeTransposeConv2D(tosa::TransposeConv2DOp op,
                                      std::string &why) {
  std::optional<GridValue> in = lookup(op.getInput());
  std::optional<GridValue> w = lookup(op.getWeight());
  if (!checkComputeOperands(in, w, /*weightAxis=*/0, "the input", "the weight",
                            why))
    return false;
  if (!isZeroConstant(op.getInputZp()) || !isZeroConstant(op.getWeightZp()))
    return notRealized(why, "the TOSA zero points are not constant zeros");
  auto weightTy = dyn_cast<RankedTensorType>(op.getWeight().getType());
  auto inTy = dyn_cast<RankedTensorType>(op.getInput().getType());
  if (!weightTy || !weightTy.hasStaticShape() || !inTy ||
      !inTy.hasStaticShape())
    return notRealized(why, "the input or weight shape is not static");
  ArrayRef<int64_t> stride = op.getStride(), outPad = op.getOutPad();
  int64_t kh = weightTy.getDimSize(1), kw = weightTy.getDimSize(2);
  // out[oy] = sum in[iy] * w[ky] over oy = iy * s + pad_top + ky is a
  // stride-1 conv with the kernel flipped over the input with s - 1 zero
  // points inserted between rows (columns), padded by K - 1 + out_pad.
  SmallVector<int64_t> pad = {kh - 1 + outPad[0], kh - 1 + outPad[1],
                              kw - 1 + outPad[2], kw - 1 + outPad[3]};
  if (llvm::any_of(pad, [](int64_t p) { return p < 0; }))
    return notRealized(why, "an out_pad is below 1 - kernel size");
  Value weight =
      remapWeight(w->value, weightTy.getShape(), [&](ArrayRef<int64_t> i) {
        return ((i[0] * kh + (kh - 1 - i[1])) * kw + (kw - 1 - i[2])) *
                   weightTy.getDimSize(3) +
               i[3];
      });
  if (!weight)
    return notRealized(why, "the weight is not a constant");
  Value input = in->value;
  if (stride[0] > 1 || stride[1] > 1) {
    if (!isTosaStorable(in->params))
      return notRealized(why, "inserting zero points between input rows "
                              "needs an 8- or 16-bit input grid (TOSA pad)");
    // N x H x W x C -> N x H x 1 x W x 1 x C, padded after the unit
    // dimensions with s - 1 zero points, -> N x H*sy x W*sx x C; the last
    // sy - 1 rows (sx - 1 columns) of zero points stand for bottom (right)
    // padding.
    OpBuilder b(op);
    Location loc = op.getLoc();
    ArrayRef<int64_t> s = inTy.getShape();
    Type elemTy = in->params.getStorageType();
    auto shapeValue = [&](ArrayRef<int64_t> values) {
      return constShape(b, loc, values);
    };
    auto reshape = [&](Value v, ArrayRef<int64_t> shape) {
      auto r = tosa::ReshapeOp::create(
          b, loc, RankedTensorType::get(shape, elemTy), v, shapeValue(shape));
      created.insert(r);
      return r.getResult();
    };
    Value x6 = reshape(input, {s[0], s[1], 1, s[2], 1, s[3]});
    auto zpTy = RankedTensorType::get({1}, elemTy);
    auto zpCst = tosa::ConstOp::create(
        b, loc, zpTy,
        DenseElementsAttr::get(zpTy, APInt(in->params.getBits(),
                                           in->params.getZeroPoint(),
                                           /*isSigned=*/true)));
    created.insert(zpCst);
    SmallVector<int64_t> padded = {s[0], s[1],      stride[0],
                                   s[2], stride[1], s[3]};
    auto padOp =
        tosa::PadOp::create(b, loc, RankedTensorType::get(padded, elemTy), x6,
                            shapeValue({0, 0, 0, 0, 0, stride[0] - 1, 0, 0, 0,
                                        stride[1] - 1, 0, 0}),
                            zpCst);
    created.insert(padOp);
    input = reshape(padOp.getResult(),
                    {s[0], s[1] * stride[0], s[2] * stride[1], s[3]});
    pad[1] -= stride[0] - 1;
    pad[3] -= stride[1] - 1;
    if (pad[1] < 0 || pad[3] < 0) {
      // More zero points than bottom (right) padding: cut them off.
      SmallVector<int64_t> size = {
          s[0], s[1] * stride[0] + std::min<int64_t>(pad[1], 0),
          s[2] * stride[1] + std::min<int64_t>(pad[3], 0), s[3]};
      auto slice = tosa::SliceOp::create(
          b, loc, RankedTensorType::get(size, elemTy), input,
          shapeValue({0, 0, 0, 0}), shapeValue(size));
      created.insert(slice);
      input = slice.getResult();
      pad[1] = std::max<int64_t>(pad[1], 0);
      pad[3] = std::max<int64_t>(pad[3], 0);
    }
  }
  return buildConv(op, *in, *w, input, weight, op.getBias(), {1, 1}, pad,
                   {1, 1}, /*groups=*/1, why);
}

bool Realizer::realizeMatMul(tosa::MatMulOp op, std::string &why) {
  std::optional<GridValue> a = lookup(op.getA());
  std::optional<GridValue> bq = lookup(op.getB());
  if (!checkComputeOperands(a, bq, /*weightAxis=*/2, "operand a", "operand b",
                            why))
    return false;
  if (!isZeroConstant(op.getAZp()) || !isZeroConstant(op.getBZp()))
    return notRealized(why, "the TOSA zero points are not constant zeros");
  auto resultTy = dyn_cast<RankedTensorType>(op.getType());
  auto bTy = dyn_cast<RankedTensorType>(op.getB().getType());
  if (!resultTy || !bTy || !bTy.hasStaticShape())
    return notRealized(why, "the shape of operand b is not static");
  // Batched [B, M, N] result: the columns of b are dimension 2.
  QuantParamsAttr accParams =
      accumulatorParams(ctx, a->params.getScale(), bq->params, /*accAxis=*/2);
  if (!accParams)
    return notRealized(why, "the accumulator scale (scale of a " +
                                formatScale(a->params.getScale()) +
                                " * scale of b) is not a normal double");
  // Outputs of b: (batch, column).
  SmallVector<uint64_t> sums =
      contractionAbsSums(bq->value, bq->params, {0, 2});
  if (!checkAccumulatorRange(a->params, sums, {}, why))
    return false;
  // Per column (over the batches of b): the bound a bias added to the
  // accumulator must stay within.
  int64_t numCols = bTy.getDimSize(2);
  SmallVector<uint64_t> bounds(numCols, 0);
  uint64_t maxIn = maxAbsOffset(a->params);
  for (auto [i, sum] : llvm::enumerate(sums))
    bounds[i % numCols] =
        std::max(bounds[i % numCols], llvm::SaturatingMultiply(maxIn, sum));
  OpBuilder b(op);
  auto mm = MatmulOp::create(
      b, op.getLoc(), withElementType(resultTy, b.getI32Type()), a->value,
      bq->value, b.getI64IntegerAttr(a->params.getZeroPoint()),
      b.getI64IntegerAttr(bq->params.getZeroPoint()),
      b.getBoolAttr(!a->params.getIsSigned()),
      b.getBoolAttr(!bq->params.getIsSigned()));
  created.insert(mm);
  grid[op.getResult()] = GridValue{mm.getResult(), accParams, a->rounding};
  accumulatorBounds[op.getResult()] = std::move(bounds);
  return true;
}

/// A bias added to an i32 accumulator on `acc` (per column when per-axis):
/// round_half_to_even(b / s_acc), which with the largest |accumulator| of
/// the products (`bounds`, per column) must fit an int32.
static bool quantizeAccumulatorBias(QuantParamsAttr acc,
                                    ArrayRef<uint64_t> bounds,
                                    ArrayRef<double> values,
                                    SmallVectorImpl<int32_t> &biasQ,
                                    std::string &why) {
  for (auto [c, b] : llvm::enumerate(values)) {
    double s = acc.getScale(acc.isPerAxis() ? c : 0);
    double v = quantmlir::roundWithMode(b / s, quantmlir::Rounding::HalfToEven);
    if (std::isnan(v))
      return notRealized(why, "the bias has a NaN value");
    uint64_t bound = c < bounds.size() ? bounds[c] : bounds.front();
    if (!(std::fabs(v) <= double(kAccMax)) ||
        llvm::SaturatingAdd(bound, static_cast<uint64_t>(std::fabs(v))) >
            kAccMax)
      return notRealized(why, "bias " + formatScale(b) +
                                  " does not fit the int32 accumulator "
                                  "(scale " +
                                  formatScale(s) + ")");
    biasQ.push_back(static_cast<int32_t>(v));
  }
  return true;
}

bool Realizer::realizeBiasAdd(tosa::AddOp op, const GridValue &acc, Value bias,
                              std::string &why) {
  // A dense layer's bias (qnn-annotate leaves matmul + add of a constant
  // unquantized between them): added to the int32 accumulator as
  // round_half_to_even(b / s_acc), like a conv bias.
  auto resultTy = dyn_cast<RankedTensorType>(op.getType());
  auto biasTy = dyn_cast<RankedTensorType>(bias.getType());
  auto it = accumulatorBounds.find(op.getInput1() == bias ? op.getInput2()
                                                          : op.getInput1());
  if (!resultTy || !biasTy || resultTy.getRank() != 3 ||
      biasTy.getRank() != 3 || biasTy.getDimSize(0) != 1 ||
      biasTy.getDimSize(1) != 1 || it == accumulatorBounds.end())
    return notRealized(why, "the constant is not a 1 x 1 x N bias of a "
                            "matmul accumulator");
  int64_t n = resultTy.getDimSize(2);
  SmallVector<double> values;
  if (failed(getConstantFloatValues(bias, values)) ||
      (static_cast<int64_t>(values.size()) != n && values.size() != 1))
    return notRealized(why, "the bias does not have one value per column");
  if (values.size() == 1)
    values.assign(n, values.front());
  SmallVector<int32_t> biasQ;
  if (!quantizeAccumulatorBias(acc.params, it->second, values, biasQ, why))
    return false;
  OpBuilder b(op);
  Type i32 = b.getI32Type();
  auto cstTy = RankedTensorType::get({1, 1, n}, i32);
  auto cst = tosa::ConstOp::create(
      b, op.getLoc(), cstTy, DenseElementsAttr::get(cstTy, ArrayRef(biasQ)));
  created.insert(cst);
  auto add = tosa::AddOp::create(b, op.getLoc(), withElementType(resultTy, i32),
                                 acc.value, cst.getResult());
  created.insert(add);
  grid[op.getResult()] = GridValue{add.getResult(), acc.params, acc.rounding};
  return true;
}

SimulatedQuantizeOp Realizer::getOutputActivation(Value result,
                                                  std::string &why) {
  auto sq = result.hasOneUse()
                ? dyn_cast<SimulatedQuantizeOp>(*result.getUsers().begin())
                : SimulatedQuantizeOp();
  if (!sq || !sq.isBound() || !isStoredPerTensor(sq.getParamsAttr())) {
    notRealized(why, "the result is not read by exactly one activation "
                     "qnn.simulated_quantize on a per-tensor grid");
    return {};
  }
  if (!withElementType(result.getType(), sq.getParamsAttr().getStorageType())) {
    notRealized(why, "the result is not a ranked tensor");
    return {};
  }
  return sq;
}

void Realizer::fuseActivation(Operation *op, SimulatedQuantizeOp sq,
                              Value value) {
  GridValue g{value, sq.getParamsAttr(), sq.getRounding()};
  grid[op->getResult(0)] = g;
  grid[sq.getOutput()] = g;
  realized.insert(sq);
}

Value Realizer::constShape(OpBuilder &b, Location loc,
                           ArrayRef<int64_t> values) {
  auto attrTy = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                      b.getIndexType());
  auto op = tosa::ConstShapeOp::create(
      b, loc, tosa::shapeType::get(ctx, values.size()),
      DenseIntElementsAttr::get(attrTy, values));
  created.insert(op);
  return op.getResult();
}

Value Realizer::scalarConst(OpBuilder &b, Location loc, Type elemTy,
                            int64_t value) {
  auto type = RankedTensorType::get({1}, elemTy);
  auto op = tosa::ConstOp::create(
      b, loc, type,
      DenseElementsAttr::get(type, APInt(elemTy.getIntOrFloatBitWidth(), value,
                                         /*isSigned=*/true)));
  created.insert(op);
  return op.getResult();
}

/// Shared checks of the binary ops (add, sub, mul): both operands quantized,
/// on per-tensor stored grids.
static bool checkBinaryOperands(const std::optional<GridValue> &l,
                                const std::optional<GridValue> &r,
                                std::string &why) {
  if (!l && !r)
    return false;
  if (!l || !r)
    return notRealized(why, "an operand is not quantized");
  if (!isStoredPerTensor(l->params) || !isStoredPerTensor(r->params))
    return notRealized(why, "the operands must be on per-tensor grids");
  return true;
}

/// qnn.add needs its larger rescaling multiplier (operand scale / output
/// scale) below 2^31.
static bool checkAddMultipliers(double sl, double sr, QuantParamsAttr out,
                                std::string &why) {
  double m = std::max(sl, sr) / out.getScale();
  if (!quantmlir::quantizeMultiplier(m))
    return notRealized(why, "the rescaling multiplier " + formatScale(m) +
                                " (operand scale / output scale) is out of "
                                "the fixed-point range");
  return true;
}

bool Realizer::realizeAdd(tosa::AddOp op, std::string &why) {
  std::optional<GridValue> l = lookup(op.getInput1());
  std::optional<GridValue> r = lookup(op.getInput2());
  // An accumulator plus a float constant: a dense layer's bias.
  if (l && !r && !isStored(l->params) && isConstantValue(op.getInput2()))
    return realizeBiasAdd(op, *l, op.getInput2(), why);
  if (r && !l && !isStored(r->params) && isConstantValue(op.getInput1()))
    return realizeBiasAdd(op, *r, op.getInput1(), why);
  if (!checkBinaryOperands(l, r, why))
    return false;
  // qnn.add writes its result on an output grid: that of the activation
  // simulated_quantize consuming the sum (its only user after annotation).
  if (op.getResult().use_empty())
    return false; // dead: nothing to realize, nothing to say
  SimulatedQuantizeOp sq = getOutputActivation(op.getResult(), why);
  if (!sq)
    return false;
  QuantParamsAttr outParams = sq.getParamsAttr();
  if (!checkAddMultipliers(l->params.getScale(), r->params.getScale(),
                           outParams, why))
    return false;
  OpBuilder b(op);
  auto add = AddOp::create(
      b, op.getLoc(), withElementType(op.getType(), outParams.getStorageType()),
      l->value, r->value, l->params, r->params, outParams,
      RoundingModeAttr::get(ctx, sq.getRounding()));
  fuseActivation(op, sq, add.getResult());
  return true;
}

bool Realizer::realizeSub(tosa::SubOp op, std::string &why) {
  std::optional<GridValue> l = lookup(op.getInput1());
  std::optional<GridValue> r = lookup(op.getInput2());
  if (!checkBinaryOperands(l, r, why))
    return false;
  if (op.getResult().use_empty())
    return false;
  SimulatedQuantizeOp sq = getOutputActivation(op.getResult(), why);
  if (!sq)
    return false;
  QuantParamsAttr outParams = sq.getParamsAttr();
  if (!checkAddMultipliers(l->params.getScale(), r->params.getScale(),
                           outParams, why))
    return false;
  // l - r = qnn.add(l, -r): r is copied onto a signed 16-bit grid of the same
  // scale and zero point (exact), negated there (tosa.negate), and read with
  // the zero point -zp_r: (-r - (-zp_r)) * s_r = -(r - zp_r) * s_r.
  QuantParamsAttr rp = r->params;
  if (rp.getQMin() <= -32768 || rp.getQMax() > 32767 ||
      rp.getZeroPoint() <= -32768 || rp.getZeroPoint() > 32767)
    return notRealized(why, "the negated subtrahend does not fit a signed "
                            "16-bit grid");
  QuantParamsAttr wide =
      QuantParamsAttr::get(ctx, rp.getScale(), rp.getZeroPoint(), 16,
                           /*isSigned=*/true, /*narrowRange=*/false);
  QuantParamsAttr negated =
      QuantParamsAttr::get(ctx, rp.getScale(), -rp.getZeroPoint(), 16,
                           /*isSigned=*/true, /*narrowRange=*/false);
  Value rWide = rp == wide ? r->value : requantize(*r, wide, r->rounding);
  OpBuilder b(op);
  Location loc = op.getLoc();
  Type i16 = b.getIntegerType(16);
  Value zero = scalarConst(b, loc, i16, 0);
  auto neg = tosa::NegateOp::create(b, loc, rWide.getType(), rWide, zero, zero);
  created.insert(neg);
  auto add = AddOp::create(
      b, loc, withElementType(op.getType(), outParams.getStorageType()),
      l->value, neg.getResult(), l->params, negated, outParams,
      RoundingModeAttr::get(ctx, sq.getRounding()));
  fuseActivation(op, sq, add.getResult());
  return true;
}

bool Realizer::realizeMul(tosa::MulOp op, std::string &why) {
  std::optional<GridValue> l = lookup(op.getInput1());
  std::optional<GridValue> r = lookup(op.getInput2());
  if (!checkBinaryOperands(l, r, why))
    return false;
  if (op.getResult().use_empty())
    return false;
  DenseIntElementsAttr shift;
  if (!matchPattern(op.getShift(), m_Constant(&shift)) ||
      llvm::any_of(shift.getValues<APInt>(),
                   [](const APInt &v) { return !v.isZero(); }))
    return notRealized(why, "the shift is not a constant 0");
  SimulatedQuantizeOp sq = getOutputActivation(op.getResult(), why);
  if (!sq)
    return false;
  QuantParamsAttr outParams = sq.getParamsAttr();
  double m = l->params.getScale() * r->params.getScale() / outParams.getScale();
  if (!isUsableScale(m) || !quantmlir::quantizeMultiplier(m))
    return notRealized(why, "the multiplier " + formatScale(m) +
                                " (product of the operand scales / output "
                                "scale) is out of the fixed-point range");
  OpBuilder b(op);
  auto mul = MulOp::create(
      b, op.getLoc(), withElementType(op.getType(), outParams.getStorageType()),
      l->value, r->value, l->params, r->params, outParams,
      RoundingModeAttr::get(ctx, sq.getRounding()));
  fuseActivation(op, sq, mul.getResult());
  return true;
}

bool Realizer::realizeConcat(tosa::ConcatOp op, std::string &why) {
  SmallVector<GridValue> inputs;
  bool any = false;
  for (Value v : op.getInput1()) {
    std::optional<GridValue> g = lookup(v);
    any |= g.has_value();
    if (g)
      inputs.push_back(*g);
  }
  if (!any || op.getResult().use_empty())
    return false;
  if (inputs.size() != op.getInput1().size())
    return notRealized(why, "an operand is not quantized");
  if (!llvm::all_of(inputs, [](const GridValue &g) {
        return isStoredPerTensor(g.params);
      }))
    return notRealized(why, "the operands must be on per-tensor grids");
  // Each input is requantized to the grid of the activation after the
  // concatenation (a copy where it already is on it).
  SimulatedQuantizeOp sq = getOutputActivation(op.getResult(), why);
  if (!sq)
    return false;
  QuantParamsAttr outParams = sq.getParamsAttr();
  SmallVector<Value> values;
  SmallVector<Attribute> params;
  for (const GridValue &g : inputs) {
    values.push_back(g.value);
    params.push_back(g.params);
  }
  OpBuilder b(op);
  auto cat = ConcatOp::create(
      b, op.getLoc(), withElementType(op.getType(), outParams.getStorageType()),
      values, b.getI64IntegerAttr(op.getAxis()), b.getArrayAttr(params),
      outParams, RoundingModeAttr::get(ctx, sq.getRounding()));
  fuseActivation(op, sq, cat.getResult());
  return true;
}

bool Realizer::realizePad(tosa::PadOp op, std::string &why) {
  std::optional<GridValue> in = lookup(op.getInput1());
  if (!in)
    return false;
  Value result = op.getResult();
  auto outTy = withElementType(result.getType(), in->params.getStorageType());
  if (!outTy)
    return notRealized(why, "the result is not a ranked tensor");
  SmallVector<double> padValue;
  if (failed(getConstantFloatValues(op.getPadConst(), padValue)) ||
      padValue.size() != 1)
    return notRealized(why, "the pad value is not a constant");
  // The pad value on the input grid: c / s + zp, which must be a grid point
  // (0 always is: the zero point).
  QuantParamsAttr p = in->params;
  std::optional<int64_t> q;
  if (isStoredPerTensor(p)) {
    double v = padValue.front() / p.getScale() + double(p.getZeroPoint());
    if (v == std::floor(v) && v >= double(p.getQMin()) &&
        v <= double(p.getQMax()))
      q = static_cast<int64_t>(v);
  }
  if (!isStoredPerTensor(p))
    why = "the input is not on a per-tensor grid";
  else if (!q)
    why = "the pad value " + formatScale(padValue.front()) +
          " is not a point of the input grid";
  else if (!isTosaStorable(p))
    why = "TOSA stores only 8- and 16-bit integers, the grid has " +
          std::to_string(p.getBits()) + " bits";
  if (!why.empty()) {
    // Padding with 0 only moves values: quantizing the float result again
    // is exact, and consumers keep reading an integer value.
    if (isStoredPerTensor(p) && padValue.front() == 0.0) {
      why += "; it is computed in float and its result quantized again";
      grid[result] =
          GridValue{quantizeFloat(result, p, in->rounding), p, in->rounding};
    }
    return false;
  }
  OpBuilder b(op);
  Value padConst = scalarConst(b, op.getLoc(), p.getStorageType(), *q);
  auto pad = tosa::PadOp::create(b, op.getLoc(), outTy, in->value,
                                 op.getPadding(), padConst);
  created.insert(pad);
  grid[result] = GridValue{pad.getResult(), p, in->rounding};
  return true;
}

bool Realizer::realizeReduceSum(tosa::ReduceSumOp op, std::string &why) {
  std::optional<GridValue> in = lookup(op.getInput());
  if (!in)
    return false;
  QuantParamsAttr p = in->params;
  if (!isStoredPerTensor(p))
    return notRealized(why, "the input must be on a per-tensor grid");
  auto inTy = dyn_cast<RankedTensorType>(op.getInput().getType());
  auto resultTy = dyn_cast<RankedTensorType>(op.getType());
  if (!inTy || !resultTy || inTy.isDynamicDim(op.getAxis()))
    return notRealized(why, "the reduced dimension is not static");
  // sum(q - zp) over the axis, exactly in i32: an accumulator on the grid
  // (s, zp 0) that the activation after it requantizes.
  uint64_t bound = llvm::SaturatingMultiply(
      static_cast<uint64_t>(inTy.getDimSize(op.getAxis())), maxAbsOffset(p));
  if (bound > kAccMax)
    return notRealized(why, "the int32 sum could overflow (|sum| up to " +
                                std::to_string(bound) + ")");
  OpBuilder b(op);
  Location loc = op.getLoc();
  Type i32 = b.getI32Type();
  auto wideTy = RankedTensorType::get(inTy.getShape(), i32);
  auto cast = tosa::CastOp::create(b, loc, wideTy, in->value);
  created.insert(cast);
  Value wide = cast.getResult();
  SmallVector<int64_t> ones(inTy.getRank(), 1);
  auto splat = [&](int64_t v) {
    auto ty = RankedTensorType::get(ones, i32);
    auto c = tosa::ConstOp::create(
        b, loc, ty, DenseElementsAttr::get(ty, static_cast<int32_t>(v)));
    created.insert(c);
    return c.getResult();
  };
  if (!p.getIsSigned()) {
    // tosa.cast reads the stored bits as signed: keep the low bits.
    auto mask = tosa::BitwiseAndOp::create(
        b, loc, wideTy, wide, splat((int64_t(1) << p.getBits()) - 1));
    created.insert(mask);
    wide = mask.getResult();
  }
  if (p.getZeroPoint() != 0) {
    auto sub =
        tosa::SubOp::create(b, loc, wideTy, wide, splat(p.getZeroPoint()));
    created.insert(sub);
    wide = sub.getResult();
  }
  auto sum = tosa::ReduceSumOp::create(b, loc, withElementType(resultTy, i32),
                                       wide, op.getAxisAttr());
  created.insert(sum);
  QuantParamsAttr acc = QuantParamsAttr::get(ctx, p.getScale(), 0, 32,
                                             /*isSigned=*/true,
                                             /*narrowRange=*/false);
  grid[op.getResult()] = GridValue{sum.getResult(), acc, in->rounding};
  return true;
}

bool Realizer::realizeTable(Operation *op,
                            llvm::function_ref<double(double)> fn,
                            std::string &why) {
  std::optional<GridValue> in = lookup(op->getOperand(0));
  if (!in)
    return false;
  Value result = op->getResult(0);
  if (result.use_empty())
    return false;
  QuantParamsAttr p = in->params;
  if (!isStoredPerTensor(p) || p.getBits() != 8)
    return notRealized(why, "a table lookup needs an 8-bit per-tensor input "
                            "grid; it is computed in float between a "
                            "dequantize and a quantize");
  SimulatedQuantizeOp sq = getOutputActivation(result, why);
  if (!sq)
    return false;
  QuantParamsAttr out = sq.getParamsAttr();
  if (out.getBits() != 8)
    return notRealized(why, "a table lookup needs an 8-bit output grid; it is "
                            "computed in float between a dequantize and a "
                            "quantize");
  // tosa.table reads the stored byte as signed and looks up entry b + 128.
  // Each entry is the simulation's value for that input: dequantize in the
  // float type, the function, quantize (f32 division, section 9).
  Type floatTy = cast<ShapedType>(result.getType()).getElementType();
  bool f64 = cast<FloatType>(floatTy).getWidth() > 32;
  quantmlir::IntRange outRange = quantmlir::IntRange::get(
      out.getBits(), out.getIsSigned(), out.getNarrowRange());
  SmallVector<int8_t> table;
  for (int i = 0; i < 256; ++i) {
    int64_t bits = i - 128;
    int64_t qIn = p.getIsSigned() ? bits : (bits & 0xff);
    double x, y;
    if (f64) {
      x = double(qIn - p.getZeroPoint()) * p.getScale();
      y = fn(x);
    } else {
      float xf = float(qIn - p.getZeroPoint()) * float(p.getScale());
      x = xf;
      y = float(fn(x));
    }
    double ys =
        f64 ? y / out.getScale() : double(float(y) / float(out.getScale()));
    ys = std::isnan(ys) ? 0.0 : std::clamp(ys, -1e6, 1e6);
    quantmlir::ScaleZp sz{1.0, out.getZeroPoint()};
    int64_t q = quantmlir::quantize(ys, sz, outRange, toMath(sq.getRounding()));
    table.push_back(static_cast<int8_t>(static_cast<uint8_t>(q & 0xff)));
  }
  OpBuilder b(op);
  Location loc = op->getLoc();
  Type i8 = b.getIntegerType(8);
  auto tableTy = RankedTensorType::get({256}, i8);
  auto tableCst = tosa::ConstOp::create(
      b, loc, tableTy, DenseElementsAttr::get(tableTy, ArrayRef(table)));
  created.insert(tableCst);
  auto lookupOp = tosa::TableOp::create(
      b, loc, withElementType(result.getType(), i8), in->value, tableCst);
  created.insert(lookupOp);
  fuseActivation(op, sq, lookupOp.getResult());
  return true;
}

bool Realizer::realizeClamp(tosa::ClampOp op, std::string &why) {
  std::optional<GridValue> in = lookup(op.getInput());
  if (!in)
    return false;
  if (!isStoredPerTensor(in->params))
    return notRealized(why, "the input must be on a per-tensor grid");
  auto loAttr = dyn_cast<FloatAttr>(op.getMinValAttr());
  auto hiAttr = dyn_cast<FloatAttr>(op.getMaxValAttr());
  if (!loAttr || !hiAttr)
    return notRealized(why, "the bounds are not float attributes");
  return realizeClampValues(op, *in, loAttr.getValueAsDouble(),
                            hiAttr.getValueAsDouble(), why);
}

bool Realizer::realizeClampValues(Operation *op, const GridValue &inValue,
                                  double lo, double hi, std::string &why) {
  const GridValue *in = &inValue;
  if (!isStoredPerTensor(in->params))
    return notRealized(why, "the input must be on a per-tensor grid");
  if (std::isnan(lo) || std::isnan(hi))
    return notRealized(why, "a bound is NaN");
  QuantParamsAttr p = in->params;
  double s = p.getScale();
  auto zp = static_cast<double>(p.getZeroPoint());
  auto qmin = static_cast<double>(p.getQMin()),
       qmax = static_cast<double>(p.getQMax());
  // The grid points inside [lo, hi]: [ceil(lo / s) + zp, floor(hi / s) + zp]
  // intersected with [qmin, qmax]; out-of-range bounds (e.g. +-inf, or a
  // ReLU6 bound beyond the grid) are thereby clamped to it.
  double qlo = std::ceil(lo / s) + zp, qhi = std::floor(hi / s) + zp;
  if (!(qlo <= qhi && qlo <= qmax && qhi >= qmin))
    return notRealized(why, "no value of the input grid lies in [" +
                                formatScale(lo) + ", " + formatScale(hi) + "]");
  qlo = std::clamp(qlo, qmin, qmax);
  qhi = std::clamp(qhi, qmin, qmax);
  OpBuilder b(op);
  auto clamp = ClampOp::create(b, op->getLoc(), in->value.getType(), in->value,
                               b.getI64IntegerAttr(static_cast<int64_t>(qlo)),
                               b.getI64IntegerAttr(static_cast<int64_t>(qhi)),
                               b.getBoolAttr(!p.getIsSigned()));
  created.insert(clamp);
  grid[op->getResult(0)] = GridValue{clamp.getResult(), p, in->rounding};
  return true;
}

bool Realizer::realizeAvgPool2d(tosa::AvgPool2dOp op, std::string &why) {
  std::optional<GridValue> in = lookup(op.getInput());
  if (!in)
    return false;
  if (!isStoredPerTensor(in->params))
    return notRealized(why, "the input must be on a per-tensor grid");
  if (!isZeroConstant(op.getInputZp()) || !isZeroConstant(op.getOutputZp()))
    return notRealized(why, "the TOSA zero points are not constant zeros");
  ArrayRef<int64_t> kernel = op.getKernel(), pad = op.getPad();
  // qnn.avg_pool2d (like TOSA) needs every window to hold an input element.
  if (pad[0] >= kernel[0] || pad[1] >= kernel[0] || pad[2] >= kernel[1] ||
      pad[3] >= kernel[1])
    return notRealized(why, "the padding is not smaller than the kernel");
  auto outTy = withElementType(op.getType(), in->params.getStorageType());
  if (!outTy)
    return notRealized(why, "the result is not a ranked tensor");
  OpBuilder b(op);
  auto pool = AvgPool2DOp::create(
      b, op.getLoc(), outTy, in->value, b.getDenseI64ArrayAttr(kernel),
      b.getDenseI64ArrayAttr(op.getStride()), b.getDenseI64ArrayAttr(pad),
      b.getI64IntegerAttr(in->params.getZeroPoint()),
      b.getBoolAttr(!in->params.getIsSigned()),
      RoundingModeAttr::get(ctx, in->rounding));
  // The average stays on the input grid; the activation simulated_quantize
  // after it requantizes when its parameters differ.
  created.insert(pool);
  grid[op.getResult()] = GridValue{pool.getResult(), in->params, in->rounding};
  return true;
}

bool Realizer::realizeSameGridTosa(Operation *op, bool needsSigned,
                                   std::string &why) {
  std::optional<GridValue> in = lookup(op->getOperand(0));
  if (!in)
    return false;
  Value result = op->getResult(0);
  auto outTy = withElementType(result.getType(), in->params.getStorageType());
  if (!outTy)
    return notRealized(why, "the result is not a ranked tensor");
  if (!isStoredPerTensor(in->params))
    why = "the input is not on a per-tensor grid";
  else if (!isTosaStorable(in->params))
    why = "TOSA stores only 8- and 16-bit integers, the grid has " +
          std::to_string(in->params.getBits()) + " bits";
  // TOSA reads i8 / i16 as signed: max pooling of an unsigned grid would
  // compare the wrong way (reshape / transpose only move data).
  else if (needsSigned && !in->params.getIsSigned())
    why = "TOSA compares integers as signed, the grid is unsigned";
  if (!why.empty()) {
    // The op stays float on dequantized values, which it only moves or
    // selects: its result lies on the same grid, and quantizing it again is
    // exact. Consumers keep reading an integer value.
    if (isStoredPerTensor(in->params)) {
      why += "; it is computed in float and its result quantized again";
      grid[result] = GridValue{quantizeFloat(result, in->params, in->rounding),
                               in->params, in->rounding};
    }
    return false;
  }
  OpBuilder b(op);
  IRMapping mapping;
  mapping.map(op->getOperand(0), in->value);
  Operation *clone = b.clone(*op, mapping);
  clone->getResult(0).setType(outTy);
  created.insert(clone);
  grid[result] = GridValue{clone->getResult(0), in->params, in->rounding};
  return true;
}

//===----------------------------------------------------------------------===//
// linalg on tensors
//===----------------------------------------------------------------------===//

/// A tensor.empty of the shape of `like` (a value defined before the
/// insertion point) with element type `elemTy`, its dimensions permuted by
/// `perm` when given.
static Value emptyLike(OpBuilder &b, Location loc, Value like, Type elemTy,
                       ArrayRef<int64_t> perm = {}) {
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, like);
  if (!perm.empty()) {
    SmallVector<OpFoldResult> permuted;
    for (int64_t p : perm)
      permuted.push_back(sizes[p]);
    sizes = std::move(permuted);
  }
  return tensor::EmptyOp::create(b, loc, sizes, elemTy).getResult();
}

Value Realizer::transposeTensor(OpBuilder &b, Location loc, Value v,
                                ArrayRef<int64_t> perm) {
  Value empty = emptyLike(b, loc, v,
                          cast<ShapedType>(v.getType()).getElementType(), perm);
  created.insert(empty.getDefiningOp());
  auto t = linalg::TransposeOp::create(b, loc, v, empty, perm);
  created.insert(t);
  return t->getResult(0);
}

Value Realizer::addToAccumulator(OpBuilder &b, Location loc, Value acc,
                                 ArrayRef<int32_t> biasQ, int64_t channelDim) {
  auto accTy = cast<RankedTensorType>(acc.getType());
  Type i32 = b.getI32Type();
  auto biasTy =
      RankedTensorType::get({static_cast<int64_t>(biasQ.size())}, i32);
  auto cst = arith::ConstantOp::create(b, loc, biasTy,
                                       DenseElementsAttr::get(biasTy, biasQ));
  created.insert(cst);
  Value empty = emptyLike(b, loc, acc, i32);
  created.insert(empty.getDefiningOp());
  unsigned rank = accTy.getRank();
  AffineMap id = b.getMultiDimIdentityMap(rank);
  AffineMap channel = AffineMap::get(rank, 0, b.getAffineDimExpr(channelDim));
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  auto add = linalg::GenericOp::create(
      b, loc, TypeRange{accTy}, ValueRange{acc, cst.getResult()},
      ValueRange{empty}, ArrayRef<AffineMap>{id, channel, id}, iters,
      [](OpBuilder &nb, Location nl, ValueRange args) {
        Value sum = arith::AddIOp::create(nb, nl, args[0], args[1]);
        linalg::YieldOp::create(nb, nl, sum);
      });
  created.insert(add);
  return add.getResult(0);
}

/// The `strides` / `dilations` of a linalg conv or pooling op (1 when
/// absent).
static SmallVector<int64_t> getConvAttr(Operation *op, StringRef name) {
  SmallVector<int64_t> values = {1, 1};
  if (auto attr = op->getAttrOfType<DenseIntElementsAttr>(name)) {
    values.clear();
    for (const APInt &v : attr.getValues<APInt>())
      values.push_back(v.getSExtValue());
  }
  return values;
}

bool Realizer::realizeLinalgConv(Operation *op, std::string &why) {
  auto linalgOp = cast<linalg::LinalgOp>(op);
  if (linalgOp.getNumDpsInputs() != 2 || linalgOp.getNumDpsInits() != 1)
    return false;
  Value input = op->getOperand(0), filter = op->getOperand(1);
  std::optional<GridValue> in = lookup(input);
  std::optional<GridValue> w = lookup(filter);
  bool nchw = isa<linalg::Conv2DNchwFchwOp>(op);
  bool hwcf = isa<linalg::Conv2DNhwcHwcfOp>(op);
  bool depthwise = isa<linalg::DepthwiseConv2DNhwcHwcOp>(op);
  bool hwcm = isa<linalg::DepthwiseConv2DNhwcHwcmOp>(op);
  int64_t wAxis = hwcf ? 3 : (depthwise || hwcm) ? 2 : 0;
  if (!checkComputeOperands(in, w, wAxis, "the input", "the filter", why))
    return false;
  auto wTy = dyn_cast<RankedTensorType>(filter.getType());
  auto inTy = dyn_cast<RankedTensorType>(input.getType());
  if (!wTy || !wTy.hasStaticShape() || !inTy || inTy.getRank() != 4)
    return notRealized(why, "the filter shape is not static");
  std::optional<SmallVector<double>> bias =
      getPerChannelConstant(linalgOp.getDpsInits()[0], nchw ? 1 : 3);
  if (!bias)
    return notRealized(why, "the init is not a constant per output channel "
                            "(tensor.empty, a fill or a broadcast bias)");
  if (hwcm && wTy.getRank() == 4 && wTy.getDimSize(3) != 1) {
    // One init value per (c, m) would be needed; a zero init is fine.
    if (llvm::any_of(*bias, [](double b) { return b != 0.0; }))
      return notRealized(why, "a non-zero init with a channel multiplier "
                              "above 1");
    bias->assign(wTy.getDimSize(2) * wTy.getDimSize(3), 0.0);
  }
  SmallVector<int64_t> stride = getConvAttr(op, "strides");
  SmallVector<int64_t> dilation = getConvAttr(op, "dilations");
  if (stride.size() != 2 || dilation.size() != 2)
    return notRealized(why, "expected 2 strides and 2 dilations");
  // The filter in qnn.conv2d's F x KH x KW x C/groups layout, rearranged at
  // compile time.
  ArrayRef<int64_t> s = wTy.getShape();
  Value weight;
  int64_t groups = 1;
  if (hwcf) {
    int64_t kh = s[0], kw = s[1], c = s[2], f = s[3];
    weight = remapWeight(w->value, {f, kh, kw, c}, [&](ArrayRef<int64_t> i) {
      return ((i[1] * kw + i[2]) * c + i[3]) * f + i[0];
    });
  } else if (nchw) {
    int64_t f = s[0], c = s[1], kh = s[2], kw = s[3];
    weight = remapWeight(w->value, {f, kh, kw, c}, [&](ArrayRef<int64_t> i) {
      return ((i[0] * c + i[3]) * kh + i[1]) * kw + i[2];
    });
  } else if (depthwise) {
    int64_t kh = s[0], kw = s[1], c = s[2];
    weight = remapWeight(w->value, {c, kh, kw, 1}, [&](ArrayRef<int64_t> i) {
      return (i[1] * kw + i[2]) * c + i[0];
    });
    groups = c;
  } else if (hwcm) {
    // Output channel f = c * M + m: w'[c * M + m, y, x, 0] = w[y, x, c, m],
    // as for tosa.depthwise_conv2d.
    int64_t kh = s[0], kw = s[1], c = s[2], m = s[3];
    if (w->params.isPerAxis() && m != 1)
      return notRealized(why, "per-channel depthwise weights need a channel "
                              "multiplier of 1");
    weight =
        remapWeight(w->value, {c * m, kh, kw, 1}, [&](ArrayRef<int64_t> i) {
          int64_t ci = i[0] / m, mi = i[0] % m;
          return ((i[1] * kw + i[2]) * c + ci) * m + mi;
        });
    groups = c;
  } else {
    weight = w->value; // conv_2d_nhwc_fhwc: already F x KH x KW x C
  }
  if (!weight)
    return notRealized(why, "the filter is not a constant");
  GridValue wOHWI = *w;
  if (w->params.isPerAxis()) {
    // One scale per output channel, now along dimension 0.
    QuantParamsAttr p = w->params;
    wOHWI.params = QuantParamsAttr::get(ctx, p.getScales(), p.getZeroPoints(),
                                        /*axis=*/0, p.getBits(),
                                        p.getIsSigned(), p.getNarrowRange());
  }
  Value x = in->value;
  if (nchw) {
    OpBuilder b(op);
    x = transposeTensor(b, op->getLoc(), x, {0, 2, 3, 1});
  }
  return buildConvWithBias(op, *in, wOHWI, x, weight, std::move(*bias), stride,
                           {0, 0, 0, 0}, dilation, groups, nchw, why);
}

bool Realizer::realizeLinalgMatmul(Operation *op, std::string &why) {
  auto linalgOp = cast<linalg::LinalgOp>(op);
  if (linalgOp.getNumDpsInputs() != 2 || linalgOp.getNumDpsInits() != 1)
    return false;
  Value av = op->getOperand(0), bv = op->getOperand(1);
  std::optional<GridValue> a = lookup(av);
  std::optional<GridValue> bq = lookup(bv);
  auto resultTy = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  auto bTy = dyn_cast<RankedTensorType>(bv.getType());
  if (!resultTy)
    return false;
  int64_t rank = resultTy.getRank();
  if (!checkComputeOperands(a, bq, /*weightAxis=*/rank - 1, "operand A",
                            "operand B", why))
    return false;
  bool userMaps = false;
  if (auto mm = dyn_cast<linalg::MatmulOp>(op))
    userMaps = mm.hasUserDefinedMaps();
  if (auto mm = dyn_cast<linalg::BatchMatmulOp>(op))
    userMaps = mm.hasUserDefinedMaps();
  if (userMaps)
    return notRealized(why, "the indexing maps are not the default ones");
  if (!bTy || !bTy.hasStaticShape())
    return notRealized(why, "the shape of operand B is not static");
  std::optional<SmallVector<double>> init =
      getPerChannelConstant(linalgOp.getDpsInits()[0], rank - 1);
  if (!init)
    return notRealized(why, "the init is not a constant per column "
                            "(tensor.empty, a fill or a broadcast bias)");
  QuantParamsAttr accParams =
      accumulatorParams(ctx, a->params.getScale(), bq->params, rank - 1);
  if (!accParams)
    return notRealized(why, "the accumulator scale (scale of A " +
                                formatScale(a->params.getScale()) +
                                " * scale of B) is not a normal double");
  SmallVector<int64_t> outDims =
      rank == 3 ? SmallVector<int64_t>{0, 2} : SmallVector<int64_t>{1};
  SmallVector<uint64_t> sums =
      contractionAbsSums(bq->value, bq->params, outDims);
  if (!checkAccumulatorRange(a->params, sums, {}, why))
    return false;
  int64_t numCols = bTy.getDimSize(rank - 1);
  SmallVector<uint64_t> bounds(numCols, 0);
  uint64_t maxIn = maxAbsOffset(a->params);
  for (auto [i, sum] : llvm::enumerate(sums))
    bounds[i % numCols] =
        std::max(bounds[i % numCols], llvm::SaturatingMultiply(maxIn, sum));
  // A bias in the init joins the accumulator.
  SmallVector<int32_t> biasQ;
  bool hasBias = llvm::any_of(*init, [](double v) { return v != 0.0; });
  if (hasBias && !quantizeAccumulatorBias(accParams, bounds, *init, biasQ, why))
    return false;
  OpBuilder b(op);
  Location loc = op->getLoc();
  auto mm = MatmulOp::create(b, loc, withElementType(resultTy, b.getI32Type()),
                             a->value, bq->value,
                             b.getI64IntegerAttr(a->params.getZeroPoint()),
                             b.getI64IntegerAttr(bq->params.getZeroPoint()),
                             b.getBoolAttr(!a->params.getIsSigned()),
                             b.getBoolAttr(!bq->params.getIsSigned()));
  created.insert(mm);
  Value acc = mm.getResult();
  if (hasBias) {
    acc = addToAccumulator(b, loc, acc, biasQ, rank - 1);
    for (auto [c, q] : llvm::enumerate(biasQ))
      bounds[c] = llvm::SaturatingAdd(
          bounds[c], static_cast<uint64_t>(std::abs(int64_t(q))));
  }
  grid[op->getResult(0)] = GridValue{acc, accParams, a->rounding};
  accumulatorBounds[op->getResult(0)] = std::move(bounds);
  return true;
}

bool Realizer::realizeLinalgBiasAdd(Operation *op, const LinalgBiasAdd &m,
                                    std::string &why) {
  Value data = op->getOperand(m.dataIdx);
  GridValue acc = *lookup(data);
  auto it = accumulatorBounds.find(data);
  auto resultTy = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (it == accumulatorBounds.end() || !resultTy)
    return notRealized(why, "the constant is not a per-column bias of a "
                            "matmul accumulator");
  SmallVector<int32_t> biasQ;
  if (!quantizeAccumulatorBias(acc.params, it->second, m.bias, biasQ, why))
    return false;
  OpBuilder b(op);
  Value sum = addToAccumulator(b, op->getLoc(), acc.value, biasQ,
                               resultTy.getRank() - 1);
  grid[op->getResult(0)] = GridValue{sum, acc.params, acc.rounding};
  return true;
}

bool Realizer::realizeLinalgBinary(Operation *op, LinalgElementwiseKind kind,
                                   std::string &why) {
  auto linalgOp = cast<linalg::LinalgOp>(op);
  std::optional<GridValue> l = lookup(op->getOperand(0));
  std::optional<GridValue> r = lookup(op->getOperand(1));
  if (!checkBinaryOperands(l, r, why))
    return false;
  Value result = op->getResult(0);
  if (result.use_empty())
    return false;
  if (kind != LinalgElementwiseKind::Max && !isRankPreservingBroadcast(op))
    return notRealized(why, "the indexing maps are not an elementwise "
                            "broadcast of size-1 dimensions");
  SimulatedQuantizeOp sq = getOutputActivation(result, why);
  if (!sq)
    return false;
  QuantParamsAttr out = sq.getParamsAttr();
  auto outTy = withElementType(result.getType(), out.getStorageType());
  auto rounding = RoundingModeAttr::get(ctx, sq.getRounding());
  OpBuilder b(op);
  Location loc = op->getLoc();
  Value value;
  if (kind == LinalgElementwiseKind::Add) {
    if (!checkAddMultipliers(l->params.getScale(), r->params.getScale(), out,
                             why))
      return false;
    value = AddOp::create(b, loc, outTy, l->value, r->value, l->params,
                          r->params, out, rounding)
                .getResult();
  } else if (kind == LinalgElementwiseKind::Mul) {
    double m = l->params.getScale() * r->params.getScale() / out.getScale();
    if (!isUsableScale(m) || !quantmlir::quantizeMultiplier(m))
      return notRealized(why, "the multiplier " + formatScale(m) +
                                  " (product of the operand scales / output "
                                  "scale) is out of the fixed-point range");
    value = MulOp::create(b, loc, outTy, l->value, r->value, l->params,
                          r->params, out, rounding)
                .getResult();
  } else {
    // max commutes with the monotone requantization onto the output grid:
    // both operands go there first, then an integer max.
    Value lq =
        l->params == out ? l->value : requantize(*l, out, sq.getRounding());
    Value rq =
        r->params == out ? r->value : requantize(*r, out, sq.getRounding());
    Value empty =
        emptyLike(b, loc, linalgOp.getDpsInits()[0], out.getStorageType());
    created.insert(empty.getDefiningOp());
    bool isSigned = out.getIsSigned();
    auto max = linalg::GenericOp::create(
        b, loc, TypeRange{outTy}, ValueRange{lq, rq}, ValueRange{empty},
        linalgOp.getIndexingMapsArray(), linalgOp.getIteratorTypesArray(),
        [isSigned](OpBuilder &nb, Location nl, ValueRange args) {
          Value m =
              isSigned
                  ? arith::MaxSIOp::create(nb, nl, args[0], args[1]).getResult()
                  : arith::MaxUIOp::create(nb, nl, args[0], args[1])
                        .getResult();
          linalg::YieldOp::create(nb, nl, m);
        });
    created.insert(max);
    value = max.getResult(0);
  }
  fuseActivation(op, sq, value);
  return true;
}

bool Realizer::realizeLinalgAvgPool(const LinalgAvgPool &m,
                                    std::string &why) {
  if (m.sum->hasAttr(kKeepFloatAttrName))
    return false;
  std::optional<GridValue> in = lookup(m.sum->getOperand(0));
  if (!in)
    return false;
  if (!isStoredPerTensor(in->params))
    return notRealized(why, "the input must be on a per-tensor grid");
  Value result = m.divide->getResult(0);
  auto outTy = withElementType(result.getType(), in->params.getStorageType());
  if (!outTy)
    return notRealized(why, "the result is not a ranked tensor");
  // As realizeAvgPool2d: qnn.avg_pool2d on the input grid (no padding: a
  // tensor.pad before the sum is an op of its own), requantized by the
  // activation after it when the grids differ.
  OpBuilder b(m.divide);
  auto pool = AvgPool2DOp::create(
      b, m.divide->getLoc(), outTy, in->value,
      b.getDenseI64ArrayAttr(m.kernel), b.getDenseI64ArrayAttr(m.stride),
      b.getDenseI64ArrayAttr({0, 0, 0, 0}),
      b.getI64IntegerAttr(in->params.getZeroPoint()),
      b.getBoolAttr(!in->params.getIsSigned()),
      RoundingModeAttr::get(ctx, in->rounding));
  created.insert(pool);
  grid[result] = GridValue{pool.getResult(), in->params, in->rounding};
  // The sum is read only by the division: it goes with it.
  realized.insert(m.sum);
  return true;
}

bool Realizer::realizeLinalgConcat(tensor::InsertSliceOp op,
                                   std::string &why) {
  std::optional<SmallVector<Operation *>> chain = getConcatChain(op);
  if (!chain)
    return false; // an inner link: realized with the last one
  SmallVector<GridValue> inputs;
  bool any = false;
  for (Operation *link : *chain) {
    if (link->hasAttr(kKeepFloatAttrName))
      return false;
    std::optional<GridValue> g = lookup(link->getOperand(0));
    any |= g.has_value();
    if (g)
      inputs.push_back(*g);
  }
  if (!any || op.getResult().use_empty())
    return false;
  if (inputs.size() != chain->size())
    return notRealized(why, "an operand is not quantized");
  if (!llvm::all_of(inputs, [](const GridValue &g) {
        return isStoredPerTensor(g.params);
      }))
    return notRealized(why, "the operands must be on per-tensor grids");
  // As realizeConcat: each operand is requantized onto the grid of the
  // activation after the concatenation.
  SimulatedQuantizeOp sq = getOutputActivation(op.getResult(), why);
  if (!sq)
    return false;
  QuantParamsAttr outParams = sq.getParamsAttr();
  Type storage = outParams.getStorageType();
  auto first = cast<tensor::InsertSliceOp>(chain->front());
  OpBuilder b(op);
  Value dest = emptyLike(b, op.getLoc(), first.getDest(), storage);
  created.insert(dest.getDefiningOp());
  for (auto [link, g] : llvm::zip_equal(*chain, inputs)) {
    auto ins = cast<tensor::InsertSliceOp>(link);
    Value src = g.params == outParams
                    ? g.value
                    : requantize(g, outParams, sq.getRounding());
    auto newIns = tensor::InsertSliceOp::create(
        b, ins.getLoc(), src, dest, ins.getMixedOffsets(), ins.getMixedSizes(),
        ins.getMixedStrides());
    created.insert(newIns);
    dest = newIns.getResult();
  }
  fuseActivation(op, sq, dest);
  for (Operation *link : *chain)
    if (link != op.getOperation())
      realized.insert(link);
  return true;
}

bool Realizer::realizeLinalgElementwise(Operation *op, std::string &why) {
  if (std::optional<LinalgAvgPool> m = matchLinalgAvgPool(op))
    return realizeLinalgAvgPool(*m, why);
  std::optional<LinalgElementwise> e = matchLinalgElementwise(op);
  if (!e)
    return false;
  switch (e->kind) {
  case LinalgElementwiseKind::Add:
    // An accumulator plus a float per-column constant: a dense layer's bias.
    if (std::optional<LinalgBiasAdd> m = matchLinalgBiasAdd(op)) {
      std::optional<GridValue> acc = lookup(op->getOperand(m->dataIdx));
      if (acc && !isStored(acc->params) && !lookup(op->getOperand(m->biasIdx)))
        return realizeLinalgBiasAdd(op, *m, why);
    }
    return realizeLinalgBinary(op, e->kind, why);
  case LinalgElementwiseKind::Mul:
  case LinalgElementwiseKind::Max:
    return realizeLinalgBinary(op, e->kind, why);
  case LinalgElementwiseKind::Clamp: {
    std::optional<GridValue> in = lookup(op->getOperand(0));
    if (!in)
      return false;
    return realizeClampValues(op, *in, e->lo, e->hi, why);
  }
  case LinalgElementwiseKind::Copy:
    return realizeSameGridLinalg(op, why);
  }
  return false;
}

bool Realizer::realizeLinalgPad(tensor::PadOp op, std::string &why) {
  std::optional<GridValue> in = lookup(op.getSource());
  if (!in)
    return false;
  Value result = op.getResult();
  auto outTy = withElementType(result.getType(), in->params.getStorageType());
  FloatAttr padAttr;
  Value padValue = op.getConstantPaddingValue();
  if (!outTy || !padValue || !matchPattern(padValue, m_Constant(&padAttr)))
    return notRealized(why, "the pad value is not a constant");
  double c = padAttr.getValueAsDouble();
  // The pad value on the input grid: c / s + zp, which must be a grid point
  // (0 always is: the zero point).
  QuantParamsAttr p = in->params;
  std::optional<int64_t> q;
  if (isStoredPerTensor(p) && isMaxPoolPadding(op)) {
    // The padding of a max pooling: the grid's smallest value, which (like
    // the lowest float) never exceeds an element of its window.
    q = p.getQMin();
  } else if (isStoredPerTensor(p)) {
    double v = c / p.getScale() + double(p.getZeroPoint());
    if (v == std::floor(v) && v >= double(p.getQMin()) &&
        v <= double(p.getQMax()))
      q = static_cast<int64_t>(v);
  }
  if (!isStoredPerTensor(p))
    why = "the input is not on a per-tensor grid";
  else if (!q)
    why =
        "the pad value " + formatScale(c) + " is not a point of the input grid";
  if (!why.empty()) {
    if (isStoredPerTensor(p) && c == 0.0) {
      why += "; it is computed in float and its result quantized again";
      grid[result] =
          GridValue{quantizeFloat(result, p, in->rounding), p, in->rounding};
    }
    return false;
  }
  OpBuilder b(op);
  Location loc = op.getLoc();
  auto qc = arith::ConstantOp::create(b, loc,
                                      b.getIntegerAttr(p.getStorageType(), *q));
  created.insert(qc);
  auto pad = tensor::PadOp::create(b, loc, outTy, in->value,
                                   op.getMixedLowPad(), op.getMixedHighPad(),
                                   qc.getResult(), op.getNofold());
  created.insert(pad);
  grid[result] = GridValue{pad.getResult(), p, in->rounding};
  return true;
}

bool Realizer::realizeSameGridLinalg(Operation *op, std::string &why) {
  std::optional<GridValue> in = lookup(op->getOperand(0));
  if (!in)
    return false;
  Value result = op->getResult(0);
  QuantParamsAttr p = in->params;
  Type storage = p.getStorageType();
  auto outTy = withElementType(result.getType(), storage);
  if (!outTy)
    return notRealized(why, "the result is not a ranked tensor");
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(op);
      collapse && !isStoredPerTensor(p)) {
    // An accumulator (the N x H x W x C x 1 result of a depthwise hwcm
    // conv), or a per-axis grid whose axis is the only non-unit dimension
    // of its group: the axis becomes that group.
    QuantParamsAttr q = p;
    if (p.isPerAxis()) {
      ArrayRef<int64_t> srcShape = collapse.getSrcType().getShape();
      std::optional<int64_t> newAxis;
      for (auto [g, group] :
           llvm::enumerate(collapse.getReassociationIndices()))
        if (llvm::is_contained(group, p.getAxis()) &&
            llvm::all_of(group, [&](int64_t d) {
              return d == p.getAxis() || srcShape[d] == 1;
            }))
          newAxis = g;
      if (!newAxis) {
        why = "the per-axis grid's axis is merged with other dimensions";
        return false;
      }
      q = QuantParamsAttr::get(ctx, p.getScales(), p.getZeroPoints(),
                               *newAxis, p.getBits(), p.getIsSigned(),
                               p.getNarrowRange());
    }
    OpBuilder b(op);
    IRMapping mapping;
    mapping.map(op->getOperand(0), in->value);
    Operation *clone = b.clone(*op, mapping);
    clone->getResult(0).setType(withElementType(
        result.getType(),
        cast<ShapedType>(in->value.getType()).getElementType()));
    created.insert(clone);
    grid[result] = GridValue{clone->getResult(0), q, in->rounding};
    auto it = accumulatorBounds.find(op->getOperand(0));
    if (it != accumulatorBounds.end())
      accumulatorBounds[result] = it->second;
    return true;
  }
  if (!isStoredPerTensor(p)) {
    why = "the input is not on a per-tensor grid";
    return false;
  }
  OpBuilder b(op);
  Location loc = op->getLoc();
  Value value;
  if (isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(op)) {
    IRMapping mapping;
    mapping.map(op->getOperand(0), in->value);
    Operation *clone = b.clone(*op, mapping);
    clone->getResult(0).setType(outTy);
    created.insert(clone);
    value = clone->getResult(0);
  } else if (auto t = dyn_cast<linalg::TransposeOp>(op)) {
    value = transposeTensor(b, loc, in->value, t.getPermutation());
  } else if (auto bc = dyn_cast<linalg::BroadcastOp>(op)) {
    Value empty = emptyLike(b, loc, bc.getInit(), storage);
    created.insert(empty.getDefiningOp());
    auto nb = linalg::BroadcastOp::create(b, loc, in->value, empty,
                                          bc.getDimensions());
    created.insert(nb);
    value = nb->getResult(0);
  } else if (auto g = dyn_cast<linalg::GenericOp>(op)) {
    Value empty = emptyLike(b, loc, g.getDpsInits()[0], storage);
    created.insert(empty.getDefiningOp());
    auto copy = linalg::GenericOp::create(
        b, loc, TypeRange{outTy}, ValueRange{in->value}, ValueRange{empty},
        g.getIndexingMapsArray(), g.getIteratorTypesArray(),
        [](OpBuilder &nb, Location nl, ValueRange args) {
          linalg::YieldOp::create(nb, nl, args[0]);
        });
    created.insert(copy);
    value = copy.getResult(0);
  } else if (auto pool = dyn_cast<linalg::PoolingNhwcMaxOp>(op)) {
    // The init of max pooling on the grid: its smallest value.
    Value empty = emptyLike(b, loc, pool.getDpsInits()[0], storage);
    created.insert(empty.getDefiningOp());
    auto lowest = arith::ConstantOp::create(
        b, loc, b.getIntegerAttr(storage, p.getQMin()));
    created.insert(lowest);
    auto fill = linalg::FillOp::create(b, loc, ValueRange{lowest.getResult()},
                                       ValueRange{empty});
    created.insert(fill);
    SmallVector<Value> inputs = {in->value, pool.getDpsInputs()[1]};
    Operation *newPool;
    if (p.getIsSigned())
      newPool = linalg::PoolingNhwcMaxOp::create(
          b, loc, TypeRange{outTy}, inputs, ValueRange{fill.getResult(0)},
          pool.getStridesAttr(), pool.getDilationsAttr());
    else
      newPool = linalg::PoolingNhwcMaxUnsignedOp::create(
          b, loc, TypeRange{outTy}, inputs, ValueRange{fill.getResult(0)},
          pool.getStridesAttr(), pool.getDilationsAttr());
    created.insert(newPool);
    value = newPool->getResult(0);
  } else {
    return false;
  }
  grid[result] = GridValue{value, p, in->rounding};
  return true;
}

void Realizer::visit(Operation *op) {
  if (realized.contains(op))
    return; // an activation fused into the op before it (qnn.add)
  if (auto sq = dyn_cast<SimulatedQuantizeOp>(op))
    return realizeSimulatedQuantize(sq);
  // Excluded at annotation (deny-ops, fp32 in the precision map, ...):
  // already reported there.
  if (op->hasAttr(kKeepFloatAttrName))
    return;
  std::string why;
  bool done =
      llvm::TypeSwitch<Operation *, bool>(op)
          .Case([&](tosa::Conv2DOp conv) { return realizeConv2D(conv, why); })
          .Case([&](tosa::DepthwiseConv2DOp conv) {
            return realizeDepthwiseConv2D(conv, why);
          })
          .Case([&](tosa::TransposeConv2DOp conv) {
            return realizeTransposeConv2D(conv, why);
          })
          .Case([&](tosa::MatMulOp mm) { return realizeMatMul(mm, why); })
          .Case([&](tosa::AddOp add) { return realizeAdd(add, why); })
          .Case([&](tosa::SubOp sub) { return realizeSub(sub, why); })
          .Case([&](tosa::MulOp mul) { return realizeMul(mul, why); })
          .Case([&](tosa::ConcatOp cat) { return realizeConcat(cat, why); })
          .Case([&](tosa::PadOp pad) { return realizePad(pad, why); })
          .Case(
              [&](tosa::ReduceSumOp sum) { return realizeReduceSum(sum, why); })
          .Case([&](tosa::SigmoidOp) {
            return realizeTable(
                op, [](double x) { return 1.0 / (1.0 + std::exp(-x)); }, why);
          })
          .Case([&](tosa::TanhOp) {
            return realizeTable(
                op, [](double x) { return std::tanh(x); }, why);
          })
          .Case([&](tosa::ClampOp clamp) { return realizeClamp(clamp, why); })
          .Case([&](tosa::AvgPool2dOp pool) {
            return realizeAvgPool2d(pool, why);
          })
          .Case<tosa::MaxPool2dOp, tosa::ReduceMaxOp>([&](Operation *) {
            return realizeSameGridTosa(op, /*needsSigned=*/true, why);
          })
          .Case<tosa::ReshapeOp, tosa::TransposeOp, tosa::SliceOp>(
              [&](Operation *) {
                return realizeSameGridTosa(op, /*needsSigned=*/false, why);
              })
          // linalg on tensors.
          .Case<linalg::Conv2DNhwcFhwcOp, linalg::Conv2DNhwcHwcfOp,
                linalg::Conv2DNchwFchwOp, linalg::DepthwiseConv2DNhwcHwcOp,
                linalg::DepthwiseConv2DNhwcHwcmOp>(
              [&](Operation *) { return realizeLinalgConv(op, why); })
          .Case<linalg::MatmulOp, linalg::BatchMatmulOp>(
              [&](Operation *) { return realizeLinalgMatmul(op, why); })
          .Case<linalg::GenericOp, linalg::AddOp, linalg::MulOp, linalg::MaxOp>(
              [&](Operation *) { return realizeLinalgElementwise(op, why); })
          .Case([&](tensor::PadOp pad) { return realizeLinalgPad(pad, why); })
          .Case([&](tensor::InsertSliceOp ins) {
            return realizeLinalgConcat(ins, why);
          })
          .Case([&](linalg::PoolingNhwcSumOp) {
            // The sum of an average pooling: realized with its division.
            if (matchLinalgAvgPoolSum(op))
              return false;
            if (lookup(op->getOperand(0)))
              why = "sum pooling is not realized on integers yet; it is "
                    "computed in float and its result quantized again";
            return false;
          })
          .Case<linalg::TransposeOp, linalg::BroadcastOp,
                linalg::PoolingNhwcMaxOp, tensor::CollapseShapeOp,
                tensor::ExpandShapeOp>(
              [&](Operation *) { return realizeSameGridLinalg(op, why); })
          .Default([](Operation *) { return false; });
  if (done) {
    realized.insert(op);
    return;
  }
  // A quantized op that stays float: say why, at the op (without printing
  // it). It reads dequantized operands and computes what the simulation
  // computes.
  if (!why.empty())
    emitRemark(op->getLoc())
        << "op '" << op->getName() << "' stays float: " << why;
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

LogicalResult Realizer::cleanup() {
  root->walk([](Operation *op) { op->removeAttr(kKeepFloatAttrName); });
  // Float consumers of realized values read them dequantized.
  for (Operation *op : realized) {
    for (Value result : op->getResults()) {
      bool floatUse = llvm::any_of(result.getUsers(), [&](Operation *user) {
        return !realized.contains(user);
      });
      if (!floatUse)
        continue;
      std::optional<GridValue> g = lookup(result);
      if (!g)
        return op->emitError("qnn-realize: internal error: realized value "
                             "has no integer representation");
      Value deq = dequantize(*g, result.getType());
      result.replaceUsesWithIf(deq, [&](OpOperand &use) {
        return !realized.contains(use.getOwner());
      });
    }
  }

  // Erase the realized float ops, then what became dead because of it
  // (float weight constants, TOSA zero-point constants, unused conversions).
  llvm::SetVector<Operation *> maybeDead;
  for (Operation *op : realized) {
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp();
          def && !realized.contains(def))
        maybeDead.insert(def);
    // Constants read inside a region (the bounds of a linalg clamp).
    op->walk([&](Operation *nested) {
      for (Value operand : nested->getOperands())
        if (Operation *def = operand.getDefiningOp();
            def && !op->isAncestor(def) && !realized.contains(def))
          maybeDead.insert(def);
    });
  }
  maybeDead.insert(created.begin(), created.end());
  for (Operation *op : realized)
    op->dropAllReferences();
  for (Operation *op : llvm::reverse(realized))
    op->erase();

  SmallVector<Operation *> worklist(maybeDead.begin(), maybeDead.end());
  llvm::SmallPtrSet<Operation *, 16> erased;
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (erased.contains(op) || !isOpTriviallyDead(op))
      continue;
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp())
        worklist.push_back(def);
    erased.insert(op);
    op->erase();
  }
  return success();
}

LogicalResult Realizer::run() {
  bool unbound = false;
  root->walk([&](SimulatedQuantizeOp op) {
    if (!op.isBound()) {
      op.emitOpError() << "is not bound (no params): run qnn-calibrate "
                          "before qnn-realize";
      unbound = true;
    }
  });
  if (unbound)
    return failure();

  SmallVector<Operation *> ops;
  root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op != root)
      ops.push_back(op);
  });
  for (Operation *op : ops)
    visit(op);
  return cleanup();
}

LogicalResult mlir::qnn::realize(Operation *root,
                                 const RealizeOptions &options) {
  auto module = dyn_cast<ModuleOp>(root);
  if (options.partitionConversions != PartitionConversions::Disabled && !module)
    return root->emitError("qnn-realize: partition-conversions needs a "
                           "module");
  if (failed(Realizer(root).run()))
    return failure();
  if (options.partitionConversions == PartitionConversions::Disabled)
    return success();
  return partitionConversions(module, options.partitionConversions ==
                                          PartitionConversions::FullyIntegral);
}

namespace {
struct QNNRealizePass : public qnn::impl::QNNRealizeBase<QNNRealizePass> {
  using QNNRealizeBase::QNNRealizeBase;

  void runOnOperation() override {
    RealizeOptions options;
    std::optional<PartitionConversions> mode =
        parsePartitionConversions(partitionConversions);
    if (!mode) {
      emitError(getOperation().getLoc())
          << "qnn-realize: unknown partition-conversions '"
          << partitionConversions
          << "' (expected disabled, enabled or fully_integral)";
      return signalPassFailure();
    }
    options.partitionConversions = *mode;
    if (failed(realize(getOperation(), options)))
      signalPassFailure();
  }
};
} // namespace
