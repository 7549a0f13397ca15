// Conv: 1-D and 2-D convolution, float32. Groups/depthwise, dilations,
// asymmetric pads, auto_pad. A fused Relu/Clip arrives as ta.act_min/max.
#include "ops/geometry.h"
#include "ops/op_util.h"
#include "ops/window.h"
#include "quant/lower_q8.h"

namespace tinyaot {
namespace {

Expected<ConvGeom> geometry(const Node& n, size_t wIdx = 1) {
  const Shape& x = n.input(0)->shape();
  const Shape& wt = n.input(wIdx)->shape();
  const bool oneD = x.size() == 3;
  std::vector<int64_t> spatial(x.begin() + 2, x.end());
  std::vector<int64_t> kernel(wt.begin() + 2, wt.end());
  auto ks = n.attrs().getInts("kernel_shape", kernel);
  if (ks != kernel) return nodeErrorf(n, "kernel_shape {} disagrees with the weight shape {}", shapeStr(ks), shapeStr(wt));
  auto win = computeWindow(n, spatial, kernel, false);
  if (!win) return win.status();
  const auto& ax = *win;
  ConvGeom g{};
  g.n = x[0]; g.c = x[1]; g.m = wt[0];
  g.group = n.attrs().getInt("group", 1);
  if (oneD) {
    g.h = 1; g.w = x[2]; g.kh = 1; g.kw = wt[2]; g.oh = 1; g.ow = ax[0].out;
    g.sh = 1; g.sw = ax[0].s; g.dh = 1; g.dw = ax[0].d; g.pt = 0; g.pl = ax[0].padBegin;
  } else {
    g.h = x[2]; g.w = x[3]; g.kh = wt[2]; g.kw = wt[3]; g.oh = ax[0].out; g.ow = ax[1].out;
    g.sh = ax[0].s; g.sw = ax[1].s; g.dh = ax[0].d; g.dw = ax[1].d; g.pt = ax[0].padBegin; g.pl = ax[1].padBegin;
  }
  if (g.group < 1 || g.c % g.group || g.m % g.group)
    return nodeErrorf(n, "group {} does not divide input channels {} and output channels {}", g.group, g.c, g.m);
  if (wt[1] * g.group != g.c)
    return nodeErrorf(n, "weight shape {} expects {} input channels, input has {}", shapeStr(wt), wt[1] * g.group, g.c);
  return g;
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 3));
  TA_TRY(expectAttrsIn(n, {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"}));
  if (isQuantized(n)) return inferConvQ8(n);
  TA_TRY(expectDType(n, 0, {DType::F32}));
  TA_TRY(expectDType(n, 1, {DType::F32}));
  TA_TRY(expectRank(n, 0, 3, 4));
  if (n.input(1)->shape().size() != n.input(0)->shape().size())
    return nodeErrorf(n, "weight rank {} differs from input rank {}", n.input(1)->shape().size(), n.input(0)->shape().size());
  if (n.input(2)) {
    TA_TRY(expectDType(n, 2, {DType::F32}));
    if (n.input(2)->shape() != Shape{n.input(1)->shape()[0]})
      return nodeErrorf(n, "bias shape {} must be [{}]", shapeStr(n.input(2)->shape()), n.input(1)->shape()[0]);
  }
  auto g = geometry(n);
  if (!g) return g.status();
  Shape out = n.input(0)->shape().size() == 3 ? Shape{g->n, g->m, g->ow} : Shape{g->n, g->m, g->oh, g->ow};
  setOutput(n, 0, DType::F32, out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext& ctx) {
  if (isQuantized(n)) return lowerConvQ8(n, ctx);
  auto g = geometry(n);
  if (!g) return g.status();
  ActRange act = actRange(n);
  if (g->kh == 1 && g->kw == 1 && g->sh == 1 && g->sw == 1 && g->pt == 0 && g->pl == 0 && g->group == 1 &&
      g->oh == g->h && g->ow == g->w) {
    KernelCall k("ta_conv1x1_f32");
    k.in(n.input(0)).in(n.input(1)).inOpt(n.input(2), DType::F32).out(n.output(0));
    k.i(g->n).i(g->c).i(g->h * g->w).i(g->m).f(act.lo).f(act.hi);
    return Lowered{k};
  }
  KernelCall k("ta_conv2d_f32");
  k.in(n.input(0)).in(n.input(1)).inOpt(n.input(2), DType::F32).out(n.output(0));
  k.i(g->n).i(g->c).i(g->h).i(g->w).i(g->m).i(g->kh).i(g->kw).i(g->oh).i(g->ow);
  k.i(g->sh).i(g->sw).i(g->dh).i(g->dw).i(g->pt).i(g->pl).i(g->group).f(act.lo).f(act.hi);
  return Lowered{k};
}

int64_t macs(const Node& n) {
  const Shape& w = n.input(1)->shape();
  return n.output(0)->type().elements() * numElements(Shape(w.begin() + 1, w.end()));
}

}  // namespace

Expected<ConvGeom> convGeometry(const Node& n, size_t wIdx) { return geometry(n, wIdx); }

TA_REGISTER_OP((OpDef{.name = "Conv", .minOpset = 1, .infer = infer, .lower = lower, .macs = macs,
                      .dtypes = "float32; int8, uint8 (quantized)",
                      .notes = "1-D and 2-D; groups, depthwise, dilations, asymmetric pads, auto_pad"}));

}  // namespace tinyaot
