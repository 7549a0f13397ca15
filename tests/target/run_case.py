#!/usr/bin/python3
"""ctest entry: one reference model (a case of matrix.py) on one target.

  run_case.py --tinyaot BIN --case NAME --target TARGET [--build-dir DIR] [--plugin-dir DIR] [--no-budgets]

Compiles models/MODEL.onnx with `tinyaot compile --target TARGET`, builds it
with the harness (-O2 -Wall -Wextra -Werror), runs it under QEMU (natively for
host) on test_data_set_0 and compares every output with the ONNX Runtime
reference (`exact` cases, the int8 variants: with a host build of the same
generated code, bit for bit, which is checked against ONNX Runtime first; see
modeltest.host_reference). On QEMU targets it also counts the instructions of
the NAME_run call and, when tests/target/budgets.json pins this case on this target, checks
the figures: a regression of more than 3% fails, a bigger improvement prints a
hint to re-pin with `scripts/bench --update`.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import matrix  # noqa: E402
import modeltest  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--case", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--build-dir", default=os.path.join(modeltest.REPO, "build", "target-tests"))
    ap.add_argument("--plugin-dir")
    ap.add_argument("--budgets", default=modeltest.BUDGETS, help="budget file (default tests/target/budgets.json)")
    ap.add_argument("--no-budgets", action="store_true", help="do not check the budgets")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    case = matrix.cases().get(a.case)
    if case is None:
        sys.exit("run_case: unknown case %r (see matrix.py)" % a.case)
    try:
        r = modeltest.run_case(a.tinyaot, case, a.target, os.path.abspath(a.build_dir), count=True,
                               plugin_dir=a.plugin_dir, verbose=a.verbose, echo=a.verbose)
    except modeltest.CaseError as e:
        print("run_case: %s on %s: error: %s" % (a.case, a.target, e))
        return 1
    figures = " ".join("%s=%s" % (k, r[k]) for k in modeltest.METRICS + ["instructions_per_mac"] if k in r)
    if r.get("host_max_abs_err") is not None:
        print("run_case: %s: the %s code built for the host matches ONNX Runtime within atol=%g rtol=%g "
              "(max_abs_err=%s) and the reference kernels bit for bit; the %s run must equal it bit for bit"
              % (a.case, a.target, case.atol, case.rtol, r["host_max_abs_err"], a.target))
    print("run_case: %s on %s (%s): %s, max_abs_err=%s; %s" % (
        a.case, a.target, r["machine"], "PASS" if r["pass"] else "FAIL", r["max_abs_err"], figures))
    if not r["pass"]:
        sys.stdout.write(r.get("output", ""))
        return 1
    if a.no_budgets:
        return 0
    pinned = modeltest.load_budgets(a.budgets).get(a.target, {}).get(a.case)
    if pinned is None:
        print("run_case: no budget pinned for %s on %s" % (a.case, a.target))
        return 0
    regressions, improvements = modeltest.compare_budget(r, pinned)
    for line in improvements:
        print("run_case: improved beyond the budget: %s; re-pin with `scripts/bench --update --targets %s "
              "--models %s`" % (line, a.target, a.case))
    for line in regressions:
        print("run_case: BUDGET EXCEEDED (more than %d%%): %s" % (round(modeltest.TOLERANCE * 100), line))
    if regressions:
        print("run_case: if the increase is intended, re-pin with `scripts/bench --update --targets %s --models %s`"
              % (a.target, a.case))
        return 1
    print("run_case: within budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
