// BatchNormalization, inference mode. The fold_batchnorm pass merges it into
// a preceding Conv/Gemm; otherwise it runs as a per-channel affine kernel
// whose scale and shift are computed here, at compile time, or (statistics
// given as run-time inputs) as a kernel that normalizes with them per call.
#include <cmath>

#include "ops/op_util.h"

namespace tinyaot {
namespace {

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 5, 5));
  TA_TRY(expectAttrsIn(n, {"epsilon", "momentum", "spatial", "training_mode", "is_test", "consumed_inputs"}));
  if (n.attrs().getInt("training_mode", 0) != 0)
    return nodeErrorf(n, "training-mode BatchNormalization is not supported (inference only)");
  // Before opset 7, is_test defaults to 0: batch statistics (training).
  if (n.opset() < 7 && n.attrs().getInt("is_test", 0) == 0)
    return nodeErrorf(n, "is_test=0 before opset 7 is training-mode BatchNormalization, which is not supported "
                         "(inference only; set is_test=1)");
  if (n.attrs().getInt("spatial", 1) != 1) return nodeErrorf(n, "spatial=0 is not supported");
  TA_TRY(expectOutputsAtMost(n, 1, "running statistics are training-mode outputs"));
  TA_TRY(expectDType(n, 0, {DType::F32}));
  TA_TRY(expectRank(n, 0, 2, 8));
  const int64_t c = n.input(0)->shape()[1];
  static const char* names[] = {"", "scale", "bias", "mean", "var"};
  for (size_t i = 1; i < 5; ++i) {
    TA_TRY(expectDType(n, i, {DType::F32}));
    if (n.input(i)->shape() != Shape{c})
      return nodeErrorf(n, "{} has shape {}, expected [{}]", names[i], shapeStr(n.input(i)->shape()), c);
  }
  setOutput(n, 0, DType::F32, n.input(0)->shape());
  return Status::ok();
}

bool constantStatistics(const Node& n) {
  for (size_t i = 1; i < 5; ++i)
    if (!n.input(i)->isConstant()) return false;
  return true;
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const Shape& x = n.input(0)->shape();
  const int64_t c = x[1], inner = numElements(x) / (x[0] * c);
  const float eps = n.attrs().getFloat("epsilon", 1e-5f);
  ActRange act = actRange(n);
  if (!constantStatistics(n)) {
    // Scale, bias, mean or variance arrive at run time: normalize per call.
    KernelCall k("ta_batchnorm_f32");
    k.in(n.input(0)).in(n.input(1)).in(n.input(2)).in(n.input(3)).in(n.input(4)).out(n.output(0));
    k.i(x[0]).i(c).i(inner).f(eps).f(act.lo).f(act.hi);
    return Lowered{k};
  }
  auto scale = n.input(1)->doubleData(), bias = n.input(2)->doubleData();
  auto mean = n.input(3)->doubleData(), var = n.input(4)->doubleData();
  std::vector<float> s(c), t(c);
  for (int64_t i = 0; i < c; ++i) {
    const double k = scale[i] / std::sqrt(var[i] + double(eps));
    s[i] = float(k);
    t[i] = float(bias[i] - mean[i] * k);
  }
  KernelCall k("ta_channel_affine_f32");
  k.in(n.input(0)).out(n.output(0)).i(x[0]).i(c).i(inner).floats(s).floats(t).f(act.lo).f(act.hi);
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "BatchNormalization", .minOpset = 1, .infer = infer, .lower = lower,
                      .dtypes = "float32",
                      .notes = "inference mode; folded into Conv/Gemm when the statistics are constants"}));

}  // namespace tinyaot
