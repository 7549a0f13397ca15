#!/usr/bin/python3
"""Operator variants the ONNX node tests leave out, against ONNX Runtime.

  run_variants.py --tinyaot BIN --work DIR [--cxx g++]

The backend node tests cover some supported forms only with defaults (3-D
pooling has one case with no padding or stride). Each variant here is a
one-node model built with onnx.helper, compiled by tinyaot, built with
tests/conformance/harness.cpp under -Werror -pedantic, run on deterministic
random inputs, and compared with ONNX Runtime (optimizations disabled)
within 1e-5 absolute + 1e-5 relative. Exit status: 0 all match, 1 a variant
failed, 77 (CTest skip) when ONNX Runtime is unavailable.
"""
import argparse
import os
import shutil
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests", "tools", "ort"))
import cases as C  # noqa: E402
import generated as G  # noqa: E402
from ort_run import ort_available, run_ort  # noqa: E402

helper, TP = C.onnx.helper, C.onnx.TensorProto
ATOL, RTOL = 1e-5, 1e-5
X5 = (1, 2, 7, 6, 9)

# (name, opset, op, attributes, input shapes: runtime inputs, then (name, array) initializers)
VARIANTS = [
    ("maxpool3d_pads_strides", 13, "MaxPool", dict(kernel_shape=[2, 3, 2], strides=[2, 1, 2],
                                                   pads=[1, 0, 1, 0, 1, 1]), [X5]),
    ("maxpool3d_dilations_ceil", 13, "MaxPool", dict(kernel_shape=[2, 2, 2], dilations=[2, 1, 2], ceil_mode=1,
                                                     pads=[0, 1, 0, 1, 0, 1], strides=[2, 2, 2]), [X5]),
    ("avgpool3d_count_include_pad", 13, "AveragePool", dict(kernel_shape=[3, 3, 3], strides=[2, 2, 2],
                                                            pads=[1, 1, 1, 1, 1, 1], count_include_pad=1), [X5]),
    ("avgpool3d_asym_pads_ceil", 13, "AveragePool", dict(kernel_shape=[3, 2, 3], strides=[2, 2, 2],
                                                         pads=[1, 0, 1, 1, 1, 0], ceil_mode=1), [X5]),
    ("avgpool3d_same_upper", 13, "AveragePool", dict(kernel_shape=[2, 2, 2], auto_pad="SAME_UPPER",
                                                     strides=[2, 2, 2]), [X5]),
    ("batchnorm_runtime_stats_3d", 15, "BatchNormalization", dict(epsilon=1e-3),
     [(2, 3, 5), (3,), (3,), (3,), "var:3"]),
    ("batchnorm_constant_stats", 14, "BatchNormalization", dict(epsilon=1e-4),
     [(2, 3, 4, 4), ("s", 3), ("b", 3), ("m", 3), ("v", 3)]),
]


def make_case(name, opset, op, attrs, specs, rng):
    """The model and its run-time input arrays."""
    inputs, inits, arrays = [], [], []
    for k, spec in enumerate(specs):
        vname = "in%d" % k
        if isinstance(spec, str):  # "var:C": a positive run-time input (a variance)
            a = rng.uniform(0.5, 2.0, int(spec.split(":")[1])).astype(np.float32)
        elif isinstance(spec, tuple) and spec and isinstance(spec[0], str):  # an initializer
            a = rng.uniform(0.5, 2.0, spec[1]).astype(np.float32)
            inits.append(C.numpy_helper.from_array(a, vname))
            continue
        else:
            a = rng.standard_normal(spec).astype(np.float32)
        inputs.append(helper.make_tensor_value_info(vname, TP.FLOAT, list(a.shape)))
        arrays.append(a)
    node = helper.make_node(op, ["in%d" % k for k in range(len(specs))], ["y"], **attrs)
    graph = helper.make_graph([node], name, inputs, [helper.make_tensor_value_info("y", TP.FLOAT, None)],
                              initializer=inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8 if opset >= 13 else 3
    return model, arrays


def check(variant, tinyaot, cxx, work, rng):
    name = variant[0]
    d = os.path.join(work, name)
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    model, arrays = make_case(*variant, rng)
    path = os.path.join(d, name + ".onnx")
    C.onnx.save(model, path)
    outcome, detail = G.compile_model(tinyaot, path, os.path.join(d, "gen"))
    if outcome:
        return "%s: %s" % (outcome, detail)
    exe = os.path.join(d, "variant")
    io, err = G.build(os.path.join(d, "gen"), exe, cxx)
    if err:
        return "%s: %s" % (G.BUILD, err)
    outs, err = G.run(exe, io, arrays, d)
    if err:
        return err
    ref = run_ort(path, arrays, opt_level="disabled")
    return G.compare(outs[0], ref[0], ATOL, RTOL)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--cxx", default=os.environ.get("CXX") or shutil.which("g++") or "c++")
    a = ap.parse_args()
    ok, why = ort_available()
    if not ok:
        print("run_variants: ONNX Runtime is unavailable (%s); skipping" % why)
        return 77
    work = os.path.abspath(a.work)
    failures = 0
    for v in VARIANTS:
        try:
            problem = check(v, os.path.abspath(a.tinyaot), a.cxx, work, np.random.default_rng(7))
        except Exception as e:  # noqa: BLE001
            problem = "%s: %s" % (type(e).__name__, e)
        print("run_variants: %-30s %s" % (v[0], "PASS" if not problem else "FAIL: " + problem))
        failures += bool(problem)
    print("run_variants: %d of %d variants match ONNX Runtime" % (len(VARIANTS) - failures, len(VARIANTS)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
