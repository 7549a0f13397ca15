// Memory planning: every run-time tensor gets a fixed home, most of them an
// offset in one static arena. Values joined by alias ops (Reshape, Flatten,
// ...) share one Buffer. A separate verifier proves the plan sound.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ops/kernel_call.h"

namespace tinyaot {

struct Storage {
  enum class Kind { Arena, Input, Output, Constant };
  Kind kind = Kind::Arena;
  int index = -1;      // Input/Output: graph input/output index
  int64_t offset = 0;  // Arena: byte offset
};

struct Buffer {
  const Value* root = nullptr;           // the value that owns the bytes (null for scratch)
  std::vector<const Value*> members;     // root and its aliases
  const Node* scratchOwner = nullptr;    // scratch buffers: the node using it
  int64_t bytes = 0;
  int first = 0, last = 0;               // live steps, inclusive
  int64_t alignment = 16;
  Storage storage;
  std::string name() const;
};

struct MemoryPlan {
  int64_t arenaSize = 0;
  int64_t lowerBound = 0;         // peak live arena bytes at the worst step
  int64_t sumIntermediates = 0;   // every arena buffer side by side
  int numSteps = 0;
  std::vector<Buffer> buffers;
  std::map<const Value*, int> bufferOf;
  std::map<const Node*, int> scratchOf;
  // Graph outputs whose bytes live elsewhere (a graph input, a constant, or a
  // buffer already written to another output) are copied at the end of a run.
  std::vector<std::pair<const Value*, int>> outputCopies;

  Storage storageOf(const Value* v) const;
};

struct PlanOptions {
  int64_t alignment = 16;
};

// Plans the graph in its current node order. `lowered` gives each node's
// kernel calls (for scratch sizes).
Expected<MemoryPlan> planMemory(const Graph& g, const std::map<const Node*, Lowered>& lowered,
                                const PlanOptions& opts = {});

// Proves that no two buffers live at the same step overlap, and that every
// buffer lies inside the arena and is aligned.
Status verifyPlan(const MemoryPlan& plan);

}  // namespace tinyaot
