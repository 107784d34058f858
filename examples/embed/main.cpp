//===- main.cpp - Embedding QuantMLIR: quantize a model in-process --------===//
//
// Part of QuantMLIR.
//
// quant-embed model.mlir: parses a float TOSA model, runs the qnn-quantize
// pipeline (annotate, calibrate, realize) built through the C++ API and
// prints the integer model. What quant-opt --qnn-quantize does, in ~40 lines.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/InitAll.h"
#include "QuantMLIR/Pipelines/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    llvm::errs() << "usage: quant-embed model.mlir\n";
    return 2;
  }

  // Every dialect the flow reads or produces, with the TOSA quantization rules.
  mlir::DialectRegistry registry;
  quantmlir::registerAllDialects(registry);
  mlir::MLIRContext context(registry);

  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceFile<mlir::ModuleOp>(argv[1], &context);
  if (!module) // The parser has printed the diagnostic.
    return 1;

  // qnn-quantize with its options set in C++ rather than parsed from text.
  mlir::PassManager pm(&context);
  quantmlir::QuantizeOptions options;
  options.globalScale = 8.0;
  options.weightScale = "max";
  quantmlir::buildQuantizePipeline(pm, options);
  if (mlir::failed(pm.run(*module))) {
    llvm::errs() << "quant-embed: error: qnn-quantize failed on " << argv[1]
                 << "\n";
    return 1;
  }

  module->print(llvm::outs());
  llvm::outs() << "\n";
  return 0;
}
