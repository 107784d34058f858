//===- quant-run.cpp - QuantMLIR runner -----------------------------------===//
//
// Part of QuantMLIR.
//
// quant-run <subcommand> ...
//   run        JIT-compile a model and run it on .npy inputs.
// (calibrate, profile, compare and bench come later: each subcommand is a
// cl::SubCommand with its own options and a `<name>Main` function; the model
// loading, entry selection, lowering and diagnostics helpers are shared.)
//
// Every error is one line `quant-run: error: ...` and a non-zero exit.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/InitAll.h"
#include "QuantMLIR/Pipelines/Pipelines.h"
#include "QuantMLIR/Runtime/JitRunner.h"
#include "QuantMLIR/Runtime/NDArray.h"
#include "QuantMLIR/Runtime/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

using namespace mlir;
using namespace quantmlir;
namespace cl = llvm::cl;

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

static cl::SubCommand
    runCommand("run",
               "JIT-compile a model and run it on .npy inputs:\n"
               "  quant-run run model.mlir --input x.npy [--input y.npy ...] "
               "-o out.npy [-o out2.npy ...] [--entry main] [--repeat N] "
               "[--print]");

namespace run {
static cl::opt<std::string> model(cl::Positional, cl::desc("<model.mlir>"),
                                  cl::sub(runCommand));
static cl::list<std::string>
    inputs("input",
           cl::desc("Input .npy file, one per function argument, "
                    "in order"),
           cl::value_desc("file.npy"), cl::sub(runCommand));
static cl::list<std::string>
    outputs("o",
            cl::desc("Output .npy file, one per function result, in "
                     "order"),
            cl::value_desc("file.npy"), cl::sub(runCommand));
static cl::opt<std::string>
    entry("entry",
          cl::desc("Function to run (default: @main, else the only public "
                   "function)"),
          cl::value_desc("name"), cl::sub(runCommand));
static cl::opt<unsigned>
    repeat("repeat",
           cl::desc("Run the function N times and report the mean "
                    "time per run"),
           cl::value_desc("N"), cl::init(1), cl::sub(runCommand));
static cl::opt<bool> print("print", cl::desc("Print each result to stdout"),
                           cl::sub(runCommand));
static cl::opt<unsigned> optLevel("opt-level",
                                  cl::desc("LLVM optimization level (0-3)"),
                                  cl::init(3), cl::sub(runCommand));
static cl::opt<bool>
    printIRAfterAll("print-ir-after-all",
                    cl::desc("Print the IR after each lowering pass"),
                    cl::sub(runCommand));
} // namespace run

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

static int fail(const llvm::Twine &message) {
  llvm::outs().flush();
  llvm::errs() << "quant-run: error: " << message << "\n";
  return 1;
}

static int fail(llvm::Error error) {
  return fail(llvm::toString(std::move(error)));
}

/// `file:line:col` of the first file location inside `loc`, or "".
static std::string formatLocation(Location loc) {
  std::string result;
  loc->walk([&](Location l) {
    if (auto fileLoc = llvm::dyn_cast<FileLineColLoc>(l)) {
      result = (fileLoc.getFilename().getValue() + ":" +
                llvm::Twine(fileLoc.getLine()) + ":" +
                llvm::Twine(fileLoc.getColumn()))
                   .str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return result;
}

static std::string formatDiagnostic(Diagnostic &diag) {
  std::string location = formatLocation(diag.getLocation());
  std::string message = diag.str();
  // Keep the line single: multi-line messages are cut at the first newline.
  message = llvm::StringRef(message).split('\n').first.str();
  return location.empty() ? message : location + ": " + message;
}

namespace {
/// Captures diagnostics instead of printing them: the first error is kept
/// for a one-line message, warnings are printed as one line each, remarks
/// are dropped.
class DiagnosticCapture {
public:
  explicit DiagnosticCapture(MLIRContext &context)
      : handler(&context, [this](Diagnostic &diag) {
          if (diag.getSeverity() == DiagnosticSeverity::Error) {
            if (!firstError)
              firstError = formatDiagnostic(diag);
          } else if (diag.getSeverity() == DiagnosticSeverity::Warning) {
            llvm::errs() << "quant-run: warning: " << formatDiagnostic(diag)
                         << "\n";
          }
          return success();
        }) {}

  /// The first error, or `fallback` when none was reported.
  std::string takeError(llvm::StringRef fallback) {
    std::string result = firstError ? *firstError : fallback.str();
    firstError.reset();
    return result;
  }

private:
  std::optional<std::string> firstError;
  ScopedDiagnosticHandler handler;
};
} // namespace

/// Parses `path` into a module; errors are reported on stderr.
static OwningOpRef<ModuleOp> loadModule(llvm::StringRef path,
                                        MLIRContext &context,
                                        DiagnosticCapture &diagnostics) {
  std::string errorMessage;
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFileOrSTDIN(path, /*IsText=*/true);
  if (!file) {
    fail(path + ": cannot read file: " + file.getError().message());
    return nullptr;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(*file), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    fail(diagnostics.takeError(path.str() + ": cannot parse the model"));
  return module;
}

/// Picks the function to run: `requested` if given, else @main, else the
/// only public function definition.
static FailureOr<func::FuncOp>
findEntry(ModuleOp module, llvm::StringRef requested, llvm::StringRef path) {
  llvm::SmallVector<func::FuncOp> defined;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isExternal())
      defined.push_back(func);
  auto listFunctions = [&]() {
    std::string list;
    llvm::raw_string_ostream os(list);
    llvm::interleave(
        defined, os, [&](func::FuncOp f) { os << "@" << f.getSymName(); },
        ", ");
    return defined.empty() ? std::string("none") : list;
  };

  if (!requested.empty()) {
    for (func::FuncOp func : defined)
      if (func.getSymName() == requested)
        return func;
    fail("no function @" + requested + " in " + path +
         " (available: " + listFunctions() + ")");
    return failure();
  }
  for (func::FuncOp func : defined)
    if (func.getSymName() == "main")
      return func;
  llvm::SmallVector<func::FuncOp> publicFuncs;
  for (func::FuncOp func : defined)
    if (func.isPublic())
      publicFuncs.push_back(func);
  if (publicFuncs.size() == 1)
    return publicFuncs.front();
  fail(llvm::Twine("no @main in ") + path + " and " +
       (publicFuncs.empty() ? "no public function"
                            : "several public functions") +
       ": choose one with --entry (available: " + listFunctions() + ")");
  return failure();
}

/// Lowers `module` to the LLVM dialect with qnn-lower-to-llvm.
static LogicalResult lowerModule(ModuleOp module, DiagnosticCapture &diags,
                                 bool printIR) {
  PassManager pm(module.getContext(), ModuleOp::getOperationName());
  LowerToLLVMOptions options;
  if (failed(buildLowerToLLVMPipeline(pm, options))) {
    fail("cannot build the qnn-lower-to-llvm pipeline");
    return failure();
  }
  if (printIR) {
    module.getContext()->disableMultithreading();
    pm.enableIRPrinting();
  }
  if (failed(pm.run(module))) {
    fail("model does not lower: " +
         diags.takeError("the lowering pipeline failed"));
    return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// quant-run run
//===----------------------------------------------------------------------===//

static int runMain(MLIRContext &context) {
  if (run::model.empty())
    return fail("no model given: quant-run run model.mlir --input x.npy ... "
                "-o out.npy ...");
  if (run::repeat == 0)
    return fail("--repeat must be at least 1");
  if (run::optLevel > 3)
    return fail("--opt-level must be 0, 1, 2 or 3");

  DiagnosticCapture diagnostics(context);
  OwningOpRef<ModuleOp> module = loadModule(run::model, context, diagnostics);
  if (!module)
    return 1;
  FailureOr<func::FuncOp> entry = findEntry(*module, run::entry, run::model);
  if (failed(entry))
    return 1;

  // The tensor signature is only visible before lowering.
  llvm::Expected<runtime::FunctionSignature> signature =
      runtime::getFunctionSignature(*entry);
  if (!signature)
    return fail(signature.takeError());
  const std::string &name = signature->name;
  if (run::inputs.size() != signature->inputs.size())
    return fail("@" + name + " takes " + llvm::Twine(signature->inputs.size()) +
                " argument(s) but " + llvm::Twine(run::inputs.size()) +
                " input file(s) (--input) were given");
  if (!run::outputs.empty() && run::outputs.size() != signature->results.size())
    return fail("@" + name + " has " + llvm::Twine(signature->results.size()) +
                " result(s) but " + llvm::Twine(run::outputs.size()) +
                " output file(s) (-o) were given");

  llvm::SmallVector<runtime::NDArray> inputs;
  for (auto [i, path] : llvm::enumerate(run::inputs)) {
    llvm::Expected<runtime::NDArray> array = runtime::readNpy(path);
    if (!array)
      return fail(array.takeError());
    if (llvm::Error error = runtime::checkInput(*signature, i, *array))
      return fail(std::move(error));
    inputs.push_back(std::move(*array));
  }

  // An entry chosen with --entry may be private: lowering only gives public
  // functions a C interface.
  entry->setPublic();
  if (failed(lowerModule(*module, diagnostics, run::printIRAfterAll)))
    return 1;

  runtime::JitOptions jitOptions;
  jitOptions.optLevel = run::optLevel;
  llvm::Expected<std::unique_ptr<runtime::JitModule>> jit =
      runtime::JitModule::create(*module, jitOptions);
  if (!jit) {
    std::string message = llvm::toString(jit.takeError());
    return fail(message + diagnostics.takeError("").insert(0, ": "));
  }

  llvm::SmallVector<const runtime::NDArray *> inputPtrs;
  for (runtime::NDArray &array : inputs)
    inputPtrs.push_back(&array);
  llvm::SmallVector<runtime::NDArray, 1> results =
      runtime::allocateResults(*signature);
  double secondsPerRun = 0;
  if (llvm::Error error =
          (*jit)->invoke(name, inputPtrs, results, run::repeat, &secondsPerRun))
    return fail(std::move(error));
  llvm::errs() << "time: " << llvm::format("%.4f", secondsPerRun * 1e3)
               << " ms/run (" << run::repeat << " runs)\n";

  for (auto [i, path] : llvm::enumerate(run::outputs))
    if (llvm::Error error = runtime::writeNpy(path, results[i]))
      return fail(std::move(error));
  if (run::print) {
    for (auto [i, array] : llvm::enumerate(results)) {
      llvm::outs() << "result " << i << ": " << array.describe() << "\n";
      runtime::printArray(llvm::outs(), array);
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::ParseCommandLineOptions(
      argc, argv,
      "QuantMLIR runner\n\n"
      "  quant-run run model.mlir --input x.npy -o out.npy [--print]\n");

  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);

  if (runCommand)
    return runMain(context);
  return fail("no subcommand given (available: run); see quant-run --help");
}
