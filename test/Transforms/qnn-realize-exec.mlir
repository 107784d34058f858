// The realized integer model of unusual but valid graphs runs and computes
// the simulation's values on the activation grid (step 8 / 128 = 0.0625):
// at most one step apart (the int32 bias is rounded), for every output.
// Graphs: a residual block (a value with several consumers, add(x, conv(x)),
// strided / dilated / asymmetrically padded conv, padded max and average
// pooling, ops without a rule in the middle of a quantized chain); calls
// between functions; batched matmul of two activations and a broadcasting
// add; ops that stay float (a conv with tiny weights, an add of a huge
// constant, clamps beyond the grid); and the residual block on 4-bit grids, where max pooling
// and reshape run in float between integer ops.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/gen_realize_exec_inputs.py %t
// RUN: quant-opt %s --qnn-annotate --qnn-calibrate -o %t/sim.mlir
// RUN: quant-opt %s --qnn-annotate --qnn-calibrate --qnn-realize --canonicalize -o %t/int.mlir
// RUN: quant-opt %s --qnn-annotate="input-bits=4 activation-bits=4" --qnn-calibrate -o %t/sim4.mlir
// RUN: quant-opt %s --qnn-annotate="input-bits=4 activation-bits=4" --qnn-calibrate --qnn-realize --canonicalize -o %t/int4.mlir
// RUN: FileCheck %s --input-file=%t/int.mlir

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
// CHECK: tosa.sigmoid
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
// CHECK: tosa.conv2d
// CHECK: tosa.add
// CHECK-COUNT-2: tosa.clamp

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
