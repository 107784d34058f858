//===- LoopOrder.cpp - qnn-contiguous-inner-loop --------------------------===//
//
// Part of QuantMLIR.
//
// The loops that convert-linalg-to-loops emits follow the op's iteration
// space. For a contraction written (i, j, k) -> C[i][j] += A[i][k] * B[k][j]
// the innermost loop runs over k: B is read with a stride of N elements and
// the loop is a scalar reduction, which LLVM does not vectorize (about 1 GOPS
// for an int8 matmul). Moving the output's last dimension innermost,
// (i, k, j), makes every access in the inner loop contiguous or invariant:
// C[i][j:] += A[i][k] * B[k][j:] vectorizes (LLVM's loop vectorizer) for any
// target, 30-40x faster for that matmul. Every output element still sums its
// products in the same k order, so float results do not change.
//
// The rewrite applies to a linalg op (generalized if named) with one output,
// at least one reduction loop, whose output's last dimension is indexed by a
// parallel loop `p` that is not innermost yet, where every operand that uses
// `p` uses it only as its last (contiguous) index: matmuls, batch matmuls,
// depthwise convolutions and pooling (channels last). Convolutions with
// F x KH x KW x C weights are left as they are (F is their outermost
// dimension). What the target kernels (x86, AArch64) matched is gone by then.
//
//===----------------------------------------------------------------------===//

#include "LoopOrder.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Pass/Pass.h"

using namespace mlir;

namespace quantmlir {
namespace {

/// The loop permutation that makes the output's last dimension innermost,
/// or nothing when the op does not qualify.
std::optional<SmallVector<unsigned>> innerLoopPermutation(linalg::LinalgOp op) {
  if (op.getNumDpsInits() != 1 || op.getNumReductionLoops() == 0)
    return std::nullopt;
  unsigned numLoops = op.getNumLoops();
  OpOperand *init = op.getDpsInitOperand(0);
  AffineMap outMap = op.getMatchingIndexingMap(init);
  if (outMap.getNumResults() == 0)
    return std::nullopt;
  auto last = dyn_cast<AffineDimExpr>(outMap.getResults().back());
  if (!last)
    return std::nullopt;
  unsigned p = last.getPosition();
  if (p == numLoops - 1 ||
      op.getIteratorTypesArray()[p] != utils::IteratorType::parallel)
    return std::nullopt;
  for (OpOperand &operand : op->getOpOperands()) {
    AffineMap map = op.getMatchingIndexingMap(&operand);
    ArrayRef<AffineExpr> results = map.getResults();
    for (auto [i, expr] : llvm::enumerate(results)) {
      if (!expr.isFunctionOfDim(p))
        continue;
      // Only as the plain last index (contiguous in a row-major buffer).
      if (i + 1 != results.size() || !isa<AffineDimExpr>(expr))
        return std::nullopt;
    }
  }
  SmallVector<unsigned> perm;
  for (unsigned d = 0; d < numLoops; ++d)
    if (d != p)
      perm.push_back(d);
  perm.push_back(p);
  return perm;
}

struct ContiguousInnerLoopPass
    : public PassWrapper<ContiguousInnerLoopPass, OperationPass<>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(ContiguousInnerLoopPass)
  StringRef getArgument() const final { return "qnn-contiguous-inner-loop"; }
  StringRef getDescription() const final {
    return "Reorder the loops of linalg contractions, depthwise convolutions "
           "and pooling so that the output's last (contiguous) dimension is "
           "innermost: the loops convert-linalg-to-loops emits then "
           "vectorize (same summation order per output element)";
  }
  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<linalg::LinalgDialect>();
  }
  void runOnOperation() override {
    SmallVector<linalg::LinalgOp> ops;
    getOperation()->walk([&](linalg::LinalgOp op) {
      if (innerLoopPermutation(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    for (linalg::LinalgOp op : ops) {
      SmallVector<unsigned> perm = *innerLoopPermutation(op);
      rewriter.setInsertionPoint(op);
      auto generic = dyn_cast<linalg::GenericOp>(op.getOperation());
      if (!generic) {
        FailureOr<linalg::GenericOp> g = linalg::generalizeNamedOp(rewriter, op);
        if (failed(g))
          continue;
        generic = *g;
      }
      if (failed(linalg::interchangeGenericOp(rewriter, generic, perm)))
        generic.emitWarning("qnn-contiguous-inner-loop: cannot interchange");
    }
  }
};

} // namespace

std::unique_ptr<Pass> createContiguousInnerLoopPass() {
  return std::make_unique<ContiguousInnerLoopPass>();
}

void registerContiguousInnerLoopPass() {
  PassRegistration<ContiguousInnerLoopPass>();
}

} // namespace quantmlir
