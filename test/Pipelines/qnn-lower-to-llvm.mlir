// RUN: quant-opt %s --qnn-quantize --qnn-lower-to-llvm | FileCheck %s
// RUN: quant-opt %s --qnn-quantize --qnn-lower-to-llvm --mlir-print-op-generic | grep -o '"[a-z_0-9]*\.[a-z_0-9.]*"(' | sed 's/\..*//' | sort -u | FileCheck %s --check-prefix=DIALECTS
// RUN: quant-opt %s --qnn-emit-c-interface | FileCheck %s --check-prefix=IFACE

// After qnn-lower-to-llvm only LLVM dialect ops are left (in the builtin
// module): the sorted list of dialects of all ops is exactly builtin, llvm.
// DIALECTS-NOT: {{.}}
// DIALECTS: {{^}}"builtin{{$}}
// DIALECTS-NEXT: {{^}}"llvm{{$}}
// DIALECTS-NOT: {{.}}

// The public function keeps its signature in qnn.signature and gets a C
// interface wrapper taking one descriptor pointer per input, then one per
// result (an out-parameter), which unpacks them and calls the function. The
// integer conv survives as i8 -> i32 arithmetic. The private function gets
// neither.
// CHECK-LABEL: llvm.func @helper(
// CHECK-NOT: qnn.signature
// CHECK-NOT: llvm.emit_c_interface
// CHECK-SAME: {
// CHECK-LABEL: llvm.func @conv(
// CHECK-SAME: attributes {llvm.emit_c_interface, qnn.signature = (tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32>}
// CHECK: llvm.sext %{{.*}} : i8 to i32
// CHECK: llvm.mul %{{.*}} : i32
// CHECK-LABEL: llvm.func @_mlir_ciface_conv(
// CHECK-SAME: %[[IN:.*]]: !llvm.ptr, %[[OUT:.*]]: !llvm.ptr)
// CHECK-SAME: attributes {llvm.emit_c_interface, qnn.signature = (tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32>}
// CHECK-DAG: llvm.load %[[IN]]
// CHECK-DAG: llvm.load %[[OUT]]
// CHECK: llvm.call @conv(
// CHECK-NOT: _mlir_ciface_helper

// qnn-emit-c-interface, the first pass of the pipeline, on its own: public
// definitions get the C interface, read-only tensor arguments and the
// signature record; private functions and declarations are left alone.
// IFACE-LABEL: func.func private @helper(
// IFACE-NOT: bufferization.writable
// IFACE-SAME: {
// IFACE-LABEL: func.func @conv(
// IFACE-SAME: %{{.*}}: tensor<1x4x4x2xf32> {bufferization.writable = false}) -> tensor<1x4x4x3xf32>
// IFACE-SAME: attributes {llvm.emit_c_interface, qnn.signature = (tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32>}
// IFACE-LABEL: func.func private @decl(
// IFACE-NOT: attributes
// IFACE: }
func.func private @helper(%x: tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32> {
  return %x : tensor<1x4x4x3xf32>
}
func.func @conv(%x: tensor<1x4x4x2xf32>) -> tensor<1x4x4x3xf32> {
  %w = "tosa.const"() <{values = dense<[[[[0.5, -0.25]]], [[[1.0, 0.0625]]], [[[0.1875, -1.0]]]]> : tensor<3x1x1x2xf32>}> : () -> tensor<3x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[0.125, 0.0, -0.25]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  %1 = call @helper(%0) : (tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  return %1 : tensor<1x4x4x3xf32>
}
func.func private @decl(tensor<2xf32>) -> tensor<2xf32>
