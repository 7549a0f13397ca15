// ScatterElements (opset 11; reduction from 16, max/min from 18), its
// deprecated predecessor Scatter (opset 9-10) and ScatterND (opset 11;
// reduction from 16, max/min from 18). The output is a copy of data with the
// updates written (or combined by the reduction) at the indexed positions.
// Indices may be run-time data or constants; constant indices are
// range-checked at compile time, run-time ones out of range are skipped.
#include <limits>

#include "ops/elementwise.h"
#include "ops/op_util.h"

namespace tinyaot {
namespace {

constexpr size_t kMaxRank = 8;  // ta_scatter_elements' counter array

// The reduction attribute as the kernel's code: 0 none, 1 add, 2 mul, 3 max, 4 min.
Expected<int64_t> reductionCode(const Node& n) {
  if (!n.attrs().has("reduction")) return int64_t(0);
  const std::string r = n.attrs().getString("reduction", "none");
  if (n.opset() < 16) return nodeErrorf(n, "the reduction attribute needs opset 16 or newer (model opset {})", n.opset());
  if (r == "none") return int64_t(0);
  if (r == "add") return int64_t(1);
  if (r == "mul") return int64_t(2);
  if (r == "max" || r == "min") {
    if (n.opset() < 18) return nodeErrorf(n, "reduction '{}' needs opset 18 or newer (model opset {})", r, n.opset());
    return int64_t(r == "max" ? 3 : 4);
  }
  return nodeErrorf(n, "unsupported reduction '{}' (none, add, mul, max, min are)", r);
}

// Checks shared by both ops: inputs, data/updates dtypes, reduction, data size.
Status commonChecks(Node& n) {
  TA_TRY(expectInputs(n, 3, 3));
  auto red = reductionCode(n);
  if (!red) return red.status();
  TA_TRY(expectDType(n, 0, *red == 0 ? allDTypes() : numericDTypes()));
  TA_TRY(expectDType(n, 2, {n.input(0)->dtype()}));
  if (n.input(0)->type().elements() > std::numeric_limits<int32_t>::max())
    return nodeErrorf(n, "data has more than 2^31-1 elements");
  return Status::ok();
}

Status inferElements(Node& n, Graph&) {
  TA_TRY(expectAttrsIn(n, {"axis", "reduction"}));
  TA_TRY(commonChecks(n));
  TA_TRY(expectDType(n, 1, {DType::I32, DType::I64}));
  TA_TRY(expectRank(n, 0, 1, kMaxRank));
  const Shape& data = n.input(0)->shape();
  const Shape& idx = n.input(1)->shape();
  if (idx.size() != data.size())
    return nodeErrorf(n, "indices must have the rank of data ({}), got rank {}", data.size(), idx.size());
  if (n.input(2)->shape() != idx)
    return nodeErrorf(n, "updates shape {} must equal the indices shape {}", shapeStr(n.input(2)->shape()),
                      shapeStr(idx));
  auto axis = normAxis(n, n.attrs().getInt("axis", 0), int64_t(data.size()));
  if (!axis) return axis.status();
  for (size_t d = 0; d < data.size(); ++d)
    if (int64_t(d) != *axis && idx[d] > data[d])
      return nodeErrorf(n, "indices dimension {} ({}) is larger than data's ({})", d, idx[d], data[d]);
  const int64_t dim = data[size_t(*axis)];
  if (n.input(1)->isConstant())
    for (int64_t k : n.input(1)->intData())
      if (k < -dim || k >= dim) return nodeErrorf(n, "index {} is out of range for axis {} of size {}", k, *axis, dim);
  setOutput(n, 0, n.input(0)->dtype(), data);
  return Status::ok();
}

Expected<Lowered> lowerElements(const Node& n, const LowerContext&) {
  const Shape& data = n.input(0)->shape();
  const int64_t axis = *normAxis(n, n.attrs().getInt("axis", 0), int64_t(data.size()));
  const int64_t total = n.output(0)->type().elements();
  if (total == 0) return Lowered{};
  KernelCall k("ta_scatter_elements", {ctype(n.input(0)), ctype(n.input(1))});
  k.in(n.input(0)).in(n.input(1)).in(n.input(2)).out(n.output(0)).i(total);
  k.i(int64_t(data.size())).ints(n.input(1)->shape()).ints(contiguousStrides(data));
  k.i(axis).i(data[size_t(axis)]).i(n.input(1)->type().elements()).i(*reductionCode(n));
  return Lowered{k};
}

Status inferND(Node& n, Graph&) {
  TA_TRY(expectAttrsIn(n, {"reduction"}));
  TA_TRY(commonChecks(n));
  TA_TRY(expectDType(n, 1, {DType::I64}));  // the spec allows int64 only
  TA_TRY(expectRank(n, 0, 1, 16));
  TA_TRY(expectRank(n, 1, 1, 16));
  const Shape& data = n.input(0)->shape();
  const Shape& idx = n.input(1)->shape();
  const int64_t k = idx.back();
  if (k < 1 || k > int64_t(data.size()))
    return nodeErrorf(n, "the last indices dimension ({}) must be in [1, rank(data)] = [1, {}]", k, data.size());
  Shape want(idx.begin(), idx.end() - 1);
  want.insert(want.end(), data.begin() + k, data.end());
  if (n.input(2)->shape() != want)
    return nodeErrorf(n, "updates shape {} must be indices.shape[:-1] + data.shape[{}:] = {}",
                      shapeStr(n.input(2)->shape()), k, shapeStr(want));
  if (n.input(1)->isConstant()) {
    const auto v = n.input(1)->intData();
    for (size_t e = 0; e < v.size(); ++e) {
      const int64_t dim = data[e % size_t(k)];
      if (v[e] < -dim || v[e] >= dim)
        return nodeErrorf(n, "index {} is out of range for data dimension {} of size {}", v[e], e % size_t(k), dim);
    }
  }
  setOutput(n, 0, n.input(0)->dtype(), data);
  return Status::ok();
}

Expected<Lowered> lowerND(const Node& n, const LowerContext&) {
  const Shape& data = n.input(0)->shape();
  const Shape& idx = n.input(1)->shape();
  const size_t k = size_t(idx.back());
  const int64_t total = n.output(0)->type().elements();
  if (total == 0) return Lowered{};
  const std::vector<int64_t> strides = contiguousStrides(data);
  int64_t slice = 1;
  for (size_t d = k; d < data.size(); ++d) slice *= data[d];
  KernelCall c("ta_scatter_nd", {ctype(n.input(0)), ctype(n.input(1))});
  c.in(n.input(0)).in(n.input(1)).in(n.input(2)).out(n.output(0)).i(total);
  c.i(n.input(1)->type().elements() / int64_t(k)).i(int64_t(k));
  c.ints(Shape(data.begin(), data.begin() + k)).ints(std::vector<int64_t>(strides.begin(), strides.begin() + k));
  c.i(slice).i(*reductionCode(n));
  return Lowered{c};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "ScatterElements", .minOpset = 11, .infer = inferElements, .lower = lowerElements,
                      .dtypes = "all (reductions: numeric)",
                      .notes = "rank <= 8; reduction none/add/mul (opset 16+), max/min (opset 18+); int32/int64 "
                               "indices; negative indices count from the end; out-of-range run-time indices are "
                               "skipped (constant ones are a compile-time error); duplicates apply in order"}));

TA_REGISTER_OP((OpDef{.name = "Scatter", .minOpset = 9, .maxOpset = 10, .infer = inferElements,
                      .lower = lowerElements, .dtypes = "all",
                      .notes = "deprecated (opset 9-10); as ScatterElements without reduction"}));

TA_REGISTER_OP((OpDef{.name = "ScatterND", .minOpset = 11, .infer = inferND, .lower = lowerND,
                      .dtypes = "all (reductions: numeric)",
                      .notes = "reduction none/add/mul (opset 16+), max/min (opset 18+); int64 indices; "
                               "negative indices count from the end; an index tuple out of range at run time is "
                               "skipped (constant ones are a compile-time error); duplicates apply in order"}));

}  // namespace tinyaot
