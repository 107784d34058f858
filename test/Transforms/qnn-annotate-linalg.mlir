// RUN: quant-opt %s -split-input-file -qnn-annotate | FileCheck %s
// Annotating twice inserts nothing more.
// RUN: quant-opt %s -split-input-file -qnn-annotate -qnn-annotate | FileCheck %s
// RUN: quant-opt %s -split-input-file -qnn-annotate="per-channel=false" | FileCheck %s --check-prefix=PERTENSOR
// RUN: quant-opt %s -split-input-file -qnn-annotate -verify-diagnostics -o /dev/null

// Rules for linalg on tensors (docs/QuantizationSpec.md, section 11): the
// form upstream tosa-to-linalg-named / tosa-to-linalg emit for a TOSA conv
// layer. The conv accumulates onto its bias (a linalg.generic broadcasting a
// constant into the init): input INPUT, filter WEIGHT (FHWC: per channel
// along axis 0), init left float, result ACTIVATION. The ReLU generic
// (minimumf / maximumf with constants), the max pooling from the lowest float
// and the collapse_shape keep the grid: no new op. The fill and the bias
// broadcast read only constants and get no remark.
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch4 = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @conv_layer
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>)
// CHECK: %[[QX:.*]] = qnn.simulated_quantize %[[X]] {kind = #qnn.kind<input>, name = "conv1:in0"}
// CHECK: %[[QW:.*]] = qnn.simulated_quantize %{{.*}} {axis = 0 : i64, kind = #qnn.kind<weight>, name = "conv1:w", narrow_range = true} : tensor<3x3x3x2xf32>
// CHECK: %[[C:.*]] = linalg.conv_2d_nhwc_fhwc {{.*}} ins(%[[QX]], %[[QW]] : {{.*}}) outs(%[[INIT:.*]] : tensor<1x2x2x3xf32>)
// CHECK: %[[A:.*]] = qnn.simulated_quantize %[[C]] {kind = #qnn.kind<activation>, name = "conv1:out"}
// CHECK: %[[R:.*]] = linalg.generic {{.*}} ins(%[[A]] : tensor<1x2x2x3xf32>)
// CHECK-NOT: qnn.simulated_quantize
// CHECK: %[[P:.*]] = linalg.pooling_nhwc_max {{.*}} ins(%[[R]], %{{.*}} : tensor<1x2x2x3xf32>, tensor<2x1xf32>)
// CHECK: %[[F:.*]] = tensor.collapse_shape %[[P]]
// CHECK: return %[[F]]
// PERTENSOR-LABEL: func.func @conv_layer
// PERTENSOR: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<weight>, name = "conv1:w", narrow_range = true} : tensor<3x3x3x2xf32>
func.func @conv_layer(%x: tensor<1x4x4x2xf32>) -> tensor<1x6xf32> {
  %w = arith.constant dense<0.5> : tensor<3x3x3x2xf32>
  %b = arith.constant dense<[0.1, 0.2, 0.3]> : tensor<3xf32>
  %zero = arith.constant 0.0 : f32
  %big = arith.constant 3.4e38 : f32
  %lowest = arith.constant -3.40282347E+38 : f32
  %e = tensor.empty() : tensor<1x2x2x3xf32>
  %init = linalg.generic {indexing_maps = [#ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b : tensor<3xf32>) outs(%e : tensor<1x2x2x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x2x2x3xf32> loc("conv1")
  %c = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x4x4x2xf32>, tensor<3x3x3x2xf32>) outs(%init : tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32> loc("conv1")
  %e2 = tensor.empty() : tensor<1x2x2x3xf32>
  %r = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c : tensor<1x2x2x3xf32>) outs(%e2 : tensor<1x2x2x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.minimumf %in, %big : f32
    %1 = arith.maximumf %0, %zero : f32
    linalg.yield %1 : f32
  } -> tensor<1x2x2x3xf32> loc("relu1")
  %e3 = tensor.empty() : tensor<1x1x2x3xf32>
  %f = linalg.fill ins(%lowest : f32) outs(%e3 : tensor<1x1x2x3xf32>) -> tensor<1x1x2x3xf32>
  %win = tensor.empty() : tensor<2x1xf32>
  %p = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%r, %win : tensor<1x2x2x3xf32>, tensor<2x1xf32>) outs(%f : tensor<1x1x2x3xf32>) -> tensor<1x1x2x3xf32>
  %flat = tensor.collapse_shape %p [[0], [1, 2, 3]] : tensor<1x1x2x3xf32> into tensor<1x6xf32>
  return %flat : tensor<1x6xf32>
}

// -----

// The other conv layouts: per-channel axis = the output-channel dimension of
// the filter (HWCF: 3, FCHW: 0, depthwise HWC: 2). A zero fill or a
// tensor.empty init is an accumulation from 0.
// CHECK-LABEL: func.func @conv_layouts
// CHECK: qnn.simulated_quantize %{{.*}} {axis = 3 : i64, kind = #qnn.kind<weight>, name = "conv_2d_nhwc_hwcf_0:w", narrow_range = true} : tensor<1x1x2x3xf32>
// CHECK: linalg.conv_2d_nhwc_hwcf
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "conv_2d_nhwc_hwcf_0:out"}
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, name = "conv_2d_nchw_fchw_0:in0"}
// CHECK: qnn.simulated_quantize %{{.*}} {axis = 0 : i64, kind = #qnn.kind<weight>, name = "conv_2d_nchw_fchw_0:w", narrow_range = true} : tensor<3x2x1x1xf32>
// CHECK: linalg.conv_2d_nchw_fchw
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "conv_2d_nchw_fchw_0:out"}
// CHECK: qnn.simulated_quantize %{{.*}} {axis = 2 : i64, kind = #qnn.kind<weight>, name = "depthwise_conv_2d_nhwc_hwc_0:w", narrow_range = true} : tensor<1x1x2xf32>
// CHECK: linalg.depthwise_conv_2d_nhwc_hwc
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "depthwise_conv_2d_nhwc_hwc_0:out"}
func.func @conv_layouts(%x: tensor<1x2x2x2xf32>, %y: tensor<1x2x2x2xf32>) -> (tensor<1x2x2x3xf32>, tensor<1x3x2x2xf32>, tensor<1x2x2x2xf32>) {
  %zero = arith.constant 0.0 : f32
  %w1 = arith.constant dense<0.5> : tensor<1x1x2x3xf32>
  %e1 = tensor.empty() : tensor<1x2x2x3xf32>
  %i1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  %c1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w1 : tensor<1x2x2x2xf32>, tensor<1x1x2x3xf32>) outs(%i1 : tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  %w2 = arith.constant dense<0.25> : tensor<3x2x1x1xf32>
  %e2 = tensor.empty() : tensor<1x3x2x2xf32>
  %c2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%y, %w2 : tensor<1x2x2x2xf32>, tensor<3x2x1x1xf32>) outs(%e2 : tensor<1x3x2x2xf32>) -> tensor<1x3x2x2xf32>
  %w3 = arith.constant dense<[[[0.5, -0.5]]]> : tensor<1x1x2xf32>
  %e3 = tensor.empty() : tensor<1x2x2x2xf32>
  %i3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %c3 = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w3 : tensor<1x2x2x2xf32>, tensor<1x1x2xf32>) outs(%i3 : tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %c1, %c2, %c3 : tensor<1x2x2x3xf32>, tensor<1x3x2x2xf32>, tensor<1x2x2x2xf32>
}

// -----

// Dense layers: a batch_matmul from a zero fill read only by a generic add
// of a constant 1 x 1 x N bias gets no activation between the two (the bias
// joins the accumulator); B per channel along axis 2. A linalg.matmul's B
// (K x N) is per channel along axis 1. The input reaches the first matmul
// through an expand_shape, which passes its grid on.
#m3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#b3 = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
// CHECK-LABEL: func.func @dense
// CHECK-SAME: (%[[X:.*]]: tensor<2x4xf32>)
// CHECK: %[[QX:.*]] = qnn.simulated_quantize %[[X]] {kind = #qnn.kind<input>, name = "flatten:in0"}
// CHECK: %[[E:.*]] = tensor.expand_shape %[[QX]]
// CHECK: %[[QB:.*]] = qnn.simulated_quantize %{{.*}} {axis = 2 : i64, kind = #qnn.kind<weight>, name = "fc1:w", narrow_range = true} : tensor<1x4x3xf32>
// CHECK: %[[MM:.*]] = linalg.batch_matmul ins(%[[E]], %[[QB]] :
// CHECK-NOT: qnn.simulated_quantize %[[MM]]
// CHECK: %[[ADD:.*]] = linalg.generic {{.*}} ins(%[[MM]], %{{.*}} : tensor<1x2x3xf32>, tensor<1x1x3xf32>)
// CHECK: %[[A:.*]] = qnn.simulated_quantize %[[ADD]] {kind = #qnn.kind<activation>, name = "fc1_bias:out"}
// CHECK: %[[C:.*]] = tensor.collapse_shape %[[A]]
// CHECK: %[[QB2:.*]] = qnn.simulated_quantize %{{.*}} {axis = 1 : i64, kind = #qnn.kind<weight>, name = "fc2:w", narrow_range = true} : tensor<3x2xf32>
// CHECK: %[[MM2:.*]] = linalg.matmul ins(%[[C]], %[[QB2]] :
// CHECK: qnn.simulated_quantize %[[MM2]] {kind = #qnn.kind<activation>, name = "fc2:out"}
func.func @dense(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %xe = tensor.expand_shape %x [[0, 1], [2]] output_shape [1, 2, 4] : tensor<2x4xf32> into tensor<1x2x4xf32> loc("flatten")
  %w = arith.constant dense<0.5> : tensor<1x4x3xf32>
  %bias = arith.constant dense<[[[0.1, 0.2, 0.3]]]> : tensor<1x1x3xf32>
  %e = tensor.empty() : tensor<1x2x3xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x3xf32>) -> tensor<1x2x3xf32> loc("fc1")
  %mm = linalg.batch_matmul ins(%xe, %w : tensor<1x2x4xf32>, tensor<1x4x3xf32>) outs(%f : tensor<1x2x3xf32>) -> tensor<1x2x3xf32> loc("fc1")
  %e2 = tensor.empty() : tensor<1x2x3xf32>
  %add = linalg.generic {indexing_maps = [#m3, #b3, #m3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%mm, %bias : tensor<1x2x3xf32>, tensor<1x1x3xf32>) outs(%e2 : tensor<1x2x3xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %0 = arith.addf %in, %in_1 : f32
    linalg.yield %0 : f32
  } -> tensor<1x2x3xf32> loc("fc1_bias")
  %c = tensor.collapse_shape %add [[0, 1], [2]] : tensor<1x2x3xf32> into tensor<2x3xf32>
  %w2 = arith.constant dense<0.25> : tensor<3x2xf32>
  %e3 = tensor.empty() : tensor<2x2xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<2x2xf32>) -> tensor<2x2xf32>
  %mm2 = linalg.matmul ins(%c, %w2 : tensor<2x3xf32>, tensor<3x2xf32>) outs(%f3 : tensor<2x2xf32>) -> tensor<2x2xf32> loc("fc2")
  return %mm2 : tensor<2x2xf32>
}

// -----

// Elementwise ops: an add of two computed values (a residual) reads both on
// their grids; a mul by a constant makes it a WEIGHT; named linalg.max and a
// generic maximumf of two inputs get an activation; tensor.pad with 0 keeps
// the grid, with another value gets an activation; a transpose keeps it.
#id2 = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @elementwise
// CHECK-SAME: (%[[X:.*]]: tensor<2x2xf32>, %[[Y:.*]]: tensor<2x2xf32>)
// CHECK-DAG: %[[QX:.*]] = qnn.simulated_quantize %[[X]] {kind = #qnn.kind<input>, name = "add_0:in0"}
// CHECK-DAG: %[[QY:.*]] = qnn.simulated_quantize %[[Y]] {kind = #qnn.kind<input>, name = "add_0:in1"}
// CHECK: %[[ADD:.*]] = linalg.add ins(%[[QX]], %[[QY]] :
// CHECK: %[[A:.*]] = qnn.simulated_quantize %[[ADD]] {kind = #qnn.kind<activation>, name = "add_0:out"}
// CHECK: %[[QC:.*]] = qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<weight>, name = "generic_0:w", narrow_range = true}
// CHECK: %[[MUL:.*]] = linalg.generic {{.*}} ins(%[[A]], %[[QC]] :
// CHECK: %[[M:.*]] = qnn.simulated_quantize %[[MUL]] {kind = #qnn.kind<activation>, name = "generic_0:out"}
// CHECK: %[[MAX:.*]] = linalg.max ins(%[[M]], %[[A]] :
// CHECK: %[[MX:.*]] = qnn.simulated_quantize %[[MAX]] {kind = #qnn.kind<activation>, name = "max_0:out"}
// CHECK: %[[GMAX:.*]] = linalg.generic {{.*}} ins(%[[MX]], %[[M]] :
// CHECK: %[[GMX:.*]] = qnn.simulated_quantize %[[GMAX]] {kind = #qnn.kind<activation>, name = "generic_1:out"}
// CHECK: %[[P0:.*]] = tensor.pad %[[GMX]]
// CHECK-NOT: qnn.simulated_quantize %[[P0]]
// CHECK: %[[T:.*]] = linalg.transpose ins(%[[P0]] :
// CHECK: %[[P1:.*]] = tensor.pad %[[T]]
// CHECK: qnn.simulated_quantize %[[P1]] {kind = #qnn.kind<activation>, name = "pad_1:out"}
func.func @elementwise(%x: tensor<2x2xf32>, %y: tensor<2x2xf32>) -> tensor<6x6xf32> {
  %e = tensor.empty() : tensor<2x2xf32>
  %add = linalg.add ins(%x, %y : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %c = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %mul = linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%add, %c : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %0 = arith.mulf %a, %b : f32
    linalg.yield %0 : f32
  } -> tensor<2x2xf32>
  %max = linalg.max ins(%mul, %add : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) -> tensor<2x2xf32>
  %gmax = linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%max, %mul : tensor<2x2xf32>, tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %0 = arith.maximumf %a, %b : f32
    linalg.yield %0 : f32
  } -> tensor<2x2xf32>
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %p0 = tensor.pad %gmax low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %zero : f32
  } : tensor<2x2xf32> to tensor<4x4xf32>
  %et = tensor.empty() : tensor<4x4xf32>
  %t = linalg.transpose ins(%p0 : tensor<4x4xf32>) outs(%et : tensor<4x4xf32>) permutation = [1, 0]
  %p1 = tensor.pad %t low[1, 1] high[1, 1] {
  ^bb0(%i: index, %j: index):
    tensor.yield %one : f32
  } : tensor<4x4xf32> to tensor<6x6xf32>
  return %p1 : tensor<6x6xf32>
}

// -----

// Never silent: a generic no rule recognises, a conv accumulating onto a
// computed tensor, and max pooling from a finite init stay float with a
// remark each and a summary.
#id2 = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @not_quantized
// CHECK-NOT: qnn.simulated_quantize
// CHECK: return
// expected-remark @below {{qnn-annotate: 3 ops not quantized: linalg.generic (1), linalg.conv_2d_nhwc_fhwc (1), linalg.pooling_nhwc_max (1)}}
module {
func.func @not_quantized(%x: tensor<2x2xf32>, %y: tensor<1x2x2x1xf32>, %acc: tensor<1x2x2x1xf32>) -> (tensor<2x2xf32>, tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>) {
  %e = tensor.empty() : tensor<2x2xf32>
  // expected-remark @below {{op 'linalg.generic' is not quantized: no rule for this form of the op}}
  %exp = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%a: f32, %o: f32):
    %0 = math.exp %a : f32
    linalg.yield %0 : f32
  } -> tensor<2x2xf32>
  %w = arith.constant dense<0.5> : tensor<1x1x1x1xf32>
  // expected-remark @below {{op 'linalg.conv_2d_nhwc_fhwc' is not quantized: no rule for this form of the op}}
  %c = linalg.conv_2d_nhwc_fhwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%y, %w : tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>) outs(%acc : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<1x1x1x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %win = tensor.empty() : tensor<2x2xf32>
  // expected-remark @below {{op 'linalg.pooling_nhwc_max' is not quantized: no rule for this form of the op}}
  %p = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%y, %win : tensor<1x2x2x1xf32>, tensor<2x2xf32>) outs(%f : tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  return %exp, %c, %p : tensor<2x2xf32>, tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>
}
}

// -----

// A depthwise conv as tosa-to-linalg-named emits it: hwcm from a zero fill,
// collapse_shape, then its bias as a generic add (bias operand first): the
// bias joins the accumulator as for a dense layer, so no activation before
// the add; the filter (KH x KW x C x 1) is per channel along axis 2.
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch4 = affine_map<(d0, d1, d2, d3) -> (d3)>
// CHECK-LABEL: func.func @depthwise_hwcm
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, name = "dw:in0"}
// CHECK: qnn.simulated_quantize %{{.*}} {axis = 2 : i64, kind = #qnn.kind<weight>, name = "dw:w", narrow_range = true} : tensor<1x1x2x1xf32>
// CHECK: %[[C:.*]] = linalg.depthwise_conv_2d_nhwc_hwcm
// CHECK-NOT: qnn.simulated_quantize
// CHECK: %[[F:.*]] = tensor.collapse_shape %[[C]]
// CHECK-NOT: qnn.simulated_quantize
// CHECK: %[[B:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %[[F]] : tensor<2xf32>, tensor<1x2x2x2xf32>)
// CHECK: qnn.simulated_quantize %[[B]] {kind = #qnn.kind<activation>, name = "dw_bias:out"}
func.func @depthwise_hwcm(%x: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %zero = arith.constant 0.0 : f32
  %w = arith.constant dense<[[[[0.5], [-0.5]]]]> : tensor<1x1x2x1xf32>
  %b = arith.constant dense<[0.1, 0.2]> : tensor<2xf32>
  %e5 = tensor.empty() : tensor<1x2x2x2x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e5 : tensor<1x2x2x2x1xf32>) -> tensor<1x2x2x2x1xf32>
  %c = linalg.depthwise_conv_2d_nhwc_hwcm {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w : tensor<1x2x2x2xf32>, tensor<1x1x2x1xf32>) outs(%f : tensor<1x2x2x2x1xf32>) -> tensor<1x2x2x2x1xf32> loc("dw")
  %cc = tensor.collapse_shape %c [[0], [1], [2], [3, 4]] : tensor<1x2x2x2x1xf32> into tensor<1x2x2x2xf32>
  %e = tensor.empty() : tensor<1x2x2x2xf32>
  %add = linalg.generic {indexing_maps = [#ch4, #id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b, %cc : tensor<2xf32>, tensor<1x2x2x2xf32>) outs(%e : tensor<1x2x2x2xf32>) {
  ^bb0(%in: f32, %in_1: f32, %out: f32):
    %0 = arith.addf %in, %in_1 : f32
    linalg.yield %0 : f32
  } -> tensor<1x2x2x2xf32> loc("dw_bias")
  return %add : tensor<1x2x2x2xf32>
}

// -----

// Sum pooling from a zero init computes a new range: its own activation.
// CHECK-LABEL: func.func @sum_pool
// CHECK: %[[Q:.*]] = qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, name = "pooling_nhwc_sum_0:in0"}
// CHECK: %[[S:.*]] = linalg.pooling_nhwc_sum {{.*}} ins(%[[Q]], %{{.*}} :
// CHECK: qnn.simulated_quantize %[[S]] {kind = #qnn.kind<activation>, name = "pooling_nhwc_sum_0:out"}
func.func @sum_pool(%x: tensor<1x2x2x1xf32>) -> tensor<1x1x1x1xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x1x1x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  %win = tensor.empty() : tensor<2x2xf32>
  %s = linalg.pooling_nhwc_sum {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x, %win : tensor<1x2x2x1xf32>, tensor<2x2xf32>) outs(%f : tensor<1x1x1x1xf32>) -> tensor<1x1x1x1xf32>
  return %s : tensor<1x1x1x1xf32>
}

// -----

// An average pooling as tosa-to-linalg emits tosa.avg_pool2d without
// padding: a sum pooling from 0 read only by a division by the window size
// (2 x 2 = 4). The sum reads the input grid and gets no activation of its
// own; the division's result is the pooling's activation. No remark.
#avg4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @avg_pool
// CHECK: %[[Q:.*]] = qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, name = "pooling_nhwc_sum_0:in0"}
// CHECK: %[[S:.*]] = linalg.pooling_nhwc_sum {{.*}} ins(%[[Q]], %{{.*}} :
// CHECK-NOT: qnn.simulated_quantize
// CHECK: %[[D:.*]] = linalg.generic {{.*}} ins(%[[S]] :
// CHECK: arith.divf
// CHECK: qnn.simulated_quantize %[[D]] {kind = #qnn.kind<activation>, name = "{{.*}}:out"}
func.func @avg_pool(%x: tensor<1x4x4x1xf32>) -> tensor<1x2x2x1xf32> {
  %zero = arith.constant 0.0 : f32
  %four = arith.constant 4.0 : f32
  %e = tensor.empty() : tensor<1x2x2x1xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %win = tensor.empty() : tensor<2x2xf32>
  %s = linalg.pooling_nhwc_sum {dilations = dense<1> : vector<2xi64>, strides = dense<2> : vector<2xi64>} ins(%x, %win : tensor<1x4x4x1xf32>, tensor<2x2xf32>) outs(%f : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %e2 = tensor.empty() : tensor<1x2x2x1xf32>
  %d = linalg.generic {indexing_maps = [#avg4, #avg4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%s : tensor<1x2x2x1xf32>) outs(%e2 : tensor<1x2x2x1xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = arith.divf %in, %four : f32
    linalg.yield %v : f32
  } -> tensor<1x2x2x1xf32>
  return %d : tensor<1x2x2x1xf32>
}

// -----

// A concatenation as tosa-to-tensor emits tosa.concat: a tensor.empty and
// one tensor.insert_slice per operand, each into the previous one. Each
// inserted operand reads an input grid; only the last link gets the
// concatenation's activation. No remark.
// CHECK-LABEL: func.func @concat
// CHECK-SAME: (%[[A:.*]]: tensor<1x2xf32>, %[[B:.*]]: tensor<1x3xf32>)
// CHECK: %[[QA:.*]] = qnn.simulated_quantize %[[A]] {kind = #qnn.kind<input>, name = "insert_slice_0:in0"}
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[QA]] into %{{.*}}[0, 0] [1, 2] [1, 1]
// CHECK-NOT: qnn.simulated_quantize %[[I0]]
// CHECK: %[[QB:.*]] = qnn.simulated_quantize %[[B]] {kind = #qnn.kind<input>, name = "insert_slice_1:in0"}
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[QB]] into %[[I0]][0, 2] [1, 3] [1, 1]
// CHECK: %[[R:.*]] = qnn.simulated_quantize %[[I1]] {kind = #qnn.kind<activation>, name = "insert_slice_1:out"}
// CHECK: return %[[R]]
func.func @concat(%a: tensor<1x2xf32>, %b: tensor<1x3xf32>) -> tensor<1x5xf32> {
  %e = tensor.empty() : tensor<1x5xf32>
  %0 = tensor.insert_slice %a into %e[0, 0] [1, 2] [1, 1] : tensor<1x2xf32> into tensor<1x5xf32>
  %1 = tensor.insert_slice %b into %0[0, 2] [1, 3] [1, 1] : tensor<1x3xf32> into tensor<1x5xf32>
  return %1 : tensor<1x5xf32>
}

// -----

// The padding of a padded max pooling (tosa-to-linalg of tosa.max_pool2d
// with pad 1): a tensor.pad with the lowest float read only by the max
// pooling keeps the input grid, like a pad with 0: no new op.
// CHECK-LABEL: func.func @max_pool_padding
// CHECK: %[[Q:.*]] = qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, name = "pad_0:in0"}
// CHECK: %[[P:.*]] = tensor.pad %[[Q]]
// CHECK-NOT: qnn.simulated_quantize
// CHECK: linalg.pooling_nhwc_max {{.*}} ins(%[[P]], %{{.*}} :
// CHECK-NOT: qnn.simulated_quantize
func.func @max_pool_padding(%x: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %lowest = arith.constant -3.40282347E+38 : f32
  %p = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %lowest : f32
  } : tensor<1x2x2x1xf32> to tensor<1x4x4x1xf32>
  %e = tensor.empty() : tensor<1x2x2x1xf32>
  %f = linalg.fill ins(%lowest : f32) outs(%e : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  %win = tensor.empty() : tensor<3x3xf32>
  %m = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%p, %win : tensor<1x4x4x1xf32>, tensor<3x3xf32>) outs(%f : tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32>
  return %m : tensor<1x2x2x1xf32>
}
