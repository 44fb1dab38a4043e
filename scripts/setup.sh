#!/usr/bin/env bash
# Installs every Debian package Ventris needs to build, test and benchmark
# (skipping what is present), then configures and builds Release into build/.
# Idempotent; run as root or with sudo available.
#
#   scripts/setup.sh            install + build
#   SKIP_BUILD=1 scripts/setup.sh   install only
#   BUILD_DIR=dir CMAKE_ARGS="-DVENTRIS_CUDA=OFF" scripts/setup.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$ROOT/build}"

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libsentencepiece-dev sentencepiece   # tokenizer library + spm_encode (benchmark peer)
  libcli11-dev libspdlog-dev libfmt-dev libyaml-cpp-dev nlohmann-json3-dev
  libopenblas-dev libdnnl-dev          # GEMM backends
  ocl-icd-opencl-dev opencl-headers    # Debian's dnnl CMake config requires OpenCL even for CPU use
  libicu-dev                           # Unicode categories for the intl BLEU tokenizer
  openmpi-bin libopenmpi-dev           # multi-rank training (mpirun; src/distributed)
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-numpy python3-torch python3-matplotlib  # reference checks, benchmarks, plots
  hyperfine
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]})); then
  echo "[setup] installing: ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "[setup] all ${#PACKAGES[@]} Debian packages present"
fi

if [[ "${SKIP_BUILD:-0}" == "1" ]]; then exit 0; fi

# The CUDA toolkit is optional: CMake builds the CUDA backend when nvcc is found.
echo "[setup] configuring $BUILD_DIR (Release)"
# shellcheck disable=SC2086
cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release ${CMAKE_ARGS:-} > "$BUILD_DIR.configure.log" 2>&1 \
  || { cat "$BUILD_DIR.configure.log"; exit 1; }
grep -E "Ventris CUDA backend" "$BUILD_DIR.configure.log" || true
rm -f "$BUILD_DIR.configure.log"
echo "[setup] building with $(nproc) jobs"
cmake --build "$BUILD_DIR" -j "$(nproc)"
echo "[setup] done: $BUILD_DIR/ventris"
