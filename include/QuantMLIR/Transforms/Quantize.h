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

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace mlir {
namespace qnn {

//===----------------------------------------------------------------------===//
// qnn-annotate
//===----------------------------------------------------------------------===//

/// The grids requested by annotation (TVM's qconfig nbit_* / dtype_*).
struct AnnotateOptions {
  unsigned inputBits = 8;
  unsigned weightBits = 8;
  unsigned activationBits = 8;
  bool inputSigned = true;
  bool weightSigned = true;
  bool activationSigned = true;
  RoundingMode rounding = RoundingMode::half_to_even;
};

/// What annotation did, for the summary line.
struct AnnotationReport {
  /// Ops left float because they have no rule (or their rule returned
  /// std::nullopt), counted by op name in order of first occurrence.
  llvm::MapVector<OperationName, unsigned> notQuantized;
  /// Number of qnn.simulated_quantize ops inserted.
  unsigned numInserted = 0;
};

/// True for a ranked tensor of f32, f16 or bf16 (the quantizable types).
bool isQuantizableFloatTensor(Type type);

/// True when `value` is produced by a tosa.const or an arith.constant.
bool isConstantValue(Value value);

/// True when `value` is already on a grid: the result of a
/// qnn.simulated_quantize, or of a pass-through op (ResultRule::PassThrough)
/// whose operand 0 is already quantized.
bool isAlreadyQuantized(Value value);

/// The rule of `op` if it implements QuantizableOpInterface, its rule is not
/// std::nullopt and every Input / Weight / Same operand is a quantizable
/// float tensor; std::nullopt otherwise.
std::optional<QuantizeRule> getApplicableRule(Operation *op);

/// Applies `rule` to `op`: inserts unbound qnn.simulated_quantize ops on its
/// Input / Weight operands and after its result (Activation). Returns the
/// number of ops inserted.
unsigned annotateOp(Operation *op, const QuantizeRule &rule,
                    const AnnotateOptions &options);

/// Annotates every op nested under `root` (not `root` itself) in program
/// order. Ops without a rule get a remark ("op 'x' is not quantized: no
/// rule") and are counted in `report`.
void annotate(Operation *root, const AnnotateOptions &options,
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

/// Replaces the bound qnn.simulated_quantize ops nested under `root`, and the
/// quantizable ops between them, by the integer graph (see the qnn-realize
/// pass description). Ops that cannot be realized (the int32 accumulator
/// could overflow, a bias is not a constant or does not fit, a rescaling
/// multiplier is out of range, a clamp keeps no grid value, ...) stay float,
/// receive qnn.dequantize'd operands and get a remark saying why; a
/// grid-preserving op (reshape, transpose, max pooling) that TOSA cannot
/// compute on the grid runs in float and its result is quantized again.
/// Fails, with an error at each op and before changing anything, when a
/// simulated_quantize is unbound.
LogicalResult realize(Operation *root);

} // namespace qnn
} // namespace mlir

#endif // QUANTMLIR_TRANSFORMS_QUANTIZE_H
