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
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
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
// Numbers are read as strings and checked here, so that a bad value gives
// the one-line error like every other mistake.
static cl::opt<std::string>
    repeat("repeat",
           cl::desc("Run the function N times and report the mean "
                    "time per run"),
           cl::value_desc("N"), cl::init("1"), cl::sub(runCommand));
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

static std::string formatType(Type type) {
  std::string result;
  llvm::raw_string_ostream os(result);
  type.print(os);
  return result;
}

/// Upper bound of --repeat.
static constexpr int64_t kMaxRepeat = 1000000000;

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
  // Ops of unknown dialects are parsed, then reported with their name below:
  // the parser's own message suggests a flag quant-run does not have.
  context.allowUnregisteredDialects(true);
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  context.allowUnregisteredDialects(false);
  if (!module) {
    fail(diagnostics.takeError(path.str() + ": cannot parse the model"));
    return nullptr;
  }
  Operation *unregistered = nullptr;
  module->walk([&](Operation *op) {
    if (op->isRegistered())
      return WalkResult::advance();
    unregistered = op;
    return WalkResult::interrupt();
  });
  if (unregistered) {
    std::string location = formatLocation(unregistered->getLoc());
    fail((location.empty() ? path.str() : location) + ": operation '" +
         unregistered->getName().getStringRef() +
         "' is unknown to quant-run (dialect '" +
         unregistered->getName().getDialectNamespace() +
         "' is not registered)");
    return nullptr;
  }
  return module;
}

namespace {
/// The function to run: a func.func, lowered by quant-run, or an llvm.func
/// of a module lowered ahead of time by qnn-lower-to-llvm.
struct Entry {
  Operation *op = nullptr;
  llvm::StringRef name;
  bool isLowered() const { return llvm::isa<LLVM::LLVMFuncOp>(op); }
};
} // namespace

static constexpr llvm::StringLiteral kCInterfacePrefix = "_mlir_ciface_";

/// Whether `func` can be the default entry: a public func.func, or an
/// llvm.func with a C interface wrapper (lowering makes every function
/// public, so the wrapper is what marks the public ones).
static bool isCallable(ModuleOp module, Entry entry) {
  if (auto func = llvm::dyn_cast<func::FuncOp>(entry.op))
    return func.isPublic();
  return module.lookupSymbol<LLVM::LLVMFuncOp>(
             (kCInterfacePrefix + entry.name).str()) != nullptr;
}

/// Picks the function to run: `requested` if given, else @main, else the
/// only public function definition. Lowered modules offer their llvm.func
/// definitions, less the C interface wrappers.
static FailureOr<Entry> findEntry(ModuleOp module, llvm::StringRef requested,
                                  llvm::StringRef path) {
  llvm::SmallVector<Entry> defined;
  for (Operation &op : module.getBody()->getOperations()) {
    if (auto func = llvm::dyn_cast<func::FuncOp>(op)) {
      if (!func.isExternal())
        defined.push_back({func, func.getSymName()});
    } else if (auto func = llvm::dyn_cast<LLVM::LLVMFuncOp>(op)) {
      if (!func.isExternal() &&
          !func.getSymName().starts_with(kCInterfacePrefix))
        defined.push_back({func, func.getSymName()});
    }
  }
  if (defined.empty()) {
    fail(path + " defines no function to run");
    return failure();
  }
  auto listFunctions = [&]() {
    std::string list;
    llvm::raw_string_ostream os(list);
    llvm::interleave(defined, os, [&](Entry e) { os << "@" << e.name; },
                     ", ");
    return list;
  };

  if (!requested.empty()) {
    for (Entry entry : defined)
      if (entry.name == requested)
        return entry;
    fail("no function @" + requested + " in " + path +
         " (available: " + listFunctions() + ")");
    return failure();
  }
  for (Entry entry : defined)
    if (entry.name == "main")
      return entry;
  llvm::SmallVector<Entry> callable;
  for (Entry entry : defined)
    if (isCallable(module, entry))
      callable.push_back(entry);
  if (callable.size() == 1)
    return callable.front();
  fail(llvm::Twine("no @main in ") + path + " and " +
       (callable.empty() ? "no public function" : "several public functions") +
       ": choose one with --entry (available: " + listFunctions() + ")");
  return failure();
}

/// Reads the signature of a function lowered by qnn-lower-to-llvm from the
/// record the pipeline left, and checks that the module can be run as is.
static llvm::Expected<runtime::FunctionSignature>
getLoweredSignature(ModuleOp module, LLVM::LLVMFuncOp func,
                    llvm::StringRef path) {
  auto makeError = [](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   message.str());
  };
  llvm::StringRef name = func.getSymName();
  std::string wrapperName = (kCInterfacePrefix + name).str();
  auto wrapper = module.lookupSymbol<LLVM::LLVMFuncOp>(wrapperName);
  auto hasRecord = [](LLVM::LLVMFuncOp f) {
    auto record = f->getAttrOfType<TypeAttr>(kSignatureAttrName);
    return record && llvm::isa<FunctionType>(record.getValue());
  };
  // In a module that qnn-lower-to-llvm lowered (other functions carry the
  // record), a function without a wrapper was a private one.
  if ((!wrapper || wrapper.isExternal()) && !hasRecord(func) &&
      llvm::any_of(module.getOps<LLVM::LLVMFuncOp>(), hasRecord))
    return makeError("@" + name + " in " + path + " has no C interface (@" +
                     wrapperName +
                     "): only public functions get one; pass the un-lowered "
                     "module and choose the function with --entry");
  if (!hasRecord(func))
    return makeError("@" + name + " in " + path +
                     " was lowered without qnn-lower-to-llvm's signature "
                     "record (" + kSignatureAttrName +
                     "); pass the un-lowered module");
  auto type = llvm::cast<FunctionType>(
      func->getAttrOfType<TypeAttr>(kSignatureAttrName).getValue());
  llvm::Expected<runtime::FunctionSignature> signature =
      runtime::getFunctionSignature(type, name);
  if (!signature)
    return signature.takeError();
  if (!wrapper || wrapper.isExternal())
    return makeError("@" + name + " in " + path + " has no C interface (@" +
                     wrapperName +
                     "): only public functions get one; pass the un-lowered "
                     "module and choose the function with --entry");
  // The wrapper takes one descriptor pointer per input, then one per result.
  LLVM::LLVMFunctionType wrapperType = wrapper.getFunctionType();
  size_t expected = signature->inputs.size() + signature->results.size();
  if (wrapperType.getNumParams() != expected ||
      !llvm::isa<LLVM::LLVMVoidType>(wrapperType.getReturnType()) ||
      !llvm::all_of(wrapperType.getParams(), [](Type t) {
        return llvm::isa<LLVM::LLVMPointerType>(t);
      }))
    return makeError("@" + wrapperName + " in " + path + " does not match " +
                     "the recorded signature " + formatType(type) +
                     " (expected " + llvm::Twine(expected) +
                     " pointer arguments and no result)");

  // Everything must already be in a dialect that translates to LLVM IR.
  if (Operation *op = runtime::findUntranslatableOp(module)) {
    std::string location = formatLocation(op->getLoc());
    return makeError(path + " is only partially lowered: '" +
                     op->getName().getStringRef() + "'" +
                     (location.empty() ? "" : " at " + location) +
                     " is not in the LLVM dialect; pass the un-lowered "
                     "module");
  }
  return signature;
}

/// Erases the func.func ops (definitions and declarations) that `entry` does
/// not reach through symbol references: only what runs is lowered, compiled
/// and linked, so that a function quant-run does not call cannot make the run
/// fail.
static void eraseUnreachableFunctions(ModuleOp module, Operation *entry) {
  SymbolTable symbols(module);
  llvm::SmallPtrSet<Operation *, 16> reached{entry};
  llvm::SmallVector<Operation *> worklist{entry};
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    std::optional<SymbolTable::UseRange> uses = SymbolTable::getSymbolUses(op);
    if (!uses)
      continue;
    for (const SymbolTable::SymbolUse &use : *uses) {
      Operation *target = symbols.lookup(
          use.getSymbolRef().getRootReference().getValue());
      if (target && reached.insert(target).second)
        worklist.push_back(target);
    }
  }
  for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
    if (!reached.contains(func))
      func.erase();
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
  if (Operation *op = runtime::findUntranslatableOp(module)) {
    std::string location = formatLocation(op->getLoc());
    fail("model does not lower: " +
         (location.empty() ? std::string() : location + ": ") + "'" +
         op->getName().getStringRef() +
         "' is left after qnn-lower-to-llvm (it has no lowering to the LLVM "
         "dialect)");
    return failure();
  }
  return success();
}

/// Checks the output paths before any work: distinct and writable.
static LogicalResult checkOutputs(llvm::ArrayRef<std::string> paths) {
  llvm::StringMap<std::string> seen;
  for (const std::string &path : paths) {
    llvm::SmallString<256> absolute(path);
    llvm::sys::fs::make_absolute(absolute);
    llvm::sys::path::remove_dots(absolute, /*remove_dot_dot=*/true);
    auto [it, inserted] = seen.try_emplace(absolute, path);
    if (!inserted) {
      fail("-o " + path + " is given twice" +
           (it->second == path ? "" : " (also as -o " + it->second + ")") +
           ": give one output file per result");
      return failure();
    }
    if (llvm::Error error = runtime::checkWritable(path)) {
      fail(std::move(error));
      return failure();
    }
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
  int64_t repeat = 0;
  if (llvm::StringRef(run::repeat).getAsInteger(10, repeat) || repeat < 1 ||
      repeat > kMaxRepeat)
    return fail("--repeat must be an integer between 1 and " +
                llvm::Twine(kMaxRepeat) + " (got '" + run::repeat + "')");
  unsigned optLevel = 0;
  if (llvm::StringRef(run::optLevel).getAsInteger(10, optLevel) ||
      optLevel > 3)
    return fail("--opt-level must be 0, 1, 2 or 3 (got '" + run::optLevel +
                "')");
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
  llvm::Expected<llvm::SmallVector<runtime::NDArray, 1>> results =
      runtime::allocateResults(*signature);
  if (!results)
    return fail(results.takeError());

  if (!entry->isLowered()) {
    // An entry chosen with --entry may be private: lowering only gives
    // public functions a C interface.
    llvm::cast<func::FuncOp>(entry->op).setPublic();
    eraseUnreachableFunctions(*module, entry->op);
    if (failed(lowerModule(*module, diagnostics, run::printIRAfterAll)))
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

  llvm::SmallVector<const runtime::NDArray *> inputPtrs;
  for (runtime::NDArray &array : inputs)
    inputPtrs.push_back(&array);
  double secondsPerRun = 0;
  if (llvm::Error error = (*jit)->invoke(name, inputPtrs, *results,
                                         repeat, &secondsPerRun))
    return fail(std::move(error));

  llvm::SmallVector<const runtime::NDArray *> resultPtrs;
  for (runtime::NDArray &array : *results)
    resultPtrs.push_back(&array);
  if (llvm::Error error = runtime::writeNpyFiles(
          run::outputs, llvm::ArrayRef(resultPtrs).take_front(
                            run::outputs.size())))
    return fail(std::move(error));
  llvm::errs() << "time: " << llvm::format("%.4f", secondsPerRun * 1e3)
               << " ms/run (" << repeat << " runs)\n";
  if (run::print) {
    for (auto [i, array] : llvm::enumerate(*results)) {
      llvm::outs() << "result " << i << ": " << array.describe() << "\n";
      runtime::printArray(llvm::outs(), array);
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  // Command-line errors become one `quant-run: error: ...` line too.
  std::string cliErrors;
  llvm::raw_string_ostream cliErrorStream(cliErrors);
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "QuantMLIR runner\n\n"
          "  quant-run run model.mlir --input x.npy -o out.npy [--print]\n",
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

  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);

  if (runCommand)
    return runMain(context);
  return fail("no subcommand given (available: run); see quant-run --help");
}
