//===- QNNOps.cpp - QNN operations: verifiers and folders -----------------===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Dialect/QNN/IR/QNNOps.h"
#include "QuantMLIR/Math/QuantMath.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"

#include <limits>

using namespace mlir;
using namespace mlir::qnn;

#define GET_OP_CLASSES
#include "QuantMLIR/Dialect/QNN/IR/QNNOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Checks that `params` describe tensors of type `type` that are stored with
/// them (element width = params bits), and the per-axis length.
static LogicalResult verifyStored(Operation *op, QuantParamsAttr params,
                                  ShapedType type, StringRef what) {
  auto emit = [&]() { return op->emitOpError() << what << ": "; };
  auto intTy = dyn_cast<IntegerType>(type.getElementType());
  if (!intTy)
    return emit() << "expected an integer element type, got "
                  << type.getElementType();
  if (intTy.getWidth() != params.getBits())
    return emit() << "element type " << intTy << " does not match the "
                  << params.getBits() << "-bit storage of the parameters";
  return params.verifyForType(emit, type);
}

static LogicalResult verifyPerTensor(Operation *op, QuantParamsAttr params,
                                     StringRef what) {
  if (params.isPerAxis())
    return op->emitOpError() << what << " must be per-tensor";
  return success();
}

/// Range of stored values of an integer type read as (un)signed, for any
/// width (IntRange::get stops at 32 bits); the unsigned maximum of 64-bit
/// types saturates at INT64_MAX.
static quantmlir::IntRange storageRange(Type t, bool isUnsigned) {
  unsigned w = cast<IntegerType>(t).getWidth();
  quantmlir::IntRange range;
  if (isUnsigned) {
    range.qmin = 0;
    range.qmax =
        w >= 64 ? std::numeric_limits<int64_t>::max()
                : static_cast<int64_t>(APInt::getMaxValue(w).getZExtValue());
  } else {
    range.qmin = APInt::getSignedMinValue(w).getSExtValue();
    range.qmax = APInt::getSignedMaxValue(w).getSExtValue();
  }
  return range;
}

static LogicalResult verifyZp(Operation *op, int64_t zp, Type elemTy,
                              bool isUnsigned, StringRef what) {
  auto range = storageRange(elemTy, isUnsigned);
  if (zp < range.qmin || zp > range.qmax)
    return op->emitOpError() << what << " " << zp << " is outside the range ["
                             << range.qmin << ", " << range.qmax << "] of "
                             << (isUnsigned ? "unsigned " : "signed ")
                             << elemTy;
  return success();
}

/// Checks that two shapes are equal, or broadcast-compatible when `allowBcast`.
static LogicalResult verifyShapesCompatible(Operation *op, ShapedType a,
                                            ShapedType b, StringRef what) {
  if (a.getRank() != b.getRank())
    return op->emitOpError() << what << ": rank mismatch (" << a.getRank()
                             << " vs " << b.getRank() << ")";
  for (int64_t i = 0, e = a.getRank(); i < e; ++i) {
    int64_t x = a.getDimSize(i), y = b.getDimSize(i);
    if (ShapedType::isDynamic(x) || ShapedType::isDynamic(y))
      continue;
    if (x != y && x != 1 && y != 1)
      return op->emitOpError() << what << ": dimension " << i
                               << " is incompatible (" << x << " vs " << y
                               << ")";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// SimulatedQuantizeOp
//===----------------------------------------------------------------------===//

LogicalResult SimulatedQuantizeOp::verify() {
  int64_t bits = getBitsAttr().getInt();
  if (bits < 2 || bits > 16)
    return emitOpError() << "bits must be in 2..16, got " << bits;
  if (auto axisAttr = getAxisAttr()) {
    int64_t axis = axisAttr.getInt();
    if (axis < 0 || axis >= getInput().getType().getRank())
      return emitOpError() << "requested axis " << axis
                           << " is out of range for rank "
                           << getInput().getType().getRank();
  }
  QuantParamsAttr params = getParamsAttr();
  if (!params)
    return success();
  if (auto axisAttr = getAxisAttr())
    if (params.getAxis() != axisAttr.getInt())
      return emitOpError() << "bound parameters must be per-axis on the "
                              "requested axis "
                           << axisAttr.getInt();
  if (params.getBits() != static_cast<unsigned>(bits) ||
      params.getIsSigned() != getIsSigned() ||
      params.getNarrowRange() != getNarrowRange())
    return emitOpError() << "bound parameters " << params
                         << " disagree with the requested grid (bits = "
                         << bits << ", is_signed = "
                         << (getIsSigned() ? "true" : "false")
                         << ", narrow_range = "
                         << (getNarrowRange() ? "true" : "false") << ")";
  return params.verifyForType([&]() { return emitOpError(); },
                              getInput().getType());
}

//===----------------------------------------------------------------------===//
// QuantizeOp / DequantizeOp / RequantizeOp
//===----------------------------------------------------------------------===//

LogicalResult QuantizeOp::verify() {
  if (getParams().getBits() == 32)
    return emitOpError() << "cannot quantize to a 32-bit accumulator grid";
  return verifyStored(*this, getParams(), getOutput().getType(), "result");
}

OpFoldResult QuantizeOp::fold(FoldAdaptor) {
  // quantize(dequantize(q)) == q for identical parameters: every stored value
  // survives the float round trip exactly (|q| < 2^16, see QuantizationSpec).
  auto deq = getInput().getDefiningOp<DequantizeOp>();
  if (deq && deq.getParams() == getParams() &&
      deq.getInput().getType() == getOutput().getType())
    return deq.getInput();
  return {};
}

LogicalResult DequantizeOp::verify() {
  return verifyStored(*this, getParams(), getInput().getType(), "input");
}

LogicalResult RequantizeOp::verify() {
  if (failed(verifyStored(*this, getInputParams(), getInput().getType(),
                          "input")))
    return failure();
  if (getOutputParams().getBits() == 32)
    return emitOpError() << "cannot requantize to a 32-bit accumulator grid";
  return verifyStored(*this, getOutputParams(), getOutput().getType(),
                      "result");
}

OpFoldResult RequantizeOp::fold(FoldAdaptor) {
  if (getInputParams() == getOutputParams() &&
      getInput().getType() == getOutput().getType())
    return getInput();
  return {};
}

//===----------------------------------------------------------------------===//
// Conv2DOp
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::verify() {
  auto inTy = getInput().getType();
  auto wTy = getWeight().getType();
  auto outTy = getOutput().getType();
  if (inTy.getRank() != 4 || wTy.getRank() != 4 || outTy.getRank() != 4)
    return emitOpError() << "expects rank-4 input (NHWC), weight (FHWC) and "
                            "result (NHWF)";
  if (getStrides().size() != 2 || getDilations().size() != 2 ||
      getPad().size() != 4)
    return emitOpError() << "expects 2 strides, 2 dilations and 4 pads "
                            "[top, bottom, left, right]";
  for (int64_t s : getStrides())
    if (s <= 0)
      return emitOpError() << "strides must be positive";
  for (int64_t d : getDilations())
    if (d <= 0)
      return emitOpError() << "dilations must be positive";
  for (int64_t p : getPad())
    if (p < 0)
      return emitOpError() << "pads must be non-negative";
  int64_t groups = getGroupsAttr().getInt();
  if (groups <= 0)
    return emitOpError() << "groups must be positive, got " << groups;
  if (failed(verifyZp(*this, getInputZp(), inTy.getElementType(),
                      getInputUnsigned(), "input zero point")) ||
      failed(verifyZp(*this, getWeightZp(), wTy.getElementType(),
                      getWeightUnsigned(), "weight zero point")))
    return failure();

  auto isStatic = [](int64_t d) { return !ShapedType::isDynamic(d); };
  int64_t c = inTy.getDimSize(3), f = wTy.getDimSize(0),
          wc = wTy.getDimSize(3);
  if (isStatic(c)) {
    if (c % groups != 0)
      return emitOpError() << "input channels (" << c
                           << ") are not divisible by groups (" << groups
                           << ")";
    if (isStatic(wc) && wc != c / groups)
      return emitOpError() << "weight has " << wc
                           << " channels per group, expected " << c / groups
                           << " (input channels / groups)";
  }
  if (isStatic(f) && f % groups != 0)
    return emitOpError() << "output channels (" << f
                         << ") are not divisible by groups (" << groups << ")";
  if (isStatic(f) && isStatic(outTy.getDimSize(3)) && outTy.getDimSize(3) != f)
    return emitOpError() << "result has " << outTy.getDimSize(3)
                         << " channels, expected " << f;
  if (isStatic(inTy.getDimSize(0)) && isStatic(outTy.getDimSize(0)) &&
      inTy.getDimSize(0) != outTy.getDimSize(0))
    return emitOpError() << "batch mismatch between input and result";
  if (Value bias = getBias()) {
    auto bTy = cast<RankedTensorType>(bias.getType());
    if (bTy.getRank() != 1 ||
        (isStatic(f) && isStatic(bTy.getDimSize(0)) && bTy.getDimSize(0) != f))
      return emitOpError() << "bias must be a 1-D tensor of " << f
                           << " elements";
  }
  // Spatial geometry.
  for (int i = 0; i < 2; ++i) {
    int64_t in = inTy.getDimSize(1 + i), k = wTy.getDimSize(1 + i),
            out = outTy.getDimSize(1 + i);
    if (!isStatic(in) || !isStatic(k))
      continue;
    int64_t effK = (k - 1) * getDilations()[i] + 1;
    int64_t padded = in + getPad()[2 * i] + getPad()[2 * i + 1];
    if (padded < effK)
      return emitOpError() << "kernel extent " << effK << " exceeds padded "
                           << (i == 0 ? "height " : "width ") << padded;
    int64_t expected = (padded - effK) / getStrides()[i] + 1;
    if (isStatic(out) && out != expected)
      return emitOpError() << "result " << (i == 0 ? "height " : "width ")
                           << out << " does not match the geometry (expected "
                           << expected << ")";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// MatmulOp
//===----------------------------------------------------------------------===//

LogicalResult MatmulOp::verify() {
  auto l = getLhs().getType(), r = getRhs().getType(),
       o = getOutput().getType();
  int64_t rank = l.getRank();
  if ((rank != 2 && rank != 3) || r.getRank() != rank || o.getRank() != rank)
    return emitOpError() << "expects operands and result of equal rank 2 or 3";
  if (failed(verifyZp(*this, getLhsZp(), l.getElementType(), getLhsUnsigned(),
                      "lhs zero point")) ||
      failed(verifyZp(*this, getRhsZp(), r.getElementType(), getRhsUnsigned(),
                      "rhs zero point")))
    return failure();
  auto eq = [](int64_t a, int64_t b) {
    return ShapedType::isDynamic(a) || ShapedType::isDynamic(b) || a == b;
  };
  int64_t b = rank - 2;
  if (!eq(l.getDimSize(b + 1), r.getDimSize(b)))
    return emitOpError() << "contraction dimensions differ ("
                         << l.getDimSize(b + 1) << " vs " << r.getDimSize(b)
                         << ")";
  if (!eq(l.getDimSize(b), o.getDimSize(b)) ||
      !eq(r.getDimSize(b + 1), o.getDimSize(b + 1)))
    return emitOpError() << "result shape does not match M x N of the operands";
  if (rank == 3 &&
      (!eq(l.getDimSize(0), r.getDimSize(0)) ||
       !eq(l.getDimSize(0), o.getDimSize(0))))
    return emitOpError() << "batch dimensions differ";
  return success();
}

//===----------------------------------------------------------------------===//
// Binary ops
//===----------------------------------------------------------------------===//

template <typename OpTy>
static LogicalResult verifyBinary(OpTy op) {
  if (failed(verifyStored(op, op.getLhsParams(), op.getLhs().getType(),
                          "lhs")) ||
      failed(verifyStored(op, op.getRhsParams(), op.getRhs().getType(),
                          "rhs")) ||
      failed(verifyStored(op, op.getOutputParams(), op.getOutput().getType(),
                          "result")))
    return failure();
  if (failed(verifyPerTensor(op, op.getLhsParams(), "lhs_params")) ||
      failed(verifyPerTensor(op, op.getRhsParams(), "rhs_params")) ||
      failed(verifyPerTensor(op, op.getOutputParams(), "output_params")))
    return failure();
  if (failed(verifyShapesCompatible(op, op.getLhs().getType(),
                                    op.getRhs().getType(), "operands")) ||
      failed(verifyShapesCompatible(op, op.getLhs().getType(),
                                    op.getOutput().getType(), "result")))
    return failure();
  return success();
}

LogicalResult AddOp::verify() { return verifyBinary(*this); }
LogicalResult MulOp::verify() { return verifyBinary(*this); }

//===----------------------------------------------------------------------===//
// ConcatOp
//===----------------------------------------------------------------------===//

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError() << "expects at least one input";
  if (getInputParams().size() != getInputs().size())
    return emitOpError() << "expects one input_params entry per input ("
                         << getInputs().size() << "), got "
                         << getInputParams().size();
  auto outTy = getOutput().getType();
  int64_t rank = outTy.getRank();
  int64_t axis = getAxisAttr().getInt();
  if (axis < 0 || axis >= rank)
    return emitOpError() << "axis " << axis << " is out of range for rank "
                         << rank;
  if (failed(verifyStored(*this, getOutputParams(), outTy, "result")) ||
      failed(verifyPerTensor(*this, getOutputParams(), "output_params")))
    return failure();
  int64_t total = 0;
  bool dynamic = false;
  for (auto [i, v] : llvm::enumerate(getInputs())) {
    auto ty = cast<RankedTensorType>(v.getType());
    auto p = cast<QuantParamsAttr>(getInputParams()[i]);
    std::string what = "input " + std::to_string(i);
    if (failed(verifyStored(*this, p, ty, what)) ||
        failed(verifyPerTensor(*this, p, what + " params")))
      return failure();
    if (ty.getRank() != rank)
      return emitOpError() << what << " has rank " << ty.getRank()
                           << ", expected " << rank;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t a = ty.getDimSize(d), b = outTy.getDimSize(d);
      if (d == axis) {
        if (ShapedType::isDynamic(a))
          dynamic = true;
        else
          total += a;
        continue;
      }
      if (!ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b)
        return emitOpError() << what << " dimension " << d << " is " << a
                             << ", expected " << b;
    }
  }
  if (!dynamic && !ShapedType::isDynamic(outTy.getDimSize(axis)) &&
      outTy.getDimSize(axis) != total)
    return emitOpError() << "result dimension " << axis << " is "
                         << outTy.getDimSize(axis)
                         << ", expected the sum of the inputs (" << total
                         << ")";
  return success();
}

//===----------------------------------------------------------------------===//
// AvgPool2DOp
//===----------------------------------------------------------------------===//

LogicalResult AvgPool2DOp::verify() {
  auto inTy = getInput().getType(), outTy = getOutput().getType();
  if (inTy.getRank() != 4 || outTy.getRank() != 4)
    return emitOpError() << "expects rank-4 (NHWC) input and result";
  if (inTy.getElementType() != outTy.getElementType())
    return emitOpError() << "input and result element types differ ("
                         << inTy.getElementType() << " vs "
                         << outTy.getElementType() << ")";
  if (getKernel().size() != 2 || getStrides().size() != 2 ||
      getPad().size() != 4)
    return emitOpError() << "expects 2 kernel sizes, 2 strides and 4 pads";
  for (int64_t k : getKernel())
    if (k <= 0)
      return emitOpError() << "kernel sizes must be positive";
  for (int64_t s : getStrides())
    if (s <= 0)
      return emitOpError() << "strides must be positive";
  for (int64_t p : getPad())
    if (p < 0)
      return emitOpError() << "pads must be non-negative";
  // Padding wider than the kernel would give windows with no input element.
  if (getPad()[0] >= getKernel()[0] || getPad()[1] >= getKernel()[0] ||
      getPad()[2] >= getKernel()[1] || getPad()[3] >= getKernel()[1])
    return emitOpError() << "padding must be smaller than the kernel";
  if (failed(verifyZp(*this, getZp(), inTy.getElementType(), getIsUnsigned(),
                      "zero point")))
    return failure();
  for (int i = 0; i < 2; ++i) {
    int64_t in = inTy.getDimSize(1 + i), out = outTy.getDimSize(1 + i);
    if (ShapedType::isDynamic(in))
      continue;
    int64_t padded = in + getPad()[2 * i] + getPad()[2 * i + 1];
    if (padded < getKernel()[i])
      return emitOpError() << "kernel exceeds the padded input";
    int64_t expected = (padded - getKernel()[i]) / getStrides()[i] + 1;
    if (!ShapedType::isDynamic(out) && out != expected)
      return emitOpError() << "result " << (i == 0 ? "height " : "width ")
                           << out << " does not match the geometry (expected "
                           << expected << ")";
  }
  for (int d : {0, 3}) {
    int64_t a = inTy.getDimSize(d), b = outTy.getDimSize(d);
    if (!ShapedType::isDynamic(a) && !ShapedType::isDynamic(b) && a != b)
      return emitOpError() << "dimension " << d
                           << " differs between input and result";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ClampOp
//===----------------------------------------------------------------------===//

// I64Attr accessors return uint64_t; read the attributes as signed.
LogicalResult ClampOp::verify() {
  int64_t lo = getMinAttr().getInt(), hi = getMaxAttr().getInt();
  if (lo > hi)
    return emitOpError() << "min (" << lo << ") is greater than max (" << hi
                         << ")";
  // Bounds beyond the storage range act as that range, but [min, max] must
  // hold a storable value.
  Type elemTy = getInput().getType().getElementType();
  auto range = storageRange(elemTy, getIsUnsigned());
  if (lo > range.qmax || hi < range.qmin)
    return emitOpError() << "[" << lo << ", " << hi
                         << "] holds no value of the range [" << range.qmin
                         << ", " << range.qmax << "] of "
                         << (getIsUnsigned() ? "unsigned " : "signed ")
                         << elemTy;
  return success();
}

OpFoldResult ClampOp::fold(FoldAdaptor) {
  auto range =
      storageRange(getInput().getType().getElementType(), getIsUnsigned());
  if (getMinAttr().getInt() <= range.qmin &&
      getMaxAttr().getInt() >= range.qmax)
    return getInput();
  return {};
}
