//===- Pipelines.cpp - QuantMLIR pass pipelines ---------------------------===//
//
// Part of QuantMLIR.
//
// qnn-lower-to-llvm: qnn / TOSA / linalg on tensors -> LLVM dialect, with
// every public function callable through `_mlir_ciface_<name>`, its tensor
// results turned into caller-provided out-parameters when they all have
// static shapes (else returned, caller-owned: docs/Design.md, "Calling
// convention"), and its original signature recorded as
// `qnn.signature = <FunctionType>` (kept on the llvm.func and on its
// wrapper) so that the lowered module can still be called with the right
// buffers.
// qnn-quantize: annotate + calibrate + realize (or annotate + calibrate with
// do-simulation).
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Pipelines/Pipelines.h"

#include "QuantMLIR/Conversion/Passes.h"
#include "QuantMLIR/Conversion/X86Gemm.h"
#include "QuantMLIR/Transforms/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MathToLibm/MathToLibm.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/TosaToArith/TosaToArith.h"
#include "mlir/Conversion/TosaToLinalg/TosaToLinalg.h"
#include "mlir/Conversion/TosaToSCF/TosaToSCF.h"
#include "mlir/Conversion/TosaToTensor/TosaToTensor.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/Tosa/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;

namespace quantmlir {
namespace {

//===----------------------------------------------------------------------===//
// qnn-emit-c-interface
//===----------------------------------------------------------------------===//

/// Prepares the calling convention of every public function definition:
/// marks it `llvm.emit_c_interface`, so that func-to-llvm emits the
/// `_mlir_ciface_<name>` wrapper taking one pointer to a memref descriptor per
/// memref argument; marks its tensor arguments read-only
/// (`bufferization.writable = false`), so that bufferization never writes
/// into a caller's input buffer; and records its signature as it is now
/// (`qnn.signature = (tensor<...>) -> tensor<...>`, a TypeAttr of the
/// FunctionType), which func-to-llvm copies onto the llvm.func and its
/// wrapper: after lowering, the wrapper takes one descriptor per recorded
/// input, then one per recorded result (an out-parameter); or, when a
/// recorded result has a dynamic dimension, a pointer to the returned
/// descriptors first, then one descriptor per input.
struct EmitCInterfacePass
    : public PassWrapper<EmitCInterfacePass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(EmitCInterfacePass)

  StringRef getArgument() const final { return "qnn-emit-c-interface"; }
  StringRef getDescription() const final {
    return "Mark public functions llvm.emit_c_interface, their tensor "
           "arguments read-only for bufferization, and record their "
           "signature in `qnn.signature`";
  }

  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    auto readOnly = BoolAttr::get(ctx, false);
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (!func.isPublic() || func.isExternal())
        continue;
      func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                    UnitAttr::get(ctx));
      func->setAttr(kSignatureAttrName, TypeAttr::get(func.getFunctionType()));
      for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
        if (isa<TensorType>(func.getArgument(i).getType()))
          func.setArgAttr(
              i, bufferization::BufferizationDialect::kWritableAttrName,
              readOnly);
    }
  }

  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<bufferization::BufferizationDialect, LLVM::LLVMDialect>();
  }
};

/// Gives every memref result of a public function its own buffer: a value
/// returned more than once (`return %0, %0`) is copied into a fresh buffer
/// for each repeat. Upstream buffer-results-to-out-params crashes on repeated
/// return operands (LLVM 22), and each out-parameter must be written anyway.
struct DistinctResultBuffersPass
    : public PassWrapper<DistinctResultBuffersPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(DistinctResultBuffersPass)

  StringRef getArgument() const final { return "qnn-distinct-result-buffers"; }
  StringRef getDescription() const final {
    return "Copy memref values returned more than once into distinct buffers";
  }

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      func.walk([&](func::ReturnOp ret) {
        llvm::SmallPtrSet<Value, 8> seen;
        OpBuilder builder(ret);
        for (OpOperand &operand : ret->getOpOperands()) {
          Value value = operand.get();
          auto type = dyn_cast<MemRefType>(value.getType());
          if (!type || seen.insert(value).second)
            continue;
          if (!type.getLayout().isIdentity()) {
            ret.emitOpError("returns a strided buffer more than once; not "
                            "supported");
            return signalPassFailure();
          }
          SmallVector<Value> dynamicSizes;
          for (int64_t d = 0, e = type.getRank(); d < e; ++d)
            if (type.isDynamicDim(d))
              dynamicSizes.push_back(
                  memref::DimOp::create(builder, ret.getLoc(), value, d));
          Value copy = memref::AllocOp::create(builder, ret.getLoc(), type,
                                               dynamicSizes);
          memref::CopyOp::create(builder, ret.getLoc(), value, copy);
          operand.set(copy);
        }
      });
    }
  }

  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<memref::MemRefDialect>();
  }
};

/// Whether every result of `type` has a static shape: such functions return
/// their results through caller-provided out-parameters; the others return
/// memref descriptors (see docs/Design.md, "Calling convention").
bool hasStaticResults(FunctionType type) {
  return llvm::all_of(type.getResults(), [](Type t) {
    auto shaped = dyn_cast<ShapedType>(t);
    return !shaped || shaped.hasStaticShape();
  });
}

/// buffer-results-to-out-params restricted to the functions whose results
/// all have static shapes: a caller cannot allocate an out-parameter whose
/// shape is only known once the function has run, so functions with a
/// dynamically shaped result keep returning their buffers (owned by the
/// caller afterwards).
struct StaticResultsToOutParamsPass
    : public PassWrapper<StaticResultsToOutParamsPass,
                         OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(StaticResultsToOutParamsPass)

  StringRef getArgument() const final {
    return "qnn-static-results-to-out-params";
  }
  StringRef getDescription() const final {
    return "Turn the memref results of functions whose results all have "
           "static shapes into out-parameters";
  }

  void runOnOperation() override {
    bufferization::BufferResultsToOutParamsOpts options;
    options.hoistStaticAllocs = true;
    options.modifyPublicFunctions = true;
    options.filterFn = [](func::FuncOp *func) {
      return hasStaticResults(func->getFunctionType());
    };
    if (failed(bufferization::promoteBufferResultsToOutParams(getOperation(),
                                                              options)))
      signalPassFailure();
  }

  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<memref::MemRefDialect>();
  }
};

/// Target names reserved by ARCHITECTURE.md; `generic`, `x86-avx2`,
/// `x86-avx512vnni` and `host` (the best of those for the running CPU) are
/// implemented.
constexpr llvm::StringLiteral kKnownTargets[] = {
    "generic",      "host",           "x86-avx2",
    "x86-avxvnni",  "x86-avx512vnni", "aarch64-dotprod",
    "aarch64-i8mm", "nvptx-sm80",     "nvptx-sm90a"};

/// Returns an error message when `target` cannot be lowered to, else "".
std::string checkTarget(StringRef target) {
  if (target == "generic" || target == "x86-avx2" ||
      target == "x86-avx512vnni" || target == "host")
    return "";
  if (llvm::is_contained(kKnownTargets, target))
    return ("qnn-lower-to-llvm: target '" + target +
            "' is not supported yet (supported: generic, x86-avx2, "
            "x86-avx512vnni, host)")
        .str();
  return ("qnn-lower-to-llvm: unknown target '" + target +
          "' (supported: generic, x86-avx2, x86-avx512vnni, host)")
      .str();
}

/// `host` resolves to x86-avx512vnni where the running CPU has AVX512-VNNI
/// (+ VL, BW), else to x86-avx2 where it has AVX2 and FMA, else generic.
StringRef resolveTarget(StringRef target) {
  if (target != "host")
    return target;
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  bool avx2 = features.lookup("avx2") && features.lookup("fma");
  if (avx2 && features.lookup("avx512vnni") && features.lookup("avx512vl") &&
      features.lookup("avx512bw"))
    return "x86-avx512vnni";
  if (avx2)
    return "x86-avx2";
  return "generic";
}

void addLowerToLLVMPasses(OpPassManager &pm, StringRef target) {
  StringRef resolved = resolveTarget(target);
  bool vnni = resolved == "x86-avx512vnni";
  bool avx2 = resolved == "x86-avx2" || vnni;
  // Public functions get the C interface used by quant-run and embedders.
  pm.addPass(std::make_unique<EmitCInterfacePass>());

  // qnn -> linalg / arith / tensor on tensors.
  pm.addPass(qnn::createConvertQNNToLinalg());

  // TOSA -> linalg / arith / tensor / scf on tensors.
  OpPassManager &funcPm = pm.nest<func::FuncOp>();
  funcPm.addPass(tosa::createTosaOptionalDecompositionsPass());
  funcPm.addPass(createCanonicalizerPass());
  funcPm.addPass(tosa::createTosaMakeBroadcastablePass());
  funcPm.addPass(tosa::createTosaToLinalgNamed());
  funcPm.addPass(tosa::createTosaToLinalg());
  funcPm.addPass(createTosaToSCFPass());
  TosaToArithPassOptions toArith;
  toArith.includeApplyRescale = true; // tosa.apply_scale from tosa.rescale
  funcPm.addPass(createTosaToArithPass(toArith));
  funcPm.addPass(createTosaToTensorPass());
  // Elementwise arith / math ops applied to whole tensors.
  funcPm.addPass(createConvertElementwiseToLinalgPass());
  funcPm.addPass(createCanonicalizerPass());
  funcPm.addPass(createLinalgElementwiseOpFusionPass());
  funcPm.addPass(createCanonicalizerPass());

  // Bufferize. Function boundaries use identity layouts so that callers pass
  // plain row-major buffers; results become out-parameters when they all
  // have static shapes, else they stay returned (caller-owned buffers).
  pm.addPass(bufferization::createEmptyTensorEliminationPass());
  bufferization::OneShotBufferizePassOptions bufferize;
  bufferize.bufferizeFunctionBoundaries = true;
  bufferize.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  // Loops that carry a tensor rewritten on every iteration (scf.for,
  // tosa.while_loop) yield a new buffer each time.
  bufferize.allowReturnAllocsFromLoops = true;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferize));
  pm.addPass(std::make_unique<DistinctResultBuffersPass>());
  pm.addPass(std::make_unique<StaticResultsToOutParamsPass>());
  pm.addPass(createCanonicalizerPass());
  bufferization::buildBufferDeallocationPipeline(pm);
  // Returned buffers the function does not own (arguments, constants) are
  // cloned by the deallocation pipeline: clones become alloc + copy.
  pm.addPass(createConvertBufferizationToMemRefPass());

  // Target codegen for matmuls (x86-avx2: packed, register-tiled vector
  // code, lib/Conversion/X86/X86Gemm.cpp); what it leaves becomes loops.
  if (avx2) {
    pm.addPass(createX86AVX2MatmulPass(vnni));
    pm.addPass(createCanonicalizerPass());
  }

  // Loops, then LLVM.
  pm.nest<func::FuncOp>().addPass(createConvertLinalgToLoopsPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(arith::createArithExpandOpsPass());
  pm.addPass(createSCFToControlFlowPass());
  if (avx2)
    pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass()); // what has no LLVM intrinsic
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  // Whatever machine compiles the module (JIT or llc) uses AVX2 and FMA
  // (and AVX512-VNNI with VL / BW for x86-avx512vnni).
  if (vnni)
    pm.addPass(createSetTargetFeaturesPass(
        {"+avx2", "+fma", "+avx512f", "+avx512vl", "+avx512bw", "+avx512dq",
         "+avx512vnni"}));
  else if (avx2)
    pm.addPass(createSetTargetFeaturesPass({"+avx2", "+fma"}));
}

} // namespace

LogicalResult buildLowerToLLVMPipeline(OpPassManager &pm,
                                       const LowerToLLVMOptions &options) {
  std::string error = checkTarget(options.target);
  if (!error.empty()) {
    llvm::errs() << "error: " << error << "\n";
    return failure();
  }
  addLowerToLLVMPasses(pm, options.target);
  return success();
}

void buildQuantizePipeline(OpPassManager &pm, const QuantizeOptions &options) {
  qnn::QNNAnnotateOptions annotate;
  annotate.inputBits = options.inputBits;
  annotate.weightBits = options.weightBits;
  annotate.activationBits = options.activationBits;
  annotate.inputSigned = options.inputSigned;
  annotate.weightSigned = options.weightSigned;
  annotate.activationSigned = options.activationSigned;
  annotate.rounding = options.rounding;
  annotate.perChannel = options.perChannel;
  annotate.skipConvLayers.assign(options.skipConvLayers.begin(),
                                 options.skipConvLayers.end());
  annotate.skipDenseLayer = options.skipDenseLayer;
  annotate.foldDenseBias = options.foldDenseBias;
  annotate.allowOps.assign(options.allowOps.begin(), options.allowOps.end());
  annotate.denyOps.assign(options.denyOps.begin(), options.denyOps.end());
  annotate.precisionMap = options.precisionMap;
  pm.addPass(qnn::createQNNAnnotate(annotate));
  qnn::QNNCalibrateOptions calibrate;
  calibrate.globalScale = options.globalScale;
  calibrate.weightScale = options.weightScale;
  calibrate.stats = options.stats;
  calibrate.mode = options.mode;
  calibrate.percentile = options.percentile;
  calibrate.activationSymmetric = options.activationSymmetric;
  calibrate.overrides = options.overrides;
  pm.addPass(qnn::createQNNCalibrate(calibrate));
  // do-simulation (TVM's do_simulation): the calibrated float model.
  if (options.doSimulation)
    return;
  qnn::QNNRealizeOptions realize;
  realize.partitionConversions = options.partitionConversions;
  pm.addPass(qnn::createQNNRealize(realize));
  pm.addPass(createCanonicalizerPass());
}

void registerPipelines() {
  // Registering a pipeline name twice aborts: make repeated calls harmless.
  static bool registered = false;
  if (registered)
    return;
  registered = true;

  PassRegistration<EmitCInterfacePass>();
  registerX86CodegenPasses();

  // Registered through the low-level entry point so that an unsupported
  // target makes pipeline parsing fail with a message instead of silently
  // building nothing.
  registerPassPipeline(
      "qnn-lower-to-llvm",
      "Lower qnn / TOSA / linalg on tensors to the LLVM dialect. Every "
      "public function gets a C interface (_mlir_ciface_<name>: one memref "
      "descriptor pointer per argument, then one per result, as "
      "out-parameters; when a result has a dynamic shape, a pointer to the "
      "returned, caller-owned result descriptors first, then one per "
      "argument) and keeps its original signature in the "
      "`qnn.signature` attribute (a FunctionType), which quant-run reads "
      "to run the lowered module",
      [](OpPassManager &pm, StringRef optionsStr,
         function_ref<LogicalResult(const Twine &)> errorHandler) {
        LowerToLLVMOptions options;
        if (failed(options.parseFromString(optionsStr)))
          return failure();
        std::string error = checkTarget(options.target);
        if (!error.empty())
          return errorHandler(error);
        addLowerToLLVMPasses(pm, options.target);
        return success();
      },
      [](function_ref<void(const detail::PassOptions &)> optHandler) {
        optHandler(LowerToLLVMOptions());
      });

  PassPipelineRegistration<QuantizeOptions>(
      "qnn-quantize",
      "Quantize a float model: qnn-annotate, qnn-calibrate, qnn-realize",
      buildQuantizePipeline);
}

} // namespace quantmlir
