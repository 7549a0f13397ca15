// GatherElements: out[c] = data[c with c[axis] replaced by indices[c]];
// out has the indices' shape. Indices may be run-time data or constants;
// constant indices are range-checked at compile time.
#include "ops/elementwise.h"
#include "ops/op_util.h"

namespace tinyaot {
namespace {

constexpr size_t kMaxRank = 8;  // the kernel's counter array

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 2));
  TA_TRY(expectAttrsIn(n, {"axis"}));
  TA_TRY(expectDType(n, 0, allDTypes()));
  TA_TRY(expectDType(n, 1, {DType::I32, DType::I64}));
  TA_TRY(expectRank(n, 0, 1, kMaxRank));
  const Shape& data = n.input(0)->shape();
  const Shape& idx = n.input(1)->shape();
  if (idx.size() != data.size())
    return nodeErrorf(n, "indices must have the rank of data ({}), got rank {}", data.size(), idx.size());
  auto axis = normAxis(n, n.attrs().getInt("axis", 0), int64_t(data.size()));
  if (!axis) return axis.status();
  for (size_t d = 0; d < data.size(); ++d)
    if (int64_t(d) != *axis && idx[d] > data[d])
      return nodeErrorf(n, "indices dimension {} ({}) is larger than data's ({})", d, idx[d], data[d]);
  const int64_t dim = data[size_t(*axis)];
  if (dim == 0 && n.input(1)->type().elements() > 0)
    return nodeErrorf(n, "cannot gather from the empty axis {}", *axis);
  if (n.input(1)->isConstant())
    for (int64_t k : n.input(1)->intData())
      if (k < -dim || k >= dim) return nodeErrorf(n, "index {} is out of range for axis {} of size {}", k, *axis, dim);
  setOutput(n, 0, n.input(0)->dtype(), idx);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const Shape& data = n.input(0)->shape();
  const int64_t axis = *normAxis(n, n.attrs().getInt("axis", 0), int64_t(data.size()));
  const int64_t count = n.output(0)->type().elements();
  if (count == 0) return Lowered{};
  KernelCall k("ta_gather_elements", {ctype(n.input(0)), ctype(n.input(1))});
  k.in(n.input(0)).in(n.input(1)).out(n.output(0));
  k.i(int64_t(data.size())).ints(n.input(1)->shape()).ints(contiguousStrides(data));
  k.i(axis).i(data[size_t(axis)]).i(count);
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "GatherElements", .minOpset = 11, .infer = infer, .lower = lower, .dtypes = "all",
                      .notes = "rank <= 8; int32/int64 indices; negative indices count from the end; out-of-range "
                               "run-time indices are clamped (constant ones are a compile-time error)"}));

}  // namespace tinyaot
