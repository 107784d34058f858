#!/usr/bin/env bash
# Configure (once) and build the libFuzzer target quant-fuzz-onnx-import with
# clang-22 into its own build directory (default build-fuzz).
# Usage: fuzz/build.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${1:-${FUZZ_BUILD_DIR:-build-fuzz}}
CXX=${FUZZ_CXX:-clang++-22}
CC=${FUZZ_CC:-clang-22}
for tool in "$CXX" "$CC"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fuzz/build.sh: error: $tool not found (apt-get install clang-22 libclang-rt-22-dev)" >&2
    exit 1
  fi
done
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  launcher=()
  if command -v ccache >/dev/null 2>&1; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  fi
  cmake -G Ninja -S . -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_COMPILER="$CXX" -DCMAKE_C_COMPILER="$CC" \
    -DMLIR_DIR=/usr/lib/llvm-22/lib/cmake/mlir \
    -DLLVM_EXTERNAL_LIT=/usr/lib/llvm-22/bin/lit \
    -DQUANT_ENABLE_FUZZ=ON -DQUANT_MLIR_BUILD_TESTS=OFF \
    "${launcher[@]}" >/dev/null
fi
ninja -C "$BUILD_DIR" quant-fuzz-onnx-import
