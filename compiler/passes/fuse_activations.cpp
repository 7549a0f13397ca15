// fuse-activations: a Relu or Clip right after a kernel that clamps its
// output (Conv, Gemm, BatchNormalization, AveragePool) becomes that clamp.
#include <algorithm>
#include <limits>
#include <set>

#include "ops/op_util.h"
#include "passes/pass.h"

namespace tinyaot {

Expected<bool> runFuseActivations(Graph& g, PassContext&) {
  static const std::set<std::string> clampable = {"Conv", "Gemm", "BatchNormalization", "AveragePool"};
  bool changed = false;
  for (Node* act : g.nodes()) {
    if (act->op() != "Relu" && act->op() != "Clip") continue;
    Value* x = act->input(0);
    Node* p = x->producer();
    if (!p || !clampable.count(p->op()) || x->users().size() != 1 || x->isGraphOutput()) continue;
    if (x->dtype() != DType::F32 || x->type().quant) continue;
    bool constBounds = true;  // a clamp computed at run time stays a Clip
    for (size_t i = 1; i < act->numInputs(); ++i) constBounds = constBounds && (!act->input(i) || act->input(i)->isConstant());
    if (!constBounds) continue;
    float lo = 0.0f, hi = std::numeric_limits<float>::infinity();
    if (act->op() == "Clip") {
      lo = act->input(1) ? float(act->input(1)->doubleData()[0]) : -std::numeric_limits<float>::infinity();
      hi = act->input(2) ? float(act->input(2)->doubleData()[0]) : std::numeric_limits<float>::infinity();
    }
    ActRange cur = actRange(*p);
    p->attrs().setFloat("ta.act_min", std::max(cur.lo, lo));
    p->attrs().setFloat("ta.act_max", std::min(cur.hi, hi));
    p->attrs().setString("ta.act", act->op());
    g.replaceAllUsesWith(act->output(0), x);
    g.eraseNode(act);
    changed = true;
  }
  if (changed) g.removeUnusedValues();
  return changed;
}

}  // namespace tinyaot
