// A function with a static batch of 2 for the batching tests of quant-run
// run: per-sample results (x * c and its row sums), a result that is not
// per sample (@pooled: the sum over the batch) and a scalar one (@scalar).
module {
  func.func @main(%x: tensor<2x3xf32> loc("x")) -> (tensor<2x3xf32>, tensor<2x1xf32>) {
    %c = "tosa.const"() <{values = dense<[[1.0, 2.0, -3.0]]> : tensor<1x3xf32>}> : () -> tensor<1x3xf32>
    %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %0 = tosa.mul %x, %c, %shift : (tensor<2x3xf32>, tensor<1x3xf32>, tensor<1xi8>) -> tensor<2x3xf32>
    %1 = tosa.reduce_sum %0 {axis = 1 : i32} : (tensor<2x3xf32>) -> tensor<2x1xf32>
    return %0, %1 : tensor<2x3xf32>, tensor<2x1xf32>
  }
  func.func @pooled(%x: tensor<2x3xf32>) -> tensor<1x3xf32> {
    %0 = tosa.reduce_sum %x {axis = 0 : i32} : (tensor<2x3xf32>) -> tensor<1x3xf32>
    return %0 : tensor<1x3xf32>
  }
  func.func @scalar(%x: tensor<2x3xf32>) -> tensor<f32> {
    %0 = tosa.reduce_sum %x {axis = 0 : i32} : (tensor<2x3xf32>) -> tensor<1x3xf32>
    %1 = tosa.reduce_sum %0 {axis = 1 : i32} : (tensor<1x3xf32>) -> tensor<1x1xf32>
    %2 = tensor.collapse_shape %1 [] : tensor<1x1xf32> into tensor<f32>
    return %2 : tensor<f32>
  }
  func.func @two(%x: tensor<2x3xf32>, %y: tensor<2x3xf32>) -> tensor<2x3xf32> {
    %0 = tosa.add %x, %y : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
    return %0 : tensor<2x3xf32>
  }
  func.func @mixed(%x: tensor<2x3xf32>, %y: tensor<1x3xf32>) -> tensor<2x3xf32> {
    %0 = tosa.add %x, %y : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
    return %0 : tensor<2x3xf32>
  }
}
