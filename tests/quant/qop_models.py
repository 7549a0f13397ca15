#!/usr/bin/python3
"""Quantized ONNX models in the other forms ONNX Runtime's tools write:

- QOperator format (quantize_static(..., quant_format=QuantFormat.QOperator)):
  QuantizeLinear at the model input, QLinearConv / QLinearMatMul and the
  com.microsoft QLinearAdd, QLinearMul, QLinearConcat, QLinearSigmoid,
  QLinearLeakyRelu, QLinearAveragePool, QLinearGlobalAveragePool,
  QLinearSoftmax and QGemm between them, MaxPool, Transpose, Reshape,
  Squeeze/Unsqueeze and Pad applied directly to the int8/uint8 codes, float
  islands (DequantizeLinear -> Flatten -> QuantizeLinear) for ops the
  quantizer leaves float. The Relu after a convolution is folded into its
  output range, as the quantizer does.
- QDQ with the com.microsoft QuantizeLinear/DequantizeLinear.
- QDQ saved by a recent onnx (IR version 13, opset 22).
- QDQ where one DequantizeLinear feeds several consumers (a residual block as
  in MobileNet-EdgeTPU: the block input's DequantizeLinear feeds both the
  first convolution and the Add).

Every model outputs int8/uint8 codes, compared code by code with ONNX Runtime
by run_qdq_tests.py (--suite qop). Run with /usr/bin/python3.
"""
import os
import sys

import numpy as np
from onnx import helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from qdq_models import Builder, conv_block, save_all  # noqa: E402

MS = "com.microsoft"


class QopBuilder(Builder):
    """Builder for QOperator graphs: values travel as (codes, scale, zero point).

    Activation ranges look calibrated: each requested [lo, hi] is stretched by
    a pseudo-random factor, as the min/max a calibrator measures would be.
    (Round ranges make scale ratios such as 0.8 and 0.3 whose results land on
    exact halves, where ONNX Runtime's float32 arithmetic rounds either way.)"""

    def params(self, lo, hi):
        f = self.rng.uniform(0.93, 1.07, 2)
        return Builder.params(self, lo * f[0], hi * f[1])

    def model(self, opset=13, ir_version=7, contrib=True):
        g = helper.make_graph(self.nodes, self.name, self.inputs, self.outputs, self.inits)
        imports = [helper.make_opsetid("", opset)] + ([helper.make_opsetid(MS, 1)] if contrib else [])
        m = helper.make_model(g, opset_imports=imports, producer_name="tinyaot-tests")
        m.ir_version = ir_version
        return m

    def sz(self, scale, zp):
        return self.const("s", np.float32(scale)), self.const("zp", self.act(zp))

    def quantize_input(self, name, shape, lo, hi):
        x = self.input(name, shape)
        s, zp = self.params(lo, hi)
        return self.q(x, s, zp), s, zp

    def qconv(self, t, cin, cout, k, out_range, per_channel=True, **attrs):
        """QLinearConv with int8 weights (per output channel) and an int32 bias."""
        x, xs, xz = t
        w = self.rng.uniform(-0.5, 0.5, size=[cout, cin // attrs.get("group", 1), k, k]).astype(np.float32)
        ws = (np.abs(w).max(axis=(1, 2, 3)) if per_channel else np.abs(w).max()) / 127.0
        ws = np.asarray(ws, np.float32)
        wq = np.clip(np.round(w / (ws.reshape(-1, 1, 1, 1) if per_channel else ws)), -127, 127).astype(np.int8)
        bq = np.round(self.rng.uniform(-0.5, 0.5, cout) / (np.float32(xs) * ws)).astype(np.int32)
        ys, yz = self.params(*out_range)
        wz = np.zeros(cout if per_channel else (), np.int8)
        out = self.uid("conv_q")
        self.nodes.append(helper.make_node(
            "QLinearConv", [x, *self.sz(xs, xz), self.const("w", wq),
                            self.const("ws", ws), self.const("wz", wz), *self.sz(ys, yz), self.const("b", bq)],
            [out], name=self.uid("QLinearConv"), kernel_shape=[k, k], **attrs))
        return out, ys, yz

    def qlinear(self, op, ins, out_range, out_params=None, **attrs):
        """A com.microsoft QLinear op: each input as (codes, scale, zp), then the
        output's parameters (for out_range, or out_params = (scale, zp))."""
        args = []
        for x, s, z in ins:
            args += [x, *self.sz(s, z)]
        ys, yz = out_params or self.params(*out_range)
        out = self.uid(op.lower())
        self.nodes.append(helper.make_node(op, args + list(self.sz(ys, yz)), [out], name=self.uid(op), domain=MS,
                                           **attrs))
        return out, ys, yz

    def qconcat(self, ins, out_range, axis):
        """QLinearConcat: the output's parameters first, then (codes, scale, zp) per input."""
        ys, yz = self.params(*out_range)
        args = list(self.sz(ys, yz))
        for x, s, z in ins:
            args += [x, *self.sz(s, z)]
        out = self.uid("concat_q")
        self.nodes.append(helper.make_node("QLinearConcat", args, [out], name=self.uid("QLinearConcat"), domain=MS,
                                           axis=axis))
        return out, ys, yz

    def direct(self, op, t, *extra, **attrs):
        """An op applied to the codes themselves (the quantizer's Direct8Bit ops)."""
        out = self.uid(op.lower())
        self.nodes.append(helper.make_node(op, [t[0], *extra], [out], name=self.uid(op), **attrs))
        return out, t[1], t[2]

    def float_island(self, op, t, **attrs):
        """An op the quantizer leaves float: DequantizeLinear -> op -> QuantizeLinear (same parameters)."""
        y = self.node(op, [self.dq(*t)], **attrs)
        return self.q(y, t[1], t[2]), t[1], t[2]

    def out(self, t, shape):
        self.output(t[0], shape)


def m_qop_cnn_u8():
    """uint8 activations: QLinearConv (Relu folded) -> MaxPool on codes ->
    depthwise and pointwise QLinearConv -> QLinearAdd (residual) ->
    QLinearConcat -> QLinearGlobalAveragePool -> Reshape on codes -> QGemm."""
    b = QopBuilder("qop_cnn_u8", 21, np.uint8)
    x = b.quantize_input("x", [1, 3, 16, 16], -1.0, 1.0)
    h = b.qconv(x, 3, 8, 3, (0.0, 3.0), pads=[1, 1, 1, 1])
    p = b.direct("MaxPool", h, kernel_shape=[2, 2], strides=[2, 2])
    d = b.qconv(p, 8, 8, 3, (0.0, 4.0), group=8, pads=[1, 1, 1, 1])
    c = b.qconv(d, 8, 8, 1, (-4.0, 4.0))
    r = b.qlinear("QLinearAdd", [c, p], (-4.0, 6.0))
    r = b.qconcat([r, p], (-4.0, 6.0), axis=1)                                       # uint8 [1,16,8,8]
    g = b.qlinear("QLinearGlobalAveragePool", [r], (-1.0, 3.0), channels_last=0)
    f = b.direct("Reshape", g, b.const("shape", np.array([1, 16], np.int64)))
    w = b.rng.uniform(-0.5, 0.5, size=[5, 16]).astype(np.float32)
    ws = np.float32(np.abs(w).max() / 127.0)
    wq = np.clip(np.round(w / ws), -127, 127).astype(np.int8)
    bias = np.round(b.rng.uniform(-0.5, 0.5, 5) / (np.float32(f[1]) * ws)).astype(np.int32)
    ys, yz = b.params(-3.0, 3.0)
    b.nodes.append(helper.make_node(
        "QGemm", [f[0], *b.sz(f[1], f[2]), b.const("w", wq), b.const("ws", ws), b.const("wz", np.int8(0)),
                  b.const("b", bias), *b.sz(ys, yz)], ["gemm_q"], name="QGemm", domain=MS, transB=1))
    b.out(("gemm_q", ys, yz), [1, 5])
    return b.model()


def m_qop_cnn_s8():
    """int8 activations: strided QLinearConv -> Transpose and Pad on codes ->
    QLinearConv -> squeeze-and-excitation (QLinearGlobalAveragePool,
    QLinearConv, QLinearSigmoid, QLinearMul with broadcasting) ->
    QLinearConcat of tensors with different parameters -> QLinearAveragePool
    -> Flatten (float island) -> Unsqueeze/Squeeze on codes -> QLinearMatMul."""
    b = QopBuilder("qop_cnn_s8", 22, np.int8)
    x = b.quantize_input("x", [1, 4, 14, 14], -1.0, 1.5)
    h = b.qconv(x, 4, 8, 3, (0.0, 3.0), strides=[2, 2], pads=[1, 1, 1, 1])          # [1,8,7,7]
    t = b.direct("Transpose", h, perm=[0, 1, 3, 2])
    p = b.direct("Pad", t, b.const("pads", np.array([0, 0, 1, 1, 0, 0, 1, 1], np.int64)),
                 b.const("pad_value", np.int8(t[2])))                                 # [1,8,9,9], pads with real 0
    c = b.qconv(p, 8, 8, 3, (-2.0, 3.0))                                              # [1,8,7,7]
    se = b.qlinear("QLinearGlobalAveragePool", [c], (-1.0, 2.0), channels_last=0)
    se = b.qconv(se, 8, 8, 1, (-3.0, 3.0))
    se = b.qlinear("QLinearSigmoid", [se], (0.0, 1.0))
    m = b.qlinear("QLinearMul", [c, se], (-2.0, 3.0))
    cat = b.qconcat([m, c], (-2.5, 3.0), axis=1)                                     # [1,16,7,7]
    ap = b.qlinear("QLinearAveragePool", [cat], (-2.0, 2.5), kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1],
                   count_include_pad=0, channels_last=0)                              # [1,16,4,4]
    fl = b.float_island("Flatten", ap, axis=1)                                        # [1,256]
    u = b.direct("Unsqueeze", fl, b.const("axes", np.array([0], np.int64)))          # [1,1,256]
    sq = b.direct("Squeeze", u, b.const("axes", np.array([0], np.int64)))            # [1,256]
    w = b.rng.uniform(-0.1, 0.1, size=[256, 6]).astype(np.float32)
    ws = (np.abs(w).max(axis=0) / 127.0).astype(np.float32)
    wq = np.clip(np.round(w / ws), -127, 127).astype(np.int8)
    ms, mz = b.params(-2.0, 2.0)
    b.nodes.append(helper.make_node(
        "QLinearMatMul", [sq[0], *b.sz(sq[1], sq[2]), b.const("w", wq), b.const("ws", ws),
                          b.const("wz", np.zeros(6, np.int8)), *b.sz(ms, mz)], ["mm_q"], name="QLinearMatMul"))
    b.out(("mm_q", ms, mz), [1, 6])
    return b.model()


def m_qop_leaky_softmax():
    """QLinearConv -> QLinearLeakyRelu -> Reshape on codes -> QLinearSoftmax (opset 13, last axis)."""
    b = QopBuilder("qop_leaky_softmax", 23, np.int8)
    x = b.quantize_input("x", [1, 2, 6, 6], -1.0, 1.0)
    c = b.qconv(x, 2, 4, 3, (-3.0, 3.0), pads=[1, 1, 1, 1])
    lr = b.qlinear("QLinearLeakyRelu", [c], (-0.3, 3.0), alpha=0.1)
    r = b.direct("Reshape", lr, b.const("shape", np.array([1, 4, 36], np.int64)))
    # The quantizer's fixed Softmax output parameters: 1/256, -128.
    sm = b.qlinear("QLinearSoftmax", [r], None, out_params=(np.float32(1.0 / 256.0), -128), axis=-1, opset=13)
    b.out(sm, [1, 4, 36])
    return b.model()


def m_contrib_qdq_conv():
    """QDQ with com.microsoft QuantizeLinear/DequantizeLinear (ONNX Runtime's
    tools write these for 16-bit types or when asked to)."""
    b = QopBuilder("contrib_qdq_conv", 24, np.int8)
    x = b.input("x", [1, 3, 12, 12])
    s, zp = b.params(-1.0, 1.0)
    y, _, _ = conv_block(b, b.q(x, s, zp), s, zp, 3, 8, 3, (0.0, 3.0), relu=True, pads=[1, 1, 1, 1])
    b.output(y, [1, 8, 12, 12])
    for n in b.nodes:
        if n.op_type in ("QuantizeLinear", "DequantizeLinear"):
            n.domain = MS
    return b.model()


def m_qdq_ir13_opset22():
    """A QDQ CNN as a recent onnx saves it: IR version 13, opset 22."""
    b = QopBuilder("qdq_ir13_opset22", 25, np.int8)
    x = b.input("x", [1, 3, 12, 12])
    s, zp = b.params(-1.0, 1.0)
    h, hs, hz = conv_block(b, b.q(x, s, zp), s, zp, 3, 8, 3, (0.0, 3.0), relu=True, pads=[1, 1, 1, 1])
    p = b.q(b.node("MaxPool", [b.dq(h, hs, hz)], kernel_shape=[2, 2], strides=[2, 2]), hs, hz)
    y, _, _ = conv_block(b, p, hs, hz, 8, 4, 3, (-3.0, 3.0), pads=[1, 1, 1, 1])
    b.output(y, [1, 4, 6, 6])
    return b.model(opset=22, ir_version=13, contrib=False)


def multi_consumer(name, seed, act, channels, size, blocks):
    """Residual blocks whose input DequantizeLinear feeds both the first
    convolution and the Add (as in ONNX Runtime's MobileNet-EdgeTPU excerpt):
    DQ(h) -> Conv 3x3 + Relu -> Conv 1x1 -> Add(DQ(h), .) -> Q."""
    b = QopBuilder(name, seed, act)
    x = b.input("x", [1, channels, size, size])
    s, zp = b.params(-2.0, 2.0)
    d = b.dq(b.q(x, s, zp), s, zp)
    for _ in range(blocks):
        c, cs, cz = conv_block(b, None, s, zp, channels, 4 * channels, 3, (0.0, 3.0), relu=True, pads=[1, 1, 1, 1],
                               x_dq=d, spread=0.15)
        e, es, ez = conv_block(b, c, cs, cz, 4 * channels, channels, 1, (-2.0, 2.0), spread=0.1)
        s, zp = b.params(-3.0, 3.0)
        h = b.q(b.node("Add", [d, b.dq(e, es, ez)]), s, zp)
        d = b.dq(h, s, zp)
    b.output(h, [1, channels, size, size])
    return b.model(contrib=False)


def m_multi_consumer_dq_s8():
    return multi_consumer("multi_consumer_dq_s8", 42, np.int8, 32, 28, 3)


def m_multi_consumer_dq_u8():
    return multi_consumer("multi_consumer_dq_u8", 43, np.uint8, 32, 28, 3)


MODELS = {
    "qop_cnn_u8": m_qop_cnn_u8,
    "qop_cnn_s8": m_qop_cnn_s8,
    "qop_leaky_softmax": m_qop_leaky_softmax,
    "contrib_qdq_conv": m_contrib_qdq_conv,
    "qdq_ir13_opset22": m_qdq_ir13_opset22,
    "multi_consumer_dq_s8": m_multi_consumer_dq_s8,
    "multi_consumer_dq_u8": m_multi_consumer_dq_u8,
}


# Checked against their exact meaning (qdq_exact.py): ONNX Runtime's float32
# arithmetic is up to 2 steps away from it in these residual networks.
EXACT = {"multi_consumer_dq_s8", "multi_consumer_dq_u8"}


def build(name):
    return MODELS[name]()


if __name__ == "__main__":
    save_all(MODELS, sys.argv)
