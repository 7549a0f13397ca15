#!/usr/bin/python3
"""In-place depthwise convolution end to end, against ONNX Runtime.

  dw_inplace.py --tinyaot BIN --work DIR [--int8]

Builds small models where the depthwise convolution is the memory peak
(1x1 expansion -> depthwise -> global average pool), so the planner writes
its output over its input (ta_dwconv2d_f32_inplace / ta_dwconv2d_q8_inplace).
For each geometry: ONNX Runtime gives the reference, tinyaot compiles with
--debug-poison, the test checks that the in-place kernel was chosen and that
the arena is below the no-sharing lower bound, then runs the model under
AddressSanitizer and compares (float: 1e-4; int8: loose, it is quantized).
"""
import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "tools", "ort"))
sys.path.insert(0, HERE)
from ort_run import run_ort  # noqa: E402
import run_memory  # noqa: E402

# (name, channels, h, w, kernel, strides, pads [t, l, b, r], dilations)
GEOMETRIES = [
    ("k3s1p1", 16, 20, 20, 3, 1, [1, 1, 1, 1], 1),
    ("k3s2tf", 16, 21, 21, 3, 2, [0, 0, 1, 1], 1),
    ("k5s1p2", 8, 16, 12, 5, 1, [2, 2, 2, 2], 1),
    ("k3s1p0", 12, 15, 15, 3, 1, [0, 0, 0, 0], 1),
    ("k3d2p2", 8, 18, 18, 3, 1, [2, 2, 2, 2], 2),
]


def build(path, c, h, w, k, s, pads, d, seed):
    rng = np.random.RandomState(seed)
    inits = [
        numpy_helper.from_array((rng.randn(c, 1, 1, 1) * 0.8).astype(np.float32), "we"),
        numpy_helper.from_array((rng.randn(c) * 0.1).astype(np.float32), "be"),
        numpy_helper.from_array((rng.randn(c, 1, k, k) * 0.4).astype(np.float32), "wd"),
        numpy_helper.from_array((rng.randn(c) * 0.1).astype(np.float32), "bd"),
    ]
    nodes = [
        helper.make_node("Conv", ["input", "we", "be"], ["e"], name="expand"),
        helper.make_node("Relu", ["e"], ["er"], name="relu1"),
        helper.make_node("Conv", ["er", "wd", "bd"], ["dwo"], name="dw", group=c, kernel_shape=[k, k],
                         strides=[s, s], pads=[pads[0], pads[1], pads[2], pads[3]], dilations=[d, d]),
        helper.make_node("Relu", ["dwo"], ["dr"], name="relu2"),
        helper.make_node("GlobalAveragePool", ["dr"], ["output"], name="gap"),
    ]
    g = helper.make_graph(nodes, "dw", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 1, h, w])],
                          [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, c, 1, 1])], inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.save(m, path)
    x = rng.rand(1, 1, h, w).astype(np.float32)
    calib = rng.rand(16, 1, 1, h, w).astype(np.float32)
    return x, calib


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--int8", action="store_true")
    a = ap.parse_args()
    kernel = "ta_dwconv2d_q8_inplace" if a.int8 else "ta_dwconv2d_f32_inplace"
    failures = []
    for i, (name, c, h, w, k, s, pads, d) in enumerate(GEOMETRIES):
        work = os.path.join(a.work, ("q8_" if a.int8 else "") + name)
        data = os.path.join(work, "test_data_set_0")
        os.makedirs(data, exist_ok=True)
        model = os.path.join(work, name + ".onnx")
        x, calib = build(model, c, h, w, k, s, pads, d, 100 + i)
        (ref,) = run_ort(model, [x])
        with open(os.path.join(data, "input_0.pb"), "wb") as f:
            f.write(numpy_helper.from_array(x, "input").SerializeToString())
        with open(os.path.join(data, "output_0.pb"), "wb") as f:
            f.write(numpy_helper.from_array(ref, "output").SerializeToString())
        flags = ["--debug-poison", "--report", os.path.join(work, "report.json")]
        if a.int8:
            np.save(os.path.join(work, "calib.npy"), calib)
            flags += ["--quantize", "int8", "--calibration", os.path.join(work, "calib.npy")]
        try:
            run_memory.must([a.tinyaot, "compile", model, "-o", work, "--name", name, "-q"] + flags, "tinyaot compile")
            src = open(os.path.join(work, name + ".cpp")).read()
            rep = json.load(open(os.path.join(work, "report.json")))
            if kernel + "(" not in src and kernel + "<" not in src:
                raise run_memory.Failure("%s: %s not chosen" % (name, kernel))
            if rep["arena_bytes"] >= rep["lower_bound_bytes"]:
                raise run_memory.Failure("%s: arena %d not below the lower bound %d" % (
                    name, rep["arena_bytes"], rep["lower_bound_bytes"]))
            h_file = os.path.join(work, name + ".h")
            data_c = os.path.join(work, "harness_data.c")
            tol = (0.05, 0.05) if a.int8 else (1e-4, 1e-3)
            with open(data_c, "w") as f:
                f.write(run_memory.make_harness.generate(name, h_file, data, tol[0], tol[1]))
            res = run_memory.run_models.build_and_run("asan poison", "g++", run_memory.ASAN, name, work,
                                                      os.path.join(work, name + ".cpp"), data_c, work)
            if "pass=1" not in res:
                raise run_memory.Failure("%s: %s" % (name, res))
            print("%s: arena %d < lower bound %d; %s" % (name, rep["arena_bytes"], rep["lower_bound_bytes"], res))
        except (run_memory.Failure, run_memory.run_models.Failure) as e:
            failures.append(str(e))
            print("FAIL %s" % e)
    if failures:
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
