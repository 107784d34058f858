//===- Calibrate.cpp - qnn-calibrate --------------------------------------===//
//
// Part of QuantMLIR.
//
// Data-free calibration: binds the parameters of unbound
// qnn.simulated_quantize ops from a global scale (inputs, activations) and
// from the constant values (weights), as TVM's global_scale mode.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Math/QuantMath.h"
#include "QuantMLIR/Transforms/Passes.h"
#include "QuantMLIR/Transforms/Quantize.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace mlir {
namespace qnn {
#define GEN_PASS_DEF_QNNCALIBRATE
#include "QuantMLIR/Transforms/Passes.h.inc"
} // namespace qnn
} // namespace mlir

using namespace mlir;
using namespace mlir::qnn;

LogicalResult
mlir::qnn::getConstantFloatValues(Value value,
                                  SmallVectorImpl<double> &values) {
  ElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return failure();
  if (!isa<FloatType>(attr.getElementType()))
    return failure();
  values.clear();
  if (auto floats = attr.tryGetValues<APFloat>()) {
    values.reserve(attr.getNumElements());
    for (APFloat f : *floats) {
      bool losesInfo = false;
      f.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                &losesInfo);
      values.push_back(f.convertToDouble());
    }
    return success();
  }
  // Large weights imported as blobs (dense_resource): raw little-endian
  // elements of the float type.
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return failure();
    ArrayRef<char> data = blob->getData();
    auto floatTy = cast<FloatType>(attr.getElementType());
    unsigned width = floatTy.getWidth();
    if (width % 8 != 0 || width > 64)
      return failure();
    size_t bytes = width / 8;
    size_t n = static_cast<size_t>(attr.getNumElements());
    if (data.size() != n * bytes)
      return failure();
    values.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      uint64_t raw = 0;
      std::memcpy(&raw, data.data() + i * bytes, bytes);
      APFloat f(floatTy.getFloatSemantics(), APInt(width, raw));
      bool losesInfo = false;
      f.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                &losesInfo);
      values.push_back(f.convertToDouble());
    }
    return success();
  }
  return failure();
}

double mlir::qnn::computeWeightScale(ArrayRef<double> weights, int64_t qmax,
                                     WeightScaleMode mode) {
  double maxAbs = 0.0;
  for (double w : weights)
    maxAbs = std::max(maxAbs, std::fabs(w));
  if (!(maxAbs > 0.0) || qmax <= 0)
    return 1.0;
  double scale = maxAbs / static_cast<double>(qmax);
  if (mode == WeightScaleMode::Max)
    return scale;
  // Smallest power of two >= scale: scale = m * 2^e with m in [0.5, 1);
  // m == 0.5 means scale is 2^(e-1) exactly.
  int exp = 0;
  double mant = std::frexp(scale, &exp);
  return mant == 0.5 ? std::ldexp(1.0, exp - 1) : std::ldexp(1.0, exp);
}

FailureOr<QuantParamsAttr>
mlir::qnn::computeDataFreeParams(SimulatedQuantizeOp op,
                                 const CalibrateOptions &options) {
  MLIRContext *ctx = op.getContext();
  unsigned bits = static_cast<unsigned>(op.getBits());
  bool isSigned = op.getIsSigned();
  bool narrow = op.getNarrowRange();
  quantmlir::IntRange range = quantmlir::IntRange::get(bits, isSigned, narrow);

  if (op.getKind() != AnnotationKind::weight) {
    // [-g, g) on a signed grid, [0, g) on an unsigned one; zero point 0.
    double steps = std::ldexp(1.0, isSigned ? bits - 1 : bits);
    double scale = options.globalScale / steps;
    // Scales must be positive, finite and normal (products of scales must
    // not underflow to 0 in realization).
    if (!(std::isfinite(scale) &&
          scale >= std::numeric_limits<double>::min())) {
      op.emitOpError() << "global scale " << options.globalScale
                       << " gives the scale " << scale << " on a " << bits
                       << "-bit grid, which is not a normal positive double";
      return failure();
    }
    return QuantParamsAttr::get(ctx, scale, /*zeroPoint=*/0, bits, isSigned,
                                narrow);
  }

  SmallVector<double> weights;
  if (failed(getConstantFloatValues(op.getInput(), weights))) {
    if (matchPattern(op.getInput(), m_Constant()))
      op.emitOpError() << "cannot read the values of the weight constant "
                          "(expected dense or dense_resource elements)";
    else
      op.emitOpError() << "weight operand must be a float constant "
                          "(tosa.const or arith.constant) for data-free "
                          "calibration";
    return failure();
  }
  for (double w : weights) {
    if (!std::isfinite(w)) {
      op.emitOpError() << "weight constant has a non-finite value (" << w
                       << ")";
      return failure();
    }
  }
  if (isSigned) {
    // Symmetric: zero point 0, scale from the positive side of the grid.
    double scale = computeWeightScale(weights, range.qmax, options.weightScale);
    return QuantParamsAttr::get(ctx, scale, /*zeroPoint=*/0, bits, isSigned,
                                narrow);
  }
  // Unsigned weights (not produced by qnn-annotate): symmetric around the
  // midpoint, as chosen by the numeric core.
  double rmin = 0.0, rmax = 0.0;
  for (double w : weights) {
    rmin = std::min(rmin, w);
    rmax = std::max(rmax, w);
  }
  quantmlir::ScaleZp sz =
      quantmlir::chooseScaleZp(rmin, rmax, range, /*symmetric=*/true,
                               options.weightScale == WeightScaleMode::Power2);
  return QuantParamsAttr::get(ctx, sz.scale, sz.zeroPoint, bits, isSigned,
                              narrow);
}

LogicalResult mlir::qnn::calibrateDataFree(Operation *root,
                                           const CalibrateOptions &options) {
  bool failedAny = false;
  root->walk([&](SimulatedQuantizeOp op) {
    if (op.isBound())
      return;
    FailureOr<QuantParamsAttr> params = computeDataFreeParams(op, options);
    if (failed(params)) {
      failedAny = true;
      return;
    }
    op.setParamsAttr(*params);
  });
  return failure(failedAny);
}

namespace {
struct QNNCalibratePass : public qnn::impl::QNNCalibrateBase<QNNCalibratePass> {
  using QNNCalibrateBase::QNNCalibrateBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (mode != "global_scale") {
      emitError(module.getLoc()) << "qnn-calibrate: unknown mode '" << mode
                                 << "' (expected global_scale)";
      return signalPassFailure();
    }
    CalibrateOptions options;
    // The finest grid (16 bits, unsigned) must still get a normal scale.
    if (!std::isfinite(globalScale) ||
        !(std::ldexp(globalScale, -16) >= std::numeric_limits<double>::min())) {
      emitError(module.getLoc())
          << "qnn-calibrate: global-scale must be positive, finite and at "
             "least 2^-1006 (grid scales must be normal doubles), got "
          << globalScale;
      return signalPassFailure();
    }
    options.globalScale = globalScale;
    if (weightScale == "max") {
      options.weightScale = WeightScaleMode::Max;
    } else if (weightScale == "power2") {
      options.weightScale = WeightScaleMode::Power2;
    } else {
      emitError(module.getLoc()) << "qnn-calibrate: unknown weight-scale '"
                                 << weightScale << "' (expected max or power2)";
      return signalPassFailure();
    }
    if (failed(calibrateDataFree(module, options)))
      signalPassFailure();
  }
};
} // namespace
