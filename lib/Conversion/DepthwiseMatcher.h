//===- DepthwiseMatcher.h - Depthwise conv matcher for the codegens -*- C++ -*-===//
//
// Part of QuantMLIR.
//
// Internal to lib/Conversion: recognition of depthwise 2-D NHWC
// convolutions (multiplier 1) on memrefs: the quantized generic of
// qnn.conv2d with groups = C (input channel d3 + d6, d6 of extent 1),
// linalg.depthwise_conv_2d_nhwc_hwcm (multiplier 1) and _nhwc_hwc. Used by
// the AArch64 (AArch64Gemm.cpp) and x86 (X86/X86Depthwise.cpp) code
// generators, on the shared gemm:: types (what a target takes is a
// gemm::GemmMatchOptions), and the weight values both pack (each in its
// own layout).
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_LIB_CONVERSION_DEPTHWISEMATCHER_H
#define QUANTMLIR_LIB_CONVERSION_DEPTHWISEMATCHER_H

#include "GemmMatchers.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/AffineMap.h"

#include <cstdint>
#include <vector>

namespace quantmlir {
namespace gemm {

/// The geometry of a depthwise conv: output N x OH x OW x C, input
/// N x IH x IW x C, weights C x KH x KW (x 1) (`chw`) or KH x KW x C (x 1).
struct DepthwiseGeometry {
  GemmMatch mm; // isFloat and the zero points (a: input, b: weights)
  int64_t batch = 0, ih = 0, iw = 0, c = 0, kh = 0, kw = 0, oh = 0, ow = 0,
          sh = 1, sw = 1, dh = 1, dw = 1;
  bool chw = false;
};

/// Matches a depthwise conv on static identity-layout memrefs whose window
/// stays inside its (already padded) input, with at most `maxTaps` taps:
/// f32 (with opts.allowFloat) or 8-bit operands into i32. The output is
/// N x OH x OW x C, or with `allowHwcm` also the N x OH x OW x C x 1 of
/// depthwise_conv_2d_nhwc_hwcm (the same bytes; x86 takes it, flattened).
inline bool matchDepthwise(mlir::linalg::LinalgOp op, DepthwiseGeometry &di,
                           const GemmMatchOptions &opts,
                           int64_t maxTaps = 64, bool allowHwcm = false) {
  using namespace mlir;
  if (!op.hasPureBufferSemantics() || op.getNumDpsInputs() != 2 ||
      op.getNumDpsInits() != 1)
    return false;
  unsigned nl = op.getNumLoops();
  if (nl != 6 && nl != 7)
    return false;
  MLIRContext *ctx = op->getContext();
  auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
  SmallVector<AffineMap> maps = op.getIndexingMapsArray();
  SmallVector<utils::IteratorType> iters = op.getIteratorTypesArray();
  auto parCount = [&](unsigned nPar) {
    for (unsigned i = 0; i < nl; ++i)
      if ((iters[i] == utils::IteratorType::parallel) != (i < nPar))
        return false;
    return true;
  };
  SmallVector<MemRefType> types;
  if (!gemm::staticIdentityOperandTypes(op, types))
    return false;
  if (types[0].getRank() != 4)
    return false;
  AffineMap in = maps[0];
  if (in.getNumResults() != 4 || in.getResult(0) != d(0))
    return false;
  unsigned wy, wx; // window dims
  AffineExpr chan;
  ArrayRef<int64_t> ws = types[1].getShape();
  int64_t kh, kw, wc;
  di.chw = false;
  if (nl == 7 && parCount(4) &&
      maps[1] == AffineMap::get(7, 0, {d(3), d(4), d(5), d(6)}, ctx) &&
      maps[2] == AffineMap::get(7, 0, {d(0), d(1), d(2), d(3)}, ctx)) {
    // qnn.conv2d groups = C: weights C x KH x KW x 1.
    wy = 4, wx = 5;
    chan = d(3) + d(6);
    di.chw = true;
    if (ws[3] != 1)
      return false;
    wc = ws[0], kh = ws[1], kw = ws[2];
  } else if (nl == 7 && parCount(5) &&
             maps[1] == AffineMap::get(7, 0, {d(5), d(6), d(3), d(4)}, ctx) &&
             maps[2] ==
                 AffineMap::get(7, 0, {d(0), d(1), d(2), d(3), d(4)}, ctx)) {
    // depthwise_conv_2d_nhwc_hwcm, multiplier 1.
    wy = 5, wx = 6;
    chan = d(3);
    if (ws[3] != 1)
      return false;
    kh = ws[0], kw = ws[1], wc = ws[2];
  } else if (nl == 6 && parCount(4) &&
             maps[1] == AffineMap::get(6, 0, {d(4), d(5), d(3)}, ctx) &&
             maps[2] == AffineMap::get(6, 0, {d(0), d(1), d(2), d(3)}, ctx)) {
    // depthwise_conv_2d_nhwc_hwc.
    wy = 4, wx = 5;
    chan = d(3);
    kh = ws[0], kw = ws[1], wc = ws[2];
  } else {
    return false;
  }
  // One channel and one filter: the plain conv (input channel d6) is also
  // depthwise.
  bool oneChannel = di.chw && in.getResult(3) == d(6) && ws[0] == 1 &&
                    types[0].getShape()[3] == 1;
  if ((!oneChannel && simplifyAffineExpr(in.getResult(3), nl, 0) !=
                          simplifyAffineExpr(chan, nl, 0)) ||
      !matchWindow(in.getResult(1), nl, 1, wy, di.sh, di.dh) ||
      !matchWindow(in.getResult(2), nl, 2, wx, di.sw, di.dw))
    return false;
  ArrayRef<int64_t> is = types[0].getShape(), os = types[2].getShape();
  di.batch = os[0];
  di.oh = os[1];
  di.ow = os[2];
  di.c = os[3];
  di.ih = is[1];
  di.iw = is[2];
  di.kh = kh;
  di.kw = kw;
  bool rankOk = types[2].getRank() == 4 ||
                (allowHwcm && types[2].getRank() == 5 && os[4] == 1);
  if (!rankOk || is[0] != di.batch || is[3] != di.c ||
      wc != di.c)
    return false;
  for (int64_t v : {di.batch, di.oh, di.ow, di.c, di.kh, di.kw})
    if (v <= 0)
      return false;
  if (di.kh * di.kw > maxTaps)
    return false;
  if ((di.oh - 1) * di.sh + (di.kh - 1) * di.dh >= di.ih ||
      (di.ow - 1) * di.sw + (di.kw - 1) * di.dw >= di.iw)
    return false;
  Type cTy = types[2].getElementType();
  if (cTy.isF32()) {
    di.mm.isFloat = true;
    if (!opts.allowFloat || !types[0].getElementType().isF32() ||
        !types[1].getElementType().isF32())
      return false;
  } else if (cTy.isInteger(32)) {
    di.mm.isFloat = false;
    if (!types[0].getElementType().isInteger(8) ||
        !types[1].getElementType().isInteger(8))
      return false;
  } else {
    return false;
  }
  return matchBody(op, di.mm, opts);
}

/// The constant 8-bit weights `dense` of a matched depthwise conv minus
/// their zero point, as [tap][channel] (taps = KH KW, C channels).
inline std::vector<int64_t> depthwiseWeights(mlir::DenseElementsAttr dense,
                                             const DepthwiseGeometry &di) {
  int64_t taps = di.kh * di.kw, C = di.c;
  auto vals = llvm::to_vector(dense.getValues<llvm::APInt>());
  std::vector<int64_t> wq(taps * C);
  for (int64_t t = 0; t < taps; ++t)
    for (int64_t ch = 0; ch < C; ++ch) {
      const llvm::APInt &q = vals[di.chw ? ch * taps + t : t * C + ch];
      wq[t * C + ch] = (di.mm.b.isUnsigned ? int64_t(q.getZExtValue())
                                           : q.getSExtValue()) -
                       di.mm.b.zp;
    }
  return wq;
}

/// `v` (an identity-layout memref) collapsed to 1-D.
inline mlir::Value flatten(mlir::ImplicitLocOpBuilder &b, mlir::Value v) {
  using namespace mlir;
  ReassociationIndices all;
  for (int64_t i = 0; i < cast<MemRefType>(v.getType()).getRank(); ++i)
    all.push_back(i);
  return memref::CollapseShapeOp::create(b, v,
                                         ArrayRef<ReassociationIndices>{all})
      .getResult();
}

/// The per-channel term -zx * sum_t wq[t][c] of the input zero point for
/// the weights of depthwiseWeights, wrapping like the i32 reference; `cp`
/// entries (zeros past C).
inline std::vector<int32_t> depthwiseZpCorrection(llvm::ArrayRef<int64_t> wq,
                                                  const DepthwiseGeometry &di,
                                                  int64_t cp) {
  int64_t taps = di.kh * di.kw, C = di.c;
  std::vector<int32_t> corr(cp, 0);
  for (int64_t ch = 0; ch < C; ++ch) {
    uint32_t s = 0;
    for (int64_t t = 0; t < taps; ++t)
      s += uint32_t(wq[t * C + ch]);
    corr[ch] = int32_t(uint32_t(-di.mm.a.zp) * s);
  }
  return corr;
}

} // namespace gemm
} // namespace quantmlir

#endif // QUANTMLIR_LIB_CONVERSION_DEPTHWISEMATCHER_H
