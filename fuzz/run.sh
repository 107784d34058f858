#!/usr/bin/env bash
# Fuzz the ONNX importer with libFuzzer (quant-fuzz-onnx-import).
# Usage: fuzz/run.sh [SECONDS] [extra libFuzzer flags...]   (default 1800 s)
#
# Builds the target (fuzz/build.sh, clang-22, build-fuzz/), then fuzzes with
# the seed corpus fuzz/corpus/onnx-import (read-only) and a working corpus in
# build-fuzz/corpus (new inputs go there). Crashing inputs are written to
# build-fuzz/artifacts/; reproduce one with
#   build-fuzz/bin/quant-fuzz-onnx-import build-fuzz/artifacts/crash-...
# or  build/bin/quant-translate --import-onnx FILE --batch 1
# then add it to fuzz/corpus/onnx-import (the CI regression run replays it).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${1:-1800}
shift || true
BUILD_DIR=${FUZZ_BUILD_DIR:-build-fuzz}
fuzz/build.sh "$BUILD_DIR" >/dev/null
mkdir -p "$BUILD_DIR/corpus" "$BUILD_DIR/artifacts"
JOBS=${FUZZ_JOBS:-1}
# -jobs=N (N > 1) runs workers that log to fuzz-<i>.log in the current
# directory; one job runs in this process and logs to stderr.
jobs=()
if [ "$JOBS" -gt 1 ]; then
  jobs=(-jobs="$JOBS" -workers="$JOBS")
fi
exec "$BUILD_DIR/bin/quant-fuzz-onnx-import" \
  -max_total_time="$SECONDS_TO_RUN" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -dict=fuzz/onnx.dict -print_final_stats=1 \
  -artifact_prefix="$BUILD_DIR/artifacts/" \
  "${jobs[@]}" "$@" "$BUILD_DIR/corpus" fuzz/corpus/onnx-import
