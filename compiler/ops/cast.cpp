// Cast and CastLike between float32/64, int8-64, uint8-64 and bool.
// Float to integer truncates toward zero and saturates (NaN gives 0);
// integer narrowing wraps; to bool is x != 0.
#include "ops/elementwise.h"
#include "ops/op_util.h"

namespace tinyaot {
namespace {

// Names of the ONNX element types that we do not support, for messages.
const char* onnxTypeName(int64_t t) {
  switch (t) {
    case 8: return "string";
    case 10: return "float16";
    case 14: return "complex64";
    case 15: return "complex128";
    case 16: return "bfloat16";
    case 17: case 18: case 19: case 20: return "float8";
    case 21: return "uint4";
    case 22: return "int4";
    default: return "unknown";
  }
}

Status setCastOutput(Node& n, DType to) {
  TA_TRY(expectDType(n, 0, allDTypes()));
  setOutput(n, 0, to, n.input(0)->shape());
  return Status::ok();
}

Status inferCast(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {"to", "saturate"}));
  const Attribute* to = n.attrs().find("to");
  if (!to || to->kind != Attribute::Kind::Int) return nodeErrorf(n, "attribute 'to' is missing or not an integer");
  auto dt = dtypeFromOnnx(int(to->i));
  if (!dt) return nodeErrorf(n, "casting to {} (ONNX type {}) is not supported", onnxTypeName(to->i), to->i);
  return setCastOutput(n, *dt);
}

Status inferCastLike(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 2));
  TA_TRY(expectAttrsIn(n, {"saturate"}));
  TA_TRY(expectDType(n, 1, allDTypes()));
  return setCastOutput(n, n.input(1)->dtype());
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  Value *x = n.input(0), *y = n.output(0);
  if (x->dtype() == y->dtype()) {
    KernelCall k("ta_copy");
    k.in(x).out(y).i(int64_t(y->type().bytes()));
    return Lowered{k};
  }
  if (y->dtype() == DType::Bool) {
    KernelCall k("ta_to_bool", {ctype(x)});
    k.in(x).out(y).i(y->type().elements());
    return Lowered{k};
  }
  KernelCall k("ta_cast", {ctype(x), ctype(y)});
  k.in(x).out(y).i(y->type().elements());
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Cast", .minOpset = 6, .infer = inferCast, .lower = lower,
                      .dtypes = "float32, float64, int8-64, uint8-64, bool",
                      .notes = "float to integer truncates and saturates (NaN gives 0); no float16, bfloat16 or string"}));
TA_REGISTER_OP((OpDef{.name = "CastLike", .minOpset = 15, .infer = inferCastLike, .lower = lower,
                      .dtypes = "float32, float64, int8-64, uint8-64, bool",
                      .notes = "as Cast, to the dtype of the second input"}));

}  // namespace tinyaot
