#!/usr/bin/env bash
# Set up, build and run the whole test suite (lit + gtest, target check-quant).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh check-quant
# Bounded libFuzzer run of the ONNX importer (clang-22 build in build-fuzz/,
# corpus replay under sanitizers (fatal) + 25000 fuzzed inputs (findings reported); QUANT_SKIP_FUZZ=1 skips it). fuzz/run.sh fuzzes longer.
if [ "${QUANT_SKIP_FUZZ:-0}" != 1 ]; then
  fuzz/run-quick.sh
fi
