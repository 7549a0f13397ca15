// Gemm: Y = alpha * op(A) * op(B) + beta * C, float32; a fused Relu/Clip
// arrives as ta.act_min/max.
#include "ops/op_util.h"
#include "quant/lower_q8.h"

namespace tinyaot {
namespace {

struct GemmDims { int64_t m, n, k; };

GemmDims dims(const Node& n) {
  const Shape& a = n.input(0)->shape();
  const Shape& b = n.input(1)->shape();
  const bool ta = n.attrs().getInt("transA", 0), tb = n.attrs().getInt("transB", 0);
  return {ta ? a[1] : a[0], tb ? b[0] : b[1], ta ? a[0] : a[1]};
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 3));
  TA_TRY(expectAttrsIn(n, {"alpha", "beta", "transA", "transB"}));
  if (isQuantized(n)) return inferGemmQ8(n);
  for (size_t i = 0; i < 2; ++i) {
    TA_TRY(expectDType(n, i, {DType::F32}));
    TA_TRY(expectRank(n, i, 2, 2));
  }
  const bool tb = n.attrs().getInt("transB", 0);
  GemmDims d = dims(n);
  const int64_t kb = tb ? n.input(1)->shape()[1] : n.input(1)->shape()[0];
  if (kb != d.k) return nodeErrorf(n, "inner dimensions differ: A gives K={}, B gives K={}", d.k, kb);
  if (Value* c = n.input(2)) {
    TA_TRY(expectDType(n, 2, {DType::F32}));
    auto bc = broadcastShapes(c->shape(), {d.m, d.n});
    if (c->shape().size() > 2 || !bc || *bc != Shape{d.m, d.n})
      return nodeErrorf(n, "C of shape {} does not broadcast to [{},{}]", shapeStr(c->shape()), d.m, d.n);
  }
  setOutput(n, 0, DType::F32, {d.m, d.n});
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext& ctx) {
  if (isQuantized(n)) return lowerGemmQ8(n, ctx);
  GemmDims d = dims(n);
  int64_t crs = 0, ccs = 0;
  if (Value* c = n.input(2)) {
    auto st = broadcastStrides(c->shape(), {d.m, d.n});
    crs = st[0];
    ccs = st[1];
  }
  ActRange act = actRange(n);
  KernelCall k("ta_gemm_f32");
  k.in(n.input(0)).in(n.input(1)).inOpt(n.input(2), DType::F32).out(n.output(0));
  k.i(d.m).i(d.n).i(d.k).i(n.attrs().getInt("transA", 0)).i(n.attrs().getInt("transB", 0));
  k.f(n.attrs().getFloat("alpha", 1.0f)).f(n.attrs().getFloat("beta", 1.0f)).i(crs).i(ccs).f(act.lo).f(act.hi);
  return Lowered{k};
}

int64_t macs(const Node& n) {
  GemmDims d = dims(n);
  return d.m * d.n * d.k;
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Gemm", .minOpset = 7, .infer = infer, .lower = lower, .macs = macs, .dtypes = "float32; int8, uint8 (quantized)",
                      .notes = "transA, transB, alpha, beta; C broadcast"}));

}  // namespace tinyaot
