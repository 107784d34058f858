// Element types and shapes quant-run exchanges with compiled code, each
// checked against numpy: float16, bool (i1), int64, 0-d, empty tensors,
// memref signatures, functions without arguments or results, a result
// returned twice, and NaN / Inf / -0 / denormals flowing through.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/gen_run_inputs.py %t

// RUN: quant-run run %s --entry f16 --input %t/f16.npy -o %t/f16_out.npy --print | FileCheck %s --check-prefix=F16
// RUN: %python %quant_src_root/scripts/npcompare.py %t/f16_out.npy %t/f16_expected.npy --atol 0
// F16: result 0: float16 [2,3]
// F16-NEXT: {{\[\[}}  1.   3. inf]
// F16-NEXT: [-4. 6.5 nan]]
func.func @f16(%a: tensor<2x3xf16>) -> tensor<2x3xf16> {
  %0 = tosa.add %a, %a : (tensor<2x3xf16>, tensor<2x3xf16>) -> tensor<2x3xf16>
  return %0 : tensor<2x3xf16>
}

// RUN: quant-run run %s --entry select --input %t/bool.npy --input %t/a.npy --input %t/b.npy -o %t/sel.npy -o %t/not.npy --print | FileCheck %s --check-prefix=BOOL
// RUN: %python %quant_src_root/scripts/npcompare.py %t/sel.npy %t/select_expected.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/not.npy %t/not_expected.npy --atol 0
// BOOL: result 1: bool [2,3]
// BOOL-NEXT: {{\[\[}}False  True False]
// BOOL-NEXT: [ True  True False]]
func.func @select(%c: tensor<2x3xi1>, %a: tensor<2x3xf32>, %b: tensor<2x3xf32>)
    -> (tensor<2x3xf32>, tensor<2x3xi1>) {
  %0 = tosa.select %c, %a, %b : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = tosa.logical_not %c : (tensor<2x3xi1>) -> tensor<2x3xi1>
  return %0, %1 : tensor<2x3xf32>, tensor<2x3xi1>
}

// RUN: quant-run run %s --entry i64 --input %t/i64.npy -o %t/i64_out.npy
// RUN: %python %quant_src_root/scripts/npcompare.py %t/i64_out.npy %t/i64_expected.npy --atol 0
func.func @i64(%a: tensor<2x3xi64>) -> tensor<2x3xi64> {
  %0 = tosa.add %a, %a : (tensor<2x3xi64>, tensor<2x3xi64>) -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// A 0-d result, and an input returned as is.
// RUN: quant-run run %s --entry scalar --input %t/scalar.npy -o %t/scalar_out.npy -o %t/scalar_same.npy --print | FileCheck %s --check-prefix=SCALAR
// RUN: %python %quant_src_root/scripts/npcompare.py %t/scalar_out.npy %t/scalar_expected.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/scalar_same.npy %t/scalar.npy --atol 0
// SCALAR: result 0: float32 []
// SCALAR-NEXT: 2.5
// SCALAR-NEXT: result 1: float32 []
// SCALAR-NEXT: 1.25
func.func @scalar(%a: tensor<f32>) -> (tensor<f32>, tensor<f32>) {
  %0 = tosa.add %a, %a : (tensor<f32>, tensor<f32>) -> tensor<f32>
  return %0, %a : tensor<f32>, tensor<f32>
}

// RUN: quant-run run %s --entry empty --input %t/empty.npy -o %t/empty_out.npy --print | FileCheck %s --check-prefix=EMPTY
// RUN: %python %quant_src_root/scripts/npcompare.py %t/empty_out.npy %t/empty.npy --atol 0
// EMPTY: result 0: float32 [0,3]
// EMPTY-NEXT: []
func.func @empty(%a: tensor<0x3xf32>) -> tensor<0x3xf32> {
  %0 = arith.addf %a, %a : tensor<0x3xf32>
  return %0 : tensor<0x3xf32>
}

// RUN: quant-run run %s --entry noargs --print | FileCheck %s --check-prefix=NOARGS
// NOARGS: result 0: int32 [2]
// NOARGS-NEXT: [ 7 -7]
func.func @noargs() -> tensor<2xi32> {
  %c = arith.constant dense<[7, -7]> : tensor<2xi32>
  return %c : tensor<2xi32>
}

// RUN: quant-run run %s --entry nores --input %t/a.npy --print | count 0
func.func @nores(%a: tensor<2x3xf32>) {
  return
}

// RUN: quant-run run %s --entry twice --input %t/a.npy -o %t/twice0.npy -o %t/twice1.npy
// RUN: %python %quant_src_root/scripts/npcompare.py %t/twice0.npy %t/a.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/twice1.npy %t/a.npy --atol 0
func.func @twice(%a: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>) {
  return %a, %a : tensor<2x3xf32>, tensor<2x3xf32>
}

// Identity-layout memrefs are passed like tensors (an already bufferized
// model); a memref result becomes an out-parameter too.
// RUN: quant-run run %s --entry memref --input %t/a.npy --input %t/b.npy -o %t/memref_out.npy
// RUN: %python %quant_src_root/scripts/npcompare.py %t/memref_out.npy %t/add_expected.npy --atol 0
func.func @memref(%a: memref<2x3xf32>, %b: memref<2x3xf32>) -> memref<2x3xf32> {
  %c = memref.get_global @c : memref<2x3xf32>
  %sum = memref.alloc() : memref<2x3xf32>
  linalg.add ins(%a, %b : memref<2x3xf32>, memref<2x3xf32>) outs(%sum : memref<2x3xf32>)
  linalg.mul ins(%sum, %c : memref<2x3xf32>, memref<2x3xf32>) outs(%sum : memref<2x3xf32>)
  return %sum : memref<2x3xf32>
}
memref.global "private" constant @c : memref<2x3xf32> = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]>

// NaN, Inf, -0 and denormals just flow through: (x + b) * C, as numpy does.
// RUN: quant-run run %s --entry special --input %t/special.npy --input %t/b.npy -o %t/special_out.npy --print | FileCheck %s --check-prefix=SPECIAL
// RUN: %python %quant_src_root/scripts/npcompare.py %t/special_out.npy %t/special_expected.npy --atol 0
// SPECIAL: result 0: float32 [2,3]
// SPECIAL-NEXT: {{\[\[}} nan inf -inf]
// SPECIAL-NEXT: [ 2. inf 3.]]
func.func @special(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tosa.add %a, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %c = "tosa.const"() <{values = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %1 = tosa.mul %0, %c, %shift : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<1xi8>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}
