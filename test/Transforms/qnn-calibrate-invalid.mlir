// Bad statistics files, overrides and options: one clear error naming the
// file or the op, a non-zero exit, never a crash.
// REQUIRES: numpy
// DEFINE: %{gen} = --gen in=normal:1:1000 --gen out=laplace:2:1000
// DEFINE: %{mk} = %python %quant_src_root/scripts/make_stats.py
// RUN: rm -rf %t && mkdir -p %t
// RUN: %{mk} write %s -o %t/good.json %{gen}
// RUN: quant-opt %s --qnn-calibrate="stats=%t/good.json mode=kl" -o /dev/null

// Missing file.
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/nope.json" 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: qnn-calibrate: {{.*}}nope.json: cannot read: No such file or directory

// Malformed JSON (truncated).
// RUN: head -c 200 %t/good.json > %t/truncated.json
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/truncated.json" 2>&1 | FileCheck %s --check-prefix=MALFORMED
// MALFORMED: error: qnn-calibrate: {{.*}}truncated.json: malformed JSON: [{{[0-9]+}}:{{[0-9]+}}, byte={{[0-9]+}}]:

// Not a statistics file; another version.
// RUN: echo '{"format": "something-else", "version": 1}' > %t/format.json
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/format.json" 2>&1 | FileCheck %s --check-prefix=FORMAT
// FORMAT: error: qnn-calibrate: {{.*}}format.json: not a QuantMLIR statistics file (expected "format": "quantmlir-stats")
// RUN: sed 's/"version": 1/"version": 2/' %t/good.json > %t/version.json
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/version.json" 2>&1 | FileCheck %s --check-prefix=VERSION
// VERSION: error: qnn-calibrate: {{.*}}version.json: unsupported statistics format version 2 (this build reads version 1)

// A missing or mistyped field; an invalid histogram; a file whose entries
// do not match its model hash.
// RUN: sed 's/"bins": 2048/"bins": "many"/' %t/good.json > %t/field.json
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/field.json" 2>&1 | FileCheck %s --check-prefix=FIELD
// FIELD: error: qnn-calibrate: {{.*}}field.json: field "bins" must be a non-negative integer
// RUN: sed 's/"count": 1000/"count": 999/' %t/good.json > %t/count.json
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/count.json" 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: error: qnn-calibrate: {{.*}}count.json: tensor 'in': invalid statistics:
// RUN: sed 's/"kind": "activation"/"kind": "input"/' %t/good.json > %t/edited.json
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/edited.json" 2>&1 | FileCheck %s --check-prefix=EDITED
// EDITED: error: qnn-calibrate: {{.*}}edited.json: the tensors listed do not match the model hash (was the file edited?)

// Statistics of another model: the hash differs, and the error says how.
// RUN: sed 's/name = "out"/name = "other"/' %s > %t/other.mlir
// RUN: %{mk} write %t/other.mlir -o %t/other.json --gen in=normal:1:1000 --gen other=laplace:2:1000
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/other.json mode=kl" 2>&1 | FileCheck %s --check-prefix=OTHER
// OTHER: error: qnn-calibrate: the statistics in '{{.*}}other.json' were collected on another model (model hash sha256:{{[0-9a-f]+}}, this module sha256:{{[0-9a-f]+}}); no entry for 'out'; entries for tensors not in this module: 'other'

// An op with no entry (only reachable without the hash check).
// RUN: %{mk} write %s -o %t/partial.json %{gen} --skip out
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/partial.json check-model-hash=false" 2>&1 | FileCheck %s --check-prefix=NOENTRY
// NOENTRY: error: 'qnn.simulated_quantize' op 'out' has no entry in the statistics file '{{.*}}partial.json'
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/partial.json" 2>&1 | FileCheck %s --check-prefix=NOENTRY2
// NOENTRY2: error: qnn-calibrate: the statistics in '{{.*}}partial.json' were collected on another model {{.*}}; no entry for 'out'
// ... and with a different shape.
// RUN: sed 's/tensor<1000xf32>/tensor<10x100xf32>/g' %s > %t/reshaped.mlir
// RUN: not quant-opt %t/reshaped.mlir --qnn-calibrate="stats=%t/good.json check-model-hash=false" 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: error: 'qnn.simulated_quantize' op the entry 'in' in '{{.*}}good.json' describes an input of shape [1000], not this input of shape [10, 100]

// NaN / inf seen during calibration; no samples at all.
// RUN: %{mk} write %s -o %t/nan.json --gen in=outliers:5:20000 --gen out=laplace:2:1000
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/nan.json" 2>&1 | FileCheck %s --check-prefix=NAN
// NAN: error: 'qnn.simulated_quantize' op the entry 'in' in '{{.*}}nan.json' counted 11 NaN and 4 infinite values: the calibration data or the model produce non-finite values
// RUN: %{mk} write %s -o %t/empty.json --gen in=empty:0:0 --gen out=laplace:2:1000
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/empty.json mode=mse" 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: error: 'qnn.simulated_quantize' op the entry 'in' in '{{.*}}empty.json' has no samples (no finite value was seen)

// Contradictory or invalid options.
// RUN: not quant-opt %s --qnn-calibrate="mode=kl" 2>&1 | FileCheck %s --check-prefix=NOSTATS
// NOSTATS: error: qnn-calibrate: mode=kl needs a statistics file (stats=<file>)
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/good.json mode=percentile percentile=0" 2>&1 | FileCheck %s --check-prefix=PCT0
// PCT0: error: qnn-calibrate: percentile must be in (0, 100], got 0
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/good.json mode=percentile percentile=100.5" 2>&1 | FileCheck %s --check-prefix=PCT1
// PCT1: error: qnn-calibrate: percentile must be in (0, 100], got 1.005000e+02
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/good.json mode=global_scale" 2>&1 | FileCheck %s --check-prefix=GS
// GS: error: qnn-calibrate: mode=global_scale does not read statistics: drop stats={{.*}}good.json or choose max, percentile, kl, mse or moving_average
// RUN: not quant-opt %s --qnn-calibrate="activation-symmetric=false" 2>&1 | FileCheck %s --check-prefix=GSASYM
// GSASYM: error: qnn-calibrate: mode=global_scale is symmetric: activation-symmetric=false needs a statistics mode
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/good.json mode=entropy" 2>&1 | FileCheck %s --check-prefix=MODE
// MODE: error: qnn-calibrate: unknown mode 'entropy' (expected auto, global_scale, max, percentile, kl, mse or moving_average)

// Overrides: a missing file, contradictory fields, an unknown name, a mode
// that needs statistics when there are none.
// RUN: not quant-opt %s --qnn-calibrate="overrides=%t/nope.json" 2>&1 | FileCheck %s --check-prefix=OMISSING
// OMISSING: error: qnn-calibrate: {{.*}}nope.json: cannot read: No such file or directory
// RUN: not quant-opt %s --qnn-calibrate="overrides=%S/Inputs/qnn-calibrate-bad-overrides.json" 2>&1 | FileCheck %s --check-prefix=OBOTH
// OBOTH: error: qnn-calibrate: {{.*}}qnn-calibrate-bad-overrides.json: override 'in': give only one of scale, threshold and min/max
// RUN: echo '{"format": "quantmlir-calibration-overrides", "version": 1, "overrides": {"conv9:out": {"threshold": 1.0}, "in": {"mode": "kl"}}}' > %t/ov.json
// RUN: not quant-opt %s --qnn-calibrate="overrides=%t/ov.json" 2>&1 | FileCheck %s --check-prefix=ONAME
// ONAME: error: qnn-calibrate: '{{.*}}ov.json' overrides names that no qnn.simulated_quantize has: 'conv9:out'
// RUN: echo '{"format": "quantmlir-calibration-overrides", "version": 1, "overrides": {"in": {"mode": "kl"}}}' > %t/ovkl.json
// RUN: not quant-opt %s --qnn-calibrate="overrides=%t/ovkl.json" 2>&1 | FileCheck %s --check-prefix=OKL
// OKL: error: 'qnn.simulated_quantize' op mode kl needs a statistics file (stats=<file>)
// RUN: echo '{"format": "quantmlir-calibration-overrides", "version": 1, "overrides": {"in": {"treshold": 1.0}}}' > %t/ovtypo.json
// RUN: not quant-opt %s --qnn-calibrate="overrides=%t/ovtypo.json" 2>&1 | FileCheck %s --check-prefix=OTYPO
// OTYPO: error: qnn-calibrate: {{.*}}ovtypo.json: override 'in': unknown field "treshold" (expected mode, percentile, symmetric, threshold, min, max, scale, zero_point)
// RUN: echo '{"format": "quantmlir-calibration-overrides", "version": 1, "overrides": {"w": {"mode": "kl"}}}' > %t/ovw.json
// RUN: not quant-opt %s --qnn-calibrate="stats=%t/good.json overrides=%t/ovw.json" 2>&1 | FileCheck %s --check-prefix=OW
// OW: error: 'qnn.simulated_quantize' op override in '{{.*}}ovw.json': weights are calibrated from their values, mode must be max or power2, got 'kl'

// A statistics file needs names.
// RUN: sed 's/, name = "out"//' %s > %t/unnamed.mlir
// RUN: not quant-opt %t/unnamed.mlir --qnn-calibrate="stats=%t/good.json" 2>&1 | FileCheck %s --check-prefix=UNNAMED
// UNNAMED: error: 'qnn.simulated_quantize' op has no name: statistics files key tensors by the simulated_quantize name (qnn-annotate sets it)

func.func @model(%x: tensor<1000xf32>) -> (tensor<1000xf32>, tensor<2xf32>) {
  %0 = qnn.simulated_quantize %x {kind = #qnn.kind<input>, name = "in"} : tensor<1000xf32>
  %1 = qnn.simulated_quantize %0 {kind = #qnn.kind<activation>, name = "out"} : tensor<1000xf32>
  %w = arith.constant dense<[1.0, -0.5]> : tensor<2xf32>
  %2 = qnn.simulated_quantize %w {kind = #qnn.kind<weight>, narrow_range = true, name = "w"} : tensor<2xf32>
  return %1, %2 : tensor<1000xf32>, tensor<2xf32>
}
