//===- Quantize.h - Annotate, calibrate and realize -------------*- C++ -*-===//
//
// Part of QuantMLIR.
//
// The logic behind qnn-annotate, qnn-calibrate and qnn-realize, as functions
// that embedders can call on any op (a module, a function) without running
// the passes. The passes are thin wrappers that parse their options into the
// structs below. The semantics are specified in docs/QuantizationSpec.md.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_TRANSFORMS_QUANTIZE_H
#define QUANTMLIR_TRANSFORMS_QUANTIZE_H

#include "QuantMLIR/Dialect/QNN/IR/QNNDialect.h"
#include "QuantMLIR/Dialect/QNN/IR/QNNInterfaces.h"
#include "QuantMLIR/Dialect/QNN/IR/QNNOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>

namespace mlir {
namespace qnn {

//===----------------------------------------------------------------------===//
// qnn-annotate
//===----------------------------------------------------------------------===//

/// Discardable unit attribute that qnn-annotate puts on ops its options
/// exclude (deny-ops, allow-ops, skip-*, fp32 in a precision map):
/// qnn-realize keeps such ops float (and removes the attribute), and a value
/// they produce is not on a grid.
inline constexpr llvm::StringLiteral kKeepFloatAttrName = "qnn.keep_float";

/// A per-layer precision (the values of a precision map).
enum class LayerPrecision {
  Int8,  ///< 8-bit inputs, weights and activations
  Int16, ///< 16-bit inputs and activations, 8-bit weights (TFLite's 16x8)
  FP32,  ///< not quantized: the layer stays float
};

/// "int8" | "int16" | "fp32".
std::optional<LayerPrecision> parseLayerPrecision(llvm::StringRef text);

/// What annotation requests (TVM's qconfig nbit_* / dtype_*, skip_*,
/// plus per-channel weights, allow / deny lists and a precision map).
struct AnnotateOptions {
  unsigned inputBits = 8;
  unsigned weightBits = 8;
  unsigned activationBits = 8;
  bool inputSigned = true;
  bool weightSigned = true;
  bool activationSigned = true;
  RoundingMode rounding = RoundingMode::half_to_even;
  /// Request per-channel weight parameters (the `axis` attribute) for conv
  /// (OHWI: axis 0), transpose conv (axis 0), depthwise conv (KHxKWxCxM:
  /// axis 2 when M == 1) and matmul weights (B: axis 2).
  bool perChannel = true;
  /// Indices of conv layers (conv2d, depthwise / transpose conv, in program
  /// order from 0) left float (TVM's skip_conv_layers).
  SmallVector<int64_t> skipConvLayers;
  /// Leave every dense layer (a matmul with a constant B) float.
  bool skipDenseLayer = false;
  /// A matmul read only by an add of a constant 1 x 1 x N bias gets no
  /// activation between the two: the bias joins the int32 accumulator.
  bool foldDenseBias = true;
  /// Op names (`tosa.conv2d`) or layer names. When `allowOps` is not empty,
  /// only ops it names are quantized; ops `denyOps` names never are.
  SmallVector<std::string> allowOps;
  SmallVector<std::string> denyOps;
  /// Per-layer precision by layer name (overrides the bit widths above for
  /// that layer; signedness and rounding stay).
  llvm::StringMap<LayerPrecision> precision;
  /// Labels precision-map errors (the file name); may be empty.
  std::string precisionMapName;
};

/// What annotation did, for the summary line.
struct AnnotationReport {
  /// Ops left float because they have no rule (or their rule returned
  /// std::nullopt) or an option excluded them, counted by op name in order
  /// of first occurrence.
  llvm::MapVector<OperationName, unsigned> notQuantized;
  /// Number of qnn.simulated_quantize ops inserted.
  unsigned numInserted = 0;
};

/// True for a ranked tensor of f32, f16 or bf16 (the quantizable types).
bool isQuantizableFloatTensor(Type type);

/// True when `op` has one result and operand 0 and result 0 are quantizable
/// float tensors (the common precondition of the annotation rules).
bool hasFloatDataflow(Operation *op);

/// True when `value` is produced by a tosa.const or an arith.constant.
bool isConstantValue(Value value);

/// The qnn.simulated_quantize whose grid `value` lies on: `value` is its
/// result, or the result of a chain of pass-through ops
/// (ResultRule::PassThrough, operand 0) starting at it. Null otherwise.
SimulatedQuantizeOp getGridSource(Value value);

/// True when `value` is already on a grid (getGridSource is not null).
bool isAlreadyQuantized(Value value);

/// The rule of `op` if it implements QuantizableOpInterface, its rule is not
/// std::nullopt and every Input / Weight / Same operand is a quantizable
/// float tensor; std::nullopt otherwise.
std::optional<QuantizeRule> getApplicableRule(Operation *op);

/// The layer name of `op` from its location: a NameLoc's name, the first
/// name inside a FusedLoc or CallSiteLoc; empty when there is none.
std::string getLocationName(Operation *op);

/// The dimension along which operand `idx` of `op` (a weight) gets
/// per-channel parameters, when it has one (see AnnotateOptions::perChannel).
std::optional<int64_t> getPerChannelAxis(Operation *op, unsigned idx);

/// Applies `rule` to `op`: inserts unbound qnn.simulated_quantize ops on its
/// Input / Weight operands and after its result (Activation), with the bit
/// widths of `options`. An Input operand already on a grid is reused when
/// the op passes values through (ResultRule::PassThrough) or the grid has
/// the requested width and signedness; otherwise it gets its own INPUT op.
/// When `layer` is not empty the new ops are named `<layer>:in<k>` (operand
/// k), `<layer>:w` (`<layer>:w<k>` when several operands are weights) and
/// `<layer>:out`. The activation of tosa.sigmoid / tosa.tanh is bound at
/// once to TFLite's fixed parameters (scale 2^-bits, zp qmin; scale
/// 2^-(bits-1), zp 0 or the midpoint). Returns the number of ops inserted.
unsigned annotateOp(Operation *op, const QuantizeRule &rule,
                    const AnnotateOptions &options, StringRef layer = {});

/// Annotates every op nested under `root` (not `root` itself) in program
/// order, naming each op's simulated_quantize ops after its layer (its
/// location name, else `<op>_<index>`, made unique under `root`). Ops
/// without a rule, and ops the options exclude, get a remark ("op 'x' is not
/// quantized: <why>") and are counted in `report`. Fails, with an error at
/// `root` and before changing anything, when the options name layers that
/// do not exist, an op both allowed and denied, or a conv layer index beyond
/// the last conv layer.
LogicalResult annotate(Operation *root, const AnnotateOptions &options,
                       AnnotationReport *report = nullptr);

/// "qnn-annotate: N ops not quantized: a (2), b (1)", or an empty string
/// when every op was quantized.
std::string formatAnnotationSummary(const AnnotationReport &report);

//===----------------------------------------------------------------------===//
// qnn-calibrate
//===----------------------------------------------------------------------===//

enum class WeightScaleMode {
  Max,    ///< scale = max|W| / qmax
  Power2, ///< the smallest power of two >= max|W| / qmax
};

/// Data-free calibration options (TVM's global_scale / weight_scale).
struct CalibrateOptions {
  double globalScale = 8.0;
  WeightScaleMode weightScale = WeightScaleMode::Max;
};

/// Reads the values of a constant float tensor (tosa.const, arith.constant
/// or any ConstantLike op folding to dense elements or to dense_resource
/// elements of f16 / bf16 / f32 / f64) in row-major order. Fails when
/// `value` is not such a constant (or a dense_resource has no blob).
LogicalResult getConstantFloatValues(Value value,
                                     SmallVectorImpl<double> &values);

/// The scale of a weight tensor: symmetric, per-tensor. `qmax` is the
/// largest positive stored value (127 for narrow i8). All-zero weights
/// give 1.
double computeWeightScale(ArrayRef<double> weights, int64_t qmax,
                          WeightScaleMode mode);

/// The data-free parameters of `op` (which may be bound already: the
/// current parameters are ignored). Emits an error at `op` and fails when
/// a weight is not a readable constant or has a non-finite value, or when
/// the scale would not be a normal positive double.
FailureOr<QuantParamsAttr>
computeDataFreeParams(SimulatedQuantizeOp op, const CalibrateOptions &options);

/// Binds every unbound qnn.simulated_quantize nested under `root`. Bound ops
/// are left as they are. Reports every failing op before failing.
LogicalResult calibrateDataFree(Operation *root,
                                const CalibrateOptions &options);

//===----------------------------------------------------------------------===//
// qnn-realize
//===----------------------------------------------------------------------===//

/// Where qnn-realize puts the conversions between float and integer values
/// (TVM's partition_conversions).
enum class PartitionConversions {
  /// Conversions stay where realization puts them.
  Disabled,
  /// Every function is split: the conversions of its arguments (qnn.quantize)
  /// and of its results (qnn.dequantize) stay in it, everything between
  /// them moves into a private function `<name>_quantized` that it calls.
  Enabled,
  /// As Enabled, and an error when a float op remains inside
  /// `<name>_quantized` (one error per op, at its location, and a summary).
  FullyIntegral,
};

/// "disabled" | "enabled" | "fully_integral".
std::optional<PartitionConversions>
parsePartitionConversions(llvm::StringRef text);

struct RealizeOptions {
  PartitionConversions partitionConversions = PartitionConversions::Disabled;
};

/// Replaces the bound qnn.simulated_quantize ops nested under `root`, and the
/// quantizable ops between them, by the integer graph (see the qnn-realize
/// pass description). Ops that cannot be realized (the int32 accumulator
/// could overflow, a bias is not a constant or does not fit, a rescaling
/// multiplier is out of range, a clamp keeps no grid value, a table lookup
/// on a grid that is not 8-bit, ...) stay float, receive qnn.dequantize'd
/// operands and get a remark saying why; a grid-preserving op (reshape,
/// transpose, slice, pad with 0, max pooling) that TOSA cannot compute on
/// the grid runs in float and its result is quantized again. Ops marked
/// `kKeepFloatAttrName` stay float. Fails, with an error at each op and
/// before changing anything, when a simulated_quantize is unbound; then
/// partitions the conversions as `options` say (`root` must be a module
/// unless they are Disabled).
LogicalResult realize(Operation *root, const RealizeOptions &options = {});

/// The partitioning step of realize() on its own: splits every function
/// definition of `module` into its edge conversions and a private
/// `<name>_quantized` function holding the rest; with `fullyIntegral`,
/// fails with an error at every float op left inside.
LogicalResult partitionConversions(ModuleOp module, bool fullyIntegral);

} // namespace qnn
} // namespace mlir

//===----------------------------------------------------------------------===//
// qnn-calibrate from statistics (docs/StatisticsFormat.md)
//===----------------------------------------------------------------------===//

namespace quantmlir {
struct StatisticsFile;
struct CalibrationOverrides;
} // namespace quantmlir

namespace mlir {
namespace qnn {

/// How the range of an input / activation is chosen.
enum class CalibrationMode {
  GlobalScale,   ///< data-free: [-global_scale, global_scale)
  Max,           ///< max|x| (symmetric) or [min, max]
  Percentile,    ///< a percentile of |x| (or of x at both ends)
  KL,            ///< TVM / MXNet entropy calibration
  MSE,           ///< the threshold minimising the expected squared error
  MovingAverage, ///< PyTorch's moving-average min / max
};

/// "global_scale" | "max" | "percentile" | "kl" | "mse" | "moving_average".
std::optional<CalibrationMode> parseCalibrationMode(llvm::StringRef mode);
llvm::StringRef stringifyCalibrationMode(CalibrationMode mode);

/// Everything qnn-calibrate does, as a struct.
struct StatisticsCalibrateOptions {
  /// Global scale (GlobalScale mode) and the weight scale rule. Weights are
  /// always calibrated from their constant values, per channel when their
  /// simulated_quantize has an `axis`.
  CalibrateOptions dataFree;
  CalibrationMode mode = CalibrationMode::GlobalScale;
  /// For CalibrationMode::Percentile, in (0, 100].
  double percentile = 99.999;
  /// Symmetric (zero point 0, threshold T: scale T / qmax) or asymmetric
  /// ([lo, hi] through chooseScaleZp) input / activation grids.
  bool activationSymmetric = true;
  /// The statistics, needed by every mode but GlobalScale (a per-layer
  /// override may need them too); `statsFileName` labels the messages.
  const quantmlir::StatisticsFile *stats = nullptr;
  std::string statsFileName;
  /// Require the file's model hash to be that of `root`; when false, only
  /// the entries used must exist with the op's kind and shape.
  bool checkModelHash = true;
  /// Per-layer overrides by simulated_quantize name (optional).
  const quantmlir::CalibrationOverrides *overrides = nullptr;
  std::string overridesFileName;
  /// Raise weight scales where a conv / matmul bias would not fit the int32
  /// accumulator (see adjustWeightScalesForBias).
  bool adjustBias = true;
};

/// Binds every unbound qnn.simulated_quantize nested under `root` (bound ops
/// are left alone). Reports every failing op (error at the op, naming the
/// file) and fails without changing anything on a file-level error (model
/// hash mismatch, an override naming no op).
LogicalResult calibrate(Operation *root,
                        const StatisticsCalibrateOptions &options);

/// Largest |bias| / (s_in * s_w) that calibration leaves: 2^30, half the
/// int32 range, the other half is for the products.
constexpr double kMaxBiasOverAccumulatorScale = 1073741824.0;

/// For every conv-like op (tosa.conv2d, tosa.depthwise_conv2d,
/// tosa.transpose_conv2d) with a constant float bias, and every tosa.matmul
/// whose result goes straight into a tosa.add with a constant, whose weight
/// simulated_quantize satisfies `mayChange` and whose input grid is bound
/// per tensor: raises the weight scale (per channel for per-axis weights;
/// to a power of two when `power2(op)`) until |b| / (s_in * s_w) <=
/// kMaxBiasOverAccumulatorScale, with a remark at the compute op. Returns
/// the number of weight ops changed.
unsigned adjustWeightScalesForBias(
    Operation *root, llvm::function_ref<bool(SimulatedQuantizeOp)> mayChange,
    llvm::function_ref<bool(SimulatedQuantizeOp)> power2);

} // namespace qnn
} // namespace mlir

#endif // QUANTMLIR_TRANSFORMS_QUANTIZE_H
