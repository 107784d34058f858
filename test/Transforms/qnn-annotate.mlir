// RUN: quant-opt %s -split-input-file -qnn-annotate | FileCheck %s
// Annotating twice inserts nothing more.
// RUN: quant-opt %s -split-input-file -qnn-annotate -qnn-annotate | FileCheck %s
// RUN: quant-opt %s -split-input-file -qnn-annotate="input-bits=4 weight-bits=6 activation-bits=16 rounding=upward" | FileCheck %s --check-prefix=OPTS
// RUN: quant-opt %s -split-input-file -qnn-annotate="per-channel=false" | FileCheck %s --check-prefix=PERTENSOR
// RUN: quant-opt %s -split-input-file -qnn-annotate="input-signed=false weight-signed=false activation-signed=false" | FileCheck %s --check-prefix=UNSIGNED
// RUN: quant-opt %s -split-input-file -qnn-annotate -verify-diagnostics -o /dev/null

// conv2d: input INPUT, weight WEIGHT (narrow), bias and zero points left
// float, result ACTIVATION; every use of the result reads the activation.
// CHECK-LABEL: func.func @conv2d
// CHECK-SAME: (%[[X:.*]]: tensor<1x4x4x2xf32>)
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<5.000000e-01> : tensor<3x1x1x2xf32>}>
// CHECK-DAG: %[[B:.*]] = "tosa.const"() <{values = dense<[1.000000e-01, 2.000000e-01, 3.000000e-01]> : tensor<3xf32>}>
// CHECK-DAG: %[[ZP:.*]] = "tosa.const"() <{values = dense<0.000000e+00> : tensor<1xf32>}>
// Every op is named after its layer (here `<op>_<index>`, there is no
// location name) and its role; the conv weight requests per-channel
// parameters along the output channels (OHWI: axis 0).
// CHECK: %[[QX:.*]] = qnn.simulated_quantize %[[X]] {kind = #qnn.kind<input>, name = "conv2d_0:in0"} : tensor<1x4x4x2xf32>
// CHECK: %[[QW:.*]] = qnn.simulated_quantize %[[W]] {axis = 0 : i64, kind = #qnn.kind<weight>, name = "conv2d_0:w", narrow_range = true} : tensor<3x1x1x2xf32>
// CHECK: %[[C:.*]] = tosa.conv2d %[[QX]], %[[QW]], %[[B]], %[[ZP]], %[[ZP]]
// CHECK: %[[A:.*]] = qnn.simulated_quantize %[[C]] {kind = #qnn.kind<activation>, name = "conv2d_0:out"} : tensor<1x4x4x3xf32>
// CHECK: %[[SUM:.*]] = tosa.add %[[A]], %[[A]]
// CHECK: %[[AS:.*]] = qnn.simulated_quantize %[[SUM]] {kind = #qnn.kind<activation>, name = "add_0:out"}
// CHECK: return %[[A]], %[[AS]]
// With 4-bit inputs and 16-bit activations, the add reads the 16-bit
// activation on its own 4-bit INPUT grid (once per operand use), as TVM
// requantizes an activation to the next layer's input.
// OPTS-LABEL: func.func @conv2d
// OPTS: qnn.simulated_quantize %{{.*}} {bits = 4 : i64, kind = #qnn.kind<input>, name = "conv2d_0:in0", rounding = #qnn.rounding<upward>}
// OPTS: qnn.simulated_quantize %{{.*}} {axis = 0 : i64, bits = 6 : i64, kind = #qnn.kind<weight>, name = "conv2d_0:w", narrow_range = true, rounding = #qnn.rounding<upward>}
// OPTS: tosa.conv2d
// OPTS: %[[A:.*]] = qnn.simulated_quantize %{{.*}} {bits = 16 : i64, kind = #qnn.kind<activation>, name = "conv2d_0:out", rounding = #qnn.rounding<upward>}
// OPTS: %[[I0:.*]] = qnn.simulated_quantize %[[A]] {bits = 4 : i64, kind = #qnn.kind<input>, name = "add_0:in0", rounding = #qnn.rounding<upward>}
// OPTS: %[[I1:.*]] = qnn.simulated_quantize %[[A]] {bits = 4 : i64, kind = #qnn.kind<input>, name = "add_0:in1", rounding = #qnn.rounding<upward>}
// OPTS: tosa.add %[[I0]], %[[I1]]
// PERTENSOR-LABEL: func.func @conv2d
// PERTENSOR: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<weight>, name = "conv2d_0:w", narrow_range = true}
// UNSIGNED-LABEL: func.func @conv2d
// UNSIGNED: qnn.simulated_quantize %{{.*}} {is_signed = false, kind = #qnn.kind<input>, name = "conv2d_0:in0"}
// UNSIGNED: qnn.simulated_quantize %{{.*}} {axis = 0 : i64, is_signed = false, kind = #qnn.kind<weight>, name = "conv2d_0:w", narrow_range = true}
// UNSIGNED: qnn.simulated_quantize %{{.*}} {is_signed = false, kind = #qnn.kind<activation>, name = "conv2d_0:out"}
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

// matmul: a constant B is a WEIGHT (per channel: the columns, axis 2), a
// computed one an INPUT.
// CHECK-LABEL: func.func @matmul
// CHECK-SAME: (%[[A:.*]]: tensor<1x2x3xf32>, %[[B:.*]]: tensor<1x3x4xf32>)
// CHECK-DAG: %[[W:.*]] = "tosa.const"() <{values = dense<2.500000e-01> : tensor<1x3x4xf32>}>
// CHECK: %[[QA:.*]] = qnn.simulated_quantize %[[A]] {kind = #qnn.kind<input>, name = "matmul_0:in0"}
// CHECK: %[[QW:.*]] = qnn.simulated_quantize %[[W]] {axis = 2 : i64, kind = #qnn.kind<weight>, name = "matmul_0:w", narrow_range = true}
// CHECK: %[[M0:.*]] = tosa.matmul %[[QA]], %[[QW]]
// CHECK: %[[R0:.*]] = qnn.simulated_quantize %[[M0]] {kind = #qnn.kind<activation>, name = "matmul_0:out"}
// CHECK: %[[QA1:.*]] = qnn.simulated_quantize %[[A]] {kind = #qnn.kind<input>, name = "matmul_1:in0"}
// CHECK: %[[QB:.*]] = qnn.simulated_quantize %[[B]] {kind = #qnn.kind<input>, name = "matmul_1:in1"}
// CHECK: %[[M1:.*]] = tosa.matmul %[[QA1]], %[[QB]]
// CHECK: %[[R1:.*]] = qnn.simulated_quantize %[[M1]] {kind = #qnn.kind<activation>, name = "matmul_1:out"}
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
// CHECK: %[[QX:.*]] = qnn.simulated_quantize %[[X]] {kind = #qnn.kind<input>, name = "add_0:in0"}
// CHECK: %[[QY:.*]] = qnn.simulated_quantize %[[Y]] {kind = #qnn.kind<input>, name = "add_0:in1"}
// CHECK: %[[S:.*]] = tosa.add %[[QX]], %[[QY]]
// CHECK: %[[AS:.*]] = qnn.simulated_quantize %[[S]] {kind = #qnn.kind<activation>, name = "add_0:out"}
// CHECK: %[[QC:.*]] = qnn.simulated_quantize %[[C]] {kind = #qnn.kind<weight>, name = "add_1:w", narrow_range = true} : tensor<1x3xf32>
// CHECK: %[[T:.*]] = tosa.add %[[QC]], %[[AS]]
// CHECK: %[[AT:.*]] = qnn.simulated_quantize %[[T]] {kind = #qnn.kind<activation>, name = "add_1:out"}
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
// CHECK: %[[QX:.*]] = qnn.simulated_quantize %[[X]] {kind = #qnn.kind<input>, name = "clamp_0:in0"}
// CHECK: %[[CL:.*]] = tosa.clamp %[[QX]]
// CHECK-NOT: qnn.simulated_quantize
// CHECK: %[[MP:.*]] = tosa.max_pool2d %[[CL]]
// CHECK-NOT: qnn.simulated_quantize
// CHECK: %[[TR:.*]] = tosa.transpose %[[MP]]
// CHECK-NOT: qnn.simulated_quantize
// CHECK: %[[SH:.*]] = tosa.const_shape
// CHECK: %[[RS:.*]] = tosa.reshape %[[TR]], %[[SH]]
// CHECK: %[[QW:.*]] = qnn.simulated_quantize %{{.*}} {axis = 0 : i64, kind = #qnn.kind<weight>, name = "conv2d_0:w", narrow_range = true}
// CHECK: %[[CV:.*]] = tosa.conv2d %[[RS]], %[[QW]]
// CHECK: %[[ACV:.*]] = qnn.simulated_quantize %[[CV]] {kind = #qnn.kind<activation>, name = "conv2d_0:out"}
// CHECK: %[[AP:.*]] = tosa.avg_pool2d %[[ACV]]
// CHECK: %[[AAP:.*]] = qnn.simulated_quantize %[[AP]] {kind = #qnn.kind<activation>, name = "avg_pool2d_0:out"}
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
// CHECK: %[[Q0:.*]] = qnn.simulated_quantize %[[X]] {kind = #qnn.kind<input>, name = "conv2d_0:in0"}
// CHECK: tosa.conv2d %[[Q0]]
// CHECK: %[[Q1:.*]] = qnn.simulated_quantize %[[X]] {kind = #qnn.kind<input>, name = "conv2d_1:in0"}
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
// CHECK: %[[S:.*]] = tosa.exp %[[X]]
// CHECK: %[[E:.*]] = tosa.log %[[S]]
// CHECK: %[[Q:.*]] = qnn.simulated_quantize %[[E]] {kind = #qnn.kind<input>, name = "reshape_0:in0"}
// CHECK: %[[R:.*]] = tosa.reshape %[[Q]]
// CHECK: %[[T:.*]] = tosa.exp %[[R]]
// CHECK: return %[[T]]
// expected-remark@below {{qnn-annotate: 3 ops not quantized: tosa.exp (2), tosa.log (1)}}
module {
  func.func @no_rule(%x: tensor<4xf32>) -> tensor<4xf32> {
    // expected-remark@below {{op 'tosa.exp' is not quantized: no rule}}
    %0 = tosa.exp %x : (tensor<4xf32>) -> tensor<4xf32>
    // expected-remark@below {{op 'tosa.log' is not quantized: no rule}}
    %1 = tosa.log %0 : (tensor<4xf32>) -> tensor<4xf32>
    %s = tosa.const_shape {values = dense<[4]> : tensor<1xindex>} : () -> !tosa.shape<1>
    %2 = tosa.reshape %1, %s : (tensor<4xf32>, !tosa.shape<1>) -> tensor<4xf32>
    // expected-remark@below {{op 'tosa.exp' is not quantized: no rule}}
    %3 = tosa.exp %2 : (tensor<4xf32>) -> tensor<4xf32>
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
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, name = "add_0:in0"} : tensor<4xf16>
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, name = "add_0:in1"} : tensor<4xf16>
// CHECK: tosa.add
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "add_0:out"} : tensor<4xf16>
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, name = "clamp_0:in0"} : tensor<4xbf16>
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

// -----

// Layer names come from locations: a NameLoc, the first name in a FusedLoc
// (or CallSiteLoc); a name used twice gets a suffix, `<op>_<index>` counts
// the ops of one kind. Names are unique in the module.
// PERTENSOR-LABEL: func.func @names
// PERTENSOR: {kind = #qnn.kind<weight>, name = "fc:w", narrow_range = true}
// CHECK-LABEL: func.func @names
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, name = "fc:in0"}
// CHECK: qnn.simulated_quantize %{{.*}} {axis = 2 : i64, kind = #qnn.kind<weight>, name = "fc:w", narrow_range = true}
// A matmul read only by the add of a constant 1 x 1 x N bias is a dense
// layer: the bias stays float (it joins the int32 accumulator at
// realization) and the activation follows the add.
// CHECK: %[[MM:.*]] = tosa.matmul
// CHECK-NEXT: tosa.add %[[MM]], %{{.*}} :
// CHECK-NEXT: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "fc_bias:out"}
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<weight>, name = "fc_1:w", narrow_range = true}
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "fc_1:out"}
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "add_2:out"}
func.func @names(%a: tensor<1x2x3xf32>) -> tensor<1x2x4xf32> {
  %w = "tosa.const"() <{values = dense<0.25> : tensor<1x3x4xf32>}> : () -> tensor<1x3x4xf32>
  %b = "tosa.const"() <{values = dense<0.5> : tensor<1x1x4xf32>}> : () -> tensor<1x1x4xf32>
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %0 = tosa.matmul %a, %w, %zp, %zp : (tensor<1x2x3xf32>, tensor<1x3x4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x2x4xf32> loc("fc")
  %1 = tosa.add %0, %b : (tensor<1x2x4xf32>, tensor<1x1x4xf32>) -> tensor<1x2x4xf32> loc(fused["fc_bias", callsite("x" at "model.py":3:4)])
  %2 = tosa.add %1, %b : (tensor<1x2x4xf32>, tensor<1x1x4xf32>) -> tensor<1x2x4xf32> loc("fc")
  %3 = tosa.add %2, %2 : (tensor<1x2x4xf32>, tensor<1x2x4xf32>) -> tensor<1x2x4xf32>
  return %3 : tensor<1x2x4xf32>
}

// -----

// The other TOSA ops with a rule. Depthwise weights (KH x KW x C x M) are
// per channel along C when M == 1 and per tensor otherwise; transpose conv
// weights along their output channels (axis 0). sub / mul / concat quantize
// every data operand (a constant as a WEIGHT; mul's shift stays) and start a
// new activation grid; padding with 0, slicing and reduce_max keep the grid,
// padding with another value does not; reduce_sum starts a new grid.
// sigmoid / tanh activations get TFLite's fixed parameters at once.
// CHECK-LABEL: func.func @more_ops
// CHECK: %[[QX:.*]] = qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, name = "dw:in0"}
// CHECK: qnn.simulated_quantize %{{.*}} {axis = 2 : i64, kind = #qnn.kind<weight>, name = "dw:w", narrow_range = true} : tensor<3x3x4x1xf32>
// CHECK: tosa.depthwise_conv2d %[[QX]]
// CHECK: %[[DW:.*]] = qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "dw:out"}
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<weight>, name = "dw2:w", narrow_range = true} : tensor<3x3x4x2xf32>
// CHECK: qnn.simulated_quantize %{{.*}} {axis = 0 : i64, kind = #qnn.kind<weight>, name = "tc:w", narrow_range = true} : tensor<3x3x3x4xf32>
// CHECK: tosa.transpose_conv2d
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, name = "sub:in1"}
// CHECK: %[[S:.*]] = tosa.sub %[[DW]], %{{.*}}
// CHECK: %[[AS:.*]] = qnn.simulated_quantize %[[S]] {kind = #qnn.kind<activation>, name = "sub:out"}
// CHECK: %[[QK:.*]] = qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<weight>, name = "mul:w", narrow_range = true} : tensor<1x1x1x4xf32>
// CHECK: tosa.mul %[[AS]], %[[QK]], %{{.*}} :
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "mul:out"}
// CHECK: %[[CAT:.*]] = tosa.concat %[[DW]], %[[AS]]
// CHECK: %[[ACAT:.*]] = qnn.simulated_quantize %[[CAT]] {kind = #qnn.kind<activation>, name = "cat:out"}
// CHECK: %[[P:.*]] = tosa.pad %[[ACAT]]
// CHECK-NOT: qnn.simulated_quantize
// CHECK: %[[SL:.*]] = tosa.slice %[[P]]
// CHECK-NOT: qnn.simulated_quantize
// CHECK: tosa.reduce_sum %[[SL]]
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "rs:out"}
// CHECK: tosa.reduce_max %[[SL]]
// CHECK: %[[P1:.*]] = tosa.pad %[[ACAT]]
// CHECK: qnn.simulated_quantize %[[P1]] {kind = #qnn.kind<activation>, name = "pad1:out"}
// CHECK: tosa.sigmoid
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "sg:out", params = #qnn.params<i8, scale = 3.906250e-03, zp = -128>}
// CHECK: tosa.tanh
// CHECK: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "th:out", params = #qnn.params<i8, scale = 7.812500e-03, zp = 0>}
// UNSIGNED-LABEL: func.func @more_ops
// UNSIGNED: name = "sg:out", params = #qnn.params<ui8, scale = 3.906250e-03, zp = 0>
// UNSIGNED: name = "th:out", params = #qnn.params<ui8, scale = 7.812500e-03, zp = 128>
func.func @more_ops(%x: tensor<1x6x6x4xf32>) -> (tensor<1x6x6x8xf32>, tensor<1x13x13x3xf32>, tensor<1x1x6x8xf32>, tensor<1x6x1x8xf32>, tensor<1x8x8x8xf32>, tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %one = "tosa.const"() <{values = dense<1.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %wd = "tosa.const"() <{values = dense<0.5> : tensor<3x3x4x1xf32>}> : () -> tensor<3x3x4x1xf32>
  %wd2 = "tosa.const"() <{values = dense<0.5> : tensor<3x3x4x2xf32>}> : () -> tensor<3x3x4x2xf32>
  %wt = "tosa.const"() <{values = dense<0.5> : tensor<3x3x3x4xf32>}> : () -> tensor<3x3x3x4xf32>
  %b4 = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %b8 = "tosa.const"() <{values = dense<0.0> : tensor<8xf32>}> : () -> tensor<8xf32>
  %b3 = "tosa.const"() <{values = dense<0.0> : tensor<3xf32>}> : () -> tensor<3xf32>
  %k = "tosa.const"() <{values = dense<2.0> : tensor<1x1x1x4xf32>}> : () -> tensor<1x1x1x4xf32>
  %dw = tosa.depthwise_conv2d %x, %wd, %b4, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<3x3x4x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x4xf32> loc("dw")
  %dw2 = tosa.depthwise_conv2d %x, %wd2, %b8, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 1, 1, 1, 1>, stride = array<i64: 1, 1>} : (tensor<1x6x6x4xf32>, tensor<3x3x4x2xf32>, tensor<8xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x6x6x8xf32> loc("dw2")
  %tc = tosa.transpose_conv2d %x, %wt, %b3, %zp, %zp {acc_type = f32, out_pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x6x6x4xf32>, tensor<3x3x3x4xf32>, tensor<3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x13x13x3xf32> loc("tc")
  %s = tosa.sub %dw, %x : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32> loc("sub")
  %m = tosa.mul %s, %k, %shift : (tensor<1x6x6x4xf32>, tensor<1x1x1x4xf32>, tensor<1xi8>) -> tensor<1x6x6x4xf32> loc("mul")
  %cat = tosa.concat %dw, %s {axis = 3 : i32} : (tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>) -> tensor<1x6x6x8xf32> loc("cat")
  %padding = tosa.const_shape {values = dense<[0, 0, 1, 1, 1, 1, 0, 0]> : tensor<8xindex>} : () -> !tosa.shape<8>
  %p = tosa.pad %cat, %padding, %zp : (tensor<1x6x6x8xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x8x8x8xf32> loc("pad0")
  %start = tosa.const_shape {values = dense<[0, 1, 1, 0]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %size = tosa.const_shape {values = dense<[1, 6, 6, 8]> : tensor<4xindex>} : () -> !tosa.shape<4>
  %sl = tosa.slice %p, %start, %size : (tensor<1x8x8x8xf32>, !tosa.shape<4>, !tosa.shape<4>) -> tensor<1x6x6x8xf32>
  %rs = tosa.reduce_sum %sl {axis = 1 : i32} : (tensor<1x6x6x8xf32>) -> tensor<1x1x6x8xf32> loc("rs")
  %rm = tosa.reduce_max %sl {axis = 2 : i32} : (tensor<1x6x6x8xf32>) -> tensor<1x6x1x8xf32>
  %p1 = tosa.pad %cat, %padding, %one : (tensor<1x6x6x8xf32>, !tosa.shape<8>, tensor<1xf32>) -> tensor<1x8x8x8xf32> loc("pad1")
  %sg = tosa.sigmoid %m : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32> loc("sg")
  %th = tosa.tanh %m : (tensor<1x6x6x4xf32>) -> tensor<1x6x6x4xf32> loc("th")
  return %dw2, %tc, %rs, %rm, %p1, %sg, %th : tensor<1x6x6x8xf32>, tensor<1x13x13x3xf32>, tensor<1x1x6x8xf32>, tensor<1x6x1x8xf32>, tensor<1x8x8x8xf32>, tensor<1x6x6x4xf32>, tensor<1x6x6x4xf32>
}
