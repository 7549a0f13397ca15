#!/usr/bin/python3
"""Arm DSP int8 kernels (SMLAD) on a real instruction set: QDQ models of
qdq_models.py and an int8 QOperator CNN of qop_models.py compiled with --target cortex-m4 (kernel variants armdsp,
reference), built for the Cortex-M4 and run under QEMU
(tests/target/build_and_run.py), compared with ONNX Runtime's codes exactly
(--lsb 0). The reference kernels match ONNX Runtime exactly on these models
(run_qdq_tests.py), so an exact match here means the _armdsp kernels are bit
for bit the reference ones.

  run_armdsp_tests.py --tinyaot BIN --work DIR [--models a,b]

Exit status: 0 pass, 1 fail, 77 ONNX Runtime, the Arm toolchain or QEMU is
unavailable.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys

import onnx
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, "tests", "tools", "ort"))
import qdq_models as Q  # noqa: E402
import qop_models as QO  # noqa: E402
from ort_run import ort_available, run_ort  # noqa: E402

MODELS = ["conv_perchannel", "conv_strided_pertensor", "matmul", "gemm", "cnn", "qop_cnn_s8"]
BUILDERS = dict(Q.MODELS, **QO.MODELS)
BUILD_AND_RUN = os.path.join(REPO, "tests", "target", "build_and_run.py")


def check(name, tinyaot, work):
    d = os.path.join(work, name)
    data = os.path.join(d, "test_data_set_0")
    os.makedirs(data, exist_ok=True)
    model = BUILDERS[name]()
    path = os.path.join(d, name + ".onnx")
    onnx.save(model, path)
    inputs = Q.sample_inputs(model, 1, seed=99)[0]
    outputs = run_ort(path, inputs)
    for i, (vi, x) in enumerate(zip(model.graph.input, inputs)):
        with open(os.path.join(data, "input_%d.pb" % i), "wb") as f:
            f.write(numpy_helper.from_array(x, vi.name).SerializeToString())
    for i, (vi, y) in enumerate(zip(model.graph.output, outputs)):
        with open(os.path.join(data, "output_%d.pb" % i), "wb") as f:
            f.write(numpy_helper.from_array(y, vi.name).SerializeToString())
    gen = os.path.join(d, "gen")
    subprocess.run([tinyaot, "compile", path, "-o", gen, "--name", name, "--target", "cortex-m4", "-q"], check=True)
    source = open(os.path.join(gen, name + ".cpp")).read()
    dsp = sorted(set(re.findall(r"^\s*(ta_\w+_armdsp)\b", source, flags=re.M)))
    r = subprocess.run([sys.executable, BUILD_AND_RUN, "--target", "cortex-m4", "--name", name, "--gen-dir", gen,
                        "--data", data, "--lsb", "0", "--build-dir", os.path.join(d, "build")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True)
    ok = r.returncode == 0 and bool(dsp)
    summary = [l for l in r.stdout.splitlines() if "PASS" in l or "FAIL" in l or "error" in l]
    print("armdsp %-24s kernels %s: %s -> %s" % (name, ",".join(dsp) or "NONE",
                                                 summary[-1] if summary else r.stdout[-500:], "PASS" if ok else "FAIL"))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tinyaot", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--models", help="comma-separated subset of: " + ",".join(MODELS))
    a = ap.parse_args()
    ok, why = ort_available()
    if not ok:
        print("SKIP: " + why)
        return 77
    for tool in ("arm-none-eabi-g++", "qemu-system-arm"):
        if not shutil.which(tool):
            print("SKIP: %s not found" % tool)
            return 77
    names = a.models.split(",") if a.models else MODELS
    results = [check(n, os.path.abspath(a.tinyaot), os.path.abspath(a.work)) for n in names]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
