//===- Compare.cpp - quant-run compare ------------------------------------===//
//
// Part of QuantMLIR.
//
// quant-run compare fp32.mlir int8.mlir --input x.npy [--threshold-sqnr 30]
//                   [--json] [--entry f] [--input-scale S]
// Runs both models on the same inputs and reports, per layer (matched by
// name, LayerTaps.h), the SQNR, max |error| and cosine similarity of the
// quantized model's layer output (dequantized) against the float one.
//
//===----------------------------------------------------------------------===//

#include "QuantRun.h"

#include "QuantMLIR/Runtime/DataSet.h"
#include "QuantMLIR/Runtime/JitRunner.h"
#include "QuantMLIR/Runtime/LayerTaps.h"
#include "QuantMLIR/Runtime/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"

#include <algorithm>
#include <cmath>
#include <cstring>

using namespace mlir;
using namespace quantmlir;
namespace cl = llvm::cl;

static cl::SubCommand compareCommand(
    "compare",
    "Per-layer error of a quantized model against its float model:\n"
    "  quant-run compare fp32.mlir int8.mlir --input x.npy "
    "[--threshold-sqnr 30] [--json] [--threads N] [--entry main] "
    "[--input-scale S]");

namespace compare {
static cl::list<std::string> models(cl::Positional,
                                    cl::desc("<fp32.mlir> <int8.mlir>"),
                                    cl::sub(compareCommand));
static cl::list<std::string>
    inputs("input",
           cl::desc("Inputs, as for quant-run run (.npy per argument, one "
                    ".npz or a directory)"),
           cl::value_desc("file.npy|file.npz|dir"), cl::sub(compareCommand));
static cl::opt<std::string>
    threshold("threshold-sqnr",
              cl::desc("Mark layers whose SQNR is below this many dB "
                       "(default 30)"),
              cl::value_desc("dB"), cl::init("30"), cl::sub(compareCommand));
static cl::opt<bool> json("json", cl::desc("Print JSON instead of a table"),
                          cl::sub(compareCommand));
static cl::opt<std::string>
    entry("entry",
          cl::desc("Function to compare, in both models (default: @main, "
                   "else the only public function)"),
          cl::value_desc("name"), cl::sub(compareCommand));
static cl::opt<std::string> inputScale(
    "input-scale",
    cl::desc("Convert the data of float arguments, multiplying by S (as "
             "quant-run run)"),
    cl::value_desc("S"), cl::sub(compareCommand));
static cl::opt<std::string> optLevel("opt-level",
                                     cl::desc("LLVM optimization level (0-3)"),
                                     cl::init("3"), cl::sub(compareCommand));
static cl::opt<std::string>
    threads("threads",
            cl::desc("Threads of each call's parallel loops (OpenMP; "
                     "default: all cores)"),
            cl::value_desc("N"), cl::sub(compareCommand));
} // namespace compare

namespace quantrun {

bool isCompareCommand() { return static_cast<bool>(compareCommand); }

namespace {
/// What is kept of a layer once the module is lowered.
struct TapInfo {
  std::string layer, opName, shape;
  std::optional<runtime::Grid> grid;
  unsigned result = 0;
};

/// A model compiled with its layer outputs as extra results.
struct TappedModel {
  std::string path;
  runtime::FunctionSignature entrySignature; // the original entry
  runtime::FunctionSignature tappedSignature;
  std::unique_ptr<runtime::JitModule> jit;
  runtime::JitFunction tapped;
  runtime::JitFunction original;
  llvm::StringMap<TapInfo> taps;
  std::vector<std::string> order; // layer names in program order
};
} // namespace

/// Lists the layers of `entry`, taps those named in `wanted` (all when
/// null), lowers and compiles the module with both the entry and the
/// tapped clone.
static FailureOr<TappedModel> compileTapped(ModuleOp module,
                                            llvm::StringRef path,
                                            func::FuncOp entry,
                                            const llvm::StringSet<> *wanted,
                                            DiagnosticCapture &diagnostics,
                                            unsigned optLevel,
                                            unsigned threads) {
  TappedModel model;
  model.path = path.str();
  llvm::Expected<runtime::FunctionSignature> sig =
      runtime::getFunctionSignature(entry);
  if (!sig) {
    fail(sig.takeError());
    return failure();
  }
  if (failed(requireStaticShapes(*sig, "compare")))
    return failure();
  model.entrySignature = *sig;
  std::vector<runtime::LayerOutput> layers =
      runtime::collectLayerOutputs(entry);
  llvm::SmallVector<Value> values;
  unsigned numResults = entry.getNumResults();
  for (runtime::LayerOutput &layer : layers) {
    model.order.push_back(layer.layer);
    if (wanted && !wanted->contains(layer.layer))
      continue;
    TapInfo info;
    info.layer = layer.layer;
    info.opName = layer.op->getName().getStringRef().str();
    auto type = llvm::cast<RankedTensorType>(layer.value.getType());
    info.shape = runtime::formatShape(type.getShape());
    info.grid = layer.grid;
    info.result = numResults + values.size();
    values.push_back(layer.value);
    model.taps[layer.layer] = info;
  }
  entry.setPublic();
  FailureOr<func::FuncOp> clone =
      runtime::cloneWithExtraResults(entry, values, "_qnn_compare");
  if (failed(clone)) {
    fail(diagnostics.takeError("cannot instrument @" +
                               entry.getSymName().str()));
    return failure();
  }
  llvm::Expected<runtime::FunctionSignature> tappedSig =
      runtime::getFunctionSignature(*clone);
  if (!tappedSig) {
    fail(tappedSig.takeError());
    return failure();
  }
  model.tappedSignature = *tappedSig;
  keepReachable(module, {entry, *clone});
  if (failed(lowerModule(module, diagnostics, /*printIR=*/false, threads)))
    return failure();
  runtime::JitOptions options;
  options.optLevel = optLevel;
  llvm::Expected<std::unique_ptr<runtime::JitModule>> jit =
      runtime::JitModule::create(module, options);
  if (!jit) {
    std::string message = llvm::toString(jit.takeError());
    std::string detail = diagnostics.takeError("");
    fail(path + ": " + (detail.empty() ? message : message + ": " + detail));
    return failure();
  }
  model.jit = std::move(*jit);
  llvm::Expected<runtime::JitFunction> tapped =
      model.jit->lookup(model.tappedSignature);
  if (!tapped) {
    fail(tapped.takeError());
    return failure();
  }
  model.tapped = *tapped;
  model.tapped.setNumThreads(threads);
  llvm::Expected<runtime::JitFunction> original =
      model.jit->lookup(model.entrySignature);
  if (!original) {
    fail(original.takeError());
    return failure();
  }
  model.original = *original;
  model.original.setNumThreads(threads);
  return model;
}

static FailureOr<func::FuncOp> getFuncEntry(ModuleOp module,
                                            llvm::StringRef requested,
                                            llvm::StringRef path) {
  FailureOr<Entry> entry = findEntry(module, requested, path);
  if (failed(entry))
    return failure();
  auto func = llvm::dyn_cast<func::FuncOp>(entry->op);
  if (!func) {
    fail("@" + entry->name + " in " + path +
         " is already lowered to the LLVM dialect: its layers cannot be "
         "observed; pass the un-lowered model");
    return failure();
  }
  return func;
}

static bool sameInputs(const runtime::FunctionSignature &a,
                       const runtime::FunctionSignature &b) {
  if (a.inputs.size() != b.inputs.size())
    return false;
  for (auto [x, y] : llvm::zip_equal(a.inputs, b.inputs))
    if (x.dtype != y.dtype || x.shape != y.shape)
      return false;
  return true;
}

static std::string signatureInputs(const runtime::FunctionSignature &s) {
  std::string text = "(";
  for (auto [i, spec] : llvm::enumerate(s.inputs))
    text += (i ? ", " : "") + spec.typeName;
  return text + ")";
}

FailureOr<CompareResult> compareModels(MLIRContext &context,
                                       const CompareRequest &request) {
  DiagnosticCapture diagnostics(context);
  OwningOpRef<ModuleOp> floatModule =
      request.floatModule
          ? OwningOpRef<ModuleOp>(ModuleOp(request.floatModule).clone())
          : loadModule(request.floatPath, context, diagnostics);
  if (!floatModule)
    return failure();
  OwningOpRef<ModuleOp> quantModule =
      request.quantModule
          ? OwningOpRef<ModuleOp>(ModuleOp(request.quantModule).clone())
          : loadModule(request.quantPath, context, diagnostics);
  if (!quantModule)
    return failure();
  FailureOr<func::FuncOp> floatEntry =
      getFuncEntry(*floatModule, request.entry, request.floatPath);
  if (failed(floatEntry))
    return failure();
  FailureOr<func::FuncOp> quantEntry =
      getFuncEntry(*quantModule, request.entry, request.quantPath);
  if (failed(quantEntry))
    return failure();

  // Layers in both models, in the float model's order.
  std::vector<runtime::LayerOutput> floatLayers =
      runtime::collectLayerOutputs(*floatEntry);
  std::vector<runtime::LayerOutput> quantLayers =
      runtime::collectLayerOutputs(*quantEntry);
  auto noLayers = [&](llvm::StringRef path) {
    fail(path + " has no named layers (ops with a name location such as "
                "loc(\"conv1\")); quant-opt drops locations unless given "
                "--mlir-print-debuginfo: write the quantized model with it");
    return failure();
  };
  if (floatLayers.empty())
    return noLayers(request.floatPath);
  if (quantLayers.empty())
    return noLayers(request.quantPath);
  llvm::StringMap<const runtime::LayerOutput *> quantByName;
  for (const runtime::LayerOutput &l : quantLayers)
    quantByName[l.layer] = &l;
  llvm::StringSet<> common;
  CompareResult result;
  for (const runtime::LayerOutput &l : floatLayers) {
    auto it = quantByName.find(l.layer);
    if (it == quantByName.end()) {
      result.onlyFloat.push_back(l.layer);
      continue;
    }
    const runtime::LayerOutput &q = *it->second;
    if (l.value.getType() != q.value.getType()) {
      auto a = llvm::cast<RankedTensorType>(l.value.getType());
      auto b = llvm::cast<RankedTensorType>(q.value.getType());
      if (a.getShape() != b.getShape()) {
        result.skipped.push_back(l.layer + " (shapes " + formatType(a) +
                                 " and " + formatType(b) + " differ)");
        continue;
      }
    }
    if (!runtime::isFloatDType(
            *runtime::getDTypeFor(getElementTypeOrSelf(q.value.getType()))) &&
        !q.grid) {
      result.skipped.push_back(l.layer +
                               " (no quantization parameters found for its "
                               "integer output)");
      continue;
    }
    if (!runtime::getDTypeFor(getElementTypeOrSelf(l.value.getType())) ||
        !runtime::isFloatDType(
            *runtime::getDTypeFor(getElementTypeOrSelf(l.value.getType())))) {
      result.skipped.push_back(l.layer + " (not a float tensor in " +
                               request.floatPath + ")");
      continue;
    }
    common.insert(l.layer);
  }
  for (const runtime::LayerOutput &l : quantLayers)
    if (!llvm::any_of(floatLayers, [&](const runtime::LayerOutput &f) {
          return f.layer == l.layer;
        }))
      result.onlyQuant.push_back(l.layer);
  if (common.empty()) {
    fail("no layer of " + request.floatPath + " is found by name in " +
         request.quantPath +
         " (write the quantized model with quant-opt --mlir-print-debuginfo "
         "to keep the layer names)");
    return failure();
  }

  FailureOr<TappedModel> floatModel =
      compileTapped(*floatModule, request.floatPath, *floatEntry, &common,
                    diagnostics, request.optLevel, request.threads);
  if (failed(floatModel))
    return failure();
  FailureOr<TappedModel> quantModel =
      compileTapped(*quantModule, request.quantPath, *quantEntry, &common,
                    diagnostics, request.optLevel, request.threads);
  if (failed(quantModel))
    return failure();
  if (!sameInputs(floatModel->entrySignature, quantModel->entrySignature)) {
    fail("@" + floatModel->entrySignature.name + " takes " +
         signatureInputs(floatModel->entrySignature) + " in " +
         request.floatPath + " but " +
         signatureInputs(quantModel->entrySignature) + " in " +
         request.quantPath + ": the models must take the same inputs");
    return failure();
  }

  llvm::Expected<std::unique_ptr<runtime::DataSet>> opened =
      runtime::DataSet::open(request.inputs, floatModel->entrySignature,
                             request.scale);
  if (!opened) {
    fail(opened.takeError());
    return failure();
  }
  runtime::DataSet &data = **opened;
  int64_t batchSize = data.getBatchSize();
  int64_t numBatches =
      data.isExact() ? 1 : data.getNumSamples() / std::max<int64_t>(batchSize, 1);
  int64_t dropped = data.isExact() ? 0 : data.getNumSamples() % batchSize;
  if (numBatches == 0) {
    fail(data.getDescription() + ": no whole batch of " +
         llvm::Twine(batchSize) + " samples to compare on");
    return failure();
  }
  if (dropped)
    warn("left out the last " + llvm::Twine(dropped) +
         " sample(s): not a whole batch of " + llvm::Twine(batchSize));
  result.numSamples = data.isExact() ? batchSize : numBatches * batchSize;

  // Layer order and per-layer statistics.
  for (const std::string &name : floatModel->order) {
    if (!common.contains(name))
      continue;
    LayerError e;
    e.layer = name;
    e.op = floatModel->taps[name].opName;
    e.quantOp = quantModel->taps[name].opName;
    e.shape = floatModel->taps[name].shape;
    result.layers.push_back(std::move(e));
  }

  llvm::Expected<llvm::SmallVector<runtime::NDArray, 1>> floatOut =
      runtime::allocateResults(floatModel->tappedSignature);
  if (!floatOut) {
    fail(floatOut.takeError());
    return failure();
  }
  llvm::Expected<llvm::SmallVector<runtime::NDArray, 1>> quantOut =
      runtime::allocateResults(quantModel->tappedSignature);
  if (!quantOut) {
    fail(quantOut.takeError());
    return failure();
  }
  size_t numOutputs = floatModel->entrySignature.results.size();
  // Results are concatenated along dimension 0: scalars only for one batch.
  bool sameOutputs =
      numOutputs == quantModel->entrySignature.results.size() &&
      (numBatches == 1 ||
       llvm::all_of(floatModel->entrySignature.results,
                    [](const runtime::TensorSpec &s) {
                      return !s.shape.empty();
                    }));
  if (request.keepOutputs && sameOutputs) {
    for (size_t i = 0; i < numOutputs; ++i) {
      const runtime::TensorSpec &spec = floatModel->entrySignature.results[i];
      llvm::SmallVector<int64_t, 4> shape(spec.shape);
      if (!shape.empty())
        shape[0] *= numBatches;
      result.floatOutputs.emplace_back(spec.dtype, shape);
      const runtime::TensorSpec &qspec = quantModel->entrySignature.results[i];
      llvm::SmallVector<int64_t, 4> qshape(qspec.shape);
      if (!qshape.empty())
        qshape[0] *= numBatches;
      result.quantOutputs.emplace_back(qspec.dtype, qshape);
    }
  }
  llvm::SmallVector<runtime::NDArray, 2> scratch(
      floatModel->tappedSignature.inputs.size());
  for (int64_t b = 0; b < numBatches; ++b) {
    llvm::SmallVector<const void *, 2> batchInputs;
    llvm::Expected<int64_t> samples = data.getBatch(b, batchInputs, scratch);
    if (!samples) {
      fail(samples.takeError());
      return failure();
    }
    floatModel->tapped.call(batchInputs, *floatOut);
    quantModel->tapped.call(batchInputs, *quantOut);
    for (LayerError &e : result.layers) {
      const TapInfo &f = floatModel->taps[e.layer];
      const TapInfo &q = quantModel->taps[e.layer];
      llvm::Expected<std::vector<double>> ref =
          runtime::toReal((*floatOut)[f.result], std::nullopt);
      llvm::Expected<std::vector<double>> test =
          runtime::toReal((*quantOut)[q.result], q.grid);
      if (!ref || !test) {
        fail("layer '" + e.layer + "': " +
             llvm::toString(ref ? test.takeError() : ref.takeError()));
        return failure();
      }
      e.stats.add(*ref, *test);
    }
    if (request.keepOutputs && sameOutputs) {
      auto copy = [&](runtime::NDArray &whole, const runtime::NDArray &part) {
        std::memcpy(whole.getDataAs<char>() + b * part.getNumBytes(),
                    part.getData(), part.getNumBytes());
      };
      for (size_t i = 0; i < numOutputs; ++i) {
        copy(result.floatOutputs[i], (*floatOut)[i]);
        copy(result.quantOutputs[i], (*quantOut)[i]);
      }
    }
  }

  // End-to-end time of the quantized model's entry, when asked.
  if (request.timeRepeat > 0) {
    llvm::Expected<llvm::SmallVector<runtime::NDArray, 1>> out =
        runtime::allocateResults(quantModel->entrySignature);
    if (!out) {
      fail(out.takeError());
      return failure();
    }
    llvm::SmallVector<const void *, 2> batchInputs;
    if (llvm::Error error = data.getBatch(0, batchInputs, scratch).takeError()) {
      fail(std::move(error));
      return failure();
    }
    quantModel->original.call(batchInputs, *out); // warm-up
    // The median call: robust to preemption on a busy machine.
    std::vector<double> times;
    for (int64_t r = 0; r < request.timeRepeat; ++r) {
      auto start = std::chrono::steady_clock::now();
      quantModel->original.call(batchInputs, *out);
      times.push_back(secondsSince(start));
    }
    std::sort(times.begin(), times.end());
    result.quantSecondsPerBatch = times[times.size() / 2];
  }
  return result;
}

static std::string padRight(llvm::StringRef text, size_t width) {
  std::string s = text.str();
  if (s.size() < width)
    s.append(width - s.size(), ' ');
  return s;
}

static std::string formatDb(double db) {
  if (std::isinf(db))
    return db > 0 ? "inf" : "-inf";
  return llvm::formatv("{0:F2}", db).str();
}

int compareMain(MLIRContext &context) {
  if (compare::models.size() != 2)
    return fail("compare takes two models: quant-run compare fp32.mlir "
                "int8.mlir --input x.npy (got " +
                llvm::Twine(compare::models.size()) + ")");
  if (compare::inputs.empty())
    return fail("no inputs given: add --input x.npy (or a .npz file or a "
                "directory)");
  double threshold = 0;
  if (llvm::StringRef(compare::threshold).getAsDouble(threshold) ||
      !std::isfinite(threshold))
    return fail("--threshold-sqnr must be a number of dB (got '" +
                compare::threshold + "')");
  unsigned optLevel = 0;
  if (llvm::StringRef(compare::optLevel).getAsInteger(10, optLevel) ||
      optLevel > 3)
    return fail("--opt-level must be 0, 1, 2 or 3 (got '" + compare::optLevel +
                "')");
  std::optional<unsigned> numThreads = parseThreads(compare::threads);
  if (!numThreads)
    return fail("--threads must be an integer between 1 and " +
                llvm::Twine(kMaxThreads) + " (got '" + compare::threads +
                "')");
  FailureOr<std::optional<runtime::InputScale>> scale =
      parseInputScaleOption(compare::inputScale);
  if (failed(scale))
    return 1;

  CompareRequest request;
  request.floatPath = compare::models[0];
  request.quantPath = compare::models[1];
  request.entry = compare::entry;
  request.inputs = compare::inputs;
  request.scale = *scale;
  request.optLevel = optLevel;
  request.threads = *numThreads;
  FailureOr<CompareResult> result = compareModels(context, request);
  if (failed(result))
    return 1;

  for (const std::string &s : result->skipped)
    warn("layer " + s + " is not compared");
  if (compare::json) {
    llvm::json::Array layers;
    for (const LayerError &e : result->layers) {
      double db = e.stats.sqnr();
      layers.push_back(llvm::json::Object{
          {"layer", e.layer},
          {"op", e.op},
          {"quantized_op", e.quantOp},
          {"shape", e.shape},
          {"sqnr_db", std::isinf(db) ? llvm::json::Value(nullptr)
                                     : llvm::json::Value(db)},
          {"max_abs_error", e.stats.maxAbsError},
          {"cosine", e.stats.cosine()},
          {"elements", e.stats.count},
          {"non_finite", e.stats.nonFinite},
          {"below_threshold", db < threshold}});
    }
    llvm::json::Array onlyFloat, onlyQuant;
    for (const std::string &s : result->onlyFloat)
      onlyFloat.push_back(s);
    for (const std::string &s : result->onlyQuant)
      onlyQuant.push_back(s);
    llvm::json::Object root{{"float_model", request.floatPath},
                            {"quantized_model", request.quantPath},
                            {"samples", result->numSamples},
                            {"threshold_sqnr_db", threshold},
                            {"layers", std::move(layers)},
                            {"only_in_float", std::move(onlyFloat)},
                            {"only_in_quantized", std::move(onlyQuant)}};
    llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(root)))
                 << "\n";
    return 0;
  }

  size_t nameWidth = 5, opWidth = 2, shapeWidth = 5;
  for (const LayerError &e : result->layers) {
    nameWidth = std::max(nameWidth, e.layer.size());
    opWidth = std::max(opWidth, e.quantOp.size());
    shapeWidth = std::max(shapeWidth, e.shape.size());
  }
  llvm::outs() << llvm::formatv("{0} {1} {2} {3,9} {4,12} {5,10}\n",
                                padRight("layer", nameWidth),
                                padRight("op", opWidth),
                                padRight("shape", shapeWidth),
                                "SQNR(dB)", "max|err|", "cosine");
  unsigned below = 0;
  for (const LayerError &e : result->layers) {
    double db = e.stats.sqnr();
    bool low = db < threshold;
    below += low;
    llvm::outs() << llvm::formatv(
        "{0} {1} {2} {3,9} {4,12:E3} {5,10:F6}{6}\n",
        padRight(e.layer, nameWidth),
        padRight(e.quantOp, opWidth),
        padRight(e.shape, shapeWidth),
        formatDb(db), e.stats.maxAbsError, e.stats.cosine(),
        low ? "  <-- below " + formatDb(threshold) + " dB" : std::string());
  }
  llvm::outs() << result->layers.size() << " layers compared on "
               << result->numSamples << " samples; " << below
               << " below " << formatDb(threshold) << " dB";
  if (!result->onlyFloat.empty())
    llvm::outs() << "; only in " << request.floatPath << ": "
                 << llvm::join(result->onlyFloat, ", ");
  if (!result->onlyQuant.empty())
    llvm::outs() << "; only in " << request.quantPath << ": "
                 << llvm::join(result->onlyQuant, ", ");
  llvm::outs() << "\n";
  return 0;
}

} // namespace quantrun
