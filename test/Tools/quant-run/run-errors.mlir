// quant-run errors on the model side: one line, non-zero exit, no crash.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/gen_run_inputs.py %t
// RUN: split-file %s %t

// RUN: not quant-run run %t/parse.mlir --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=PARSE
// PARSE: quant-run: error: {{.*}}parse.mlir:2:21: use of undeclared SSA value name

// RUN: not quant-run run %t/two.mlir --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=NOMAIN
// NOMAIN: quant-run: error: no @main in {{.*}}two.mlir and several public functions: choose one with --entry (available: @f, @g)
// RUN: not quant-run run %t/two.mlir --entry h --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=ENTRY
// ENTRY: quant-run: error: no function @h in {{.*}}two.mlir (available: @f, @g)
// RUN: quant-run run %t/two.mlir --entry g --input %t/a.npy --print | FileCheck %s --check-prefix=G
// G: result 0: float32 [2,3]

// RUN: not quant-run run %t/dynamic.mlir --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=DYN
// DYN: quant-run: error: argument 0 of @main has type tensor<?x3xf32>: dynamic shapes are not supported yet (issue 4)

// RUN: not quant-run run %t/nolower.mlir --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=LOWER
// LOWER: quant-run: error: model does not lower: {{.*}}nolower.mlir:2:8: failed to legalize operation 'tosa.custom'

// RUN: not quant-run run %t/two.mlir --entry f 2>&1 | FileCheck %s --check-prefix=NARGS
// NARGS: quant-run: error: @f takes 1 argument(s) but 0 input file(s) (--input) were given

//--- parse.mlir
func.func @main(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tosa.add %a, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
//--- two.mlir
func.func @f(%a: tensor<2x3xf32>) -> tensor<2x3xf32> { return %a : tensor<2x3xf32> }
func.func @g(%a: tensor<2x3xf32>) -> tensor<2x3xf32> { return %a : tensor<2x3xf32> }
//--- dynamic.mlir
func.func @main(%a: tensor<?x3xf32>) -> tensor<?x3xf32> { return %a : tensor<?x3xf32> }
//--- nolower.mlir
func.func @main(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tosa.custom %a {domain_name = "x", operator_name = "y", implementation_attrs = ""} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
