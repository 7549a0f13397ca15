// A readable dump of a Graph, for --print-after and tests.
#pragma once
#include <string>

#include "ir/graph.h"

namespace tinyaot {
std::string printGraph(const Graph& g);
}
