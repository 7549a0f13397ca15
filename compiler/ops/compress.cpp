// Compress: the slices of the input along `axis` (or the elements of the
// flattened input) whose condition entry is true. The output's shape
// depends on the condition's data, so the condition must be a compile-time
// constant; each run of selected slices becomes one strided copy.
#include "ops/axis_split.h"
#include "ops/elementwise.h"

namespace tinyaot {
namespace {

struct CompressPlan {
  AxisSplit split;                                 // of the input (flattened when there is no axis)
  std::vector<std::pair<int64_t, int64_t>> runs;  // [first, count) of selected slices
  int64_t selected = 0;
};

Expected<CompressPlan> plan(const Node& n) {
  TA_TRY(expectConstant(n, 1, "condition"));
  TA_TRY(expectDType(n, 1, {DType::Bool}));
  TA_TRY(expectRank(n, 1, 1, 1));
  const Shape& x = n.input(0)->shape();
  CompressPlan p;
  if (n.attrs().has("axis")) {
    auto ax = normAxis(n, n.attrs().getInt("axis", 0), int64_t(x.size()));
    if (!ax) return ax.status();
    p.split = splitAtAxis(x, *ax);
  } else {
    p.split.n = numElements(x);
  }
  const auto cond = n.input(1)->intData();
  for (int64_t i = 0; i < int64_t(cond.size()); ++i) {
    if (!cond[size_t(i)]) continue;
    if (i >= p.split.n)
      return nodeErrorf(n, "condition entry {} is true but the axis has only {} slices", i, p.split.n);
    if (!p.runs.empty() && p.runs.back().first + p.runs.back().second == i) ++p.runs.back().second;
    else p.runs.push_back({i, 1});
    ++p.selected;
  }
  return p;
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 2));
  TA_TRY(expectAttrsIn(n, {"axis"}));
  TA_TRY(expectDType(n, 0, allDTypes()));
  auto p = plan(n);
  if (!p) return p.status();
  Shape out = {p->selected};
  if (n.attrs().has("axis")) {
    out = n.input(0)->shape();
    out[size_t(p->split.axis)] = p->selected;
  }
  setOutput(n, 0, n.input(0)->dtype(), out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto p = plan(n);
  if (!p) return p.status();
  const AxisSplit& s = p->split;
  const int64_t es = int64_t(dtypeSize(n.input(0)->dtype()));
  Lowered calls;
  int64_t pos = 0;
  for (auto [first, count] : p->runs) {
    KernelCall k("ta_copy_strided");
    k.inAt(n.input(0), first * s.inner).out(n.output(0), pos * s.inner);
    k.i(s.outer).i(count * s.inner * es).i(s.n * s.inner * es).i(p->selected * s.inner * es);
    calls.push_back(k);
    pos += count;
  }
  if (calls.empty() || s.outer * s.inner == 0) {
    KernelCall k("ta_copy");
    k.in(n.input(0)).out(n.output(0)).i(0);
    return Lowered{k};
  }
  return calls;
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Compress", .minOpset = 9, .infer = infer, .lower = lower, .dtypes = "all",
                      .notes = "axis; condition a compile-time constant (the output shape depends on it)"}));

}  // namespace tinyaot
