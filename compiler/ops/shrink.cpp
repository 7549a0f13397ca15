// Shrink: x < -lambd -> x + bias, x > lambd -> x - bias, otherwise 0.
#include "ops/elementwise.h"

namespace tinyaot {
namespace {

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {"lambd", "bias"}));
  TA_TRY(expectDType(n, 0, numericDTypes()));
  setOutput(n, 0, n.input(0)->dtype(), n.input(0)->shape());
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  // float32 computes in float; every other dtype in double (exact for the
  // integer ranges that matter, then converted back).
  const std::string acc = n.input(0)->dtype() == DType::F32 ? "float" : "double";
  KernelCall k("ta_shrink", {ctype(n.input(0)), acc});
  k.in(n.input(0)).out(n.output(0)).i(n.input(0)->type().elements());
  k.f(n.attrs().getFloat("lambd", 0.5f)).f(n.attrs().getFloat("bias", 0.0f));
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Shrink", .minOpset = 9, .infer = infer, .lower = lower,
                      .dtypes = "float32, float64, int8-64, uint8-64", .notes = "lambd, bias"}));

}  // namespace tinyaot
