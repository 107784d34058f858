#!/usr/bin/env bash
# Check that QuantMLIR works as a CMake package for out-of-tree embedders:
# install a build into a temporary prefix, build examples/embed against it
# with find_package(QuantMLIR), run it on examples/small_cnn/model.mlir and
# check that the model comes out quantized; also run the installed tools.
#
# Usage: scripts/check-embed.sh [BUILD_DIR]
#   BUILD_DIR given: use that (already built) build directory as is; this is
#   what `ninja check-quant-embed` does. Not given: build the project with
#   scripts/build.sh into $BUILD_DIR (default: build) first.
# KEEP_TMP=1 keeps the temporary prefix and embedder build for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD

if [ $# -ge 1 ]; then
  build=$(cd "$1" && pwd)
else
  BUILD_DIR=${BUILD_DIR:-build} scripts/build.sh
  build=$(cd "${BUILD_DIR:-build}" && pwd)
fi
if [ ! -f "$build/cmake_install.cmake" ]; then
  echo "check-embed: error: $build is not a configured QuantMLIR build" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/quantmlir-embed.XXXXXX")
if [ "${KEEP_TMP:-0}" = 1 ]; then
  echo "check-embed: keeping $tmp"
else
  trap 'rm -rf "$tmp"' EXIT
fi
prefix=$tmp/prefix
model=$src/examples/small_cnn/model.mlir

step() { echo "check-embed: $*"; }
fail() { echo "check-embed: error: $*" >&2; exit 1; }

step "installing $build into $prefix"
cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" ||
  { cat "$tmp/install.log" >&2; fail "cmake --install failed"; }
for f in lib/cmake/QuantMLIR/QuantMLIRConfig.cmake \
         lib/cmake/QuantMLIR/QuantMLIRConfigVersion.cmake \
         lib/cmake/QuantMLIR/QuantMLIRTargets.cmake \
         include/QuantMLIR/InitAll.h \
         include/QuantMLIR/Dialect/QNN/IR/QNNOps.h.inc \
         lib/libQuantMLIRRegistration.a bin/quant-opt bin/quant-run \
         python/quantmlir/__init__.py; do
  [ -e "$prefix/$f" ] || fail "not installed: $f"
done

step "configuring examples/embed against the installed package"
args=(-S "$src/examples/embed" -B "$tmp/embed-build" -DCMAKE_BUILD_TYPE=Release
      -DCMAKE_PREFIX_PATH="$prefix")
if command -v ninja >/dev/null 2>&1; then args+=(-G Ninja); fi
if command -v ccache >/dev/null 2>&1; then
  args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake "${args[@]}" >"$tmp/configure.log" ||
  { cat "$tmp/configure.log" >&2; fail "configuring examples/embed failed"; }
grep -q "Using QuantMLIRConfig.cmake in: $prefix/" "$tmp/configure.log" ||
  fail "examples/embed did not use the installed package"

step "building examples/embed"
cmake --build "$tmp/embed-build" >"$tmp/build.log" 2>&1 ||
  { cat "$tmp/build.log" >&2; fail "building examples/embed failed"; }

step "running quant-embed on examples/small_cnn/model.mlir"
"$tmp/embed-build/quant-embed" "$model" >"$tmp/embed.mlir" ||
  fail "quant-embed failed"
grep -q "qnn.conv2d" "$tmp/embed.mlir" ||
  fail "quant-embed output has no qnn.conv2d"

step "running the installed quant-opt and comparing"
"$prefix/bin/quant-opt" "$model" --qnn-quantize >"$tmp/opt.mlir" ||
  fail "installed quant-opt failed"
"$prefix/bin/quant-opt" "$tmp/embed.mlir" >"$tmp/embed.norm.mlir"
"$prefix/bin/quant-opt" "$tmp/opt.mlir" >"$tmp/opt.norm.mlir"
cmp -s "$tmp/embed.norm.mlir" "$tmp/opt.norm.mlir" ||
  fail "quant-embed and quant-opt --qnn-quantize disagree"

if python3 -c "import numpy" 2>/dev/null; then
  step "checking that the installed Python package finds the installed tools"
  found=$(env -u QUANTMLIR_TOOLS_DIR PYTHONPATH="$prefix/python" python3 -c \
    "import quantmlir; print(quantmlir.tools_dir())")
  [ "$found" = "$prefix/bin" ] ||
    fail "installed quantmlir.tools_dir() is $found, not $prefix/bin"
fi

step "OK"
