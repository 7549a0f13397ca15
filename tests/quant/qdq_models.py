#!/usr/bin/python3
"""Deterministic QDQ-quantized ONNX models for the int8 import tests, in the
form ONNX Runtime's quantization tools write them: float model input ->
QuantizeLinear, DequantizeLinear -> op -> QuantizeLinear around every int8 op,
weights as int8 initializers + DequantizeLinear (per channel on the output
channel axis), biases as int32 initializers + DequantizeLinear at scale
input_scale * weight_scale. Every model outputs the int8 (or uint8) codes of
its last QuantizeLinear, so tests can compare codes exactly.

  qdq_models.py OUTDIR      writes OUTDIR/<name>.onnx for every model

Python API: MODELS (name -> builder), build(name) -> onnx.ModelProto,
sample_inputs(model, count, seed) -> list of [np.ndarray].
Run with /usr/bin/python3 (numpy, onnx).
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13


class Builder:
    """Small helper to write a QDQ graph."""

    def __init__(self, name, seed, act_type=np.int8):
        self.name = name
        self.rng = np.random.RandomState(seed)
        self.nodes, self.inits, self.inputs, self.outputs = [], [], [], []
        self.act = act_type
        self.count = 0

    def uid(self, base):
        self.count += 1
        return "%s_%d" % (base, self.count)

    def const(self, base, arr):
        name = self.uid(base)
        self.inits.append(numpy_helper.from_array(np.asarray(arr), name))
        return name

    def input(self, name, shape):
        self.inputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, shape))
        return name

    def zp_range(self):
        return (-128, 127) if self.act == np.int8 else (0, 255)

    def params(self, lo, hi):
        """Activation (scale, zero point) for the real range [lo, hi]."""
        qlo, qhi = self.zp_range()
        lo, hi = min(lo, 0.0), max(hi, 0.0)
        scale = np.float32((hi - lo) / (qhi - qlo))
        zp = int(np.clip(round(qlo - lo / scale), qlo, qhi))
        return scale, zp

    def q(self, x, scale, zp):
        out = self.uid(x + "_q")
        self.nodes.append(helper.make_node(
            "QuantizeLinear", [x, self.const("s", np.float32(scale)), self.const("zp", self.act(zp))], [out],
            name=self.uid("QuantizeLinear")))
        return out

    def dq(self, xq, scale, zp, zp_type=None, axis=None):
        out = self.uid(xq + "_dq")
        zp_arr = (zp_type or self.act)(zp) if np.isscalar(zp) else np.asarray(zp, dtype=zp_type or self.act)
        kw = {} if axis is None else {"axis": axis}
        self.nodes.append(helper.make_node(
            "DequantizeLinear", [xq, self.const("s", np.asarray(scale, np.float32)), self.const("zp", zp_arr)], [out],
            name=self.uid("DequantizeLinear"), **kw))
        return out

    def qdq(self, x, scale, zp):
        """Quantize then dequantize: the int8 tensor between two ops."""
        return self.dq(self.q(x, scale, zp), scale, zp)

    def weights(self, shape, axis, per_channel=True, spread=0.5):
        """int8 symmetric weights + DequantizeLinear; returns (float name, scales)."""
        w = self.rng.uniform(-spread, spread, size=shape).astype(np.float32)
        if per_channel:
            red = tuple(i for i in range(len(shape)) if i != axis)
            scales = (np.abs(w).max(axis=red) / 127.0).astype(np.float32)
            bshape = [1] * len(shape)
            bshape[axis] = shape[axis]
            wq = np.clip(np.round(w / scales.reshape(bshape)), -127, 127).astype(np.int8)
            name = self.dq(self.const("w", wq), scales, np.zeros(shape[axis], np.int8), np.int8, axis)
        else:
            scales = np.float32(np.abs(w).max() / 127.0)
            wq = np.clip(np.round(w / scales), -127, 127).astype(np.int8)
            name = self.dq(self.const("w", wq), scales, 0, np.int8)
        return name, scales

    def bias(self, n, in_scale, w_scales, spread=0.5):
        b = self.rng.uniform(-spread, spread, size=n).astype(np.float32)
        s = (np.float32(in_scale) * np.asarray(w_scales, np.float32)).astype(np.float32)
        s = np.broadcast_to(s, (n,)).astype(np.float32)
        bq = np.round(b / s).astype(np.int32)
        if np.ndim(w_scales) == 0:
            return self.dq(self.const("b", bq), np.float32(s[0]), 0, np.int32)
        return self.dq(self.const("b", bq), s, np.zeros(n, np.int32), np.int32, 0)

    def node(self, op, inputs, **attrs):
        out = self.uid(op.lower())
        self.nodes.append(helper.make_node(op, inputs, [out], name=self.uid(op), **attrs))
        return out

    def output(self, xq, shape):
        elem = TensorProto.INT8 if self.act == np.int8 else TensorProto.UINT8
        self.nodes.append(helper.make_node("Identity", [xq], ["y"], name="output"))
        self.outputs.append(helper.make_tensor_value_info("y", elem, shape))

    def model(self):
        g = helper.make_graph(self.nodes, self.name, self.inputs, self.outputs, self.inits)
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="tinyaot-tests")
        m.ir_version = 7
        onnx.checker.check_model(m)
        return m


def conv_block(b, x, x_scale, x_zp, cin, cout, k, out_range, per_channel=True, relu=False, x_dq=None, spread=0.5,
               **attrs):
    """DQ(x) -> Conv(DQ(w), DQ(b)) [-> Relu] -> Q; returns (int8 name, scale, zp).
    x_dq: an existing DequantizeLinear output to read instead of a new DQ(x)."""
    w, ws = b.weights([cout, cin // attrs.get("group", 1), k, k], 0, per_channel, spread)
    y = b.node("Conv", [x_dq or b.dq(x, x_scale, x_zp), w, b.bias(cout, x_scale, ws)], kernel_shape=[k, k], **attrs)
    if relu:
        y = b.node("Relu", [y])
    s, zp = b.params(*out_range)
    return b.q(y, s, zp), s, zp


def m_conv_perchannel(act=np.int8, name="conv_perchannel"):
    b = Builder(name, 1, act)
    x = b.input("x", [1, 3, 16, 16])
    s, zp = b.params(-1.0, 1.0)
    y, ys, yzp = conv_block(b, b.q(x, s, zp), s, zp, 3, 8, 3, (-2.5, 3.0), pads=[1, 1, 1, 1])
    b.output(y, [1, 8, 16, 16])
    return b.model()


def m_conv_uint8():
    return m_conv_perchannel(np.uint8, "conv_uint8")


def m_conv_strided_pertensor():
    b = Builder("conv_strided_pertensor", 2)
    x = b.input("x", [1, 4, 15, 13])
    s, zp = b.params(-0.5, 2.0)
    y, _, _ = conv_block(b, b.q(x, s, zp), s, zp, 4, 6, 3, (-3.0, 3.0), per_channel=False, strides=[2, 2],
                         pads=[1, 0, 2, 1], dilations=[1, 2])
    b.output(y, [1, 6, 8, 5])
    return b.model()


def m_dwconv():
    b = Builder("dwconv", 3)
    x = b.input("x", [1, 8, 12, 12])
    s, zp = b.params(-1.0, 1.5)
    y, _, _ = conv_block(b, b.q(x, s, zp), s, zp, 8, 8, 3, (0.0, 2.0), relu=True, group=8, strides=[2, 2],
                         pads=[1, 1, 1, 1])
    b.output(y, [1, 8, 6, 6])
    return b.model()


def m_matmul():
    b = Builder("matmul", 4)
    x = b.input("x", [1, 4, 32])
    s, zp = b.params(-1.0, 1.0)
    w, _ = b.weights([32, 16], 1)
    y = b.node("MatMul", [b.qdq(x, s, zp), w])
    ys, yzp = b.params(-3.0, 3.0)
    b.output(b.q(y, ys, yzp), [1, 4, 16])
    return b.model()


def m_gemm():
    b = Builder("gemm", 5)
    x = b.input("x", [2, 24])
    s, zp = b.params(-2.0, 1.0)
    w, ws = b.weights([10, 24], 0)
    y = b.node("Gemm", [b.qdq(x, s, zp), w, b.bias(10, s, ws)], transB=1)
    ys, yzp = b.params(-4.0, 4.0)
    b.output(b.q(y, ys, yzp), [2, 10])
    return b.model()


def m_add_scales():
    b = Builder("add_scales", 6)
    x1 = b.input("x1", [1, 8, 6, 6])
    x2 = b.input("x2", [1, 8, 6, 6])
    s1, z1 = b.params(-1.0, 1.0)
    s2, z2 = b.params(-0.3, 0.5)
    y = b.node("Add", [b.qdq(x1, s1, z1), b.qdq(x2, s2, z2)])
    ys, yzp = b.params(-1.2, 1.4)
    b.output(b.q(y, ys, yzp), [1, 8, 6, 6])
    return b.model()


def m_mul_bcast():
    b = Builder("mul_bcast", 7)
    x1 = b.input("x1", [1, 8, 5, 5])
    x2 = b.input("x2", [1, 8, 1, 1])
    s1, z1 = b.params(-1.0, 2.0)
    s2, z2 = b.params(0.0, 1.0)
    y = b.node("Mul", [b.qdq(x1, s1, z1), b.qdq(x2, s2, z2)])
    ys, yzp = b.params(-1.0, 2.0)
    b.output(b.q(y, ys, yzp), [1, 8, 5, 5])
    return b.model()


def m_avgpool():
    b = Builder("avgpool", 8)
    x = b.input("x", [1, 4, 11, 11])
    s, zp = b.params(-1.0, 1.0)
    y = b.node("AveragePool", [b.qdq(x, s, zp)], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    ys, yzp = b.params(-0.8, 0.9)
    b.output(b.q(y, ys, yzp), [1, 4, 6, 6])
    return b.model()


def m_concat_scales():
    b = Builder("concat_scales", 9)
    x1 = b.input("x1", [1, 3, 6, 6])
    x2 = b.input("x2", [1, 5, 6, 6])
    s1, z1 = b.params(-1.0, 1.0)
    s2, z2 = b.params(-3.0, 2.0)
    y = b.node("Concat", [b.qdq(x1, s1, z1), b.qdq(x2, s2, z2)], axis=1)
    ys, yzp = b.params(-2.5, 2.0)
    b.output(b.q(y, ys, yzp), [1, 8, 6, 6])
    return b.model()


def m_cnn():
    """Conv+Relu -> MaxPool -> depthwise Conv+Relu -> pointwise Conv -> Add
    (residual) -> GlobalAveragePool -> Flatten -> Gemm."""
    b = Builder("cnn", 10)
    x = b.input("x", [1, 3, 20, 20])
    s, zp = b.params(-1.0, 1.0)
    h, hs, hz = conv_block(b, b.q(x, s, zp), s, zp, 3, 8, 3, (0.0, 3.0), relu=True, pads=[1, 1, 1, 1])
    p = b.node("MaxPool", [b.dq(h, hs, hz)], kernel_shape=[2, 2], strides=[2, 2])
    p = b.q(p, hs, hz)
    d, ds, dz = conv_block(b, p, hs, hz, 8, 8, 3, (0.0, 4.0), relu=True, group=8, pads=[1, 1, 1, 1])
    c, cs, cz = conv_block(b, d, ds, dz, 8, 8, 1, (-4.0, 4.0))
    r = b.node("Add", [b.dq(c, cs, cz), b.dq(p, hs, hz)])
    rs, rz = b.params(-4.0, 6.0)
    r = b.q(r, rs, rz)
    gp = b.node("GlobalAveragePool", [b.dq(r, rs, rz)])
    gs, gz = b.params(-1.0, 3.0)
    gp = b.q(gp, gs, gz)
    f = b.node("Flatten", [b.dq(gp, gs, gz)], axis=1)
    f = b.q(f, gs, gz)
    w, ws = b.weights([5, 8], 0)
    y = b.node("Gemm", [b.dq(f, gs, gz), w, b.bias(5, gs, ws)], transB=1)
    ys, yz = b.params(-3.0, 3.0)
    b.output(b.q(y, ys, yz), [1, 5])
    return b.model()


def m_lut_unary():
    """Sigmoid, Tanh and LeakyRelu between QDQ pairs (lookup tables)."""
    b = Builder("lut_unary", 11)
    x = b.input("x", [1, 4, 8, 8])
    s, zp = b.params(-4.0, 4.0)
    h = b.q(x, s, zp)
    for op, lo, hi, attrs in (("Sigmoid", 0.0, 1.0, {}), ("Tanh", -1.0, 1.0, {}),
                              ("LeakyRelu", -0.1, 1.0, {"alpha": 0.1})):
        y = b.node(op, [b.dq(h, s, zp)], **attrs)
        s, zp = b.params(lo, hi)
        h = b.q(y, s, zp)
    b.output(h, [1, 4, 8, 8])
    return b.model()


def m_softmax():
    b = Builder("softmax", 12)
    x = b.input("x", [2, 3, 10])
    s, zp = b.params(-6.0, 6.0)
    y = b.node("Softmax", [b.qdq(x, s, zp)], axis=-1)
    b.output(b.q(y, 1.0 / 256.0, -128), [2, 3, 10])
    return b.model()


def m_movement():
    """Transpose, Pad, MaxPool, Reshape, Resize (nearest): codes move; MaxPool's
    and Resize's output parameters differ from their input's."""
    b = Builder("movement", 13)
    x = b.input("x", [1, 4, 6, 6])
    s, zp = b.params(-1.0, 1.0)
    h = b.q(x, s, zp)
    t = b.q(b.node("Transpose", [b.dq(h, s, zp)], perm=[0, 1, 3, 2]), s, zp)
    p = b.node("Pad", [b.dq(t, s, zp), b.const("pads", np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64))])
    p = b.q(p, s, zp)
    ms, mz = b.params(-0.8, 1.2)
    m = b.q(b.node("MaxPool", [b.dq(p, s, zp)], kernel_shape=[3, 3], strides=[2, 2]), ms, mz)
    r = b.q(b.node("Reshape", [b.dq(m, ms, mz), b.const("shape", np.array([1, 4, 3, 3], np.int64))]), ms, mz)
    rs, rz = b.params(-1.0, 1.5)
    up = b.node("Resize", [b.dq(r, ms, mz), "", b.const("scales", np.array([1, 1, 2, 2], np.float32))],
                mode="nearest")
    b.output(b.q(up, rs, rz), [1, 4, 6, 6])
    return b.model()


def m_matmul_act():
    """A product of two activations (no constant weights)."""
    b = Builder("matmul_act", 14)
    x1 = b.input("x1", [2, 3, 8])
    x2 = b.input("x2", [2, 8, 5])
    s1, z1 = b.params(-1.0, 1.0)
    s2, z2 = b.params(-0.5, 1.5)
    y = b.node("MatMul", [b.qdq(x1, s1, z1), b.qdq(x2, s2, z2)])
    ys, yz = b.params(-4.0, 4.0)
    b.output(b.q(y, ys, yz), [2, 3, 5])
    return b.model()


def m_cnn_uint8():
    """A uint8-activation CNN with PyTorch-style weights (float -> Q -> DQ)
    and a per-tensor Gemm."""
    b = Builder("cnn_uint8", 15, np.uint8)
    x = b.input("x", [1, 2, 12, 12])
    s, zp = b.params(-1.0, 1.0)
    h = b.q(x, s, zp)
    w = b.rng.uniform(-0.5, 0.5, size=[6, 2, 3, 3]).astype(np.float32)
    ws = (np.abs(w).max(axis=(1, 2, 3)) / 127.0).astype(np.float32)
    wq = b.node("QuantizeLinear", [b.const("wf", w), b.const("ws", ws), b.const("wz", np.zeros(6, np.int8))], axis=0)
    wdq = b.dq(wq, ws, np.zeros(6, np.int8), np.int8, 0)
    c = b.node("Conv", [b.dq(h, s, zp), wdq, b.bias(6, s, ws)], kernel_shape=[3, 3], strides=[2, 2])
    c = b.node("Relu", [c])
    cs, cz = b.params(0.0, 2.0)
    c = b.q(c, cs, cz)
    ap = b.node("AveragePool", [b.dq(c, cs, cz)], kernel_shape=[2, 2], strides=[1, 1], pads=[0, 0, 1, 1],
                count_include_pad=1)
    ps, pz = b.params(0.0, 1.5)
    ap = b.q(ap, ps, pz)
    f = b.q(b.node("Flatten", [b.dq(ap, ps, pz)], axis=1), ps, pz)
    w2, ws2 = b.weights([6 * 5 * 5, 4], 1, per_channel=False, spread=0.1)
    y = b.node("Gemm", [b.dq(f, ps, pz), w2, b.bias(4, ps, ws2)])
    ys, yz = b.params(-2.0, 2.0)
    b.output(b.q(y, ys, yz), [1, 4])
    return b.model()


MODELS = {
    "conv_perchannel": m_conv_perchannel,
    "conv_uint8": m_conv_uint8,
    "conv_strided_pertensor": m_conv_strided_pertensor,
    "dwconv": m_dwconv,
    "matmul": m_matmul,
    "gemm": m_gemm,
    "add_scales": m_add_scales,
    "mul_bcast": m_mul_bcast,
    "avgpool": m_avgpool,
    "concat_scales": m_concat_scales,
    "cnn": m_cnn,
    "lut_unary": m_lut_unary,
    "softmax": m_softmax,
    "movement": m_movement,
    "matmul_act": m_matmul_act,
    "cnn_uint8": m_cnn_uint8,
}


def build(name):
    return MODELS[name]()


def sample_inputs(model, count, seed):
    """`count` samples of float inputs, uniform over a range a little wider
    than the input quantizer's (so saturation is exercised too)."""
    rng = np.random.RandomState(seed)
    samples = []
    for _ in range(count):
        sample = []
        for vi in model.graph.input:
            shape = [d.dim_value for d in vi.type.tensor_type.shape.dim]
            sample.append(rng.uniform(-1.2, 1.2, size=shape).astype(np.float32))
        samples.append(sample)
    return samples


def save_all(models, argv):
    """Writes every model of `models` (name -> builder) into argv[1] (default .)."""
    out = argv[1] if len(argv) > 1 else "."
    os.makedirs(out, exist_ok=True)
    for name, builder in models.items():
        onnx.save(builder(), os.path.join(out, name + ".onnx"))
        print(os.path.join(out, name + ".onnx"))


def main():
    save_all(MODELS, sys.argv)


if __name__ == "__main__":
    main()
