//===- quant-run.cpp - QuantMLIR runner -----------------------------------===//
//
// Part of QuantMLIR.
//
// quant-run <subcommand> ...
//   run          JIT-compile a model and run it on .npy / .npz inputs, in
//                batches when the data set is larger than the batch (Run.cpp).
//   calibrate    Activation statistics of an annotated model over a data set
//                (Calibrate.cpp).
//   merge-stats  Merge statistics files of shards of a data set.
//   compare      Per-layer SQNR / max error / cosine of a quantized model
//                against its float model (Compare.cpp).
//   profile      Per-layer time table (Profile.cpp).
//   search       Accuracy-aware mixed precision: a precision map for
//                qnn-annotate (Search.cpp).
// Each subcommand is a cl::SubCommand with its own options and a
// `<name>Main` function; the model loading, entry selection, lowering and
// diagnostics helpers are shared, QuantRun.h.
//
// Every error is one line `quant-run: error: ...` and a non-zero exit.
//
//===----------------------------------------------------------------------===//

#include "QuantRun.h"

#include "QuantMLIR/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"

#include <cstdlib>
#include <cstring>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace quantrun;
namespace cl = llvm::cl;

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  // Command-line errors become one `quant-run: error: ...` line too.
  std::string cliErrors;
  llvm::raw_string_ostream cliErrorStream(cliErrors);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "QuantMLIR runner\n\n"
          "  quant-run run model.mlir --input x.npy -o out.npy [--print]\n"
          "  quant-run calibrate annotated.mlir --input calib.npy -o "
          "stats.json\n"
          "  quant-run merge-stats a.json b.json -o all.json\n"
          "  quant-run compare fp32.mlir int8.mlir --input x.npy [--json]\n"
          "  quant-run profile model.mlir --input x.npy [--json]\n"
          "  quant-run search model.mlir --calib calib.npy --eval eval.npy "
          "--budget \"sqnr>=35\" -o precision.json\n",
          &cliErrorStream)) {
    llvm::SmallVector<llvm::StringRef> lines;
    llvm::StringRef(cliErrors).split(lines, '\n', /*MaxSplit=*/-1,
                                     /*KeepEmpty=*/false);
    std::string message;
    for (llvm::StringRef line : lines) {
      line = line.trim();
      line.consume_front(llvm::sys::path::filename(argv[0]));
      line.consume_front(":");
      if (!message.empty())
        message += " ";
      message += line.trim().str();
    }
    return fail(message.empty() ? "invalid command line" : message);
  }

  // Compiled models malloc and free their intermediate buffers on every
  // call (up to megabytes each in a float CNN). glibc serves those with
  // fresh mmaps or gives the top of the heap back to the kernel on free,
  // so each call page-faults its buffers in again: 70% of a MobileNetV2
  // fp32 call (docs/Design.md, "Buffers and malloc"). quant-run keeps freed
  // memory in the heap, like ONNX Runtime's arena, unless the user tuned
  // malloc through GLIBC_TUNABLES. (A process-wide setting: done by the tool,
  // not by the JitRunner library that other programs embed.)
#if defined(__GLIBC__)
  const char *tunables = std::getenv("GLIBC_TUNABLES");
  if (!tunables || !std::strstr(tunables, "glibc.malloc.")) {
    mallopt(M_MMAP_THRESHOLD, 32 << 20); // glibc's largest on 64 bits
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
  }
#endif

  mlir::DialectRegistry registry;
  quantmlir::registerAllDialects(registry);
  mlir::MLIRContext context(registry);

  if (isRunCommand())
    return runMain(context);
  if (isCalibrateCommand())
    return calibrateMain(context);
  if (isMergeStatsCommand())
    return mergeStatsMain(context);
  if (isCompareCommand())
    return compareMain(context);
  if (isProfileCommand())
    return profileMain(context);
  if (isSearchCommand())
    return searchMain(context);
  return fail("no subcommand given (available: run, calibrate, merge-stats, "
              "compare, profile, search); see quant-run --help");
}
