#!/usr/bin/python3
"""Which reference models run on which targets, in the test suite and by default in scripts/bench.

  matrix.py            prints the (case, target) pairs
  matrix.py --cmake    the same as a CMake list of CASE|TARGET items (tests/target/tests.cmake)

A *case* is a model from models/ compiled with some options. Float cases are
named after the model. Variants (int8 once `--quantize int8` is ready) get
their own name, their own compile options and harness tolerances, and their
own budgets: add them to VARIANTS below.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
MODELS = os.path.join(REPO, "models")


class Case:
    def __init__(self, name, model, options=(), atol=1e-4, rtol=1e-3, lsb=None, data=None):
        self.name = name          # budget key and test name
        self.model = model        # models/<model>.onnx
        self.options = list(options)  # extra `tinyaot compile` options; paths relative to the repo
        self.atol, self.rtol, self.lsb = atol, rtol, lsb  # harness tolerances
        self.data = data or os.path.join(MODELS, model)  # holds test_data_set_0

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

# Variants: (Case, [targets]). The hook for int8 models, e.g.
#   (Case("kws_dscnn.int8", "kws_dscnn",
#         ["--quantize", "int8", "--calibration", "models/kws_dscnn_calib.npy"], atol=0.05, rtol=0.05),
#    ["cortex-m4", "cortex-m0plus", "cortex-m55"]),
# A variant may name its own reference data directory (data=...), e.g. one
# holding an int8 reference from ONNX Runtime.
VARIANTS = []


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
