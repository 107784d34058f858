//===- InitAll.cpp - Register everything QuantMLIR provides ---------------===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/InitAll.h"

#include "QuantMLIR/Conversion/Passes.h"
#include "QuantMLIR/Dialect/QNN/IR/QNNDialect.h"
#include "QuantMLIR/ExternalModels/LinalgModels.h"
#include "QuantMLIR/ExternalModels/TosaModels.h"
#include "QuantMLIR/Pipelines/Pipelines.h"
#include "QuantMLIR/Transforms/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"

void quantmlir::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<mlir::qnn::QNNDialect>();
  // Upstream dialects, interface models and extensions (bufferization
  // models, LLVM IR translation interfaces): models arrive from any MLIR
  // frontend, and lowering touches most of them.
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  mlir::qnn::registerTosaQuantizationModels(registry);
  mlir::qnn::registerLinalgQuantizationModels(registry);
}

void quantmlir::registerAllPasses() {
  mlir::registerAllPasses();
  mlir::qnn::registerQNNPasses();
  mlir::qnn::registerQNNConversionPasses();
  quantmlir::registerPipelines();
}
