#!/usr/bin/env bash
# Runs the whole test suite from a fresh machine: installs what is missing,
# builds everything, and runs every test (unit, end-to-end, conformance,
# quantization, memory planning, Cortex-M targets under QEMU).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build
ctest --test-dir build --output-on-failure -j "$(nproc)" "$@"
