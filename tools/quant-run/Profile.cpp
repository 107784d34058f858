//===- Profile.cpp - quant-run profile ------------------------------------===//
//
// Part of QuantMLIR.
//
// quant-run profile model.mlir --input x.npy [--json] [--repeat N]
//                   [--target T] [--entry f] [--input-scale S] [-o out.npy]
// A per-layer time table like TVM's debug runtime: the entry is cloned with
// timer calls around each layer (Profiler.h), both are lowered and compiled
// in one module for --target (as quant-run run); the clone runs the data set
// --repeat times for the table, the original entry as many times for the
// end-to-end time. On targets that fuse a convolution with its elementwise
// consumer, the two are one layer so that the timed clone is fused too.
//
//===----------------------------------------------------------------------===//

#include "QuantRun.h"

#include "QuantMLIR/Runtime/DataSet.h"
#include "QuantMLIR/Runtime/JitRunner.h"
#include "QuantMLIR/Runtime/Npy.h"
#include "QuantMLIR/Runtime/Profiler.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <algorithm>
#include <numeric>

using namespace mlir;
using namespace quantmlir;
namespace cl = llvm::cl;

static cl::SubCommand
    profileCommand("profile",
                   "Per-layer time table:\n"
                   "  quant-run profile model.mlir --input x.npy [--json] "
                   "[--repeat N] [--threads N] [--target T] [--entry main] "
                   "[--input-scale S] [-o out.npy]");

namespace profile {
static cl::opt<std::string> model(cl::Positional, cl::desc("<model.mlir>"),
                                  cl::sub(profileCommand));
static cl::list<std::string>
    inputs("input",
           cl::desc("Inputs, as for quant-run run (.npy per argument, one "
                    ".npz or a directory)"),
           cl::value_desc("file.npy|file.npz|dir"), cl::sub(profileCommand));
static cl::opt<bool> json("json", cl::desc("Print JSON instead of a table"),
                          cl::sub(profileCommand));
static cl::opt<std::string>
    repeat("repeat",
           cl::desc("Runs over the data set for each measurement (default "
                    "20); the table shows medians"),
           cl::value_desc("N"), cl::init("20"), cl::sub(profileCommand));
static cl::opt<std::string>
    entry("entry",
          cl::desc("Function to profile (default: @main, else the only "
                   "public function)"),
          cl::value_desc("name"), cl::sub(profileCommand));
static cl::opt<std::string> inputScale(
    "input-scale",
    cl::desc("Convert the data of float arguments, multiplying by S (as "
             "quant-run run)"),
    cl::value_desc("S"), cl::sub(profileCommand));
static cl::opt<std::string> optLevel("opt-level",
                                     cl::desc("LLVM optimization level (0-3)"),
                                     cl::init("3"), cl::sub(profileCommand));
static cl::opt<std::string>
    threads("threads",
            cl::desc("Threads of each call's parallel loops (OpenMP; "
                     "default 1: single-threaded layer times)"),
            cl::value_desc("N"), cl::init("1"), cl::sub(profileCommand));
static cl::opt<std::string> target(
    "target",
    cl::desc("Code generation target, as for quant-run run: generic "
             "(default, as run), host (the best for this CPU), x86-avx2, "
             "x86-avxvnni, x86-avx512vnni. Targets that fuse a convolution "
             "with its elementwise consumer time the two as one layer"),
    cl::value_desc("name"), cl::init("generic"), cl::sub(profileCommand));
static cl::opt<std::string> requantizeDtype(
    "requantize-dtype",
    cl::desc(quantrun::kRequantizeDtypeHelp),
    cl::value_desc("int64|float32"), cl::init("int64"), cl::sub(profileCommand));
static cl::opt<std::string>
    output("o",
           cl::desc("Write the results of the instrumented entry (one "
                    "batch; .npy for one result, .npz for several)"),
           cl::value_desc("out.npy|out.npz"), cl::sub(profileCommand));
} // namespace profile

namespace quantrun {

bool isProfileCommand() { return static_cast<bool>(profileCommand); }

static constexpr int64_t kMaxProfileRepeat = 1000000;

/// Whether the code `target` runs here fuses a convolution with its
/// elementwise consumer (the x86 and AArch64 code generators; `host`
/// resolves to one of them where the CPU has AVX2 + FMA or the dot-product
/// instructions, as qnn-lower-to-llvm resolves it).
static bool fusesEpilogues(llvm::StringRef target) {
  if (target != "host")
    return target != "generic";
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  if (llvm::Triple(llvm::sys::getProcessTriple()).isAArch64())
    return features.lookup("dotprod");
  return features.lookup("avx2") && features.lookup("fma");
}

int profileMain(MLIRContext &context) {
  if (profile::model.empty())
    return fail("no model given: quant-run profile model.mlir --input x.npy");
  if (profile::inputs.empty())
    return fail("no inputs given: add --input x.npy (or a .npz file or a "
                "directory)");
  int64_t repeat = 0;
  if (llvm::StringRef(profile::repeat).getAsInteger(10, repeat) ||
      repeat < 1 || repeat > kMaxProfileRepeat)
    return fail("--repeat must be an integer between 1 and " +
                llvm::Twine(kMaxProfileRepeat) + " (got '" + profile::repeat +
                "')");
  unsigned optLevel = 0;
  if (llvm::StringRef(profile::optLevel).getAsInteger(10, optLevel) ||
      optLevel > 3)
    return fail("--opt-level must be 0, 1, 2 or 3 (got '" + profile::optLevel +
                "')");
  std::optional<unsigned> numThreads = parseThreads(profile::threads);
  if (!numThreads)
    return fail("--threads must be an integer between 1 and " +
                llvm::Twine(kMaxThreads) + " (got '" + profile::threads + "')");
  FailureOr<std::optional<runtime::InputScale>> scale =
      parseInputScaleOption(profile::inputScale);
  if (failed(scale))
    return 1;
  if (failed(checkJitTarget(profile::target)))
    return 1;
  if (!profile::output.empty() && failed(checkOutputs({profile::output})))
    return 1;

  DiagnosticCapture diagnostics(context);
  OwningOpRef<ModuleOp> module =
      loadModule(profile::model, context, diagnostics);
  if (!module)
    return 1;
  FailureOr<Entry> entry = findEntry(*module, profile::entry, profile::model);
  if (failed(entry))
    return 1;
  auto func = llvm::dyn_cast<func::FuncOp>(entry->op);
  if (!func)
    return fail("@" + entry->name + " in " + profile::model +
                " is already lowered to the LLVM dialect: its layers cannot "
                "be told apart; pass the un-lowered model");
  llvm::Expected<runtime::FunctionSignature> signature =
      runtime::getFunctionSignature(func);
  if (!signature)
    return fail(signature.takeError());
  if (failed(requireStaticShapes(*signature, "profile")))
    return 1;
  llvm::Expected<std::unique_ptr<runtime::DataSet>> opened =
      runtime::DataSet::open(profile::inputs, *signature, *scale);
  if (!opened)
    return fail(opened.takeError());
  runtime::DataSet &data = **opened;
  int64_t numBatches = data.getNumBatches();
  if (numBatches == 0)
    return fail(data.getDescription() + ": the data set is empty");
  size_t numResults = signature->results.size();
  bool npz = llvm::StringRef(profile::output).ends_with(".npz");
  if (!profile::output.empty()) {
    if (numBatches != 1 || data.getNumSamples() != data.getBatchSize())
      return fail("-o writes the results of one batch, but " +
                  data.getDescription() + " gives " +
                  llvm::Twine(data.getNumSamples()) + " samples in " +
                  llvm::Twine(numBatches) + " batch(es) of " +
                  llvm::Twine(data.getBatchSize()));
    if (numResults != 1 && !npz)
      return fail("@" + entry->name + " has " + llvm::Twine(numResults) +
                  " results: -o needs a .npz file to hold them");
  }

  func.setPublic();
  bool grouped = fusesEpilogues(profile::target);
  FailureOr<runtime::ProfiledFunction> profiled =
      runtime::instrumentForProfiling(func, grouped);
  if (failed(profiled))
    return fail(diagnostics.takeError("cannot instrument @" +
                                      entry->name.str() + " for profiling"));
  if (profiled->layers.empty())
    return fail("@" + entry->name + " in " + profile::model +
                " computes nothing to profile (no op other than constants)");
  llvm::Expected<runtime::FunctionSignature> profiledSignature =
      runtime::getFunctionSignature(profiled->func);
  if (!profiledSignature)
    return fail(profiledSignature.takeError());
  // The entry and its timed clone are lowered and compiled as two modules:
  // a target's code generator may derive global names (packed weights) from
  // the constants both read.
  OwningOpRef<ModuleOp> timedModule = module->clone();
  auto timedFunc =
      timedModule->lookupSymbol<func::FuncOp>(profiled->func.getSymName());
  keepReachable(*timedModule, {timedFunc});
  keepReachable(*module, {func});
  runtime::JitOptions jitOptions;
  jitOptions.optLevel = optLevel;
  auto compile = [&](ModuleOp m, bool hooks)
      -> FailureOr<std::unique_ptr<runtime::JitModule>> {
    if (failed(lowerModule(m, diagnostics, /*printIR=*/false, *numThreads,
                           profile::target, profile::requantizeDtype)))
      return failure();
    if (hooks && failed(runtime::defineProfilerHooks(m))) {
      fail(diagnostics.takeError("cannot define the profiler hooks"));
      return failure();
    }
    llvm::Expected<std::unique_ptr<runtime::JitModule>> jit =
        runtime::JitModule::create(m, jitOptions);
    if (!jit) {
      std::string message = llvm::toString(jit.takeError());
      std::string detail = diagnostics.takeError("");
      fail(detail.empty() ? message : message + ": " + detail);
      return failure();
    }
    return std::move(*jit);
  };
  FailureOr<std::unique_ptr<runtime::JitModule>> jit =
      compile(*module, /*hooks=*/false);
  if (failed(jit))
    return 1;
  FailureOr<std::unique_ptr<runtime::JitModule>> timedJit =
      compile(*timedModule, /*hooks=*/true);
  if (failed(timedJit))
    return 1;
  llvm::Expected<runtime::JitFunction> original = (*jit)->lookup(*signature);
  if (!original)
    return fail(original.takeError());
  llvm::Expected<runtime::JitFunction> timed =
      (*timedJit)->lookup(*profiledSignature);
  if (!timed)
    return fail(timed.takeError());
  original->setNumThreads(*numThreads);
  timed->setNumThreads(*numThreads);

  llvm::Expected<llvm::SmallVector<runtime::NDArray, 1>> results =
      runtime::allocateResults(*signature);
  if (!results)
    return fail(results.takeError());
  llvm::SmallVector<runtime::NDArray, 2> scratch(signature->inputs.size());
  // Every batch's inputs, read once (the timed runs do not read files).
  std::vector<llvm::SmallVector<runtime::NDArray, 2>> batches(numBatches);
  std::vector<llvm::SmallVector<const void *, 2>> batchInputs(numBatches);
  for (int64_t b = 0; b < numBatches; ++b) {
    batches[b].resize(signature->inputs.size());
    if (llvm::Error error =
            data.getBatch(b, batchInputs[b], batches[b]).takeError())
      return fail(std::move(error));
  }
  auto runAll = [&](const runtime::JitFunction &f) {
    for (int64_t b = 0; b < numBatches; ++b)
      f.call(batchInputs[b], *results);
  };
  // Warm-up, then the runs: each repetition runs the original entry, then
  // the timed clone, so that both see the same machine (shared machines
  // drift). The end-to-end time is the original's.
  runAll(*original);
  runAll(*timed);
  // Medians over the repetitions: a run preempted on a busy machine does
  // not move them.
  size_t numLayers = profiled->layers.size();
  runtime::resetLayerTimers(numLayers);
  std::vector<double> endToEndRuns, instrumentedRuns;
  std::vector<std::vector<double>> layerRuns(numLayers);
  std::vector<double> before(numLayers, 0.0);
  for (int64_t r = 0; r < repeat; ++r) {
    auto start = std::chrono::steady_clock::now();
    runAll(*original);
    endToEndRuns.push_back(secondsSince(start));
    start = std::chrono::steady_clock::now();
    runAll(*timed);
    instrumentedRuns.push_back(secondsSince(start));
    const std::vector<double> &now = runtime::getLayerSeconds();
    for (size_t i = 0; i < numLayers; ++i) {
      layerRuns[i].push_back(now[i] - before[i]);
      before[i] = now[i];
    }
  }
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
  };
  std::vector<double> seconds(numLayers);
  for (size_t i = 0; i < numLayers; ++i)
    seconds[i] = median(layerRuns[i]);
  double endToEnd = median(endToEndRuns);
  double instrumented = median(instrumentedRuns);
  std::vector<int64_t> calls = runtime::getLayerCalls();

  if (!profile::output.empty()) {
    // The instrumented entry's results, from one more call (the timer
    // calls only add to the layer times, read above).
    runAll(*timed);
    llvm::SmallVector<const runtime::NDArray *> arrays;
    std::vector<std::string> names;
    for (size_t i = 0; i < numResults; ++i) {
      arrays.push_back(&(*results)[i]);
      names.push_back("arr_" + std::to_string(i));
    }
    std::string bytes;
    if (npz) {
      llvm::Expected<std::string> packed =
          runtime::serializeNpz(names, arrays, profile::output);
      if (!packed)
        return fail(packed.takeError());
      bytes = std::move(*packed);
    } else {
      bytes = runtime::serializeNpy(*arrays[0]);
    }
    if (llvm::Error error =
            runtime::writeFilesAtomically(profile::output, bytes))
      return fail(std::move(error));
  }
  size_t numGrouped = 0;
  for (const runtime::ProfiledLayer &l : profiled->layers)
    numGrouped += !l.grouped.empty();

  // Per run, in microseconds.
  double perRun = 1e6;
  double total = std::accumulate(seconds.begin(), seconds.end(), 0.0);
  std::vector<size_t> order(profiled->layers.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return seconds[a] > seconds[b]; });
  auto share = [&](size_t i) {
    return total > 0 ? 100.0 * seconds[i] / total : 0.0;
  };

  if (profile::json) {
    llvm::json::Array layers;
    for (size_t i : order) {
      const runtime::ProfiledLayer &l = profiled->layers[i];
      layers.push_back(llvm::json::Object{{"layer", l.layer},
                                          {"op", l.ops},
                                          {"calls", calls[i]},
                                          {"time_us", seconds[i] * perRun},
                                          {"percent", share(i)},
                                          {"shape", l.shape}});
    }
    llvm::json::Object root{
        {"model", profile::model},
        {"entry", entry->name},
        {"target", profile::target},
        {"grouped_epilogues", static_cast<int64_t>(numGrouped)},
        {"runs", repeat},
        {"batches_per_run", numBatches},
        {"samples", data.getNumSamples()},
        {"layers", std::move(layers)},
        {"total_us", total * perRun},
        {"instrumented_us", instrumented * perRun},
        {"end_to_end_us", endToEnd * perRun}};
    llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(root)))
                 << "\n";
    return 0;
  }

  size_t nameWidth = 5, opWidth = 2;
  for (const runtime::ProfiledLayer &l : profiled->layers) {
    nameWidth = std::max(nameWidth, l.layer.size());
    opWidth = std::max(opWidth, l.ops.size());
  }
  auto pad = [](llvm::StringRef s, size_t w) {
    std::string r = s.str();
    if (r.size() < w)
      r.append(w - r.size(), ' ');
    return r;
  };
  llvm::outs() << pad("layer", nameWidth) << "  " << pad("op", opWidth)
               << "  " << llvm::formatv("{0,7} {1,12} {2,7}", "calls",
                                        "time(us)", "%")
               << "  shape\n";
  for (size_t i : order) {
    const runtime::ProfiledLayer &l = profiled->layers[i];
    llvm::outs() << pad(l.layer, nameWidth) << "  " << pad(l.ops, opWidth)
                 << "  "
                 << llvm::formatv("{0,7} {1,12:F2} {2,7:F2}", calls[i],
                                  seconds[i] * perRun, share(i))
                 << "  " << l.shape << "\n";
  }
  llvm::outs() << llvm::formatv(
      "total {0:F2} us/run over {1} layers; end-to-end {2:F2} us/run "
      "(measured separately, without timers); layers/end-to-end {3:F1}%; "
      "{4} runs of {5} batch(es); target {6}",
      total * perRun, profiled->layers.size(), endToEnd * perRun,
      endToEnd > 0 ? 100.0 * total / endToEnd : 0.0, repeat, numBatches,
      profile::target);
  if (grouped)
    llvm::outs() << " (" << numGrouped
                 << " conv+epilogue layer(s) timed as one, as the target "
                    "fuses them)";
  llvm::outs() << "\n";
  return 0;
}

} // namespace quantrun
