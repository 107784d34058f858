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
#include "LoopOrder.h"

#include "QuantMLIR/Conversion/AArch64Gemm.h"
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
#include "mlir/Conversion/OpenMPToLLVM/ConvertOpenMPToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
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
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Dialect/Tosa/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <algorithm>
#include <cstdlib>

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
    // Unranked tensors in TOSA ops crash upstream TOSA patterns: an error at
    // the first such op. (Elsewhere they are fine: tensor.cast to unranked
    // for an external printMemref call bufferizes to memref<*x...>.)
    bool unranked = false;
    getOperation().walk([&](Operation *op) -> WalkResult {
      if (!op->getDialect() || op->getDialect()->getNamespace() != "tosa")
        return WalkResult::advance();
      auto isUnranked = [](Type t) { return isa<UnrankedTensorType>(t); };
      if (llvm::any_of(op->getOperandTypes(), isUnranked) ||
          llvm::any_of(op->getResultTypes(), isUnranked)) {
        op->emitError() << "'" << op->getName()
                        << "' has an unranked tensor type: qnn-lower-to-llvm "
                           "needs ranked tensors";
        unranked = true;
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (unranked)
      return signalPassFailure();
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

/// Names and orders the constant globals that bufferization creates
/// (`__constant_<shape>`, `_0`, `_1`, ... on a clash) by their first use in
/// the module, so that the output does not depend on the order in which
/// one-shot bufferization visited the functions (it varied from run to run:
/// an iteration over pointer-keyed maps upstream) and two runs on the same
/// input print the same module.
struct OrderConstantGlobalsPass
    : public PassWrapper<OrderConstantGlobalsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(OrderConstantGlobalsPass)

  StringRef getArgument() const final { return "qnn-order-constant-globals"; }
  StringRef getDescription() const final {
    return "Rename and order bufferization's __constant_ globals by first use";
  }

  static StringRef baseName(StringRef name) {
    size_t us = name.rfind('_');
    if (us != StringRef::npos && us + 1 < name.size() &&
        llvm::all_of(name.drop_front(us + 1), llvm::isDigit) &&
        name.take_front(us) != "_")
      return name.take_front(us);
    return name;
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable table(module);
    SmallVector<memref::GlobalOp> order;
    llvm::SmallPtrSet<Operation *, 16> seen;
    module.walk([&](memref::GetGlobalOp get) {
      auto global = table.lookup<memref::GlobalOp>(get.getName());
      if (global && global.getSymName().starts_with("__constant_") &&
          seen.insert(global).second)
        order.push_back(global);
    });
    if (order.empty())
      return;
    // Two steps, so that no new name collides with an old one.
    SmallVector<std::string> finalNames;
    llvm::StringMap<unsigned> count;
    for (memref::GlobalOp g : order) {
      std::string base = baseName(g.getSymName()).str();
      unsigned n = count[base]++;
      finalNames.push_back(n == 0 ? base : base + "_" + std::to_string(n - 1));
    }
    for (auto [i, g] : llvm::enumerate(order)) {
      std::string tmp = "__qnn_tmp_constant_" + std::to_string(i);
      if (failed(SymbolTable::replaceAllSymbolUses(
              g, StringAttr::get(&getContext(), tmp), module)))
        return signalPassFailure();
      SymbolTable::setSymbolName(g, tmp);
    }
    Operation *insertBefore = &module.getBody()->front();
    for (auto [g, name] : llvm::zip(order, finalNames)) {
      if (failed(SymbolTable::replaceAllSymbolUses(
              g, StringAttr::get(&getContext(), name), module)))
        return signalPassFailure();
      SymbolTable::setSymbolName(g, name);
      if (g.getOperation() != insertBefore)
        g->moveBefore(insertBefore);
      else
        insertBefore = g->getNextNode();
    }
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

/// Rewrites every memref.copy with a non-identity layout on either side (a
/// copy into the interior of a padded buffer, out of a subview) into a
/// linalg.copy, which becomes loops with the other linalg ops. MemRefToLLVM
/// would lower it to a call of `memrefCopy` from libmlir_c_runner_utils: an
/// element-by-element generic loop at run time, and an undefined symbol in an
/// ahead-of-time compiled object (quant-translate --emit-obj, docs/AOT.md),
/// for which no AArch64 build of that library exists. Contiguous copies stay
/// memcpy.
struct StridedCopyToLinalgPass
    : public PassWrapper<StridedCopyToLinalgPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(StridedCopyToLinalgPass)

  StringRef getArgument() const final { return "qnn-strided-copy-to-linalg"; }
  StringRef getDescription() const final {
    return "Rewrite memref.copy with non-identity layouts into linalg.copy "
           "(loops instead of the memrefCopy runtime function)";
  }

  void runOnOperation() override {
    SmallVector<memref::CopyOp> copies;
    getOperation().walk([&](memref::CopyOp copy) {
      auto src = dyn_cast<MemRefType>(copy.getSource().getType());
      auto dst = dyn_cast<MemRefType>(copy.getTarget().getType());
      if (src && dst && (!src.getLayout().isIdentity() ||
                         !dst.getLayout().isIdentity()))
        copies.push_back(copy);
    });
    for (memref::CopyOp copy : copies) {
      OpBuilder b(copy);
      linalg::CopyOp::create(b, copy.getLoc(), ValueRange{copy.getSource()},
                             ValueRange{copy.getTarget()});
      copy.erase();
    }
  }

  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<linalg::LinalgDialect>();
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

//===----------------------------------------------------------------------===//
// qnn-outer-parallel-loops
//===----------------------------------------------------------------------===//

/// Static trip count of loop dimension (lb, ub, step), or nullopt.
std::optional<int64_t> getTripCount(Value lb, Value ub, Value step) {
  std::optional<int64_t> l = getConstantIntValue(lb);
  std::optional<int64_t> u = getConstantIntValue(ub);
  std::optional<int64_t> s = getConstantIntValue(step);
  if (!l || !u || !s || *s <= 0)
    return std::nullopt;
  return *u <= *l ? 0 : llvm::divideCeil(*u - *l, *s);
}

/// Estimated number of operations one execution of `region` runs: every
/// op counts once (a vector op once per 8 elements), times the static trip
/// counts of the loops around it inside `region`. Saturates at `cap`; a
/// dynamic trip count or a call counts as `cap`.
int64_t estimateWork(Region &region, int64_t cap) {
  int64_t total = 0;
  for (Block &block : region)
    for (Operation &op : block) {
      int64_t trips = 1;
      if (auto loop = dyn_cast<scf::ForOp>(op)) {
        std::optional<int64_t> n = getTripCount(
            loop.getLowerBound(), loop.getUpperBound(), loop.getStep());
        trips = n ? *n : cap;
      } else if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
        for (auto [lb, ub, step] : llvm::zip_equal(
                 loop.getLowerBound(), loop.getUpperBound(), loop.getStep())) {
          std::optional<int64_t> n = getTripCount(lb, ub, step);
          trips = n ? std::min(cap, trips * std::max<int64_t>(*n, 1)) : cap;
        }
      } else if (isa<CallOpInterface>(op)) {
        return cap;
      }
      int64_t work = 1;
      for (Type type : op.getResultTypes())
        if (auto vector = dyn_cast<VectorType>(type))
          work = std::max<int64_t>(work, vector.getNumElements() / 8);
      for (Region &inner : op.getRegions())
        work = std::min(cap, work + estimateWork(inner, cap));
      total = std::min(cap, total + std::min(cap, trips * work));
    }
  return total;
}

/// Replaces `op` by a nest of scf.for loops in the same iteration order; its
/// reductions (scf.reduce) become loop-carried values combined in order.
void sequentialize(RewriterBase &rewriter, scf::ParallelOp op) {
  rewriter.setInsertionPoint(op);
  auto reduce = cast<scf::ReduceOp>(op.getBody()->getTerminator());
  scf::LoopNest nest = scf::buildLoopNest(
      rewriter, op.getLoc(), op.getLowerBound(), op.getUpperBound(),
      op.getStep(), op.getInitVals(),
      [&](OpBuilder &b, Location, ValueRange ivs, ValueRange carried) {
        IRMapping map;
        map.map(op.getInductionVars(), ivs);
        for (Operation &inner : op.getBody()->without_terminator())
          b.clone(inner, map);
        scf::ValueVector next;
        for (auto [i, operand] : llvm::enumerate(reduce.getOperands())) {
          Block &combiner = reduce.getReductions()[i].front();
          IRMapping combine;
          combine.map(combiner.getArgument(0), carried[i]);
          combine.map(combiner.getArgument(1), map.lookupOrDefault(operand));
          for (Operation &inner : combiner.without_terminator())
            b.clone(inner, combine);
          next.push_back(combine.lookupOrDefault(
              cast<scf::ReduceReturnOp>(combiner.getTerminator()).getResult()));
        }
        return next;
      });
  rewriter.replaceOp(op, nest.results);
}

/// Keeps the first `numOuter` dimensions of `op` (no results) parallel and
/// turns the others into an scf.for nest inside it, in the same order.
/// convert-scf-to-openmp collapses all dimensions of a parallel loop into one
/// OpenMP loop, which recomputes every index with a division per iteration
/// and keeps LLVM from vectorizing the innermost dimension.
void keepOuterDimsParallel(RewriterBase &rewriter, scf::ParallelOp op,
                           unsigned numOuter) {
  unsigned rank = op.getNumLoops();
  if (numOuter >= rank)
    return;
  rewriter.setInsertionPoint(op);
  auto take = [&](ValueRange values, unsigned from, unsigned to) {
    return SmallVector<Value>(values.begin() + from, values.begin() + to);
  };
  auto outer = scf::ParallelOp::create(
      rewriter, op.getLoc(), take(op.getLowerBound(), 0, numOuter),
      take(op.getUpperBound(), 0, numOuter), take(op.getStep(), 0, numOuter));
  rewriter.setInsertionPoint(outer.getBody()->getTerminator());
  scf::buildLoopNest(
      rewriter, op.getLoc(), take(op.getLowerBound(), numOuter, rank),
      take(op.getUpperBound(), numOuter, rank),
      take(op.getStep(), numOuter, rank),
      [&](OpBuilder &b, Location, ValueRange ivs) {
        IRMapping map;
        for (unsigned i = 0; i < rank; ++i)
          map.map(op.getInductionVars()[i],
                  i < numOuter ? outer.getInductionVars()[i]
                               : ivs[i - numOuter]);
        for (Operation &inner : op.getBody()->without_terminator())
          b.clone(inner, map);
      });
  rewriter.eraseOp(op);
}

/// Linalg elementwise fusion (upstream's -linalg-fuse-elementwise-ops, the
/// same patterns) with one difference: a producer is never fused into a
/// consumer that has reduction loops. Fusing a quantize / requantize into the
/// next matmul or convolution recomputes it at every reduction step and hides
/// the contraction from the target kernels (x86, AArch64), which then fall
/// back to loops: 212 ms instead of 11 ms for quantize -> 512^3 matmul.
struct ElementwiseFusionPass
    : public PassWrapper<ElementwiseFusionPass, OperationPass<func::FuncOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ElementwiseFusionPass)

  StringRef getArgument() const final { return "qnn-fuse-elementwise"; }
  StringRef getDescription() const final {
    return "Fuse elementwise linalg ops, never into consumers with "
           "reduction loops (contractions stay visible to target kernels)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<linalg::LinalgDialect, tensor::TensorDialect,
                    affine::AffineDialect>();
  }

  static bool allowFusion(OpOperand *fusedOperand) {
    Operation *producer = fusedOperand->get().getDefiningOp();
    if (!producer || !producer->hasOneUse())
      return false;
    if (auto consumer = dyn_cast<linalg::LinalgOp>(fusedOperand->getOwner()))
      return consumer.getNumReductionLoops() == 0;
    return true;
  }

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    RewritePatternSet patterns(context);
    linalg::populateElementwiseOpsFusionPatterns(patterns, allowFusion);
    linalg::populateFoldReshapeOpsByExpansionPatterns(patterns, allowFusion);
    tensor::populateBubbleUpExpandShapePatterns(patterns);
    affine::AffineApplyOp::getCanonicalizationPatterns(patterns, context);
    linalg::GenericOp::getCanonicalizationPatterns(patterns, context);
    tensor::ExpandShapeOp::getCanonicalizationPatterns(patterns, context);
    tensor::CollapseShapeOp::getCanonicalizationPatterns(patterns, context);
    context->getLoadedDialect<linalg::LinalgDialect>()
        ->getCanonicalizationPatterns(patterns);
    linalg::populateConstantFoldLinalgOperations(patterns, allowFusion);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

/// Prepares scf.parallel loops for convert-scf-to-openmp: only the outermost
/// parallel loop of each nest stays parallel (a nested omp.parallel would
/// run serialized anyway, at the cost of a fork per outer iteration), and
/// only when the nest is estimated to run at least `minWork` operations
/// (forking and joining a team costs microseconds). Loops with reductions
/// stay sequential too, so that float results do not depend on the number
/// of threads. Everything else becomes scf.for nests in the same order.
struct OuterParallelLoopsPass
    : public PassWrapper<OuterParallelLoopsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(OuterParallelLoopsPass)

  OuterParallelLoopsPass() = default;
  OuterParallelLoopsPass(const OuterParallelLoopsPass &other)
      : PassWrapper(other) {}
  explicit OuterParallelLoopsPass(int64_t minWork) { this->minWork = minWork; }

  StringRef getArgument() const final { return "qnn-outer-parallel-loops"; }
  StringRef getDescription() const final {
    return "Keep only the outermost scf.parallel of each loop nest, and only "
           "where it does enough work to pay for threads; the others become "
           "scf.for";
  }

  Option<int64_t> minWork{
      *this, "min-work",
      llvm::cl::desc("Nests estimated to run fewer operations stay "
                     "sequential"),
      llvm::cl::init(262144)};

  void runOnOperation() override {
    llvm::SmallVector<scf::ParallelOp> sequential;
    llvm::SmallVector<std::pair<scf::ParallelOp, unsigned>> split;
    getOperation()->walk<WalkOrder::PreOrder>([&](scf::ParallelOp op) {
      // Walking pre-order, the outermost loop of a nest comes first.
      if (op->getParentOfType<scf::ParallelOp>())
        return;
      // Products of two capped values stay far from overflow.
      int64_t cap = std::clamp<int64_t>(minWork, 2, int64_t(1) << 31);
      int64_t trips = 1;
      for (auto [lb, ub, step] : llvm::zip_equal(
               op.getLowerBound(), op.getUpperBound(), op.getStep())) {
        std::optional<int64_t> n = getTripCount(lb, ub, step);
        trips = n ? std::min(cap, trips * std::max<int64_t>(*n, 1)) : cap;
      }
      int64_t work = std::min(cap, trips * estimateWork(op.getRegion(), cap));
      bool parallel = op.getNumResults() == 0 && trips > 1 && work >= minWork;
      op->walk<WalkOrder::PostOrder>([&](scf::ParallelOp inner) {
        if (inner != op || !parallel)
          sequential.push_back(inner);
      });
      if (!parallel)
        return;
      // Scalar nests (linalg ops): only the leading dimensions that give
      // enough iterations to share stay parallel (never the innermost one
      // of several, which LLVM vectorizes), so that each thread runs plain
      // inner loops. Nests with vector code (target kernels) choose their
      // parallel dimensions themselves.
      bool vectorCode = op.getBody()
                            ->walk([](Operation *inner) {
                              return llvm::any_of(inner->getResultTypes(),
                                                  llvm::IsaPred<VectorType>)
                                         ? WalkResult::interrupt()
                                         : WalkResult::advance();
                            })
                            .wasInterrupted();
      if (vectorCode)
        return;
      unsigned rank = op.getNumLoops(), numOuter = 0;
      int64_t outerTrips = 1;
      while (numOuter + 1 < rank && outerTrips < kMinParallelTrips) {
        std::optional<int64_t> n =
            getTripCount(op.getLowerBound()[numOuter],
                         op.getUpperBound()[numOuter], op.getStep()[numOuter]);
        outerTrips = n ? std::min(kMinParallelTrips, outerTrips * *n)
                       : kMinParallelTrips;
        ++numOuter;
      }
      if (outerTrips < 2)
        numOuter = rank;
      if (numOuter < rank)
        split.push_back({op, numOuter});
    });
    // Innermost first: each loop's body is final when it is cloned.
    IRRewriter rewriter(&getContext());
    for (scf::ParallelOp op : sequential)
      sequentialize(rewriter, op);
    for (auto [op, numOuter] : split)
      keepOuterDimsParallel(rewriter, op, numOuter);
  }

  /// Parallel iterations (of the leading dimensions) that suffice to share
  /// a nest between threads.
  static constexpr int64_t kMinParallelTrips = 64;

  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<scf::SCFDialect>();
  }
};

/// Target names reserved by ARCHITECTURE.md; `generic`, `x86-avx2`,
/// `x86-avxvnni`, `x86-avx512vnni`, `aarch64-dotprod`, `aarch64-i8mm` and
/// `host` (the best of those for the running CPU) are implemented.
constexpr llvm::StringLiteral kKnownTargets[] = {
    "generic",      "host",           "x86-avx2",
    "x86-avxvnni",  "x86-avx512vnni", "aarch64-dotprod",
    "aarch64-i8mm", "nvptx-sm80",     "nvptx-sm90a"};

/// Returns an error message when `target` cannot be lowered to, else "".
std::string checkTarget(StringRef target) {
  if (target == "generic" || target == "x86-avx2" ||
      target == "x86-avxvnni" || target == "x86-avx512vnni" ||
      target == "host")
    return "";
  // AArch64 (SDOT / SMMLA kernels): compiled ahead of time by
  // quant-translate, or by mlir-translate + llc.
  if (target == "aarch64-dotprod" || target == "aarch64-i8mm")
    return "";
  if (llvm::is_contained(kKnownTargets, target))
    return ("qnn-lower-to-llvm: target '" + target +
            "' is not supported yet (supported: generic, x86-avx2, "
            "x86-avxvnni, x86-avx512vnni, aarch64-dotprod, aarch64-i8mm, "
            "host)")
        .str();
  return ("qnn-lower-to-llvm: unknown target '" + target +
          "' (supported: generic, x86-avx2, x86-avxvnni, x86-avx512vnni, "
          "aarch64-dotprod, aarch64-i8mm, host)")
      .str();
}

/// The running CPU's features, or for tests of `host` the list in
/// QUANTMLIR_HOST_FEATURES ("+avx2,+fma,+avxvnni": the features a CPU would
/// report, nothing else; docs/UserGuide.md).
llvm::StringMap<bool> hostFeatures() {
  const char *env = std::getenv("QUANTMLIR_HOST_FEATURES");
  if (!env)
    return llvm::sys::getHostCPUFeatures();
  llvm::StringMap<bool> features;
  SmallVector<StringRef> list;
  StringRef(env).split(list, ',', -1, /*KeepEmpty=*/false);
  for (StringRef f : list) {
    f = f.trim();
    bool on = !f.consume_front("-");
    f.consume_front("+");
    features[f] = on;
  }
  return features;
}

/// `host` resolves to x86-avx512vnni where the running CPU has AVX512-VNNI
/// (+ VL, BW), else to x86-avxvnni where it has VEX AVX-VNNI, else to
/// x86-avx2 (all three need AVX2 and FMA), else generic.
/// On an AArch64 host: aarch64-i8mm with FEAT_I8MM, else aarch64-dotprod with
/// FEAT_DotProd, else generic.
StringRef resolveTarget(StringRef target) {
  if (target != "host")
    return target;
  llvm::StringMap<bool> features = hostFeatures();
  if (llvm::Triple(llvm::sys::getProcessTriple()).isAArch64()) {
    if (features.lookup("dotprod") && features.lookup("i8mm"))
      return "aarch64-i8mm";
    return features.lookup("dotprod") ? "aarch64-dotprod" : "generic";
  }
  bool avx2 = features.lookup("avx2") && features.lookup("fma");
  if (avx2 && features.lookup("avx512vnni") && features.lookup("avx512vl") &&
      features.lookup("avx512bw"))
    return "x86-avx512vnni";
  if (avx2 && features.lookup("avxvnni"))
    return "x86-avxvnni";
  if (avx2)
    return "x86-avx2";
  return "generic";
}

void addLowerToLLVMPasses(OpPassManager &pm,
                          const LowerToLLVMOptions &options) {
  StringRef target = options.target;
  StringRef resolved = resolveTarget(target);
  // x86-avxvnni: the vpdpbusd scheme of x86-avx512vnni on ymm registers
  // only, VEX encoded (no AVX-512).
  bool vex = resolved == "x86-avxvnni";
  bool vnni = resolved == "x86-avx512vnni" || vex;
  bool avx2 = resolved == "x86-avx2" || vnni;
  bool aarch64 = resolved.starts_with("aarch64-");
  bool i8mm = resolved == "aarch64-i8mm";
  // Public functions get the C interface used by quant-run and embedders.
  pm.addPass(std::make_unique<EmitCInterfacePass>());

  // qnn -> linalg / arith / tensor on tensors.
  qnn::ConvertQNNToLinalgOptions qnnOptions;
  qnnOptions.requantizeDtype = options.requantizeDtype;
  pm.addPass(qnn::createConvertQNNToLinalg(qnnOptions));

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
  funcPm.addPass(std::make_unique<ElementwiseFusionPass>());
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
  pm.addPass(std::make_unique<OrderConstantGlobalsPass>());
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
    pm.addPass(createX86AVX2MatmulPass(vnni, /*fuseEpilogue=*/true, vex));
    pm.addPass(createCanonicalizerPass());
  }
  // aarch64: packed, register-tiled SDOT / SMMLA code
  // (lib/Conversion/AArch64/AArch64Gemm.cpp).
  if (aarch64) {
    pm.addPass(createAArch64MatmulPass(i8mm));
    pm.addPass(createCanonicalizerPass());
  }
  // Strided copies become loops, not memrefCopy calls (self-contained
  // objects for quant-translate --emit-obj).
  pm.addPass(std::make_unique<StridedCopyToLinalgPass>());

  // Loops, then LLVM. With threads != 1 the parallel dimensions of linalg
  // ops become scf.parallel; the outermost loop of each nest that does
  // enough work becomes an OpenMP worksharing loop (docs/Design.md,
  // "Threads"), the others scf.for.
  bool openmp = options.threads != 1;
  // Contiguous innermost loops for what no kernel took (LoopOrder.cpp).
  pm.addPass(createContiguousInnerLoopPass());
  if (openmp)
    pm.nest<func::FuncOp>().addPass(createConvertLinalgToParallelLoopsPass());
  else
    pm.nest<func::FuncOp>().addPass(createConvertLinalgToLoopsPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  if (openmp) {
    pm.addPass(
        std::make_unique<OuterParallelLoopsPass>(options.parallelMinWork));
    ConvertSCFToOpenMPPassOptions toOpenMP;
    toOpenMP.numThreads = static_cast<unsigned>(options.threads);
    pm.addPass(createConvertSCFToOpenMPPass(toOpenMP));
    // Each loop body is wrapped in a memref.alloca_scope, which must become
    // LLVM before scf-to-cf gives its region several blocks.
    pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  }
  pm.addPass(arith::createArithExpandOpsPass());
  pm.addPass(createSCFToControlFlowPass());
  if (avx2)
    pm.addPass(createConvertVectorToLLVMPass());
  if (aarch64)
    pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createConvertMathToLibmPass()); // what has no LLVM intrinsic
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  if (openmp)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createUBToLLVMConversionPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  // Whatever machine compiles the module (JIT or llc) uses AVX2 and FMA
  // (and AVX512-VNNI with VL / BW for x86-avx512vnni, VEX AVX-VNNI and no
  // AVX-512 for x86-avxvnni).
  if (vex)
    pm.addPass(createSetTargetFeaturesPass({"+avx2", "+fma", "+avxvnni"}));
  else if (vnni)
    pm.addPass(createSetTargetFeaturesPass(
        {"+avx2", "+fma", "+avx512f", "+avx512vl", "+avx512bw", "+avx512dq",
         "+avx512vnni"}));
  else if (avx2)
    pm.addPass(createSetTargetFeaturesPass({"+avx2", "+fma"}));
  // aarch64: the features and the triple travel with the module, so that
  // quant-translate --emit-obj (or llc) needs no -mtriple / -mattr.
  if (aarch64) {
    if (i8mm)
      pm.addPass(createSetTargetFeaturesPass({"+neon", "+dotprod", "+i8mm"}));
    else
      pm.addPass(createSetTargetFeaturesPass({"+neon", "+dotprod"}));
    pm.addPass(createSetTargetTriplePass("aarch64-unknown-linux-gnu"));
  }
}

} // namespace

bool hostHasFeature(StringRef name) { return hostFeatures().lookup(name); }

LogicalResult buildLowerToLLVMPipeline(OpPassManager &pm,
                                       const LowerToLLVMOptions &options) {
  std::string error = checkTarget(options.target);
  if (!error.empty()) {
    llvm::errs() << "error: " << error << "\n";
    return failure();
  }
  if (options.threads < 0) {
    llvm::errs() << "error: qnn-lower-to-llvm: threads must be >= 0 (got "
                 << options.threads << ")\n";
    return failure();
  }
  if (options.requantizeDtype != "int64" &&
      options.requantizeDtype != "float32") {
    llvm::errs() << "error: qnn-lower-to-llvm: requantize-dtype must be "
                    "int64 or float32 (got '"
                 << options.requantizeDtype << "')\n";
    return failure();
  }
  addLowerToLLVMPasses(pm, options);
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
  PassRegistration<StridedCopyToLinalgPass>();
  PassRegistration<OuterParallelLoopsPass>();
  PassRegistration<ElementwiseFusionPass>();
  registerContiguousInnerLoopPass();
  registerX86CodegenPasses();
  registerAArch64CodegenPasses();

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
        if (options.threads < 0)
          return errorHandler("qnn-lower-to-llvm: threads must be >= 0 (got " +
                              Twine(options.threads) + ")");
        if (options.requantizeDtype != "int64" &&
            options.requantizeDtype != "float32")
          return errorHandler(
              "qnn-lower-to-llvm: requantize-dtype must be int64 or float32 "
              "(got '" +
              Twine(options.requantizeDtype) + "')");
        addLowerToLLVMPasses(pm, options);
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
