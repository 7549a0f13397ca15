#include "passes/schedule.h"

#include <algorithm>

#include "ops/registry.h"
#include "passes/pass.h"

namespace tinyaot {

namespace {

int64_t round4(int64_t b) { return (std::max<int64_t>(b, 1) + 3) / 4 * 4; }

// The cost model: activation "objects" (a value and its reshape-like
// aliases share bytes), who makes them, who reads them, how big they are.
struct Model {
  struct Obj {
    int64_t bytes = 0;
    bool counted = true;  // lives in the arena
    bool pinned = false;  // a graph output: live to the end
    std::vector<int> consumers;
  };
  std::vector<Node*> nodes;
  std::vector<std::vector<int>> preds, creates, touches;
  std::vector<int64_t> scratch;
  std::vector<Obj> objs;
  int64_t initialLive = 0;
  size_t words = 0;

  Model(const Graph& g, const std::map<const Node*, int64_t>& scr, const ScheduleOptions& opts) {
    nodes = g.nodes();
    const int n = int(nodes.size());
    words = size_t(n + 63) / 64;
    preds.assign(size_t(n), {});
    creates.assign(size_t(n), {});
    touches.assign(size_t(n), {});
    scratch.assign(size_t(n), 0);
    std::map<const Value*, int> objOf, producer;
    std::map<const Node*, int> index;
    for (int i = 0; i < n; ++i) index[nodes[size_t(i)]] = i;
    auto newObj = [&](const Value* v) {
      objOf[v] = int(objs.size());
      Obj o;
      o.bytes = round4(int64_t(v->type().bytes()));
      objs.push_back(o);
    };
    for (const Value* v : g.inputs())
      if (!objOf.count(v)) {
        newObj(v);
        objs.back().counted = opts.ioInArena;
      }
    for (int i = 0; i < n; ++i) {
      const Node* node = nodes[size_t(i)];
      if (auto it = scr.find(node); it != scr.end()) scratch[size_t(i)] = it->second;
      const OpDef* def = findOp(node->op());
      const bool alias = def && def->alias && node->input(0) && !node->input(0)->isConstant();
      for (const Value* v : node->outputs()) {
        if (!v) continue;
        producer[v] = i;
        if (alias && v == node->output(0)) {
          objOf[v] = objOf.at(node->input(0));
        } else {
          newObj(v);
          creates[size_t(i)].push_back(objOf.at(v));
        }
      }
    }
    for (int i = 0; i < n; ++i)
      for (const Value* v : nodes[size_t(i)]->inputs()) {
        if (!v || v->isConstant() || !objOf.count(v)) continue;
        const int o = objOf.at(v);
        auto& t = touches[size_t(i)];
        if (std::find(t.begin(), t.end(), o) == t.end()) t.push_back(o);
        auto& c = objs[size_t(o)].consumers;
        if (std::find(c.begin(), c.end(), i) == c.end()) c.push_back(i);
        if (producer.count(v)) {
          auto& p = preds[size_t(i)];
          if (std::find(p.begin(), p.end(), producer.at(v)) == p.end()) p.push_back(producer.at(v));
        }
      }
    for (const Value* v : g.outputs())
      if (objOf.count(v)) {
        Obj& o = objs[size_t(objOf.at(v))];
        o.pinned = true;
        if (!opts.ioInArena) o.counted = false;  // in the caller's output buffer
      }
    for (const Value* v : g.inputs())
      if (objOf.count(v)) {
        Obj& o = objs[size_t(objOf.at(v))];
        if (!opts.ioInArena) o.counted = false;
      }
    for (const Value* v : g.inputs())
      if (objOf.count(v) && objs[size_t(objOf.at(v))].counted) initialLive += objs[size_t(objOf.at(v))].bytes;
  }

  static bool has(const std::vector<uint64_t>& b, int i) { return (b[size_t(i) / 64] >> (i % 64)) & 1; }
  static void set(std::vector<uint64_t>& b, int i) { b[size_t(i) / 64] |= uint64_t(1) << (i % 64); }

  bool ready(const std::vector<uint64_t>& done, int v) const {
    if (has(done, v)) return false;
    for (int p : preds[size_t(v)])
      if (!has(done, p)) return false;
    return true;
  }

  // Live bytes during node v and after it, given the executed set `done` (without v).
  std::pair<int64_t, int64_t> step(const std::vector<uint64_t>& done, int64_t live, int v) const {
    int64_t during = live + scratch[size_t(v)];
    for (int o : creates[size_t(v)])
      if (objs[size_t(o)].counted) during += objs[size_t(o)].bytes;
    int64_t after = during - scratch[size_t(v)];
    auto dead = [&](int o) {
      const Obj& ob = objs[size_t(o)];
      if (!ob.counted || ob.pinned) return false;
      for (int c : ob.consumers)
        if (c != v && !has(done, c)) return false;
      return true;
    };
    for (int o : creates[size_t(v)])
      if (dead(o)) after -= objs[size_t(o)].bytes;
    for (int o : touches[size_t(v)])
      if (dead(o) && std::find(creates[size_t(v)].begin(), creates[size_t(v)].end(), o) == creates[size_t(v)].end())
        after -= objs[size_t(o)].bytes;
    return {during, after};
  }
};

}  // namespace

int64_t schedulePeak(const Graph& g, const std::vector<Node*>& order, const std::map<const Node*, int64_t>& scratch,
                     const ScheduleOptions& opts) {
  Model m(g, scratch, opts);
  std::map<const Node*, int> index;
  for (size_t i = 0; i < m.nodes.size(); ++i) index[m.nodes[i]] = int(i);
  std::vector<uint64_t> done(m.words, 0);
  int64_t live = m.initialLive, peak = live;
  for (Node* n : order) {
    const int v = index.at(n);
    auto [during, after] = m.step(done, live, v);
    peak = std::max(peak, during);
    live = after;
    Model::set(done, v);
  }
  return peak;
}

ScheduleResult scheduleForMemory(const Graph& g, const std::map<const Node*, int64_t>& scratch,
                                 const ScheduleOptions& opts) {
  Model m(g, scratch, opts);
  ScheduleResult r;
  r.order = m.nodes;
  r.peakBefore = r.peakAfter = schedulePeak(g, m.nodes, scratch, opts);
  const int n = int(m.nodes.size());
  if (n == 0) return r;

  struct State {
    std::vector<uint64_t> done;
    int64_t peak, live;
    int parent, node;
  };
  std::vector<std::vector<State>> levels(1);
  levels[0].push_back({std::vector<uint64_t>(m.words, 0), m.initialLive, m.initialLive, -1, -1});
  for (int k = 0; k < n; ++k) {
    std::map<std::vector<uint64_t>, int> seen;
    std::vector<State> next;
    const auto& cur = levels.back();
    for (size_t si = 0; si < cur.size(); ++si) {
      const State& s = cur[si];
      for (int v = 0; v < n; ++v) {
        if (!m.ready(s.done, v)) continue;
        auto [during, after] = m.step(s.done, s.live, v);
        State t{s.done, std::max(s.peak, during), after, int(si), v};
        Model::set(t.done, v);
        ++r.states;
        auto it = seen.find(t.done);
        if (it == seen.end()) {
          seen.emplace(t.done, int(next.size()));
          next.push_back(std::move(t));
        } else {
          State& old = next[size_t(it->second)];
          if (t.peak < old.peak || (t.peak == old.peak && t.live < old.live)) old = std::move(t);
        }
      }
    }
    if (int64_t(next.size()) > opts.beamWidth) {
      std::stable_sort(next.begin(), next.end(), [](const State& a, const State& b) {
        if (a.peak != b.peak) return a.peak < b.peak;
        return a.live < b.live;
      });
      next.resize(size_t(opts.beamWidth));
      r.exact = false;
    }
    levels.push_back(std::move(next));
  }
  // One state holds every node; walk back to the order.
  const State* s = &levels.back().front();
  const int64_t best = s->peak;
  std::vector<Node*> order(static_cast<size_t>(n), nullptr);
  for (int k = n; k > 0; --k) {
    order[size_t(k - 1)] = m.nodes[size_t(s->node)];
    s = &levels[size_t(k - 1)][size_t(s->parent)];
  }
  if (best < r.peakBefore) {
    r.order = order;
    r.peakAfter = best;
    r.changed = true;
  }
  return r;
}

Expected<bool> runSchedule(Graph& g, PassContext& ctx) {
  std::map<const Node*, int64_t> scratch;
  for (const Node* n : g.nodes()) {
    const OpDef* def = findOp(n->op());
    if (!def || def->alias || !def->lower) continue;
    auto l = def->lower(*n, ctx.lower);
    if (!l) return l.status();
    for (const KernelCall& k : *l) scratch[n] = std::max(scratch[n], k.scratchBytes());
  }
  ScheduleResult r = scheduleForMemory(g, scratch);
  if (r.changed) g.setOrder(r.order);
  return r.changed;
}

}  // namespace tinyaot
