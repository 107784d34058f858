//===- EpilogueFusion.h - Fusing a GEMM's elementwise consumer -*- C++ -*-===//
//
// Part of QuantMLIR.
//
// Internal to lib/Conversion: recognition of the elementwise epilogue of a
// conv / matmul accumulator on memrefs (its initial value written by a bias
// broadcast or a fill, its only reader an elementwise linalg.generic: what
// qnn.requantize, bias, clamp / ReLU and a following dequantize lower to),
// and the code that applies the consumer's scalar body to a vector of
// accumulator lanes in registers. Shared by the x86 (X86Conv.cpp) and
// AArch64 (AArch64Gemm.cpp) code generators.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_LIB_CONVERSION_EPILOGUEFUSION_H
#define QUANTMLIR_LIB_CONVERSION_EPILOGUEFUSION_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>

namespace quantmlir {
namespace fusion {

using namespace mlir;

//===----------------------------------------------------------------------===//
// Epilogue fusion
//===----------------------------------------------------------------------===//

/// A fused epilogue: `init` writes the accumulator's initial value (a bias
/// broadcast along the rows or a fill), `consumer` is the only reader of the
/// accumulator after the conv.
struct Fusion {
  Operation *init = nullptr;
  Value initBias;   // 1-D [F] memref
  Value initScalar; // or a scalar
  linalg::GenericOp consumer;
  unsigned accInput = 0;
  // Consumer inputs read element by element like the accumulator (identity
  // map, acc's shape: a residual shortcut, another conv's accumulator);
  // only with matchFusion(..., allowFullInputs), and applyEpilogue then
  // needs the row.
  SmallVector<unsigned> fullInputs;
};

/// linalg.fill of acc, a generic without inputs yielding a value defined
/// outside it (a splat bias, as initScalar), or a generic broadcasting a
/// 1-D [F] memref along the rows of acc (rank r, columns = the last
/// dimension).
inline bool matchInit(Operation *op, Value acc, Fusion &fu) {
  auto accTy = cast<MemRefType>(acc.getType());
  int64_t rank = accTy.getRank();
  if (auto fill = dyn_cast<linalg::FillOp>(op)) {
    if (fill.getOutputs().size() != 1 || fill.getOutputs()[0] != acc ||
        fill.getInputs()[0].getType() != accTy.getElementType())
      return false;
    fu.initScalar = fill.getInputs()[0];
    fu.init = op;
    return true;
  }
  auto g = dyn_cast<linalg::GenericOp>(op);
  if (!g || g.getNumDpsInits() != 1 || g.getDpsInitOperand(0)->get() != acc ||
      g.getNumLoops() != rank || g.getNumParallelLoops() != rank)
    return false;
  MLIRContext *ctx = op->getContext();
  SmallVector<AffineMap> maps = g.getIndexingMapsArray();
  // A generic filling acc with a value defined outside it (a splat bias).
  if (g.getNumDpsInputs() == 0) {
    Block &body = g.getRegion().front();
    auto yield = cast<linalg::YieldOp>(body.getTerminator());
    if (maps[0] != AffineMap::getMultiDimIdentityMap(rank, ctx) ||
        yield.getNumOperands() != 1 ||
        yield.getOperand(0).getParentBlock() == &body ||
        yield.getOperand(0).getType() != accTy.getElementType())
      return false;
    fu.initScalar = yield.getOperand(0);
    fu.init = op;
    return true;
  }
  if (g.getNumDpsInputs() != 1)
    return false;
  if (maps[1] != AffineMap::getMultiDimIdentityMap(rank, ctx) ||
      maps[0] != AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, ctx)))
    return false;
  Value bias = g.getDpsInputOperand(0)->get();
  auto biasTy = dyn_cast<MemRefType>(bias.getType());
  if (!biasTy || biasTy.getRank() != 1 || !biasTy.hasStaticShape() ||
      !biasTy.getLayout().isIdentity() ||
      biasTy.getElementType() != accTy.getElementType() ||
      biasTy.getShape()[0] != accTy.getShape().back())
    return false;
  Block &body = g.getRegion().front();
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (yield.getNumOperands() != 1 || yield.getOperand(0) != body.getArgument(0))
    return false;
  fu.initBias = bias;
  fu.init = op;
  return true;
}

/// Whether `map` reads one value per column (all results 0 except a last
/// result d[rank - 1]) or one value overall (all results 0).
/// A dimension of extent 1 in `shape` (the input read through `map`) may be
/// indexed by any loop: it is index 0, as a constant 0 is (e.g. the batch of
/// 1 in (d0, d1, d2) -> (d0, 0, d2)).
inline bool isColumnMap(AffineMap map, int64_t rank, bool &perColumn,
                        ArrayRef<int64_t> shape = {}) {
  perColumn = false;
  unsigned n = map.getNumResults();
  for (unsigned i = 0; i < n; ++i) {
    AffineExpr e = map.getResult(i);
    if (auto c = dyn_cast<AffineConstantExpr>(e)) {
      if (c.getValue() != 0)
        return false;
      continue;
    }
    auto dim = dyn_cast<AffineDimExpr>(e);
    if (dim && i + 1 != n && i < shape.size() && shape[i] == 1)
      continue;
    if (!dim || dim.getPosition() != rank - 1 || i + 1 != n)
      return false;
    perColumn = true;
  }
  return true;
}

/// An all-parallel generic reading `acc` (identity map) and constant
/// globals per column, writing one identity-layout buffer of acc's shape,
/// with a body of elementwise arith ops that never reads its output.
inline bool matchConsumer(Operation *op, Value acc, Fusion &fu,
                          bool allowFullInputs = false) {
  auto g = dyn_cast<linalg::GenericOp>(op);
  auto accTy = cast<MemRefType>(acc.getType());
  int64_t rank = accTy.getRank();
  if (!g || !g.hasPureBufferSemantics() || g.getNumDpsInits() != 1 ||
      g.getNumLoops() != rank || g.getNumParallelLoops() != rank)
    return false;
  MLIRContext *ctx = op->getContext();
  SmallVector<AffineMap> maps = g.getIndexingMapsArray();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, ctx);
  Value out = g.getDpsInitOperand(0)->get();
  auto outTy = dyn_cast<MemRefType>(out.getType());
  if (maps.back() != identity || !outTy || !outTy.hasStaticShape() ||
      !outTy.getLayout().isIdentity() ||
      outTy.getShape() != accTy.getShape() || out == acc)
    return false;
  Type outElem = outTy.getElementType();
  if (!outElem.isIntOrFloat())
    return false;
  int accUses = 0;
  for (unsigned i = 0, e = g.getNumDpsInputs(); i < e; ++i) {
    Value v = g.getDpsInputOperand(i)->get();
    if (v == acc) {
      if (maps[i] != identity)
        return false;
      fu.accInput = i;
      ++accUses;
      continue;
    }
    bool perColumn;
    auto t = dyn_cast<MemRefType>(v.getType());
    // Computed before the consumer, so before the fused code that replaces
    // it; read and written element by element even if it is the output.
    if (allowFullInputs && t && maps[i] == identity &&
        t.getShape() == accTy.getShape() && t.getLayout().isIdentity() &&
        t.getElementType().isIntOrFloat()) {
      fu.fullInputs.push_back(i);
      continue;
    }
    if (!t || !t.hasStaticShape() || !t.getLayout().isIdentity() ||
        !v.getDefiningOp<memref::GetGlobalOp>() ||
        !isColumnMap(maps[i], rank, perColumn, t.getShape()) ||
        !t.getElementType().isIntOrFloat())
      return false;
    if (perColumn && t.getShape().back() != accTy.getShape().back())
      return false;
  }
  if (accUses != 1)
    return false;
  Block &body = g.getRegion().front();
  if (!body.getArguments().back().use_empty())
    return false;
  for (Operation &o : body.without_terminator()) {
    if (o.getNumResults() != 1 || !o.getResult(0).getType().isIntOrFloat())
      return false;
    if (isa<arith::ConstantOp>(o))
      continue;
    // arith, and math's rounding ops (requantize-dtype=float32).
    StringRef dialect = o.getDialect()->getNamespace();
    if ((dialect != "arith" && dialect != "math") || o.getNumRegions() ||
        !OpTrait::hasElementwiseMappableTraits(&o))
      return false;
    // Lanes past the last column see padding values: nothing that traps.
    if (isa<arith::DivSIOp, arith::DivUIOp, arith::RemSIOp, arith::RemUIOp,
            arith::CeilDivSIOp, arith::CeilDivUIOp, arith::FloorDivSIOp>(o))
      return false;
    for (Value v : o.getOperands())
      if (v.getParentBlock() != &body && !v.getDefiningOp<arith::ConstantOp>())
        return false;
  }
  auto yield = cast<linalg::YieldOp>(body.getTerminator());
  if (yield.getNumOperands() != 1 ||
      yield.getOperand(0).getParentBlock() != &body)
    return false;
  fu.consumer = g;
  return true;
}

/// Finds the fusable init and consumer of the conv's accumulator: acc is a
/// memref.alloc used only by init (before the conv), the conv, the consumer
/// (after it, with only allocations or effect-free ops in between) and
/// deallocs.
inline bool matchFusion(linalg::LinalgOp conv, Fusion &fu,
                        bool allowFullInputs = false) {
  Value acc = conv.getDpsInitOperand(0)->get();
  if (!acc.getDefiningOp<memref::AllocOp>())
    return false;
  Block *block = conv->getBlock();
  Operation *init = nullptr, *consumer = nullptr;
  for (Operation *user : acc.getUsers()) {
    if (user == conv.getOperation() || isa<memref::DeallocOp>(user))
      continue;
    if (user->getBlock() != block)
      return false;
    if (user->isBeforeInBlock(conv.getOperation())) {
      if (init)
        return false;
      init = user;
    } else {
      if (consumer)
        return false;
      consumer = user;
    }
  }
  if (!init || !consumer || !matchInit(init, acc, fu) ||
      !matchConsumer(consumer, acc, fu, allowFullInputs))
    return false;
  for (Operation *o = conv->getNextNode(); o != consumer; o = o->getNextNode())
    if (!isa<memref::AllocOp>(o) && !isMemoryEffectFree(o))
      return false;
  // The conv now runs at the consumer: the buffer the consumer writes is a
  // fresh allocation or an argument (never one the conv reads), and a bias
  // is read there too (a constant or an argument, which nothing writes).
  auto freshOrArg = [](Value v) {
    return v.getDefiningOp<memref::AllocOp>() || isa<BlockArgument>(v);
  };
  Value out = fu.consumer.getDpsInitOperand(0)->get();
  if (!freshOrArg(out) || out == conv.getDpsInputOperand(0)->get() ||
      out == conv.getDpsInputOperand(1)->get())
    return false;
  return !fu.initBias || fu.initBias.getDefiningOp<memref::GetGlobalOp>() ||
         isa<BlockArgument>(fu.initBias);
}

//===----------------------------------------------------------------------===//
// Code generation
//===----------------------------------------------------------------------===//

/// `lanes` values of consumer input `i` at column `col` (one value per
/// column, masked to `valid` lanes; or one value broadcast).
inline Value loadExtra(OpBuilder &b, Location loc, const Fusion &fu,
                       unsigned i, Value col, int64_t valid, int64_t lanes,
                       Value row) {
  linalg::GenericOp g = fu.consumer;
  Value mem = g.getDpsInputOperand(i)->get();
  auto t = cast<MemRefType>(mem.getType());
  auto vt = VectorType::get({lanes}, t.getElementType());
  // `lanes` values at `at`, the first `valid` of them read (masked load).
  auto load = [&](Value from, ValueRange at) -> Value {
    if (valid == lanes)
      return vector::LoadOp::create(b, loc, vt, from, at);
    Value mask = vector::ConstantMaskOp::create(
        b, loc, VectorType::get({lanes}, b.getI1Type()),
        ArrayRef<int64_t>{valid});
    Value pass = arith::ConstantOp::create(b, loc, b.getZeroAttr(vt));
    return vector::MaskedLoadOp::create(b, loc, vt, from, at, mask, pass);
  };
  if (llvm::is_contained(fu.fullInputs, i)) {
    // Element by element: the input viewed as [rows, columns] at `row`.
    assert(row && "a full-shape epilogue input needs the row");
    SmallVector<ReassociationIndices> re(2);
    for (int64_t d = 0; d + 1 < t.getRank(); ++d)
      re[0].push_back(d);
    re[1].push_back(t.getRank() - 1);
    if (t.getRank() == 1)
      re.erase(re.begin());
    Value view = t.getRank() == 2 || t.getRank() == 1
                     ? mem
                     : memref::CollapseShapeOp::create(b, loc, mem, re)
                           .getResult();
    SmallVector<Value, 2> at{row, col};
    if (t.getRank() == 1)
      at = {col};
    return load(view, at);
  }
  AffineMap map = g.getIndexingMapsArray()[i];
  bool perColumn;
  (void)isColumnMap(map, g.getNumLoops(), perColumn, t.getShape());
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  SmallVector<Value> idx(t.getRank(), zero);
  if (!perColumn || t.getRank() == 0) {
    Value s = memref::LoadOp::create(b, loc, mem, idx);
    return vector::BroadcastOp::create(b, loc, vt, s);
  }
  idx.back() = col;
  return load(mem, idx);
}

/// The consumer's body on `lanes` accumulator lanes `acc` (columns col ..
/// col + lanes - 1, of which `valid` are real; `row` of the output viewed
/// as [rows, columns], needed for full-shape inputs): its scalar ops cloned on
/// vectors, constants splatted. The same ops on the same values: bit-exact
/// with the unfused path.
inline Value applyEpilogue(OpBuilder &b, Location loc, const Fusion &fu,
                           Value acc, Value col, int64_t valid,
                           Value row = Value()) {
  int64_t lanes = cast<VectorType>(acc.getType()).getNumElements();
  linalg::GenericOp g = fu.consumer;
  Block &body = g.getRegion().front();
  auto splat = [&](Type elem, Attribute value) -> Value {
    auto t = VectorType::get({lanes}, elem);
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(t, ArrayRef<Attribute>(value)));
  };
  IRMapping map;
  for (unsigned i = 0, e = g.getNumDpsInputs(); i < e; ++i) {
    BlockArgument arg = body.getArgument(i);
    if (i == fu.accInput)
      map.map(arg, acc);
    else if (!arg.use_empty())
      map.map(arg, loadExtra(b, loc, fu, i, col, valid, lanes, row));
  }
  for (Operation &o : body.without_terminator()) {
    for (Value v : o.getOperands())
      if (!map.contains(v))
        if (auto c = v.getDefiningOp<arith::ConstantOp>())
          map.map(v, splat(v.getType(), c.getValue()));
    if (auto c = dyn_cast<arith::ConstantOp>(o)) {
      map.map(c.getResult(), splat(c.getType(), c.getValue()));
      continue;
    }
    Operation *n = b.clone(o, map);
    n->getResult(0).setType(
        VectorType::get({lanes}, o.getResult(0).getType()));
  }
  return map.lookup(body.getTerminator()->getOperand(0));
}

/// After the fused code is emitted: erases the consumer, the GEMM op `op`,
/// the init, and the accumulator buffer when only deallocs are left.
inline void eraseFused(Operation *op, Fusion &fu) {
  Value acc = cast<linalg::LinalgOp>(op).getDpsInitOperand(0)->get();
  fu.consumer->erase();
  op->erase();
  fu.init->erase();
  SmallVector<Operation *> users(acc.getUsers());
  if (llvm::all_of(users, [](Operation *u) { return isa<memref::DeallocOp>(u); })) {
    for (Operation *u : users)
      u->erase();
    acc.getDefiningOp()->erase();
  }
}

} // namespace fusion
} // namespace quantmlir

#endif // QUANTMLIR_LIB_CONVERSION_EPILOGUEFUSION_H
