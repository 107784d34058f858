//===- TosaModels.cpp - Quantization rules for TOSA ops -------------------===//
//
// Part of QuantMLIR.
//
// QuantizableOpInterface external models for the TOSA ops that qnn-annotate
// quantizes. The rules (docs/QuantizationSpec.md, "annotate"):
//
//   tosa.conv2d      input: Input, weight: Weight, bias / zps: Float;
//                    result: Activation
//   tosa.matmul      a: Input, b: Weight if constant else Input, zps: Float;
//                    result: Activation
//   tosa.add         each operand Input, or Weight when it is a constant;
//                    result: Activation
//   tosa.avg_pool2d  input: Input, zps: Float; result: Activation
//   tosa.clamp, tosa.max_pool2d, tosa.reshape, tosa.transpose
//                    operand 0: Input, others Float; result: PassThrough
//
// Every rule returns std::nullopt unless the op computes on f32 / f16 / bf16
// tensors: integer (already quantized) or other float types stay untouched.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/ExternalModels/TosaModels.h"

#include "QuantMLIR/Dialect/QNN/IR/QNNInterfaces.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectRegistry.h"

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// True for a ranked tensor of f32, f16 or bf16: the element types that
/// qnn-annotate quantizes.
bool isQuantizableFloatTensor(Type type) {
  auto tensorTy = dyn_cast<RankedTensorType>(type);
  if (!tensorTy)
    return false;
  Type elemTy = tensorTy.getElementType();
  return elemTy.isF32() || elemTy.isF16() || elemTy.isBF16();
}

/// True when the value is produced by a tosa.const or an arith.constant.
bool isConstant(Value value) {
  Operation *def = value.getDefiningOp();
  return def && isa<tosa::ConstOp, arith::ConstantOp>(def);
}

/// Checks that operand 0 and result 0 are quantizable float tensors.
bool hasFloatDataflow(Operation *op) {
  return op->getNumOperands() > 0 && op->getNumResults() == 1 &&
         isQuantizableFloatTensor(op->getOperand(0).getType()) &&
         isQuantizableFloatTensor(op->getResult(0).getType());
}

/// conv2d: input Input, weight Weight, bias and zero points Float.
struct Conv2DModel
    : public QuantizableOpInterface::ExternalModel<Conv2DModel,
                                                   tosa::Conv2DOp> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    auto conv = cast<tosa::Conv2DOp>(op);
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

/// add: each operand Input, or Weight when constant (a folded bias).
struct AddModel
    : public QuantizableOpInterface::ExternalModel<AddModel, tosa::AddOp> {
  std::optional<QuantizeRule> getQuantizeRule(Operation *op) const {
    if (!hasFloatDataflow(op) ||
        !isQuantizableFloatTensor(op->getOperand(1).getType()))
      return std::nullopt;
    QuantizeRule rule;
    for (Value operand : op->getOperands())
      rule.operands.push_back(isConstant(operand) ? OperandRule::Weight
                                                  : OperandRule::Input);
    rule.result = ResultRule::Activation;
    return rule;
  }
};

/// avg_pool2d: input Input, zero points Float; a new activation grid.
struct AvgPool2dModel
    : public QuantizableOpInterface::ExternalModel<AvgPool2dModel,
                                                   tosa::AvgPool2dOp> {
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
/// reshape, transpose. Other operands (a !tosa.shape) are left alone.
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

} // namespace

void mlir::qnn::registerTosaQuantizationModels(DialectRegistry &registry) {
  registry.addExtension(+[](MLIRContext *ctx, tosa::TosaDialect *) {
    tosa::Conv2DOp::attachInterface<Conv2DModel>(*ctx);
    tosa::MatMulOp::attachInterface<MatMulModel>(*ctx);
    tosa::AddOp::attachInterface<AddModel>(*ctx);
    tosa::AvgPool2dOp::attachInterface<AvgPool2dModel>(*ctx);
    tosa::ClampOp::attachInterface<PassThroughModel<tosa::ClampOp>>(*ctx);
    tosa::MaxPool2dOp::attachInterface<PassThroughModel<tosa::MaxPool2dOp>>(
        *ctx);
    tosa::ReshapeOp::attachInterface<PassThroughModel<tosa::ReshapeOp>>(*ctx);
    tosa::TransposeOp::attachInterface<PassThroughModel<tosa::TransposeOp>>(
        *ctx);
  });
}
