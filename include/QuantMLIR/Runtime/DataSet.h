//===- DataSet.h - Batched model inputs from .npy / .npz files --*- C++ -*-===//
//
// Part of QuantMLIR.
//
// The inputs of a function, read from files and cut into batches of the
// function's static batch size (dimension 0 of its arguments). Files are
// memory-mapped and read batch by batch, so that a data set larger than
// memory streams through; a batch is passed to compiled code in place when
// its bytes already are what the function takes.
//
// Sources (FunctionSignature `sig` with n arguments):
//   - n .npy files, one per argument, in order;
//   - one .npz archive: one array per argument, matched by name (`arr_<i>`,
//     as np.savez names positional arrays, or the argument's name) when
//     every argument finds one, else in archive order when it holds exactly
//     n arrays;
//   - one directory: its *.npy (one-argument functions) or *.npz files, in
//     name order, concatenated along dimension 0 (shards).
// Each array must have the argument's shape, or [N, <the argument's shape
// without dimension 0>] for any N >= 1 ("N samples"); every batched argument
// must then have the same batch size B and the same N. Rank-0 arguments are
// passed as they are to every batch.
// A dynamic dimension 0 (`tensor<?x28x28x1xf32>`, the same in every batched
// argument; other dimensions must be static) is a dynamic batch: B is then
// chosen by the caller (all samples by default, one call), and the last
// batch is passed with its real number of rows, never padded.
//
// Element types must match, except with an InputScale: then any numeric data
// for a float argument is converted, every value becoming
// double(x) * numerator / denominator rounded to the argument's type.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_RUNTIME_DATASET_H
#define QUANTMLIR_RUNTIME_DATASET_H

#include "QuantMLIR/Runtime/JitRunner.h"
#include "QuantMLIR/Runtime/NDArray.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace quantmlir {
namespace runtime {

/// The multiplier of --input-scale: `numerator / denominator`, applied as
/// double(x) * numerator / denominator (so "1/255" divides exactly as
/// numpy's `x.astype(float32) / 255` does).
struct InputScale {
  double numerator = 1.0;
  double denominator = 1.0;
};

/// Parses "0.00392156862745098", "1/255", "2e-3": a finite, non-zero number,
/// or two separated by '/'. Returns std::nullopt when malformed.
std::optional<InputScale> parseInputScale(llvm::StringRef text);

class DataSet {
public:
  ~DataSet();
  DataSet(const DataSet &) = delete;
  DataSet &operator=(const DataSet &) = delete;

  /// Opens `paths` as the inputs of `sig` (see the file comment). Errors are
  /// one line naming the file or the argument. `scale`: see InputScale.
  /// `dynamicBatchSize`: B for a dynamic batch (default: every sample in
  /// one batch); ignored for a static one.
  static llvm::Expected<std::unique_ptr<DataSet>>
  open(llvm::ArrayRef<std::string> paths, const FunctionSignature &sig,
       std::optional<InputScale> scale = std::nullopt,
       std::optional<int64_t> dynamicBatchSize = std::nullopt);

  /// Whether every array has exactly its argument's shape: the data set is
  /// one call of the function.
  bool isExact() const { return exact; }
  /// B: dimension 0 of the batched arguments (1 without any), or the chosen
  /// size of a dynamic batch.
  int64_t getBatchSize() const { return batchSize; }
  /// Whether dimension 0 of the batched arguments is dynamic: batches are
  /// passed with their real number of samples (no padding).
  bool hasDynamicBatch() const { return dynamicBatch; }
  /// The shapes of the arguments for a batch of `samples` samples: the
  /// signature's, with a dynamic batch dimension set to `samples`.
  llvm::SmallVector<llvm::SmallVector<int64_t, 4>, 2>
  getBatchShapes(int64_t samples) const;
  /// Samples (rows of dimension 0) in the files.
  int64_t getNumRows() const { return numRows; }
  /// Samples in use: getNumRows() less the excluded ones.
  int64_t getNumSamples() const;
  /// Batches over the samples in use, the last one possibly partial.
  int64_t getNumBatches() const;
  /// What the data set is, for messages: "calib.npy", "3 files in data/".
  const std::string &getDescription() const { return description; }

  /// A row whose float data hold a NaN or an infinity.
  struct NonFiniteRow {
    int64_t row;
    unsigned argument;
    bool isNaN;
  };
  /// Scans the float data; rows in increasing order, one entry per row
  /// (its first non-finite value).
  std::vector<NonFiniteRow> findNonFiniteRows() const;
  /// Leaves `rows` (increasing) out of the batches.
  void excludeRows(llvm::ArrayRef<int64_t> rows);

  /// "calib.npy: sample 17", "data/b.npy: sample 3 (sample 1003 of the
  /// data set)" for row `row` of argument `argument`.
  std::string describeRow(int64_t row, unsigned argument = 0) const;

  /// The inputs of batch `batch`: `inputs[i]` points into the mapped file
  /// when its bytes can be passed as they are, else into `scratch[i]`
  /// (allocated with the argument's shape on first use) filled with the
  /// converted samples, rows past the end of the data set zeroed (static
  /// batch). Returns the number of samples of the batch (B except for a
  /// partial last one); a dynamic batch has exactly that many rows
  /// (getBatchShapes).
  /// Thread-safe for distinct `scratch`.
  llvm::Expected<int64_t>
  getBatch(int64_t batch, llvm::SmallVectorImpl<const void *> &inputs,
           llvm::MutableArrayRef<NDArray> scratch) const;

  struct Source;
  struct Shard;

private:
  DataSet();

  llvm::Error addShard(llvm::StringRef path, bool inDirectory);
  llvm::Error addArrays(llvm::ArrayRef<std::string> paths);
  llvm::Error finish();

  FunctionSignature signature;
  std::optional<InputScale> scale;
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> buffers;
  std::vector<std::unique_ptr<std::string>> inflated;
  std::vector<std::unique_ptr<Shard>> shards;
  std::vector<int64_t> selection; // rows in use, when some are excluded
  bool hasSelection = false;
  bool exact = false;
  bool dynamicBatch = false;
  std::optional<int64_t> requestedBatchSize;
  int64_t batchSize = 1;
  int64_t numRows = 0;
  std::string description;
};

} // namespace runtime
} // namespace quantmlir

#endif // QUANTMLIR_RUNTIME_DATASET_H
