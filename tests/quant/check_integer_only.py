#!/usr/bin/python3
"""Integer-only check of imported int8 models: the generated code is built for
Cortex-M0+ (no FPU: every float operation is a call into the soft-float
library) without inlining, and the disassembly must show soft-float and libm
calls only in the boundary QuantizeLinear / DequantizeLinear kernels.

  check_integer_only.py --tinyaot BIN --work DIR [--models cnn,...]

Needs arm-none-eabi-g++ and arm-none-eabi-objdump (exit 77 when missing).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import qdq_models as Q  # noqa: E402

MODELS = ["cnn", "cnn_uint8", "lut_unary", "softmax", "movement", "matmul_act", "concat_scales", "mul_bcast"]
CXXFLAGS = ["-mcpu=cortex-m0plus", "-mthumb", "-mfloat-abi=soft", "-std=c++11", "-O2", "-fno-inline",
            "-ffunction-sections", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fno-exceptions", "-fno-rtti"]
# Soft-float arithmetic, comparisons and conversions of the Arm EABI, and libm.
FLOAT_CALL = re.compile(r"^(__aeabi_(c?[fd][a-z0-9]*|[a-z]+2[fd])|__(add|sub|mul|div)[sd]f3|"
                        r"(floor|ceil|fmod|exp|log|tanh|sqrt|rint|nearbyint|round|pow|erf|sin|cos)f?)$")
# Functions allowed to use float: the boundary kernels.
BOUNDARY = re.compile(r"ta_(quantize_f32|dequantize_f32|round_half_even)")


def calls_by_function(disasm):
    """{demangled function: set of called symbols} from objdump -d -C."""
    calls, fn = {}, None
    for line in disasm.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.+)>:$", line)
        if m:
            fn = m.group(1)
            calls.setdefault(fn, set())
            continue
        m = re.search(r"\bbl\s+[0-9a-f]+ <([^>+]+)(\+0x[0-9a-f]+)?>", line)
        if m and fn:
            calls[fn].add(m.group(1))
    return calls


def check(name, tinyaot, work, cxx, objdump, control=False):
    """With `control`, the model is compiled without import-qdq (its groups
    run in float) and the check must flag it."""
    d = os.path.join(work, name + ("_control" if control else ""))
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, name + ".onnx")
    onnx.save(Q.build(name), path)
    gen = os.path.join(d, "gen")
    subprocess.run([tinyaot, "compile", path, "-o", gen, "--name", name, "-q"] +
                   (["--disable-pass", "import-qdq"] if control else []), check=True)
    obj = os.path.join(d, name + ".o")
    subprocess.run([cxx] + CXXFLAGS + ["-c", os.path.join(gen, name + ".cpp"), "-o", obj], check=True)
    dis = subprocess.run([objdump, "-d", "-C", obj], stdout=subprocess.PIPE, universal_newlines=True,
                         check=True).stdout
    calls = calls_by_function(dis)
    float_users = {fn: sorted(c for c in cs if FLOAT_CALL.match(c)) for fn, cs in calls.items()}
    float_users = {fn: cs for fn, cs in float_users.items() if cs}
    bad = {fn: cs for fn, cs in float_users.items() if not BOUNDARY.search(fn)}
    boundary = sorted({c for cs in float_users.values() for c in cs})
    if control:
        print("integer-only %-14s control without import-qdq: %d float function(s) flagged -> %s"
              % (name, len(bad), "PASS" if bad else "FAIL (the check sees nothing)"))
        return bool(bad)
    print("integer-only %-14s %d functions; float calls only in %d boundary function(s) (%s)%s -> %s"
          % (name, len(calls), len(float_users) - len(bad), ", ".join(boundary) or "none",
             "".join("\n  NOT INTEGER: %s calls %s" % (fn, ", ".join(cs)) for fn, cs in sorted(bad.items())),
             "FAIL" if bad else "PASS"))
    return not bad


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--models", help="comma-separated subset of qdq_models.py")
    a = ap.parse_args()
    cxx, objdump = shutil.which("arm-none-eabi-g++"), shutil.which("arm-none-eabi-objdump")
    if not cxx or not objdump:
        print("SKIP: arm-none-eabi-g++ / arm-none-eabi-objdump not found")
        return 77
    names = a.models.split(",") if a.models else MODELS
    tinyaot, work = os.path.abspath(a.tinyaot), os.path.abspath(a.work)
    ok = all([check(n, tinyaot, work, cxx, objdump) for n in names])
    ok = check("cnn", tinyaot, work, cxx, objdump, control=True) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
