//===- quant-opt.cpp - QuantMLIR optimizer driver -------------------------===//
//
// Part of QuantMLIR.
//
// mlir-opt with the qnn dialect, the QuantMLIR passes and pipelines.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/InitAll.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  quantmlir::registerAllPasses();
  mlir::DialectRegistry registry;
  quantmlir::registerAllDialects(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "QuantMLIR optimizer driver\n", registry));
}
