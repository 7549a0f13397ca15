#!/usr/bin/env bash
# Installs everything TinyAOT needs on Debian 12: the compiler's build
# dependencies, the test tools (Python with ONNX/PyTorch, cross compilers,
# QEMU) and ONNX Runtime (from npm, used only as a test reference).
# Safe to run repeatedly; it only installs what is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"

PKGS=(cmake ninja-build g++ clang pkg-config
      libonnx-dev libprotobuf-dev protobuf-compiler libfmt-dev libcli11-dev catch2
      python3 python3-onnx python3-numpy python3-torch python3-sklearn
      gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib
      qemu-system-arm qemu-system-misc gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf
      libglib2.0-dev)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# ONNX Runtime (CPU) from npm, reference implementation for tests only.
# --ignore-scripts skips its installer, which would try to download GPU builds.
ort="$here/tests/tools/ort"
if [ ! -f "$ort/node_modules/onnxruntime-node/package.json" ]; then
  echo "setup: installing onnxruntime-node into tests/tools/ort"
  (cd "$ort" && npm install --ignore-scripts --no-audit --no-fund --silent >/dev/null)
fi
