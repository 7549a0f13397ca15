// Split along one axis: sizes from the `split` attribute (opset < 13) or
// constant input (13+), the `num_outputs` attribute (18+), or equal parts.
#include "ops/elementwise.h"
#include "ops/op_util.h"
#include "ops/strided_copy.h"

namespace tinyaot {
namespace {

// Opset < 13: `split` is an attribute; make it a constant input.
Status canonicalize(Node& n, Graph& g) {
  if (n.opset() >= 13 || !n.attrs().has("split")) return Status::ok();
  auto v = n.attrs().getInts("split");
  n.attrs().erase("split");
  g.setInputs(&n, {n.input(0), g.addConstantOf<int64_t>(n.name() + "_split", DType::I64, {int64_t(v.size())}, v)});
  return Status::ok();
}

// The size of every output along the axis.
Expected<std::vector<int64_t>> sizes(const Node& n, int64_t dim) {
  const int64_t outs = int64_t(n.outputs().size());
  std::vector<int64_t> s;
  if (n.input(1)) {
    if (n.attrs().has("num_outputs")) return nodeErrorf(n, "has both a 'split' input and 'num_outputs'");
    TA_TRY(expectDType(n, 1, {DType::I64}));
    TA_TRY(expectConstant(n, 1, "split"));
    s = n.input(1)->intData();
    if (int64_t(s.size()) != outs) return nodeErrorf(n, "split has {} entries for {} outputs", s.size(), outs);
    int64_t sum = 0;
    for (int64_t x : s) {
      if (x < 0) return nodeErrorf(n, "split has a negative size {}", x);
      sum += x;
    }
    if (sum != dim) return nodeErrorf(n, "split sizes add up to {}, but the axis has size {}", sum, dim);
    return s;
  }
  if (n.attrs().has("num_outputs")) {
    const int64_t k = n.attrs().getInt("num_outputs", 0);
    if (k != outs) return nodeErrorf(n, "num_outputs is {} but the node has {} outputs", k, outs);
    const int64_t chunk = (dim + k - 1) / k;  // the last chunk may be smaller
    if (chunk * (k - 1) > dim) return nodeErrorf(n, "cannot split an axis of size {} into {} parts", dim, k);
    s.assign(size_t(k - 1), chunk);
    s.push_back(dim - chunk * (k - 1));
    return s;
  }
  if (dim % outs) return nodeErrorf(n, "cannot split an axis of size {} into {} equal parts", dim, outs);
  s.assign(size_t(outs), dim / outs);
  return s;
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 2));
  TA_TRY(expectAttrsIn(n, {"axis", "num_outputs"}));
  TA_TRY(expectDType(n, 0, allDTypes()));
  if (n.outputs().empty()) return nodeErrorf(n, "has no outputs");
  const Shape& in = n.input(0)->shape();
  auto axis = normAxis(n, n.attrs().getInt("axis", 0), int64_t(in.size()));
  if (!axis) return axis.status();
  auto s = sizes(n, in[*axis]);
  if (!s) return s.status();
  for (size_t i = 0; i < s->size(); ++i) {
    Shape out = in;
    out[*axis] = (*s)[i];
    setOutput(n, i, n.input(0)->dtype(), out);
  }
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const Shape& in = n.input(0)->shape();
  const int64_t axis = *normAxis(n, n.attrs().getInt("axis", 0), int64_t(in.size()));
  auto s = sizes(n, in[axis]);
  if (!s) return s.status();
  const auto cs = contiguousStrides(in);
  Lowered calls;
  int64_t start = 0;
  for (size_t i = 0; i < n.outputs().size(); ++i) {
    Value* y = n.output(i);
    const int64_t size = (*s)[i];
    if (y) {
      auto k = lowerStridedCopy(n, n.input(0), y, y->shape(), cs, start * cs[axis]);
      if (!k) return k.status();
      calls.insert(calls.end(), k->begin(), k->end());
    }
    start += size;
  }
  return calls;
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Split", .minOpset = 2, .canonicalize = canonicalize, .infer = infer, .lower = lower, .movesCodes = true,
                      .dtypes = "all", .notes = "split sizes must be compile-time constants; num_outputs (opset 18)"}));

}  // namespace tinyaot
