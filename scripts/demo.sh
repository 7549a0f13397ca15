#!/usr/bin/env bash
# The main job, end to end: set up the machine, build the compiler, compile a
# bundled model (the digits CNN) into C++, build it with a C main, run it on a
# test image, and print the prediction and the memory figures.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"
scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target tinyaot
out=build/demo
mkdir -p "$out"
echo "== tinyaot compile models/digits_cnn.onnx"
build/tinyaot compile models/digits_cnn.onnx -o "$out/gen"
/usr/bin/python3 scripts/demo/make_sample.py "$out/sample.h" 0
echo "== building the generated code (C++11, -Wall -Wextra -Werror -pedantic) with a C main"
g++ -std=c++11 -O2 -Wall -Wextra -Werror -pedantic -fno-exceptions -fno-rtti -c "$out/gen/digits_cnn.cpp" -o "$out/digits_cnn.o"
gcc -std=c99 -O2 -Wall -Wextra -Werror -I "$out/gen" -I "$out" -c scripts/demo/main.c -o "$out/main.o"
gcc "$out/main.o" "$out/digits_cnn.o" -lm -o "$out/demo"
echo "== size of the generated object (text = code + weights)"
size "$out/digits_cnn.o"
echo "== running"
"$out/demo"
