#!/usr/bin/python3
"""Float models in the forms real tools write them, against ONNX Runtime:
openWakeWord-style log-mel clipping with a Clip whose min is computed at run
time (max(x) - 80 dB), ONNX Runtime's float contrib ops (com.microsoft
FusedGemm, FusedConv, Gelu, FastGelu), the output of quantize_dynamic
(DynamicQuantizeLinear + MatMulInteger + Cast + Mul chains), a model saved
with IR version 13 and opset 22, and zero-element constants.

  run_float_models.py --tinyaot BIN --work DIR [--jobs N]

Each case is written as a node-test directory with ONNX Runtime's outputs
(tests/ops_variants' writer) and run through tests/conformance/
run_conformance.py: compiled, built with -Wall -Wextra -Werror -pedantic,
run, compared within its float tolerance. Every case must pass. Exit status:
0 all pass, 1 a case failed, 77 (CTest skip) when ONNX Runtime is unavailable.
"""
import os
import sys

import numpy as np
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "ops_variants"))
sys.path.insert(0, os.path.join(REPO, "tests", "tools", "ort"))
import run_ops_variants as OV  # noqa: E402

N = helper.make_node
MS = {"domains": {"com.microsoft": 1}}


def f32(a):
    return np.array(a, np.float32)


def log_mel_clip(rng, opset):
    """10*log10(max(x^2, 1e-10)) clipped below at its own maximum - 80 dB
    (openWakeWord's melspectrogram model ends this way)."""
    x = (rng.standard_normal((1, 32, 40)) * np.exp(rng.uniform(-9, 2, (1, 32, 40)))).astype(np.float32)
    nodes = [N("Mul", ["x", "x"], ["p"]), N("Max", ["p", "eps"], ["pm"]), N("Log", ["pm"], ["l"]),
             N("Mul", ["l", "k"], ["db"]), N("ReduceMax", ["db"], ["mx"], keepdims=0), N("Sub", ["mx", "top"], ["lo"]),
             N("Clip", ["db", "lo"], ["y"])]
    return ("log_mel_clip_runtime_min_opset%d" % opset, nodes, [("x", x)], ["y"], opset,
            [("eps", f32(1e-10)), ("k", f32(10 / np.log(10))), ("top", f32(80))])


def dynamic_matmul(rng, name, weight_type, per_column, layers):
    """quantize_dynamic's MatMul: DynamicQuantizeLinear(x) -> MatMulInteger(x_q,
    W_q, x_zp, W_zp) -> Cast -> Mul(x_scale * W_scale) -> Add(bias), with a
    Relu between layers."""
    x = rng.standard_normal((1, 6, 24)).astype(np.float32)
    nodes, inits, cur, k = [], [], "x", 24
    for i in range(layers):
        n = 16 if i + 1 < layers else 10
        w = (rng.standard_normal((k, n)) * 0.3).astype(np.float32)
        if weight_type == np.int8:
            s = (np.abs(w).max(axis=0 if per_column else None) / 127).astype(np.float32)
            wq = np.clip(np.round(w / s), -127, 127).astype(np.int8)
            zp = np.zeros(n if per_column else (), np.int8)
        else:
            lo, hi = np.minimum(w.min(axis=0 if per_column else None), 0), np.maximum(w.max(axis=0 if per_column else None), 0)
            s = ((hi - lo) / 255).astype(np.float32)
            zp = np.clip(np.round(-lo / s), 0, 255).astype(np.uint8)
            wq = np.clip(np.round(w / s) + zp, 0, 255).astype(np.uint8)
        p = "l%d_" % i
        inits += [(p + "W_quantized", wq), (p + "W_scale", np.asarray(s, np.float32)), (p + "W_zero_point", zp),
                  (p + "bias", (rng.standard_normal(n) * 0.1).astype(np.float32))]
        nodes += [N("DynamicQuantizeLinear", [cur], [p + "x_q", p + "x_scale", p + "x_zp"]),
                  N("MatMulInteger", [p + "x_q", p + "W_quantized", p + "x_zp", p + "W_zero_point"], [p + "acc"]),
                  N("Cast", [p + "acc"], [p + "acc_f"], to=TensorProto.FLOAT),
                  N("Mul", [p + "x_scale", p + "W_scale"], [p + "scales"]),
                  N("Mul", [p + "acc_f", p + "scales"], [p + "mm"]),
                  N("Add", [p + "mm", p + "bias"], [p + "out"])]
        cur = p + "out"
        if i + 1 < layers:
            nodes.append(N("Relu", [cur], [p + "relu"]))
            cur, k = p + "relu", n
    nodes.append(N("Identity", [cur], ["y"]))
    return (name, nodes, [("x", x)], ["y"], 13, inits)


def cases():
    rng = np.random.default_rng(20260501)
    f = lambda *s: rng.standard_normal(s).astype(np.float32)  # noqa: E731
    c = [
        log_mel_clip(rng, 13),
        log_mel_clip(rng, 11),
        # Both bounds at run time; min > max at run time gives max everywhere (ONNX).
        ("clip_runtime_min_max", [N("ReduceMin", ["x"], ["lo"], keepdims=0), N("ReduceMean", ["x"], ["hi"], keepdims=0),
                                  N("Clip", ["x", "lo", "hi"], ["y"])], [("x", f(4, 7))], ["y"], 13, []),
        ("clip_runtime_min_above_max", [N("ReduceMax", ["x"], ["lo"], keepdims=0), N("Clip", ["x", "lo", "z"], ["y"])],
         [("x", f(3, 5))], ["y"], 13, [("z", f32(0))]),
        ("clip_runtime_max_int32", [N("ReduceMin", ["x"], ["hi"], keepdims=0), N("Mul", ["hi", "m"], ["hi2"]),
                                    N("Clip", ["x", "", "hi2"], ["y"])],
         [("x", rng.integers(-50, 50, (3, 6)).astype(np.int32))], ["y"], 13, [("m", np.array(-1, np.int32))]),
        # ONNX Runtime's float contrib ops.
        ("ms_fusedgemm_relu", N("FusedGemm", ["a", "b", "c"], ["y"], domain="com.microsoft", transB=1,
                                activation="Relu"), [("a", f(3, 8))], ["y"], 13, [("b", f(5, 8)), ("c", f(5))], MS),
        ("ms_fusedgemm_leakyrelu", N("FusedGemm", ["a", "b"], ["y"], domain="com.microsoft", alpha=0.5,
                                     activation="LeakyRelu", activation_alpha=0.2), [("a", f(4, 6))], ["y"], 13,
         [("b", f(6, 3))], MS),
        ("ms_fusedgemm_sigmoid", N("FusedGemm", ["a", "b", "c"], ["y"], domain="com.microsoft", beta=0.5,
                                   activation="Sigmoid"), [("a", f(2, 4))], ["y"], 13, [("b", f(4, 3)), ("c", f(2, 3))],
         MS),
        ("ms_fusedconv_relu", N("FusedConv", ["x", "w", "b"], ["y"], domain="com.microsoft", kernel_shape=[3, 3],
                                pads=[1, 1, 1, 1], activation="Relu"), [("x", f(1, 3, 8, 8))], ["y"], 13,
         [("w", f(4, 3, 3, 3)), ("b", f(4))], MS),
        ("ms_fusedconv_clip_sum", N("FusedConv", ["x", "w", "b", "z"], ["y"], domain="com.microsoft",
                                    kernel_shape=[1, 1], activation="Clip", activation_params=[-0.5, 0.5]),
         [("x", f(1, 4, 5, 5)), ("z", f(1, 2, 5, 5))], ["y"], 13, [("w", f(2, 4, 1, 1)), ("b", f(2))], MS),
        ("ms_gelu", N("Gelu", ["x"], ["y"], domain="com.microsoft"), [("x", f(3, 10) * 3)], ["y"], 13, [], MS),
        ("ms_fastgelu_bias", N("FastGelu", ["x", "b"], ["y"], domain="com.microsoft"), [("x", f(2, 3, 8) * 2)], ["y"],
         13, [("b", f(8))], MS),
        # quantize_dynamic's output: int8 or uint8 weights, per tensor or per column.
        dynamic_matmul(rng, "dynamic_matmul_s8", np.int8, False, 1),
        dynamic_matmul(rng, "dynamic_mlp_s8_per_column", np.int8, True, 2),
        dynamic_matmul(rng, "dynamic_mlp_u8", np.uint8, False, 2),
        ("dynamic_quantize_linear_outputs", N("DynamicQuantizeLinear", ["x"], ["q", "s", "z"]), [("x", f(5, 9) * 4)],
         ["q", "s", "z"], 11, []),
        # A model written by a recent onnx: IR 13, opset 22.
        ("ir13_opset22_cnn", [N("Conv", ["x", "w", "b"], ["c"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
                              N("Relu", ["c"], ["r"]), N("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
                              N("Flatten", ["p"], ["fl"]), N("Gemm", ["fl", "g", "gb"], ["y"], transB=1)],
         [("x", f(1, 2, 6, 6))], ["y"], 22, [("w", f(3, 2, 3, 3)), ("b", f(3)), ("g", f(4, 27)), ("gb", f(4))],
         {"ir_version": 13}),
        # Zero-element tensors: a constant with a zero dimension concatenated to data.
        ("constantofshape_zero_dim_concat", [N("ConstantOfShape", ["shape"], ["z"],
                                               value=helper.make_tensor("v", TensorProto.FLOAT, [1], [1.0])),
                                             N("Concat", ["x", "z"], ["y"], axis=1)],
         [("x", f(2, 3))], ["y"], 13, [("shape", np.array([2, 0], np.int64))]),
        ("constantofshape_zero_output", [N("ConstantOfShape", ["shape"], ["y"]), N("Relu", ["x"], ["r"])],
         [("x", f(4))], ["y", "r"], 13, [("shape", np.array([3, 0], np.int64))]),
    ]
    return c


NULL_OUTPUT_MAIN = r"""
#include <stdio.h>
#include "model.h"
int main(void) {
  float x[4] = {-1.0f, 2.0f, -3.0f, 4.0f}, r[4];
  const void* ins[1] = {x};
  void* outs[2] = {NULL, r};  /* output 0 has no elements: a null pointer is allowed */
  if (model_OUTPUT_0_BYTES != 0 || model_run(ins, outs) != 0) return 1;
  return (r[0] == 0.0f && r[1] == 2.0f && r[2] == 0.0f && r[3] == 4.0f) ? 0 : 2;
}
"""


def null_output_check(tinyaot, work):
    """A zero-element output may get a null pointer: run under UBSan and ASan."""
    import shutil
    import subprocess
    d = os.path.join(os.path.abspath(work), "null-output")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    model = os.path.join(os.path.abspath(work), "data", "test_constantofshape_zero_output", "model.onnx")
    steps = [[tinyaot, "compile", model, "-o", d, "--name", "model", "-q"],
             # clang's UBSan stops at memcpy(NULL, src, 0), which the code for such an output used to do.
             ["clang++", "-std=c++11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsanitize=address,undefined",
              "-fno-sanitize-recover=all", "-x", "c++", "-", "-x", "none", os.path.join(d, "model.cpp"), "-I", d,
              "-o", os.path.join(d, "run")],
             [os.path.join(d, "run")]]
    for cmd in steps:
        r = subprocess.run(cmd, input=NULL_OUTPUT_MAIN if cmd[0] == "clang++" else None, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, universal_newlines=True)
        if r.returncode != 0:
            print("FAIL null pointer for a zero-element output: %s exited %d\n%s" % (os.path.basename(cmd[0]),
                                                                                     r.returncode, r.stdout[-2000:]))
            return 1
    print("zero-element output with a null pointer under ASan/UBSan: PASS")
    return 0


def main():
    status = OV.run_cases("real float models", cases, doc=__doc__)
    if status != 0:
        return status
    args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
    return null_output_check(args["--tinyaot"], args["--work"])


if __name__ == "__main__":
    sys.exit(main())
