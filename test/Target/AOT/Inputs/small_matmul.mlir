// C = (A - 1) x (B + 2) for the C drivers of test/Target/AOT (docs/AOT.md).
func.func @mm(%a: tensor<2x3xi8>, %b: tensor<3x2xi8>) -> tensor<2x2xi32> {
  %0 = qnn.matmul %a, %b {lhs_zp = 1 : i64, rhs_zp = -2 : i64} : (tensor<2x3xi8>, tensor<3x2xi8>) -> tensor<2x2xi32>
  return %0 : tensor<2x2xi32>
}
