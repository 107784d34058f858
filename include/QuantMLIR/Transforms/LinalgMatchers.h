//===- LinalgMatchers.h - Recognising linalg-on-tensors idioms --*- C++ -*-===//
//
// Part of QuantMLIR.
//
// What the quantization rules for linalg on tensors (LinalgModels.cpp) and
// qnn-annotate / qnn-realize need to know about linalg ops: the elementwise
// meaning of a linalg.generic (add, mul, max, clamp, copy), and the
// per-channel constant an init tensor (DPS `outs`) holds (a zero fill, a
// bias broadcast along the channel dimension). docs/QuantizationSpec.md,
// section 11, lists the rules built on them.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_TRANSFORMS_LINALGMATCHERS_H
#define QUANTMLIR_TRANSFORMS_LINALGMATCHERS_H

#include "mlir/IR/AffineMap.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace mlir {
namespace qnn {

/// The elementwise computation of a linalg op.
enum class LinalgElementwiseKind {
  Add,   ///< in0 + in1 (arith.addf; linalg.add)
  Mul,   ///< in0 * in1 (arith.mulf; linalg.mul)
  Max,   ///< max(in0, in1) (arith.maximumf / maxnumf; linalg.max)
  Clamp, ///< min / max of in0 with scalar constants (ReLU, ReLU6, clamp)
  Copy,  ///< in0 itself: a broadcast, a transposition or a copy
};

struct LinalgElementwise {
  LinalgElementwiseKind kind;
  /// Clamp bounds (-inf / +inf when absent).
  double lo = 0.0, hi = 0.0;
};

/// The elementwise meaning of `op` when it is a linalg.generic with only
/// parallel iterators, one result with an identity output map, a body that
/// does not read the init, and a body of: one arith.addf / mulf /
/// maximumf / maxnumf of its two inputs, a chain of minimumf / maximumf
/// (minnumf / maxnumf) of its one input with scalar constants defined
/// outside the body, or a plain `linalg.yield` of its one input; or a named
/// linalg.add / linalg.mul / linalg.max. std::nullopt otherwise.
std::optional<LinalgElementwise> matchLinalgElementwise(Operation *op);

/// When `init` (a tensor of rank > channelDim) holds a value that depends
/// only on the index along `channelDim`: one value per index of that
/// dimension. Recognised: tensor.empty (0: an accumulation that starts from
/// nothing), linalg.fill of a scalar constant, a dense constant, a
/// linalg.broadcast of a constant and a linalg.generic copy (see
/// matchLinalgElementwise) of a constant. std::nullopt otherwise, also for
/// dynamic shapes along `channelDim`.
std::optional<SmallVector<double>> getPerChannelConstant(Value init,
                                                         int64_t channelDim);

/// The values of input `operandIdx` of a linalg.generic (or named
/// elementwise op) per index of loop dimension `loopDim`, when the operand
/// is a constant that depends on no other loop dimension (a bias
/// broadcast to the result). std::nullopt otherwise.
std::optional<SmallVector<double>>
getLinalgOperandPerDim(Operation *op, unsigned operandIdx, int64_t loopDim);

/// True when `op` is a linalg op whose indexing map for every input and
/// its output, over the same number of loops as the output's rank, maps
/// each result dimension to the loop of that position or to the constant 0
/// on a size-1 dimension, and all iterators are parallel: an elementwise op
/// whose broadcasting qnn.add / qnn.mul implement (TOSA's broadcast of
/// size-1 dimensions of equal-rank operands).
bool isRankPreservingBroadcast(Operation *op);

/// A linalg add (generic or named) of a computed value and a constant that
/// varies only along the last dimension of the result (a dense layer's
/// bias): the index of the computed operand, of the constant, and the
/// bias values per column. std::nullopt otherwise.
struct LinalgBiasAdd {
  unsigned dataIdx;
  unsigned biasIdx;
  SmallVector<double> bias;
};
std::optional<LinalgBiasAdd> matchLinalgBiasAdd(Operation *op);

/// The bias add after a linalg conv or matmul (`op`): its result read only
/// by a linalg add of a per-last-dimension constant (matchLinalgBiasAdd),
/// possibly through one tensor.collapse_shape read only by that add (a
/// depthwise_conv_2d_nhwc_hwcm's N x H x W x C x M result collapsed to
/// N x H x W x C*M). std::nullopt otherwise.
struct LinalgAccumulatorBiasAdd {
  Operation *add;
  Operation *collapse; ///< null when the add reads the result directly
  LinalgBiasAdd match;
};
std::optional<LinalgAccumulatorBiasAdd>
getLinalgAccumulatorBiasAdd(Operation *op);

/// The dimension of operand `idx` of a linalg conv / matmul along which
/// its weight has one slice per output channel: conv_2d_nhwc_fhwc 0,
/// conv_2d_nhwc_hwcf 3, conv_2d_nchw_fchw 0, depthwise_conv_2d_nhwc_hwc 2,
/// matmul 1, batch_matmul 2. std::nullopt for other ops and operands.
std::optional<int64_t> getLinalgWeightChannelAxis(Operation *op, unsigned idx);

/// True for the linalg convolutions qnn-annotate counts as conv layers.
bool isLinalgConvLayer(Operation *op);
/// True for a linalg.matmul / batch_matmul (default maps) whose B is a
/// constant: a dense layer.
bool isLinalgDenseLayer(Operation *op);

/// A tensor.insert_slice that is a link of the chain tosa-to-tensor makes of
/// a concatenation: static offsets and sizes, unit strides, its source a
/// ranked tensor, and its dest a tensor.empty or another link whose result
/// it alone reads. Each link inserts one operand of the concatenation.
bool isConcatInsertSlice(Operation *op);
/// The links of the concatenation chain that ends at `op` (first to last),
/// when `op` is a link whose result is not the dest of another link (the
/// whole concatenation). std::nullopt otherwise.
std::optional<SmallVector<Operation *>> getConcatChain(Operation *op);

/// The average pooling tosa-to-linalg makes of a tosa.avg_pool2d without
/// padding: a linalg.pooling_nhwc_sum from a zero init (dilation 1), read
/// only by a linalg.generic (identity maps, parallel) whose body divides
/// its input by a scalar constant equal to the window size KH * KW.
struct LinalgAvgPool {
  Operation *sum;    ///< the pooling_nhwc_sum
  Operation *divide; ///< the linalg.generic
  SmallVector<int64_t> kernel, stride;
};
/// The pair when `op` is its divide generic.
std::optional<LinalgAvgPool> matchLinalgAvgPool(Operation *op);
/// The pair when `op` is its pooling_nhwc_sum.
std::optional<LinalgAvgPool> matchLinalgAvgPoolSum(Operation *op);

/// True when `op` is a tensor.pad with a constant pad value of -inf or the
/// lowest float read only as the input of linalg.pooling_nhwc_max ops
/// (the padding tosa-to-linalg gives a padded tosa.max_pool2d), padding
/// only the spatial dimensions 1 and 2, each side by less than the window:
/// every window holds an input element, so the padding never wins the max.
bool isMaxPoolPadding(Operation *op);

} // namespace qnn
} // namespace mlir

#endif // QUANTMLIR_TRANSFORMS_LINALGMATCHERS_H
