#!/usr/bin/python3
"""An independent simulation of TinyAOT's post-training quantization in ONNX Runtime.

From the float model and the JSON quantization report that `tinyaot compile --quantize
int8 --quant-report R.json` wrote, build a QDQ ONNX model that quantizes at the same
points with the same parameters:
  - every int8 tensor of the report gets QuantizeLinear -> DequantizeLinear with its
    scale and zero point (after the Relu/Clip/BatchNormalization that TinyAOT fuses
    into the producing Conv/Gemm/AveragePool);
  - Conv and Gemm weights are fake-quantized symmetrically per output channel
    (max|w|/127, axis 0 for Conv and Gemm transB=1, axis 1 for Gemm transB=0), after
    folding a following BatchNormalization the way TinyAOT does; biases are rounded to
    multiples of in_scale * w_scale[c].
ONNX Runtime runs it with graph optimizations disabled, i.e. float arithmetic on the
dequantized values (the ONNX-spec meaning of QDQ). The result tells how much of the
int8 error is the quantization itself (the same for any correct implementation) and how
much is TinyAOT's integer arithmetic.

Only what the bundled models need: Conv/Gemm weights as initializers, per-channel weights.
"""
import json

import numpy as np
import onnx
from onnx import helper, numpy_helper

FUSED_PRODUCERS = ("Conv", "Gemm", "AveragePool", "BatchNormalization")
FUSED_FOLLOWERS = ("Relu", "Clip", "BatchNormalization")


def _attr(node, name, default):
    for a in node.attribute:
        if a.name == name:
            return helper.get_attribute_value(a)
    return default


def _fold_batchnorm(g, inits):
    """Folds BatchNormalization into the Conv/Gemm before it (single consumer)."""
    producer = {o: n for n in g.node for o in n.output}
    consumers = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)
    for bn in [n for n in g.node if n.op_type == "BatchNormalization"]:
        p = producer.get(bn.input[0])
        if p is None or p.op_type not in ("Conv", "Gemm") or len(consumers[bn.input[0]]) != 1:
            continue
        gamma, beta, mean, var = (numpy_helper.to_array(inits[bn.input[k]]).astype(np.float64) for k in range(1, 5))
        a = gamma / np.sqrt(var + _attr(bn, "epsilon", 1e-5))
        w = numpy_helper.to_array(inits[p.input[1]]).astype(np.float64)
        if p.op_type == "Conv":
            w = w * a.reshape(-1, *([1] * (w.ndim - 1)))
        else:
            w = w * (a.reshape(-1, 1) if _attr(p, "transB", 0) else a.reshape(1, -1))
        b = numpy_helper.to_array(inits[p.input[2]]).astype(np.float64) if len(p.input) > 2 and p.input[2] else 0.0
        b = a * (b - mean) + beta
        inits[p.input[1]].CopyFrom(numpy_helper.from_array(w.astype(np.float32), p.input[1]))
        bname = p.output[0] + "_folded_bias"
        g.initializer.append(numpy_helper.from_array(np.broadcast_to(b, a.shape).astype(np.float32), bname))
        inits[bname] = g.initializer[-1]
        while len(p.input) < 3:
            p.input.append("")
        p.input[2] = bname
        for n in g.node:
            for k, i in enumerate(n.input):
                if i == bn.output[0]:
                    n.input[k] = p.output[0]
        for o in g.output:
            if o.name == bn.output[0]:
                raise ValueError("a folded BatchNormalization output is a graph output")
        g.node.remove(bn)


def build_qdq(model_path, report_path, out_path):
    m = onnx.load(model_path)
    g = m.graph
    rep = json.load(open(report_path))
    inits = {i.name: i for i in g.initializer}
    _fold_batchnorm(g, inits)
    producer = {o: n for n in g.node for o in n.output}
    consumers = {}
    for n in g.node:
        for i in n.input:
            consumers.setdefault(i, []).append(n)

    def after_fusion(t):
        # TinyAOT's Conv/Gemm/AveragePool output carries the fused activation's values.
        while t in producer and producer[t].op_type in FUSED_PRODUCERS + FUSED_FOLLOWERS:
            cs = consumers.get(t, [])
            if len(cs) == 1 and cs[0].op_type in FUSED_FOLLOWERS and t not in [o.name for o in g.output]:
                t = cs[0].output[0]
            else:
                break
        return t

    params = {}
    for e in rep["tensors"]:
        params[after_fusion(e["float_tensor"])] = (float(e["scale"]), int(e["zero_point"]))

    # Weights and biases.
    for n in g.node:
        if n.op_type not in ("Conv", "Gemm"):
            continue
        w = numpy_helper.to_array(inits[n.input[1]]).astype(np.float64)
        axis = 0 if n.op_type == "Conv" or _attr(n, "transB", 0) else 1
        alpha = _attr(n, "alpha", 1.0) if n.op_type == "Gemm" else 1.0
        w = w * alpha
        red = tuple(i for i in range(w.ndim) if i != axis)
        s = np.abs(w).max(axis=red, keepdims=True) / 127.0
        s[s == 0] = 1.0
        wq = np.clip(np.round(w / s), -127, 127) * s / alpha
        inits[n.input[1]].CopyFrom(numpy_helper.from_array(wq.astype(np.float32), n.input[1]))
        if len(n.input) > 2 and n.input[2] and n.input[0] in params:
            beta = _attr(n, "beta", 1.0) if n.op_type == "Gemm" else 1.0
            b = numpy_helper.to_array(inits[n.input[2]]).astype(np.float64) * beta
            bs = params[n.input[0]][0] * s.reshape(-1)
            bq = np.round(b / bs) * bs / beta
            inits[n.input[2]].CopyFrom(numpy_helper.from_array(bq.astype(np.float32), n.input[2]))

    # QuantizeLinear -> DequantizeLinear on every int8 tensor.
    outputs = [o.name for o in g.output]
    new_nodes = []
    for n in list(g.node):
        new_nodes.append(n)
    graph_inputs = [i.name for i in g.input]
    qdq = {}
    for t, (s, z) in params.items():
        sn, zn = t + "__scale", t + "__zp"
        g.initializer.append(numpy_helper.from_array(np.array(s, np.float32), sn))
        g.initializer.append(numpy_helper.from_array(np.array(z, np.int8), zn))
        src = t + "__float" if t in outputs else t
        qdq[t] = [helper.make_node("QuantizeLinear", [src, sn, zn], [t + "__q"]),
                  helper.make_node("DequantizeLinear", [t + "__q", sn, zn], [t if t in outputs else t + "__dq"])]
    for n in g.node:
        for k, i in enumerate(n.input):
            if i in qdq and i not in outputs:
                n.input[k] = i + "__dq"
        for k, o in enumerate(n.output):
            if o in qdq and o in outputs:
                n.output[k] = o + "__float"
    ordered = []
    for t in graph_inputs:
        if t in qdq:
            ordered.extend(qdq[t])
    for n in new_nodes:
        ordered.append(n)
        for o in n.output:
            key = o[:-len("__float")] if o.endswith("__float") else o
            if key in qdq:
                ordered.extend(qdq[key])
    del g.node[:]
    g.node.extend(ordered)
    onnx.checker.check_model(m)
    onnx.save(m, out_path)
