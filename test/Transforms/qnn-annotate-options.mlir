// Options that leave layers float (skip-conv-layers, skip-dense-layer,
// allow-ops, deny-ops, fp32 in a precision map) and the precision map's
// int8 / int16. Excluded ops get a remark, count in the summary and carry
// `qnn.keep_float` for qnn-realize; their result is not on a grid, so the
// next layer quantizes it again.
// RUN: rm -rf %t && mkdir -p %t
// RUN: quant-opt %s -qnn-annotate="skip-conv-layers=0,2" 2>&1 | FileCheck %s --check-prefix=SKIPCONV
// RUN: quant-opt %s -qnn-annotate="skip-dense-layer=true" 2>&1 | FileCheck %s --check-prefix=SKIPDENSE
// RUN: quant-opt %s -qnn-annotate="deny-ops=tosa.sigmoid,c2" 2>&1 | FileCheck %s --check-prefix=DENY
// RUN: quant-opt %s -qnn-annotate="allow-ops=tosa.conv2d,fc" 2>&1 | FileCheck %s --check-prefix=ALLOW
// RUN: echo '{"c1": "int16", "c2": "fp32", "fc": "int8"}' > %t/map.json
// RUN: quant-opt %s -qnn-annotate="precision-map=%t/map.json activation-bits=4 input-bits=4" 2>&1 | FileCheck %s --check-prefix=MAP
// The realized model keeps the excluded ops float, on dequantized values.
// RUN: quant-opt %s -qnn-annotate="deny-ops=tosa.sigmoid,c2" -qnn-calibrate -qnn-realize 2>&1 | FileCheck %s --check-prefix=REAL

// SKIPCONV: remark: {{.*}}op 'tosa.conv2d' is not quantized: conv layer 0 is in skip-conv-layers (layer 'c1')
// SKIPCONV: remark: {{.*}}op 'tosa.depthwise_conv2d' is not quantized: conv layer 2 is in skip-conv-layers (layer 'dw')
// SKIPCONV: remark: qnn-annotate: 2 ops not quantized: tosa.conv2d (1), tosa.depthwise_conv2d (1)
// SKIPCONV: %[[C1:.*]] = tosa.conv2d %arg0, %{{.*}} {{{.*}}qnn.keep_float{{.*}}}
// SKIPCONV: qnn.simulated_quantize %[[C1]] {kind = #qnn.kind<input>, name = "c2:in0"}
// SKIPCONV: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "c2:out"}
// SKIPCONV: tosa.depthwise_conv2d %{{.*}} {{{.*}}qnn.keep_float{{.*}}}
// SKIPCONV: name = "fc:out"

// SKIPDENSE: remark: {{.*}}op 'tosa.matmul' is not quantized: skip-dense-layer (layer 'fc')
// SKIPDENSE: remark: qnn-annotate: 1 op not quantized: tosa.matmul (1)
// SKIPDENSE-NOT: name = "fc:
// SKIPDENSE: tosa.matmul {{.*}} {qnn.keep_float}

// An op that no rule covers, or that the options exclude, is never skipped
// silently: quantization stops before it and resumes after it.
// DENY: remark: {{.*}}op 'tosa.conv2d' is not quantized: excluded by deny-ops (layer 'c2')
// DENY: remark: {{.*}}op 'tosa.sigmoid' is not quantized: excluded by deny-ops (layer 'sg')
// DENY: remark: qnn-annotate: 2 ops not quantized: tosa.conv2d (1), tosa.sigmoid (1)
// DENY: name = "c1:out"
// DENY-NOT: name = "c2:
// DENY: tosa.conv2d {{.*}} {{{.*}}qnn.keep_float{{.*}}}
// DENY: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, name = "dw:in0"}
// DENY: %[[SG:.*]] = tosa.sigmoid %{{.*}} {qnn.keep_float}
// DENY: qnn.simulated_quantize %[[SG]] {kind = #qnn.kind<input>, name = "reshape_0:in0"}

// ALLOW: remark: {{.*}}op 'tosa.depthwise_conv2d' is not quantized: not in allow-ops (layer 'dw')
// ALLOW: remark: {{.*}}op 'tosa.sigmoid' is not quantized: not in allow-ops (layer 'sg')
// ALLOW: remark: {{.*}}op 'tosa.reshape' is not quantized: not in allow-ops (layer 'reshape_0')
// ALLOW: remark: qnn-annotate: 3 ops not quantized: tosa.depthwise_conv2d (1), tosa.sigmoid (1), tosa.reshape (1)
// ALLOW: name = "c1:out"
// ALLOW: name = "c2:out"
// ALLOW: name = "fc:out"

// int16 layers read and write 16-bit grids with 8-bit weights; int8 layers
// use 8 bits whatever the global options; an int8 layer reading a 16-bit
// activation gets its own 8-bit input grid.
// MAP: remark: {{.*}}op 'tosa.conv2d' is not quantized: fp32 in the precision map (layer 'c2')
// MAP: qnn.simulated_quantize %arg0 {bits = 16 : i64, kind = #qnn.kind<input>, name = "c1:in0"}
// MAP: qnn.simulated_quantize %{{.*}} {axis = 0 : i64, kind = #qnn.kind<weight>, name = "c1:w", narrow_range = true}
// MAP: qnn.simulated_quantize %{{.*}} {bits = 16 : i64, kind = #qnn.kind<activation>, name = "c1:out"}
// MAP: qnn.simulated_quantize %{{.*}} {bits = 4 : i64, kind = #qnn.kind<input>, name = "dw:in0"}
// MAP: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<input>, name = "fc:in0"}
// MAP: qnn.simulated_quantize %{{.*}} {axis = 2 : i64, kind = #qnn.kind<weight>, name = "fc:w", narrow_range = true}
// MAP: qnn.simulated_quantize %{{.*}} {kind = #qnn.kind<activation>, name = "fc:out"}

// REAL: remark: {{.*}}op 'tosa.conv2d' is not quantized: excluded by deny-ops (layer 'c2')
// REAL-NOT: stays float
// REAL: qnn.conv2d
// REAL: qnn.dequantize
// REAL: tosa.conv2d {{.*}} -> tensor<1x4x4x4xf32>
// REAL: qnn.quantize
// REAL: qnn.dequantize
// REAL: tosa.sigmoid {{.*}} : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
// REAL-NOT: qnn.keep_float
// REAL: qnn.matmul

func.func @model(%x: tensor<1x4x4x2xf32>) -> tensor<1x16x3xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w1 = "tosa.const"() <{values = dense<0.5> : tensor<4x1x1x2xf32>}> : () -> tensor<4x1x1x2xf32>
  %w2 = "tosa.const"() <{values = dense<0.25> : tensor<4x1x1x4xf32>}> : () -> tensor<4x1x1x4xf32>
  %wd = "tosa.const"() <{values = dense<0.5> : tensor<1x1x4x1xf32>}> : () -> tensor<1x1x4x1xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<4xf32>}> : () -> tensor<4xf32>
  %wf = "tosa.const"() <{values = dense<0.5> : tensor<1x4x3xf32>}> : () -> tensor<1x4x3xf32>
  %0 = tosa.conv2d %x, %w1, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<4x1x1x2xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32> loc("c1")
  %1 = tosa.conv2d %0, %w2, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<4x1x1x4xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32> loc("c2")
  %2 = tosa.depthwise_conv2d %1, %wd, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<1x1x4x1xf32>, tensor<4xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x4xf32> loc("dw")
  %3 = tosa.sigmoid %2 : (tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> loc("sg")
  %s = tosa.const_shape {values = dense<[1, 16, 4]> : tensor<3xindex>} : () -> !tosa.shape<3>
  %4 = tosa.reshape %3, %s : (tensor<1x4x4x4xf32>, !tosa.shape<3>) -> tensor<1x16x4xf32>
  %5 = tosa.matmul %4, %wf, %zp, %zp : (tensor<1x16x4xf32>, tensor<1x4x3xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x16x3xf32> loc("fc")
  return %5 : tensor<1x16x3xf32>
}
