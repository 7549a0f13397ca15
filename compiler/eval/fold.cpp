#include "eval/fold.h"

#include <algorithm>

#include "eval/evaluator.h"
#include "ops/registry.h"

namespace tinyaot {

Expected<bool> foldNode(Graph& g, Node* n, bool force) {
  const auto& ins = n->inputs();
  if (ins.empty() || !std::all_of(ins.begin(), ins.end(), [](Value* v) { return !v || v->isConstant(); }))
    return false;
  if (std::none_of(n->outputs().begin(), n->outputs().end(), [](Value* v) { return v != nullptr; })) return false;
  if (const OpDef* def = findOp(n->op()); !force && def && def->noFold) return false;
  std::vector<Tensor> inT(ins.size()), outT(n->outputs().size());
  std::vector<const Tensor*> ip;
  std::vector<Tensor*> op;
  for (size_t k = 0; k < ins.size(); ++k) {
    if (ins[k]) {
      inT[k].type = ins[k]->type();
      inT[k].data = ins[k]->data();
    }
    ip.push_back(ins[k] ? &inT[k] : nullptr);
  }
  for (size_t k = 0; k < outT.size(); ++k) {
    Value* v = n->output(k);
    if (v) outT[k] = Tensor(v->type());
    op.push_back(v ? &outT[k] : nullptr);
  }
  TA_TRY(evalNode(*n, ip, op));
  const std::vector<Value*> outs = n->outputs();
  for (size_t k = 0; k < outs.size(); ++k)
    if (outs[k]) g.makeConstant(outs[k], std::move(outT[k].data));
  g.setInputs(n, {});
  g.eraseNode(n);
  return true;
}

}  // namespace tinyaot
