//===- X86Pool.cpp - x86 max pooling code generation ----------------------===//
//
// Part of QuantMLIR.
//
// NHWC max pooling (linalg.pooling_nhwc_max / _max_unsigned on static
// memrefs) for the x86 targets, run by qnn-x86-avx2-matmul before the
// convolutions (the pooling ops also have 6 loops).
//
//===----------------------------------------------------------------------===//

#include "X86Common.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/SmallVector.h"

#include <algorithm>
#include <cstdint>
#include <tuple>
#include <utility>

using namespace mlir;

namespace quantmlir {

//===----------------------------------------------------------------------===//
// Max pooling
//===----------------------------------------------------------------------===//
//
// tosa.max_pool2d becomes a pad of the input with the type's lowest value
// (-3.4e38 for f32, -128 for i8: a buffer filled by linalg.map, the input
// copied into its interior), a linalg.fill of the output with that value and
// linalg.pooling_nhwc_max (body `max(in, out)`: arith.maximumf on floats,
// maxsi on integers; maxui for _max_unsigned). Left to
// convert-linalg-to-loops it is a scalar 6-deep loop nest that re-reads and
// re-writes the output for every window tap, which LLVM does not vectorize
// (the reduction loops are innermost). Here:
//
//   scf.parallel r in N * OH                     (one output row)
//     for ox in OW
//       for c0 in C step L                       (L lanes: one ymm, or one
//         acc = splat(fill value)                 zmm on x86-avx512vnni)
//         for each tap (ky, kx), unrolled:
//           acc = max(acc, in[n][oy*sh + ky*dh][ox*sw + kx*dw][c0 : c0 + L])
//         out[n][oy][ox][c0 : c0 + L] = acc      (written once)
//       channel tail C % L: the same with exact power-of-two vectors
//       (16, 8, ..., 1 lanes: no masked byte loads, which AVX2 lacks)
//
// The combining op is the body's own (same NaN and signed-zero semantics,
// applied in the same tap order), so the results are those of the loops.
// The fill of the output is folded into the initial value when nothing uses
// the output between the two; otherwise the kernel starts from the output.
//
// Padding: when the input is that padded buffer and its pad value is the
// fill value (for floats a constant, not NaN, not zero), the kernel reads
// the unpadded source instead and the buffer, its fill and the copy
// disappear: a padding tap holds the initial value v and max(acc, v) = acc
// for every acc the window max reaches from v. Output rows / columns whose window lies in the
// source take the unrolled taps; the border ones loop over the taps inside
// the source (bounds computed per pixel).

namespace {

bool isIdentityStatic(Value v, MemRefType &t) {
  t = dyn_cast<MemRefType>(v.getType());
  return t && t.hasStaticShape() && t.getLayout().isIdentity();
}

/// The max op of the body `yield max(in, out)` (either order), or null.
Operation *matchMaxBody(linalg::LinalgOp op, bool &inFirst) {
  Block *body = op.getBlock();
  if (body->getNumArguments() != 3 || body->getOperations().size() != 2)
    return nullptr;
  auto yield = dyn_cast<linalg::YieldOp>(body->getTerminator());
  if (!yield || yield.getNumOperands() != 1)
    return nullptr;
  Operation *max = yield.getOperand(0).getDefiningOp();
  if (!max || !isa<arith::MaximumFOp, arith::MaxNumFOp, arith::MaxSIOp,
                   arith::MaxUIOp>(max))
    return nullptr;
  Value in = body->getArgument(0), out = body->getArgument(2);
  if (max->getOperand(0) == in && max->getOperand(1) == out)
    inFirst = true;
  else if (max->getOperand(0) == out && max->getOperand(1) == in)
    inFirst = false;
  else
    return nullptr;
  return max;
}

/// The linalg.fill of `out` that the pooling op `op` reads as its init, when
/// nothing between them touches `out`.
linalg::FillOp findInitFill(Operation *op, Value out) {
  for (Operation *prev = op->getPrevNode(); prev;
       prev = prev->getPrevNode()) {
    if (auto fill = dyn_cast<linalg::FillOp>(prev)) {
      if (fill.hasPureBufferSemantics() && fill.getOutputs().size() == 1 &&
          fill.getOutputs()[0] == out)
        return fill;
    }
    bool uses = false;
    prev->walk([&](Operation *o) {
      for (Value v : o->getOperands())
        if (v == out)
          uses = true;
    });
    if (uses)
      return {};
  }
  return {};
}

/// The padded input of tosa.max_pool2d after bufferization:
///   %buf = memref.alloc()
///   linalg.map outs(%buf) { yield %v }        (%v: the pad value)
///   %sv = memref.subview %buf[0, top, left, 0] [N, H, W, C] [1, 1, 1, 1]
///   memref.copy %src, %sv
///   ... pool reads %buf ...; memref.dealloc %buf
/// With %v the value the output is filled with, the padding taps change
/// nothing (max(acc, v) = acc for every acc >= v the window max can reach:
/// it starts at v), so the kernel reads %src and skips them.
struct PadFold {
  Value source;
  int64_t h = 0, w = 0, top = 0, left = 0;
  SmallVector<Operation *> ops; // map, subview, copy, dealloc, alloc
  void erase() {
    for (Operation *o : ops)
      o->erase();
  }
};

bool sameConstant(Value a, Value b) {
  if (a == b)
    return true;
  Attribute x, y;
  return matchPattern(a, m_Constant(&x)) && matchPattern(b, m_Constant(&y)) &&
         x == y;
}

bool matchPadFold(linalg::LinalgOp pool, Value buf, linalg::FillOp fill,
                  PadFold &pf) {
  Value fillValue = fill.getInputs()[0];
  auto alloc = buf.getDefiningOp<memref::AllocOp>();
  if (!alloc || alloc->getBlock() != pool->getBlock())
    return false;
  // Floats: a constant, neither NaN (not neutral) nor a zero (max(-0, +0)
  // depends on the order, so a skipped +0 tap could change a -0 result).
  FloatAttr fa;
  if (isa<FloatType>(fillValue.getType()) &&
      (!matchPattern(fillValue, m_Constant(&fa)) || fa.getValue().isNaN() ||
       fa.getValue().isZero()))
    return false;
  linalg::MapOp map;
  memref::SubViewOp sv;
  memref::CopyOp copy;
  memref::DeallocOp dealloc;
  for (Operation *user : buf.getUsers()) {
    if (user == pool.getOperation())
      continue;
    if (auto m = dyn_cast<linalg::MapOp>(user)) {
      if (map || m.getInit() != buf || !m.getInputs().empty())
        return false;
      map = m;
    } else if (auto s = dyn_cast<memref::SubViewOp>(user)) {
      if (sv)
        return false;
      sv = s;
    } else if (auto d = dyn_cast<memref::DeallocOp>(user)) {
      if (dealloc)
        return false;
      dealloc = d;
    } else {
      return false;
    }
  }
  if (!map || !sv)
    return false;
  // map body: yield %v, %v defined outside the map, equal to the fill.
  Block &mb = map.getMapper().front();
  if (mb.getOperations().size() != 1)
    return false;
  auto yield = dyn_cast<linalg::YieldOp>(mb.getTerminator());
  if (!yield || yield.getNumOperands() != 1 ||
      yield.getOperand(0).getParentBlock() == &mb ||
      !sameConstant(yield.getOperand(0), fillValue))
    return false;
  // subview: [0, top, left, 0] [N, H, W, C] [1, 1, 1, 1], copied into once.
  auto bufTy = cast<MemRefType>(buf.getType());
  ArrayRef<int64_t> off = sv.getStaticOffsets(), sz = sv.getStaticSizes(),
                    st = sv.getStaticStrides();
  if (off.size() != 4 || ShapedType::isDynamicShape(off) ||
      ShapedType::isDynamicShape(sz) || ShapedType::isDynamicShape(st) ||
      llvm::any_of(st, [](int64_t x) { return x != 1; }) || off[0] != 0 ||
      off[3] != 0 || sz[0] != bufTy.getDimSize(0) ||
      sz[3] != bufTy.getDimSize(3) ||
      cast<MemRefType>(sv.getType()).getRank() != 4 ||
      !sv->hasOneUse())
    return false;
  copy = dyn_cast<memref::CopyOp>(*sv->getUsers().begin());
  if (!copy || copy.getTarget() != sv.getResult() ||
      copy->getBlock() != pool->getBlock())
    return false;
  MemRefType srcTy;
  if (!isIdentityStatic(copy.getSource(), srcTy) ||
      srcTy.getShape() != ArrayRef<int64_t>(sz))
    return false;
  // Order: map, copy, pool, dealloc; between the copy and the pool nothing
  // that may write memory (the source is read at the pool instead).
  if (!map->isBeforeInBlock(copy) || !copy->isBeforeInBlock(pool) ||
      !sv->isBeforeInBlock(copy) ||
      (dealloc && (dealloc->getBlock() != pool->getBlock() ||
                   !pool->isBeforeInBlock(dealloc))))
    return false;
  for (Operation *o = copy->getNextNode(); o != pool.getOperation();
       o = o->getNextNode()) {
    if (isMemoryEffectFree(o) || isa<memref::AllocOp>(o) ||
        o == fill.getOperation())
      continue;
    return false;
  }
  pf.source = copy.getSource();
  pf.h = sz[1], pf.w = sz[2], pf.top = off[1], pf.left = off[2];
  pf.ops = {map.getOperation(), copy.getOperation(), sv.getOperation()};
  if (dealloc)
    pf.ops.push_back(dealloc);
  pf.ops.push_back(alloc);
  return true;
}

} // namespace

LogicalResult x86::lowerPoolToX86(linalg::LinalgOp op, bool zmm) {
  if (!isa<linalg::PoolingNhwcMaxOp, linalg::PoolingNhwcMaxUnsignedOp>(
          op.getOperation()) ||
      !op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1)
    return failure();
  MemRefType inTy, winTy, outTy;
  Value inV = op.getDpsInputOperand(0)->get();
  Value outV = op.getDpsInitOperand(0)->get();
  if (!isIdentityStatic(inV, inTy) || !isIdentityStatic(outV, outTy) ||
      !(winTy = dyn_cast<MemRefType>(op.getDpsInputOperand(1)->get().getType()))
      || !winTy.hasStaticShape() || inTy.getRank() != 4 ||
      outTy.getRank() != 4 || winTy.getRank() != 2)
    return failure();
  Type elem = inTy.getElementType();
  if (elem != outTy.getElementType())
    return failure();
  unsigned bits;
  if (elem.isF32())
    bits = 32;
  else if (elem.isSignlessInteger(8) || elem.isSignlessInteger(16))
    bits = elem.getIntOrFloatBitWidth();
  else
    return failure();
  bool inFirst = false;
  Operation *maxOp = matchMaxBody(op, inFirst);
  if (!maxOp)
    return failure();
  SmallVector<int64_t> strides, dilations;
  if (auto p = dyn_cast<linalg::PoolingNhwcMaxOp>(op.getOperation())) {
    strides = llvm::to_vector(p.getStrides().getValues<int64_t>());
    dilations = llvm::to_vector(p.getDilations().getValues<int64_t>());
  } else {
    auto q = cast<linalg::PoolingNhwcMaxUnsignedOp>(op.getOperation());
    strides = llvm::to_vector(q.getStrides().getValues<int64_t>());
    dilations = llvm::to_vector(q.getDilations().getValues<int64_t>());
  }
  if (strides.size() != 2 || dilations.size() != 2)
    return failure();
  ArrayRef<int64_t> is = inTy.getShape(), os = outTy.getShape(),
                    ws = winTy.getShape();
  int64_t batch = is[0], ih = is[1], iw = is[2], c = is[3];
  int64_t oh = os[1], ow = os[2], kh = ws[0], kw = ws[1];
  int64_t sh = strides[0], sw = strides[1], dh = dilations[0],
          dw = dilations[1];
  if (os[0] != batch || os[3] != c || c == 0 || oh == 0 || ow == 0 ||
      kh <= 0 || kw <= 0 || sh <= 0 || sw <= 0 || dh <= 0 || dw <= 0 ||
      (oh - 1) * sh + (kh - 1) * dh >= ih ||
      (ow - 1) * sw + (kw - 1) * dw >= iw)
    return failure();

  linalg::FillOp fill = findInitFill(op, outV);
  // (A fill value of another type is cast by the fill: kept, not folded.)
  if (fill && fill.getInputs()[0].getType() != elem)
    fill = {};
  Value fillValue = fill ? fill.getInputs()[0] : Value();
  // The padded input, when it is built here from an unpadded source with the
  // fill value: the kernel reads the source and skips the padding taps.
  PadFold pad;
  bool folded = fill && matchPadFold(op, inV, fill, pad);
  Value srcV = folded ? pad.source : inV;
  int64_t h = folded ? pad.h : ih, w = folded ? pad.w : iw;
  int64_t pt = folded ? pad.top : 0, pl = folded ? pad.left : 0;

  ImplicitLocOpBuilder b(op.getLoc(), op.getOperation());
  auto cst = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, v);
  };
  auto add = [&](Value x, Value y) -> Value {
    return arith::AddIOp::create(b, x, y);
  };
  auto mul = [&](Value x, int64_t y) -> Value {
    return y == 1 ? x : arith::MulIOp::create(b, x, cst(y)).getResult();
  };
  auto flat = [&](Value v) {
    ReassociationIndices all = {0, 1, 2, 3};
    return memref::CollapseShapeOp::create(
               b, v, ArrayRef<ReassociationIndices>{all})
        .getResult();
  };
  Value in1d = flat(srcV), out1d = flat(outV);
  int64_t lanes = (zmm ? 512 : 256) / bits;
  int64_t taps = kh * kw;
  StringAttr maxName = maxOp->getName().getIdentifier();
  SmallVector<NamedAttribute> maxAttrs(maxOp->getAttrs());
  auto combine = [&](Value acc, Value x) {
    OperationState st(b.getLoc(), maxName);
    st.addOperands(inFirst ? ValueRange{x, acc} : ValueRange{acc, x});
    st.addTypes(acc.getType());
    st.addAttributes(maxAttrs);
    return b.create(st)->getResult(0);
  };
  // Output positions whose whole window lies in the source, [lo, hi).
  auto interior = [](int64_t o, int64_t s, int64_t k, int64_t d, int64_t p,
                     int64_t size) {
    int64_t lo = (p + s - 1) / s;
    int64_t last = size - 1 + p - (k - 1) * d; // o * s <= last
    int64_t hi = last < 0 ? 0 : std::min(o, last / s + 1);
    lo = std::min(lo, o);
    return std::make_pair(lo, std::max(lo, hi));
  };
  auto [oyLo, oyHi] = interior(oh, sh, kh, dh, pt, h);
  auto [oxLo, oxHi] = interior(ow, sw, kw, dw, pl, w);
  // Taps [lo, hi) of a window starting at source position `start` (may be
  // negative): lo = max(0, ceil(-start / d)), hi = min(k, ceil((size -
  // start) / d)).
  auto tapRange = [&](Value start, int64_t k, int64_t d, int64_t size) {
    Value lo = arith::CeilDivSIOp::create(
        b, arith::SubIOp::create(b, cst(0), start), cst(d));
    lo = arith::MaxSIOp::create(b, lo, cst(0));
    Value hi = arith::CeilDivSIOp::create(
        b, arith::SubIOp::create(b, cst(size), start), cst(d));
    hi = arith::MinSIOp::create(b, hi, cst(k));
    hi = arith::MaxSIOp::create(b, hi, lo);
    return std::make_pair(lo, hi);
  };

  auto par = scf::ParallelOp::create(b, ValueRange{cst(0)},
                                     ValueRange{cst(batch * oh)},
                                     ValueRange{cst(1)});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(par.getBody()->getTerminator());
  Value r = par.getInductionVars()[0];
  Value img = arith::DivUIOp::create(b, r, cst(oh));
  Value oy = arith::RemUIOp::create(b, r, cst(oh));
  // Source row of the window's first tap (negative in the top padding).
  Value y0 = arith::SubIOp::create(b, mul(oy, sh), cst(pt));
  Value imgRow0 = mul(img, h); // first source row of the image
  Value outRow = mul(r, ow);

  // One output pixel `ox`: every channel block, the taps unrolled over the
  // whole window (`inside`) or in loops over the taps inside the source.
  auto pixel = [&](Value ox, bool inside) {
    Value x0 = arith::SubIOp::create(b, mul(ox, sw), cst(pl));
    Value outPix = mul(add(outRow, ox), c);
    Value kyLo, kyHi, kxLo, kxHi;
    if (!inside || taps > 64) {
      if (inside) {
        kyLo = cst(0), kyHi = cst(kh), kxLo = cst(0), kxHi = cst(kw);
      } else {
        std::tie(kyLo, kyHi) = tapRange(y0, kh, dh, h);
        std::tie(kxLo, kxHi) = tapRange(x0, kw, dw, w);
      }
    }
    // Element index of tap (ky, kx) at channel c0.
    auto tapIndex = [&](Value ky, Value kx, Value c0) {
      Value y = add(add(imgRow0, y0), mul(ky, dh));
      Value x = add(x0, mul(kx, dw));
      return add(mul(add(mul(y, w), x), c), c0);
    };
    auto block = [&](Value c0, int64_t width) {
      auto vt = VectorType::get({width}, elem);
      Value oIdx = add(outPix, c0);
      Value acc =
          fillValue
              ? vector::BroadcastOp::create(b, vt, fillValue).getResult()
              : vector::LoadOp::create(b, vt, out1d, ValueRange{oIdx})
                    .getResult();
      if (kyLo) {
        auto fy = scf::ForOp::create(b, kyLo, kyHi, cst(1), ValueRange{acc});
        {
          OpBuilder::InsertionGuard g(b);
          b.setInsertionPointToStart(fy.getBody());
          auto fk = scf::ForOp::create(b, kxLo, kxHi, cst(1),
                                       ValueRange{fy.getRegionIterArgs()[0]});
          {
            OpBuilder::InsertionGuard g2(b);
            b.setInsertionPointToStart(fk.getBody());
            Value idx =
                tapIndex(fy.getInductionVar(), fk.getInductionVar(), c0);
            Value x = vector::LoadOp::create(b, vt, in1d, ValueRange{idx});
            scf::YieldOp::create(
                b, ValueRange{combine(fk.getRegionIterArgs()[0], x)});
          }
          scf::YieldOp::create(b, ValueRange{fk.getResult(0)});
        }
        acc = fy.getResult(0);
      } else {
        Value base = tapIndex(cst(0), cst(0), c0);
        for (int64_t ky = 0; ky < kh; ++ky)
          for (int64_t kx = 0; kx < kw; ++kx) {
            Value idx = add(base, cst((ky * dh * w + kx * dw) * c));
            acc = combine(acc,
                          vector::LoadOp::create(b, vt, in1d, ValueRange{idx}));
          }
      }
      vector::StoreOp::create(b, acc, out1d, ValueRange{oIdx});
    };
    int64_t full = c / lanes * lanes;
    constLoop(b, b.getLoc(), 0, full, lanes,
              [&](Value c0) { block(c0, lanes); });
    // Tail: exact power-of-two pieces, widest first.
    int64_t pos = full;
    for (int64_t width = lanes / 2; width >= 1; width /= 2)
      if (c - pos >= width) {
        block(cst(pos), width);
        pos += width;
      }
  };
  auto pixels = [&](int64_t lo, int64_t hi, bool inside) {
    if (lo >= hi)
      return;
    auto f = scf::ForOp::create(b, cst(lo), cst(hi), cst(1));
    OpBuilder::InsertionGuard g(b);
    b.setInsertionPoint(f.getBody()->getTerminator());
    pixel(f.getInductionVar(), inside);
  };
  auto interiorRow = [&]() {
    pixels(0, oxLo, false);
    pixels(oxLo, oxHi, true);
    pixels(oxHi, ow, false);
  };
  if (oyLo == 0 && oyHi == oh) {
    interiorRow();
  } else {
    Value rowInside = arith::AndIOp::create(
        b,
        arith::CmpIOp::create(b, arith::CmpIPredicate::uge, oy, cst(oyLo)),
        arith::CmpIOp::create(b, arith::CmpIPredicate::ult, oy, cst(oyHi)));
    auto ifOp = scf::IfOp::create(b, rowInside, /*withElseRegion=*/true);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
      interiorRow();
      b.setInsertionPoint(ifOp.elseBlock()->getTerminator());
      pixels(0, ow, false);
    }
  }

  op->erase();
  if (fill)
    fill->erase();
  if (folded)
    pad.erase();
  return success();
}

} // namespace quantmlir
