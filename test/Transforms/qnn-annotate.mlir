// RUN: quant-opt %s -split-input-file -qnn-annotate | FileCheck %s
// Annotating twice inserts nothing more.
// RUN: quant-opt %s -split-input-file -qnn-annotate -qnn-annotate | FileCheck %s
// RUN: quant-opt %s -split-input-file -qnn-annotate="input-bits=4 weight-bits=6 activation-bits=16 rounding=upward" | FileCheck %s --check-prefix=OPTS
// RUN: quant-opt %s -split-input-file -qnn-annotate -verify-diagnostics -o /dev/null

// conv2d: input INPUT, weight WEIGHT (narrow), bias and zero points left
// float, result ACTIVATION; every use of the result reads the activation.
// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>)
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<5.000000e-01> : tensor<3x1x1x2xf32>}>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<[1.000000e-01, 2.000000e-01, 3.000000e-01]> : tensor<3xf32>}>
// CHECK-DAG: %[[ZP:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}>
// CHECK: %[[QX:.*]] = qnn.simulated_quantize %[[X]] {kind = #qnn.kind<input>} : tensor<1x4x4x2xf32>
// CHECK: %[[QW:.*]] = qnn.simulated_quantize %[[W]] {kind = #qnn.kind<weight>, narrow_range = true} : tensor<3x1x1x2xf32>
// CHECK: %[[C:.*]] = tosa.conv2d %[[QX]], %[[QW]], %[[B]], %[[ZP]], %[[ZP]]
// CHECK: %[[A:.*]] = qnn.simulated_quantize %[[C]] {kind = #qnn.kind<activation>} : tensor<1x4x4x3xf32>
// CHECK: %[[SUM:.*]] = tosa.add %[[A]], %[[A]]
// CHECK: %[[AS:.*]] = qnn.simulated_quantize %[[SUM]] {kind = #qnn.kind<activation>}
// CHECK: return %[[A]], %[[AS]]
// OPTS-LABEL: func.func @conv2d
// OPTS: qnn.simulated_quantize %{{.*}} {bits = 4 : i64, kind = #qnn.kind<input>, rounding = #qnn.rounding<upward>}
// OPTS: qnn.simulated_quantize %{{.*}} {bits = 6 : i64, kind = #qnn.kind<weight>, narrow_range = true, rounding = #qnn.rounding<upward>}
// OPTS: tosa.conv2d
// OPTS: qnn.simulated_quantize %{{.*}} {bits = 16 : i64, kind = #qnn.kind<activation>, rounding = #qnn.rounding<upward>}
func.func @conv2d(%x: tensor<1x4x4x2xf32>) -> (tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>) {
  %w = "tosa.const"() <{values = dense<0.5> : tensor<3x1x1x2xf32>}> : () -> tensor<3x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<[0.1, 0.2, 0.3]> : tensor<3xf32>}> : () -> tensor<3xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<3x1x1x2xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x3xf32>
  // The add reads the activation twice: one INPUT check, no new op.
  %1 = tosa.add %0, %0 : (tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>) -> tensor<1x4x4x3xf32>
  return %0, %1 : tensor<1x4x4x3xf32>, tensor<1x4x4x3xf32>
}

// -----

// matmul: a constant B is a WEIGHT, a computed one an INPUT.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: tensor<1x2x3xf32>, %[[B:.*]]: tensor<1x3x4xf32>)
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<2.500000e-01> : tensor<1x3x4xf32>}>
// CHECK: %[[QA:.*]] = qnn.simulated_quantize %[[A]] {kind = #qnn.kind<input>}
// CHECK: %[[QW:.*]] = qnn.simulated_quantize %[[W]] {kind = #qnn.kind<weight>, narrow_range = true}
// CHECK: %[[M0:.*]] = tosa.matmul %[[QA]], %[[QW]]
// CHECK: %[[R0:.*]] = qnn.simulated_quantize %[[M0]] {kind = #qnn.kind<activation>}
// CHECK: %[[QA1:.*]] = qnn.simulated_quantize %[[A]] {kind = #qnn.kind<input>}
// CHECK: %[[QB:.*]] = qnn.simulated_quantize %[[B]] {kind = #qnn.kind<input>}
// CHECK: %[[M1:.*]] = tosa.matmul %[[QA1]], %[[QB]]
// CHECK: %[[R1:.*]] = qnn.simulated_quantize %[[M1]] {kind = #qnn.kind<activation>}
// CHECK: return %[[R0]], %[[R1]]
func.func @matmul(%a: tensor<1x2x3xf32>, %b: tensor<1x3x4xf32>) -> (tensor<1x2x4xf32>, tensor<1x2x4xf32>) {
  %w = "tosa.const"() <{values = dense<0.25> : tensor<1x3x4xf32>}> : () -> tensor<1x3x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %w, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x4xf32>
  %1 = tosa.matmul %a, %b, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x4xf32>
  return %0, %1 : tensor<1x2x4xf32>, tensor<1x2x4xf32>
}

// -----

// add: a constant operand (arith.constant too) is a WEIGHT.
// CHECK-LABEL: func.func @add
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>, %[[Y:.*]]: tensor<2x3xf32>)
// CHECK-DAG: %[[C:.*]] = arith.constant dense<1.000000e+00> : tensor<1x3xf32>
// CHECK: %[[QX:.*]] = qnn.simulated_quantize %[[X]] {kind = #qnn.kind<input>}
// CHECK: %[[QY:.*]] = qnn.simulated_quantize %[[Y]] {kind = #qnn.kind<input>}
// CHECK: %[[S:.*]] = tosa.add %[[QX]], %[[QY]]
// CHECK: %[[AS:.*]] = qnn.simulated_quantize %[[S]] {kind = #qnn.kind<activation>}
// CHECK: %[[QC:.*]] = qnn.simulated_quantize %[[C]] {kind = #qnn.kind<weight>, narrow_range = true} : tensor<1x3xf32>
// CHECK: %[[T:.*]] = tosa.add %[[QC]], %[[AS]]
// CHECK: %[[AT:.*]] = qnn.simulated_quantize %[[T]] {kind = #qnn.kind<activation>}
// CHECK: return %[[AT]]
func.func @add(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %c = arith.constant dense<1.0> : tensor<1x3xf32>
  %0 = tosa.add %x, %y : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = tosa.add %c, %0 : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

// -----

// Pass-through ops (clamp, max_pool2d, transpose, reshape) keep the grid of
// their operand: only the first one needs an INPUT, and the conv after them
// reads an already quantized value. avg_pool2d starts a new activation grid.
// CHECK-LABEL: func.func @pass_through
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>)
// CHECK: %[[QX:.*]] = qnn.simulated_quantize %[[X]] {kind = #qnn.kind<input>}
// CHECK: %[[CL:.*]] = tosa.clamp %[[QX]]
// CHECK-NOT: qnn.simulated_quantize
// CHECK: %[[MP:.*]] = tosa.max_pool2d %[[CL]]
// CHECK-NOT: qnn.simulated_quantize
// CHECK: %[[TR:.*]] = tosa.transpose %[[MP]]
// CHECK-NOT: qnn.simulated_quantize
// CHECK: %[[SH:.*]] = tosa.const_shape
// CHECK: %[[RS:.*]] = tosa.reshape %[[TR]], %[[SH]]
// CHECK: %[[QW:.*]] = qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<weight>, narrow_range = true}
// CHECK: %[[CV:.*]] = tosa.conv2d %[[RS]], %[[QW]]
// CHECK: %[[ACV:.*]] = qnn.simulated_quantize %[[CV]] {kind = #qnn.kind<activation>}
// CHECK: %[[AP:.*]] = tosa.avg_pool2d %[[ACV]]
// CHECK: %[[AAP:.*]] = qnn.simulated_quantize %[[AP]] {kind = #qnn.kind<activation>}
// CHECK: return %[[AAP]]
func.func @pass_through(%x: tensor<1x4x4x2xf32>) -> tensor<1x1x1x2xf32> {
  %0 = tosa.clamp %x {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<1x4x4x2xf32>) -> tensor<1x4x4x2xf32>
  %1 = tosa.max_pool2d %0 {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %2 = tosa.transpose %1 {perms = array<i32: 0, 2, 1, 3>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %s = tosa.const_shape {values = dense<[1, 2, 2, 2]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %3 = tosa.reshape %2, %s : (tensor<1x2x2x2xf32>, !tosa.shape<4>) -> tensor<1x2x2x2xf32>
  %w = "tosa.const"() <{values = dense<1.0> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %4 = tosa.conv2d %3, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x2xf32>
  %5 = tosa.avg_pool2d %4, %zp, %zp {acc_type = f32, kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x2x2x2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x1x1x2xf32>
  return %5 : tensor<1x1x1x2xf32>
}

// -----

// A value read by two convs gets one INPUT per consumer (realize quantizes
// it once).
// CHECK-LABEL: func.func @two_consumers
// CHECK-SAME: (%[[X:.*]]: tensor<1x2x2x1xf32>)
// CHECK: %[[Q0:.*]] = qnn.simulated_quantize %[[X]] {kind = #qnn.kind<input>}
// CHECK: tosa.conv2d %[[Q0]]
// CHECK: %[[Q1:.*]] = qnn.simulated_quantize %[[X]] {kind = #qnn.kind<input>}
// CHECK: tosa.conv2d %[[Q1]]
func.func @two_consumers(%x: tensor<1x2x2x1xf32>) -> (tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>) {
  %w = "tosa.const"() <{values = dense<1.0> : tensor<1x1x1x1xf32>}> : () -> tensor<1x1x1x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.conv2d %x, %w, %b, %b, %b {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  %1 = tosa.conv2d %x, %w, %b, %b, %b {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x2x2x1xf32>, tensor<1x1x1x1xf32>, tensor<1xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x2x1xf32>
  return %0, %1 : tensor<1x2x2x1xf32>, tensor<1x2x2x1xf32>
}

// -----

// Ops without a rule stop quantization: their operands stay float, a remark
// names each, and one summary remark counts them.
// CHECK-LABEL: func.func @no_rule
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK: %[[S:.*]] = tosa.sigmoid %[[X]]
// CHECK: %[[E:.*]] = tosa.exp %[[S]]
// CHECK: %[[Q:.*]] = qnn.simulated_quantize %[[E]] {kind = #qnn.kind<input>}
// CHECK: %[[R:.*]] = tosa.reshape %[[Q]]
// CHECK: %[[T:.*]] = tosa.sigmoid %[[R]]
// CHECK: return %[[T]]
// expected-remark@below {{qnn-annotate: 3 ops not quantized: tosa.sigmoid (2), tosa.exp (1)}}
module {
  func.func @no_rule(%x: tensor<4xf32>) -> tensor<4xf32> {
    // expected-remark@below {{op 'tosa.sigmoid' is not quantized: no rule}}
    %0 = tosa.sigmoid %x : (tensor<4xf32>) -> tensor<4xf32>
    // expected-remark@below {{op 'tosa.exp' is not quantized: no rule}}
    %1 = tosa.exp %0 : (tensor<4xf32>) -> tensor<4xf32>
    %s = tosa.const_shape {values = dense<[4]> : tensor<1xindex>} : () -> !tosa.shape<1>
    %2 = tosa.reshape %1, %s : (tensor<4xf32>, !tosa.shape<1>) -> tensor<4xf32>
    // expected-remark@below {{op 'tosa.sigmoid' is not quantized: no rule}}
    %3 = tosa.sigmoid %2 : (tensor<4xf32>) -> tensor<4xf32>
    return %3 : tensor<4xf32>
  }
}

// -----

// Integer computations (already quantized) and f64 ops without a rule are
// never annotated, and raise no remark.
// CHECK-LABEL: func.func @not_float
// CHECK-NOT: qnn.simulated_quantize
// CHECK: return
func.func @not_float(%a: tensor<4xi32>, %b: tensor<4xf64>) -> (tensor<4xi32>, tensor<4xf64>) {
  %0 = tosa.add %a, %a : (tensor<4xi32>, tensor<4xi32>) -> tensor<4xi32>
  %1 = tosa.clamp %0 {min_val = 0 : i32, max_val = 6 : i32} : (tensor<4xi32>) -> tensor<4xi32>
  %2 = arith.addf %b, %b : tensor<4xf64>
  return %1, %2 : tensor<4xi32>, tensor<4xf64>
}

// -----

// f16 and bf16 are annotated like f32.
// CHECK-LABEL: func.func @half
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>} : tensor<4xf16>
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>} : tensor<4xf16>
// CHECK: tosa.add
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>} : tensor<4xf16>
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>} : tensor<4xbf16>
// CHECK: tosa.clamp
func.func @half(%a: tensor<4xf16>, %b: tensor<4xf16>, %c: tensor<4xbf16>) -> (tensor<4xf16>, tensor<4xbf16>) {
  %0 = tosa.add %a, %b : (tensor<4xf16>, tensor<4xf16>) -> tensor<4xf16>
  %1 = tosa.clamp %c {min_val = 0.0 : bf16, max_val = 6.0 : bf16} : (tensor<4xbf16>) -> tensor<4xbf16>
  return %0, %1 : tensor<4xf16>, tensor<4xbf16>
}

// -----

// An op with a rule on a type that cannot be quantized (f64, unranked
// tensors) stays float, with a remark and in the summary: the model is not
// silently left unquantized.
// CHECK-LABEL: func.func @unsupported_types
// CHECK-NOT: qnn.simulated_quantize
// CHECK: return
// expected-remark@below {{qnn-annotate: 3 ops not quantized: tosa.add (2), tosa.clamp (1)}}
module {
  func.func @unsupported_types(%a: tensor<4xf64>, %b: tensor<*xf32>) -> (tensor<4xf64>, tensor<*xf32>) {
    // expected-remark@below {{op 'tosa.add' is not quantized: unsupported type tensor<4xf64> (quantizable: ranked tensors of f32, f16 or bf16)}}
    %0 = tosa.add %a, %a : (tensor<4xf64>, tensor<4xf64>) -> tensor<4xf64>
    // expected-remark@below {{op 'tosa.add' is not quantized: unsupported type tensor<*xf32> (quantizable: ranked tensors of f32, f16 or bf16)}}
    %1 = tosa.add %b, %b : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
    // expected-remark@below {{op 'tosa.clamp' is not quantized: unsupported type tensor<*xf32>}}
    %2 = tosa.clamp %1 {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<*xf32>) -> tensor<*xf32>
    return %0, %2 : tensor<4xf64>, tensor<*xf32>
  }
}
