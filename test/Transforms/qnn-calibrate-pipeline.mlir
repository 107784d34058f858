// End to end on examples/small_cnn: annotate, a statistics file for every
// named tensor (reference writer, Laplace data), then
//   quant-opt model.mlir --qnn-quantize="stats=stats.json mode=percentile ..."
// equals annotate + calibrate(stats) + realize step by step, binds the
// percentile thresholds of the numpy reference, and keeps the convolutions
// and the matmul integer with per-channel weights (per-channel is the
// annotation default; per-channel=true becomes a qnn-quantize option with
// the annotate options).
// REQUIRES: numpy
// DEFINE: %{mk} = %python %quant_src_root/scripts/make_stats.py
// DEFINE: %{model} = %quant_src_root/examples/small_cnn/model.mlir
// RUN: rm -rf %t && mkdir -p %t
// RUN: quant-opt %{model} --qnn-annotate -o %t/annotated.mlir 2>/dev/null
// RUN: %{mk} write %t/annotated.mlir -o %t/stats.json --gen-all laplace:10:5000 --batches 2
// RUN: quant-opt %t/annotated.mlir --qnn-calibrate="stats=%t/stats.json mode=percentile percentile=99.9" -o %t/calibrated.mlir
// RUN: %{mk} check %t/calibrated.mlir --mode percentile --percentile 99.9 --gen-all laplace:10:5000 --batches 2 | FileCheck %s --check-prefix=REF
// REF-COUNT-5: OK {{.*}} percentile threshold=
// REF-NOT: MISMATCH
// RUN: quant-opt %t/calibrated.mlir --qnn-realize --canonicalize -o %t/steps.mlir
// RUN: quant-opt %{model} --qnn-quantize="stats=%t/stats.json mode=percentile percentile=99.9" -o %t/pipeline.mlir 2>/dev/null
// RUN: diff %t/steps.mlir %t/pipeline.mlir
// RUN: FileCheck %s --input-file=%t/pipeline.mlir
// CHECK-NOT: tosa.conv2d
// CHECK-NOT: tosa.matmul
// CHECK: qnn.quantize %arg0 {params = #qnn.params<i8, scale = 0.030050442913385
// CHECK: qnn.conv2d
// CHECK: qnn.requantize {{.*}}input_params = #qnn.params<i32, axis = 3, scales = [
// CHECK: qnn.conv2d
// CHECK: qnn.requantize {{.*}}input_params = #qnn.params<i32, axis = 3, scales = [
// CHECK: qnn.matmul
