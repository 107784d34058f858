#!/usr/bin/env bash
# Set up, build and run the whole test suite (lit + gtest, target check-quant).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh check-quant
