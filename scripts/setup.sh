#!/usr/bin/env bash
# QuantMLIR setup: installs the Debian packages and Python packages the build and tests need.
# Idempotent: only what is missing is installed. Runs as root (or with sudo available).
set -euo pipefail

PKGS=(
  cmake ninja-build g++
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  libgtest-dev
  python3 python3-numpy
  dataset-fashion-mnist  # IDX files in /usr/share/datasets/fashion-mnist (scripts/fashion_mnist.py)
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
echo "[setup] done"
