// RUN: quant-opt %s -split-input-file -convert-qnn-to-linalg | FileCheck %s

// Dynamic dimensions (a dynamic batch): every tensor.empty takes the size of
// a dynamic result dimension from a dynamic dimension of an operand
// (tensor.dim). Execution: exec-dynamic.mlir.

// conv2d: the batch of the accumulator is the input's.
// CHECK-LABEL: func.func @conv2d_dynamic_batch(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?x5x6x4xi8>
// CHECK:         %[[PAD:.*]] = tensor.pad %[[X]] low[0, 0, 2, 0] high[0, 1, 0, 0]
// CHECK:         } : tensor<?x5x6x4xi8> to tensor<?x6x8x4xi8>
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x5x6x4xi8>
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x2x4x4xi32>
// CHECK:         %[[B:.*]] = linalg.generic {{.*}} outs(%[[E]] : tensor<?x2x4x4xi32>)
// CHECK:         %[[R:.*]] = linalg.generic
// CHECK-SAME:        ins(%[[PAD]], %{{.*}} : tensor<?x6x8x4xi8>, tensor<4x3x3x2xi8>) outs(%[[B]] : tensor<?x2x4x4xi32>)
// CHECK:         return %[[R]] : tensor<?x2x4x4xi32>
func.func @conv2d_dynamic_batch(%x: tensor<?x5x6x4xi8>, %w: tensor<4x3x3x2xi8>, %b: tensor<4xi32>) -> tensor<?x2x4x4xi32> {
  %0 = qnn.conv2d %x, %w, %b {input_zp = 128 : i64, weight_zp = 3 : i64, input_unsigned = true, strides = array<i64: 2, 1>, pad = array<i64: 0, 1, 2, 0>, dilations = array<i64: 1, 2>, groups = 2 : i64} : (tensor<?x5x6x4xi8>, tensor<4x3x3x2xi8>, tensor<4xi32>) -> tensor<?x2x4x4xi32>
  return %0 : tensor<?x2x4x4xi32>
}

// -----

// matmul: dynamic rows from the lhs.
// CHECK-LABEL: func.func @matmul_dynamic_rows(
// CHECK-SAME:      %[[A:[^:]*]]: tensor<1x?x4xi8>
// CHECK:         %[[M:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<1x?x4xi8>
// CHECK:         %[[E:.*]] = tensor.empty(%[[M]]) : tensor<1x?x5xi32>
// CHECK:         %[[Z:.*]] = linalg.fill ins(%{{.*}} : i32) outs(%[[E]] : tensor<1x?x5xi32>)
// CHECK:         linalg.generic
// CHECK-SAME:        ins(%[[A]], %{{.*}} : tensor<1x?x4xi8>, tensor<1x4x5xi8>) outs(%[[Z]] : tensor<1x?x5xi32>)
func.func @matmul_dynamic_rows(%a: tensor<1x?x4xi8>, %b: tensor<1x4x5xi8>) -> tensor<1x?x5xi32> {
  %0 = qnn.matmul %a, %b {lhs_zp = 3 : i64} : (tensor<1x?x4xi8>, tensor<1x4x5xi8>) -> tensor<1x?x5xi32>
  return %0 : tensor<1x?x5xi32>
}

// -----

// requantize (per-axis on the static dimension): elementwise, batch from the input.
// CHECK-LABEL: func.func @requantize_dynamic(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?x3xi32>
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x3xi32>
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x3xi8>
// CHECK:         linalg.generic
// CHECK-SAME:        ins(%[[X]], %{{.*}}, %{{.*}} : tensor<?x3xi32>, tensor<3xi64>, tensor<3xi64>) outs(%[[E]] : tensor<?x3xi8>)
func.func @requantize_dynamic(%x: tensor<?x3xi32>) -> tensor<?x3xi8> {
  %0 = qnn.requantize %x {input_params = #qnn.params<i32, axis = 1, scales = [0.5, 0.25, 0.125], zps = [0, 0, 0]>, output_params = #qnn.params<i8, scale = 1.0, zp = -3>} : tensor<?x3xi32> -> tensor<?x3xi8>
  return %0 : tensor<?x3xi8>
}

// -----

// CHECK-LABEL: func.func @quantize_dynamic(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?x4xf32>
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x4xf32>
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x4xi8>
// CHECK:         linalg.generic {{.*}} ins(%[[X]] : tensor<?x4xf32>) outs(%[[E]] : tensor<?x4xi8>)
// CHECK:           math.roundeven
func.func @quantize_dynamic(%x: tensor<?x4xf32>) -> tensor<?x4xi8> {
  %0 = qnn.quantize %x {params = #qnn.params<i8, scale = 0.25, zp = -3>} : tensor<?x4xf32> -> tensor<?x4xi8>
  return %0 : tensor<?x4xi8>
}

// -----

// add: the static operand of size 1 is broadcast along the dynamic batch.
// CHECK-DAG:   #[[$ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG:   #[[$BC:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-LABEL: func.func @add_dynamic_broadcast(
// CHECK-SAME:      %[[A:[^:]*]]: tensor<?x3xi8>, %[[B:[^:]*]]: tensor<1x3xi8>
// CHECK:         %[[N:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x3xi8>
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x3xi8>
// CHECK:         linalg.generic {indexing_maps = [#[[$ID2]], #[[$BC]], #[[$ID2]]]
// CHECK-SAME:        ins(%[[A]], %[[B]] : tensor<?x3xi8>, tensor<1x3xi8>) outs(%[[E]] : tensor<?x3xi8>)
func.func @add_dynamic_broadcast(%a: tensor<?x3xi8>, %b: tensor<1x3xi8>) -> tensor<?x3xi8> {
  %0 = qnn.add %a, %b {lhs_params = #qnn.params<i8, scale = 0.5, zp = 1>, rhs_params = #qnn.params<i8, scale = 0.25, zp = -2>, output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<?x3xi8>, tensor<1x3xi8>) -> tensor<?x3xi8>
  return %0 : tensor<?x3xi8>
}

// -----

// concat along a static axis: slices of dynamic size.
// CHECK-LABEL: func.func @concat_dynamic_batch(
// CHECK-SAME:      %[[A:[^:]*]]: tensor<?x2xi8>, %[[B:[^:]*]]: tensor<?x3xi8>
// CHECK:         %[[N:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x2xi8>
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x5xi8>
// CHECK:         %[[RQ:.*]] = linalg.generic {{.*}} ins(%[[A]] : tensor<?x2xi8>)
// CHECK:         %[[NA:.*]] = tensor.dim %[[A]], %{{.*}} : tensor<?x2xi8>
// CHECK:         %[[S0:.*]] = tensor.insert_slice %[[RQ]] into %[[E]][0, 0] [%[[NA]], 2] [1, 1] : tensor<?x2xi8> into tensor<?x5xi8>
// CHECK:         %[[NB:.*]] = tensor.dim %[[B]], %{{.*}} : tensor<?x3xi8>
// CHECK:         %[[S1:.*]] = tensor.insert_slice %[[B]] into %[[S0]][0, 2] [%[[NB]], 3] [1, 1] : tensor<?x3xi8> into tensor<?x5xi8>
// CHECK:         return %[[S1]]
func.func @concat_dynamic_batch(%a: tensor<?x2xi8>, %b: tensor<?x3xi8>) -> tensor<?x5xi8> {
  %0 = qnn.concat %a, %b {axis = 1 : i64, input_params = [#qnn.params<i8, scale = 0.5, zp = 0>, #qnn.params<i8, scale = 1.0, zp = 0>], output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<?x2xi8>, tensor<?x3xi8>) -> tensor<?x5xi8>
  return %0 : tensor<?x5xi8>
}

// -----

// avg_pool2d: window sums and the rounded mean keep the input's batch.
// CHECK-LABEL: func.func @avg_pool_dynamic_batch(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<?x3x3x1xi8>
// CHECK:         } : tensor<?x3x3x1xi8> to tensor<?x4x4x1xi8>
// CHECK:         %[[N:.*]] = tensor.dim %[[X]], %{{.*}} : tensor<?x3x3x1xi8>
// CHECK:         %[[E:.*]] = tensor.empty(%[[N]]) : tensor<?x2x2x1xi32>
// CHECK:         %[[SUMS:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<?x2x2x1xi32>)
// CHECK:         %[[N2:.*]] = tensor.dim %[[SUMS]], %{{.*}} : tensor<?x2x2x1xi32>
// CHECK:         tensor.empty(%[[N2]]) : tensor<?x2x2x1xi8>
func.func @avg_pool_dynamic_batch(%x: tensor<?x3x3x1xi8>) -> tensor<?x2x2x1xi8> {
  %0 = qnn.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, pad = array<i64: 0, 1, 0, 1>, zp = -1 : i64} : tensor<?x3x3x1xi8> -> tensor<?x2x2x1xi8>
  return %0 : tensor<?x2x2x1xi8>
}
