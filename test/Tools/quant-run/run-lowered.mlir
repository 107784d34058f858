// quant-run on modules already in the LLVM dialect: the signature comes from
// the `qnn.signature` record qnn-lower-to-llvm leaves on each public
// function, the call goes through `_mlir_ciface_<name>` with one memref
// descriptor per input, then one per result. Modules lowered without the
// record, or only in part, are clear errors.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/gen_run_inputs.py %t
// RUN: split-file %s %t

// The calling convention, written by hand: result = 2 * input.
// RUN: quant-run run %t/handwritten.mlir --input %t/a.npy --print | FileCheck %s --check-prefix=HAND
// HAND: result 0: float32 [2,3]
// HAND-NEXT: {{\[\[}} 0.  2.  4.]
// HAND-NEXT: [ 6.  8. 10.]]

// A lowered module runs its public functions; a private one got no wrapper.
// RUN: quant-opt %t/helper.mlir --qnn-lower-to-llvm -o %t/helper.llvm.mlir
// RUN: quant-run run %t/helper.llvm.mlir --input %t/a.npy --input %t/b.npy -o %t/add.npy
// RUN: %python %quant_src_root/scripts/npcompare.py %t/add.npy %t/add_expected.npy --atol 0
// RUN: not quant-run run %t/helper.llvm.mlir --entry helper --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=NOWRAP
// NOWRAP: quant-run: error: @helper in {{.*}}helper.llvm.mlir has no C interface (@_mlir_ciface_helper): only public functions get one; pass the un-lowered module and choose the function with --entry
// RUN: not quant-run run %t/helper.llvm.mlir --entry nope --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=LIST
// LIST: quant-run: error: no function @nope in {{.*}}helper.llvm.mlir (available: @helper, @main)

// The input checks use the recorded signature.
// RUN: not quant-run run %t/helper.llvm.mlir --input %t/a.npy --input %t/wrong_dtype.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: quant-run: error: argument 1 of @main expects tensor<2x3xf32>, got float64 [2,3]

// RUN: not quant-run run %t/norecord.mlir --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=NORECORD
// NORECORD: quant-run: error: @main in {{.*}}norecord.mlir was lowered without qnn-lower-to-llvm's signature record (qnn.signature); pass the un-lowered module

// RUN: not quant-run run %t/mismatch.mlir --input %t/a.npy --input %t/b.npy 2>&1 | FileCheck %s --check-prefix=MISMATCH
// MISMATCH: quant-run: error: @_mlir_ciface_main in {{.*}}mismatch.mlir does not match the recorded signature (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32> (expected 3 pointer arguments and no result)

// RUN: not quant-run run %t/partial.mlir --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=PARTIAL
// PARTIAL: quant-run: error: {{.*}}partial.mlir is only partially lowered: 'memref.alloc' at {{.*}}partial.mlir:5:8 is not in the LLVM dialect; pass the un-lowered module

// RUN: not quant-run run %t/badrecord.mlir --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=BADRECORD
// BADRECORD: quant-run: error: @main in {{.*}}badrecord.mlir was lowered without qnn-lower-to-llvm's signature record (qnn.signature); pass the un-lowered module

//--- handwritten.mlir
!desc = !llvm.struct<(ptr, ptr, i64, array<2 x i64>, array<2 x i64>)>
llvm.func @main() attributes {qnn.signature = (tensor<2x3xf32>) -> tensor<2x3xf32>} {
  llvm.return
}
llvm.func @_mlir_ciface_main(%in: !llvm.ptr, %out: !llvm.ptr) {
  %in_aligned = llvm.getelementptr %in[0, 1] : (!llvm.ptr) -> !llvm.ptr, !desc
  %in_data = llvm.load %in_aligned : !llvm.ptr -> !llvm.ptr
  %out_aligned = llvm.getelementptr %out[0, 1] : (!llvm.ptr) -> !llvm.ptr, !desc
  %out_data = llvm.load %out_aligned : !llvm.ptr -> !llvm.ptr
  %v = llvm.load %in_data {alignment = 4 : i64} : !llvm.ptr -> vector<6xf32>
  %twice = llvm.fadd %v, %v : vector<6xf32>
  llvm.store %twice, %out_data {alignment = 4 : i64} : vector<6xf32>, !llvm.ptr
  llvm.return
}

//--- helper.mlir
func.func private @helper(%a: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %c = "tosa.const"() <{values = dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>}> : () -> tensor<2x3xf32>
  %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
  %0 = tosa.mul %a, %c, %shift : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<1xi8>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
func.func @main(%a: tensor<2x3xf32>, %b: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = tosa.add %a, %b : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %1 = call @helper(%0) : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %1 : tensor<2x3xf32>
}

//--- norecord.mlir
llvm.func @main(%arg0: !llvm.ptr, %arg1: !llvm.ptr) attributes {llvm.emit_c_interface} {
  llvm.return
}
llvm.func @_mlir_ciface_main(%arg0: !llvm.ptr, %arg1: !llvm.ptr) attributes {llvm.emit_c_interface} {
  llvm.return
}

//--- mismatch.mlir
llvm.func @main() attributes {qnn.signature = (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>} {
  llvm.return
}
llvm.func @_mlir_ciface_main(%arg0: !llvm.ptr, %arg1: !llvm.ptr) {
  llvm.return
}

//--- partial.mlir
llvm.func @main() attributes {qnn.signature = (tensor<2x3xf32>) -> tensor<2x3xf32>} {
  llvm.return
}
llvm.func @_mlir_ciface_main(%arg0: !llvm.ptr, %arg1: !llvm.ptr) {
  %0 = memref.alloc() : memref<2x3xf32>
  llvm.return
}

//--- badrecord.mlir
llvm.func @main() attributes {qnn.signature = tensor<2x3xf32>} {
  llvm.return
}
llvm.func @_mlir_ciface_main(%arg0: !llvm.ptr) {
  llvm.return
}
