//===- TestQuantOps.td - A test-only dialect for external rules -*- tablegen -*-===//
//
// Part of QuantMLIR.
//
// `qnn_test`: ops that exist only in the test suite. quant-test-opt attaches
// QuantizableOpInterface rules to them from outside the QuantMLIR libraries,
// the way another compiler registers rules for its own ops.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTMLIR_TEST_TESTQUANTOPS_TD
#define QUANTMLIR_TEST_TESTQUANTOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def TestQuant_Dialect : Dialect {
  let name = "qnn_test";
  let cppNamespace = "::quantmlir::test";
  let summary = "Test-only ops for externally registered quantization rules";
}

// y = x * x elementwise: a compute op with a new output range (the rule
// quant-test-opt registers: operand Input, result Activation).
def TestQuant_SquareOp : Op<TestQuant_Dialect, "square", [Pure,
    AllTypesMatch<["input", "output"]>]> {
  let summary = "Elementwise square (test only)";
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

// y = x: values keep the grid of the input (rule: Input, PassThrough).
def TestQuant_IdentityOp : Op<TestQuant_Dialect, "identity", [Pure,
    AllTypesMatch<["input", "output"]>]> {
  let summary = "Identity (test only)";
  let arguments = (ins AnyRankedTensor:$input);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

#endif // QUANTMLIR_TEST_TESTQUANTOPS_TD
