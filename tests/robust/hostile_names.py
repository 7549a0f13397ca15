#!/usr/bin/python3
"""Hostile names reach the generated code only escaped or sanitized.

  hostile_names.py --tinyaot BUILD/tinyaot --work DIR

Builds models whose node, tensor, initializer, input/output, graph and file
names carry newlines, CR, NUL, "*/", "/*", backslash-newline, trigraphs,
invalid UTF-8, very long names and names that differ only by case or
sanitize to the same identifier; compiles each with several option sets;
builds the output with g++ and clang++ (-std=c++11 -Wall -Wextra -Werror
-pedantic), the header as C99; links two models named "Net" and "net" into
one program, runs it and compares with numpy. Section names that could
inject code are refused with exit 1.
"""
import argparse
import os
import shutil
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

STRICT = ["-Wall", "-Wextra", "-Werror", "-pedantic", "-fno-exceptions", "-fno-rtti"]
# Stand-ins replaced in the serialized bytes by bytes Python protobuf refuses
# to put in a string field (invalid UTF-8), each of the same length.
INVALID_UTF8 = {b"@@BADUTF8A@@": b"\xff\xfe\x80*/\\\n\x00\xc3(??", b"@@BADUTF8B@@": b"\xc0\xafx\r\n#error\\"}

HOSTILE = [
    "n\n#error injected by a node name\n",
    "a */ #error b /* c",
    "trailing backslash\\",
    "cr\r#error",
    "nul\0#error",
    "tri??/",
    "\u00e9t\u00e9-utf8",
    "@@BADUTF8A@@",
    "L" * 5000,
]


class Failure(Exception):
    pass


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)
    return r.returncode, r.stdout.decode("utf-8", "replace")


def must(cmd, what):
    rc, out = run(cmd)
    if rc != 0:
        raise Failure("%s failed (exit %d): %s\n%s" % (what, rc, " ".join(cmd), out[-4000:]))
    return out


def hostile_model():
    """y = Relu(x + w) * 2 + Relu(x), every name hostile."""
    x, y = "x */ #error in\n", "y\\"
    w = "@@BADUTF8B@@"
    t1, t2, t3, t4 = HOSTILE[0], HOSTILE[4], "T", "t"  # t3/t4 differ only by case
    two = "a-b"  # sanitizes like "a.b" below
    two2 = "a.b"
    nodes = [
        helper.make_node("Add", [x, w], [t1], name=HOSTILE[1]),
        helper.make_node("Relu", [t1], [t2], name=HOSTILE[2]),
        helper.make_node("Mul", [t2, two], [t3], name=HOSTILE[3]),
        helper.make_node("Relu", [x], [t4], name=HOSTILE[5]),
        helper.make_node("Add", [t3, t4], ["tmp"], name=HOSTILE[6]),
        helper.make_node("Mul", ["tmp", two2], [y], name=HOSTILE[7]),
    ]
    inits = [
        numpy_helper.from_array(np.array([0.5, -1.0, 2.0, -3.0], np.float32), w),
        numpy_helper.from_array(np.array([2.0, 2.0, 2.0, 2.0], np.float32), two),
        numpy_helper.from_array(np.array([1.0, 1.0, 1.0, 1.0], np.float32), two2),
    ]
    g = helper.make_graph(nodes, HOSTILE[8], [helper.make_tensor_value_info(x, TensorProto.FLOAT, [4])],
                          [helper.make_tensor_value_info(y, TensorProto.FLOAT, [4])], inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)], producer_name="p\n#error")
    m.ir_version = 7
    data = m.SerializeToString()
    for k, v in INVALID_UTF8.items():
        assert len(k) == len(v) and k in data
        data = data.replace(k, v)
    return data


def reference(xv):
    w = np.array([0.5, -1.0, 2.0, -3.0], np.float32)
    return np.maximum(xv + w, 0) * 2 + np.maximum(xv, 0)


def build_strict(gen, name, work):
    h, c = os.path.join(gen, name + ".h"), os.path.join(gen, name + ".cpp")
    for f in (h, c):
        text = open(f, "rb").read()
        if b"#error" in text.replace(b"#error", b"", 0) and any(
                line.lstrip().startswith(b"#error") for line in text.split(b"\n")):
            raise Failure("%s has an #error line: a name escaped its comment" % f)
        if any(b < 0x20 and b not in (0x0a,) or b >= 0x7f for b in text):
            raise Failure("%s holds a control or non-ASCII byte" % f)
    must(["gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "-x", "c", h],
         "%s.h as C99" % name)
    for cxx in ("g++", "clang++"):
        for std in ("-std=c++11", "-std=c++17"):
            must([cxx, std, "-O1", "-c", c, "-o", os.path.join(work, name + ".o")] + STRICT,
                 "%s %s %s.cpp" % (cxx, std, name))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    try:
        data = hostile_model()
        # The file name itself is hostile (it is shown in the banner).
        evil_dir = os.path.join(a.work, "models")
        os.makedirs(evil_dir, exist_ok=True)
        evil = os.path.join(evil_dir, "bad\nname ??= *\\ #error\\.onnx")
        open(evil, "wb").write(data)
        variants = [
            ("plain", []),
            ("io_in_arena", ["--io-in-arena"]),
            ("external", ["--arena", "external", "--io-in-arena"]),
            ("sections", ["--arena-section", ".bss.model_arena", "--weights-section", ".rodata.model"]),
            ("poison", ["--debug-poison", "--no-in-place"]),
        ]
        for tag, opts in variants:
            gen = os.path.join(a.work, "gen_" + tag)
            must([a.tinyaot, "compile", evil, "-o", gen, "-q"] + opts, "compile (%s)" % tag)
            names = [f[:-2] for f in os.listdir(gen) if f.endswith(".h")]
            if len(names) != 1:
                raise Failure("expected one header in %s, found %s" % (gen, names))
            build_strict(gen, names[0], a.work)
            print("%s: generated NAME '%s' builds warning-free" % (tag, names[0]))

        # Two models whose NAMEs differ only by case link into one program.
        gen = os.path.join(a.work, "gen_case")
        model = os.path.join(a.work, "hostile.onnx")
        open(model, "wb").write(data)
        for nm in ("Net", "net"):
            must([a.tinyaot, "compile", model, "-o", gen, "--name", nm, "-q"], "compile --name " + nm)
            build_strict(gen, nm, a.work)
        main_c = os.path.join(a.work, "main.c")
        with open(main_c, "w") as f:
            f.write("""#include <stdio.h>
#include "Net.h"
#include "net.h"
int main(void) {
  float x[4] = {-2.0f, 0.25f, 1.5f, 4.0f}, y1[4], y2[4];
  int i;
  if (Net_run_typed(x, y1) != 0 || net_run_typed(x, y2) != 0) return 1;
  for (i = 0; i < 4; ++i) printf("%.9g %.9g\\n", y1[i], y2[i]);
  return 0;
}
""")
        exe = os.path.join(a.work, "two_models")
        objs = []
        for src, comp, std in ((main_c, "gcc", "-std=c99"), (os.path.join(gen, "Net.cpp"), "g++", "-std=c++11"),
                               (os.path.join(gen, "net.cpp"), "g++", "-std=c++11")):
            o = os.path.join(a.work, os.path.basename(src) + ".o")
            flags = ["-Wall", "-Wextra", "-Werror", "-pedantic"] + (STRICT[4:] if comp == "g++" else [])
            must([comp, std, "-O1", "-I", gen, "-c", src, "-o", o] + flags, "build " + src)
            objs.append(o)
        must(["g++"] + objs + ["-o", exe, "-lm"], "link Net and net")
        out = must([exe], "run")
        got = np.array([[float(v) for v in line.split()] for line in out.split("\n") if line.strip()], np.float32)
        want = reference(np.array([-2.0, 0.25, 1.5, 4.0], np.float32))
        if not (np.allclose(got[:, 0], want, atol=1e-6) and np.allclose(got[:, 1], want, atol=1e-6)):
            raise Failure("outputs %s, numpy says %s" % (got.tolist(), want.tolist()))
        print("Net and net link into one program and compute numpy's result")

        # Section names that could carry code are refused, naming the option.
        for flag, value in (("--arena-section", '.x")));\n#error pwned\n//'), ("--weights-section", "a b"),
                            ("--weights-section", "x\\")):
            gen = os.path.join(a.work, "gen_badsection")
            shutil.rmtree(gen, ignore_errors=True)
            rc, out = run([a.tinyaot, "compile", model, "-o", gen, flag, value])
            if rc != 1 or flag not in out or "internal" in out:
                raise Failure("%s %r: exit %d, %s" % (flag, value, rc, out))
            if os.path.exists(gen) and os.listdir(gen):
                raise Failure("%s %r wrote %s" % (flag, value, os.listdir(gen)))
        # --name must be a usable identifier, and says so.
        for value in ("a\nb", "_x", "a__b", "int", "x" * 300, "Net*/"):
            rc, out = run([a.tinyaot, "compile", model, "-o", os.path.join(a.work, "gen_badname"), "--name", value])
            if rc != 1 or "--name" not in out or "internal" in out:
                raise Failure("--name %r: exit %d, %s" % (value, rc, out))
        print("bad section names and NAMEs are refused with exit 1")
    except Failure as e:
        print("FAIL: %s" % e)
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
