#include "passes/memory_plan.h"

#include <algorithm>

#include "ops/registry.h"
#include "passes/plan_kernels.h"
#include "passes/plan_place.h"

namespace tinyaot {

std::string Buffer::name() const {
  if (root) return root->name();
  if (scratchOwner) return scratchOwner->name() + ":scratch";
  if (outputSlot >= 0) return fmt::format("output {}", outputSlot);
  return "?";
}

int64_t MemoryPlan::offsetInBuffer(const Value* v) const {
  for (const Buffer::Member& m : buffers.at(size_t(bufferOf.at(v))).members)
    if (m.value == v) return m.offset;
  return 0;
}

Storage MemoryPlan::storageOf(const Value* v) const {
  if (v->isConstant()) return Storage{Storage::Kind::Constant, -1, 0};
  Storage s = buffers.at(size_t(bufferOf.at(v))).storage;
  s.offset += offsetInBuffer(v);
  return s;
}

int MemoryPlan::stepOf(const Node* n) const {
  for (size_t i = 0; i < steps.size(); ++i)
    if (steps[i] == n) return int(i);
  return -1;
}

std::pair<int, int> MemoryPlan::valueLife(const Value* v) const { return life.at(v); }

namespace {

constexpr int64_t kGranule = 4;  // smallest alignment: sizes count rounded up to it

// The graph in its planned order: lifetimes, alignment needs, scratch.
struct Ctx {
  const Graph& g;
  std::map<const Node*, Lowered>& lowered;
  const PlanOptions& opts;
  std::vector<const Node*> steps;
  std::map<const Node*, int> stepOf;
  int N = 0;
  std::vector<const Value*> values;  // non-constant values: graph inputs, then node outputs in order
  std::map<const Value*, std::pair<int, int>> life;
  std::map<const Value*, int64_t> align;
  std::map<const Value*, int> graphInput;

  int64_t bytes(const Value* v) const { return std::max<int64_t>(int64_t(v->type().bytes()), 1); }
  bool overlapInTime(const Value* a, const Value* b) const {
    const auto &x = life.at(a), &y = life.at(b);
    return x.first <= y.second && y.first <= x.second;
  }
};

Ctx analyze(const Graph& g, std::map<const Node*, Lowered>& lowered, const PlanOptions& opts) {
  Ctx c{g, lowered, opts, {}, {}, 0, {}, {}, {}, {}};
  for (const Node* n : g.nodes()) c.steps.push_back(n);
  c.N = int(c.steps.size());
  for (size_t i = 0; i < c.steps.size(); ++i) c.stepOf[c.steps[i]] = int(i);
  for (size_t i = 0; i < g.inputs().size(); ++i) {
    const Value* v = g.inputs()[i];
    if (c.life.count(v)) continue;
    c.values.push_back(v);
    c.life[v] = {0, 0};
    c.graphInput[v] = int(i);
  }
  for (const Node* n : c.steps)
    for (const Value* v : n->outputs())
      if (v && !c.life.count(v)) {
        c.values.push_back(v);
        c.life[v] = {c.stepOf[n], c.stepOf[n]};
      }
  for (const Node* n : c.steps)
    for (const Value* v : n->inputs())
      if (v && !v->isConstant()) c.life.at(v).second = std::max(c.life.at(v).second, c.stepOf[n]);
  for (const Value* v : g.outputs())
    if (!v->isConstant()) c.life.at(v).second = c.N;
  for (const Value* v : c.values) c.align[v] = std::max<int64_t>(kGranule, int64_t(dtypeSize(v->dtype())));
  for (const Node* n : c.steps) {
    auto it = lowered.find(n);
    if (it == lowered.end()) continue;
    for (const KernelCall& k : it->second)
      for (size_t a = 0; a < k.args.size(); ++a)
        if ((k.args[a].kind == KArg::Kind::In || k.args[a].kind == KArg::Kind::Out) && k.args[a].value &&
            !k.args[a].value->isConstant()) {
          // The pointer is value + offset elements: the value must be aligned
          // so that the offset pointer is too.
          int64_t& al = c.align.at(k.args[a].value);
          al = std::max(al, argAlignment(k, a));
        }
  }
  return c;
}

// Values grouped into classes that share one buffer, each at a byte offset.
struct Classes {
  std::map<const Value*, int> cls;
  std::map<const Value*, int64_t> off;
  std::vector<std::vector<const Value*>> members;
  std::vector<Share> shares;
  std::set<std::pair<const Node*, int>> elided;
  std::map<const Node*, KernelCall> variants;  // calls rewritten into in-place variants
  std::vector<std::string> notes;
};

Classes singletons(const Ctx& c) {
  Classes k;
  for (const Value* v : c.values) {
    k.cls[v] = int(k.members.size());
    k.off[v] = 0;
    k.members.push_back({v});
  }
  return k;
}

bool hasGraphInput(const Ctx& c, const Classes& k, int cl) {
  for (const Value* v : k.members[size_t(cl)])
    if (c.graphInput.count(v)) return true;
  return false;
}

// Moves b's class into a's so that b starts `rel` bytes after a. Every pair
// of values from the two classes that would overlap in bytes while both live
// must be allowed by `allow` (the relation being declared); alignment must
// hold. On failure nothing changes.
template <class Allow>
bool join(const Ctx& c, Classes& k, const Value* a, const Value* b, int64_t rel, Allow allow) {
  const int ca = k.cls.at(a), cb = k.cls.at(b);
  if (ca == cb) return false;
  const int64_t shift = k.off.at(a) + rel - k.off.at(b);
  int64_t lo = 0;
  for (const Value* p : k.members[size_t(ca)]) lo = std::min(lo, k.off.at(p));
  for (const Value* q : k.members[size_t(cb)]) lo = std::min(lo, k.off.at(q) + shift);
  auto newOff = [&](const Value* v, bool inB) { return k.off.at(v) + (inB ? shift : 0) - lo; };
  for (const Value* p : k.members[size_t(ca)])
    if (newOff(p, false) % c.align.at(p)) return false;
  for (const Value* q : k.members[size_t(cb)])
    if (newOff(q, true) % c.align.at(q)) return false;
  for (const Value* p : k.members[size_t(ca)])
    for (const Value* q : k.members[size_t(cb)]) {
      const int64_t p0 = newOff(p, false), q0 = newOff(q, true);
      const bool bytes = p0 < q0 + c.bytes(q) && q0 < p0 + c.bytes(p);
      if (bytes && c.overlapInTime(p, q) && !allow(p, q)) return false;
    }
  for (const Value* p : k.members[size_t(ca)]) k.off[p] = newOff(p, false);
  for (const Value* q : k.members[size_t(cb)]) {
    k.off[q] = newOff(q, true);
    k.cls[q] = ca;
    k.members[size_t(ca)].push_back(q);
  }
  k.members[size_t(cb)].clear();
  return true;
}

// Reshape-like ops: the output is the input's bytes. Always shared.
Status joinAliases(const Ctx& c, Classes& k) {
  for (const Node* n : c.steps) {
    const OpDef* def = findOp(n->op());
    if (!def || !def->alias || !n->output(0)) continue;
    if (!n->input(0) || n->input(0)->isConstant())
      return Status::nodeError(*n, "internal: alias of a constant was not folded");
    join(c, k, n->input(0), n->output(0), 0, [](const Value*, const Value*) { return true; });
    k.shares.push_back({Share::Kind::Alias, n->input(0), n->output(0), n});
  }
  return Status::ok();
}

int64_t classSize(const Ctx& c, const Classes& k, int cl) {
  int64_t size = 0;
  for (const Value* m : k.members[size_t(cl)]) size = std::max(size, k.off.at(m) + c.bytes(m));
  return size;
}

// Where each class lives, which outputs are copied, and the --io-in-arena slots.
struct Resolved {
  std::vector<Storage> storage;                      // per class
  std::vector<std::pair<const Value*, int>> copies;  // (value, output index)
  std::vector<int> slots;                            // outputs that get a copy slot in the arena
};

Resolved resolve(const Ctx& c, const Classes& k) {
  Resolved r;
  r.storage.assign(k.members.size(), Storage{});
  const bool io = c.opts.ioInArena;
  if (!io)
    for (size_t i = 0; i < c.g.inputs().size(); ++i) {
      const int cl = k.cls.at(c.g.inputs()[i]);
      if (r.storage[size_t(cl)].kind == Storage::Kind::Arena) r.storage[size_t(cl)] = {Storage::Kind::Input, int(i), 0};
    }
  std::vector<bool> claimed(k.members.size(), false);
  for (size_t i = 0; i < c.g.outputs().size(); ++i) {
    const Value* v = c.g.outputs()[i];
    bool claim = false;
    int cl = -1;
    if (!v->isConstant()) {
      cl = k.cls.at(v);
      claim = !claimed[size_t(cl)] && r.storage[size_t(cl)].kind == Storage::Kind::Arena;
      if (claim && !io) {
        // Caller memory holds exactly this output: the class must fit in it, at its start.
        claim = k.off.at(v) == 0 && classSize(c, k, cl) <= c.bytes(v) && !hasGraphInput(c, k, cl);
      }
    }
    if (claim) {
      claimed[size_t(cl)] = true;
      if (!io) r.storage[size_t(cl)] = {Storage::Kind::Output, int(i), 0};
    } else {
      r.copies.push_back({v, int(i)});
      if (io) r.slots.push_back(int(i));
    }
  }
  return r;
}

struct Items {
  std::vector<PlaceItem> items;
  std::vector<std::string> names;
  std::vector<int> classOf;    // class id, or -1
  std::vector<const Node*> scratchOf;
  std::vector<int> slotOf;     // output index, or -1
};

Items buildItems(const Ctx& c, const Classes& k, const Resolved& r) {
  Items it;
  for (size_t cl = 0; cl < k.members.size(); ++cl) {
    if (k.members[cl].empty() || r.storage[cl].kind != Storage::Kind::Arena) continue;
    PlaceItem p;
    p.size = classSize(c, k, int(cl));
    p.first = c.N;
    p.last = 0;
    p.align = kGranule;
    for (const Value* m : k.members[cl]) {
      p.first = std::min(p.first, c.life.at(m).first);
      p.last = std::max(p.last, c.life.at(m).second);
      p.align = std::max(p.align, c.align.at(m));
    }
    it.items.push_back(p);
    it.names.push_back(k.members[cl].front()->name());
    it.classOf.push_back(int(cl));
    it.scratchOf.push_back(nullptr);
    it.slotOf.push_back(-1);
  }
  for (const Node* n : c.steps) {
    auto lo = c.lowered.find(n);
    if (lo == c.lowered.end()) continue;
    int64_t bytes = 0, align = kGranule;
    for (size_t i = 0; i < lo->second.size(); ++i) {
      auto v = k.variants.find(n);
      const KernelCall& call = (i == 0 && v != k.variants.end()) ? v->second : lo->second[i];
      bytes = std::max(bytes, call.scratchBytes());
      align = std::max(align, std::max<int64_t>(call.align, kGranule));
    }
    if (bytes == 0) continue;
    it.items.push_back({bytes, align, c.stepOf.at(n), c.stepOf.at(n)});
    it.names.push_back(n->name() + ":scratch");
    it.classOf.push_back(-1);
    it.scratchOf.push_back(n);
    it.slotOf.push_back(-1);
  }
  for (int o : r.slots) {
    const Value* v = c.g.outputs()[size_t(o)];
    it.items.push_back({c.bytes(v), std::max<int64_t>(kGranule, int64_t(dtypeSize(v->dtype()))), c.N, c.N});
    it.names.push_back(fmt::format("output {}", o));
    it.classOf.push_back(-1);
    it.scratchOf.push_back(nullptr);
    it.slotOf.push_back(o);
  }
  return it;
}

int64_t quickArena(const Ctx& c, const Classes& k) {
  PlaceOptions po;
  po.searchNodeLimit = 0;
  return placeItems(buildItems(c, k, resolve(c, k)).items, po).size;
}

int countIn(const Node* n, const Value* v) {
  return int(std::count(n->inputs().begin(), n->inputs().end(), v));
}

// Tries an in-place pair at node n; `variant` replaces the node's call.
bool tryInPlace(const Ctx& c, Classes& k, const Node* n, int inArg, int outArg, const KernelCall& call,
                const KernelCall* variant) {
  const Value* a = call.args[size_t(inArg)].value;
  const Value* b = call.args[size_t(outArg)].value;
  if (!a || !b || a->isConstant() || c.life.at(a).second != c.stepOf.at(n) || countIn(n, a) != 1) return false;
  if (std::find(n->outputs().begin(), n->outputs().end(), b) == n->outputs().end()) return false;
  if (!c.opts.ioInArena && hasGraphInput(c, k, k.cls.at(a))) return false;
  if (!join(c, k, a, b, 0, [&](const Value* p, const Value* q) { return p == a && q == b; })) return false;
  Share s{Share::Kind::InPlace, a, b, n, 0, inArg, outArg};
  k.shares.push_back(s);
  if (variant) k.variants[n] = *variant;
  k.notes.push_back(fmt::format("{} ({}): '{}' written over '{}'{}", n->name(), n->op(), b->name(), a->name(),
                                variant ? fmt::format(" ({})", variant->fn) : ""));
  return true;
}

// Concat inputs produced straight into their slice of the output.
bool tryConcat(const Ctx& c, Classes& k, const Node* n, const std::vector<int>& calls) {
  const Lowered& lo = c.lowered.at(n);
  const Value* y = n->output(0);
  std::vector<std::string> names;
  for (int ci : calls) {
    const KernelCall& call = lo[size_t(ci)];
    const Value* x = call.args[0].value;
    const int64_t off = call.args[1].offset * int64_t(dtypeSize(y->dtype()));
    if (!x || x->isConstant() || countIn(n, x) != 1 || hasGraphInput(c, k, k.cls.at(x))) return false;
    for (const Value* m : k.members[size_t(k.cls.at(x))])
      if (m->isGraphOutput()) return false;
    // Sharing is legal between x's and y's alias groups (the same bytes hold the same data).
    const int gx = k.cls.at(x), gy = k.cls.at(y);
    std::vector<const Value*> xs = k.members[size_t(gx)], ys = k.members[size_t(gy)];
    auto allow = [&](const Value* p, const Value* q) {
      return std::find(ys.begin(), ys.end(), p) != ys.end() && std::find(xs.begin(), xs.end(), q) != xs.end();
    };
    if (!join(c, k, y, x, off, allow)) return false;
    k.shares.push_back({Share::Kind::ConcatSlice, x, y, n, ci, -1, -1, off});
    k.elided.insert({n, ci});
    names.push_back("'" + x->name() + "'");
  }
  k.notes.push_back(fmt::format("{} (Concat): {} produced in place", n->name(), fmt::join(names, ", ")));
  return true;
}

// The alias groups only (no in-place): the classes the lower bound counts.
Expected<Classes> aliasClasses(const Ctx& c) {
  Classes k = singletons(c);
  TA_TRY(joinAliases(c, k));
  return k;
}

// Greedy over the sharing opportunities in step order: each is kept when the
// arena (heuristic placement) does not grow; in-place variants that cost
// extra work only when it shrinks.
void decideSharing(const Ctx& c, Classes& k) {
  int64_t best = quickArena(c, k);
  auto attempt = [&](auto&& apply, bool strict) {
    Classes t = k;
    if (!apply(t)) return false;
    const int64_t size = quickArena(c, t);
    if (strict ? size >= best : size > best) return false;
    k = std::move(t);
    best = size;
    return true;
  };
  for (const Node* n : c.steps) {
    auto lo = c.lowered.find(n);
    if (lo == c.lowered.end() || lo->second.empty()) continue;
    const Lowered& calls = lo->second;
    if (n->op() == "Concat") {
      std::vector<int> copies;
      for (size_t i = 0; i < calls.size(); ++i)
        if (isPureCopy(calls[i]) && calls[i].args[2].i <= 1 && calls[i].args[0].value &&
            calls[i].args[1].value == n->output(0))
          copies.push_back(int(i));
      if (copies.empty()) continue;
      if (!attempt([&](Classes& t) { return tryConcat(c, t, n, copies); }, false))
        for (int ci : copies) attempt([&](Classes& t) { return tryConcat(c, t, n, {ci}); }, false);
      continue;
    }
    if (calls.size() != 1) continue;
    bool done = false;
    for (auto [ia, oa] : inPlaceCandidates(calls[0]))
      if (!done) done = attempt([&](Classes& t) { return tryInPlace(c, t, n, ia, oa, calls[0], nullptr); }, false);
    if (done) continue;
    if (auto v = inPlaceVariant(calls[0]))
      attempt([&](Classes& t) { return tryInPlace(c, t, n, 0, 3, calls[0], &*v); }, true);
  }
}

}  // namespace

Expected<MemoryPlan> planMemory(const Graph& g, std::map<const Node*, Lowered>& lowered, const PlanOptions& opts) {
  const Ctx c = analyze(g, lowered, opts);
  MemoryPlan plan;
  plan.numSteps = c.N;
  plan.steps = c.steps;
  plan.life = c.life;
  plan.ioInArena = opts.ioInArena;
  for (const Value* v : g.inputs()) plan.inputBytes.push_back(int64_t(v->type().bytes()));
  for (const Value* v : g.outputs()) plan.outputBytes.push_back(int64_t(v->type().bytes()));

  // The lower bound: alias groups only, the original calls' scratch.
  auto base = aliasClasses(c);
  if (!base) return base.status();
  {
    const Items it = buildItems(c, *base, resolve(c, *base));
    plan.liveNoShare.assign(size_t(c.N + 1), 0);
    for (size_t i = 0; i < it.items.size(); ++i) {
      const PlaceItem& p = it.items[i];
      plan.noShareIntervals.push_back({it.names[i], p.size, p.first, p.last});
      plan.sumIntermediates += alignUp(p.size, kGranule);
      for (int s = p.first; s <= p.last; ++s) plan.liveNoShare[size_t(s)] += alignUp(p.size, kGranule);
    }
    for (size_t s = 0; s < plan.liveNoShare.size(); ++s)
      if (plan.liveNoShare[s] > plan.lowerBound) {
        plan.lowerBound = plan.liveNoShare[s];
        plan.lowerBoundStep = int(s);
      }
  }

  Classes k = *base;
  if (opts.inPlace) decideSharing(c, k);
  const Resolved r = resolve(c, k);
  const Items it = buildItems(c, k, r);
  PlaceOptions po;
  po.searchNodeLimit = opts.searchNodeLimit;
  const PlaceResult placed = placeItems(it.items, po);

  // Buffers: classes (in value order), scratch, output slots.
  std::map<int, int> bufferOfClass;
  for (size_t cl = 0; cl < k.members.size(); ++cl) {
    if (k.members[cl].empty()) continue;
    Buffer b;
    b.root = k.members[cl].front();
    for (const Value* m : k.members[cl]) b.members.push_back({m, k.off.at(m)});
    b.bytes = classSize(c, k, int(cl));
    b.first = c.N;
    b.last = 0;
    for (const Value* m : k.members[cl]) {
      b.first = std::min(b.first, c.life.at(m).first);
      b.last = std::max(b.last, c.life.at(m).second);
      b.alignment = std::max(b.alignment, c.align.at(m));
    }
    b.storage = r.storage[cl];
    bufferOfClass[int(cl)] = int(plan.buffers.size());
    for (const Value* m : k.members[cl]) plan.bufferOf[m] = int(plan.buffers.size());
    plan.buffers.push_back(std::move(b));
  }
  for (size_t i = 0; i < it.items.size(); ++i) {
    int bi;
    if (it.classOf[i] >= 0) {
      bi = bufferOfClass.at(it.classOf[i]);
    } else {
      Buffer b;
      b.scratchOwner = it.scratchOf[i];
      b.outputSlot = it.slotOf[i];
      b.bytes = it.items[i].size;
      b.first = it.items[i].first;
      b.last = it.items[i].last;
      b.alignment = it.items[i].align;
      bi = int(plan.buffers.size());
      if (b.scratchOwner) plan.scratchOf[b.scratchOwner] = bi;
      plan.buffers.push_back(std::move(b));
    }
    plan.buffers[size_t(bi)].storage = {Storage::Kind::Arena, -1, placed.offsets[i]};
    plan.arenaAlign = std::max(plan.arenaAlign, it.items[i].align);
  }
  plan.arenaSize = alignUp(placed.size, kGranule);
  plan.outputCopies = r.copies;
  plan.shares = k.shares;
  plan.elidedCalls = k.elided;
  plan.stats.placement = placed.strategy;
  plan.stats.optimal = placed.optimal;
  plan.stats.searchNodes = placed.searchNodes;
  plan.stats.inPlace = k.notes;
  for (auto& [n, call] : k.variants) lowered.at(n)[0] = call;
  if (opts.ioInArena) {
    for (const Value* v : g.inputs()) plan.inputOffsets.push_back(plan.storageOf(v).offset);
    plan.outputOffsets.assign(g.outputs().size(), -1);
    for (size_t o = 0; o < g.outputs().size(); ++o)
      if (!g.outputs()[o]->isConstant()) plan.outputOffsets[o] = plan.storageOf(g.outputs()[o]).offset;
    for (const Buffer& b : plan.buffers)
      if (b.outputSlot >= 0) plan.outputOffsets[size_t(b.outputSlot)] = b.storage.offset;
  }
  TA_TRY(verifyPlan(plan, lowered));
  return plan;
}

}  // namespace tinyaot
