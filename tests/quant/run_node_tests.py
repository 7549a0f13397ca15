#!/usr/bin/python3
"""ONNX backend node tests of the quantization operators, through the
conformance runner (tests/conformance: compile, build with -Werror, run,
compare; integers exactly).

  run_node_tests.py --tinyaot BIN --work DIR [--data NODE_DIR]

The node tests feed scales, zero points and weights as graph inputs; TinyAOT
needs them at compile time (multipliers, folded biases and repacked weights
are computed by the compiler), so they are promoted to initializers holding
test_data_set_0's values, the way the conformance suite promotes shape-like
inputs. The data input (x, a, A) stays a run-time input.
Exit status 0 when every case passes.
"""
import argparse
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CONF = os.path.join(os.path.dirname(HERE), "conformance")
sys.path.insert(0, CONF)
import cases as C  # noqa: E402
import generated as G  # noqa: E402
import run_conformance as RC  # noqa: E402

# (op, input indices) promoted to initializers: everything but the data input.
PROMOTE = {
    "QuantizeLinear": (1, 2),
    "DequantizeLinear": (1, 2),
    "QLinearConv": (1, 2, 3, 4, 5, 6, 7, 8),
    "QLinearMatMul": (1, 2, 3, 4, 5, 6, 7),
    "ConvInteger": (1, 2, 3),
    "MatMulInteger": (1, 2, 3),
}
CASES = ["test_quantizelinear", "test_quantizelinear_axis", "test_dequantizelinear", "test_dequantizelinear_axis",
         "test_qlinearconv", "test_qlinearmatmul_2D", "test_qlinearmatmul_3D", "test_convinteger_with_padding",
         "test_convinteger_without_padding", "test_matmulinteger"]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--data", help="node test directory (default: generate into WORK/onnx-data)")
    ap.add_argument("--cxx", default=os.environ.get("CXX") or shutil.which("g++") or "c++")
    a = ap.parse_args()
    work = os.path.abspath(a.work)
    os.makedirs(work, exist_ok=True)
    node_dir = os.path.abspath(a.data) if a.data else C.ensure_data(os.path.join(work, "onnx-data"))
    for op, idx in PROMOTE.items():
        C.PROMOTE[op] = tuple(sorted(set(C.PROMOTE.get(op, ())) | set(idx)))
    failed = 0
    for case in CASES:
        if not os.path.isdir(os.path.join(node_dir, case)):
            print("node %-36s MISSING" % case)
            failed += 1
            continue
        r = RC._run_case(node_dir, case, work, os.path.abspath(a.tinyaot), a.cxx, False)
        ok = r["outcome"] == G.PASSED
        failed += not ok
        print("node %-36s %s%s" % (case, r["outcome"], "" if ok else ": " + r["detail"][:500]))
    print("node: %d of %d quantization cases pass" % (len(CASES) - failed, len(CASES)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
