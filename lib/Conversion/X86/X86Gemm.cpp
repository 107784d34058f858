//===- X86Gemm.cpp - AVX2 matmul code generation --------------------------===//
//
// Part of QuantMLIR.
//
// The x86-avx2 strategy for matmul-like linalg ops on memrefs, run by
// qnn-lower-to-llvm{target=x86-avx2} after bufferization:
//
//   for k0 in K step KC                      (B micro-panel KC x 16 in L1)
//     for m0 in M step MC                    (A block MC x KC in L2)
//       for p in N/16                        (16-column panel of packed B)
//         for m in [m0, m0 + MC) step 6      (6 x 16 register tile)
//           acc[6][2] = C[m.., 16p..]
//           for k in [k0, k0 + KC): acc += A[m.., k] * Bp[p, k, :]
//           C[m.., 16p..] = acc
//
// Integer (C i32 += (ext(A) - zpA) * (ext(B) - zpB), A and B of at most 8
// bits): both operands are widened to i16 minus their zero point, which is
// exact (|q - zp| < 2^15), A into micro-panels Ap[m/6][k/2][2 * (m%6) + k%2]
// (K padded to even; the 6 rows of a tile side by side), B into panels
// Bp[p][k/2][2 * j + k % 2] = B[k][16p + j] (zero padded), at compile time
// when B is a constant global. The micro-kernel broadcasts one
// (A[m][2k'], A[m][2k'+1]) pair per row and multiplies it with two 16 x i16
// B vectors by `llvm.x86.avx2.pmadd.wd` (vpmaddwd: 16 products, adjacent
// pairs summed into 8 x i32, exact except (-2^15)^2 * 2, which wraps exactly
// as i32 arithmetic does), then vpaddd: 12 accumulators + 2 B vectors + 1
// broadcast = 15 of the 16 ymm registers.
//
// f32 (C += A * B): B packed into panels Bp[p][k][j] = B[k][16p + j], A read
// in place, vector.fma (vfmadd231ps), same 6 x 16 tile.
//
// x86-avx512vnni (vnni = true, 8-bit operands): A' = A as u8, B' = B as s8
// (sign bits flipped where the operand is of the other signedness), packed
// in groups of 4 k; `llvm.x86.avx512.vpdpbusd.512` on zmm (kernelVnni: 12 x
// 32 tile = 24 accumulators of 16 x i32, k blocks of 2048, A read in place
// when unsigned with K % 4 == 0, a zero fill of C folded into the first k
// block); the zero points come back as
// C += -za' colsum(B') - zb' rowsum(A') + K za' zb' in an epilogue (column
// term a constant global when B is constant), exact modulo 2^32.
//
// x86-avxvnni (vnni = vex = true: VEX-encoded AVX-VNNI, no AVX-512): the
// same A' / B' packing and epilogue, but only ymm registers and 16 of them,
// so the micro-kernel is the 6 x 16 tile of the avx2 scheme with
// `llvm.x86.avx512.vpdpbusd.256` (emitted as `{vex} vpdpbusd` when the
// function's features are +avx2,+fma,+avxvnni): 12 accumulators of 8 x i32
// + 2 B vectors (16 columns x 4 k each) + 1 broadcast A' quad = 15
// registers; A' always packed into 6-row micro-panels; k blocks of kKCInt / 2
// quads. Ragged tiles use vpmaskmovd loads / stores of i32 (AVX2).
//
// Ragged edges are static (shapes are static): the last panel uses masked
// loads and stores of C, the last M rows a micro-kernel of M % MR rows.
//
// Fused epilogue (lowerMatmulToX86AVX2 with fusedOnly; lib/Conversion/
// EpilogueFusion.h, as the convs): when C is a temporary written by a bias
// broadcast / fill and read only by an elementwise generic (requantize,
// clamp, a residual add...), k is not blocked: each register tile runs the
// whole K from the init (the bias vector or splat, zero otherwise), then
// gets the zero-point terms (vnni: corrCol[n] - zbP rowSum[m]) and the
// generic's body cloned on its vectors, and the result (i8, f32...) is
// stored into the generic's output; with a constant or a run-time B (packed
// per call as above). No C is written. Exact: the same i32 sums modulo 2^32
// (f32: the same FMA chain from the same init), then the same scalar ops.
// On zmm the A blocks shrink below kMCZmm rows when K is large, so that a
// block of A' stays in L2 across the column groups.
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
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassRegistry.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>

using namespace mlir;

using namespace quantmlir::x86;

namespace quantmlir {
namespace {

/// The shared matchers (lib/Conversion/GemmMatchers.h) with what the x86
/// kernels take: f32 bodies, integer operands of 1 to 8 bits, K split into
/// several dimensions, and every q - zp within i16 (vpmaddwd).
constexpr gemm::GemmMatchOptions kMatchOptions{/*allowFloat=*/true,
                                               /*allowNarrow=*/true,
                                               /*zpFitsI16=*/true,
                                               /*multipleReductions=*/true};

void copyOperands(const gemm::GemmMatch &m, MatmulInfo &info) {
  for (auto [from, to] : {std::pair(&m.a, &info.a), std::pair(&m.b, &info.b)}) {
    to->isUnsigned = from->isUnsigned;
    to->zp = from->zp;
    to->width = from->width;
  }
}

} // namespace

bool x86::matchBody(linalg::LinalgOp op, MatmulInfo &info) {
  gemm::GemmMatch m;
  m.isFloat = info.isFloat;
  if (!gemm::matchBody(op, m, kMatchOptions))
    return false;
  copyOperands(m, info);
  return true;
}

namespace {

/// Matches a (batch) matmul on static, identity-layout memrefs.
bool matchMatmul(linalg::LinalgOp op, MatmulInfo &info,
                 unsigned &reductionDims) {
  gemm::GemmMatch m;
  if (!gemm::matchMatmul(op, m, kMatchOptions))
    return false;
  info.isFloat = m.isFloat;
  info.batched = m.batched;
  info.batch = m.batch;
  info.m = m.m;
  info.n = m.n;
  info.k = m.k;
  reductionDims = m.reductionDims;
  copyOperands(m, info);
  return true;
}

} // namespace

void x86::storeTail(OpBuilder &b, Location loc, Value v, Value mem,
                    ValueRange idx, int64_t valid) {
  auto vt = cast<VectorType>(v.getType());
  if (valid == 1) {
    Value e = vector::ExtractOp::create(b, loc, v, ArrayRef<int64_t>{0});
    memref::StoreOp::create(b, loc, e, mem, idx);
    return;
  }
  Value mask = vector::ConstantMaskOp::create(
      b, loc, VectorType::get(vt.getShape(), b.getI1Type()),
      ArrayRef<int64_t>{valid});
  vector::MaskedStoreOp::create(b, loc, mem, idx, mask, v);
}

Value x86::macStep(OpBuilder &b, Location loc, bool isFloat, bool vnni,
                  Type accTy, Value acc, Value a, Value bv) {
  if (isFloat)
    return vector::FMAOp::create(b, loc, a, bv, acc);
  if (vnni)
    return LLVM::CallIntrinsicOp::create(
               b, loc, accTy,
               b.getStringAttr(cast<VectorType>(accTy).getNumElements() == 16
                                   ? "llvm.x86.avx512.vpdpbusd.512"
                                   : "llvm.x86.avx512.vpdpbusd.256"),
               ValueRange{acc, a, bv})
        .getResult(0);
  Value prod = LLVM::CallIntrinsicOp::create(
                   b, loc, accTy, b.getStringAttr("llvm.x86.avx2.pmadd.wd"),
                   ValueRange{a, bv})
                   .getResult(0);
  return arith::AddIOp::create(b, loc, acc, prod);
}

std::string x86::uniqueGlobalName(memref::GlobalOp global,
                                  StringRef suffix) {
  // Looked up before the new global is created: a SymbolTable built over a
  // module that already holds two globals of one name (a second function
  // packing the same weight) does not rename either, and the verifier
  // reports a redefinition.
  auto module = global->getParentOfType<ModuleOp>();
  std::string base = (global.getSymName() + suffix).str(), name = base;
  for (unsigned i = 1; SymbolTable::lookupSymbolIn(module, name); ++i)
    name = base + "_" + std::to_string(i);
  return name;
}

DenseElementsAttr x86::constantGlobalValue(Value v,
                                            memref::GlobalOp *globalOut) {
  return gemm::constantGlobalValue(v, globalOut);
}

namespace {

struct Generator {
  ImplicitLocOpBuilder &b;
  const MatmulInfo &info;
  Value a, bMem, c;       // the op's operands
  Value aPacked, bPacked; // i16 A copy (int only), packed B
  bool bConstant = false; // bPacked is a global holding every batch
  int64_t kb = 0; // reduction steps: k (f32), k pairs (avx2), k quads (vnni)
  int64_t np = 0; // 16-column panels
  int64_t mr = kMR;
  // vnni: A' = A as u8 (signed A flipped by ^0x80), B' = B as s8 (unsigned B
  // flipped), zero points zaP / zbP of A' / B'; C += A'B' + corrCol[n]
  // - zbP * rowSum[m] with corrCol[n] = -zaP * sum_k B'[k][n] + K zaP zbP.
  bool aFlip = false, bFlip = false;
  int64_t zaP = 0, zbP = 0;
  Value corrCol, rowSum;
  // vnni: A' quads broadcast straight from A (u8, K % 4 == 0: no packing);
  // C zero-filled just before (the fill erased: first k block from 0).
  bool directA = false, zeroInitC = false;
  // vnni on ymm only (x86-avxvnni): 6 x 16 tiles of `micro`, not kernelVnni.
  bool vex = false;
  // Fused epilogue: the consumer (c is its output), the init's bias (a
  // per-column memref, or a splat value).
  const fusion::Fusion *fu = nullptr;
  Value biasMem, biasScalar;

  // Fused, zmm: the most bytes of A' in one block of rows (all of K).
  static constexpr int64_t kAFusedBytes = 384 * 1024;

  Value cst(int64_t v) { return arith::ConstantIndexOp::create(b, v); }

  /// scf.for without iteration arguments; `body` gets the induction var.
  void loop(Value lb, Value ub, int64_t step, function_ref<void(Value)> body) {
    auto f = scf::ForOp::create(b, lb, ub, cst(step));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(f.getBody()->getTerminator());
    body(f.getInductionVar());
  }
  void loop(int64_t lb, int64_t ub, int64_t step,
            function_ref<void(Value)> body) {
    if (lb >= ub)
      return;
    loop(cst(lb), cst(ub), step, body);
  }

  /// A 2-D scf.parallel over [0, n0) x [0, n1) (step 1).
  void parallel2(int64_t n0, int64_t n1,
                 function_ref<void(Value, Value)> body) {
    auto par = scf::ParallelOp::create(b, ValueRange{cst(0), cst(0)},
                                       ValueRange{cst(n0), cst(n1)},
                                       ValueRange{cst(1), cst(1)});
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(par.getBody()->getTerminator());
    body(par.getInductionVars()[0], par.getInductionVars()[1]);
  }

  SmallVector<Value> idx(Value batchIdx, ValueRange rest) {
    SmallVector<Value> r;
    if (info.batched)
      r.push_back(batchIdx);
    r.append(rest.begin(), rest.end());
    return r;
  }

  Type i16() { return b.getI16Type(); }

  /// ext(q) - zp as i16, for a scalar or a vector of q.
  Value widen(Value q, const IntOperand &x) {
    Type t = i16();
    if (auto vt = dyn_cast<VectorType>(q.getType()))
      t = VectorType::get(vt.getShape(), i16());
    Value w = x.isUnsigned ? arith::ExtUIOp::create(b, t, q).getResult()
                           : arith::ExtSIOp::create(b, t, q).getResult();
    if (x.zp == 0)
      return w;
    Value zp;
    if (auto vt = dyn_cast<VectorType>(t))
      zp = arith::ConstantOp::create(
          b, DenseElementsAttr::get(vt, b.getI16IntegerAttr(x.zp).getValue()));
    else
      zp = arith::ConstantOp::create(b, b.getI16IntegerAttr(x.zp));
    return arith::SubIOp::create(b, w, zp);
  }

  /// Stores into the A micro-panels Ap[m / mr][k / group][(m % mr) * group
  /// + k % group] (the rows of one register tile side by side, so that the
  /// micro-kernel's broadcasts read consecutive addresses): `v` is a scalar
  /// for A[m][k] or a 16-vector for A[m][k .. k + 15] (k % 16 == 0).
  void storeA(Value m, Value k, Value v, int64_t group) {
    Value p = arith::DivUIOp::create(b, m, cst(mr));
    Value col = arith::MulIOp::create(b, arith::RemUIOp::create(b, m, cst(mr)),
                                      cst(group));
    Value kq = arith::DivUIOp::create(b, k, cst(group));
    if (isa<VectorType>(v.getType())) {
      for (int64_t j = 0; j < 16 / group; ++j) {
        Value piece = vector::ExtractStridedSliceOp::create(
            b, v, ArrayRef<int64_t>{j * group}, ArrayRef<int64_t>{group},
            ArrayRef<int64_t>{1});
        vector::StoreOp::create(
            b, piece, aPacked,
            ValueRange{p, arith::AddIOp::create(b, kq, cst(j)), col});
      }
      return;
    }
    memref::StoreOp::create(
        b, v, aPacked,
        ValueRange{p, kq,
                   arith::AddIOp::create(
                       b, col, arith::RemUIOp::create(b, k, cst(group)))});
  }

  Value i8Const(int64_t v, int64_t lanes = 0) {
    if (!lanes)
      return arith::ConstantOp::create(b, b.getI8IntegerAttr(v));
    auto t = VectorType::get({lanes}, b.getI8Type());
    return arith::ConstantOp::create(
        b, DenseElementsAttr::get(t, b.getI8IntegerAttr(v).getValue()));
  }

  /// vnni: Ap = A' (u8 bits) in micro-panels (storeA), K padded to a
  /// multiple of 4 with 0; rowSum[m] = sum_k A'[m][k] when zbP != 0.
  void packAVnni(Value bi) {
    int64_t k16 = info.k / 16 * 16;
    auto v16i8 = VectorType::get({16}, b.getI8Type());
    auto v16i32 = VectorType::get({16}, b.getI32Type());
    loop(0, info.m, 1, [&](Value m) {
      Value zeroV = arith::ConstantOp::create(b, b.getZeroAttr(v16i32));
      auto vecLoop = scf::ForOp::create(
          b, cst(0), cst(k16), cst(16), ValueRange{zeroV},
          [&](OpBuilder &nb, Location loc, Value k, ValueRange iter) {
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
            Value q = vector::LoadOp::create(b, v16i8, a, idx(bi, {m, k}));
            if (aFlip)
              q = arith::XOrIOp::create(b, q, i8Const(-128, 16));
            if (!directA)
              storeA(m, k, q, 4);
            Value sum = arith::AddIOp::create(
                b, iter[0], arith::ExtUIOp::create(b, v16i32, q));
            scf::YieldOp::create(b, ValueRange{sum});
          });
      Value s = vector::ReductionOp::create(b, vector::CombiningKind::ADD,
                                            vecLoop.getResult(0));
      auto tail = scf::ForOp::create(
          b, cst(k16), cst(info.k), cst(1), ValueRange{s},
          [&](OpBuilder &nb, Location loc, Value k, ValueRange iter) {
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
            Value q = memref::LoadOp::create(b, a, idx(bi, {m, k}));
            if (aFlip)
              q = arith::XOrIOp::create(b, q, i8Const(-128));
            if (!directA)
              storeA(m, k, q, 4);
            Value sum = arith::AddIOp::create(
                b, iter[0], arith::ExtUIOp::create(b, b.getI32Type(), q));
            scf::YieldOp::create(b, ValueRange{sum});
          });
      if (!directA)
        loop(info.k, 4 * kb, 1,
             [&](Value k) { storeA(m, k, i8Const(0), 4); });
      if (rowSum)
        memref::StoreOp::create(b, tail.getResult(0), rowSum, ValueRange{m});
    });
  }

  /// vnni: Bp[p][k/4][4 j + k % 4] = B'[k][16p + j] (zero padded) and
  /// corrCol[n] = K zaP zbP - zaP sum_k B'[k][n]. Full panels and k quads
  /// vectorized: 4 rows of 16 bytes interleaved into one 64-byte group
  /// (bytes, then byte pairs), column sums in a 16 x i32 vector; the
  /// ragged last rows / columns element by element.
  void packBRuntimeVnni(Value bi) {
    linalg::FillOp::create(b, ValueRange{i8Const(0)}, ValueRange{bPacked});
    Value c0 = cst(0), c16 = cst(16), c4 = cst(4);
    Type i32 = b.getI32Type();
    if (corrCol)
      linalg::FillOp::create(
          b,
          ValueRange{arith::ConstantOp::create(
              b, b.getI32IntegerAttr(int32_t(uint32_t(
                     uint64_t(info.k) * uint64_t(zaP) * uint64_t(zbP)))))},
          ValueRange{corrCol});
    Value zaPv = arith::ConstantOp::create(b, b.getI32IntegerAttr(zaP));
    int64_t npFull = info.n / kNR, kq = info.k / 4;
    auto v16i8 = VectorType::get({16}, b.getI8Type());
    auto v16i32 = VectorType::get({16}, i32);
    auto v16i16 = VectorType::get({16}, i16());
    loop(0, npFull, 1, [&](Value p) {
      Value n0 = arith::MulIOp::create(b, p, c16);
      Value zero = arith::ConstantOp::create(b, b.getZeroAttr(v16i32));
      auto qLoop = scf::ForOp::create(
          b, cst(0), cst(kq), cst(1), ValueRange{zero},
          [&](OpBuilder &nb, Location loc, Value q, ValueRange iter) {
            OpBuilder::InsertionGuard guard(b);
            b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
            Value k = arith::MulIOp::create(b, q, c4);
            Value sum = iter[0];
            SmallVector<Value> r;
            for (int64_t j = 0; j < 4; ++j) {
              Value kj = j ? arith::AddIOp::create(b, k, cst(j)).getResult() : k;
              Value v = vector::LoadOp::create(b, v16i8, bMem, idx(bi, {kj, n0}));
              if (bFlip)
                v = arith::XOrIOp::create(b, v, i8Const(-128, 16));
              if (corrCol)
                sum = arith::AddIOp::create(
                    b, sum, arith::ExtSIOp::create(b, v16i32, v));
              r.push_back(v);
            }
            auto v32i8 = VectorType::get({32}, b.getI8Type());
            Value lo = vector::InterleaveOp::create(b, v32i8, r[0], r[1]);
            Value hi = vector::InterleaveOp::create(b, v32i8, r[2], r[3]);
            Value lo16 = vector::BitCastOp::create(b, v16i16, lo);
            Value hi16 = vector::BitCastOp::create(b, v16i16, hi);
            Value both = vector::InterleaveOp::create(
                b, VectorType::get({32}, i16()), lo16, hi16);
            vector::StoreOp::create(
                b,
                vector::BitCastOp::create(
                    b, VectorType::get({64}, b.getI8Type()), both),
                bPacked, ValueRange{c0, p, q, c0});
            scf::YieldOp::create(b, ValueRange{sum});
          });
      if (corrCol) {
        Value old = vector::LoadOp::create(b, v16i32, corrCol,
                                           ValueRange{c0, n0});
        Value d = arith::MulIOp::create(
            b, vector::BroadcastOp::create(b, v16i32, zaPv),
            qLoop.getResult(0));
        vector::StoreOp::create(b, arith::SubIOp::create(b, old, d), corrCol,
                                ValueRange{c0, n0});
      }
    });
    auto scalar = [&](Value k, Value n) {
      Value q = memref::LoadOp::create(b, bMem, idx(bi, {k, n}));
      if (bFlip)
        q = arith::XOrIOp::create(b, q, i8Const(-128));
      Value p = arith::DivUIOp::create(b, n, c16);
      Value j = arith::RemUIOp::create(b, n, c16);
      Value kq = arith::DivUIOp::create(b, k, c4);
      Value off = arith::AddIOp::create(b, arith::MulIOp::create(b, j, c4),
                                        arith::RemUIOp::create(b, k, c4));
      memref::StoreOp::create(b, q, bPacked, ValueRange{c0, p, kq, off});
      if (corrCol) {
        Value old = memref::LoadOp::create(b, corrCol, ValueRange{c0, n});
        Value d =
            arith::MulIOp::create(b, zaPv, arith::ExtSIOp::create(b, i32, q));
        memref::StoreOp::create(b, arith::SubIOp::create(b, old, d), corrCol,
                                ValueRange{c0, n});
      }
    };
    // Ragged parts: the last rows (K % 4) of the full panels, then every
    // row of the columns past them.
    loop(4 * kq, info.k, 1, [&](Value k) {
      loop(0, npFull * kNR, 1, [&](Value n) { scalar(k, n); });
    });
    loop(0, info.k, 1, [&](Value k) {
      loop(npFull * kNR, info.n, 1, [&](Value n) { scalar(k, n); });
    });
  }

  /// vnni: C[m][n] += corrCol[n] - zbP * rowSum[m].
  void epilogueVnni(Value bi) {
    if (!corrCol && !rowSum)
      return;
    auto v8 = VectorType::get({8}, b.getI32Type());
    Value colBatch = bConstant && info.batched ? bi : cst(0);
    int64_t n8 = info.n / 8 * 8;
    Value zero = arith::ConstantOp::create(b, b.getI32IntegerAttr(0));
    Value negZb = arith::ConstantOp::create(b, b.getI32IntegerAttr(-zbP));
    loop(0, info.m, 1, [&](Value m) {
      Value r = rowSum ? arith::MulIOp::create(
                             b, negZb,
                             memref::LoadOp::create(b, rowSum, ValueRange{m}))
                             .getResult()
                       : zero;
      Value rv = vector::BroadcastOp::create(b, v8, r);
      loop(0, n8, 8, [&](Value n) {
        SmallVector<Value> ci = idx(bi, {m, n});
        Value t =
            arith::AddIOp::create(b, vector::LoadOp::create(b, v8, c, ci), rv);
        if (corrCol)
          t = arith::AddIOp::create(
              b, t,
              vector::LoadOp::create(b, v8, corrCol, ValueRange{colBatch, n}));
        vector::StoreOp::create(b, t, c, ci);
      });
      loop(n8, info.n, 1, [&](Value n) {
        SmallVector<Value> ci = idx(bi, {m, n});
        Value t = arith::AddIOp::create(b, memref::LoadOp::create(b, c, ci), r);
        if (corrCol)
          t = arith::AddIOp::create(
              b, t,
              memref::LoadOp::create(b, corrCol, ValueRange{colBatch, n}));
        memref::StoreOp::create(b, t, c, ci);
      });
    });
  }

  /// Ap = ext(A) - zpA as i16 in micro-panels (storeA), K padded to even.
  void packA(Value bi) {
    int64_t k16 = info.k / 16 * 16;
    auto v16i8 =
        VectorType::get({16}, cast<MemRefType>(a.getType()).getElementType());
    loop(0, info.m, 1, [&](Value m) {
      loop(0, k16, 16, [&](Value k) {
        Value q = vector::LoadOp::create(b, v16i8, a, idx(bi, {m, k}));
        storeA(m, k, widen(q, info.a), 2);
      });
      loop(k16, info.k, 1, [&](Value k) {
        Value q = memref::LoadOp::create(b, a, idx(bi, {m, k}));
        storeA(m, k, widen(q, info.a), 2);
      });
      if (info.k % 2)
        storeA(m, cst(info.k),
               arith::ConstantOp::create(b, b.getI16IntegerAttr(0)), 2);
    });
  }

  /// Runtime packing of B (not a constant): zero fill, then full panels
  /// (16 columns, and k pairs for int) with vector loads, interleaves and
  /// stores; the ragged last rows / columns element by element.
  void packBRuntime(Value bi) {
    Value zero =
        info.isFloat
            ? arith::ConstantOp::create(b, b.getF32FloatAttr(0)).getResult()
            : arith::ConstantOp::create(b, b.getI16IntegerAttr(0)).getResult();
    linalg::FillOp::create(b, ValueRange{zero}, ValueRange{bPacked});
    Value c0 = cst(0), c16 = cst(16), c2 = cst(2);
    Type bElem = cast<MemRefType>(bMem.getType()).getElementType();
    auto v16 = VectorType::get({kNR}, bElem);
    int64_t npFull = info.n / kNR;
    int64_t kFull = info.isFloat ? info.k : info.k / 2 * 2;
    // Full panels.
    loop(0, npFull, 1, [&](Value p) {
      Value n0 = arith::MulIOp::create(b, p, c16);
      if (info.isFloat) {
        loop(0, info.k, 1, [&](Value k) {
          Value v = vector::LoadOp::create(b, v16, bMem, idx(bi, {k, n0}));
          vector::StoreOp::create(b, v, bPacked, ValueRange{c0, p, k, c0});
        });
        return;
      }
      loop(0, kFull / 2, 1, [&](Value kp) {
        Value k = arith::MulIOp::create(b, kp, c2);
        Value k1 = arith::AddIOp::create(b, k, cst(1));
        Value lo = widen(vector::LoadOp::create(b, v16, bMem, idx(bi, {k, n0})),
                         info.b);
        Value hi = widen(
            vector::LoadOp::create(b, v16, bMem, idx(bi, {k1, n0})), info.b);
        Value both = vector::InterleaveOp::create(
            b, VectorType::get({2 * kNR}, i16()), lo, hi);
        vector::StoreOp::create(b, both, bPacked, ValueRange{c0, p, kp, c0});
      });
    });
    // Ragged parts: columns of the last panel (all k), then the odd last k.
    auto scalar = [&](Value k, Value n) {
      Value q = memref::LoadOp::create(b, bMem, idx(bi, {k, n}));
      Value p = arith::DivUIOp::create(b, n, c16);
      Value j = arith::RemUIOp::create(b, n, c16);
      if (info.isFloat) {
        memref::StoreOp::create(b, q, bPacked, ValueRange{c0, p, k, j});
        return;
      }
      Value kp = arith::DivUIOp::create(b, k, c2);
      Value off = arith::AddIOp::create(b, arith::MulIOp::create(b, j, c2),
                                        arith::RemUIOp::create(b, k, c2));
      memref::StoreOp::create(b, widen(q, info.b), bPacked,
                              ValueRange{c0, p, kp, off});
    };
    loop(0, info.k, 1, [&](Value k) {
      loop(npFull * kNR, info.n, 1, [&](Value n) { scalar(k, n); });
    });
    loop(kFull, info.k, 1, [&](Value k) {
      loop(0, npFull * kNR, 1, [&](Value n) { scalar(k, n); });
    });
  }

  /// Packs a constant B at compile time into a new constant global.
  Value packBConstant(DenseElementsAttr dense, memref::GlobalOp global,
                      MemRefType packedTy) {
    int64_t panelSize = kb * 2 * kNR / (info.isFloat ? 2 : 1);
    int64_t batchSize = np * panelSize;
    int64_t total = info.batch * batchSize;
    auto tensorTy =
        RankedTensorType::get(packedTy.getShape(), packedTy.getElementType());
    DenseElementsAttr packed;
    int64_t kk = info.k, nn = info.n;
    if (info.vnni) {
      panelSize = kb * 4 * kNR;
      batchSize = np * panelSize;
      total = info.batch * batchSize;
      std::vector<int8_t> out(total, 0);
      std::vector<int32_t> corr(info.batch * nn, 0);
      auto vals = llvm::to_vector(dense.getValues<APInt>());
      for (int64_t bi = 0; bi < info.batch; ++bi) {
        std::vector<int64_t> colSum(nn, 0);
        for (int64_t k = 0; k < kk; ++k)
          for (int64_t n = 0; n < nn; ++n) {
            const APInt &q = vals[(bi * kk + k) * nn + n];
            int64_t v = info.b.isUnsigned ? int64_t(q.getZExtValue()) - 128
                                          : q.getSExtValue();
            out[bi * batchSize + (n / kNR) * panelSize + (k / 4) * 4 * kNR +
                4 * (n % kNR) + k % 4] = int8_t(v);
            colSum[n] += v;
          }
        for (int64_t n = 0; n < nn; ++n)
          corr[bi * nn + n] =
              int32_t(uint32_t(uint64_t(kk) * uint64_t(zaP) * uint64_t(zbP) -
                               uint64_t(zaP) * uint64_t(colSum[n])));
      }
      packed = DenseElementsAttr::get(tensorTy, llvm::ArrayRef<int8_t>(out));
      if (zaP != 0) {
        auto corrTy = MemRefType::get({info.batch, nn}, b.getI32Type());
        auto corrTensorTy =
            RankedTensorType::get({info.batch, nn}, b.getI32Type());
        OpBuilder cb(global);
        cb.setInsertionPointAfter(global);
        auto corrGlobal = memref::GlobalOp::create(
            cb, global.getLoc(),
            cb.getStringAttr(uniqueGlobalName(global, "_x86_colcorr")),
            cb.getStringAttr("private"), TypeAttr::get(corrTy),
            DenseElementsAttr::get(corrTensorTy, llvm::ArrayRef<int32_t>(corr)),
            cb.getUnitAttr(), cb.getI64IntegerAttr(64));
        corrCol =
            memref::GetGlobalOp::create(b, corrTy, corrGlobal.getSymName());
      }
    } else if (info.isFloat) {
      std::vector<float> out(total, 0.0f);
      auto vals = llvm::to_vector(dense.getValues<float>());
      for (int64_t bi = 0; bi < info.batch; ++bi)
        for (int64_t k = 0; k < kk; ++k)
          for (int64_t n = 0; n < nn; ++n)
            out[bi * batchSize + (n / kNR) * panelSize + k * kNR + n % kNR] =
                vals[(bi * kk + k) * nn + n];
      packed = DenseElementsAttr::get(tensorTy, llvm::ArrayRef<float>(out));
    } else {
      std::vector<int16_t> out(total, 0);
      auto vals = llvm::to_vector(dense.getValues<APInt>());
      const IntOperand &x = info.b;
      for (int64_t bi = 0; bi < info.batch; ++bi)
        for (int64_t k = 0; k < kk; ++k)
          for (int64_t n = 0; n < nn; ++n) {
            const APInt &q = vals[(bi * kk + k) * nn + n];
            int64_t v =
                (x.isUnsigned ? int64_t(q.getZExtValue()) : q.getSExtValue()) -
                x.zp;
            out[bi * batchSize + (n / kNR) * panelSize + (k / 2) * 2 * kNR +
                2 * (n % kNR) + k % 2] = int16_t(v);
          }
      packed = DenseElementsAttr::get(tensorTy, llvm::ArrayRef<int16_t>(out));
    }
    OpBuilder mb(global);
    mb.setInsertionPointAfter(global);
    auto newGlobal = memref::GlobalOp::create(
        mb, global.getLoc(),
        mb.getStringAttr(uniqueGlobalName(global, "_x86_packed")),
        mb.getStringAttr("private"), TypeAttr::get(packedTy), packed,
        mb.getUnitAttr(), mb.getI64IntegerAttr(64));
    return memref::GetGlobalOp::create(b, packedTy, newGlobal.getSymName());
  }

  /// Lanes [0, valid) of a vector of type `vt` at mem[at] (the rest 0).
  Value loadLanes(VectorType vt, Value mem, ValueRange at, int64_t valid) {
    if (valid == vt.getNumElements())
      return vector::LoadOp::create(b, vt, mem, at);
    Value mask = vector::ConstantMaskOp::create(
        b, VectorType::get(vt.getShape(), b.getI1Type()),
        ArrayRef<int64_t>{valid});
    return vector::MaskedLoadOp::create(
        b, vt, mem, at, mask,
        arith::ConstantOp::create(b, b.getZeroAttr(vt)));
  }

  /// Fused: the accumulator's initial value for columns col .. (`valid`
  /// real): the init's bias, or zero.
  Value fusedInit(VectorType vt, Value col, int64_t valid) {
    if (biasMem)
      return loadLanes(vt, biasMem, ValueRange{col}, valid);
    if (biasScalar)
      return vector::BroadcastOp::create(b, vt, biasScalar);
    return arith::ConstantOp::create(b, b.getZeroAttr(vt));
  }

  /// Fused: -zbP * rowSum[row] on every lane (null without a row term).
  Value fusedRowTerm(VectorType vt, Value row) {
    if (!rowSum)
      return Value();
    Value s = arith::MulIOp::create(
        b, memref::LoadOp::create(b, rowSum, ValueRange{row}),
        arith::ConstantOp::create(b, b.getI32IntegerAttr(-zbP)));
    return vector::BroadcastOp::create(b, vt, s);
  }

  /// Fused: the finished accumulator `v` of row `row`, columns col ..
  /// (`valid` lanes real) + corrCol[col ..] + `rowTerm`, the consumer's
  /// body, stored into its output c.
  void storeFused(Value bi, Value v, Value row, Value col, int64_t valid,
                  Value rowTerm) {
    auto vt = cast<VectorType>(v.getType());
    if (corrCol) {
      Value colBatch = bConstant && info.batched ? bi : cst(0);
      v = arith::AddIOp::create(
          b, v, loadLanes(vt, corrCol, ValueRange{colBatch, col}, valid));
    }
    if (rowTerm)
      v = arith::AddIOp::create(b, v, rowTerm);
    // A full-shape consumer input (a residual) is read as [rows, N].
    Value flatRow =
        info.batched
            ? arith::AddIOp::create(
                  b, arith::MulIOp::create(b, bi, cst(info.m)), row)
                  .getResult()
            : row;
    Value r = fusion::applyEpilogue(b, b.getLoc(), *fu, v, col, valid, flatRow);
    SmallVector<Value> ci = idx(bi, {row, col});
    if (valid == vt.getNumElements())
      vector::StoreOp::create(b, r, c, ci);
    else
      storeTail(b, b.getLoc(), r, c, ci, valid);
  }

  /// One register tile: `rows` rows from `m`, panel `p`, `cols` valid
  /// columns (16 for full panels), reduction steps [k0, kEnd).
  void micro(Value bi, int64_t rows, Value p, Value m, int64_t cols, Value k0,
             Value kEnd) {
    Type accElem = info.isFloat ? Type(b.getF32Type()) : Type(b.getI32Type());
    auto accTy = VectorType::get({8}, accElem);
    int64_t halves = cols > 8 ? 2 : 1;
    Value col0 = arith::MulIOp::create(b, p, cst(kNR));
    SmallVector<Value> rowIdx, colIdx;
    for (int64_t i = 0; i < rows; ++i)
      rowIdx.push_back(i == 0 ? m : arith::AddIOp::create(b, m, cst(i)));
    for (int64_t h = 0; h < halves; ++h)
      colIdx.push_back(h == 0 ? col0
                              : arith::AddIOp::create(b, col0, cst(8 * h)));
    auto valid = [&](int64_t h) { return std::min<int64_t>(8, cols - 8 * h); };
    Value zeroAcc = arith::ConstantOp::create(b, b.getZeroAttr(accTy));
    auto maskTy = VectorType::get({8}, b.getI1Type());
    SmallVector<Value> accs, init;
    if (fu)
      for (int64_t h = 0; h < halves; ++h)
        init.push_back(fusedInit(accTy, colIdx[h], valid(h)));
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t h = 0; h < halves; ++h) {
        SmallVector<Value> ci = idx(bi, {rowIdx[i], colIdx[h]});
        if (fu) {
          accs.push_back(init[h]);
        } else if (valid(h) == 8) {
          accs.push_back(vector::LoadOp::create(b, accTy, c, ci));
        } else {
          Value mask = vector::ConstantMaskOp::create(
              b, maskTy, ArrayRef<int64_t>{valid(h)});
          accs.push_back(
              vector::MaskedLoadOp::create(b, accTy, c, ci, mask, zeroAcc));
        }
      }

    Value bBatch = bConstant && info.batched ? bi : cst(0);
    Value aPanel =
        info.isFloat ? Value() : arith::DivUIOp::create(b, m, cst(mr));
    auto bVecTy = info.isFloat ? VectorType::get({8}, b.getF32Type())
                  : info.vnni  ? VectorType::get({32}, b.getI8Type())
                               : VectorType::get({16}, i16());
    int64_t kGroup = info.vnni ? 4 : 2; // k values per 32-bit lane
    auto kLoop = scf::ForOp::create(
        b, k0, kEnd, cst(1), accs,
        [&](OpBuilder &nb, Location loc, Value k, ValueRange iter) {
          ImplicitLocOpBuilder ib(loc, nb);
          SmallVector<Value> acc(iter.begin(), iter.end());
          SmallVector<Value> bv;
          for (int64_t h = 0; h < halves; ++h) {
            Value off = arith::ConstantIndexOp::create(
                ib, info.isFloat ? 8 * h : (info.vnni ? 32 * h : 16 * h));
            bv.push_back(vector::LoadOp::create(ib, bVecTy, bPacked,
                                                ValueRange{bBatch, p, k, off}));
          }
          for (int64_t i = 0; i < rows; ++i) {
            Value av;
            if (info.isFloat) {
              Value s = memref::LoadOp::create(ib, a, idx(bi, {rowIdx[i], k}));
              av = vector::BroadcastOp::create(ib, accTy, s);
            } else {
              Type aElem = info.vnni ? Type(ib.getI8Type()) : Type(i16());
              Value pair = vector::LoadOp::create(
                  ib, VectorType::get({kGroup}, aElem), aPacked,
                  ValueRange{aPanel, k,
                             arith::ConstantIndexOp::create(ib, i * kGroup)});
              Value w = vector::BitCastOp::create(
                  ib, VectorType::get({1}, ib.getI32Type()), pair);
              Value bc = vector::BroadcastOp::create(ib, accTy, w);
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

    for (int64_t i = 0; i < rows; ++i) {
      Value rowTerm = fu ? fusedRowTerm(accTy, rowIdx[i]) : Value();
      for (int64_t h = 0; h < halves; ++h) {
        Value v = kLoop.getResult(i * halves + h);
        if (fu) {
          storeFused(bi, v, rowIdx[i], colIdx[h], valid(h), rowTerm);
          continue;
        }
        SmallVector<Value> ci = idx(bi, {rowIdx[i], colIdx[h]});
        if (valid(h) == 8)
          vector::StoreOp::create(b, v, c, ci);
        else
          storeTail(b, b.getLoc(), v, c, ci, valid(h));
      }
    }
  }

  /// vnni register tile on zmm: `rows` rows from `m` (at most kMRZmm),
  /// the panels from `p` holding `cols` valid columns (one 16 x i32
  /// accumulator per panel and row, the last one masked when partial), k
  /// quads [k0, kEnd): per k quad one 64-byte load per panel (16 columns x
  /// 4 k of B'), one vpbroadcastd of each row's A' quad and
  /// `llvm.x86.avx512.vpdpbusd.512` per accumulator.
  void microVnni(Value bi, int64_t rows, Value p, Value m, int64_t cols,
                 Value k0, Value kEnd, bool zeroInit) {
    // Fused: the accumulators start from the init (zeroInit is implied).
    auto accTy = VectorType::get({16}, b.getI32Type());
    auto byteTy = VectorType::get({64}, b.getI8Type());
    auto maskTy = VectorType::get({16}, b.getI1Type());
    int64_t nv = (cols + kNR - 1) / kNR;
    auto valid = [&](int64_t h) {
      return std::min<int64_t>(kNR, cols - kNR * h);
    };
    auto maskOf = [&](int64_t h) -> Value {
      return vector::ConstantMaskOp::create(b, maskTy,
                                            ArrayRef<int64_t>{valid(h)});
    };
    Value col0 = arith::MulIOp::create(b, p, cst(kNR));
    SmallVector<Value> rowIdx, colIdx, panel;
    for (int64_t i = 0; i < rows; ++i)
      rowIdx.push_back(i == 0 ? m : arith::AddIOp::create(b, m, cst(i)));
    for (int64_t h = 0; h < nv; ++h) {
      colIdx.push_back(h == 0 ? col0
                              : arith::AddIOp::create(b, col0, cst(kNR * h)));
      panel.push_back(h == 0 ? p : arith::AddIOp::create(b, p, cst(h)));
    }
    Value zeroAcc = arith::ConstantOp::create(b, b.getZeroAttr(accTy));
    SmallVector<Value> accs, init;
    if (fu)
      for (int64_t h = 0; h < nv; ++h)
        init.push_back(fusedInit(accTy, colIdx[h], valid(h)));
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t h = 0; h < nv; ++h) {
        SmallVector<Value> ci = idx(bi, {rowIdx[i], colIdx[h]});
        if (fu) {
          accs.push_back(init[h]);
          continue;
        }
        if (zeroInit) {
          accs.push_back(zeroAcc);
          continue;
        }
        accs.push_back(valid(h) == kNR
                           ? vector::LoadOp::create(b, accTy, c, ci).getResult()
                           : vector::MaskedLoadOp::create(b, accTy, c, ci,
                                                          maskOf(h), zeroAcc)
                                 .getResult());
      }
    Value bBatch = bConstant && info.batched ? bi : cst(0);
    Value aPanel = directA ? Value() : arith::DivUIOp::create(b, m, cst(mr));
    auto kLoop = scf::ForOp::create(
        b, k0, kEnd, cst(1), accs,
        [&](OpBuilder &nb, Location loc, Value k, ValueRange iter) {
          ImplicitLocOpBuilder ib(loc, nb);
          SmallVector<Value> acc(iter.begin(), iter.end());
          Value c0 = arith::ConstantIndexOp::create(ib, 0);
          SmallVector<Value> bv;
          for (int64_t h = 0; h < nv; ++h)
            bv.push_back(vector::LoadOp::create(
                ib, byteTy, bPacked, ValueRange{bBatch, panel[h], k, c0}));
          Value k4 = directA ? arith::MulIOp::create(
                                   ib, k, arith::ConstantIndexOp::create(ib, 4))
                                   .getResult()
                             : Value();
          for (int64_t i = 0; i < rows; ++i) {
            auto quadTy = VectorType::get({4}, ib.getI8Type());
            Value quad =
                directA
                    ? vector::LoadOp::create(ib, quadTy, a,
                                             idx(bi, {rowIdx[i], k4}))
                    : vector::LoadOp::create(
                          ib, quadTy, aPacked,
                          ValueRange{aPanel, k,
                                     arith::ConstantIndexOp::create(ib, 4 * i)});
            Value w = vector::BitCastOp::create(
                ib, VectorType::get({1}, ib.getI32Type()), quad);
            Value av = vector::BitCastOp::create(
                ib, byteTy, vector::BroadcastOp::create(ib, accTy, w));
            for (int64_t h = 0; h < nv; ++h) {
              Value &x = acc[i * nv + h];
              x = LLVM::CallIntrinsicOp::create(
                      ib, accTy,
                      ib.getStringAttr("llvm.x86.avx512.vpdpbusd.512"),
                      ValueRange{x, av, bv[h]})
                      .getResult(0);
            }
          }
          scf::YieldOp::create(ib, acc);
        });
    for (int64_t i = 0; i < rows; ++i) {
      Value rowTerm = fu ? fusedRowTerm(accTy, rowIdx[i]) : Value();
      for (int64_t h = 0; h < nv; ++h) {
        Value v = kLoop.getResult(i * nv + h);
        if (fu) {
          storeFused(bi, v, rowIdx[i], colIdx[h], valid(h), rowTerm);
          continue;
        }
        SmallVector<Value> ci = idx(bi, {rowIdx[i], colIdx[h]});
        if (valid(h) == kNR)
          vector::StoreOp::create(b, v, c, ci);
        else
          storeTail(b, b.getLoc(), v, c, ci, valid(h));
      }
    }
  }

  /// vnni: k blocks of kKCZmm quads; A blocks of at most kMCZmm rows; register
  /// tiles of kMRZmm rows x kNPZmm panels (the last N columns in one
  /// narrower tile, the last M % kMRZmm rows in a shorter one).
  void kernelVnni(Value bi) {
    int64_t mFull = info.m / mr * mr, mTail = info.m % mr;
    int64_t tileCols = kNPZmm * kNR;
    int64_t groups = info.n / tileCols, restCols = info.n % tileCols;
    Value restP = cst(groups * kNPZmm);
    // Fused: one block of all K; A blocks of at most kAFusedBytes of A'.
    int64_t mcMax = kMCZmm;
    if (fu)
      mcMax = std::max(mr, std::min(kMCZmm, kAFusedBytes / (4 * kb) / mr * mr));
    auto kBlock = [&](Value k0, bool z) {
      Value kEnd = fu ? cst(kb)
                      : arith::MinSIOp::create(
                            b, arith::AddIOp::create(b, k0, cst(kKCZmm)),
                            cst(kb))
                            .getResult();
      // Row blocks x column groups write disjoint tiles of C and read only
      // packed A / B: an scf.parallel, which qnn-lower-to-llvm{threads=0}
      // shares between threads (sequential in this order otherwise: the
      // same loop nest as before).
      // Blocks of at most kMCZmm rows, as equal as whole tiles allow (so
      // that the tasks of one row block cost the same: 504 rows are 6
      // blocks of 84, not 5 of 96 and one of 24).
      int64_t mBlocks = (mFull + mcMax - 1) / mcMax;
      int64_t mc = mBlocks ? llvm::divideCeil(llvm::divideCeil(mFull, mBlocks), mr) * mr
                           : mcMax;
      mBlocks = mc ? (mFull + mc - 1) / mc : 0;
      auto blockRows = [&](Value blk) {
        Value mb = arith::MulIOp::create(b, blk, cst(mc));
        Value mEnd = arith::MinSIOp::create(
            b, arith::AddIOp::create(b, mb, cst(mc)), cst(mFull));
        return std::make_pair(mb, mEnd);
      };
      if (mBlocks > 0 && groups > 0)
        parallel2(mBlocks, groups, [&](Value blk, Value g) {
          auto [mb, mEnd] = blockRows(blk);
          Value p = arith::MulIOp::create(b, g, cst(kNPZmm));
          loop(mb, mEnd, mr, [&](Value m) {
            microVnni(bi, mr, p, m, tileCols, k0, kEnd, z);
          });
        });
      if (mBlocks > 0 && restCols)
        parallel2(mBlocks, 1, [&](Value blk, Value) {
          auto [mb, mEnd] = blockRows(blk);
          loop(mb, mEnd, mr, [&](Value m) {
            microVnni(bi, mr, restP, m, restCols, k0, kEnd, z);
          });
        });
      if (mTail) {
        Value m = cst(mFull);
        loop(0, groups, 1, [&](Value g) {
          microVnni(bi, mTail, arith::MulIOp::create(b, g, cst(kNPZmm)), m,
                    tileCols, k0, kEnd, z);
        });
        if (restCols)
          microVnni(bi, mTail, restP, m, restCols, k0, kEnd, z);
      }
    };
    if (fu) {
      kBlock(cst(0), true);
      return;
    }
    // The first k block starts from zero when C was zero-filled.
    if (zeroInitC)
      kBlock(cst(0), true);
    loop(zeroInitC ? kKCZmm : 0, kb, kKCZmm,
         [&](Value k0) { kBlock(k0, false); });
  }

  void kernel(Value bi) {
    if (info.vnni && !vex) {
      kernelVnni(bi);
      return;
    }
    int64_t kc = info.isFloat ? kKCF32 : (info.vnni ? kKCInt / 2 : kKCInt);
    if (fu) // one block of all K: the tiles finish in registers
      kc = kb;
    int64_t mFull = info.m / mr * mr, mTail = info.m % mr;
    int64_t npFull = info.n / kNR, nTail = info.n % kNR;
    // As for vnni: (row block) x (panel) tiles of one k block are an
    // scf.parallel (disjoint C tiles, packed A and B), the same loop nest
    // when sequential.
    int64_t mBlocks = (mFull + kMC - 1) / kMC;
    loop(0, kb, kc, [&](Value k0) {
      Value kEnd = arith::MinSIOp::create(
          b, arith::AddIOp::create(b, k0, cst(kc)), cst(kb));
      auto blockRows = [&](Value blk) {
        Value mb = arith::MulIOp::create(b, blk, cst(kMC));
        Value mEnd = arith::MinSIOp::create(
            b, arith::AddIOp::create(b, mb, cst(kMC)), cst(mFull));
        return std::make_pair(mb, mEnd);
      };
      if (mBlocks > 0 && npFull > 0)
        parallel2(mBlocks, npFull, [&](Value blk, Value p) {
          auto [mb, mEnd] = blockRows(blk);
          loop(mb, mEnd, mr,
               [&](Value m) { micro(bi, mr, p, m, kNR, k0, kEnd); });
        });
      if (mBlocks > 0 && nTail)
        parallel2(mBlocks, 1, [&](Value blk, Value) {
          auto [mb, mEnd] = blockRows(blk);
          loop(mb, mEnd, mr, [&](Value m) {
            micro(bi, mr, cst(npFull), m, nTail, k0, kEnd);
          });
        });
      if (mTail) {
        loop(0, npFull, 1,
             [&](Value p) { micro(bi, mTail, p, cst(mFull), kNR, k0, kEnd); });
        if (nTail)
          micro(bi, mTail, cst(npFull), cst(mFull), nTail, k0, kEnd);
      }
    });
  }
};

} // namespace

LogicalResult lowerMatmulToX86AVX2(linalg::LinalgOp op, bool vnni, bool vex,
                                   bool fusedOnly) {
  MatmulInfo info;
  unsigned reductionDims = 1;
  if (!matchMatmul(op, info, reductionDims))
    return failure();
  // Fused: the matmul runs where its consumer was and writes the
  // consumer's output.
  fusion::Fusion fusion;
  if (fusedOnly && !fusion::matchFusion(op, fusion, /*allowFullInputs=*/true))
    return failure();
  // The vnni scheme flips the sign bit of 8-bit operands.
  info.vnni = vnni && !info.isFloat && info.a.width == 8 && info.b.width == 8;
  ImplicitLocOpBuilder b(op.getLoc(), fusedOnly
                                          ? fusion.consumer.getOperation()
                                          : op.getOperation());
  Generator g{b, info};
  g.a = op->getOperand(0);
  g.bMem = op->getOperand(1);
  g.c = fusedOnly ? fusion.consumer.getDpsInitOperand(0)->get()
                  : op->getOperand(2);
  if (fusedOnly) {
    g.fu = &fusion;
    g.biasMem = fusion.initBias;
    // A splat zero init is the kernel's zero start.
    if (fusion.initScalar && !matchPattern(fusion.initScalar, m_Zero()) &&
        !matchPattern(fusion.initScalar, m_PosZeroFloat()))
      g.biasScalar = fusion.initScalar;
  }
  // Several reduction dimensions: view A as [batch,] M x K and B as
  // [batch,] K x N (identity layouts, so the collapse is free). A constant
  // B keeps its global (same element order).
  Value bSource = g.bMem;
  if (reductionDims > 1) {
    unsigned o = info.batched ? 1 : 0;
    auto group = [](unsigned from, unsigned count) {
      ReassociationIndices r;
      for (unsigned i = 0; i < count; ++i)
        r.push_back(from + i);
      return r;
    };
    SmallVector<ReassociationIndices> aRe, bRe;
    if (info.batched) {
      aRe.push_back({0});
      bRe.push_back({0});
    }
    aRe.push_back({int64_t(o)});
    aRe.push_back(group(o + 1, reductionDims));
    bRe.push_back(group(o, reductionDims));
    bRe.push_back({int64_t(o + reductionDims)});
    g.a = memref::CollapseShapeOp::create(b, g.a, aRe);
    g.bMem = memref::CollapseShapeOp::create(b, g.bMem, bRe);
  }
  g.kb =
      info.isFloat ? info.k : (info.vnni ? (info.k + 3) / 4 : (info.k + 1) / 2);
  g.np = (info.n + kNR - 1) / kNR;
  auto align = b.getI64IntegerAttr(64);
  if (info.vnni) {
    g.vex = vex;
    g.mr = vex ? kMR : kMRZmm;
    g.aFlip = !info.a.isUnsigned;
    g.bFlip = info.b.isUnsigned;
    g.zaP = info.a.zp + (info.a.isUnsigned ? 0 : 128);
    g.zbP = info.b.zp - (info.b.isUnsigned ? 128 : 0);
    // Unsigned A with K % 4 == 0 is read in place (rows 4 KiB apart would
    // share one L1 set: packed then).
    // (The ymm tile of vex reads packed A and starts from C.)
    g.directA = !vex && !g.aFlip && info.k % 4 == 0 && info.k % 4096 != 0;
    // A zero fill of C right before: dropped, the kernel starts from 0.
    auto fill = dyn_cast_or_null<linalg::FillOp>(op->getPrevNode());
    if (!vex && !g.fu && fill && fill.hasPureBufferSemantics() &&
        fill.getOutputs()[0] == g.c && matchPattern(fill.value(), m_Zero())) {
      g.zeroInitC = true;
      fill->erase();
    }
  }

  // Packed B: [batch or 1][panel][kb][16 x f32 | 32 x i16 | 64 x i8].
  Type bElem = info.isFloat ? Type(b.getF32Type())
               : info.vnni  ? Type(b.getI8Type())
                            : Type(b.getI16Type());
  int64_t lanes = info.isFloat ? kNR : (info.vnni ? 4 * kNR : 2 * kNR);
  memref::GlobalOp global;
  DenseElementsAttr dense = constantGlobalValue(bSource, &global);
  SmallVector<Value> allocs;
  if (dense) {
    auto ty = MemRefType::get({info.batch, g.np, g.kb, lanes}, bElem);
    g.bPacked = g.packBConstant(dense, global, ty);
    g.bConstant = true;
  } else {
    auto ty = MemRefType::get({1, g.np, g.kb, lanes}, bElem);
    g.bPacked = memref::AllocOp::create(b, ty, align);
    allocs.push_back(g.bPacked);
    if (info.vnni && g.zaP != 0) {
      g.corrCol = memref::AllocOp::create(
          b, MemRefType::get({1, info.n}, b.getI32Type()), align);
      allocs.push_back(g.corrCol);
    }
  }
  if (info.vnni) {
    if (!g.directA) {
      g.aPacked = memref::AllocOp::create(
          b,
          MemRefType::get({(info.m + g.mr - 1) / g.mr, g.kb, 4 * g.mr},
                          b.getI8Type()),
          align);
      allocs.push_back(g.aPacked);
    }
    if (g.zbP != 0) {
      g.rowSum = memref::AllocOp::create(
          b, MemRefType::get({info.m}, b.getI32Type()), align);
      allocs.push_back(g.rowSum);
    }
  } else if (!info.isFloat) {
    auto ty = MemRefType::get({(info.m + g.mr - 1) / g.mr, g.kb, 2 * g.mr},
                              b.getI16Type());
    g.aPacked = memref::AllocOp::create(b, ty, align);
    allocs.push_back(g.aPacked);
  }

  auto body = [&](Value bi) {
    if (info.vnni) {
      if (!g.directA || g.rowSum)
        g.packAVnni(bi);
    } else if (!info.isFloat)
      g.packA(bi);
    if (!g.bConstant)
      info.vnni ? g.packBRuntimeVnni(bi) : g.packBRuntime(bi);
    g.kernel(bi);
    if (info.vnni && !g.fu)
      g.epilogueVnni(bi);
  };
  if (info.batched)
    g.loop(0, info.batch, 1, body);
  else
    body(Value());
  for (Value alloc : allocs)
    memref::DeallocOp::create(b, alloc);
  if (g.fu)
    fusion::eraseFused(op, fusion);
  else
    op->erase();
  return success();
}

namespace {

struct X86AVX2MatmulPass
    : public PassWrapper<X86AVX2MatmulPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(X86AVX2MatmulPass)

  StringRef getArgument() const final { return "qnn-x86-avx2-matmul"; }
  StringRef getDescription() const final {
    return "Lower static matmul-like linalg ops and 2-D NHWC convolutions "
           "(im2col) on memrefs (i8 x i8 -> i32 with zero points, f32) to "
           "packed, register-tiled AVX2 vector code (vpmaddwd / "
           "vfmadd231ps; vpdpbusd with vnni=1: 12 x 32 zmm tiles for "
           "AVX512-VNNI, or with vnni=1 vex=1 6 x 16 ymm tiles within 16 "
           "registers for VEX AVX-VNNI without AVX-512), fusing a conv's "
           "elementwise epilogue";
  }

  X86AVX2MatmulPass() = default;
  X86AVX2MatmulPass(const X86AVX2MatmulPass &other) : PassWrapper(other) {}
  X86AVX2MatmulPass(bool useVnni, bool fuse, bool useVex) {
    vnni = useVnni;
    fuseEpilogue = fuse;
    vex = useVex;
  }

  void runOnOperation() override {
    if (vex && !vnni) {
      getOperation().emitError("qnn-x86-avx2-matmul: vex=1 selects the "
                               "AVX-VNNI kernels and needs vnni=1");
      return signalPassFailure();
    }
    // Max pooling (6 loops, like the convolutions): X86Pool.cpp; zmm on
    // x86-avx512vnni only.
    SmallVector<linalg::LinalgOp> pools;
    getOperation().walk([&](linalg::LinalgOp op) { pools.push_back(op); });
    for (linalg::LinalgOp op : pools)
      (void)x86::lowerPoolToX86(op, /*zmm=*/vnni && !vex);
    // Convolutions first: a fused epilogue erases the op that consumed the
    // accumulator, so the matmuls are collected afterwards.
    SmallVector<linalg::LinalgOp> convs;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (op.getNumLoops() == 6 || op.getNumLoops() == 7)
        convs.push_back(op);
    });
    for (linalg::LinalgOp op : convs)
      if (failed(lowerDepthwiseConvToX86(op, fuseEpilogue, vnni, vex)))
        (void)lowerConvToX86(op, vnni, fuseEpilogue, vex);
    // Matmuls with a fusable epilogue: as 1 x 1 convs (this erases their
    // consumers, so the other ops are collected afterwards).
    if (fuseEpilogue) {
      SmallVector<linalg::LinalgOp> matmuls;
      getOperation().walk([&](linalg::LinalgOp op) {
        if ((op.getNumLoops() == 3 || op.getNumLoops() == 4) &&
            op.getNumReductionLoops() == 1)
          matmuls.push_back(op);
      });
      // The others (x86-avx512vnni 8-bit matmuls, run-time B, batches):
      // fused in the GEMM kernels.
      for (linalg::LinalgOp op : matmuls)
        if (failed(lowerFusedMatmulToX86(op, vnni, vex)))
          (void)lowerMatmulToX86AVX2(op, vnni, vex, /*fusedOnly=*/true);
    }
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    for (linalg::LinalgOp op : ops)
      (void)lowerMatmulToX86AVX2(op, vnni, vex);
    SmallVector<Operation *> copies;
    getOperation().walk([&](memref::CopyOp op) { copies.push_back(op); });
    for (Operation *op : copies)
      (void)lowerStridedCopyToX86(op);
  }

  Option<bool> vnni{*this, "vnni",
                    llvm::cl::desc("integer kernel with vpdpbusd (AVX512-VNNI "
                                   "+ VL) instead of vpmaddwd"),
                    llvm::cl::init(false)};
  Option<bool> vex{
      *this, "vex",
      llvm::cl::desc("with vnni=1: VEX-encoded AVX-VNNI kernels (no AVX-512: "
                     "ymm only, 6 x 16 tiles within 16 registers)"),
      llvm::cl::init(false)};
  Option<bool> fuseEpilogue{
      *this, "fuse-epilogue",
      llvm::cl::desc("apply the elementwise consumer of a conv / matmul "
                     "accumulator (requantize, bias, ReLU) in registers"),
      llvm::cl::init(true)};

  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect, LLVM::LLVMDialect,
                    linalg::LinalgDialect, memref::MemRefDialect,
                    scf::SCFDialect, vector::VectorDialect>();
  }
};

struct SetTargetFeaturesPass
    : public PassWrapper<SetTargetFeaturesPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(SetTargetFeaturesPass)

  SetTargetFeaturesPass() = default;
  SetTargetFeaturesPass(const SetTargetFeaturesPass &other)
      : PassWrapper(other) {}
  explicit SetTargetFeaturesPass(ArrayRef<StringRef> list) {
    for (StringRef f : list)
      features.push_back(f.str());
  }

  StringRef getArgument() const final { return "qnn-set-target-features"; }
  StringRef getDescription() const final {
    return "Set target_features on every llvm.func definition";
  }

  void runOnOperation() override {
    SmallVector<StringRef> list(features.begin(), features.end());
    auto attr = LLVM::TargetFeaturesAttr::get(&getContext(), list);
    getOperation().walk([&](LLVM::LLVMFuncOp func) {
      if (!func.isExternal())
        func.setTargetFeaturesAttr(attr);
    });
  }

  ListOption<std::string> features{*this, "features",
                                   llvm::cl::desc("e.g. +avx2,+fma")};
};

} // namespace

std::unique_ptr<Pass> createX86AVX2MatmulPass(bool vnni, bool fuseEpilogue,
                                              bool vex) {
  return std::make_unique<X86AVX2MatmulPass>(vnni, fuseEpilogue, vex);
}

std::unique_ptr<Pass>
createSetTargetFeaturesPass(ArrayRef<StringRef> features) {
  return std::make_unique<SetTargetFeaturesPass>(features);
}

void registerX86CodegenPasses() {
  static bool registered = false;
  if (registered)
    return;
  registered = true;
  PassRegistration<X86AVX2MatmulPass>();
  PassRegistration<SetTargetFeaturesPass>();
}

} // namespace quantmlir
