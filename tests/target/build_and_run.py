#!/usr/bin/python3
"""Cross-compile a generated model with the test harness and run it.

  build_and_run.py --target cortex-m4 --name NAME --gen-dir OUT --data DIR \
      [--count] [--json FILE] [--atol A --rtol R --lsb N] [--machine M]

Builds harness_main.c + harness_data.c (from make_harness.py) + OUT/NAME.cpp
+ the BSP with -O2 -Wall -Wextra -Werror, links it for the target's QEMU
board, runs it (natively for --target host) and prints pass/fail, the
instruction count (--count), the size of the model object and the stack
high-water mark. Exit status: the firmware's (0 pass, 1 fail, 3 fault,
124 timeout) or 2 for build errors. DIR is a test_data_set_N directory or a
directory containing test_data_set_0.
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
TARGETS = os.path.join(REPO, "targets")
BSP = os.path.join(TARGETS, "bsp")
sys.path.insert(0, TARGETS)
sys.path.insert(0, os.path.join(TARGETS, "qemu"))
sys.path.insert(0, HERE)
from targetfile import load_target  # noqa: E402
import make_harness  # noqa: E402
import run as qemu_run  # noqa: E402

WARN = ["-Wall", "-Wextra", "-Werror"]
COMMON = ["-O2", "-ffunction-sections", "-fdata-sections"] + WARN
LINK_OVERFLOW = ("overflowed by", "will not fit in region", "RAM overflow", "not enough RAM")


class BuildError(Exception):
    pass


def tool(name):
    path = shutil.which(name)
    if not path:
        raise BuildError("%s not found: run scripts/setup.sh" % name)
    return path


def sh(cmd, verbose):
    if verbose:
        print("+ " + " ".join(cmd))
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    return r.returncode, r.stdout


def must(cmd, verbose):
    rc, out = sh(cmd, verbose)
    if rc != 0:
        raise BuildError("command failed: %s\n%s" % (" ".join(cmd), out))
    if out.strip():
        sys.stdout.write(out)


def toolchain(target):
    tc = target["toolchain"]
    if tc == "host":
        return tool("gcc"), tool("g++"), tool("size")
    return tool(tc + "-gcc"), tool(tc + "-g++"), tool(tc + "-size")


def size_of(size_tool, path):
    out = subprocess.run([size_tool, path], stdout=subprocess.PIPE, universal_newlines=True,
                         check=True).stdout.splitlines()
    text, data, bss = (int(x) for x in out[1].split()[:3])
    return {"text": text, "data": data, "bss": bss}


def resolve_data_dir(d):
    if os.path.isdir(os.path.join(d, "test_data_set_0")) and not any(
            f.endswith(".pb") for f in os.listdir(d)):
        return os.path.join(d, "test_data_set_0")
    return d


def build_firmware(target, build_dir, out_name, c_srcs, cxx_srcs, incs, defs, machine=None, verbose=False):
    """Compiles and links test firmware for `target`. Without `machine`, links
    for the target's small QEMU machine when the firmware fits there, else for
    its main machine. Returns (elf path, machine, {source: object})."""
    cc, cxx, _ = toolchain(target)
    cflags = target["cflags"].split()
    host = target["arch"] == "host"
    incs = ["-I" + BSP] + ["-I" + os.path.abspath(i) for i in incs]
    c_srcs = list(c_srcs) + [os.path.join(BSP, "bsp_common.c")]
    if host:
        c_srcs.append(os.path.join(BSP, "host", "bsp_host.c"))
        defs = list(defs) + ["-DBSP_HOST"]
    else:
        c_srcs.append(os.path.join(BSP, target["arch"], "startup_%s.c" % target["arch"]))
    objs = {}
    for s in c_srcs + list(cxx_srcs):
        o = os.path.join(build_dir, os.path.splitext(os.path.basename(s))[0] + ".o")
        if s.endswith(".c"):
            must([cc] + cflags + COMMON + ["-std=c99"] + incs + defs + ["-c", s, "-o", o], verbose)
        else:
            must([cxx] + cflags + COMMON + ["-std=c++11", "-fno-exceptions", "-fno-rtti"] + incs
                 + ["-c", s, "-o", o], verbose)
        objs[s] = o
    elf = os.path.join(build_dir, out_name + (".elf" if not host else ""))
    if host:
        must([cxx] + list(objs.values()) + ["-lm", "-o", elf], verbose)
        return elf, "host", objs
    machines = [machine] if machine else [m for m in (target.get("qemu_machine_small"), target["qemu_machine"]) if m]
    for i, m in enumerate(machines):
        ld = os.path.join(BSP, "ld", m + ".ld")
        if not os.path.isfile(ld):
            raise BuildError("no linker script %s" % ld)
        cmd = [cxx] + cflags + ["-nostartfiles"]
        if target["arch"] == "arm":    # newlib-nano; libnosys stubs for unused syscalls
            cmd += ["--specs=nano.specs", "--specs=nosys.specs"]
        else:                          # picolibc (in cflags); no libstdc++ for this toolchain
            cmd[0] = cc
        cmd += (["-Wl,--gc-sections", "-Wl,-Map=" + elf + ".map", "-L" + os.path.join(BSP, "ld"),
                 "-T", os.path.basename(ld)] + list(objs.values()) + ["-lm", "-o", elf])
        rc, out = sh(cmd, verbose)
        if rc == 0:
            if out.strip():
                sys.stdout.write(out)
            return elf, m, objs
        if i + 1 < len(machines) and any(s in out for s in LINK_OVERFLOW):
            print("build_and_run: firmware does not fit %s, using %s" % (m, machines[i + 1]))
            continue
        raise BuildError("link failed: %s\n%s" % (" ".join(cmd), out))
    raise BuildError("no machine to link for")


def build(target, build_dir, name, gen_dir, data, atol=1e-4, rtol=1e-3, lsb=None, machine=None, verbose=False,
          dump=False):
    """Builds the harness firmware of a generated model (dump: the firmware
    prints its raw outputs). Returns (elf, machine, size tool, model object)."""
    header = os.path.join(gen_dir, name + ".h")
    source = os.path.join(gen_dir, name + ".cpp")
    for f in (header, source):
        if not os.path.isfile(f):
            raise BuildError("%s not found" % f)
    data_c = os.path.join(build_dir, "harness_data.c")
    try:
        src = make_harness.generate(name, header, resolve_data_dir(data), atol, rtol, lsb)
    except make_harness.HarnessError as e:
        raise BuildError("make_harness: %s" % e)
    with open(data_c, "w") as f:
        f.write(src)
    defs = ["-DTA_MODEL=" + name, '-DTA_MODEL_HEADER="%s.h"' % name] + (["-DTA_DUMP_OUTPUTS"] if dump else [])
    elf, machine, objs = build_firmware(target, build_dir, name, [os.path.join(HERE, "harness_main.c"), data_c],
                                        [source], [HERE, gen_dir], defs, machine, verbose)
    return elf, machine, toolchain(target)[2], objs[source]


RESULT_RE = re.compile(r"ta_result: pass=(\d) rc=(-?\d+) mismatches=(\d+) max_abs_err=(\S+) stack_used=(\d+)")
DUMP_RE = re.compile(r"^ta_dump: (\d+) (\d+) ([0-9a-f]*)$", re.M)


def parse_dump(output):
    """The raw output bytes printed by a -DTA_DUMP_OUTPUTS harness: [bytes per output]."""
    chunks = {}
    for m in DUMP_RE.finditer(output):
        chunks.setdefault(int(m.group(1)), []).append((int(m.group(2)), bytes.fromhex(m.group(3))))
    out = []
    for k in range(len(chunks)):
        data = b""
        for off, b in sorted(chunks.get(k, [])):
            if off != len(data):
                raise BuildError("output %d dump has a gap at byte %d" % (k, len(data)))
            data += b
        out.append(data)
    return out


def run_model(target, name, gen_dir, data, build_dir, count=False, atol=1e-4, rtol=1e-3, lsb=None, machine=None,
              timeout=120.0, verbose=False, echo=True, plugin_dir=None, dump=False):
    """Builds and runs one generated model. Returns the result dict (see
    --json); raises BuildError when it cannot be built. With dump, res["dump"]
    holds the raw bytes of every output."""
    os.makedirs(build_dir, exist_ok=True)
    elf, machine, size_tool, model_o = build(target, build_dir, name, gen_dir, data, atol, rtol, lsb, machine,
                                             verbose, dump)
    model = size_of(size_tool, model_o)
    firmware = size_of(size_tool, elf)
    if echo:
        print("build_and_run: %s on %s (%s): model text=%d data=%d bss=%d; firmware text=%d data=%d bss=%d"
              % (name, target["name"], machine, model["text"], model["data"], model["bss"],
                 firmware["text"], firmware["data"], firmware["bss"]))
    kw = {"plugin_dir": plugin_dir} if plugin_dir else {}
    res = qemu_run.run_firmware(target["name"], elf, count=count and target["arch"] != "host",
                                timeout=timeout, machine=None if machine == "host" else machine,
                                quiet=not verbose, echo=echo, **kw)
    m = RESULT_RE.search(res.get("output", ""))
    res.update({"name": name, "machine": machine, "model_size": model, "firmware_size": firmware,
                "model_object": model_o, "pass": res["exit_code"] == 0 and bool(m and m.group(1) == "1")})
    if m:
        res.update({"mismatches": int(m.group(3)), "max_abs_err": float(m.group(4)),
                    "stack_used": int(m.group(5)) if target["arch"] != "host" else None})
    if dump:
        res["dump"] = parse_dump(res.get("output", ""))
    return res


def summary_line(res, target):
    s = "build_and_run: %s %s on %s: %s (exit %d)" % (
        res["name"], target["name"], res["machine"], "PASS" if res["pass"] else "FAIL", res["exit_code"])
    if "instructions" in res:
        s += ", instructions=%d (marker overhead %d)" % (res["instructions"], res["marker_overhead"])
    if res.get("stack_used") is not None:
        s += ", stack=%d B" % res["stack_used"]
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--target", required=True)
    ap.add_argument("--name", required=True, help="model name (NAME.h, NAME.cpp, NAME_run)")
    ap.add_argument("--gen-dir", required=True, help="directory with the generated NAME.h and NAME.cpp")
    ap.add_argument("--data", required=True, help="test_data_set_N directory (or its parent)")
    ap.add_argument("--count", action="store_true", help="count instructions of the NAME_run call")
    ap.add_argument("--json", metavar="FILE", help="append one JSON line with the results to FILE")
    ap.add_argument("--atol", type=float, default=1e-4)
    ap.add_argument("--rtol", type=float, default=1e-3)
    ap.add_argument("--lsb", type=int, default=None, help="integer tolerance (default: 1 quantized, 0 other)")
    ap.add_argument("--machine", help="QEMU machine (default: the target's small machine if the firmware fits)")
    ap.add_argument("--build-dir", help="default: build/target-tests/TARGET/NAME in the repo")
    ap.add_argument("--plugin-dir", help="where the insn_count plugin is built (default: see run.py)")
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("-v", "--verbose", action="store_true", help="echo build commands")
    a = ap.parse_args()

    target = load_target(a.target)
    build_dir = os.path.abspath(a.build_dir or os.path.join(REPO, "build", "target-tests", target["name"], a.name))
    try:
        res = run_model(target, a.name, a.gen_dir, a.data, build_dir, a.count, a.atol, a.rtol, a.lsb, a.machine,
                        a.timeout, a.verbose, plugin_dir=a.plugin_dir)
    except BuildError as e:
        sys.stderr.write("build_and_run: error: %s\n" % e)
        sys.exit(2)
    res.pop("output", None)
    print(summary_line(res, target))
    if a.json:
        with open(a.json, "a") as f:
            f.write(json.dumps(res, sort_keys=True) + "\n")
    sys.exit(res["exit_code"])


if __name__ == "__main__":
    main()
