#!/usr/bin/env bash
# Bounded fuzz run for CI (scripts/test.sh): build quant-fuzz-onnx-import with
# clang-22 (fuzz/build.sh, build-fuzz/), replay the seed corpus
# fuzz/corpus/onnx-import, then fuzz for at most FUZZ_SECONDS (default 60)
# from it. Any crash, sanitizer report or leak fails the run; the input is
# left in build-fuzz/artifacts/. New inputs are not kept (a scratch corpus
# in build-fuzz/quick-corpus is emptied first).
#
# Usage: fuzz/run-quick.sh [BUILD_DIR]   env: FUZZ_SECONDS (default 60)
# The longer run is fuzz/run.sh. Without clang-22 / libclang-rt-22-dev
# (scripts/setup.sh installs them) this script fails with a clear message.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-${FUZZ_BUILD_DIR:-build-fuzz}}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
# A fixed seed and a fixed number of inputs make the CI run reproducible: the
# same commit explores the same inputs on every machine (the time bound is
# only a safety net). Long, random fuzzing is fuzz/run.sh.
FUZZ_SEED=${FUZZ_SEED:-1}
FUZZ_RUNS=${FUZZ_RUNS:-25000}
start=$(date +%s)
fuzz/build.sh "$BUILD_DIR"
built=$(date +%s)
echo "[fuzz] quant-fuzz-onnx-import built in $((built - start)) s"
rm -rf "$BUILD_DIR/quick-corpus"
mkdir -p "$BUILD_DIR/quick-corpus" "$BUILD_DIR/artifacts"
log="$BUILD_DIR/fuzz-quick.log"
# -max_total_time bounds the fuzzing; the outer timeout is a safety net
# (a hang is reported by libFuzzer's own -timeout per input).
if ! timeout $((FUZZ_SECONDS + 60)) "$BUILD_DIR/bin/quant-fuzz-onnx-import" \
    -seed="$FUZZ_SEED" -runs="$FUZZ_RUNS" \
    -max_total_time="$((FUZZ_SECONDS * 2))" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -dict=fuzz/onnx.dict -print_final_stats=1 \
    -artifact_prefix="$BUILD_DIR/artifacts/" \
    "$BUILD_DIR/quick-corpus" fuzz/corpus/onnx-import >"$log" 2>&1; then
  tail -n 60 "$log"
  echo "[fuzz] FAILED: the importer crashed (input in $BUILD_DIR/artifacts/, log $log)" >&2
  exit 1
fi
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
echo "[fuzz] quant-fuzz-onnx-import: ${runs:-?} inputs (seed $FUZZ_SEED), no crash ($(($(date +%s) - built)) s)"
