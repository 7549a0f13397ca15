// LRN: local response normalization across the channels of an N x C x D1...
// tensor: y = x / (bias + alpha / size * sum of x^2 over the window) ^ beta,
// the window spanning channels [c - floor((size-1)/2), c + ceil((size-1)/2)].
#include "ops/op_util.h"

namespace tinyaot {
namespace {

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {"size", "alpha", "beta", "bias"}));
  TA_TRY(expectDType(n, 0, {DType::F32}));
  TA_TRY(expectRank(n, 0, 3, 16));
  if (!n.attrs().has("size")) return nodeErrorf(n, "the required attribute 'size' is missing");
  if (n.attrs().getInt("size", 0) < 1) return nodeErrorf(n, "size must be >= 1, got {}", n.attrs().getInt("size", 0));
  setOutput(n, 0, n.input(0)->dtype(), n.input(0)->shape());
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const Shape& s = n.input(0)->shape();
  int64_t inner = 1;
  for (size_t d = 2; d < s.size(); ++d) inner *= s[d];
  const int64_t size = n.attrs().getInt("size", 1);
  KernelCall k("ta_lrn_f32");
  k.in(n.input(0)).out(n.output(0)).i(s[0]).i(s[1]).i(inner).i((size - 1) / 2).i(size / 2);
  k.f(n.attrs().getFloat("alpha", 1e-4f) / float(size));
  k.f(n.attrs().getFloat("beta", 0.75f)).f(n.attrs().getFloat("bias", 1.0f));
  return Lowered{k};
}

int64_t macs(const Node& n) { return n.input(0)->type().elements() * n.attrs().getInt("size", 1); }

}  // namespace

TA_REGISTER_OP((OpDef{.name = "LRN", .minOpset = 1, .infer = infer, .lower = lower, .macs = macs,
                      .dtypes = "float32", .notes = "size, alpha, beta, bias; across channels of N x C x D1..."}));

}  // namespace tinyaot
