// Trilu: keeps the upper (j - i >= k) or lower (j - i <= k) triangle of
// each matrix in the last two dims and zeroes the rest. k is an optional
// compile-time constant input (default 0).
#include <algorithm>

#include "ops/elementwise.h"

namespace tinyaot {
namespace {

Expected<int64_t> diagonal(const Node& n) {
  if (!n.input(1)) return int64_t(0);
  TA_TRY(expectConstant(n, 1, "k"));
  TA_TRY(expectDType(n, 1, {DType::I64}));
  const auto k = n.input(1)->intData();
  if (k.size() != 1) return nodeErrorf(n, "k must hold one value, got shape {}", shapeStr(n.input(1)->shape()));
  return k[0];
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 2));
  TA_TRY(expectAttrsIn(n, {"upper"}));
  TA_TRY(expectDType(n, 0, allDTypes()));
  TA_TRY(expectRank(n, 0, 2, 16));
  auto k = diagonal(n);
  if (!k) return k.status();
  setOutput(n, 0, n.input(0)->dtype(), n.input(0)->shape());
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto k = diagonal(n);
  if (!k) return k.status();
  const Shape& s = n.input(0)->shape();
  const int64_t rows = s[s.size() - 2], cols = s[s.size() - 1];
  const int64_t batch = n.input(0)->type().elements() / std::max<int64_t>(rows * cols, 1);
  // Beyond these bounds every element is kept or every one is zeroed alike.
  const int64_t kc = std::clamp<int64_t>(*k, -rows - 1, cols + 1);
  KernelCall c("ta_trilu", {ctype(n.input(0))});
  c.in(n.input(0)).out(n.output(0)).i(rows * cols == 0 ? 0 : batch).i(rows).i(cols).i(kc);
  c.i(n.attrs().getInt("upper", 1) != 0);
  return Lowered{c};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Trilu", .minOpset = 14, .infer = infer, .lower = lower, .dtypes = "all",
                      .notes = "upper; k as a compile-time constant input"}));

}  // namespace tinyaot
