// OneHot: indices (run time) -> a tensor with a new axis of length `depth`
// (a compile-time constant) holding values[1] at each index and values[0]
// elsewhere. Negative indices count from the end; out-of-range ones give
// all values[0]. `values` may be a constant or a run-time input.
#include "ops/axis_split.h"
#include "ops/elementwise.h"

namespace tinyaot {
namespace {

Expected<int64_t> depth(const Node& n) {
  TA_TRY(expectConstant(n, 1, "depth"));
  TA_TRY(expectDType(n, 1, numericDTypes()));
  const auto d = n.input(1)->doubleData();
  if (d.size() != 1) return nodeErrorf(n, "depth must hold one value, got shape {}", shapeStr(n.input(1)->shape()));
  if (!(d[0] >= 1) || d[0] > double(int64_t(1) << 30)) return nodeErrorf(n, "depth {} is out of range", d[0]);
  return int64_t(d[0]);
}

Expected<AxisSplit> geometry(const Node& n) {
  const Shape& x = n.input(0)->shape();
  auto ax = normAxis(n, n.attrs().getInt("axis", -1), int64_t(x.size()) + 1);
  if (!ax) return ax.status();
  return splitAtAxis(x, *ax);  // the indices dims from axis on hold n * inner elements
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 3, 3));
  TA_TRY(expectAttrsIn(n, {"axis"}));
  TA_TRY(expectDType(n, 0, numericDTypes()));
  TA_TRY(expectDType(n, 2, allDTypes()));
  if (n.input(2)->type().elements() != 2)
    return nodeErrorf(n, "values must hold two elements [off, on], got shape {}", shapeStr(n.input(2)->shape()));
  auto d = depth(n);
  if (!d) return d.status();
  auto g = geometry(n);
  if (!g) return g.status();
  Shape out = n.input(0)->shape();
  out.insert(out.begin() + g->axis, *d);
  setOutput(n, 0, n.input(2)->dtype(), out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto d = depth(n);
  if (!d) return d.status();
  auto g = geometry(n);
  if (!g) return g.status();
  KernelCall k("ta_onehot", {ctype(n.input(0)), ctype(n.input(2))});
  k.in(n.input(0)).in(n.input(2)).out(n.output(0)).i(g->outer).i(*d).i(g->n * g->inner);
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "OneHot", .minOpset = 9, .infer = infer, .lower = lower,
                      .dtypes = "indices: float32, float64, int8-64, uint8-64; values: all",
                      .notes = "axis, negative indices; depth a compile-time constant"}));

}  // namespace tinyaot
