// MeanVarianceNormalization: y = (x - mean) / (sqrt(var) + 1e-9) over the
// `axes` attribute (default [0, 2, 3]), as ONNX's function body defines it
// (var = mean(x^2) - mean(x)^2).
#include "ops/axis_split.h"

namespace tinyaot {
namespace {

Expected<ReduceRuns> plan(const Node& n) {
  const Shape& s = n.input(0)->shape();
  const int64_t rank = int64_t(s.size());
  std::vector<bool> reduced(size_t(rank), false);
  for (int64_t a : n.attrs().getInts("axes", {0, 2, 3})) {
    auto ax = normAxis(n, a, rank);
    if (!ax) return ax.status();
    if (reduced[size_t(*ax)]) return nodeErrorf(n, "axis {} is repeated in axes", a);
    reduced[size_t(*ax)] = true;
  }
  auto r = splitReduceRuns(s, reduced);
  if (!r) return nodeErrorf(n, "the axes split the input into too many runs");
  return *r;
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {"axes"}));
  TA_TRY(expectDType(n, 0, {DType::F32}));
  TA_TRY(expectRank(n, 0, 1, 12));
  auto p = plan(n);
  if (!p) return p.status();
  setOutput(n, 0, n.input(0)->dtype(), n.input(0)->shape());
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto p = plan(n);
  if (!p) return p.status();
  Value* x = n.input(0);
  if (x->type().elements() == 0) {
    KernelCall k("ta_copy");
    k.in(x).out(n.output(0)).i(0);
    return Lowered{k};
  }
  KernelCall k("ta_mvn_f32");
  k.in(x).out(n.output(0)).ints(p->od).ints(p->os).ints(p->rd).ints(p->rs);
  k.i(p->count).f(1e-9);
  return Lowered{k};
}

int64_t macs(const Node& n) { return 3 * n.input(0)->type().elements(); }

}  // namespace

TA_REGISTER_OP((OpDef{.name = "MeanVarianceNormalization", .minOpset = 9, .infer = infer, .lower = lower,
                      .macs = macs, .dtypes = "float32", .notes = "axes (default [0, 2, 3])"}));

}  // namespace tinyaot
