// TopK: the k largest (or smallest) elements along an axis and their int64
// indices, sorted, ties broken by the lower index. k is the `k` attribute
// (opset 1-9) or a compile-time constant input (opset 10+).
#include "ops/axis_split.h"
#include "ops/elementwise.h"

namespace tinyaot {
namespace {

Expected<int64_t> kValue(const Node& n) {
  if (n.opset() < 10) {
    if (!n.attrs().has("k")) return nodeErrorf(n, "the required attribute 'k' is missing");
    return n.attrs().getInt("k", 0);
  }
  TA_TRY(expectConstant(n, 1, "K"));
  TA_TRY(expectDType(n, 1, {DType::I64}));
  const auto k = n.input(1)->intData();
  if (k.size() != 1) return nodeErrorf(n, "K must hold one value, got shape {}", shapeStr(n.input(1)->shape()));
  return k[0];
}

Expected<AxisSplit> geometry(const Node& n) {
  const Shape& x = n.input(0)->shape();
  auto ax = normAxis(n, n.attrs().getInt("axis", -1), int64_t(x.size()));
  if (!ax) return ax.status();
  return splitAtAxis(x, *ax);
}

Status infer(Node& n, Graph&) {
  const bool legacy = n.opset() < 10;
  TA_TRY(expectInputs(n, legacy ? 1 : 2, legacy ? 1 : 2));
  if (legacy) TA_TRY(expectAttrsIn(n, {"axis", "k"}));
  else if (n.opset() < 11) TA_TRY(expectAttrsIn(n, {"axis"}));
  else TA_TRY(expectAttrsIn(n, {"axis", "largest", "sorted"}));
  TA_TRY(expectDType(n, 0, numericDTypes()));
  TA_TRY(expectRank(n, 0, 1, 16));
  auto k = kValue(n);
  if (!k) return k.status();
  auto g = geometry(n);
  if (!g) return g.status();
  if (*k < 0 || *k > g->n)
    return nodeErrorf(n, "k = {} is out of range for axis {} of length {}", *k, g->axis, g->n);
  Shape out = n.input(0)->shape();
  out[size_t(g->axis)] = *k;
  setOutput(n, 0, n.input(0)->dtype(), out);
  setOutput(n, 1, DType::I64, out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto k = kValue(n);
  if (!k) return k.status();
  auto g = geometry(n);
  if (!g) return g.status();
  const int64_t count = g->outer * *k * g->inner;
  KernelCall c("ta_topk", {ctype(n.input(0))});
  c.in(n.input(0));
  // An unused output still needs somewhere to go.
  if (n.output(0)) c.out(n.output(0));
  else c.scratch(count * int64_t(dtypeSize(n.input(0)->dtype())), n.input(0)->dtype());
  if (n.output(1)) c.out(n.output(1));
  else c.scratch(count * 8, DType::I64);
  c.i(*k == 0 ? 0 : g->outer).i(g->n).i(g->inner).i(*k).i(n.attrs().getInt("largest", 1) != 0);
  return Lowered{c};
}

}  // namespace

// sorted = 0 leaves the order unspecified; the sorted order is a valid answer.
TA_REGISTER_OP((OpDef{.name = "TopK", .minOpset = 1, .infer = infer, .lower = lower,
                      .dtypes = "float32, float64, int8-64, uint8-64 (indices int64)",
                      .notes = "largest, sorted; K a compile-time constant; ties pick the lower index"}));

}  // namespace tinyaot
