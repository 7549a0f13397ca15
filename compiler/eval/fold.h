// Constant folding of one node with the host evaluator.
#pragma once
#include "ir/graph.h"

namespace tinyaot {

// If every input of `n` is constant, computes its outputs, makes them
// constants and erases the node. Returns whether it folded. Ops marked
// noFold are left alone unless `force`.
Expected<bool> foldNode(Graph& g, Node* n, bool force = false);

}  // namespace tinyaot
