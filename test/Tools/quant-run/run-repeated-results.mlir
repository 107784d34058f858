// A function that returns the same value twice, or an argument, gets one
// distinct out-buffer per result (upstream buffer-results-to-out-params
// crashes on repeated return operands; qnn-lower-to-llvm copies them first).
// Expected values by hand: x = [1, -2.5, 3] -> x + x = [2, -5, 6].
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([1, -2.5, 3], np.float32))"
// RUN: quant-run run %s --input %t/x.npy -o %t/a.npy -o %t/b.npy -o %t/c.npy
// RUN: %python -c "import numpy as np; a, b, c = (np.load('%t/' + n + '.npy') for n in 'abc'); exp = np.array([2, -5, 6], np.float32); assert (a == exp).all() and (b == exp).all(), (a, b); assert (c == np.array([1, -2.5, 3], np.float32)).all(), c; print('OK')" | FileCheck %s
// CHECK: OK
// RUN: quant-opt %s --qnn-lower-to-llvm | FileCheck %s --check-prefix=LLVM
// LLVM: llvm.func @_mlir_ciface_main

func.func @main(%a: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %0 = tosa.add %a, %a : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %0, %0, %a : tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}
