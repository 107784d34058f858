#!/usr/bin/env bash
# Set up, build, and run the main job on the bundled example:
# quantize examples/small_cnn to int8, run the fp32 and the int8 model on the
# bundled input, print both results, the error between them and the times.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh quant-opt quant-run
BIN=${BUILD_DIR:-build}/bin
EX=examples/small_cnn
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

echo "== quantize: quant-opt $EX/model.mlir --qnn-quantize"
"$BIN/quant-opt" "$EX/model.mlir" --qnn-quantize -o "$OUT/int8.mlir"
echo "== fp32"
"$BIN/quant-run" run "$EX/model.mlir" --input "$EX/input.npy" -o "$OUT/fp32.npy" --repeat 20 --print
echo "== int8"
"$BIN/quant-run" run "$OUT/int8.mlir" --input "$EX/input.npy" -o "$OUT/int8.npy" --repeat 20 --print
echo "== error int8 vs fp32"
python3 scripts/npcompare.py "$OUT/int8.npy" "$OUT/fp32.npy" --min-sqnr 20
