// QLinearConv: a convolution of quantized tensors with explicit scales and
// zero points as (constant) inputs. Lowered by the same int8 convolution as a
// quantized Conv (compiler/quant/lower_conv_q8.cpp).
#include "quant/lower_q8.h"

namespace tinyaot {
namespace {

// Inputs: x, x_scale, x_zero_point, w, w_scale, w_zero_point, y_scale, y_zero_point, B.
Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 8, 9));
  TA_TRY(expectAttrsIn(n, {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"}));
  TA_TRY(expectDType(n, 0, {DType::I8, DType::U8}));
  TA_TRY(expectDType(n, 3, {DType::I8, DType::U8}));
  TA_TRY(expectRank(n, 0, 3, 4));
  TA_TRY(expectConstant(n, 3, "the weights"));
  const Value *x = n.input(0), *w = n.input(3);
  if (w->shape().size() != x->shape().size()) return nodeErrorf(n, "weight rank differs from input rank");
  auto xq = constQuantParams(n, 1, 2, x->shape(), 1, false);
  if (!xq) return xq.status();
  auto wq = constQuantParams(n, 4, 5, w->shape(), 0, true);
  if (!wq) return wq.status();
  auto yq = constQuantParams(n, 6, 7, {}, 0, false);
  if (!yq) return yq.status();
  if (n.input(2) && n.input(2)->dtype() != x->dtype()) return nodeErrorf(n, "x_zero_point's dtype differs from x's");
  if (n.input(5) && n.input(5)->dtype() != w->dtype()) return nodeErrorf(n, "w_zero_point's dtype differs from w's");
  const DType yt = n.input(7) ? n.input(7)->dtype() : x->dtype();
  if (!isQ8(yt)) return nodeErrorf(n, "y_zero_point must be int8 or uint8");
  if (Value* b = n.input(8)) {
    TA_TRY(expectDType(n, 8, {DType::I32}));
    TA_TRY(expectConstant(n, 8, "the bias"));
    if (b->shape() != Shape{w->shape()[0]}) return nodeErrorf(n, "bias shape {} must be [{}]", shapeStr(b->shape()), w->shape()[0]);
  }
  auto g = convGeometry(n, 3);
  if (!g) return g.status();
  Shape out = x->shape().size() == 3 ? Shape{g->n, g->m, g->ow} : Shape{g->n, g->m, g->oh, g->ow};
  n.output(0)->setType(TensorType{yt, out, *yq});
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext& ctx) {
  auto g = convGeometry(n, 3);
  if (!g) return g.status();
  auto xq = constQuantParams(n, 1, 2, n.input(0)->shape(), 1, false);
  auto wq = constQuantParams(n, 4, 5, n.input(3)->shape(), 0, true);
  if (!xq) return xq.status();
  if (!wq) return wq.status();
  QConvSpec s;
  s.x = n.input(0);
  s.w = n.input(3);
  s.bias = n.input(8);
  s.y = n.output(0);
  s.xZp = xq->zeroPoint[0];
  s.wZp = wq->zeroPoint;
  for (float ws : wq->scale) s.realMult.push_back(double(xq->scale[0]) * ws / scaleOf(s.y));
  s.yZp = zeroPointOf(s.y);
  s.clamp = dtypeRange(s.y->dtype());
  return lowerConvSpec(n, *g, s, ctx);
}

int64_t macs(const Node& n) {
  const Shape& w = n.input(3)->shape();
  return n.output(0)->type().elements() * numElements(Shape(w.begin() + 1, w.end()));
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "QLinearConv", .minOpset = 10, .infer = infer, .lower = lower, .macs = macs,
                      .dtypes = "int8, uint8",
                      .notes = "constant weights, scales and zero points; per-channel weight scales; 1-D and 2-D"}));

}  // namespace tinyaot
