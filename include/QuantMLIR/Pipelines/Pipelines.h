//===- Pipelines.h - QuantMLIR pass pipelines -------------------*- C++ -*-===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_PIPELINES_PIPELINES_H
#define QUANTMLIR_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"
#include "llvm/ADT/StringRef.h"
#include <string>

namespace quantmlir {

/// Name of the discardable function attribute in which qnn-lower-to-llvm
/// (its first pass, qnn-emit-c-interface) records the original signature of
/// every public function definition, as a TypeAttr holding the FunctionType
/// before lowering, e.g.
///   qnn.signature = (tensor<1x16x16x3xf32>) -> tensor<1x10xf32>
/// convert-func-to-llvm keeps it on the llvm.func and on its
/// `_mlir_ciface_` wrapper, so that a runner can call a module that was
/// lowered ahead of time with correctly shaped buffers.
inline constexpr llvm::StringLiteral kSignatureAttrName = "qnn.signature";

struct LowerToLLVMOptions : public mlir::PassPipelineOptions<LowerToLLVMOptions> {
  Option<std::string> target{*this, "target",
                             llvm::cl::desc("Code generation target: generic "
                                            "(others arrive with issue 5)"),
                             llvm::cl::init("generic")};
};

/// qnn-lower-to-llvm: qnn -> linalg, TOSA -> linalg, bufferize, loops, LLVM
/// dialect. Works on modules holding TOSA, linalg and/or qnn ops. Every
/// public function definition gets `llvm.emit_c_interface` and its original
/// signature recorded in `kSignatureAttrName`. Returns failure (with a
/// diagnostic printed to stderr) for an unknown target.
mlir::LogicalResult buildLowerToLLVMPipeline(mlir::OpPassManager &pm,
                                             const LowerToLLVMOptions &options);

struct QuantizeOptions : public mlir::PassPipelineOptions<QuantizeOptions> {
  Option<double> globalScale{*this, "global-scale",
                             llvm::cl::desc("qnn-calibrate global scale"),
                             llvm::cl::init(8.0)};
  Option<std::string> weightScale{*this, "weight-scale",
                                  llvm::cl::desc("max | power2"),
                                  llvm::cl::init("max")};
};

/// qnn-quantize: qnn-annotate, qnn-calibrate, qnn-realize, canonicalize.
void buildQuantizePipeline(mlir::OpPassManager &pm,
                           const QuantizeOptions &options);

/// Registers qnn-lower-to-llvm and qnn-quantize.
void registerPipelines();

} // namespace quantmlir

#endif // QUANTMLIR_PIPELINES_PIPELINES_H
