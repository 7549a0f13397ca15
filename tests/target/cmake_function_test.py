#!/usr/bin/python3
"""tinyaot_add_model() as a firmware project uses it (cmake/TinyAOT.cmake).

  cmake_function_test.py --tinyaot BUILD/tinyaot --work DIR

Small consumer projects (host compiler, Ninja when available) that include
cmake/TinyAOT.cmake with TINYAOT_EXECUTABLE set, around the digits model and
the example's main.c:

- no CMAKE_BUILD_TYPE: the generated model source is compiled with -O2, the
  project's own sources keep their flags; the build log has one summary line
  per model (arena, constant data, int8 SQNR) matching REPORT; QUANT_REPORT is
  written; the firmware predicts the right digit;
- Release keeps its own level; OPTIMIZE OFF and OPTIMIZE -Os are obeyed;
  a multi-config generator adds -O2 to Debug only; add_subdirectory() of the
  TinyAOT tree leaves the firmware's build type alone;
- configure-time errors: a missing CALIBRATION file (with its path), OPTIONS
  that clash with a keyword (naming it), a REPORT extension the compiler does
  not write, QUANT_REPORT or CALIBRATION without QUANTIZE.
Ends with `cmake-function: N passed, N failed`.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
EXAMPLE = os.path.join(REPO, "examples", "digits_fw")
MODEL = os.path.join(REPO, "models", "digits_cnn.onnx")
CALIB = os.path.join(REPO, "models", "digits_cnn_calib.npy")
sys.path.insert(0, HERE)
from checks import Checks  # noqa: E402

SUMMARY = re.compile(r"^tinyaot: wrote (\S+) and (\S+): arena (\d+) bytes \(RAM\), constant data (\d+) bytes "
                     r"\(flash\), \d+ nodes(?:; int8 SQNR ([0-9.]+) dB)?", re.M)
PREDICTION = "digits_fw: predicted 6 (label 6)"


def sh(cmd, cwd=None):
    r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    return r.returncode, r.stdout


def project(work, name, model_call, extra_cmake=""):
    """A consumer project: the model library `digits` and the example firmware."""
    src = os.path.join(work, name)
    os.makedirs(src, exist_ok=True)
    with open(os.path.join(src, "CMakeLists.txt"), "w") as f:
        f.write("""cmake_minimum_required(VERSION 3.20)
project(consumer C CXX)
include("{repo}/cmake/TinyAOT.cmake")
{model_call}
add_executable(digits_fw "{example}/main.c")
target_include_directories(digits_fw PRIVATE "{example}")
target_link_libraries(digits_fw PRIVATE digits)
{extra}
""".format(repo=REPO, example=EXAMPLE, model_call=model_call, extra=extra_cmake))
    return src


def configure(src, build, tinyaot, args=(), generator=None):
    shutil.rmtree(build, ignore_errors=True)
    gen = ["-G", generator] if generator else (["-G", "Ninja"] if shutil.which("ninja") else [])
    return sh(["cmake", "-S", src, "-B", build] + gen + ["-DTINYAOT_EXECUTABLE=" + tinyaot,
                                                         "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON"] + list(args))


def compile_command(build, suffix):
    """The compile command line of the source ending in `suffix`."""
    for e in json.load(open(os.path.join(build, "compile_commands.json"))):
        if e["file"].endswith(suffix):
            return e.get("command") or " ".join(e.get("arguments", []))
    return ""


def opt_flags(cmd):
    return re.findall(r"(?:^|\s)(-O\w*)", cmd)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--work", required=True)
    a = ap.parse_args()
    tinyaot = os.path.abspath(a.tinyaot)
    work = os.path.abspath(a.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    c = Checks("cmake-function")

    # --- int8 model, no build type, both reports ---
    src = project(work, "int8", """tinyaot_add_model(digits MODEL "{model}" QUANTIZE int8 CALIBRATION "{calib}"
                  REPORT reports/memory.json QUANT_REPORT reports/quant.txt)""".format(model=MODEL, calib=CALIB))
    b = os.path.join(work, "int8-build")
    rc, out = configure(src, b, tinyaot)
    if c.check(rc == 0, "configures without CMAKE_BUILD_TYPE", out):
        rc, log = sh(["cmake", "--build", b])
        c.check(rc == 0, "builds", log)
        model_cmd = compile_command(b, "digits.cpp")
        c.check(opt_flags(model_cmd) == ["-O2"], "the generated model source is compiled with -O2: %s"
                % opt_flags(model_cmd), model_cmd)
        main_cmd = compile_command(b, "main.c")
        c.check(main_cmd and opt_flags(main_cmd) == [], "the project's own sources keep their flags (no -O)", main_cmd)
        lines = SUMMARY.findall(log)
        c.check(len(lines) == 1 and lines[0][4], "the build log has one summary line with arena, constant data "
                "and int8 SQNR", log)
        rep = os.path.join(b, "reports", "memory.json")
        if c.check(os.path.exists(rep), "REPORT reports/memory.json is written in the build directory") and lines:
            j = json.load(open(rep))
            c.check(j["arena_bytes"] == int(lines[0][2]) and j["weights_bytes"] == int(lines[0][3]),
                    "the summary line's arena and constant data are the report's (%s, %s)" % (lines[0][2], lines[0][3]))
        q = os.path.join(b, "reports", "quant.txt")
        c.check(os.path.exists(q) and "int8 tensors" in open(q).read(), "QUANT_REPORT reports/quant.txt is written")
        rc, out = sh([os.path.join(b, "digits_fw")])
        c.check(rc == 0 and PREDICTION in out, "the int8 firmware runs: " + out.strip(), out)
        rc, log = sh(["cmake", "--build", b])
        c.check(rc == 0 and not SUMMARY.search(log), "a rebuild without changes does not rerun tinyaot", log)

    # --- float model: build types and OPTIMIZE ---
    call = 'tinyaot_add_model(digits MODEL "{model}" {{}})'.format(model=MODEL)
    cases = [("Release", "", ["-O3"], "Release keeps its own -O3"),
             ("", "OPTIMIZE OFF", [], "OPTIMIZE OFF leaves the flags alone"),
             ("", "OPTIMIZE -Os", ["-Os"], "OPTIMIZE -Os is used"),
             ("Debug", "", ["-O2"], "Debug (no level in its flags) gets -O2")]
    for i, (build_type, keyword, want, what) in enumerate(cases):
        src = project(work, "float%d" % i, call.format(keyword))
        b = os.path.join(work, "float%d-build" % i)
        rc, out = configure(src, b, tinyaot, ["-DCMAKE_BUILD_TYPE=" + build_type])
        if c.check(rc == 0, "configures (%s)" % what, out):
            cmd = compile_command(b, "digits.cpp")
            c.check(opt_flags(cmd) == want, "%s: %s" % (what, opt_flags(cmd)), cmd)
    b = os.path.join(work, "float0-build")
    rc, log = sh(["cmake", "--build", b])
    lines = SUMMARY.findall(log)
    c.check(rc == 0 and len(lines) == 1 and not lines[0][4], "a float model's build prints one summary line", log)
    rc, out = sh([os.path.join(b, "digits_fw")])
    c.check(rc == 0 and PREDICTION in out, "the float firmware runs: " + out.strip(), out)

    # add_subdirectory() of the TinyAOT tree must not choose the firmware's build type.
    src = os.path.join(work, "subdir")
    os.makedirs(src)
    with open(os.path.join(src, "CMakeLists.txt"), "w") as f:
        f.write("""cmake_minimum_required(VERSION 3.20)
project(consumer C CXX)
add_subdirectory("{repo}" tinyaot EXCLUDE_FROM_ALL)
tinyaot_add_model(digits MODEL "{model}")
""".format(repo=REPO, model=MODEL))
    b = os.path.join(work, "subdir-build")
    rc, out = configure(src, b, tinyaot)
    if c.check(rc == 0, "configures with add_subdirectory() of the TinyAOT tree", out):
        cache = open(os.path.join(b, "CMakeCache.txt")).read()
        cmd = compile_command(b, "digits.cpp")
        c.check("CMAKE_BUILD_TYPE:STRING=\n" in cache and opt_flags(cmd) == ["-O2"],
                "add_subdirectory(): the build type stays unset, the model still gets -O2: %s" % opt_flags(cmd),
                re.findall(r"CMAKE_BUILD_TYPE:.*", cache))

    if shutil.which("ninja"):
        src = project(work, "multi", call.format(""))
        b = os.path.join(work, "multi-build")
        rc, out = configure(src, b, tinyaot, ["-DCMAKE_CONFIGURATION_TYPES=Debug;Release"], "Ninja Multi-Config")
        if c.check(rc == 0, "configures with Ninja Multi-Config", out):
            flags = {}
            for config in ("Debug", "Release"):
                rc, out = sh(["ninja", "-C", b, "-f", "build-%s.ninja" % config, "-t", "commands"])
                cmd = [l for l in out.splitlines() if l.rstrip().endswith("digits.cpp")]
                flags[config] = opt_flags(cmd[0]) if cmd else None
            c.check(flags == {"Debug": ["-O2"], "Release": ["-O3"]},
                    "multi-config: -O2 for Debug only, Release keeps -O3: %s" % flags)

    # --- configure-time errors ---
    errors = [
        ('QUANTIZE int8 CALIBRATION "%s"' % os.path.join(work, "missing", "calib.npy"),
         ["calibration data", os.path.join(work, "missing", "calib.npy"), "not found"],
         "a missing CALIBRATION file fails at configure time with its path"),
        ("OPTIONS --arena external", ["OPTIONS --arena", "ARENA keyword"], "OPTIONS --arena names the ARENA keyword"),
        ("OPTIONS --target=cortex-m4", ["OPTIONS --target=cortex-m4", "TARGET keyword"],
         "OPTIONS --target=... names the TARGET keyword"),
        ("OPTIONS -o elsewhere", ["OPTIONS -o", "OUTPUT_DIR keyword"], "OPTIONS -o names the OUTPUT_DIR keyword"),
        ("REPORT memory.txt", ["REPORT memory.txt", ".json or .html"], "REPORT with an unwritten extension fails"),
        ("QUANT_REPORT q.txt", ["QUANT_REPORT needs QUANTIZE int8"], "QUANT_REPORT without QUANTIZE fails"),
        ('CALIBRATION "%s"' % CALIB, ["CALIBRATION needs QUANTIZE int8"], "CALIBRATION without QUANTIZE fails"),
        ("QUANTIZE int8", ["QUANTIZE int8 needs CALIBRATION"], "QUANTIZE without CALIBRATION fails"),
    ]
    for i, (keywords, wants, what) in enumerate(errors):
        src = project(work, "error%d" % i, call.format(keywords))
        rc, out = configure(src, os.path.join(work, "error%d-build" % i), tinyaot)
        flat = " ".join(out.split())
        c.check(rc != 0 and all(w in flat for w in wants), what, out)
    return c.finish()


if __name__ == "__main__":
    sys.exit(main())
