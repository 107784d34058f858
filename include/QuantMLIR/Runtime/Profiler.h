//===- Profiler.h - Per-layer timers for quant-run profile ------*- C++ -*-===//
//
// Part of QuantMLIR.
//
// `quant-run profile` times each layer of a model inside the compiled code,
// as TVM's debug runtime does per fused op. On the IR, before lowering, the
// entry is cloned and each layer (a maximal run of consecutive top-level ops
// with the same layer name, LayerTaps.h getLayerName; unnamed ops are named
// `<op>_<n>`) is wrapped in calls to
//   func.func private @qnn_prof_begin(i64)   // the layer's index
//   func.func private @qnn_prof_end(i64)
// The module is lowered as usual; defineProfilerHooks then gives those two
// declarations bodies that call the host functions of this file through
// their addresses, so no symbol needs to be exported to the JIT. The calls
// have side effects and keep their place; a producer fused by the lowering
// into its consumer's loop nest is timed with the consumer.
//
// The calls also keep the x86 code generators from fusing a convolution
// with its elementwise consumer (EpilogueFusion.h: nothing effectful may sit
// between them). With `groupEpilogues` (targets that fuse), a convolution
// and the chain of elementwise ops after it that the target can apply in
// registers (each the only user of the previous value, its other operands
// constants: requantize, clamp / ReLU, dequantize, bias) form one layer,
// named `<conv layer>+<consumer layer>`, so the profiled code is fused as
// the real model is.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_RUNTIME_PROFILER_H
#define QUANTMLIR_RUNTIME_PROFILER_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LLVM.h"

#include <cstdint>
#include <string>
#include <vector>

namespace quantmlir {
namespace runtime {

struct ProfiledLayer {
  std::string layer;
  /// The ops of the layer, `qnn.conv2d+qnn.requantize`.
  std::string ops;
  /// The shape of its (last) result, `[8,24,24,6]`.
  std::string shape;
  /// Names of the layers grouped into this one (conv + epilogue), or empty.
  std::vector<std::string> grouped;
};

struct ProfiledFunction {
  mlir::func::FuncOp func;
  /// Indexed by the id passed to the hooks.
  std::vector<ProfiledLayer> layers;
};

/// Clones `entry` into a public `<entry>_qnn_profile` with the timer calls;
/// with `groupEpilogues`, a convolution and its elementwise epilogue are one
/// layer (see above).
mlir::FailureOr<ProfiledFunction>
instrumentForProfiling(mlir::func::FuncOp entry, bool groupEpilogues = false);

/// In a module lowered to the LLVM dialect, defines @qnn_prof_begin /
/// @qnn_prof_end (left as external declarations by the lowering) to call the
/// host timer. Fails when they are missing or already defined.
mlir::LogicalResult defineProfilerHooks(mlir::ModuleOp module);

/// The host timer: accumulated seconds and calls per layer id. Not
/// thread-safe: profile one call at a time.
void resetLayerTimers(size_t numLayers);
const std::vector<double> &getLayerSeconds();
const std::vector<int64_t> &getLayerCalls();

} // namespace runtime
} // namespace quantmlir

#endif // QUANTMLIR_RUNTIME_PROFILER_H
