// NegativeLogLikelihoodLoss (opset 12+): loss = -input[n, target, d...] *
// weight[target], with reduction none/sum/mean and ignore_index, per the
// ONNX spec (mean with weights divides by the summed weights of the
// targets that are not ignored). Also the shared checks of loss.h.
#include "ops/loss.h"

namespace tinyaot {

namespace {

int reductionCode(const std::string& r) { return r == "none" ? 0 : r == "sum" ? 1 : r == "mean" ? 2 : -1; }

}  // namespace

Status inferLoss(Node& n, const std::vector<DType>& dtypes) {
  TA_TRY(expectInputs(n, 2, 3));
  TA_TRY(expectAttrsIn(n, {"reduction", "ignore_index"}));
  TA_TRY(expectDType(n, 0, dtypes));
  TA_TRY(expectDType(n, 1, {DType::I32, DType::I64}));
  TA_TRY(expectRank(n, 0, 2, 16));
  const std::string red = n.attrs().getString("reduction", "mean");
  if (reductionCode(red) < 0) return nodeErrorf(n, "reduction '{}' is not one of none, sum, mean", red);
  const Shape& x = n.input(0)->shape();
  const Shape& t = n.input(1)->shape();
  Shape want{x[0]};
  want.insert(want.end(), x.begin() + 2, x.end());
  if (t != want)
    return nodeErrorf(n, "target shape {} does not match input shape {} (expected {})", shapeStr(t),
                      shapeStr(x), shapeStr(want));
  if (x[1] == 0) return nodeErrorf(n, "the class dimension (axis 1) is empty");
  if (n.input(2)) {
    TA_TRY(expectDType(n, 2, {n.input(0)->dtype()}));
    if (n.input(2)->shape() != Shape{x[1]})
      return nodeErrorf(n, "weight must have shape [{}] (one per class), got {}", x[1],
                        shapeStr(n.input(2)->shape()));
  }
  setOutput(n, 0, n.input(0)->dtype(), red == "none" ? t : Shape{});
  return Status::ok();
}

LossArgs lossArgs(const Node& n) {
  const Shape& x = n.input(0)->shape();
  LossArgs a;
  a.n = x[0];
  a.c = x[1];
  for (size_t i = 2; i < x.size(); ++i) a.d *= x[i];
  a.hasIgnore = n.attrs().has("ignore_index");
  a.ignoreIndex = n.attrs().getInt("ignore_index", 0);
  a.reduction = reductionCode(n.attrs().getString("reduction", "mean"));
  return a;
}

void appendLossArgs(KernelCall& k, const LossArgs& a) {
  k.i(a.n).i(a.c).i(a.d).i(a.ignoreIndex).i(a.hasIgnore ? 1 : 0).i(a.reduction);
}

namespace {

Status infer(Node& n, Graph&) {
  TA_TRY(inferLoss(n, {DType::F32, DType::F64}));
  return expectOutputsAtMost(n, 1, "NegativeLogLikelihoodLoss has one output");
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const LossArgs a = lossArgs(n);
  if (a.reduction == 0 && a.n * a.d == 0) return Lowered{};
  KernelCall k("ta_nll_loss", {ctype(n.input(0)), ctype(n.input(1))});
  k.in(n.input(0)).in(n.input(1)).inOpt(n.input(2), n.input(0)->dtype()).out(n.output(0));
  appendLossArgs(k, a);
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "NegativeLogLikelihoodLoss", .minOpset = 12, .infer = infer, .lower = lower,
                      .dtypes = "float32, float64; int32/int64 target",
                      .notes = "reduction none/sum/mean, ignore_index, optional weight; a run-time target outside "
                               "[0, C) contributes nothing (ONNX leaves it undefined)"}));

}  // namespace tinyaot
