//===- DataSet.cpp - Batched model inputs from .npy / .npz files ----------===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Runtime/DataSet.h"

#include "QuantMLIR/Runtime/Npy.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace quantmlir::runtime;
using llvm::StringRef;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message.str());
}

std::optional<InputScale> quantmlir::runtime::parseInputScale(StringRef text) {
  auto parseNumber = [](StringRef s, double &out) {
    s = s.trim();
    if (s.empty() || s.getAsDouble(out) || !std::isfinite(out) || out == 0.0)
      return false;
    return true;
  };
  InputScale scale;
  auto [num, den] = text.split('/');
  if (!parseNumber(num, scale.numerator))
    return std::nullopt;
  if (text.contains('/') && !parseNumber(den, scale.denominator))
    return std::nullopt;
  return scale;
}

//===----------------------------------------------------------------------===//
// Sources and shards
//===----------------------------------------------------------------------===//

/// One argument's array in one file.
struct DataSet::Source {
  /// The file, or `archive.npz:member.npy`.
  std::string label;
  DType dtype = DType::F32;
  llvm::SmallVector<int64_t, 4> shape;
  const char *data = nullptr;
  uint64_t numBytes = 0;
  /// Cut along dimension 0 into batches; otherwise passed whole.
  bool batched = false;
  /// Bytes of one row of dimension 0 (of the whole array when not batched).
  uint64_t rowBytes = 0;
};

/// One file: one Source per argument.
struct DataSet::Shard {
  llvm::SmallVector<Source, 2> args;
  /// Rows of the batched sources (1 without any).
  int64_t rows = 1;
  /// Index of the shard's first row in the data set.
  int64_t firstRow = 0;
};

DataSet::DataSet() = default;
DataSet::~DataSet() = default;

static std::string describeArray(DType dtype, llvm::ArrayRef<int64_t> shape) {
  return (getDTypeName(dtype) + " " + formatShape(shape)).str();
}

namespace {
/// Reads a whole file (memory-mapped when large).
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> mapFile(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return makeError(path +
                     ": cannot read file: " + buffer.getError().message());
  return std::move(*buffer);
}
} // namespace

/// A Source for the .npy bytes `bytes`.
static llvm::Expected<DataSet::Source> makeSource(StringRef bytes,
                                                  StringRef label) {
  llvm::Expected<NpyHeader> header = parseNpyHeader(bytes, label);
  if (!header)
    return header.takeError();
  DataSet::Source source;
  source.label = label.str();
  source.dtype = header->dtype;
  source.shape = header->shape;
  source.data = bytes.data() + header->dataOffset;
  source.numBytes = header->numBytes;
  return source;
}

static std::string nargsMessage(const FunctionSignature &sig, size_t given) {
  return ("@" + sig.name + " takes " + llvm::Twine(sig.inputs.size()) +
          " argument(s) but " + llvm::Twine(given) +
          " input file(s) (--input) were given")
      .str();
}

llvm::Error DataSet::addArrays(llvm::ArrayRef<std::string> paths) {
  auto shard = std::make_unique<Shard>();
  for (const std::string &path : paths) {
    llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer = mapFile(path);
    if (!buffer)
      return buffer.takeError();
    StringRef bytes = (*buffer)->getBuffer();
    buffers.push_back(std::move(*buffer));
    if (isZipArchive(bytes)) {
      // An .npz among several inputs stands for one argument: it must hold
      // exactly one array.
      llvm::Expected<std::vector<ZipMember>> members =
          readZipMembers(bytes, path, inflated);
      if (!members)
        return members.takeError();
      if (members->size() != 1)
        return makeError(path + ": holds " + llvm::Twine(members->size()) +
                         " arrays, but stands for one argument among " +
                         llvm::Twine(paths.size()) +
                         " inputs; give an .npz as the only --input to feed "
                         "every argument from it");
      llvm::Expected<Source> source = makeSource(
          members->front().bytes, path + ":" + members->front().name);
      if (!source)
        return source.takeError();
      shard->args.push_back(std::move(*source));
      continue;
    }
    llvm::Expected<Source> source = makeSource(bytes, path);
    if (!source)
      return source.takeError();
    shard->args.push_back(std::move(*source));
  }
  shards.push_back(std::move(shard));
  return llvm::Error::success();
}

llvm::Error DataSet::addShard(StringRef path, bool inDirectory) {
  size_t numArgs = signature.inputs.size();
  llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>> buffer = mapFile(path);
  if (!buffer)
    return buffer.takeError();
  StringRef bytes = (*buffer)->getBuffer();
  buffers.push_back(std::move(*buffer));
  auto shard = std::make_unique<Shard>();

  if (!isZipArchive(bytes)) {
    if (path.ends_with(".npz"))
      return makeError(path + ": not an .npz file (no zip signature)");
    if (numArgs != 1) {
      if (inDirectory)
        return makeError(path +
                         ": a directory of .npy files feeds one "
                         "argument, but @" +
                         signature.name + " takes " + llvm::Twine(numArgs) +
                         ": use .npz files (one array per argument)");
      return makeError(nargsMessage(signature, 1));
    }
    llvm::Expected<Source> source = makeSource(bytes, path);
    if (!source)
      return source.takeError();
    shard->args.push_back(std::move(*source));
    shards.push_back(std::move(shard));
    return llvm::Error::success();
  }

  llvm::Expected<std::vector<ZipMember>> members =
      readZipMembers(bytes, path, inflated);
  if (!members)
    return members.takeError();
  // Names without ".npy".
  llvm::SmallVector<std::string> names;
  for (const ZipMember &member : *members) {
    StringRef name = member.name;
    name.consume_back(".npy");
    names.push_back(name.str());
  }
  // By name: `arr_<i>` or the argument's name, when every argument finds
  // exactly one array.
  llvm::SmallVector<int, 4> memberOf(numArgs, -1);
  bool byName = true;
  for (size_t i = 0; i < numArgs && byName; ++i) {
    for (auto [m, name] : llvm::enumerate(names)) {
      bool matches =
          name == "arr_" + std::to_string(i) ||
          (!signature.inputNames[i].empty() && name == signature.inputNames[i]);
      if (!matches)
        continue;
      if (memberOf[i] != -1) {
        byName = false;
        break;
      }
      memberOf[i] = static_cast<int>(m);
    }
    if (memberOf[i] == -1)
      byName = false;
  }
  if (byName) {
    llvm::SmallVector<int, 4> sorted(memberOf);
    llvm::sort(sorted);
    byName = std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end();
  }
  if (!byName) {
    if (members->size() != numArgs) {
      std::string list;
      for (auto [i, name] : llvm::enumerate(names))
        list += (i ? ", " : "") + name;
      std::string expected;
      for (size_t i = 0; i < numArgs; ++i)
        expected += (i ? ", " : "") + (signature.inputNames[i].empty()
                                           ? "arr_" + std::to_string(i)
                                           : signature.inputNames[i]);
      return makeError(path + ": holds " + llvm::Twine(members->size()) +
                       " array(s) (" + list + ") but @" + signature.name +
                       " takes " + llvm::Twine(numArgs) +
                       " argument(s): name them " + expected +
                       ", or store exactly one array per argument in order");
    }
    for (size_t i = 0; i < numArgs; ++i)
      memberOf[i] = static_cast<int>(i);
  }
  for (size_t i = 0; i < numArgs; ++i) {
    const ZipMember &member = (*members)[memberOf[i]];
    llvm::Expected<Source> source =
        makeSource(member.bytes, (path + ":" + member.name).str());
    if (!source)
      return source.takeError();
    shard->args.push_back(std::move(*source));
  }
  shards.push_back(std::move(shard));
  return llvm::Error::success();
}

llvm::Expected<std::unique_ptr<DataSet>>
DataSet::open(llvm::ArrayRef<std::string> paths, const FunctionSignature &sig,
              std::optional<InputScale> scale,
              std::optional<int64_t> dynamicBatchSize) {
  std::unique_ptr<DataSet> data(new DataSet());
  data->signature = sig;
  data->signature.inputNames.resize(sig.inputs.size());
  data->scale = scale;
  data->requestedBatchSize = dynamicBatchSize;
  // Only the batch (dimension 0) may be dynamic: the other dimensions say
  // what one sample is.
  for (auto [i, spec] : llvm::enumerate(sig.inputs))
    for (size_t d = 1; d < spec.shape.size(); ++d)
      if (spec.shape[d] == kDynamicDim)
        return makeError("argument " + llvm::Twine(i) + " of @" + sig.name +
                         " has type " + spec.typeName +
                         ": only dimension 0 (the batch) may be dynamic");
  size_t numArgs = sig.inputs.size();

  if (paths.size() == 1 && llvm::sys::fs::is_directory(paths[0])) {
    std::vector<std::string> files;
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(paths[0], ec), end;
         it != end && !ec; it.increment(ec)) {
      StringRef ext = llvm::sys::path::extension(it->path());
      if ((ext == ".npy" || ext == ".npz") &&
          !llvm::sys::fs::is_directory(it->path()))
        files.push_back(it->path());
    }
    if (ec)
      return makeError(paths[0] + ": cannot list directory: " + ec.message());
    if (files.empty())
      return makeError(paths[0] + ": no .npy or .npz files in the directory");
    llvm::sort(files);
    for (const std::string &file : files)
      if (llvm::Error error = data->addShard(file, /*inDirectory=*/true))
        return std::move(error);
    data->description =
        files.size() == 1
            ? files.front()
            : (llvm::Twine(files.size()) + " files in " + paths[0]).str();
  } else if (paths.size() == 1 && numArgs != 1) {
    if (llvm::Error error = data->addShard(paths[0], /*inDirectory=*/false))
      return std::move(error);
    data->description = paths[0];
  } else {
    if (paths.size() != numArgs)
      return makeError(nargsMessage(sig, paths.size()));
    if (numArgs == 1) {
      if (llvm::Error error = data->addShard(paths[0], /*inDirectory=*/false))
        return std::move(error);
    } else if (llvm::Error error = data->addArrays(paths)) {
      return std::move(error);
    }
    data->description = paths.empty() ? "no input" : paths[0];
    for (size_t i = 1; i < paths.size(); ++i)
      data->description += ", " + paths[i];
  }
  if (llvm::Error error = data->finish())
    return std::move(error);
  return std::move(data);
}

/// "argument 0 of @main expects tensor<2x3xf32>, got float64 [2,3]".
static std::string mismatch(const FunctionSignature &sig, unsigned i,
                            const DataSet::Source &source) {
  return ("argument " + llvm::Twine(i) + " of @" + sig.name + " expects " +
          sig.inputs[i].typeName + ", got " +
          describeArray(source.dtype, source.shape))
      .str();
}

llvm::Error DataSet::finish() {
  if (shards.empty()) // a function without arguments
    shards.push_back(std::make_unique<Shard>());

  // Element types.
  for (const std::unique_ptr<Shard> &shard : shards) {
    for (auto [i, source] : llvm::enumerate(shard->args)) {
      const TensorSpec &spec = signature.inputs[i];
      if (source.dtype == spec.dtype)
        continue;
      if (scale && isFloatDType(spec.dtype))
        continue; // converted
      std::string hint;
      if (!scale && isFloatDType(spec.dtype))
        hint = isFloatDType(source.dtype)
                   ? " (--input-scale=1 converts " +
                         getDTypeName(source.dtype).str() + " data)"
                   : " (to convert " + getDTypeName(source.dtype).str() +
                         " data, give the factor to apply with "
                         "--input-scale, e.g. --input-scale=1/255 for 8-bit "
                         "images)";
      return makeError(mismatch(signature, i, source) + hint);
    }
  }

  // Exact: one file per argument with the argument's shape.
  exact = shards.size() == 1;
  for (auto [i, source] : llvm::enumerate(shards.front()->args))
    exact &= llvm::ArrayRef<int64_t>(source.shape) ==
             llvm::ArrayRef<int64_t>(signature.inputs[i].shape);

  // The batch size: dimension 0 of the arguments of rank >= 1.
  std::optional<int64_t> b;
  std::optional<unsigned> bArg;
  bool consistent = true;
  auto formatDim = [](int64_t d) {
    return d == kDynamicDim ? std::string("?") : std::to_string(d);
  };
  for (auto [i, spec] : llvm::enumerate(signature.inputs)) {
    if (spec.shape.empty())
      continue;
    if (!b) {
      b = spec.shape[0];
      bArg = i;
    } else if (*b != spec.shape[0]) {
      consistent = false;
      if (!exact)
        return makeError(
            "arguments " + llvm::Twine(*bArg) + " and " + llvm::Twine(i) +
            " of @" + signature.name + " have different batch sizes (" +
            formatDim(*b) + " and " + formatDim(spec.shape[0]) +
            "): quant-run batches a data set along dimension 0 of every "
            "argument, so give each argument exactly its shape");
    }
  }

  if (exact && (!consistent || !b || *b == 0)) {
    // One call, no rows to speak of.
    for (Source &source : shards.front()->args) {
      source.batched = false;
      source.rowBytes = source.numBytes;
    }
    batchSize = 1;
    numRows = 1;
    return llvm::Error::success();
  }
  dynamicBatch = *b == kDynamicDim;
  batchSize = dynamicBatch ? 0 : *b;

  // Shapes: [N, rest of the argument's shape].
  int64_t row = 0;
  for (const std::unique_ptr<Shard> &shard : shards) {
    std::optional<int64_t> rows;
    std::optional<unsigned> rowsArg;
    for (auto [i, source] : llvm::enumerate(shard->args)) {
      const TensorSpec &spec = signature.inputs[i];
      if (spec.shape.empty()) {
        if (!source.shape.empty())
          return makeError(mismatch(signature, i, source));
        if (shards.size() != 1)
          return makeError(source.label +
                           ": a directory of inputs needs "
                           "every argument batched, but "
                           "argument " +
                           llvm::Twine(i) + " of @" + signature.name +
                           " is a scalar (" + spec.typeName + ")");
        source.batched = false;
        source.rowBytes = source.numBytes;
        continue;
      }
      if (source.shape.size() != spec.shape.size() ||
          llvm::ArrayRef<int64_t>(source.shape).drop_front() !=
              llvm::ArrayRef<int64_t>(spec.shape).drop_front())
        return makeError(mismatch(signature, i, source));
      if (batchSize == 0 && !dynamicBatch)
        return makeError(mismatch(signature, i, source) +
                         ": a batch of 0 samples cannot be repeated");
      source.batched = true;
      source.rowBytes = getDTypeSize(source.dtype);
      for (int64_t d : llvm::ArrayRef<int64_t>(source.shape).drop_front())
        source.rowBytes *= d;
      if (!rows) {
        rows = source.shape[0];
        rowsArg = i;
      } else if (*rows != source.shape[0]) {
        return makeError(source.label + " has " + llvm::Twine(source.shape[0]) +
                         " samples but " + shard->args[*rowsArg].label +
                         " has " + llvm::Twine(*rows) +
                         ": every argument needs the same number");
      }
    }
    shard->rows = rows.value_or(1);
    shard->firstRow = row;
    row += shard->rows;
  }
  numRows = row;
  if (numRows == 0 && !exact)
    return makeError(description.empty()
                         ? "the data set is empty"
                         : description + ": the data set is empty (0 "
                                         "samples)");
  if (dynamicBatch) {
    if (requestedBatchSize && *requestedBatchSize < 1)
      return makeError("the batch size must be at least 1 (got " +
                       llvm::Twine(*requestedBatchSize) + ")");
    batchSize = std::min(requestedBatchSize.value_or(numRows), numRows);
  }
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Rows and batches
//===----------------------------------------------------------------------===//

int64_t DataSet::getNumSamples() const {
  return hasSelection ? static_cast<int64_t>(selection.size()) : numRows;
}

llvm::SmallVector<llvm::SmallVector<int64_t, 4>, 2>
DataSet::getBatchShapes(int64_t samples) const {
  llvm::SmallVector<llvm::SmallVector<int64_t, 4>, 2> shapes;
  for (const TensorSpec &spec : signature.inputs) {
    shapes.emplace_back(spec.shape);
    if (!spec.shape.empty() && spec.shape[0] == kDynamicDim)
      shapes.back()[0] = samples;
  }
  return shapes;
}

int64_t DataSet::getNumBatches() const {
  int64_t samples = getNumSamples();
  return batchSize ? (samples + batchSize - 1) / batchSize : 0;
}

/// The shard holding row `row` and the row's index inside it.
static std::pair<const DataSet::Shard *, int64_t>
findRow(const std::vector<std::unique_ptr<DataSet::Shard>> &shards,
        int64_t row) {
  auto it = llvm::upper_bound(
      shards, row, [](int64_t r, const std::unique_ptr<DataSet::Shard> &s) {
        return r < s->firstRow;
      });
  const DataSet::Shard *shard = std::prev(it)->get();
  return {shard, row - shard->firstRow};
}

std::string DataSet::describeRow(int64_t row, unsigned argument) const {
  auto [shard, local] = findRow(shards, row);
  std::string label =
      argument < shard->args.size() ? shard->args[argument].label : description;
  std::string text = label + ": sample " + std::to_string(local);
  if (shards.size() > 1)
    text += " (sample " + std::to_string(row) + " of the data set)";
  return text;
}

namespace {
/// Float checks of one row of `count` elements.
template <typename T>
std::optional<bool> firstNonFinite(const char *data, int64_t count) {
  for (int64_t i = 0; i < count; ++i) {
    T v;
    std::memcpy(&v, data + i * sizeof(T), sizeof(T));
    if (!std::isfinite(v))
      return std::isnan(v);
  }
  return std::nullopt;
}

std::optional<bool> firstNonFiniteHalf(const char *data, int64_t count) {
  for (int64_t i = 0; i < count; ++i) {
    uint16_t bits;
    std::memcpy(&bits, data + 2 * i, 2);
    if ((bits & 0x7c00) == 0x7c00)
      return (bits & 0x03ff) != 0;
  }
  return std::nullopt;
}
} // namespace

std::vector<DataSet::NonFiniteRow> DataSet::findNonFiniteRows() const {
  std::vector<NonFiniteRow> result;
  for (const std::unique_ptr<Shard> &shard : shards) {
    for (int64_t r = 0; r < shard->rows; ++r) {
      for (auto [i, source] : llvm::enumerate(shard->args)) {
        if (!isFloatDType(source.dtype))
          continue;
        const char *row =
            source.batched ? source.data + r * source.rowBytes : source.data;
        if (!source.batched && r > 0)
          continue;
        int64_t count = source.rowBytes / getDTypeSize(source.dtype);
        std::optional<bool> bad;
        switch (source.dtype) {
        case DType::F32:
          bad = firstNonFinite<float>(row, count);
          break;
        case DType::F64:
          bad = firstNonFinite<double>(row, count);
          break;
        default:
          bad = firstNonFiniteHalf(row, count);
          break;
        }
        if (bad) {
          result.push_back(
              {shard->firstRow + r, static_cast<unsigned>(i), *bad});
          break;
        }
      }
    }
  }
  return result;
}

void DataSet::excludeRows(llvm::ArrayRef<int64_t> rows) {
  if (rows.empty())
    return;
  std::vector<int64_t> kept;
  kept.reserve(getNumSamples());
  size_t next = 0;
  for (int64_t s = 0, e = getNumSamples(); s < e; ++s) {
    int64_t row = hasSelection ? selection[s] : s;
    while (next < rows.size() && rows[next] < row)
      ++next;
    if (next < rows.size() && rows[next] == row)
      continue;
    kept.push_back(row);
  }
  selection = std::move(kept);
  hasSelection = true;
}

namespace {
/// Reads element i of `data` as a double.
double loadAsDouble(DType dtype, const char *data, int64_t i) {
  switch (dtype) {
#define LOAD(KIND, TYPE)                                                       \
  case DType::KIND: {                                                          \
    TYPE v;                                                                    \
    std::memcpy(&v, data + i * sizeof(TYPE), sizeof(TYPE));                    \
    return static_cast<double>(v);                                             \
  }
    LOAD(F32, float)
    LOAD(F64, double)
    LOAD(I8, int8_t)
    LOAD(U8, uint8_t)
    LOAD(I16, int16_t)
    LOAD(I32, int32_t)
    LOAD(I64, int64_t)
#undef LOAD
  case DType::Bool:
    return data[i] != 0 ? 1.0 : 0.0;
  case DType::F16: {
    uint16_t bits;
    std::memcpy(&bits, data + 2 * i, 2);
    return llvm::APFloat(llvm::APFloat::IEEEhalf(), llvm::APInt(16, bits))
        .convertToDouble();
  }
  }
  llvm_unreachable("unknown dtype");
}

/// Converts `count` elements to float type `to`, scaling them.
void convertToFloat(DType from, const char *src, DType to, char *dst,
                    int64_t count, const InputScale &scale) {
  const double num = scale.numerator, den = scale.denominator;
  auto apply = [&](double v) { return den == 1.0 ? v * num : v * num / den; };
  if (to == DType::F32) {
    auto *out = reinterpret_cast<float *>(dst);
    if (from == DType::U8) { // the common case: 8-bit images
      auto *in = reinterpret_cast<const uint8_t *>(src);
      for (int64_t i = 0; i < count; ++i)
        out[i] = static_cast<float>(apply(in[i]));
      return;
    }
    for (int64_t i = 0; i < count; ++i)
      out[i] = static_cast<float>(apply(loadAsDouble(from, src, i)));
    return;
  }
  if (to == DType::F64) {
    auto *out = reinterpret_cast<double *>(dst);
    for (int64_t i = 0; i < count; ++i)
      out[i] = apply(loadAsDouble(from, src, i));
    return;
  }
  assert(to == DType::F16 && "float destination");
  for (int64_t i = 0; i < count; ++i) {
    llvm::APFloat v(apply(loadAsDouble(from, src, i)));
    bool losesInfo;
    v.convert(llvm::APFloat::IEEEhalf(), llvm::APFloat::rmNearestTiesToEven,
              &losesInfo);
    uint16_t bits = static_cast<uint16_t>(v.bitcastToAPInt().getZExtValue());
    std::memcpy(dst + 2 * i, &bits, 2);
  }
}
} // namespace

/// Copies `rows` rows of `source` starting at `row` into `dst`, converted
/// to `spec`'s element type.
static void copyRows(const DataSet::Source &source, int64_t row, int64_t rows,
                     const TensorSpec &spec,
                     const std::optional<InputScale> &scale, char *dst) {
  const char *src = source.data + row * source.rowBytes;
  uint64_t bytes = rows * source.rowBytes;
  if (!scale) {
    std::memcpy(dst, src, bytes);
    if (source.dtype == DType::Bool)
      for (uint64_t i = 0; i < bytes; ++i)
        dst[i] = dst[i] != 0;
    return;
  }
  int64_t count = bytes / getDTypeSize(source.dtype);
  convertToFloat(source.dtype, src, spec.dtype, dst, count, *scale);
}

llvm::Expected<int64_t>
DataSet::getBatch(int64_t batch, llvm::SmallVectorImpl<const void *> &inputs,
                  llvm::MutableArrayRef<NDArray> scratch) const {
  assert(scratch.size() == signature.inputs.size() && "one scratch per input");
  int64_t first = batch * batchSize;
  int64_t count = std::min(batchSize, getNumSamples() - first);
  assert(count > 0 && "batch out of range");
  inputs.clear();
  auto rowOf = [&](int64_t s) { return hasSelection ? selection[s] : s; };
  for (auto [i, spec] : llvm::enumerate(signature.inputs)) {
    auto [shard, local] = findRow(shards, rowOf(first));
    const Source &source = shard->args[i];
    bool convert = scale.has_value() || source.dtype == DType::Bool;
    // In place: the batch's rows are contiguous in one file and need no
    // conversion.
    bool contiguous = !source.batched;
    if (source.batched && (count == batchSize || dynamicBatch)) {
      contiguous = local + count <= shard->rows;
      if (contiguous && hasSelection)
        contiguous = rowOf(first + count - 1) - rowOf(first) == count - 1;
    }
    bool aligned =
        reinterpret_cast<uintptr_t>(source.data) % getDTypeSize(source.dtype) ==
        0;
    if (contiguous && !convert && aligned) {
      inputs.push_back(source.batched ? source.data + local * source.rowBytes
                                      : source.data);
      continue;
    }
    NDArray &buffer = scratch[i];
    // A dynamic batch gets room for B rows; the call sees `count` of them.
    llvm::SmallVector<int64_t, 4> bufferShape(spec.shape);
    if (!bufferShape.empty() && bufferShape[0] == kDynamicDim)
      bufferShape[0] = batchSize;
    if (!buffer.getData() ||
        buffer.getShape() != llvm::ArrayRef<int64_t>(bufferShape)) {
      llvm::Expected<NDArray> array = NDArray::create(
          spec.dtype, bufferShape,
          ("argument " + llvm::Twine(i) + " of @" + signature.name).str());
      if (!array)
        return array.takeError();
      buffer = std::move(*array);
    }
    char *dst = buffer.getDataAs<char>();
    if (!source.batched) {
      copyRows(source, 0, 1, spec, scale, dst);
      inputs.push_back(dst);
      continue;
    }
    uint64_t dstRowBytes = buffer.getNumBytes() / batchSize;
    // Runs of consecutive rows within one shard.
    for (int64_t s = 0; s < count;) {
      auto [runShard, runLocal] = findRow(shards, rowOf(first + s));
      int64_t run = 1;
      while (s + run < count && runLocal + run < runShard->rows &&
             rowOf(first + s + run) == rowOf(first + s) + run)
        ++run;
      copyRows(runShard->args[i], runLocal, run, spec, scale,
               dst + s * dstRowBytes);
      s += run;
    }
    if (count < batchSize && !dynamicBatch)
      std::memset(dst + count * dstRowBytes, 0,
                  (batchSize - count) * dstRowBytes);
    inputs.push_back(dst);
  }
  return count;
}
