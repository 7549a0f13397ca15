#!/usr/bin/python3
"""End-to-end test of one bundled model on the host.

  run_models.py --tinyaot BUILD/tinyaot --model kws_dscnn --work DIR

1. Compiles models/NAME.onnx twice and checks the outputs are byte-identical.
2. Checks the generated-code contract: only <stdint.h>, <stddef.h>,
   <string.h> and <math.h> are included; the header compiles as C99 and C++;
   the object defines no global symbol but NAME_*, needs no C++ runtime
   (no operator new, no __cxa_*, no malloc), and has no static constructors.
3. Builds the generated code with the model's reference inputs
   (models/NAME/test_data_set_0, from ONNX Runtime) under g++ and clang++ with
   -std=c++11 -Wall -Wextra -Werror -pedantic -fno-exceptions -fno-rtti, and
   under AddressSanitizer + UndefinedBehaviorSanitizer, runs each, and
   compares every output within 1e-4 absolute + 1e-3 relative.
"""
import argparse
import filecmp
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
HARNESS = os.path.join(REPO, "tests", "target")
BSP = os.path.join(REPO, "targets", "bsp")
sys.path.insert(0, HARNESS)
import make_harness  # noqa: E402

STRICT = ["-Wall", "-Wextra", "-Werror", "-pedantic", "-fno-exceptions", "-fno-rtti"]
ALLOWED_INCLUDES = {"<stdint.h>", "<stddef.h>", "<string.h>", "<math.h>"}
# Symbols generated code may need from outside: libc memory functions and libm.
ALLOWED_UNDEFINED = re.compile(r"^(memcpy|memmove|memset|[a-z0-9]+f?|__stack_chk_fail|_GLOBAL_OFFSET_TABLE_)$")
FORBIDDEN_UNDEFINED = re.compile(r"(^_Zn|^_Zd|__cxa_|__gxx_|malloc|calloc|realloc|free$|_Unwind)")

# (label, compiler, flags)
BUILDS = [
    ("g++ c++11", "g++", ["-std=c++11", "-O2"] + STRICT),
    ("clang++ c++11", "clang++", ["-std=c++11", "-O2"] + STRICT),
    ("clang++ c++17", "clang++", ["-std=c++17", "-O2"] + STRICT),
    ("asan+ubsan", "g++", ["-std=c++11", "-O1", "-g", "-fsanitize=address,undefined",
                           "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"] + STRICT),
]


class Failure(Exception):
    pass


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, **kw)
    return r.returncode, r.stdout


def must(cmd, what):
    rc, out = run(cmd)
    if rc != 0:
        raise Failure("%s failed (exit %d): %s\n%s" % (what, rc, " ".join(cmd), out))
    return out


def compile_model(tinyaot, model, out_dir, name):
    must([tinyaot, "compile", model, "-o", out_dir, "--name", name, "-q"], "tinyaot compile")
    return os.path.join(out_dir, name + ".h"), os.path.join(out_dir, name + ".cpp")


def check_contract(name, header, source, work):
    with open(source) as f:
        includes = set(re.findall(r"^\s*#\s*include\s+(\S+)", f.read(), re.M))
    bad = includes - ALLOWED_INCLUDES
    if bad:
        raise Failure("generated source includes %s" % ", ".join(sorted(bad)))
    gen_dir = os.path.dirname(header)
    must(["gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only", "-x", "c", header],
         "header as C99")
    must(["g++", "-std=c++11", "-fsyntax-only", "-x", "c++"] + STRICT + [header], "header as C++11")
    obj = os.path.join(work, name + "_contract.o")
    must(["g++", "-std=c++11", "-O2", "-c", source, "-o", obj, "-I", gen_dir] + STRICT, "contract build")
    nm = must(["nm", obj], "nm")
    for line in nm.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDBR" and not parts[2].startswith(name + "_"):
            raise Failure("generated object exports '%s' (only %s_* may be global)" % (parts[2], name))
        if len(parts) == 2 and parts[0] == "U":
            sym = parts[1]
            if FORBIDDEN_UNDEFINED.search(sym) or not ALLOWED_UNDEFINED.match(sym):
                raise Failure("generated object needs '%s' (no C++ runtime, no heap allowed)" % sym)
    sections = must(["objdump", "-h", obj], "objdump")
    if re.search(r"\.(init_array|ctors)\b", sections):
        raise Failure("generated object has static constructors (.init_array/.ctors)")


def build_and_run(label, cxx, flags, name, gen_dir, source, data_c, work):
    tag = re.sub(r"[^a-z0-9]+", "_", label)
    exe = os.path.join(work, "%s_%s" % (name, tag))
    cflags = [f for f in flags if not f.startswith("-std=") and f not in ("-fno-exceptions", "-fno-rtti")]
    cc = "clang" if cxx.startswith("clang") else "gcc"
    objs = []
    for src in (os.path.join(HARNESS, "harness_main.c"), data_c, os.path.join(BSP, "bsp_common.c"),
                os.path.join(BSP, "host", "bsp_host.c")):
        o = os.path.join(work, "%s_%s_%s.o" % (name, tag, os.path.splitext(os.path.basename(src))[0]))
        must([cc, "-std=c99"] + cflags + ["-DBSP_HOST", "-DTA_MODEL=" + name, '-DTA_MODEL_HEADER="%s.h"' % name,
                                          "-I", BSP, "-I", HARNESS, "-I", gen_dir, "-c", src, "-o", o],
             "%s: harness build" % label)
        objs.append(o)
    mo = os.path.join(work, "%s_%s_model.o" % (name, tag))
    must([cxx] + flags + ["-c", source, "-o", mo], "%s: generated code build" % label)
    must([cxx] + flags + objs + [mo, "-lm", "-o", exe], "%s: link" % label)
    rc, out = run([exe], timeout=600)
    result = [l for l in out.splitlines() if l.startswith("ta_result")]
    if rc != 0:
        raise Failure("%s: run failed (exit %d)\n%s" % (label, rc, out[-3000:]))
    return result[-1] if result else out.strip().splitlines()[-1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--model", required=True, help="a model name in models/")
    ap.add_argument("--work", required=True)
    ap.add_argument("--atol", type=float, default=1e-4)
    ap.add_argument("--rtol", type=float, default=1e-3)
    a = ap.parse_args()
    name = a.model
    model = os.path.join(REPO, "models", name + ".onnx")
    work = os.path.join(a.work, name)
    os.makedirs(work, exist_ok=True)
    try:
        h1, c1 = compile_model(a.tinyaot, model, os.path.join(work, "gen"), name)
        h2, c2 = compile_model(a.tinyaot, model, os.path.join(work, "gen2"), name)
        if not (filecmp.cmp(h1, h2, shallow=False) and filecmp.cmp(c1, c2, shallow=False)):
            raise Failure("two compilations of the same model differ")
        print("%s: deterministic output" % name)
        check_contract(name, h1, c1, work)
        print("%s: generated-code contract holds" % name)
        data_c = os.path.join(work, "harness_data.c")
        with open(data_c, "w") as f:
            f.write(make_harness.generate(name, h1, os.path.join(REPO, "models", name, "test_data_set_0"),
                                          a.atol, a.rtol, None))
        for label, cxx, flags in BUILDS:
            print("%s: %s: %s" % (name, label, build_and_run(label, cxx, flags, name, os.path.dirname(h1), c1,
                                                            data_c, work)))
    except (Failure, make_harness.HarnessError, subprocess.TimeoutExpired) as e:
        print("FAIL %s: %s" % (name, e))
        return 1
    print("PASS %s" % name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
