#!/usr/bin/python3
"""Which reference models run on which targets, in the test suite and by default in scripts/bench.

  matrix.py            prints the (case, target) pairs
  matrix.py --cmake    the same as a CMake list of CASE|TARGET items (tests/target/tests.cmake)

A *case* is a model from models/ compiled with some options. Float cases are
named after the model. Variants (e.g. the int8 ones, NAME.int8) get their own
name, their own compile options and harness tolerances, and their own
budgets: add them to VARIANTS below.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODELS = os.path.join(REPO, "models")


class Case:
    def __init__(self, name, model, options=(), atol=1e-4, rtol=1e-3, lsb=None, data=None, exact=False):
        self.name = name          # budget key and test name
        self.model = model        # models/<model>.onnx
        self.options = list(options)  # extra `tinyaot compile` options; paths relative to the repo
        self.atol, self.rtol, self.lsb = atol, rtol, lsb  # harness tolerances
        self.data = data or os.path.join(MODELS, model)  # holds test_data_set_0
        # Integer arithmetic: on a QEMU target the outputs must equal bit for bit
        # those of the same generated code built for the host, which must match
        # `data` within the tolerances (modeltest.host_reference).
        self.exact = exact

    @property
    def symbol(self):             # --name: a C identifier
        return "".join(c if c.isalnum() else "_" for c in self.name)

    def model_path(self):
        return os.path.join(MODELS, self.model + ".onnx")

    def compile_options(self):
        return [os.path.join(REPO, o) if o.startswith("models/") else o for o in self.options]


def reference_models():
    return sorted(f[:-5] for f in os.listdir(MODELS) if f.endswith(".onnx"))


# Every target with a QEMU machine, plus the host.
QEMU_TARGETS = ["cortex-m0plus", "cortex-m3", "cortex-m4", "cortex-m7", "cortex-m33", "cortex-m55", "riscv32imac"]
# The full set runs on cortex-m4 (its numbers are the pinned benchmark).
FULL_TARGET = "cortex-m4"
# Small models run everywhere else: they build and run in a few seconds even
# with soft float. digits_cnn fits the microbit (the Cortex-M0+ small board);
# kws_dscnn and ad_autoencoder do not (they run on mps2-an385).
SMALL_MODELS = ["digits_cnn", "opset9_mlp", "kws_dscnn"]
EXTRA = {"cortex-m0plus": ["ad_autoencoder"], "cortex-m55": ["ic_resnet8"], "host": ["branchy"]}

# Variants: (Case, [targets]). A variant may name its own reference data
# directory (data=...).
#
# int8: post-training quantization with each model's shipped calibration data
# (float interface: quantize/dequantize inside the model). Checked in two steps
# (exact=True, modeltest.host_reference): the generated code built for the host
# must match ONNX Runtime's float output (test_data_set_0) within INT8_STEPS
# steps of the output quantization, and the target run must reproduce the host
# outputs bit for bit (integer arithmetic; the armdsp SMLAD kernels must equal
# the reference kernels).
#
# Tolerance: the int8 output is the float output plus the quantization noise
# accumulated through the network, rounded to the output's step. The step is
# 1/256 for the classifiers ending in Softmax (int8 probabilities, a fixed
# range) and range/255 of the calibrated output range for the others:
# ad_autoencoder 0.1812 (dB values, -46.2..0), digits_cnn 0.2783 (logits,
# -44.5..26.4; `tinyaot compile --quant-report`). Measured on test_data_set_0:
# 1.67 steps (kws_dscnn), 1.61 (vww_mobilenet_v1_025), 0.64 (ic_resnet8), 1.10
# (ad_autoencoder), 0.71 (digits_cnn); 4 steps leaves a margin of 2.4x over the
# worst. A wrong scale, zero point, requantization multiplier or layout moves
# the outputs by tens of steps (a Softmax output by up to 256), far outside it;
# what quantization costs over many samples (SQNR, top-1) is tests/ptq's job.
INT8_STEPS = 4
INT8_OUTPUT_STEP = {"kws_dscnn": 1.0 / 256, "vww_mobilenet_v1_025": 1.0 / 256, "ic_resnet8": 1.0 / 256,
                    "ad_autoencoder": 0.1812, "digits_cnn": 0.2783}


def int8_case(model):
    return Case(model + ".int8", model, ["--quantize", "int8", "--calibration", "models/%s_calib.npy" % model],
                atol=INT8_STEPS * INT8_OUTPUT_STEP[model], rtol=0.0, exact=True)


# All int8 cases run on cortex-m4 (pinned budgets); the small digits_cnn also
# on a core without DSP (cortex-m0plus: reference kernels), one with Helium
# (cortex-m55) and the host.
VARIANTS = [(int8_case(m), [FULL_TARGET]) for m in ["kws_dscnn", "vww_mobilenet_v1_025", "ic_resnet8",
                                                     "ad_autoencoder"]]
VARIANTS.append((int8_case("digits_cnn"), [FULL_TARGET, "cortex-m0plus", "cortex-m55", "host"]))


def cases():
    out = {m: Case(m, m) for m in reference_models()}
    for c, _ in VARIANTS:
        out[c.name] = c
    return out


def pairs():
    """(case name, target) pairs of the test suite, in a stable order."""
    models = reference_models()
    out = [(m, FULL_TARGET) for m in models]
    for t in ["host"] + QEMU_TARGETS:
        if t == FULL_TARGET:
            continue
        out += [(m, t) for m in SMALL_MODELS + EXTRA.get(t, []) if m in models]
    for c, targets in VARIANTS:
        out += [(c.name, t) for t in targets]
    return out


if __name__ == "__main__":
    ps = pairs()
    if "--cmake" in sys.argv[1:]:
        sys.stdout.write(";".join("%s|%s" % p for p in ps))
    else:
        for c, t in ps:
            print("%-24s %s" % (c, t))
