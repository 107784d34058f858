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
// DYN: quant-run: error: argument 0 of @main has type tensor<2x?xf32>: only dimension 0 (the batch) may be dynamic

// RUN: not quant-run run %t/nolower.mlir --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=LOWER
// LOWER: quant-run: error: model does not lower: {{.*}}nolower.mlir:2:8: failed to legalize operation 'tosa.custom'

// RUN: not quant-run run %t/two.mlir --entry f 2>&1 | FileCheck %s --check-prefix=NARGS
// NARGS: quant-run: error: @f takes 1 argument(s) but 0 input file(s) (--input) were given

// Not a model: an empty file, binary garbage, no function, only declarations.
// RUN: not quant-run run %t/empty.mlir 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: quant-run: error: {{.*}}empty.mlir defines no function to run
// RUN: printf '\223NUMPY\001\000\377\376garbage\000\001' > %t/garbage.mlir
// RUN: not quant-run run %t/garbage.mlir 2>&1 | FileCheck %s --check-prefix=GARBAGE
// GARBAGE: quant-run: error: {{.*}}garbage.mlir:1:1: unexpected character
// RUN: not quant-run run %t/nofunc.mlir 2>&1 | FileCheck %s --check-prefix=NOFUNC
// NOFUNC: quant-run: error: {{.*}}nofunc.mlir defines no function to run
// RUN: not quant-run run %t/decl.mlir 2>&1 | FileCheck %s --check-prefix=DECL
// DECL: quant-run: error: {{.*}}decl.mlir defines no function to run
// RUN: not quant-run run %t 2>&1 | FileCheck %s --check-prefix=DIR
// DIR: quant-run: error: {{.*}}: cannot read file: Is a directory

// An op of a dialect quant-run does not know, at its location.
// RUN: not quant-run run %t/unregistered.mlir --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=UNREG
// UNREG: quant-run: error: {{.*}}unregistered.mlir:2:8: operation 'foo.bar' is unknown to quant-run (dialect 'foo' is not registered)

// Signatures quant-run cannot call.
// RUN: not quant-run run %t/types.mlir --entry scalar 2>&1 | FileCheck %s --check-prefix=SCALAR
// SCALAR: quant-run: error: argument 0 of @scalar has type i32: only ranked tensors and memrefs are supported
// RUN: not quant-run run %t/types.mlir --entry tuple 2>&1 | FileCheck %s --check-prefix=TUPLE
// TUPLE: quant-run: error: argument 0 of @tuple has type tuple<tensor<2x3xf32>>: only ranked tensors and memrefs are supported
// RUN: not quant-run run %t/types.mlir --entry unranked 2>&1 | FileCheck %s --check-prefix=UNRANKED
// UNRANKED: quant-run: error: argument 0 of @unranked has type tensor<*xf32>: only ranked tensors and memrefs are supported
// RUN: not quant-run run %t/types.mlir --entry strided 2>&1 | FileCheck %s --check-prefix=STRIDED
// STRIDED: quant-run: error: argument 0 of @strided has type memref<2x3xf32, strided<[?, ?], offset: ?>>: only memrefs with the identity layout are supported
// RUN: not quant-run run %t/types.mlir --entry bf16 2>&1 | FileCheck %s --check-prefix=BF16
// BF16: quant-run: error: result 0 of @bf16 has type tensor<2x3xbf16>: unsupported element type (numpy has no bfloat16) (supported: f16, f32, f64, i1, i8, ui8, i16, i32, i64)
// RUN: not quant-run run %t/types.mlir --entry ui16 2>&1 | FileCheck %s --check-prefix=UI16
// UI16: quant-run: error: argument 0 of @ui16 has type tensor<2x3xui16>: unsupported element type (supported:
// RUN: not quant-run run %t/types.mlir --entry overflow 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// OVERFLOW: quant-run: error: result 0 of @overflow has type tensor<4611686018427387904x4xf32>: too large
// RUN: not quant-run run %t/types.mlir --entry huge 2>&1 | FileCheck %s --check-prefix=HUGE
// HUGE: quant-run: error: result 0 of @huge: cannot allocate 4000000000000000 bytes for float32 [100000,100000,100000]

// Lowering fails in the middle (bufferization), or leaves an op behind.
// RUN: not quant-run run %t/sparse.mlir --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=SPARSE
// SPARSE: quant-run: error: model does not lower: {{.*}}sparse.mlir:3:8: sparse_tensor ops must be bufferized with the sparsifier
// RUN: not quant-run run %t/print.mlir --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=PRINT
// PRINT: quant-run: error: model does not lower: {{.*}}print.mlir:4:3: 'vector.print' is left after qnn-lower-to-llvm (it has no lowering to the LLVM dialect)

// A function that is declared only cannot be linked; functions @main does
// not reach are not compiled, so their problems do not matter.
// RUN: not quant-run run %t/external.mlir --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=EXTERNAL
// EXTERNAL: quant-run: error: @ext ({{.*}}external.mlir:1:1) is declared but defined neither in the module nor in the runtime
// RUN: quant-run run %t/external.mlir --entry standalone --input %t/a.npy -o %t/standalone.npy
// RUN: %python %quant_src_root/scripts/npcompare.py %t/standalone.npy %t/a.npy --atol 0

//--- parse.mlir
func.func @main(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tosa.add %a, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
//--- two.mlir
func.func @f(%a: tensor<2x3xf32>) -> tensor<2x3xf32> { return %a : tensor<2x3xf32> }
func.func @g(%a: tensor<2x3xf32>) -> tensor<2x3xf32> { return %a : tensor<2x3xf32> }
//--- dynamic.mlir
func.func @main(%a: tensor<2x?xf32>) -> tensor<2x?xf32> { return %a : tensor<2x?xf32> }
//--- nolower.mlir
func.func @main(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tosa.custom %a {domain_name = "x", operator_name = "y", implementation_attrs = ""} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
//--- empty.mlir
//--- nofunc.mlir
module {
}
//--- decl.mlir
func.func private @f(tensor<2x3xf32>) -> tensor<2x3xf32>
//--- unregistered.mlir
func.func @main(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = "foo.bar"(%a) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
//--- types.mlir
func.func @scalar(%a: i32) -> i32 { return %a : i32 }
func.func @tuple(%a: tuple<tensor<2x3xf32>>) { return }
func.func @unranked(%a: tensor<*xf32>) { return }
func.func @strided(%a: memref<2x3xf32, strided<[?, ?], offset: ?>>) { return }
func.func @bf16() -> tensor<2x3xbf16> {
  %c = arith.constant dense<1.0> : tensor<2x3xbf16>
  return %c : tensor<2x3xbf16>
}
func.func @ui16(%a: tensor<2x3xui16>) { return }
func.func @overflow() -> tensor<4611686018427387904x4xf32> {
  %e = tensor.empty() : tensor<4611686018427387904x4xf32>
  return %e : tensor<4611686018427387904x4xf32>
}
func.func @huge() -> tensor<100000x100000x100000xf32> {
  %e = tensor.empty() : tensor<100000x100000x100000xf32>
  return %e : tensor<100000x100000x100000xf32>
}
//--- sparse.mlir
#CSR = #sparse_tensor.encoding<{ map = (d0, d1) -> (d0 : dense, d1 : compressed) }>
func.func @main(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %s = sparse_tensor.convert %a : tensor<2x3xf32> to tensor<2x3xf32, #CSR>
  %d = sparse_tensor.convert %s : tensor<2x3xf32, #CSR> to tensor<2x3xf32>
  return %d : tensor<2x3xf32>
}
//--- print.mlir
func.func @main(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %c0 = arith.constant 0 : index
  %v = tensor.extract %a[%c0, %c0] : tensor<2x3xf32>
  vector.print %v : f32
  return %a : tensor<2x3xf32>
}
//--- external.mlir
func.func private @ext(tensor<2x3xf32>) -> tensor<2x3xf32>
func.func @main(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = call @ext(%a) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
func.func @standalone(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  return %a : tensor<2x3xf32>
}
func.func @broken(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tosa.custom %a {domain_name = "x", operator_name = "y", implementation_attrs = ""} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
