// RUN: quant-opt %s -split-input-file -qnn-legalize=target=x86-avx512vnni | FileCheck %s --check-prefixes=CHECK,X86
// RUN: quant-opt %s -split-input-file -qnn-legalize=target=x86-avx2 | FileCheck %s --check-prefixes=CHECK,X86
// RUN: quant-opt %s -split-input-file -qnn-legalize=target=x86-avxvnni | FileCheck %s --check-prefixes=CHECK,X86
// RUN: quant-opt %s -split-input-file -qnn-legalize=target=aarch64-dotprod | FileCheck %s --check-prefixes=CHECK,ARM
// RUN: quant-opt %s -split-input-file -qnn-legalize=target=aarch64-i8mm | FileCheck %s --check-prefixes=CHECK,ARM
// generic (the default) and nvptx leave everything as it is.
// RUN: quant-opt %s -split-input-file | FileCheck %s --check-prefixes=CHECK,NONE
// RUN: quant-opt %s -split-input-file -qnn-legalize | FileCheck %s --check-prefixes=CHECK,NONE
// RUN: quant-opt %s -split-input-file -qnn-legalize=target=generic | FileCheck %s --check-prefixes=CHECK,NONE
// RUN: quant-opt %s -split-input-file -qnn-legalize=target=nvptx-sm80 | FileCheck %s --check-prefixes=CHECK,NONE
// The result verifies and legalizing twice changes nothing more.
// RUN: quant-opt %s -split-input-file -qnn-legalize=target=x86-avx2 -qnn-legalize=target=x86-avx2 | FileCheck %s --check-prefixes=CHECK,X86
// RUN: quant-opt %s -split-input-file -qnn-legalize=target=aarch64-dotprod -qnn-legalize=target=aarch64-dotprod | FileCheck %s --check-prefixes=CHECK,ARM

// Signed activations, signed weights (the default realization). x86 wants u8
// activations: the chain quantize -> conv, requantize -> clamp -> max pool ->
// matmul is stored unsigned (zp + 128, clamp bounds + 128, the max pooling
// unsigned); the output requantize feeds only a dequantize, so it stays.
// AArch64 wants s8 x s8: nothing changes.
// CHECK-LABEL: func.func @signed_chain
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>) -> tensor<1x3xf32>
// The weights are s8 already and keep their values.
// CHECK-DAG: arith.constant dense<{{\[\[\[\[}}-128, 1]]], {{\[\[\[}}127, -3]]]]> : tensor<2x1x1x2xi8>
// CHECK-DAG: arith.constant dense<{{\[}}[-1, 2, 3], [4, -5, 6], [7, 8, -9], [10, 11, 12], [0, 0, 0], [1, 1, 1], [2, 2, 2], [3, 3, 3]]> : tensor<8x3xi8>
// X86: %[[Q:.*]] = qnn.quantize %[[X]] {params = #qnn.params<ui8, scale = 6.250000e-02, zp = 128>}
// X86: %[[C:.*]] = qnn.conv2d %[[Q]], %{{.*}} {dilations = array<i64: 1, 1>, input_unsigned = true, input_zp = 128 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// X86: %[[R:.*]] = qnn.requantize %[[C]] {input_params = #qnn.params<i32, scale = 1.000000e-03, zp = 0>, output_params = #qnn.params<ui8, scale = 1.250000e-01, zp = 131>}
// X86: %[[CL:.*]] = qnn.clamp %[[R]] {is_unsigned = true, max = 255 : i64, min = 131 : i64}
// X86-DAG: %[[Z:.*]] = arith.constant 0 : i8
// X86-DAG: %[[PAD:.*]] = tensor.pad %[[CL]] low[0, 1, 1, 0] high[0, 0, 0, 0]
// X86: tensor.yield %[[Z]] : i8
// X86: %[[E:.*]] = tensor.empty() : tensor<1x2x2x2xi8>
// X86: %[[F:.*]] = linalg.fill ins(%[[Z]] : i8) outs(%[[E]] : tensor<1x2x2x2xi8>)
// X86: %[[WIN:.*]] = tensor.empty() : tensor<3x3xi8>
// X86: %[[P:.*]] = linalg.pooling_nhwc_max_unsigned {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[PAD]], %[[WIN]] : tensor<1x5x5x2xi8>, tensor<3x3xi8>) outs(%[[F]] : tensor<1x2x2x2xi8>)
// X86-NOT: tosa.max_pool2d
// X86: %[[RS:.*]] = tosa.reshape %[[P]]
// X86: %[[M:.*]] = qnn.matmul %[[RS]], %{{.*}} {lhs_unsigned = true, lhs_zp = 131 : i64}
// X86: qnn.requantize %[[M]] {input_params = #qnn.params<i32, scale = 1.000000e-03, zp = 0>, output_params = #qnn.params<i8, scale = 2.500000e-01, zp = -1>}
// X86: qnn.dequantize %{{.*}} {params = #qnn.params<i8, scale = 2.500000e-01, zp = -1>}
// ARM: qnn.quantize %[[X]] {params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>}
// ARM: qnn.conv2d {{.*}} {dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// ARM: qnn.clamp %{{.*}} {max = 127 : i64, min = 3 : i64}
// ARM: tosa.max_pool2d
// ARM: qnn.matmul %{{.*}}, %{{.*}} {lhs_zp = 3 : i64}
// NONE: qnn.quantize %[[X]] {params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>}
// NONE: tosa.max_pool2d
// NONE: qnn.matmul %{{.*}}, %{{.*}} {lhs_zp = 3 : i64}
func.func @signed_chain(%x: tensor<1x4x4x2xf32>) -> tensor<1x3xf32> {
  %w = arith.constant dense<[[[[-128, 1]]], [[[127, -3]]]]> : tensor<2x1x1x2xi8>
  %wm = arith.constant dense<[[-1, 2, 3], [4, -5, 6], [7, 8, -9], [10, 11, 12], [0, 0, 0], [1, 1, 1], [2, 2, 2], [3, 3, 3]]> : tensor<8x3xi8>
  %shape = tosa.const_shape {values = dense<[1, 8]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %q = qnn.quantize %x {params = #qnn.params<i8, scale = 0.0625, zp = 0>} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2xi8>
  %c = qnn.conv2d %q, %w {dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x4x4x2xi8>, tensor<2x1x1x2xi8>) -> tensor<1x4x4x2xi32>
  %r = qnn.requantize %c {input_params = #qnn.params<i32, scale = 0.001, zp = 0>, output_params = #qnn.params<i8, scale = 0.125, zp = 3>} : tensor<1x4x4x2xi32> -> tensor<1x4x4x2xi8>
  %cl = qnn.clamp %r {min = 3 : i64, max = 127 : i64} : tensor<1x4x4x2xi8>
  %p = tosa.max_pool2d %cl {kernel = array<i64: 3, 3>, pad = array<i64: 1, 0, 1, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xi8>) -> tensor<1x2x2x2xi8>
  %rs = tosa.reshape %p, %shape : (tensor<1x2x2x2xi8>, !tosa.shape<2>) -> tensor<1x8xi8>
  %m = qnn.matmul %rs, %wm {lhs_zp = 3 : i64} : (tensor<1x8xi8>, tensor<8x3xi8>) -> tensor<1x3xi32>
  %o = qnn.requantize %m {input_params = #qnn.params<i32, scale = 0.001, zp = 0>, output_params = #qnn.params<i8, scale = 0.25, zp = -1>} : tensor<1x3xi32> -> tensor<1x3xi8>
  %d = qnn.dequantize %o {params = #qnn.params<i8, scale = 0.25, zp = -1>} : tensor<1x3xi8> -> tensor<1x3xf32>
  return %d : tensor<1x3xf32>
}

// -----

// Unsigned activations and unsigned (narrow, per-axis) weights. x86 wants s8
// weights: the constant is rewritten at compile time (bytes - 128:
// [1, 128, 255, 200] -> [-127, 0, 127, 72]), the conv reads it with
// zp 128 - 128 = 0; the activations are u8 already. AArch64 wants s8 for
// both: the conv input moves too (zp 10 -> -118). The conv's output grid
// feeds no conv / matmul (only an average pooling and a dequantize): it
// stays u8 on both.
// CHECK-LABEL: func.func @unsigned_grids
// X86-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}-127, 0]]], {{\[\[\[}}127, 72]]]]> : tensor<2x1x1x2xi8>
// X86-DAG: %[[Q:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<ui8, scale = 5.000000e-01, zp = 10>}
// X86: qnn.conv2d %[[Q]], %[[W]] {dilations = array<i64: 1, 1>, input_unsigned = true, input_zp = 10 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// X86: qnn.requantize %{{.*}} {input_params = #qnn.params<i32, axis = 3, scales = [1.000000e-02, 2.000000e-02], zps = [0, 0]>, output_params = #qnn.params<ui8, scale = 1.250000e-01, zp = 128>}
// X86: qnn.avg_pool2d %{{.*}} {is_unsigned = true, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, zp = 128 : i64}
// X86: qnn.dequantize %{{.*}} {params = #qnn.params<ui8, scale = 1.250000e-01, zp = 128>}
// ARM-DAG: %[[W:.*]] = arith.constant dense<{{\[\[\[\[}}-127, 0]]], {{\[\[\[}}127, 72]]]]> : tensor<2x1x1x2xi8>
// ARM-DAG: %[[Q:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<i8, scale = 5.000000e-01, zp = -118>}
// ARM: qnn.conv2d %[[Q]], %[[W]] {dilations = array<i64: 1, 1>, input_zp = -118 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>}
// ARM: qnn.requantize %{{.*}} {input_params = #qnn.params<i32, axis = 3, scales = [1.000000e-02, 2.000000e-02], zps = [0, 0]>, output_params = #qnn.params<ui8, scale = 1.250000e-01, zp = 128>}
// ARM: qnn.avg_pool2d %{{.*}} {is_unsigned = true, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>, zp = 128 : i64}
// ARM: qnn.dequantize %{{.*}} {params = #qnn.params<ui8, scale = 1.250000e-01, zp = 128>}
// NONE-DAG: arith.constant dense<{{\[\[\[\[}}1, -128]]], {{\[\[\[}}-1, -56]]]]> : tensor<2x1x1x2xi8>
// NONE: qnn.conv2d {{.*}} {dilations = array<i64: 1, 1>, input_unsigned = true, input_zp = 10 : i64, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>, weight_unsigned = true, weight_zp = 128 : i64}
func.func @unsigned_grids(%x: tensor<1x2x2x2xf32>) -> tensor<1x1x1x2xf32> {
  // Stored bytes 1, 128, 255, 200 (u8).
  %w = arith.constant dense<[[[[1, -128]]], [[[-1, -56]]]]> : tensor<2x1x1x2xi8>
  %q = qnn.quantize %x {params = #qnn.params<ui8, scale = 0.5, zp = 10>} : tensor<1x2x2x2xf32> -> tensor<1x2x2x2xi8>
  %c = qnn.conv2d %q, %w {input_unsigned = true, input_zp = 10 : i64, weight_unsigned = true, weight_zp = 128 : i64, dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2xi8>, tensor<2x1x1x2xi8>) -> tensor<1x2x2x2xi32>
  %r = qnn.requantize %c {input_params = #qnn.params<i32, axis = 3, scales = [0.01, 0.02], zps = [0, 0]>, output_params = #qnn.params<ui8, scale = 0.125, zp = 128>} : tensor<1x2x2x2xi32> -> tensor<1x2x2x2xi8>
  %p = qnn.avg_pool2d %r {is_unsigned = true, zp = 128 : i64, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 2, 2>} : tensor<1x2x2x2xi8> -> tensor<1x1x1x2xi8>
  %d = qnn.dequantize %p {params = #qnn.params<ui8, scale = 0.125, zp = 128>} : tensor<1x1x1x2xi8> -> tensor<1x1x1x2xf32>
  return %d : tensor<1x1x1x2xf32>
}

// -----

// The function's interface does not change. x86: the i8 argument %a, read
// by a matmul (wants u8), by an add and by the return, is converted once
// (an exact requantize, scale 1, zp 0 -> 128) for the matmul and the add;
// the return still reads %a itself. The add's result, re-stored unsigned
// because it feeds a matmul too, is converted back for the return.
// CHECK-LABEL: func.func @boundaries
// CHECK-SAME: (%[[A:.*]]: tensor<1x4xi8>, %[[B:.*]]: tensor<4x4xi8>) -> (tensor<1x4xi8>, tensor<1x4xi8>, tensor<1x4xi32>, tensor<1x4xi32>)
// X86: %[[U:.*]] = qnn.requantize %[[A]] {input_params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>, output_params = #qnn.params<ui8, scale = 1.000000e+00, zp = 128>} : tensor<1x4xi8> -> tensor<1x4xi8>
// X86: %[[S:.*]] = qnn.add %[[U]], %[[U]] {lhs_params = #qnn.params<ui8, scale = 1.000000e+00, zp = 128>, output_params = #qnn.params<ui8, scale = 2.000000e+00, zp = 128>, rhs_params = #qnn.params<ui8, scale = 1.000000e+00, zp = 128>}
// X86: %[[SB:.*]] = qnn.requantize %[[S]] {input_params = #qnn.params<ui8, scale = 1.000000e+00, zp = 128>, output_params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>}
// X86: %[[M:.*]] = qnn.matmul %[[S]], %[[B]] {lhs_unsigned = true, lhs_zp = 128 : i64}
// X86: %[[N:.*]] = qnn.matmul %[[U]], %[[B]] {lhs_unsigned = true, lhs_zp = 128 : i64}
// X86: return %[[A]], %[[SB]], %[[M]], %[[N]]
// ARM-NOT: qnn.requantize
// ARM: return %[[A]], %{{.*}}, %{{.*}}
func.func @boundaries(%a: tensor<1x4xi8>, %b: tensor<4x4xi8>) -> (tensor<1x4xi8>, tensor<1x4xi8>, tensor<1x4xi32>, tensor<1x4xi32>) {
  %s = qnn.add %a, %a {lhs_params = #qnn.params<i8, scale = 1.0, zp = 0>, rhs_params = #qnn.params<i8, scale = 1.0, zp = 0>, output_params = #qnn.params<i8, scale = 2.0, zp = 0>} : (tensor<1x4xi8>, tensor<1x4xi8>) -> tensor<1x4xi8>
  %m = qnn.matmul %s, %b : (tensor<1x4xi8>, tensor<4x4xi8>) -> tensor<1x4xi32>
  %n = qnn.matmul %a, %b : (tensor<1x4xi8>, tensor<4x4xi8>) -> tensor<1x4xi32>
  return %a, %s, %m, %n : tensor<1x4xi8>, tensor<1x4xi8>, tensor<1x4xi32>, tensor<1x4xi32>
}

// -----

// A call reads stored bits without parameters: it keeps reading the signed
// bytes through a conversion. A tosa.table (out = table[in + 128]) whose
// input and output are both re-stored u8 gets a new table at compile time:
// entry j is old entry (j + 128) mod 256 with its sign bit flipped
// (old: 3 below index 128, 5 from 128; new: 5 ^ 0x80 = 0x85 below 128,
// 3 ^ 0x80 = 0x83 from 128). The old table, now unused, is erased.
// CHECK-LABEL: func.func @table_and_call
// X86: %[[Q:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<ui8, scale = 1.000000e+00, zp = 128>}
// X86: %[[QB:.*]] = qnn.requantize %[[Q]] {input_params = #qnn.params<ui8, scale = 1.000000e+00, zp = 128>, output_params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>}
// X86: %[[NT:.*]] = "tosa.const"() <{values = dense<"0x{{(85)+}}{{(83)+}}"> : tensor<256xi8>}>
// X86: %[[T:.*]] = tosa.table %[[Q]], %[[NT]]
// X86-NOT: 0x0303
// X86: call @sink(%[[QB]])
// X86: qnn.matmul %[[Q]], %{{.*}} {lhs_unsigned = true, lhs_zp = 128 : i64}
// X86: qnn.matmul %[[T]], %{{.*}} {lhs_unsigned = true, lhs_zp = 128 : i64}
// ARM-NOT: qnn.requantize
// ARM: tosa.table %{{.*}}
func.func private @sink(tensor<1x4xi8>)
func.func @table_and_call(%x: tensor<1x4xf32>, %b: tensor<4x4xi8>) -> (tensor<1x4xi32>, tensor<1x4xi32>) {
  %table = "tosa.const"() <{values = dense<"0x03030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030303030505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505050505">: tensor<256xi8>}> : () -> tensor<256xi8>
  %q = qnn.quantize %x {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x4xf32> -> tensor<1x4xi8>
  %t = tosa.table %q, %table : (tensor<1x4xi8>, tensor<256xi8>) -> tensor<1x4xi8>
  func.call @sink(%q) : (tensor<1x4xi8>) -> ()
  %m = qnn.matmul %q, %b : (tensor<1x4xi8>, tensor<4x4xi8>) -> tensor<1x4xi32>
  %n = qnn.matmul %t, %b : (tensor<1x4xi8>, tensor<4x4xi8>) -> tensor<1x4xi32>
  return %m, %n : tensor<1x4xi32>, tensor<1x4xi32>
}

// -----

// One value read as both a matmul lhs (x86: wants u8) and rhs (wants s8):
// no storage suits both, it stays as it is (the kernel shifts it). On
// AArch64 both want s8, which it is.
// CHECK-LABEL: func.func @conflict
// CHECK: %[[Q:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>}
// CHECK: qnn.matmul %[[Q]], %[[Q]] : (tensor<4x4xi8>, tensor<4x4xi8>) -> tensor<4x4xi32>
func.func @conflict(%x: tensor<4x4xf32>) -> tensor<4x4xi32> {
  %q = qnn.quantize %x {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<4x4xf32> -> tensor<4x4xi8>
  %m = qnn.matmul %q, %q : (tensor<4x4xi8>, tensor<4x4xi8>) -> tensor<4x4xi32>
  return %m : tensor<4x4xi32>
}

// -----

// Data movement joins values into one graph: tosa.pad with its pad constant
// (0 -> -128 stored, i.e. 128 unsigned) and slice. A graph ends at ops with
// parameters: qnn.concat keeps per-input parameters, so only its output
// (read by a matmul) flips, not the input %qy, which only it reads. The
// runtime B (an activation x activation matmul) is s8 already on x86.
// CHECK-LABEL: func.func @movement
// X86-DAG: %[[PC:.*]] = "tosa.const"() <{values = dense<-128> : tensor<1xi8>}>
// X86-DAG: %[[Q:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<ui8, scale = 1.000000e+00, zp = 128>}
// X86: %[[P:.*]] = tosa.pad %[[Q]], %{{.*}}, %[[PC]]
// X86: %[[SL:.*]] = tosa.slice %[[P]]
// X86: %[[QY:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<i8, scale = 5.000000e-01, zp = 0>}
// X86: %[[CAT:.*]] = qnn.concat %[[Q]], %[[QY]] {axis = 1 : i64, input_params = [#qnn.params<ui8, scale = 1.000000e+00, zp = 128>, #qnn.params<i8, scale = 5.000000e-01, zp = 0>], output_params = #qnn.params<ui8, scale = 1.000000e+00, zp = 128>}
// X86: %[[QZ:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>}
// X86: %[[QZ2:.*]] = qnn.quantize %{{.*}} {params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>}
// X86: qnn.matmul %[[SL]], %[[QZ2]] {lhs_unsigned = true, lhs_zp = 128 : i64}
// X86: qnn.matmul %[[CAT]], %[[QZ]] {lhs_unsigned = true, lhs_zp = 128 : i64}
// ARM: "tosa.const"() <{values = dense<0> : tensor<1xi8>}>
// ARM: qnn.concat %{{.*}}, %{{.*}} {axis = 1 : i64, input_params = [#qnn.params<i8, scale = 1.000000e+00, zp = 0>, #qnn.params<i8, scale = 5.000000e-01, zp = 0>], output_params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>}
func.func @movement(%x: tensor<2x2xf32>, %y: tensor<2x2xf32>, %z: tensor<4x2xf32>, %z2: tensor<2x2xf32>) -> (tensor<2x2xi32>, tensor<2x2xi32>) {
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 1]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %pc = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %start = tosa.const_shape {values = dense<[0, 1]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %size = tosa.const_shape {values = dense<[2, 2]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %q = qnn.quantize %x {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<2x2xf32> -> tensor<2x2xi8>
  %p = tosa.pad %q, %padding, %pc : (tensor<2x2xi8>, !tosa.shape<4>, tensor<1xi8>) -> tensor<2x4xi8>
  %sl = tosa.slice %p, %start, %size : (tensor<2x4xi8>, !tosa.shape<2>, !tosa.shape<2>) -> tensor<2x2xi8>
  %qy = qnn.quantize %y {params = #qnn.params<i8, scale = 0.5, zp = 0>} : tensor<2x2xf32> -> tensor<2x2xi8>
  %cat = qnn.concat %q, %qy {axis = 1 : i64, input_params = [#qnn.params<i8, scale = 1.0, zp = 0>, #qnn.params<i8, scale = 0.5, zp = 0>], output_params = #qnn.params<i8, scale = 1.0, zp = 0>} : (tensor<2x2xi8>, tensor<2x2xi8>) -> tensor<2x4xi8>
  %qz = qnn.quantize %z {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<4x2xf32> -> tensor<4x2xi8>
  %qz2 = qnn.quantize %z2 {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<2x2xf32> -> tensor<2x2xi8>
  %m = qnn.matmul %sl, %qz2 : (tensor<2x2xi8>, tensor<2x2xi8>) -> tensor<2x2xi32>
  %n = qnn.matmul %cat, %qz : (tensor<2x4xi8>, tensor<4x2xi8>) -> tensor<2x2xi32>
  return %m, %n : tensor<2x2xi32>, tensor<2x2xi32>
}

// -----

// The linalg form of a realized model: max pooling (linalg.pooling_nhwc_max
// from a fill of the grid's minimum, padded with it by tensor.pad), the max
// of two values (arith.maxsi), a copy generic. On x86 the fill and pad
// values move to the unsigned minimum 0, the pooling and the max become
// unsigned.
// CHECK-LABEL: func.func @linalg_form
// X86-NOT: arith.constant -128 : i8
// X86: %[[Z:.*]] = arith.constant 0 : i8
// X86-NOT: arith.constant -128 : i8
// X86: tensor.pad
// X86: tensor.yield %[[Z]] : i8
// X86: linalg.fill ins(%[[Z]] : i8)
// X86: linalg.pooling_nhwc_max_unsigned
// X86: arith.maxui
// X86: qnn.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 1, 1>, input_unsigned = true, input_zp = 128 : i64
// ARM: linalg.fill ins(%{{.*}} : i8)
// ARM: linalg.pooling_nhwc_max {
// ARM: arith.maxsi
#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @linalg_form(%x: tensor<1x4x4x2xf32>, %w: tensor<2x1x1x2xi8>) -> tensor<1x2x2x2xi32> {
  %lowest = arith.constant -128 : i8
  %q = qnn.quantize %x {params = #qnn.params<i8, scale = 1.0, zp = 0>} : tensor<1x4x4x2xf32> -> tensor<1x4x4x2xi8>
  %padded = tensor.pad %q low[0, 0, 0, 0] high[0, 1, 1, 0] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %lowest : i8
  } : tensor<1x4x4x2xi8> to tensor<1x5x5x2xi8>
  %e = tensor.empty() : tensor<1x2x2x2xi8>
  %f = linalg.fill ins(%lowest : i8) outs(%e : tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xi8>
  %win = tensor.empty() : tensor<2x2xf32>
  %p = linalg.pooling_nhwc_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%padded, %win : tensor<1x5x5x2xi8>, tensor<2x2xf32>) outs(%f : tensor<1x2x2x2xi8>) -> tensor<1x2x2x2xi8>
  %e2 = tensor.empty() : tensor<1x2x2x2xi8>
  %copy = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%p : tensor<1x2x2x2xi8>) outs(%e2 : tensor<1x2x2x2xi8>) {
  ^bb0(%in: i8, %out: i8):
    linalg.yield %in : i8
  } -> tensor<1x2x2x2xi8>
  %e3 = tensor.empty() : tensor<1x2x2x2xi8>
  %mx = linalg.generic {indexing_maps = [#map, #map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%p, %copy : tensor<1x2x2x2xi8>, tensor<1x2x2x2xi8>) outs(%e3 : tensor<1x2x2x2xi8>) {
  ^bb0(%a: i8, %b: i8, %out: i8):
    %0 = arith.maxsi %a, %b : i8
    linalg.yield %0 : i8
  } -> tensor<1x2x2x2xi8>
  %c = qnn.conv2d %mx, %w {dilations = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1>} : (tensor<1x2x2x2xi8>, tensor<2x1x1x2xi8>) -> tensor<1x2x2x2xi32>
  return %c : tensor<1x2x2x2xi32>
}

// -----

// Grids of other widths (here 16 bits) are left alone.
// CHECK-LABEL: func.func @wide
// CHECK: qnn.quantize %{{.*}} {params = #qnn.params<i16, scale = 1.000000e+00, zp = 0>}
// CHECK: qnn.matmul %{{.*}}, %{{.*}} : (tensor<2x2xi16>, tensor<2x2xi8>)
func.func @wide(%x: tensor<2x2xf32>, %b: tensor<2x2xi8>) -> tensor<2x2xi32> {
  %q = qnn.quantize %x {params = #qnn.params<i16, scale = 1.0, zp = 0>} : tensor<2x2xf32> -> tensor<2x2xi16>
  %m = qnn.matmul %q, %b : (tensor<2x2xi16>, tensor<2x2xi8>) -> tensor<2x2xi32>
  return %m : tensor<2x2xi32>
}
