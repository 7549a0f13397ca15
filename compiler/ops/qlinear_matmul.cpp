// QLinearMatMul: a matrix product of quantized tensors with explicit scales
// and zero points as (constant) inputs. Lowered by the same int8 matrix
// product as a quantized MatMul (compiler/quant/lower_fc_q8.cpp).
#include "quant/lower_q8.h"

namespace tinyaot {
namespace {

// Inputs: a, a_scale, a_zero_point, b, b_scale, b_zero_point, y_scale, y_zero_point.
Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 8, 8));
  TA_TRY(expectAttrsIn(n, {}));
  TA_TRY(expectDType(n, 0, {DType::I8, DType::U8}));
  TA_TRY(expectDType(n, 3, {DType::I8, DType::U8}));
  const Value *a = n.input(0), *b = n.input(3);
  auto aq = constQuantParams(n, 1, 2, a->shape(), 0, false);
  if (!aq) return aq.status();
  auto bq = constQuantParams(n, 4, 5, b->shape(), -1, true);
  if (!bq) return bq.status();
  auto yq = constQuantParams(n, 6, 7, {}, 0, false);
  if (!yq) return yq.status();
  if (bq->perChannel() && b->shape().size() < 2) return nodeErrorf(n, "per-column b_scale needs a 2-D b");
  const DType yt = n.input(7)->dtype();
  if (!isQ8(yt)) return nodeErrorf(n, "y_zero_point must be int8 or uint8");
  auto out = matmulShape(n, a->shape(), b->shape());
  if (!out) return out.status();
  n.output(0)->setType(TensorType{yt, *out, *yq});
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext& ctx) {
  auto aq = constQuantParams(n, 1, 2, n.input(0)->shape(), 0, false);
  auto bq = constQuantParams(n, 4, 5, n.input(3)->shape(), -1, true);
  if (!aq) return aq.status();
  if (!bq) return bq.status();
  QMatMulSpec s;
  s.a = n.input(0);
  s.b = n.input(3);
  s.y = n.output(0);
  s.aZp = aq->zeroPoint[0];
  s.bZp = bq->zeroPoint;
  for (float bs : bq->scale) s.realMult.push_back(double(aq->scale[0]) * bs / scaleOf(s.y));
  s.yZp = zeroPointOf(s.y);
  s.clamp = dtypeRange(s.y->dtype());
  return lowerMatMulSpec(n, s, ctx);
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "QLinearMatMul", .minOpset = 10, .infer = infer, .lower = lower, .dtypes = "int8, uint8",
                      .notes = "constant scales and zero points; per-column b scales; batch broadcasting of a single matrix"}));

}  // namespace tinyaot
