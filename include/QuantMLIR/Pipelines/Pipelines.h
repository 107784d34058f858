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
                                            "| x86-avx2 | x86-avxvnni "
                                            "| x86-avx512vnni "
                                            "| aarch64-dotprod | aarch64-i8mm "
                                            "| host"),
                             llvm::cl::init("generic")};
  // Threads (docs/Design.md, "Threads"): 1 keeps every loop sequential and
  // the module free of OpenMP; otherwise the outermost parallel loop of each
  // nest that does enough work becomes an OpenMP worksharing loop (libomp at
  // run time), with the number of threads chosen at run time (0:
  // OMP_NUM_THREADS / omp_set_num_threads, which quant-run --threads sets)
  // or fixed at N > 1.
  Option<int64_t> threads{
      *this, "threads",
      llvm::cl::desc("1: single-threaded, no OpenMP (default); 0: OpenMP, "
                     "thread count chosen at run time; N > 1: OpenMP with N "
                     "threads"),
      llvm::cl::init(1)};
  Option<int64_t> parallelMinWork{
      *this, "parallel-min-work",
      llvm::cl::desc("With threads != 1: parallel loop nests estimated to "
                     "execute fewer operations than this stay sequential"),
      llvm::cl::init(262144)};
  // convert-qnn-to-linalg's requantize-dtype (docs/UserGuide.md).
  Option<std::string> requantizeDtype{
      *this, "requantize-dtype",
      llvm::cl::desc("qnn.requantize arithmetic: int64 (default, exact "
                     "fixed point) | float32 (f32 scale as ONNX Runtime / "
                     "oneDNN: faster, may differ by one step near ties)"),
      llvm::cl::init("int64")};
};

/// Whether this CPU (or, for tests, the feature list in
/// QUANTMLIR_HOST_FEATURES, as `target=host` reads it) has feature `name`
/// ("avx2", "avx512vnni", ...): quant-run refuses JIT targets it lacks.
bool hostHasFeature(llvm::StringRef name);

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
  // qnn-calibrate from statistics (docs/StatisticsFormat.md).
  Option<std::string> stats{*this, "stats",
                            llvm::cl::desc("qnn-calibrate statistics file"),
                            llvm::cl::init("")};
  Option<std::string> mode{
      *this, "mode",
      llvm::cl::desc("qnn-calibrate mode: auto | global_scale | max | "
                     "percentile | kl | mse | moving_average"),
      llvm::cl::init("auto")};
  Option<double> percentile{*this, "percentile",
                            llvm::cl::desc("qnn-calibrate percentile of |x| "
                                           "for mode=percentile"),
                            llvm::cl::init(99.999)};
  Option<bool> activationSymmetric{
      *this, "activation-symmetric",
      llvm::cl::desc("qnn-calibrate: symmetric input / activation grids"),
      llvm::cl::init(true)};
  Option<std::string> overrides{
      *this, "overrides",
      llvm::cl::desc("qnn-calibrate per-layer overrides file"),
      llvm::cl::init("")};
  // qnn-annotate (same names and defaults as the pass options).
  Option<int64_t> inputBits{*this, "input-bits",
                            llvm::cl::desc("qnn-annotate input bits (2..16)"),
                            llvm::cl::init(8)};
  Option<int64_t> weightBits{*this, "weight-bits",
                             llvm::cl::desc("qnn-annotate weight bits (2..16)"),
                             llvm::cl::init(8)};
  Option<int64_t> activationBits{
      *this, "activation-bits",
      llvm::cl::desc("qnn-annotate activation bits (2..16)"),
      llvm::cl::init(8)};
  Option<bool> inputSigned{*this, "input-signed",
                           llvm::cl::desc("qnn-annotate signed input grids"),
                           llvm::cl::init(true)};
  Option<bool> weightSigned{*this, "weight-signed",
                            llvm::cl::desc("qnn-annotate signed weight grids"),
                            llvm::cl::init(true)};
  Option<bool> activationSigned{
      *this, "activation-signed",
      llvm::cl::desc("qnn-annotate signed activation grids"),
      llvm::cl::init(true)};
  Option<std::string> rounding{
      *this, "rounding",
      llvm::cl::desc("qnn-annotate rounding: half_to_even | "
                     "half_away_from_zero | upward"),
      llvm::cl::init("half_to_even")};
  Option<bool> perChannel{
      *this, "per-channel",
      llvm::cl::desc("qnn-annotate per-channel conv / matmul weights"),
      llvm::cl::init(true)};
  ListOption<int64_t> skipConvLayers{
      *this, "skip-conv-layers",
      llvm::cl::desc("qnn-annotate conv layer indices left float")};
  Option<bool> skipDenseLayer{
      *this, "skip-dense-layer",
      llvm::cl::desc("qnn-annotate: leave dense layers float"),
      llvm::cl::init(false)};
  Option<bool> foldDenseBias{
      *this, "fold-dense-bias",
      llvm::cl::desc("qnn-annotate: a dense layer's bias joins the int32 "
                     "accumulator"),
      llvm::cl::init(true)};
  ListOption<std::string> allowOps{
      *this, "allow-ops",
      llvm::cl::desc("qnn-annotate: quantize only these ops / layers")};
  ListOption<std::string> denyOps{
      *this, "deny-ops",
      llvm::cl::desc("qnn-annotate: never quantize these ops / layers")};
  Option<std::string> precisionMap{
      *this, "precision-map",
      llvm::cl::desc("qnn-annotate per-layer precision JSON file"),
      llvm::cl::init("")};
  // qnn-realize.
  Option<std::string> partitionConversions{
      *this, "partition-conversions",
      llvm::cl::desc("qnn-realize: disabled | enabled | fully_integral"),
      llvm::cl::init("disabled")};
  // Pipeline.
  Option<bool> doSimulation{
      *this, "do-simulation",
      llvm::cl::desc("Stop after qnn-calibrate: the simulated float model"),
      llvm::cl::init(false)};
};

/// qnn-quantize: qnn-annotate, qnn-calibrate, qnn-realize, canonicalize
/// (only annotate and calibrate with `do-simulation`).
void buildQuantizePipeline(mlir::OpPassManager &pm,
                           const QuantizeOptions &options);

/// Registers qnn-lower-to-llvm and qnn-quantize.
void registerPipelines();

} // namespace quantmlir

#endif // QUANTMLIR_PIPELINES_PIPELINES_H
