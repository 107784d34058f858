// qnn-lower-to-llvm{threads=...}: parallel loops become OpenMP loops.
// threads=1 (the default): no OpenMP.
// RUN: quant-opt %s --qnn-lower-to-llvm | FileCheck %s --check-prefix=SEQ
// threads=0: the outermost parallel loop of each nest that does enough work
// (parallel-min-work, default 262144 estimated operations) becomes one
// omp.parallel + omp.wsloop over its leading dimensions, collapsed, until
// they give 64 iterations (1 x 64 here); the inner dimensions stay plain
// loops inside (no index division per element, vectorizable); the 4x4x4
// add and the 16x16x16 pooling stay sequential.
// RUN: quant-opt %s --qnn-lower-to-llvm=threads=0 | FileCheck %s --check-prefix=OMP
// parallel-min-work=0: every nest; the pooling's fill and its window loops
// are two nests, the window loops inside stay scf loops (no nested
// omp.parallel).
// RUN: quant-opt %s --qnn-lower-to-llvm="threads=0 parallel-min-work=0" | FileCheck %s --check-prefix=ALL
// threads=N > 1 fixes the team size at compile time.
// RUN: quant-opt %s --qnn-lower-to-llvm=threads=4 | FileCheck %s --check-prefix=FIXED
// The OpenMP module still compiles ahead of time (llc), calling libomp.
// RUN: quant-opt %s --qnn-lower-to-llvm="target=host threads=0" | mlir-translate --mlir-to-llvmir | llc -O2 | FileCheck %s --check-prefix=ASM
// RUN: not quant-opt %s --qnn-lower-to-llvm=threads=-1 2>&1 | FileCheck %s --check-prefix=BAD

// SEQ-NOT: omp.
// SEQ-NOT: __kmpc

// OMP-LABEL: llvm.func @big_add(
// OMP: omp.parallel {
// OMP-NEXT: omp.wsloop {
// OMP-NEXT: omp.loop_nest ({{.*}}, {{.*}}) : i64 = ({{.*}}) to ({{.*}}) step ({{.*}}) collapse(2) {
// OMP-NOT: omp.
// OMP: llvm.icmp "slt"
// OMP-NOT: omp.
// OMP: llvm.icmp "slt"
// OMP-NOT: omp.
// OMP: llvm.fadd
// OMP: omp.yield
// OMP-LABEL: llvm.func @small_add(
// OMP-NOT: omp.
// OMP-LABEL: llvm.func @pool(
// OMP-NOT: omp.
// OMP-LABEL: llvm.func @_mlir_ciface_pool(
func.func @big_add(%a: tensor<1x64x64x32xf32>, %b: tensor<1x64x64x32xf32>) -> tensor<1x64x64x32xf32> {
  %0 = tosa.add %a, %b : (tensor<1x64x64x32xf32>, tensor<1x64x64x32xf32>) -> tensor<1x64x64x32xf32>
  return %0 : tensor<1x64x64x32xf32>
}

// ALL-LABEL: llvm.func @small_add(
// ALL: omp.parallel
// ALL-LABEL: llvm.func @pool(
// ALL: omp.parallel {
// ALL-NOT: omp.parallel
// ALL: omp.terminator
// ALL: omp.parallel {
// ALL-NOT: omp.parallel
// ALL: omp.terminator
// ALL-NOT: omp.parallel
// ALL-LABEL: llvm.func @_mlir_ciface_pool(
func.func @small_add(%a: tensor<1x4x4x4xf32>, %b: tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32> {
  %0 = tosa.add %a, %b : (tensor<1x4x4x4xf32>, tensor<1x4x4x4xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

func.func @pool(%a: tensor<1x32x32x16xf32>) -> tensor<1x16x16x16xf32> {
  %0 = tosa.max_pool2d %a {kernel = array<i64: 2, 2>, pad = array<i64: 0, 0, 0, 0>, stride = array<i64: 2, 2>} : (tensor<1x32x32x16xf32>) -> tensor<1x16x16x16xf32>
  return %0 : tensor<1x16x16x16xf32>
}

// FIXED: omp.parallel num_threads(%{{.*}} : i32)

// ASM-LABEL: big_add:
// ASM: callq __kmpc_fork_call@PLT
// ASM: big_add..omp_par:
// ASM: callq __kmpc_for_static_init_8u@PLT

// BAD: error: qnn-lower-to-llvm: threads must be >= 0 (got -1)
