#!/usr/bin/env bash
# QuantMLIR setup: installs the Debian packages and Python packages the build and tests need.
# Idempotent: only what is missing is installed. Runs as root (or with sudo available).
set -euo pipefail

PKGS=(
  cmake ninja-build g++
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libgtest-dev
  python3 python3-numpy python3-pip
  clang-22 libclang-rt-22-dev  # libFuzzer target of the ONNX importer (fuzz/run-quick.sh, run by scripts/test.sh)
  libonnx-dev libprotobuf-dev  # ONNX 1.12 C++ (protobuf classes, checker, shape inference): quant-translate --import-onnx
  libomp-22-dev  # OpenMP runtime for qnn-lower-to-llvm{threads=0} / quant-run --threads N
  dataset-fashion-mnist  # IDX files in /usr/share/datasets/fashion-mnist (scripts/fashion_mnist.py)
  libdnnl-dev libopenblas-dev  # bench/ peers: oneDNN u8s8s32 matmul, OpenBLAS sgemm (bench/run.sh)
  qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross  # AArch64 AOT tests: link with aarch64-linux-gnu-gcc, run under qemu-aarch64 (test/Target/AArch64)
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "[setup] installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "[setup] Debian packages: all present"
fi

# numpy for the python3 that is first on PATH (the reference scripts use it).
if ! python3 -c "import numpy" 2>/dev/null; then
  echo "[setup] installing numpy for $(command -v python3) (pip, pinned in scripts/requirements.txt)"
  python3 -m pip install -q -r "$(dirname "$0")/requirements.txt"
fi
# onnx + onnxruntime for the ONNX frontend tests (fixtures, reference runs),
# for the python3 on PATH and for /usr/bin/python3, which runs Debian's lit
# and with it the tests' %python. Debian 12's python3 is "externally managed"
# (PEP 668): allow pip to install next to the Debian packages.
onnx_reqs=$(grep -E '^onnx(runtime)?==' "$(dirname "$0")/requirements.txt" | tr '\n' ' ')
for py in "$(command -v python3)" /usr/bin/python3; do
  if [ -x "$py" ] && ! "$py" -c "import onnx, onnxruntime" 2>/dev/null; then
    echo "[setup] installing ${onnx_reqs}for $py (pip, pinned in scripts/requirements.txt)"
    PIP_BREAK_SYSTEM_PACKAGES=1 "$py" -m pip install -q ${onnx_reqs}
  fi
done
echo "[setup] done"
