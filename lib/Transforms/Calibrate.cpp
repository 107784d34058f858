//===- Calibrate.cpp - qnn-calibrate --------------------------------------===//
//
// Part of QuantMLIR.
//
// Binds the parameters of unbound qnn.simulated_quantize ops: inputs and
// activations from a global scale (TVM's global_scale mode) or from a
// statistics file (max, percentile, KL, MSE, moving average; per-layer
// overrides), weights from their constant values (per tensor or per
// channel), then raises weight scales where a bias would overflow int32.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Math/QuantMath.h"
#include "QuantMLIR/Transforms/LinalgMatchers.h"
#include "QuantMLIR/Transforms/Passes.h"
#include "QuantMLIR/Transforms/Quantize.h"
#include "QuantMLIR/Transforms/Statistics.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>
#include <cstring>
#include <functional>
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

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// The smallest power of two >= x (x > 0, finite).
static double nextPowerOfTwo(double x) {
  int exp = 0;
  double mant = std::frexp(x, &exp);
  return mant == 0.5 ? std::ldexp(1.0, exp - 1) : std::ldexp(1.0, exp);
}

static quantmlir::IntRange gridOf(SimulatedQuantizeOp op) {
  return quantmlir::IntRange::get(static_cast<unsigned>(op.getBits()),
                                  op.getIsSigned(), op.getNarrowRange());
}

/// Scales must be positive, finite and normal (products of scales must not
/// underflow to 0 in realization).
static bool isNormalScale(double scale) {
  return std::isfinite(scale) && scale >= std::numeric_limits<double>::min();
}

static std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      text += ", ";
    text += d < 0 ? std::string("?") : std::to_string(d);
  }
  return text + "]";
}

static std::vector<int64_t> statisticsShape(SimulatedQuantizeOp op) {
  std::vector<int64_t> shape;
  for (int64_t d : cast<ShapedType>(op.getInput().getType()).getShape())
    shape.push_back(ShapedType::isDynamic(d) ? quantmlir::kStatisticsDynamicDim
                                             : d);
  return shape;
}

std::optional<CalibrationMode>
mlir::qnn::parseCalibrationMode(llvm::StringRef mode) {
  return llvm::StringSwitch<std::optional<CalibrationMode>>(mode)
      .Case("global_scale", CalibrationMode::GlobalScale)
      .Case("max", CalibrationMode::Max)
      .Case("percentile", CalibrationMode::Percentile)
      .Case("kl", CalibrationMode::KL)
      .Case("mse", CalibrationMode::MSE)
      .Case("moving_average", CalibrationMode::MovingAverage)
      .Default(std::nullopt);
}

llvm::StringRef mlir::qnn::stringifyCalibrationMode(CalibrationMode mode) {
  switch (mode) {
  case CalibrationMode::GlobalScale:
    return "global_scale";
  case CalibrationMode::Max:
    return "max";
  case CalibrationMode::Percentile:
    return "percentile";
  case CalibrationMode::KL:
    return "kl";
  case CalibrationMode::MSE:
    return "mse";
  case CalibrationMode::MovingAverage:
    return "moving_average";
  }
  llvm_unreachable("unknown calibration mode");
}

//===----------------------------------------------------------------------===//
// Data-free parameters
//===----------------------------------------------------------------------===//

/// [-g, g) on a signed grid, [0, g) on an unsigned one; zero point 0.
static FailureOr<QuantParamsAttr> globalScaleParams(SimulatedQuantizeOp op,
                                                    double globalScale) {
  unsigned bits = static_cast<unsigned>(op.getBits());
  bool isSigned = op.getIsSigned();
  double steps = std::ldexp(1.0, isSigned ? bits - 1 : bits);
  double scale = globalScale / steps;
  if (!isNormalScale(scale)) {
    op.emitOpError() << "global scale " << globalScale << " gives the scale "
                     << scale << " on a " << bits
                     << "-bit grid, which is not a normal positive double";
    return failure();
  }
  return QuantParamsAttr::get(op.getContext(), scale, /*zeroPoint=*/0, bits,
                              isSigned, op.getNarrowRange());
}

/// Weight parameters from the constant values: symmetric, per tensor or per
/// index of the op's `axis`. `fixedScale` (an override) replaces the rule;
/// `fixedZeroPoint` goes with it.
static FailureOr<QuantParamsAttr>
weightParams(SimulatedQuantizeOp op, WeightScaleMode mode,
             std::optional<double> fixedScale = std::nullopt,
             std::optional<int64_t> fixedZeroPoint = std::nullopt) {
  MLIRContext *ctx = op.getContext();
  unsigned bits = static_cast<unsigned>(op.getBits());
  bool isSigned = op.getIsSigned();
  bool narrow = op.getNarrowRange();
  quantmlir::IntRange range = gridOf(op);
  bool power2 = mode == WeightScaleMode::Power2;

  auto type = cast<RankedTensorType>(op.getInput().getType());
  int64_t axis = -1;
  int64_t channels = 1, inner = 1;
  if (std::optional<uint64_t> a = op.getAxis()) {
    axis = static_cast<int64_t>(*a);
    if (axis < 0 || axis >= type.getRank() ||
        type.isDynamicDim(static_cast<unsigned>(axis))) {
      op.emitOpError() << "axis " << axis
                       << " is not a static dimension of the weight";
      return failure();
    }
    channels = type.getDimSize(axis);
    for (int64_t d = axis + 1; d < type.getRank(); ++d)
      inner *= type.getDimSize(d);
  }

  if (fixedScale) {
    int64_t zp = fixedZeroPoint.value_or(
        isSigned ? 0 : (range.qmin + range.qmax + 1) / 2);
    if (zp < range.qmin || zp > range.qmax) {
      op.emitOpError() << "override zero point " << zp << " is outside ["
                       << range.qmin << ", " << range.qmax << "]";
      return failure();
    }
    if (axis < 0)
      return QuantParamsAttr::get(ctx, *fixedScale, zp, bits, isSigned, narrow);
    SmallVector<double> scales(channels, *fixedScale);
    SmallVector<int64_t> zps(channels, zp);
    return QuantParamsAttr::get(ctx, scales, zps, axis, bits, isSigned, narrow);
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

  // Per tensor: the whole constant. Also the fallback of all-zero channels.
  auto perTensor = [&](ArrayRef<double> values) -> quantmlir::ScaleZp {
    if (isSigned)
      return {computeWeightScale(values, range.qmax, mode), 0};
    // Unsigned weights (not produced by qnn-annotate): symmetric around the
    // midpoint, as chosen by the numeric core.
    double rmin = 0.0, rmax = 0.0;
    for (double w : values) {
      rmin = std::min(rmin, w);
      rmax = std::max(rmax, w);
    }
    return quantmlir::chooseScaleZp(rmin, rmax, range, /*symmetric=*/true,
                                    power2);
  };
  quantmlir::ScaleZp whole = perTensor(weights);
  if (!isNormalScale(whole.scale)) {
    op.emitOpError() << "weight scale " << whole.scale
                     << " is not a normal positive double";
    return failure();
  }
  if (axis < 0)
    return QuantParamsAttr::get(ctx, whole.scale, whole.zeroPoint, bits,
                                isSigned, narrow);

  // Per channel: element i is in channel (i / inner) % channels.
  SmallVector<SmallVector<double>> perChannel(channels);
  for (auto [i, w] : llvm::enumerate(weights))
    perChannel[(static_cast<int64_t>(i) / inner) % channels].push_back(w);
  SmallVector<double> scales;
  SmallVector<int64_t> zps;
  for (auto [c, values] : llvm::enumerate(perChannel)) {
    bool allZero = llvm::all_of(values, [](double w) { return w == 0.0; });
    quantmlir::ScaleZp sz = allZero ? whole : perTensor(values);
    if (!isNormalScale(sz.scale)) {
      op.emitOpError() << "weight scale " << sz.scale << " of channel " << c
                       << " is not a normal positive double";
      return failure();
    }
    scales.push_back(sz.scale);
    zps.push_back(sz.zeroPoint);
  }
  return QuantParamsAttr::get(ctx, scales, zps, axis, bits, isSigned, narrow);
}

FailureOr<QuantParamsAttr>
mlir::qnn::computeDataFreeParams(SimulatedQuantizeOp op,
                                 const CalibrateOptions &options) {
  if (op.getKind() != AnnotationKind::weight)
    return globalScaleParams(op, options.globalScale);
  return weightParams(op, options.weightScale);
}

LogicalResult mlir::qnn::calibrateDataFree(Operation *root,
                                           const CalibrateOptions &options) {
  StatisticsCalibrateOptions full;
  full.dataFree = options;
  full.mode = CalibrationMode::GlobalScale;
  return calibrate(root, full);
}

//===----------------------------------------------------------------------===//
// Parameters from statistics
//===----------------------------------------------------------------------===//

namespace {
class Calibrator {
public:
  Calibrator(const StatisticsCalibrateOptions &options) : options(options) {}

  LogicalResult checkModel(Operation *root);
  LogicalResult checkOverrideNames(Operation *root);
  FailureOr<QuantParamsAttr> compute(SimulatedQuantizeOp op);

  /// Weight ops bound here, and whether their rule is power2.
  llvm::DenseMap<Operation *, bool> boundWeights;

private:
  const quantmlir::CalibrationOverride *overrideFor(SimulatedQuantizeOp op);
  FailureOr<QuantParamsAttr>
  computeWeight(SimulatedQuantizeOp op,
                const quantmlir::CalibrationOverride *ovr);
  FailureOr<QuantParamsAttr>
  computeActivation(SimulatedQuantizeOp op,
                    const quantmlir::CalibrationOverride *ovr);
  const quantmlir::TensorStatistics *entryFor(SimulatedQuantizeOp op,
                                              CalibrationMode mode);
  FailureOr<QuantParamsAttr> fromThreshold(SimulatedQuantizeOp op, double t,
                                           double dataMin);
  FailureOr<QuantParamsAttr> fromRange(SimulatedQuantizeOp op, double lo,
                                       double hi);

  const StatisticsCalibrateOptions &options;
};
} // namespace

LogicalResult Calibrator::checkModel(Operation *root) {
  if (!options.stats || !options.checkModelHash)
    return success();
  FailureOr<quantmlir::ModelDescription> model =
      quantmlir::collectStatisticsTensors(root);
  if (failed(model))
    return failure();
  const quantmlir::StatisticsFile &stats = *options.stats;
  if (model->hash == stats.modelHash)
    return success();

  // Say what differs.
  std::vector<std::string> missing, extra, different;
  for (const quantmlir::TensorDescription &t : model->tensors) {
    const quantmlir::TensorStatistics *e = stats.lookup(t.name);
    if (!e)
      missing.push_back("'" + t.name + "'");
    else if (e->desc.kind != t.kind || e->desc.shape != t.shape)
      different.push_back("'" + t.name + "' (file: " + e->desc.kind + " " +
                          formatShape(e->desc.shape) + ", module: " + t.kind +
                          " " + formatShape(t.shape) + ")");
  }
  llvm::StringSet<> names;
  for (const quantmlir::TensorDescription &t : model->tensors)
    names.insert(t.name);
  for (const quantmlir::TensorStatistics &e : stats.tensors)
    if (!names.contains(e.desc.name))
      extra.push_back("'" + e.desc.name + "'");
  auto list = [](const std::vector<std::string> &items) {
    std::string text;
    for (size_t i = 0; i < items.size() && i < 3; ++i)
      text += (i ? ", " : "") + items[i];
    if (items.size() > 3)
      text += " and " + std::to_string(items.size() - 3) + " more";
    return text;
  };
  InFlightDiagnostic diag = emitError(root->getLoc());
  diag << "qnn-calibrate: the statistics in '" << options.statsFileName
       << "' were collected on another model (model hash " << stats.modelHash
       << ", this module " << model->hash << ")";
  if (!missing.empty())
    diag << "; no entry for " << list(missing);
  if (!different.empty())
    diag << "; different kind or shape: " << list(different);
  if (!extra.empty())
    diag << "; entries for tensors not in this module: " << list(extra);
  return failure();
}

LogicalResult Calibrator::checkOverrideNames(Operation *root) {
  if (!options.overrides)
    return success();
  llvm::StringSet<> names;
  root->walk([&](SimulatedQuantizeOp op) {
    if (StringAttr name = op.getNameAttr())
      names.insert(name.getValue());
  });
  std::vector<std::string> unknown;
  for (const auto &entry : options.overrides->byName)
    if (!names.contains(entry.getKey()))
      unknown.push_back(entry.getKey().str());
  if (unknown.empty())
    return success();
  llvm::sort(unknown);
  InFlightDiagnostic diag = emitError(root->getLoc());
  diag << "qnn-calibrate: '" << options.overridesFileName
       << "' overrides names that no qnn.simulated_quantize has:";
  for (const std::string &name : unknown)
    diag << " '" << name << "'";
  return failure();
}

const quantmlir::CalibrationOverride *
Calibrator::overrideFor(SimulatedQuantizeOp op) {
  if (!options.overrides)
    return nullptr;
  StringAttr name = op.getNameAttr();
  if (!name)
    return nullptr;
  auto it = options.overrides->byName.find(name.getValue());
  return it == options.overrides->byName.end() ? nullptr : &it->second;
}

FailureOr<QuantParamsAttr> Calibrator::compute(SimulatedQuantizeOp op) {
  const quantmlir::CalibrationOverride *ovr = overrideFor(op);
  if (op.getKind() == AnnotationKind::weight)
    return computeWeight(op, ovr);
  return computeActivation(op, ovr);
}

FailureOr<QuantParamsAttr>
Calibrator::computeWeight(SimulatedQuantizeOp op,
                          const quantmlir::CalibrationOverride *ovr) {
  WeightScaleMode mode = options.dataFree.weightScale;
  std::optional<double> scale;
  std::optional<int64_t> zeroPoint;
  if (ovr) {
    if (ovr->mode) {
      if (*ovr->mode == "max") {
        mode = WeightScaleMode::Max;
      } else if (*ovr->mode == "power2") {
        mode = WeightScaleMode::Power2;
      } else {
        op.emitOpError() << "override in '" << options.overridesFileName
                         << "': weights are calibrated from their values, "
                            "mode must be max or power2, got '"
                         << *ovr->mode << "'";
        return failure();
      }
    }
    if (ovr->min || ovr->percentile || ovr->symmetric) {
      op.emitOpError() << "override in '" << options.overridesFileName
                       << "': weights take only mode (max | power2), scale "
                          "(and zero_point) or threshold";
      return failure();
    }
    if (ovr->scale) {
      scale = ovr->scale;
      zeroPoint = ovr->zeroPoint;
    } else if (ovr->threshold) {
      quantmlir::IntRange range = gridOf(op);
      scale = *ovr->threshold / static_cast<double>(range.qmax);
      if (!op.getIsSigned())
        zeroPoint = 0;
      if (!isNormalScale(*scale)) {
        op.emitOpError() << "override threshold " << *ovr->threshold
                         << " gives the scale " << *scale
                         << ", which is not a normal positive double";
        return failure();
      }
    }
  }
  FailureOr<QuantParamsAttr> params = weightParams(op, mode, scale, zeroPoint);
  if (succeeded(params))
    boundWeights[op] = !scale && mode == WeightScaleMode::Power2;
  return params;
}

const quantmlir::TensorStatistics *Calibrator::entryFor(SimulatedQuantizeOp op,
                                                        CalibrationMode mode) {
  StringRef modeName = stringifyCalibrationMode(mode);
  if (!options.stats) {
    op.emitOpError() << "mode " << modeName
                     << " needs a statistics file (stats=<file>)";
    return nullptr;
  }
  StringRef file = options.statsFileName;
  StringAttr name = op.getNameAttr();
  if (!name) {
    op.emitOpError() << "has no name, so it has no entry in the statistics "
                        "file '"
                     << file << "' (mode " << modeName << ")";
    return nullptr;
  }
  const quantmlir::TensorStatistics *entry =
      options.stats->lookup(name.getValue());
  if (!entry) {
    op.emitOpError() << "'" << name.getValue()
                     << "' has no entry in the statistics file '" << file
                     << "'";
    return nullptr;
  }
  StringRef kind = stringifyAnnotationKind(op.getKind());
  std::vector<int64_t> shape = statisticsShape(op);
  if (entry->desc.kind != kind || entry->desc.shape != shape) {
    op.emitOpError() << "the entry '" << name.getValue() << "' in '" << file
                     << "' describes an " << entry->desc.kind << " of shape "
                     << formatShape(entry->desc.shape) << ", not this " << kind
                     << " of shape " << formatShape(shape);
    return nullptr;
  }
  const quantmlir::Histogram &h = entry->histogram;
  if (h.nanCount() || h.infCount()) {
    op.emitOpError() << "the entry '" << name.getValue() << "' in '" << file
                     << "' counted " << h.nanCount() << " NaN and "
                     << h.infCount()
                     << " infinite values: the calibration data or the model "
                        "produce non-finite values";
    return nullptr;
  }
  if (h.count() == 0) {
    op.emitOpError() << "the entry '" << name.getValue() << "' in '" << file
                     << "' has no samples (no finite value was seen)";
    return nullptr;
  }
  return entry;
}

FailureOr<QuantParamsAttr> Calibrator::fromThreshold(SimulatedQuantizeOp op,
                                                     double t, double dataMin) {
  quantmlir::IntRange range = gridOf(op);
  quantmlir::ScaleZp sz;
  if (op.getIsSigned()) {
    sz = quantmlir::chooseScaleZp(-t, t, range, /*symmetric=*/true);
  } else {
    if (dataMin < 0.0)
      op.emitWarning() << "the tensor has negative values (min " << dataMin
                       << ") but an unsigned grid: they clip to 0";
    sz = quantmlir::chooseScaleZp(0.0, t, range, /*symmetric=*/false);
  }
  if (!isNormalScale(sz.scale)) {
    op.emitOpError() << "threshold " << t << " gives the scale " << sz.scale
                     << ", which is not a normal positive double";
    return failure();
  }
  return QuantParamsAttr::get(op.getContext(), sz.scale, sz.zeroPoint,
                              static_cast<unsigned>(op.getBits()),
                              op.getIsSigned(), op.getNarrowRange());
}

FailureOr<QuantParamsAttr> Calibrator::fromRange(SimulatedQuantizeOp op,
                                                 double lo, double hi) {
  quantmlir::ScaleZp sz =
      quantmlir::chooseScaleZp(lo, hi, gridOf(op), /*symmetric=*/false);
  if (!isNormalScale(sz.scale)) {
    op.emitOpError() << "range [" << lo << ", " << hi << "] gives the scale "
                     << sz.scale << ", which is not a normal positive double";
    return failure();
  }
  return QuantParamsAttr::get(op.getContext(), sz.scale, sz.zeroPoint,
                              static_cast<unsigned>(op.getBits()),
                              op.getIsSigned(), op.getNarrowRange());
}

FailureOr<QuantParamsAttr>
Calibrator::computeActivation(SimulatedQuantizeOp op,
                              const quantmlir::CalibrationOverride *ovr) {
  CalibrationMode mode = options.mode;
  double percentile = options.percentile;
  bool symmetric = options.activationSymmetric;
  if (ovr) {
    StringRef file = options.overridesFileName;
    if (ovr->scale) {
      quantmlir::IntRange range = gridOf(op);
      int64_t zp = ovr->zeroPoint.value_or(0);
      if (zp < range.qmin || zp > range.qmax) {
        op.emitOpError() << "override in '" << file << "': zero point " << zp
                         << " is outside [" << range.qmin << ", " << range.qmax
                         << "]";
        return failure();
      }
      return QuantParamsAttr::get(op.getContext(), *ovr->scale, zp,
                                  static_cast<unsigned>(op.getBits()),
                                  op.getIsSigned(), op.getNarrowRange());
    }
    if (ovr->threshold)
      return fromThreshold(op, *ovr->threshold, /*dataMin=*/0.0);
    if (ovr->min)
      return fromRange(op, *ovr->min, *ovr->max);
    if (ovr->mode) {
      std::optional<CalibrationMode> m = parseCalibrationMode(*ovr->mode);
      if (!m) {
        op.emitOpError() << "override in '" << file << "': mode '" << *ovr->mode
                         << "' applies to weights only";
        return failure();
      }
      mode = *m;
    }
    if (ovr->percentile) {
      mode = CalibrationMode::Percentile;
      percentile = *ovr->percentile;
    }
    if (ovr->symmetric)
      symmetric = *ovr->symmetric;
    if (mode == CalibrationMode::GlobalScale && !symmetric) {
      op.emitOpError() << "override in '" << file
                       << "': mode global_scale is symmetric";
      return failure();
    }
  }

  if (mode == CalibrationMode::GlobalScale)
    return globalScaleParams(op, options.dataFree.globalScale);

  const quantmlir::TensorStatistics *entry = entryFor(op, mode);
  if (!entry)
    return failure();
  const quantmlir::Histogram &h = entry->histogram;
  quantmlir::IntRange range = gridOf(op);
  unsigned bits = static_cast<unsigned>(op.getBits());

  // Symmetric threshold of the KL and MSE searches (also used to clip the
  // asymmetric range).
  auto searchThreshold = [&]() -> double {
    if (mode == CalibrationMode::KL) {
      // 2 qmax + 1 quantized bins: 255 for int8, 511 for uint8 (MXNet's
      // choice for non-negative tensors).
      uint64_t nq = 2 * static_cast<uint64_t>(range.qmax) + 1;
      if (nq / 2 > h.numBins() / 2) {
        op.emitRemark() << "a histogram of " << h.numBins()
                        << " bins is too coarse for KL on a " << bits
                        << "-bit grid (" << nq << " quantized bins): using max";
        return quantmlir::maxThreshold(h);
      }
      return quantmlir::klThreshold(h, static_cast<uint32_t>(nq));
    }
    // MSE: the positive side of the grid has qmax steps; mseThreshold's
    // grid has 2^(bits-1) - 1.
    return quantmlir::mseThreshold(h, op.getIsSigned() ? bits : bits + 1);
  };

  if (symmetric) {
    double t = 0.0;
    switch (mode) {
    case CalibrationMode::Max:
      t = quantmlir::maxThreshold(h);
      break;
    case CalibrationMode::Percentile:
      t = quantmlir::percentileThreshold(h, percentile);
      break;
    case CalibrationMode::MovingAverage:
      t = std::max(std::fabs(h.movingMin()), std::fabs(h.movingMax()));
      break;
    case CalibrationMode::KL:
    case CalibrationMode::MSE:
      t = searchThreshold();
      break;
    case CalibrationMode::GlobalScale:
      llvm_unreachable("handled above");
    }
    return fromThreshold(op, t, h.min());
  }

  quantmlir::CalibRange r;
  switch (mode) {
  case CalibrationMode::Max:
    r = quantmlir::minMaxRange(h);
    break;
  case CalibrationMode::Percentile:
    r = quantmlir::percentileRange(h, percentile);
    break;
  case CalibrationMode::MovingAverage:
    r = quantmlir::movingAverageRange(h);
    break;
  case CalibrationMode::KL:
  case CalibrationMode::MSE: {
    double t = searchThreshold();
    r = {std::max(h.min(), -t), std::min(h.max(), t)};
    break;
  }
  case CalibrationMode::GlobalScale:
    llvm_unreachable("handled above");
  }
  return fromRange(op, r.min, r.max);
}

LogicalResult mlir::qnn::calibrate(Operation *root,
                                   const StatisticsCalibrateOptions &options) {
  Calibrator calibrator(options);
  if (failed(calibrator.checkModel(root)) ||
      failed(calibrator.checkOverrideNames(root)))
    return failure();

  bool failedAny = false;
  SmallVector<std::pair<SimulatedQuantizeOp, QuantParamsAttr>> results;
  root->walk([&](SimulatedQuantizeOp op) {
    if (op.isBound()) {
      StringAttr name = op.getNameAttr();
      if (options.overrides && name &&
          options.overrides->byName.count(name.getValue()))
        op.emitWarning() << "the override in '" << options.overridesFileName
                         << "' is ignored: the op is already bound";
      return;
    }
    FailureOr<QuantParamsAttr> params = calibrator.compute(op);
    if (failed(params)) {
      failedAny = true;
      return;
    }
    results.emplace_back(op, *params);
  });
  if (failedAny)
    return failure();
  for (auto [op, params] : results)
    op.setParamsAttr(params);

  if (options.adjustBias) {
    auto &bound = calibrator.boundWeights;
    adjustWeightScalesForBias(
        root, [&](SimulatedQuantizeOp op) { return bound.count(op) != 0; },
        [&](SimulatedQuantizeOp op) { return bound.lookup(op); });
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Bias overflow
//===----------------------------------------------------------------------===//

/// The bound grid `v` is on: the params of the simulated_quantize it comes
/// from, through pass-through ops; null when there is none.
static QuantParamsAttr boundGridOf(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    if (auto sq = dyn_cast<SimulatedQuantizeOp>(def))
      return sq.getParamsAttr();
    auto iface = dyn_cast<QuantizableOpInterface>(def);
    if (!iface || def->getNumOperands() == 0)
      return {};
    std::optional<QuantizeRule> rule = iface.getQuantizeRule();
    if (!rule || rule->result != ResultRule::PassThrough)
      return {};
    v = def->getOperand(0);
  }
  return {};
}

namespace {
/// A bias added to the accumulator of `op`: the input grid, the weight, the
/// bias values and, per bias entry, the index along the weight's axis it
/// belongs to (-1: every index).
struct BiasSite {
  Operation *op = nullptr;
  QuantParamsAttr input;
  SimulatedQuantizeOp weight;
  SmallVector<double> bias;
  std::function<int64_t(size_t)> channelOf;
};
} // namespace

/// Float values of a constant, or of the constant behind a weight
/// simulated_quantize.
static LogicalResult getBiasValues(Value v, SmallVectorImpl<double> &values) {
  if (auto sq = v.getDefiningOp<SimulatedQuantizeOp>())
    v = sq.getInput();
  return getConstantFloatValues(v, values);
}

static std::optional<BiasSite> makeSite(Operation *op, Value input,
                                        Value weight, Value bias) {
  BiasSite site;
  site.op = op;
  site.input = boundGridOf(input);
  site.weight = weight.getDefiningOp<SimulatedQuantizeOp>();
  if (!site.input || site.input.isPerAxis() || !site.weight ||
      !site.weight.isBound() || failed(getBiasValues(bias, site.bias)))
    return std::nullopt;
  return site;
}

static int64_t weightAxis(SimulatedQuantizeOp w) {
  QuantParamsAttr p = w.getParamsAttr();
  return p.isPerAxis() ? p.getAxis() : -1;
}

/// linalg convs and matmuls: the bias is the per-channel constant of the
/// init (tosa-to-linalg-named folds a conv bias into the accumulator) plus
/// that of a bias add reading it alone (a dense layer's, a depthwise conv's
/// after a collapse_shape; |init| + |add| per channel: both join the
/// accumulator). One weight slice per output channel
/// along `getLinalgWeightChannelAxis`.
static std::optional<BiasSite> getLinalgBiasSite(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  bool conv = isLinalgConvLayer(op);
  bool matmul = isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op);
  if (!linalgOp || (!conv && !matmul) || linalgOp.getNumDpsInputs() != 2 ||
      linalgOp.getNumDpsInits() != 1 || op->getNumResults() != 1)
    return std::nullopt;
  auto resultTy = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultTy)
    return std::nullopt;
  // NCHW: 1; depthwise hwcm (N x H x W x C x M): C, 3; else the last.
  int64_t channelDim = isa<linalg::Conv2DNchwFchwOp>(op) ? 1
                       : isa<linalg::DepthwiseConv2DNhwcHwcmOp>(op)
                           ? 3
                           : resultTy.getRank() - 1;
  std::optional<SmallVector<double>> bias =
      getPerChannelConstant(linalgOp.getDpsInits()[0], channelDim);
  if (!bias)
    return std::nullopt;
  for (double &b : *bias)
    b = std::fabs(b);
  if (std::optional<LinalgAccumulatorBiasAdd> add =
          getLinalgAccumulatorBiasAdd(op);
      add && add->match.bias.size() == bias->size())
    for (auto [b, a] : llvm::zip_equal(*bias, add->match.bias))
      b += std::fabs(a);
  BiasSite site;
  site.op = op;
  site.input = boundGridOf(op->getOperand(0));
  site.weight = op->getOperand(1).getDefiningOp<SimulatedQuantizeOp>();
  if (!site.input || site.input.isPerAxis() || !site.weight ||
      !site.weight.isBound() ||
      llvm::all_of(*bias, [](double b) { return b == 0.0; }))
    return std::nullopt;
  site.bias = std::move(*bias);
  std::optional<int64_t> expected = getLinalgWeightChannelAxis(op, 1);
  int64_t axis = weightAxis(site.weight);
  site.channelOf = [=](size_t i) -> int64_t {
    return expected && axis == *expected ? static_cast<int64_t>(i) : -1;
  };
  return site;
}

static std::optional<BiasSite> getBiasSite(Operation *op) {
  if (std::optional<BiasSite> linalgSite = getLinalgBiasSite(op))
    return linalgSite;
  std::optional<BiasSite> site;
  if (isa<tosa::Conv2DOp, tosa::TransposeConv2DOp>(op)) {
    // Weights OHWI (transpose_conv2d too): bias entry i is output channel i,
    // index i of weight dimension 0.
    site =
        makeSite(op, op->getOperand(0), op->getOperand(1), op->getOperand(2));
    if (!site)
      return std::nullopt;
    int64_t axis = weightAxis(site->weight);
    bool broadcast = site->bias.size() == 1;
    site->channelOf = [=](size_t i) -> int64_t {
      return axis == 0 && !broadcast ? static_cast<int64_t>(i) : -1;
    };
    return site;
  }
  if (auto dw = dyn_cast<tosa::DepthwiseConv2DOp>(op)) {
    // Weights [KH, KW, C, M]: output channel i is (c, m) = (i / M, i % M).
    site = makeSite(op, dw.getInput(), dw.getWeight(), dw.getBias());
    auto wTy = dyn_cast<RankedTensorType>(dw.getWeight().getType());
    if (!site || !wTy || wTy.getRank() != 4 || wTy.isDynamicDim(3))
      return std::nullopt;
    int64_t m = wTy.getDimSize(3);
    int64_t axis = weightAxis(site->weight);
    bool broadcast = site->bias.size() == 1;
    site->channelOf = [=](size_t i) -> int64_t {
      if (broadcast || m <= 0)
        return -1;
      if (axis == 2)
        return static_cast<int64_t>(i) / m;
      if (axis == 3)
        return static_cast<int64_t>(i) % m;
      return -1;
    };
    return site;
  }
  if (auto mm = dyn_cast<tosa::MatMulOp>(op)) {
    // [B, M, K] x [B, K, N] -> [B, M, N], then tosa.add with a constant.
    if (!mm->hasOneUse())
      return std::nullopt;
    auto add = dyn_cast<tosa::AddOp>(*mm->getUsers().begin());
    if (!add)
      return std::nullopt;
    Value other =
        add.getInput1() == mm.getResult() ? add.getInput2() : add.getInput1();
    site = makeSite(op, mm.getA(), mm.getB(), other);
    auto biasTy = dyn_cast<RankedTensorType>(other.getType());
    if (!site || !biasTy || biasTy.getRank() != 3 || !biasTy.hasStaticShape())
      return std::nullopt;
    int64_t bDim = biasTy.getDimSize(0), mDim = biasTy.getDimSize(1),
            nDim = biasTy.getDimSize(2);
    int64_t axis = weightAxis(site->weight);
    site->channelOf = [=](size_t i) -> int64_t {
      int64_t idx = static_cast<int64_t>(i);
      if (axis == 2 && nDim > 1)
        return idx % nDim;
      if (axis == 0 && bDim > 1)
        return idx / (mDim * nDim);
      return -1;
    };
    return site;
  }
  return std::nullopt;
}

unsigned mlir::qnn::adjustWeightScalesForBias(
    Operation *root, llvm::function_ref<bool(SimulatedQuantizeOp)> mayChange,
    llvm::function_ref<bool(SimulatedQuantizeOp)> power2) {
  llvm::SmallPtrSet<Operation *, 8> changedWeights;
  root->walk([&](Operation *op) {
    std::optional<BiasSite> site = getBiasSite(op);
    if (!site || !mayChange(site->weight))
      return;
    QuantParamsAttr w = site->weight.getParamsAttr();
    double sIn = site->input.getScale();
    size_t numScales = w.getScales().size();
    // The smallest weight scale per index that keeps every bias in range.
    SmallVector<double> need(numScales, 0.0);
    double largestRatio = 0.0;
    for (auto [i, b] : llvm::enumerate(site->bias)) {
      if (!std::isfinite(b))
        continue; // realization reports it
      double required = std::fabs(b) / (sIn * kMaxBiasOverAccumulatorScale);
      int64_t c = w.isPerAxis() ? site->channelOf(i) : 0;
      if (c >= static_cast<int64_t>(numScales))
        continue;
      for (size_t k = 0; k < numScales; ++k)
        if (c < 0 || static_cast<int64_t>(k) == c) {
          need[k] = std::max(need[k], required);
          largestRatio =
              std::max(largestRatio, std::fabs(b) / (sIn * w.getScales()[k]));
        }
    }
    SmallVector<double> scales(w.getScales());
    unsigned changed = 0;
    double oldScale = 0.0, newScale = 0.0, largestFactor = 1.0;
    for (size_t k = 0; k < numScales; ++k) {
      if (!(need[k] > scales[k]) || !std::isfinite(need[k]))
        continue;
      double s = power2(site->weight) ? nextPowerOfTwo(need[k]) : need[k];
      if (s / scales[k] >= largestFactor) {
        largestFactor = s / scales[k];
        oldScale = scales[k];
        newScale = s;
      }
      scales[k] = s;
      ++changed;
    }
    if (!changed)
      return;
    site->weight.setParamsAttr(QuantParamsAttr::get(
        w.getContext(), scales, w.getZeroPoints(), w.getAxis(), w.getBits(),
        w.getIsSigned(), w.getNarrowRange()));
    changedWeights.insert(site->weight);
    InFlightDiagnostic diag = op->emitRemark();
    diag << "qnn-calibrate: raised the scale of weight";
    if (StringAttr name = site->weight.getNameAttr())
      diag << " '" << name.getValue() << "'";
    if (w.isPerAxis())
      diag << " on " << changed << " of " << numScales << " channels";
    diag << " (largest change " << oldScale << " -> " << newScale
         << ") so that the bias fits the int32 accumulator: |bias| / (s_in * "
            "s_w) was up to "
         << largestRatio << ", now at most 2^30";
  });
  return changedWeights.size();
}

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

namespace {
struct QNNCalibratePass : public qnn::impl::QNNCalibrateBase<QNNCalibratePass> {
  using QNNCalibrateBase::QNNCalibrateBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    Location loc = module.getLoc();
    auto fail = [&]() {
      signalPassFailure();
      return emitError(loc) << "qnn-calibrate: ";
    };

    StatisticsCalibrateOptions options;
    // The finest grid (16 bits, unsigned) must still get a normal scale.
    if (!std::isfinite(globalScale) ||
        !(std::ldexp(globalScale, -16) >= std::numeric_limits<double>::min())) {
      fail() << "global-scale must be positive, finite and at least 2^-1006 "
                "(grid scales must be normal doubles), got "
             << globalScale;
      return;
    }
    options.dataFree.globalScale = globalScale;
    if (weightScale == "max") {
      options.dataFree.weightScale = WeightScaleMode::Max;
    } else if (weightScale == "power2") {
      options.dataFree.weightScale = WeightScaleMode::Power2;
    } else {
      fail() << "unknown weight-scale '" << weightScale
             << "' (expected max or power2)";
      return;
    }

    bool haveStats = !stats.empty();
    if (mode == "auto") {
      options.mode =
          haveStats ? CalibrationMode::Max : CalibrationMode::GlobalScale;
    } else if (std::optional<CalibrationMode> m = parseCalibrationMode(mode)) {
      options.mode = *m;
    } else {
      fail() << "unknown mode '" << mode
             << "' (expected auto, global_scale, max, percentile, kl, mse or "
                "moving_average)";
      return;
    }
    if (!(percentile > 0.0 && percentile <= 100.0)) {
      fail() << "percentile must be in (0, 100], got " << percentile;
      return;
    }
    options.percentile = percentile;
    options.activationSymmetric = activationSymmetric;
    if (options.mode == CalibrationMode::GlobalScale) {
      if (haveStats) {
        fail() << "mode=global_scale does not read statistics: drop stats="
               << stats
               << " or choose max, percentile, kl, mse or moving_average";
        return;
      }
      if (!activationSymmetric) {
        fail() << "mode=global_scale is symmetric: activation-symmetric=false "
                  "needs a statistics mode";
        return;
      }
    } else if (!haveStats) {
      fail() << "mode=" << mode << " needs a statistics file (stats=<file>)";
      return;
    }

    quantmlir::StatisticsFile statsFile;
    if (haveStats) {
      llvm::Expected<quantmlir::StatisticsFile> read =
          quantmlir::readStatisticsFile(stats);
      if (!read) {
        fail() << llvm::toString(read.takeError());
        return;
      }
      statsFile = std::move(*read);
      options.stats = &statsFile;
      options.statsFileName = stats;
    }
    options.checkModelHash = checkModelHash;
    quantmlir::CalibrationOverrides overridesFile;
    if (!overrides.empty()) {
      llvm::Expected<quantmlir::CalibrationOverrides> read =
          quantmlir::readCalibrationOverridesFile(overrides);
      if (!read) {
        fail() << llvm::toString(read.takeError());
        return;
      }
      overridesFile = std::move(*read);
      options.overrides = &overridesFile;
      options.overridesFileName = overrides;
    }
    options.adjustBias = adjustBias;
    if (failed(calibrate(module, options)))
      signalPassFailure();
  }
};
} // namespace
