#!/usr/bin/python3
"""Element-wise, cast and data-movement operator forms the ONNX node tests
leave out, against ONNX Runtime.

  run_ops_variants.py --tinyaot BIN --work DIR [--jobs N]

Each variant is a small model built with onnx.helper (int32 indices,
opset-9 Slice attributes, opset-18 Split num_outputs, integer Cast wrapping,
three-way Where broadcasting, Tile beyond 6 copy dims, int Pow, ...). The
reference outputs come from ONNX Runtime; the cases are written as node-test
directories and run through tests/conformance/run_conformance.py (compile,
build with -Werror -pedantic, run, compare). Every variant must pass: a
rejection counts as a failure here. Exit status: 0 all pass, 1 a variant
failed, 77 (CTest skip) when ONNX Runtime is unavailable.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "tools", "ort"))
from ort_run import ort_available, run_ort  # noqa: E402

N = helper.make_node
NP_TO_ONNX = {np.dtype(k): v for k, v in [
    (np.float32, TensorProto.FLOAT), (np.float64, TensorProto.DOUBLE), (np.int8, TensorProto.INT8),
    (np.uint8, TensorProto.UINT8), (np.int16, TensorProto.INT16), (np.uint16, TensorProto.UINT16),
    (np.int32, TensorProto.INT32), (np.uint32, TensorProto.UINT32), (np.int64, TensorProto.INT64),
    (np.uint64, TensorProto.UINT64), (np.bool_, TensorProto.BOOL)]}


def variants(rng):
    """(name, nodes, run-time inputs, output names, opset, initializers)."""
    f = lambda *s: rng.standard_normal(s).astype(np.float32)  # noqa: E731
    ints = lambda lo, hi, shape, dt: rng.integers(lo, hi, shape).astype(dt)  # noqa: E731
    i64 = lambda a: np.array(a, dtype=np.int64)  # noqa: E731
    boolean = lambda *s: rng.integers(0, 2, s).astype(bool)  # noqa: E731
    return [
        # Gather: int32 and 2-D indices, negative axis and indices; constant indices; scalar index.
        ("gather_i32_negaxis", N("Gather", ["x", "i"], ["y"], axis=-2),
         [("x", f(2, 5, 3)), ("i", np.array([[4, -1], [0, -5]], np.int32))], ["y"], 13, []),
        ("gather_const_idx_int8", N("Gather", ["x", "i"], ["y"], axis=1), [("x", ints(-100, 100, (3, 4), np.int8))],
         ["y"], 13, [("i", i64([3, 0, -2]))]),
        ("gather_scalar_idx", N("Gather", ["x", "i"], ["y"], axis=0), [("x", f(4, 3))], ["y"], 13,
         [("i", np.array(2, np.int64))]),
        # Slice: opset-9 attributes, int32 inputs with negative steps, bool data.
        ("slice_opset9_attrs", N("Slice", ["x"], ["y"], starts=[1, -3], ends=[1000, -1], axes=[0, 2]),
         [("x", f(3, 4, 5))], ["y"], 9, []),
        ("slice_opset9_noaxes", N("Slice", ["x"], ["y"], starts=[0, 1], ends=[2, 3]), [("x", f(3, 4, 5))], ["y"], 9, []),
        ("slice_opset10_i32_neg_steps", N("Slice", ["x", "s", "e", "a", "t"], ["y"]), [("x", f(6, 7))], ["y"], 10,
         [("s", np.array([5, 1], np.int32)), ("e", np.array([-100, 7], np.int32)),
          ("a", np.array([0, 1], np.int32)), ("t", np.array([-2, 3], np.int32))]),
        ("slice_bool", N("Slice", ["x", "s", "e"], ["y"]), [("x", boolean(4, 4))], ["y"], 13,
         [("s", i64([1])), ("e", i64([3]))]),
        # Split: opset-11 attribute, opset-18 num_outputs with a smaller last part, int64 equal parts.
        ("split_opset11_attr", N("Split", ["x"], ["a", "b", "c"], axis=1, split=[1, 2, 3]), [("x", f(2, 6, 2))],
         ["a", "b", "c"], 11, []),
        ("split_opset18_num_outputs_uneven", N("Split", ["x"], ["a", "b", "c"], axis=-1, num_outputs=3),
         [("x", f(2, 7))], ["a", "b", "c"], 18, []),
        ("split_opset13_equal_int64", N("Split", ["x"], ["a", "b"], axis=0), [("x", ints(-9, 9, (4, 3), np.int64))],
         ["a", "b"], 13, []),
        # Cast between integer widths, float to integer truncation, to and from bool.
        ("cast_i64_to_i8_wrap", N("Cast", ["x"], ["y"], to=TensorProto.INT8),
         [("x", i64([300, -129, 5, 127, -128, 1000000]))], ["y"], 13, []),
        ("cast_f32_to_i32", N("Cast", ["x"], ["y"], to=TensorProto.INT32),
         [("x", np.array([1.9, -1.9, 0.5, -0.5, 1e6, 123.999], np.float32))], ["y"], 13, []),
        ("cast_f32_to_u8", N("Cast", ["x"], ["y"], to=TensorProto.UINT8),
         [("x", np.array([1.9, 254.9, 0.5, 3, 200, 17.2], np.float32))], ["y"], 13, []),
        ("cast_f32_to_bool", N("Cast", ["x"], ["y"], to=TensorProto.BOOL),
         [("x", np.array([0, -0.0, 0.1, -3, 1e-30, 2], np.float32))], ["y"], 13, []),
        ("cast_bool_to_f32", N("Cast", ["x"], ["y"], to=TensorProto.FLOAT), [("x", np.array([True, False, True]))],
         ["y"], 13, []),
        ("cast_u16_to_i64", N("Cast", ["x"], ["y"], to=TensorProto.INT64), [("x", np.array([0, 65535, 7], np.uint16))],
         ["y"], 13, []),
        ("cast_i32_to_f64", N("Cast", ["x"], ["y"], to=TensorProto.DOUBLE),
         [("x", np.array([-2147483648, 2147483647, 7], np.int32))], ["y"], 13, []),
        ("cast_i8_to_u32", N("Cast", ["x"], ["y"], to=TensorProto.UINT32), [("x", np.array([-1, 5, -128], np.int8))],
         ["y"], 13, []),
        ("castlike_f32_i16", N("CastLike", ["x", "l"], ["y"]),
         [("x", np.array([1.5, -7.9, 100], np.float32)), ("l", np.zeros(1, np.int16))], ["y"], 15, []),
        # Where with all three operands broadcast; uint8 values.
        ("where_bcast3", N("Where", ["c", "x", "y"], ["z"]), [("c", boolean(3, 1, 5)), ("x", f(1, 4, 1)), ("y", f(5))],
         ["z"], 16, []),
        ("where_uint8", N("Where", ["c", "x", "y"], ["z"]),
         [("c", boolean(4)), ("x", np.arange(4, dtype=np.uint8)), ("y", np.full((2, 4), 9, np.uint8))], ["z"], 16, []),
        # Expand both ways and from a scalar; Tile of rank 5 (more than 6 copy dims) and rank 1.
        ("expand_bidir", N("Expand", ["x", "s"], ["y"]), [("x", f(3, 1, 4))], ["y"], 13, [("s", i64([2, 1, 5, 1]))]),
        ("expand_scalar_i32", N("Expand", ["x", "s"], ["y"]), [("x", np.array(7, np.int32))], ["y"], 13,
         [("s", i64([2, 3]))]),
        ("tile_rank5", N("Tile", ["x", "r"], ["y"]), [("x", f(2, 1, 3, 2, 2))], ["y"], 13, [("r", i64([2, 3, 1, 2, 2]))]),
        ("tile_int64_rank1", N("Tile", ["x", "r"], ["y"]), [("x", np.arange(3, dtype=np.int64))], ["y"], 13,
         [("r", i64([4]))]),
        # Variadic ops with inputs that broadcast against each other.
        ("max_bcast3", N("Max", ["a", "b", "c"], ["y"]), [("a", f(3, 1, 1)), ("b", f(1, 4, 1)), ("c", f(5))], ["y"],
         13, []),
        ("min_bcast_int32", N("Min", ["a", "b", "c"], ["y"]),
         [("a", ints(-50, 50, (2, 3), np.int32)), ("b", ints(-50, 50, (3,), np.int32)),
          ("c", ints(-50, 50, (2, 1), np.int32))], ["y"], 13, []),
        ("sum_bcast4", N("Sum", ["a", "b", "c", "d"], ["y"]),
         [("a", f(1)), ("b", f(2, 1, 3)), ("c", f(4, 1)), ("d", f(2, 4, 3))], ["y"], 13, []),
        ("mean_bcast", N("Mean", ["a", "b", "c"], ["y"]), [("a", f(2, 3)), ("b", f(3)), ("c", f(2, 1))], ["y"], 13, []),
        # PRelu with a per-channel and an integer slope; Pow with mixed and integer types.
        ("prelu_channel", N("PRelu", ["x", "s"], ["y"]), [("x", f(1, 3, 2, 2))], ["y"], 16, [("s", f(3, 1, 1))]),
        ("prelu_int32", N("PRelu", ["x", "s"], ["y"]),
         [("x", ints(-9, 9, (2, 4), np.int32)), ("s", ints(-3, 3, (4,), np.int32))], ["y"], 16, []),
        ("pow_int32_float_bcast", N("Pow", ["x", "e"], ["y"]),
         [("x", np.array([[1, 2, 3], [4, 5, 6]], np.int32)), ("e", np.array([0.5, 2, 3.1], np.float32))], ["y"], 15, []),
        ("pow_f32_i64_scalar", N("Pow", ["x", "e"], ["y"]), [("x", f(2, 3)), ("e", np.array(3, np.int64))], ["y"], 15, []),
        ("pow_f64", N("Pow", ["x", "e"], ["y"]),
         [("x", np.abs(f(4)).astype(np.float64)), ("e", f(4).astype(np.float64))], ["y"], 15, []),
        ("pow_i64_large_exponents", N("Pow", ["x", "e"], ["y"]), [("x", i64([2, 3, -2, 7])), ("e", i64([40, 20, 5, 0]))],
         ["y"], 15, []),
        # Comparisons on integer, bool and double inputs.
        ("less_uint8_bcast", N("Less", ["a", "b"], ["y"]),
         [("a", ints(0, 255, (3, 4), np.uint8)), ("b", ints(0, 255, (4,), np.uint8))], ["y"], 13, []),
        ("equal_bool", N("Equal", ["a", "b"], ["y"]), [("a", boolean(6)), ("b", boolean(6))], ["y"], 13, []),
        ("greaterorequal_i64", N("GreaterOrEqual", ["a", "b"], ["y"]), [("a", i64([1, 5, -3])), ("b", i64([1, 4, -2]))],
         ["y"], 16, []),
        ("lessorequal_f64_scalar", N("LessOrEqual", ["a", "b"], ["y"]),
         [("a", f(5).astype(np.float64)), ("b", np.array(0.1, np.float64))], ["y"], 16, []),
        # Unary ops on integers and doubles; rounding of halves.
        ("abs_int16", N("Abs", ["x"], ["y"]), [("x", np.array([-5, 3, -32767, 0], np.int16))], ["y"], 13, []),
        ("abs_uint8", N("Abs", ["x"], ["y"]), [("x", np.array([5, 255, 0], np.uint8))], ["y"], 13, []),
        ("neg_int64", N("Neg", ["x"], ["y"]), [("x", i64([-5, 3, 0]))], ["y"], 13, []),
        ("sign_int32", N("Sign", ["x"], ["y"]), [("x", np.array([-5, 3, 0], np.int32))], ["y"], 13, []),
        ("exp_f64", N("Exp", ["x"], ["y"]), [("x", f(5).astype(np.float64))], ["y"], 13, []),
        ("round_halves", N("Round", ["x"], ["y"]),
         [("x", np.array([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999, -2.51], np.float32))], ["y"], 11, []),
        ("isinf_f64", N("IsInf", ["x"], ["y"]), [("x", np.array([np.inf, -np.inf, np.nan, 1.0], np.float64))], ["y"],
         10, []),
        ("gelu_none", N("Gelu", ["x"], ["y"]), [("x", 3 * f(3, 4))], ["y"], 20, []),
        ("gelu_tanh", N("Gelu", ["x"], ["y"], approximate="tanh"), [("x", 3 * f(3, 4))], ["y"], 20, []),
        ("mish", N("Mish", ["x"], ["y"]), [("x", 3 * f(3, 4))], ["y"], 18, []),
        ("mod_int32_python_sign", N("Mod", ["a", "b"], ["y"]),
         [("a", np.array([7, -7, 7, -7, 5], np.int32)), ("b", np.array([3, 3, -3, -3, 5], np.int32))], ["y"], 13, []),
        # DepthToSpace CRD with blocksize 3; SpaceToDepth on int8.
        ("depthtospace_crd_b3", N("DepthToSpace", ["x"], ["y"], blocksize=3, mode="CRD"), [("x", f(2, 18, 2, 3))],
         ["y"], 13, []),
        ("spacetodepth_b3_int8", N("SpaceToDepth", ["x"], ["y"], blocksize=3), [("x", ints(-100, 100, (1, 2, 6, 9), np.int8))],
         ["y"], 13, []),
        # Shape arithmetic folded at compile time feeding run-time math; logic chains.
        ("shape_gather_range_chain",
         [N("Shape", ["x"], ["s"]), N("Gather", ["s", "i"], ["d"], axis=0), N("Range", ["z", "d", "one"], ["r"]),
          N("Cast", ["r"], ["rf"], to=TensorProto.FLOAT), N("Add", ["x", "rf"], ["y"])],
         [("x", f(2, 5))], ["y"], 13,
         [("i", np.array(1, np.int64)), ("z", np.array(0, np.int64)), ("one", np.array(1, np.int64))]),
        ("greater_not_and_chain", [N("Greater", ["a", "b"], ["g"]), N("Not", ["g"], ["n"]), N("And", ["n", "c"], ["y"])],
         [("a", f(3, 4)), ("b", f(4)), ("c", boolean(3, 1))], ["y"], 13, []),
    ]


def write_case(root, name, nodes, inputs, outputs, opset, inits, options=None):
    """Writes a node-test directory root/test_NAME (model, inputs, ONNX Runtime's
    outputs). options: {"domains": {domain: version}} for extra opset imports
    (com.microsoft), {"ir_version": N} (default 8)."""
    options = options or {}
    d = os.path.join(root, "test_" + name)
    os.makedirs(os.path.join(d, "test_data_set_0"))
    nodes = nodes if isinstance(nodes, list) else [nodes]
    g = helper.make_graph(nodes, name,
                          [helper.make_tensor_value_info(k, NP_TO_ONNX[v.dtype], v.shape) for k, v in inputs],
                          [onnx.ValueInfoProto(name=k) for k in outputs],
                          [numpy_helper.from_array(v, k) for k, v in inits])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)] +
                          [helper.make_opsetid(k, v) for k, v in sorted(options.get("domains", {}).items())])
    m.ir_version = options.get("ir_version", 8)
    path = os.path.join(d, "model.onnx")
    onnx.save(m, path)
    refs = run_ort(path, [v for _, v in inputs], opt_level="disabled")
    # The node-test layout also declares output types, which ONNX Runtime told us.
    del m.graph.output[:]
    m.graph.output.extend(helper.make_tensor_value_info(k, NP_TO_ONNX[r.dtype], r.shape) for k, r in zip(outputs, refs))
    onnx.save(m, path)
    for i, (k, v) in enumerate(inputs):
        with open(os.path.join(d, "test_data_set_0", "input_%d.pb" % i), "wb") as fp:
            fp.write(numpy_helper.from_array(v, k).SerializeToString())
    for i, (k, r) in enumerate(zip(outputs, refs)):
        with open(os.path.join(d, "test_data_set_0", "output_%d.pb" % i), "wb") as fp:
            fp.write(numpy_helper.from_array(r, k).SerializeToString())


def run_cases(label, cases, argv=None, doc=__doc__):
    """The command line of every variant runner: writes each case (a tuple of
    write_case's arguments) with its ONNX Runtime reference, runs them all
    through tests/conformance/run_conformance.py (compile, build with -Werror
    -pedantic, run, compare) and requires every one to pass. Returns the exit
    status: 0 all pass, 1 a case failed, 77 ONNX Runtime is unavailable."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    a = ap.parse_args(argv)
    ok, why = ort_available()
    if not ok:
        print("%s: skipped: ONNX Runtime unavailable (%s)" % (label, why))
        return 77
    work = os.path.abspath(a.work)
    data = os.path.join(work, "data")
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    cases = cases() if callable(cases) else cases
    for c in cases:
        write_case(data, *c)
    run = subprocess.run([sys.executable, os.path.join(REPO, "tests", "conformance", "run_conformance.py"),
                          "--tinyaot", a.tinyaot, "--work", os.path.join(work, "run"), "--data", data,
                          "--jobs", str(a.jobs), "--known", os.devnull],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    report = os.path.join(work, "run", "report.json")
    if not os.path.isfile(report):
        print(run.stdout)
        print("%s: the conformance runner wrote no report" % label)
        return 1
    with open(report) as fp:
        results = json.load(fp)["results"]
    bad = [r for r in results if r["outcome"] != "passed"]
    for r in bad:
        print("FAIL %s: %s: %s" % (r["case"], r["outcome"], r["detail"]))
    print("%s: %d passed, %d failed" % (label, len(results) - len(bad), len(bad)))
    return 1 if bad or len(results) != len(cases) else 0


def main():
    return run_cases("ops variants", lambda: variants(np.random.default_rng(20240611)))


if __name__ == "__main__":
    sys.exit(main())
