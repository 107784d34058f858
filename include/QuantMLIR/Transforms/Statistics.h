//===- Statistics.h - Calibration statistics files --------------*- C++ -*-===//
//
// Part of QuantMLIR.
//
// The statistics file that `quant-run calibrate` writes and `qnn-calibrate`
// reads: per tensor (keyed by the `name` of its qnn.simulated_quantize) the
// Histogram of include/QuantMLIR/Math/Calibration.h plus kind and shape,
// under a header that names the format, its version and the model it was
// collected on. The format is specified in docs/StatisticsFormat.md.
//
// The reader, writer and merge are IR-free (LLVM Support only). The model
// description (names, kinds, shapes and hash of an annotated module) is the
// only part that looks at IR: see collectStatisticsTensors().
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_TRANSFORMS_STATISTICS_H
#define QUANTMLIR_TRANSFORMS_STATISTICS_H

#include "QuantMLIR/Math/Calibration.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/LogicalResult.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
class Operation;
} // namespace mlir

namespace quantmlir {

/// "quantmlir-stats", the value of the header's "format" field.
extern const char *const kStatisticsFormatName;
/// The version this code writes and the only one it reads.
constexpr int64_t kStatisticsFormatVersion = 1;
/// Shape entries of dynamic dimensions.
constexpr int64_t kStatisticsDynamicDim = -1;

/// What a statistics file says about one model tensor (one non-weight
/// qnn.simulated_quantize), without the data.
struct TensorDescription {
  /// The simulated_quantize `name` attribute (the key).
  std::string name;
  /// "input" or "activation" (weights need no statistics).
  std::string kind;
  /// The tensor shape; kStatisticsDynamicDim for a dynamic dimension.
  std::vector<int64_t> shape;
};

/// The model a statistics file belongs to: its tensors (sorted by name) and
/// their hash "sha256:<64 hex digits>" over the canonical text
///   for each tensor, sorted by name: name '\t' kind '\t' dims '\n'
/// with dims joined by 'x' and '?' for a dynamic one ("1x28x28x1", "?x10",
/// "" for a scalar). scripts/make_stats.py restates it.
struct ModelDescription {
  std::vector<TensorDescription> tensors;
  std::string hash;
};

/// The hash of `tensors` (they are sorted by name first, in a copy).
std::string computeModelHash(std::vector<TensorDescription> tensors);

/// Statistics of one tensor.
struct TensorStatistics {
  TensorDescription desc;
  Histogram histogram;
};

/// A whole statistics file.
struct StatisticsFile {
  /// ModelDescription::hash of the annotated model.
  std::string modelHash;
  /// Number of samples (e.g. images) run through the model (informative;
  /// the exact per-tensor counts are in the histograms).
  uint64_t numSamples = 0;
  /// Bins of every histogram (Histogram::numBins()).
  uint32_t numBins = Histogram::kDefaultNumBins;
  /// Free text, e.g. "quant-run calibrate"; optional.
  std::string producer;
  /// Sorted by name, names unique: makeEmptyStatistics and the reader keep
  /// this order, lookup() relies on it (the writer sorts its output anyway).
  std::vector<TensorStatistics> tensors;

  /// The entry called `name`, or nullptr.
  const TensorStatistics *lookup(llvm::StringRef name) const;
  TensorStatistics *lookup(llvm::StringRef name);
};

/// An empty statistics file for `model`: one entry per tensor with an empty
/// Histogram of `numBins` bins (quant-run then accumulates into them).
StatisticsFile makeEmptyStatistics(
    const ModelDescription &model,
    uint32_t numBins = Histogram::kDefaultNumBins,
    double averagingConstant = Histogram::kDefaultAveragingConstant);

/// Serialises to JSON text (sorted by name, deterministic).
std::string printStatistics(const StatisticsFile &stats);

/// Writes `stats` to `path` atomically: a temporary file in the same
/// directory, then rename. Errors name the file. "-" writes to stdout.
llvm::Error writeStatisticsFile(const StatisticsFile &stats,
                                llvm::StringRef path);

/// Parses JSON text. `fileName` only labels the error messages
/// ("<fileName>: ..."). Validates the header (format, version), every entry
/// (fields, types, Histogram::deserialize) and name uniqueness.
llvm::Expected<StatisticsFile> parseStatistics(llvm::StringRef text,
                                               llvm::StringRef fileName);

/// Reads and parses `path` ("-" reads stdin).
llvm::Expected<StatisticsFile> readStatisticsFile(llvm::StringRef path);

/// Merges `other` into `into`: the model hashes, bin counts and tensor sets
/// (names, kinds, shapes) must agree; histograms merge exactly
/// (Histogram::merge), samples add up. On error `into` is unchanged.
llvm::Error mergeStatistics(StatisticsFile &into, const StatisticsFile &other);

//===----------------------------------------------------------------------===//
// Per-layer overrides (qnn-calibrate overrides=<file.json>)
//===----------------------------------------------------------------------===//

/// One override, keyed by simulated_quantize name. Fields left empty are
/// taken from the pass options.
struct CalibrationOverride {
  /// "global_scale" | "max" | "percentile" | "kl" | "mse".
  std::optional<std::string> mode;
  std::optional<double> percentile;
  std::optional<bool> symmetric;
  /// Symmetric clipping threshold (scale = threshold / qmax).
  std::optional<double> threshold;
  /// Asymmetric range [min, max] (chooseScaleZp).
  std::optional<double> min, max;
  /// Explicit parameters (zeroPoint defaults to 0).
  std::optional<double> scale;
  std::optional<int64_t> zeroPoint;
};

struct CalibrationOverrides {
  llvm::StringMap<CalibrationOverride> byName;
};

/// Parses the overrides JSON text (docs/StatisticsFormat.md, section 4).
llvm::Expected<CalibrationOverrides>
parseCalibrationOverrides(llvm::StringRef text, llvm::StringRef fileName);
llvm::Expected<CalibrationOverrides>
readCalibrationOverridesFile(llvm::StringRef path);

/// The tensors of an annotated module that need statistics: every
/// qnn.simulated_quantize nested under `root` whose kind is not weight, by
/// name, with the hash. Emits an error at the op and fails when such an op
/// has no `name`, or when two of them have the same name.
/// `quant-run calibrate` instruments exactly these ops and writes
/// makeEmptyStatistics(model) filled in.
llvm::FailureOr<ModelDescription>
collectStatisticsTensors(mlir::Operation *root);

} // namespace quantmlir

#endif // QUANTMLIR_TRANSFORMS_STATISTICS_H
