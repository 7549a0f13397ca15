#!/usr/bin/python3
"""Forms of Trilu, CumSum, Hardmax, Shrink, LRN, MeanVarianceNormalization,
EyeLike, OneHot, TopK and Compress that the ONNX node tests leave out,
against ONNX Runtime.

  run_misc_variants.py --tinyaot BIN --work DIR [--jobs N]

Each variant is a small model built with onnx.helper (3-D CumSum with
exclusive + reverse, opset-11 Hardmax 2-D coercion, even LRN sizes and 3-D
and 5-D LRN inputs, MVN over other axes, integer OneHot indices out of
range, TopK ties and opset-1 TopK, Compress without an axis, ...). The
reference outputs come from ONNX Runtime (from PyTorch for LRN on 3-D and
5-D inputs, which ONNX Runtime refuses); the cases are written as
node-test directories (with tests/ops_variants' writer) and run through
tests/conformance/run_conformance.py. Every variant must pass: a rejection
counts as a failure. Exit status: 0 all pass, 1 a variant failed, 77
(CTest skip) when ONNX Runtime is unavailable.
"""
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "ops_variants"))
sys.path.insert(0, os.path.join(REPO, "tests", "tools", "ort"))
import run_ops_variants as OV  # noqa: E402
from ort_run import run_ort  # noqa: E402
from run_ops_variants import N  # noqa: E402


def torch_lrn(size, alpha=1e-4, beta=0.75, bias=1.0):
    """PyTorch's local_response_norm matches ONNX LRN for odd sizes."""
    def ref(x):
        import torch
        return torch.nn.functional.local_response_norm(torch.from_numpy(x), size, alpha, beta, bias).numpy()
    return ref


# Cases whose reference comes from PyTorch instead of ONNX Runtime.
TORCH_REFS = {"lrn_3d": torch_lrn(5), "lrn_5d_size_gt_c": torch_lrn(7, alpha=0.1)}


def reference(path, inputs, opt_level):
    name = os.path.basename(os.path.dirname(path))[len("test_"):]
    if name in TORCH_REFS:
        return [TORCH_REFS[name](*inputs)]
    return run_ort(path, inputs, opt_level=opt_level)


def variants(rng):
    """(name, nodes, run-time inputs, output names, opset, initializers)."""
    f = lambda *s: rng.standard_normal(s).astype(np.float32)  # noqa: E731
    ints = lambda lo, hi, shape, dt: rng.integers(lo, hi, shape).astype(dt)  # noqa: E731
    i64 = lambda a: np.array(a, dtype=np.int64)  # noqa: E731
    ties = np.array([[1, 3, 3, 0, 3], [2, 2, 1, 2, 0], [-1, -1, -1, -1, -1]], np.float32)
    return [
        # Trilu: k beyond the matrix, negative k on a batch, float64 and int32 data.
        ("trilu_lower_k2_batch", N("Trilu", ["x", "k"], ["y"], upper=0), [("x", f(2, 3, 5))], ["y"], 14,
         [("k", i64(2))]),
        ("trilu_upper_kneg_f64", N("Trilu", ["x", "k"], ["y"]), [("x", f(3, 4, 2).astype(np.float64))], ["y"], 14,
         [("k", i64(-1))]),
        ("trilu_upper_kbig_int32", N("Trilu", ["x", "k"], ["y"]), [("x", ints(-9, 9, (4, 3), np.int32))], ["y"], 14,
         [("k", i64(100))]),
        # CumSum: every exclusive/reverse combination on a 3-D middle axis, int32 and float64.
        ("cumsum_3d_axis1_excl_rev_i32", N("CumSum", ["x", "a"], ["y"], exclusive=1, reverse=1),
         [("x", ints(-50, 50, (2, 4, 3), np.int32))], ["y"], 14, [("a", np.array(1, np.int32))]),
        ("cumsum_3d_axis1_rev_f32", N("CumSum", ["x", "a"], ["y"], reverse=1), [("x", f(2, 4, 3))], ["y"], 14,
         [("a", i64(1))]),
        ("cumsum_3d_axis0_excl_i64", N("CumSum", ["x", "a"], ["y"], exclusive=1),
         [("x", ints(-50, 50, (3, 2, 2), np.int64))], ["y"], 11, [("a", i64(0))]),
        ("cumsum_3d_neg_axis_f64", N("CumSum", ["x", "a"], ["y"]), [("x", f(2, 3, 4).astype(np.float64))], ["y"], 14,
         [("a", i64(-1))]),
        # Hardmax: opset-11 2-D coercion at axis 1 and 0, ties (ONNX Runtime has no float64 Hardmax).
        ("hardmax_opset11_axis1", N("Hardmax", ["x"], ["y"], axis=1), [("x", f(2, 3, 4))], ["y"], 11, []),
        ("hardmax_opset11_axis0", N("Hardmax", ["x"], ["y"], axis=0), [("x", f(2, 3, 4))], ["y"], 11, []),
        ("hardmax_ties_axis0", N("Hardmax", ["x"], ["y"], axis=0), [("x", ties)], ["y"], 13, []),
        # Shrink: defaults, float64, int32 data.
        ("shrink_default", N("Shrink", ["x"], ["y"]), [("x", f(3, 4))], ["y"], 9, []),
        ("shrink_f64", N("Shrink", ["x"], ["y"], lambd=0.3, bias=0.2), [("x", f(7).astype(np.float64))], ["y"], 9, []),
        ("shrink_int32", N("Shrink", ["x"], ["y"], lambd=2.0, bias=1.0),
         [("x", np.arange(-5, 6, dtype=np.int32))], ["y"], 9, []),
        # LRN: non-default parameters, 3-D and 5-D inputs, a size larger than C (ONNX Runtime refuses even sizes).
        ("lrn_size5_params", N("LRN", ["x"], ["y"], size=5, alpha=0.01, beta=0.6, bias=1.5), [("x", f(2, 6, 3, 3))],
         ["y"], 13, []),
        ("lrn_3d", N("LRN", ["x"], ["y"], size=5), [("x", f(2, 5, 7))], ["y"], 13, []),
        ("lrn_5d_size_gt_c", N("LRN", ["x"], ["y"], size=7, alpha=0.1), [("x", f(1, 3, 2, 3, 2))], ["y"], 1, []),
        # MeanVarianceNormalization over other axes.
        ("mvn_axes_23", N("MeanVarianceNormalization", ["x"], ["y"], axes=[2, 3]), [("x", f(2, 3, 4, 5))], ["y"],
         13, []),
        ("mvn_axes_1_rank3", N("MeanVarianceNormalization", ["x"], ["y"], axes=[1]), [("x", f(2, 6, 3))], ["y"],
         13, []),
        ("mvn_default_opset9", N("MeanVarianceNormalization", ["x"], ["y"]), [("x", f(2, 3, 2, 4))], ["y"], 9, []),
        # EyeLike: negative k with a dtype, k past the matrix.
        ("eyelike_kneg_int64", N("EyeLike", ["x"], ["y"], k=-2, dtype=7), [("x", f(5, 4))], ["y"], 9, []),
        ("eyelike_kbig", N("EyeLike", ["x"], ["y"], k=9), [("x", f(3, 4))], ["y"], 9, []),
        # OneHot: indices out of range, axis 0, int64 values given as a constant; int32 indices.
        ("onehot_out_of_range_axis0", N("OneHot", ["i", "d", "v"], ["y"], axis=0),
         [("i", i64([[0, 4, -1], [-5, 5, 2]]))], ["y"], 11,
         [("d", i64(5)), ("v", i64([-3, 7]))]),
        ("onehot_opset9_int32", N("OneHot", ["i", "d", "v"], ["y"]), [("i", np.array([1, 0, 3], np.int32))], ["y"], 9,
         [("d", np.array([4], np.float32)), ("v", np.array([0.5, 2.0], np.float32))]),
        # TopK: ties both ways, k = n, opset 1 (k attribute), int32 data, a middle axis.
        ("topk_ties_largest", N("TopK", ["x", "k"], ["v", "i"], axis=1), [("x", ties)], ["v", "i"], 11,
         [("k", i64([3]))]),
        ("topk_ties_smallest", N("TopK", ["x", "k"], ["v", "i"], axis=1, largest=0), [("x", ties)], ["v", "i"], 11,
         [("k", i64([4]))]),
        ("topk_all_axis0_int32", N("TopK", ["x", "k"], ["v", "i"], axis=0),
         [("x", ints(-5, 5, (4, 3), np.int32))], ["v", "i"], 11, [("k", i64([4]))]),
        ("topk_opset1_attr", N("TopK", ["x"], ["v", "i"], k=2, axis=1), [("x", f(2, 5, 3))], ["v", "i"], 1, []),
        ("topk_opset10_middle", N("TopK", ["x", "k"], ["v", "i"], axis=-2), [("x", f(2, 5, 3))], ["v", "i"], 10,
         [("k", i64([2]))]),
        # Compress with a constant condition: no axis (flattened), a middle axis, a short condition.
        ("compress_flat", N("Compress", ["x", "c"], ["y"]), [("x", f(3, 4))], ["y"], 11,
         [("c", np.array([1, 0, 1, 1, 0, 0, 1, 0, 1], bool))]),
        ("compress_axis1_runs", N("Compress", ["x", "c"], ["y"], axis=1), [("x", f(2, 5, 3))], ["y"], 11,
         [("c", np.array([1, 1, 0, 1], bool))]),
    ]


def main():
    OV.run_ort = reference  # write_case asks for its reference outputs through this name
    return OV.run_cases("misc variants", lambda: variants(np.random.default_rng(20261126)), doc=__doc__)


if __name__ == "__main__":
    sys.exit(main())
