#!/usr/bin/python3
"""Vendor-IDE drop-in test: generated files in a plain C firmware, no C++ runtime.

  dropin_test.py --tinyaot BIN [--target cortex-m4] [--build-dir DIR]

1. `tinyaot compile` models/digits_cnn.onnx as NAME `digits` and
   models/opset9_mlp.onnx as NAME `mlp` (both use some of the same kernels).
2. Compiles digits.cpp and mlp.cpp with arm-none-eabi-g++ (-std=c++11, as an
   IDE set to C++11 would), main.c with arm-none-eabi-gcc -std=c99, and links
   everything with arm-none-eabi-gcc, the C driver: libstdc++ is not on the
   link line, so any use of it would fail the link.
3. Checks with the link map that no libstdc++/libsupc++ member was pulled in,
   and with nm that the only global symbols the model objects define start
   with NAME_, and that they need no C++ runtime symbol (__cxa_*, operator
   new/delete, _Unwind_*, __gxx_personality_*).
4. Runs the firmware under QEMU: both predictions must match ONNX Runtime's.
Ends with `dropin: N passed, N failed`.
"""
import argparse
import os
import re
import subprocess
import sys

import numpy as np
from onnx import TensorProto, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(TESTS))
sys.path.insert(0, TESTS)
import build_and_run as bar  # noqa: E402
from checks import Checks  # noqa: E402
from targetfile import load_target  # noqa: E402
import run as qemu_run  # noqa: E402

MODELS = {"digits": "digits_cnn", "mlp": "opset9_mlp"}
CXX_RUNTIME = re.compile(r"^(__cxa_|__gxx_personality|_Unwind_|_ZSt|_Znw|_Zna|_ZdlPv|_ZdaPv|__dso_handle$)")
FLAGS = ["-O2", "-Wall", "-Wextra", "-Werror", "-ffunction-sections", "-fdata-sections"]


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    if r.returncode != 0:
        raise bar.BuildError("command failed: %s\n%s" % (" ".join(cmd), r.stdout))
    return r.stdout


def load_pb(path):
    t = TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return numpy_helper.to_array(t)


def write_data(path):
    lines = ["/* Written by dropin_test.py from the models' test_data_set_0. */"]
    for name, model in MODELS.items():
        d = os.path.join(REPO, "models", model, "test_data_set_0")
        x = load_pb(os.path.join(d, "input_0.pb")).astype(np.float32).ravel()
        y = load_pb(os.path.join(d, "output_0.pb")).ravel()
        vals = ", ".join("%.9g" % v for v in x)
        lines.append("static const float %s_input[%d] = {%s};" % (name, x.size, vals))
        lines.append("#define %s_EXPECTED %d" % (name.upper(), int(np.argmax(y))))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def global_symbols(nm, obj):
    """(defined globals, undefined) symbol names of an object."""
    defined, undefined = [], []
    for line in run([nm, "-g", obj]).splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            undefined.append(parts[1])
        elif len(parts) == 3:
            defined.append(parts[2])
    return defined, undefined


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--target", default="cortex-m4")
    ap.add_argument("--build-dir", default=os.path.join(REPO, "build", "target-tests", "dropin"))
    a = ap.parse_args()
    target = load_target(a.target)
    tc = target["toolchain"]
    cc, cxx, nm = bar.tool(tc + "-gcc"), bar.tool(tc + "-g++"), bar.tool(tc + "-nm")
    cflags = target["cflags"].split()
    out = os.path.abspath(a.build_dir)
    os.makedirs(out, exist_ok=True)
    checks = Checks("dropin")
    try:
        objs = {}
        for name, model in MODELS.items():
            run([a.tinyaot, "compile", os.path.join(REPO, "models", model + ".onnx"), "-o", out, "--name", name,
                 "--target", a.target, "-q"])
            objs[name] = os.path.join(out, name + ".o")
            run([cxx] + cflags + FLAGS + ["-std=c++11", "-fno-exceptions", "-fno-rtti", "-c",
                                         os.path.join(out, name + ".cpp"), "-o", objs[name]])
        write_data(os.path.join(out, "dropin_data.h"))
        c_objs = []
        srcs = [os.path.join(HERE, "main.c"), os.path.join(bar.BSP, "bsp_common.c"),
                os.path.join(bar.BSP, target["arch"], "startup_%s.c" % target["arch"])]
        for s in srcs:
            o = os.path.join(out, os.path.basename(s)[:-2] + ".o")
            run([cc] + cflags + FLAGS + ["-std=c99", "-I" + bar.BSP, "-I" + out, "-c", s, "-o", o])
            c_objs.append(o)
        elf = os.path.join(out, "dropin.elf")
        machine = target["qemu_machine"]
        run([cc] + cflags + ["-nostartfiles", "--specs=nano.specs", "--specs=nosys.specs", "-Wl,--gc-sections",
                             "-Wl,-Map=" + elf + ".map", "-L" + os.path.join(bar.BSP, "ld"), "-T", machine + ".ld"]
            + c_objs + list(objs.values()) + ["-lm", "-o", elf])
    except bar.BuildError as e:
        checks.check(False, "build with the C driver", str(e))
        return checks.finish()
    checks.check(True, "two models compiled as C++11 and linked into C firmware with %s" % os.path.basename(cc))

    with open(elf + ".map") as f:
        cxx_libs = sorted(set(re.findall(r"lib(?:stdc\+\+|supc\+\+)[^\s()]*", f.read())))
    checks.check(not cxx_libs, "no libstdc++/libsupc++ member in the link map", ", ".join(cxx_libs))
    for name, obj in objs.items():
        defined, undefined = global_symbols(nm, obj)
        stray = [s for s in defined if not s.startswith(name + "_")]
        checks.check(bool(defined) and not stray, "%s.o defines only %s_* globals (%s)" % (name, name, " ".join(defined)),
                     "also: " + " ".join(stray) if stray else "")
        rt = [s for s in undefined if CXX_RUNTIME.match(s)]
        checks.check(not rt, "%s.o needs no C++ runtime (undefined: %s)" % (name, " ".join(undefined) or "none"),
                     " ".join(rt))
    all_defined = [s for o in objs.values() for s in global_symbols(nm, o)[0]]
    dup = sorted(set(s for s in all_defined if all_defined.count(s) > 1))
    checks.check(not dup, "no symbol defined by both models", " ".join(dup))

    res = qemu_run.run_firmware(target["name"], elf, timeout=60.0, quiet=True)
    checks.check(res["exit_code"] == 0 and "dropin: rc=0" in res["output"],
                 "runs under QEMU (%s) with both predictions equal to ONNX Runtime's" % machine,
                 "exit %d" % res["exit_code"] if res["exit_code"] else "")
    return checks.finish()


if __name__ == "__main__":
    sys.exit(main())
