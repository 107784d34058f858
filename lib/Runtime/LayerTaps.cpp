//===- LayerTaps.cpp - Per-layer outputs of a model, and their errors -----===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Runtime/LayerTaps.h"
#include "QuantMLIR/Runtime/Instrument.h"

#include "QuantMLIR/Dialect/QNN/IR/QNNOps.h"

#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace quantmlir::runtime;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message.str());
}

std::string quantmlir::runtime::getLayerName(Operation *op) {
  std::string name;
  op->getLoc()->walk([&](Location loc) {
    if (auto nameLoc = llvm::dyn_cast<NameLoc>(loc)) {
      name = nameLoc.getName().str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  if (!name.empty())
    return name;
  if (auto sq = llvm::dyn_cast<qnn::SimulatedQuantizeOp>(op))
    if (sq.getKind() == qnn::AnnotationKind::activation && sq.getNameAttr())
      return sq.getNameAttr().getValue().split(':').first.str();
  return name;
}

/// Whether `op` can be a layer's output.
static bool isLayerOp(Operation *op) {
  if (op->hasTrait<OpTrait::IsTerminator>() || op->getNumResults() != 1 ||
      op->getNumOperands() == 0 || op->hasTrait<OpTrait::ConstantLike>())
    return false;
  if (!llvm::isa<RankedTensorType>(op->getResult(0).getType()))
    return false;
  if (auto sq = llvm::dyn_cast<qnn::SimulatedQuantizeOp>(op))
    return sq.getKind() == qnn::AnnotationKind::activation;
  // Ops on constants only (e.g. a weight's transpose) are folded work.
  return llvm::any_of(op->getOperands(), [](Value v) {
    return !v.getDefiningOp() ||
           !v.getDefiningOp()->hasTrait<OpTrait::ConstantLike>();
  });
}

std::vector<LayerOutput>
quantmlir::runtime::collectLayerOutputs(func::FuncOp func) {
  std::vector<LayerOutput> layers;
  llvm::StringMap<size_t> index;
  if (func.isExternal())
    return layers;
  for (Operation &op : func.getBody().front()) {
    if (!isLayerOp(&op))
      continue;
    std::string name = getLayerName(&op);
    if (name.empty())
      continue;
    auto [it, inserted] = index.try_emplace(name, layers.size());
    if (inserted)
      layers.push_back({name, &op, op.getResult(0), std::nullopt});
    else
      layers[it->second].op = &op, layers[it->second].value = op.getResult(0);
  }
  for (LayerOutput &layer : layers)
    layer.grid = inferGrid(layer.value);
  return layers;
}

static std::optional<Grid> toGrid(qnn::QuantParamsAttr params) {
  if (!params)
    return std::nullopt;
  Grid grid;
  grid.scales.assign(params.getScales().begin(), params.getScales().end());
  grid.zeroPoints.assign(params.getZeroPoints().begin(),
                         params.getZeroPoints().end());
  grid.axis = params.getAxis();
  return grid;
}

static bool isIntTensor(Value v) {
  auto type = llvm::dyn_cast<RankedTensorType>(v.getType());
  return type && llvm::isa<IntegerType>(type.getElementType());
}

/// Whether `op` keeps the grid of its first operand.
static bool keepsGrid(Operation *op) {
  if (op->getNumOperands() == 0 || op->getNumResults() != 1 ||
      !isIntTensor(op->getOperand(0)) || !isIntTensor(op->getResult(0)))
    return false;
  if (llvm::isa<qnn::ClampOp, qnn::AvgPool2DOp>(op))
    return true;
  if (llvm::isa<tosa::MaxPool2dOp, tosa::ReshapeOp, tosa::TransposeOp,
                tosa::SliceOp, tosa::ClampOp, tosa::IdentityOp>(op))
    return true;
  // The bias add of an int32 accumulator stays on its grid.
  if (llvm::isa<tosa::AddOp>(op) &&
      getElementTypeOrSelf(op->getResult(0).getType()).isInteger(32))
    return true;
  return false;
}

/// A grid that fits `value`'s shape (per-axis grids need their axis).
static bool fits(const Grid &grid, Value value) {
  if (grid.axis < 0)
    return grid.scales.size() == 1;
  auto type = llvm::cast<RankedTensorType>(value.getType());
  return grid.axis < type.getRank() &&
         type.getDimSize(grid.axis) == int64_t(grid.scales.size());
}

static std::optional<Grid> inferGridImpl(Value value,
                                         llvm::SmallPtrSetImpl<Value> &seen) {
  if (!isIntTensor(value) || !seen.insert(value).second)
    return std::nullopt;
  auto check = [&](std::optional<Grid> g) -> std::optional<Grid> {
    if (g && fits(*g, value))
      return g;
    return std::nullopt;
  };
  // The producer's output parameters.
  if (Operation *def = value.getDefiningOp()) {
    std::optional<Grid> g;
    if (auto q = llvm::dyn_cast<qnn::QuantizeOp>(def))
      g = toGrid(q.getParams());
    else if (auto r = llvm::dyn_cast<qnn::RequantizeOp>(def))
      g = toGrid(r.getOutputParams());
    else if (auto add = llvm::dyn_cast<qnn::AddOp>(def))
      g = toGrid(add.getOutputParams());
    else if (auto mul = llvm::dyn_cast<qnn::MulOp>(def))
      g = toGrid(mul.getOutputParams());
    else if (auto cat = llvm::dyn_cast<qnn::ConcatOp>(def))
      g = toGrid(cat.getOutputParams());
    if (auto fit = check(g))
      return fit;
  }
  // A reader's input parameters.
  for (OpOperand &use : value.getUses()) {
    std::optional<Grid> g;
    Operation *user = use.getOwner();
    if (auto r = llvm::dyn_cast<qnn::RequantizeOp>(user))
      g = toGrid(r.getInputParams());
    else if (auto d = llvm::dyn_cast<qnn::DequantizeOp>(user))
      g = toGrid(d.getParams());
    else if (auto add = llvm::dyn_cast<qnn::AddOp>(user))
      g = toGrid(use.getOperandNumber() == 0 ? add.getLhsParams()
                                             : add.getRhsParams());
    else if (auto mul = llvm::dyn_cast<qnn::MulOp>(user))
      g = toGrid(use.getOperandNumber() == 0 ? mul.getLhsParams()
                                             : mul.getRhsParams());
    if (auto fit = check(g))
      return fit;
  }
  // Through ops that keep the grid: backwards, then forwards.
  if (Operation *def = value.getDefiningOp())
    if (keepsGrid(def))
      if (auto g = check(inferGridImpl(def->getOperand(0), seen)))
        return g;
  for (OpOperand &use : value.getUses())
    if (use.getOperandNumber() == 0 && keepsGrid(use.getOwner()))
      if (auto g = check(inferGridImpl(use.getOwner()->getResult(0), seen)))
        return g;
  return std::nullopt;
}

std::optional<Grid> quantmlir::runtime::inferGrid(Value value) {
  llvm::SmallPtrSet<Value, 8> seen;
  return inferGridImpl(value, seen);
}

FailureOr<func::FuncOp>
quantmlir::runtime::cloneWithExtraResults(func::FuncOp entry,
                                          llvm::ArrayRef<Value> values,
                                          llvm::StringRef suffix) {
  if (entry.isExternal() || !entry.getBody().hasOneBlock() ||
      !llvm::isa<func::ReturnOp>(entry.getBody().front().getTerminator()))
    return entry.emitError("cannot instrument @")
           << entry.getSymName()
           << ": its body is not a single block ending in func.return";
  auto module = entry->getParentOfType<ModuleOp>();
  std::string name = (entry.getSymName() + suffix).str();
  for (unsigned i = 1; module && module.lookupSymbol(name); ++i)
    name = (entry.getSymName() + suffix + llvm::Twine(i)).str();
  IRMapping mapping;
  auto clone = llvm::cast<func::FuncOp>(entry->clone(mapping));
  clone.setSymName(name);
  clone.setPublic();
  clone->removeAttr("qnn.signature");
  entry->getBlock()->getOperations().insertAfter(Block::iterator(entry), clone);

  llvm::SmallVector<Value> extra;
  for (Value v : values)
    extra.push_back(mapping.lookup(v));
  appendFunctionResults(clone, extra);
  return clone;
}

llvm::Expected<std::vector<double>>
quantmlir::runtime::toReal(const NDArray &array,
                           const std::optional<Grid> &grid) {
  int64_t n = array.getNumElements();
  std::vector<double> out(n);
  if (isFloatDType(array.getDType())) {
    for (int64_t i = 0; i < n; ++i)
      out[i] = array.getAsDouble(i);
    return out;
  }
  if (!grid)
    return makeError("no quantization parameters for an integer tensor (" +
                     array.describe() + ")");
  llvm::ArrayRef<int64_t> shape = array.getShape();
  int64_t inner = 1, channels = 1;
  if (grid->axis >= 0) {
    if (grid->axis >= int64_t(shape.size()) ||
        shape[grid->axis] != int64_t(grid->scales.size()))
      return makeError("per-axis parameters do not fit " + array.describe());
    channels = shape[grid->axis];
    for (size_t d = grid->axis + 1; d < shape.size(); ++d)
      inner *= shape[d];
  }
  for (int64_t i = 0; i < n; ++i) {
    size_t c = grid->axis >= 0 ? (i / inner) % channels : 0;
    out[i] = (array.getAsDouble(i) - double(grid->zeroPoints[c])) *
             grid->scales[c];
  }
  return out;
}

void ErrorStats::add(llvm::ArrayRef<double> reference,
                     llvm::ArrayRef<double> test) {
  for (auto [r, t] : llvm::zip_equal(reference, test)) {
    ++count;
    if (!std::isfinite(r) || !std::isfinite(t)) {
      ++nonFinite;
      continue;
    }
    double e = t - r;
    signalEnergy += r * r;
    noiseEnergy += e * e;
    dot += r * t;
    testEnergy += t * t;
    maxAbsError = std::max(maxAbsError, std::fabs(e));
  }
}

double ErrorStats::sqnr() const {
  if (noiseEnergy == 0)
    return std::numeric_limits<double>::infinity();
  if (signalEnergy == 0)
    return -std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signalEnergy / noiseEnergy);
}

double ErrorStats::cosine() const {
  if (signalEnergy == 0 && testEnergy == 0)
    return 1.0;
  if (signalEnergy == 0 || testEnergy == 0)
    return 0.0;
  return dot / (std::sqrt(signalEnergy) * std::sqrt(testEnergy));
}
