// GatherND (opset 11; batch_dims from 12): indices [..., k] address slices of
// data after the first batch_dims dims (shared by data and indices):
// out[b, i, :] = data[b, indices[b, i, 0..k-1], :]. Indices may be run-time
// data or constants; constant indices are range-checked at compile time.
#include <algorithm>
#include <limits>

#include "ops/elementwise.h"
#include "ops/op_util.h"

namespace tinyaot {
namespace {

int64_t prod(const Shape& s, size_t from, size_t to) {
  int64_t p = 1;
  for (size_t d = from; d < to; ++d) p *= s[d];
  return p;
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 2));
  TA_TRY(expectAttrsIn(n, {"batch_dims"}));
  TA_TRY(expectDType(n, 0, allDTypes()));
  TA_TRY(expectDType(n, 1, {DType::I64}));  // the spec allows int64 only
  TA_TRY(expectRank(n, 0, 1, 16));
  TA_TRY(expectRank(n, 1, 1, 16));
  if (n.opset() < 12 && n.attrs().has("batch_dims"))
    return nodeErrorf(n, "batch_dims needs opset 12 or newer (model opset {})", n.opset());
  const Shape& data = n.input(0)->shape();
  const Shape& idx = n.input(1)->shape();
  const int64_t b = n.attrs().getInt("batch_dims", 0);
  if (b < 0 || size_t(b) >= data.size() || size_t(b) >= idx.size())
    return nodeErrorf(n, "batch_dims {} must be in [0, min(rank(data), rank(indices))) = [0, {})", b,
                      std::min(data.size(), idx.size()));
  for (size_t d = 0; d < size_t(b); ++d)
    if (data[d] != idx[d])
      return nodeErrorf(n, "batch dimension {} differs between data ({}) and indices ({})", d, data[d], idx[d]);
  const int64_t k = idx.back();
  if (k < 1 || k > int64_t(data.size()) - b)
    return nodeErrorf(n, "the last indices dimension ({}) must be in [1, rank(data) - batch_dims] = [1, {}]", k,
                      int64_t(data.size()) - b);
  if (n.input(0)->type().elements() > std::numeric_limits<int32_t>::max())
    return nodeErrorf(n, "data has more than 2^31-1 elements");
  const int64_t tuples = prod(idx, size_t(b), idx.size() - 1) * prod(idx, 0, size_t(b));
  for (int64_t j = 0; j < k; ++j)
    if (data[size_t(b + j)] == 0 && tuples > 0)
      return nodeErrorf(n, "cannot gather from the empty data dimension {}", b + j);
  if (n.input(1)->isConstant()) {
    const auto v = n.input(1)->intData();
    for (size_t e = 0; e < v.size(); ++e) {
      const int64_t dim = data[size_t(b) + e % size_t(k)];
      if (v[e] < -dim || v[e] >= dim)
        return nodeErrorf(n, "index {} is out of range for data dimension {} of size {}", v[e],
                          b + int64_t(e % size_t(k)), dim);
    }
  }
  Shape out(idx.begin(), idx.end() - 1);
  out.insert(out.end(), data.begin() + b + k, data.end());
  setOutput(n, 0, n.input(0)->dtype(), out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const Shape& data = n.input(0)->shape();
  const Shape& idx = n.input(1)->shape();
  const size_t b = size_t(n.attrs().getInt("batch_dims", 0));
  const size_t k = size_t(idx.back());
  if (n.output(0)->type().elements() == 0) return Lowered{};
  const std::vector<int64_t> strides = contiguousStrides(data);
  KernelCall c("ta_gather_nd", {ctype(n.input(0)), ctype(n.input(1))});
  c.in(n.input(0)).in(n.input(1)).out(n.output(0));
  c.i(prod(data, 0, b)).i(prod(data, b, data.size())).i(prod(idx, b, idx.size() - 1)).i(int64_t(k));
  c.ints(Shape(data.begin() + b, data.begin() + b + k));
  c.ints(std::vector<int64_t>(strides.begin() + b, strides.begin() + b + k));
  c.i(prod(data, b + k, data.size()));
  return Lowered{c};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "GatherND", .minOpset = 11, .infer = infer, .lower = lower, .dtypes = "all",
                      .notes = "batch_dims (opset 12+); int64 indices; negative indices count from the end; "
                               "out-of-range run-time indices are clamped (constant ones are a compile-time error)"}));

}  // namespace tinyaot
