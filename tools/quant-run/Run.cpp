//===- Run.cpp - quant-run run --------------------------------------------===//
//
// Part of QuantMLIR.
//
// quant-run run model.mlir --input x.npy|x.npz|dir ... [-o out.npy|out.npz]
// JIT-compiles the entry once and calls it on the inputs, batch after batch
// when the data set holds more samples than the function's static batch;
// the results of the batches are concatenated along dimension 0. A dynamic
// batch dimension takes the whole data set in one call.
//
//===----------------------------------------------------------------------===//

#include "QuantRun.h"

#include "QuantMLIR/Runtime/BatchRunner.h"
#include "QuantMLIR/Runtime/DataSet.h"
#include "QuantMLIR/Runtime/JitRunner.h"
#include "QuantMLIR/Runtime/NDArray.h"
#include "QuantMLIR/Runtime/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"

#include <algorithm>
#include <cstring>
#include <vector>

using namespace mlir;
using namespace quantmlir;
namespace cl = llvm::cl;

static cl::SubCommand
    runCommand("run",
               "JIT-compile a model and run it on .npy / .npz inputs:\n"
               "  quant-run run model.mlir --input x.npy [--input y.npy ...] "
               "[-o out.npy ...|-o out.npz] [--entry main] [--repeat N] "
               "[--threads N] [--target T] [--input-scale S] [--print]");

namespace run {
static cl::opt<std::string> model(cl::Positional, cl::desc("<model.mlir>"),
                                  cl::sub(runCommand));
static cl::list<std::string>
    inputs("input",
           cl::desc("Input .npy file, one per function argument, in order; "
                    "or one .npz file or directory for all of them. Arrays "
                    "with more samples (dimension 0) than the function's "
                    "batch run in batches"),
           cl::value_desc("file.npy|file.npz|dir"), cl::sub(runCommand));
static cl::list<std::string>
    outputs("o",
            cl::desc("Output .npy file, one per function result, in "
                     "order; or one .npz file for all of them"),
            cl::value_desc("file.npy|file.npz"), cl::sub(runCommand));
static cl::opt<std::string>
    entry("entry",
          cl::desc("Function to run (default: @main, else the only public "
                   "function)"),
          cl::value_desc("name"), cl::sub(runCommand));
// Numbers are read as strings and checked here, so that a bad value gives
// the one-line error like every other mistake.
static cl::opt<std::string>
    repeat("repeat",
           cl::desc("Run the function (every batch) N times and report the "
                    "mean time per run"),
           cl::value_desc("N"), cl::init("1"), cl::sub(runCommand));
static cl::opt<std::string>
    threads("threads",
            cl::desc("Threads (default: all cores): min(N, batches) "
                     "batches run concurrently, each on N / that many "
                     "threads (OpenMP parallel loops)"),
            cl::value_desc("N"), cl::sub(runCommand));
static cl::opt<std::string> target(
    "target",
    cl::desc("Code generation target for a model that is not lowered yet "
             "(qnn-lower-to-llvm target=): generic (default; the target "
             "calibrate and compare use too), host (the best for this CPU), "
             "x86-avx2, x86-avxvnni, x86-avx512vnni"),
    cl::value_desc("name"), cl::init("generic"), cl::sub(runCommand));
static cl::opt<std::string> requantizeDtype(
    "requantize-dtype",
    cl::desc(quantrun::kRequantizeDtypeHelp),
    cl::value_desc("int64|float32"), cl::init("int64"), cl::sub(runCommand));
static cl::opt<std::string> inputScale(
    "input-scale",
    cl::desc("Convert the data of float arguments from any numeric type, "
             "multiplying every value by S (a number or a fraction such as "
             "1/255)"),
    cl::value_desc("S"), cl::sub(runCommand));
static cl::opt<bool> print("print", cl::desc("Print each result to stdout"),
                           cl::sub(runCommand));
static cl::opt<std::string> optLevel("opt-level",
                                     cl::desc("LLVM optimization level (0-3)"),
                                     cl::init("3"), cl::sub(runCommand));
static cl::opt<bool>
    printIRAfterAll("print-ir-after-all",
                    cl::desc("Print the IR after each lowering pass"),
                    cl::sub(runCommand));
} // namespace run

namespace quantrun {

/// Upper bound of --repeat.
static constexpr int64_t kMaxRepeat = 1000000000;

bool isRunCommand() { return static_cast<bool>(runCommand); }

/// The shape of result `spec` over the whole data set: dimension 0 times
/// the number of batches, or the number of samples when the last batch is
/// padded. Fails with a message for results that cannot be concatenated.
static FailureOr<llvm::SmallVector<int64_t, 4>>
concatenatedShape(const runtime::FunctionSignature &sig, unsigned index,
                  const runtime::DataSet &data) {
  const runtime::TensorSpec &spec = sig.results[index];
  int64_t batches = data.getNumBatches();
  llvm::SmallVector<int64_t, 4> shape(spec.shape);
  if (batches == 1 && data.getNumSamples() == data.getBatchSize())
    return shape;
  std::string what = ("result " + llvm::Twine(index) + " of @" + sig.name +
                      " (" + spec.typeName + ")")
                         .str();
  if (!spec.hasStaticShape()) {
    // Only a dynamic batch runs in one call whatever the number of samples.
    fail(what + " has a dynamic shape: the results of " + llvm::Twine(batches) +
         " batches of " + llvm::Twine(data.getBatchSize()) +
         " samples cannot be concatenated (give exactly one batch)");
    return failure();
  }
  if (shape.empty()) {
    fail(what + " is a scalar: the results of " + llvm::Twine(batches) +
         " batches cannot be concatenated");
    return failure();
  }
  int64_t samples = data.getNumSamples();
  if (samples % data.getBatchSize() != 0) {
    // The last batch is padded with zeros; its padding rows are dropped,
    // which needs one result row per sample.
    if (shape[0] != data.getBatchSize()) {
      fail(data.getDescription() + " has " + llvm::Twine(samples) +
           " samples, not a multiple of @" + sig.name + "'s batch of " +
           llvm::Twine(data.getBatchSize()) + ", and " + what +
           " does not have one row per sample, so the last batch cannot be "
           "padded: give a multiple of " +
           llvm::Twine(data.getBatchSize()) + " samples");
      return failure();
    }
    shape[0] = samples;
    return shape;
  }
  shape[0] *= batches;
  return shape;
}

int runMain(MLIRContext &context) {
  if (run::model.empty())
    return fail("no model given: quant-run run model.mlir --input x.npy ... "
                "-o out.npy ...");
  int64_t repeat = 0;
  if (llvm::StringRef(run::repeat).getAsInteger(10, repeat) || repeat < 1 ||
      repeat > kMaxRepeat)
    return fail("--repeat must be an integer between 1 and " +
                llvm::Twine(kMaxRepeat) + " (got '" + run::repeat + "')");
  unsigned optLevel = 0;
  if (llvm::StringRef(run::optLevel).getAsInteger(10, optLevel) || optLevel > 3)
    return fail("--opt-level must be 0, 1, 2 or 3 (got '" + run::optLevel +
                "')");
  // The JIT runs on this machine: other architectures are compiled ahead of
  // time (quant-translate --emit-obj, docs/AOT.md).
  if (failed(checkJitTarget(run::target)))
    return 1;
  std::optional<unsigned> numThreads = parseThreads(run::threads);
  if (!numThreads)
    return fail("--threads must be an integer between 1 and " +
                llvm::Twine(kMaxThreads) + " (got '" + run::threads + "')");
  FailureOr<std::optional<runtime::InputScale>> scale =
      parseInputScaleOption(run::inputScale);
  if (failed(scale))
    return 1;
  if (failed(checkOutputs(run::outputs)))
    return 1;

  DiagnosticCapture diagnostics(context);
  OwningOpRef<ModuleOp> module = loadModule(run::model, context, diagnostics);
  if (!module)
    return 1;
  FailureOr<Entry> entry = findEntry(*module, run::entry, run::model);
  if (failed(entry))
    return 1;

  // The tensor signature is only visible before lowering; a module lowered
  // ahead of time carries it in the record qnn-lower-to-llvm left.
  llvm::Expected<runtime::FunctionSignature> signature =
      entry->isLowered()
          ? getLoweredSignature(
                *module, llvm::cast<LLVM::LLVMFuncOp>(entry->op), run::model)
          : runtime::getFunctionSignature(llvm::cast<func::FuncOp>(entry->op));
  if (!signature)
    return fail(signature.takeError());
  const std::string &name = signature->name;
  size_t numResults = signature->results.size();
  // One .npz output holds every result.
  bool oneNpz = run::outputs.size() == 1 &&
                llvm::StringRef(run::outputs[0]).ends_with(".npz") &&
                numResults != 1;
  if (!run::outputs.empty() && !oneNpz && run::outputs.size() != numResults)
    return fail("@" + name + " has " + llvm::Twine(numResults) +
                " result(s) but " + llvm::Twine(run::outputs.size()) +
                " output file(s) (-o) were given");

  llvm::Expected<std::unique_ptr<runtime::DataSet>> data =
      runtime::DataSet::open(run::inputs, *signature, *scale);
  if (!data)
    return fail(data.takeError());
  int64_t numBatches = (*data)->getNumBatches();
  unsigned threadsPerCall = getThreadsPerCall(*numThreads, numBatches);
  llvm::SmallVector<runtime::NDArray, 1> results;
  for (unsigned i = 0; i < numResults; ++i) {
    FailureOr<llvm::SmallVector<int64_t, 4>> shape =
        concatenatedShape(*signature, i, **data);
    if (failed(shape))
      return 1;
    if (!signature->results[i].hasStaticShape()) {
      results.emplace_back(); // the call allocates it (one batch)
      continue;
    }
    llvm::Expected<runtime::NDArray> array = runtime::NDArray::create(
        signature->results[i].dtype, *shape,
        ("result " + llvm::Twine(i) + " of @" + name).str());
    if (!array)
      return fail(array.takeError());
    results.push_back(std::move(*array));
  }

  if (!entry->isLowered()) {
    // An entry chosen with --entry may be private: lowering only gives
    // public functions a C interface.
    llvm::cast<func::FuncOp>(entry->op).setPublic();
    eraseUnreachableFunctions(*module, entry->op);
    if (failed(lowerModule(*module, diagnostics, run::printIRAfterAll,
                           threadsPerCall, run::target,
                           run::requantizeDtype)))
      return 1;
  }

  runtime::JitOptions jitOptions;
  jitOptions.optLevel = optLevel;
  llvm::Expected<std::unique_ptr<runtime::JitModule>> jit =
      runtime::JitModule::create(*module, jitOptions);
  if (!jit) {
    std::string message = llvm::toString(jit.takeError());
    std::string detail = diagnostics.takeError("");
    return fail(detail.empty() ? message : message + ": " + detail);
  }
  llvm::Expected<runtime::JitFunction> function = (*jit)->lookup(*signature);
  if (!function)
    return fail(function.takeError());
  function->setNumThreads(threadsPerCall);

  // Each batch's results go to their rows of the concatenated results.
  auto consume =
      [&](unsigned, int64_t batch, int64_t,
          llvm::MutableArrayRef<runtime::NDArray> batchResults) -> llvm::Error {
    for (auto [i, part] : llvm::enumerate(batchResults)) {
      runtime::NDArray &whole = results[i];
      if (!signature->results[i].hasStaticShape()) {
        whole = std::move(part); // the only batch
        continue;
      }
      if (part.getRank() == 0) {
        std::memcpy(whole.getData(), part.getData(), part.getNumBytes());
        continue;
      }
      uint64_t rowBytes =
          part.getNumBytes() / std::max<int64_t>(part.getShape()[0], 1);
      int64_t rows = part.getShape()[0];
      int64_t first = batch * rows;
      // A padded last batch: only its real samples' rows.
      rows = std::min(rows, whole.getShape()[0] - first);
      std::memcpy(whole.getDataAs<char>() + first * rowBytes, part.getData(),
                  rows * rowBytes);
    }
    return llvm::Error::success();
  };
  runtime::BatchRunOptions options;
  options.numThreads = *numThreads;
  std::vector<double> runSeconds;
  auto start = std::chrono::steady_clock::now();
  // One batch that is the whole data set, static results: the input is
  // fetched once and every run calls the function with the final result
  // buffers, so that the times are those of the compiled code as a
  // deployed model calls it (no worker thread, result allocation or copy
  // per run: for a small layer those cost more than the layer).
  bool direct = numBatches == 1 &&
                (*data)->getNumSamples() == (*data)->getBatchSize() &&
                llvm::all_of(signature->results,
                             [](const runtime::TensorSpec &s) {
                               return s.hasStaticShape();
                             });
  if (direct) {
    std::vector<runtime::NDArray> scratch(signature->inputs.size());
    llvm::SmallVector<const void *, 4> inputs;
    llvm::Expected<int64_t> samples = (*data)->getBatch(0, inputs, scratch);
    if (!samples)
      return fail(samples.takeError());
    auto shapes = (*data)->getBatchShapes(*samples);
    start = std::chrono::steady_clock::now();
    for (int64_t r = 0; r < repeat; ++r) {
      auto runStart = std::chrono::steady_clock::now();
      if (llvm::Error error = function->call(inputs, shapes, results))
        return fail(std::move(error));
      if (repeat > 1 && runSeconds.size() < (1u << 20))
        runSeconds.push_back(secondsSince(runStart));
    }
  } else {
    for (int64_t r = 0; r < repeat; ++r) {
      auto runStart = std::chrono::steady_clock::now();
      if (llvm::Error error =
              runtime::runBatches(*function, **data, options, consume))
        return fail(std::move(error));
      if (repeat > 1 && runSeconds.size() < (1u << 20))
        runSeconds.push_back(secondsSince(runStart));
    }
  }
  double secondsPerRun = secondsSince(start) / repeat;

  llvm::SmallVector<const runtime::NDArray *> resultPtrs;
  for (runtime::NDArray &array : results)
    resultPtrs.push_back(&array);
  if (oneNpz) {
    std::vector<std::string> names;
    for (size_t i = 0; i < numResults; ++i)
      names.push_back("arr_" + std::to_string(i));
    llvm::Expected<std::string> bytes =
        runtime::serializeNpz(names, resultPtrs, run::outputs[0]);
    if (!bytes)
      return fail(bytes.takeError());
    if (llvm::Error error =
            runtime::writeFilesAtomically(run::outputs[0], *bytes))
      return fail(std::move(error));
  } else {
    std::vector<std::string> contents;
    for (auto [path, array] : llvm::zip(run::outputs, resultPtrs)) {
      if (llvm::StringRef(path).ends_with(".npz")) {
        llvm::Expected<std::string> bytes =
            runtime::serializeNpz({"arr_0"}, array, path);
        if (!bytes)
          return fail(bytes.takeError());
        contents.push_back(std::move(*bytes));
      } else {
        contents.push_back(runtime::serializeNpy(*array));
      }
    }
    if (llvm::Error error =
            runtime::writeFilesAtomically(run::outputs, contents))
      return fail(std::move(error));
  }

  llvm::errs() << "time: " << llvm::format("%.4f", secondsPerRun * 1e3)
               << " ms/run (" << repeat << " runs";
  if (numBatches > 1 || !(*data)->isExact())
    llvm::errs() << "; " << (*data)->getNumSamples() << " samples in "
                 << numBatches << " batches of " << (*data)->getBatchSize()
                 << ", "
                 << llvm::format("%.4f", secondsPerRun * 1e3 / numBatches)
                 << " ms/batch, " << std::min<int64_t>(*numThreads, numBatches)
                 << " thread(s)";
  if ((*jit)->hasOpenMP())
    llvm::errs() << "; " << threadsPerCall << " OpenMP thread(s) per call";
  llvm::errs() << ")";
  if (!runSeconds.empty()) {
    // The median of the runs: robust to a run preempted on a busy machine.
    std::nth_element(runSeconds.begin(),
                     runSeconds.begin() + runSeconds.size() / 2,
                     runSeconds.end());
    llvm::errs() << ", median "
                 << llvm::format("%.4f",
                                 runSeconds[runSeconds.size() / 2] * 1e3)
                 << " ms/run";
  }
  llvm::errs() << "\n";
  if (run::print) {
    for (auto [i, array] : llvm::enumerate(results)) {
      llvm::outs() << "result " << i << ": " << array.describe() << "\n";
      runtime::printArray(llvm::outs(), array);
    }
  }
  return 0;
}

} // namespace quantrun
