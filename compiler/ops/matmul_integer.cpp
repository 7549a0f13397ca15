// MatMulInteger: int32 = (A - a_zero_point) x (B - b_zero_point), no
// requantization. Lowered by the int8 matrix product with an int32 output.
#include "quant/lower_q8.h"

namespace tinyaot {
namespace {

// Inputs: A, B, a_zero_point, b_zero_point.
Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 4));
  TA_TRY(expectAttrsIn(n, {}));
  TA_TRY(expectDType(n, 0, {DType::I8, DType::U8}));
  TA_TRY(expectDType(n, 1, {DType::I8, DType::U8}));
  const Value *a = n.input(0), *b = n.input(1);
  if (const Value* z = n.input(2)) {
    if (z->type().elements() != 1) return nodeErrorf(n, "per-row a_zero_point is not supported (a scalar is)");
    if (z->dtype() != a->dtype()) return nodeErrorf(n, "a_zero_point's dtype differs from A's");
    // A zero point computed at run time (DynamicQuantizeLinear): its share
    // zp * column sums of B is subtracted after the product, so B must be known.
    if (!z->isConstant() && !(b->isConstant() && b->shape().size() == 2))
      return nodeErrorf(n, "a run-time a_zero_point needs B to be a constant 2-D matrix (the weights)");
  }
  if (const Value* z = n.input(3)) {
    TA_TRY(expectConstant(n, 3, "b_zero_point"));
    if (z->dtype() != b->dtype()) return nodeErrorf(n, "b_zero_point's dtype differs from B's");
    const int64_t cols = b->shape().empty() ? 1 : b->shape().back();
    if (z->type().elements() != 1 && (z->type().elements() != cols || b->shape().size() < 2))
      return nodeErrorf(n, "b_zero_point must be a scalar or have one entry per column of B");
  }
  auto out = matmulShape(n, a->shape(), b->shape());
  if (!out) return out.status();
  setOutput(n, 0, DType::I32, *out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext& ctx) {
  QMatMulSpec s;
  s.a = n.input(0);
  s.b = n.input(1);
  s.y = n.output(0);
  Value* zp = n.input(2);
  const bool runTimeZp = zp && !zp->isConstant();
  s.aZp = zp && !runTimeZp ? int32_t(zp->intData()[0]) : 0;
  if (n.input(3))
    for (int64_t z : n.input(3)->intData()) s.bZp.push_back(int32_t(z));
  else
    s.bZp = {0};
  s.clamp = dtypeRange(DType::I32);
  auto calls = lowerMatMulSpec(n, s, ctx);
  if (!calls || !runTimeZp) return calls;
  // (A - zp) x (B - b_zp) = A x (B - b_zp) - zp * colsum(B - b_zp).
  const Shape& bs = s.b->shape();
  const int64_t k = bs[0], cols = bs[1];
  const std::vector<int64_t> b = s.b->intData();
  std::vector<int64_t> colsum(static_cast<size_t>(cols), 0);
  for (int64_t p = 0; p < k; ++p)
    for (int64_t c = 0; c < cols; ++c)
      colsum[size_t(c)] += b[size_t(p * cols + c)] - s.bZp[s.bZp.size() == 1 ? 0 : size_t(c)];
  KernelCall sub("ta_sub_zp_colsum", {ctype(zp)});
  sub.out(s.y).i(s.y->type().elements() / cols).i(cols).in(zp).ints(colsum);
  calls->push_back(sub);
  return calls;
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "MatMulInteger", .minOpset = 10, .infer = infer, .lower = lower,
                      .dtypes = "int8, uint8 -> int32",
                      .notes = "scalar a_zero_point (constant, or computed at run time with constant 2-D B); scalar or "
                               "per-column b_zero_point"}));

}  // namespace tinyaot
