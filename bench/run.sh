#!/usr/bin/env bash
# GEMM benchmark: our generated code (generic, x86-avx2, x86-avx512vnni) vs oneDNN
# u8s8s32 matmul and OpenBLAS sgemm, one thread, then all threads, same run;
# int8 with an i32 output and as a dense layer with a fused requantize (i8
# output, vs oneDNN's u8s8 matmul with bias and per-column scales to s8);
# then convolution layers (bench/conv_bench.py) vs oneDNN's int8 / f32 convs.
#   bench/run.sh [BUILD_DIR] [SIZES...]     (default: build, 256 512 1024)
# Env: BENCH_SECONDS (min seconds per row, default 1), GENERIC_MAX (largest
# size for upstream MLIR's slow default lowering, default 1024), MT=0 (skip the all-thread
# tables), CONV=0 (skip the conv layers).
# Needs: quant-opt in BUILD_DIR/bin, LLVM 22 tools, g++; libdnnl-dev and
# libopenblas-dev (scripts/setup.sh installs them; a missing one is skipped).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(256 512 1024)
GENERIC_MAX="${GENERIC_MAX:-1024}"
LLVM=/usr/lib/llvm-22/bin
QOPT="$BUILD/bin/quant-opt"
[ -x "$QOPT" ] || { echo "bench: $QOPT not found (build quant-opt first)"; exit 1; }
WORK="$(mktemp -d /tmp/quant-bench.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

# One object per (kind, target, size): quant-opt -> LLVM IR -> opt -O3 -> llc.
# The module has no triple: without -mtriple llc assumes no C library and
# expands the zero fill of C (llvm.memset) into a byte-by-byte loop.
TRIPLE=x86_64-pc-linux-gnu
compile() { # kind target prefix size
  local kind=$1 target=$2 prefix=$3 s=$4 name="$3_$1_$4"
  python3 "$ROOT/bench/gen_gemm.py" "$kind" "$name" "$s" > "$WORK/$name.mlir"
  "$QOPT" "$WORK/$name.mlir" --qnn-lower-to-llvm="target=$target" |
    "$LLVM/mlir-translate" --mlir-to-llvmir |
    "$LLVM/opt" -O3 -mcpu=native -mtriple="$TRIPLE" |
    "$LLVM/llc" -O3 -mcpu=native -mtriple="$TRIPLE" -relocation-model=pic -filetype=obj -o "$WORK/$name.o"
  OBJS+=("$WORK/$name.o")
}
# Upstream MLIR's default lowering of the same int8 matmul (the linalg.generic
# convert-qnn-to-linalg emits, on memrefs): mlir-opt's linalg -> loops -> LLVM
# passes, nothing of ours.
compile_upstream() { # size
  local s=$1 name="upstream_i8_$1"
  python3 "$ROOT/bench/gen_gemm.py" up "$name" "$s" > "$WORK/$name.mlir"
  "$LLVM/mlir-opt" "$WORK/$name.mlir" --convert-linalg-to-loops --convert-scf-to-cf \
      --expand-strided-metadata --lower-affine --finalize-memref-to-llvm \
      --convert-arith-to-llvm --convert-func-to-llvm --convert-cf-to-llvm \
      --reconcile-unrealized-casts |
    "$LLVM/mlir-translate" --mlir-to-llvmir |
    "$LLVM/opt" -O3 -mcpu=native -mtriple="${TRIPLE:-x86_64-pc-linux-gnu}" |
    "$LLVM/llc" -O3 -mcpu=native -mtriple="${TRIPLE:-x86_64-pc-linux-gnu}" -relocation-model=pic -filetype=obj -o "$WORK/$name.o"
  OBJS+=("$WORK/$name.o")
}
OBJS=()
for s in "${SIZES[@]}"; do
  echo "[bench] compiling S=$s"
  compile i8 x86-avx2 avx2 "$s"
  compile i8c x86-avx2 avx2 "$s"
  compile i8rq x86-avx2 avx2 "$s"
  compile f32 x86-avx2 avx2 "$s"
  compile i8 x86-avx512vnni vnni "$s"
  compile i8c x86-avx512vnni vnni "$s"
  compile i8rq x86-avx512vnni vnni "$s"
  compile i8 generic generic "$s"
  if [ "$s" -le "$GENERIC_MAX" ]; then compile_upstream "$s"; fi
done

FLAGS=()
LIBS=()
if [ -f /usr/include/dnnl.hpp ]; then FLAGS+=(-DHAVE_DNNL); LIBS+=(-ldnnl);
else echo "[bench] note: libdnnl-dev missing (run scripts/setup.sh): oneDNN skipped"; fi
if [ -f /usr/include/x86_64-linux-gnu/cblas.h ] || [ -f /usr/include/cblas.h ]; then
  if ls /usr/lib/x86_64-linux-gnu/libopenblas.so >/dev/null 2>&1; then
    FLAGS+=(-DHAVE_OPENBLAS); LIBS+=(-lopenblas)
  fi
fi
[[ " ${FLAGS[*]-} " == *HAVE_OPENBLAS* ]] || echo "[bench] note: libopenblas-dev missing: OpenBLAS skipped"
g++ -O2 -std=c++17 ${FLAGS[@]+"${FLAGS[@]}"} "$ROOT/bench/gemm_bench.cpp" "${OBJS[@]}" \
  ${LIBS[@]+"${LIBS[@]}"} -o "$WORK/gemm_bench"

lscpu | grep -E "^Model name" || true
echo "threads: 1 (OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1)"
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 DNNL_VERBOSE=0 "$WORK/gemm_bench" "${SIZES[@]}"
if [[ " ${FLAGS[*]-} " == *HAVE_DNNL* ]]; then
  echo
  echo "oneDNN restricted to AVX2 (DNNL_MAX_CPU_ISA=AVX2: its vpmaddubsw path, the peer of our x86-avx2 rows):"
  OMP_NUM_THREADS=1 DNNL_MAX_CPU_ISA=AVX2 BENCH_ONLY_DNNL=1 "$WORK/gemm_bench" "${SIZES[@]}" | grep -E "^\| oneDNN|^M=N=K|impl"
fi

# All threads: the same rows with every core. Our modules are lowered with
# threads=0 (parallel outer loops -> OpenMP, libomp from LLVM 22), the peers
# use their own thread pools (oneDNN: OpenMP, OpenBLAS: pthreads).
# MT=0 skips it.
NT="$(nproc)"
if [ "${MT:-1}" != 0 ] && [ "$NT" -gt 1 ]; then
  OBJS=()
  for s in "${SIZES[@]}"; do
    echo "[bench] compiling S=$s (threads=0)"
    compile i8c "x86-avx2 threads=0" avx2 "$s"
    compile i8rq "x86-avx2 threads=0" avx2 "$s"
    compile f32 "x86-avx2 threads=0" avx2 "$s"
    compile i8 "x86-avx512vnni threads=0" vnni "$s"
    compile i8c "x86-avx512vnni threads=0" vnni "$s"
    compile i8rq "x86-avx512vnni threads=0" vnni "$s"
  done
  OMPLIB=/usr/lib/llvm-22/lib
  g++ -O2 -std=c++17 ${FLAGS[@]+"${FLAGS[@]}"} "$ROOT/bench/gemm_bench.cpp" "${OBJS[@]}" \
    -L"$OMPLIB" -Wl,-rpath,"$OMPLIB" -lomp ${LIBS[@]+"${LIBS[@]}"} -o "$WORK/gemm_bench_mt"
  echo
  echo "threads: $NT (OMP_NUM_THREADS=$NT OPENBLAS_NUM_THREADS=$NT)"
  OMP_NUM_THREADS=$NT OPENBLAS_NUM_THREADS=$NT BENCH_THREADS=$NT DNNL_VERBOSE=0 \
    "$WORK/gemm_bench_mt" "${SIZES[@]}"
fi

# Convolution layers (ResNet-50 / MobileNetV2 shapes) through the x86 conv
# path with the fused requantize epilogue, int8 vs f32 (bench/conv_bench.py,
# JIT through quant-run). CONV=0 skips it.
if [ "${CONV:-1}" != 0 ] && [ -x "$BUILD/bin/quant-run" ]; then
  echo
  python3 "$ROOT/bench/conv_bench.py" --build "$BUILD"
  if [ "${MT:-1}" != 0 ] && [ "$NT" -gt 1 ]; then
    echo
    python3 "$ROOT/bench/conv_bench.py" --build "$BUILD" --threads "$NT"
  fi
fi
