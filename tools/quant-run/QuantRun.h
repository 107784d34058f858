//===- QuantRun.h - Helpers shared by the quant-run subcommands -*- C++ -*-===//
//
// Part of QuantMLIR.
//
// Model loading, entry selection, lowering, diagnostics and small command-line
// helpers used by every subcommand (Run.cpp, Calibrate.cpp). Every error is
// one line `quant-run: error: ...` on stderr.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_TOOLS_QUANTRUN_QUANTRUN_H
#define QUANTMLIR_TOOLS_QUANTRUN_QUANTRUN_H

#include "QuantMLIR/Pipelines/Pipelines.h"
#include "QuantMLIR/Runtime/DataSet.h"
#include "QuantMLIR/Runtime/JitRunner.h"
#include "QuantMLIR/Runtime/LayerTaps.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

#include <chrono>
#include <optional>
#include <string>

namespace quantrun {

/// Prints `quant-run: error: <message>` and returns 1.
int fail(const llvm::Twine &message);
int fail(llvm::Error error);
/// Prints `quant-run: warning: <message>`.
void warn(const llvm::Twine &message);

std::string formatType(mlir::Type type);
/// `file:line:col` of the first file location inside `loc`, or "".
std::string formatLocation(mlir::Location loc);
/// `file:line:col: message`, cut to its first line.
std::string formatDiagnostic(mlir::Diagnostic &diag);

/// Captures diagnostics instead of printing them: the first error is kept
/// for a one-line message, warnings are printed as one line each, remarks
/// are dropped.
class DiagnosticCapture {
public:
  explicit DiagnosticCapture(mlir::MLIRContext &context)
      : handler(&context, [this](mlir::Diagnostic &diag) {
          if (diag.getSeverity() == mlir::DiagnosticSeverity::Error) {
            if (!firstError)
              firstError = formatDiagnostic(diag);
          } else if (diag.getSeverity() == mlir::DiagnosticSeverity::Warning) {
            llvm::errs() << "quant-run: warning: " << formatDiagnostic(diag)
                         << "\n";
          }
          return mlir::success();
        }) {}

  /// The first error, or `fallback` when none was reported.
  std::string takeError(llvm::StringRef fallback) {
    std::string result = firstError ? *firstError : fallback.str();
    firstError.reset();
    return result;
  }

private:
  std::optional<std::string> firstError;
  mlir::ScopedDiagnosticHandler handler;
};

/// Parses `path` into a module; errors are reported on stderr.
mlir::OwningOpRef<mlir::ModuleOp> loadModule(llvm::StringRef path,
                                             mlir::MLIRContext &context,
                                             DiagnosticCapture &diagnostics);

/// The function to run: a func.func, lowered by quant-run, or an llvm.func
/// of a module lowered ahead of time by qnn-lower-to-llvm.
struct Entry {
  mlir::Operation *op = nullptr;
  llvm::StringRef name;
  bool isLowered() const { return llvm::isa<mlir::LLVM::LLVMFuncOp>(op); }
};

/// Picks the function to run: `requested` if given, else @main, else the
/// only public function definition. Lowered modules offer their llvm.func
/// definitions, less the C interface wrappers.
mlir::FailureOr<Entry> findEntry(mlir::ModuleOp module,
                                 llvm::StringRef requested,
                                 llvm::StringRef path);

/// Reads the signature of a function lowered by qnn-lower-to-llvm from the
/// record the pipeline left, and checks that the module can be run as is.
llvm::Expected<quantmlir::runtime::FunctionSignature>
getLoweredSignature(mlir::ModuleOp module, mlir::LLVM::LLVMFuncOp func,
                    llvm::StringRef path);

/// Erases the func.func ops that `entry` does not reach through symbol
/// references.
void eraseUnreachableFunctions(mlir::ModuleOp module, mlir::Operation *entry);

/// Erases the func.func ops that none of `roots` reaches (Compare.cpp).
void keepReachable(mlir::ModuleOp module,
                   llvm::ArrayRef<mlir::Operation *> roots);

/// Lowers `module` to the LLVM dialect with qnn-lower-to-llvm; with
/// `threadsPerCall` > 1 its parallel loops become OpenMP loops whose thread
/// count is set at run time (JitFunction::setNumThreads), else it is
/// single-threaded.
/// Help of run's and profile's --requantize-dtype.
inline constexpr const char *kRequantizeDtypeHelp =
    "qnn.requantize / qnn.add arithmetic for a model that is not lowered yet "
    "(qnn-lower-to-llvm requantize-dtype=): int64 (default, the exact fixed "
    "point) or float32 (f32 scales, as ONNX Runtime and oneDNN: faster, a "
    "result may be one step off near a rounding tie)";

/// `requantizeDtype`: qnn-lower-to-llvm's requantize-dtype (int64 | float32).
mlir::LogicalResult lowerModule(mlir::ModuleOp module, DiagnosticCapture &diags,
                                bool printIR, unsigned threadsPerCall = 1,
                                llvm::StringRef target = "generic",
                                llvm::StringRef requantizeDtype = "int64");

/// Checks --target of run / profile before any work: the JIT runs on this
/// machine, so AArch64 and NVPTX targets are refused (one line, exit 1: they
/// are compiled ahead of time); unknown names get the lowering's own error.
inline mlir::LogicalResult checkJitTarget(llvm::StringRef target) {
  if (target.starts_with("aarch64-") || target.starts_with("nvptx")) {
    fail("--target " + target +
         " does not run on this machine; compile it ahead of time with "
         "quant-translate --emit-obj (docs/AOT.md)");
    return mlir::failure();
  }
  // The x86 kernels fault (SIGILL) on a CPU without the features the target
  // compiles for (its target_features in lib/Pipelines/Pipelines.cpp).
  // QUANTMLIR_HOST_FEATURES stands in for the CPU's list in tests.
  struct X86Need {
    const char *target, *what;
    std::initializer_list<const char *> features;
  };
  static const X86Need needs[] = {
      {"x86-avx2", "AVX2 and FMA", {"avx2", "fma"}},
      {"x86-avxvnni", "AVX-VNNI", {"avxvnni", "avx2", "fma"}},
      {"x86-avx512vnni",
       "AVX512-VNNI (with AVX512 F, VL, BW, DQ, AVX2 and FMA)",
       {"avx512vnni", "avx512f", "avx512vl", "avx512bw", "avx512dq", "avx2",
        "fma"}},
  };
  for (const X86Need &need : needs) {
    if (target != need.target)
      continue;
    for (const char *f : need.features) {
      if (quantmlir::hostHasFeature(f))
        continue;
      fail("--target " + target + " needs a CPU with " + need.what +
           ", which this machine lacks; use --target host, or compile it "
           "ahead of time with quant-translate --emit-obj (docs/AOT.md)");
      return mlir::failure();
    }
  }
  return mlir::success();
}

/// How --threads N is spent on `numBatches` batches: min(N, batches)
/// workers run whole batches concurrently, and each call (one batch) runs
/// its parallel loops on N / workers OpenMP threads. Returns that per-call
/// count (at least 1).
unsigned getThreadsPerCall(unsigned numThreads, int64_t numBatches);

/// Checks the output paths before any work: distinct and writable.
mlir::LogicalResult checkOutputs(llvm::ArrayRef<std::string> paths);

/// Parses --threads: "" gives the hardware's number (all cores), else
/// 1..kMaxThreads.
std::optional<unsigned> parseThreads(llvm::StringRef text);
constexpr unsigned kMaxThreads = 1024;

/// Parses --input-scale ("" gives none); reports a bad value and fails.
mlir::FailureOr<std::optional<quantmlir::runtime::InputScale>>
parseInputScaleOption(llvm::StringRef text);

/// Seconds since `start`.
double secondsSince(std::chrono::steady_clock::time_point start);

/// compare / profile / search tap and time static-shape models only: reports
/// (one line, naming the argument or result) a dynamic dimension in `sig` and
/// fails.
mlir::LogicalResult
requireStaticShapes(const quantmlir::runtime::FunctionSignature &sig,
                    llvm::StringRef command);

/// A progress bar on stderr, drawn only when stderr is a terminal:
/// `<what> [#####     ] 300/1000 samples  812 samples/s  ETA 0.9 s`.
class ProgressBar {
public:
  ProgressBar(llvm::StringRef what, int64_t total, llvm::StringRef unit);
  ~ProgressBar() { finish(); }
  bool isEnabled() const { return enabled; }
  void update(int64_t done);
  /// Erases the bar.
  void finish();

private:
  std::string what, unit;
  int64_t total;
  bool enabled;
  bool drawn = false;
  std::chrono::steady_clock::time_point start;
};

// The subcommands.
bool isRunCommand();
int runMain(mlir::MLIRContext &context);
bool isCalibrateCommand();
int calibrateMain(mlir::MLIRContext &context);
bool isMergeStatsCommand();
int mergeStatsMain(mlir::MLIRContext &context);
bool isCompareCommand();
int compareMain(mlir::MLIRContext &context);
bool isProfileCommand();
int profileMain(mlir::MLIRContext &context);
bool isSearchCommand();
int searchMain(mlir::MLIRContext &context);

/// What compareModels compares (Compare.cpp): a float model and its
/// quantized form, given as files or as modules (cloned, not modified).
struct CompareRequest {
  std::string floatPath, quantPath;
  mlir::ModuleOp floatModule, quantModule;
  std::string entry;
  std::vector<std::string> inputs;
  std::optional<quantmlir::runtime::InputScale> scale;
  unsigned optLevel = 3;
  /// Threads of each call's parallel loops (OpenMP when > 1).
  unsigned threads = 1;
  /// Keep the entry's results over all batches (CompareResult::*Outputs).
  bool keepOutputs = false;
  /// Time the quantized entry on the first batch this many times (the
  /// median goes to CompareResult::quantSecondsPerBatch).
  int64_t timeRepeat = 0;
};

struct LayerError {
  std::string layer, op, quantOp, shape;
  quantmlir::runtime::ErrorStats stats;
};

struct CompareResult {
  /// Layers of both models, in the float model's order.
  std::vector<LayerError> layers;
  std::vector<std::string> onlyFloat, onlyQuant, skipped;
  int64_t numSamples = 0;
  /// The entries' results, batches concatenated along dimension 0.
  std::vector<quantmlir::runtime::NDArray> floatOutputs, quantOutputs;
  double quantSecondsPerBatch = 0;
};

/// Runs both models of `request` on whole batches of its inputs; errors are
/// reported (one line) and give failure().
mlir::FailureOr<CompareResult> compareModels(mlir::MLIRContext &context,
                                             const CompareRequest &request);

} // namespace quantrun

#endif // QUANTMLIR_TOOLS_QUANTRUN_QUANTRUN_H
