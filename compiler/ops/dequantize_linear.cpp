// DequantizeLinear (int8/uint8/int32 -> float32): y = (x - zero_point) * scale,
// per tensor or per axis (opset 13+). Scale and zero point must be constants.
// Not constant-folded: a DequantizeLinear of int8 weights is absorbed by the
// import-qdq pass into the int8 op that uses it (it folds the rest).
#include "quant/quant_util.h"

namespace tinyaot {
namespace {

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 3));
  TA_TRY(expectAttrsIn(n, {"axis", "block_size"}));
  TA_TRY(expectDType(n, 0, {DType::I8, DType::U8, DType::I32}));
  if (n.attrs().getInt("block_size", 0) != 0) return nodeErrorf(n, "blocked quantization (block_size) is not supported");
  const Value* x = n.input(0);
  if (n.input(2) && n.input(2)->dtype() != x->dtype())
    return nodeErrorf(n, "the zero point has dtype {}, the input {}", dtypeName(n.input(2)->dtype()), dtypeName(x->dtype()));
  auto q = constQuantParams(n, 1, 2, x->shape(), n.attrs().getInt("axis", 1), n.opset() >= 13);
  if (!q) return q.status();
  if (x->dtype() == DType::I32)
    for (int32_t z : q->zeroPoint)
      if (z != 0) return nodeErrorf(n, "an int32 input needs zero point 0, got {}", z);
  setOutput(n, 0, DType::F32, x->shape());
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const Value* x = n.input(0);
  auto q = constQuantParams(n, 1, 2, x->shape(), n.attrs().getInt("axis", 1), n.opset() >= 13);
  if (!q) return q.status();
  const AxisSplit s = splitAtAxis(x->shape(), *q);
  KernelCall k("ta_dequantize_f32", {ctype(x)});
  k.in(n.input(0)).out(n.output(0)).i(s.outer).i(s.axisN).i(s.inner).floats(q->scale);
  k.ints(std::vector<int64_t>(q->zeroPoint.begin(), q->zeroPoint.end()));
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "DequantizeLinear", .minOpset = 10, .infer = infer, .lower = lower, .noFold = true,
                      .dtypes = "int8, uint8, int32 -> float32",
                      .notes = "per tensor or per axis; scale and zero point must be constants"}));

}  // namespace tinyaot
