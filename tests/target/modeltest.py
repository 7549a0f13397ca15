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

Cases with `exact` (the int8 variants: integer arithmetic) are checked in two
steps, see host_reference(): the generated code built for the host must match
the case's reference (ONNX Runtime's float output, within the case's
quantization tolerance) and equal, bit for bit, the same model compiled for
the host (reference kernels); the target run must then reproduce the host
outputs bit for bit (zero tolerance).
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np

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


def load_pb(path):
    from onnx import TensorProto, numpy_helper
    t = TensorProto()
    with open(path, "rb") as f:
        t.ParseFromString(f.read())
    return t.name, numpy_helper.to_array(t)


def differing(a, b, itemsize):
    """Number of differing elements of two raw output buffers of the same size."""
    x = np.frombuffer(a, dtype=np.uint8).reshape(-1, itemsize)
    y = np.frombuffer(b, dtype=np.uint8).reshape(-1, itemsize)
    return int(np.any(x != y, axis=1).sum())


def same_file(a, b):
    if not os.path.isfile(b):
        return False
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def host_reference(tinyaot, case, target, gen, work, verbose=False):
    """The exact reference of an `exact` case on a QEMU target. Builds the
    target's generated code (its kernel variants, e.g. armdsp with the SMLAD
    instructions emulated) with the host compiler, runs it on test_data_set_0
    and requires (1) ONNX Runtime's float output within the case's tolerance
    (a broken quantizer fails here) and (2) bit-identical outputs to the model
    compiled with --target host (reference kernels only). Writes the host
    outputs as a test_data_set (the input and output_<k>.pb) for the target run
    to match exactly. Returns (data dir, max abs error vs ONNX Runtime)."""
    host = load_target("host")
    data = bar.resolve_data_dir(case.data)
    runs = []
    for tag, gen_dir in (("host-build", gen), ("host-ref", os.path.join(work, "gen-host"))):
        if tag == "host-ref":
            tinyaot_compile(tinyaot, case, "host", gen_dir)
            if all(same_file(os.path.join(gen, f), os.path.join(gen_dir, f)) for f in os.listdir(gen)):
                runs.append(runs[0])  # the target uses the reference kernels: the same code
                continue
        try:
            res = bar.run_model(host, case.symbol, gen_dir, data, os.path.join(work, tag), atol=case.atol,
                                rtol=case.rtol, lsb=case.lsb, timeout=300.0, verbose=verbose, echo=verbose,
                                dump=True)
        except bar.BuildError as e:
            raise CaseError("%s: %s" % (tag, e))
        if not res["pass"]:
            raise CaseError("%s: the %s code built for the host does not match %s within atol=%g rtol=%g:\n%s" % (
                tag, target["name"] if tag == "host-build" else "host", os.path.relpath(data, REPO), case.atol,
                case.rtol, res.get("output", "")))
        if len(res["dump"]) != len(glob.glob(os.path.join(data, "output_*.pb"))):
            raise CaseError("%s: %d outputs dumped" % (tag, len(res["dump"])))
        runs.append(res)
    outputs = sorted(glob.glob(os.path.join(data, "output_*.pb")), key=lambda f: int(re.findall(r"\d+", f)[-1]))
    expected = os.path.join(work, "expected", "test_data_set_0")
    os.makedirs(expected, exist_ok=True)
    for f in glob.glob(os.path.join(expected, "*.pb")):
        os.remove(f)
    for f in glob.glob(os.path.join(data, "input_*.pb")):
        shutil.copyfile(f, os.path.join(expected, os.path.basename(f)))
    from onnx import numpy_helper
    for k, f in enumerate(outputs):
        name, ref = load_pb(f)
        got, want = runs[0]["dump"][k], runs[1]["dump"][k]
        if len(got) != ref.nbytes or len(want) != ref.nbytes:
            raise CaseError("output %d: %d and %d bytes dumped, the reference has %d" % (
                k, len(got), len(want), ref.nbytes))
        if got != want:
            raise CaseError("output %d: %d of %d elements of the %s code (%s kernels) differ from the reference "
                            "kernels' on the host" % (k, differing(got, want, ref.itemsize), ref.size, target["name"],
                                                      target["kernels"]))
        arr = np.frombuffer(got, dtype=ref.dtype.newbyteorder("<")).reshape(ref.shape)
        with open(os.path.join(expected, os.path.basename(f)), "wb") as fh:
            fh.write(numpy_helper.from_array(arr.astype(ref.dtype), name).SerializeToString())
    return expected, runs[0].get("max_abs_err")


def run_case(tinyaot, case, target_name, build_root, count=True, plugin_dir=None, verbose=False, echo=False):
    """Returns the result dict (pass, figures, details). Raises CaseError when
    the model cannot be compiled or built (or, for `exact` cases, when the
    host build misses the reference)."""
    target = load_target(target_name)
    work = os.path.join(build_root, target_name, case.name)
    gen = os.path.join(work, "gen")
    tinyaot_compile(tinyaot, case, target_name, gen)
    data, atol, rtol, lsb, host_err = case.data, case.atol, case.rtol, case.lsb, None
    if case.exact and target["arch"] != "host":
        data, host_err = host_reference(tinyaot, case, target, gen, work, verbose)
        atol, rtol, lsb = 0.0, 0.0, 0
    try:
        res = bar.run_model(target, case.symbol, gen, data, os.path.join(work, "fw"), count=count,
                            atol=atol, rtol=rtol, lsb=lsb, timeout=300.0, verbose=verbose,
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
        "reference": "host build, bit-exact" if host_err is not None else "onnxruntime",
        "host_max_abs_err": host_err,
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
