// Shared by NegativeLogLikelihoodLoss (nll_loss.cpp) and
// SoftmaxCrossEntropyLoss (softmax_cross_entropy.cpp): both take
// (input [N, C, d1..dk], target [N, d1..dk], optional weight [C]) with the
// attributes reduction and ignore_index, and share the ta_nll_loss kernel.
#pragma once
#include <vector>

#include "ops/op_util.h"

namespace tinyaot {

// Checks inputs 0..2 and the attributes (input 0 of one of `dtypes`) and sets
// output 0 (the loss: the target's shape for reduction "none", else a scalar).
Status inferLoss(Node& n, const std::vector<DType>& dtypes);

// The [n, c, d] view of input 0 and the kernel's trailing arguments.
struct LossArgs {
  int64_t n = 1, c = 1, d = 1;
  int64_t ignoreIndex = 0;
  bool hasIgnore = false;
  int reduction = 2;  // 0 none, 1 sum, 2 mean (ta_nll_loss's codes)
};
LossArgs lossArgs(const Node& n);

// Appends n, c, d, ignore_index, has_ignore, reduction to a loss kernel call.
void appendLossArgs(KernelCall& k, const LossArgs& a);

}  // namespace tinyaot
