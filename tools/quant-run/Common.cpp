//===- Common.cpp - Helpers shared by the quant-run subcommands -----------===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#include "QuantRun.h"

#include "QuantMLIR/Pipelines/Pipelines.h"
#include "QuantMLIR/Runtime/BatchRunner.h"
#include "QuantMLIR/Runtime/Npy.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
using namespace quantmlir;

namespace quantrun {

int fail(const llvm::Twine &message) {
  llvm::outs().flush();
  llvm::errs() << "quant-run: error: " << message << "\n";
  return 1;
}

int fail(llvm::Error error) { return fail(llvm::toString(std::move(error))); }

std::string formatType(Type type) {
  std::string result;
  llvm::raw_string_ostream os(result);
  type.print(os);
  return result;
}

/// `file:line:col` of the first file location inside `loc`, or "".
std::string formatLocation(Location loc) {
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

std::string formatDiagnostic(Diagnostic &diag) {
  std::string location = formatLocation(diag.getLocation());
  std::string message = diag.str();
  // Keep the line single: multi-line messages are cut at the first newline.
  message = llvm::StringRef(message).split('\n').first.str();
  return location.empty() ? message : location + ": " + message;
}

/// Parses `path` into a module; errors are reported on stderr.
OwningOpRef<ModuleOp> loadModule(llvm::StringRef path, MLIRContext &context,
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
FailureOr<Entry> findEntry(ModuleOp module, llvm::StringRef requested,
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
    llvm::interleave(
        defined, os, [&](Entry e) { os << "@" << e.name; }, ", ");
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
llvm::Expected<runtime::FunctionSignature>
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
                     "record (" +
                     kSignatureAttrName + "); pass the un-lowered module");
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
  // The wrapper takes one descriptor pointer per input, then one per result;
  // or, when it returns its results (a dynamic result shape), a pointer to
  // the returned descriptors, then one per input.
  LLVM::LLVMFunctionType wrapperType = wrapper.getFunctionType();
  size_t expected =
      signature->inputs.size() +
      (signature->returnsResults() ? 1 : signature->results.size());
  if (wrapperType.getNumParams() != expected ||
      !llvm::isa<LLVM::LLVMVoidType>(wrapperType.getReturnType()) ||
      !llvm::all_of(wrapperType.getParams(),
                    [](Type t) { return llvm::isa<LLVM::LLVMPointerType>(t); }))
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
void keepReachable(ModuleOp module, llvm::ArrayRef<Operation *> roots) {
  SymbolTable symbols(module);
  llvm::SmallPtrSet<Operation *, 16> reached(roots.begin(), roots.end());
  llvm::SmallVector<Operation *> worklist(roots.begin(), roots.end());
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    std::optional<SymbolTable::UseRange> uses = SymbolTable::getSymbolUses(op);
    if (!uses)
      continue;
    for (const SymbolTable::SymbolUse &use : *uses) {
      Operation *target =
          symbols.lookup(use.getSymbolRef().getRootReference().getValue());
      if (target && reached.insert(target).second)
        worklist.push_back(target);
    }
  }
  for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
    if (!reached.contains(func))
      func.erase();
}

void eraseUnreachableFunctions(ModuleOp module, Operation *entry) {
  keepReachable(module, {entry});
}

/// Lowers `module` to the LLVM dialect with qnn-lower-to-llvm.
LogicalResult lowerModule(ModuleOp module, DiagnosticCapture &diags,
                          bool printIR, unsigned threadsPerCall,
                          StringRef target, StringRef requantizeDtype) {
  PassManager pm(module.getContext(), ModuleOp::getOperationName());
  LowerToLLVMOptions options;
  options.target = target.str();
  options.requantizeDtype = requantizeDtype.str();
  // OpenMP only where a call gets several threads: the thread count is set
  // per call at run time (threads=0).
  options.threads = threadsPerCall > 1 ? 0 : 1;
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

unsigned getThreadsPerCall(unsigned numThreads, int64_t numBatches) {
  int64_t workers =
      std::max<int64_t>(1, std::min<int64_t>(numThreads, numBatches));
  return std::max<unsigned>(1, numThreads / workers);
}

/// Checks the output paths before any work: distinct and writable.
LogicalResult checkOutputs(llvm::ArrayRef<std::string> paths) {
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

void warn(const llvm::Twine &message) {
  llvm::outs().flush();
  llvm::errs() << "quant-run: warning: " << message << "\n";
}

std::optional<unsigned> parseThreads(llvm::StringRef text) {
  if (text.empty())
    return runtime::getDefaultNumThreads();
  unsigned threads = 0;
  if (text.getAsInteger(10, threads) || threads < 1 || threads > kMaxThreads)
    return std::nullopt;
  return threads;
}

FailureOr<std::optional<runtime::InputScale>>
parseInputScaleOption(llvm::StringRef text) {
  if (text.empty())
    return std::optional<runtime::InputScale>();
  std::optional<runtime::InputScale> scale = runtime::parseInputScale(text);
  if (!scale) {
    fail("--input-scale must be a finite non-zero number or a fraction such "
         "as 1/255 (got '" +
         text + "')");
    return failure();
  }
  return scale;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
      .count();
}

ProgressBar::ProgressBar(llvm::StringRef what, int64_t total,
                         llvm::StringRef unit)
    : what(what.str()), unit(unit.str()), total(total),
      enabled(llvm::sys::Process::StandardErrIsDisplayed()),
      start(std::chrono::steady_clock::now()) {}

void ProgressBar::update(int64_t done) {
  if (!enabled || total <= 0)
    return;
  constexpr int kWidth = 30;
  double fraction = std::min(1.0, double(done) / double(total));
  int filled = static_cast<int>(fraction * kWidth);
  double elapsed = secondsSince(start);
  double rate = elapsed > 0 ? done / elapsed : 0.0;
  std::string bar(filled, '#');
  bar.append(kWidth - filled, ' ');
  llvm::errs() << "\r" << what << " [" << bar << "] " << done << "/" << total
               << " " << unit;
  if (done > 0 && rate > 0)
    llvm::errs() << llvm::format("  %.1f %s/s  ETA %.1f s", rate, unit.c_str(),
                                 (total - done) / rate);
  llvm::errs() << "\x1b[K";
  llvm::errs().flush();
  drawn = true;
}

void ProgressBar::finish() {
  if (!drawn)
    return;
  llvm::errs() << "\r\x1b[K";
  llvm::errs().flush();
  drawn = false;
}

LogicalResult requireStaticShapes(const runtime::FunctionSignature &sig,
                                  StringRef command) {
  auto check = [&](ArrayRef<runtime::TensorSpec> specs, StringRef what) {
    for (auto [i, spec] : llvm::enumerate(specs))
      if (!spec.hasStaticShape()) {
        fail(command + ": @" + sig.name + " " + what + " " + Twine(i) +
             " has type " + spec.typeName +
             ": dynamic dimensions are not supported here yet; use a model "
             "with a static batch");
        return false;
      }
    return true;
  };
  return success(check(sig.inputs, "argument") && check(sig.results, "result"));
}

} // namespace quantrun
