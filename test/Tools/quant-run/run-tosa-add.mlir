// quant-run run on a tiny TOSA model: the result equals numpy's (a + b) * C.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/gen_run_inputs.py %t
// RUN: quant-run run %s --input %t/a.npy --input %t/b.npy -o %t/out.npy --print --repeat 3 2>%t/err | FileCheck %s
// RUN: FileCheck %s --check-prefix=TIME --input-file=%t/err
// RUN: %python %quant_src_root/scripts/npcompare.py %t/out.npy %t/add_expected.npy --atol 0

// CHECK: result 0: float32 [2,3]
// CHECK-NEXT: {{\[\[}} 0.5 3. 7.5]
// CHECK-NEXT: [ 14. 22.5 33.]]
// TIME: time: {{[0-9.]+}} ms/run (3 runs)

func.func @main(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tosa.add %a, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %c = "tosa.const"() <{values = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %1 = tosa.mul %0, %c, %shift : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<1xi8>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
