#!/usr/bin/env bash
# Builds the insn_count QEMU plugin: build_plugin.sh [BUILD_DIR]
# (default: <repo>/build/qemu-plugin). Prints the path of the .so.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$here/../../build/qemu-plugin}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
command -v gcc >/dev/null || { echo "build_plugin.sh: gcc not found: run scripts/setup.sh" >&2; exit 1; }
glib="$(pkg-config --cflags glib-2.0 2>/dev/null || true)"   # not needed by the plugin itself
tmp="$out/insn_count.so.tmp.$$"    # build, then rename: safe with parallel runs
gcc -shared -fPIC -O2 -std=gnu11 -Wall -Wextra -Werror -fvisibility=hidden $glib \
    -o "$tmp" "$here/insn_count.c"
mv -f "$tmp" "$out/insn_count.so"
echo "$out/insn_count.so"
