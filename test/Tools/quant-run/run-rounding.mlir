// math.roundeven / math.round / math.floor lower through qnn-lower-to-llvm
// (math-to-llvm) and match numpy: np.round (half to even), half away from
// zero, np.floor.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/gen_run_inputs.py %t
// RUN: quant-run run %s --input %t/round_in.npy -o %t/even.npy -o %t/away.npy -o %t/floor.npy
// RUN: %python %quant_src_root/scripts/npcompare.py %t/even.npy %t/roundeven_expected.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/away.npy %t/round_expected.npy --atol 0
// RUN: %python %quant_src_root/scripts/npcompare.py %t/floor.npy %t/floor_expected.npy --atol 0

#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @main(%x: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %e = tensor.empty() : tensor<2x4xf32>
  %even = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x4xf32>) outs(%e : tensor<2x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = math.roundeven %in : f32
    linalg.yield %v : f32
  } -> tensor<2x4xf32>
  %away = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x4xf32>) outs(%e : tensor<2x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = math.round %in : f32
    linalg.yield %v : f32
  } -> tensor<2x4xf32>
  %floor = linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<2x4xf32>) outs(%e : tensor<2x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = math.floor %in : f32
    linalg.yield %v : f32
  } -> tensor<2x4xf32>
  return %even, %away, %floor : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}
