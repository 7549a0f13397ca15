// QuantizeLinear (float32 -> int8/uint8): y = saturate(round_half_even(x / scale) + zero_point),
// per tensor or per axis (opset 13+). Scale and zero point must be constants;
// the output carries them as its quantization parameters.
#include "quant/quant_util.h"

namespace tinyaot {
namespace {

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 3));
  TA_TRY(expectAttrsIn(n, {"axis", "saturate", "block_size", "output_dtype"}));
  TA_TRY(expectDType(n, 0, {DType::F32}));
  if (n.attrs().getInt("block_size", 0) != 0) return nodeErrorf(n, "blocked quantization (block_size) is not supported");
  DType out = DType::U8;
  const int64_t od = n.attrs().getInt("output_dtype", 0);
  if (od != 0 && od != int64_t(DType::U8) && od != int64_t(DType::I8))
    return nodeErrorf(n, "output_dtype {} is not supported (int8 and uint8 are)", od);
  if (od != 0) out = DType(od);
  if (n.input(2)) {
    TA_TRY(expectDType(n, 2, {DType::U8, DType::I8}));
    if (od != 0 && n.input(2)->dtype() != out) return nodeErrorf(n, "output_dtype disagrees with the zero point's dtype");
    out = n.input(2)->dtype();
  }
  const Shape& x = n.input(0)->shape();
  auto q = constQuantParams(n, 1, 2, x, n.attrs().getInt("axis", 1), n.opset() >= 13);
  if (!q) return q.status();
  const QRange r = dtypeRange(out);
  for (int32_t z : q->zeroPoint)
    if (z < r.lo || z > r.hi) return nodeErrorf(n, "zero point {} is outside the {} range", z, dtypeName(out));
  n.output(0)->setType(TensorType{out, x, *q});
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const Value* y = n.output(0);
  const QuantParams& q = *y->type().quant;
  const AxisSplit s = splitAtAxis(y->shape(), q);
  const QRange r = dtypeRange(y->dtype());
  KernelCall k("ta_quantize_f32", {ctype(y)});
  k.in(n.input(0)).out(n.output(0)).i(s.outer).i(s.axisN).i(s.inner).floats(q.scale);
  k.ints(std::vector<int64_t>(q.zeroPoint.begin(), q.zeroPoint.end())).i(r.lo).i(r.hi);
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "QuantizeLinear", .minOpset = 10, .infer = infer, .lower = lower,
                      .dtypes = "float32 -> int8, uint8",
                      .notes = "per tensor or per axis; scale and zero point must be constants; round half to even"}));

}  // namespace tinyaot
