//===- Annotate.cpp - qnn-annotate ----------------------------------------===//
//
// Part of QuantMLIR.
//
// Inserts unbound qnn.simulated_quantize ops following the
// QuantizableOpInterface rule of each op (TVM's annotate step).
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Transforms/Passes.h"
#include "QuantMLIR/Transforms/Quantize.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/raw_ostream.h"

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

bool mlir::qnn::isConstantValue(Value value) {
  Operation *def = value.getDefiningOp();
  return def && isa<tosa::ConstOp, arith::ConstantOp>(def);
}

bool mlir::qnn::isAlreadyQuantized(Value value) {
  // Iterative: chains of reshapes / transposes can be long.
  while (Operation *def = value.getDefiningOp()) {
    if (isa<SimulatedQuantizeOp>(def))
      return true;
    auto iface = dyn_cast<QuantizableOpInterface>(def);
    if (!iface || def->getNumOperands() == 0)
      return false;
    std::optional<QuantizeRule> rule = iface.getQuantizeRule();
    if (!rule || rule->result != ResultRule::PassThrough)
      return false;
    value = def->getOperand(0);
  }
  return false;
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

static SimulatedQuantizeOp
createSimulatedQuantize(OpBuilder &b, Location loc, Value input,
                        AnnotationKind kind, unsigned bits, bool isSigned,
                        bool narrow, RoundingMode rounding) {
  MLIRContext *ctx = b.getContext();
  return SimulatedQuantizeOp::create(
      b, loc, input.getType(), input, AnnotationKindAttr::get(ctx, kind),
      b.getI64IntegerAttr(bits), b.getBoolAttr(isSigned), b.getBoolAttr(narrow),
      RoundingModeAttr::get(ctx, rounding),
      /*params=*/QuantParamsAttr());
}

unsigned mlir::qnn::annotateOp(Operation *op, const QuantizeRule &rule,
                               const AnnotateOptions &options) {
  OpBuilder b(op);
  unsigned inserted = 0;
  for (auto [idx, operandRule] : llvm::enumerate(rule.operands)) {
    Value operand = op->getOperand(idx);
    switch (operandRule) {
    case OperandRule::Float:
      break;
    // `Same` operands are quantized as inputs here; sharing one grid with the
    // first input is the business of calibration (no TOSA rule uses it yet).
    case OperandRule::Same:
    case OperandRule::Input: {
      if (isAlreadyQuantized(operand))
        break;
      auto sq = createSimulatedQuantize(
          b, op->getLoc(), operand, AnnotationKind::input, options.inputBits,
          options.inputSigned, /*narrow=*/false, options.rounding);
      op->setOperand(idx, sq.getOutput());
      ++inserted;
      break;
    }
    case OperandRule::Weight: {
      // Re-annotating an annotated graph adds nothing.
      if (operand.getDefiningOp<SimulatedQuantizeOp>())
        break;
      auto sq = createSimulatedQuantize(
          b, op->getLoc(), operand, AnnotationKind::weight, options.weightBits,
          options.weightSigned, /*narrow=*/true, options.rounding);
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
      options.rounding);
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

/// Why an op that is not annotated deserves a remark, or std::nullopt when
/// it does not: ops without a rule that read a quantizable float tensor
/// ("no rule"), and ops with a rule that does not apply because a float
/// operand or result has a type that cannot be quantized (f64, unranked).
/// Terminators (func.return), qnn ops, constants, shape ops and integer ops
/// stay silent.
static std::optional<std::string> whyNotQuantized(Operation *op) {
  if (op->hasTrait<OpTrait::IsTerminator>() ||
      isa<QNNDialect>(op->getDialect()))
    return std::nullopt;
  if (!isa<QuantizableOpInterface>(op)) {
    if (llvm::any_of(op->getOperandTypes(), isQuantizableFloatTensor))
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
  return std::nullopt;
}

void mlir::qnn::annotate(Operation *root, const AnnotateOptions &options,
                         AnnotationReport *report) {
  // Collect first: annotation inserts ops next to the one being visited.
  SmallVector<Operation *> ops;
  root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (op != root)
      ops.push_back(op);
  });
  for (Operation *op : ops) {
    if (isa<SimulatedQuantizeOp>(op))
      continue;
    if (std::optional<QuantizeRule> rule = getApplicableRule(op)) {
      unsigned n = annotateOp(op, *rule, options);
      if (report)
        report->numInserted += n;
      continue;
    }
    std::optional<std::string> why = whyNotQuantized(op);
    if (!why)
      continue;
    // Diagnostics at the location only: attaching the op would print it.
    emitRemark(op->getLoc())
        << "op '" << op->getName() << "' is not quantized: " << *why;
    if (report)
      ++report->notQuantized[op->getName()];
  }
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

namespace {
struct QNNAnnotatePass : public qnn::impl::QNNAnnotateBase<QNNAnnotatePass> {
  using QNNAnnotateBase::QNNAnnotateBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    AnnotateOptions options;
    for (auto [name, bits, field] :
         {std::tuple{"input-bits", int64_t(inputBits), &options.inputBits},
          std::tuple{"weight-bits", int64_t(weightBits), &options.weightBits},
          std::tuple{"activation-bits", int64_t(activationBits),
                     &options.activationBits}}) {
      if (bits < 2 || bits > 16) {
        emitError(module.getLoc())
            << "qnn-annotate: " << name << " must be in 2..16, got " << bits;
        return signalPassFailure();
      }
      *field = static_cast<unsigned>(bits);
    }
    std::optional<RoundingMode> mode = symbolizeRoundingMode(rounding);
    if (!mode) {
      emitError(module.getLoc())
          << "qnn-annotate: unknown rounding '" << rounding
          << "' (expected half_to_even, half_away_from_zero "
             "or upward)";
      return signalPassFailure();
    }
    options.rounding = *mode;

    AnnotationReport report;
    annotate(module, options, &report);
    std::string summary = formatAnnotationSummary(report);
    // At the module's location, without printing the module.
    if (!summary.empty())
      emitRemark(module.getLoc()) << summary;
  }
};
} // namespace
