#!/usr/bin/python3
"""The exact meaning of a QDQ model, as an independent reference: numpy
evaluates the graph in float64, where DequantizeLinear -> op ->
QuantizeLinear is computed without float32 rounding (the model's float32
input is quantized with float32 division, as ONNX specifies; every later
QuantizeLinear rounds the exact real value half to even).

ONNX Runtime computes the same graph in float32 (float convolutions for
groups it leaves unfused, float32 requantization, a float32 FMA QLinearAdd
on x86), so its codes differ from the exact ones where a value lies within
float32 error of a rounding boundary; in deep residual networks those 1-code
differences grow (a 3x3 convolution spreads one to hundreds of outputs, the
Add sums two of them). run_qdq_tests.py compares models listed in EXACT with
this reference, code for code.

Supports the ops of qop_models.multi_consumer: QuantizeLinear,
DequantizeLinear (per tensor or per axis), Conv (2-D, symmetric pads,
stride 1, group 1), Relu, Add, Identity.
"""
import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from onnx import numpy_helper


def evaluate(model, feeds):
    """Outputs (graph order) of `model` for {input name: array}, exactly."""
    inits = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    values = {k: np.asarray(v) for k, v in feeds.items()}
    values.update(inits)
    graph_inputs = set(feeds)
    for n in model.graph.node:
        x = [values[i] if i else None for i in n.input]
        attrs = {a.name: a for a in n.attribute}
        if n.op_type == "QuantizeLinear":
            s, z = inits[n.input[1]], inits[n.input[2]]
            info = np.iinfo(z.dtype)
            if n.input[0] in graph_inputs:
                real = (x[0].astype(np.float32) / s).astype(np.float64)
            else:
                real = x[0] / np.float64(s)
            y = np.clip(np.rint(real) + np.int64(z), info.min, info.max).astype(z.dtype)
        elif n.op_type == "DequantizeLinear":
            s, z = x[1].astype(np.float64), x[2].astype(np.float64)
            if s.ndim == 1:
                shape = [1] * x[0].ndim
                shape[attrs["axis"].i if "axis" in attrs else 1] = -1
                s, z = s.reshape(shape), z.reshape(shape)
            y = (x[0].astype(np.float64) - z) * s
        elif n.op_type == "Conv":
            w = x[1]
            k = w.shape[-1]
            pads = list(attrs["pads"].ints) if "pads" in attrs else [0] * 4
            assert pads[0] == pads[2] and pads[1] == pads[3] and "group" not in attrs and "strides" not in attrs
            xp = np.pad(x[0], ((0, 0), (0, 0), (pads[0], pads[0]), (pads[1], pads[1])))
            win = sliding_window_view(xp, (k, k), axis=(2, 3))  # N, C, H, W, k, k
            y = np.einsum("nchwij,ocij->nohw", win, w)
            if len(x) > 2 and x[2] is not None:
                y = y + x[2].reshape(1, -1, 1, 1)
        elif n.op_type == "Relu":
            y = np.maximum(x[0], 0)
        elif n.op_type == "Add":
            y = x[0] + x[1]
        elif n.op_type == "Identity":
            y = x[0]
        else:
            raise ValueError("qdq_exact: op %s is not supported" % n.op_type)
        values[n.output[0]] = y
    return [values[o.name] for o in model.graph.output]
