//===- Calibrator.h - Activation statistics over a data set -----*- C++ -*-===//
//
// Part of QuantMLIR.
//
// The engine of `quant-run calibrate`: runs a function instrumented by
// instrumentForCalibration over a DataSet (runBatches) and accumulates one
// Histogram (include/QuantMLIR/Math/Calibration.h) per observed tensor.
// Each worker thread accumulates its own histograms; they are merged at the
// end, which is exact. The moving averages, the one order-dependent
// statistic, are replayed afterwards from each batch's min / max in batch
// order, so the result is the same whatever the number of threads. Memory:
// one batch of inputs and results and one set of histograms per worker, plus
// 12 bytes per batch and tensor for the replay.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_RUNTIME_CALIBRATOR_H
#define QUANTMLIR_RUNTIME_CALIBRATOR_H

#include "QuantMLIR/Math/Calibration.h"
#include "QuantMLIR/Runtime/BatchRunner.h"
#include "QuantMLIR/Runtime/Instrument.h"

#include <functional>
#include <string>
#include <vector>

namespace quantmlir {
namespace runtime {

/// What to do with NaN and infinities.
enum class NanPolicy {
  /// Any NaN or infinity (in the data or in an observed tensor) is an error
  /// naming the sample or the tensor and batch.
  Error,
  /// Samples whose data hold one are left out (the caller excludes them);
  /// non-finite values of observed tensors are counted (nanCount,
  /// infCount) and kept out of every other statistic.
  Skip,
};

struct CalibrateOptions {
  uint32_t numBins = Histogram::kDefaultNumBins;
  double averagingConstant = Histogram::kDefaultAveragingConstant;
  NanPolicy nanPolicy = NanPolicy::Error;
  /// Threads, batches to run and progress (in batches), as runBatches.
  BatchRunOptions run;
};

/// Runs `function` over the batches of `data` and returns one histogram per
/// entry of `names` (in that order), fed by the results that `taps` name.
/// Tensors observed in several places (several taps of one name) are
/// accumulated as one batch per call. Observed results must be float
/// tensors (f16 and f64 values are rounded to float).
llvm::Expected<std::vector<Histogram>>
calibrateHistograms(const JitFunction &function, const DataSet &data,
                    llvm::ArrayRef<CalibrationTap> taps,
                    llvm::ArrayRef<std::string> names,
                    const CalibrateOptions &options);

} // namespace runtime
} // namespace quantmlir

#endif // QUANTMLIR_RUNTIME_CALIBRATOR_H
