//===- AOT.cpp - ahead-of-time compilation in quant-translate -------------===//
//
// Part of QuantMLIR.
//
// An LLVM-dialect module -> translateModuleToLLVMIR -> the LLVM O0-O3
// pipeline for the chosen TargetMachine -> object file / assembly / LLVM IR,
// or a shared library (the object linked by the system C compiler driver,
// `cc -shared`, or `<arch>-linux-gnu-gcc` for a cross triple). The target
// triple is --target-triple, else the module's `llvm.target_triple` (set by
// qnn-lower-to-llvm for aarch64-* targets), else the host's. Output is
// written to a temporary file and renamed over the destination once
// complete: a failed run leaves no (half-written) file behind.
// docs/AOT.md shows how to call the `_mlir_ciface_<name>` entry points from C.
//
//===----------------------------------------------------------------------===//

#include "AOT.h"
#include "Dispatch.h"

#include "mlir/Dialect/DLTI/DLTI.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Verifier.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <memory>
#include <optional>
#include <string>

using namespace llvm;

namespace {

cl::OptionCategory aotCategory("Ahead-of-time compilation (docs/AOT.md)");

cl::opt<bool> emitObj("emit-obj",
                      cl::desc("Compile an LLVM-dialect module to an object "
                               "file"),
                      cl::cat(aotCategory));
cl::opt<bool> emitAsm("emit-asm",
                      cl::desc("Compile an LLVM-dialect module to assembly"),
                      cl::cat(aotCategory));
cl::opt<bool> emitLLVM("emit-llvm",
                       cl::desc("Translate an LLVM-dialect module to "
                                "(optimized) LLVM IR text"),
                       cl::cat(aotCategory));
cl::opt<bool> emitShared(
    "emit-shared",
    cl::desc("Compile an LLVM-dialect module to a shared library (the object "
             "linked with `cc -shared`, see --linker)"),
    cl::cat(aotCategory));
cl::list<std::string> inputFiles(
    cl::Positional,
    cl::desc("<input LLVM-dialect .mlir> (several: one per variant, with "
             "run-time dispatch; docs/AOT.md)"),
    cl::cat(aotCategory));
cl::opt<std::string> targetTriple(
    "target-triple",
    cl::desc("Target triple, e.g. aarch64-linux-gnu (default: the module's "
             "llvm.target_triple, else the host)"),
    cl::cat(aotCategory));
cl::opt<std::string>
    mcpu("mcpu",
         cl::desc("Target CPU (default: generic; `native`: the host CPU "
                  "and its features)"),
         cl::init("generic"), cl::cat(aotCategory));
cl::opt<std::string> mattr("mattr",
                           cl::desc("Target features, e.g. +dotprod,+i8mm"),
                           cl::cat(aotCategory));
cl::opt<unsigned> optLevel("opt-level",
                           cl::desc("LLVM optimization level 0-3 (default 3)"),
                           cl::init(3), cl::cat(aotCategory));
cl::opt<bool> exportAll(
    "export-all-functions",
    cl::desc("Keep every function external; by default a function with a C "
             "interface (_mlir_ciface_<name>) is internal, so that only the "
             "C entry points are exported (and a func named `main` does not "
             "clash with the C program's main)"),
    cl::cat(aotCategory));
cl::opt<std::string>
    linker("linker",
           cl::desc("C compiler driver that links --emit-shared (default: "
                    "cc for the host, <arch>-linux-gnu-gcc otherwise)"),
           cl::cat(aotCategory));

int error(const Twine &msg) {
  errs() << "quant-translate: error: " << msg << "\n";
  return 1;
}

/// Initializes every target LLVM was built with (once).
void initializeTargets() {
  static bool done = false;
  if (done)
    return;
  done = true;
  InitializeAllTargetInfos();
  InitializeAllTargets();
  InitializeAllTargetMCs();
  InitializeAllAsmPrinters();
  InitializeAllAsmParsers();
}

/// Checks --mattr against the target's feature names.
std::string checkFeatures(const MCSubtargetInfo &sti, StringRef features) {
  SmallVector<StringRef> list;
  features.split(list, ',', -1, /*KeepEmpty=*/false);
  ArrayRef<SubtargetFeatureKV> known = sti.getAllProcessorFeatures();
  for (StringRef f : list) {
    f = f.trim();
    if (!f.consume_front("+") && !f.consume_front("-"))
      return ("feature '" + f + "' must start with + or -").str();
    if (!llvm::any_of(known, [&](const SubtargetFeatureKV &kv) {
          return StringRef(kv.Key) == f;
        }))
      return ("unknown feature '" + f + "' for this target").str();
  }
  return "";
}

/// Writes `bytes` to `path` atomically (a temporary file renamed over it).
int writeAtomically(StringRef path, StringRef bytes) {
  if (Error e = writeToOutput(path, [&](raw_ostream &os) -> Error {
        os << bytes;
        return Error::success();
      }))
    return error("cannot write '" + path + "': " + toString(std::move(e)));
  return 0;
}

/// The C compiler driver for --emit-shared.
std::string findLinker(const Triple &triple, std::string &why) {
  std::string name = linker;
  if (name.empty()) {
    Triple host(sys::getProcessTriple());
    if (triple.getArch() == host.getArch() && triple.getOS() == host.getOS())
      name = "cc";
    else if (triple.isOSLinux())
      name = (triple.getArchName() + "-linux-gnu-gcc").str();
    else {
      why = "no default linker for '" + triple.str() + "': give --linker";
      return "";
    }
  }
  if (sys::path::has_parent_path(name))
    return name;
  ErrorOr<std::string> found = sys::findProgramByName(name);
  if (!found) {
    why = "linker '" + name + "' not found on PATH (give --linker)";
    return "";
  }
  return *found;
}

/// Links `objectBytes` into a shared library at `path` with the C compiler
/// driver; the library is written next to `path` and renamed over it.
int linkShared(const Triple &triple, StringRef objectBytes, StringRef path,
               bool needsRunnerUtils) {
  std::string why;
  std::string driver = findLinker(triple, why);
  if (driver.empty())
    return error(why);
  SmallString<128> objPath;
  if (std::error_code ec =
          sys::fs::createTemporaryFile("quant-translate", "o", objPath))
    return error("cannot create a temporary file: " + ec.message());
  FileRemover removeObj(objPath);
  if (int rc = writeAtomically(objPath, objectBytes))
    return rc;
  // The library is linked into a temporary next to the destination, then
  // renamed (atomic on one file system).
  SmallString<128> libPath(path);
  libPath += ".tmp%%%%%%";
  SmallString<128> uniqueLib;
  sys::fs::createUniquePath(libPath, uniqueLib, /*MakeAbsolute=*/false);
  FileRemover removeLib(uniqueLib);
  SmallVector<std::string> args = {driver, "-shared", "-o",
                                   std::string(uniqueLib),
                                   std::string(objPath)};
  if (needsRunnerUtils)
    errs() << "quant-translate: note: the module calls memrefCopy: link the "
              "library's users with -lmlir_c_runner_utils\n";
  SmallVector<StringRef> argRefs(args.begin(), args.end());
  std::string execErr;
  int rc = sys::ExecuteAndWait(driver, argRefs, std::nullopt, {}, 0, 0,
                               &execErr);
  if (rc != 0)
    return error("linking with '" + driver + "' failed" +
                 (execErr.empty() ? "" : (": " + execErr)) + " (exit " +
                 Twine(rc) + ")");
  if (std::error_code ec = sys::fs::rename(uniqueLib, path))
    return error("cannot write '" + path + "': " + ec.message());
  return 0;
}

/// Parses one LLVM-dialect module ("-": stdin); null after an error.
mlir::OwningOpRef<mlir::ModuleOp> parseInput(StringRef path,
                                             mlir::MLIRContext &context) {
  std::string errorMessage;
  std::unique_ptr<MemoryBuffer> buffer =
      mlir::openInputFile(path, &errorMessage);
  if (!buffer) {
    error(errorMessage);
    return nullptr;
  }
  auto sourceMgr = std::make_shared<SourceMgr>();
  sourceMgr->AddNewSourceBuffer(std::move(buffer), SMLoc());
  mlir::SourceMgrDiagnosticHandler diagHandler(*sourceMgr, &context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr, &context);
  if (!module)
    error("cannot parse '" + path +
          "' (an LLVM-dialect module is expected: the output of quant-opt "
          "--qnn-lower-to-llvm)");
  return module;
}

} // namespace

namespace quantmlir {
namespace aot {

bool requested() { return emitObj || emitAsm || emitLLVM || emitShared; }

int run(StringRef outputFile) {
  if (int(emitObj) + int(emitAsm) + int(emitLLVM) + int(emitShared) != 1)
    return error("give exactly one of --emit-obj, --emit-asm, --emit-llvm, "
                 "--emit-shared");
  if (optLevel > 3)
    return error("--opt-level must be 0, 1, 2 or 3");
  if (emitShared && outputFile == "-")
    return error("--emit-shared needs an output file (-o lib.so)");

  // Parse the LLVM-dialect module(s).
  mlir::DialectRegistry registry;
  registry.insert<mlir::DLTIDialect, mlir::LLVM::LLVMDialect>();
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::MLIRContext context(registry);
  SmallVector<std::string> paths(inputFiles.begin(), inputFiles.end());
  if (paths.empty())
    paths.push_back("-");
  if (paths.size() > 1 && exportAll)
    return error("--export-all-functions cannot be combined with several "
                 "variants: only the C entry points are dispatched");
  SmallVector<mlir::OwningOpRef<mlir::ModuleOp>> modules;
  for (const std::string &path : paths) {
    mlir::OwningOpRef<mlir::ModuleOp> m = parseInput(path, context);
    if (!m)
      return 1;
    modules.push_back(std::move(m));
  }
  const std::string &inputFile = paths.front();

  // Target machine: --target-triple, else the module's, else the host's.
  std::string moduleTriple;
  for (size_t i = 0; i < modules.size(); ++i) {
    std::string t;
    if (auto attr = (*modules[i])->getAttrOfType<mlir::StringAttr>(
            mlir::LLVM::LLVMDialect::getTargetTripleAttrName()))
      t = attr.getValue().str();
    if (i == 0)
      moduleTriple = t;
    else if (t != moduleTriple)
      return error("'" + paths[i] + "' was lowered for '" +
                   (t.empty() ? std::string("the host") : t) + "', '" +
                   inputFile + "' for '" +
                   (moduleTriple.empty() ? std::string("the host")
                                         : moduleTriple) +
                   "': variants must share one architecture");
  }
  std::string tripleStr = !targetTriple.empty()  ? targetTriple.getValue()
                          : !moduleTriple.empty() ? moduleTriple
                                                  : sys::getDefaultTargetTriple();
  Triple triple(Triple::normalize(tripleStr));
  initializeTargets();
  std::string lookupError;
  const Target *target = TargetRegistry::lookupTarget(triple, lookupError);
  if (!target)
    return error("unknown target triple '" + tripleStr + "': " + lookupError);
  if (!moduleTriple.empty() &&
      Triple(Triple::normalize(moduleTriple)).getArch() != triple.getArch())
    return error("the module was lowered for '" + moduleTriple +
                 "', not for --target-triple=" + tripleStr);
  std::string cpu = mcpu, features = mattr;
  if (cpu == "native") {
    if (triple.getArch() != Triple(sys::getProcessTriple()).getArch())
      return error("--mcpu=native needs the host's architecture as target");
    cpu = sys::getHostCPUName().str();
    SmallVector<std::string> hostFeatures;
    for (const auto &f : sys::getHostCPUFeatures())
      hostFeatures.push_back((f.second ? "+" : "-") + f.first().str());
    if (!features.empty())
      hostFeatures.push_back(features);
    features = llvm::join(hostFeatures, ",");
  }
  {
    std::unique_ptr<MCSubtargetInfo> sti(
        target->createMCSubtargetInfo(triple, "", ""));
    if (!sti)
      return error("no subtarget information for '" + triple.str() + "'");
    if (cpu != "generic" && !sti->isCPUStringValid(cpu))
      return error("unknown CPU '" + cpu + "' for '" + triple.str() + "'");
    if (mcpu != "native") {
      std::string bad = checkFeatures(*sti, features);
      if (!bad.empty())
        return error(bad + " ('" + triple.str() + "')");
    }
  }
  TargetOptions targetOptions;
  CodeGenOptLevel cgLevel = optLevel == 0   ? CodeGenOptLevel::None
                            : optLevel == 1 ? CodeGenOptLevel::Less
                            : optLevel == 2 ? CodeGenOptLevel::Default
                                            : CodeGenOptLevel::Aggressive;
  std::unique_ptr<TargetMachine> tm(target->createTargetMachine(
      triple, cpu, features, targetOptions, Reloc::PIC_, std::nullopt,
      cgLevel));
  if (!tm)
    return error("cannot create a target machine for '" + triple.str() + "'");

  // MLIR LLVM dialect -> LLVM IR.
  LLVMContext llvmContext;
  SmallVector<std::unique_ptr<Module>> llvmModules;
  for (size_t i = 0; i < modules.size(); ++i) {
    std::unique_ptr<Module> m =
        mlir::translateModuleToLLVMIR(*modules[i], llvmContext, paths[i]);
    if (!m)
      return error("cannot translate '" + paths[i] +
                   "' to LLVM IR (is it an LLVM-dialect module? run quant-opt "
                   "--qnn-lower-to-llvm first)");
    m->setTargetTriple(triple);
    m->setDataLayout(tm->createDataLayout());
    llvmModules.push_back(std::move(m));
  }
  bool needsRunnerUtils = false;
  for (std::unique_ptr<Module> &m : llvmModules)
    for (Function &f : *m)
      needsRunnerUtils |= f.isDeclaration() && f.getName() == "memrefCopy";
  std::unique_ptr<Module> llvmModule;
  if (llvmModules.size() == 1) {
    llvmModule = std::move(llvmModules.front());
    for (Function &f : *llvmModule) {
      if (f.isDeclaration())
        continue;
      // Only the C interface is exported: `f` is reached through
      // `_mlir_ciface_f`.
      if (!exportAll && !f.getName().starts_with("_mlir_ciface_") &&
          llvmModule->getFunction(("_mlir_ciface_" + f.getName()).str()))
        f.setLinkage(GlobalValue::InternalLinkage);
    }
  } else {
    if (!triple.isX86() || triple.getArch() != Triple::x86_64)
      return error("several variants (run-time dispatch) are supported for "
                   "x86-64 only, not '" + triple.str() + "'");
    std::string why;
    llvmModule = dispatch::linkVariants(llvmModules, paths, why);
    if (!llvmModule)
      return error(why);
  }

  // Optimize.
  if (optLevel > 0) {
    LoopAnalysisManager lam;
    FunctionAnalysisManager fam;
    CGSCCAnalysisManager cgam;
    ModuleAnalysisManager mam;
    PassBuilder pb(tm.get());
    pb.registerModuleAnalyses(mam);
    pb.registerCGSCCAnalyses(cgam);
    pb.registerFunctionAnalyses(fam);
    pb.registerLoopAnalyses(lam);
    pb.crossRegisterProxies(lam, fam, cgam, mam);
    OptimizationLevel level = optLevel == 1   ? OptimizationLevel::O1
                              : optLevel == 2 ? OptimizationLevel::O2
                                              : OptimizationLevel::O3;
    ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(level);
    mpm.run(*llvmModule, mam);
  }
  if (verifyModule(*llvmModule, &errs()))
    return error("the optimized LLVM IR does not verify");

  // Emit into memory, then write the file in one go.
  SmallString<0> bytes;
  raw_svector_ostream os(bytes);
  if (emitLLVM) {
    llvmModule->print(os, nullptr);
  } else {
    legacy::PassManager codegen;
    CodeGenFileType kind =
        emitAsm ? CodeGenFileType::AssemblyFile : CodeGenFileType::ObjectFile;
    if (tm->addPassesToEmitFile(codegen, os, nullptr, kind))
      return error("the target '" + triple.str() + "' cannot emit " +
                   (emitAsm ? "assembly" : "an object file"));
    codegen.run(*llvmModule);
  }
  if (emitShared)
    return linkShared(triple, bytes, outputFile, needsRunnerUtils);
  return writeAtomically(outputFile, bytes);
}

} // namespace aot
} // namespace quantmlir
