#!/usr/bin/python3
"""Real models written by others, through the real path, against ONNX Runtime.

  run_external.py --tinyaot BIN --work DIR [--models DIR] [--cxx g++]

For each *.onnx in DIR (default /work/shared/external_models/onnx2c: onnx2c's
tflm_hello_world, mnist8_zoo and atmega_mnist, old opsets with Reshape on a
computed shape, Constant nodes, MatMul+Add): compile it with tinyaot (a
symbolic dimension is fixed at 1 with --input-shape), build the generated code
with tests/conformance/harness.cpp under -Werror -pedantic, run it on a
deterministic random input, and compare with ONNX Runtime
(tests/tools/ort/ort_run.py, optimizations disabled) within 1e-4 absolute +
1e-3 relative. Exit status: 0 all match, 1 a model failed, 77 (CTest skip)
when the model folder or ONNX Runtime is missing.
"""
import argparse
import os
import shutil
import sys
import zlib

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "tests", "tools", "ort"))
import cases as C  # noqa: E402,F401 (sets the numpy aliases onnx 1.12 needs)
import generated as G  # noqa: E402
from ort_run import ort_available, run_ort  # noqa: E402

ATOL, RTOL = 1e-4, 1e-3
SKIP = 77
DEFAULT_MODELS = "/work/shared/external_models/onnx2c"


def model_inputs(model):
    """[(name, numpy dtype, shape with symbolic dims fixed at 1, had a symbolic dim)]."""
    inits = {i.name for i in model.graph.initializer}
    out = []
    for vi in model.graph.input:
        if vi.name in inits:
            continue
        tt = vi.type.tensor_type
        dims = [d.dim_value if d.HasField("dim_value") and d.dim_value > 0 else None for d in tt.shape.dim]
        out.append((vi.name, G.DTYPES[tt.elem_type], [d or 1 for d in dims], None in dims))
    return out


def random_input(name, dtype, shape):
    """Deterministic per input name: floats uniform in [0, 1) (image-like)."""
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    if np.issubdtype(dtype, np.floating):
        return rng.random(shape).astype(dtype)
    return rng.integers(0, 10, size=shape).astype(dtype)


def check_model(path, tinyaot, cxx, work):
    name = os.path.splitext(os.path.basename(path))[0]
    out_dir = os.path.join(work, name)
    shutil.rmtree(out_dir, ignore_errors=True)
    os.makedirs(out_dir)
    model = C.onnx.load(path)
    ins = model_inputs(model)
    extra = []
    for n, _, shape, symbolic in ins:
        if symbolic:
            extra += ["--input-shape", "%s=%s" % (n, ",".join(str(d) for d in shape))]
    gen = os.path.join(out_dir, "gen")
    outcome, detail = G.compile_model(tinyaot, path, gen, extra)
    if outcome:
        return False, "%s: %s" % (outcome, detail)
    exe = os.path.join(out_dir, "model_test")
    io, err = G.build(gen, exe, cxx)
    if err:
        return False, "%s: %s" % (G.BUILD, err)
    arrays = [random_input(n, dt, shape) for n, dt, shape, _ in ins]
    outs, err = G.run(exe, io, arrays, out_dir)
    if err:
        return False, err
    ref = run_ort(path, {n: a for (n, _, _, _), a in zip(ins, arrays)}, opt_level="disabled")
    if len(ref) != len(outs):
        return False, "%d outputs, ONNX Runtime gives %d" % (len(outs), len(ref))
    problems, worst = [], 0.0
    for k, (a, e) in enumerate(zip(outs, ref)):
        why = G.compare(a, e, ATOL, RTOL)
        if why:
            problems.append("output %d: %s" % (k, why))
        elif a.dtype.kind == "f" and a.size:
            worst = max(worst, float(np.max(np.abs(a.astype(np.float64) - e.astype(np.float64)))))
    if problems:
        return False, "; ".join(problems)
    shapes = ", ".join("%s%s" % (o.dtype, list(o.shape)) for o in outs)
    return True, "matches ONNX Runtime (outputs %s, max abs err %.2g)" % (shapes, worst)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--models", default=DEFAULT_MODELS)
    ap.add_argument("--cxx", default=os.environ.get("CXX") or shutil.which("g++") or "c++")
    a = ap.parse_args()
    if not os.path.isdir(a.models):
        print("run_external: %s does not exist; skipping" % a.models)
        return SKIP
    ok, why = ort_available()
    if not ok:
        print("run_external: ONNX Runtime is unavailable (%s); skipping" % why)
        return SKIP
    models = sorted(f for f in os.listdir(a.models) if f.endswith(".onnx"))
    if not models:
        print("run_external: no .onnx files in %s; skipping" % a.models)
        return SKIP
    os.makedirs(a.work, exist_ok=True)
    failures = 0
    for m in models:
        good, detail = check_model(os.path.join(a.models, m), os.path.abspath(a.tinyaot), a.cxx,
                                   os.path.abspath(a.work))
        print("run_external: %-28s %s: %s" % (m, "PASS" if good else "FAIL", detail))
        failures += not good
    print("run_external: %d of %d models match ONNX Runtime" % (len(models) - failures, len(models)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
