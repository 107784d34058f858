//===- ONNXImporter.h - ONNX model -> TOSA / func -------------------------===//
//
// The ONNX frontend of quant-translate (`--import-onnx`). Parses a serialized
// onnx::ModelProto with Debian's libonnx (ONNX 1.12: protobuf classes,
// checker, shape inference) and builds one `func.func` of TOSA ops on
// tensors, NHWC inside, with the model's inputs and outputs in ONNX layout.
// See docs/ONNX.md for the supported ops and the layout handling.
//
// This header does not include any ONNX or protobuf header: embedders link
// QuantMLIRFrontendONNX (built only when libonnx-dev is found) and need
// nothing else.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_FRONTEND_ONNXIMPORTER_H
#define QUANTMLIR_FRONTEND_ONNXIMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace mlir {
class MLIRContext;

namespace qnn {

struct ONNXImportOptions {
  /// When > 0, a symbolic (or unknown) dimension 0 of a graph input becomes
  /// this batch size before shape inference. Static dimensions are kept.
  /// When 0 and only dimension 0 of the inputs is symbolic, it is imported
  /// as a dynamic dimension (`?`) where every op that sees it allows that.
  int64_t batch = 0;
  /// Name of the generated function.
  std::string entryName = "main";
  /// Run qnn-fuse-qdq on the imported module when it holds qnn.quantize /
  /// qnn.dequantize ops (a QDQ model): DequantizeLinear -> op ->
  /// QuantizeLinear chains become integer qnn ops.
  bool fuseQDQ = true;
  /// Directory that the `location` of tensors stored as external data is
  /// relative to; empty: the directory of `sourceName` (the model file).
  std::string externalDataDir;
};

/// Imports the ONNX model serialized in `bytes` (`sourceName` is used in
/// diagnostics). Loads the func and TOSA dialects into `context`. On failure
/// emits one error through the context's diagnostic engine (every unsupported
/// op is listed in that one error) and returns a null module.
OwningOpRef<ModuleOp> importONNXModel(llvm::StringRef bytes,
                                      llvm::StringRef sourceName,
                                      MLIRContext *context,
                                      const ONNXImportOptions &options = {});

} // namespace qnn
} // namespace mlir

#endif // QUANTMLIR_FRONTEND_ONNXIMPORTER_H
