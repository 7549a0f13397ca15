// SoftmaxCrossEntropyLoss (opset 12+): LogSoftmax of the scores over axis 1
// (the ta_softmax_f32 kernel) followed by NegativeLogLikelihoodLoss (the
// ta_nll_loss kernel), in one call: ta_softmax_xent_f32. The log
// probabilities go to the optional second output, or to scratch.
#include "ops/loss.h"

namespace tinyaot {
namespace {

Status infer(Node& n, Graph&) {
  TA_TRY(inferLoss(n, {DType::F32}));
  TA_TRY(expectOutputsAtMost(n, 2, "SoftmaxCrossEntropyLoss has two outputs"));
  if (n.output(1)) setOutput(n, 1, DType::F32, n.input(0)->shape());
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const LossArgs a = lossArgs(n);
  if (a.n * a.d == 0 && a.reduction == 0) return Lowered{};
  KernelCall k("ta_softmax_xent_f32", {ctype(n.input(1))});
  k.in(n.input(0)).in(n.input(1)).inOpt(n.input(2), DType::F32).out(n.output(0));
  if (n.output(1)) k.out(n.output(1));
  else k.scratch(a.n * a.c * a.d * 4, DType::F32);
  appendLossArgs(k, a);
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "SoftmaxCrossEntropyLoss", .minOpset = 12, .infer = infer, .lower = lower,
                      .dtypes = "float32; int32/int64 labels",
                      .notes = "reduction none/sum/mean, ignore_index, optional weights and log_prob output; a "
                               "run-time label outside [0, C) contributes nothing (ONNX leaves it undefined)"}));

}  // namespace tinyaot
