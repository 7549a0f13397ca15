"""One reference model on one target: compile it with tinyaot, build it with the
harness, run it (under QEMU with the instruction counter), and collect the
benchmark figures. Shared by tests/target/run_case.py (ctest) and scripts/bench.

Figures (all from the actual build and run):
  instructions     executed by the one NAME_run() call (QEMU plugin, marker overhead subtracted)
  macs             Conv/Gemm/MatMul multiply-accumulates (`tinyaot inspect`)
  flash_code       .text* of the model object (kernels + run function)
  flash_weights    .rodata* of the model object (weights and other constant tables)
  ram_arena        NAME_ARENA_SIZE (the activation arena; in .bss for --arena static)
  ram_bss          .bss* of the model object minus the static arena
  ram_data         .data* of the model object
  stack            peak stack bytes measured during the run (painted stack)
  fits             flash (code + weights + data) and RAM (arena + bss + data + stack) within the
                   target's flash_bytes / ram_bytes (a typical MCU of the class; the QEMU boards have more)
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import build_and_run as bar  # noqa: E402
from targetfile import load_target  # noqa: E402

BUDGETS = os.path.join(HERE, "budgets.json")
METRICS = ["instructions", "flash_code", "flash_weights", "ram_arena", "ram_bss", "ram_data", "stack"]
TOLERANCE = 0.03          # relative: a regression beyond this fails
BYTE_SLACK = 16           # absolute bytes allowed on top, for tiny figures (alignment padding)


class CaseError(Exception):
    pass


def tinyaot_compile(tinyaot, case, target_name, gen_dir):
    cmd = [tinyaot, "compile", case.model_path(), "-o", gen_dir, "--name", case.symbol, "-q"]
    # The QEMU boards have megabytes; whether the model fits the target's
    # typical MCU is reported as `fits` instead of failing the compile.
    cmd += ["--target", target_name, "--flash-budget", "none", "--ram-budget", "none"]
    cmd += case.compile_options()
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    if r.returncode != 0:
        raise CaseError("tinyaot compile failed (exit %d): %s\n%s" % (r.returncode, " ".join(cmd), r.stdout))


_macs_cache = {}


def model_macs(tinyaot, model_path):
    if model_path not in _macs_cache:
        r = subprocess.run([tinyaot, "inspect", model_path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True)
        m = re.search(r"^total: \d+ nodes, \d+ parameters, (\d+) MACs", r.stdout, re.M)
        _macs_cache[model_path] = int(m.group(1)) if m else None
    return _macs_cache[model_path]


def header_int(header, macro):
    with open(header) as f:
        m = re.search(r"#define\s+%s\s+\(?(\d+)" % re.escape(macro), f.read())
    return int(m.group(1)) if m else None


def object_sections(target, obj):
    """code / constants / data / bss bytes of an object file (`size -A`)."""
    tc = target["toolchain"]
    size = bar.tool("size" if tc == "host" else tc + "-size")
    out = subprocess.run([size, "-A", obj], stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout
    sums = {"code": 0, "rodata": 0, "data": 0, "bss": 0}
    kinds = [(".text", "code"), (".rodata", "rodata"), (".srodata", "rodata"), (".data", "data"),
             (".sdata", "data"), (".bss", "bss"), (".sbss", "bss")]
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2 or not parts[1].isdigit():
            continue
        for prefix, kind in kinds:
            if parts[0] == prefix or parts[0].startswith(prefix + "."):
                sums[kind] += int(parts[1])
                break
    return sums


def run_case(tinyaot, case, target_name, build_root, count=True, plugin_dir=None, verbose=False, echo=False):
    """Returns the result dict (pass, figures, details). Raises CaseError when
    the model cannot be compiled or built."""
    target = load_target(target_name)
    work = os.path.join(build_root, target_name, case.name)
    gen = os.path.join(work, "gen")
    tinyaot_compile(tinyaot, case, target_name, gen)
    try:
        res = bar.run_model(target, case.symbol, gen, case.data, os.path.join(work, "fw"), count=count,
                            atol=case.atol, rtol=case.rtol, lsb=case.lsb, timeout=300.0, verbose=verbose,
                            echo=echo, plugin_dir=plugin_dir)
    except bar.BuildError as e:
        raise CaseError(str(e))
    header = os.path.join(gen, case.symbol + ".h")
    sec = object_sections(target, res["model_object"])
    arena = header_int(header, case.symbol + "_ARENA_SIZE") or 0
    opts = case.options
    external = "--arena=external" in opts or any(
        o == "--arena" and i + 1 < len(opts) and opts[i + 1] == "external" for i, o in enumerate(opts))
    out = {
        "case": case.name, "model": case.model, "target": target_name, "machine": res["machine"],
        "pass": res["pass"], "exit_code": res["exit_code"], "max_abs_err": res.get("max_abs_err"),
        "mismatches": res.get("mismatches"),
        "macs": model_macs(tinyaot, case.model_path()),
        "flash_code": sec["code"], "flash_weights": sec["rodata"],
        "ram_arena": arena, "ram_bss": sec["bss"] - (0 if external else arena), "ram_data": sec["data"],
        "weights_size": header_int(header, case.symbol + "_WEIGHTS_SIZE"),
    }
    if target["arch"] != "host":
        out["stack"] = res.get("stack_used")
        flash = out["flash_code"] + out["flash_weights"] + out["ram_data"]
        ram = out["ram_arena"] + out["ram_bss"] + out["ram_data"] + (out["stack"] or 0)
        out["fits"] = flash <= target.int("flash_bytes") and ram <= target.int("ram_bytes")
        if count:
            out["instructions"] = res.get("instructions")
            out["marker_overhead"] = res.get("marker_overhead")
            if out["instructions"] is not None and out["macs"]:
                out["instructions_per_mac"] = round(out["instructions"] / out["macs"], 3)
    if not res["pass"]:
        out["output"] = res.get("output", "")
    return out


def load_budgets(path=BUDGETS):
    if not os.path.isfile(path):
        return {}
    with open(path) as f:
        return json.load(f)


def save_budgets(budgets, path=BUDGETS):
    with open(path, "w") as f:
        json.dump(budgets, f, indent=1, sort_keys=True)
        f.write("\n")


def pinned_figures(result):
    return {k: result[k] for k in METRICS if result.get(k) is not None}


def compare_budget(result, pinned, tolerance=TOLERANCE):
    """Returns (regressions, improvements): lists of human-readable lines."""
    regressions, improvements = [], []
    for k in METRICS:
        if k not in pinned or result.get(k) is None:
            continue
        old, new = pinned[k], result[k]
        slack = 0 if k == "instructions" else BYTE_SLACK
        hi, lo = old * (1 + tolerance) + slack, old * (1 - tolerance) - slack
        change = "%s: %d -> %d (%+.1f%%)" % (k, old, new, 100.0 * (new - old) / old if old else 0.0)
        if new > hi:
            regressions.append(change)
        elif new < lo:
            improvements.append(change)
    return regressions, improvements
