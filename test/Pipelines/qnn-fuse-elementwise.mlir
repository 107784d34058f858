// qnn-fuse-elementwise (the elementwise fusion step of qnn-lower-to-llvm):
// elementwise producers fuse with each other, but never into a consumer with
// reduction loops, so the contraction stays a plain i8 x i8 -> i32 body that
// the target kernels match. Upstream's -linalg-fuse-elementwise-ops would
// fold the quantize (roundeven) into the matmul body.
// RUN: quant-opt %s --pass-pipeline='builtin.module(func.func(qnn-fuse-elementwise))' | FileCheck %s

// CHECK-LABEL: func.func @quantize_then_matmul
// The two elementwise ops became one generic...
// CHECK: %[[Q:.*]] = linalg.generic {{.*}}iterator_types = ["parallel", "parallel"]
// CHECK: math.roundeven
// CHECK: arith.addi
// CHECK-NOT: linalg.generic {{.*}}["parallel", "parallel"]
// ...feeding the contraction, whose body has no float work.
// CHECK: linalg.generic {{.*}}iterator_types = ["parallel", "parallel", "reduction"]{{.*}} ins(%[[Q]], %arg1
// CHECK-NOT: math.roundeven
// CHECK: linalg.yield
#id = affine_map<(d0, d1) -> (d0, d1)>
func.func @quantize_then_matmul(%x: tensor<4x8xf32>, %w: tensor<8x16xi8>) -> tensor<4x16xi32> {
  %e = tensor.empty() : tensor<4x8xi8>
  %q = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<4x8xf32>) outs(%e : tensor<4x8xi8>) {
  ^bb0(%a: f32, %o: i8):
    %r = math.roundeven %a : f32
    %i = arith.fptosi %r : f32 to i8
    linalg.yield %i : i8
  } -> tensor<4x8xi8>
  %e2 = tensor.empty() : tensor<4x8xi8>
  %q2 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%q : tensor<4x8xi8>) outs(%e2 : tensor<4x8xi8>) {
  ^bb0(%a: i8, %o: i8):
    %c = arith.constant 1 : i8
    %s = arith.addi %a, %c : i8
    linalg.yield %s : i8
  } -> tensor<4x8xi8>
  %c0 = arith.constant 0 : i32
  %ea = tensor.empty() : tensor<4x16xi32>
  %f = linalg.fill ins(%c0 : i32) outs(%ea : tensor<4x16xi32>) -> tensor<4x16xi32>
  %m = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2) -> (d0, d2)>, affine_map<(d0, d1, d2) -> (d2, d1)>, affine_map<(d0, d1, d2) -> (d0, d1)>], iterator_types = ["parallel", "parallel", "reduction"]}
      ins(%q2, %w : tensor<4x8xi8>, tensor<8x16xi8>) outs(%f : tensor<4x16xi32>) {
  ^bb0(%a: i8, %b: i8, %o: i32):
    %a32 = arith.extsi %a : i8 to i32
    %b32 = arith.extsi %b : i8 to i32
    %p = arith.muli %a32, %b32 : i32
    %s = arith.addi %o, %p : i32
    linalg.yield %s : i32
  } -> tensor<4x16xi32>
  return %m : tensor<4x16xi32>
}
