//===- PartitionConversions.cpp - qnn-realize partition-conversions -------===//
//
// Part of QuantMLIR.
//
// After realization, splits every function into its edge conversions (the
// qnn.quantize of its arguments, the qnn.dequantize of its results) and a
// private function `<name>_quantized` with everything between them (TVM's
// partition_conversions = enabled); optionally checks that nothing float is
// left inside (fully_integral).
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Transforms/Quantize.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace mlir::qnn;

std::optional<PartitionConversions>
mlir::qnn::parsePartitionConversions(StringRef text) {
  return llvm::StringSwitch<std::optional<PartitionConversions>>(text)
      .Case("disabled", PartitionConversions::Disabled)
      .Case("enabled", PartitionConversions::Enabled)
      .Case("fully_integral", PartitionConversions::FullyIntegral)
      .Default(std::nullopt);
}

/// True for a tensor of a float element type.
static bool isFloatTensorType(Type type) {
  auto shaped = dyn_cast<ShapedType>(type);
  return shaped && isa<FloatType>(shaped.getElementType());
}

/// A float op: one that reads or writes a float tensor. Constants (they
/// feed such an op, which is reported) and terminators are not counted.
static bool isFloatOp(Operation *op) {
  if (op->hasTrait<OpTrait::ConstantLike>() ||
      op->hasTrait<OpTrait::IsTerminator>())
    return false;
  return llvm::any_of(op->getOperandTypes(), isFloatTensorType) ||
         llvm::any_of(op->getResultTypes(), isFloatTensorType);
}

/// Splits `func`; returns the new function, or null when there is nothing
/// to move (no op between the edge conversions).
static func::FuncOp partitionFunction(func::FuncOp func, SymbolTable &symbols) {
  Block &block = func.front();
  Operation *terminator = block.getTerminator();
  SmallVector<Operation *> inputConversions, outputConversions, core;
  for (Operation &op : block) {
    if (&op == terminator)
      continue;
    if (auto q = dyn_cast<QuantizeOp>(op);
        q && isa<BlockArgument>(q.getInput()) &&
        cast<BlockArgument>(q.getInput()).getOwner() == &block) {
      inputConversions.push_back(&op);
      continue;
    }
    if (auto d = dyn_cast<DequantizeOp>(op);
        d && !d.getResult().use_empty() &&
        llvm::all_of(d.getResult().getUsers(),
                     [&](Operation *user) { return user == terminator; })) {
      outputConversions.push_back(&op);
      continue;
    }
    core.push_back(&op);
  }
  if (core.empty())
    return {};
  llvm::SmallPtrSet<Operation *, 32> inCore(core.begin(), core.end());

  // Values the core reads from outside (arguments, argument conversions),
  // and core values read outside (by result conversions, the return).
  llvm::SetVector<Value> inputs, outputs;
  for (Operation *op : core) {
    op->walk([&](Operation *nested) {
      for (Value operand : nested->getOperands()) {
        if (auto arg = dyn_cast<BlockArgument>(operand)) {
          if (arg.getOwner() == &block)
            inputs.insert(operand);
          continue;
        }
        Operation *def = operand.getDefiningOp();
        if (def->getBlock() == &block && !inCore.contains(def))
          inputs.insert(operand);
      }
    });
    for (Value result : op->getResults())
      if (llvm::any_of(result.getUsers(), [&](Operation *user) {
            return !inCore.contains(block.findAncestorOpInBlock(*user));
          }))
        outputs.insert(result);
  }

  // The new function, right after the old one.
  OpBuilder b(func->getContext());
  b.setInsertionPointAfter(func);
  SmallVector<Type> inTypes, outTypes;
  for (Value v : inputs)
    inTypes.push_back(v.getType());
  for (Value v : outputs)
    outTypes.push_back(v.getType());
  auto callee = func::FuncOp::create(b, func.getLoc(),
                                     (func.getName() + "_quantized").str(),
                                     b.getFunctionType(inTypes, outTypes));
  callee.setPrivate();
  symbols.insert(callee); // renames on a clash
  Block *body = callee.addEntryBlock();
  for (Operation *op : core)
    op->moveBefore(body, body->end());
  for (auto [input, arg] : llvm::zip_equal(inputs, body->getArguments()))
    Value(input).replaceUsesWithIf(arg, [&](OpOperand &use) {
      return callee->isProperAncestor(use.getOwner());
    });
  b.setInsertionPointToEnd(body);
  func::ReturnOp::create(b, func.getLoc(), outputs.getArrayRef());

  // The old function: argument conversions, the call, result conversions.
  for (Operation *op : llvm::reverse(inputConversions))
    op->moveBefore(&block, block.begin());
  if (inputConversions.empty())
    b.setInsertionPointToStart(&block);
  else
    b.setInsertionPointAfter(inputConversions.back());
  auto call =
      func::CallOp::create(b, func.getLoc(), callee, inputs.getArrayRef());
  for (Operation *op : outputConversions)
    op->moveBefore(terminator);
  for (auto [output, result] : llvm::zip_equal(outputs, call.getResults()))
    Value(output).replaceUsesWithIf(result, [&](OpOperand &use) {
      return !callee->isProperAncestor(use.getOwner());
    });
  return callee;
}

LogicalResult mlir::qnn::partitionConversions(ModuleOp module,
                                              bool fullyIntegral) {
  SymbolTable symbols(module);
  SmallVector<func::FuncOp> funcs;
  for (auto func : module.getOps<func::FuncOp>())
    if (!func.isExternal())
      funcs.push_back(func);
  bool failedAny = false;
  for (func::FuncOp func : funcs) {
    if (!func.getBody().hasOneBlock()) {
      emitRemark(func.getLoc())
          << "qnn-realize: @" << func.getName()
          << " has several blocks: its conversions are not partitioned";
      continue;
    }
    func::FuncOp core = partitionFunction(func, symbols);
    if (!core || !fullyIntegral)
      continue;
    llvm::MapVector<OperationName, unsigned> floatOps;
    core.walk([&](Operation *op) {
      if (!isFloatOp(op))
        return;
      emitError(op->getLoc())
          << "qnn-realize: partition-conversions=fully_integral: float op '"
          << op->getName() << "' inside @" << core.getName();
      ++floatOps[op->getName()];
    });
    if (floatOps.empty())
      continue;
    unsigned total = 0;
    for (const auto &entry : floatOps)
      total += entry.second;
    InFlightDiagnostic diag = emitError(func.getLoc())
                              << "qnn-realize: partition-conversions="
                                 "fully_integral: "
                              << total << " float op" << (total == 1 ? "" : "s")
                              << " left between the conversions of @"
                              << func.getName() << ": ";
    llvm::interleaveComma(floatOps, diag, [&](const auto &entry) {
      diag << entry.first << " (" << entry.second << ")";
    });
    failedAny = true;
  }
  return failure(failedAny);
}
