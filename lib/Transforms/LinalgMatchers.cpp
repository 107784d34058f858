//===- LinalgMatchers.cpp - Recognising linalg-on-tensors idioms ----------===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Transforms/LinalgMatchers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"

#include <algorithm>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

/// A scalar float constant (arith.constant), as a double.
static std::optional<double> getScalarConstant(Value v) {
  FloatAttr attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  return attr.getValueAsDouble();
}

/// All elements of a float dense constant, as doubles.
static std::optional<SmallVector<double>> getDenseValues(Value v) {
  DenseElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)) ||
      !isa<FloatType>(attr.getElementType()))
    return std::nullopt;
  SmallVector<double> values;
  values.reserve(attr.getNumElements());
  for (const APFloat &f : attr.getValues<APFloat>())
    values.push_back(f.convertToDouble());
  return values;
}

std::optional<LinalgElementwise>
mlir::qnn::matchLinalgElementwise(Operation *op) {
  if (isa<linalg::AddOp>(op))
    return LinalgElementwise{LinalgElementwiseKind::Add};
  if (isa<linalg::MulOp>(op))
    return LinalgElementwise{LinalgElementwiseKind::Mul};
  if (isa<linalg::MaxOp>(op))
    return LinalgElementwise{LinalgElementwiseKind::Max};
  auto generic = dyn_cast<linalg::GenericOp>(op);
  if (!generic || generic.getNumDpsInits() != 1 || op->getNumResults() != 1 ||
      generic.getNumParallelLoops() != generic.getNumLoops())
    return std::nullopt;
  if (!generic.getMatchingIndexingMap(generic.getDpsInitOperand(0))
           .isIdentity())
    return std::nullopt;
  Block &body = generic.getRegion().front();
  unsigned numInputs = generic.getNumDpsInputs();
  if (body.getNumArguments() != numInputs + 1 ||
      !body.getArgument(numInputs).use_empty())
    return std::nullopt;
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!yield || yield.getNumOperands() != 1)
    return std::nullopt;
  Value y = yield.getOperand(0);
  size_t numOps = body.getOperations().size() - 1;

  if (numInputs == 1 && numOps == 0 && y == body.getArgument(0))
    return LinalgElementwise{LinalgElementwiseKind::Copy};

  if (numInputs == 2 && numOps == 1) {
    Operation *def = y.getDefiningOp();
    if (!def || def->getNumOperands() != 2)
      return std::nullopt;
    Value a = def->getOperand(0), b = def->getOperand(1);
    Value in0 = body.getArgument(0), in1 = body.getArgument(1);
    if (!((a == in0 && b == in1) || (a == in1 && b == in0)))
      return std::nullopt;
    if (isa<arith::AddFOp>(def))
      return LinalgElementwise{LinalgElementwiseKind::Add};
    if (isa<arith::MulFOp>(def))
      return LinalgElementwise{LinalgElementwiseKind::Mul};
    if (isa<arith::MaximumFOp, arith::MaxNumFOp>(def))
      return LinalgElementwise{LinalgElementwiseKind::Max};
    return std::nullopt;
  }

  if (numInputs == 1 && numOps >= 1) {
    // A chain of min / max with scalar constants from outside the body.
    double lo = -std::numeric_limits<double>::infinity();
    double hi = std::numeric_limits<double>::infinity();
    Value v = y;
    size_t count = 0;
    while (v != body.getArgument(0)) {
      Operation *def = v.getDefiningOp();
      if (!def || def->getBlock() != &body || def->getNumOperands() != 2)
        return std::nullopt;
      bool isMin = isa<arith::MinimumFOp, arith::MinNumFOp>(def);
      bool isMax = isa<arith::MaximumFOp, arith::MaxNumFOp>(def);
      if (!isMin && !isMax)
        return std::nullopt;
      Value next = def->getOperand(0);
      std::optional<double> c = getScalarConstant(def->getOperand(1));
      if (!c) {
        next = def->getOperand(1);
        c = getScalarConstant(def->getOperand(0));
      }
      if (!c || std::isnan(*c))
        return std::nullopt;
      if (isMin)
        hi = std::min(hi, *c);
      else
        lo = std::max(lo, *c);
      ++count;
      v = next;
    }
    // min(max(x, lo), hi) == max(min(x, hi), lo) when lo <= hi.
    if (count != numOps || !(lo <= hi))
      return std::nullopt;
    LinalgElementwise e{LinalgElementwiseKind::Clamp};
    e.lo = lo;
    e.hi = hi;
    return e;
  }
  return std::nullopt;
}

std::optional<SmallVector<double>>
mlir::qnn::getLinalgOperandPerDim(Operation *op, unsigned operandIdx,
                                  int64_t loopDim) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || operandIdx >= linalgOp.getNumDpsInputs())
    return std::nullopt;
  OpOperand &operand = op->getOpOperand(operandIdx);
  auto ty = dyn_cast<RankedTensorType>(operand.get().getType());
  std::optional<SmallVector<double>> values = getDenseValues(operand.get());
  if (!ty || !ty.hasStaticShape() || !values)
    return std::nullopt;
  SmallVector<int64_t> loops = linalgOp.getStaticLoopRanges();
  if (loopDim < 0 || loopDim >= static_cast<int64_t>(loops.size()) ||
      ShapedType::isDynamic(loops[loopDim]))
    return std::nullopt;
  AffineMap map = linalgOp.getMatchingIndexingMap(&operand);
  // Per operand dimension: a fixed index, or the channel (-1).
  SmallVector<int64_t> fixed;
  for (AffineExpr e : map.getResults()) {
    if (auto c = dyn_cast<AffineConstantExpr>(e)) {
      fixed.push_back(c.getValue());
      continue;
    }
    auto d = dyn_cast<AffineDimExpr>(e);
    if (!d)
      return std::nullopt;
    if (static_cast<int64_t>(d.getPosition()) == loopDim) {
      fixed.push_back(-1);
      continue;
    }
    // Another loop: the operand must not vary along it.
    if (loops[d.getPosition()] != 1)
      return std::nullopt;
    fixed.push_back(0);
  }
  ArrayRef<int64_t> shape = ty.getShape();
  int64_t n = loops[loopDim];
  SmallVector<double> out;
  for (int64_t c = 0; c < n; ++c) {
    int64_t flat = 0;
    for (auto [dim, f] : llvm::enumerate(fixed)) {
      int64_t idx = f < 0 ? c : f;
      if (idx < 0 || idx >= shape[dim])
        return std::nullopt;
      flat = flat * shape[dim] + idx;
    }
    out.push_back((*values)[flat]);
  }
  return out;
}

std::optional<SmallVector<double>>
mlir::qnn::getPerChannelConstant(Value init, int64_t channelDim) {
  auto ty = dyn_cast<RankedTensorType>(init.getType());
  if (!ty || channelDim < 0 || channelDim >= ty.getRank() ||
      ty.isDynamicDim(channelDim) || !isa<FloatType>(ty.getElementType()))
    return std::nullopt;
  int64_t n = ty.getDimSize(channelDim);
  Operation *def = init.getDefiningOp();
  if (!def)
    return std::nullopt;
  if (isa<tensor::EmptyOp>(def))
    return SmallVector<double>(n, 0.0);
  if (auto fill = dyn_cast<linalg::FillOp>(def)) {
    std::optional<double> c = getScalarConstant(fill.getInputs()[0]);
    if (!c)
      return std::nullopt;
    return SmallVector<double>(n, *c);
  }
  if (auto bc = dyn_cast<linalg::BroadcastOp>(def)) {
    ArrayRef<int64_t> added = bc.getDimensions();
    if (llvm::is_contained(added, channelDim)) {
      std::optional<SmallVector<double>> v = getDenseValues(bc.getInput());
      if (!v || v->empty() ||
          llvm::any_of(*v, [&](double x) { return x != v->front(); }))
        return std::nullopt;
      return SmallVector<double>(n, v->front());
    }
    int64_t before =
        llvm::count_if(added, [&](int64_t d) { return d < channelDim; });
    return getPerChannelConstant(bc.getInput(), channelDim - before);
  }
  if (auto generic = dyn_cast<linalg::GenericOp>(def)) {
    std::optional<LinalgElementwise> e = matchLinalgElementwise(def);
    if (!e || e->kind != LinalgElementwiseKind::Copy)
      return std::nullopt;
    // The output map is the identity: loop dimension == result dimension.
    return getLinalgOperandPerDim(def, 0, channelDim);
  }
  std::optional<SmallVector<double>> values = getDenseValues(init);
  if (!values || !ty.hasStaticShape())
    return std::nullopt;
  int64_t inner = 1;
  for (int64_t d = channelDim + 1; d < ty.getRank(); ++d)
    inner *= ty.getDimSize(d);
  SmallVector<double> out(n, 0.0);
  SmallVector<bool> seen(n, false);
  for (auto [i, v] : llvm::enumerate(*values)) {
    int64_t c = (static_cast<int64_t>(i) / inner) % n;
    if (!seen[c]) {
      out[c] = v;
      seen[c] = true;
    } else if (out[c] != v && !(std::isnan(out[c]) && std::isnan(v))) {
      return std::nullopt;
    }
  }
  return out;
}

bool mlir::qnn::isRankPreservingBroadcast(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp || linalgOp.getNumDpsInits() != 1 ||
      linalgOp.getNumParallelLoops() != linalgOp.getNumLoops())
    return false;
  auto outTy = dyn_cast<RankedTensorType>(linalgOp.getDpsInits()[0].getType());
  if (!outTy || outTy.getRank() != linalgOp.getNumLoops() ||
      !linalgOp.getMatchingIndexingMap(linalgOp.getDpsInitOperand(0))
           .isIdentity())
    return false;
  for (OpOperand *in : linalgOp.getDpsInputOperands()) {
    auto ty = dyn_cast<RankedTensorType>(in->get().getType());
    AffineMap map = linalgOp.getMatchingIndexingMap(in);
    if (!ty || ty.getRank() != outTy.getRank() ||
        map.getNumResults() != ty.getRank())
      return false;
    for (auto [i, e] : llvm::enumerate(map.getResults())) {
      if (auto d = dyn_cast<AffineDimExpr>(e)) {
        if (d.getPosition() != i)
          return false;
        continue;
      }
      auto c = dyn_cast<AffineConstantExpr>(e);
      if (!c || c.getValue() != 0 || ty.getDimSize(i) != 1)
        return false;
    }
  }
  return true;
}

std::optional<LinalgBiasAdd> mlir::qnn::matchLinalgBiasAdd(Operation *op) {
  std::optional<LinalgElementwise> e = matchLinalgElementwise(op);
  auto linalgOp = dyn_cast_or_null<linalg::LinalgOp>(op);
  if (!e || e->kind != LinalgElementwiseKind::Add || !linalgOp ||
      linalgOp.getNumDpsInputs() != 2 || op->getNumResults() != 1)
    return std::nullopt;
  auto resultTy = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultTy || resultTy.getRank() < 1 ||
      linalgOp.getNumLoops() != static_cast<unsigned>(resultTy.getRank()))
    return std::nullopt;
  for (unsigned biasIdx : {1u, 0u}) {
    unsigned dataIdx = 1 - biasIdx;
    OpOperand &data = op->getOpOperand(dataIdx);
    if (data.get().getType() != resultTy ||
        !linalgOp.getMatchingIndexingMap(&data).isIdentity() ||
        matchPattern(data.get(), m_Constant()))
      continue;
    std::optional<SmallVector<double>> bias =
        getLinalgOperandPerDim(op, biasIdx, resultTy.getRank() - 1);
    if (bias)
      return LinalgBiasAdd{dataIdx, biasIdx, std::move(*bias)};
  }
  return std::nullopt;
}

std::optional<LinalgAccumulatorBiasAdd>
mlir::qnn::getLinalgAccumulatorBiasAdd(Operation *op) {
  if (!isa<linalg::MatmulOp, linalg::BatchMatmulOp>(op) &&
      !isLinalgConvLayer(op))
    return std::nullopt;
  if (op->getNumResults() != 1 || !op->getResult(0).hasOneUse())
    return std::nullopt;
  Value value = op->getResult(0);
  Operation *user = *value.getUsers().begin();
  Operation *collapse = nullptr;
  if (isa<tensor::CollapseShapeOp>(user)) {
    collapse = user;
    value = user->getResult(0);
    if (!value.hasOneUse())
      return std::nullopt;
    user = *value.getUsers().begin();
  }
  std::optional<LinalgBiasAdd> m = matchLinalgBiasAdd(user);
  if (!m || user->getOperand(m->dataIdx) != value)
    return std::nullopt;
  return LinalgAccumulatorBiasAdd{user, collapse, std::move(*m)};
}

/// linalg.matmul / batch_matmul with the default (untransposed) maps.
static bool isPlainMatmul(Operation *op) {
  if (auto mm = dyn_cast<linalg::MatmulOp>(op))
    return !mm.hasUserDefinedMaps();
  if (auto bmm = dyn_cast<linalg::BatchMatmulOp>(op))
    return !bmm.hasUserDefinedMaps();
  return false;
}

std::optional<int64_t> mlir::qnn::getLinalgWeightChannelAxis(Operation *op,
                                                             unsigned idx) {
  if (idx != 1 || op->getNumOperands() < 2)
    return std::nullopt;
  auto wTy = dyn_cast<RankedTensorType>(op->getOperand(1).getType());
  if (!wTy)
    return std::nullopt;
  std::optional<int64_t> axis;
  if (isa<linalg::Conv2DNhwcFhwcOp, linalg::Conv2DNchwFchwOp>(op))
    axis = 0;
  else if (isa<linalg::Conv2DNhwcHwcfOp>(op))
    axis = 3;
  else if (isa<linalg::DepthwiseConv2DNhwcHwcOp>(op))
    axis = 2;
  // KH x KW x C x M: one scale per input channel is one per output channel
  // only when M == 1 (as for tosa.depthwise_conv2d).
  else if (isa<linalg::DepthwiseConv2DNhwcHwcmOp>(op) && wTy.getRank() == 4 &&
           wTy.getDimSize(3) == 1)
    axis = 2;
  else if (isa<linalg::MatmulOp>(op) && isPlainMatmul(op))
    axis = 1;
  else if (isa<linalg::BatchMatmulOp>(op) && isPlainMatmul(op))
    axis = 2;
  if (!axis || *axis >= wTy.getRank() || wTy.isDynamicDim(*axis))
    return std::nullopt;
  return axis;
}

bool mlir::qnn::isLinalgConvLayer(Operation *op) {
  return isa<linalg::Conv2DNhwcFhwcOp, linalg::Conv2DNhwcHwcfOp,
             linalg::Conv2DNchwFchwOp, linalg::DepthwiseConv2DNhwcHwcOp,
             linalg::DepthwiseConv2DNhwcHwcmOp>(op);
}

bool mlir::qnn::isLinalgDenseLayer(Operation *op) {
  return isPlainMatmul(op) && op->getNumOperands() >= 2 &&
         matchPattern(op->getOperand(1), m_Constant());
}

//===----------------------------------------------------------------------===//
// Concatenation (tensor.insert_slice chains) and average pooling
//===----------------------------------------------------------------------===//

bool mlir::qnn::isConcatInsertSlice(Operation *op) {
  auto ins = dyn_cast_or_null<tensor::InsertSliceOp>(op);
  if (!ins || !isa<RankedTensorType>(ins.getSource().getType()) ||
      !ins.getOffsets().empty() || !ins.getSizes().empty() ||
      !ins.getStrides().empty() ||
      llvm::any_of(ins.getStaticStrides(), [](int64_t s) { return s != 1; }))
    return false;
  // Walk back to the tensor.empty the chain starts from.
  Operation *cur = ins;
  for (unsigned depth = 0; depth < 4096; ++depth) {
    Value dest = cast<tensor::InsertSliceOp>(cur).getDest();
    Operation *def = dest.getDefiningOp();
    if (!def)
      return false;
    if (isa<tensor::EmptyOp>(def))
      return true;
    auto prev = dyn_cast<tensor::InsertSliceOp>(def);
    if (!prev || !dest.hasOneUse() ||
        !isa<RankedTensorType>(prev.getSource().getType()) ||
        !prev.getOffsets().empty() || !prev.getSizes().empty() ||
        !prev.getStrides().empty() ||
        llvm::any_of(prev.getStaticStrides(), [](int64_t s) { return s != 1; }))
      return false;
    cur = prev;
  }
  return false;
}

std::optional<SmallVector<Operation *>>
mlir::qnn::getConcatChain(Operation *op) {
  if (!isConcatInsertSlice(op))
    return std::nullopt;
  Value result = op->getResult(0);
  for (Operation *user : result.getUsers())
    if (auto next = dyn_cast<tensor::InsertSliceOp>(user);
        next && next.getDest() == result && isConcatInsertSlice(next))
      return std::nullopt;
  SmallVector<Operation *> chain;
  Operation *cur = op;
  while (auto ins = dyn_cast_or_null<tensor::InsertSliceOp>(cur)) {
    chain.push_back(ins);
    cur = ins.getDest().getDefiningOp();
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

std::optional<LinalgAvgPool> mlir::qnn::matchLinalgAvgPool(Operation *op) {
  auto generic = dyn_cast_or_null<linalg::GenericOp>(op);
  if (!generic || generic.getNumDpsInputs() != 1 ||
      generic.getNumDpsInits() != 1 || generic->getNumResults() != 1 ||
      generic.getNumReductionLoops() != 0 ||
      !llvm::all_of(generic.getIndexingMapsArray(),
                    [](AffineMap m) { return m.isIdentity(); }))
    return std::nullopt;
  auto pool =
      generic.getDpsInputs()[0].getDefiningOp<linalg::PoolingNhwcSumOp>();
  if (!pool || !pool->getResult(0).hasOneUse() ||
      pool.getNumDpsInputs() != 2 || pool.getNumDpsInits() != 1)
    return std::nullopt;
  // The body: yield (arg0 / c).
  Block &body = generic.getRegion().front();
  if (body.getOperations().size() != 2)
    return std::nullopt;
  auto div = dyn_cast<arith::DivFOp>(body.front());
  auto yield = dyn_cast<linalg::YieldOp>(body.getTerminator());
  if (!div || !yield || yield.getNumOperands() != 1 ||
      yield.getOperand(0) != div.getResult() ||
      div.getLhs() != body.getArgument(0))
    return std::nullopt;
  std::optional<double> c = getScalarConstant(div.getRhs());
  if (!c)
    return std::nullopt;
  // Window and strides.
  auto kernelTy =
      dyn_cast<RankedTensorType>(pool.getDpsInputs()[1].getType());
  if (!kernelTy || kernelTy.getRank() != 2 || !kernelTy.hasStaticShape())
    return std::nullopt;
  if (!llvm::all_of(pool.getDilations().getValues<int64_t>(),
                    [](int64_t d) { return d == 1; }))
    return std::nullopt;
  std::optional<SmallVector<double>> init =
      getPerChannelConstant(pool.getDpsInits()[0], 3);
  if (!init || llvm::any_of(*init, [](double v) { return v != 0.0; }))
    return std::nullopt;
  LinalgAvgPool m;
  m.sum = pool;
  m.divide = generic;
  m.kernel = llvm::to_vector(kernelTy.getShape());
  m.stride = llvm::to_vector(pool.getStrides().getValues<int64_t>());
  if (*c != static_cast<double>(m.kernel[0] * m.kernel[1]))
    return std::nullopt;
  return m;
}

std::optional<LinalgAvgPool> mlir::qnn::matchLinalgAvgPoolSum(Operation *op) {
  auto pool = dyn_cast_or_null<linalg::PoolingNhwcSumOp>(op);
  if (!pool || !pool->getResult(0).hasOneUse())
    return std::nullopt;
  return matchLinalgAvgPool(*pool->getResult(0).getUsers().begin());
}

bool mlir::qnn::isMaxPoolPadding(Operation *op) {
  auto pad = dyn_cast_or_null<tensor::PadOp>(op);
  if (!pad || pad.getResult().use_empty() ||
      pad.getSourceType().getRank() != 4)
    return false;
  Value padValue = pad.getConstantPaddingValue();
  std::optional<double> c = padValue ? getScalarConstant(padValue)
                                     : std::optional<double>();
  if (!c || !(*c <= -double(std::numeric_limits<float>::max())))
    return false;
  ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
  if (llvm::any_of(low, ShapedType::isDynamic) ||
      llvm::any_of(high, ShapedType::isDynamic) || low[0] != 0 ||
      high[0] != 0 || low[3] != 0 || high[3] != 0)
    return false;
  for (OpOperand &use : pad.getResult().getUses()) {
    auto pool = dyn_cast<linalg::PoolingNhwcMaxOp>(use.getOwner());
    if (!pool || use.getOperandNumber() != 0 || pool.getNumDpsInputs() != 2)
      return false;
    auto kernelTy =
        dyn_cast<RankedTensorType>(pool.getDpsInputs()[1].getType());
    if (!kernelTy || kernelTy.getRank() != 2 || !kernelTy.hasStaticShape() ||
        !llvm::all_of(pool.getDilations().getValues<int64_t>(),
                      [](int64_t d) { return d == 1; }))
      return false;
    for (int d = 0; d < 2; ++d)
      if (low[d + 1] >= kernelTy.getDimSize(d) ||
          high[d + 1] >= kernelTy.getDimSize(d))
        return false;
  }
  return true;
}
