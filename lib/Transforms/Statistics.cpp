//===- Statistics.cpp - Calibration statistics files ----------------------===//
//
// Part of QuantMLIR.
//
// Reader, writer and merge of the statistics file (docs/StatisticsFormat.md),
// the per-layer overrides file, and the model description of an annotated
// module.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Transforms/Statistics.h"

#include "QuantMLIR/Dialect/QNN/IR/QNNOps.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

using namespace quantmlir;
using llvm::StringRef;

const char *const quantmlir::kStatisticsFormatName = "quantmlir-stats";
static const char *const kOverridesFormatName =
    "quantmlir-calibration-overrides";
static constexpr int64_t kOverridesFormatVersion = 1;

/// The shortest decimal that reads back as `d`.
static std::string formatNumber(double d) {
  char buf[32];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, d);
    if (std::strtod(buf, nullptr) == d)
      break;
  }
  return buf;
}

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

//===----------------------------------------------------------------------===//
// Model description
//===----------------------------------------------------------------------===//

static std::string formatDims(const std::vector<int64_t> &shape) {
  std::string text;
  for (auto [i, d] : llvm::enumerate(shape)) {
    if (i)
      text += 'x';
    text += d < 0 ? std::string("?") : std::to_string(d);
  }
  return text;
}

static void sortByName(std::vector<TensorDescription> &tensors) {
  llvm::sort(tensors,
             [](const TensorDescription &a, const TensorDescription &b) {
               return a.name < b.name;
             });
}

std::string
quantmlir::computeModelHash(std::vector<TensorDescription> tensors) {
  sortByName(tensors);
  std::string text;
  for (const TensorDescription &t : tensors)
    text += t.name + "\t" + t.kind + "\t" + formatDims(t.shape) + "\n";
  std::array<uint8_t, 32> digest = llvm::SHA256::hash(llvm::ArrayRef(
      reinterpret_cast<const uint8_t *>(text.data()), text.size()));
  return "sha256:" + llvm::toHex(digest, /*LowerCase=*/true);
}

const TensorStatistics *StatisticsFile::lookup(StringRef name) const {
  auto it = llvm::partition_point(
      tensors, [&](const TensorStatistics &t) { return t.desc.name < name; });
  if (it == tensors.end() || it->desc.name != name)
    return nullptr;
  return &*it;
}

TensorStatistics *StatisticsFile::lookup(StringRef name) {
  return const_cast<TensorStatistics *>(
      static_cast<const StatisticsFile *>(this)->lookup(name));
}

StatisticsFile quantmlir::makeEmptyStatistics(const ModelDescription &model,
                                              uint32_t numBins,
                                              double averagingConstant) {
  StatisticsFile stats;
  std::vector<TensorDescription> tensors = model.tensors;
  sortByName(tensors);
  stats.modelHash = model.hash.empty() ? computeModelHash(tensors) : model.hash;
  Histogram prototype(numBins, averagingConstant);
  stats.numBins = prototype.numBins();
  for (TensorDescription &t : tensors)
    stats.tensors.push_back(TensorStatistics{std::move(t), prototype});
  return stats;
}

//===----------------------------------------------------------------------===//
// Writer
//===----------------------------------------------------------------------===//

static void writeTensor(llvm::raw_ostream &os, const TensorStatistics &t) {
  HistogramData d = t.histogram.serialize();
  // Trim the zero half-bins at both ends.
  size_t first = 0, last = d.halfBinCounts.size();
  while (first < last && d.halfBinCounts[first] == 0)
    ++first;
  while (last > first && d.halfBinCounts[last - 1] == 0)
    --last;
  llvm::json::OStream j(os);
  j.object([&] {
    j.attribute("kind", t.desc.kind);
    j.attributeArray("shape", [&] {
      for (int64_t dim : t.desc.shape)
        j.value(dim < 0 ? kStatisticsDynamicDim : dim);
    });
    j.attribute("count", d.count);
    j.attribute("nan_count", d.nanCount);
    j.attribute("inf_count", d.infCount);
    j.attribute("batches", d.numBatches);
    j.attribute("min", d.min);
    j.attribute("max", d.max);
    j.attribute("moving_min", d.movingMin);
    j.attribute("moving_max", d.movingMax);
    j.attribute("averaging_constant", d.averagingConstant);
    j.attributeObject("histogram", [&] {
      j.attribute("range", d.range);
      j.attribute("offset", static_cast<uint64_t>(first));
      j.attributeArray("half_bin_counts", [&] {
        for (size_t i = first; i < last; ++i)
          j.value(d.halfBinCounts[i]);
      });
    });
  });
}

std::string quantmlir::printStatistics(const StatisticsFile &stats) {
  std::string text;
  llvm::raw_string_ostream os(text);
  auto str = [](StringRef s) {
    return llvm::formatv("{0}", llvm::json::Value(s)).str();
  };
  os << "{\n";
  os << "  \"format\": " << str(kStatisticsFormatName) << ",\n";
  os << "  \"version\": " << kStatisticsFormatVersion << ",\n";
  os << "  \"model\": " << str(stats.modelHash) << ",\n";
  os << "  \"samples\": " << stats.numSamples << ",\n";
  os << "  \"bins\": " << stats.numBins << ",\n";
  if (!stats.producer.empty())
    os << "  \"producer\": " << str(stats.producer) << ",\n";
  os << "  \"tensors\": {";
  std::vector<const TensorStatistics *> sorted;
  for (const TensorStatistics &t : stats.tensors)
    sorted.push_back(&t);
  llvm::sort(sorted, [](const TensorStatistics *a, const TensorStatistics *b) {
    return a->desc.name < b->desc.name;
  });
  for (auto [i, t] : llvm::enumerate(sorted)) {
    os << (i ? ",\n    " : "\n    ") << str(t->desc.name) << ": ";
    writeTensor(os, *t);
  }
  os << (sorted.empty() ? "}\n" : "\n  }\n");
  os << "}\n";
  return text;
}

llvm::Error quantmlir::writeStatisticsFile(const StatisticsFile &stats,
                                           StringRef path) {
  std::string text = printStatistics(stats);
  if (path == "-") {
    llvm::outs() << text;
    llvm::outs().flush();
    return llvm::Error::success();
  }
  // Temporary file next to the target, then rename: readers never see a
  // half-written file, and an interrupted write leaves the old one intact.
  llvm::SmallString<256> tmp;
  int fd = -1;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueFile(path + ".tmp-%%%%%%%%", fd, tmp))
    return makeError(path +
                     ": cannot create a temporary file: " + ec.message());
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << text;
    os.close();
    if (os.has_error()) {
      std::string message = os.error().message();
      os.clear_error();
      llvm::sys::fs::remove(tmp);
      return makeError(path + ": write failed: " + message);
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(tmp, path)) {
    llvm::sys::fs::remove(tmp);
    return makeError(path + ": cannot write: " + ec.message());
  }
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Reader
//===----------------------------------------------------------------------===//

namespace {
/// Field access with one-line errors ("<file>: <where>: ...").
class Reader {
public:
  Reader(StringRef fileName) : fileName(fileName) {}

  llvm::Error error(const llvm::Twine &where, const llvm::Twine &message) {
    return makeError(fileName + ": " + where + message);
  }

  template <typename T, typename Get>
  llvm::Expected<T> get(const llvm::json::Object &obj, StringRef key,
                        const llvm::Twine &where, StringRef what, Get getter) {
    const llvm::json::Value *v = obj.get(key);
    if (!v)
      return error(where, "missing field \"" + key + "\"");
    std::optional<T> r = getter(*v);
    if (!r)
      return error(where, "field \"" + key + "\" must be " + what);
    return *r;
  }
  llvm::Expected<uint64_t> getUInt(const llvm::json::Object &obj, StringRef key,
                                   const llvm::Twine &where) {
    return get<uint64_t>(
        obj, key, where, "a non-negative integer",
        [](const llvm::json::Value &v) { return v.getAsUINT64(); });
  }
  llvm::Expected<int64_t> getInt(const llvm::json::Object &obj, StringRef key,
                                 const llvm::Twine &where) {
    return get<int64_t>(
        obj, key, where, "an integer",
        [](const llvm::json::Value &v) { return v.getAsInteger(); });
  }
  llvm::Expected<double> getNumber(const llvm::json::Object &obj, StringRef key,
                                   const llvm::Twine &where) {
    return get<double>(obj, key, where, "a finite number",
                       [](const llvm::json::Value &v) -> std::optional<double> {
                         std::optional<double> d = v.getAsNumber();
                         if (d && !std::isfinite(*d))
                           return std::nullopt;
                         return d;
                       });
  }
  llvm::Expected<std::string> getString(const llvm::json::Object &obj,
                                        StringRef key,
                                        const llvm::Twine &where) {
    return get<std::string>(
        obj, key, where, "a string",
        [](const llvm::json::Value &v) -> std::optional<std::string> {
          if (std::optional<StringRef> s = v.getAsString())
            return s->str();
          return std::nullopt;
        });
  }

  /// Parses `text` into an object.
  llvm::Expected<llvm::json::Value> parse(StringRef text) {
    llvm::Expected<llvm::json::Value> v = llvm::json::parse(text);
    if (!v)
      return makeError(fileName +
                       ": malformed JSON: " + llvm::toString(v.takeError()));
    if (!v->getAsObject())
      return makeError(fileName + ": malformed: the top level must be a JSON "
                                  "object");
    return v;
  }

  std::string fileName;
};
} // namespace

#define TRY_ASSIGN(var, expr)                                                  \
  auto var##OrErr = (expr);                                                    \
  if (!var##OrErr)                                                             \
    return var##OrErr.takeError();                                             \
  auto var = std::move(*var##OrErr)

static llvm::Expected<TensorStatistics>
parseTensor(Reader &r, StringRef name, const llvm::json::Value &value,
            uint32_t numBins) {
  std::string where = ("tensor '" + name + "': ").str();
  const llvm::json::Object *obj = value.getAsObject();
  if (!obj)
    return r.error(where, "must be a JSON object");
  TensorStatistics t;
  t.desc.name = name.str();
  TRY_ASSIGN(kind, r.getString(*obj, "kind", where));
  if (kind != "input" && kind != "activation")
    return r.error(where, "kind must be \"input\" or \"activation\", got \"" +
                              kind + "\"");
  t.desc.kind = kind;
  const llvm::json::Array *shape = obj->getArray("shape");
  if (!shape)
    return r.error(where, "missing field \"shape\" (an array of integers)");
  for (const llvm::json::Value &d : *shape) {
    std::optional<int64_t> dim = d.getAsInteger();
    if (!dim || *dim < kStatisticsDynamicDim)
      return r.error(where, "shape entries must be integers >= 0, or -1 for "
                            "a dynamic dimension");
    t.desc.shape.push_back(*dim);
  }

  HistogramData data;
  data.numBins = numBins;
  TRY_ASSIGN(count, r.getUInt(*obj, "count", where));
  TRY_ASSIGN(nanCount, r.getUInt(*obj, "nan_count", where));
  TRY_ASSIGN(infCount, r.getUInt(*obj, "inf_count", where));
  TRY_ASSIGN(batches, r.getUInt(*obj, "batches", where));
  TRY_ASSIGN(min, r.getNumber(*obj, "min", where));
  TRY_ASSIGN(max, r.getNumber(*obj, "max", where));
  TRY_ASSIGN(movingMin, r.getNumber(*obj, "moving_min", where));
  TRY_ASSIGN(movingMax, r.getNumber(*obj, "moving_max", where));
  data.count = count;
  data.nanCount = nanCount;
  data.infCount = infCount;
  data.numBatches = batches;
  data.min = min;
  data.max = max;
  data.movingMin = movingMin;
  data.movingMax = movingMax;
  data.averagingConstant = Histogram::kDefaultAveragingConstant;
  if (obj->get("averaging_constant")) {
    TRY_ASSIGN(c, r.getNumber(*obj, "averaging_constant", where));
    data.averagingConstant = c;
  }

  const llvm::json::Object *hist = obj->getObject("histogram");
  if (!hist)
    return r.error(where, "missing field \"histogram\" (an object)");
  std::string hwhere = where + "histogram: ";
  TRY_ASSIGN(range, r.getNumber(*hist, "range", hwhere));
  uint64_t offset = 0;
  if (hist->get("offset")) {
    TRY_ASSIGN(o, r.getUInt(*hist, "offset", hwhere));
    offset = o;
  }
  const llvm::json::Array *counts = hist->getArray("half_bin_counts");
  if (!counts)
    return r.error(hwhere,
                   "missing field \"half_bin_counts\" (an array of integers)");
  uint64_t size = 2 * static_cast<uint64_t>(numBins);
  if (offset > size || counts->size() > size - offset)
    return r.error(hwhere, "offset " + llvm::Twine(offset) + " + " +
                               llvm::Twine(counts->size()) +
                               " counts exceed the " + llvm::Twine(size) +
                               " half-bins of " + llvm::Twine(numBins) +
                               " bins");
  data.range = range;
  data.halfBinCounts.assign(size, 0);
  for (auto [i, c] : llvm::enumerate(*counts)) {
    std::optional<uint64_t> n = c.getAsUINT64();
    if (!n)
      return r.error(hwhere, "half_bin_counts must be non-negative integers");
    data.halfBinCounts[offset + i] = *n;
  }
  std::string why;
  std::optional<Histogram> h = Histogram::deserialize(data, &why);
  if (!h)
    return r.error(where, "invalid statistics: " + why);
  t.histogram = std::move(*h);
  return t;
}

llvm::Expected<StatisticsFile> quantmlir::parseStatistics(StringRef text,
                                                          StringRef fileName) {
  Reader r(fileName);
  TRY_ASSIGN(root, r.parse(text));
  const llvm::json::Object &obj = *root.getAsObject();
  const llvm::json::Value *format = obj.get("format");
  if (!format || format->getAsString() != StringRef(kStatisticsFormatName))
    return r.error("", "not a QuantMLIR statistics file (expected \"format\": "
                       "\"" +
                           llvm::Twine(kStatisticsFormatName) + "\")");
  TRY_ASSIGN(version, r.getInt(obj, "version", ""));
  if (version != kStatisticsFormatVersion)
    return r.error("", "unsupported statistics format version " +
                           llvm::Twine(version) +
                           " (this build reads version " +
                           llvm::Twine(kStatisticsFormatVersion) + ")");
  StatisticsFile stats;
  TRY_ASSIGN(model, r.getString(obj, "model", ""));
  StringRef hex = StringRef(model);
  if (!hex.consume_front("sha256:") || hex.size() != 64 ||
      !llvm::all_of(hex, [](char c) { return llvm::isHexDigit(c); }))
    return r.error("", "field \"model\" must be \"sha256:\" followed by 64 "
                       "hex digits, got \"" +
                           model + "\"");
  stats.modelHash = model;
  TRY_ASSIGN(samples, r.getUInt(obj, "samples", ""));
  stats.numSamples = samples;
  TRY_ASSIGN(bins, r.getUInt(obj, "bins", ""));
  if (bins < 1 || bins > Histogram::kMaxNumBins)
    return r.error("", "field \"bins\" must be in [1, " +
                           llvm::Twine(Histogram::kMaxNumBins) + "], got " +
                           llvm::Twine(bins));
  stats.numBins = static_cast<uint32_t>(bins);
  if (obj.get("producer")) {
    TRY_ASSIGN(producer, r.getString(obj, "producer", ""));
    stats.producer = producer;
  }
  const llvm::json::Object *tensors = obj.getObject("tensors");
  if (!tensors)
    return r.error("", "missing field \"tensors\" (an object keyed by "
                       "simulated_quantize name)");
  // In name order, so that the first error reported does not depend on
  // hashing.
  std::vector<StringRef> names;
  for (const auto &kv : *tensors)
    names.push_back(kv.first);
  llvm::sort(names);
  for (StringRef name : names) {
    TRY_ASSIGN(t, parseTensor(r, name, *tensors->get(name), stats.numBins));
    stats.tensors.push_back(std::move(t));
  }
  std::vector<TensorDescription> descs;
  for (const TensorStatistics &t : stats.tensors)
    descs.push_back(t.desc);
  if (computeModelHash(descs) != stats.modelHash)
    return r.error("", "the tensors listed do not match the model hash "
                       "(was the file edited?)");
  return stats;
}

static llvm::Expected<std::string> readText(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      path == "-" ? llvm::MemoryBuffer::getSTDIN()
                  : llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return makeError(path + ": cannot read: " + buffer.getError().message());
  return (*buffer)->getBuffer().str();
}

llvm::Expected<StatisticsFile> quantmlir::readStatisticsFile(StringRef path) {
  TRY_ASSIGN(text, readText(path));
  return parseStatistics(text, path);
}

//===----------------------------------------------------------------------===//
// Merge
//===----------------------------------------------------------------------===//

llvm::Error quantmlir::mergeStatistics(StatisticsFile &into,
                                       const StatisticsFile &other) {
  if (into.modelHash != other.modelHash)
    return makeError("cannot merge statistics of different models (" +
                     into.modelHash + " and " + other.modelHash + ")");
  if (into.numBins != other.numBins)
    return makeError("cannot merge histograms of " + llvm::Twine(into.numBins) +
                     " and " + llvm::Twine(other.numBins) + " bins");
  if (into.tensors.size() != other.tensors.size())
    return makeError("cannot merge: " + llvm::Twine(into.tensors.size()) +
                     " and " + llvm::Twine(other.tensors.size()) + " tensors");
  StatisticsFile merged = into;
  for (TensorStatistics &t : merged.tensors) {
    const TensorStatistics *o = other.lookup(t.desc.name);
    if (!o)
      return makeError("cannot merge: tensor '" + t.desc.name +
                       "' is in only one of the files");
    if (o->desc.kind != t.desc.kind || o->desc.shape != t.desc.shape)
      return makeError("cannot merge: tensor '" + t.desc.name +
                       "' has different kinds or shapes");
    if (!t.histogram.merge(o->histogram))
      return makeError("cannot merge the histograms of tensor '" + t.desc.name +
                       "' (different bin counts)");
  }
  merged.numSamples += other.numSamples;
  into = std::move(merged);
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Overrides
//===----------------------------------------------------------------------===//

static bool isKnownMode(StringRef mode) {
  return llvm::is_contained({"global_scale", "max", "percentile", "kl", "mse",
                             "moving_average", "power2"},
                            mode);
}

llvm::Expected<CalibrationOverrides>
quantmlir::parseCalibrationOverrides(StringRef text, StringRef fileName) {
  Reader r(fileName);
  TRY_ASSIGN(root, r.parse(text));
  const llvm::json::Object &obj = *root.getAsObject();
  const llvm::json::Value *format = obj.get("format");
  if (!format || format->getAsString() != StringRef(kOverridesFormatName))
    return r.error("", "not a calibration overrides file (expected "
                       "\"format\": \"" +
                           llvm::Twine(kOverridesFormatName) + "\")");
  TRY_ASSIGN(version, r.getInt(obj, "version", ""));
  if (version != kOverridesFormatVersion)
    return r.error("", "unsupported overrides format version " +
                           llvm::Twine(version) +
                           " (this build reads version " +
                           llvm::Twine(kOverridesFormatVersion) + ")");
  for (const auto &kv : obj) {
    StringRef key = kv.first;
    if (key != "format" && key != "version" && key != "overrides")
      return r.error("", "unknown field \"" + key + "\"");
  }
  const llvm::json::Object *entries = obj.getObject("overrides");
  if (!entries)
    return r.error("", "missing field \"overrides\" (an object keyed by "
                       "simulated_quantize name)");
  CalibrationOverrides result;
  std::vector<StringRef> names;
  for (const auto &kv : *entries)
    names.push_back(kv.first);
  llvm::sort(names);
  for (StringRef name : names) {
    std::string where = ("override '" + name + "': ").str();
    const llvm::json::Object *e = entries->get(name)->getAsObject();
    if (!e)
      return r.error(where, "must be a JSON object");
    CalibrationOverride o;
    for (const auto &field : *e) {
      StringRef key = field.first;
      if (key == "mode") {
        TRY_ASSIGN(mode, r.getString(*e, key, where));
        if (!isKnownMode(mode))
          return r.error(where, "unknown mode \"" + mode +
                                    "\" (expected global_scale, max, "
                                    "percentile, kl, mse, moving_average or, "
                                    "for weights, power2)");
        o.mode = mode;
      } else if (key == "percentile") {
        TRY_ASSIGN(p, r.getNumber(*e, key, where));
        if (!(p > 0.0 && p <= 100.0))
          return r.error(where, "percentile must be in (0, 100], got " +
                                    formatNumber(p));
        o.percentile = p;
      } else if (key == "symmetric") {
        std::optional<bool> b = field.second.getAsBoolean();
        if (!b)
          return r.error(where, "field \"symmetric\" must be true or false");
        o.symmetric = *b;
      } else if (key == "threshold") {
        TRY_ASSIGN(t, r.getNumber(*e, key, where));
        if (!(t > 0.0))
          return r.error(where,
                         "threshold must be positive, got " + formatNumber(t));
        o.threshold = t;
      } else if (key == "min") {
        TRY_ASSIGN(v, r.getNumber(*e, key, where));
        o.min = v;
      } else if (key == "max") {
        TRY_ASSIGN(v, r.getNumber(*e, key, where));
        o.max = v;
      } else if (key == "scale") {
        TRY_ASSIGN(s, r.getNumber(*e, key, where));
        if (!(s >= std::numeric_limits<double>::min()))
          return r.error(where, "scale must be a normal positive number, got " +
                                    formatNumber(s));
        o.scale = s;
      } else if (key == "zero_point") {
        TRY_ASSIGN(z, r.getInt(*e, key, where));
        o.zeroPoint = z;
      } else {
        return r.error(where, "unknown field \"" + key +
                                  "\" (expected mode, percentile, symmetric, "
                                  "threshold, min, max, scale, zero_point)");
      }
    }
    // Contradictions.
    int explicitForms = o.scale.has_value() + o.threshold.has_value() +
                        (o.min.has_value() || o.max.has_value());
    if (explicitForms > 1)
      return r.error(where, "give only one of scale, threshold and min/max");
    if (o.min.has_value() != o.max.has_value())
      return r.error(where, "min and max go together");
    if (o.min && !(*o.min <= *o.max))
      return r.error(where, "min must not be above max");
    if (o.zeroPoint && !o.scale)
      return r.error(where, "zero_point needs scale");
    if (explicitForms && (o.mode || o.percentile || o.symmetric))
      return r.error(where, "explicit parameters (scale, threshold or "
                            "min/max) exclude mode, percentile and symmetric");
    if (o.percentile && o.mode && *o.mode != "percentile")
      return r.error(where,
                     "percentile is given but mode is \"" + *o.mode + "\"");
    if (!o.mode && !o.percentile && !o.symmetric && !explicitForms)
      return r.error(where, "overrides nothing");
    result.byName[name] = std::move(o);
  }
  return result;
}

llvm::Expected<CalibrationOverrides>
quantmlir::readCalibrationOverridesFile(StringRef path) {
  TRY_ASSIGN(text, readText(path));
  return parseCalibrationOverrides(text, path);
}

//===----------------------------------------------------------------------===//
// Annotated modules
//===----------------------------------------------------------------------===//

llvm::FailureOr<ModelDescription>
quantmlir::collectStatisticsTensors(mlir::Operation *root) {
  using namespace mlir;
  ModelDescription model;
  llvm::StringMap<qnn::SimulatedQuantizeOp> seen;
  bool failed = false;
  root->walk([&](qnn::SimulatedQuantizeOp op) {
    if (op.getKind() == qnn::AnnotationKind::weight)
      return;
    StringAttr name = op.getNameAttr();
    if (!name) {
      op.emitOpError() << "has no name: statistics files key tensors by the "
                          "simulated_quantize name (qnn-annotate sets it)";
      failed = true;
      return;
    }
    auto [it, inserted] = seen.try_emplace(name.getValue(), op);
    if (!inserted) {
      op.emitOpError() << "has the same name '" << name.getValue()
                       << "' as another simulated_quantize"
                       << " (names must be unique)";
      failed = true;
      return;
    }
    TensorDescription t;
    t.name = name.getValue().str();
    t.kind = qnn::stringifyAnnotationKind(op.getKind()).str();
    auto type = cast<ShapedType>(op.getInput().getType());
    for (int64_t d : type.getShape())
      t.shape.push_back(ShapedType::isDynamic(d) ? kStatisticsDynamicDim : d);
    model.tensors.push_back(std::move(t));
  });
  if (failed)
    return mlir::failure();
  sortByName(model.tensors);
  model.hash = computeModelHash(model.tensors);
  return model;
}
