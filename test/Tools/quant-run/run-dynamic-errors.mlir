// Dynamic shapes quant-run does not take, and --batch-size misuse: one line,
// non-zero exit.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.zeros((4, 3), np.float32)); np.save('%t/y.npy', np.zeros((6, 3), np.float32))"

// Only dimension 0 may be dynamic.
// RUN: not quant-run run %s --entry two_dynamic --input %t/x.npy 2>&1 | FileCheck %s --check-prefix=TWO
// TWO: quant-run: error: argument 0 of @two_dynamic has type tensor<?x?xf32>: only dimension 0 (the batch) may be dynamic

// Several dynamic-batch arguments need the same number of samples.
// RUN: not quant-run run %s --entry pair --input %t/x.npy --input %t/y.npy 2>&1 | FileCheck %s --check-prefix=PAIR
// PAIR: quant-run: error: {{.*}}y.npy has 6 samples but {{.*}}x.npy has 4: every argument needs the same number

// A dynamic result of a static batch cannot be concatenated over batches.
// RUN: not quant-run run %s --entry dynamic_result --input %t/x.npy 2>&1 | FileCheck %s --check-prefix=CONCAT
// CONCAT: quant-run: error: result 0 of @dynamic_result (tensor<?xf32>) has a dynamic shape: the results of 2 batches of 2 samples cannot be concatenated (give exactly one batch)

// --batch-size: only for a dynamic batch, and at least 1.
// RUN: not quant-run calibrate %s --entry annotated_static --input %t/x.npy --batch-size 4 -o %t/s.json 2>&1 | FileCheck %s --check-prefix=STATIC
// STATIC: quant-run: error: --batch-size 4: @annotated_static has a static batch of 2 (only a dynamic batch dimension takes another size)
// RUN: not quant-run calibrate %s --entry annotated_dynamic --input %t/x.npy --batch-size 0 -o %t/s.json 2>&1 | FileCheck %s --check-prefix=ZERO
// ZERO: quant-run: error: --batch-size must be an integer between 1 and 2^31 (got '0')
// RUN: not test -e %t/s.json

func.func @two_dynamic(%a: tensor<?x?xf32>) -> tensor<?x?xf32> {
  return %a : tensor<?x?xf32>
}

func.func @pair(%a: tensor<?x3xf32>, %b: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = tosa.add %a, %b : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

func.func @dynamic_result(%a: tensor<2x3xf32>) -> tensor<?xf32> {
  %0 = tensor.collapse_shape %a [[0, 1]] : tensor<2x3xf32> into tensor<6xf32>
  %1 = tensor.cast %0 : tensor<6xf32> to tensor<?xf32>
  return %1 : tensor<?xf32>
}

func.func @annotated_static(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = qnn.simulated_quantize %a {kind = #qnn.kind<input>, name = "x"} : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

func.func @annotated_dynamic(%a: tensor<?x3xf32>) -> tensor<?x3xf32> {
  %0 = qnn.simulated_quantize %a {kind = #qnn.kind<input>, name = "y"} : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}
