// Targets other than `generic`, `x86-avx2` and `host` fail when the pipeline
// is built, with one clear message, for both spellings of the pipeline.
// RUN: not quant-opt %s --qnn-lower-to-llvm=target=bogus 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not quant-opt %s --pass-pipeline='builtin.module(qnn-lower-to-llvm{target=bogus})' 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: qnn-lower-to-llvm: unknown target 'bogus' (supported: generic, x86-avx2, x86-avxvnni, x86-avx512vnni, aarch64-dotprod, aarch64-i8mm, host)
// RUN: not quant-opt %s --qnn-lower-to-llvm=target=nvptx-sm80 2>&1 | FileCheck %s --check-prefix=RESERVED
// RESERVED: error: qnn-lower-to-llvm: target 'nvptx-sm80' is not supported yet (supported: generic, x86-avx2, x86-avxvnni, x86-avx512vnni, aarch64-dotprod, aarch64-i8mm, host)
// RUN: quant-opt %s --qnn-lower-to-llvm=target=x86-avx2 | FileCheck %s --check-prefix=GENERIC
// RUN: quant-opt %s --qnn-lower-to-llvm=target=host | FileCheck %s --check-prefix=GENERIC
// RUN: not quant-opt %s --qnn-lower-to-llvm=bogus=1 2>&1 | FileCheck %s --check-prefix=OPTION
// OPTION: no such option bogus
// RUN: quant-opt %s --qnn-lower-to-llvm=target=generic | FileCheck %s --check-prefix=GENERIC
// GENERIC: llvm.func @_mlir_ciface_main
func.func @main(%a: tensor<2xf32>) -> tensor<2xf32> {
  return %a : tensor<2xf32>
}

// requantize-dtype is int64 or float32, checked when the pipeline is built.
// RUN: not quant-opt %s --qnn-lower-to-llvm=requantize-dtype=f16 2>&1 | FileCheck %s --check-prefix=RQDTYPE
// RQDTYPE: error: qnn-lower-to-llvm: requantize-dtype must be int64 or float32 (got 'f16')

// Unranked tensors: one error at the first op that has one (upstream TOSA
// patterns crashed on them).
// RUN: not quant-opt %S/Inputs/unranked.mlir --qnn-lower-to-llvm 2>&1 | FileCheck %s --check-prefix=UNRANKED
// UNRANKED: unranked.mlir:4:8: error: 'tosa.add' has an unranked tensor type: qnn-lower-to-llvm needs ranked tensors
// UNRANKED-NOT: error:
