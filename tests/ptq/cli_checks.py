#!/usr/bin/python3
"""Checks of `tinyaot compile --quantize int8` beyond accuracy: option and data errors,
calibration data forms, --io int8 header macros, float islands (ops without an int8 form)
run end to end, the report, determinism and the progress line.

  cli_checks.py --tinyaot BIN --work DIR

Small models are built here with onnx.helper; the float reference is ONNX Runtime.
"""
import argparse
import json
import os
import pty
import re
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODELS = os.path.join(REPO, "models")
sys.path.insert(0, os.path.join(REPO, "tests", "tools", "ort"))
sys.path.insert(0, HERE)

passed, failed = [], []


def check(name, ok, detail=""):
    (passed if ok else failed).append(name)
    print("%s: %s%s" % ("ok  " if ok else "FAIL", name, "" if ok else "\n      " + detail.replace("\n", "\n      ")))


def run(args, *extra):
    r = subprocess.run([args.tinyaot, "compile"] + list(extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    return r.returncode, r.stdout, r.stderr


def save_npy_raw(path, header, data):
    """An .npy file with a hand-written header (for the malformed cases)."""
    h = header
    while (10 + len(h) + 1) % 64:
        h += " "
    h += "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + len(h).to_bytes(2, "little") + h.encode() + data)


def mixed_model(path):
    """x[1,2,6,6] -> Conv(4, 3x3, pad 1) + Relu -> Div(2) (no int8 form) -> Conv(3, 1x1) -> y."""
    rng = np.random.default_rng(5)
    w1 = rng.normal(0, 0.5, (4, 2, 3, 3)).astype(np.float32)
    b1 = rng.normal(0, 0.1, (4,)).astype(np.float32)
    w2 = rng.normal(0, 0.5, (3, 4, 1, 1)).astype(np.float32)
    g = helper.make_graph(
        [helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1]),
         helper.make_node("Relu", ["c1"], ["r1"]),
         helper.make_node("Div", ["r1", "two"], ["d1"]),
         helper.make_node("Conv", ["d1", "w2"], ["y"])],
        "mixed", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 6, 6])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 3, 6, 6])],
        [numpy_helper.from_array(w1, "w1"), numpy_helper.from_array(b1, "b1"), numpy_helper.from_array(w2, "w2"),
         numpy_helper.from_array(np.array(2.0, np.float32), "two")])
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), path)


def two_input_model(path):
    """a[1,8], b[1,8] -> Add -> Relu -> y."""
    g = helper.make_graph(
        [helper.make_node("Add", ["a", "b"], ["s"]), helper.make_node("Relu", ["s"], ["y"])], "two",
        [helper.make_tensor_value_info("a", TensorProto.FLOAT, [1, 8]),
         helper.make_tensor_value_info("b", TensorProto.FLOAT, [1, 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 8])])
    onnx.save(helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)]), path)


def build_and_run(args, gen_dir, name, x):
    exe = os.path.join(gen_dir, "harness")
    subprocess.run(["g++", "-std=c++11", "-O2", "-Wall", "-Wextra", "-Werror", "-pedantic", "-DMODEL=" + name,
                    '-DMODEL_HEADER="%s.h"' % name, "-I", gen_dir, os.path.join(HERE, "batch_harness.cpp"),
                    os.path.join(gen_dir, name + ".cpp"), "-o", exe, "-lm"], check=True)
    x = np.ascontiguousarray(x, np.float32).reshape(len(x), -1)
    x.tofile(os.path.join(gen_dir, "in.f32"))
    subprocess.run([exe, os.path.join(gen_dir, "in.f32"), str(len(x)), os.path.join(gen_dir, "out.f32")], check=True)
    return np.fromfile(os.path.join(gen_dir, "out.f32"), np.float32).reshape(len(x), -1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    w = os.path.abspath(args.work)
    os.makedirs(w, exist_ok=True)
    digits = os.path.join(MODELS, "digits_cnn.onnx")
    calib = os.path.join(MODELS, "digits_cnn_calib.npy")
    out = os.path.join(w, "out")

    # --- option errors ---
    rc, _, err = run(args, digits, "-o", out, "--calibration", calib)
    check("--calibration without --quantize is an error", rc == 1 and "needs --quantize int8" in err, err)
    rc, _, err = run(args, digits, "-o", out, "--quantize", "int8")
    check("--quantize without --calibration is an error", rc == 1 and "needs --calibration" in err, err)
    rc, _, err = run(args, digits, "-o", out, "--quantize", "int4", "--calibration", calib)
    check("--quantize int4 is a usage error", rc == 2, err)

    # --- calibration data errors ---
    bad = os.path.join(w, "bad_shape.npy")
    np.save(bad, np.zeros((4, 1, 3, 8, 8), np.float32))
    rc, _, err = run(args, digits, "-o", out, "--quantize", "int8", "--calibration", bad)
    check("a shape mismatch names the file, the input and both shapes",
          rc == 1 and "bad_shape.npy" in err and "input 'input' of shape [1,1,8,8]" in err and "[4,1,3,8,8]" in err, err)
    f_order = os.path.join(w, "fortran.npy")
    np.save(f_order, np.asfortranarray(np.zeros((64, 1, 1, 8, 8), np.float32)))
    rc, _, err = run(args, digits, "-o", out, "--quantize", "int8", "--calibration", f_order)
    check("Fortran-order .npy is rejected", rc == 1 and "Fortran-order" in err, err)
    ints = os.path.join(w, "ints.npy")
    np.save(ints, np.zeros((64, 1, 1, 8, 8), np.int64))
    rc, _, err = run(args, digits, "-o", out, "--quantize", "int8", "--calibration", ints)
    check("int64 .npy is rejected", rc == 1 and "dtype '<i8' is not supported" in err, err)
    big = os.path.join(w, "big.npy")
    save_npy_raw(big, "{'descr': '>f4', 'fortran_order': False, 'shape': (1, 1, 1, 8, 8), }", bytes(256))
    rc, _, err = run(args, digits, "-o", out, "--quantize", "int8", "--calibration", big)
    check("big-endian .npy is rejected", rc == 1 and "big-endian" in err, err)
    trunc = os.path.join(w, "trunc.npy")
    save_npy_raw(trunc, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 1, 8, 8), }", bytes(300))
    rc, _, err = run(args, digits, "-o", out, "--quantize", "int8", "--calibration", trunc)
    check("truncated .npy is rejected", rc == 1 and "truncated data" in err, err)
    rc, _, err = run(args, digits, "-o", out, "--quantize", "int8", "--calibration", os.path.join(w, "nope.npy"))
    check("a missing calibration file is an error", rc == 1 and "does not exist" in err, err)

    # --- calibration data forms ---
    f64 = os.path.join(w, "calib_f64_nobatch.npy")
    np.save(f64, np.load(calib).astype(np.float64).reshape(64, 1, 8, 8))  # batch dimension left out
    rc, so, err = run(args, digits, "-o", os.path.join(w, "f64"), "--quantize", "int8", "--calibration", f64)
    check("float64 data without the batch dimension is accepted", rc == 0 and "64 samples" in so, err)
    kws = os.path.join(MODELS, "kws_dscnn.onnx")
    rc, so, err = run(args, kws, "-o", os.path.join(w, "dir"), "--quantize", "int8", "--calibration",
                      os.path.join(MODELS, "kws_dscnn"))
    check("a directory of test_data_set_* folders is accepted", rc == 0 and "1 samples" in so, err)

    two = os.path.join(w, "two.onnx")
    two_input_model(two)
    rng = np.random.default_rng(1)
    ca, cb = os.path.join(w, "a.npy"), os.path.join(w, "b.npy")
    np.save(ca, rng.normal(0, 1, (16, 1, 8)).astype(np.float32))
    np.save(cb, rng.normal(0, 2, (16, 1, 8)).astype(np.float32))
    rc, _, err = run(args, two, "-o", out, "--quantize", "int8", "--calibration", ca)
    check("one .npy for a two-input model is an error", rc == 1 and "give NAME=FILE.npy for each" in err, err)
    rc, _, err = run(args, two, "-o", out, "--quantize", "int8", "--calibration", "a=" + ca)
    check("a missing input's data is an error", rc == 1 and "no data for input 'b'" in err, err)
    gen = os.path.join(w, "two_int8")
    rc, so, err = run(args, two, "-o", gen, "--quantize", "int8", "--calibration", "a=" + ca, "--calibration",
                      "b=" + cb, "--io", "int8")
    hdr = open(os.path.join(gen, "two.h")).read() if rc == 0 else ""
    check("NAME=FILE per input; --io int8 puts scale and zero point macros in the header",
          rc == 0 and all(re.search(r"#define two_%s_SCALE " % k, hdr) and re.search(r"#define two_%s_ZERO_POINT " % k, hdr)
                          for k in ("INPUT_0", "INPUT_1", "OUTPUT_0"))
          and "#define two_INPUT_0_CTYPE int8_t" in hdr, err + hdr[:2000])

    # --- a float island, end to end against ONNX Runtime ---
    from ort_run import run_ort_batch
    mixed = os.path.join(w, "mixed.onnx")
    mixed_model(mixed)
    xs = np.random.default_rng(2).uniform(0, 1, (24, 1, 2, 6, 6)).astype(np.float32)
    cm = os.path.join(w, "mixed_calib.npy")
    np.save(cm, xs)
    report = os.path.join(w, "mixed_report.json")
    gen = os.path.join(w, "mixed_int8")
    rc, so, err = run(args, mixed, "-o", gen, "--quantize", "int8", "--calibration", cm, "--quant-report", report)
    check("a model with an op that has no int8 form compiles", rc == 0 and "stays float: " in so and "(Div)" in so,
          so + err)
    if rc == 0:
        rep = json.load(open(report))
        check("the JSON report lists the float node and every int8 tensor with scale, zero point and SQNR",
              [n["op"] for n in rep["float_nodes"]] == ["Div"] and len(rep["tensors"]) >= 3
              and all(t["scale"] > 0 and -128 <= t["zero_point"] <= 127 and t["sqnr_db"] is not None
                      for t in rep["tensors"]), json.dumps(rep)[:2000])
        y = build_and_run(args, gen, "mixed", xs)
        ref = np.stack([o[0].reshape(-1) for o in run_ort_batch(mixed, [[x] for x in xs])])
        s = 10 * np.log10(np.sum(ref.astype(np.float64) ** 2) / np.sum((ref - y).astype(np.float64) ** 2))
        # Two int8 convolutions on uniform [0,1] inputs: 8-bit steps give about 40 dB;
        # 30 dB leaves room for the rounding of both layers and the float island's boundaries.
        check("the float island runs: compiled int8+float vs ONNX Runtime, SQNR %.1f dB >= 30 dB" % s, s >= 30)

    # --- determinism, text report, --print-after ---
    d1, d2 = os.path.join(w, "det1"), os.path.join(w, "det2")
    rs = []
    for d in (d1, d2):
        rs.append(run(args, digits, "-o", d, "--name", "m", "--quantize", "int8", "--calibration", calib,
                      "--calibration-method", "percentile", "--quant-report", os.path.join(d, "r.txt")))
    same = all(open(os.path.join(d1, f), "rb").read() == open(os.path.join(d2, f), "rb").read()
               for f in ("m.h", "m.cpp", "r.txt"))
    check("the same model and options give byte-identical files and reports", rs[0][0] == 0 and same)
    txt = open(os.path.join(d1, "r.txt")).read() if rs[0][0] == 0 else ""
    check("the text report has the per-tensor table", "int8 tensors" in txt and "SQNR dB" in txt and "nodes that stay float"
          in txt, txt[:1000])
    rc, _, err = run(args, digits, "-o", out, "--quantize", "int8", "--calibration", calib, "--print-after", "quantize")
    check("--print-after quantize prints the quantized graph", rc == 0 and "// after quantize" in err
          and "QuantizeLinear" in err, err[:1000])

    # --- progress: in place on a terminal, a few lines otherwise ---
    rc, _, err = run(args, digits, "-o", out, "--quantize", "int8", "--calibration", calib, "-v")
    lines = [l for l in err.splitlines() if l.startswith("calibrating")]
    check("without a terminal, -v shows progress as a few lines", rc == 0 and 1 <= len(lines) <= 5
          and lines[-1] == "calibrating: 64/64 samples", err)
    rc, _, err = run(args, digits, "-o", out, "--quantize", "int8", "--calibration", calib)
    check("without a terminal and without -v, no progress (a build log keeps one line per model)",
          rc == 0 and "samples" not in err, err)
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(args.tinyaot, [args.tinyaot, "compile", digits, "-o", out, "--quantize", "int8", "--calibration", calib])
    data = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    os.waitpid(pid, 0)
    text = data.decode(errors="replace")
    check("on a terminal, one progress line is refreshed in place",
          "\rcalibrating: 1/64 samples" in text and "\rcalibrating: 64/64 samples" in text
          and text.count("calibrating:") >= 64, text[:500])

    print("%d passed, %d failed" % (len(passed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
