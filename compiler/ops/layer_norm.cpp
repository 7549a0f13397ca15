// LayerNormalization (opset 17, float32): normalizes over the dims from
// `axis` on, then scale and bias. Mean and InvStdDev outputs are produced
// when requested.
#include "ops/op_util.h"

namespace tinyaot {
namespace {

struct LnGeom { int64_t axis, outer, inner; };

Expected<LnGeom> geometry(const Node& n) {
  const Shape& x = n.input(0)->shape();
  auto ax = normAxis(n, n.attrs().getInt("axis", -1), int64_t(x.size()));
  if (!ax) return ax.status();
  LnGeom g{*ax, 1, 1};
  for (int64_t d = 0; d < int64_t(x.size()); ++d) (d < *ax ? g.outer : g.inner) *= x[size_t(d)];
  return g;
}

// Scale/bias must broadcast to the normalized shape x[axis:]. When their own
// element count differs from it, they must be constants (expanded here).
Expected<std::optional<std::vector<float>>> expanded(const Node& n, size_t i, const LnGeom& g) {
  const Value* v = n.input(i);
  const Shape& x = n.input(0)->shape();
  const Shape norm(x.begin() + g.axis, x.end());
  auto b = broadcastShapes(v->shape(), norm);
  if (!b || *b != norm)
    return nodeErrorf(n, "input {} shape {} does not broadcast to the normalized shape {}", i, shapeStr(v->shape()),
                      shapeStr(norm));
  if (v->type().elements() == g.inner) return std::optional<std::vector<float>>{};
  if (!v->isConstant())
    return nodeErrorf(n, "input {} ('{}') broadcasts to the normalized shape {}; this needs it to be a compile-time "
                      "constant", i, v->name(), shapeStr(norm));
  const auto st = broadcastStrides(v->shape(), norm);
  const auto data = v->doubleData();
  std::vector<float> out(size_t(g.inner));
  std::vector<int64_t> idx(norm.size(), 0);
  for (int64_t e = 0; e < g.inner; ++e) {
    int64_t off = 0;
    for (size_t d = 0; d < norm.size(); ++d) off += idx[d] * st[d];
    out[size_t(e)] = float(data[size_t(off)]);
    for (size_t d = norm.size(); d-- > 0;) {
      if (++idx[d] < norm[d]) break;
      idx[d] = 0;
    }
  }
  return std::optional<std::vector<float>>{std::move(out)};
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 3));
  TA_TRY(expectAttrsIn(n, {"axis", "epsilon", "stash_type"}));
  for (size_t i = 0; i < 3; ++i)
    if (n.input(i)) TA_TRY(expectDType(n, i, {DType::F32}));
  if (n.attrs().getInt("stash_type", 1) != 1) return nodeErrorf(n, "stash_type {} is not supported (only 1, float)",
                                                                 n.attrs().getInt("stash_type", 1));
  TA_TRY(expectRank(n, 0, 1, 16));
  auto g = geometry(n);
  if (!g) return g.status();
  for (size_t i = 1; i < 3; ++i)
    if (n.input(i)) {
      auto e = expanded(n, i, *g);
      if (!e) return e.status();
    }
  const Shape& x = n.input(0)->shape();
  setOutput(n, 0, DType::F32, x);
  Shape stat = x;
  for (size_t d = size_t(g->axis); d < stat.size(); ++d) stat[d] = 1;
  setOutput(n, 1, DType::F32, stat);
  setOutput(n, 2, DType::F32, stat);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto g = geometry(n);
  if (!g) return g.status();
  KernelCall k("ta_layer_norm_f32");
  k.in(n.input(0)).out(n.output(0)).i(g->outer).i(g->inner);
  for (size_t i = 1; i < 3; ++i) {
    if (!n.input(i)) {
      k.inOpt(nullptr, DType::F32);
      continue;
    }
    auto e = expanded(n, i, *g);
    if (!e) return e.status();
    if (*e) k.floats(**e);
    else k.in(n.input(i));
  }
  k.f(n.attrs().getFloat("epsilon", 1e-5f));
  for (size_t i = 1; i < 3; ++i) {
    if (n.output(i)) k.out(n.output(i));
    else k.inOpt(nullptr, DType::F32);
  }
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "LayerNormalization", .minOpset = 17, .infer = infer, .lower = lower,
                      .dtypes = "float32",
                      .notes = "any axis; broadcast scale/bias when constant; Mean/InvStdDev outputs"}));

}  // namespace tinyaot
