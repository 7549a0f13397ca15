#include "passes/memory_plan.h"

#include <algorithm>
#include <numeric>

#include "ops/registry.h"

namespace tinyaot {

std::string Buffer::name() const {
  if (root) return root->name();
  if (scratchOwner) return scratchOwner->name() + ":scratch";
  return "?";
}

Storage MemoryPlan::storageOf(const Value* v) const {
  if (v->isConstant()) return Storage{Storage::Kind::Constant, -1, 0};
  return buffers.at(bufferOf.at(v)).storage;
}

namespace {

int64_t alignUp(int64_t x, int64_t a) { return (x + a - 1) / a * a; }

// Greedy by size: largest first, each at the lowest offset that does not
// collide with an already placed buffer whose lifetime overlaps.
int64_t placeGreedyBySize(std::vector<Buffer*>& bufs) {
  std::vector<Buffer*> order = bufs;
  std::stable_sort(order.begin(), order.end(), [](Buffer* a, Buffer* b) {
    if (a->bytes != b->bytes) return a->bytes > b->bytes;
    return a->first < b->first;
  });
  std::vector<Buffer*> placed;
  int64_t size = 0;
  for (Buffer* b : order) {
    std::vector<Buffer*> conflicts;
    for (Buffer* p : placed)
      if (p->first <= b->last && b->first <= p->last) conflicts.push_back(p);
    std::sort(conflicts.begin(), conflicts.end(),
              [](Buffer* x, Buffer* y) { return x->storage.offset < y->storage.offset; });
    int64_t off = 0;
    for (Buffer* c : conflicts) {
      if (off + b->bytes <= c->storage.offset) break;
      off = std::max(off, alignUp(c->storage.offset + c->bytes, b->alignment));
    }
    b->storage.offset = off;
    size = std::max(size, off + b->bytes);
    placed.push_back(b);
  }
  return size;
}

}  // namespace

Expected<MemoryPlan> planMemory(const Graph& g, const std::map<const Node*, Lowered>& lowered,
                                const PlanOptions& opts) {
  MemoryPlan plan;
  const auto nodes = g.nodes();
  plan.numSteps = int(nodes.size());
  std::map<const Node*, int> stepOf;
  for (size_t i = 0; i < nodes.size(); ++i) stepOf[nodes[i]] = int(i);

  // 1. Buffers: graph inputs, then node outputs; alias outputs join their input's buffer.
  auto newBuffer = [&](const Value* root, int first) {
    Buffer b;
    b.root = root;
    b.members = {root};
    b.bytes = int64_t(root->type().bytes());
    b.first = b.last = first;
    b.alignment = opts.alignment;
    plan.buffers.push_back(b);
    plan.bufferOf[root] = int(plan.buffers.size() - 1);
  };
  for (size_t i = 0; i < g.inputs().size(); ++i) {
    newBuffer(g.inputs()[i], -1);
    plan.buffers.back().storage = {Storage::Kind::Input, int(i), 0};
  }
  for (const Node* n : nodes) {
    const OpDef* def = findOp(n->op());
    const bool alias = def && def->alias;
    for (const Value* v : n->outputs()) {
      if (!v) continue;
      if (alias && !n->input(0)->isConstant()) {
        const int b = plan.bufferOf.at(n->input(0));
        plan.buffers[b].members.push_back(v);
        plan.bufferOf[v] = b;
      } else if (alias) {
        return Status::nodeError(*n, "internal: alias of a constant was not folded");
      } else {
        newBuffer(v, stepOf[n]);
      }
    }
    auto it = lowered.find(n);
    int64_t scratch = 0;
    if (it != lowered.end())
      for (const KernelCall& k : it->second) scratch = std::max(scratch, k.scratchBytes());
    if (scratch > 0) {
      Buffer b;
      b.scratchOwner = n;
      b.bytes = scratch;
      b.first = b.last = stepOf[n];
      b.alignment = opts.alignment;
      plan.buffers.push_back(b);
      plan.scratchOf[n] = int(plan.buffers.size() - 1);
    }
  }

  // 2. Lifetimes: until the last step that reads any member.
  for (const Node* n : nodes)
    for (const Value* v : n->inputs())
      if (v && !v->isConstant()) {
        Buffer& b = plan.buffers[plan.bufferOf.at(v)];
        b.last = std::max(b.last, stepOf[n]);
      }

  // 3. Graph outputs: the first output held by a computed buffer makes the
  // buffer live in the caller's output memory; every other output is a copy.
  std::vector<bool> claimed(plan.buffers.size(), false);
  for (size_t i = 0; i < g.outputs().size(); ++i) {
    const Value* v = g.outputs()[i];
    if (v->isConstant()) {
      plan.outputCopies.push_back({v, int(i)});
      continue;
    }
    const int bi = plan.bufferOf.at(v);
    Buffer& b = plan.buffers[bi];
    if (b.storage.kind == Storage::Kind::Arena && !claimed[bi]) {
      b.storage = {Storage::Kind::Output, int(i), 0};
      claimed[bi] = true;
    } else {
      plan.outputCopies.push_back({v, int(i)});
      b.last = plan.numSteps;  // read by the final copies
    }
  }

  // 4. Offsets.
  std::vector<Buffer*> arena;
  for (Buffer& b : plan.buffers)
    if (b.storage.kind == Storage::Kind::Arena) {
      b.bytes = std::max<int64_t>(b.bytes, 1);
      arena.push_back(&b);
      plan.sumIntermediates += alignUp(b.bytes, b.alignment);
    }
  plan.arenaSize = placeGreedyBySize(arena);
  for (int s = 0; s <= plan.numSteps; ++s) {
    int64_t live = 0;
    for (Buffer* b : arena)
      if (b->first <= s && s <= b->last) live += alignUp(b->bytes, b->alignment);
    plan.lowerBound = std::max(plan.lowerBound, live);
  }
  plan.arenaSize = alignUp(plan.arenaSize, opts.alignment);
  TA_TRY(verifyPlan(plan));
  return plan;
}

Status verifyPlan(const MemoryPlan& plan) {
  std::vector<const Buffer*> arena;
  for (const Buffer& b : plan.buffers)
    if (b.storage.kind == Storage::Kind::Arena) arena.push_back(&b);
  for (const Buffer* b : arena) {
    if (b->storage.offset < 0 || b->storage.offset + b->bytes > plan.arenaSize)
      return errorf("internal: memory plan puts '{}' at [{}, {}) outside the {}-byte arena", b->name(),
                    b->storage.offset, b->storage.offset + b->bytes, plan.arenaSize);
    if (b->storage.offset % b->alignment)
      return errorf("internal: memory plan puts '{}' at offset {}, not {}-byte aligned", b->name(), b->storage.offset,
                    b->alignment);
  }
  for (size_t i = 0; i < arena.size(); ++i)
    for (size_t j = i + 1; j < arena.size(); ++j) {
      const Buffer *a = arena[i], *b = arena[j];
      const bool timeOverlap = a->first <= b->last && b->first <= a->last;
      const bool spaceOverlap = a->storage.offset < b->storage.offset + b->bytes &&
                                b->storage.offset < a->storage.offset + a->bytes;
      if (timeOverlap && spaceOverlap)
        return errorf("internal: memory plan overlaps '{}' (steps {}-{}, bytes {}-{}) and '{}' (steps {}-{}, bytes {}-{})",
                      a->name(), a->first, a->last, a->storage.offset, a->storage.offset + a->bytes, b->name(),
                      b->first, b->last, b->storage.offset, b->storage.offset + b->bytes);
    }
  return Status::ok();
}

}  // namespace tinyaot
