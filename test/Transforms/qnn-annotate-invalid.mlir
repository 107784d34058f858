// Contradicting or wrong options: one clear error naming the option, a
// non-zero exit, never a crash, and nothing changed.
// RUN: rm -rf %t && mkdir -p %t
// RUN: not quant-opt %s -qnn-annotate="allow-ops=tosa.conv2d deny-ops=tosa.conv2d" 2>&1 | FileCheck %s --check-prefix=BOTH
// RUN: not quant-opt %s -qnn-annotate="deny-ops=tosa.conv3d_typo" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not quant-opt %s -qnn-annotate="allow-ops=conv9" 2>&1 | FileCheck %s --check-prefix=UNKNOWN-LAYER
// RUN: not quant-opt %s -qnn-annotate="skip-conv-layers=1" 2>&1 | FileCheck %s --check-prefix=SKIP
// RUN: not quant-opt %s -qnn-annotate="skip-conv-layers=-1" 2>&1 | FileCheck %s --check-prefix=SKIPNEG
// RUN: not quant-opt %s -qnn-annotate="activation-bits=0" 2>&1 | FileCheck %s --check-prefix=BITS
// RUN: not quant-opt %s -qnn-annotate="precision-map=%t/missing.json" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: echo '{"conv1": "int8",' > %t/malformed.json
// RUN: not quant-opt %s -qnn-annotate="precision-map=%t/malformed.json" 2>&1 | FileCheck %s --check-prefix=MALFORMED
// RUN: echo '["conv1"]' > %t/array.json
// RUN: not quant-opt %s -qnn-annotate="precision-map=%t/array.json" 2>&1 | FileCheck %s --check-prefix=ARRAY
// RUN: echo '{"conv1": "int4"}' > %t/value.json
// RUN: not quant-opt %s -qnn-annotate="precision-map=%t/value.json" 2>&1 | FileCheck %s --check-prefix=VALUE
// RUN: echo '{"conv1": "int16", "fc": "fp32", "conv2": "fp32"}' > %t/layers.json
// RUN: not quant-opt %s -qnn-annotate="precision-map=%t/layers.json" 2>&1 | FileCheck %s --check-prefix=LAYERS
// The same errors through the qnn-quantize pipeline.
// RUN: not quant-opt %s --qnn-quantize="allow-ops=conv1 deny-ops=conv1" 2>&1 | FileCheck %s --check-prefix=BOTH-PIPE
// RUN: not quant-opt %s --qnn-quantize="partition-conversions=always" 2>&1 | FileCheck %s --check-prefix=PARTITION

// BOTH: error: qnn-annotate: 'tosa.conv2d' is in both allow-ops and deny-ops
// BOTH-NOT: Stack dump
// UNKNOWN: error: qnn-annotate: deny-ops entry 'tosa.conv3d_typo' names neither a registered op nor a layer of the module
// UNKNOWN-LAYER: error: qnn-annotate: allow-ops entry 'conv9' names neither a registered op nor a layer of the module
// SKIP: error: qnn-annotate: skip-conv-layers index 1 is out of range: the module has 1 conv layer
// SKIPNEG: error: qnn-annotate: skip-conv-layers index -1 is out of range: the module has 1 conv layer
// BITS: error: qnn-annotate: activation-bits must be in 2..16, got 0
// MISSING: error: qnn-annotate: precision map '{{.*}}missing.json': cannot read the file ({{.*}})
// MALFORMED: error: qnn-annotate: precision map '{{.*}}malformed.json': malformed JSON [2:0, byte=18]: Expected object key
// ARRAY: error: qnn-annotate: precision map '{{.*}}array.json': expected a JSON object mapping layer names to "int8", "int16" or "fp32"
// VALUE: error: qnn-annotate: precision map '{{.*}}value.json': layer 'conv1': expected "int8", "int16" or "fp32", got "int4"
// LAYERS: error: qnn-annotate: precision map '{{.*}}layers.json': unknown layers 'conv2', 'fc' (layers: conv1 reshape_0)
// BOTH-PIPE: error: qnn-annotate: 'conv1' is in both allow-ops and deny-ops
// PARTITION: error: qnn-realize: unknown partition-conversions 'always' (expected disabled, enabled or fully_integral)

func.func @model(%x: tensor<1x4x4x2xf32>) -> tensor<1x32xf32> {
  %zp = "tosa.const"() <{values = dense<0.0> : tensor<1xf32>}> : () -> tensor<1xf32>
  %w = "tosa.const"() <{values = dense<0.5> : tensor<2x1x1x2xf32>}> : () -> tensor<2x1x1x2xf32>
  %b = "tosa.const"() <{values = dense<0.0> : tensor<2xf32>}> : () -> tensor<2xf32>
  %0 = tosa.conv2d %x, %w, %b, %zp, %zp {acc_type = f32, dilation = array<i64: 1, 1>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 1, 1>} : (tensor<1x4x4x2xf32>, tensor<2x1x1x2xf32>, tensor<2xf32>, tensor<1xf32>, tensor<1xf32>) -> tensor<1x4x4x2xf32> loc("conv1")
  %s = tosa.const_shape {values = dense<[1, 32]> : tensor<2xindex>} : () -> !tosa.shape<2>
  %1 = tosa.reshape %0, %s : (tensor<1x4x4x2xf32>, !tosa.shape<2>) -> tensor<1x32xf32>
  return %1 : tensor<1x32xf32>
}
