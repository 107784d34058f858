// quant-run run with a dynamic batch dimension: the whole data set in one
// call, results of the returned shape (several results, one an argument
// returned as it is, one a constant of static shape). Expected values by
// hand: x = [[1, -2.5, 3], [0.5, 4, -1]] -> x + x, x, [1, 2].
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[1, -2.5, 3], [0.5, 4, -1]], np.float32))"
// RUN: quant-run run %s --input %t/x.npy -o %t/out.npz --opt-level 0 --print 2>&1 | FileCheck %s
// CHECK:      result 0: float32 [2,3]
// CHECK-NEXT: {{\[\[}} 2. -5.  6.]
// CHECK-NEXT:  [ 1.  8. -2.]]
// CHECK-NEXT: result 1: float32 [2,3]
// CHECK-NEXT: {{\[\[}}  1. -2.5   3.]
// CHECK-NEXT:  [ 0.5   4.  -1.]]
// CHECK-NEXT: result 2: float32 [2]
// CHECK-NEXT: [1. 2.]
// RUN: %python -c "import numpy as np; z = np.load('%t/out.npz'); x = np.load('%t/x.npy'); assert (z['arr_0'] == x + x).all() and (z['arr_1'] == x).all() and (z['arr_2'] == np.array([1, 2], np.float32)).all(); print('OK')" | FileCheck %s --check-prefix=NPZ
// NPZ: OK

// One call for 1000 samples (a dynamic batch is never cut).
// RUN: %python -c "import numpy as np; np.save('%t/big.npy', np.arange(3000, dtype=np.float32).reshape(1000, 3))"
// RUN: quant-run run %s --input %t/big.npy -o %t/big.npz --opt-level 0 2>&1 | FileCheck %s --check-prefix=BIG
// BIG: 1000 samples in 1 batches of 1000,
// RUN: %python -c "import numpy as np; z = np.load('%t/big.npz'); x = np.load('%t/big.npy'); assert (z['arr_0'] == 2 * x).all() and (z['arr_1'] == x).all(); print('OK')" | FileCheck %s --check-prefix=NPZ

// Lowered ahead of time: the same through the C interface that returns its
// results.
// RUN: quant-opt %s --qnn-lower-to-llvm -o %t/lowered.mlir
// RUN: quant-run run %t/lowered.mlir --input %t/x.npy -o %t/lowered.npz --opt-level 0
// RUN: %python -c "import numpy as np; a = np.load('%t/out.npz'); b = np.load('%t/lowered.npz'); assert all((a[k] == b[k]).all() for k in a.files); print('OK')" | FileCheck %s --check-prefix=NPZ

// A sample of another shape: an error naming the argument, no output.
// RUN: %python -c "import numpy as np; np.save('%t/bad.npy', np.zeros((2, 4), np.float32))"
// RUN: not quant-run run %s --input %t/bad.npy -o %t/bad.npz 2>&1 | FileCheck %s --check-prefix=BAD
// RUN: not test -e %t/bad.npz
// BAD: quant-run: error: argument 0 of @main expects tensor<?x3xf32>, got float32 [2,4]

func.func @main(%a: tensor<?x3xf32>) -> (tensor<?x3xf32>, tensor<?x3xf32>, tensor<2xf32>) {
  %c = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %0 = tosa.add %a, %a : (tensor<?x3xf32>, tensor<?x3xf32>) -> tensor<?x3xf32>
  return %0, %a, %c : tensor<?x3xf32>, tensor<?x3xf32>, tensor<2xf32>
}
