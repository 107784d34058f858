//===- BatchRunner.h - Run a compiled function over a data set --*- C++ -*-===//
//
// Part of QuantMLIR.
//
// Calls a JIT-compiled function on every batch of a DataSet, on several
// threads: each worker takes the next batch, reads it (in place when it
// can), calls the function into its own result buffers and hands them to a
// consumer. The compiled code keeps no state between calls, so the calls run
// concurrently; memory holds one batch of inputs and results per worker.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_RUNTIME_BATCHRUNNER_H
#define QUANTMLIR_RUNTIME_BATCHRUNNER_H

#include "QuantMLIR/Runtime/DataSet.h"
#include "QuantMLIR/Runtime/JitRunner.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <optional>

namespace quantmlir {
namespace runtime {

struct BatchRunOptions {
  /// Worker threads (at least 1; no more than the batches are started).
  unsigned numThreads = 1;
  /// Batches to run, from the first; default: all of the data set's.
  std::optional<int64_t> numBatches;
  /// Called on the calling thread every `progressInterval` seconds while
  /// the batches run, with the number of batches done.
  std::function<void(int64_t batchesDone)> progress;
  double progressInterval = 0.1;
};

/// Runs `function` on batches [0, n) of `data`. `consume(worker, batch,
/// samples, results)` receives each batch's results (owned by the worker,
/// reused for its next batch, or reallocated by it for results of dynamic
/// shape; `consume` may move them away) and the number of real samples in
/// it (a dynamic batch's results have that many rows, where the function
/// keeps the batch); it is
/// called from the worker threads, concurrently for different workers. The
/// first failure stops the workers; the error returned is the one of the
/// lowest batch that failed, whatever the number of threads.
llvm::Error runBatches(const JitFunction &function, const DataSet &data,
                       const BatchRunOptions &options,
                       llvm::function_ref<llvm::Error(
                           unsigned worker, int64_t batch, int64_t samples,
                           llvm::MutableArrayRef<NDArray> results)>
                           consume);

/// The default number of worker threads: the hardware's, at least 1.
unsigned getDefaultNumThreads();

} // namespace runtime
} // namespace quantmlir

#endif // QUANTMLIR_RUNTIME_BATCHRUNNER_H
