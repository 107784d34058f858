// quant-run calibrate on bad input: one line, non-zero exit, no crash, and
// never a statistics file (an existing one stays as it was).
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/gen_calib_inputs.py %t
// RUN: split-file %s %t
// RUN: cp %S/Inputs/calib_model.mlir %t/m.mlir
// RUN: cd %t

// Models: not annotated, already calibrated, unnamed or twice-named
// simulated_quantize ops, one in a region, a model that does not lower, an
// unknown entry, an entry lowered ahead of time.
// RUN: not quant-run calibrate float.mlir --input data.npy -o out.json 2>&1 | FileCheck %s --check-prefix=FLOAT
// FLOAT: quant-run: error: nothing to calibrate: float.mlir has no qnn.simulated_quantize of kind input or activation (run qnn-annotate first)
// RUN: not quant-run calibrate bound.mlir --input data.npy -o out.json 2>&1 | FileCheck %s --check-prefix=BOUND
// BOUND: quant-run: error: nothing to calibrate: bound.mlir has no unbound qnn.simulated_quantize of kind input or activation (run qnn-annotate first, and calibrate its output)
// RUN: not quant-run calibrate unnamed.mlir --input data.npy -o out.json 2>&1 | FileCheck %s --check-prefix=UNNAMED
// UNNAMED: quant-run: error: unnamed.mlir:3:8: 'qnn.simulated_quantize' op has no name: statistics files key tensors by the simulated_quantize name (qnn-annotate sets it)
// RUN: not quant-run calibrate twice.mlir --input data.npy -o out.json 2>&1 | FileCheck %s --check-prefix=TWICE
// TWICE: quant-run: error: twice.mlir:4:8: 'qnn.simulated_quantize' op has the same name 'a' as another simulated_quantize (names must be unique)
// RUN: not quant-run calibrate region.mlir --input data.npy -o out.json 2>&1 | FileCheck %s --check-prefix=REGION
// REGION: quant-run: error: region.mlir:6:10: 'qnn.simulated_quantize' op 'inner' is nested in a region of @main: quant-run calibrate can only observe tensors of the function body
// RUN: not quant-run calibrate nolower.mlir --input data.npy -o out.json 2>&1 | FileCheck %s --check-prefix=LOWER
// LOWER: quant-run: error: model does not lower: nolower.mlir:3:8: failed to legalize operation 'tosa.custom'
// RUN: not quant-run calibrate m.mlir --entry nope --input data.npy -o out.json 2>&1 | FileCheck %s --check-prefix=ENTRY
// ENTRY: quant-run: error: no function @nope in m.mlir (available: @main)
// RUN: quant-opt m.mlir --qnn-lower-to-llvm -o lowered.mlir
// RUN: not quant-run calibrate lowered.mlir --input data.npy -o out.json 2>&1 | FileCheck %s --check-prefix=LOWERED
// LOWERED: quant-run: error: @main in lowered.mlir is already lowered to the LLVM dialect: calibrate the annotated model (qnn-annotate's output)
// RUN: not quant-run calibrate missing.mlir --input data.npy -o out.json 2>&1 | FileCheck %s --check-prefix=NOMODEL
// NOMODEL: quant-run: error: missing.mlir: cannot read file: No such file or directory
// A simulated_quantize in a function the entry does not compute: a warning,
// and an empty entry in the file.
// RUN: quant-run calibrate other.mlir --input data.npy -o other.json 2>&1 | FileCheck %s --check-prefix=OTHER
// OTHER: quant-run: warning: tensor 'elsewhere' is not computed by @main (its simulated_quantize is in another function): its statistics stay empty
// OTHER: calibrated 40 samples

// Data: missing, truncated, malformed, wrong dtype or shape, uint8 without
// --input-scale, NaN / inf (in the data: the file and sample; in a tensor:
// its name and batch), empty, not a whole number of batches.
// RUN: not quant-run calibrate m.mlir --input missing.npy -o out.json 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: quant-run: error: missing.npy: cannot read file: No such file or directory
// RUN: not quant-run calibrate m.mlir --input truncated.npy -o out.json 2>&1 | FileCheck %s --check-prefix=TRUNC
// TRUNC: quant-run: error: truncated.npy: truncated data: float32 [40,8] needs 1280 bytes, 1273 present
// RUN: not quant-run calibrate m.mlir --input garbage.npy -o out.json 2>&1 | FileCheck %s --check-prefix=GARBAGE
// GARBAGE: quant-run: error: garbage.npy: truncated header
// RUN: not quant-run calibrate m.mlir --input f64.npy -o out.json 2>&1 | FileCheck %s --check-prefix=F64
// F64: quant-run: error: argument 0 of @main expects tensor<4x8xf32>, got float64 [40,8] (--input-scale=1 converts float64 data)
// RUN: not quant-run calibrate m.mlir --input wide.npy -o out.json 2>&1 | FileCheck %s --check-prefix=WIDE
// WIDE: quant-run: error: argument 0 of @main expects tensor<4x8xf32>, got float32 [40,9]
// RUN: not quant-run calibrate m.mlir --input u8.npy -o out.json 2>&1 | FileCheck %s --check-prefix=U8
// U8: quant-run: error: argument 0 of @main expects tensor<4x8xf32>, got uint8 [40,8] (to convert uint8 data, give the factor to apply with --input-scale, e.g. --input-scale=1/255 for 8-bit images)
// RUN: not quant-run calibrate m.mlir --input nan.npy -o out.json 2>&1 | FileCheck %s --check-prefix=NAN
// NAN: quant-run: error: nan.npy: sample 13 contains NaN; --nan-policy=skip leaves such samples out
// RUN: not quant-run calibrate m.mlir --input inf.npy -o out.json 2>&1 | FileCheck %s --check-prefix=INF
// INF: quant-run: error: inf.npy: sample 5 contains an infinity (and 1 other sample); --nan-policy=skip leaves such samples out
// RUN: not quant-run calibrate m.mlir --input big.npy -o out.json --threads 3 2>&1 | FileCheck %s --check-prefix=INF-ACT
// INF-ACT: quant-run: error: tensor 'bound:out' has 1 infinite value(s) in batch 1 (big.npy: sample 4 and the next 3); --nan-policy=skip counts and skips them
// RUN: not quant-run calibrate m.mlir --input empty.npy -o out.json 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: quant-run: error: empty.npy: the data set is empty (0 samples)
// RUN: not quant-run calibrate m.mlir --input partial.npy -o out.json 2>&1 | FileCheck %s --check-prefix=PARTIAL
// PARTIAL: quant-run: error: partial.npy has 42 samples, not a multiple of @main's batch of 4: a padded batch would add its padding to the statistics (give a multiple of 4 samples)
// RUN: not quant-run calibrate m.mlir --input short.npy -o out.json --nan-policy=skip 2>&1 | FileCheck %s --check-prefix=SHORT
// SHORT: quant-run: error: short.npy: no whole batch of 4 samples to calibrate on

// Options.
// RUN: not quant-run calibrate m.mlir --input data.npy 2>&1 | FileCheck %s --check-prefix=NO-OUT
// NO-OUT: quant-run: error: no statistics file given: add -o stats.json
// RUN: not quant-run calibrate m.mlir -o out.json 2>&1 | FileCheck %s --check-prefix=NO-IN
// NO-IN: quant-run: error: no data set given: add --input calib.npy (or a .npz file or a directory)
// RUN: not quant-run calibrate m.mlir --input data.npy -o out.json --bins 0 2>&1 | FileCheck %s --check-prefix=BINS
// BINS: quant-run: error: --bins must be an integer between 1 and 16777216 (got '0')
// RUN: not quant-run calibrate m.mlir --input data.npy -o out.json --nan-policy=ignore 2>&1 | FileCheck %s --check-prefix=POLICY
// POLICY: quant-run: error: --nan-policy must be 'error' or 'skip' (got 'ignore')
// RUN: not quant-run calibrate m.mlir --input data.npy -o no/such/dir/out.json 2>&1 | FileCheck %s --check-prefix=NODIR
// NODIR: quant-run: error: no/such/dir/out.json: cannot write file: No such file or directory
// RUN: not ls out.json

// A failure leaves an existing statistics file as it was, with no temporary
// file beside it.
// RUN: mkdir -p keep && echo previous > keep/stats.json
// RUN: not quant-run calibrate m.mlir --input big.npy -o keep/stats.json
// RUN: FileCheck %s --check-prefix=KEPT < keep/stats.json
// KEPT: previous
// RUN: ls keep | count 1

//--- float.mlir
func.func @main(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  return %x : tensor<4x8xf32>
}
//--- bound.mlir
func.func @main(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "a", params = #qnn.params<i8, scale = 1.000000e+00, zp = 0>} : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
//--- unnamed.mlir
func.func @main(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "a"} : tensor<4x8xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>} : tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}
//--- twice.mlir
func.func @main(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "a"} : tensor<4x8xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, name = "b"} : tensor<4x8xf32>
  %2 = qnn.simulated_quantize %1 {kind = #qnn.kind<activation>, name = "a"} : tensor<4x8xf32>
  return %2 : tensor<4x8xf32>
}
//--- region.mlir
func.func @main(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "a"} : tensor<4x8xf32>
  %c = arith.constant true
  %1 = scf.if %c -> tensor<4x8xf32> {
    %i = tosa.abs %0 : (tensor<4x8xf32>) -> tensor<4x8xf32>
    %q = qnn.simulated_quantize %i {kind = #qnn.kind<activation>, name = "inner"} : tensor<4x8xf32>
    scf.yield %q : tensor<4x8xf32>
  } else {
    scf.yield %0 : tensor<4x8xf32>
  }
  return %1 : tensor<4x8xf32>
}
//--- nolower.mlir
func.func @main(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "a"} : tensor<4x8xf32>
  %1 = tosa.custom %0 {domain_name = "x", implementation_attrs = "", operator_name = "y"} : (tensor<4x8xf32>) -> tensor<4x8xf32>
  return %1 : tensor<4x8xf32>
}
//--- other.mlir
func.func @main(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "a"} : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
func.func @helper(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "elsewhere"} : tensor<4x8xf32>
  return %0 : tensor<4x8xf32>
}
