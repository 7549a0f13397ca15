#!/usr/bin/python3
"""End-to-end tests of post-training int8 quantization (tinyaot compile --quantize int8).

Every figure comes from the COMPILED generated code: the model is compiled twice
(float, and int8 with the model's shipped calibration data), each generated .cpp is
built with tests/ptq/batch_harness.cpp under -Wall -Wextra -Werror -pedantic and run
over a batch of samples.

  run_ptq.py --tinyaot BIN --model NAME --work DIR [--io float|int8] [--method minmax]

digits_cnn, digits_cnn_bn: top-1 accuracy on all 360 samples of models/digits_test_x.npy
  (labels digits_test_y.npy), float vs int8; int8 must be within 1 percentage point.
MLPerf Tiny models: int8 output vs ONNX Runtime's float output on test_data_set_0 (whose
  output_0.pb is ORT's) and on every calibration sample (via tests/tools/ort), next to an
  independent simulation of the same quantization in ONNX Runtime (qdq_reference.py);
  bounds in FLOORS below, with the reasoning next to them.
Both print arena and constant-data bytes, float vs int8.
"""
import argparse
import os
import re
import subprocess
import sys

import numpy as np
import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODELS = os.path.join(REPO, "models")
sys.path.insert(0, os.path.join(REPO, "tests", "tools", "ort"))
sys.path.insert(0, HERE)

CXX = os.environ.get("CXX_FOR_TESTS", "g++")
CXXFLAGS = ["-std=c++11", "-O2", "-Wall", "-Wextra", "-Werror", "-pedantic"]

# Bounds for the MLPerf Tiny models (int8 vs ONNX Runtime's float output).
#
# How close int8 can get depends on the model: the same quantization run by an
# independent implementation (qdq_reference.py: the model with QuantizeLinear/
# DequantizeLinear at the same points with the same parameters, run by ONNX Runtime
# in float) shows what the quantization itself costs. The compiled int8 code must
# come within 3 dB of that simulation's SQNR and within 2 samples of its top-1
# agreement (integer requantization rounds differently from float arithmetic on
# dequantized values; in deep networks the differences are amplified, e.g.
# vww_mobilenet_v1_025 loses about 1.5 dB per layer over its 27 layers in both).
# On top of that, fixed floors catch a broken model outright:
#  - classifiers end in Softmax, whose int8 output has a fixed step of 1/256. A
#    wrong scale, zero point or layout gives SQNR near 0 dB and top-1 agreement near
#    chance; the floors are 12 dB and 85% (the simulation itself reaches 18 dB and
#    94% on VWW, whose proxy task has near-tied classes), and top-1 must agree on
#    test_data_set_0 whenever the simulation agrees there;
#  - ad_autoencoder regresses dB values (about -50..0) and is judged by SQNR alone:
#    at least 30 dB (error power 1/1000 of the signal).
FLOORS = {
    "kws_dscnn": {"classifier": True, "sqnr": 12.0, "agree": 0.85},
    "vww_mobilenet_v1_025": {"classifier": True, "sqnr": 12.0, "agree": 0.85},
    "ic_resnet8": {"classifier": True, "sqnr": 12.0, "agree": 0.85},
    "ad_autoencoder": {"classifier": False, "sqnr": 30.0},
}
SQNR_MARGIN_DB = 3.0
AGREE_MARGIN_SAMPLES = 2


class TestFailure(Exception):
    pass


def sh(cmd, what):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    if r.returncode != 0:
        raise TestFailure("%s failed (exit %d): %s\n%s" % (what, r.returncode, " ".join(cmd), r.stdout))
    return r.stdout


def header_macros(path):
    text = open(path).read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return {m.group(1): m.group(2).strip() for m in re.finditer(r"^#define\s+(\w+)\s+(.*)$", text, flags=re.M)}


class Variant:
    """One compiled and built configuration of a model."""

    def __init__(self, args, model, tag, extra):
        self.name = "%s_%s" % (model, tag)
        self.dir = os.path.join(args.work, self.name)
        os.makedirs(self.dir, exist_ok=True)
        cmd = [args.tinyaot, "compile", os.path.join(MODELS, model + ".onnx"), "-o", self.dir,
               "--name", self.name] + extra
        self.log = sh(cmd, "tinyaot compile (%s)" % tag)
        m = header_macros(os.path.join(self.dir, self.name + ".h"))
        self.arena = int(m[self.name + "_ARENA_SIZE"])
        self.weights = int(m[self.name + "_WEIGHTS_SIZE"])
        self.in_size = int(m[self.name + "_INPUT_0_SIZE"])
        self.out_size = int(m[self.name + "_OUTPUT_0_SIZE"])
        self.in_dtype = int(m[self.name + "_INPUT_0_DTYPE"])
        self.exe = os.path.join(self.dir, "batch_harness")
        sh([CXX] + CXXFLAGS + ["-DMODEL=" + self.name, '-DMODEL_HEADER="%s.h"' % self.name, "-I", self.dir,
                               os.path.join(HERE, "batch_harness.cpp"), os.path.join(self.dir, self.name + ".cpp"),
                               "-o", self.exe, "-lm"], "building %s with -Werror" % self.name)

    def run(self, x):
        x = np.ascontiguousarray(x, dtype=np.float32).reshape(len(x), -1)
        if x.shape[1] != self.in_size:
            raise TestFailure("%s: sample size %d, model input %d" % (self.name, x.shape[1], self.in_size))
        fin, fout = os.path.join(self.dir, "in.f32"), os.path.join(self.dir, "out.f32")
        x.tofile(fin)
        sh([self.exe, fin, str(len(x)), fout], "running %s" % self.name)
        y = np.fromfile(fout, dtype=np.float32)
        return y.reshape(len(x), self.out_size)


def report_path(args, model):
    return os.path.join(args.work, "%s_%s_report.json" % (model, args.io))


def quant_args(args, model):
    out = ["--quantize", "int8", "--calibration", os.path.join(MODELS, model + "_calib.npy"),
           "--calibration-method", args.method, "--io", args.io, "--quant-report", report_path(args, model)]
    if args.per_tensor:
        out.append("--per-tensor")
    return out


def constant_tensors(v):
    """{name: (dtype, dims)} of the constant tensors in a generated .cpp, from the comment
    codegen writes above each constant array ("// 'name': int8[64,1,3,3] ...")."""
    text = open(os.path.join(v.dir, v.name + ".cpp")).read()
    out = {}
    for m in re.finditer(r"^// '([^']*)': (\w+)\[([0-9,]*)\].*\n(?:alignas\(16\) )?const ", text, flags=re.M):
        out[m.group(1)] = (m.group(2), [int(d) for d in m.group(3).split(",") if d])
    return out


def weight_tensor_bytes(f, q):
    """Bytes of the weight tensors the quantizer turned into int8 ('W' -> 'W_q'), in the
    int8 build and (the same tensors) in the float build."""
    ft, qt = constant_tensors(f), constant_tensors(q)
    wf = wq = 0
    for name, (dt, dims) in qt.items():
        base = name[:-2] if name.endswith("_q") else None
        if dt != "int8" or base not in ft or ft[base][1] != dims:
            continue
        wf += 4 * int(np.prod(dims))
        wq += int(np.prod(dims))
    return wf, wq


def print_sizes(f, q):
    print("  arena bytes:          float %8d   int8 %8d   (%.2fx)" % (f.arena, q.arena, q.arena / max(f.arena, 1)))
    print("  constant data bytes:  float %8d   int8 %8d   (%.2fx)  (NAME_WEIGHTS_SIZE)"
          % (f.weights, q.weights, q.weights / max(f.weights, 1)))
    wf, wq = weight_tensor_bytes(f, q)
    print("  weight tensor bytes:  float %8d   int8 %8d   (%.2fx)  (the quantized filters and matrices)"
          % (wf, wq, wq / max(wf, 1)))


def sqnr(ref, y):
    noise = float(np.sum((ref.astype(np.float64) - y) ** 2))
    sig = float(np.sum(ref.astype(np.float64) ** 2))
    return float("inf") if noise == 0 else 10 * np.log10(sig / noise)


def check_weights_ratio(f, q, failures):
    # Every Conv/Gemm weight tensor of the float build has an int8 twin of the same shape.
    ft, qt = constant_tensors(f), constant_tensors(q)
    wf, wq = weight_tensor_bytes(f, q)
    float_weights = sum(1 for dt, dims in ft.values() if dt == "float32" and len(dims) >= 2 and min(dims) > 1)
    twins = sum(1 for n, (dt, dims) in qt.items() if dt == "int8" and n.endswith("_q") and n[:-2] in ft)
    if wf == 0 or twins < float_weights:
        failures.append("only %d of the %d float weight tensors have an int8 twin" % (twins, float_weights))
    # All constant data: besides the int8 weights, the int8 kernels keep per output
    # channel an int32 bias, an int32 multiplier and a shift (12 bytes where float had
    # a 4-byte bias), plus lookup tables (Softmax exp, AveragePool divisors). On
    # models with few weights per channel (depthwise convolutions) this adds up to
    # ~10% of the float size, so the bound is 0.40 of float.
    ratio = q.weights / max(f.weights, 1)
    if ratio > 0.40:
        failures.append("int8 constant data is %.2f of float (expected at most 0.40)" % ratio)


def run_digits(args, model, failures):
    x = np.load(os.path.join(MODELS, "digits_test_x.npy"))
    y = np.load(os.path.join(MODELS, "digits_test_y.npy"))
    f = Variant(args, model, "float", [])
    q = Variant(args, model, "int8_" + args.io, quant_args(args, model))
    sys.stdout.write(q.log)
    pf, pq = f.run(x).argmax(axis=1), q.run(x).argmax(axis=1)
    acc_f, acc_q = 100.0 * np.mean(pf == y), 100.0 * np.mean(pq == y)
    print("%s (%d samples, compiled code, --io %s, %s calibration):" % (model, len(y), args.io, args.method))
    print("  top-1 accuracy: float %.2f%%   int8 %.2f%%   (difference %+.2f points; predictions agree on %.2f%%)"
          % (acc_f, acc_q, acc_q - acc_f, 100.0 * np.mean(pf == pq)))
    print_sizes(f, q)
    if acc_q < acc_f - 1.0:
        failures.append("int8 accuracy %.2f%% is more than 1 point below float %.2f%%" % (acc_q, acc_f))
    check_weights_ratio(f, q, failures)


def load_pb(path):
    t = onnx.TensorProto()
    with open(path, "rb") as fh:
        t.ParseFromString(fh.read())
    return numpy_helper.to_array(t)


def run_mlperf(args, model, failures):
    from ort_run import run_ort_batch
    from qdq_reference import build_qdq
    b = FLOORS[model]
    onnx_path = os.path.join(MODELS, model + ".onnx")
    ds = os.path.join(MODELS, model, "test_data_set_0")
    x0, ref0 = load_pb(os.path.join(ds, "input_0.pb")), load_pb(os.path.join(ds, "output_0.pb"))
    calib = np.load(os.path.join(MODELS, model + "_calib.npy"))
    f = Variant(args, model, "float", [])
    q = Variant(args, model, "int8_" + args.io, quant_args(args, model))
    sys.stdout.write(q.log)
    # Samples: the reference input, then every calibration sample.
    xs = np.concatenate([x0.reshape(1, *x0.shape), calib]).astype(np.float32)
    n = len(xs)
    ort = np.stack([o[0].reshape(-1) for o in run_ort_batch(onnx_path, [[x] for x in xs])])
    qdq_path = os.path.join(args.work, model + "_qdq.onnx")
    build_qdq(onnx_path, report_path(args, model), qdq_path)
    sim = np.stack([o[0].reshape(-1) for o in run_ort_batch(qdq_path, [[x] for x in xs], opt_level="disabled")])
    yf, yq = f.run(xs), q.run(xs)
    float_err = max(float(np.max(np.abs(yf[0] - ref0.reshape(-1)))), float(np.max(np.abs(yf - ort))))
    print("%s (compiled code, --io %s, %s calibration), %d samples (test_data_set_0 + calibration):"
          % (model, args.io, args.method, n))
    print("  float build vs ONNX Runtime: max abs %.3g" % float_err)
    s_q, s_sim, s_qs = sqnr(ort, yq), sqnr(ort, sim), sqnr(sim, yq)
    print("  int8 compiled vs ORT float:           SQNR %6.2f dB, max abs %.4g (test_data_set_0: %.4g)"
          % (s_q, np.max(np.abs(yq - ort)), np.max(np.abs(yq[0] - ort[0]))))
    print("  ORT QDQ simulation vs ORT float:      SQNR %6.2f dB, max abs %.4g" % (s_sim, np.max(np.abs(sim - ort))))
    print("  int8 compiled vs ORT QDQ simulation:  SQNR %6.2f dB, max abs %.4g" % (s_qs, np.max(np.abs(yq - sim))))
    if s_q < s_sim - SQNR_MARGIN_DB:
        failures.append("SQNR %.2f dB is more than %.0f dB below the simulation's %.2f dB" % (s_q, SQNR_MARGIN_DB, s_sim))
    if s_q < b["sqnr"]:
        failures.append("SQNR %.2f dB < %.1f dB" % (s_q, b["sqnr"]))
    if b["classifier"]:
        top = ort.argmax(axis=1)
        agree_q, agree_sim = float(np.mean(yq.argmax(axis=1) == top)), float(np.mean(sim.argmax(axis=1) == top))
        print("  top-1 agreement with ORT float: int8 %.1f%%, simulation %.1f%%; test_data_set_0: int8 %d, simulation %d, "
              "reference %d" % (100 * agree_q, 100 * agree_sim, yq[0].argmax(), sim[0].argmax(), ref0.argmax()))
        if agree_q < agree_sim - AGREE_MARGIN_SAMPLES / n:
            failures.append("top-1 agreement %.1f%% is more than %d samples below the simulation's %.1f%%"
                            % (100 * agree_q, AGREE_MARGIN_SAMPLES, 100 * agree_sim))
        if agree_q < b["agree"]:
            failures.append("top-1 agreement %.1f%% < %.0f%%" % (100 * agree_q, 100 * b["agree"]))
        if sim[0].argmax() == ref0.argmax() and yq[0].argmax() != ref0.argmax():
            failures.append("top-1 differs from the reference on test_data_set_0")
    if float_err > 1e-3 * max(1.0, float(np.max(np.abs(ort)))):
        failures.append("the float build differs from ONNX Runtime by %.3g" % float_err)
    print_sizes(f, q)
    check_weights_ratio(f, q, failures)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--io", default="float", choices=["float", "int8"])
    ap.add_argument("--method", default="minmax", choices=["minmax", "percentile", "mse"])
    ap.add_argument("--per-tensor", action="store_true")
    args = ap.parse_args()
    args.work = os.path.abspath(args.work)
    os.makedirs(args.work, exist_ok=True)
    failures = []
    try:
        if args.model.startswith("digits"):
            run_digits(args, args.model, failures)
        elif args.model in FLOORS:
            run_mlperf(args, args.model, failures)
        else:
            raise TestFailure("no PTQ test for model '%s'" % args.model)
    except TestFailure as e:
        failures.append(str(e))
    for msg in failures:
        print("FAIL: %s: %s" % (args.model, msg))
    print("%s: %s" % (args.model, "FAILED" if failures else "PASSED"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
