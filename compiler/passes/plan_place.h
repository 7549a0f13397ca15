// Offset assignment for the memory planner, independent of the IR: items
// with a size, an alignment and a live interval of steps get byte offsets
// so that no two items live at the same step overlap, minimizing the end
// of the highest item (dynamic storage allocation on an interval graph).
//
// Strategy: several greedy orders, each placed by lowest fit; then, unless
// the best already meets the live-bytes lower bound, an exact
// branch-and-bound over "compacted" placements, bounded by a node budget
// (deterministic: no clocks). See docs/memory-planning.md.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace tinyaot {

struct PlaceItem {
  int64_t size = 0;
  int64_t align = 4;
  int first = 0, last = 0;  // live steps, inclusive
};

struct PlaceResult {
  std::vector<int64_t> offsets;
  int64_t size = 0;           // max(offset + size)
  int64_t lowerBound = 0;     // max live bytes at one step: no placement is smaller
  std::string strategy;       // which heuristic or "search" produced the offsets
  bool optimal = false;       // size == lowerBound, or the search finished
  int64_t searchNodes = 0;    // branch-and-bound nodes expanded
};

struct PlaceOptions {
  // Branch-and-bound budget in expanded nodes (0: heuristics only).
  int64_t searchNodeLimit = 20000;
};

inline int64_t alignUp(int64_t x, int64_t a) { return a <= 1 ? x : (x + a - 1) / a * a; }

// Max over steps of the sum of sizes live there, each rounded up to `granule`.
// With every alignment a multiple of `granule`, no placement is smaller.
int64_t liveLowerBound(const std::vector<PlaceItem>& items, int64_t granule);

// Places items one by one in `order`, each at the lowest aligned offset that
// does not collide with an already placed item live at a common step.
std::vector<int64_t> placeInOrder(const std::vector<PlaceItem>& items, const std::vector<int>& order,
                                  int64_t* size);

// Named heuristics (for tests and reports): "size", "breadth", "duration", "start".
std::vector<int> heuristicOrder(const std::vector<PlaceItem>& items, const std::string& name);
const std::vector<std::string>& heuristicNames();

// Best of the heuristics, then the bounded exact search.
PlaceResult placeItems(const std::vector<PlaceItem>& items, const PlaceOptions& opts = {});

}  // namespace tinyaot
