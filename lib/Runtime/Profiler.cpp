//===- Profiler.cpp - Per-layer timers for quant-run profile --------------===//
//
// Part of QuantMLIR.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Runtime/Profiler.h"

#include "QuantMLIR/Runtime/LayerTaps.h"
#include "QuantMLIR/Runtime/NDArray.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/StringMap.h"

#include <chrono>

using namespace mlir;
using namespace quantmlir::runtime;

static constexpr llvm::StringLiteral kBegin = "qnn_prof_begin";
static constexpr llvm::StringLiteral kEnd = "qnn_prof_end";

//===----------------------------------------------------------------------===//
// Host timer
//===----------------------------------------------------------------------===//

namespace {
struct TimerState {
  std::vector<double> seconds;
  std::vector<int64_t> calls;
  std::vector<std::chrono::steady_clock::time_point> started;
};
} // namespace

static TimerState &timerState() {
  static TimerState state;
  return state;
}

static void hostBegin(int64_t id) {
  TimerState &s = timerState();
  if (id >= 0 && size_t(id) < s.started.size())
    s.started[id] = std::chrono::steady_clock::now();
}

static void hostEnd(int64_t id) {
  auto now = std::chrono::steady_clock::now();
  TimerState &s = timerState();
  if (id < 0 || size_t(id) >= s.started.size())
    return;
  s.seconds[id] += std::chrono::duration<double>(now - s.started[id]).count();
  ++s.calls[id];
}

void quantmlir::runtime::resetLayerTimers(size_t numLayers) {
  TimerState &s = timerState();
  s.seconds.assign(numLayers, 0.0);
  s.calls.assign(numLayers, 0);
  s.started.assign(numLayers, {});
}

const std::vector<double> &quantmlir::runtime::getLayerSeconds() {
  return timerState().seconds;
}

const std::vector<int64_t> &quantmlir::runtime::getLayerCalls() {
  return timerState().calls;
}

//===----------------------------------------------------------------------===//
// Instrumentation
//===----------------------------------------------------------------------===//

/// Whether `op` is work of a layer: not a constant, not the terminator.
static bool isWork(Operation *op) {
  return !op->hasTrait<OpTrait::IsTerminator>() &&
         !op->hasTrait<OpTrait::ConstantLike>() && op->getNumOperands() != 0;
}

/// Ops whose accumulator the x86 / AArch64 code generators can finish with
/// an elementwise consumer in registers (X86Conv.cpp: 2-D and depthwise
/// convolutions; matmuls are not fused).
static bool isFusingGemm(Operation *op) {
  llvm::StringRef name = op->getName().getStringRef();
  return op->getNumResults() == 1 &&
         (name == "qnn.conv2d" || name == "tosa.conv2d" ||
          name == "tosa.depthwise_conv2d" ||
          name.starts_with("linalg.conv_2d_") ||
          name.starts_with("linalg.depthwise_conv_2d_"));
}

/// Whether `op` is an elementwise op that the lowering turns into one
/// all-parallel generic reading `value` (its only user) and constants only,
/// which qnn-fuse-elementwise merges with the rest of the chain and the
/// target code generator then applies to the accumulator in registers
/// (EpilogueFusion.h matchConsumer).
static bool isEpilogueOf(Operation *op, Value value) {
  if (!value || !value.hasOneUse() || *value.getUsers().begin() != op ||
      op->getNumResults() != 1)
    return false;
  auto in = llvm::dyn_cast<RankedTensorType>(value.getType());
  auto out = llvm::dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!in || !out || in.getShape() != out.getShape())
    return false;
  llvm::StringRef name = op->getName().getStringRef();
  bool elementwise = op->hasTrait<OpTrait::Elementwise>() ||
                     op->hasTrait<OpTrait::SameOperandsAndResultShape>() ||
                     op->hasTrait<OpTrait::SameOperandsAndResultType>() ||
                     name == "tosa.clamp" || name == "tosa.add" ||
                     name == "tosa.sub" || name == "tosa.mul" ||
                     name == "tosa.maximum" || name == "tosa.minimum" ||
                     name == "tosa.rescale";
  if (!elementwise || !isMemoryEffectFree(op))
    return false;
  for (Value operand : op->getOperands()) {
    if (operand == value)
      continue;
    Operation *def = operand.getDefiningOp();
    if (!def || !def->hasTrait<OpTrait::ConstantLike>())
      return false;
  }
  return true;
}

static func::FuncOp getOrCreateHook(ModuleOp module, llvm::StringRef name) {
  if (auto f = module.lookupSymbol<func::FuncOp>(name))
    return f;
  OpBuilder b(module.getBodyRegion());
  b.setInsertionPointToEnd(module.getBody());
  auto type = b.getFunctionType({b.getI64Type()}, {});
  auto f = func::FuncOp::create(b, module.getLoc(), name, type);
  f.setPrivate();
  return f;
}

FailureOr<ProfiledFunction>
quantmlir::runtime::instrumentForProfiling(func::FuncOp entry,
                                           bool groupEpilogues) {
  auto module = entry->getParentOfType<ModuleOp>();
  if (!module)
    return entry.emitError("cannot profile a function outside a module");
  for (llvm::StringRef hook : {kBegin, kEnd})
    if (Operation *existing = module.lookupSymbol(hook))
      if (!llvm::isa<func::FuncOp>(existing) ||
          !llvm::cast<func::FuncOp>(existing).isExternal())
        return existing->emitError("the symbol @")
               << hook << " is reserved for quant-run profile";
  FailureOr<func::FuncOp> clone =
      cloneWithExtraResults(entry, {}, "_qnn_profile");
  if (failed(clone))
    return failure();
  func::FuncOp beginFn = getOrCreateHook(module, kBegin);
  func::FuncOp endFn = getOrCreateHook(module, kEnd);

  ProfiledFunction result;
  result.func = *clone;
  // Runs of consecutive work ops with the same layer name.
  struct Run {
    Operation *first, *last;
    size_t id;
  };
  std::vector<Run> runs;
  llvm::StringMap<size_t> ids;
  llvm::StringMap<unsigned> unnamedCount;
  std::string current;
  // The value a grouped epilogue continues from: a fusing convolution's
  // result, or the last op of its epilogue chain.
  Value chain;
  for (Operation &op : clone->getBody().front()) {
    if (!isWork(&op))
      continue;
    std::string name = getLayerName(&op);
    if (name.empty()) {
      llvm::StringRef opName = op.getName().getStringRef();
      llvm::StringRef shortName = opName.split('.').second;
      if (shortName.empty())
        shortName = opName;
      name = (shortName + "_" + llvm::Twine(unnamedCount[opName]++)).str();
    }
    std::string shape;
    if (op.getNumResults() == 1)
      if (auto type = llvm::dyn_cast<ShapedType>(op.getResult(0).getType()))
        if (type.hasRank())
          shape = formatShape(type.getShape());
    bool epilogue = groupEpilogues && isEpilogueOf(&op, chain);
    // Another layer's epilogue joins the convolution's layer, unless its
    // name is already a layer of its own elsewhere.
    bool joins = false;
    if (!runs.empty() && name != current && epilogue) {
      auto found = ids.find(name);
      joins = found == ids.end() || found->second == runs.back().id;
    }
    if (!runs.empty() && (name == current || joins)) {
      runs.back().last = &op;
      ProfiledLayer &layer = result.layers[runs.back().id];
      if (!llvm::StringRef(layer.ops).contains(op.getName().getStringRef()))
        layer.ops += "+" + op.getName().getStringRef().str();
      layer.shape = shape;
      if (joins && ids.try_emplace(name, runs.back().id).second) {
        if (layer.grouped.empty())
          layer.grouped.push_back(layer.layer);
        layer.grouped.push_back(name);
        layer.layer += "+" + name;
      }
      current = name;
      chain = epilogue || isFusingGemm(&op) ? op.getResult(0) : Value();
      continue;
    }
    current = name;
    chain = isFusingGemm(&op) ? op.getResult(0) : Value();
    auto [it, inserted] = ids.try_emplace(name, result.layers.size());
    if (inserted)
      result.layers.push_back(
          {name, op.getName().getStringRef().str(), shape, {}});
    runs.push_back({&op, &op, it->second});
  }

  OpBuilder b(clone->getContext());
  for (const Run &run : runs) {
    Location loc = run.first->getLoc();
    b.setInsertionPoint(run.first);
    Value id = arith::ConstantIntOp::create(b, loc, int64_t(run.id), 64);
    func::CallOp::create(b, loc, beginFn, ValueRange{id});
    b.setInsertionPointAfter(run.last);
    Value id2 = arith::ConstantIntOp::create(b, loc, int64_t(run.id), 64);
    func::CallOp::create(b, loc, endFn, ValueRange{id2});
  }
  return result;
}

LogicalResult quantmlir::runtime::defineProfilerHooks(ModuleOp module) {
  MLIRContext *ctx = module.getContext();
  std::pair<llvm::StringRef, void (*)(int64_t)> hooks[] = {
      {kBegin, &hostBegin}, {kEnd, &hostEnd}};
  for (auto [name, host] : hooks) {
    auto func = module.lookupSymbol<LLVM::LLVMFuncOp>(name);
    if (!func)
      continue; // not called: nothing to define
    if (!func.isExternal())
      return func.emitError("@") << name << " is already defined";
    OpBuilder b(ctx);
    Block *body = func.addEntryBlock(b);
    b.setInsertionPointToStart(body);
    Location loc = func.getLoc();
    auto i64 = b.getI64Type();
    Value address = LLVM::ConstantOp::create(
        b, loc, i64,
        b.getI64IntegerAttr(static_cast<int64_t>(
            reinterpret_cast<intptr_t>(host))));
    Value pointer = LLVM::IntToPtrOp::create(
        b, loc, LLVM::LLVMPointerType::get(ctx), address);
    auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {i64});
    LLVM::CallOp::create(b, loc, type,
                         ValueRange{pointer, body->getArgument(0)});
    LLVM::ReturnOp::create(b, loc, ValueRange{});
    func.setLinkage(LLVM::Linkage::Internal);
  }
  return success();
}
