// Quantization rules registered from outside the library: quant-test-opt
// (test/lib/TestQuant) attaches QuantizableOpInterface to the test-only ops
// qnn_test.square (Input -> Activation) and qnn_test.identity (Input ->
// PassThrough), as another compiler would for its own ops.
// RUN: quant-test-opt %s --qnn-annotate | FileCheck %s
// RUN: quant-test-opt %s --qnn-annotate --qnn-calibrate="global-scale=4.0" | FileCheck %s --check-prefix=CAL
// qnn-realize has no integer form for the test ops: they stay float between
// an explicit quantize / dequantize pair, so the realized model keeps the
// simulation's rounding.
// RUN: quant-test-opt %s --qnn-annotate --qnn-calibrate="global-scale=4.0" --qnn-realize | FileCheck %s --check-prefix=REAL
// Without the rules (quant-opt does not know the ops) nothing is quantized
// and every op is reported, never skipped silently.
// RUN: quant-opt %s --allow-unregistered-dialect --qnn-annotate 2>&1 | FileCheck %s --check-prefix=NORULE

// CHECK-LABEL: func.func @main
// CHECK: %[[IN:.*]] = qnn.simulated_quantize %arg0 {kind = #qnn.kind<input>
// CHECK: %[[SQ:.*]] = qnn_test.square %[[IN]]
// CHECK: %[[ACT:.*]] = qnn.simulated_quantize %[[SQ]] {kind = #qnn.kind<activation>
// CHECK: %[[ID:.*]] = qnn_test.identity %[[ACT]]
// CHECK-NOT: qnn.simulated_quantize
// CHECK: return %[[ID]]

// Global scale 4 (TVM's global_scale): the activation grid is [-4, 4) in
// steps of 4/128 = 0.03125 (docs/QuantizationSpec.md); the input too.
// CAL: qnn.simulated_quantize %arg0 {{.*}}params = #qnn.params<i8{{.*}}scale = 3.125{{0*}}e-02
// CAL: qnn_test.square
// CAL: qnn.simulated_quantize {{.*}}params = #qnn.params<i8{{.*}}scale = 3.125{{0*}}e-02

// REAL: %[[Q0:.*]] = qnn.quantize %arg0 {{.*}} -> tensor<4xi8>
// REAL: %[[D0:.*]] = qnn.dequantize %[[Q0]]
// REAL: %[[S:.*]] = qnn_test.square %[[D0]]
// REAL: %[[Q1:.*]] = qnn.quantize %[[S]] {{.*}} -> tensor<4xi8>
// REAL: %[[D1:.*]] = qnn.dequantize %[[Q1]]
// REAL: qnn_test.identity %[[D1]]

// NORULE-DAG: remark: op 'qnn_test.square' is not quantized: no rule
// NORULE-DAG: remark: op 'qnn_test.identity' is not quantized: no rule
// NORULE: remark: qnn-annotate: 2 ops not quantized: qnn_test.square (1), qnn_test.identity (1)
// NORULE-NOT: qnn.simulated_quantize
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = "qnn_test.square"(%x) : (tensor<4xf32>) -> tensor<4xf32>
  %1 = "qnn_test.identity"(%0) : (tensor<4xf32>) -> tensor<4xf32>
  return %1 : tensor<4xf32>
}
