//===- GemmMatchers.h - Matchers shared by the target GEMM codegens -*- C++ -*-===//
//
// Part of QuantMLIR.
//
// Internal to lib/Conversion: recognition of the (batch) matmuls and 2-D
// NHWC convolutions on memrefs that the x86 (X86Gemm.cpp, X86Conv.cpp) and
// AArch64 (AArch64Gemm.cpp) code generators lower to their micro-kernels.
// What a target can take is a parameter (GemmMatchOptions): x86 takes f32
// bodies, operands narrower than 8 bits, several reduction dimensions, and
// needs every q - zp to fit i16 (its vpmaddwd scheme); AArch64 takes 8-bit
// operands with any i32 zero point (exact modulo 2^32 by compensation).
// Also the constant globals: reading a weight's value and adding the
// packed copies the codegens make of it.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_LIB_CONVERSION_GEMMMATCHERS_H
#define QUANTMLIR_LIB_CONVERSION_GEMMMATCHERS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <optional>
#include <string>

namespace quantmlir {
namespace gemm {

/// An integer operand as used in the body: ext(arg) - zp.
struct IntOperand {
  bool isUnsigned = false;
  int64_t zp = 0;
  unsigned width = 8;
};

/// What a target's kernels accept.
struct GemmMatchOptions {
  bool allowFloat = false;          // f32 x f32 -> f32 (addf / mulf) bodies
  bool allowNarrow = false;         // integer operands of 1 to 8 bits
  bool zpFitsI16 = false;           // every q - zp must fit i16
  bool multipleReductions = false;  // K split into several dimensions
};

/// The GEMM view of a matched op.
struct GemmMatch {
  bool isFloat = false;
  bool batched = false;
  int64_t batch = 1, m = 0, n = 0, k = 0;
  unsigned reductionDims = 1;
  IntOperand a, b;
};

/// Matches `v` = [sub(] ext(arg) [, constant)] with ext to `accTy`.
inline bool matchIntOperand(mlir::Value v, mlir::BlockArgument arg,
                            mlir::Type accTy, IntOperand &x,
                            const GemmMatchOptions &opts) {
  using namespace mlir;
  int64_t zp = 0;
  if (auto sub = v.getDefiningOp<arith::SubIOp>()) {
    APInt c;
    if (!matchPattern(sub.getRhs(), m_ConstantInt(&c)))
      return false;
    zp = c.getSExtValue();
    v = sub.getLhs();
  }
  if (v.getType() != accTy)
    return false;
  Value in;
  if (auto e = v.getDefiningOp<arith::ExtSIOp>()) {
    x.isUnsigned = false;
    in = e.getIn();
  } else if (auto e = v.getDefiningOp<arith::ExtUIOp>()) {
    x.isUnsigned = true;
    in = e.getIn();
  } else {
    return false;
  }
  if (in != arg)
    return false;
  auto intTy = dyn_cast<IntegerType>(arg.getType());
  if (!intTy || intTy.getWidth() > 8 ||
      (!opts.allowNarrow && intTy.getWidth() != 8))
    return false;
  x.width = intTy.getWidth();
  x.zp = zp;
  if (!opts.zpFitsI16)
    return true;
  // Every q - zp must fit i16 (then the i16 products are exact).
  int64_t lo = x.isUnsigned ? 0 : -(int64_t(1) << (x.width - 1));
  int64_t hi = x.isUnsigned ? (int64_t(1) << x.width) - 1
                            : (int64_t(1) << (x.width - 1)) - 1;
  auto fits = [](int64_t v) { return v >= -32768 && v <= 32767; };
  return fits(zp) && fits(lo - zp) && fits(hi - zp);
}

/// Matches the body `out + f(a) * g(b)` (either operand order) with block
/// arguments (a, b, out); `info.isFloat` selects addf / mulf or
/// addi / muli of ext(arg) - zp operands (filled into info.a / info.b).
inline bool matchBody(mlir::linalg::LinalgOp op, GemmMatch &info,
                      const GemmMatchOptions &opts) {
  using namespace mlir;
  Block *body = op.getBlock();
  if (!body || body->getNumArguments() != 3)
    return false;
  auto yield = dyn_cast<linalg::YieldOp>(body->getTerminator());
  if (!yield || yield.getNumOperands() != 1)
    return false;
  BlockArgument a = body->getArgument(0), b = body->getArgument(1),
                out = body->getArgument(2);
  Value result = yield.getOperand(0);
  auto otherThan = [&](Operation *bin, Value v) -> Value {
    if (bin->getOperand(0) == v)
      return bin->getOperand(1);
    if (bin->getOperand(1) == v)
      return bin->getOperand(0);
    return nullptr;
  };
  if (info.isFloat) {
    auto add = result.getDefiningOp<arith::AddFOp>();
    if (!opts.allowFloat || !add)
      return false;
    Value prod = otherThan(add, out);
    auto mul = prod ? prod.getDefiningOp<arith::MulFOp>() : nullptr;
    if (!mul)
      return false;
    return (mul.getLhs() == a && mul.getRhs() == b) ||
           (mul.getLhs() == b && mul.getRhs() == a);
  }
  auto add = result.getDefiningOp<arith::AddIOp>();
  if (!add)
    return false;
  Value prod = otherThan(add, out);
  auto mul = prod ? prod.getDefiningOp<arith::MulIOp>() : nullptr;
  if (!mul)
    return false;
  Type accTy = out.getType();
  return (matchIntOperand(mul.getLhs(), a, accTy, info.a, opts) &&
          matchIntOperand(mul.getRhs(), b, accTy, info.b, opts)) ||
         (matchIntOperand(mul.getLhs(), b, accTy, info.b, opts) &&
          matchIntOperand(mul.getRhs(), a, accTy, info.a, opts));
}

/// The operand types of `op` when every operand is a memref with a static
/// shape and the identity layout.
inline bool
staticIdentityOperandTypes(mlir::linalg::LinalgOp op,
                           llvm::SmallVectorImpl<mlir::MemRefType> &types) {
  using namespace mlir;
  for (OpOperand &operand : op->getOpOperands()) {
    auto t = dyn_cast<MemRefType>(operand.get().getType());
    if (!t || !t.hasStaticShape() || !t.getLayout().isIdentity())
      return false;
    types.push_back(t);
  }
  return true;
}

/// Matches a (batch) matmul on static, identity-layout memrefs:
/// [batch,] m, n parallel, then the reduction dimension(s) (with
/// `opts.multipleReductions`, r >= 1 of them: a reshape folded into the
/// matmul splits K; the caller collapses them again).
inline bool matchMatmul(mlir::linalg::LinalgOp op, GemmMatch &info,
                        const GemmMatchOptions &opts) {
  using namespace mlir;
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1)
    return false;
  unsigned loops = op.getNumLoops();
  SmallVector<utils::IteratorType> iters = op.getIteratorTypesArray();
  unsigned par = 0;
  while (par < loops && iters[par] == utils::IteratorType::parallel)
    ++par;
  for (unsigned i = par; i < loops; ++i)
    if (iters[i] != utils::IteratorType::reduction)
      return false;
  info.reductionDims = loops - par;
  if ((par != 2 && par != 3) || info.reductionDims < 1 ||
      (!opts.multipleReductions && info.reductionDims != 1))
    return false;
  info.batched = par == 3;
  MLIRContext *ctx = op->getContext();
  SmallVector<AffineExpr> bdims;
  if (info.batched)
    bdims.push_back(getAffineDimExpr(0, ctx));
  unsigned o = info.batched ? 1 : 0;
  AffineExpr m = getAffineDimExpr(o, ctx), n = getAffineDimExpr(o + 1, ctx);
  SmallVector<AffineExpr> ks;
  for (unsigned i = par; i < loops; ++i)
    ks.push_back(getAffineDimExpr(i, ctx));
  auto mapOf = [&](ArrayRef<AffineExpr> x, ArrayRef<AffineExpr> y) {
    SmallVector<AffineExpr> e(bdims);
    e.append(x.begin(), x.end());
    e.append(y.begin(), y.end());
    return AffineMap::get(loops, 0, e, ctx);
  };
  SmallVector<AffineMap> expected = {mapOf(m, ks), mapOf(ks, n),
                                     mapOf(m, n)};
  if (op.getIndexingMapsArray() != expected)
    return false;
  SmallVector<MemRefType> types;
  if (!staticIdentityOperandTypes(op, types))
    return false;
  Type cTy = types[2].getElementType();
  if (cTy.isF32()) {
    info.isFloat = true;
    if (!opts.allowFloat || !types[0].getElementType().isF32() ||
        !types[1].getElementType().isF32())
      return false;
  } else if (cTy.isInteger(32)) {
    info.isFloat = false;
  } else {
    return false;
  }
  ArrayRef<int64_t> cShape = types[2].getShape(), aShape = types[0].getShape();
  info.batch = info.batched ? cShape[0] : 1;
  info.m = cShape[o];
  info.n = cShape[o + 1];
  info.k = 1;
  for (unsigned i = 0; i < info.reductionDims; ++i)
    info.k *= aShape[o + 1 + i];
  if (info.m == 0 || info.n == 0 || info.k == 0)
    return false;
  return matchBody(op, info, opts);
}

/// The geometry of a 2-D NHWC convolution (output N x OH x OW x F, input
/// N x IH x IW x C, weights F x KH x KW x C or, `hwcf`, KH x KW x C x F).
struct ConvGeometry {
  int64_t batch = 0, ih = 0, iw = 0, c = 0, kh = 0, kw = 0, f = 0, oh = 0,
          ow = 0, sh = 1, sw = 1, dh = 1, dw = 1;
  bool hwcf = false;
};

/// Whether `e` is d[outDim] * s + d[winDim] * d with s, d >= 1.
inline bool matchWindow(mlir::AffineExpr e, unsigned numDims, unsigned outDim,
                        unsigned winDim, int64_t &s, int64_t &d) {
  using namespace mlir;
  MLIRContext *ctx = e.getContext();
  auto eval = [&](int64_t vo, int64_t vw) -> std::optional<int64_t> {
    SmallVector<AffineExpr> repl;
    for (unsigned i = 0; i < numDims; ++i)
      repl.push_back(getAffineConstantExpr(
          i == outDim ? vo : (i == winDim ? vw : 0), ctx));
    AffineExpr r = simplifyAffineExpr(e.replaceDims(repl), 0, 0);
    if (auto c = dyn_cast<AffineConstantExpr>(r))
      return c.getValue();
    return std::nullopt;
  };
  std::optional<int64_t> z = eval(0, 0), a = eval(1, 0), w = eval(0, 1);
  if (!z || !a || !w || *z != 0 || *a < 1 || *w < 1)
    return false;
  s = *a;
  d = *w;
  AffineExpr expected = getAffineDimExpr(outDim, ctx) * s +
                        getAffineDimExpr(winDim, ctx) * d;
  return simplifyAffineExpr(e, numDims, 0) ==
         simplifyAffineExpr(expected, numDims, 0);
}

/// Matches the loops, indexing maps and static rank-4 memref shapes of a 2-D
/// NHWC convolution whose window stays inside its (already padded) input;
/// the element types and the body are the caller's. The memrefs have
/// identity layouts, except the input where `inputLayout` accepts it.
inline bool matchConvGeometry(
    mlir::linalg::LinalgOp op, ConvGeometry &ci,
    llvm::function_ref<bool(mlir::MemRefType)> inputLayout = nullptr) {
  using namespace mlir;
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1 || op.getNumLoops() != 7)
    return false;
  SmallVector<utils::IteratorType> iters = op.getIteratorTypesArray();
  for (unsigned i = 0; i < 7; ++i)
    if ((iters[i] == utils::IteratorType::parallel) != (i < 4))
      return false;
  MLIRContext *ctx = op->getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  if (maps[2] != AffineMap::get(7, 0, {d(0), d(1), d(2), d(3)}, ctx))
    return false;
  if (maps[1] == AffineMap::get(7, 0, {d(3), d(4), d(5), d(6)}, ctx))
    ci.hwcf = false;
  else if (maps[1] == AffineMap::get(7, 0, {d(4), d(5), d(6), d(3)}, ctx))
    ci.hwcf = true;
  else
    return false;
  AffineMap in = maps[0];
  if (in.getNumResults() != 4 || in.getResult(0) != d(0) ||
      in.getResult(3) != d(6) ||
      !matchWindow(in.getResult(1), 7, 1, 4, ci.sh, ci.dh) ||
      !matchWindow(in.getResult(2), 7, 2, 5, ci.sw, ci.dw))
    return false;
  SmallVector<MemRefType> types;
  for (OpOperand &operand : op->getOpOperands()) {
    auto t = dyn_cast<MemRefType>(operand.get().getType());
    if (!t || !t.hasStaticShape() || t.getRank() != 4)
      return false;
    bool viewOk = operand.getOperandNumber() == 0 && inputLayout &&
                  inputLayout(t);
    if (!viewOk && !t.getLayout().isIdentity())
      return false;
    types.push_back(t);
  }
  ArrayRef<int64_t> is = types[0].getShape(), fs = types[1].getShape(),
                    os = types[2].getShape();
  ci.batch = os[0];
  ci.oh = os[1];
  ci.ow = os[2];
  ci.f = os[3];
  ci.ih = is[1];
  ci.iw = is[2];
  ci.c = is[3];
  if (ci.hwcf) {
    ci.kh = fs[0];
    ci.kw = fs[1];
    if (fs[2] != ci.c || fs[3] != ci.f)
      return false;
  } else {
    ci.kh = fs[1];
    ci.kw = fs[2];
    if (fs[0] != ci.f || fs[3] != ci.c)
      return false;
  }
  if (is[0] != ci.batch)
    return false;
  for (int64_t v : {ci.batch, ci.oh, ci.ow, ci.f, ci.c, ci.kh, ci.kw})
    if (v <= 0)
      return false;
  return (ci.oh - 1) * ci.sh + (ci.kh - 1) * ci.dh < ci.ih &&
         (ci.ow - 1) * ci.sw + (ci.kw - 1) * ci.dw < ci.iw;
}

/// Returns the dense initial value of the constant global read by `v`.
inline mlir::DenseElementsAttr
constantGlobalValue(mlir::Value v, mlir::memref::GlobalOp *globalOut) {
  using namespace mlir;
  auto get = v.getDefiningOp<memref::GetGlobalOp>();
  if (!get)
    return nullptr;
  auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
      get, get.getNameAttr());
  if (!global || !global.getConstant() || !global.getInitialValue())
    return nullptr;
  auto dense = dyn_cast<DenseElementsAttr>(*global.getInitialValue());
  if (dense && globalOut)
    *globalOut = global;
  return dense;
}

/// Adds at `mb` a private constant global holding `value` (aligned to
/// `alignment` bytes), named after `global` plus `suffix` (then _1, _2, ...
/// while taken: the name is looked up before the global exists, as a
/// SymbolTable over a module holding two globals of one name renames
/// neither), and returns its memref.get_global at `b`.
inline mlir::Value addConstantGlobal(mlir::OpBuilder &mb,
                                     mlir::ImplicitLocOpBuilder &b,
                                     mlir::memref::GlobalOp global,
                                     llvm::StringRef suffix,
                                     mlir::DenseElementsAttr value,
                                     int64_t alignment) {
  using namespace mlir;
  auto module = global->getParentOfType<ModuleOp>();
  std::string base = (global.getSymName() + suffix).str(), name = base;
  for (unsigned i = 1; SymbolTable::lookupSymbolIn(module, name); ++i)
    name = base + "_" + std::to_string(i);
  auto t = cast<ShapedType>(value.getType());
  auto memTy = MemRefType::get(t.getShape(), t.getElementType());
  auto g = memref::GlobalOp::create(
      mb, global.getLoc(), mb.getStringAttr(name), mb.getStringAttr("private"),
      TypeAttr::get(memTy), value, mb.getUnitAttr(),
      mb.getI64IntegerAttr(alignment));
  return memref::GetGlobalOp::create(b, memTy, g.getSymName()).getResult();
}

} // namespace gemm
} // namespace quantmlir

#endif // QUANTMLIR_LIB_CONVERSION_GEMMMATCHERS_H
