// DynamicQuantizeLinear (opset 11): float32 -> uint8 with parameters
// computed at run time from the input's range; ONNX Runtime's
// quantize_dynamic puts one before every MatMulInteger. Outputs: the codes,
// the scale (a float scalar) and the zero point (a uint8 scalar), which the
// MatMulInteger and the Mul that rescales its result read at run time.
#include "ops/op_util.h"

namespace tinyaot {
namespace {

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {}));
  TA_TRY(expectDType(n, 0, {DType::F32}));
  for (size_t i = 0; i < 3; ++i)
    if (!n.output(i)) return nodeErrorf(n, "output {} is missing (all three outputs are required)", i);
  // Plain uint8 tensors: their parameters are known at run time only.
  n.output(0)->setType(TensorType{DType::U8, n.input(0)->shape(), std::nullopt});
  n.output(1)->setType(TensorType{DType::F32, {}, std::nullopt});
  n.output(2)->setType(TensorType{DType::U8, {}, std::nullopt});
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  KernelCall k("ta_dynamic_quantize_u8");
  k.in(n.input(0)).out(n.output(0)).out(n.output(1)).out(n.output(2)).i(n.input(0)->type().elements());
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "DynamicQuantizeLinear", .minOpset = 11, .infer = infer, .lower = lower,
                      .dtypes = "float32 -> uint8",
                      .notes = "scale and zero point computed at run time from min/max (ONNX Runtime's quantize_dynamic)"}));

}  // namespace tinyaot
