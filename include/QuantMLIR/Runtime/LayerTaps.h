//===- LayerTaps.h - Per-layer outputs of a model, and their errors -*- C++ -*-===//
//
// Part of QuantMLIR.
//
// `quant-run compare` and `quant-run search` look at every layer's output of
// a float model and of its quantized form. A layer is named by the location
// of its ops (`loc("conv1")`; a qnn.simulated_quantize of kind activation
// also by the part of its `name` before ':'); the layer's output is the
// result of the last op of the function body carrying that name (after
// qnn-realize, `conv1` is a qnn.conv2d then a qnn.requantize: the requantize
// is the output). Integer outputs are dequantized with the parameters of the
// grid they are on, found from the ops around them (LayerOutput::grid).
//
// The entry is cloned into a function that also returns each layer output
// (as Instrument.h does for calibration), which is lowered and run like any
// model; ErrorStats accumulates SQNR, max |error| and cosine similarity
// batch by batch.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_RUNTIME_LAYERTAPS_H
#define QUANTMLIR_RUNTIME_LAYERTAPS_H

#include "QuantMLIR/Runtime/NDArray.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Support/LLVM.h"

#include "llvm/ADT/ArrayRef.h"

#include <optional>
#include <string>
#include <vector>

namespace quantmlir {
namespace runtime {

/// How stored integers map to reals: `(q - zps[c]) * scales[c]` with `c` the
/// index along `axis` (-1: per tensor, one entry).
struct Grid {
  std::vector<double> scales;
  std::vector<int64_t> zeroPoints;
  int64_t axis = -1;
};

/// The output of one layer of a function body.
struct LayerOutput {
  std::string layer;
  /// The op producing the output (the last op of the layer).
  mlir::Operation *op = nullptr;
  mlir::Value value;
  /// For integer outputs: the grid, when it can be inferred.
  std::optional<Grid> grid;
};

/// The layer name of `op`: the first NameLoc in its location, or for a
/// qnn.simulated_quantize of kind activation without one, its `name` up to
/// ':'. Empty for ops without a name.
std::string getLayerName(mlir::Operation *op);

/// The layers of `func`'s body, in order of first appearance. Constants,
/// ops without a ranked tensor result, unnamed ops and qnn.simulated_quantize
/// ops of kind input or weight are not layers.
std::vector<LayerOutput> collectLayerOutputs(mlir::func::FuncOp func);

/// Infers the grid of an integer tensor `value` from the ops around it:
/// the parameters of the qnn.quantize / qnn.requantize / qnn.add ... that
/// produces it or of the qnn.requantize / qnn.dequantize that reads it, and
/// through ops that keep the grid (clamp, pooling, reshape, transpose, an
/// i32 add of a bias).
std::optional<Grid> inferGrid(mlir::Value value);

/// Clones `entry` into a public function named `<entry><suffix>` placed
/// after it, returning the entry's results followed by `values` (values of
/// `entry`'s body). Returns the clone.
mlir::FailureOr<mlir::func::FuncOp>
cloneWithExtraResults(mlir::func::FuncOp entry, llvm::ArrayRef<mlir::Value> values,
                      llvm::StringRef suffix);

/// Converts `array` to doubles: float arrays as they are, integer arrays
/// dequantized on `grid` (required for them).
llvm::Expected<std::vector<double>> toReal(const NDArray &array,
                                           const std::optional<Grid> &grid);

/// Error statistics of a test tensor against a reference, accumulated over
/// batches.
struct ErrorStats {
  double signalEnergy = 0;  // sum ref^2
  double noiseEnergy = 0;   // sum (test - ref)^2
  double dot = 0;           // sum ref * test
  double testEnergy = 0;    // sum test^2
  double maxAbsError = 0;
  int64_t count = 0;
  int64_t nonFinite = 0;    // positions where either side is NaN / inf

  void add(llvm::ArrayRef<double> reference, llvm::ArrayRef<double> test);
  /// 10 log10(signal / noise) in dB; +inf when the noise is 0.
  double sqnr() const;
  /// dot / (|ref| |test|); 1 when both are zero, 0 when one is.
  double cosine() const;
};

} // namespace runtime
} // namespace quantmlir

#endif // QUANTMLIR_RUNTIME_LAYERTAPS_H
