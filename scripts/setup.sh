#!/usr/bin/env bash
# Installs what tgc needs from Debian 12 packages and builds it with ninja.
# Safe to run again: apt-get skips what is installed, ninja rebuilds only
# what changed. Usage: scripts/setup.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}

packages=(
  cmake ninja-build ccache g++ python3
  libmlir-19-dev mlir-19-tools llvm-19-dev llvm-19-tools
  libabsl-dev nlohmann-json3-dev libgtest-dev libgmock-dev
  libdnnl-dev ocl-icd-opencl-dev opencl-headers
  zlib1g-dev libzstd-dev libedit-dev libxml2-dev libcurl4-openssl-dev libffi-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$build_dir"
