// ConvInteger: int32 = conv(x - x_zero_point, w - w_zero_point), no
// requantization. Lowered by the int8 convolution with an int32 output.
#include "quant/lower_q8.h"

namespace tinyaot {
namespace {

// Inputs: x, w, x_zero_point, w_zero_point.
Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 4));
  TA_TRY(expectAttrsIn(n, {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"}));
  TA_TRY(expectDType(n, 0, {DType::I8, DType::U8}));
  TA_TRY(expectDType(n, 1, {DType::I8, DType::U8}));
  TA_TRY(expectRank(n, 0, 3, 4));
  TA_TRY(expectConstant(n, 1, "the weights"));
  for (size_t i : {size_t(2), size_t(3)})
    if (const Value* z = n.input(i)) {
      TA_TRY(expectConstant(n, i, "the zero point"));
      if (z->dtype() != n.input(i - 2)->dtype()) return nodeErrorf(n, "zero point {} has another dtype than its tensor", i);
    }
  if (n.input(2) && n.input(2)->type().elements() != 1) return nodeErrorf(n, "x_zero_point must be a scalar");
  const int64_t m = n.input(1)->shape()[0];
  if (n.input(3) && n.input(3)->type().elements() != 1 && n.input(3)->type().elements() != m)
    return nodeErrorf(n, "w_zero_point must be a scalar or have {} entries", m);
  if (n.input(1)->shape().size() != n.input(0)->shape().size()) return nodeErrorf(n, "weight rank differs from input rank");
  auto g = convGeometry(n);
  if (!g) return g.status();
  setOutput(n, 0, DType::I32, n.input(0)->shape().size() == 3 ? Shape{g->n, g->m, g->ow} : Shape{g->n, g->m, g->oh, g->ow});
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext& ctx) {
  auto g = convGeometry(n);
  if (!g) return g.status();
  QConvSpec s;
  s.x = n.input(0);
  s.w = n.input(1);
  s.y = n.output(0);
  s.xZp = n.input(2) ? int32_t(n.input(2)->intData()[0]) : 0;
  if (n.input(3))
    for (int64_t z : n.input(3)->intData()) s.wZp.push_back(int32_t(z));
  else
    s.wZp = {0};
  s.clamp = dtypeRange(DType::I32);
  return lowerConvSpec(n, *g, s, ctx);
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "ConvInteger", .minOpset = 10, .infer = infer, .lower = lower, .dtypes = "int8, uint8 -> int32",
                      .notes = "constant weights and zero points; 1-D and 2-D"}));

}  // namespace tinyaot
