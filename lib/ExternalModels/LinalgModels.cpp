//===- LinalgModels.cpp - Quantization rules for linalg ops ---------------===//
//
// Part of QuantMLIR.
//
// QuantizableOpInterface external models for linalg on tensors, so that a
// model quantizes the same whether it arrives in TOSA or in the linalg form
// upstream tosa-to-linalg-named / tosa-to-linalg emit for it. The rules
// (docs/QuantizationSpec.md, section 11):
//
//   conv_2d_nhwc_fhwc, conv_2d_nhwc_hwcf, conv_2d_nchw_fchw,
//   depthwise_conv_2d_nhwc_hwc, depthwise_conv_2d_nhwc_hwcm
//                    input: Input, filter: Weight, init: Float;
//                    result: Activation. Only when the init holds one
//                    constant per output channel (tensor.empty, a fill, a
//                    broadcast bias): the accumulation starts from the bias.
//   matmul, batch_matmul (default maps)
//                    A: Input, B: Weight if constant else Input, init Float;
//                    result: Activation; init as for convs (per column).
//   elementwise add / mul / max (linalg.add / mul / max, or a
//   linalg.generic whose body is one arith.addf / mulf / maximumf of its
//   two inputs)
//                    each input Input, or Weight when constant; init
//                    Float; result: Activation
//   clamp (a linalg.generic of minimumf / maximumf of its input with scalar
//   constants: ReLU, ReLU6), a linalg.generic copy (broadcast / transpose)
//   of a computed value, linalg.broadcast, linalg.transpose,
//   tensor.collapse_shape, tensor.expand_shape, tensor.pad with 0,
//   pooling_nhwc_max with an init fill of -inf or the lowest float
//                    operand 0: Input, others Float; result: PassThrough
//   tensor.pad with the lowest float (or -inf) read only by max poolings
//   (isMaxPoolPadding): as tensor.pad with 0
//   tensor.pad with another constant: operand 0 Input; result: Activation
//   pooling_nhwc_sum with a zero init: input Input; result: Activation,
//   or Float when a linalg.generic dividing by the window size follows (an
//   average pooling): that generic's result is the Activation
//   tensor.insert_slice links of a concatenation chain (tensor.empty, then
//   one insert_slice per operand): source Input, dest Float; result:
//   Activation for the last link, Float for the others
//
// Every rule returns std::nullopt unless the data flows in f32 / f16 / bf16
// tensors, and for the DPS init tensors named above: other inits (an
// accumulation onto a computed value) are not quantized.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/ExternalModels/LinalgModels.h"

#include "QuantMLIR/Dialect/QNN/IR/QNNInterfaces.h"
#include "QuantMLIR/Transforms/Quantize.h"
#include "QuantMLIR/Transforms/LinalgMatchers.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Matchers.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::qnn;

namespace {

bool isConstant(Value v) { return matchPattern(v, m_Constant()); }

QuantizeRule makeRule(Operation *op, ResultRule result) {
  QuantizeRule rule;
  rule.operands.assign(op->getNumOperands(), OperandRule::Float);
  rule.result = result;
  return rule;
}

/// Convolutions: input Input, filter Weight, init Float (the accumulator
/// starts from a per-channel constant: 0 or the bias).
template <typename OpTy, int channelDim>
struct ConvModel
    : public QuantizableOpInterface::ExternalModel<ConvModel<OpTy, channelDim>,
                                                   OpTy> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    auto conv = cast<OpTy>(op);
    if (!hasFloatDataflow(op) || conv.getNumDpsInputs() != 2 ||
        conv.getNumDpsInits() != 1 ||
        !isQuantizableFloatTensor(conv.getDpsInputs()[1].getType()) ||
        !getPerChannelConstant(conv.getDpsInits()[0], channelDim))
      return std::nullopt;
    QuantizeRule rule = makeRule(op, ResultRule::Activation);
    rule.operands[0] = OperandRule::Input;
    rule.operands[1] = OperandRule::Weight;
    return rule;
  }
};

/// matmul / batch_matmul with the default maps: A Input, B Weight when
/// constant (else Input), init Float (0 or a per-column bias).
template <typename OpTy>
struct MatmulModel
    : public QuantizableOpInterface::ExternalModel<MatmulModel<OpTy>, OpTy> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    auto mm = cast<OpTy>(op);
    if (!hasFloatDataflow(op) || mm.hasUserDefinedMaps() ||
        mm.getNumDpsInputs() != 2 || mm.getNumDpsInits() != 1)
      return std::nullopt;
    Value b = mm.getDpsInputs()[1];
    auto resultTy = cast<RankedTensorType>(op->getResult(0).getType());
    if (!isQuantizableFloatTensor(b.getType()) ||
        !getPerChannelConstant(mm.getDpsInits()[0], resultTy.getRank() - 1))
      return std::nullopt;
    QuantizeRule rule = makeRule(op, ResultRule::Activation);
    rule.operands[0] = OperandRule::Input;
    rule.operands[1] = isConstant(b) ? OperandRule::Weight : OperandRule::Input;
    return rule;
  }
};

/// linalg.generic and the named elementwise ops (add, mul, max): see
/// matchLinalgElementwise.
template <typename OpTy>
struct ElementwiseModel
    : public QuantizableOpInterface::ExternalModel<ElementwiseModel<OpTy>,
                                                   OpTy> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    // The division of an average pooling: the pair is one op whose result
    // is a new activation (the sum pooling reads the input).
    if (matchLinalgAvgPool(op)) {
      if (!hasFloatDataflow(op))
        return std::nullopt;
      return makeRule(op, ResultRule::Activation);
    }
    std::optional<LinalgElementwise> e = matchLinalgElementwise(op);
    auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
    if (!e || !linalgOp || !hasFloatDataflow(op))
      return std::nullopt;
    unsigned numInputs = linalgOp.getNumDpsInputs();
    switch (e->kind) {
    case LinalgElementwiseKind::Add:
    case LinalgElementwiseKind::Mul:
    case LinalgElementwiseKind::Max: {
      if (numInputs != 2)
        return std::nullopt;
      QuantizeRule rule = makeRule(op, ResultRule::Activation);
      for (unsigned i = 0; i < 2; ++i) {
        Value in = op->getOperand(i);
        if (!isQuantizableFloatTensor(in.getType()))
          return std::nullopt;
        rule.operands[i] =
            isConstant(in) ? OperandRule::Weight : OperandRule::Input;
      }
      return rule;
    }
    case LinalgElementwiseKind::Clamp:
    case LinalgElementwiseKind::Copy: {
      // A copy of a constant (a bias broadcast into an accumulator init)
      // is not data flow.
      if (numInputs != 1 || isConstant(op->getOperand(0)))
        return std::nullopt;
      QuantizeRule rule = makeRule(op, ResultRule::PassThrough);
      rule.operands[0] = OperandRule::Input;
      return rule;
    }
    }
    return std::nullopt;
  }
};

/// Ops that only move the values of operand 0: broadcast, transpose,
/// collapse_shape, expand_shape.
template <typename OpTy>
struct PassThroughModel
    : public QuantizableOpInterface::ExternalModel<PassThroughModel<OpTy>,
                                                   OpTy> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    if (!hasFloatDataflow(op) || isConstant(op->getOperand(0)))
      return std::nullopt;
    QuantizeRule rule = makeRule(op, ResultRule::PassThrough);
    rule.operands[0] = OperandRule::Input;
    return rule;
  }
};

/// tensor.pad with a constant: 0 keeps the grid, another value makes a new
/// activation grid.
struct PadModel
    : public QuantizableOpInterface::ExternalModel<PadModel, tensor::PadOp> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    auto pad = cast<tensor::PadOp>(op);
    Value padValue = pad.getConstantPaddingValue();
    FloatAttr c;
    if (!hasFloatDataflow(op) || !padValue ||
        !matchPattern(padValue, m_Constant(&c)))
      return std::nullopt;
    // 0, or the lowest float padding a max pooling (it never wins the
    // max): the values stay on the input grid.
    QuantizeRule rule =
        makeRule(op, c.getValue().isZero() || isMaxPoolPadding(op)
                         ? ResultRule::PassThrough
                         : ResultRule::Activation);
    rule.operands[0] = OperandRule::Input;
    return rule;
  }
};

/// Max pooling: the values of the input, when the init (a fill) is the
/// identity of max (-inf or the lowest float).
struct MaxPoolModel
    : public QuantizableOpInterface::ExternalModel<MaxPoolModel,
                                                   linalg::PoolingNhwcMaxOp> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    auto pool = cast<linalg::PoolingNhwcMaxOp>(op);
    if (!hasFloatDataflow(op) || pool.getNumDpsInputs() != 2)
      return std::nullopt;
    std::optional<SmallVector<double>> init =
        getPerChannelConstant(pool.getDpsInits()[0], 3);
    if (!init || init->empty() || llvm::any_of(*init, [](double v) {
          return !(v <= -double(std::numeric_limits<float>::max()));
        }))
      return std::nullopt;
    QuantizeRule rule = makeRule(op, ResultRule::PassThrough);
    rule.operands[0] = OperandRule::Input;
    return rule;
  }
};

/// Sum pooling from 0: a new range.
struct SumPoolModel
    : public QuantizableOpInterface::ExternalModel<SumPoolModel,
                                                   linalg::PoolingNhwcSumOp> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    auto pool = cast<linalg::PoolingNhwcSumOp>(op);
    if (!hasFloatDataflow(op) || pool.getNumDpsInputs() != 2)
      return std::nullopt;
    std::optional<SmallVector<double>> init =
        getPerChannelConstant(pool.getDpsInits()[0], 3);
    if (!init || llvm::any_of(*init, [](double v) { return v != 0.0; }))
      return std::nullopt;
    // Followed by the division of an average pooling: the activation comes
    // after the division.
    QuantizeRule rule = makeRule(op, matchLinalgAvgPoolSum(op)
                                         ? ResultRule::Float
                                         : ResultRule::Activation);
    rule.operands[0] = OperandRule::Input;
    return rule;
  }
};

/// A link of a concatenation chain (tensor.empty + tensor.insert_slice of
/// each operand, as tosa-to-tensor lowers tosa.concat): the inserted source
/// is an Input, the dest Float; the last link's result is the
/// concatenation's activation, the others carry no grid of their own.
struct InsertSliceModel
    : public QuantizableOpInterface::ExternalModel<InsertSliceModel,
                                                   tensor::InsertSliceOp> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    if (!hasFloatDataflow(op) || !isConcatInsertSlice(op))
      return std::nullopt;
    QuantizeRule rule = makeRule(op, getConcatChain(op)
                                         ? ResultRule::Activation
                                         : ResultRule::Float);
    rule.operands[0] = OperandRule::Input;
    return rule;
  }
};

} // namespace

void mlir::qnn::registerLinalgQuantizationModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, linalg::LinalgDialect *) {
    linalg::Conv2DNhwcFhwcOp::attachInterface<
        ConvModel<linalg::Conv2DNhwcFhwcOp, 3>>(*ctx);
    linalg::Conv2DNhwcHwcfOp::attachInterface<
        ConvModel<linalg::Conv2DNhwcHwcfOp, 3>>(*ctx);
    linalg::Conv2DNchwFchwOp::attachInterface<
        ConvModel<linalg::Conv2DNchwFchwOp, 1>>(*ctx);
    linalg::DepthwiseConv2DNhwcHwcOp::attachInterface<
        ConvModel<linalg::DepthwiseConv2DNhwcHwcOp, 3>>(*ctx);
    linalg::DepthwiseConv2DNhwcHwcmOp::attachInterface<
        ConvModel<linalg::DepthwiseConv2DNhwcHwcmOp, 3>>(*ctx);
    linalg::MatmulOp::attachInterface<MatmulModel<linalg::MatmulOp>>(*ctx);
    linalg::BatchMatmulOp::attachInterface<MatmulModel<linalg::BatchMatmulOp>>(
        *ctx);
    linalg::GenericOp::attachInterface<ElementwiseModel<linalg::GenericOp>>(
        *ctx);
    linalg::AddOp::attachInterface<ElementwiseModel<linalg::AddOp>>(*ctx);
    linalg::MulOp::attachInterface<ElementwiseModel<linalg::MulOp>>(*ctx);
    linalg::MaxOp::attachInterface<ElementwiseModel<linalg::MaxOp>>(*ctx);
    linalg::BroadcastOp::attachInterface<PassThroughModel<linalg::BroadcastOp>>(
        *ctx);
    linalg::TransposeOp::attachInterface<PassThroughModel<linalg::TransposeOp>>(
        *ctx);
    linalg::PoolingNhwcMaxOp::attachInterface<MaxPoolModel>(*ctx);
    linalg::PoolingNhwcSumOp::attachInterface<SumPoolModel>(*ctx);
  });
  registry.addExtension(+[](MLIRContext *ctx, tensor::TensorDialect *) {
    tensor::CollapseShapeOp::attachInterface<
        PassThroughModel<tensor::CollapseShapeOp>>(*ctx);
    tensor::ExpandShapeOp::attachInterface<
        PassThroughModel<tensor::ExpandShapeOp>>(*ctx);
    tensor::PadOp::attachInterface<PadModel>(*ctx);
    tensor::InsertSliceOp::attachInterface<InsertSliceModel>(*ctx);
  });
}
