// Per-layer overrides (docs/StatisticsFormat.md, section 4) on top of
// mode=max from a statistics file written by the numpy reference.
// REQUIRES: numpy
// DEFINE: %{gen} = --gen a=normal:1:2000 --gen b=normal:1:2000 --gen c=normal:1:2000 --gen d=laplace:2:20000 --gen e=laplace:2:20000 --gen f=laplace:2:20000 --gen g=bimodal:4:20000 --gen gs=normal:1:2000
// DEFINE: %{mk} = %python %quant_src_root/scripts/make_stats.py
// RUN: rm -rf %t && mkdir -p %t
// RUN: %{mk} write %s -o %t/stats.json %{gen}
// RUN: quant-opt %s --qnn-calibrate="stats=%t/stats.json mode=max overrides=%S/Inputs/qnn-calibrate-overrides.json" -o %t/out.mlir
// RUN: FileCheck %s --input-file=%t/out.mlir

// Overrides with a mode are checked against the reference, the tensor
// without an override ("f") too:
// RUN: %{mk} check %t/out.mlir %{gen} --only d --mode percentile --percentile 99 | FileCheck %s --check-prefix=REF
// RUN: %{mk} check %t/out.mlir %{gen} --only e --mode kl | FileCheck %s --check-prefix=REF
// RUN: %{mk} check %t/out.mlir %{gen} --only f --mode max | FileCheck %s --check-prefix=REF
// RUN: %{mk} check %t/out.mlir %{gen} --only g --mode max --asymmetric | FileCheck %s --check-prefix=REF
// REF: OK

// Explicit parameters, by hand:
//   a: scale 0.05, zp 3 as given
//   b: threshold 2.54 -> 2.54 / 127 = 0.02
//   c: [-1, 3] -> scale 4 / 255 = 0.015686274509803921,
//      zp = -128 - round(-1 / scale) = -128 - round(-63.75) = -64
//   gs: global scale 8 / 128 = 0.0625
//   w: power2 of max|w| / 127 = 1 / 127 -> 2^-6 (the pass default is max)
//   w2: scale 0.1 on both channels of a per-axis weight
//   w3: threshold 12.7 -> 12.7 / 127 = 0.1 (f64: 0.099999999999999992)
// CHECK: name = "a", params = #qnn.params<i8, scale = 5.000000e-02, zp = 3>
// CHECK: name = "b", params = #qnn.params<i8, scale = 2.000000e-02, zp = 0>
// CHECK: name = "c", params = #qnn.params<i8, scale = 0.015686274509803921, zp = -64>
// CHECK: name = "gs", params = #qnn.params<i8, scale = 6.250000e-02, zp = 0>
// CHECK: name = "w", narrow_range = true, params = #qnn.params<i8 narrow, scale = 1.562500e-02, zp = 0>
// CHECK: name = "w2", narrow_range = true, params = #qnn.params<i8 narrow, axis = 0, scales = [1.000000e-01, 1.000000e-01], zps = [0, 0]>
// CHECK: name = "w3", narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.099999999999999992, zp = 0>
// CHECK: name = "nw", narrow_range = true, params = #qnn.params<i8 narrow, scale = 0.0078740157480314959, zp = 0>

func.func @model(%x: tensor<2000xf32>, %y: tensor<20000xf32>) -> (tensor<2000xf32>, tensor<2000xf32>, tensor<2000xf32>, tensor<20000xf32>, tensor<20000xf32>, tensor<20000xf32>, tensor<20000xf32>, tensor<2000xf32>) {
  %a = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "a"} : tensor<2000xf32>
  %b = qnn.simulated_quantize %x {kind = #qnn.kind<activation>, name = "b"} : tensor<2000xf32>
  %c = qnn.simulated_quantize %x {kind = #qnn.kind<activation>, name = "c"} : tensor<2000xf32>
  %d = qnn.simulated_quantize %y {kind = #qnn.kind<activation>, name = "d"} : tensor<20000xf32>
  %e = qnn.simulated_quantize %y {kind = #qnn.kind<activation>, name = "e"} : tensor<20000xf32>
  %f = qnn.simulated_quantize %y {kind = #qnn.kind<activation>, name = "f"} : tensor<20000xf32>
  %g = qnn.simulated_quantize %y {kind = #qnn.kind<activation>, name = "g"} : tensor<20000xf32>
  %gs = qnn.simulated_quantize %x {kind = #qnn.kind<activation>, name = "gs"} : tensor<2000xf32>
  return %a, %b, %c, %d, %e, %f, %g, %gs : tensor<2000xf32>, tensor<2000xf32>, tensor<2000xf32>, tensor<20000xf32>, tensor<20000xf32>, tensor<20000xf32>, tensor<20000xf32>, tensor<2000xf32>
}

func.func @weights() -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>) {
  %cst = arith.constant dense<[[1.0, -0.5], [0.25, 0.0]]> : tensor<2x2xf32>
  %w = qnn.simulated_quantize %cst {kind = #qnn.kind<weight>, narrow_range = true, name = "w"} : tensor<2x2xf32>
  %w2 = qnn.simulated_quantize %cst {kind = #qnn.kind<weight>, narrow_range = true, axis = 0 : i64, name = "w2"} : tensor<2x2xf32>
  %w3 = qnn.simulated_quantize %cst {kind = #qnn.kind<weight>, narrow_range = true, name = "w3"} : tensor<2x2xf32>
  %nw = qnn.simulated_quantize %cst {kind = #qnn.kind<weight>, narrow_range = true, name = "nw"} : tensor<2x2xf32>
  return %w, %w2, %w3, %nw : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>
}
