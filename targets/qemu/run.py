#!/usr/bin/python3
"""Run TinyAOT test firmware under QEMU (or natively for the host target).

  run.py --target cortex-m4 firmware.elf [--count] [--timeout 60] [--json FILE]

Guest output (semihosting) is streamed to stdout; the exit status is the
guest's exit code (124 on timeout). With --count the insn_count plugin
measures the bsp_bench_begin()..bsp_bench_end() regions and prints
`instructions: N` = region[1] - region[0] (firmware runs an empty region
first, so the marker overhead cancels exactly). --json FILE appends one JSON
line with the results.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.dirname(HERE))
from targetfile import load_target  # noqa: E402

# TINYAOT_PLUGIN_DIR overrides (the CMake tests point it into their build tree).
DEFAULT_PLUGIN_DIR = os.environ.get("TINYAOT_PLUGIN_DIR") or os.path.join(REPO, "build", "qemu-plugin")
SETUP_HINT = "run scripts/setup.sh"
# Boards that instantiate a NIC always warn about it; that is noise.
NOISE = ("has no peer",)


def die(msg, code=2):
    sys.stderr.write("run.py: error: %s\n" % msg)
    sys.exit(code)


def need_tool(name):
    path = shutil.which(name)
    if not path:
        die("%s not found: %s" % (name, SETUP_HINT))
    return path


def qemu_binary(target):
    if target.get("qemu_system"):
        return target["qemu_system"]
    return {"arm": "qemu-system-arm", "riscv": "qemu-system-riscv32"}[target["arch"]]


def elf_symbols(target, elf):
    nm = need_tool(target["toolchain"] + "-nm")
    out = subprocess.run([nm, elf], stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout
    syms = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms[parts[2]] = int(parts[0], 16)
    return syms


def machine_for(target, syms, requested=None):
    allowed = [m for m in (target.get("qemu_machine"), target.get("qemu_machine_small")) if m]
    if requested:
        machine = requested
    else:
        linked = [s[len("__bsp_machine_"):].replace("_", "-") for s in syms if s.startswith("__bsp_machine_")]
        machine = linked[0] if linked else target["qemu_machine"]
    if machine not in allowed:
        die("machine %r is not one of target %s's machines (%s)" % (machine, target["name"], ", ".join(allowed)))
    return machine


def build_plugin(plugin_dir):
    so = os.path.join(plugin_dir, "insn_count.so")
    srcs = [os.path.join(HERE, f) for f in ("insn_count.c", "qemu_plugin_min.h")]
    if not os.path.exists(so) or any(os.path.getmtime(s) > os.path.getmtime(so) for s in srcs):
        need_tool("gcc")
        r = subprocess.run(["bash", os.path.join(HERE, "build_plugin.sh"), plugin_dir],
                           stdout=subprocess.DEVNULL)
        if r.returncode != 0:
            die("building the insn_count plugin failed")
    return so


def qemu_command(target, machine, elf, plugin_arg=None):
    cmd = [need_tool(qemu_binary(target)), "-M", machine]
    if target.get("qemu_cpu"):
        cmd += ["-cpu", target["qemu_cpu"]]
    cmd += target.list("qemu_args")
    cmd += ["-display", "none", "-monitor", "none", "-serial", "none", "-parallel", "none",
            "-nodefaults", "-chardev", "stdio,id=semi,signal=off",
            "-semihosting-config", "enable=on,target=native,chardev=semi",
            "-kernel", elf]
    if plugin_arg:
        cmd += ["-plugin", plugin_arg]
    return cmd


def parse_counts(text):
    res = {"regions": []}
    for line in text.splitlines():
        key, _, val = line.partition(":")
        val = val.split()
        if key == "insn_region" and len(val) == 2:
            res["regions"].append(int(val[1]))
        elif key == "insn_total" and val:
            res["total_instructions"] = int(val[0])
        elif key == "insn_unterminated_region":
            res["unterminated_region"] = True
    regs = res["regions"]
    if len(regs) >= 2:
        res["marker_overhead"] = regs[0]
        res["instructions"] = regs[1] - regs[0]
    elif len(regs) == 1:
        res["instructions_raw"] = regs[0]   # no empty calibration region
    return res


def run_firmware(target_name, elf, count=False, timeout=60.0, machine=None,
                 plugin_dir=DEFAULT_PLUGIN_DIR, quiet=False, echo=True):
    """Runs the firmware; guest output goes to this process's stdout (if echo)
    and is returned in res["output"].
    Returns a result dict (exit_code, machine, instructions, ...)."""
    target = load_target(target_name)
    if not os.path.isfile(elf):
        die("firmware %s not found" % elf)
    res = {"target": target["name"], "elf": os.path.abspath(elf)}
    counts_file = None
    if target["arch"] == "host":
        res["machine"] = "host"
        cmd = [os.path.abspath(elf)]
    else:
        syms = elf_symbols(target, elf)
        res["machine"] = machine_for(target, syms, machine)
        plugin_arg = None
        if count:
            if "bsp_bench_begin" not in syms or "bsp_bench_end" not in syms:
                die("--count: %s has no bsp_bench_begin/bsp_bench_end symbols" % elf)
            so = build_plugin(plugin_dir)
            fd, counts_file = tempfile.mkstemp(prefix="insn_count_", suffix=".txt")
            os.close(fd)
            plugin_arg = "%s,begin=0x%x,end=0x%x,out=%s" % (
                so, syms["bsp_bench_begin"] & ~1, syms["bsp_bench_end"] & ~1, counts_file)
        cmd = qemu_command(target, res["machine"], elf, plugin_arg)
    if not quiet:
        sys.stderr.write("run.py: %s\n" % " ".join(cmd))
    sys.stdout.flush()
    t0 = time.time()
    out_lines = []

    def pump(stream):  # stream guest output through while keeping a copy
        for line in iter(stream.readline, b""):
            if echo:
                sys.stdout.write(line.decode("utf-8", "replace"))
                sys.stdout.flush()
            out_lines.append(line)

    with tempfile.TemporaryFile(mode="w+") as err:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err)
        reader = threading.Thread(target=pump, args=(proc.stdout,), daemon=True)
        reader.start()
        try:
            rc = proc.wait(timeout=timeout)
            res["timed_out"] = False
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            rc = 124
            res["timed_out"] = True
            sys.stderr.write("run.py: TIMEOUT: killed %s after %g s (guest hung, looping or "
                             "locked up)\n" % (os.path.basename(cmd[0]), timeout))
        reader.join(5)
        err.seek(0)
        for line in err:
            if not any(n in line for n in NOISE):
                sys.stderr.write(line)
    res["output"] = b"".join(out_lines).decode("utf-8", "replace")
    res["wall_seconds"] = round(time.time() - t0, 3)
    if rc < 0:
        sys.stderr.write("run.py: %s died with signal %d\n" % (os.path.basename(cmd[0]), -rc))
        rc = 128 - rc
    res["exit_code"] = rc
    if counts_file:
        with open(counts_file) as f:
            res.update(parse_counts(f.read()))
        os.unlink(counts_file)
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("elf", help="firmware ELF (or native executable for --target host)")
    ap.add_argument("--target", required=True, help="target name (targets/NAME.target) or path")
    ap.add_argument("--count", action="store_true", help="count instructions between the bench markers")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before QEMU is killed (default 60)")
    ap.add_argument("--machine", help="QEMU machine (default: the one the ELF was linked for)")
    ap.add_argument("--json", metavar="FILE", help="append one JSON line with the results to FILE")
    ap.add_argument("--plugin-dir", default=DEFAULT_PLUGIN_DIR, help="where insn_count.so is built")
    ap.add_argument("-q", "--quiet", action="store_true", help="do not echo the QEMU command line")
    a = ap.parse_args()
    res = run_firmware(a.target, a.elf, a.count, a.timeout, a.machine, a.plugin_dir, a.quiet)
    if a.count:
        if "instructions" in res:
            print("instructions: %d" % res["instructions"])
            print("marker_overhead: %d" % res["marker_overhead"])
        elif "instructions_raw" in res:
            print("instructions_raw: %d (single region, marker overhead not subtracted)" % res["instructions_raw"])
        elif res["exit_code"] == 0:
            sys.stderr.write("run.py: --count: the firmware ran no bsp_bench_begin/end region\n")
    if a.json:
        res.pop("output", None)
        with open(a.json, "a") as f:
            f.write(json.dumps(res, sort_keys=True) + "\n")
    sys.exit(res["exit_code"])


if __name__ == "__main__":
    main()
