//===- quant-test-opt.cpp - quant-opt plus a test-only dialect ------------===//
//
// Part of QuantMLIR.
//
// quant-opt with the `qnn_test` dialect, whose ops get their quantization
// rules here, from outside the QuantMLIR libraries: the same
// `attachInterface` call another compiler makes for its own ops
// (docs/UserGuide.md, "Rules for your own ops"). Used by the lit tests only.
//
//===----------------------------------------------------------------------===//

#include "QuantMLIR/Dialect/QNN/IR/QNNInterfaces.h"
#include "QuantMLIR/InitAll.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

#include "TestQuantDialect.h.inc"
#define GET_OP_CLASSES
#include "TestQuantOps.h.inc"

#include "TestQuantDialect.cpp.inc"
#define GET_OP_CLASSES
#include "TestQuantOps.cpp.inc"

using namespace mlir;

void quantmlir::test::TestQuantDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "TestQuantOps.cpp.inc"
      >();
}

namespace {

bool isF32Tensor(Type type) {
  auto t = dyn_cast<RankedTensorType>(type);
  return t && t.getElementType().isF32();
}

/// The rule of a one-operand op: operand Input; result as given. Declines
/// (std::nullopt) anything but f32 tensors.
template <typename OpTy, qnn::ResultRule kResult>
struct UnaryRule
    : public qnn::QuantizableOpInterface::ExternalModel<
          UnaryRule<OpTy, kResult>, OpTy> {
  std::optional<qnn::QuantizeRule> getQuantizeRule(Operation *op) const {
    if (!isF32Tensor(op->getOperand(0).getType()))
      return std::nullopt;
    qnn::QuantizeRule rule;
    rule.operands = {qnn::OperandRule::Input};
    rule.result = kResult;
    return rule;
  }
};

} // namespace

int main(int argc, char **argv) {
  quantmlir::registerAllPasses();
  DialectRegistry registry;
  quantmlir::registerAllDialects(registry);
  registry.insert<quantmlir::test::TestQuantDialect>();
  // The rules, registered from outside the library.
  registry.addExtension(+[](MLIRContext *ctx,
                            quantmlir::test::TestQuantDialect *) {
    quantmlir::test::SquareOp::attachInterface<
        UnaryRule<quantmlir::test::SquareOp, qnn::ResultRule::Activation>>(
        *ctx);
    quantmlir::test::IdentityOp::attachInterface<
        UnaryRule<quantmlir::test::IdentityOp, qnn::ResultRule::PassThrough>>(
        *ctx);
  });
  return asMainReturnCode(MlirOptMain(
      argc, argv, "QuantMLIR optimizer driver with test-only ops\n", registry));
}
