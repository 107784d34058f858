//===- X86Depthwise.cpp - x86 depthwise convolution code generation -------===//
//
// Part of QuantMLIR.
//
// Depthwise 2-D NHWC convolutions (multiplier 1) on memrefs for the x86
// targets, run by qnn-x86-avx2-matmul before the GEMM-view convolutions of
// X86Conv.cpp; recognized by the shared lib/Conversion/DepthwiseMatcher.h,
// the fused epilogue shared with the GEMM path
// (lib/Conversion/EpilogueFusion.h).
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Conversion/X86Gemm.h"
#include "X86Common.h"
#include "../DepthwiseMatcher.h"
#include "../EpilogueFusion.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>
#include <vector>

using namespace mlir;
using namespace quantmlir::x86;
using quantmlir::fusion::Fusion;
using quantmlir::fusion::matchFusion;

namespace quantmlir {

//===----------------------------------------------------------------------===//
// Depthwise convolution
//===----------------------------------------------------------------------===//
//
// Depthwise 2-D NHWC convolutions (multiplier 1): the quantized generic of
// qnn.conv2d with groups = C (input channel d3 + d6, d6 of extent 1),
// linalg.depthwise_conv_2d_nhwc_hwcm (multiplier 1) and _nhwc_hwc. No
// reduction over channels, so no GEMM: a block of L channels per step,
//
//   scf.parallel r in N * OH                  (one output row)
//     for c0 in C step L                      (masked tail block)
//       w = packed weights of the block       (hoisted)
//       for ox in OW
//         for each tap (pair), unrolled:
//           x = in[n][oy * sh + ky * dh][ox * sw + kx * dw][c0 : c0 + L]
//           ...
//         out[r][ox][c0 : c0 + L] = epilogue(init + acc)
//
// 8-bit operands (L = 32 channels on zmm for x86-avx512vnni, 16 on ymm for
// x86-avx2 and x86-avxvnni): the taps go by pairs (t, t + 1; an odd last
// tap pairs with zeros). Both taps' L bytes are widened to i16 (vpmovsxbw /
// vpmovzxbw) and interleaved within 128-bit lanes (vpunpcklwd /
// vpunpckhwd: channels 0-3, 8-11, ... with 4-7, 12-15, ...), then one
// vpmaddwd per half against the weights packed at compile time in the same
// order (i16 pairs w[t][c] - wzp, w[t + 1][c] - wzp) sums both taps into
// i32, exactly (|x| < 2^8, |w - wzp| <= 2^15; the one pair sum that can
// pass 2^31 wraps like the i32 reference); with VNNI, vpdpwssd adds the
// pairs after the first to the accumulator directly (also wrapping). The
// input zero point never touches the loop: sum_t (x - izp) w' = sum_t x w'
// - izp sum_t w', the last term a per-channel constant (i32, wrapping)
// added to the init. The two halves go back to channel order once per
// output pixel (one shuffle).
//
// f32 (and operands narrower than 8 bits): 8 channels per ymm vector, per
// tap vfmadd (f32) or ext to i32 minus the zero point, vpmulld.
//
// The weights are packed at compile time (zeros past C). The result is the
// i32 / f32 accumulator; its elementwise consumer (requantize...) runs as
// before, or fused (applied in registers). Padding is materialized by the
// producer of the input.

namespace {

/// What the x86 depthwise kernels take (GemmMatchers.h): f32 bodies,
/// operands of 1 to 8 bits with every q - zp within i16.
constexpr gemm::GemmMatchOptions kDwMatchOptions{/*allowFloat=*/true,
                                                 /*allowNarrow=*/true,
                                                 /*zpFitsI16=*/true,
                                                 /*multipleReductions=*/false};

Value splatI32(ImplicitLocOpBuilder &b, VectorType t, int64_t v) {
  return arith::ConstantOp::create(
      b, DenseElementsAttr::get(
             t, ArrayRef<Attribute>(b.getI32IntegerAttr(int32_t(v)))));
}

} // namespace

LogicalResult lowerDepthwiseConvToX86(linalg::LinalgOp op, bool fuseEpilogue,
                                      bool vnni, bool vex) {
  gemm::DepthwiseGeometry di;
  if (!gemm::matchDepthwise(op, di, kDwMatchOptions, /*maxTaps=*/64,
                           /*allowHwcm=*/true))
    return failure();
  memref::GlobalOp global;
  DenseElementsAttr dense =
      constantGlobalValue(op.getDpsInputOperand(1)->get(), &global);
  if (!dense)
    return failure();
  const gemm::GemmMatch &info = di.mm;
  bool isF = info.isFloat;
  // 8-bit operands: the vpmaddwd tap-pair kernel; zmm (32 channels) where
  // AVX-512 is there (x86-avx512vnni), else ymm (16 channels: x86-avx2,
  // x86-avxvnni, whose code stays VEX-encodable).
  bool pairs = !isF && info.a.width == 8 && info.b.width == 8;
  int64_t L = !pairs ? 8 : (vnni && !vex) ? 32 : 16;
  // The fused epilogue of the GEMM path (bias / fill init, elementwise
  // consumer in registers) where the channels are the last dimension.
  Fusion fusion;
  bool fused = fuseEpilogue &&
               cast<MemRefType>(op.getDpsInitOperand(0)->get().getType())
                       .getRank() == 4 &&
               matchFusion(op, fusion);
  int64_t taps = di.kh * di.kw, cp = (di.c + L - 1) / L * L, C = di.c;
  int64_t npairs = (taps + 1) / 2;
  ImplicitLocOpBuilder b(op.getLoc(), fused ? fusion.consumer.getOperation()
                                            : op.getOperation());
  Type accElem = isF ? Type(b.getF32Type()) : Type(b.getI32Type());
  auto addGlobal = [&](StringRef suffix, DenseElementsAttr value) {
    OpBuilder mb(global); // each right after `global`
    mb.setInsertionPointAfter(global);
    return gemm::addConstantGlobal(mb, b, global, suffix, value, 64);
  };
  Value wPacked, corrMem;
  // Weight q - wzp of tap t, channel ch (0 past the taps / channels).
  std::vector<int64_t> wq;
  if (!isF)
    wq = gemm::depthwiseWeights(dense, di);
  auto wAt = [&](int64_t t, int64_t ch) -> int64_t {
    return t < taps && ch < C ? wq[t * C + ch] : 0;
  };
  if (isF) {
    auto vals = llvm::to_vector(dense.getValues<float>());
    std::vector<float> out(taps * cp, 0.0f);
    for (int64_t t = 0; t < taps; ++t)
      for (int64_t ch = 0; ch < C; ++ch)
        out[t * cp + ch] = vals[di.chw ? ch * taps + t : t * C + ch];
    wPacked = addGlobal(
        "_x86_dw_packed",
        DenseElementsAttr::get(RankedTensorType::get({taps, cp}, accElem),
                               ArrayRef<float>(out)));
  } else if (!pairs) {
    std::vector<int32_t> out(taps * cp, 0);
    for (int64_t t = 0; t < taps; ++t)
      for (int64_t ch = 0; ch < C; ++ch)
        out[t * cp + ch] = int32_t(wAt(t, ch));
    wPacked = addGlobal(
        "_x86_dw_packed",
        DenseElementsAttr::get(RankedTensorType::get({taps, cp}, accElem),
                               ArrayRef<int32_t>(out)));
  } else {
    // [pair][block][half][L i16]: half h lane 2i / 2i + 1 = taps 2p / 2p + 1
    // of channel c0 + chanOf(h, i).
    std::vector<int16_t> out(npairs * 2 * cp, 0);
    for (int64_t p = 0; p < npairs; ++p)
      for (int64_t c0 = 0; c0 < cp; c0 += L)
        for (int64_t h = 0; h < 2; ++h)
          for (int64_t i = 0; i < L / 2; ++i) {
            int64_t ch = c0 + 8 * (i / 4) + 4 * h + i % 4;
            int64_t at = p * 2 * cp + 2 * c0 + h * L + 2 * i;
            out[at] = int16_t(wAt(2 * p, ch));
            out[at + 1] = int16_t(wAt(2 * p + 1, ch));
          }
    wPacked = addGlobal(
        "_x86_dw_packed",
        DenseElementsAttr::get(
            RankedTensorType::get({npairs, 2 * cp}, b.getI16Type()),
            ArrayRef<int16_t>(out)));
    if (info.a.zp != 0) // -izp * sum_t (w - wzp)
      corrMem = addGlobal(
          "_x86_dw_corr",
          DenseElementsAttr::get(
              RankedTensorType::get({cp}, b.getI32Type()),
              ArrayRef<int32_t>(gemm::depthwiseZpCorrection(wq, di, cp))));
  }

  Value in1d = gemm::flatten(b, op.getDpsInputOperand(0)->get());
  Value acc0 = op.getDpsInitOperand(0)->get();
  Value out1d = gemm::flatten(
      b, fused ? fusion.consumer.getDpsInitOperand(0)->get() : acc0);
  Type inElem = cast<MemRefType>(in1d.getType()).getElementType();
  auto cst = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, v);
  };
  auto add = [&](Value x, Value y) -> Value {
    return arith::AddIOp::create(b, x, y);
  };
  auto mul = [&](Value x, int64_t y) -> Value {
    return y == 1 ? x : arith::MulIOp::create(b, x, cst(y)).getResult();
  };
  auto accTy = VectorType::get({L}, accElem);
  auto inTy = VectorType::get({L}, inElem);
  auto maskTy = VectorType::get({L}, b.getI1Type());
  auto i16Ty = VectorType::get({L}, b.getI16Type());
  auto halfTy = VectorType::get({L / 2}, b.getI32Type());
  StringRef pmadd =
      L == 32 ? "llvm.x86.avx512.pmaddw.d.512" : "llvm.x86.avx2.pmadd.wd";
  // With VNNI (x86-avx512vnni, x86-avxvnni) vpdpwssd adds both products to
  // the accumulator in one instruction (wrapping, as vpmaddwd + vpaddd).
  StringRef dpwssd = L == 32 ? "llvm.x86.avx512.vpdpwssd.512"
                             : "llvm.x86.avx512.vpdpwssd.256";
  // Interleaves of (X, Y) within 128-bit lanes (vpunpcklwd / vpunpckhwd)
  // and the channel order of the two i32 halves back.
  SmallVector<int64_t> unpack[2], natural;
  for (int64_t h = 0; h < 2; ++h)
    for (int64_t k = 0; k < L / 8; ++k)
      for (int64_t j = 0; j < 4; ++j) {
        unpack[h].push_back(8 * k + 4 * h + j);
        unpack[h].push_back(L + 8 * k + 4 * h + j);
      }
  for (int64_t ch = 0; ch < L; ++ch) {
    int64_t k = ch / 8, j = ch % 8;
    natural.push_back(j < 4 ? 4 * k + j : L / 2 + 4 * k + j - 4);
  }

  auto par = scf::ParallelOp::create(b, ValueRange{cst(0)},
                                     ValueRange{cst(di.batch * di.oh)},
                                     ValueRange{cst(1)});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(par.getBody()->getTerminator());
  Value r = par.getInductionVars()[0];
  Value img = arith::DivUIOp::create(b, r, cst(di.oh));
  Value oy = arith::RemUIOp::create(b, r, cst(di.oh));
  // Pixel indices (times C below) of the row's first window and output.
  Value inRow = mul(add(mul(img, di.ih), mul(oy, di.sh)), di.iw);
  Value outRow = mul(r, di.ow);

  auto channelBlock = [&](Value c0, int64_t valid) {
    Value mask;
    if (valid < L)
      mask = vector::ConstantMaskOp::create(b, maskTy,
                                            ArrayRef<int64_t>{valid});
    Value zeroAcc = arith::ConstantOp::create(b, b.getZeroAttr(accTy));
    Value zeroIn = arith::ConstantOp::create(b, b.getZeroAttr(inTy));
    auto loadAcc = [&](Value mem, ValueRange idx) -> Value {
      return mask ? vector::MaskedLoadOp::create(b, accTy, mem, idx, mask,
                                                 zeroAcc)
                        .getResult()
                  : vector::LoadOp::create(b, accTy, mem, idx).getResult();
    };
    SmallVector<Value> wv;
    Value zpV;
    if (pairs) {
      Value c2 = mul(c0, 2);
      for (int64_t p = 0; p < npairs; ++p)
        for (int64_t h = 0; h < 2; ++h)
          wv.push_back(vector::LoadOp::create(
              b, i16Ty, wPacked, ValueRange{cst(p), add(c2, cst(h * L))}));
    } else {
      for (int64_t t = 0; t < taps; ++t)
        wv.push_back(vector::LoadOp::create(b, accTy, wPacked,
                                            ValueRange{cst(t), c0}));
      if (!isF && info.a.zp != 0)
        zpV = splatI32(b, accTy, info.a.zp);
    }
    Value accInit;
    if (fused && fusion.initBias)
      accInit = loadAcc(fusion.initBias, ValueRange{c0});
    else if (fused)
      accInit = vector::BroadcastOp::create(b, accTy, fusion.initScalar);
    Value corr = corrMem ? vector::LoadOp::create(b, accTy, corrMem,
                                                  ValueRange{c0})
                               .getResult()
                         : Value();
    if (accInit && corr)
      accInit = add(accInit, corr);
    auto f = scf::ForOp::create(b, cst(0), cst(di.ow), cst(1));
    OpBuilder::InsertionGuard g2(b);
    b.setInsertionPoint(f.getBody()->getTerminator());
    Value ox = f.getInductionVar();
    Value oIdx = add(mul(add(outRow, ox), C), c0);
    Value acc = fused ? accInit : loadAcc(out1d, ValueRange{oIdx});
    if (!fused && corr)
      acc = add(acc, corr);
    Value ix0 = add(inRow, mul(ox, di.sw));
    auto loadTap = [&](int64_t t) -> Value {
      int64_t ky = t / di.kw, kx = t % di.kw;
      Value iIdx =
          add(mul(add(ix0, cst(ky * di.dh * di.iw + kx * di.dw)), C), c0);
      return mask ? vector::MaskedLoadOp::create(b, inTy, in1d,
                                                 ValueRange{iIdx}, mask,
                                                 zeroIn)
                        .getResult()
                  : vector::LoadOp::create(b, inTy, in1d, ValueRange{iIdx})
                        .getResult();
    };
    if (pairs) {
      auto widen = [&](Value x) -> Value {
        return info.a.isUnsigned
                   ? arith::ExtUIOp::create(b, i16Ty, x).getResult()
                   : arith::ExtSIOp::create(b, i16Ty, x).getResult();
      };
      Value zero16 = arith::ConstantOp::create(b, b.getZeroAttr(i16Ty));
      Value half[2];
      for (int64_t p = 0; p < npairs; ++p) {
        Value x = widen(loadTap(2 * p));
        Value y = 2 * p + 1 < taps ? widen(loadTap(2 * p + 1)) : zero16;
        for (int64_t h = 0; h < 2; ++h) {
          Value u = vector::ShuffleOp::create(b, x, y, unpack[h]);
          if (vnni && p > 0) {
            half[h] = LLVM::CallIntrinsicOp::create(
                          b, halfTy, b.getStringAttr(dpwssd),
                          ValueRange{half[h], u, wv[2 * p + h]})
                          .getResult(0);
            continue;
          }
          Value prod = LLVM::CallIntrinsicOp::create(
                           b, halfTy, b.getStringAttr(pmadd),
                           ValueRange{u, wv[2 * p + h]})
                           .getResult(0);
          half[h] = p == 0 ? prod : add(half[h], prod);
        }
      }
      acc = add(acc, vector::ShuffleOp::create(b, half[0], half[1], natural));
    } else {
      for (int64_t t = 0; t < taps; ++t) {
        Value x = loadTap(t);
        Value w = wv[t];
        if (isF) {
          acc = vector::FMAOp::create(b, x, w, acc);
        } else {
          Value xi = info.a.isUnsigned
                         ? arith::ExtUIOp::create(b, accTy, x).getResult()
                         : arith::ExtSIOp::create(b, accTy, x).getResult();
          if (zpV)
            xi = arith::SubIOp::create(b, xi, zpV);
          acc = add(acc, arith::MulIOp::create(b, xi, w));
        }
      }
    }
    if (fused)
      acc = fusion::applyEpilogue(b, b.getLoc(), fusion, acc, c0, valid);
    // A one-lane tail of a fused (truncated) result stored as a masked
    // store became a full 8-byte store (LLVM 22 bug, see storeTail).
    if (mask)
      storeTail(b, b.getLoc(), acc, out1d, ValueRange{oIdx}, valid);
    else
      vector::StoreOp::create(b, acc, out1d, ValueRange{oIdx});
  };
  int64_t full = C / L * L;
  constLoop(b, b.getLoc(), 0, full, L,
            [&](Value c0) { channelBlock(c0, L); });
  if (full < C)
    channelBlock(cst(full), C - full);
  if (fused)
    fusion::eraseFused(op, fusion);
  else
    op->erase();
  return success();
}

} // namespace quantmlir
