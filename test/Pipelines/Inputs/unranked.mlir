// An unranked tensor (input of qnn-lower-to-llvm-invalid.mlir).
func.func @main(%a: tensor<4xf32>, %b: tensor<*xf32>) -> (tensor<4xf32>, tensor<*xf32>) {
  %0 = tosa.add %a, %a : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %1 = tosa.add %b, %b : (tensor<*xf32>, tensor<*xf32>) -> tensor<*xf32>
  %2 = tosa.clamp %1 {min_val = 0.0 : f32, max_val = 6.0 : f32} : (tensor<*xf32>) -> tensor<*xf32>
  return %0, %2 : tensor<4xf32>, tensor<*xf32>
}
