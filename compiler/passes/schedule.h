// The `schedule` pass: picks the topological order of the nodes that
// minimizes the peak of live activation bytes (what the memory planner's
// lower bound measures), then reorders the Graph with Graph::setOrder.
//
// A dynamic program over the sets of executed nodes, level by level (k nodes
// executed), keeping per set the smallest peak that reaches it. The live
// bytes after a set do not depend on the order inside it, so this is exact
// as long as no level holds more than `beamWidth` sets; beyond that only the
// best `beamWidth` sets of each level are kept (beam search). The original
// order is kept unless the result is strictly better. Deterministic: ties go
// to the original order.
#pragma once
#include <cstdint>
#include <map>
#include <vector>

#include "ir/graph.h"

namespace tinyaot {

struct ScheduleOptions {
  bool ioInArena = false;       // graph inputs and outputs count as arena bytes
  int64_t beamWidth = 4096;     // sets kept per level
};

struct ScheduleResult {
  std::vector<Node*> order;
  int64_t peakBefore = 0, peakAfter = 0;  // live bytes (no in-place sharing), original vs chosen
  bool exact = true;                      // no level was truncated
  bool changed = false;
  int64_t states = 0;                     // sets examined
};

// Scratch bytes per node come from its lowered calls (absent: none).
ScheduleResult scheduleForMemory(const Graph& g, const std::map<const Node*, int64_t>& scratch,
                                 const ScheduleOptions& opts = {});

// Peak live bytes of running the nodes in `order` (the same cost model).
int64_t schedulePeak(const Graph& g, const std::vector<Node*>& order, const std::map<const Node*, int64_t>& scratch,
                     const ScheduleOptions& opts = {});

}  // namespace tinyaot
