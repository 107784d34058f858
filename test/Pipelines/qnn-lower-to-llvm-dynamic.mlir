// RUN: quant-opt %s --qnn-lower-to-llvm | FileCheck %s

// Calling convention of functions with a dynamically shaped result: the
// results are not turned into out-parameters (the caller cannot know their
// shape); the function returns its memref descriptors, and the C interface
// wrapper writes them through its first argument, then takes one descriptor
// pointer per input. The returned buffers are owned by the caller (freed
// with free): buffers the function does not own (an argument, a constant)
// are returned as copies (memref.alloc + copy, i.e. malloc).
// CHECK-LABEL: llvm.func @dynamic(
// CHECK-SAME: -> !llvm.struct<(struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>, struct<(ptr, ptr, i64, array<1 x i64>, array<1 x i64>)>)>
// CHECK-SAME: attributes {llvm.emit_c_interface, qnn.signature = (tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<2xf32>)}
// CHECK-COUNT-3: llvm.call @malloc
// CHECK-LABEL: llvm.func @_mlir_ciface_dynamic(
// CHECK-SAME: %[[RES:.*]]: !llvm.ptr, %[[IN:.*]]: !llvm.ptr)
// CHECK: %[[R:.*]] = llvm.call @dynamic(
// CHECK: llvm.store %[[R]], %[[RES]]
func.func @dynamic(%a: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<2xf32>) {
  %c = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = tosa.add %a, %a : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0, %a, %c : tensor<?x3xf32>, tensor<?x3xf32>, tensor<2xf32>
}

// A dynamic argument with a static result keeps the out-parameter.
// CHECK-LABEL: llvm.func @_mlir_ciface_static_result(
// CHECK-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK-NOT: llvm.store
// CHECK: llvm.call @static_result(
// CHECK-NEXT: llvm.return
func.func @static_result(%a: tensor<?x3xf32>) -> tensor<3xf32> {
  %s = tosa.reduce_sum %a {axis = 0 : i32} : (tensor<?x3xf32>) -> tensor<1x3xf32>
  %shape = tosa.const_shape {values = dense<[3]> : tensor<1xindex>} : () -> !tosa.shape<1>
  %r = tosa.reshape %s, %shape : (tensor<1x3xf32>, !tosa.shape<1>) -> tensor<3xf32>
  return %r : tensor<3xf32>
}
