// An annotated model (qnn-annotate's output, with names) for the calibrate
// tests: batch 4 of 8 values. `scale:in0` observes the input, `scale:out`
// x * c, and `relu:out` and `add:in0` both quantize max(x * c, 0) (one
// observed tensor feeding two statistics). `scale:w` is a weight (no
// statistics); `bound:out` is already bound, still observed (the statistics
// file lists every non-weight simulated_quantize).
module {
  func.func @main(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
    %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "scale:in0"} : tensor<4x8xf32>
    %c = "tosa.const"() <{values = dense<[[0.5, -1.0, 2.0, 3.0, -0.25, 1.5, -4.0, 8.0]]> : tensor<1x8xf32>}> : () -> tensor<1x8xf32>
    %w = qnn.simulated_quantize %c {kind = #qnn.kind<weight>, name = "scale:w", narrow_range = true} : tensor<1x8xf32>
    %shift = "tosa.const"() <{values = dense<0> : tensor<1xi8>}> : () -> tensor<1xi8>
    %1 = tosa.mul %0, %w, %shift : (tensor<4x8xf32>, tensor<1x8xf32>, tensor<1xi8>) -> tensor<4x8xf32>
    %2 = qnn.simulated_quantize %1 {kind = #qnn.kind<activation>, name = "scale:out"} : tensor<4x8xf32>
    %3 = tosa.clamp %2 {max_val = 3.4e+38 : f32, min_val = 0.0 : f32} : (tensor<4x8xf32>) -> tensor<4x8xf32>
    %4 = qnn.simulated_quantize %3 {kind = #qnn.kind<activation>, name = "relu:out"} : tensor<4x8xf32>
    %5 = qnn.simulated_quantize %3 {kind = #qnn.kind<input>, name = "add:in0"} : tensor<4x8xf32>
    %6 = tosa.add %4, %5 : (tensor<4x8xf32>, tensor<4x8xf32>) -> tensor<4x8xf32>
    %7 = qnn.simulated_quantize %6 {kind = #qnn.kind<activation>, name = "bound:out", params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>} : tensor<4x8xf32>
    return %7 : tensor<4x8xf32>
  }
}
