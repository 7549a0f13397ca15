"""Compile a model with tinyaot, build the generated code with harness.cpp
under the strict flags, run it, and compare outputs. Shared by
run_conformance.py and run_external.py."""
import os
import re
import subprocess

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.join(HERE, "harness.cpp")
CXXFLAGS = ["-std=c++11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fno-exceptions", "-fno-rtti", "-O1"]
COMPILE_TIMEOUT, BUILD_TIMEOUT, RUN_TIMEOUT = 120, 300, 60

PASSED, FAILED, BUILD, COMPILE, REJECTED = "passed", "failed", "failed to build", "failed to compile", "rejected"

# ONNX TensorProto data type -> numpy type.
DTYPES = {1: np.float32, 2: np.uint8, 3: np.int8, 4: np.uint16, 5: np.int16, 6: np.int32, 7: np.int64,
          9: np.bool_, 10: np.float16, 11: np.float64, 12: np.uint32, 13: np.uint64}
DIAG = re.compile(r": error: ")


def run_tool(cmd, timeout, cwd=None):
    """(exit code or None on timeout, stdout, stderr)."""
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                           timeout=timeout, cwd=cwd, errors="replace")
        return r.returncode, r.stdout, r.stderr
    except subprocess.TimeoutExpired:
        return None, "", "timed out after %d s" % timeout


def first_diagnostic(stderr):
    for line in stderr.splitlines():
        if DIAG.search(line) or line.startswith("error: "):
            return line.strip()
    lines = [l for l in stderr.splitlines() if l.strip()]
    return lines[0].strip() if lines else ""


def compile_model(tinyaot, model_path, gen_dir, extra=()):
    """Runs `tinyaot compile --name model`. Returns (outcome, detail) with
    outcome None on success, REJECTED for a clean diagnostic (exit 1 with
    `...: error: ...`), COMPILE for anything else: a crash, a timeout, an
    exit code other than 0/1, exit 1 without a diagnostic, or an internal
    error."""
    rc, out, err = run_tool([tinyaot, "compile", model_path, "-o", gen_dir, "--name", "model", "-q"] + list(extra),
                            COMPILE_TIMEOUT)
    if rc is None:
        return COMPILE, "tinyaot " + err
    if rc == 1:
        diag = first_diagnostic(err)
        if diag.startswith(model_path + ": "):
            diag = diag[len(model_path) + 2:]
        if not (DIAG.search(diag) or diag.startswith("error: ")):
            return COMPILE, "exit 1 without an error diagnostic: " + (diag or "(no output)")
        if re.search(r"error: internal", diag):
            return COMPILE, diag
        return REJECTED, diag
    if rc != 0:
        return COMPILE, "tinyaot exit %s: %s" % (rc, (err or out).strip()[-600:])
    return None, ""


def parse_header(path):
    """{"inputs": [...], "outputs": [...]}, each {bytes, dtype, shape}, from model.h's macros."""
    with open(path) as f:
        text = f.read()
    macros = dict(re.findall(r"^#define (model_\w+) (.*?)(?:\s*/\*.*)?$", text, re.M))
    io = {}
    for kind, key in (("INPUT", "inputs"), ("OUTPUT", "outputs")):
        items = []
        for i in range(int(macros["model_NUM_%sS" % kind])):
            p = "model_%s_%d_" % (kind, i)
            ndim = int(macros[p + "NDIM"])
            dims = [int(x) for x in macros[p + "SHAPE"].strip("{}").split(",")]
            items.append({"bytes": int(macros[p + "BYTES"]), "dtype": int(macros[p + "DTYPE"]),
                          "shape": dims if ndim else []})
        io[key] = items
    return io


def build(gen_dir, exe, cxx):
    """Builds gen_dir/model.cpp with harness.cpp. Returns (io, None) or (io, error text)."""
    io = parse_header(os.path.join(gen_dir, "model.h"))
    with open(os.path.join(gen_dir, "case_io.h"), "w") as f:
        for kind, key, n in (("IN", "INPUT", len(io["inputs"])), ("OUT", "OUTPUT", len(io["outputs"]))):
            f.write("#define TA_%s_BYTES {%s0}\n" % (kind, "".join("model_%s_%d_BYTES, " % (key, i) for i in range(n))))
    rc, out, err = run_tool([cxx] + CXXFLAGS + ["-I", gen_dir, os.path.join(gen_dir, "model.cpp"), HARNESS,
                             "-o", exe, "-lm"], BUILD_TIMEOUT)
    if rc == 0:
        return io, None
    if rc is None:
        return io, "build " + err
    lines = [l for l in (err + out).splitlines() if "error" in l] or (err + out).splitlines()
    return io, "\n".join(lines[:3])


def run(exe, io, arrays, work_dir):
    """Runs the built program on `arrays` (run-time inputs, header order).
    Returns (list of output arrays shaped as the header says, None) or (None, error)."""
    if len(io["inputs"]) != len(arrays):
        return None, "the header has %d inputs, the model %d run-time inputs" % (len(io["inputs"]), len(arrays))
    argv = [exe]
    for k, arr in enumerate(arrays):
        want = io["inputs"][k]
        if DTYPES.get(want["dtype"]) != arr.dtype.type or list(arr.shape) != want["shape"]:
            return None, "input %d: the header says dtype %d shape %s, the data is %s %s" % (
                k, want["dtype"], want["shape"], arr.dtype, list(arr.shape))
        p = os.path.join(work_dir, "in_%d.bin" % k)
        np.ascontiguousarray(arr).astype(arr.dtype.newbyteorder("<")).tofile(p)
        argv.append(p)
    outs = [os.path.join(work_dir, "out_%d.bin" % k) for k in range(len(io["outputs"]))]
    rc, _, err = run_tool(argv + outs, RUN_TIMEOUT)
    if rc != 0:
        return None, "the program " + ("timed out" if rc is None else "exited with %d: %s" % (rc, err.strip()))
    result = []
    for k, o in enumerate(io["outputs"]):
        dt = DTYPES.get(o["dtype"])
        if dt is None:
            return None, "output %d has dtype %d, which the harness cannot read" % (k, o["dtype"])
        result.append(np.fromfile(outs[k], dtype=np.dtype(dt).newbyteorder("<")).reshape(o["shape"]))
    return result, None


def compare(actual, expected, atol, rtol):
    """None when dtype, shape and values agree (floats within atol + rtol*|expected|,
    NaN where NaN is expected; integers and bools exactly), else a short reason."""
    if actual.dtype != expected.dtype:
        return "dtype %s, expected %s" % (actual.dtype, expected.dtype)
    if actual.shape != expected.shape:
        return "shape %s, expected %s" % (list(actual.shape), list(expected.shape))
    a, e = actual.reshape(-1), expected.reshape(-1)
    if a.dtype.kind in "fc":
        a64, e64 = a.astype(np.float64), e.astype(np.float64)
        with np.errstate(invalid="ignore"):
            ok = (np.abs(a64 - e64) <= atol + rtol * np.abs(e64)) | (np.isnan(a64) & np.isnan(e64)) | \
                 (np.isinf(e64) & (a64 == e64))
    else:
        ok = a == e
    if ok.all():
        return None
    bad = np.flatnonzero(~ok)
    i = bad[0]
    msg = "%d of %d values differ; first at flat index %d: got %r, expected %r" % (len(bad), a.size, i, a[i], e[i])
    if a.dtype.kind in "fc":
        with np.errstate(invalid="ignore"):
            err = np.abs(a.astype(np.float64) - e.astype(np.float64))[bad]
        msg += " (max abs err %.3g)" % float(np.nanmax(err)) if np.isfinite(err).any() else ""
    return msg
