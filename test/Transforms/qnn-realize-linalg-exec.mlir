// The realized integer model of a graph of linalg-on-tensors ops runs and
// computes the simulation's values (data-free calibration, grid step
// 8 / 128 = 0.0625): on this input every output is equal (a rounded int32
// bias could move a value at a rounding tie by one step, QuantizationSpec.md
// section 13; none does here). The NCHW transposes of the input and of the
// conv's integer input cancel under canonicalize. The graph covers every linalg rule:
// conv_2d_nhwc_hwcf onto a broadcast bias, a ReLU6 clamp generic, max
// pooling, a transpose to NCHW and conv_2d_nchw_fchw from a zero fill, a
// residual generic add, linalg.mul, linalg.max, tensor.pad + depthwise conv,
// collapse / expand_shape, and a dense layer (batch_matmul + bias generic).
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: quant-opt %s --qnn-annotate --qnn-calibrate -o %t/sim.mlir
// RUN: quant-opt %s --qnn-annotate --qnn-calibrate --qnn-realize --canonicalize -o %t/int.mlir
// RUN: FileCheck %s --input-file=%t/int.mlir --implicit-check-not=linalg.conv --implicit-check-not=linalg.depthwise --implicit-check-not=linalg.batch_matmul --implicit-check-not=linalg.mul --implicit-check-not=qnn.simulated_quantize
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.random.default_rng(11).uniform(-2, 2, (1, 4, 4, 2)).astype(np.float32))"
// RUN: quant-run run %t/sim.mlir --entry ops --input %t/x.npy -o %t/s0.npy -o %t/s1.npy -o %t/s2.npy -o %t/s3.npy -o %t/s4.npy -o %t/s5.npy -o %t/s6.npy -o %t/s7.npy
// RUN: quant-run run %t/int.mlir --entry ops --input %t/x.npy -o %t/i0.npy -o %t/i1.npy -o %t/i2.npy -o %t/i3.npy -o %t/i4.npy -o %t/i5.npy -o %t/i6.npy -o %t/i7.npy
// RUN: %python %quant_src_root/scripts/npcompare.py %t/i0.npy %t/s0.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/i1.npy %t/s1.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/i2.npy %t/s2.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/i3.npy %t/s3.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/i4.npy %t/s4.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/i5.npy %t/s5.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/i6.npy %t/s6.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/i7.npy %t/s7.npy --atol 0

// CHECK-LABEL: func.func @ops
// CHECK: qnn.quantize
// CHECK: qnn.conv2d
// CHECK: qnn.clamp
// CHECK: linalg.pooling_nhwc_max {{.*}}xi8>
// CHECK: qnn.conv2d
// CHECK: linalg.transpose
// CHECK: qnn.add
// CHECK: qnn.mul
// CHECK: arith.maxsi
// CHECK: tensor.pad
// CHECK: qnn.conv2d {{.*}}groups = 2
// CHECK: qnn.matmul
// CHECK: arith.addi
#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch4 = affine_map<(d0, d1, d2, d3) -> (d3)>
#m3 = affine_map<(d0, d1, d2) -> (d0, d1, d2)>
#b3 = affine_map<(d0, d1, d2) -> (d0, 0, d2)>
func.func @ops(%x: tensor<1x4x4x2xf32>) -> (tensor<1x3x3x3xf32>, tensor<1x2x2x3xf32>, tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>, tensor<1x4x4x2xf32>, tensor<1x1x5xf32>) {
  %zero = arith.constant 0.0 : f32
  %six = arith.constant 6.0 : f32
  %lowest = arith.constant -3.40282347E+38 : f32
  // conv_2d_nhwc_hwcf onto a broadcast bias, ReLU6.
  %w1 = arith.constant dense<[[[[0.3, -0.2, 0.5], [0.1, 0.4, -0.6]], [[-0.25, 0.15, 0.05], [0.35, -0.45, 0.2]]], [[[0.12, 0.22, -0.32], [-0.42, 0.52, 0.02]], [[0.6, -0.1, 0.3], [-0.3, 0.25, 0.45]]]]> : tensor<2x2x2x3xf32>
  %b1 = arith.constant dense<[0.11, -0.23, 0.37]> : tensor<3xf32>
  %e1 = tensor.empty() : tensor<1x3x3x3xf32>
  %init1 = linalg.generic {indexing_maps = [#ch4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%b1 : tensor<3xf32>) outs(%e1 : tensor<1x3x3x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<1x3x3x3xf32>
  %c1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%x, %w1 : tensor<1x4x4x2xf32>, tensor<2x2x2x3xf32>) outs(%init1 : tensor<1x3x3x3xf32>) -> tensor<1x3x3x3xf32>
  %r1 = linalg.generic {indexing_maps = [#id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c1 : tensor<1x3x3x3xf32>) outs(%e1 : tensor<1x3x3x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.minimumf %in, %six : f32
    %1 = arith.maximumf %0, %zero : f32
    linalg.yield %1 : f32
  } -> tensor<1x3x3x3xf32>
  // Max pooling 2x2, stride 1.
  %ep = tensor.empty() : tensor<1x2x2x3xf32>
  %fp = linalg.fill ins(%lowest : f32) outs(%ep : tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  %win = tensor.empty() : tensor<2x2xf32>
  %p = linalg.pooling_nhwc_max {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%r1, %win : tensor<1x3x3x3xf32>, tensor<2x2xf32>) outs(%fp : tensor<1x2x2x3xf32>) -> tensor<1x2x2x3xf32>
  // NCHW conv from a zero fill, transposed back to NHWC.
  %et = tensor.empty() : tensor<1x2x4x4xf32>
  %xt = linalg.transpose ins(%x : tensor<1x4x4x2xf32>) outs(%et : tensor<1x2x4x4xf32>) permutation = [0, 3, 1, 2]
  %w2 = arith.constant dense<[[[[0.2, -0.1], [0.3, 0.05]], [[-0.4, 0.6], [0.15, -0.25]]], [[[0.5, 0.1], [-0.2, 0.3]], [[0.05, -0.35], [0.45, 0.2]]], [[[-0.3, 0.25], [0.1, -0.15]], [[0.35, 0.4], [-0.5, 0.1]]]]> : tensor<3x2x2x2xf32>
  %e2 = tensor.empty() : tensor<1x3x3x3xf32>
  %f2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x3x3x3xf32>) -> tensor<1x3x3x3xf32>
  %c2 = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xt, %w2 : tensor<1x2x4x4xf32>, tensor<3x2x2x2xf32>) outs(%f2 : tensor<1x3x3x3xf32>) -> tensor<1x3x3x3xf32>
  %c2t = linalg.transpose ins(%c2 : tensor<1x3x3x3xf32>) outs(%e1 : tensor<1x3x3x3xf32>) permutation = [0, 2, 3, 1]
  // Residual add, mul, max.
  %s = linalg.generic {indexing_maps = [#id4, #id4, #id4], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%c1, %c2t : tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>) outs(%e1 : tensor<1x3x3x3xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %0 = arith.addf %a, %b : f32
    linalg.yield %0 : f32
  } -> tensor<1x3x3x3xf32>
  %m = linalg.mul ins(%s, %r1 : tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>) outs(%e1 : tensor<1x3x3x3xf32>) -> tensor<1x3x3x3xf32>
  %mx = linalg.max ins(%s, %c2t : tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>) outs(%e1 : tensor<1x3x3x3xf32>) -> tensor<1x3x3x3xf32>
  // Zero padding and a depthwise conv.
  %xp = tensor.pad %x low[0, 1, 1, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  } : tensor<1x4x4x2xf32> to tensor<1x6x6x2xf32>
  %w3 = arith.constant dense<[[[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]], [[0.7, -0.8], [0.9, 0.05], [-0.15, 0.25]], [[0.35, -0.45], [0.55, 0.65], [-0.75, 0.85]]]> : tensor<3x3x2xf32>
  %e3 = tensor.empty() : tensor<1x4x4x2xf32>
  %f3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %d = linalg.depthwise_conv_2d_nhwc_hwc {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%xp, %w3 : tensor<1x6x6x2xf32>, tensor<3x3x2xf32>) outs(%f3 : tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  // A dense layer on the pooled values.
  %flat = tensor.collapse_shape %p [[0], [1, 2, 3]] : tensor<1x2x2x3xf32> into tensor<1x12xf32>
  %fe = tensor.expand_shape %flat [[0, 1], [2]] output_shape [1, 1, 12] : tensor<1x12xf32> into tensor<1x1x12xf32>
  %w4 = arith.constant dense<[[[0.1, -0.2, 0.3, -0.4, 0.5], [0.6, -0.7, 0.8, -0.9, 0.15], [0.25, -0.35, 0.45, -0.55, 0.65], [-0.1, 0.2, -0.3, 0.4, -0.5], [-0.6, 0.7, -0.8, 0.9, -0.15], [-0.25, 0.35, -0.45, 0.55, -0.65], [0.05, 0.1, 0.15, 0.2, 0.25], [-0.05, -0.1, -0.15, -0.2, -0.25], [0.3, 0.3, -0.3, -0.3, 0.3], [0.12, -0.22, 0.32, -0.42, 0.52], [0.62, 0.72, -0.82, 0.92, -0.02], [-0.33, 0.44, -0.55, 0.66, -0.77]]]> : tensor<1x12x5xf32>
  %bias = arith.constant dense<[[[0.3, -0.1, 0.05, 0.2, -0.4]]]> : tensor<1x1x5xf32>
  %e4 = tensor.empty() : tensor<1x1x5xf32>
  %f4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<1x1x5xf32>) -> tensor<1x1x5xf32>
  %mm = linalg.batch_matmul ins(%fe, %w4 : tensor<1x1x12xf32>, tensor<1x12x5xf32>) outs(%f4 : tensor<1x1x5xf32>) -> tensor<1x1x5xf32>
  %fc = linalg.generic {indexing_maps = [#m3, #b3, #m3], iterator_types = ["parallel", "parallel", "parallel"]} ins(%mm, %bias : tensor<1x1x5xf32>, tensor<1x1x5xf32>) outs(%e4 : tensor<1x1x5xf32>) {
  ^bb0(%a: f32, %b: f32, %o: f32):
    %0 = arith.addf %a, %b : f32
    linalg.yield %0 : f32
  } -> tensor<1x1x5xf32>
  return %r1, %p, %c2t, %s, %m, %mx, %d, %fc : tensor<1x3x3x3xf32>, tensor<1x2x2x3xf32>, tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>, tensor<1x3x3x3xf32>, tensor<1x4x4x2xf32>, tensor<1x1x5xf32>
}
