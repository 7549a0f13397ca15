// InstanceNormalization (float32): per-(batch, channel) normalization over
// the spatial dims, then a per-channel scale and bias (run-time or constant).
#include "ops/op_util.h"

namespace tinyaot {
namespace {

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 3, 3));
  TA_TRY(expectAttrsIn(n, {"epsilon"}));
  for (size_t i = 0; i < 3; ++i) TA_TRY(expectDType(n, i, {DType::F32}));
  TA_TRY(expectRank(n, 0, 2, 16));
  const Shape& x = n.input(0)->shape();
  for (size_t i = 1; i < 3; ++i)
    if (n.input(i)->shape() != Shape{x[1]})
      return nodeErrorf(n, "input {} has shape {}, expected [{}]", i, shapeStr(n.input(i)->shape()), x[1]);
  setOutput(n, 0, DType::F32, x);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const Shape& x = n.input(0)->shape();
  const int64_t planes = x[0] * x[1];
  const int64_t inner = planes ? numElements(x) / planes : 0;
  KernelCall k("ta_instance_norm_f32");
  k.in(n.input(0)).out(n.output(0)).i(x[0]).i(x[1]).i(inner).in(n.input(1)).in(n.input(2));
  k.f(n.attrs().getFloat("epsilon", 1e-5f));
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "InstanceNormalization", .minOpset = 1, .infer = infer, .lower = lower,
                      .dtypes = "float32", .notes = "epsilon; scale and bias may be run-time inputs"}));

}  // namespace tinyaot
