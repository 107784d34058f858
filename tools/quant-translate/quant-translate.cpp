//===- quant-translate.cpp - QuantMLIR translation tool -------------------===//
//
// Translations into and out of MLIR. Today: `--import-onnx model.onnx`, an
// ONNX model to a func of TOSA ops (lib/Frontend/ONNX, docs/ONNX.md).
// `--emit-obj|--emit-asm|--emit-llvm|--emit-shared module.mlir`: an
// LLVM-dialect module compiled ahead of time (AOT.cpp, docs/AOT.md).
// Errors are one line, `quant-translate: error: ...`, with a non-zero exit;
// the output file is written only after a successful import (a failed run
// leaves no file behind).
//
//===----------------------------------------------------------------------===//

#include "AOT.h"

#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OperationSupport.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#ifdef QUANT_MLIR_ENABLE_ONNX
#include "QuantMLIR/Frontend/ONNXImporter.h"
#endif

using namespace llvm;

static cl::opt<std::string> importOnnx(
    "import-onnx", cl::desc("Import an ONNX model (ModelProto, opset 11-17)"),
    cl::value_desc("model.onnx"));
static cl::opt<std::string> outputFile("o", cl::desc("Output file"),
                                       cl::value_desc("file"), cl::init("-"));
static cl::opt<int64_t>
    batch("batch",
          cl::desc("Fix a symbolic dimension 0 (batch) of the model's "
                   "inputs to N (default: a dynamic dimension)"),
          cl::value_desc("N"), cl::init(0));
static cl::opt<std::string> entryName("entry",
                                      cl::desc("Name of the imported function"),
                                      cl::init("main"));
static cl::opt<bool> fuseQDQ(
    "fuse-qdq",
    cl::desc("Run qnn-fuse-qdq on a QDQ model after import: "
             "DequantizeLinear -> op -> QuantizeLinear become integer qnn "
             "ops (default on; --fuse-qdq=false keeps the float QDQ graph)"),
    cl::init(true));
static cl::opt<bool> emitBytecode(
    "emit-bytecode",
    cl::desc("Write MLIR bytecode instead of text (also chosen for an output "
             "file ending in .mlirbc)"),
    cl::init(false));
static cl::opt<bool> emitText(
    "emit-text",
    cl::desc("Write text even when the constants exceed "
             "--bytecode-threshold"),
    cl::init(false));
static cl::opt<uint64_t> bytecodeThreshold(
    "bytecode-threshold",
    cl::desc("Write MLIR bytecode when the imported constants exceed this "
             "many bytes (default 16 MiB; --emit-text writes text anyway)"),
    cl::value_desc("bytes"), cl::init(16u << 20));

/// Bytes of dense constant data in the module (weights).
static uint64_t constantBytes(mlir::ModuleOp module) {
  uint64_t total = 0;
  module.walk([&](mlir::Operation *op) {
    for (mlir::NamedAttribute a : op->getAttrs())
      if (auto d = dyn_cast<mlir::DenseElementsAttr>(a.getValue()))
        total += d.getRawData().size();
  });
  return total;
}

static int error(const Twine &msg) {
  errs() << "quant-translate: error: " << msg << "\n";
  return 1;
}

int main(int argc, char **argv) {
  InitLLVM y(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "QuantMLIR translation tool\n");
  // --emit-obj / --emit-asm / --emit-llvm / --emit-shared (AOT.cpp).
  if (quantmlir::aot::requested())
    return quantmlir::aot::run(outputFile);
  if (importOnnx.empty())
    return error("nothing to do: give --import-onnx model.onnx or "
                 "--emit-obj / --emit-asm / --emit-llvm / --emit-shared "
                 "module.mlir");
  if (batch < 0)
    return error("--batch must be positive");
#ifndef QUANT_MLIR_ENABLE_ONNX
  return error("this quant-translate was built without ONNX support "
               "(libonnx-dev was not found at configure time)");
#else
  mlir::MLIRContext context;
  // Every diagnostic becomes one line on stderr.
  context.getDiagEngine().registerHandler([](mlir::Diagnostic &diag) {
    if (diag.getSeverity() != mlir::DiagnosticSeverity::Error)
      return;
    std::string where;
    if (auto nl = dyn_cast<mlir::NameLoc>(diag.getLocation()))
      where = ("op '" + nl.getName().getValue() + "': ").str();
    std::string msg = diag.str();
    for (char &c : msg)
      if (c == '\n')
        c = ' ';
    errs() << "quant-translate: error: " << where << msg << "\n";
  });

  auto buf = MemoryBuffer::getFile(importOnnx, /*IsText=*/false,
                                   /*RequiresNullTerminator=*/false);
  if (!buf)
    return error("cannot read '" + importOnnx +
                 "': " + buf.getError().message());
  mlir::qnn::ONNXImportOptions opts;
  opts.batch = batch;
  opts.entryName = entryName;
  opts.fuseQDQ = fuseQDQ;
  auto module = mlir::qnn::importONNXModel((*buf)->getBuffer(), importOnnx,
                                           &context, opts);
  if (!module)
    return 1;

  std::string errorMessage;
  auto out = mlir::openOutputFile(outputFile, &errorMessage);
  if (!out)
    return error(errorMessage);
  bool bytecode = emitBytecode || StringRef(outputFile).ends_with(".mlirbc");
  if (!bytecode && !emitText) {
    uint64_t bytes = constantBytes(*module);
    if (bytes > bytecodeThreshold) {
      bytecode = true;
      errs() << "quant-translate: note: writing MLIR bytecode (" << bytes
             << " bytes of constants > --bytecode-threshold="
             << bytecodeThreshold << "; --emit-text writes text)\n";
    }
  }
  if (bytecode) {
    if (mlir::failed(mlir::writeBytecodeToFile(*module, out->os())))
      return error("cannot write bytecode");
  } else {
    // Locations printed inline (loc("conv1")): the ONNX node names name the
    // layers for qnn-annotate, statistics files and per-layer overrides.
    module->print(out->os(),
                  mlir::OpPrintingFlags().enableDebugInfo(true, false).useLocalScope());
  }
  out->os().flush();
  if (out->os().has_error())
    return error("cannot write '" + outputFile + "'");
  out->keep();
  return 0;
#endif
}
