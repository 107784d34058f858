//===- Calibrator.cpp - Activation statistics over a data set -------------===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Runtime/Calibrator.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/StringMap.h"

#include <cmath>
#include <cstring>
#include <limits>

using namespace quantmlir;
using namespace quantmlir::runtime;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message.str());
}

namespace {
/// Min / max of one batch's finite values of one tensor.
struct BatchRange {
  float min = 0, max = 0;
  bool any = false;
};

/// Appends the float values of `array` to `out`.
void appendAsFloat(const NDArray &array, std::vector<float> &out) {
  int64_t n = array.getNumElements();
  size_t base = out.size();
  out.resize(base + n);
  switch (array.getDType()) {
  case DType::F32:
    std::memcpy(out.data() + base, array.getData(), n * sizeof(float));
    return;
  default:
    for (int64_t i = 0; i < n; ++i)
      out[base + i] = static_cast<float>(array.getAsDouble(i));
    return;
  }
}
} // namespace

llvm::Expected<std::vector<Histogram>> quantmlir::runtime::calibrateHistograms(
    const JitFunction &function, const DataSet &data,
    llvm::ArrayRef<CalibrationTap> taps, llvm::ArrayRef<std::string> names,
    const CalibrateOptions &options) {
  const FunctionSignature &sig = function.getSignature();
  // The results feeding each name.
  llvm::StringMap<size_t> indexOf;
  for (auto [i, name] : llvm::enumerate(names))
    indexOf[name] = i;
  std::vector<std::vector<unsigned>> sources(names.size());
  for (const CalibrationTap &tap : taps) {
    auto it = indexOf.find(tap.name);
    if (it == indexOf.end())
      continue;
    if (tap.result >= sig.results.size() ||
        !isFloatDType(sig.results[tap.result].dtype))
      return makeError("cannot observe '" + tap.name + "': result " +
                       llvm::Twine(tap.result) + " of @" + sig.name +
                       " is not a float tensor");
    sources[it->second].push_back(tap.result);
  }

  const int64_t numBatches =
      std::min(options.run.numBatches.value_or(data.getNumBatches()),
               data.getNumBatches());
  const unsigned numThreads = static_cast<unsigned>(std::max<int64_t>(
      1, std::min<int64_t>(options.run.numThreads, numBatches)));
  const int64_t batchSize = data.getBatchSize();

  std::vector<std::vector<Histogram>> perWorker(
      numThreads,
      std::vector<Histogram>(
          names.size(), Histogram(options.numBins, options.averagingConstant)));
  // Each batch's slot is written by the one worker that ran it.
  std::vector<BatchRange> ranges(static_cast<size_t>(numBatches) *
                                 names.size());
  std::vector<std::vector<float>> scratch(numThreads);

  auto consume = [&](unsigned worker, int64_t batch, int64_t samples,
                     llvm::MutableArrayRef<NDArray> results) -> llvm::Error {
    for (size_t k = 0; k < names.size(); ++k) {
      if (sources[k].empty())
        continue;
      const float *values;
      size_t count;
      if (sources[k].size() == 1 &&
          results[sources[k][0]].getDType() == DType::F32) {
        values = results[sources[k][0]].getDataAs<float>();
        count = results[sources[k][0]].getNumElements();
      } else {
        std::vector<float> &buffer = scratch[worker];
        buffer.clear();
        for (unsigned r : sources[k])
          appendAsFloat(results[r], buffer);
        values = buffer.data();
        count = buffer.size();
      }
      BatchRange range;
      range.min = std::numeric_limits<float>::infinity();
      range.max = -range.min;
      uint64_t nans = 0, infs = 0;
      for (size_t i = 0; i < count; ++i) {
        float x = values[i];
        if (std::isnan(x)) {
          ++nans;
        } else if (std::isinf(x)) {
          ++infs;
        } else {
          range.any = true;
          range.min = std::min(range.min, x);
          range.max = std::max(range.max, x);
        }
      }
      if ((nans || infs) && options.nanPolicy == NanPolicy::Error) {
        int64_t first = batch * batchSize;
        std::string what = nans && infs ? "NaN and infinite"
                           : nans       ? "NaN"
                                        : "infinite";
        return makeError(
            "tensor '" + names[k] + "' has " + llvm::Twine(nans + infs) + " " +
            what + " value(s) in batch " + llvm::Twine(batch) + " (" +
            data.describeRow(first) +
            (samples > 1 ? " and the next " + llvm::Twine(samples - 1)
                         : llvm::Twine("")) +
            "); --nan-policy=skip counts and skips them");
      }
      perWorker[worker][k].accumulate(values, count);
      ranges[static_cast<size_t>(batch) * names.size() + k] = range;
    }
    return llvm::Error::success();
  };

  BatchRunOptions run = options.run;
  run.numBatches = numBatches;
  run.numThreads = numThreads;
  if (llvm::Error error = runBatches(function, data, run, consume))
    return std::move(error);

  // Merge the workers' histograms (exact), then replay the moving averages
  // in batch order, as one thread accumulating batch after batch computes
  // them (Histogram::accumulate).
  std::vector<Histogram> merged = std::move(perWorker.front());
  for (unsigned w = 1; w < numThreads; ++w)
    for (size_t k = 0; k < names.size(); ++k)
      merged[k].merge(perWorker[w][k]);
  for (size_t k = 0; k < names.size(); ++k) {
    HistogramData hd = merged[k].serialize();
    double c = hd.averagingConstant;
    bool first = true;
    for (int64_t b = 0; b < numBatches; ++b) {
      const BatchRange &range =
          ranges[static_cast<size_t>(b) * names.size() + k];
      if (!range.any)
        continue;
      if (first) {
        hd.movingMin = range.min;
        hd.movingMax = range.max;
        first = false;
      } else {
        hd.movingMin += c * (double(range.min) - hd.movingMin);
        hd.movingMax += c * (double(range.max) - hd.movingMax);
      }
    }
    std::string error;
    std::optional<Histogram> h = Histogram::deserialize(hd, &error);
    if (!h)
      return makeError("internal error: statistics of '" + names[k] +
                       "' do not validate: " + error);
    merged[k] = std::move(*h);
  }
  return merged;
}
