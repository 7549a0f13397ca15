// ArgMax and ArgMin: index of the largest/smallest element along one axis,
// as int64, with keepdims and select_last_index.
#include "ops/op_util.h"

namespace tinyaot {
namespace {

struct ArgGeom { int64_t axis, outer, n, inner; };

Expected<ArgGeom> geometry(const Node& n) {
  const Shape& x = n.input(0)->shape();
  auto ax = normAxis(n, n.attrs().getInt("axis", 0), int64_t(x.size()));
  if (!ax) return ax.status();
  ArgGeom g{*ax, 1, 1, 1};
  for (int64_t d = 0; d < int64_t(x.size()); ++d) (d < *ax ? g.outer : d == *ax ? g.n : g.inner) *= x[size_t(d)];
  return g;
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {"axis", "keepdims", "select_last_index"}));
  TA_TRY(expectDType(n, 0, {DType::F32, DType::F64, DType::I8, DType::U8, DType::I32, DType::I64}));
  TA_TRY(expectRank(n, 0, 1, 16));
  auto g = geometry(n);
  if (!g) return g.status();
  if (g->n == 0) return nodeErrorf(n, "the reduced axis {} is empty", g->axis);
  Shape out;
  const Shape& x = n.input(0)->shape();
  for (int64_t d = 0; d < int64_t(x.size()); ++d) {
    if (d != g->axis) out.push_back(x[size_t(d)]);
    else if (n.attrs().getInt("keepdims", 1) != 0) out.push_back(1);
  }
  setOutput(n, 0, DType::I64, out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto g = geometry(n);
  if (!g) return g.status();
  KernelCall k("ta_argreduce", {ctype(n.input(0))});
  k.in(n.input(0)).out(n.output(0)).i(g->outer).i(g->n).i(g->inner).i(n.op() == "ArgMin");
  k.i(n.attrs().getInt("select_last_index", 0) != 0);
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "ArgMax", .minOpset = 1, .infer = infer, .lower = lower,
                      .dtypes = "float32, float64, int8, uint8, int32, int64 (output int64)",
                      .notes = "keepdims, select_last_index"}));
TA_REGISTER_OP((OpDef{.name = "ArgMin", .minOpset = 1, .infer = infer, .lower = lower,
                      .dtypes = "float32, float64, int8, uint8, int32, int64 (output int64)",
                      .notes = "keepdims, select_last_index"}));

}  // namespace tinyaot
