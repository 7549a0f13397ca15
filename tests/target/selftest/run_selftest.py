#!/usr/bin/python3
"""End-to-end self-test of the target BSPs, the QEMU runner, the instruction
counter and the model test harness, on every target (or those named).

  run_selftest.py [TARGET ...] [--build-dir DIR] [--json FILE]

Per target (and per QEMU machine of the target):
  tiny         stand-in model + harness, --count        -> exit 0, PASS
  tiny-wrong   same with a wrong expected output         -> exit 1, FAIL
  qmix         int8/uint8/bool/double/int32 I/O, one output 1 LSB off -> exit 0
  qmix-lsb0    (host only) same with --lsb 0             -> exit 1
  bsp          bsp_selftest.c: printf, libm, FPU/DSP/MVE, stack, exact count -> exit 0
  bsp-fault    bsp_selftest.c provoking a fault          -> exit 3
  bsp-big      2 MiB constants + 300 KiB arena (not microbit) -> exit 0
  bsp-stkof    (Armv8-M) endless recursion trapped by MSPLIM  -> exit 3
  bsp-hang     (cortex-m4 only) endless loop, 3 s timeout -> exit 124
  cmake        (cortex-m4, riscv32imac) tiny harness built via targets/cmake -> exit 0
Ends with the line `selftest: N passed, N failed`.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

import numpy as np
from onnx import TensorProto, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(TESTS))
sys.path.insert(0, TESTS)
import build_and_run as bar  # noqa: E402
from targetfile import all_targets, load_target  # noqa: E402
import run as qemu_run  # noqa: E402

PY = sys.executable or "/usr/bin/python3"
PRINTF_LINES = [
    "selftest: -7 42 0x0000abcd str z    12|3   |%",
    "selftest: floats 3.14159 1e-07 1.23457e+08 -0.000123456 100",
    "selftest: 64-bit -1234567890123 123456789abcdef",
]
COUNT_LOOP = {"arm": 305, "riscv": 205}


class Results:
    def __init__(self):
        self.rows = []

    def add(self, target, machine, test, ok, detail):
        self.rows.append({"target": target, "machine": machine, "test": test, "ok": ok, "detail": detail})
        print("selftest: %-4s %-14s %-12s %-11s %s" % ("ok" if ok else "FAIL", target, machine, test, detail))
        sys.stdout.flush()


def available(target):
    tc = target["toolchain"]
    tools = ["gcc", "g++"] if tc == "host" else [tc + "-gcc", tc + "-g++"]
    if target["arch"] != "host":
        tools.append(qemu_run.qemu_binary(target))
    return [t for t in tools if not shutil.which(t)]


def wrong_data(build_dir):
    """Copy of the tiny test data with output_0[1] off by 0.01."""
    src = os.path.join(HERE, "test_data_set_0")
    dst = os.path.join(build_dir, "wrong", "test_data_set_0")
    os.makedirs(dst, exist_ok=True)
    for f in os.listdir(src):
        shutil.copy(os.path.join(src, f), dst)
    t = TensorProto()
    with open(os.path.join(src, "output_0.pb"), "rb") as fh:
        t.ParseFromString(fh.read())
    arr = numpy_helper.to_array(t).copy()
    arr.flat[1] += np.float32(0.01)
    with open(os.path.join(dst, "output_0.pb"), "wb") as fh:
        fh.write(numpy_helper.from_array(arr, t.name).SerializeToString())
    return dst


def run_tiny(res, tname, machine, build_dir, data, want_rc, test, model="tiny", extra=()):
    jf = os.path.join(build_dir, "result.json")
    if os.path.exists(jf):
        os.unlink(jf)
    gen_dir = HERE if model == "tiny" else os.path.join(HERE, model)
    cmd = [PY, os.path.join(TESTS, "build_and_run.py"), "--target", tname, "--name", model,
           "--gen-dir", gen_dir, "--data", data, "--count", "--json", jf, "--build-dir", build_dir] + list(extra)
    if machine != "auto":
        cmd += ["--machine", machine]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    info = json.load(open(jf)) if os.path.exists(jf) else {}
    ok = p.returncode == want_rc and ("PASS" if want_rc == 0 else "FAIL") in p.stdout
    detail = "exit %d" % p.returncode
    if "instructions" in info:
        detail += ", instructions=%d, marker_overhead=%d" % (info["instructions"], info["marker_overhead"])
    if info.get("stack_used") is not None:
        detail += ", stack=%d B" % info["stack_used"]
    if info.get("machine"):
        detail += " [%s]" % info["machine"]
    if not ok:
        detail += "\n" + p.stdout
    res.add(tname, machine, test, ok, detail)
    return info


def run_bsp(res, target, machine, build_dir, mode, want_rc, timeout=30.0):
    test = {0: "bsp", 1: "bsp-fault", 2: "bsp-hang", 3: "bsp-big", 4: "bsp-stkof"}[mode]
    bdir = os.path.join(build_dir, test)
    os.makedirs(bdir, exist_ok=True)
    try:
        elf, m, _ = bar.build_firmware(target, bdir, "bsp_selftest", [os.path.join(HERE, "bsp_selftest.c")], [],
                                       [], ["-DBSP_SELFTEST_MODE=%d" % mode],
                                       None if machine == "auto" else machine)
    except bar.BuildError as e:
        res.add(target["name"], machine, test, False, "build error: %s" % e)
        return
    r = qemu_run.run_firmware(target["name"], elf, count=target["arch"] != "host", timeout=timeout,
                              machine=None if m == "host" else m, quiet=True, echo=False)
    out = r["output"]
    problems = []
    if r["exit_code"] != want_rc:
        problems.append("exit %d, want %d" % (r["exit_code"], want_rc))
    if mode == 0:
        problems += ["missing line %r" % l for l in PRINTF_LINES if l not in out.splitlines()]
        want = COUNT_LOOP.get(target["arch"])
        if want is not None and r.get("instructions") != want:
            problems.append("instructions=%s, want %d" % (r.get("instructions"), want))
        if target["helium"] == "yes" and "helium ok" not in out:
            problems.append("Helium test did not run")
    if mode in (1, 4) and "bsp: FAULT" not in out:
        problems.append("no fault report")
    if mode == 4 and "STKOF" not in out:
        problems.append("no stack overflow report")
    if mode == 3 and "selftest: PASS" not in out:
        problems.append("no PASS")
    detail = "exit %d" % r["exit_code"]
    if "instructions" in r:
        detail += ", count_loop instructions=%d, marker_overhead=%d, insn_total=%d, %.2f s" % (
            r["instructions"], r["marker_overhead"], r.get("total_instructions", 0), r["wall_seconds"])
    detail += " [%s]" % m
    if problems:
        detail += ": " + "; ".join(problems) + "\n" + out
    res.add(target["name"], machine, test, not problems, detail)


def run_cmake(res, target, build_dir):
    """Builds the tiny harness through targets/cmake/<toolchain>.cmake."""
    tc = {"arm": "arm-none-eabi", "riscv": "riscv"}[target["arch"]]
    bdir = os.path.join(build_dir, "cmake")
    os.makedirs(bdir, exist_ok=True)
    data_c = os.path.join(bdir, "harness_data.c")
    with open(data_c, "w") as f:
        f.write(bar.make_harness.generate("tiny", os.path.join(HERE, "tiny.h"),
                                          os.path.join(HERE, "test_data_set_0")))
    steps = [["cmake", "-S", os.path.join(HERE, "cmake"), "-B", bdir,
              "-DCMAKE_TOOLCHAIN_FILE=" + os.path.join(REPO, "targets", "cmake", tc + ".cmake"),
              "-DTINYAOT_TARGET=" + target["name"], "-DHARNESS_DATA=" + data_c],
             ["cmake", "--build", bdir]]
    for cmd in steps:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
        if p.returncode:
            res.add(target["name"], "auto", "cmake", False, "%s failed\n%s" % (cmd[:2], p.stdout))
            return
    r = qemu_run.run_firmware(target["name"], os.path.join(bdir, "tiny_fw.elf"), count=True, quiet=True, echo=False)
    ok = r["exit_code"] == 0 and "PASS" in r["output"]
    res.add(target["name"], "auto", "cmake", ok, "exit %d, instructions=%s" % (r["exit_code"], r.get("instructions")))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("targets", nargs="*", help="default: all targets/*.target")
    ap.add_argument("--build-dir", default=os.path.join(REPO, "build", "target-selftest"))
    ap.add_argument("--json", help="write all results to this JSON file")
    a = ap.parse_args()
    a.build_dir = os.path.abspath(a.build_dir)
    res = Results()
    data = os.path.join(HERE, "test_data_set_0")
    for tname in a.targets or all_targets():
        target = load_target(tname)
        missing = available(target)
        if missing:
            res.add(tname, "-", "toolchain", False, "missing %s: run scripts/setup.sh" % ", ".join(missing))
            continue
        machines = ["auto"]
        if target.get("qemu_machine_small"):
            machines = [target["qemu_machine_small"], target["qemu_machine"]]
        for machine in machines:
            bdir = os.path.join(a.build_dir, tname, machine)
            os.makedirs(bdir, exist_ok=True)
            run_tiny(res, tname, machine, os.path.join(bdir, "tiny"), data, 0, "tiny")
            run_tiny(res, tname, machine, os.path.join(bdir, "tiny-wrong"), wrong_data(bdir), 1, "tiny-wrong")
            qdata = os.path.join(HERE, "qmix", "test_data_set_0")
            run_tiny(res, tname, machine, os.path.join(bdir, "qmix"), qdata, 0, "qmix", "qmix")
            if tname == "host":
                run_tiny(res, tname, machine, os.path.join(bdir, "qmix"), qdata, 1, "qmix-lsb0", "qmix", ["--lsb", "0"])
            run_bsp(res, target, machine, bdir, 0, 0)
            if target["arch"] != "host":
                run_bsp(res, target, machine, bdir, 1, 3)
            if target["arch"] != "host" and machine != "microbit":
                run_bsp(res, target, machine, bdir, 3, 0)
            if tname in ("cortex-m33", "cortex-m55"):
                run_bsp(res, target, machine, bdir, 4, 3)
            if tname == "cortex-m4":
                run_bsp(res, target, machine, bdir, 2, 124, timeout=3.0)
            if tname in ("cortex-m4", "riscv32imac") and shutil.which("cmake"):
                run_cmake(res, target, bdir)
    passed = sum(r["ok"] for r in res.rows)
    failed = len(res.rows) - passed
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res.rows, f, indent=1)
    print("selftest: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
