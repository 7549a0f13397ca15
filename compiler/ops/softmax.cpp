// Softmax and LogSoftmax: opset < 13 coerces the input to 2-D at `axis`
// (default 1); opset >= 13 normalizes along one axis (default -1).
#include "ops/op_util.h"
#include "quant/lower_q8.h"

namespace tinyaot {
namespace {

struct Split3 { int64_t outer, n, inner; };

Expected<Split3> split(const Node& n) {
  const Shape& x = n.input(0)->shape();
  const int64_t rank = int64_t(x.size());
  const bool legacy = n.opset() < 13;
  auto ax = normAxis(n, n.attrs().getInt("axis", legacy ? 1 : -1), rank);
  if (!ax) return ax.status();
  Split3 s{1, 1, 1};
  for (int64_t i = 0; i < rank; ++i) {
    if (i < *ax) s.outer *= x[i];
    else if (i == *ax || legacy) s.n *= x[i];
    else s.inner *= x[i];
  }
  return s;
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {"axis"}));
  if (!isQuantized(n)) TA_TRY(expectDType(n, 0, {DType::F32}));
  TA_TRY(expectRank(n, 0, 1, 8));
  auto s = split(n);
  if (!s) return s.status();
  setOutput(n, 0, n.input(0)->dtype(), n.input(0)->shape());
  if (isQuantized(n)) return inferSoftmaxQ8(n);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto s = split(n);
  if (!s) return s.status();
  if (isQuantized(n)) return lowerSoftmaxQ8(n, s->outer, s->n, s->inner);
  KernelCall k("ta_softmax_f32");
  k.in(n.input(0)).out(n.output(0)).i(s->outer).i(s->n).i(s->inner).i(n.op() == "LogSoftmax");
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Softmax", .minOpset = 1, .infer = infer, .lower = lower,
                      .dtypes = "float32; int8, uint8 (quantized)",
                      .notes = "opset 1-12 (2-D coercion) and 13+ (single axis) semantics"}));
TA_REGISTER_OP((OpDef{.name = "LogSoftmax", .minOpset = 1, .infer = infer, .lower = lower, .dtypes = "float32",
                      .notes = "opset 1-12 (2-D coercion) and 13+ (single axis) semantics"}));

}  // namespace tinyaot
