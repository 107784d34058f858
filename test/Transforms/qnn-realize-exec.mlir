// The realized integer model of unusual but valid graphs runs and computes
// the simulation's values on the activation grid (step 8 / 128 = 0.0625):
// at most one step apart (the int32 bias is rounded), for every output.
// Graphs: a residual block (a value with several consumers, add(x, conv(x)),
// strided / dilated / asymmetrically padded conv, padded max and average
// pooling, sigmoid as a table lookup and an op without a rule (tosa.exp) in
// the middle of a quantized chain); calls between functions; batched matmul
// of two activations and a broadcasting add; ops that stay float (an add of
// a huge constant, clamps beyond the grid); the residual block on 4-bit
// grids, where max pooling and reshape run in float between integer ops;
// and every other TOSA op with a rule (depthwise conv with multiplier 1 and
// 2, transpose conv with strides and negative out_pad, sub, mul by an
// activation and by a constant, concat, pad, slice, reduce_sum, reduce_max,
// sigmoid, tanh), where the outputs equal the simulation but for one
// element of each transpose conv (a tie moved by the rounded int32 bias).
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/gen_realize_exec_inputs.py %t
// RUN: quant-opt %s --qnn-annotate --qnn-calibrate -o %t/sim.mlir
// RUN: quant-opt %s --qnn-annotate --qnn-calibrate --qnn-realize --canonicalize -o %t/int.mlir
// RUN: quant-opt %s --qnn-annotate="input-bits=4 activation-bits=4" --qnn-calibrate -o %t/sim4.mlir
// RUN: quant-opt %s --qnn-annotate="input-bits=4 activation-bits=4" --qnn-calibrate --qnn-realize --canonicalize -o %t/int4.mlir
// RUN: FileCheck %s --input-file=%t/int.mlir
// RUN: %python -c "import numpy as np; np.save('%t/x6.npy', np.random.default_rng(7).uniform(-2, 2, (1, 6, 6, 4)).astype(np.float32))"
// RUN: quant-run run %t/sim.mlir --entry ops --input %t/x6.npy -o %t/os0.npy -o %t/os1.npy -o %t/os2.npy -o %t/os3.npy -o %t/os4.npy -o %t/os5.npy -o %t/os6.npy -o %t/os7.npy
// RUN: quant-run run %t/int.mlir --entry ops --input %t/x6.npy -o %t/oi0.npy -o %t/oi1.npy -o %t/oi2.npy -o %t/oi3.npy -o %t/oi4.npy -o %t/oi5.npy -o %t/oi6.npy -o %t/oi7.npy
// RUN: %python %quant_src_root/scripts/npcompare.py %t/oi0.npy %t/os0.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/oi1.npy %t/os1.npy --max-lsb 1 --scale 0.0625 | FileCheck %s --check-prefix=LSB
// RUN: %python %quant_src_root/scripts/npcompare.py %t/oi2.npy %t/os2.npy --max-lsb 1 --scale 0.0625 | FileCheck %s --check-prefix=LSB
// RUN: %python %quant_src_root/scripts/npcompare.py %t/oi3.npy %t/os3.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/oi4.npy %t/os4.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/oi5.npy %t/os5.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/oi6.npy %t/os6.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/oi7.npy %t/os7.npy --atol 0
// LSB: npcompare: PASS {{.*}} max_lsb_err=1

// RUN: quant-run run %t/sim.mlir --entry residual --input %t/x5.npy -o %t/rs0.npy -o %t/rs1.npy -o %t/rs2.npy
// RUN: quant-run run %t/int.mlir --entry residual --input %t/x5.npy -o %t/ri0.npy -o %t/ri1.npy -o %t/ri2.npy
// RUN: %python %quant_src_root/scripts/npcompare.py %t/ri0.npy %t/rs0.npy --atol 0.0625
// RUN: %python %quant_src_root/scripts/npcompare.py %t/ri1.npy %t/rs1.npy --atol 0.0625
// RUN: %python %quant_src_root/scripts/npcompare.py %t/ri2.npy %t/rs2.npy --atol 0.0625

// RUN: quant-run run %t/sim.mlir --entry caller --input %t/x4.npy -o %t/cs.npy
// RUN: quant-run run %t/int.mlir --entry caller --input %t/x4.npy -o %t/ci.npy
// RUN: %python %quant_src_root/scripts/npcompare.py %t/ci.npy %t/cs.npy --atol 0.0625

// RUN: quant-run run %t/sim.mlir --entry matmul --input %t/a.npy --input %t/c.npy --input %t/d.npy -o %t/ms0.npy -o %t/ms1.npy -o %t/ms2.npy
// RUN: quant-run run %t/int.mlir --entry matmul --input %t/a.npy --input %t/c.npy --input %t/d.npy -o %t/mi0.npy -o %t/mi1.npy -o %t/mi2.npy
// RUN: %python %quant_src_root/scripts/npcompare.py %t/mi0.npy %t/ms0.npy --atol 0.0625
// RUN: %python %quant_src_root/scripts/npcompare.py %t/mi1.npy %t/ms1.npy --atol 0.0625
// RUN: %python %quant_src_root/scripts/npcompare.py %t/mi2.npy %t/ms2.npy --atol 0.0625

// RUN: quant-run run %t/sim.mlir --entry fallbacks --input %t/x64.npy --input %t/x8.npy -o %t/fs0.npy -o %t/fs1.npy -o %t/fs2.npy
// RUN: quant-run run %t/int.mlir --entry fallbacks --input %t/x64.npy --input %t/x8.npy -o %t/fi0.npy -o %t/fi1.npy -o %t/fi2.npy
// RUN: %python %quant_src_root/scripts/npcompare.py %t/fi0.npy %t/fs0.npy --atol 0.0625
// RUN: %python %quant_src_root/scripts/npcompare.py %t/fi1.npy %t/fs1.npy --atol 0.0625
// RUN: %python %quant_src_root/scripts/npcompare.py %t/fi2.npy %t/fs2.npy --atol 0.0625

// 4-bit grids: step 8 / 8 = 1.
// RUN: quant-run run %t/sim4.mlir --entry residual --input %t/x5.npy -o %t/qs0.npy -o %t/qs1.npy -o %t/qs2.npy
// RUN: quant-run run %t/int4.mlir --entry residual --input %t/x5.npy -o %t/qi0.npy -o %t/qi1.npy -o %t/qi2.npy
// RUN: %python %quant_src_root/scripts/npcompare.py %t/qi0.npy %t/qs0.npy --atol 1
// RUN: %python %quant_src_root/scripts/npcompare.py %t/qi1.npy %t/qs1.npy --atol 1
// RUN: %python %quant_src_root/scripts/npcompare.py %t/qi2.npy %t/qs2.npy --atol 1

// The integer graph is what runs (not a float copy of the model).
// CHECK-LABEL: func.func @residual
// CHECK: qnn.conv2d
// CHECK: qnn.add
// CHECK: qnn.conv2d
// CHECK: tosa.max_pool2d {{.*}}xi8>
// CHECK: qnn.avg_pool2d
// CHECK: tosa.table
// CHECK: qnn.add
// CHECK: tosa.exp
// CHECK: qnn.add
// CHECK-LABEL: func.func @caller
// CHECK: qnn.add
// CHECK: call @callee
// CHECK: qnn.add
// CHECK-LABEL: func.func @matmul
// CHECK: qnn.matmul
// CHECK: qnn.matmul
// CHECK: qnn.matmul
// CHECK: qnn.add {{.*}} : (tensor<1x1x10xi8>, tensor<1x4x10xi8>) -> tensor<1x4x10xi8>
// CHECK-LABEL: func.func @fallbacks
// CHECK: qnn.conv2d
// CHECK: tosa.add
// CHECK-COUNT-2: tosa.clamp

// CHECK-LABEL: func.func @ops
// CHECK-NOT: tosa.depthwise_conv2d
// CHECK-NOT: tosa.transpose_conv2d
// CHECK-NOT: tosa.sigmoid
// CHECK-NOT: tosa.tanh
// CHECK-NOT: tosa.sub
// CHECK-NOT: tosa.mul
// CHECK-NOT: tosa.concat
// CHECK-NOT: {{tosa.(pad|slice|reduce_sum|reduce_max).*xf32}}
// CHECK: return

func.func @residual(%x: tensor<1x5x5x2xf32>) -> (tensor<1x5x5x2xf32>, tensor<1x3x2x2xf32>, tensor<1x2xf32>) {
  %w = "tosa.const"() <{values = dense<[[[[0.5, -0.25], [0.1, 0.2], [0.3, 0.3]], [[0.5, -0.25], [0.1, 0.2], [0.3, 0.3]], [[0.5, -0.25], [0.1, 0.2], [0.3, 0.3]]], [[[1.0, 0.0625], [0.1, 0.2], [-0.3, 0.3]], [[1.0, 0.0625], [0.1, 0.2], [-0.3, 0.3]], [[1.0, 0.0625], [0.1, 0.2], [-0.3, 0.3]]]]> : tensor<2x3x3x2xf32>}> : () -> tensor<2x3x3x2xf32>
  %b = "tosa.const"() <{values = dense<[0.1, -0.2]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x5x5x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x5x5x2xf32>
  %1 = tosa.add %x, %0 : (tensor<1x5x5x2xf32>, tensor<1x5x5x2xf32>) -> tensor<1x5x5x2xf32>
  %2 = tosa.clamp %1 {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x5x5x2xf32>) -> tensor<1x5x5x2xf32>
  %3 = tosa.conv2d %2, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 2, 1>, pad = array<i64: 2, 2, 0, 1>, stride = array<i64: 2, 3>} : (tensor<1x5x5x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x2x2xf32>
  %4 = tosa.max_pool2d %2 {kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 2, 2>} : (tensor<1x5x5x2xf32>) -> tensor<1x3x3x2xf32>
  %5 = tosa.avg_pool2d %2, %zp, %zp {acc_type = f32, kernel = array<i64: 3, 3>, pad = array<i64: 1, 1, 2, 0>, stride = array<i64: 2, 2>} : (tensor<1x5x5x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x2xf32>
  %6 = tosa.add %4, %5 : (tensor<1x3x3x2xf32>, tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %7 = tosa.sigmoid %6 : (tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %8 = tosa.add %7, %6 : (tensor<1x3x3x2xf32>, tensor<1x3x3x2xf32>) -> tensor<1x3x3x2xf32>
  %9 = tosa.conv2d %8, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x3x3x2xf32>, tensor<2x3x3x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  %10 = tosa.exp %9 : (tensor<1x1x1x2xf32>) -> tensor<1x1x1x2xf32>
  %11 = tosa.add %10, %9 : (tensor<1x1x1x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x1x1x2xf32>
  %s = tosa.const_shape {values = dense<[1, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %12 = tosa.reshape %11, %s : (tensor<1x1x1x2xf32>, !tosa.shape<2>) -> tensor<1x2xf32>
  return %1, %3, %12 : tensor<1x5x5x2xf32>, tensor<1x3x2x2xf32>, tensor<1x2xf32>
}

func.func private @callee(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = tosa.add %x, %x : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

func.func @caller(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = tosa.add %x, %x : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %1 = func.call @callee(%0) : (tensor<1x4xf32>) -> tensor<1x4xf32>
  %2 = tosa.add %1, %0 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

func.func @matmul(%a: tensor<3x2x4xf32>, %c: tensor<1x4x10xf32>, %d: tensor<1x1x10xf32>) -> (tensor<3x2x5xf32>, tensor<3x2x4xf32>, tensor<1x4x10xf32>) {
  %b = "tosa.const"() <{values = dense<0.3> : tensor<3x4x5xf32>}> : () -> tensor<3x4x5xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %b, %zp, %zp : (tensor<3x2x4xf32>, tensor<3x4x5xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<3x2x5xf32>
  %t = tosa.transpose %a {perms = array<i32: 0, 2, 1>} : (tensor<3x2x4xf32>) -> tensor<3x4x2xf32>
  %1 = tosa.matmul %a, %t, %zp, %zp : (tensor<3x2x4xf32>, tensor<3x4x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<3x2x2xf32>
  %2 = tosa.matmul %1, %a, %zp, %zp : (tensor<3x2x2xf32>, tensor<3x2x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<3x2x4xf32>
  %3 = tosa.add %d, %c : (tensor<1x1x10xf32>, tensor<1x4x10xf32>) -> tensor<1x4x10xf32>
  return %0, %2, %3 : tensor<3x2x5xf32>, tensor<3x2x4xf32>, tensor<1x4x10xf32>
}

func.func @fallbacks(%x: tensor<1x2x2x64xf32>, %y: tensor<1x8xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x8xf32>, tensor<1x8xf32>) {
  %w = "tosa.const"() <{values = dense<1.0e-30> : tensor<2x1x1x64xf32>}> : () -> tensor<2x1x1x64xf32>
  %b = "tosa.const"() <{values = dense<[0.1, -0.2]> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x64xf32>, tensor<2x1x1x64xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %c = "tosa.const"() <{values = dense<[[[[1.0e30, 0.5]]]]> : tensor<1x1x1x2xf32>}> : () -> tensor<1x1x1x2xf32>
  %1 = tosa.add %0, %c : (tensor<1x2x2x2xf32>, tensor<1x1x1x2xf32>) -> tensor<1x2x2x2xf32>
  %2 = tosa.clamp %y {min_val = 10.0 : f32, max_val = 20.0 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  %3 = tosa.clamp %y {min_val = -20.0 : f32, max_val = -10.0 : f32} : (tensor<1x8xf32>) -> tensor<1x8xf32>
  return %1, %2, %3 : tensor<1x2x2x2xf32>, tensor<1x8xf32>, tensor<1x8xf32>
}

func.func @ops(%x: tensor<1x6x6x4xf32>) -> (tensor<1x3x3x8xf32>, tensor<1x13x13x3xf32>, tensor<1x14x7x3xf32>, tensor<1x1x6x8xf32>, tensor<1x6x1x8xf32>, tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wd = "tosa.const"() <{values = dense<[[[[0.5], [-0.25], [0.1], [0.3]], [[0.2], [0.4], [-0.6], [0.05]], [[0.3], [-0.1], [0.2], [0.25]]], [[[-0.5], [0.25], [0.7], [0.3]], [[0.2], [0.4], [-0.6], [0.05]], [[0.3], [-0.1], [0.2], [0.25]]], [[[0.5], [-0.25], [0.1], [-0.3]], [[0.2], [-0.4], [-0.6], [0.05]], [[0.3], [-0.1], [0.9], [0.25]]]]> : tensor<3x3x4x1xf32>}> : () -> tensor<3x3x4x1xf32>
  %bd = "tosa.const"() <{values = dense<[0.1, -0.2, 0.05, 0.0]> : tensor<4xf32>}> : () -> tensor<4xf32>
  %dw = tosa.depthwise_conv2d %x, %wd, %bd, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<3x3x4x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32>
  %wd2 = "tosa.const"() <{values = dense<[[[[0.5, 0.1], [-0.25, 0.3], [0.1, -0.2], [0.3, 0.4]], [[0.2, -0.1], [0.4, 0.2], [-0.6, 0.1], [0.05, 0.3]], [[0.3, 0.2], [-0.1, 0.1], [0.2, 0.3], [0.25, -0.5]]], [[[-0.5, 0.2], [0.25, 0.1], [0.7, 0.1], [0.3, 0.2]], [[0.2, 0.3], [0.4, 0.1], [-0.6, 0.2], [0.05, 0.1]], [[0.3, 0.4], [-0.1, 0.2], [0.2, 0.1], [0.25, 0.2]]], [[[0.5, -0.3], [-0.25, 0.2], [0.1, 0.4], [-0.3, 0.1]], [[0.2, 0.1], [-0.4, 0.3], [-0.6, 0.2], [0.05, 0.1]], [[0.3, 0.2], [-0.1, 0.4], [0.9, 0.1], [0.25, -0.2]]]]> : tensor<3x3x4x2xf32>}> : () -> tensor<3x3x4x2xf32>
  %bd2 = "tosa.const"() <{values = dense<[0.1, -0.2, 0.05, 0.0, 0.3, 0.1, -0.1, 0.2]> : tensor<8xf32>}> : () -> tensor<8xf32>
  %dw2 = tosa.depthwise_conv2d %x, %wd2, %bd2, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>} : (tensor<1x6x6x4xf32>, tensor<3x3x4x2xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x3x3x8xf32>
  %wt = "tosa.const"() <{values = dense<[[[[0.5, -0.25, 0.1, 0.3], [0.2, 0.4, -0.6, 0.05], [0.3, -0.1, 0.2, 0.25]], [[-0.5, 0.25, 0.7, 0.3], [0.2, 0.4, -0.6, 0.05], [0.3, -0.1, 0.2, 0.25]], [[0.5, -0.25, 0.1, -0.3], [0.2, -0.4, -0.6, 0.05], [0.3, -0.1, 0.9, 0.25]]], [[[0.1, 0.2, 0.3, 0.4], [0.2, -0.4, 0.6, 0.05], [0.3, 0.1, 0.2, -0.25]], [[0.5, 0.25, -0.7, 0.3], [0.2, 0.1, -0.6, 0.05], [0.3, -0.1, 0.2, 0.25]], [[0.5, 0.25, 0.1, -0.3], [0.2, -0.4, 0.6, 0.05], [-0.3, -0.1, 0.9, 0.25]]], [[[0.5, -0.25, 0.1, 0.3], [0.2, 0.4, -0.6, 0.05], [0.3, -0.1, 0.2, 0.25]], [[-0.5, 0.25, 0.7, 0.3], [0.2, 0.4, -0.6, 0.05], [0.3, -0.1, 0.2, 0.25]], [[0.5, -0.25, 0.1, -0.3], [0.2, -0.4, -0.6, 0.05], [0.3, -0.1, 0.9, 0.25]]]]> : tensor<3x3x3x4xf32>}> : () -> tensor<3x3x3x4xf32>
  %bt = "tosa.const"() <{values = dense<[0.1, -0.2, 0.05]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %tc = tosa.transpose_conv2d %x, %wt, %bt, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x6x6x4xf32>, tensor<3x3x3x4xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x13x13x3xf32>
  %tc2 = tosa.transpose_conv2d %x, %wt, %bt, %zp, %zp {acc_type = f32, out_pad = array<i64: 1, 0, 0, -1>, stride = array<i64: 2, 1>} : (tensor<1x6x6x4xf32>, tensor<3x3x3x4xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x14x7x3xf32>
  %s = tosa.sub %dw, %x : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %m = tosa.mul %s, %x, %shift : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>, tensor<1xi8>) -> tensor<1x6x6x4xf32>
  %k = "tosa.const"() <{values = dense<[[[[0.5, -1.5, 2.0, 0.25]]]]> : tensor<1x1x1x4xf32>}> : () -> tensor<1x1x1x4xf32>
  %mk = tosa.mul %m, %k, %shift : (tensor<1x6x6x4xf32>, tensor<1x1x1x4xf32>, tensor<1xi8>) -> tensor<1x6x6x4xf32>
  %cat = tosa.concat %dw, %s {axis = 3 : i32} : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) -> tensor<1x6x6x8xf32>
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %p = tosa.pad %cat, %padding, %zp : (tensor<1x6x6x8xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x8x8x8xf32>
  %start = tosa.const_shape {values = dense<[0, 1, 1, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 6, 6, 8]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %sl = tosa.slice %p, %start, %size : (tensor<1x8x8x8xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x6x6x8xf32>
  %rs = tosa.reduce_sum %sl {axis = 1 : i32} : (tensor<1x6x6x8xf32>) -> tensor<1x1x6x8xf32>
  %rm = tosa.reduce_max %sl {axis = 2 : i32} : (tensor<1x6x6x8xf32>) -> tensor<1x6x1x8xf32>
  %sg = tosa.sigmoid %m : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  %th = tosa.tanh %m : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32>
  return %dw2, %tc, %tc2, %rs, %rm, %sg, %th, %mk : tensor<1x3x3x8xf32>, tensor<1x13x13x3xf32>, tensor<1x14x7x3xf32>, tensor<1x1x6x8xf32>, tensor<1x6x1x8xf32>, tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>
}
