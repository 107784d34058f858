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
# Two steps. 1) Every corpus input (seeds and all earlier findings) runs
# under ASan + UBSan: any crash fails (reproducible). 2) Bounded fuzzing from
# the corpus: libFuzzer's exploration is not reproducible across machines
# even with a fixed seed (two CI runs of one commit differed), so a new
# finding is reported loudly with its input, but fails only with
# FUZZ_FATAL=1 (fuzz/run.sh is the long run). Add findings to the corpus.
FUZZ_SEED=${FUZZ_SEED:-1}
FUZZ_RUNS=${FUZZ_RUNS:-25000}
FUZZ_FATAL=${FUZZ_FATAL:-0}
start=$(date +%s)
fuzz/build.sh "$BUILD_DIR"
built=$(date +%s)
echo "[fuzz] quant-fuzz-onnx-import built in $((built - start)) s"
rm -rf "$BUILD_DIR/quick-corpus"
mkdir -p "$BUILD_DIR/quick-corpus" "$BUILD_DIR/artifacts"
log="$BUILD_DIR/fuzz-quick.log"
if ! "$BUILD_DIR/bin/quant-fuzz-onnx-import" -runs=0 -timeout=10 \
    -rss_limit_mb=2048 fuzz/corpus/onnx-import >"$BUILD_DIR/fuzz-replay.log" 2>&1; then
  tail -n 60 "$BUILD_DIR/fuzz-replay.log"
  echo "[fuzz] FAILED: a corpus input crashes the importer (log $BUILD_DIR/fuzz-replay.log)" >&2
  exit 1
fi
echo "[fuzz] corpus replay: $(ls fuzz/corpus/onnx-import | wc -l) inputs, no crash"
# -max_total_time bounds the fuzzing; the outer timeout is a safety net
# (a hang is reported by libFuzzer's own -timeout per input).
if ! timeout $((FUZZ_SECONDS + 60)) "$BUILD_DIR/bin/quant-fuzz-onnx-import" \
    -seed="$FUZZ_SEED" -runs="$FUZZ_RUNS" \
    -max_total_time="$((FUZZ_SECONDS * 2))" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -dict=fuzz/onnx.dict -print_final_stats=1 \
    -artifact_prefix="$BUILD_DIR/artifacts/" \
    "$BUILD_DIR/quick-corpus" fuzz/corpus/onnx-import >"$log" 2>&1; then
  tail -n 60 "$log"
  echo "[fuzz] NEW FINDING: the importer crashed on a fuzzed input (input in $BUILD_DIR/artifacts/, log $log)" >&2
  [ "$FUZZ_FATAL" = 1 ] && exit 1
  exit 0
fi
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
echo "[fuzz] quant-fuzz-onnx-import: ${runs:-?} inputs (seed $FUZZ_SEED), no crash ($(($(date +%s) - built)) s)"
