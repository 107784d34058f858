//===- AArch64Gemm.cpp - AArch64 int8 matmul code generation --------------===//
//
// Part of QuantMLIR.
//
// The aarch64-dotprod (SDOT) and aarch64-i8mm (SMMLA) strategies for 8-bit
// integer matmul-like linalg ops on memrefs, run by
// qnn-lower-to-llvm{target=aarch64-*} after bufferization:
//
//   pack A' into Ap[M/8][K/g][8 g]       (rows of a tile side by side;
//                                          rowTerm[m] = -zb' sum_k A'[m][k])
//   pack B' into Bp[N/nr][K/g][nr g]     (at compile time for a constant B;
//                                          corrCol[n] = K za' zb'
//                                                       - za' sum_k B'[k][n])
//   for m0 in M step 64
//     for p in N/nr                       (panel of nr columns)
//       for m in [m0, m0 + 64) step 8     (8 x nr register tile)
//         acc = 0
//         for kg in K/g: acc += Ap[m/8][kg] * Bp[p][kg]   (SDOT / SMMLA)
//         C[m.., p nr..] += acc + corrCol[..] + rowTerm[..]
//
// A' = A as s8 (an unsigned A flipped: A ^ 0x80 = A - 128, za' = za - 128),
// B' likewise, then sum (a - za)(b - zb) = sum A'B' - za' colsum(B')
// - zb' rowsum(A') + K za' zb', exact modulo 2^32 like the i32 reference.
// Padding (rows to 8, columns to nr, K to g) is zero in both packed operands,
// so the micro-kernel is one static variant; the epilogue stores only the
// valid rows and columns (masked vector stores at the ragged edges).
//
// SDOT (g = 4, nr = 12): a q register of Bp holds 4 columns x 4 k; one of Ap
// 4 rows x 4 k, used by element (`sdot v.4s, v.16b, v.4b[i]`): 8 x 3
// accumulators, 3 + 2 loads per 4 k.
// SMMLA (g = 8, nr = 12): a q register of Ap holds 2 rows x 8 k, one of Bp 2
// columns x 8 k; each SMMLA adds a 2 x 2 block: 4 x 6 accumulators, 4 + 6
// loads per 8 k (B streamed one register at a time, so 24 + 4 + 2 registers
// suffice); the 2 x 2 blocks are shuffled into rows in the epilogue.
//
// Convolutions (lowerConvToAArch64): the GEMM view M = N OH OW, K = KH KW
// C, N = F of a 2-D NHWC convolution with constant weights. B is the
// weights, packed at compile time (F x KH x KW x C read transposed); Ap holds
// one block of kMC output pixels, filled straight from the input (im2col:
// A'[m][(ky KW + kx) C + c] = in[n][oy sh + ky dh][ox sw + kx dw][c]) before
// every panel runs over the block's tiles; C is the output viewed as [M][F].
//
// Fused epilogue (fuse-epilogue=1, the default; lib/Conversion/
// EpilogueFusion.h, shared with x86): when the i32 accumulator is a
// temporary written by a bias broadcast / fill and read only by an
// elementwise generic (requantize, clamp, ...), the bias joins the column
// term (folded at compile time when constant), the generic's body is cloned
// on each 4-lane row vector of the tile (after the SMMLA shuffle) and its
// result stored into the generic's output (masked at the ragged edges); the
// accumulator buffer, the init and the generic disappear.
//
// Depthwise convolutions (lowerDepthwiseConvToAArch64; multiplier 1, 8-bit
// input, constant weights with w - zw fitting i16):
//
//   for r in N OH                         (one output row)
//     for c0 in C step 16 (8 when fused; a masked block of 8 for the tail)
//       w[t] = Wp[t][c0 ..] (i16, w - zw; hoisted), init = corr[c0 ..]
//       for ox in OW
//         acc = init                      (corr[c] = -zx sum_t w'[t][c] + bias)
//         for each tap t, unrolled: acc += ext16(x[..][c0 ..]) * w[t] (SMLAL)
//         out = epilogue(acc), or C += acc
//
// sum_t (x - zx) w' = sum_t x w' - zx sum_t w': x (s8 or u8) fits i16, so the
// products are SMLAL / SMLAL2 of i16 halves into i32, exact modulo 2^32.
//
// The matchers are shared with the x86 code generators
// (lib/Conversion/GemmMatchers.h, DepthwiseMatcher.h), restricted to 8-bit
// operands.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Conversion/AArch64Gemm.h"
#include "../DepthwiseMatcher.h"
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
#include <vector>

using namespace mlir;

namespace quantmlir {
namespace {

constexpr int64_t kMR = 8;  // rows of a register tile
constexpr int64_t kMC = 64; // rows per M block (a multiple of kMR)

using gemm::GemmMatch;

/// What the SDOT / SMMLA kernels take: 8-bit operands, i32 accumulators,
/// any zero points (the compensation is exact modulo 2^32).
constexpr gemm::GemmMatchOptions kMatchOptions{};

/// Two's complement wrap of `v` to 32 bits (the i32 reference arithmetic).
int32_t wrap32(uint64_t v) { return int32_t(uint32_t(v)); }

struct Generator {
  ImplicitLocOpBuilder &b;
  const GemmMatch &info;
  bool i8mm = false;
  int64_t g = 4;   // k per group: 4 (SDOT) or 8 (SMMLA)
  int64_t nr = 12; // columns per panel (a multiple of 4)
  int64_t kb = 0;  // k groups (K padded to g)
  int64_t np = 0;  // panels (N padded to nr)
  int64_t mt = 0;  // row tiles (M padded to kMR)
  Value a, bMem, c;       // the op's operands
  Value aPacked, bPacked; // Ap[mt][kb][kMR g], Bp[batch or 1][np][kb][nr g]
  bool bConstant = false;
  bool aFlip = false, bFlip = false;
  int64_t zaP = 0, zbP = 0; // zero points of A', B'
  Value corrCol;            // [batch or 1][np nr] i32, or null
  Value rowTerm;            // [M] i32, or null
  // Convolutions: A is the im2col view of the input `a` (N x IH x IW x C),
  // packed one block of kMC rows at a time; B the constant weights (F x KH x
  // KW x C: `bTransposed`, B[k][n] at n K + k; or KH x KW x C x F).
  const gemm::ConvGeometry *conv = nullptr;
  bool bTransposed = false;
  // Fused epilogue: `c` is the consumer's output (as [M][F] for a conv);
  // the bias not folded into corrCol at compile time is added from
  // biasMem ([F]) or biasScalar.
  const fusion::Fusion *fu = nullptr;
  Value biasMem, biasScalar;

  Value cst(int64_t v) { return arith::ConstantIndexOp::create(b, v); }

  /// The kernel variant, the operands A, B, C, the padded sizes (`rows`:
  /// the rows Ap holds) and the zero points of A', B'.
  void setup(bool useI8mm, Value aV, Value bV, Value cV, int64_t rows) {
    i8mm = useI8mm;
    g = i8mm ? 8 : 4;
    nr = 12;
    a = aV;
    bMem = bV;
    c = cV;
    kb = (info.k + g - 1) / g;
    np = (info.n + nr - 1) / nr;
    mt = (rows + kMR - 1) / kMR;
    aFlip = info.a.isUnsigned;
    bFlip = info.b.isUnsigned;
    zaP = info.a.zp - (info.a.isUnsigned ? 128 : 0);
    zbP = info.b.zp - (info.b.isUnsigned ? 128 : 0);
  }

  /// Allocates Ap and, when zbP != 0, rowTerm (appended to `allocs`).
  void allocA(SmallVectorImpl<Value> &allocs) {
    auto align = b.getI64IntegerAttr(64);
    aPacked = memref::AllocOp::create(
        b, MemRefType::get({mt, kb, kMR * g}, b.getI8Type()), align);
    allocs.push_back(aPacked);
    if (zbP != 0) {
      rowTerm = memref::AllocOp::create(
          b, MemRefType::get({info.m}, b.getI32Type()), align);
      allocs.push_back(rowTerm);
    }
  }

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

  SmallVector<Value> idx(Value batchIdx, ValueRange rest) {
    SmallVector<Value> r;
    if (info.batched)
      r.push_back(batchIdx);
    r.append(rest.begin(), rest.end());
    return r;
  }

  Value i8Const(int64_t v, int64_t lanes = 0) {
    if (!lanes)
      return arith::ConstantOp::create(b, b.getI8IntegerAttr(v));
    auto t = VectorType::get({lanes}, b.getI8Type());
    return arith::ConstantOp::create(
        b, DenseElementsAttr::get(t, b.getI8IntegerAttr(v).getValue()));
  }
  Value i32Const(int64_t v) {
    return arith::ConstantOp::create(b, b.getI32IntegerAttr(wrap32(v)));
  }

  /// Ap[m / 8][k / g][(m % 8) g + k % g] = `v`: a scalar for A'[m][k] or a
  /// vector of a multiple of g lanes for A'[m][k ..] (k % g == 0). `m` is
  /// the row in Ap (for a convolution, the row in the current block).
  void storeA(Value m, Value k, Value v) {
    Value t = arith::DivUIOp::create(b, m, cst(kMR));
    Value col =
        arith::MulIOp::create(b, arith::RemUIOp::create(b, m, cst(kMR)), cst(g));
    Value kq = arith::DivUIOp::create(b, k, cst(g));
    if (auto vt = dyn_cast<VectorType>(v.getType())) {
      for (int64_t j = 0; j < vt.getNumElements() / g; ++j) {
        Value piece = vector::ExtractStridedSliceOp::create(
            b, v, ArrayRef<int64_t>{j * g}, ArrayRef<int64_t>{g},
            ArrayRef<int64_t>{1});
        vector::StoreOp::create(
            b, piece, aPacked,
            ValueRange{t, arith::AddIOp::create(b, kq, cst(j)), col});
      }
      return;
    }
    memref::StoreOp::create(
        b, v, aPacked,
        ValueRange{t, kq,
                   arith::AddIOp::create(b, col,
                                         arith::RemUIOp::create(b, k, cst(g)))});
  }

  /// Packs A' (zero padded) and, when zbP != 0, rowTerm[m] = -zbP * sum_k
  /// A'[m][k].
  void packA(Value bi) {
    linalg::FillOp::create(b, ValueRange{i8Const(0)}, ValueRange{aPacked});
    int64_t k16 = info.k / 16 * 16;
    auto v16i8 = VectorType::get({16}, b.getI8Type());
    auto v16i32 = VectorType::get({16}, b.getI32Type());
    Type i32 = b.getI32Type();
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
            storeA(m, k, q);
            Value sum = iter[0];
            if (rowTerm)
              sum = arith::AddIOp::create(b, sum,
                                          arith::ExtSIOp::create(b, v16i32, q));
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
            storeA(m, k, q);
            Value sum = iter[0];
            if (rowTerm)
              sum = arith::AddIOp::create(b, sum,
                                          arith::ExtSIOp::create(b, i32, q));
            scf::YieldOp::create(b, ValueRange{sum});
          });
      if (rowTerm)
        memref::StoreOp::create(
            b, arith::MulIOp::create(b, i32Const(-zbP), tail.getResult(0)),
            rowTerm, ValueRange{m});
    });
  }

  /// Runtime packing of B' (not a constant): Bp[0][n / nr][k / g][(n % nr) g
  /// + k % g] (zero padded) and corrCol[n] = K zaP zbP - zaP sum_k B'[k][n].
  void packBRuntime(Value bi) {
    linalg::FillOp::create(b, ValueRange{i8Const(0)}, ValueRange{bPacked});
    Value c0 = cst(0), cNr = cst(nr), cG = cst(g);
    Type i32 = b.getI32Type();
    if (corrCol)
      linalg::FillOp::create(
          b,
          ValueRange{i32Const(int64_t(uint64_t(info.k) * uint64_t(zaP) *
                                      uint64_t(zbP)))},
          ValueRange{corrCol});
    Value zaPv = corrCol ? i32Const(zaP) : Value();
    loop(0, info.k, 1, [&](Value k) {
      Value kq = arith::DivUIOp::create(b, k, cG);
      Value kr = arith::RemUIOp::create(b, k, cG);
      loop(0, info.n, 1, [&](Value n) {
        Value q = memref::LoadOp::create(b, bMem, idx(bi, {k, n}));
        if (bFlip)
          q = arith::XOrIOp::create(b, q, i8Const(-128));
        Value p = arith::DivUIOp::create(b, n, cNr);
        Value j = arith::RemUIOp::create(b, n, cNr);
        Value off = arith::AddIOp::create(b, arith::MulIOp::create(b, j, cG), kr);
        memref::StoreOp::create(b, q, bPacked, ValueRange{c0, p, kq, off});
        if (corrCol) {
          Value old = memref::LoadOp::create(b, corrCol, ValueRange{c0, n});
          Value d =
              arith::MulIOp::create(b, zaPv, arith::ExtSIOp::create(b, i32, q));
          memref::StoreOp::create(b, arith::SubIOp::create(b, old, d), corrCol,
                                  ValueRange{c0, n});
        }
      });
    });
  }

  /// Packs a constant B at compile time into a new constant i8 global (and
  /// the column term into an i32 global when zaP != 0).
  /// `colBias` (empty, or one value per column): a fused epilogue's
  /// constant bias, folded into the column term.
  Value packBConstant(DenseElementsAttr dense, memref::GlobalOp global,
                      MemRefType packedTy, ArrayRef<int64_t> colBias = {}) {
    int64_t panelSize = kb * g * nr;
    int64_t batchSize = np * panelSize;
    int64_t kk = info.k, nn = info.n, nPad = np * nr;
    std::vector<int8_t> out(info.batch * batchSize, 0);
    std::vector<int32_t> corr(info.batch * nPad, 0);
    auto vals = llvm::to_vector(dense.getValues<APInt>());
    for (int64_t bi = 0; bi < info.batch; ++bi) {
      std::vector<int64_t> colSum(nn, 0);
      for (int64_t k = 0; k < kk; ++k)
        for (int64_t n = 0; n < nn; ++n) {
          const APInt &q =
              vals[bTransposed ? n * kk + k : (bi * kk + k) * nn + n];
          int64_t v = info.b.isUnsigned ? int64_t(q.getZExtValue()) - 128
                                        : q.getSExtValue();
          out[bi * batchSize + (n / nr) * panelSize + (k / g) * g * nr +
              g * (n % nr) + k % g] = int8_t(v);
          colSum[n] += v;
        }
      for (int64_t n = 0; n < nn; ++n)
        corr[bi * nPad + n] =
            wrap32(uint64_t(kk) * uint64_t(zaP) * uint64_t(zbP) -
                   uint64_t(zaP) * uint64_t(colSum[n]) +
                   (colBias.empty() ? 0 : uint64_t(colBias[n])));
    }
    OpBuilder mb(global);
    mb.setInsertionPointAfter(global);
    if (zaP != 0 || !colBias.empty())
      corrCol = gemm::addConstantGlobal(
          mb, b, global, "_aarch64_colcorr",
          DenseElementsAttr::get(
              RankedTensorType::get({info.batch, nPad}, b.getI32Type()),
              llvm::ArrayRef<int32_t>(corr)),
          16);
    return gemm::addConstantGlobal(
        mb, b, global, "_aarch64_packed",
        DenseElementsAttr::get(
            RankedTensorType::get(packedTy.getShape(), b.getI8Type()),
            llvm::ArrayRef<int8_t>(out)),
        16);
  }

  /// One register tile: rows [m, m + 8) of which `rows` are valid, panel
  /// `p` of which `cols` columns are valid.
  /// `tile`: the tile of Ap (default m / 8).
  void micro(Value bi, int64_t rows, Value p, Value m, int64_t cols,
             Value tile = nullptr) {
    auto v4i32 = VectorType::get({4}, b.getI32Type());
    auto v16i8 = VectorType::get({16}, b.getI8Type());
    // SDOT: acc[i][h] holds row i, columns 4h .. 4h + 3.
    // SMMLA: acc[r][cp] holds rows 2r, 2r + 1 x columns 2cp, 2cp + 1.
    int64_t accRows = i8mm ? kMR / 2 : kMR;
    int64_t accCols = i8mm ? nr / 2 : nr / 4;
    Value zero = arith::ConstantOp::create(b, b.getZeroAttr(v4i32));
    SmallVector<Value> init(accRows * accCols, zero);
    if (!tile)
      tile = arith::DivUIOp::create(b, m, cst(kMR));
    Value bBatch = bConstant && info.batched ? bi : cst(0);
    StringAttr intrinsic = b.getStringAttr(i8mm ? "llvm.aarch64.neon.smmla"
                                                : "llvm.aarch64.neon.sdot");
    auto kLoop = scf::ForOp::create(
        b, cst(0), cst(kb), cst(1), init,
        [&](OpBuilder &nb, Location loc, Value k, ValueRange iter) {
          ImplicitLocOpBuilder ib(loc, nb);
          SmallVector<Value> acc(iter.begin(), iter.end());
          auto at = [&](int64_t off) {
            return arith::ConstantIndexOp::create(ib, off).getResult();
          };
          auto dot = [&](Value x, Value u, Value v) {
            return LLVM::CallIntrinsicOp::create(ib, v4i32, intrinsic,
                                                 ValueRange{x, u, v})
                .getResult(0);
          };
          if (i8mm) {
            SmallVector<Value> av;
            for (int64_t r = 0; r < accRows; ++r)
              av.push_back(vector::LoadOp::create(
                  ib, v16i8, aPacked, ValueRange{tile, k, at(16 * r)}));
            for (int64_t cp = 0; cp < accCols; ++cp) {
              Value bv = vector::LoadOp::create(
                  ib, v16i8, bPacked, ValueRange{bBatch, p, k, at(16 * cp)});
              for (int64_t r = 0; r < accRows; ++r) {
                Value &x = acc[r * accCols + cp];
                x = dot(x, av[r], bv);
              }
            }
          } else {
            SmallVector<Value> bv, av;
            for (int64_t h = 0; h < accCols; ++h)
              bv.push_back(vector::LoadOp::create(
                  ib, v16i8, bPacked, ValueRange{bBatch, p, k, at(16 * h)}));
            for (int64_t q = 0; q < kMR / 4; ++q)
              av.push_back(vector::BitCastOp::create(
                  ib, v4i32,
                  vector::LoadOp::create(ib, v16i8, aPacked,
                                         ValueRange{tile, k, at(16 * q)})));
            for (int64_t i = 0; i < kMR; ++i) {
              // A'[i][k .. k + 3] in every 32-bit lane: SDOT by element.
              int64_t l = i % 4;
              Value splat = vector::ShuffleOp::create(
                  ib, av[i / 4], av[i / 4], ArrayRef<int64_t>{l, l, l, l});
              Value ai = vector::BitCastOp::create(ib, v16i8, splat);
              for (int64_t h = 0; h < accCols; ++h) {
                Value &x = acc[i * accCols + h];
                x = dot(x, bv[h], ai);
              }
            }
          }
          scf::YieldOp::create(ib, acc);
        });

    // Rows of 4-column vectors: rowv[i][h] = acc for row i, columns 4h..4h+3.
    int64_t vecs = nr / 4;
    SmallVector<SmallVector<Value>> rowv(kMR, SmallVector<Value>(vecs));
    for (int64_t i = 0; i < kMR; ++i)
      for (int64_t h = 0; h < vecs; ++h) {
        if (!i8mm) {
          rowv[i][h] = kLoop.getResult(i * accCols + h);
          continue;
        }
        Value lo = kLoop.getResult((i / 2) * accCols + 2 * h);
        Value hi = kLoop.getResult((i / 2) * accCols + 2 * h + 1);
        int64_t s = (i % 2) * 2;
        rowv[i][h] = vector::ShuffleOp::create(
            b, lo, hi, ArrayRef<int64_t>{s, s + 1, s + 4, s + 5});
      }

    // Epilogue: C += acc + corrCol + rowTerm on the valid rows / columns.
    Value colBatch = bConstant && info.batched ? bi : cst(0);
    Value col0 = arith::MulIOp::create(b, p, cst(nr));
    auto maskTy = VectorType::get({4}, b.getI1Type());
    for (int64_t i = 0; i < rows; ++i) {
      Value row = i == 0 ? m : arith::AddIOp::create(b, m, cst(i));
      Value rt;
      if (rowTerm)
        rt = vector::BroadcastOp::create(
            b, v4i32, memref::LoadOp::create(b, rowTerm, ValueRange{row}));
      for (int64_t h = 0; h < vecs && 4 * h < cols; ++h) {
        int64_t valid = std::min<int64_t>(4, cols - 4 * h);
        Value col = h == 0 ? col0 : arith::AddIOp::create(b, col0, cst(4 * h));
        Value v = rowv[i][h];
        if (corrCol)
          v = arith::AddIOp::create(
              b, v,
              vector::LoadOp::create(b, v4i32, corrCol,
                                     ValueRange{colBatch, col}));
        if (rt)
          v = arith::AddIOp::create(b, v, rt);
        SmallVector<Value> ci = idx(bi, {row, col});
        if (fu) {
          // Fused: bias, then the consumer's body on the 4 lanes in
          // registers; its result stored straight into its output.
          Value mask =
              valid == 4 ? Value()
                         : vector::ConstantMaskOp::create(
                               b, maskTy, ArrayRef<int64_t>{valid})
                               .getResult();
          if (biasMem)
            v = arith::AddIOp::create(
                b, v,
                mask ? vector::MaskedLoadOp::create(b, v4i32, biasMem,
                                                    ValueRange{col}, mask, zero)
                           .getResult()
                     : vector::LoadOp::create(b, v4i32, biasMem,
                                              ValueRange{col})
                           .getResult());
          if (biasScalar)
            v = arith::AddIOp::create(
                b, v, vector::BroadcastOp::create(b, v4i32, biasScalar));
          Value r = fusion::applyEpilogue(b, b.getLoc(), *fu, v, col, valid);
          if (mask)
            vector::MaskedStoreOp::create(b, c, ci, mask, r);
          else
            vector::StoreOp::create(b, r, c, ci);
          continue;
        }
        if (valid == 4) {
          Value old = vector::LoadOp::create(b, v4i32, c, ci);
          vector::StoreOp::create(b, arith::AddIOp::create(b, old, v), c, ci);
        } else {
          Value mask = vector::ConstantMaskOp::create(
              b, maskTy, ArrayRef<int64_t>{valid});
          Value old =
              vector::MaskedLoadOp::create(b, v4i32, c, ci, mask, zero);
          vector::MaskedStoreOp::create(b, c, ci, mask,
                                        arith::AddIOp::create(b, old, v));
        }
      }
    }
  }

  /// A loop with one i32 carried value.
  Value sumLoop(Value lb, Value ub, int64_t step, Value init,
                function_ref<Value(Value, Value)> body) {
    auto f = scf::ForOp::create(
        b, lb, ub, cst(step), ValueRange{init},
        [&](OpBuilder &nb, Location loc, Value iv, ValueRange iter) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          scf::YieldOp::create(b, ValueRange{body(iv, iter[0])});
        });
    return f.getResult(0);
  }

  /// im2col of output pixels [mb, mb + rows) into Ap (row r of the block at
  /// Ap row r): A'[m][(ky KW + kx) C + c] = in[n][oy sh + ky dh]
  /// [ox sw + kx dw][c] (flipped to s8 when unsigned), and, when zbP != 0,
  /// rowTerm[m] = -zbP * sum_k A'[m][k]. Runs of C contiguous bytes are
  /// copied 16 and g at a time when C % g == 0 (k stays g aligned).
  void packConvBlock(Value mb, int64_t rows) {
    const gemm::ConvGeometry &cv = *conv;
    Type i32 = b.getI32Type();
    bool vec = cv.c % g == 0;
    int64_t c16 = vec ? cv.c / 16 * 16 : 0;
    loop(0, rows, 1, [&](Value r) {
      Value m = arith::AddIOp::create(b, mb, r);
      Value pix = cst(cv.oh * cv.ow);
      Value n = arith::DivUIOp::create(b, m, pix);
      Value rem = arith::RemUIOp::create(b, m, pix);
      Value oy = arith::DivUIOp::create(b, rem, cst(cv.ow));
      Value ox = arith::RemUIOp::create(b, rem, cst(cv.ow));
      Value iy0 = arith::MulIOp::create(b, oy, cst(cv.sh));
      Value ix0 = arith::MulIOp::create(b, ox, cst(cv.sw));
      // Adds the chunk `q` (raw input bytes) at k to Ap; returns sum + its
      // row sum.
      auto put = [&](Value k, Value q, Value sum) -> Value {
        auto vt = dyn_cast<VectorType>(q.getType());
        if (aFlip)
          q = arith::XOrIOp::create(
              b, q, i8Const(-128, vt ? vt.getNumElements() : 0));
        storeA(r, k, q);
        if (!rowTerm)
          return sum;
        if (!vt)
          return arith::AddIOp::create(b, sum,
                                       arith::ExtSIOp::create(b, i32, q));
        auto wide = VectorType::get(vt.getShape(), i32);
        Value s = vector::ReductionOp::create(
            b, vector::CombiningKind::ADD,
            arith::ExtSIOp::create(b, wide, q));
        return arith::AddIOp::create(b, sum, s);
      };
      Value total = sumLoop(cst(0), cst(cv.kh), 1, i32Const(0), [&](Value ky,
                                                                 Value s0) {
        Value iy = arith::AddIOp::create(
            b, iy0, arith::MulIOp::create(b, ky, cst(cv.dh)));
        return sumLoop(cst(0), cst(cv.kw), 1, s0, [&](Value kx, Value s1) {
          Value ix = arith::AddIOp::create(
              b, ix0, arith::MulIOp::create(b, kx, cst(cv.dw)));
          Value kbase = arith::MulIOp::create(
              b,
              arith::AddIOp::create(
                  b, arith::MulIOp::create(b, ky, cst(cv.kw)), kx),
              cst(cv.c));
          auto chunks = [&](int64_t lb, int64_t ub, int64_t w, Value s) {
            if (lb >= ub)
              return s;
            return sumLoop(cst(lb), cst(ub), w, s, [&](Value c, Value s2) {
              SmallVector<Value, 4> at{n, iy, ix, c};
              Value q =
                  w == 1 ? memref::LoadOp::create(b, a, at).getResult()
                         : vector::LoadOp::create(
                               b, VectorType::get({w}, b.getI8Type()), a, at)
                               .getResult();
              return put(arith::AddIOp::create(b, kbase, c), q, s2);
            });
          };
          if (!vec)
            return chunks(0, cv.c, 1, s1);
          return chunks(c16, cv.c, g, chunks(0, c16, 16, s1));
        });
      });
      if (rowTerm)
        memref::StoreOp::create(b,
                                arith::MulIOp::create(b, i32Const(-zbP), total),
                                rowTerm, ValueRange{m});
    });
  }

  /// One block of `rows` output pixels from `mb`: im2col, then every panel
  /// over the block's register tiles.
  void convBlock(Value mb, int64_t rows) {
    packConvBlock(mb, rows);
    int64_t tiles = rows / kMR, tail = rows % kMR;
    int64_t npFull = info.n / nr, nTail = info.n % nr;
    auto tilesOf = [&](Value p, int64_t cols) {
      loop(0, tiles, 1, [&](Value t) {
        Value m = arith::AddIOp::create(
            b, mb, arith::MulIOp::create(b, t, cst(kMR)));
        micro(Value(), kMR, p, m, cols, t);
      });
      if (tail)
        micro(Value(), tail, p,
              arith::AddIOp::create(b, mb, cst(tiles * kMR)), cols,
              cst(tiles));
    };
    loop(0, npFull, 1, [&](Value p) { tilesOf(p, nr); });
    if (nTail)
      tilesOf(cst(npFull), nTail);
  }

  void convKernel() {
    int64_t full = info.m / kMC, rest = info.m % kMC;
    loop(0, full * kMC, kMC, [&](Value mb) { convBlock(mb, kMC); });
    if (rest)
      convBlock(cst(full * kMC), rest);
  }

  void kernel(Value bi) {
    int64_t mFull = info.m / kMR * kMR, mTail = info.m % kMR;
    int64_t npFull = info.n / nr, nTail = info.n % nr;
    loop(0, mFull, kMC, [&](Value mb) {
      Value mEnd = arith::MinSIOp::create(
          b, arith::AddIOp::create(b, mb, cst(kMC)), cst(mFull));
      loop(0, npFull, 1, [&](Value p) {
        loop(mb, mEnd, kMR, [&](Value m) { micro(bi, kMR, p, m, nr); });
      });
      if (nTail)
        loop(mb, mEnd, kMR,
             [&](Value m) { micro(bi, kMR, cst(npFull), m, nTail); });
    });
    if (mTail) {
      loop(0, npFull, 1, [&](Value p) { micro(bi, mTail, p, cst(mFull), nr); });
      if (nTail)
        micro(bi, mTail, cst(npFull), cst(mFull), nTail);
    }
  }
};

/// Gives the generator the fused epilogue `fu`, and returns its bias: its
/// values when known at compile time and `canFold` (one per column, to be
/// folded into the column term), else set as the generator's run-time bias.
std::vector<int64_t> fusedBias(Generator &g, fusion::Fusion &fu, int64_t n,
                               bool canFold) {
  g.fu = &fu;
  std::vector<int64_t> colBias;
  if (fu.initBias) {
    DenseElementsAttr dense = gemm::constantGlobalValue(fu.initBias, nullptr);
    if (dense && canFold) {
      for (const APInt &v : dense.getValues<APInt>())
        colBias.push_back(v.getSExtValue());
      if (int64_t(colBias.size()) != n)
        colBias.assign(n, colBias.empty() ? 0 : colBias[0]);
    } else {
      g.biasMem = fu.initBias;
    }
  } else if (fu.initScalar) {
    APInt c;
    if (canFold && matchPattern(fu.initScalar, m_ConstantInt(&c)))
      colBias.assign(n, c.getSExtValue());
    else
      g.biasScalar = fu.initScalar;
  }
  return colBias;
}

/// Frees `allocs` and erases the lowered `op` (with its consumer and i32
/// buffer when `fu`, its fused epilogue, is set).
LogicalResult finishLowering(ImplicitLocOpBuilder &b, Operation *op,
                             fusion::Fusion *fu, ArrayRef<Value> allocs = {}) {
  for (Value alloc : allocs)
    memref::DeallocOp::create(b, alloc);
  if (fu)
    fusion::eraseFused(op, *fu);
  else
    op->erase();
  return success();
}

} // namespace

LogicalResult lowerMatmulToAArch64(linalg::LinalgOp op, bool i8mm,
                                   bool fuseEpilogue) {
  GemmMatch info;
  if (!gemm::matchMatmul(op, info, kMatchOptions))
    return failure();
  // Fused: the matmul runs where its consumer was and writes the
  // consumer's output.
  fusion::Fusion fusion;
  bool fused = fuseEpilogue && fusion::matchFusion(op, fusion);
  ImplicitLocOpBuilder b(op.getLoc(), fused ? fusion.consumer.getOperation()
                                            : op.getOperation());
  Generator g{b, info};
  g.setup(i8mm, op->getOperand(0), op->getOperand(1),
          fused ? fusion.consumer.getDpsInitOperand(0)->get()
                : op->getOperand(2),
          info.m);
  auto align = b.getI64IntegerAttr(64);

  SmallVector<Value> allocs;
  memref::GlobalOp global;
  DenseElementsAttr dense = gemm::constantGlobalValue(g.bMem, &global);
  std::vector<int64_t> colBias;
  if (fused)
    colBias = fusedBias(g, fusion, info.n, /*canFold=*/bool(dense));
  if (dense) {
    auto ty = MemRefType::get({info.batch, g.np, g.kb, g.g * g.nr},
                              b.getI8Type());
    g.bPacked = g.packBConstant(dense, global, ty, colBias);
    g.bConstant = true;
  } else {
    auto ty = MemRefType::get({1, g.np, g.kb, g.g * g.nr}, b.getI8Type());
    g.bPacked = memref::AllocOp::create(b, ty, align);
    allocs.push_back(g.bPacked);
    if (g.zaP != 0) {
      g.corrCol = memref::AllocOp::create(
          b, MemRefType::get({1, g.np * g.nr}, b.getI32Type()), align);
      allocs.push_back(g.corrCol);
    }
  }
  g.allocA(allocs);

  auto body = [&](Value bi) {
    g.packA(bi);
    if (!g.bConstant)
      g.packBRuntime(bi);
    g.kernel(bi);
  };
  if (info.batched)
    g.loop(0, info.batch, 1, body);
  else
    body(Value());
  return finishLowering(b, op, fused ? &fusion : nullptr, allocs);
}

/// 2-D NHWC convolutions with 8-bit operands, an i32 result and constant
/// weights: the GEMM view M = N OH OW, K = KH KW C, N = F through the same
/// micro-kernels, the input im2col'ed one block of kMC rows at a time into
/// Ap, the weights packed at compile time. Padding is materialized by the
/// producer of the input (a buffer filled with the input zero point).
LogicalResult lowerConvToAArch64(linalg::LinalgOp op, bool i8mm,
                                 bool fuseEpilogue) {
  gemm::ConvGeometry cv;
  GemmMatch info;
  if (!gemm::matchConvGeometry(op, cv))
    return failure();
  auto elem = [&](unsigned i) {
    return cast<MemRefType>(op->getOperand(i).getType()).getElementType();
  };
  if (!elem(0).isInteger(8) || !elem(1).isInteger(8) ||
      !elem(2).isInteger(32) || !gemm::matchBody(op, info, kMatchOptions))
    return failure();
  memref::GlobalOp global;
  DenseElementsAttr dense =
      gemm::constantGlobalValue(op->getOperand(1), &global);
  if (!dense)
    return failure();
  info.m = cv.batch * cv.oh * cv.ow;
  info.n = cv.f;
  info.k = cv.kh * cv.kw * cv.c;
  // Fused: the conv runs where its consumer was and writes the consumer's
  // output.
  fusion::Fusion fusion;
  bool fused = fuseEpilogue && fusion::matchFusion(op, fusion);
  ImplicitLocOpBuilder b(op.getLoc(), fused ? fusion.consumer.getOperation()
                                            : op.getOperation());
  Generator g{b, info};
  // C viewed as [M, F]; Ap holds one block of kMC rows.
  g.setup(i8mm, op->getOperand(0), op->getOperand(1),
          memref::CollapseShapeOp::create(
              b,
              fused ? fusion.consumer.getDpsInitOperand(0)->get()
                    : op->getOperand(2),
              ArrayRef<ReassociationIndices>{{0, 1, 2}, {3}}),
          std::min(kMC, info.m));
  g.conv = &cv;
  g.bTransposed = !cv.hwcf;
  std::vector<int64_t> colBias;
  if (fused)
    colBias = fusedBias(g, fusion, info.n, /*canFold=*/true);
  SmallVector<Value> allocs;
  auto packedTy =
      MemRefType::get({1, g.np, g.kb, g.g * g.nr}, b.getI8Type());
  g.bPacked = g.packBConstant(dense, global, packedTy, colBias);
  g.bConstant = true;
  g.allocA(allocs);
  // Zero padding of K (and of the rows past M in the last tile); blocks
  // only overwrite the valid rows and k.
  linalg::FillOp::create(b, ValueRange{g.i8Const(0)}, ValueRange{g.aPacked});
  g.convKernel();
  return finishLowering(b, op, fused ? &fusion : nullptr, allocs);
}

/// Depthwise 2-D NHWC convolutions (multiplier 1, 8-bit operands, constant
/// weights; see the file comment): channels 16 at a time (then 8, then a
/// masked block of 8), the input widened to i16 and multiplied-accumulated
/// into i32 with the weights minus their zero point (SMLAL / SMLAL2); the
/// input zero point comes back as a per-channel constant in the initial
/// accumulator.
LogicalResult lowerDepthwiseConvToAArch64(linalg::LinalgOp op,
                                          bool fuseEpilogue) {
  gemm::DepthwiseGeometry di;
  if (!gemm::matchDepthwise(op, di, kMatchOptions))
    return failure();
  memref::GlobalOp global;
  DenseElementsAttr dense =
      gemm::constantGlobalValue(op.getDpsInputOperand(1)->get(), &global);
  if (!dense)
    return failure();
  const GemmMatch &info = di.mm;
  int64_t taps = di.kh * di.kw, C = di.c, cp = (C + 15) / 16 * 16;
  // Weights minus their zero point as i16 ([taps][cp], zeros past C), and
  // the per-channel term -zx * sum_t w'[t][c] (+ a fused constant bias).
  std::vector<int64_t> w = gemm::depthwiseWeights(dense, di);
  std::vector<int16_t> wq(taps * cp, 0);
  for (int64_t t = 0; t < taps; ++t)
    for (int64_t ch = 0; ch < C; ++ch) {
      if (w[t * C + ch] != int16_t(w[t * C + ch]))
        return failure(); // w - zp must fit i16 (SMLAL)
      wq[t * cp + ch] = int16_t(w[t * C + ch]);
    }
  std::vector<int32_t> corr = gemm::depthwiseZpCorrection(w, di, cp);
  fusion::Fusion fusion;
  bool fused = fuseEpilogue && fusion::matchFusion(op, fusion);
  ImplicitLocOpBuilder b(op.getLoc(), fused ? fusion.consumer.getOperation()
                                            : op.getOperation());
  GemmMatch dummy;
  Generator gen{b, dummy};
  if (fused) {
    std::vector<int64_t> colBias = fusedBias(gen, fusion, C, true);
    for (int64_t ch = 0; ch < int64_t(colBias.size()); ++ch)
      corr[ch] = wrap32(uint64_t(corr[ch]) + uint64_t(colBias[ch]));
  }
  OpBuilder mb(global);
  mb.setInsertionPointAfter(global);
  Value wPacked = gemm::addConstantGlobal(
      mb, b, global, "_aarch64_dw_packed",
      DenseElementsAttr::get(RankedTensorType::get({taps, cp}, b.getI16Type()),
                             ArrayRef<int16_t>(wq)),
      16);
  Value corrG = gemm::addConstantGlobal(
      mb, b, global, "_aarch64_dw_corr",
      DenseElementsAttr::get(RankedTensorType::get({cp}, b.getI32Type()),
                             ArrayRef<int32_t>(corr)),
      16);

  Value in1d = gemm::flatten(b, op.getDpsInputOperand(0)->get());
  Value out1d =
      gemm::flatten(b, fused ? fusion.consumer.getDpsInitOperand(0)->get()
                             : op.getDpsInitOperand(0)->get());
  auto cst = [&](int64_t v) { return gen.cst(v); };
  auto add = [&](Value x, Value y) -> Value {
    return arith::AddIOp::create(b, x, y);
  };
  auto mul = [&](Value x, int64_t y) -> Value {
    return y == 1 ? x : arith::MulIOp::create(b, x, cst(y)).getResult();
  };

  // One output row (image n, row oy) per iteration.
  gen.loop(0, di.batch * di.oh, 1, [&](Value r) {
    Value img = arith::DivUIOp::create(b, r, cst(di.oh));
    Value oy = arith::RemUIOp::create(b, r, cst(di.oh));
    // Pixel indices (times C below) of the row's first window and output.
    Value inRow = mul(add(mul(img, di.ih), mul(oy, di.sh)), di.iw);
    Value outRow = mul(r, di.ow);
    // Channels [c0, c0 + lanes) of which `valid` are real.
    auto block = [&](Value c0, int64_t lanes, int64_t valid) {
      auto accTy = VectorType::get({lanes}, b.getI32Type());
      auto wTy16 = VectorType::get({lanes}, b.getI16Type());
      auto inTy = VectorType::get({lanes}, b.getI8Type());
      Value mask;
      if (valid < lanes)
        mask = vector::ConstantMaskOp::create(
            b, VectorType::get({lanes}, b.getI1Type()),
            ArrayRef<int64_t>{valid});
      Value zeroAcc = arith::ConstantOp::create(b, b.getZeroAttr(accTy));
      Value zeroIn = arith::ConstantOp::create(b, b.getZeroAttr(inTy));
      auto load = [&](VectorType t, Value mem, Value at, Value pass) -> Value {
        if (mask)
          return vector::MaskedLoadOp::create(b, t, mem, ValueRange{at}, mask,
                                              pass);
        return vector::LoadOp::create(b, t, mem, ValueRange{at});
      };
      SmallVector<Value> wv;
      auto weight = [&](int64_t t) -> Value {
        Value w = vector::LoadOp::create(b, wTy16, wPacked,
                                         ValueRange{cst(t), c0});
        return arith::ExtSIOp::create(b, accTy, w);
      };
      for (int64_t t = 0; t < taps; ++t)
        wv.push_back(weight(t));
      Value init = vector::LoadOp::create(b, accTy, corrG, ValueRange{c0});
      if (gen.biasMem)
        init = add(init, load(accTy, gen.biasMem, c0, zeroAcc));
      if (gen.biasScalar)
        init = add(init, vector::BroadcastOp::create(b, accTy, gen.biasScalar));
      gen.loop(0, di.ow, 1, [&](Value ox) {
        Value oIdx = add(mul(add(outRow, ox), C), c0);
        Value acc = init;
        Value ix0 = add(inRow, mul(ox, di.sw));
        for (int64_t ky = 0; ky < di.kh; ++ky)
          for (int64_t kx = 0; kx < di.kw; ++kx) {
            Value iIdx =
                add(mul(add(ix0, cst(ky * di.dh * di.iw + kx * di.dw)), C), c0);
            Value x = load(inTy, in1d, iIdx, zeroIn);
            // x as i16 (s8 or u8), then the widening multiply-accumulate.
            Value x16 = info.a.isUnsigned
                            ? arith::ExtUIOp::create(b, wTy16, x).getResult()
                            : arith::ExtSIOp::create(b, wTy16, x).getResult();
            Value xi = arith::ExtSIOp::create(b, accTy, x16);
            Value w = wv[ky * di.kw + kx];
            acc = add(acc, arith::MulIOp::create(b, xi, w));
          }
        if (fused) {
          acc = fusion::applyEpilogue(b, b.getLoc(), fusion, acc, c0, valid);
        } else {
          // The unfused op accumulates into its output (bias / zero init).
          acc = add(acc, load(accTy, out1d, oIdx, zeroAcc));
        }
        if (mask)
          vector::MaskedStoreOp::create(b, out1d, ValueRange{oIdx}, mask, acc);
        else
          vector::StoreOp::create(b, acc, out1d, ValueRange{oIdx});
      });
    };
    // 16 channels per vector (weights: 18 of the 32 q registers for 3 x 3);
    // 8 with a fused epilogue, whose 64-bit requantize needs registers too.
    int64_t w = fused ? 8 : 16;
    int64_t full = C / w * w, rest = C - full;
    gen.loop(0, full, w, [&](Value c0) { block(c0, w, w); });
    int64_t at = full;
    if (rest >= 8) {
      block(cst(at), 8, 8);
      at += 8;
      rest -= 8;
    }
    if (rest > 0)
      block(cst(at), 8, rest);
  });
  return finishLowering(b, op, fused ? &fusion : nullptr);
}

namespace {

struct AArch64MatmulPass
    : public PassWrapper<AArch64MatmulPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(AArch64MatmulPass)

  StringRef getArgument() const final { return "qnn-aarch64-matmul"; }
  StringRef getDescription() const final {
    return "Lower static 8-bit matmul-like linalg ops and NHWC convolutions "
           "with constant weights on memrefs (i8 x i8 -> i32 with zero "
           "points) to packed, register-tiled NEON code (SDOT; SMMLA with "
           "i8mm=1), depthwise convolutions to SMLAL code, fusing an "
           "elementwise epilogue (requantize)";
  }

  AArch64MatmulPass() = default;
  AArch64MatmulPass(const AArch64MatmulPass &other) : PassWrapper(other) {}
  AArch64MatmulPass(bool useI8mm, bool fuse) {
    i8mm = useI8mm;
    fuseEpilogue = fuse;
  }

  void runOnOperation() override {
    // Only ops with a reduction: a fused epilogue erases the accumulator's
    // init and consumer (all-parallel ops), never one of these.
    SmallVector<linalg::LinalgOp> ops;
    getOperation().walk([&](linalg::LinalgOp op) {
      if (llvm::is_contained(op.getIteratorTypesArray(),
                             utils::IteratorType::reduction))
        ops.push_back(op);
    });
    for (linalg::LinalgOp op : ops)
      if (failed(lowerDepthwiseConvToAArch64(op, fuseEpilogue)) &&
          failed(lowerMatmulToAArch64(op, i8mm, fuseEpilogue)))
        (void)lowerConvToAArch64(op, i8mm, fuseEpilogue);
  }

  Option<bool> i8mm{*this, "i8mm",
                    llvm::cl::desc("SMMLA (FEAT_I8MM) instead of SDOT "
                                   "(FEAT_DotProd)"),
                    llvm::cl::init(false)};
  Option<bool> fuseEpilogue{
      *this, "fuse-epilogue",
      llvm::cl::desc("apply the elementwise consumer of a conv's or "
                     "matmul's accumulator (requantize, bias, ReLU) in "
                     "registers and store its result directly"),
      llvm::cl::init(true)};

  void getDependentDialects(DialectRegistry &registry) const override {
    registry.insert<arith::ArithDialect, LLVM::LLVMDialect,
                    linalg::LinalgDialect, memref::MemRefDialect,
                    scf::SCFDialect, vector::VectorDialect>();
  }
};

struct SetTargetTriplePass
    : public PassWrapper<SetTargetTriplePass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(SetTargetTriplePass)

  SetTargetTriplePass() = default;
  SetTargetTriplePass(const SetTargetTriplePass &other) : PassWrapper(other) {}
  explicit SetTargetTriplePass(StringRef t) { triple = t.str(); }

  StringRef getArgument() const final { return "qnn-set-target-triple"; }
  StringRef getDescription() const final {
    return "Set llvm.target_triple on the module";
  }

  void runOnOperation() override {
    getOperation()->setAttr(LLVM::LLVMDialect::getTargetTripleAttrName(),
                            StringAttr::get(&getContext(), triple));
  }

  Option<std::string> triple{*this, "triple",
                             llvm::cl::desc("e.g. aarch64-unknown-linux-gnu")};
};

} // namespace

std::unique_ptr<Pass> createAArch64MatmulPass(bool i8mm, bool fuseEpilogue) {
  return std::make_unique<AArch64MatmulPass>(i8mm, fuseEpilogue);
}

std::unique_ptr<Pass> createSetTargetTriplePass(StringRef triple) {
  return std::make_unique<SetTargetTriplePass>(triple);
}

void registerAArch64CodegenPasses() {
  static bool registered = false;
  if (registered)
    return;
  registered = true;
  PassRegistration<AArch64MatmulPass>();
  PassRegistration<SetTargetTriplePass>();
}

} // namespace quantmlir
