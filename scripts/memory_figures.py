#!/usr/bin/python3
"""Memory-planning figures for docs/memory-planning.md.

  scripts/memory_figures.py --tinyaot build/tinyaot [--work DIR] [--no-int8]

For the MLPerf Tiny models and `branchy`, float and int8 (post-training
quantization with models/NAME_calib.npy), prints a Markdown table of:

- all intermediates: every arena tensor (and kernel scratch) side by side;
- union slots (onnx2c's approach, modelled): tensors in execution order each
  take a whole free slot (the one it grows least), else a new slot; a slot
  is as large as its largest tensor; the arena is the sum of the slots;
- lower bound: peak live bytes at the worst step of the chosen order,
  without in-place sharing;
- TinyAOT: the planned arena (with in-place sharing).

All from the same live intervals (tinyaot compile --report FILE.json,
"intervals_no_sharing"). Then the compile time of the largest model and of a
generated 100+-node branchy model (best of 3, wall clock).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
MODELS = os.path.join(REPO, "models")
FIGURE_MODELS = ["kws_dscnn", "vww_mobilenet_v1_025", "ic_resnet8", "ad_autoencoder", "branchy"]


def union_slots(intervals):
    """onnx2c-style whole-buffer reuse over the given live intervals."""
    slots = []  # [size, last step of its current tensor]
    for t in sorted(intervals, key=lambda t: (t["first"], -t["bytes"])):
        free = [s for s in slots if s[1] < t["first"]]
        if free:
            s = min(free, key=lambda s: (max(0, t["bytes"] - s[0]), s[0]))
            s[0] = max(s[0], t["bytes"])
            s[1] = t["last"]
        else:
            slots.append([t["bytes"], t["last"]])
    return sum(s[0] for s in slots)


def compile_report(tinyaot, model, work, flags=()):
    path = os.path.join(work, "%s_%d.json" % (model, len(flags)))
    cmd = [tinyaot, "compile", os.path.join(MODELS, model + ".onnx"), "-o", os.path.join(work, model), "-q",
           "--report", path] + list(flags)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    with open(path) as f:
        return json.load(f)


def timed(cmd, runs=3):
    best = None
    for _ in range(runs):
        t = time.monotonic()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        dt = time.monotonic() - t
        best = dt if best is None else min(best, dt)
    return best


def big_model(path, blocks=13):
    """A branchy float model: per block an inception split (3 branches, Concat) and a residual Add."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper
    rng = np.random.RandomState(0)
    nodes, inits = [], []
    c, x = 8, "input"

    def conv(name, inp, cin, cout, k):
        inits.append(numpy_helper.from_array((rng.randn(cout, cin, k, k) * 0.1).astype(np.float32), name + "_w"))
        nodes.append(helper.make_node("Conv", [inp, name + "_w"], [name], name=name, pads=[k // 2] * 4))
        nodes.append(helper.make_node("Relu", [name], [name + "_r"], name=name + "_relu"))
        return name + "_r"

    x = conv("stem", x, 3, c, 3)
    for b in range(blocks):
        p = "b%d" % b
        b1 = conv(p + "_1", x, c, 2, 1)
        b2 = conv(p + "_2b", conv(p + "_2a", x, c, 4, 1), 4, 4, 3)
        b3 = conv(p + "_3b", conv(p + "_3a", x, c, 2, 1), 2, 2, 5)
        nodes.append(helper.make_node("Concat", [b1, b2, b3], [p + "_cat"], name=p + "_cat", axis=1))
        nodes.append(helper.make_node("Add", [x, p + "_cat"], [p + "_add"], name=p + "_add"))
        x = p + "_add"
    nodes.append(helper.make_node("GlobalAveragePool", [x], ["output"], name="gap"))
    g = helper.make_graph(nodes, "big", [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 32, 32])],
                          [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, c, 1, 1])], inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    onnx.save(m, path)
    return len(nodes)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", default=os.path.join(REPO, "build", "tinyaot"))
    ap.add_argument("--work", default=None)
    ap.add_argument("--no-int8", action="store_true")
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="tinyaot_mem_")
    os.makedirs(work, exist_ok=True)
    print("| model | dtype | all intermediates | union slots (onnx2c) | lower bound | TinyAOT arena |")
    print("|---|---|---:|---:|---:|---:|")
    for model in FIGURE_MODELS:
        kinds = [("float", [])]
        if not a.no_int8:
            kinds.append(("int8", ["--quantize", "int8", "--calibration", os.path.join(MODELS, model + "_calib.npy")]))
        for kind, flags in kinds:
            r = compile_report(a.tinyaot, model, work, flags)
            print("| %s | %s | %d | %d | %d | %d |" % (model, kind, r["sum_intermediates_bytes"],
                                                      union_slots(r["intervals_no_sharing"]),
                                                      r["lower_bound_bytes"], r["arena_bytes"]))
    print()
    largest = max(FIGURE_MODELS + ["digits_cnn", "digits_cnn_bn", "opset9_mlp"],
                  key=lambda m: os.path.getsize(os.path.join(MODELS, m + ".onnx")))
    t = timed([a.tinyaot, "compile", os.path.join(MODELS, largest + ".onnx"), "-o", os.path.join(work, "t"), "-q"])
    print("compile time, %s (largest model file): %.2f s" % (largest, t))
    big = os.path.join(work, "big.onnx")
    n = big_model(big)
    t = timed([a.tinyaot, "compile", big, "-o", os.path.join(work, "big"), "-q", "--report",
               os.path.join(work, "big.json")])
    with open(os.path.join(work, "big.json")) as f:
        r = json.load(f)
    print("compile time, generated branchy model (%d ONNX nodes, %d after fusion): %.2f s; arena %d, lower bound %d, "
          "placement %s" % (n, len(r["steps"]) - 1, t, r["arena_bytes"], r["lower_bound_bytes"],
                            r["placement"]["strategy"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
