//===- Search.cpp - quant-run search --------------------------------------===//
//
// Part of QuantMLIR.
//
// quant-run search model.mlir --calib calib.npy --eval eval.npy
//                  [--labels labels.npy] --budget "top1-drop<=0.3"|"sqnr>=35"
//                  -o precision.json
// Accuracy-aware mixed precision (as Intel Neural Compressor's tuning):
// quantize with the current precision map (qnn-annotate, statistics over
// --calib as quant-run calibrate collects them, qnn-calibrate, qnn-realize),
// evaluate on --eval against the float model; while the budget does not
// hold, move the most sensitive layer one step up: int8 -> int16 -> fp32.
// Sensitivity comes from the per-layer comparison of quant-run compare: the
// layer whose output SQNR drops most below its predecessor's, measured as
// relative noise added (the lowest SQNR alone always points at the last
// layers, where the noise of every layer before has accumulated). Writes the precision map qnn-annotate's `precision-map` reads.
//
//===----------------------------------------------------------------------===//

#include "QuantRun.h"

#include "QuantMLIR/Dialect/QNN/IR/QNNOps.h"
#include "QuantMLIR/InitAll.h"
#include "QuantMLIR/Runtime/BatchRunner.h"
#include "QuantMLIR/Runtime/Calibrator.h"
#include "QuantMLIR/Runtime/DataSet.h"
#include "QuantMLIR/Runtime/Instrument.h"
#include "QuantMLIR/Runtime/Npy.h"
#include "QuantMLIR/Transforms/Statistics.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Regex.h"

#include <cmath>

using namespace mlir;
using namespace quantmlir;
namespace cl = llvm::cl;

static cl::SubCommand searchCommand(
    "search",
    "Accuracy-aware mixed precision: keep the most sensitive layers in int16 "
    "or fp32 until a budget holds, and write the precision map:\n"
    "  quant-run search model.mlir --calib calib.npy --eval eval.npy "
    "[--labels labels.npy] --budget \"top1-drop<=0.3\"|\"sqnr>=35\" "
    "-o precision.json");

namespace search {
static cl::opt<std::string> model(cl::Positional, cl::desc("<model.mlir>"),
                                  cl::sub(searchCommand));
static cl::list<std::string>
    calib("calib", cl::desc("Calibration data (as quant-run calibrate)"),
          cl::value_desc("file.npy|file.npz|dir"), cl::sub(searchCommand));
static cl::list<std::string>
    eval("eval", cl::desc("Evaluation data (as quant-run run)"),
         cl::value_desc("file.npy|file.npz|dir"), cl::sub(searchCommand));
static cl::opt<std::string>
    labels("labels",
           cl::desc("Labels of the evaluation samples (integer .npy), for "
                    "a top1-drop budget"),
           cl::value_desc("labels.npy"), cl::sub(searchCommand));
static cl::opt<std::string>
    budget("budget",
           cl::desc("'top1-drop<=P' (top-1 accuracy at most P percentage "
                    "points below the float model's) or 'sqnr>=DB' (SQNR of "
                    "the first result against the float model's)"),
           cl::value_desc("spec"), cl::sub(searchCommand));
static cl::opt<std::string> output("o",
                                   cl::desc("Precision map (JSON) to write"),
                                   cl::value_desc("precision.json"),
                                   cl::sub(searchCommand));
static cl::opt<std::string>
    entry("entry",
          cl::desc("Function to quantize (default: @main, else the only "
                   "public function)"),
          cl::value_desc("name"), cl::sub(searchCommand));
static cl::opt<std::string> inputScale(
    "input-scale",
    cl::desc("Convert the data of float arguments (calibration and "
             "evaluation), multiplying by S (as quant-run run)"),
    cl::value_desc("S"), cl::sub(searchCommand));
static cl::opt<std::string>
    calibrateOptions("calibrate-options",
                     cl::desc("Options for qnn-calibrate besides stats=, "
                              "e.g. \"mode=percentile\""),
                     cl::value_desc("options"), cl::sub(searchCommand));
static cl::opt<std::string>
    annotateOptions("annotate-options",
                    cl::desc("Options for qnn-annotate besides "
                             "precision-map=, e.g. \"per-channel=false\""),
                    cl::value_desc("options"), cl::sub(searchCommand));
static cl::opt<std::string>
    maxSteps("max-steps",
             cl::desc("Most precision changes to try (default: two per "
                      "layer, i.e. until every layer is fp32)"),
             cl::value_desc("N"), cl::sub(searchCommand));
} // namespace search

namespace quantrun {

bool isSearchCommand() { return static_cast<bool>(searchCommand); }

namespace {
enum class Precision { Int8, Int16, FP32 };

llvm::StringRef toString(Precision p) {
  switch (p) {
  case Precision::Int8:
    return "int8";
  case Precision::Int16:
    return "int16";
  case Precision::FP32:
    return "fp32";
  }
  return "int8";
}

struct Budget {
  bool top1 = false; // else SQNR
  double value = 0;
  std::string text;
  bool holds(double metric) const {
    return top1 ? metric <= value : metric >= value;
  }
};

/// One evaluated configuration.
struct Evaluation {
  double metric = 0; // top-1 drop (points) or SQNR (dB)
  double floatTop1 = 0, quantTop1 = 0;
  CompareResult compare;
};

/// Temporary files removed at exit.
struct TempFile {
  llvm::SmallString<128> path;
  std::optional<llvm::FileRemover> remover;
  llvm::Error create(llvm::StringRef prefix) {
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile(prefix, "json", path))
      return llvm::createStringError(ec, "cannot create a temporary file: " +
                                             ec.message());
    remover.emplace(path);
    return llvm::Error::success();
  }
};
} // namespace

static std::optional<Budget> parseBudget(llvm::StringRef text) {
  llvm::Regex re("^[ \t]*(top1-drop|sqnr)[ \t]*(<=|>=)[ \t]*([-+0-9.eE]+)[ "
                 "\t]*$");
  llvm::SmallVector<llvm::StringRef, 4> m;
  if (!re.match(text, &m))
    return std::nullopt;
  Budget b;
  b.top1 = m[1] == "top1-drop";
  if ((b.top1 && m[2] != "<=") || (!b.top1 && m[2] != ">="))
    return std::nullopt;
  if (m[3].getAsDouble(b.value) || !std::isfinite(b.value))
    return std::nullopt;
  if (b.top1 && b.value < 0)
    return std::nullopt;
  b.text = (m[1] + m[2] + m[3]).str();
  return b;
}

static LogicalResult runPipeline(ModuleOp module, llvm::StringRef pipeline,
                                 DiagnosticCapture &diagnostics,
                                 llvm::StringRef what) {
  PassManager pm(module.getContext(), ModuleOp::getOperationName());
  std::string errors;
  llvm::raw_string_ostream errorStream(errors);
  if (failed(parsePassPipeline(pipeline, pm, errorStream))) {
    fail(what + ": bad pipeline '" + pipeline + "': " +
         llvm::StringRef(errors).trim().split('\n').first);
    return failure();
  }
  if (failed(pm.run(module))) {
    fail(what + ": " + diagnostics.takeError("the pass failed"));
    return failure();
  }
  return success();
}

static std::string serializeMap(const std::map<std::string, Precision> &map) {
  llvm::json::Object object;
  for (const auto &[layer, p] : map)
    if (p != Precision::Int8)
      object[layer] = toString(p);
  return llvm::formatv("{0:2}", llvm::json::Value(std::move(object))).str() +
         "\n";
}

/// Top-1 accuracy in percent of `logits` (N x classes, flattened to the
/// last dimension) against `labels`.
static llvm::Expected<double> top1(const runtime::NDArray &logits,
                                   const runtime::NDArray &labels) {
  int64_t classes = logits.getRank() ? logits.getShape().back() : 1;
  int64_t rows = classes ? logits.getNumElements() / classes : 0;
  if (rows != labels.getNumElements())
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "the labels (" + labels.describe() + ") do not match the " +
            llvm::Twine(rows) + " rows of the model's first result (" +
            logits.describe() + ") over the evaluated samples");
  int64_t correct = 0;
  for (int64_t r = 0; r < rows; ++r) {
    int64_t best = 0;
    for (int64_t c = 1; c < classes; ++c)
      if (logits.getAsDouble(r * classes + c) >
          logits.getAsDouble(r * classes + best))
        best = c;
    correct += best == int64_t(labels.getAsDouble(r));
  }
  return rows ? 100.0 * double(correct) / double(rows) : 0.0;
}

int searchMain(MLIRContext &context) {
  if (search::model.empty())
    return fail("no model given: quant-run search model.mlir --calib "
                "calib.npy --eval eval.npy --budget \"sqnr>=35\" -o "
                "precision.json");
  if (search::calib.empty())
    return fail("no calibration data given: add --calib calib.npy");
  if (search::eval.empty())
    return fail("no evaluation data given: add --eval eval.npy");
  if (search::output.empty())
    return fail("no output given: add -o precision.json");
  if (search::budget.empty())
    return fail("no budget given: add --budget \"top1-drop<=0.3\" or "
                "--budget \"sqnr>=35\"");
  std::optional<Budget> budget = parseBudget(search::budget);
  if (!budget)
    return fail("--budget must be 'top1-drop<=P' (percentage points, P >= "
                "0) or 'sqnr>=DB' (got '" +
                search::budget + "')");
  if (budget->top1 && search::labels.empty())
    return fail("--budget " + budget->text +
                " needs the labels of the evaluation data: add --labels "
                "labels.npy");
  std::optional<int64_t> maxSteps;
  if (!search::maxSteps.empty()) {
    int64_t n = 0;
    if (llvm::StringRef(search::maxSteps).getAsInteger(10, n) || n < 0)
      return fail("--max-steps must be a non-negative integer (got '" +
                  search::maxSteps + "')");
    maxSteps = n;
  }
  FailureOr<std::optional<runtime::InputScale>> scale =
      parseInputScaleOption(search::inputScale);
  if (failed(scale))
    return 1;
  if (failed(checkOutputs(std::string(search::output))))
    return 1;
  std::optional<runtime::NDArray> labelArray;
  if (!search::labels.empty()) {
    llvm::Expected<runtime::NDArray> l = runtime::readNpy(search::labels);
    if (!l)
      return fail(l.takeError());
    if (runtime::isFloatDType(l->getDType()))
      return fail(search::labels + ": labels must be integers (got " +
                  l->describe() + ")");
    labelArray = std::move(*l);
  }

  // The passes are run from pipeline strings.
  quantmlir::registerAllPasses();
  DiagnosticCapture diagnostics(context);
  OwningOpRef<ModuleOp> floatModule =
      loadModule(search::model, context, diagnostics);
  if (!floatModule)
    return 1;
  FailureOr<Entry> entry = findEntry(*floatModule, search::entry, search::model);
  if (failed(entry))
    return 1;
  if (!llvm::isa<func::FuncOp>(entry->op))
    return fail("@" + entry->name + " in " + search::model +
                " is already lowered to the LLVM dialect: pass the float "
                "model");
  std::string entryName = entry->name.str();
  llvm::cl::list<std::string> &calibPaths = search::calib;
  std::vector<std::string> calibInputs(calibPaths.begin(), calibPaths.end());
  std::vector<std::string> evalInputs(search::eval.begin(), search::eval.end());

  TempFile mapFile, statsFile;
  if (llvm::Error error = mapFile.create("qnn-search-map"))
    return fail(std::move(error));
  if (llvm::Error error = statsFile.create("qnn-search-stats"))
    return fail(std::move(error));
  auto withOptions = [](llvm::StringRef pass, llvm::StringRef options,
                        llvm::StringRef extra) {
    std::string all = (options + (options.empty() || extra.empty() ? "" : " ") +
                       extra)
                          .str();
    return all.empty() ? pass.str() : (pass + "{" + all + "}").str();
  };

  // The precision of each candidate layer: those qnn-annotate quantizes.
  // A layer left float makes its pass-through consumers (relu, reshape)
  // quantize their own input: they join the candidates when they appear.
  std::map<std::string, Precision> map;
  std::vector<std::string> candidates;
  auto addCandidates = [&](ModuleOp annotated) {
    annotated.walk([&](qnn::SimulatedQuantizeOp op) {
      if (!op.getNameAttr())
        return;
      std::string layer = op.getNameAttr().getValue().split(':').first.str();
      if (map.emplace(layer, Precision::Int8).second)
        candidates.push_back(layer);
    });
  };

  // Quantizes the float model with `map`: the realized module, or null.
  auto quantize = [&](const std::map<std::string, Precision> &map)
      -> OwningOpRef<ModuleOp> {
    if (llvm::Error error =
            runtime::writeFilesAtomically({mapFile.path.str().str()},
                                          {serializeMap(map)})) {
      fail(std::move(error));
      return nullptr;
    }
    OwningOpRef<ModuleOp> annotated(floatModule->clone());
    if (failed(runPipeline(
            *annotated,
            withOptions("qnn-annotate", search::annotateOptions,
                        ("precision-map=" + mapFile.path).str()),
            diagnostics, "qnn-annotate")))
      return nullptr;
    addCandidates(*annotated);
    // Statistics over --calib, as quant-run calibrate collects them.
    FailureOr<ModelDescription> description =
        collectStatisticsTensors(annotated->getOperation());
    if (failed(description)) {
      fail(diagnostics.takeError("cannot list the tensors to calibrate"));
      return nullptr;
    }
    std::vector<std::string> names;
    for (const TensorDescription &t : description->tensors)
      names.push_back(t.name);
    OwningOpRef<ModuleOp> instrumentedModule(annotated->clone());
    auto func = instrumentedModule->lookupSymbol<func::FuncOp>(entryName);
    llvm::Expected<runtime::FunctionSignature> signature =
        runtime::getFunctionSignature(func);
    if (!signature) {
      fail(signature.takeError());
      return nullptr;
    }
    if (failed(requireStaticShapes(*signature, "search")))
      return nullptr;
    llvm::Expected<std::unique_ptr<runtime::DataSet>> opened =
        runtime::DataSet::open(calibInputs, *signature, *scale);
    if (!opened) {
      fail(opened.takeError());
      return nullptr;
    }
    runtime::DataSet &data = **opened;
    std::vector<runtime::DataSet::NonFiniteRow> bad = data.findNonFiniteRows();
    if (!bad.empty()) {
      fail(data.describeRow(bad.front().row, bad.front().argument) +
           " contains " + (bad.front().isNaN ? "NaN" : "an infinity") +
           " (calibration data must be finite)");
      return nullptr;
    }
    int64_t numBatches = data.getNumSamples() / data.getBatchSize();
    if (numBatches == 0) {
      fail(data.getDescription() + ": no whole batch of " +
           llvm::Twine(data.getBatchSize()) + " samples to calibrate on");
      return nullptr;
    }
    FailureOr<runtime::InstrumentedFunction> instrumented =
        runtime::instrumentForCalibration(func, names);
    if (failed(instrumented)) {
      fail(diagnostics.takeError("cannot instrument @" + entryName));
      return nullptr;
    }
    llvm::Expected<runtime::FunctionSignature> instrumentedSignature =
        runtime::getFunctionSignature(instrumented->func);
    if (!instrumentedSignature) {
      fail(instrumentedSignature.takeError());
      return nullptr;
    }
    eraseUnreachableFunctions(*instrumentedModule, instrumented->func);
    if (failed(lowerModule(*instrumentedModule, diagnostics, false)))
      return nullptr;
    llvm::Expected<std::unique_ptr<runtime::JitModule>> jit =
        runtime::JitModule::create(*instrumentedModule);
    if (!jit) {
      fail(jit.takeError());
      return nullptr;
    }
    llvm::Expected<runtime::JitFunction> function =
        (*jit)->lookup(*instrumentedSignature);
    if (!function) {
      fail(function.takeError());
      return nullptr;
    }
    runtime::CalibrateOptions options;
    options.run.numThreads = 1;
    options.run.numBatches = numBatches;
    llvm::Expected<std::vector<Histogram>> histograms =
        runtime::calibrateHistograms(*function, data, instrumented->taps, names,
                                     options);
    if (!histograms) {
      fail(histograms.takeError());
      return nullptr;
    }
    StatisticsFile stats =
        makeEmptyStatistics(*description, Histogram::kDefaultNumBins);
    stats.numSamples = numBatches * data.getBatchSize();
    stats.producer = "quant-run search";
    for (auto [name, histogram] : llvm::zip_equal(names, *histograms))
      stats.lookup(name)->histogram = std::move(histogram);
    if (llvm::Error error = writeStatisticsFile(stats, statsFile.path)) {
      fail(std::move(error));
      return nullptr;
    }
    if (failed(runPipeline(
            *annotated,
            withOptions("qnn-calibrate", search::calibrateOptions,
                        ("stats=" + statsFile.path).str()) +
                ",qnn-realize,canonicalize",
            diagnostics, "quantizing")))
      return nullptr;
    return annotated;
  };

  auto evaluate = [&](ModuleOp quantized,
                      int64_t timeRepeat) -> FailureOr<Evaluation> {
    CompareRequest request;
    request.floatPath = search::model;
    request.quantPath = search::model + " (quantized)";
    request.floatModule = *floatModule;
    request.quantModule = quantized;
    request.entry = entryName;
    request.inputs = evalInputs;
    request.scale = *scale;
    request.keepOutputs = true;
    request.timeRepeat = timeRepeat;
    FailureOr<CompareResult> result = compareModels(context, request);
    if (failed(result))
      return failure();
    Evaluation e;
    if (result->floatOutputs.empty()) {
      fail("the float and quantized models have different numbers of "
           "results");
      return failure();
    }
    const runtime::NDArray &f = result->floatOutputs.front();
    const runtime::NDArray &q = result->quantOutputs.front();
    if (budget->top1) {
      llvm::Expected<double> fa = top1(f, *labelArray);
      if (!fa) {
        fail(search::labels + ": " + llvm::toString(fa.takeError()));
        return failure();
      }
      llvm::Expected<double> qa = top1(q, *labelArray);
      if (!qa) {
        fail(qa.takeError());
        return failure();
      }
      e.floatTop1 = *fa;
      e.quantTop1 = *qa;
      e.metric = *fa - *qa;
    } else {
      runtime::ErrorStats stats;
      std::vector<double> a(f.getNumElements()), b(q.getNumElements());
      for (size_t i = 0; i < a.size(); ++i)
        a[i] = f.getAsDouble(i);
      for (size_t i = 0; i < b.size(); ++i)
        b[i] = q.getAsDouble(i);
      if (a.size() != b.size()) {
        fail("the first results of the float and quantized models differ "
             "in size");
        return failure();
      }
      stats.add(a, b);
      e.metric = stats.sqnr();
    }
    e.compare = std::move(*result);
    return e;
  };
  auto describe = [&](const Evaluation &e) {
    if (budget->top1)
      return llvm::formatv("top-1 {0:F2}% (float {1:F2}%, drop {2:F2} points)",
                           e.quantTop1, e.floatTop1, e.metric)
          .str();
    return llvm::formatv("output SQNR {0:F2} dB", e.metric).str();
  };

  // The layers qnn-annotate quantizes: the candidates.
  {
    OwningOpRef<ModuleOp> annotated(floatModule->clone());
    if (failed(runPipeline(*annotated,
                           withOptions("qnn-annotate", search::annotateOptions,
                                       ""),
                           diagnostics, "qnn-annotate")))
      return 1;
    addCandidates(*annotated);
    if (candidates.empty())
      return fail("nothing to search: qnn-annotate quantizes no layer of " +
                  search::model);
  }

  OwningOpRef<ModuleOp> allInt8 = quantize(map);
  if (!allInt8)
    return 1;
  FailureOr<Evaluation> first = evaluate(*allInt8, /*timeRepeat=*/20);
  if (failed(first))
    return 1;
  llvm::errs() << "search: all int8: " << describe(*first) << "; budget "
               << budget->text << (budget->holds(first->metric) ? " holds" : " fails")
               << "\n";
  Evaluation current = std::move(*first);
  double int8Seconds = current.compare.quantSecondsPerBatch;
  std::vector<std::string> kept;
  int64_t steps = 0;
  while (!budget->holds(current.metric)) {
    if (steps >= (maxSteps ? *maxSteps : int64_t(2 * candidates.size())))
      return fail("budget " + budget->text + " not met after " +
                  llvm::Twine(steps) + " step(s) (--max-steps): " +
                  describe(current) + "; no precision map written");
    // The most sensitive layer that can still move up: the one adding the
    // most quantization noise, relative to the signal, to what reaches it:
    // 10^(-SQNR/10) of its output less that of the layer before it
    // (relative noise adds up along a chain; the float input has none).
    const LayerError *worst = nullptr;
    double worstAdded = -1;
    double previous = 0;
    for (const LayerError &e : current.compare.layers) {
      double db = e.stats.sqnr();
      double relative = std::isinf(db) ? (db > 0 ? 0.0 : 1.0)
                                       : std::pow(10.0, -db / 10.0);
      double added = relative - previous;
      previous = relative;
      auto it = map.find(e.layer);
      if (it == map.end() || it->second == Precision::FP32)
        continue;
      if (added > worstAdded) {
        worst = &e;
        worstAdded = added;
      }
    }
    if (!worst)
      return fail("budget " + budget->text +
                  " cannot be met: every quantized layer is already fp32 (" +
                  describe(current) + "); no precision map written");
    Precision &p = map[worst->layer];
    Precision old = p;
    p = p == Precision::Int8 ? Precision::Int16 : Precision::FP32;
    ++steps;
    OwningOpRef<ModuleOp> next = quantize(map);
    if (!next)
      return 1;
    FailureOr<Evaluation> e = evaluate(*next, 0);
    if (failed(e))
      return 1;
    llvm::errs() << llvm::formatv(
        "search: step {0}: {1} {2} -> {3} (output SQNR of the layer {4:F2} "
        "dB, its own noise {5:F2} dB below the signal): {6}\n",
        steps, worst->layer, toString(old), toString(p), worst->stats.sqnr(),
        worstAdded > 0 ? -10.0 * std::log10(worstAdded) : INFINITY,
        describe(*e));
    current = std::move(*e);
  }

  // The speed cost, on the final configuration.
  double finalSeconds = int8Seconds;
  if (steps > 0) {
    OwningOpRef<ModuleOp> final = quantize(map);
    if (!final)
      return 1;
    FailureOr<Evaluation> timed = evaluate(*final, 20);
    if (failed(timed))
      return 1;
    finalSeconds = timed->compare.quantSecondsPerBatch;
  }
  if (llvm::Error error = runtime::writeFilesAtomically(
          {search::output.getValue()}, {serializeMap(map)}))
    return fail(std::move(error));
  std::vector<std::string> changed;
  for (const auto &[layer, p] : map)
    if (p != Precision::Int8)
      changed.push_back(layer + "=" + toString(p).str());
  llvm::outs() << llvm::formatv(
      "search: budget {0} holds: {1}; kept {2} of {3} layer(s) out of int8{4}{5}; "
      "time per batch {6:F1} us (all int8 {7:F1} us, {8}{9:F1}%) -> {10}\n",
      budget->text, describe(current), changed.size(), candidates.size(),
      changed.empty() ? "" : ": ", llvm::join(changed, ", "),
      finalSeconds * 1e6, int8Seconds * 1e6,
      finalSeconds >= int8Seconds ? "+" : "",
      int8Seconds > 0 ? 100.0 * (finalSeconds / int8Seconds - 1) : 0.0,
      search::output.getValue());
  return 0;
}

} // namespace quantrun
