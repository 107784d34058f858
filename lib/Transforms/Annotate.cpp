//===- Annotate.cpp - qnn-annotate ----------------------------------------===//
//
// Part of QuantMLIR.
//
// Inserts unbound qnn.simulated_quantize ops following the
// QuantizableOpInterface rule of each op (TVM's annotate step).
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Transforms/LinalgMatchers.h"
#include "QuantMLIR/Transforms/Passes.h"
#include "QuantMLIR/Transforms/Quantize.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

namespace mlir {
namespace qnn {
#define GEN_PASS_DEF_QNNANNOTATE
#include "QuantMLIR/Transforms/Passes.h.inc"
} // namespace qnn
} // namespace mlir

using namespace mlir;
using namespace mlir::qnn;

bool mlir::qnn::isQuantizableFloatTensor(Type type) {
  auto tensorTy = dyn_cast<RankedTensorType>(type);
  if (!tensorTy)
    return false;
  Type elemTy = tensorTy.getElementType();
  return elemTy.isF32() || elemTy.isF16() || elemTy.isBF16();
}

bool mlir::qnn::hasFloatDataflow(Operation *op) {
  return op->getNumOperands() > 0 && op->getNumResults() == 1 &&
         isQuantizableFloatTensor(op->getOperand(0).getType()) &&
         isQuantizableFloatTensor(op->getResult(0).getType());
}

bool mlir::qnn::isConstantValue(Value value) {
  Operation *def = value.getDefiningOp();
  return def && isa<tosa::ConstOp, arith::ConstantOp>(def);
}

SimulatedQuantizeOp mlir::qnn::getGridSource(Value value) {
  // Iterative: chains of reshapes / transposes can be long.
  while (Operation *def = value.getDefiningOp()) {
    if (auto sq = dyn_cast<SimulatedQuantizeOp>(def))
      return sq;
    if (def->hasAttr(kKeepFloatAttrName))
      return {};
    auto iface = dyn_cast<QuantizableOpInterface>(def);
    if (!iface || def->getNumOperands() == 0)
      return {};
    std::optional<QuantizeRule> rule = iface.getQuantizeRule();
    if (!rule || rule->result != ResultRule::PassThrough)
      return {};
    value = def->getOperand(0);
  }
  return {};
}

bool mlir::qnn::isAlreadyQuantized(Value value) {
  return static_cast<bool>(getGridSource(value));
}

std::optional<QuantizeRule> mlir::qnn::getApplicableRule(Operation *op) {
  auto iface = dyn_cast<QuantizableOpInterface>(op);
  if (!iface)
    return std::nullopt;
  std::optional<QuantizeRule> rule = iface.getQuantizeRule();
  if (!rule || rule->operands.size() != op->getNumOperands())
    return std::nullopt;
  for (auto [operand, operandRule] :
       llvm::zip_equal(op->getOperands(), rule->operands)) {
    if (operandRule != OperandRule::Float &&
        !isQuantizableFloatTensor(operand.getType()))
      return std::nullopt;
  }
  if (rule->result == ResultRule::Activation &&
      (op->getNumResults() != 1 ||
       !isQuantizableFloatTensor(op->getResult(0).getType())))
    return std::nullopt;
  return rule;
}

std::optional<LayerPrecision> mlir::qnn::parseLayerPrecision(StringRef text) {
  return llvm::StringSwitch<std::optional<LayerPrecision>>(text)
      .Case("int8", LayerPrecision::Int8)
      .Case("int16", LayerPrecision::Int16)
      .Case("fp32", LayerPrecision::FP32)
      .Default(std::nullopt);
}

/// The first name in a location: NameLoc, inside FusedLoc / CallSiteLoc.
static std::string findLocationName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc)) {
    for (Location inner : fused.getLocations())
      if (std::string n = findLocationName(inner); !n.empty())
        return n;
    return {};
  }
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return findLocationName(callSite.getCallee());
  return {};
}

std::string mlir::qnn::getLocationName(Operation *op) {
  return findLocationName(op->getLoc());
}

std::optional<int64_t> mlir::qnn::getPerChannelAxis(Operation *op,
                                                    unsigned idx) {
  if (idx != 1 || op->getNumOperands() < 2)
    return std::nullopt;
  auto wTy = dyn_cast<RankedTensorType>(op->getOperand(1).getType());
  if (!wTy)
    return std::nullopt;
  std::optional<int64_t> axis =
      llvm::TypeSwitch<Operation *, std::optional<int64_t>>(op)
          // OHWI: output channels first.
          .Case<tosa::Conv2DOp, tosa::TransposeConv2DOp>(
              [](Operation *) { return int64_t(0); })
          // KH x KW x C x M: output channel c * M + m. One scale per input
          // channel is one per output channel only when M == 1.
          .Case([&](tosa::DepthwiseConv2DOp) -> std::optional<int64_t> {
            if (wTy.getRank() == 4 && wTy.getDimSize(3) == 1)
              return 2;
            return std::nullopt;
          })
          // B: batch x K x N, columns are the output channels.
          .Case([](tosa::MatMulOp) { return int64_t(2); })
          // linalg convs and matmuls (LinalgMatchers.h).
          .Default([&](Operation *other) {
            return getLinalgWeightChannelAxis(other, idx);
          });
  if (!axis || *axis >= wTy.getRank() || wTy.isDynamicDim(*axis))
    return std::nullopt;
  return axis;
}

/// Conv layers for skip-conv-layers, dense layers for skip-dense-layer.
static bool isConvLayer(Operation *op) {
  return isa<tosa::Conv2DOp, tosa::DepthwiseConv2DOp, tosa::TransposeConv2DOp>(
             op) ||
         isLinalgConvLayer(op);
}
static bool isDenseLayer(Operation *op) {
  auto matmul = dyn_cast<tosa::MatMulOp>(op);
  return (matmul && isConstantValue(matmul.getB())) || isLinalgDenseLayer(op);
}

/// TFLite's fixed output parameters of the bounded activations, for a grid
/// of `bits` bits: sigmoid [0, 1) with scale 2^-bits (1/256, zp -128 in
/// int8), tanh [-1, 1) with scale 2^-(bits-1) (1/128, zp 0 in int8).
static QuantParamsAttr getFixedOutputParams(Operation *op, unsigned bits,
                                            bool isSigned) {
  MLIRContext *ctx = op->getContext();
  int64_t half = int64_t(1) << (bits - 1);
  if (isa<tosa::SigmoidOp>(op))
    return QuantParamsAttr::get(ctx, std::ldexp(1.0, -int(bits)),
                                isSigned ? -half : 0, bits, isSigned,
                                /*narrowRange=*/false);
  if (isa<tosa::TanhOp>(op))
    return QuantParamsAttr::get(ctx, std::ldexp(1.0, 1 - int(bits)),
                                isSigned ? 0 : half, bits, isSigned,
                                /*narrowRange=*/false);
  return {};
}

static SimulatedQuantizeOp
createSimulatedQuantize(OpBuilder &b, Location loc, Value input,
                        AnnotationKind kind, unsigned bits, bool isSigned,
                        bool narrow, RoundingMode rounding, StringRef name,
                        std::optional<int64_t> axis) {
  MLIRContext *ctx = b.getContext();
  return SimulatedQuantizeOp::create(
      b, loc, input.getType(), input, AnnotationKindAttr::get(ctx, kind),
      b.getI64IntegerAttr(bits), b.getBoolAttr(isSigned), b.getBoolAttr(narrow),
      RoundingModeAttr::get(ctx, rounding),
      /*params=*/QuantParamsAttr(),
      name.empty() ? StringAttr() : b.getStringAttr(name),
      axis ? b.getI64IntegerAttr(*axis) : IntegerAttr());
}

unsigned mlir::qnn::annotateOp(Operation *op, const QuantizeRule &rule,
                               const AnnotateOptions &options,
                               StringRef layer) {
  OpBuilder b(op);
  unsigned inserted = 0;
  auto nameOf = [&](const Twine &role) {
    return layer.empty() ? std::string() : (layer + ":" + role).str();
  };
  unsigned numWeights = llvm::count(rule.operands, OperandRule::Weight);
  for (auto [idx, operandRule] : llvm::enumerate(rule.operands)) {
    Value operand = op->getOperand(idx);
    switch (operandRule) {
    case OperandRule::Float:
      break;
    // `Same` operands are quantized as inputs here; sharing one grid with the
    // first input is the business of calibration (no TOSA rule uses it yet).
    case OperandRule::Same:
    case OperandRule::Input: {
      if (SimulatedQuantizeOp src = getGridSource(operand)) {
        // Ops that only move values keep any grid; compute ops read the
        // grid they ask for (TVM requantizes an activation to the next
        // layer's INPUT the same way).
        if (rule.result == ResultRule::PassThrough ||
            (src.getBits() == options.inputBits &&
             src.getIsSigned() == options.inputSigned))
          break;
      }
      auto sq = createSimulatedQuantize(
          b, op->getLoc(), operand, AnnotationKind::input, options.inputBits,
          options.inputSigned, /*narrow=*/false, options.rounding,
          nameOf("in" + Twine(idx)), std::nullopt);
      op->setOperand(idx, sq.getOutput());
      ++inserted;
      break;
    }
    case OperandRule::Weight: {
      // Re-annotating an annotated graph adds nothing.
      if (operand.getDefiningOp<SimulatedQuantizeOp>())
        break;
      std::optional<int64_t> axis;
      if (options.perChannel)
        axis = getPerChannelAxis(op, idx);
      auto sq = createSimulatedQuantize(
          b, op->getLoc(), operand, AnnotationKind::weight, options.weightBits,
          options.weightSigned, /*narrow=*/true, options.rounding,
          numWeights == 1 ? nameOf("w") : nameOf("w" + Twine(idx)), axis);
      op->setOperand(idx, sq.getOutput());
      ++inserted;
      break;
    }
    }
  }

  if (rule.result != ResultRule::Activation)
    return inserted;
  Value result = op->getResult(0);
  // Only uses that are not simulated quantizations already (idempotence);
  // a dead result gets nothing.
  bool needsActivation = llvm::any_of(result.getUsers(), [](Operation *user) {
    return !isa<SimulatedQuantizeOp>(user);
  });
  if (!needsActivation)
    return inserted;
  b.setInsertionPointAfter(op);
  auto sq = createSimulatedQuantize(
      b, op->getLoc(), result, AnnotationKind::activation,
      options.activationBits, options.activationSigned, /*narrow=*/false,
      options.rounding, nameOf("out"), std::nullopt);
  if (QuantParamsAttr fixed = getFixedOutputParams(op, options.activationBits,
                                                   options.activationSigned))
    sq.setParamsAttr(fixed);
  result.replaceUsesWithIf(sq.getOutput(), [&](OpOperand &use) {
    return !isa<SimulatedQuantizeOp>(use.getOwner());
  });
  return inserted + 1;
}

/// True for a tensor (ranked or not) of any float type.
static bool isFloatTensor(Type type) {
  auto tensorTy = dyn_cast<TensorType>(type);
  return tensorTy && isa<FloatType>(tensorTy.getElementType());
}

/// True when `v` is computed from constants alone (constants, tensor.empty,
/// side-effect-free ops such as linalg.fill on them), up to a small depth.
static bool isConstantLike(Value v, unsigned depth = 0) {
  Operation *def = v.getDefiningOp();
  if (!def || !def->isRegistered())
    return false;
  // tensor.empty holds no values (its sizes may be computed: a dynamic
  // batch).
  if (matchPattern(v, m_Constant()) || isa<tensor::EmptyOp>(def))
    return true;
  if (depth > 8 || def->getNumRegions() > 1 || !isMemoryEffectFree(def))
    return false;
  return llvm::all_of(def->getOperands(), [&](Value operand) {
    return isConstantLike(operand, depth + 1);
  });
}

/// Why an op that is not annotated deserves a remark, or std::nullopt when
/// it does not: ops without a rule that read a quantizable float tensor
/// ("no rule"), and ops with a rule that does not apply because a float
/// operand or result has a type that cannot be quantized (f64, unranked).
/// Terminators (func.return), qnn ops, constants, shape ops and integer ops
/// stay silent.
static std::optional<std::string> whyNotQuantized(Operation *op) {
  // getDialect() is null for an unregistered op (--allow-unregistered-dialect).
  if (op->hasTrait<OpTrait::IsTerminator>() ||
      isa_and_nonnull<QNNDialect>(op->getDialect()))
    return std::nullopt;
  // Shape queries read no values.
  if (isa<tensor::DimOp>(op))
    return std::nullopt;
  // Only tensors computed from the function's data count: an op that reads
  // constants alone (a linalg.fill of an init tensor, a bias broadcast) is
  // not part of the data flow.
  bool readsData = llvm::any_of(op->getOperands(), [](Value v) {
    return isQuantizableFloatTensor(v.getType()) && !isConstantLike(v);
  });
  if (!isa<QuantizableOpInterface>(op)) {
    if (readsData)
      return std::string("no rule");
    return std::nullopt;
  }
  auto unsupported = [](Type t) {
    return isFloatTensor(t) && !isQuantizableFloatTensor(t);
  };
  for (TypeRange types :
       {TypeRange(op->getOperandTypes()), TypeRange(op->getResultTypes())}) {
    for (Type t : types) {
      if (!unsupported(t))
        continue;
      std::string text;
      llvm::raw_string_ostream os(text);
      os << "unsupported type " << t
         << " (quantizable: ranked tensors of f32, f16 or bf16)";
      return text;
    }
  }
  // A linalg.generic (or a linalg op with an init other than the one its
  // rule expects) whose computation no rule recognises.
  if (readsData && !isa_and_nonnull<tosa::TosaDialect>(op->getDialect()))
    return std::string("no rule for this form of the op");
  return std::nullopt;
}

namespace {
/// The decisions qnn-annotate takes for the ops under a root, before it
/// changes anything.
struct AnnotationPlan {
  struct Entry {
    Operation *op;
    QuantizeRule rule;
    std::string layer;
    /// Why the options exclude the op; empty when it is annotated.
    std::string excluded;
    AnnotateOptions options;
  };
  SmallVector<Entry, 0> entries;
};
} // namespace

/// Names every op with an applicable rule, applies the options and checks
/// that they name existing layers and do not contradict each other.
static FailureOr<AnnotationPlan>
planAnnotation(Operation *root, const AnnotateOptions &options) {
  AnnotationPlan plan;
  Location rootLoc = root->getLoc();

  // Layer names: the location's name, else `<op>_<index>`; made unique by
  // a suffix `_<n>` (also against the names of existing simulated_quantize
  // ops, whose layer is the part before ':').
  llvm::StringSet<> used;
  root->walk([&](SimulatedQuantizeOp sq) {
    if (StringAttr name = sq.getNameAttr())
      used.insert(name.getValue().split(':').first);
  });
  llvm::StringMap<unsigned> perOpIndex;
  llvm::StringSet<> opNames;
  unsigned numConv = 0;
  SmallVector<int64_t> convIndex;
  root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op == root || isa<SimulatedQuantizeOp>(op))
      return;
    std::optional<QuantizeRule> rule = getApplicableRule(op);
    if (!rule)
      return;
    unsigned index = perOpIndex[op->getName().getStringRef()]++;
    std::string base = getLocationName(op);
    if (base.empty())
      base = (op->getName().stripDialect() + "_" + Twine(index)).str();
    std::string layer = base;
    for (unsigned n = 1; used.contains(layer); ++n)
      layer = base + "_" + std::to_string(n);
    used.insert(layer);
    opNames.insert(op->getName().getStringRef());
    plan.entries.push_back({op, *rule, layer, {}, options});
    convIndex.push_back(isConvLayer(op) ? int64_t(numConv++) : -1);
  });

  // Option checks: every list entry names a registered op or a layer.
  MLIRContext *ctx = root->getContext();
  llvm::StringSet<> layers;
  for (const AnnotationPlan::Entry &e : plan.entries)
    layers.insert(e.layer);
  auto checkNames = [&](StringRef option, ArrayRef<std::string> names) {
    for (const std::string &name : names) {
      if (layers.contains(name) ||
          RegisteredOperationName::lookup(name, ctx).has_value())
        continue;
      emitError(rootLoc) << "qnn-annotate: " << option << " entry '" << name
                         << "' names neither a registered op nor a layer of "
                            "the module";
      return failure();
    }
    return success();
  };
  if (failed(checkNames("allow-ops", options.allowOps)) ||
      failed(checkNames("deny-ops", options.denyOps)))
    return failure();
  for (const std::string &name : options.allowOps) {
    if (llvm::is_contained(options.denyOps, name)) {
      emitError(rootLoc) << "qnn-annotate: '" << name
                         << "' is in both allow-ops and deny-ops";
      return failure();
    }
  }
  for (int64_t index : options.skipConvLayers) {
    if (index < 0 || index >= int64_t(numConv)) {
      emitError(rootLoc) << "qnn-annotate: skip-conv-layers index " << index
                         << " is out of range: the module has " << numConv
                         << " conv layer" << (numConv == 1 ? "" : "s");
      return failure();
    }
  }
  // The precision map must name layers, in a stable order for the message.
  SmallVector<StringRef> unknown;
  for (const auto &entry : options.precision)
    if (!layers.contains(entry.getKey()))
      unknown.push_back(entry.getKey());
  if (!unknown.empty()) {
    llvm::sort(unknown);
    InFlightDiagnostic diag = emitError(rootLoc) << "qnn-annotate: ";
    if (!options.precisionMapName.empty())
      diag << "precision map '" << options.precisionMapName << "': ";
    diag << "unknown layer" << (unknown.size() == 1 ? " " : "s ");
    llvm::interleaveComma(unknown, diag,
                          [&](StringRef n) { diag << "'" << n << "'"; });
    SmallVector<StringRef> known;
    for (const AnnotationPlan::Entry &e : plan.entries)
      known.push_back(e.layer);
    diag << " (layers:";
    for (StringRef n : ArrayRef(known).take_front(16))
      diag << " " << n;
    if (known.size() > 16)
      diag << " ...";
    diag << ")";
    return failure();
  }

  // Per-op decisions.
  for (auto [e, conv] : llvm::zip_equal(plan.entries, convIndex)) {
    StringRef opName = e.op->getName().getStringRef();
    auto names = [&](ArrayRef<std::string> list) {
      return llvm::is_contained(list, opName) ||
             llvm::is_contained(list, e.layer);
    };
    auto it = options.precision.find(e.layer);
    std::optional<LayerPrecision> precision;
    if (it != options.precision.end())
      precision = it->second;
    if (names(options.denyOps))
      e.excluded = "excluded by deny-ops";
    else if (!options.allowOps.empty() && !names(options.allowOps))
      e.excluded = "not in allow-ops";
    else if (precision == LayerPrecision::FP32)
      e.excluded = "fp32 in the precision map";
    else if (conv >= 0 && llvm::is_contained(options.skipConvLayers, conv))
      e.excluded =
          "conv layer " + std::to_string(conv) + " is in skip-conv-layers";
    else if (options.skipDenseLayer && isDenseLayer(e.op))
      e.excluded = "skip-dense-layer";
    if (precision == LayerPrecision::Int8) {
      e.options.inputBits = e.options.weightBits = e.options.activationBits = 8;
    } else if (precision == LayerPrecision::Int16) {
      e.options.inputBits = e.options.activationBits = 16;
      e.options.weightBits = 8;
    }
  }

  // Dense layers: a matmul read only by an add of a constant 1 x 1 x N
  // bias. The sum stays unquantized between them (the bias joins the int32
  // accumulator, as a conv bias does); the activation follows the add.
  llvm::DenseMap<Operation *, AnnotationPlan::Entry *> byOp;
  for (AnnotationPlan::Entry &e : plan.entries)
    byOp[e.op] = &e;
  for (AnnotationPlan::Entry &e : plan.entries) {
    if (!options.foldDenseBias)
      break;
    // linalg: a matmul or conv whose bias add follows it (tosa-to-linalg
    // emits a depthwise conv's bias as an add after a collapse_shape).
    std::optional<LinalgAccumulatorBiasAdd> linalgBias =
        getLinalgAccumulatorBiasAdd(e.op);
    Operation *add = linalgBias ? linalgBias->add : nullptr;
    AnnotationPlan::Entry *collapseEntry =
        linalgBias && linalgBias->collapse ? byOp.lookup(linalgBias->collapse)
                                           : nullptr;
    if (linalgBias && linalgBias->collapse &&
        (!collapseEntry || !collapseEntry->excluded.empty()))
      continue;
    if (!add) {
      auto matmul = dyn_cast<tosa::MatMulOp>(e.op);
      if (!matmul || !matmul.getResult().hasOneUse())
        continue;
      auto tosaAdd =
          dyn_cast<tosa::AddOp>(*matmul.getResult().getUsers().begin());
      if (!tosaAdd || tosaAdd.getInput1() == tosaAdd.getInput2())
        continue;
      Value bias = tosaAdd.getInput1() == matmul.getResult()
                       ? tosaAdd.getInput2()
                       : tosaAdd.getInput1();
      auto biasTy = dyn_cast<RankedTensorType>(bias.getType());
      if (!isConstantValue(bias) || !biasTy || biasTy.getRank() != 3 ||
          biasTy.getDimSize(0) != 1 || biasTy.getDimSize(1) != 1)
        continue;
      add = tosaAdd;
    }
    AnnotationPlan::Entry *addEntry = byOp.lookup(add);
    if (!addEntry)
      continue;
    if (!e.excluded.empty()) {
      // The bias of a dense layer left float stays with it.
      if (addEntry->excluded.empty() && options.skipDenseLayer &&
          isDenseLayer(e.op))
        addEntry->excluded =
            "bias of dense layer '" + e.layer + "' (skip-dense-layer)";
      continue;
    }
    if (!addEntry->excluded.empty())
      continue;
    e.rule.result = ResultRule::Float;
    addEntry->rule.operands.assign(add->getNumOperands(), OperandRule::Float);
    if (collapseEntry)
      collapseEntry->rule.operands.assign(
          collapseEntry->op->getNumOperands(), OperandRule::Float);
  }
  return plan;
}

LogicalResult mlir::qnn::annotate(Operation *root,
                                  const AnnotateOptions &options,
                                  AnnotationReport *report) {
  FailureOr<AnnotationPlan> plan = planAnnotation(root, options);
  if (failed(plan))
    return failure();
  llvm::DenseMap<Operation *, AnnotationPlan::Entry *> byOp;
  for (AnnotationPlan::Entry &e : plan->entries)
    byOp[e.op] = &e;

  // Collect first: annotation inserts ops next to the one being visited.
  SmallVector<Operation *> ops;
  root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op != root)
      ops.push_back(op);
  });
  auto remark = [&](Operation *op, const Twine &why) {
    // Diagnostics at the location only: attaching the op would print it.
    emitRemark(op->getLoc())
        << "op '" << op->getName() << "' is not quantized: " << why;
    if (report)
      ++report->notQuantized[op->getName()];
  };
  for (Operation *op : ops) {
    if (isa<SimulatedQuantizeOp>(op))
      continue;
    if (AnnotationPlan::Entry *e = byOp.lookup(op)) {
      if (!e->excluded.empty()) {
        op->setAttr(kKeepFloatAttrName, UnitAttr::get(op->getContext()));
        remark(op, e->excluded + " (layer '" + e->layer + "')");
        continue;
      }
      op->removeAttr(kKeepFloatAttrName);
      unsigned n = annotateOp(op, e->rule, e->options, e->layer);
      if (report)
        report->numInserted += n;
      continue;
    }
    if (std::optional<std::string> why = whyNotQuantized(op))
      remark(op, *why);
  }
  return success();
}

std::string mlir::qnn::formatAnnotationSummary(const AnnotationReport &report) {
  unsigned total = 0;
  for (const auto &entry : report.notQuantized)
    total += entry.second;
  if (total == 0)
    return {};
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "qnn-annotate: " << total << (total == 1 ? " op" : " ops")
     << " not quantized: ";
  llvm::interleaveComma(report.notQuantized, os, [&](const auto &entry) {
    os << entry.first << " (" << entry.second << ")";
  });
  return text;
}

/// Reads a precision map: a JSON object from layer names to "int8",
/// "int16" or "fp32" (docs/UserGuide.md).
static LogicalResult readPrecisionMap(Location loc, StringRef fileName,
                                      llvm::StringMap<LayerPrecision> &map) {
  std::string prefix =
      ("qnn-annotate: precision map '" + fileName + "': ").str();
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(fileName, /*IsText=*/true);
  if (!buffer)
    return emitError(loc) << prefix << "cannot read the file ("
                          << buffer.getError().message() << ")";
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  if (!json)
    return emitError(loc) << prefix << "malformed JSON "
                          << llvm::toString(json.takeError());
  const llvm::json::Object *object = json->getAsObject();
  if (!object)
    return emitError(loc) << prefix
                          << "expected a JSON object mapping layer names to "
                             "\"int8\", \"int16\" or \"fp32\"";
  // Sorted for deterministic messages.
  SmallVector<std::pair<std::string, const llvm::json::Value *>> entries;
  for (const auto &kv : *object)
    entries.emplace_back(kv.first.str(), &kv.second);
  llvm::sort(entries, llvm::less_first());
  for (const auto &[layer, value] : entries) {
    std::optional<StringRef> text = value->getAsString();
    std::optional<LayerPrecision> precision;
    if (text)
      precision = parseLayerPrecision(*text);
    if (!precision) {
      std::string got;
      llvm::raw_string_ostream os(got);
      os << *value;
      return emitError(loc) << prefix << "layer '" << layer
                            << "': expected \"int8\", \"int16\" or \"fp32\", "
                               "got "
                            << got;
    }
    map[layer] = *precision;
  }
  return success();
}

namespace {
struct QNNAnnotatePass : public qnn::impl::QNNAnnotateBase<QNNAnnotatePass> {
  using QNNAnnotateBase::QNNAnnotateBase;

  LogicalResult parseOptions(Location loc, AnnotateOptions &options) {
    for (auto [name, bits, field] :
         {std::tuple{"input-bits", int64_t(inputBits), &options.inputBits},
          std::tuple{"weight-bits", int64_t(weightBits), &options.weightBits},
          std::tuple{"activation-bits", int64_t(activationBits),
                     &options.activationBits}}) {
      if (bits < 2 || bits > 16)
        return emitError(loc)
               << "qnn-annotate: " << name << " must be in 2..16, got " << bits;
      *field = static_cast<unsigned>(bits);
    }
    std::optional<RoundingMode> mode = symbolizeRoundingMode(rounding);
    if (!mode)
      return emitError(loc) << "qnn-annotate: unknown rounding '" << rounding
                            << "' (expected half_to_even, half_away_from_zero "
                               "or upward)";
    options.rounding = *mode;
    options.inputSigned = inputSigned;
    options.weightSigned = weightSigned;
    options.activationSigned = activationSigned;
    options.perChannel = perChannel;
    options.skipConvLayers.assign(skipConvLayers.begin(), skipConvLayers.end());
    options.skipDenseLayer = skipDenseLayer;
    options.foldDenseBias = foldDenseBias;
    options.allowOps.assign(allowOps.begin(), allowOps.end());
    options.denyOps.assign(denyOps.begin(), denyOps.end());
    if (!precisionMap.empty()) {
      options.precisionMapName = precisionMap;
      if (failed(readPrecisionMap(loc, precisionMap, options.precision)))
        return failure();
    }
    return success();
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    AnnotateOptions options;
    if (failed(parseOptions(module.getLoc(), options)))
      return signalPassFailure();
    AnnotationReport report;
    if (failed(annotate(module, options, &report)))
      return signalPassFailure();
    std::string summary = formatAnnotationSummary(report);
    // At the module's location, without printing the module.
    if (!summary.empty())
      emitRemark(module.getLoc()) << summary;
  }
};
} // namespace
