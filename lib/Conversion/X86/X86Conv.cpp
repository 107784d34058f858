//===- X86Conv.cpp - x86 convolution code generation ----------------------===//
//
// Part of QuantMLIR.
//
// 2-D NHWC convolutions on memrefs (the linalg.generic that
// convert-qnn-to-linalg emits for qnn.conv2d, zero points in the body, and
// linalg.conv_2d_nhwc_fhwc / _hwcf from tosa.conv2d) through the GEMM
// micro-kernels of X86Gemm.cpp, run by qnn-x86-avx2-matmul:
//
//   GEMM view: M = N * OH * OW rows, K = KH * KW * C, N = F columns,
//   A[m][(ky * KW + kx) * C + c] =
//       in[n][oy * sh + ky * dh][ox * sw + kx * dw][c]
//   B[k][f] = W[f][ky][kx][c]   (constant weights, packed at compile time)
//
//   scf.parallel mb in M step 96 (, g)        (block of output pixels; panel
//                                             group g when M is small)
//     im2col of rows [mb, mb + 96) into a row-major block
//       (avx2: i16 minus the zero point; vnni: u8 bits + row sums; f32)
//     for p in F / 16 (of group g)            (16-column panel of packed B)
//       for r in block step MR                (MR x 16 register tile)
//         acc = C init                        (bias, or the i32 buffer)
//         for k in K / group: acc += A * Bp   (vpmaddwd / vpdpbusd / FMA)
//         store acc, or the fused epilogue
//
// Direct A: a stride-1 1 x 1 conv with vpdpbusd and C % 4 == 0 has no
// im2col; its A is the input ([pixels, C] row-major), each row's 4 bytes
// broadcast straight from it (sign bits flipped on the broadcast where A is
// signed; row sums, when the weight zero point needs them, read in place).
//
// Padding is already materialized by the producer of the input (a buffer
// filled with the input zero point), so the window never leaves the input.
//
// Fused epilogue: when the accumulator buffer is a temporary written by a
// bias broadcast (or a fill), read by the conv and then only by an
// elementwise linalg.generic (what qnn.requantize, bias, clamp / ReLU and a
// following dequantize lower to), the generic's scalar body is cloned on
// 8-lane vectors and applied to the accumulators in registers; the result
// (i8, f32, ...) is stored directly and the accumulator buffer disappears.
// The same ops on the same values: bit-exact with the unfused path.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Conversion/X86Gemm.h"
#include "X86Common.h"
#include "../EpilogueFusion.h"
#include "../GemmMatchers.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

using namespace mlir;
using namespace quantmlir::x86;
using quantmlir::fusion::Fusion;
using quantmlir::fusion::matchFusion;

namespace quantmlir {
namespace {

/// The geometry (gemm::ConvGeometry: hwcf = weights KH x KW x C x F, else
/// F x KH x KW x C) and the GEMM view.
struct ConvInfo : gemm::ConvGeometry {
  MatmulInfo mm; // the GEMM view: m = N * OH * OW, n = F, k = KH * KW * C
  // The input may be a static strided view (a slice, e.g. the 55 x 55 top
  // left of a 56 x 56 map before a stride-2 1 x 1 conv) of a row-major
  // buffer of ihP x iwP pixels per image, starting `inOff` elements in.
  int64_t ihP = 0, iwP = 0, inOff = 0;
};

/// Whether `t` (rank 4, static) is a view of a row-major N x H' x W' x C
/// buffer: unit channel stride, pixel stride C, row stride W' * C, image
/// stride H' * W' * C, a static offset; sets H', W' and the offset.
bool matchInputLayout(MemRefType t, ConvInfo &ci) {
  ArrayRef<int64_t> shape = t.getShape();
  if (t.getLayout().isIdentity()) {
    ci.ihP = shape[1];
    ci.iwP = shape[2];
    ci.inOff = 0;
    return true;
  }
  SmallVector<int64_t> strides;
  int64_t offset;
  if (failed(t.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset) ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return false;
  int64_t c = shape[3];
  if (strides[3] != 1 || strides[2] != c || strides[1] % c != 0 ||
      strides[1] / c < shape[2] || offset < 0)
    return false;
  ci.iwP = strides[1] / c;
  if (shape[0] > 1) {
    if (strides[0] % strides[1] != 0 || strides[0] / strides[1] < shape[1])
      return false;
    ci.ihP = strides[0] / strides[1];
  } else {
    ci.ihP = shape[1];
  }
  ci.inOff = offset;
  return true;
}

using gemm::matchWindow;

/// Matches a 2-D NHWC convolution with static shapes on identity-layout
/// memrefs and a multiply-accumulate body.
bool matchConv(linalg::LinalgOp op, ConvInfo &ci) {
  // The input may be a strided view (matchInputLayout), the others not.
  if (!gemm::matchConvGeometry(
          op, ci, [&](MemRefType t) { return matchInputLayout(t, ci); }))
    return false;
  auto elem = [&](unsigned i) {
    return cast<MemRefType>(op->getOperand(i).getType()).getElementType();
  };
  if (elem(2).isF32()) {
    ci.mm.isFloat = true;
    if (!elem(0).isF32() || !elem(1).isF32())
      return false;
  } else if (!elem(2).isInteger(32)) {
    return false;
  }
  ci.mm.m = ci.batch * ci.oh * ci.ow;
  ci.mm.n = ci.f;
  ci.mm.k = ci.kh * ci.kw * ci.c;
  return matchBody(op, ci.mm);
}

//===----------------------------------------------------------------------===//
// Code generation
//===----------------------------------------------------------------------===//

struct ConvGen {
  ImplicitLocOpBuilder &b;
  const ConvInfo &ci;
  const MatmulInfo &info;
  const Fusion *fu = nullptr;
  Value in1d;  // the input, flattened
  Value acc2d; // unfused: the accumulator as [M, F]
  Value out2d; // fused: the consumer's output as [M, F]
  Value bPacked, corrCol;
  int64_t mr = kMR, kb = 0, group = 1, np = 0, kRow = 0;
  // Panel width and vector lanes: 16 columns as two ymm of 8 lanes. (A zmm
  // tile, 32 columns of 16 lanes, measured no faster on Zen 4 for convs:
  // 0.56 vs 0.56 ms on ResNet-50 res2 3x3, 0.37 vs 0.35 ms on its 1x1.)
  int64_t nr = kNR, vl = 8;
  // Direct A (vnni stride-1 1 x 1 convs with C % 4 == 0): the tile
  // broadcasts the 4 bytes of each row straight from the input instead of
  // an im2col block. contiguousA: output row m reads input pixel m; else
  // (a strided view) offTable holds the block's row offsets in in1d.
  bool directA = false, contiguousA = false;
  Value offTable;
  bool aFlip = false, bFlip = false;
  int64_t zaP = 0, zbP = 0;
  Type aElem;

  Value cst(int64_t v) { return arith::ConstantIndexOp::create(b, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, x, y); }
  Value add(Value x, int64_t y) { return y ? add(x, cst(y)) : x; }
  Value mul(Value x, int64_t y) {
    return y == 1 ? x : arith::MulIOp::create(b, x, cst(y)).getResult();
  }

  void loop(Value lb, Value ub, int64_t step, function_ref<void(Value)> body) {
    auto f = scf::ForOp::create(b, lb, ub, cst(step));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(f.getBody()->getTerminator());
    body(f.getInductionVar());
  }
  void loop(int64_t lb, int64_t ub, int64_t step,
            function_ref<void(Value)> body) {
    constLoop(b, b.getLoc(), lb, ub, step, body);
  }

  Value splat(Type elem, Attribute value, int64_t lanes) {
    auto t = VectorType::get({lanes}, elem);
    return arith::ConstantOp::create(
        b, DenseElementsAttr::get(t, ArrayRef<Attribute>(value)));
  }

  /// What one input element becomes in the A block: ext(q) - zp as i16
  /// (avx2), q with the sign bit flipped where A is signed (vnni), q (f32).
  Value transformA(Value q) {
    if (info.isFloat)
      return q;
    auto vt = dyn_cast<VectorType>(q.getType());
    int64_t lanes = vt ? vt.getNumElements() : 0;
    if (info.vnni) {
      if (!aFlip)
        return q;
      Value m = lanes ? splat(b.getI8Type(), b.getI8IntegerAttr(-128), lanes)
                      : arith::ConstantOp::create(b, b.getI8IntegerAttr(-128))
                            .getResult();
      return arith::XOrIOp::create(b, q, m);
    }
    Type t = lanes ? Type(VectorType::get({lanes}, b.getI16Type()))
                   : Type(b.getI16Type());
    Value w = info.a.isUnsigned ? arith::ExtUIOp::create(b, t, q).getResult()
                                : arith::ExtSIOp::create(b, t, q).getResult();
    if (info.a.zp == 0)
      return w;
    Value zp = lanes ? splat(b.getI16Type(), b.getI16IntegerAttr(info.a.zp),
                             lanes)
                     : arith::ConstantOp::create(
                           b, b.getI16IntegerAttr(info.a.zp))
                           .getResult();
    return arith::SubIOp::create(b, w, zp);
  }

  /// `global`'s name + suffix, made unique in the module (several convs
  /// may read one weight global).
  static std::string uniqueName(memref::GlobalOp global, StringRef suffix) {
    auto module = global->getParentOfType<ModuleOp>();
    std::string base = (global.getSymName() + suffix).str(), name = base;
    for (unsigned i = 1; SymbolTable::lookupSymbolIn(module, name); ++i)
      name = base + "_" + std::to_string(i);
    return name;
  }

  /// Packs the constant weights at compile time into a new global
  /// [panel][k / group][group * 16] (and the vnni column corrections).
  void packB(DenseElementsAttr dense, memref::GlobalOp global) {
    int64_t kk = info.k, nn = info.n;
    int64_t lanes = group * nr;
    auto at = [&](int64_t k, int64_t n) {
      return ci.hwcf ? k * nn + n : n * kk + k;
    };
    auto pos = [&](int64_t k, int64_t n) {
      return (n / nr) * kb * lanes + (k / group) * lanes +
             group * (n % nr) + k % group;
    };
    int64_t total = np * kb * lanes;
    Type elem = info.isFloat ? Type(b.getF32Type())
                : info.vnni  ? Type(b.getI8Type())
                             : Type(b.getI16Type());
    auto packedTy = MemRefType::get({np, kb, lanes}, elem);
    auto tensorTy = RankedTensorType::get(packedTy.getShape(), elem);
    DenseElementsAttr packed;
    if (info.isFloat) {
      std::vector<float> out(total, 0.0f);
      auto vals = llvm::to_vector(dense.getValues<float>());
      for (int64_t k = 0; k < kk; ++k)
        for (int64_t n = 0; n < nn; ++n)
          out[pos(k, n)] = vals[at(k, n)];
      packed = DenseElementsAttr::get(tensorTy, ArrayRef<float>(out));
    } else {
      auto vals = llvm::to_vector(dense.getValues<APInt>());
      auto value = [&](int64_t k, int64_t n) {
        const APInt &q = vals[at(k, n)];
        return info.b.isUnsigned ? int64_t(q.getZExtValue())
                                 : q.getSExtValue();
      };
      if (info.vnni) {
        std::vector<int8_t> out(total, 0);
        std::vector<int32_t> corr(np * nr, 0);
        std::vector<int64_t> colSum(nn, 0);
        for (int64_t k = 0; k < kk; ++k)
          for (int64_t n = 0; n < nn; ++n) {
            int64_t v = value(k, n) - (info.b.isUnsigned ? 128 : 0);
            out[pos(k, n)] = int8_t(v);
            colSum[n] += v;
          }
        packed = DenseElementsAttr::get(tensorTy, ArrayRef<int8_t>(out));
        if (zaP != 0) {
          for (int64_t n = 0; n < nn; ++n)
            corr[n] = int32_t(
                uint32_t(uint64_t(kk) * uint64_t(zaP) * uint64_t(zbP) -
                         uint64_t(zaP) * uint64_t(colSum[n])));
          auto corrTy = MemRefType::get({np * nr}, b.getI32Type());
          OpBuilder cb(global);
          cb.setInsertionPointAfter(global);
          auto corrGlobal = memref::GlobalOp::create(
              cb, global.getLoc(),
              cb.getStringAttr(uniqueName(global, "_x86_conv_colcorr")),
              cb.getStringAttr("private"), TypeAttr::get(corrTy),
              DenseElementsAttr::get(
                  RankedTensorType::get({np * nr}, b.getI32Type()),
                  ArrayRef<int32_t>(corr)),
              cb.getUnitAttr(), cb.getI64IntegerAttr(64));
          corrCol =
              memref::GetGlobalOp::create(b, corrTy, corrGlobal.getSymName());
        }
      } else {
        std::vector<int16_t> out(total, 0);
        for (int64_t k = 0; k < kk; ++k)
          for (int64_t n = 0; n < nn; ++n)
            out[pos(k, n)] = int16_t(value(k, n) - info.b.zp);
        packed = DenseElementsAttr::get(tensorTy, ArrayRef<int16_t>(out));
      }
    }
    OpBuilder mb(global);
    mb.setInsertionPointAfter(global);
    auto newGlobal = memref::GlobalOp::create(
        mb, global.getLoc(),
        mb.getStringAttr(uniqueName(global, "_x86_conv_packed")),
        mb.getStringAttr("private"), TypeAttr::get(packedTy), packed,
        mb.getUnitAttr(), mb.getI64IntegerAttr(64));
    bPacked = memref::GetGlobalOp::create(b, packedTy, newGlobal.getSymName());
  }

  /// im2col of output rows [mb, mb + rows) into aBlock[rows][kRow] (zero
  /// beyond K), and the row sums of the u8 values (vnni, zbP != 0).
  void packRows(Value mb, int64_t rows, Value aBlock, Value rowSum) {
    Type inElem = cast<MemRefType>(in1d.getType()).getElementType();
    // With unit dilation along W, the KW * C values of one window row are
    // contiguous in the input.
    int64_t run = ci.dw == 1 ? ci.kw * ci.c : ci.c;
    int64_t runsPerRow = ci.dw == 1 ? 1 : ci.kw;
    int64_t v16 = run / 16 * 16;
    auto v16In = VectorType::get({16}, inElem);
    loop(0, rows, 1, [&](Value r) {
      Value m = add(mb, r);
      Value img = arith::DivUIOp::create(b, m, cst(ci.oh * ci.ow));
      Value pix = arith::RemUIOp::create(b, m, cst(ci.oh * ci.ow));
      Value oy = arith::DivUIOp::create(b, pix, cst(ci.ow));
      Value ox = arith::RemUIOp::create(b, pix, cst(ci.ow));
      Value iy0 = add(mul(img, ci.ihP), mul(oy, ci.sh));
      Value ix0 = mul(ox, ci.sw);
      loop(0, ci.kh, 1, [&](Value ky) {
        Value iy = add(iy0, mul(ky, ci.dh));
        loop(0, runsPerRow, 1, [&](Value kx) {
          Value ix = add(ix0, mul(kx, ci.dw));
          Value base = add(mul(add(mul(iy, ci.iwP), ix), ci.c), ci.inOff);
          Value kBase =
              mul(add(mul(ky, ci.kw), kx), ci.c); // (ky * KW + kx) * C
          loop(0, v16, 16, [&](Value j) {
            Value q = vector::LoadOp::create(b, v16In, in1d,
                                             ValueRange{add(base, j)});
            vector::StoreOp::create(b, transformA(q), aBlock,
                                    ValueRange{r, add(kBase, j)});
          });
          loop(v16, run, 1, [&](Value j) {
            Value q = memref::LoadOp::create(b, in1d, ValueRange{add(base, j)});
            memref::StoreOp::create(b, transformA(q), aBlock,
                                    ValueRange{r, add(kBase, j)});
          });
        });
      });
      Value zero = arith::ConstantOp::create(b, b.getZeroAttr(aElem));
      loop(info.k, kRow, 1, [&](Value k) {
        memref::StoreOp::create(b, zero, aBlock, ValueRange{r, k});
      });
      if (rowSum) {
        auto v16i8 = VectorType::get({16}, b.getI8Type());
        auto v16i32 = VectorType::get({16}, b.getI32Type());
        Value init = arith::ConstantOp::create(b, b.getZeroAttr(v16i32));
        auto sum = scf::ForOp::create(
            b, cst(0), cst(kRow), cst(16), ValueRange{init},
            [&](OpBuilder &nb, Location loc, Value k, ValueRange iter) {
              ImplicitLocOpBuilder ib(loc, nb);
              Value q = vector::LoadOp::create(ib, v16i8, aBlock,
                                               ValueRange{r, k});
              Value s = arith::AddIOp::create(
                  ib, iter[0], arith::ExtUIOp::create(ib, v16i32, q));
              scf::YieldOp::create(ib, ValueRange{s});
            });
        Value s = vector::ReductionOp::create(b, vector::CombiningKind::ADD,
                                              sum.getResult(0));
        memref::StoreOp::create(b, s, rowSum, ValueRange{r});
      }
    });
  }

  /// Direct A (1 x 1 conv): the offset in in1d of the input pixel of
  /// output row m, whose C channels are row m of A.
  Value rowOffset(Value m) {
    if (contiguousA) // row m of A is pixel m of the input
      return add(mul(m, ci.c), ci.inOff);
    Value img = arith::DivUIOp::create(b, m, cst(ci.oh * ci.ow));
    Value pix = arith::RemUIOp::create(b, m, cst(ci.oh * ci.ow));
    Value oy = arith::DivUIOp::create(b, pix, cst(ci.ow));
    Value ox = arith::RemUIOp::create(b, pix, cst(ci.ow));
    Value iy = add(mul(img, ci.ihP), mul(oy, ci.sh));
    return add(mul(add(mul(iy, ci.iwP), mul(ox, ci.sw)), ci.c), ci.inOff);
  }

  /// Direct A: the row sums of the u8 values (q, sign bit flipped where A
  /// is signed) of output rows [mb, mb + rows), read in place.
  void directRowSums(Value mb, int64_t rows, Value rowSum) {
    int64_t step = ci.c % 16 == 0 ? 16 : 4;
    auto vi8 = VectorType::get({step}, b.getI8Type());
    auto vi32 = VectorType::get({step}, b.getI32Type());
    Value flip =
        aFlip ? splat(b.getI8Type(), b.getI8IntegerAttr(-128), step) : Value();
    loop(0, rows, 1, [&](Value r) {
      Value base = rowOffset(add(mb, r));
      Value init = arith::ConstantOp::create(b, b.getZeroAttr(vi32));
      auto sum = scf::ForOp::create(
          b, cst(0), cst(ci.c), cst(step), ValueRange{init},
          [&](OpBuilder &nb, Location loc, Value k, ValueRange iter) {
            ImplicitLocOpBuilder ib(loc, nb);
            Value q = vector::LoadOp::create(
                ib, vi8, in1d,
                ValueRange{arith::AddIOp::create(ib, base, k).getResult()});
            if (flip)
              q = arith::XOrIOp::create(ib, q, flip);
            Value s = arith::AddIOp::create(
                ib, iter[0], arith::ExtUIOp::create(ib, vi32, q));
            scf::YieldOp::create(ib, ValueRange{s});
          });
      Value s = vector::ReductionOp::create(b, vector::CombiningKind::ADD,
                                            sum.getResult(0));
      memref::StoreOp::create(b, s, rowSum, ValueRange{r});
    });
  }

  /// The consumer's body on vl accumulator lanes (columns col ..).
  Value epilogue(Value acc, Value row, Value col, int64_t valid) {
    return fusion::applyEpilogue(b, b.getLoc(), *fu, acc, col, valid, row);
  }

  /// One register tile: `rows` rows from block row r0 (output row mb + r0),
  /// panel p, `cols` valid columns.
  void micro(Value aBlock, Value rowSum, Value mb, Value r0, int64_t rows,
             Value p, int64_t cols) {
    Type accElem = info.isFloat ? Type(b.getF32Type()) : Type(b.getI32Type());
    auto accTy = VectorType::get({vl}, accElem);
    auto maskTy = VectorType::get({vl}, b.getI1Type());
    int64_t halves = cols > vl ? 2 : 1;
    auto valid = [&](int64_t h) { return std::min<int64_t>(vl, cols - vl * h); };
    auto maskOf = [&](int64_t h) {
      return vector::ConstantMaskOp::create(b, maskTy,
                                            ArrayRef<int64_t>{valid(h)});
    };
    Value col0 = mul(p, nr);
    Value zeroAcc = arith::ConstantOp::create(b, b.getZeroAttr(accTy));
    SmallVector<Value> colIdx, rowA, rowC;
    for (int64_t h = 0; h < halves; ++h)
      colIdx.push_back(add(col0, vl * h));
    for (int64_t i = 0; i < rows; ++i) {
      rowA.push_back(add(r0, i));
      rowC.push_back(add(mb, rowA.back()));
    }
    // Direct A: the input offset of each row (row i of the tile at
    // aOff[i] + k; consecutive pixels for contiguousA).
    SmallVector<Value> aOff;
    if (directA) {
      Value off0 = contiguousA ? rowOffset(rowC[0]) : Value();
      for (int64_t i = 0; i < rows; ++i)
        aOff.push_back(contiguousA ? add(off0, i * ci.c)
                                   : memref::LoadOp::create(b, offTable,
                                                            ValueRange{rowA[i]})
                                         .getResult());
    }
    // Initial accumulators.
    SmallVector<Value> base(halves);
    for (int64_t h = 0; h < halves; ++h) {
      Value v = zeroAcc;
      if (fu && fu->initBias) {
        v = valid(h) == vl
                ? vector::LoadOp::create(b, accTy, fu->initBias,
                                         ValueRange{colIdx[h]})
                      .getResult()
                : vector::MaskedLoadOp::create(b, accTy, fu->initBias,
                                               ValueRange{colIdx[h]},
                                               maskOf(h), zeroAcc)
                      .getResult();
      } else if (fu && fu->initScalar) {
        v = vector::BroadcastOp::create(b, accTy, fu->initScalar);
      }
      if (corrCol) {
        Value cc = vector::LoadOp::create(b, accTy, corrCol,
                                          ValueRange{colIdx[h]});
        v = fu ? arith::AddIOp::create(b, v, cc).getResult() : cc;
      }
      base[h] = v;
    }
    SmallVector<Value> accs;
    for (int64_t i = 0; i < rows; ++i) {
      Value rs;
      if (rowSum) {
        Value s = memref::LoadOp::create(b, rowSum, ValueRange{rowA[i]});
        s = arith::MulIOp::create(
            b, s, arith::ConstantOp::create(b, b.getI32IntegerAttr(-zbP)));
        rs = vector::BroadcastOp::create(b, accTy, s);
      }
      for (int64_t h = 0; h < halves; ++h) {
        Value v = base[h];
        if (!fu) {
          SmallVector<Value, 2> at{rowC[i], colIdx[h]};
          Value c = valid(h) == vl
                        ? vector::LoadOp::create(b, accTy, acc2d, at)
                              .getResult()
                        : vector::MaskedLoadOp::create(b, accTy, acc2d, at,
                                                       maskOf(h), zeroAcc)
                              .getResult();
          v = corrCol ? arith::AddIOp::create(b, c, v).getResult() : c;
        }
        if (rs)
          v = arith::AddIOp::create(b, v, rs);
        accs.push_back(v);
      }
    }

    auto bVecTy = info.isFloat ? VectorType::get({vl}, b.getF32Type())
                  : info.vnni  ? VectorType::get({4 * vl}, b.getI8Type())
                               : VectorType::get({2 * vl}, b.getI16Type());
    // Signed A read in place: the sign bits flipped on the broadcast quads
    // (u8 = q + 128, as the im2col stores them).
    Value flip;
    if (directA && aFlip)
      flip =
          splat(b.getI32Type(), b.getI32IntegerAttr(int32_t(0x80808080u)), vl);
    auto kLoop = scf::ForOp::create(
        b, cst(0), cst(kb), cst(1), accs,
        [&](OpBuilder &nb, Location loc, Value k, ValueRange iter) {
          ImplicitLocOpBuilder ib(loc, nb);
          SmallVector<Value> acc(iter.begin(), iter.end());
          SmallVector<Value> bv;
          for (int64_t h = 0; h < halves; ++h)
            bv.push_back(vector::LoadOp::create(
                ib, bVecTy, bPacked,
                ValueRange{p, k,
                           arith::ConstantIndexOp::create(ib, vl * h * group)}));
          Value kA = info.isFloat
                         ? k
                         : arith::MulIOp::create(
                               ib, k, arith::ConstantIndexOp::create(ib, group))
                               .getResult();
          for (int64_t i = 0; i < rows; ++i) {
            Value av;
            if (info.isFloat) {
              Value s =
                  memref::LoadOp::create(ib, aBlock, ValueRange{rowA[i], kA});
              av = vector::BroadcastOp::create(ib, accTy, s);
            } else {
              Value grp =
                  directA
                      ? vector::LoadOp::create(
                            ib, VectorType::get({group}, aElem), in1d,
                            ValueRange{arith::AddIOp::create(ib, aOff[i], kA)
                                           .getResult()})
                      : vector::LoadOp::create(ib,
                                               VectorType::get({group}, aElem),
                                               aBlock, ValueRange{rowA[i], kA});
              Value w = vector::BitCastOp::create(
                  ib, VectorType::get({1}, ib.getI32Type()), grp);
              Value bc = vector::BroadcastOp::create(ib, accTy, w);
              if (flip)
                bc = arith::XOrIOp::create(ib, bc, flip);
              av = vector::BitCastOp::create(ib, bVecTy, bc);
            }
            for (int64_t h = 0; h < halves; ++h) {
              Value &x = acc[i * halves + h];
              x = macStep(ib, loc, info.isFloat, info.vnni, accTy, x, av,
                          bv[h]);
            }
          }
          scf::YieldOp::create(ib, acc);
        });

    for (int64_t i = 0; i < rows; ++i)
      for (int64_t h = 0; h < halves; ++h) {
        Value v = kLoop.getResult(i * halves + h);
        Value dst = acc2d;
        if (fu) {
          v = epilogue(v, rowC[i], colIdx[h], valid(h));
          dst = out2d;
        }
        SmallVector<Value, 2> at{rowC[i], colIdx[h]};
        if (valid(h) == vl)
          vector::StoreOp::create(b, v, dst, at);
        else // one lane: a scalar store (LLVM 22 bug, see storeTail)
          storeTail(b, b.getLoc(), v, dst, at, valid(h));
      }
  }

  /// Rows [mb, mb + rows) of the output: im2col, then the panels of group
  /// `g` (panels [g * perGroup, (g + 1) * perGroup), all when groups == 1).
  void block(Value mb, int64_t rows, Value g, int64_t perGroup,
             int64_t groups) {
    int64_t alloc = (rows + mr - 1) / mr * mr;
    auto align = b.getI64IntegerAttr(64);
    Value aBlock;
    if (!directA)
      aBlock = memref::AllocOp::create(b, MemRefType::get({alloc, kRow}, aElem),
                                       align);
    Value rowSum;
    if (info.vnni && zbP != 0)
      rowSum = memref::AllocOp::create(
          b, MemRefType::get({alloc}, b.getI32Type()), align);
    if (directA && !contiguousA) {
      offTable = memref::AllocOp::create(
          b, MemRefType::get({alloc}, b.getIndexType()), align);
      loop(0, rows, 1, [&](Value r) {
        memref::StoreOp::create(b, rowOffset(add(mb, r)), offTable,
                                ValueRange{r});
      });
    }
    if (!directA)
      packRows(mb, rows, aBlock, rowSum);
    else if (rowSum)
      directRowSums(mb, rows, rowSum);
    int64_t rFull = rows / mr * mr, rTail = rows % mr;
    int64_t npFull = info.n / nr, nTail = info.n % nr;
    auto panel = [&](Value p, int64_t cols) {
      loop(0, rFull, mr, [&](Value r0) {
        micro(aBlock, rowSum, mb, r0, mr, p, cols);
      });
      if (rTail)
        micro(aBlock, rowSum, mb, cst(rFull), rTail, p, cols);
    };
    if (groups == 1) {
      loop(0, npFull, 1, [&](Value p) { panel(p, nr); });
      if (nTail)
        panel(cst(npFull), nTail);
    } else {
      // The full panels of the group, then the tail panel in the last one.
      Value p0 = mul(g, perGroup);
      Value p1 = arith::MinSIOp::create(b, add(p0, perGroup), cst(npFull));
      loop(p0, p1, 1, [&](Value p) { panel(p, nr); });
      if (nTail) {
        Value last = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, g,
                                           cst(groups - 1));
        auto ifOp = scf::IfOp::create(b, last, /*withElseRegion=*/false);
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
        panel(cst(npFull), nTail);
      }
    }
    if (aBlock)
      memref::DeallocOp::create(b, aBlock);
    if (offTable)
      memref::DeallocOp::create(b, offTable);
    offTable = Value();
    if (rowSum)
      memref::DeallocOp::create(b, rowSum);
  }

  /// The whole conv: one scf.parallel over the blocks of kMC rows (the
  /// last one possibly shorter, an scf.if picks its code) and, where there
  /// are several, groups of panels. Panels are split into groups only when
  /// there are few row blocks (small late layers), so that threads still
  /// have tasks to share; each group repeats the block's im2col.
  void run() {
    int64_t full = info.m / kMC, tail = info.m % kMC;
    int64_t blocks = full + (tail ? 1 : 0);
    int64_t panels = llvm::divideCeil(info.n, nr);
    int64_t groups = std::min<int64_t>(
        panels, std::max<int64_t>(
                    1, llvm::divideCeil(kMinTasks, std::max<int64_t>(
                                                       blocks, 1))));
    // Groups of at least kMinGroupPanels panels amortize the im2col.
    groups = std::max<int64_t>(
        1, std::min(groups, panels / std::min(panels, kMinGroupPanels)));
    int64_t perGroup = llvm::divideCeil(panels, groups);
    groups = llvm::divideCeil(panels, perGroup);
    auto body = [&](Value bi, Value g) {
      if (!tail) {
        block(mul(bi, kMC), kMC, g, perGroup, groups);
        return;
      }
      if (full == 0) {
        block(cst(0), tail, g, perGroup, groups);
        return;
      }
      Value isTail = arith::CmpIOp::create(b, arith::CmpIPredicate::eq, bi,
                                           cst(full));
      auto ifOp = scf::IfOp::create(b, isTail, /*withElseRegion=*/true);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
      block(cst(full * kMC), tail, g, perGroup, groups);
      b.setInsertionPoint(ifOp.elseBlock()->getTerminator());
      block(mul(bi, kMC), kMC, g, perGroup, groups);
    };
    if (blocks * groups == 1) {
      body(cst(0), cst(0));
      return;
    }
    SmallVector<Value, 2> lbs{cst(0)}, ubs{cst(blocks)}, steps{cst(1)};
    if (groups > 1) {
      lbs.push_back(cst(0));
      ubs.push_back(cst(groups));
      steps.push_back(cst(1));
    }
    auto par = scf::ParallelOp::create(b, lbs, ubs, steps);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(par.getBody()->getTerminator());
    ValueRange ivs = par.getInductionVars();
    body(ivs[0], groups > 1 ? ivs[1] : cst(0));
  }

  /// Tasks (row blocks x panel groups) that a conv should offer to share
  /// between threads, and the fewest panels in a group.
  static constexpr int64_t kMinTasks = 8;
  static constexpr int64_t kMinGroupPanels = 2;
};

Value collapseTo2d(ImplicitLocOpBuilder &b, Value v) {
  auto t = cast<MemRefType>(v.getType());
  SmallVector<ReassociationIndices> re(2);
  for (int64_t i = 0; i + 1 < t.getRank(); ++i)
    re[0].push_back(i);
  re[1].push_back(t.getRank() - 1);
  return memref::CollapseShapeOp::create(b, v, re);
}

} // namespace

LogicalResult lowerStridedCopyToX86(Operation *op) {
  auto copy = dyn_cast<memref::CopyOp>(op);
  if (!copy)
    return failure();
  auto srcTy = dyn_cast<MemRefType>(copy.getSource().getType());
  auto dstTy = dyn_cast<MemRefType>(copy.getTarget().getType());
  if (!srcTy || !dstTy || !srcTy.hasStaticShape() ||
      srcTy.getShape() != dstTy.getShape() ||
      srcTy.getElementType() != dstTy.getElementType() ||
      !srcTy.getElementType().isIntOrFloat() || srcTy.getRank() == 0 ||
      (srcTy.getLayout().isIdentity() && dstTy.getLayout().isIdentity()))
    return failure();
  SmallVector<int64_t> ss, ds;
  int64_t so, dof;
  if (failed(srcTy.getStridesAndOffset(ss, so)) ||
      failed(dstTy.getStridesAndOffset(ds, dof)))
    return failure();
  ArrayRef<int64_t> shape = srcTy.getShape();
  int64_t rank = srcTy.getRank();
  if (ss.back() != 1 || ds.back() != 1)
    return failure();
  // The longest run of trailing dimensions contiguous in both buffers.
  int64_t first = rank - 1, run = shape.back();
  while (first > 0 && ss[first - 1] == ss[first] * shape[first] &&
         ds[first - 1] == ds[first] * shape[first]) {
    --first;
    run *= shape[first];
  }
  for (int64_t v : ss)
    if (ShapedType::isDynamic(v))
      return failure();
  for (int64_t v : ds)
    if (ShapedType::isDynamic(v))
      return failure();
  ImplicitLocOpBuilder b(op->getLoc(), op);
  SmallVector<ReassociationIndices> re;
  for (int64_t i = 0; i < first; ++i)
    re.push_back({i});
  ReassociationIndices last;
  for (int64_t i = first; i < rank; ++i)
    last.push_back(i);
  re.push_back(last);
  Value src = copy.getSource(), dst = copy.getTarget();
  if (rank - first > 1) {
    src = memref::CollapseShapeOp::create(b, src, re);
    dst = memref::CollapseShapeOp::create(b, dst, re);
  }
  Type elem = srcTy.getElementType();
  int64_t lanes = std::max<int64_t>(
      1, 256 / std::max<unsigned>(8, elem.getIntOrFloatBitWidth()));
  auto vt = VectorType::get({lanes}, elem);
  SmallVector<Value> ivs;
  std::function<void(int64_t)> nest = [&](int64_t d) {
    if (d < first) {
      auto f = scf::ForOp::create(b, arith::ConstantIndexOp::create(b, 0),
                                  arith::ConstantIndexOp::create(b, shape[d]),
                                  arith::ConstantIndexOp::create(b, 1));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(f.getBody()->getTerminator());
      ivs.push_back(f.getInductionVar());
      nest(d + 1);
      ivs.pop_back();
      return;
    }
    auto at = [&](Value j) {
      SmallVector<Value> idx(ivs);
      idx.push_back(j);
      return idx;
    };
    int64_t full = run / lanes * lanes;
    if (full) {
      auto f = scf::ForOp::create(b, arith::ConstantIndexOp::create(b, 0),
                                  arith::ConstantIndexOp::create(b, full),
                                  arith::ConstantIndexOp::create(b, lanes));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(f.getBody()->getTerminator());
      Value v = vector::LoadOp::create(b, vt, src, at(f.getInductionVar()));
      vector::StoreOp::create(b, v, dst, at(f.getInductionVar()));
    }
    if (full < run) {
      auto f = scf::ForOp::create(b, arith::ConstantIndexOp::create(b, full),
                                  arith::ConstantIndexOp::create(b, run),
                                  arith::ConstantIndexOp::create(b, 1));
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPoint(f.getBody()->getTerminator());
      Value v = memref::LoadOp::create(b, src, at(f.getInductionVar()));
      memref::StoreOp::create(b, v, dst, at(f.getInductionVar()));
    }
  };
  nest(0);
  op->erase();
  return success();
}

namespace {

/// The GEMM-view lowering of `op` (a conv, or a matmul seen as a 1 x 1
/// conv) with geometry `ci`, constant weights `dense` of `global`, and the
/// fused epilogue `fusion` when `fused`.
void emitGemmConv(linalg::LinalgOp op, ConvInfo &ci, memref::GlobalOp global,
                  DenseElementsAttr dense, bool vnni, bool vex, bool fused,
                  Fusion &fusion) {
  MatmulInfo &info = ci.mm;
  info.vnni = vnni && !info.isFloat && info.a.width == 8 && info.b.width == 8;

  // Fused: the conv runs where its consumer was.
  Operation *anchor =
      fused ? fusion.consumer.getOperation() : op.getOperation();
  ImplicitLocOpBuilder b(op.getLoc(), anchor);
  ConvGen g{b, ci, info};
  if (fused)
    g.fu = &fusion;
  if (info.vnni) {
    // x86-avxvnni (vex): 16 ymm registers, the 6-row tile of avx2.
    g.mr = vex ? kMR : kMRVnni;
    g.group = 4;
    g.aFlip = !info.a.isUnsigned;
    g.bFlip = info.b.isUnsigned;
    g.zaP = info.a.zp + (info.a.isUnsigned ? 0 : 128);
    g.zbP = info.b.zp - (info.b.isUnsigned ? 128 : 0);
    g.aElem = b.getI8Type();
  } else if (info.isFloat) {
    g.group = 1;
    g.aElem = b.getF32Type();
  } else {
    g.group = 2;
    g.aElem = b.getI16Type();
  }
  // A tile of at most one vector of columns uses half the accumulators per
  // row: take twice the rows (kMC is a multiple of both).
  if (info.n <= g.vl)
    g.mr *= 2;
  g.kb = (info.k + g.group - 1) / g.group;
  g.kRow = (info.k + 15) / 16 * 16;
  g.np = (info.n + g.nr - 1) / g.nr;
  // A stride-1 1 x 1 conv's A is the input itself (rows of C bytes, one
  // pixel apart): with vnni and whole quads per row (C % 4 == 0) the tile
  // reads it in place, no im2col copy (other cases: the padded block).
  // Stride 2 keeps the gather into a block: read in place, its rows 2 C
  // apart measured slower at large C (55 x 55 x 256 -> 512: 0.556 vs
  // 0.533 ms) and within noise at small C (32 -> 128: 0.156 vs 0.159 ms).
  g.directA = info.vnni && ci.kh == 1 && ci.kw == 1 && ci.sh == 1 &&
              ci.sw == 1 && ci.c % 4 == 0;
  g.contiguousA =
      g.directA && ci.ow == ci.iwP && (ci.batch == 1 || ci.oh == ci.ihP);

  Value input = op.getDpsInputOperand(0)->get();
  auto inTy = cast<MemRefType>(input.getType());
  if (inTy.getLayout().isIdentity()) {
    ReassociationIndices all;
    for (int64_t d = 0; d < inTy.getRank(); ++d)
      all.push_back(d);
    g.in1d = memref::CollapseShapeOp::create(
        b, input, ArrayRef<ReassociationIndices>{all});
  } else {
    // A strided view: the underlying buffer from its aligned pointer, up to
    // the view's last element (indices add ci.inOff).
    int64_t extent = ci.inOff +
                     ((ci.batch - 1) * ci.ihP + ci.ih - 1) * ci.iwP * ci.c +
                     ci.iw * ci.c;
    g.in1d = memref::ReinterpretCastOp::create(
        b, MemRefType::get({extent}, inTy.getElementType()), input,
        /*offset=*/0, /*sizes=*/ArrayRef<int64_t>{extent},
        /*strides=*/ArrayRef<int64_t>{1});
  }
  g.packB(dense, global);
  Value acc = op.getDpsInitOperand(0)->get();
  if (fused)
    g.out2d = collapseTo2d(b, fusion.consumer.getDpsInitOperand(0)->get());
  else
    g.acc2d = collapseTo2d(b, acc);
  g.run();

  if (fused)
    fusion::eraseFused(op, fusion);
  else
    op->erase();
}

} // namespace

LogicalResult lowerConvToX86(linalg::LinalgOp op, bool vnni,
                             bool fuseEpilogue, bool vex) {
  ConvInfo ci;
  if (!matchConv(op, ci))
    return failure();
  memref::GlobalOp global;
  DenseElementsAttr dense =
      constantGlobalValue(op.getDpsInputOperand(1)->get(), &global);
  if (!dense)
    return failure(); // weights known only at run time: plain loops
  Fusion fusion;
  bool fused = fuseEpilogue && matchFusion(op, fusion, /*allowFullInputs=*/true);
  emitGemmConv(op, ci, global, dense, vnni, vex, fused, fusion);
  return success();
}

LogicalResult lowerFusedMatmulToX86(linalg::LinalgOp op, bool vnni,
                                    bool vex) {
  gemm::GemmMatch m;
  constexpr gemm::GemmMatchOptions opts{/*allowFloat=*/true,
                                        /*allowNarrow=*/true,
                                        /*zpFitsI16=*/true,
                                        /*multipleReductions=*/false};
  if (!gemm::matchMatmul(op, m, opts) || (m.batched && m.batch != 1))
    return failure();
  // x86-avx512vnni 8-bit matmuls fuse in the zmm GEMM kernel instead
  // (lowerMatmulToX86AVX2 with fusedOnly: A read in place, no im2col copy).
  if (vnni && !vex && !m.isFloat && m.a.width == 8 && m.b.width == 8)
    return failure();
  memref::GlobalOp global;
  DenseElementsAttr dense =
      constantGlobalValue(op.getDpsInputOperand(1)->get(), &global);
  Fusion fusion;
  if (!dense || !matchFusion(op, fusion, /*allowFullInputs=*/true))
    return failure();
  // [1,] [M, K] x [K, N]: a 1 x 1 conv over M pixels of K channels (one
  // image row), weights K x N read as HWCF.
  ConvInfo ci;
  ci.batch = 1;
  ci.ih = ci.oh = ci.ihP = 1;
  ci.iw = ci.ow = ci.iwP = m.m;
  ci.c = m.k;
  ci.f = m.n;
  ci.kh = ci.kw = 1;
  ci.hwcf = true;
  MatmulInfo &info = ci.mm;
  info.isFloat = m.isFloat;
  info.m = m.m;
  info.n = m.n;
  info.k = m.k;
  for (auto [from, to] : {std::pair(&m.a, &info.a), std::pair(&m.b, &info.b)}) {
    to->isUnsigned = from->isUnsigned;
    to->zp = from->zp;
    to->width = from->width;
  }
  emitGemmConv(op, ci, global, dense, vnni, vex, /*fused=*/true, fusion);
  return success();
}

} // namespace quantmlir
