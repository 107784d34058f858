//===- Calibrate.cpp - quant-run calibrate and merge-stats ----------------===//
//
// Part of QuantMLIR.
//
// quant-run calibrate annotated.mlir --input calib.npy|data.npz|dir
//                     -o stats.json [--bins N] [--threads N] [--entry f]
//                     [--input-scale S] [--nan-policy=error|skip]
//   Instruments the entry (instrumentForCalibration), lowers and JITs it
//   once, streams the data set through it batch by batch on --threads
//   workers and writes the statistics file (docs/StatisticsFormat.md).
// quant-run merge-stats a.json b.json ... -o all.json
//   Merges statistics files of shards of a data set, exactly.
//
//===----------------------------------------------------------------------===//

#include "QuantRun.h"

#include "QuantMLIR/Runtime/BatchRunner.h"
#include "QuantMLIR/Runtime/Calibrator.h"
#include "QuantMLIR/Runtime/DataSet.h"
#include "QuantMLIR/Runtime/Instrument.h"
#include "QuantMLIR/Runtime/JitRunner.h"
#include "QuantMLIR/Transforms/Statistics.h"

#include "QuantMLIR/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"

using namespace mlir;
using namespace quantmlir;
namespace cl = llvm::cl;

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

static cl::SubCommand calibrateCommand(
    "calibrate",
    "Collect activation statistics of an annotated model over a data set:\n"
    "  quant-run calibrate annotated.mlir --input calib.npy|data.npz|dir "
    "-o stats.json [--bins 8001] [--threads N] [--entry main] "
    "[--input-scale S] [--nan-policy=error|skip] [--batch-size N]");

namespace calibrate {
static cl::opt<std::string> model(cl::Positional, cl::desc("<annotated.mlir>"),
                                  cl::sub(calibrateCommand));
static cl::list<std::string>
    inputs("input",
           cl::desc("The data set: one .npy file per function argument, or "
                    "one .npz file or directory for all of them; dimension 0 "
                    "counts samples"),
           cl::value_desc("file.npy|file.npz|dir"), cl::sub(calibrateCommand));
static cl::opt<std::string> output("o", cl::desc("Statistics file to write"),
                                   cl::value_desc("stats.json"),
                                   cl::sub(calibrateCommand));
static cl::opt<std::string>
    entry("entry",
          cl::desc("Function to calibrate (default: @main, else the only "
                   "public function)"),
          cl::value_desc("name"), cl::sub(calibrateCommand));
static cl::opt<std::string>
    bins("bins",
         cl::desc("Histogram bins per tensor (default 8001, as TVM; at least 2048 recommended)"),
         cl::value_desc("N"), cl::init("8001"), cl::sub(calibrateCommand));
static cl::opt<std::string>
    threads("threads",
            cl::desc("Threads (default: all cores): min(N, batches) batches "
                     "run concurrently, each on N / that many threads"),
            cl::value_desc("N"), cl::sub(calibrateCommand));
static cl::opt<std::string> inputScale(
    "input-scale",
    cl::desc("Convert the data of float arguments from any numeric type, "
             "multiplying every value by S (a number or a fraction such as "
             "1/255)"),
    cl::value_desc("S"), cl::sub(calibrateCommand));
static cl::opt<std::string> nanPolicy(
    "nan-policy",
    cl::desc("NaN or infinity in the data or in an observed tensor: 'error' "
             "(default) stops; 'skip' leaves such samples out and counts "
             "non-finite tensor values without using them"),
    cl::value_desc("error|skip"), cl::init("error"), cl::sub(calibrateCommand));
static cl::opt<std::string> optLevel("opt-level",
                                     cl::desc("LLVM optimization level (0-3)"),
                                     cl::init("3"), cl::sub(calibrateCommand));
static cl::opt<std::string> batchSize(
    "batch-size",
    cl::desc("Samples per call when the batch dimension is dynamic (default "
             "64; the last batch holds the rest); a static batch is the "
             "model's own"),
    cl::value_desc("N"), cl::sub(calibrateCommand));
} // namespace calibrate

/// Samples per call of a model with a dynamic batch, by default: bounds the
/// memory of the observed tensors like a static batch of 64 would.
static constexpr int64_t kDefaultDynamicBatchSize = 64;

static cl::SubCommand mergeStatsCommand(
    "merge-stats",
    "Merge statistics files collected on shards of a data set (exact):\n"
    "  quant-run merge-stats a.json b.json [...] -o all.json");

namespace mergestats {
static cl::list<std::string> inputs(cl::Positional,
                                    cl::desc("<stats.json> ..."),
                                    cl::sub(mergeStatsCommand));
static cl::opt<std::string> output("o",
                                   cl::desc("Merged statistics file to write"),
                                   cl::value_desc("all.json"),
                                   cl::sub(mergeStatsCommand));
} // namespace mergestats

namespace quantrun {

bool isCalibrateCommand() { return static_cast<bool>(calibrateCommand); }
bool isMergeStatsCommand() { return static_cast<bool>(mergeStatsCommand); }

//===----------------------------------------------------------------------===//
// quant-run calibrate
//===----------------------------------------------------------------------===//

/// "1 sample", "2 samples", "3 batches".
static std::string plural(int64_t n, llvm::StringRef word) {
  llvm::StringRef suffix = word.ends_with("ch") ? "es" : "s";
  return (llvm::Twine(n) + " " + word + (n == 1 ? "" : suffix)).str();
}

int calibrateMain(MLIRContext &context) {
  if (calibrate::model.empty())
    return fail("no model given: quant-run calibrate annotated.mlir --input "
                "calib.npy -o stats.json");
  if (calibrate::output.empty())
    return fail("no statistics file given: add -o stats.json");
  if (calibrate::inputs.empty())
    return fail("no data set given: add --input calib.npy (or a .npz file or "
                "a directory)");
  uint32_t numBins = 0;
  if (llvm::StringRef(calibrate::bins).getAsInteger(10, numBins) ||
      numBins < 1 || numBins > Histogram::kMaxNumBins)
    return fail("--bins must be an integer between 1 and " +
                llvm::Twine(Histogram::kMaxNumBins) + " (got '" +
                calibrate::bins + "')");
  std::optional<unsigned> numThreads = parseThreads(calibrate::threads);
  if (!numThreads)
    return fail("--threads must be an integer between 1 and " +
                llvm::Twine(kMaxThreads) + " (got '" + calibrate::threads +
                "')");
  FailureOr<std::optional<runtime::InputScale>> scale =
      parseInputScaleOption(calibrate::inputScale);
  if (failed(scale))
    return 1;
  runtime::NanPolicy policy;
  if (calibrate::nanPolicy == "error")
    policy = runtime::NanPolicy::Error;
  else if (calibrate::nanPolicy == "skip")
    policy = runtime::NanPolicy::Skip;
  else
    return fail("--nan-policy must be 'error' or 'skip' (got '" +
                calibrate::nanPolicy + "')");
  unsigned optLevel = 0;
  if (llvm::StringRef(calibrate::optLevel).getAsInteger(10, optLevel) ||
      optLevel > 3)
    return fail("--opt-level must be 0, 1, 2 or 3 (got '" +
                calibrate::optLevel + "')");
  std::optional<int64_t> requestedBatchSize;
  if (!calibrate::batchSize.empty()) {
    int64_t n = 0;
    if (llvm::StringRef(calibrate::batchSize).getAsInteger(10, n) || n < 1 ||
        n > (int64_t(1) << 31))
      return fail("--batch-size must be an integer between 1 and 2^31 (got '" +
                  calibrate::batchSize + "')");
    requestedBatchSize = n;
  }
  if (calibrate::output != "-" &&
      failed(checkOutputs(std::string(calibrate::output))))
    return 1;
  auto start = std::chrono::steady_clock::now();

  // The model and what to observe.
  DiagnosticCapture diagnostics(context);
  OwningOpRef<ModuleOp> module =
      loadModule(calibrate::model, context, diagnostics);
  if (!module)
    return 1;
  FailureOr<Entry> entry =
      findEntry(*module, calibrate::entry, calibrate::model);
  if (failed(entry))
    return 1;
  auto func = llvm::dyn_cast<func::FuncOp>(entry->op);
  if (!func)
    return fail("@" + entry->name + " in " + calibrate::model +
                " is already lowered to the LLVM dialect: calibrate the "
                "annotated model (qnn-annotate's output)");
  FailureOr<ModelDescription> description =
      collectStatisticsTensors(module->getOperation());
  if (failed(description))
    return fail(diagnostics.takeError(
        "cannot list the tensors to calibrate of " + calibrate::model));
  bool anyUnbound = false;
  module->walk([&](qnn::SimulatedQuantizeOp op) {
    anyUnbound |= op.getKind() != qnn::AnnotationKind::weight &&
                  !op.isBound() && op.getNameAttr();
  });
  if (description->tensors.empty() || !anyUnbound)
    return fail(
        "nothing to calibrate: " + calibrate::model + " has no " +
        (description->tensors.empty() ? "" : "unbound ") +
        "qnn.simulated_quantize of kind input or activation (run "
        "qnn-annotate first" +
        (description->tensors.empty() ? "" : ", and calibrate its output") +
        ")");
  std::vector<std::string> names;
  for (const TensorDescription &t : description->tensors)
    names.push_back(t.name);

  llvm::Expected<runtime::FunctionSignature> signature =
      runtime::getFunctionSignature(func);
  if (!signature)
    return fail(signature.takeError());

  // The data set, checked before any compilation.
  llvm::Expected<std::unique_ptr<runtime::DataSet>> opened =
      runtime::DataSet::open(
          calibrate::inputs, *signature, *scale,
          requestedBatchSize.value_or(kDefaultDynamicBatchSize));
  if (!opened)
    return fail(opened.takeError());
  runtime::DataSet &data = **opened;
  if (requestedBatchSize && !data.hasDynamicBatch() &&
      *requestedBatchSize != data.getBatchSize())
    return fail("--batch-size " + llvm::Twine(*requestedBatchSize) + ": @" +
                signature->name + " has a static batch of " +
                llvm::Twine(data.getBatchSize()) +
                " (only a dynamic batch dimension takes another size)");
  bool empty = data.getNumRows() == 0;
  for (const runtime::TensorSpec &spec : signature->inputs)
    empty |= llvm::is_contained(spec.shape, 0);
  if (empty)
    return fail(data.getDescription() + ": the data set is empty (0 samples)");
  std::vector<runtime::DataSet::NonFiniteRow> bad = data.findNonFiniteRows();
  if (!bad.empty() && policy == runtime::NanPolicy::Error)
    return fail(data.describeRow(bad.front().row, bad.front().argument) +
                " contains " + (bad.front().isNaN ? "NaN" : "an infinity") +
                (bad.size() > 1
                     ? " (and " + plural(bad.size() - 1, "other sample") + ")"
                     : std::string()) +
                "; --nan-policy=skip leaves such samples out");
  std::vector<int64_t> badRows;
  for (const runtime::DataSet::NonFiniteRow &row : bad)
    badRows.push_back(row.row);
  data.excludeRows(badRows);
  int64_t batchSize = data.getBatchSize();
  // A dynamic batch takes a last, smaller batch as it is: nothing padded.
  int64_t numBatches = data.hasDynamicBatch()
                           ? data.getNumBatches()
                           : data.getNumSamples() / batchSize;
  int64_t dropped =
      data.hasDynamicBatch() ? 0 : data.getNumSamples() % batchSize;
  if (dropped && policy == runtime::NanPolicy::Error)
    return fail(data.getDescription() + " has " +
                plural(data.getNumSamples(), "sample") +
                ", not a multiple of @" + signature->name + "'s batch of " +
                llvm::Twine(batchSize) +
                ": a padded batch would add its padding to the statistics "
                "(give a multiple of " +
                llvm::Twine(batchSize) + " samples)");
  if (!badRows.empty())
    warn("left out " + plural(badRows.size(), "sample") +
         " with NaN or infinity (first: " +
         data.describeRow(bad.front().row, bad.front().argument) + ")");
  if (dropped)
    warn("left out the last " + plural(dropped, "sample") +
         ": not a whole batch of " + llvm::Twine(batchSize));
  if (numBatches == 0)
    return fail(data.getDescription() + ": no whole batch of " +
                llvm::Twine(batchSize) + " samples to calibrate on");

  // Instrument, lower, compile: once.
  FailureOr<runtime::InstrumentedFunction> instrumented =
      runtime::instrumentForCalibration(func, names);
  if (failed(instrumented))
    return fail(
        diagnostics.takeError(("cannot instrument @" + entry->name).str()));
  for (const std::string &name : instrumented->unreached)
    warn("tensor '" + name + "' is not computed by @" + entry->name +
         " (its simulated_quantize is in another function): its statistics "
         "stay empty");
  llvm::Expected<runtime::FunctionSignature> instrumentedSignature =
      runtime::getFunctionSignature(instrumented->func);
  if (!instrumentedSignature)
    return fail(instrumentedSignature.takeError());
  eraseUnreachableFunctions(*module, instrumented->func);
  unsigned threadsPerCall = getThreadsPerCall(*numThreads, numBatches);
  if (failed(
          lowerModule(*module, diagnostics, /*printIR=*/false, threadsPerCall)))
    return 1;
  runtime::JitOptions jitOptions;
  jitOptions.optLevel = optLevel;
  llvm::Expected<std::unique_ptr<runtime::JitModule>> jit =
      runtime::JitModule::create(*module, jitOptions);
  if (!jit) {
    std::string message = llvm::toString(jit.takeError());
    std::string detail = diagnostics.takeError("");
    return fail(detail.empty() ? message : message + ": " + detail);
  }
  llvm::Expected<runtime::JitFunction> function =
      (*jit)->lookup(*instrumentedSignature);
  if (!function)
    return fail(function.takeError());
  function->setNumThreads(threadsPerCall);
  double compileSeconds = secondsSince(start);

  // Stream the data set.
  int64_t numSamples =
      data.hasDynamicBatch() ? data.getNumSamples() : numBatches * batchSize;
  ProgressBar bar("calibrating", numSamples, "samples");
  runtime::CalibrateOptions options;
  options.numBins = numBins;
  options.nanPolicy = policy;
  options.run.numThreads = *numThreads;
  options.run.numBatches = numBatches;
  options.run.progress = [&](int64_t batches) {
    bar.update(std::min(batches * batchSize, numSamples));
  };
  auto runStart = std::chrono::steady_clock::now();
  llvm::Expected<std::vector<Histogram>> histograms =
      runtime::calibrateHistograms(*function, data, instrumented->taps, names,
                                   options);
  bar.finish();
  if (!histograms)
    return fail(histograms.takeError());
  double runSeconds = secondsSince(runStart);

  StatisticsFile stats = makeEmptyStatistics(*description, numBins);
  stats.numSamples = numSamples;
  stats.producer = "quant-run calibrate";
  uint64_t nonFinite = 0;
  for (auto [name, histogram] : llvm::zip_equal(names, *histograms)) {
    nonFinite += histogram.nanCount() + histogram.infCount();
    stats.lookup(name)->histogram = std::move(histogram);
  }
  if (llvm::Error error = writeStatisticsFile(stats, calibrate::output))
    return fail(std::move(error));

  unsigned usedThreads =
      static_cast<unsigned>(std::min<int64_t>(*numThreads, numBatches));
  llvm::errs() << "calibrated " << plural(numSamples, "sample") << " ("
               << plural(numBatches, "batch") << ", "
               << plural(usedThreads, "thread") << ") in "
               << llvm::format("%.2f", runSeconds) << " s (compile "
               << llvm::format("%.2f", compileSeconds)
               << " s): " << plural(names.size(), "tensor");
  if (nonFinite)
    llvm::errs() << ", " << nonFinite << " NaN/inf values skipped";
  llvm::errs() << " -> " << calibrate::output << "\n";
  return 0;
}

//===----------------------------------------------------------------------===//
// quant-run merge-stats
//===----------------------------------------------------------------------===//

int mergeStatsMain(MLIRContext &) {
  if (mergestats::inputs.empty())
    return fail("no statistics files given: quant-run merge-stats a.json "
                "b.json ... -o all.json");
  if (mergestats::output.empty())
    return fail("no output given: add -o all.json");
  if (mergestats::output != "-" &&
      failed(checkOutputs(std::string(mergestats::output))))
    return 1;
  llvm::Expected<StatisticsFile> merged =
      readStatisticsFile(mergestats::inputs.front());
  if (!merged)
    return fail(merged.takeError());
  for (const std::string &path :
       llvm::ArrayRef<std::string>(mergestats::inputs).drop_front()) {
    llvm::Expected<StatisticsFile> next = readStatisticsFile(path);
    if (!next)
      return fail(next.takeError());
    if (llvm::Error error = mergeStatistics(*merged, *next))
      return fail(path + ": " + llvm::toString(std::move(error)) +
                  " (merging into " + mergestats::inputs.front() + ")");
  }
  merged->producer = "quant-run merge-stats";
  if (llvm::Error error = writeStatisticsFile(*merged, mergestats::output))
    return fail(std::move(error));
  llvm::errs() << "merged " << plural(mergestats::inputs.size(), "file") << " ("
               << plural(merged->numSamples, "sample") << ", "
               << plural(merged->tensors.size(), "tensor") << ") -> "
               << mergestats::output << "\n";
  return 0;
}

} // namespace quantrun
