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
#include "mlir/IR/Matchers.h"

#include <cmath>

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
  // Large weights imported as blobs.
  if (auto blob = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    if (std::optional<ArrayRef<float>> data = blob.tryGetAsArrayRef()) {
      values.assign(data->begin(), data->end());
      return success();
    }
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
    return QuantParamsAttr::get(ctx, options.globalScale / steps,
                                /*zeroPoint=*/0, bits, isSigned, narrow);
  }

  SmallVector<double> weights;
  if (failed(getConstantFloatValues(op.getInput(), weights))) {
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
      module.emitError() << "qnn-calibrate: unknown mode '" << mode
                         << "' (expected global_scale)";
      return signalPassFailure();
    }
    CalibrateOptions options;
    if (!std::isfinite(globalScale) || !(globalScale > 0.0)) {
      module.emitError() << "qnn-calibrate: global-scale must be positive "
                            "and finite, got "
                         << globalScale;
      return signalPassFailure();
    }
    options.globalScale = globalScale;
    if (weightScale == "max") {
      options.weightScale = WeightScaleMode::Max;
    } else if (weightScale == "power2") {
      options.weightScale = WeightScaleMode::Power2;
    } else {
      module.emitError() << "qnn-calibrate: unknown weight-scale '"
                         << weightScale << "' (expected max or power2)";
      return signalPassFailure();
    }
    if (failed(calibrateDataFree(module, options)))
      signalPassFailure();
  }
};
} // namespace
