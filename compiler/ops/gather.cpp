// Gather along one axis. Indices may be run-time data or constants;
// constant indices are range-checked at compile time.
#include "ops/elementwise.h"
#include "ops/op_util.h"

namespace tinyaot {
namespace {

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 2));
  TA_TRY(expectAttrsIn(n, {"axis"}));
  TA_TRY(expectDType(n, 0, allDTypes()));
  TA_TRY(expectDType(n, 1, {DType::I32, DType::I64}));
  const Shape& data = n.input(0)->shape();
  if (data.empty()) return nodeErrorf(n, "data must have rank 1 or more");
  auto axis = normAxis(n, n.attrs().getInt("axis", 0), int64_t(data.size()));
  if (!axis) return axis.status();
  const int64_t dim = data[*axis];
  if (n.input(1)->isConstant())
    for (int64_t k : n.input(1)->intData())
      if (k < -dim || k >= dim) return nodeErrorf(n, "index {} is out of range for axis {} of size {}", k, *axis, dim);
  Shape out(data.begin(), data.begin() + *axis);
  const Shape& idx = n.input(1)->shape();
  out.insert(out.end(), idx.begin(), idx.end());
  out.insert(out.end(), data.begin() + *axis + 1, data.end());
  setOutput(n, 0, n.input(0)->dtype(), out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const Shape& data = n.input(0)->shape();
  const int64_t axis = *normAxis(n, n.attrs().getInt("axis", 0), int64_t(data.size()));
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= data[d];
  for (size_t d = axis + 1; d < data.size(); ++d) inner *= data[d];
  if (n.output(0)->type().elements() == 0) return Lowered{};
  KernelCall k("ta_gather", {ctype(n.input(0)), ctype(n.input(1))});
  k.in(n.input(0)).in(n.input(1)).out(n.output(0));
  k.i(outer).i(data[axis]).i(inner).i(n.input(1)->type().elements());
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Gather", .minOpset = 1, .infer = infer, .lower = lower, .movesCodes = true, .dtypes = "all",
                      .notes = "int32/int64 indices; negative indices count from the end; out-of-range run-time "
                               "indices are clamped (constant ones are a compile-time error)"}));

}  // namespace tinyaot
