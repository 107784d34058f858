// An unknown target is an error at the module's location, one line, and
// the module is not printed; nothing else is reported.
// RUN: not quant-opt %s -qnn-legalize=target=x86-sse 2>&1 | FileCheck %s --implicit-check-not="current operation" --implicit-check-not=func.func
// RUN: not quant-opt %s -qnn-legalize=target= 2>&1 | FileCheck %s --check-prefix=EMPTY
// CHECK: qnn-legalize-invalid.mlir:[[@LINE+3]]:1: error: qnn-legalize: unknown target 'x86-sse' (expected generic, host, x86-avx2, x86-avxvnni, x86-avx512vnni, aarch64-dotprod, aarch64-i8mm, nvptx-sm80 or nvptx-sm90a)
// EMPTY: error: qnn-legalize: unknown target ''

module {
  func.func @f(%x: tensor<2xf32>) -> tensor<2xi8> {
    %q = qnn.quantize %x {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<2xf32> -> tensor<2xi8>
    return %q : tensor<2xi8>
  }
}
