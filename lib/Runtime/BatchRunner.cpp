//===- BatchRunner.cpp - Run a compiled function over a data set ----------===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Runtime/BatchRunner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace quantmlir::runtime;

unsigned quantmlir::runtime::getDefaultNumThreads() {
  return std::max(1u, std::thread::hardware_concurrency());
}

llvm::Error quantmlir::runtime::runBatches(
    const JitFunction &function, const DataSet &data,
    const BatchRunOptions &options,
    llvm::function_ref<llvm::Error(unsigned, int64_t, int64_t,
                                   llvm::MutableArrayRef<NDArray>)>
        consume) {
  const int64_t numBatches = std::min(
      options.numBatches.value_or(data.getNumBatches()), data.getNumBatches());
  if (numBatches <= 0)
    return llvm::Error::success();
  const unsigned numThreads = static_cast<unsigned>(
      std::max<int64_t>(1, std::min<int64_t>(options.numThreads, numBatches)));

  std::atomic<int64_t> next{0};
  std::atomic<int64_t> stopAt{numBatches};
  std::atomic<int64_t> done{0};
  std::mutex mutex;
  std::condition_variable finished;
  unsigned running = numThreads;
  // The failure of the lowest batch (-1: a worker could not start).
  int64_t errorBatch = std::numeric_limits<int64_t>::max();
  std::string errorMessage;

  auto recordError = [&](int64_t batch, llvm::Error error) {
    std::string message = llvm::toString(std::move(error));
    std::lock_guard<std::mutex> lock(mutex);
    if (batch < errorBatch) {
      errorBatch = batch;
      errorMessage = std::move(message);
    }
    int64_t current = stopAt.load();
    while (batch < current && !stopAt.compare_exchange_weak(current, batch)) {
    }
    // A failed start stops everything.
    if (batch < 0)
      stopAt = 0;
  };

  auto worker = [&](unsigned id) {
    llvm::Expected<llvm::SmallVector<NDArray, 1>> results =
        allocateResults(function.getSignature());
    if (!results) {
      recordError(-1, results.takeError());
    } else {
      std::vector<NDArray> scratch(function.getSignature().inputs.size());
      llvm::SmallVector<const void *, 4> inputs;
      while (true) {
        // Batches are taken in order, so every batch below a failed one has
        // been taken and finishes: the lowest failure is always seen.
        int64_t batch = next.fetch_add(1);
        if (batch >= numBatches || batch >= stopAt.load())
          break;
        llvm::Expected<int64_t> samples = data.getBatch(batch, inputs, scratch);
        if (!samples) {
          recordError(batch, samples.takeError());
          break;
        }
        if (llvm::Error error = function.call(
                inputs, data.getBatchShapes(*samples), *results)) {
          recordError(batch, std::move(error));
          break;
        }
        if (llvm::Error error = consume(id, batch, *samples, *results)) {
          recordError(batch, std::move(error));
          break;
        }
        ++done;
      }
    }
    std::lock_guard<std::mutex> lock(mutex);
    if (--running == 0)
      finished.notify_all();
  };

  std::vector<std::thread> threads;
  threads.reserve(numThreads);
  for (unsigned i = 0; i < numThreads; ++i)
    threads.emplace_back(worker, i);
  {
    std::unique_lock<std::mutex> lock(mutex);
    auto interval = std::chrono::duration<double>(options.progressInterval);
    while (running > 0) {
      finished.wait_for(lock, interval);
      if (options.progress && running > 0) {
        lock.unlock();
        options.progress(done.load());
        lock.lock();
      }
    }
  }
  for (std::thread &thread : threads)
    thread.join();
  if (options.progress)
    options.progress(done.load());
  if (errorBatch != std::numeric_limits<int64_t>::max())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   errorMessage);
  return llvm::Error::success();
}
