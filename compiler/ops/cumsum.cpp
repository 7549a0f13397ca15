// CumSum: cumulative sum along a compile-time constant axis, with the
// exclusive and reverse attributes.
#include "ops/axis_split.h"

namespace tinyaot {
namespace {

Expected<AxisSplit> geometry(const Node& n) {
  TA_TRY(expectConstant(n, 1, "axis"));
  TA_TRY(expectDType(n, 1, {DType::I32, DType::I64}));
  const auto a = n.input(1)->intData();
  if (a.size() != 1) return nodeErrorf(n, "axis must hold one value, got shape {}", shapeStr(n.input(1)->shape()));
  const Shape& x = n.input(0)->shape();
  auto ax = normAxis(n, a[0], int64_t(x.size()));
  if (!ax) return ax.status();
  return splitAtAxis(x, *ax);
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 2));
  TA_TRY(expectAttrsIn(n, {"exclusive", "reverse"}));
  TA_TRY(expectDType(n, 0, {DType::F32, DType::F64, DType::I32, DType::I64, DType::U32, DType::U64}));
  TA_TRY(expectRank(n, 0, 1, 16));
  auto g = geometry(n);
  if (!g) return g.status();
  setOutput(n, 0, n.input(0)->dtype(), n.input(0)->shape());
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto g = geometry(n);
  if (!g) return g.status();
  KernelCall k("ta_cumsum", {ctype(n.input(0))});
  k.in(n.input(0)).out(n.output(0)).i(g->outer).i(g->n).i(g->inner);
  k.i(n.attrs().getInt("exclusive", 0) != 0).i(n.attrs().getInt("reverse", 0) != 0);
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "CumSum", .minOpset = 11, .infer = infer, .lower = lower,
                      .dtypes = "float32, float64, int32, int64, uint32, uint64",
                      .notes = "exclusive, reverse; axis as a compile-time constant input"}));

}  // namespace tinyaot
