// Memory planning: every run-time tensor gets a fixed home, most of them a
// byte offset in one static arena. Values that may share bytes are grouped
// into one Buffer: reshape-like aliases, outputs written in place over an
// input that dies at that node, and Concat inputs produced straight into
// their slice of the output. Every such sharing is recorded as a Share, which
// the separate verifier (verifyPlan) checks against the kernels' in-place
// rules (passes/plan_kernels.h) while proving that no two tensors live at the
// same step overlap and that every tensor stays inside its memory.
// docs/memory-planning.md describes the whole scheme.
#pragma once
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ops/kernel_call.h"

namespace tinyaot {

struct Storage {
  enum class Kind { Arena, Input, Output, Constant };
  Kind kind = Kind::Arena;
  int index = -1;      // Input/Output: graph input/output index (caller-owned memory)
  int64_t offset = 0;  // byte offset (Arena: in the arena; Input/Output: in that buffer)
};

struct Buffer {
  struct Member {
    const Value* value;
    int64_t offset;  // bytes from the buffer's start
  };
  const Value* root = nullptr;          // the first member (null for scratch)
  std::vector<Member> members;          // every value stored in this buffer
  const Node* scratchOwner = nullptr;   // scratch buffers: the node using it
  int outputSlot = -1;                  // --io-in-arena: the slot output i is copied into
  int64_t bytes = 0;
  int first = 0, last = 0;              // live steps, inclusive
  int64_t alignment = 4;
  Storage storage;
  std::string name() const;
};

// A declared "may share bytes with" relation between two values.
struct Share {
  enum class Kind {
    Alias,        // `out` is `in` under another shape (Reshape, Flatten...): same bytes
    InPlace,      // `node` writes `out` over `in`, which dies there (kernel rule)
    ConcatSlice,  // `in` is produced straight into its slice of Concat `node`'s output `out`
  };
  Kind kind;
  const Value* in;
  const Value* out;
  const Node* node;
  int call = 0;                 // InPlace: index of the node's call; ConcatSlice: the elided copy
  int inArg = -1, outArg = -1;  // InPlace: the call's arguments
  int64_t offset = 0;           // ConcatSlice: byte offset of `in` inside `out`
};

struct PlanStats {
  std::string placement;     // heuristic or "search"
  bool optimal = false;      // placement proven optimal for its buffers
  int64_t searchNodes = 0;
  std::vector<std::string> inPlace;  // one line per sharing decision, for reports
};

struct MemoryPlan {
  int64_t arenaSize = 0;
  int64_t arenaAlign = 4;          // alignment the arena's start needs
  int64_t lowerBound = 0;          // peak live arena bytes at the worst step, without in-place sharing
  int lowerBoundStep = 0;          // where that peak is
  int64_t sumIntermediates = 0;    // every arena tensor side by side (no reuse at all)
  int numSteps = 0;                // steps 0..numSteps-1 run nodes; numSteps reads the outputs
  std::vector<const Node*> steps;  // the planned execution order
  std::vector<Buffer> buffers;
  std::map<const Value*, int> bufferOf;
  std::map<const Node*, int> scratchOf;
  std::vector<Share> shares;
  // Calls that become no-ops and are not emitted: copies whose source
  // already sits at the destination (Concat inputs produced in place).
  std::set<std::pair<const Node*, int>> elidedCalls;
  // Graph outputs whose bytes live elsewhere (a graph input, a constant, or a
  // buffer already written to another output) are copied at the end of a run.
  std::vector<std::pair<const Value*, int>> outputCopies;
  // --io-in-arena: byte offsets of the inputs and outputs inside the arena.
  bool ioInArena = false;
  std::vector<int64_t> inputOffsets, outputOffsets;
  std::vector<int64_t> inputBytes, outputBytes;  // sizes of the graph's inputs and outputs
  PlanStats stats;
  // Without in-place sharing (aliases only): live arena bytes per step
  // 0..numSteps, and the tensors behind them (for reports and figures).
  struct Interval {
    std::string name;
    int64_t bytes;
    int first, last;
  };
  std::vector<int64_t> liveNoShare;
  std::vector<Interval> noShareIntervals;
  std::map<const Value*, std::pair<int, int>> life;  // see valueLife

  // Where a value's bytes are (the buffer's storage plus the value's offset in it).
  Storage storageOf(const Value* v) const;
  int64_t offsetInBuffer(const Value* v) const;
  int stepOf(const Node* n) const;
  // Live steps of a value on its own: producer step to last reader
  // (graph outputs: numSteps). Graph inputs start at 0.
  std::pair<int, int> valueLife(const Value* v) const;
};

struct PlanOptions {
  bool inPlace = true;       // in-place elementwise ops, Concat slices, in-place depthwise
  bool ioInArena = false;    // graph inputs and outputs live in the arena
  int64_t searchNodeLimit = 20000;  // placement branch-and-bound budget
};

// Plans the graph in its current node order. `lowered` gives each node's
// kernel calls (scratch sizes, alignment, in-place rules); calls that the plan
// runs in place are rewritten into their in-place variants.
Expected<MemoryPlan> planMemory(const Graph& g, std::map<const Node*, Lowered>& lowered, const PlanOptions& opts = {});

// Proves the plan sound: buffers and tensors inside their memory and
// aligned; no two tensors live at a common step overlap unless a declared
// Share allows it and the kernel rules make it legal; scratch overlaps
// nothing live; elided calls really are no-ops. Runs after every planning.
Status verifyPlan(const MemoryPlan& plan, const std::map<const Node*, Lowered>& lowered);

}  // namespace tinyaot
