// MaxPool, AveragePool (1-D, 2-D, 3-D) and GlobalAveragePool, GlobalMaxPool.
#include "ops/geometry.h"
#include "ops/op_util.h"
#include "ops/window.h"
#include "quant/lower_q8.h"

namespace tinyaot {
namespace {

Expected<PoolGeom> geometry(const Node& n) {
  const Shape& x = n.input(0)->shape();
  auto ks = n.attrs().getInts("kernel_shape");
  if (ks.size() != x.size() - 2)
    return nodeErrorf(n, "kernel_shape must have {} entries, has {}", x.size() - 2, ks.size());
  std::vector<int64_t> spatial(x.begin() + 2, x.end());
  auto win = computeWindow(n, spatial, ks, n.attrs().getInt("ceil_mode", 0) != 0);
  if (!win) return win.status();
  const auto& a = *win;
  PoolGeom g{};
  g.planes = x[0] * x[1];
  if (x.size() == 3) {
    g.h = 1; g.oh = 1; g.kh = 1; g.sh = 1; g.dh = 1; g.pt = 0; g.pb = 0;
    g.w = a[0].in; g.ow = a[0].out; g.kw = a[0].k; g.sw = a[0].s; g.dw = a[0].d; g.pl = a[0].padBegin; g.pr = a[0].padEnd;
  } else {
    g.h = a[0].in; g.oh = a[0].out; g.kh = a[0].k; g.sh = a[0].s; g.dh = a[0].d; g.pt = a[0].padBegin; g.pb = a[0].padEnd;
    g.w = a[1].in; g.ow = a[1].out; g.kw = a[1].k; g.sw = a[1].s; g.dw = a[1].d; g.pl = a[1].padBegin; g.pr = a[1].padEnd;
  }
  return g;
}

Shape outShape(const Node& n, const PoolGeom& g) {
  const Shape& x = n.input(0)->shape();
  return x.size() == 3 ? Shape{x[0], x[1], g.ow} : Shape{x[0], x[1], g.oh, g.ow};
}

// 3-D pooling (rank-5 input) has its own kernels; 1-D and 2-D use PoolGeom.
Expected<std::vector<WindowAxis>> window3d(const Node& n) {
  const Shape& x = n.input(0)->shape();
  auto ks = n.attrs().getInts("kernel_shape");
  if (ks.size() != 3) return nodeErrorf(n, "kernel_shape must have 3 entries, has {}", ks.size());
  return computeWindow(n, {x[2], x[3], x[4]}, ks, n.attrs().getInt("ceil_mode", 0) != 0);
}

Status infer3d(Node& n) {
  auto a = window3d(n);
  if (!a) return a.status();
  const Shape& x = n.input(0)->shape();
  setOutput(n, 0, n.input(0)->dtype(), Shape{x[0], x[1], (*a)[0].out, (*a)[1].out, (*a)[2].out});
  return Status::ok();
}

Expected<Lowered> lower3d(const Node& n) {
  auto w = window3d(n);
  if (!w) return w.status();
  const auto& a = *w;
  const Shape& x = n.input(0)->shape();
  const bool isMax = n.op() == "MaxPool";
  KernelCall k = isMax ? KernelCall("ta_maxpool3d", {ctype(n.input(0))}) : KernelCall("ta_avgpool3d_f32");
  k.in(n.input(0)).out(n.output(0)).i(x[0] * x[1]).i(x[2]).i(x[3]).i(x[4]).i(a[0].out).i(a[1].out).i(a[2].out);
  k.ints({a[0].k, a[1].k, a[2].k}).ints({a[0].s, a[1].s, a[2].s});
  if (isMax) {
    k.ints({a[0].d, a[1].d, a[2].d}).ints({a[0].padBegin, a[1].padBegin, a[2].padBegin});
    return Lowered{k};
  }
  ActRange act = actRange(n);
  k.ints({a[0].padBegin, a[1].padBegin, a[2].padBegin, a[0].padEnd, a[1].padEnd, a[2].padEnd});
  k.i(n.attrs().getInt("count_include_pad", 0)).f(act.lo).f(act.hi);
  return Lowered{k};
}

Status inferMax(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {"auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides"}));
  if (isQuantized(n)) return inferPoolQ8(n);
  TA_TRY(expectOutputsAtMost(n, 1, "TinyAOT does not produce MaxPool's Indices output"));
  TA_TRY(expectDType(n, 0, {DType::F32, DType::F64, DType::I8, DType::U8}));
  TA_TRY(expectRank(n, 0, 3, 5));
  if (n.input(0)->shape().size() == 5) return infer3d(n);
  auto g = geometry(n);
  if (!g) return g.status();
  setOutput(n, 0, n.input(0)->dtype(), outShape(n, *g));
  return Status::ok();
}

Expected<Lowered> lowerMax(const Node& n, const LowerContext& ctx) {
  if (isQuantized(n)) return lowerPoolQ8(n, ctx);
  if (n.input(0)->shape().size() == 5) return lower3d(n);
  auto g = geometry(n);
  if (!g) return g.status();
  KernelCall k("ta_maxpool2d", {ctype(n.input(0))});
  k.in(n.input(0)).out(n.output(0)).i(g->planes).i(g->h).i(g->w).i(g->oh).i(g->ow).i(g->kh).i(g->kw);
  k.i(g->sh).i(g->sw).i(g->dh).i(g->dw).i(g->pt).i(g->pl);
  return Lowered{k};
}

Status inferAvg(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {"auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "strides"}));
  if (isQuantized(n)) return inferPoolQ8(n);
  TA_TRY(expectDType(n, 0, {DType::F32}));
  TA_TRY(expectRank(n, 0, 3, 5));
  for (int64_t d : n.attrs().getInts("dilations"))
    if (d != 1) return nodeErrorf(n, "dilated AveragePool is not supported");
  if (n.input(0)->shape().size() == 5) return infer3d(n);
  auto g = geometry(n);
  if (!g) return g.status();
  setOutput(n, 0, DType::F32, outShape(n, *g));
  return Status::ok();
}

Expected<Lowered> lowerAvg(const Node& n, const LowerContext& ctx) {
  if (isQuantized(n)) return lowerPoolQ8(n, ctx);
  if (n.input(0)->shape().size() == 5) return lower3d(n);
  auto g = geometry(n);
  if (!g) return g.status();
  ActRange act = actRange(n);
  KernelCall k("ta_avgpool2d_f32");
  k.in(n.input(0)).out(n.output(0)).i(g->planes).i(g->h).i(g->w).i(g->oh).i(g->ow).i(g->kh).i(g->kw);
  k.i(g->sh).i(g->sw).i(g->pt).i(g->pl).i(g->pb).i(g->pr).i(n.attrs().getInt("count_include_pad", 0));
  k.f(act.lo).f(act.hi);
  return Lowered{k};
}

Status inferGlobal(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {}));
  if (isQuantized(n)) return inferPoolQ8(n);
  TA_TRY(expectDType(n, 0, n.op() == "GlobalMaxPool" ? std::vector<DType>{DType::F32, DType::I8, DType::U8}
                                                      : std::vector<DType>{DType::F32}));
  const Shape& x = n.input(0)->shape();
  if (x.size() < 3) return nodeErrorf(n, "input must have rank >= 3, got {}", shapeStr(x));
  Shape out = x;
  for (size_t i = 2; i < out.size(); ++i) out[i] = 1;
  setOutput(n, 0, n.input(0)->dtype(), out);
  return Status::ok();
}

Expected<Lowered> lowerGlobal(const Node& n, const LowerContext& ctx) {
  if (isQuantized(n)) return lowerPoolQ8(n, ctx);
  const Shape& x = n.input(0)->shape();
  const int64_t planes = x[0] * x[1], hw = numElements(x) / std::max<int64_t>(planes, 1);
  KernelCall k = n.op() == "GlobalMaxPool" ? KernelCall("ta_global_maxpool", {ctype(n.input(0))})
                                           : KernelCall("ta_global_avgpool_f32");
  k.in(n.input(0)).out(n.output(0)).i(planes).i(hw);
  return Lowered{k};
}

}  // namespace

Expected<PoolGeom> poolGeometry(const Node& n) { return geometry(n); }

TA_REGISTER_OP((OpDef{.name = "MaxPool", .minOpset = 1, .infer = inferMax, .lower = lowerMax, .movesCodes = true,
                      .dtypes = "float32, float64, int8, uint8",
                      .notes = "1-D, 2-D and 3-D; dilations, ceil_mode; the Indices output is not produced"}));
TA_REGISTER_OP((OpDef{.name = "AveragePool", .minOpset = 1, .infer = inferAvg, .lower = lowerAvg,
                      .dtypes = "float32; int8, uint8 (quantized, 1-D/2-D)", .notes = "1-D, 2-D and 3-D; ceil_mode, count_include_pad; no dilations"}));
TA_REGISTER_OP((OpDef{.name = "GlobalAveragePool", .minOpset = 1, .infer = inferGlobal, .lower = lowerGlobal,
                      .dtypes = "float32; int8, uint8 (quantized)"}));
TA_REGISTER_OP((OpDef{.name = "GlobalMaxPool", .minOpset = 1, .infer = inferGlobal, .lower = lowerGlobal, .movesCodes = true,
                      .dtypes = "float32, int8, uint8"}));

}  // namespace tinyaot
