// Hardmax: 1 at the first maximum, 0 elsewhere. Opset < 13 coerces the
// input to 2-D at `axis` (default 1); opset >= 13 works along one axis
// (default -1), like Softmax.
#include "ops/axis_split.h"

namespace tinyaot {
namespace {

Expected<AxisSplit> geometry(const Node& n) {
  const Shape& x = n.input(0)->shape();
  const bool legacy = n.opset() < 13;
  auto ax = normAxis(n, n.attrs().getInt("axis", legacy ? 1 : -1), int64_t(x.size()));
  if (!ax) return ax.status();
  return splitAtAxis(x, *ax, legacy);
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {"axis"}));
  TA_TRY(expectDType(n, 0, {DType::F32, DType::F64}));
  TA_TRY(expectRank(n, 0, 1, 16));
  auto g = geometry(n);
  if (!g) return g.status();
  setOutput(n, 0, n.input(0)->dtype(), n.input(0)->shape());
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto g = geometry(n);
  if (!g) return g.status();
  KernelCall k("ta_hardmax", {ctype(n.input(0))});
  k.in(n.input(0)).out(n.output(0)).i(g->n == 0 ? 0 : g->outer).i(g->n).i(g->inner);
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Hardmax", .minOpset = 1, .infer = infer, .lower = lower,
                      .dtypes = "float32, float64",
                      .notes = "opset 1-12 (2-D coercion) and 13+ (single axis) semantics; ties pick the first"}));

}  // namespace tinyaot
