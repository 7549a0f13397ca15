// dce: removes nodes none of whose outputs is used or exposed.
#include "passes/pass.h"

namespace tinyaot {

Expected<bool> runDeadCodeElimination(Graph& g, PassContext&) {
  bool changed = false;
  auto nodes = g.nodes();
  for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
    Node* n = *it;
    bool live = false;
    for (Value* v : n->outputs()) live = live || (v && (!v->users().empty() || v->isGraphOutput()));
    if (live) continue;
    g.eraseNode(n);
    changed = true;
  }
  if (changed) g.removeUnusedValues();
  return changed;
}

}  // namespace tinyaot
