// fold-constants: evaluates nodes whose inputs are all constants.
#include "eval/fold.h"
#include "passes/pass.h"

namespace tinyaot {

Expected<bool> runFoldConstants(Graph& g, PassContext&) {
  bool changed = false;
  for (Node* n : g.nodes()) {
    auto folded = foldNode(g, n);
    if (!folded) return folded.status();
    changed |= *folded;
  }
  if (changed) g.removeUnusedValues();
  return changed;
}

}  // namespace tinyaot
