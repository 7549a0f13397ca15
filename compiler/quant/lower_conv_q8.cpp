// int8/uint8 convolution: contract check of a quantized Conv and lowering of
// any quantized convolution (Conv, QLinearConv, ConvInteger) to the
// conv_s8.h kernels. Weight zero points, the input zero point's correction
// (x_zp * sum of weights) and the bias are folded at compile time into one
// int32 bias per output channel; the multipliers are fixed point.
#include <cmath>

#include "quant/lower_q8.h"

namespace tinyaot {

namespace {

// The weight zero point for output channel `oc`.
int32_t at(const std::vector<int32_t>& v, int64_t i) { return v.size() == 1 ? v[0] : v[size_t(i)]; }

}  // namespace

Status inferConvQ8(Node& n) {
  const Value *x = n.input(0), *w = n.input(1), *b = n.input(2);
  TA_TRY(expectQuantActivation(n, x, "the input"));
  TA_TRY(expectRank(n, 0, 3, 4));
  if (!isQ8(w->dtype()) || !w->type().quant || !w->isConstant())
    return nodeErrorf(n, "a quantized Conv needs constant int8/uint8 weights with quantization parameters, got '{}' {}",
                      w->name(), w->type().str());
  if (w->shape().size() != x->shape().size())
    return nodeErrorf(n, "weight rank {} differs from input rank {}", w->shape().size(), x->shape().size());
  const QuantParams& wq = *w->type().quant;
  const int64_t m = w->shape()[0];
  if (wq.perChannel() && (wq.axis != 0 || int64_t(wq.scale.size()) != m))
    return nodeErrorf(n, "weights must be quantized per tensor or per output channel (axis 0, {} scales); got axis {} "
                      "with {} scales", m, wq.axis, wq.scale.size());
  if (b) {
    if (b->dtype() != DType::I32 || !b->isConstant())
      return nodeErrorf(n, "the bias of a quantized Conv must be an int32 constant, got '{}' {}", b->name(), b->type().str());
    if (b->shape() != Shape{m}) return nodeErrorf(n, "bias shape {} must be [{}]", shapeStr(b->shape()), m);
    if (const auto& bq = b->type().quant) {
      for (int64_t c = 0; c < m; ++c) {
        const double want = scaleOf(x) * double(wq.scale[wq.perChannel() ? size_t(c) : 0]);
        const double got = bq->scale[bq->perChannel() ? size_t(c) : 0];
        if (std::abs(got - want) > 1e-4 * want)
          return nodeErrorf(n, "bias scale {} of channel {} differs from input scale x weight scale = {}", got, c, want);
      }
    }
  }
  auto g = convGeometry(n);
  if (!g) return g.status();
  setOutput(n, 0, x->dtype(), x->shape().size() == 3 ? Shape{g->n, g->m, g->ow} : Shape{g->n, g->m, g->oh, g->ow});
  return expectQuantOutput(n);
}

Expected<Lowered> lowerConvQ8(const Node& n, const LowerContext& ctx) {
  auto g = convGeometry(n);
  if (!g) return g.status();
  QConvSpec s;
  s.x = n.input(0);
  s.w = n.input(1);
  s.bias = n.input(2);
  s.y = n.output(0);
  s.xZp = zeroPointOf(s.x);
  const QuantParams& wq = *s.w->type().quant;
  s.wZp = wq.zeroPoint.empty() ? std::vector<int32_t>{0} : wq.zeroPoint;
  for (float ws : wq.scale) s.realMult.push_back(scaleOf(s.x) * double(ws) / scaleOf(s.y));
  s.yZp = zeroPointOf(s.y);
  s.clamp = outputClamp(n, s.y);
  return lowerConvSpec(n, *g, s, ctx);
}

Expected<Lowered> lowerConvSpec(const Node& n, const ConvGeom& g, const QConvSpec& s, const LowerContext& ctx) {
  if (!s.w->isConstant()) return nodeErrorf(n, "int8 convolution needs constant weights ('{}' is computed at run time)", s.w->name());
  if (s.bias && !s.bias->isConstant()) return nodeErrorf(n, "int8 convolution needs a constant bias");
  // Weights minus their zero point, in the [m][c/group][kh][kw] layout the
  // kernels read; the input zero point's correction goes into the bias.
  const std::vector<int64_t> raw = s.w->intData();
  const int64_t per = g.m > 0 ? int64_t(raw.size()) / g.m : 0;
  std::vector<int64_t> wv(raw.size());
  std::vector<int64_t> bias(size_t(g.m), 0);
  const std::vector<int64_t> braw = s.bias ? s.bias->intData() : std::vector<int64_t>{};
  for (int64_t oc = 0; oc < g.m; ++oc) {
    int64_t sum = 0;
    for (int64_t i = 0; i < per; ++i) {
      const size_t k = size_t(oc * per + i);
      wv[k] = raw[k] - at(s.wZp, oc);
      sum += wv[k];
    }
    const int64_t b = (braw.empty() ? 0 : braw[size_t(oc)]) - int64_t(s.xZp) * sum;
    if (b < INT32_MIN || b > INT32_MAX) return nodeErrorf(n, "the folded bias of channel {} overflows int32", oc);
    bias[size_t(oc)] = b;
  }
  auto ms = multShiftArrays(n, s.realMult);
  if (!ms) return ms.status();
  const std::vector<int64_t>& mult = ms->mult;
  const std::vector<int64_t>& shift = ms->shift;
  const int64_t pc = mult.size() > 1;

  const bool pointwise = g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1 && g.pt == 0 && g.pl == 0 && g.group == 1 &&
                         g.oh == g.h && g.ow == g.w;
  const bool depthwise = g.group == g.c && g.group > 1;
  // Arm DSP: int8 x int8 with SMLAD on a gathered window; depthwise (one
  // output channel per window) with SMLAD along each kernel row (dw == 1).
  const bool dspIn = ctx.hasVariant("armdsp") && s.x->dtype() == DType::I8;
  const bool dsp = dspIn && !depthwise, dspDw = dspIn && depthwise && g.dw == 1;
  auto window = [&](KernelCall& kc) {
    kc.i(g.n).i(g.c).i(g.h).i(g.w).i(g.m).i(g.kh).i(g.kw).i(g.oh).i(g.ow).i(g.sh).i(g.sw).i(g.dh).i(g.dw);
    kc.i(g.pt).i(g.pl);
  };
  KernelCall k(dsp ? "ta_conv2d_s8_armdsp" : pointwise ? "ta_conv1x1_q8" : depthwise ? "ta_dwconv2d_q8" : "ta_conv2d_q8");
  k.in(s.x);
  const std::string wtype = addWeightsArg(k, s.w, wv);
  if ((dsp || dspDw) && wtype == "int8_t") {
    if (dspDw) k.fn = "ta_dwconv2d_s8_armdsp";
    k.targs = {ctype(s.y)};
    k.ints(bias).out(s.y);
    window(k);
    if (dsp) k.i(g.group);
    k.i(s.xZp).ints(mult).ints(shift).i(pc).i(s.yZp).i(s.clamp.lo).i(s.clamp.hi);
    if (dsp) k.scratch(g.c / g.group * g.kh * g.kw, DType::I8);  // the gathered window
    else k.scratch(g.kh * 2 * ((g.kw + 3) / 4) * 4, DType::I32);  // packed weight pairs
    return Lowered{k};
  }
  if (dsp) k.fn = pointwise ? "ta_conv1x1_q8" : "ta_conv2d_q8";  // int16 weights: reference
  k.targs = {ctype(s.x), wtype, ctype(s.y)};
  k.ints(bias).out(s.y);
  if (pointwise) {
    k.i(g.n).i(g.c).i(g.h * g.w).i(g.m);
  } else {
    window(k);
    if (!depthwise) k.i(g.group);
    k.i(s.xZp);
  }
  k.ints(mult).ints(shift).i(pc).i(s.yZp).i(s.clamp.lo).i(s.clamp.hi);
  return Lowered{k};
}

}  // namespace tinyaot
