//===- Legalize.cpp - qnn-legalize: stored signedness per target ----------===//
//
// Part of QuantMLIR.
//
// An 8-bit grid (s, zp) stored signed holds the same real values as the grid
// (s, zp + 128) stored unsigned, byte for byte with the sign bit flipped:
// (q - zp) * s == ((q ^ 0x80 as u8) - (zp + 128)) * s. qnn-legalize picks,
// for every connected graph of 8-bit tensors, the storage that the target's
// dot-product kernels want for the conv / matmul operands it feeds, and
// rewrites the graph's producers and consumers to it:
//
//   1. Union-find over the i8 tensor values, joined through ops that only
//      move or select stored bytes (reshape, transpose, slice, pad, concat,
//      clamp, average / max pooling, copies). Every use and definition of
//      such a value is classified: a *site* (its parameters or variant can
//      be changed: quantize, dequantize, requantize, add, mul, concat, conv,
//      matmul, constants, pooling, clamp, pad, fill, table), or a *boundary*
//      (an op that reads the stored bits without parameters: function
//      arguments and results, calls, casts, unknown ops).
//   2. A graph is flipped when its conv / matmul operands all want the other
//      signedness (x86: data u8, weights s8; AArch64: both s8) and its sites
//      agree on the current one.
//   3. Sites get flipped parameters (zp +- 128, signedness toggled),
//      constants are rewritten at compile time (bytes ^ 0x80), max pooling
//      takes its unsigned / signed variant (tosa.max_pool2d of an unsigned
//      grid becomes tensor.pad + linalg.pooling_nhwc_max_unsigned, as the
//      linalg form of qnn-realize does), a tosa.table a new table (entry j
//      = old entry (j + 128) mod 256 for a flipped input, ^ 0x80 for a
//      flipped output). Boundaries get an exact
//      `qnn.requantize` (scale 1, zero point 0 <-> 128), so function
//      signatures and such ops see exactly what they saw before.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Transforms/Legalize.h"

#include "QuantMLIR/Dialect/QNN/IR/QNNOps.h"
#include "QuantMLIR/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

namespace mlir {
namespace qnn {
#define GEN_PASS_DEF_QNNLEGALIZE
#include "QuantMLIR/Transforms/Passes.h.inc"
} // namespace qnn
} // namespace mlir

using namespace mlir;
using namespace mlir::qnn;

//===----------------------------------------------------------------------===//
// Targets
//===----------------------------------------------------------------------===//

std::optional<SignednessRule> mlir::qnn::getSignednessRule(StringRef target) {
  SignednessRule x86{/*dataUnsigned=*/true, /*weightUnsigned=*/false};
  SignednessRule arm{/*dataUnsigned=*/false, /*weightUnsigned=*/false};
  if (target == "host") {
    llvm::Triple triple(llvm::sys::getProcessTriple());
    llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
    if (triple.isX86() && features.lookup("avx2"))
      return x86;
    if (triple.isAArch64() && features.lookup("dotprod"))
      return arm;
    return SignednessRule{};
  }
  return llvm::StringSwitch<std::optional<SignednessRule>>(target)
      .Cases({"x86-avx2", "x86-avxvnni", "x86-avx512vnni"}, x86)
      .Cases({"aarch64-dotprod", "aarch64-i8mm"}, arm)
      .Cases({"generic", "nvptx-sm80", "nvptx-sm90a"}, SignednessRule{})
      .Default(std::nullopt);
}

//===----------------------------------------------------------------------===//
// Analysis
//===----------------------------------------------------------------------===//

namespace {

bool isI8Tensor(Type t) {
  auto r = dyn_cast<RankedTensorType>(t);
  return r && r.getElementType().isInteger(8);
}

bool isI8Tensor(Value v) { return v && isI8Tensor(v.getType()); }

/// Parameters of the same 8-bit grid stored with the other signedness.
QuantParamsAttr flipParams(QuantParamsAttr p) {
  int64_t delta = p.getIsSigned() ? 128 : -128;
  SmallVector<int64_t> zps;
  for (int64_t z : p.getZeroPoints())
    zps.push_back(z + delta);
  return QuantParamsAttr::get(p.getContext(), p.getScales(), zps, p.getAxis(),
                              p.getBits(), !p.getIsSigned(),
                              p.getNarrowRange());
}

/// A stored zero point read with `isUnsigned`, moved to the other storage.
int64_t flipZp(int64_t zp, bool isUnsigned) {
  return isUnsigned ? zp - 128 : zp + 128;
}

/// Dense integer constant value of `op` (arith.constant, tosa.const).
DenseIntElementsAttr constantValue(Operation *op) {
  if (auto c = dyn_cast<arith::ConstantOp>(op))
    return dyn_cast<DenseIntElementsAttr>(c.getValue());
  if (auto c = dyn_cast<tosa::ConstOp>(op))
    return dyn_cast<DenseIntElementsAttr>(c.getValues());
  return nullptr;
}

/// An i8 scalar constant read by a fill / pad body.
bool isI8ScalarConstant(Value v) {
  APInt c;
  return v && v.getType().isInteger(8) && matchPattern(v, m_ConstantInt(&c));
}

/// A linalg.generic whose body yields one of its inputs (a copy, broadcast
/// or transposition) or min / max of two inputs, with an init it does not
/// read; all operands i8 tensors. Returns the min / max op (or null for a
/// copy) through `minMax`.
bool isMovingGeneric(linalg::GenericOp g, Operation *&minMax) {
  minMax = nullptr;
  if (g.getNumDpsInits() != 1 || g.getNumResults() != 1 ||
      g.getNumDpsInputs() < 1 || g.getNumDpsInputs() > 2)
    return false;
  for (Value v : g->getOperands())
    if (!isI8Tensor(v))
      return false;
  if (!g.getMatchingBlockArgument(g.getDpsInitOperand(0)).use_empty())
    return false;
  Block *body = g.getBlock();
  auto yield = cast<linalg::YieldOp>(body->getTerminator());
  if (yield.getNumOperands() != 1)
    return false;
  Value y = yield.getOperand(0);
  auto isInputArg = [&](Value v) {
    auto arg = dyn_cast<BlockArgument>(v);
    return arg && arg.getOwner() == body &&
           arg.getArgNumber() < g.getNumDpsInputs();
  };
  if (g.getNumDpsInputs() == 1)
    return body->getOperations().size() == 1 && isInputArg(y);
  Operation *op = y.getDefiningOp();
  if (!op || body->getOperations().size() != 2 ||
      !isa<arith::MaxSIOp, arith::MaxUIOp, arith::MinSIOp, arith::MinUIOp>(op))
    return false;
  if (!isInputArg(op->getOperand(0)) || !isInputArg(op->getOperand(1)))
    return false;
  minMax = op;
  return true;
}

/// Union-find over i8 tensor values with the facts that decide a flip.
class Analysis {
public:
  explicit Analysis(const SignednessRule &rule) : rule(rule) {}

  void run(Operation *root);


  const SignednessRule &rule;
  /// Ops whose attributes / variant depend on the storage of their values.
  llvm::SetVector<Operation *> sites;
  /// Values defined by a boundary (block arguments, unknown ops).
  llvm::SetVector<Value> boundaryDefs;
  /// Uses by a boundary (returns, calls, unknown ops).
  llvm::SetVector<OpOperand *> boundaryUses;
  /// tosa.table ops on 8-bit values -> their table (read at analysis time).
  llvm::DenseMap<Operation *, DenseIntElementsAttr> tables;
  /// Values of flipped graphs -> whether they were stored unsigned before.
  llvm::DenseMap<Value, bool> flipped;
  unsigned flippedGraphs = 0;

private:
  // A tri-state fact: unknown, a value, or conflicting values.
  struct Fact {
    enum { Unknown, Signed, Unsigned, Conflict } state = Unknown;
    void add(bool isUnsigned) {
      auto s = isUnsigned ? Unsigned : Signed;
      if (state == Unknown)
        state = s;
      else if (state != s)
        state = Conflict;
    }
    void merge(const Fact &o) {
      if (o.state == Unknown)
        return;
      if (o.state == Conflict) {
        state = Conflict;
        return;
      }
      add(o.state == Unsigned);
    }
  };

  unsigned id(Value v) {
    auto [it, inserted] = ids.try_emplace(v, values.size());
    if (inserted) {
      values.push_back(v);
      parent.push_back(it->second);
      current.emplace_back();
      wanted.emplace_back();
    }
    return it->second;
  }
  unsigned find(unsigned i) {
    while (parent[i] != i)
      i = parent[i] = parent[parent[i]];
    return i;
  }
  void unite(Value a, Value b) {
    unsigned ra = find(id(a)), rb = find(id(b));
    if (ra != rb)
      parent[ra] = rb;
  }
  /// `v` is stored unsigned (`isUnsigned`) according to a site.
  void storage(Value v, bool isUnsigned) { current[id(v)].add(isUnsigned); }
  /// A kernel operand: `v` should be stored as `want` says.
  void wants(Value v, std::optional<bool> want) {
    id(v);
    if (want)
      wanted[id(v)].add(*want);
  }
  void site(Operation *op) { sites.insert(op); }
  void boundary(Operation *op) {
    for (OpOperand &use : op->getOpOperands())
      if (isI8Tensor(use.get())) {
        id(use.get());
        boundaryUses.insert(&use);
      }
    for (Value r : op->getResults())
      if (isI8Tensor(r)) {
        id(r);
        boundaryDefs.insert(r);
      }
  }
  void classify(Operation *op);

  llvm::DenseMap<Value, unsigned> ids;
  SmallVector<Value> values;
  SmallVector<unsigned> parent;
  SmallVector<Fact> current, wanted;
};

void Analysis::classify(Operation *op) {
  bool touchesI8 = llvm::any_of(op->getOperands(),
                                [](Value v) { return isI8Tensor(v); }) ||
                   llvm::any_of(op->getResults(),
                                [](Value v) { return isI8Tensor(v); });
  if (!touchesI8)
    return;
  auto params = [&](Value v, QuantParamsAttr p) {
    if (isI8Tensor(v))
      storage(v, !p.getIsSigned());
  };
  bool handled =
      llvm::TypeSwitch<Operation *, bool>(op)
          .Case([&](QuantizeOp q) {
            params(q.getOutput(), q.getParams());
            site(op);
            return true;
          })
          .Case([&](DequantizeOp d) {
            params(d.getInput(), d.getParams());
            site(op);
            return true;
          })
          .Case([&](RequantizeOp r) {
            params(r.getInput(), r.getInputParams());
            params(r.getOutput(), r.getOutputParams());
            site(op);
            return true;
          })
          .Case<AddOp, MulOp>([&](auto b) {
            params(b.getLhs(), b.getLhsParams());
            params(b.getRhs(), b.getRhsParams());
            params(b.getOutput(), b.getOutputParams());
            site(op);
            return true;
          })
          .Case([&](ConcatOp c) {
            for (auto [v, p] : llvm::zip(c.getInputs(), c.getInputParams()))
              params(v, cast<QuantParamsAttr>(p));
            params(c.getOutput(), c.getOutputParams());
            site(op);
            return true;
          })
          .Case([&](Conv2DOp c) {
            if (isI8Tensor(c.getInput())) {
              storage(c.getInput(), c.getInputUnsigned());
              wants(c.getInput(), rule.dataUnsigned);
            }
            if (isI8Tensor(c.getWeight())) {
              storage(c.getWeight(), c.getWeightUnsigned());
              wants(c.getWeight(), rule.weightUnsigned);
            }
            site(op);
            return true;
          })
          .Case([&](MatmulOp m) {
            if (isI8Tensor(m.getLhs())) {
              storage(m.getLhs(), m.getLhsUnsigned());
              wants(m.getLhs(), rule.dataUnsigned);
            }
            if (isI8Tensor(m.getRhs())) {
              storage(m.getRhs(), m.getRhsUnsigned());
              wants(m.getRhs(), rule.weightUnsigned);
            }
            site(op);
            return true;
          })
          .Case([&](AvgPool2DOp p) {
            if (!isI8Tensor(p.getInput()))
              return false;
            unite(p.getInput(), p.getOutput());
            storage(p.getInput(), p.getIsUnsigned());
            site(op);
            return true;
          })
          .Case([&](ClampOp c) {
            unite(c.getInput(), c.getOutput());
            storage(c.getInput(), c.getIsUnsigned());
            site(op);
            return true;
          })
          .Case([&](tosa::MaxPool2dOp p) {
            // Compares as signed; rewritten to the unsigned linalg pooling
            // when flipped (static H, W, C: the padded shape is known).
            auto inTy = cast<RankedTensorType>(p.getInput().getType());
            auto outTy = cast<RankedTensorType>(p.getOutput().getType());
            for (int d = 1; d < 4; ++d)
              if (inTy.isDynamicDim(d) || outTy.isDynamicDim(d))
                return false;
            unite(p.getInput(), p.getOutput());
            storage(p.getInput(), /*isUnsigned=*/false);
            site(op);
            return true;
          })
          .Case<linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcMaxUnsignedOp>(
              [&](auto p) {
                Value in = p.getDpsInputs()[0];
                Value init = p.getDpsInits()[0];
                if (!isI8Tensor(in) || !isI8Tensor(init))
                  return false;
                unite(in, init);
                unite(in, p->getResult(0));
                storage(in, isa<linalg::PoolingNhwcMaxUnsignedOp>(op));
                site(op);
                return true;
              })
          .Case([&](linalg::GenericOp g) {
            Operation *minMax;
            if (!isMovingGeneric(g, minMax))
              return false;
            for (Value in : g.getDpsInputs())
              unite(in, g->getResult(0));
            if (minMax) {
              storage(g->getResult(0),
                      isa<arith::MaxUIOp, arith::MinUIOp>(minMax));
              site(op);
            }
            return true;
          })
          .Case([&](linalg::FillOp f) {
            if (!isI8ScalarConstant(f.getInputs()[0]))
              return false;
            id(f->getResult(0)); // the init is overwritten: not joined
            site(op);
            return true;
          })
          .Case<linalg::TransposeOp, linalg::BroadcastOp>([&](auto l) {
            // The init is overwritten: not joined.
            unite(l.getInput(), l->getResult(0));
            return true;
          })
          .Case([&](tensor::PadOp p) {
            if (!isI8ScalarConstant(p.getConstantPaddingValue()))
              return false;
            unite(p.getSource(), p.getResult());
            site(op);
            return true;
          })
          .Case<tensor::CollapseShapeOp, tensor::ExpandShapeOp,
                tensor::ExtractSliceOp, tensor::CastOp>([&](Operation *) {
            unite(op->getOperand(0), op->getResult(0));
            return true;
          })
          .Case([&](tensor::InsertSliceOp ins) {
            unite(ins.getSource(), ins.getResult());
            unite(ins.getDest(), ins.getResult());
            return true;
          })
          .Case([&](tensor::EmptyOp e) {
            id(e.getResult()); // no contents: nothing to rewrite
            return true;
          })
          .Case([&](tensor::DimOp) { return true; }) // reads the shape only
          .Case<tosa::ReshapeOp, tosa::TransposeOp, tosa::SliceOp,
                tosa::IdentityOp, tosa::ReverseOp, tosa::TileOp>(
              [&](Operation *) {
                if (!isI8Tensor(op->getOperand(0)) ||
                    !isI8Tensor(op->getResult(0)))
                  return false;
                unite(op->getOperand(0), op->getResult(0));
                return true;
              })
          .Case([&](tosa::ConcatOp c) {
            for (Value in : c.getInput1())
              unite(in, c.getOutput());
            return true;
          })
          .Case([&](tosa::PadOp p) {
            if (!isI8Tensor(p.getPadConst()))
              return false;
            unite(p.getInput1(), p.getOutput());
            unite(p.getPadConst(), p.getOutput());
            return true;
          })
          .Case([&](tosa::TableOp t) {
            // out = table[in + 128] on the bytes read as signed: a flipped
            // input or output is a permuted / flipped constant table.
            Operation *def = t.getTable().getDefiningOp();
            DenseIntElementsAttr table = def ? constantValue(def) : nullptr;
            if (!isI8Tensor(t.getInput1()) || !isI8Tensor(t.getOutput()) ||
                !table || table.getNumElements() != 256)
              return false;
            id(t.getInput1());
            id(t.getOutput());
            tables[op] = table;
            site(op);
            return true;
          })
          .Case<arith::ConstantOp, tosa::ConstOp>([&](Operation *) {
            if (!constantValue(op))
              return false;
            id(op->getResult(0));
            site(op);
            return true;
          })
          .Default([](Operation *) { return false; });
  if (!handled)
    boundary(op);
}

void Analysis::run(Operation *root) {
  root->walk([&](Operation *op) {
    for (Region &region : op->getRegions())
      for (Block &block : region)
        for (BlockArgument arg : block.getArguments())
          if (isI8Tensor(arg)) {
            id(arg);
            boundaryDefs.insert(arg);
          }
    classify(op);
  });
  // Facts per graph.
  unsigned n = values.size();
  SmallVector<Fact> graphCurrent(n), graphWanted(n);
  for (unsigned i = 0; i < n; ++i) {
    unsigned r = find(i);
    graphCurrent[r].merge(current[i]);
    graphWanted[r].merge(wanted[i]);
  }
  llvm::DenseSet<unsigned> flippedRoots;
  for (unsigned r = 0; r < n; ++r) {
    if (find(r) != r)
      continue;
    const Fact &cur = graphCurrent[r], &want = graphWanted[r];
    bool curKnown = cur.state == Fact::Signed || cur.state == Fact::Unsigned;
    bool wantKnown =
        want.state == Fact::Signed || want.state == Fact::Unsigned;
    if (curKnown && wantKnown && cur.state != want.state)
      flippedRoots.insert(r);
  }
  flippedGraphs = flippedRoots.size();
  for (unsigned i = 0; i < n; ++i) {
    unsigned r = find(i);
    if (flippedRoots.contains(r))
      flipped[values[i]] = graphCurrent[r].state == Fact::Unsigned;
  }
}

//===----------------------------------------------------------------------===//
// Rewriting
//===----------------------------------------------------------------------===//

class Rewriter {
public:
  explicit Rewriter(Analysis &a) : a(a) {}
  LegalizeResult run();

private:
  bool isFlipped(Value v) const { return v && a.flipped.contains(v); }
  /// An exact qnn.requantize of `v` (stored unsigned when `fromUnsigned`) to
  /// the other storage: scale 1, zero point 0 <-> 128.
  Value convert(OpBuilder &b, Location loc, Value v, bool fromUnsigned);
  /// An i8 constant: the constant `scalar` with its sign bit flipped (one
  /// per scalar).
  Value flippedScalar(Value scalar);
  void rewriteSite(Operation *op);
  void rewriteMaxPool(tosa::MaxPool2dOp pool);

  Analysis &a;
  unsigned conversions = 0;
  llvm::DenseMap<Value, Value> scalars;
  llvm::SetVector<Operation *> oldTables;
};

Value Rewriter::convert(OpBuilder &b, Location loc, Value v,
                        bool fromUnsigned) {
  MLIRContext *ctx = b.getContext();
  auto grid = [&](bool isUnsigned) {
    return QuantParamsAttr::get(ctx, 1.0, isUnsigned ? 128 : 0, 8,
                                /*isSigned=*/!isUnsigned,
                                /*narrowRange=*/false);
  };
  ++conversions;
  return RequantizeOp::create(
      b, loc, v.getType(), v, grid(fromUnsigned), grid(!fromUnsigned),
      RoundingModeAttr::get(ctx, RoundingMode::half_to_even));
}

Value Rewriter::flippedScalar(Value scalar) {
  Value &flippedValue = scalars[scalar];
  if (flippedValue)
    return flippedValue;
  APInt c;
  (void)matchPattern(scalar, m_ConstantInt(&c));
  // Right after the old constant: it dominates every reader of the old one.
  Operation *def = scalar.getDefiningOp();
  OpBuilder b(def->getContext());
  b.setInsertionPointAfter(def);
  flippedValue = arith::ConstantOp::create(
      b, def->getLoc(), b.getIntegerAttr(scalar.getType(), c ^ 0x80));
  return flippedValue;
}

LegalizeResult Rewriter::run() {
  // 1. Values defined by a boundary: one conversion after the definition,
  //    read by every use that is not a boundary itself.
  for (Value v : a.boundaryDefs) {
    auto it = a.flipped.find(v);
    if (it == a.flipped.end())
      continue;
    bool wasUnsigned = it->second;
    OpBuilder b(v.getContext());
    if (auto arg = dyn_cast<BlockArgument>(v))
      b.setInsertionPointToStart(arg.getOwner());
    else
      b.setInsertionPointAfter(v.getDefiningOp());
    Value conv = convert(b, v.getLoc(), v, wasUnsigned);
    Operation *convOp = conv.getDefiningOp();
    v.replaceUsesWithIf(conv, [&](OpOperand &use) {
      return use.getOwner() != convOp && !a.boundaryUses.contains(&use);
    });
    a.flipped[conv] = wasUnsigned;
  }
  // 2. Boundary uses of values whose definition is re-stored: one
  //    conversion back per value, right after its definition.
  llvm::DenseMap<Value, Value> back;
  for (OpOperand *use : a.boundaryUses) {
    Value v = use->get();
    auto it = a.flipped.find(v);
    if (it == a.flipped.end() || a.boundaryDefs.contains(v))
      continue;
    Value &conv = back[v];
    if (!conv) {
      OpBuilder b(v.getContext());
      if (auto arg = dyn_cast<BlockArgument>(v))
        b.setInsertionPointToStart(arg.getOwner());
      else
        b.setInsertionPointAfter(v.getDefiningOp());
      conv = convert(b, v.getLoc(), v, /*fromUnsigned=*/!it->second);
    }
    use->set(conv);
  }
  // 3. Sites.
  for (Operation *op : a.sites)
    rewriteSite(op);
  // Constants only the flipped fills / pads / tables read.
  for (auto [old, flippedValue] : scalars)
    if (old.use_empty())
      old.getDefiningOp()->erase();
  for (Operation *table : oldTables)
    if (table->use_empty())
      table->erase();
  return LegalizeResult{a.flippedGraphs, conversions};
}

void Rewriter::rewriteSite(Operation *op) {
  MLIRContext *ctx = op->getContext();
  Builder b(ctx);
  auto zpAttr = [&](int64_t zp) { return b.getI64IntegerAttr(zp); };
  llvm::TypeSwitch<Operation *>(op)
      .Case([&](QuantizeOp q) {
        if (isFlipped(q.getOutput()))
          q.setParamsAttr(flipParams(q.getParams()));
      })
      .Case([&](DequantizeOp d) {
        if (isFlipped(d.getInput()))
          d.setParamsAttr(flipParams(d.getParams()));
      })
      .Case([&](RequantizeOp r) {
        if (isFlipped(r.getInput()))
          r.setInputParamsAttr(flipParams(r.getInputParams()));
        if (isFlipped(r.getOutput()))
          r.setOutputParamsAttr(flipParams(r.getOutputParams()));
      })
      .Case<AddOp, MulOp>([&](auto o) {
        if (isFlipped(o.getLhs()))
          o.setLhsParamsAttr(flipParams(o.getLhsParams()));
        if (isFlipped(o.getRhs()))
          o.setRhsParamsAttr(flipParams(o.getRhsParams()));
        if (isFlipped(o.getOutput()))
          o.setOutputParamsAttr(flipParams(o.getOutputParams()));
      })
      .Case([&](ConcatOp c) {
        SmallVector<Attribute> inParams;
        for (auto [v, p] : llvm::zip(c.getInputs(), c.getInputParams())) {
          auto q = cast<QuantParamsAttr>(p);
          inParams.push_back(isFlipped(v) ? flipParams(q) : q);
        }
        c.setInputParamsAttr(ArrayAttr::get(ctx, inParams));
        if (isFlipped(c.getOutput()))
          c.setOutputParamsAttr(flipParams(c.getOutputParams()));
      })
      .Case([&](Conv2DOp c) {
        if (isFlipped(c.getInput())) {
          c.setInputZpAttr(
              zpAttr(flipZp(c.getInputZp(), c.getInputUnsigned())));
          c.setInputUnsignedAttr(b.getBoolAttr(!c.getInputUnsigned()));
        }
        if (isFlipped(c.getWeight())) {
          c.setWeightZpAttr(
              zpAttr(flipZp(c.getWeightZp(), c.getWeightUnsigned())));
          c.setWeightUnsignedAttr(b.getBoolAttr(!c.getWeightUnsigned()));
        }
      })
      .Case([&](MatmulOp m) {
        if (isFlipped(m.getLhs())) {
          m.setLhsZpAttr(zpAttr(flipZp(m.getLhsZp(), m.getLhsUnsigned())));
          m.setLhsUnsignedAttr(b.getBoolAttr(!m.getLhsUnsigned()));
        }
        if (isFlipped(m.getRhs())) {
          m.setRhsZpAttr(zpAttr(flipZp(m.getRhsZp(), m.getRhsUnsigned())));
          m.setRhsUnsignedAttr(b.getBoolAttr(!m.getRhsUnsigned()));
        }
      })
      .Case([&](AvgPool2DOp p) {
        if (!isFlipped(p.getInput()))
          return;
        p.setZpAttr(zpAttr(flipZp(p.getZp(), p.getIsUnsigned())));
        p.setIsUnsignedAttr(b.getBoolAttr(!p.getIsUnsigned()));
      })
      .Case([&](ClampOp c) {
        if (!isFlipped(c.getInput()))
          return;
        c.setMinAttr(zpAttr(flipZp(c.getMin(), c.getIsUnsigned())));
        c.setMaxAttr(zpAttr(flipZp(c.getMax(), c.getIsUnsigned())));
        c.setIsUnsignedAttr(b.getBoolAttr(!c.getIsUnsigned()));
      })
      .Case([&](tosa::MaxPool2dOp p) {
        if (isFlipped(p.getInput()))
          rewriteMaxPool(p);
      })
      .Case<linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcMaxUnsignedOp>(
          [&](auto p) {
            if (!isFlipped(p.getDpsInputs()[0]))
              return;
            OpBuilder ob(op);
            Operation *other;
            if (isa<linalg::PoolingNhwcMaxOp>(op))
              other = linalg::PoolingNhwcMaxUnsignedOp::create(
                  ob, op->getLoc(), op->getResultTypes(), p.getDpsInputs(),
                  p.getDpsInits(), p.getStridesAttr(), p.getDilationsAttr());
            else
              other = linalg::PoolingNhwcMaxOp::create(
                  ob, op->getLoc(), op->getResultTypes(), p.getDpsInputs(),
                  p.getDpsInits(), p.getStridesAttr(), p.getDilationsAttr());
            a.flipped[other->getResult(0)] = a.flipped.lookup(op->getResult(0));
            op->replaceAllUsesWith(other);
            op->erase();
          })
      .Case([&](linalg::GenericOp g) {
        Operation *minMax;
        if (!isFlipped(g->getResult(0)) || !isMovingGeneric(g, minMax) ||
            !minMax)
          return;
        OpBuilder ob(minMax);
        Value l = minMax->getOperand(0), r = minMax->getOperand(1);
        Location loc = minMax->getLoc();
        Value swapped =
            llvm::TypeSwitch<Operation *, Value>(minMax)
                .Case([&](arith::MaxSIOp) {
                  return arith::MaxUIOp::create(ob, loc, l, r);
                })
                .Case([&](arith::MaxUIOp) {
                  return arith::MaxSIOp::create(ob, loc, l, r);
                })
                .Case([&](arith::MinSIOp) {
                  return arith::MinUIOp::create(ob, loc, l, r);
                })
                .Case([&](arith::MinUIOp) {
                  return arith::MinSIOp::create(ob, loc, l, r);
                });
        minMax->getResult(0).replaceAllUsesWith(swapped);
        minMax->erase();
      })
      .Case([&](linalg::FillOp f) {
        if (!isFlipped(f->getResult(0)))
          return;
        f->setOperand(0, flippedScalar(f.getInputs()[0]));
      })
      .Case([&](tensor::PadOp p) {
        if (!isFlipped(p.getResult()))
          return;
        auto yield = cast<tensor::YieldOp>(p.getBody()->getTerminator());
        yield->setOperand(0, flippedScalar(p.getConstantPaddingValue()));
      })
      .Case([&](tosa::TableOp t) {
        bool in = isFlipped(t.getInput1()), out = isFlipped(t.getOutput());
        if (!in && !out)
          return;
        // A flipped input byte indexes entry (j + 128) mod 256 of the old
        // table; a flipped output stores every entry with its sign bit
        // flipped. A new constant: the old one may be shared.
        DenseIntElementsAttr table = a.tables.lookup(op);
        SmallVector<APInt> old(table.getValues<APInt>());
        SmallVector<APInt> entries;
        for (unsigned j = 0; j < 256; ++j) {
          APInt v = old[in ? (j + 128) % 256 : j];
          entries.push_back(out ? v ^ 0x80 : v);
        }
        OpBuilder ob(op);
        auto c = tosa::ConstOp::create(
            ob, op->getLoc(), table.getType(),
            DenseIntElementsAttr::get(table.getType(), entries));
        oldTables.insert(t.getTable().getDefiningOp());
        t.getTableMutable().assign(c);
      })
      .Case<arith::ConstantOp, tosa::ConstOp>([&](Operation *) {
        if (!isFlipped(op->getResult(0)))
          return;
        DenseIntElementsAttr value = constantValue(op);
        auto flippedValue = value.mapValues(
            value.getElementType(), [](const APInt &v) { return v ^ 0x80; });
        if (auto c = dyn_cast<arith::ConstantOp>(op))
          c.setValueAttr(cast<TypedAttr>(flippedValue));
        else
          cast<tosa::ConstOp>(op).setValuesAttr(flippedValue);
      });
}

/// tosa.max_pool2d on a grid now stored unsigned: tensor.pad with 0 (the
/// smallest stored value, like TOSA's implicit -inf padding never larger
/// than an element of its window) + linalg.pooling_nhwc_max_unsigned from a
/// fill of 0, as the linalg form of qnn-realize does.
void Rewriter::rewriteMaxPool(tosa::MaxPool2dOp pool) {
  OpBuilder b(pool);
  Location loc = pool.getLoc();
  Type i8 = b.getI8Type();
  Value in = pool.getInput();
  auto inTy = cast<RankedTensorType>(in.getType());
  auto outTy = cast<RankedTensorType>(pool.getOutput().getType());
  ArrayRef<int64_t> pad = pool.getPad(), kernel = pool.getKernel(),
                    stride = pool.getStride();
  Value zero = arith::ConstantOp::create(b, loc, b.getIntegerAttr(i8, 0));
  SmallVector<Value> batch;
  if (inTy.isDynamicDim(0))
    batch.push_back(tensor::DimOp::create(b, loc, in, 0));
  Value padded = in;
  if (llvm::any_of(pad, [](int64_t p) { return p != 0; })) {
    SmallVector<int64_t> shape(inTy.getShape());
    shape[1] += pad[0] + pad[1];
    shape[2] += pad[2] + pad[3];
    auto paddedTy = RankedTensorType::get(shape, i8);
    SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(pad[0]),
                                     b.getIndexAttr(pad[2]), b.getIndexAttr(0)};
    SmallVector<OpFoldResult> high = {
        b.getIndexAttr(0), b.getIndexAttr(pad[1]), b.getIndexAttr(pad[3]),
        b.getIndexAttr(0)};
    padded = tensor::PadOp::create(b, loc, paddedTy, in, low, high, zero);
  }
  Value init = tensor::EmptyOp::create(b, loc, outTy.getShape(), i8, batch);
  Value fill =
      linalg::FillOp::create(b, loc, ValueRange{zero}, ValueRange{init})
          .getResult(0);
  Value window = tensor::EmptyOp::create(b, loc, kernel, i8);
  auto vec2 = RankedTensorType::get({2}, b.getI64Type());
  auto newPool = linalg::PoolingNhwcMaxUnsignedOp::create(
      b, loc, TypeRange{outTy}, ValueRange{padded, window}, ValueRange{fill},
      DenseIntElementsAttr::get(vec2, stride),
      DenseIntElementsAttr::get(vec2, ArrayRef<int64_t>{1, 1}));
  a.flipped[newPool->getResult(0)] = /*wasUnsigned=*/false;
  pool.getOutput().replaceAllUsesWith(newPool->getResult(0));
  pool.erase();
}

} // namespace

LegalizeResult mlir::qnn::legalizeSignedness(Operation *root,
                                             const SignednessRule &rule) {
  if (rule.isNoOp())
    return {};
  Analysis analysis(rule);
  analysis.run(root);
  return Rewriter(analysis).run();
}

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

namespace {
struct QNNLegalizePass : public qnn::impl::QNNLegalizeBase<QNNLegalizePass> {
  using QNNLegalizeBase::QNNLegalizeBase;

  void runOnOperation() override {
    std::optional<SignednessRule> rule = getSignednessRule(target);
    if (!rule) {
      emitError(getOperation()->getLoc())
          << "qnn-legalize: unknown target '" << target
          << "' (expected generic, host, x86-avx2, x86-avxvnni, "
             "x86-avx512vnni, aarch64-dotprod, aarch64-i8mm, nvptx-sm80 or "
             "nvptx-sm90a)";
      return signalPassFailure();
    }
    legalizeSignedness(getOperation(), *rule);
  }
};
} // namespace
