//===- TosaModels.cpp - Quantization rules for TOSA ops -------------------===//
//
// Part of QuantMLIR.
//
// QuantizableOpInterface external models for the TOSA ops that qnn-annotate
// quantizes. The rules (docs/QuantizationSpec.md, section 11):
//
//   tosa.conv2d, tosa.depthwise_conv2d, tosa.transpose_conv2d
//                    input: Input, weight: Weight, bias / zps: Float;
//                    result: Activation
//   tosa.matmul      a: Input, b: Weight if constant else Input, zps: Float;
//                    result: Activation
//   tosa.add, tosa.sub, tosa.mul, tosa.concat
//                    each data operand Input, or Weight when it is a
//                    constant (mul's shift: Float); result: Activation
//   tosa.avg_pool2d, tosa.reduce_sum, tosa.sigmoid, tosa.tanh
//                    input: Input, others Float; result: Activation
//   tosa.clamp, tosa.max_pool2d, tosa.reduce_max, tosa.reshape,
//   tosa.transpose, tosa.slice, tosa.pad (pad value a constant 0)
//                    operand 0: Input, others Float; result: PassThrough
//   tosa.pad with another pad value: operand 0 Input; result: Activation
//
// Every rule returns std::nullopt unless the op computes on f32 / f16 / bf16
// tensors: integer (already quantized) or other float types stay untouched.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/ExternalModels/TosaModels.h"

#include "QuantMLIR/Dialect/QNN/IR/QNNInterfaces.h"
#include "QuantMLIR/Transforms/Quantize.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// True when the value is produced by a tosa.const or an arith.constant.
bool isConstant(Value value) {
  Operation *def = value.getDefiningOp();
  return def && isa<tosa::ConstOp, arith::ConstantOp>(def);
}

/// True when `value` is a constant whose elements are all 0.
bool isZeroConstant(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return false;
  if (isa<FloatType>(attr.getElementType()))
    return llvm::all_of(attr.getValues<APFloat>(),
                        [](const APFloat &f) { return f.isZero(); });
  if (isa<IntegerType>(attr.getElementType()))
    return llvm::all_of(attr.getValues<APInt>(),
                        [](const APInt &i) { return i.isZero(); });
  return false;
}

/// Convolutions (conv2d, depthwise_conv2d, transpose_conv2d): input Input,
/// weight Weight, bias and zero points Float.
template <typename OpTy>
struct ConvModel
    : public QuantizableOpInterface::ExternalModel<ConvModel<OpTy>, OpTy> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    auto conv = cast<OpTy>(op);
    if (!hasFloatDataflow(op) ||
        !isQuantizableFloatTensor(conv.getWeight().getType()))
      return std::nullopt;
    QuantizeRule rule;
    rule.operands.assign(op->getNumOperands(), OperandRule::Float);
    rule.operands[0] = OperandRule::Input;
    rule.operands[1] = OperandRule::Weight;
    rule.result = ResultRule::Activation;
    return rule;
  }
};

/// matmul: a Input, b Weight when constant (else Input), zero points Float.
struct MatMulModel
    : public QuantizableOpInterface::ExternalModel<MatMulModel,
                                                   tosa::MatMulOp> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    auto matmul = cast<tosa::MatMulOp>(op);
    if (!hasFloatDataflow(op) ||
        !isQuantizableFloatTensor(matmul.getB().getType()))
      return std::nullopt;
    QuantizeRule rule;
    rule.operands.assign(op->getNumOperands(), OperandRule::Float);
    rule.operands[0] = OperandRule::Input;
    rule.operands[1] =
        isConstant(matmul.getB()) ? OperandRule::Weight : OperandRule::Input;
    rule.result = ResultRule::Activation;
    return rule;
  }
};

/// Elementwise arithmetic and concatenation (add, sub, mul, concat): the
/// first `numData` operands (all when -1) are Input, or Weight when constant
/// (a folded bias, a scale); the rest (mul's shift) Float.
template <typename OpTy, int numData = -1>
struct ElementwiseModel : public QuantizableOpInterface::ExternalModel<
                              ElementwiseModel<OpTy, numData>, OpTy> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    unsigned n = numData < 0 ? op->getNumOperands() : unsigned(numData);
    if (n == 0 || op->getNumOperands() < n || !hasFloatDataflow(op))
      return std::nullopt;
    QuantizeRule rule;
    rule.operands.assign(op->getNumOperands(), OperandRule::Float);
    for (unsigned i = 0; i < n; ++i) {
      Value operand = op->getOperand(i);
      if (!isQuantizableFloatTensor(operand.getType()))
        return std::nullopt;
      rule.operands[i] =
          isConstant(operand) ? OperandRule::Weight : OperandRule::Input;
    }
    rule.result = ResultRule::Activation;
    return rule;
  }
};

/// Ops that compute a new range from operand 0 (avg_pool2d, reduce_sum,
/// sigmoid, tanh): operand 0 Input, others Float; a new activation grid.
template <typename OpTy>
struct UnaryActivationModel
    : public QuantizableOpInterface::ExternalModel<UnaryActivationModel<OpTy>,
                                                   OpTy> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    if (!hasFloatDataflow(op))
      return std::nullopt;
    QuantizeRule rule;
    rule.operands.assign(op->getNumOperands(), OperandRule::Float);
    rule.operands[0] = OperandRule::Input;
    rule.result = ResultRule::Activation;
    return rule;
  }
};

/// Ops that keep the values of operand 0 on its grid: clamp, max_pool2d,
/// reduce_max, reshape, transpose, slice. Other operands (a !tosa.shape) are
/// left alone.
template <typename OpTy>
struct PassThroughModel
    : public QuantizableOpInterface::ExternalModel<PassThroughModel<OpTy>,
                                                   OpTy> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    if (!hasFloatDataflow(op))
      return std::nullopt;
    QuantizeRule rule;
    rule.operands.assign(op->getNumOperands(), OperandRule::Float);
    rule.operands[0] = OperandRule::Input;
    rule.result = ResultRule::PassThrough;
    return rule;
  }
};

/// pad: padding with 0 keeps the grid (0 is a grid point: the zero point);
/// any other pad value makes a new activation grid (the value may not lie
/// on the input grid).
struct PadModel
    : public QuantizableOpInterface::ExternalModel<PadModel, tosa::PadOp> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    if (!hasFloatDataflow(op))
      return std::nullopt;
    auto pad = cast<tosa::PadOp>(op);
    QuantizeRule rule;
    rule.operands.assign(op->getNumOperands(), OperandRule::Float);
    rule.operands[0] = OperandRule::Input;
    rule.result = isZeroConstant(pad.getPadConst()) ? ResultRule::PassThrough
                                                    : ResultRule::Activation;
    return rule;
  }
};

} // namespace

void mlir::qnn::registerTosaQuantizationModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, tosa::TosaDialect *) {
    tosa::Conv2DOp::attachInterface<ConvModel<tosa::Conv2DOp>>(*ctx);
    tosa::DepthwiseConv2DOp::attachInterface<
        ConvModel<tosa::DepthwiseConv2DOp>>(*ctx);
    tosa::TransposeConv2DOp::attachInterface<
        ConvModel<tosa::TransposeConv2DOp>>(*ctx);
    tosa::MatMulOp::attachInterface<MatMulModel>(*ctx);
    tosa::AddOp::attachInterface<ElementwiseModel<tosa::AddOp>>(*ctx);
    tosa::SubOp::attachInterface<ElementwiseModel<tosa::SubOp>>(*ctx);
    tosa::MulOp::attachInterface<ElementwiseModel<tosa::MulOp, 2>>(*ctx);
    tosa::ConcatOp::attachInterface<ElementwiseModel<tosa::ConcatOp>>(*ctx);
    tosa::AvgPool2dOp::attachInterface<UnaryActivationModel<tosa::AvgPool2dOp>>(
        *ctx);
    tosa::ReduceSumOp::attachInterface<UnaryActivationModel<tosa::ReduceSumOp>>(
        *ctx);
    tosa::SigmoidOp::attachInterface<UnaryActivationModel<tosa::SigmoidOp>>(
        *ctx);
    tosa::TanhOp::attachInterface<UnaryActivationModel<tosa::TanhOp>>(*ctx);
    tosa::ClampOp::attachInterface<PassThroughModel<tosa::ClampOp>>(*ctx);
    tosa::MaxPool2dOp::attachInterface<PassThroughModel<tosa::MaxPool2dOp>>(
        *ctx);
    tosa::ReduceMaxOp::attachInterface<PassThroughModel<tosa::ReduceMaxOp>>(
        *ctx);
    tosa::ReshapeOp::attachInterface<PassThroughModel<tosa::ReshapeOp>>(*ctx);
    tosa::TransposeOp::attachInterface<PassThroughModel<tosa::TransposeOp>>(
        *ctx);
    tosa::SliceOp::attachInterface<PassThroughModel<tosa::SliceOp>>(*ctx);
    tosa::PadOp::attachInterface<PadModel>(*ctx);
  });
}
