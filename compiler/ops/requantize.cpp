// TA_Requantize (internal): int8/uint8 -> int8/uint8 under new quantization
// parameters, out = clamp(zp_out + (x - zp_in) * s_in / s_out) in fixed point.
// Inserted by the quantizer and the QDQ importer (Concat inputs, uint8<->int8,
// data movement whose QuantizeLinear changes the parameters).
#include "quant/quant_util.h"

namespace tinyaot {
namespace {

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {}));
  TA_TRY(expectQuantActivation(n, n.input(0), "the input"));
  TA_TRY(expectQuantOutput(n, true));
  setOutput(n, 0, n.output(0)->dtype(), n.input(0)->shape());
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const Value *x = n.input(0), *y = n.output(0);
  auto m = multipliers(n, {scaleOf(x) / scaleOf(y)});
  if (!m) return m.status();
  const QRange r = outputClamp(n, y);
  const int64_t count = y->type().elements();
  KernelCall k("ta_requantize_q8", {ctype(x), ctype(y)});
  k.in(n.input(0)).out(n.output(0)).i(1).i(count).i(count).i(count).i(zeroPointOf(x)).i(zeroPointOf(y));
  k.i((*m)[0].mult).i((*m)[0].shift).i(r.lo).i(r.hi);
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "TA_Requantize", .minOpset = 1, .infer = infer, .lower = lower, .internal = true,
                      .dtypes = "int8, uint8",
                      .notes = "internal: inserted by the quantizer and the QDQ importer"}));

}  // namespace tinyaot
