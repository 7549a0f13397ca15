// Clip: min/max as attributes (opset < 11) or inputs (opset >= 11), constant
// or computed at run time (openWakeWord's melspectrogram clips at max(x) - 80).
#include <limits>

#include "ops/op_util.h"
#include "quant/lower_q8.h"

namespace tinyaot {
namespace {

// Opset < 11 keeps min/max as attributes; turn them into constant inputs.
Status canonicalize(Node& n, Graph& g) {
  if (n.opset() >= 11) return Status::ok();
  const float lo = n.attrs().getFloat("min", -std::numeric_limits<float>::max());
  const float hi = n.attrs().getFloat("max", std::numeric_limits<float>::max());
  n.attrs().erase("min");
  n.attrs().erase("max");
  Value* vlo = g.addConstantOf<float>(n.name() + "_min", DType::F32, {}, {lo});
  Value* vhi = g.addConstantOf<float>(n.name() + "_max", DType::F32, {}, {hi});
  g.setInputs(&n, {n.input(0), vlo, vhi});
  return Status::ok();
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 3));
  TA_TRY(expectAttrsIn(n, {}));
  if (isQuantized(n)) {  // a lookup table, computed at compile time
    for (size_t i = 1; i < 3; ++i) TA_TRY(expectConstant(n, i, i == 1 ? "min of an int8 Clip" : "max of an int8 Clip"));
    return inferLutQ8(n);
  }
  TA_TRY(expectDType(n, 0, {DType::F32, DType::F64, DType::I8, DType::U8, DType::I16, DType::U16, DType::I32,
                            DType::U32, DType::I64, DType::U64}));
  for (size_t i = 1; i < 3; ++i) {
    if (!n.input(i)) continue;
    if (n.input(i)->dtype() != n.input(0)->dtype() || n.input(i)->type().elements() != 1)
      return nodeErrorf(n, "{} must be a scalar of the input's dtype", i == 1 ? "min" : "max");
  }
  setOutput(n, 0, n.input(0)->dtype(), n.input(0)->shape());
  return Status::ok();
}

// The bound the kernel uses when one is absent: the dtype's limits.
void addDefaultBound(KernelCall& k, DType dt, bool lower) {
  if (isFloat(dt)) {
    const double inf = std::numeric_limits<double>::infinity();
    k.f(lower ? -inf : inf);
    return;
  }
  const bool u = !isSignedInt(dt);
  const int bits = int(dtypeSize(dt) * 8);
  const int64_t lo = u ? 0 : (bits == 64 ? std::numeric_limits<int64_t>::min() : -(int64_t(1) << (bits - 1)));
  const int64_t hi = bits == 64 ? (u ? int64_t(-1) : std::numeric_limits<int64_t>::max())
                                : (u ? (int64_t(1) << bits) - 1 : (int64_t(1) << (bits - 1)) - 1);
  k.i(lower ? lo : hi);
}

Expected<Lowered> lower(const Node& n, const LowerContext& ctx) {
  if (isQuantized(n)) return lowerLutQ8(n, ctx);
  const DType dt = n.input(0)->dtype();
  Value *lo = n.input(1), *hi = n.input(2);
  if ((lo && !lo->isConstant()) || (hi && !hi->isConstant())) {
    // Bounds computed at run time (e.g. max(x) - 80 dB): read them in the kernel.
    KernelCall k("ta_clip_rt", {ctype(n.input(0))});
    k.in(n.input(0)).out(n.output(0)).i(n.output(0)->type().elements()).inOpt(lo, dt).inOpt(hi, dt);
    addDefaultBound(k, dt, true);
    addDefaultBound(k, dt, false);
    return Lowered{k};
  }
  KernelCall k("ta_clip", {ctype(n.input(0))});
  k.in(n.input(0)).out(n.output(0)).i(n.output(0)->type().elements());
  for (size_t i = 1; i < 3; ++i) {
    Value* b = n.input(i);
    if (!b) addDefaultBound(k, dt, i == 1);
    else if (isFloat(dt)) k.f(b->doubleData()[0]);
    else k.i(b->intData()[0]);
  }
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Clip", .minOpset = 6, .canonicalize = canonicalize, .infer = infer, .lower = lower,
                      .dtypes = "float32, float64, int8-64, uint8-64",
                      .notes = "min/max constant or computed at run time; int8 (quantized): constant min/max"}));

}  // namespace tinyaot
