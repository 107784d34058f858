#!/usr/bin/env bash
# Set up, build, and run the main job on the bundled examples:
# quantize examples/small_cnn to int8, run the fp32 and the int8 model on the
# bundled input, print both results, the error between them and the times;
# then the Fashion-MNIST CNN: int8 vs fp32 top-1 on the 10000 test images.
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

# A real model on real data: the CNN of examples/fashion_mnist (trained by
# scripts/train_fashion_mnist.py), calibrated on its 1000 bundled training
# images, evaluated on all 10000 Fashion-MNIST test images
# (Debian's dataset-fashion-mnist, installed by scripts/setup.sh).
FM=examples/fashion_mnist
echo
echo "== Fashion-MNIST: annotate, calibrate on 1000 training images, realize"
python3 scripts/fashion_mnist.py --split test --count 10000 --out "$OUT/test.npy" --labels "$OUT/test_labels.npy"
"$BIN/quant-opt" "$FM/model.mlir" --qnn-annotate -o "$OUT/fm_annotated.mlir"
"$BIN/quant-run" calibrate "$OUT/fm_annotated.mlir" --input "$FM/calib.npy" --input-scale=1/255 -o "$OUT/fm_stats.json"
echo "== Fashion-MNIST: fp32 and int8 (one model per calibration mode) on the 10000 test images"
"$BIN/quant-run" run "$FM/model.mlir" --input "$OUT/test.npy" -o "$OUT/fm_fp32.npy"
results=("fp32=$OUT/fm_fp32.npy")
for mode in max percentile kl mse; do
  "$BIN/quant-opt" "$OUT/fm_annotated.mlir" --qnn-calibrate="stats=$OUT/fm_stats.json mode=$mode" --qnn-realize -o "$OUT/fm_int8_$mode.mlir"
  echo -n "int8 ($mode calibration): "
  "$BIN/quant-run" run "$OUT/fm_int8_$mode.mlir" --input "$OUT/test.npy" -o "$OUT/fm_int8_$mode.npy"
  results+=("int8-$mode=$OUT/fm_int8_$mode.npy")
done
echo "== Fashion-MNIST top-1 (the int8 models must stay within 0.5 points of fp32)"
python3 scripts/top1.py "$OUT/test_labels.npy" "${results[@]}" --max-drop 0.5
