#!/usr/bin/python3
"""TinyAOT conformance suite: the ONNX backend node tests, through the real path.

  run_conformance.py --tinyaot BIN --work DIR [--data DIR] [--jobs N]
                     [--filter REGEX] [--known FILE] [--cxx g++] [--keep]

For every node test case (generated once from Debian's python3-onnx into
DIR/onnx-data, or taken from --data):
  1. promote shape-like graph inputs into initializers (cases.PROMOTE);
  2. `tinyaot compile model.onnx --name model`;
  3. build the generated model.cpp with harness.cpp using
     -std=c++11 -Wall -Wextra -Werror -pedantic -fno-exceptions -fno-rtti;
  4. run it on test_data_set_0 and compare with the expected outputs: dtype
     and shape from the header against the .pb files, floats within
     1e-4 absolute + 1e-4 relative, integers and bools exactly. (No
     supported op whose output is an integer needs a tolerance: the spec
     fixes the rounding of QuantizeLinear, Round, Cast and integer Resize,
     so an off-by-one there is a bug, not an allowed difference.)

Outcomes: passed; failed (wrong values, shape or dtype, or the program
failed); failed to build; failed to compile (tinyaot crashed, timed out,
exited with a code other than 0/1, exited 1 without an `error:` diagnostic,
or reported an internal error); rejected (exit 1 with a diagnostic).
Passed, rejected and listed known failures (known_failures.txt) are
acceptable; anything else, or a known failure that now passes, makes the
exit status 1. Writes DIR/report.md and DIR/report.json.

Expanded function tests (test_*_expanded) are counted in the per-op table
under "<FunctionOp> (expanded)" only, not under the ops they expand into.
Rejected cases keep the compiler's first diagnostic line in the report, so
it shows why each op or variant is refused. The run takes about 4 CPU-minutes
(2 minutes on 2 idle cores); the generated test data is cached in the work
directory (regenerated only when missing, incomplete or from another onnx).
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import cases as C  # noqa: E402
import generated as G  # noqa: E402
import report as R  # noqa: E402

ATOL, RTOL = 1e-4, 1e-4


def tensor_io(model):
    """Whether every graph input and output is a plain tensor."""
    inits = {i.name for i in model.graph.initializer}
    ins = [vi for vi in model.graph.input if vi.name not in inits]
    return all(vi.type.HasField("tensor_type") for vi in ins + list(model.graph.output))


def run_case(args):
    """Runs one case; returns a result dict (JSON-serializable). A problem
    in the runner itself counts as a failure of the case."""
    try:
        return _run_case(*args)
    except Exception as e:  # noqa: BLE001
        return {"case": args[1], "ops": [], "function_op": None, "promoted": [], "outcome": G.FAILED,
                "detail": "runner error: %s: %s" % (type(e).__name__, e), "seconds": 0}


def _run_case(node_dir, case, work, tinyaot, cxx, keep):
    t0 = time.time()
    src_dir = os.path.join(node_dir, case)
    out_dir = os.path.join(work, "cases", case)
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    model = C.onnx.load(os.path.join(src_dir, "model.onnx"))
    res = {"case": case, "ops": C.op_types(model), "function_op": C.function_op(node_dir, case),
           "promoted": [], "outcome": None, "detail": ""}

    def done(outcome, detail=""):
        res["outcome"], res["detail"] = outcome, (detail or "").strip()
        res["seconds"] = round(time.time() - t0, 3)
        if outcome in (G.PASSED, G.REJECTED) and not keep:
            shutil.rmtree(out_dir, ignore_errors=True)
        return res

    all_tensors = tensor_io(model)
    inputs = [C.read_pb(f) if all_tensors else None for f in C.data_files(src_dir, "input")]
    promoted, remaining = C.promote_inputs(model, inputs)
    res["promoted"] = promoted
    model_path = os.path.join(src_dir, "model.onnx")
    if promoted:
        model_path = os.path.join(out_dir, "model.onnx")
        C.onnx.save(model, model_path)

    # 1. tinyaot compile
    gen = os.path.join(out_dir, "gen")
    outcome, detail = G.compile_model(tinyaot, model_path, gen)
    if outcome:
        return done(outcome, detail)
    if not all_tensors:
        return done(G.FAILED, "tinyaot accepted a model with non-tensor inputs or outputs")
    # 2. build with the harness under the strict flags
    exe = os.path.join(out_dir, "case")
    io, err = G.build(gen, exe, cxx)
    if err:
        return done(G.BUILD, err)
    # 3. run on test_data_set_0
    expected = [C.read_pb(f) for f in C.data_files(src_dir, "output")]
    if len(io["outputs"]) != len(expected):
        return done(G.FAILED, "the header has %d outputs, the test expects %d" % (len(io["outputs"]), len(expected)))
    outs, err = G.run(exe, io, [inputs[j] for j in remaining], out_dir)
    if err:
        return done(G.FAILED, err)
    # 4. compare dtype, shape (from the header) and values
    problems = []
    for k, (act, exp) in enumerate(zip(outs, expected)):
        why = "not a tensor" if exp is None else G.compare(act, exp, ATOL, RTOL)
        if why:
            problems.append("output %d: %s" % (k, why))
    return done(G.FAILED, "; ".join(problems)) if problems else done(G.PASSED)


def read_known(path):
    known = {}
    if not path or not os.path.isfile(path):
        return known
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 1)
            known[parts[0]] = parts[1].strip() if len(parts) > 1 else ""
    return known


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True, help="the tinyaot binary")
    ap.add_argument("--work", required=True, help="work and report directory (in the build tree)")
    ap.add_argument("--data", help="an existing node test directory (default: generate into WORK/onnx-data)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--filter", help="only cases whose name matches this regular expression")
    ap.add_argument("--known", default=os.path.join(HERE, "known_failures.txt"))
    ap.add_argument("--cxx", default=os.environ.get("CXX") or shutil.which("g++") or "c++")
    ap.add_argument("--keep", action="store_true", help="keep the work files of passed and rejected cases")
    a = ap.parse_args()

    t0 = time.time()
    work = os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    tinyaot = os.path.abspath(a.tinyaot)
    node_dir = os.path.abspath(a.data) if a.data else C.ensure_data(os.path.join(work, "onnx-data"))
    names = C.list_cases(node_dir)
    if a.filter:
        names = [n for n in names if re.search(a.filter, n)]
    if not names:
        print("conformance: no cases found in %s" % node_dir)
        return 1
    shutil.rmtree(os.path.join(work, "cases"), ignore_errors=True)
    jobs = [(node_dir, n, work, tinyaot, a.cxx, a.keep) for n in names]
    results = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        for r in pool.map(run_case, jobs, chunksize=4):
            results.append(r)
    known = read_known(a.known)
    summary = R.summarize(results, known, time.time() - t0, node_dir, bool(a.filter), R.registered_ops(tinyaot))
    summary["onnx_version"] = C.onnx.__version__
    R.write_reports(summary, work)
    R.print_summary(summary, work)
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
