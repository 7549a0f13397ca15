// The memory planner: golden placements of hand-made live-interval sets, an
// exhaustive oracle on small random sets, and the verifier catching
// deliberately broken plans.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <random>

#include "ops/registry.h"
#include "passes/memory_plan.h"
#include "passes/plan_place.h"

using namespace tinyaot;

namespace {

// No two items live at a common step overlap; offsets aligned.
bool valid(const std::vector<PlaceItem>& items, const std::vector<int64_t>& off) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (off[i] < 0 || off[i] % items[i].align) return false;
    for (size_t j = i + 1; j < items.size(); ++j) {
      const bool time = items[i].first <= items[j].last && items[j].first <= items[i].last;
      const bool space = off[i] < off[j] + items[j].size && off[j] < off[i] + items[i].size;
      if (time && space) return false;
    }
  }
  return true;
}

int64_t top(const std::vector<PlaceItem>& items, const std::vector<int64_t>& off) {
  int64_t t = 0;
  for (size_t i = 0; i < items.size(); ++i) t = std::max(t, off[i] + items[i].size);
  return t;
}

// Exhaustive minimum over every offset (multiples of 4) below `limit`.
int64_t bruteForce(const std::vector<PlaceItem>& items, int64_t limit) {
  std::vector<int64_t> off(items.size(), 0);
  int64_t best = limit;
  std::function<void(size_t)> rec = [&](size_t i) {
    if (i == items.size()) {
      if (valid(items, off)) best = std::min(best, top(items, off));
      return;
    }
    for (int64_t o = 0; o + items[i].size <= best; o += 4) {
      off[i] = o;
      // Prune: must not collide with the already chosen ones.
      bool ok = true;
      for (size_t j = 0; j < i && ok; ++j) {
        const bool time = items[i].first <= items[j].last && items[j].first <= items[i].last;
        ok = !(time && o < off[j] + items[j].size && off[j] < o + items[i].size);
      }
      if (ok) rec(i + 1);
    }
  };
  rec(0);
  return best;
}

}  // namespace

TEST_CASE("placement: a chain where greedy by size is not optimal", "[memory]") {
  // Nine tensors of a fully connected autoencoder: 512-byte activations and
  // one 32-byte bottleneck, each live from its producer to its consumer.
  std::vector<PlaceItem> items;
  for (int i = 0; i < 9; ++i) items.push_back({i == 4 ? 32 : 512, 4, i, i + 1});
  int64_t greedy = 0;
  placeInOrder(items, heuristicOrder(items, "size"), &greedy);
  CHECK(greedy == 1056);  // the bottleneck lands on top of two 512s
  const PlaceResult r = placeItems(items);
  CHECK(r.lowerBound == 1024);
  CHECK(r.size == 1024);
  CHECK(r.optimal);
  CHECK(valid(items, r.offsets));
}

TEST_CASE("placement: disjoint lifetimes share offset 0", "[memory]") {
  std::vector<PlaceItem> items = {{100, 4, 0, 0}, {64, 4, 1, 1}, {200, 4, 2, 3}, {8, 4, 4, 4}};
  const PlaceResult r = placeItems(items);
  CHECK(r.size == 200);
  CHECK(r.lowerBound == 200);
  for (int64_t o : r.offsets) CHECK(o == 0);
}

TEST_CASE("placement: an interval set whose optimum is above the live-bytes bound", "[memory]") {
  // (size, first, last): every step holds exactly 16 live bytes, yet no
  // placement fits in 16 (found by exhaustive search); the optimum is 20.
  std::vector<PlaceItem> items = {{8, 4, 0, 1}, {8, 4, 0, 2}, {4, 4, 2, 3}, {4, 4, 2, 4},
                                  {4, 4, 3, 4}, {4, 4, 3, 3}, {8, 4, 4, 5}, {8, 4, 5, 5}};
  const PlaceResult r = placeItems(items);
  CHECK(r.lowerBound == 16);
  CHECK(r.size == 20);
  CHECK(r.optimal);  // the search finished: 20 is proven optimal
  CHECK(valid(items, r.offsets));
  CHECK(bruteForce(items, 24) == 20);
}

TEST_CASE("placement: alignment requests are honoured", "[memory]") {
  std::vector<PlaceItem> items = {{4, 4, 0, 0}, {16, 16, 0, 1}, {8, 4, 1, 1}, {20, 16, 2, 2}, {12, 4, 2, 2}};
  const PlaceResult r = placeItems(items);
  CHECK(valid(items, r.offsets));
  CHECK(r.offsets[1] % 16 == 0);
  CHECK(r.offsets[3] % 16 == 0);
  CHECK(r.size == 32);  // step 2: 20 rounded to 16 + 12
}

TEST_CASE("placement: matches an exhaustive search on small random sets", "[memory]") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 150; ++trial) {
    const int n = 2 + int(rng() % 5);
    std::vector<PlaceItem> items;
    int64_t sum = 0;
    for (int i = 0; i < n; ++i) {
      const int first = int(rng() % 4);
      items.push_back({4 * int64_t(1 + rng() % 3), 4, first, first + int(rng() % 3)});
      sum += items.back().size;
    }
    PlaceOptions po;
    po.searchNodeLimit = 1000000;
    const PlaceResult r = placeItems(items, po);
    INFO("trial " << trial);
    REQUIRE(valid(items, r.offsets));
    CHECK(r.size == top(items, r.offsets));
    CHECK(r.optimal);
    CHECK(r.size == bruteForce(items, sum + 4));
  }
}

// --- the verifier on plans of a real graph -------------------------------------------------

namespace {

TensorType f32(Shape s) { return TensorType{DType::F32, std::move(s), std::nullopt}; }

struct Planned {
  std::unique_ptr<Graph> g;
  std::map<const Node*, Lowered> lowered;
  MemoryPlan plan;
};

// x -> r1 = Relu(x) -> r2 = Relu(r1) -> s = Add(r1, r2) -> y = Relu(s) (output)
Planned residual(bool inPlace) {
  Planned p;
  p.g = std::make_unique<Graph>();
  Graph& g = *p.g;
  Value* x = g.addValue("x", f32({1, 64}));
  g.addInput(x);
  Value *r1 = g.addValue("r1", {}), *r2 = g.addValue("r2", {}), *s = g.addValue("s", {}), *y = g.addValue("y", {});
  g.addNode("Relu", "relu1", {x}, {r1}, 13);
  g.addNode("Relu", "relu2", {r1}, {r2}, 13);
  g.addNode("Add", "add", {r1, r2}, {s}, 13);
  g.addNode("Relu", "relu3", {s}, {y}, 13);
  g.addOutput(y);
  for (Node* n : g.nodes()) REQUIRE(findOp(n->op())->infer(*n, g).isOk());
  for (Node* n : g.nodes()) p.lowered[n] = *findOp(n->op())->lower(*n, LowerContext{});
  PlanOptions o;
  o.inPlace = inPlace;
  auto plan = planMemory(g, p.lowered, o);
  REQUIRE(plan);
  p.plan = *plan;
  return p;
}

const Value* val(const Graph& g, const char* name) { return g.findValue(name); }
Buffer& bufferOf(MemoryPlan& p, const Value* v) { return p.buffers[size_t(p.bufferOf.at(v))]; }

}  // namespace

TEST_CASE("verifier: a planned graph verifies; in-place only where the input dies", "[memory]") {
  Planned p = residual(true);
  REQUIRE(verifyPlan(p.plan, p.lowered).isOk());
  // r2 cannot overwrite r1 (the Add reads r1 later); s may overwrite r1 or r2.
  CHECK(p.plan.bufferOf.at(val(*p.g, "r1")) != p.plan.bufferOf.at(val(*p.g, "r2")));
  CHECK(p.plan.bufferOf.at(val(*p.g, "s")) == p.plan.bufferOf.at(val(*p.g, "r1")));
  // s over r1, then y over s: y is the graph output, so r1 and s live in the
  // caller's output buffer from the start; only r2 needs the arena.
  CHECK(p.plan.storageOf(val(*p.g, "r1")).kind == Storage::Kind::Output);
  CHECK(p.plan.arenaSize == 256);
  CHECK(p.plan.lowerBound == 768);  // r1 + r2 + s at the Add, without sharing
  Planned flat = residual(false);
  CHECK(flat.plan.arenaSize == flat.plan.lowerBound);
  CHECK(flat.plan.arenaSize == 768);
}

TEST_CASE("verifier: catches overlapping tensors", "[memory]") {
  Planned p = residual(false);
  Buffer& a = bufferOf(p.plan, val(*p.g, "r1"));
  Buffer& b = bufferOf(p.plan, val(*p.g, "r2"));
  b.storage.offset = a.storage.offset + 4;
  const Status s = verifyPlan(p.plan, p.lowered);
  REQUIRE_FALSE(s.isOk());
  CHECK_THAT(s.message(), Catch::Contains("overlaps") && Catch::Contains("'r1'") && Catch::Contains("'r2'"));
}

TEST_CASE("verifier: catches tensors outside the arena and misaligned ones", "[memory]") {
  Planned p = residual(false);
  Buffer& a = bufferOf(p.plan, val(*p.g, "r2"));
  const int64_t good = a.storage.offset;
  a.storage.offset = p.plan.arenaSize - 8;
  CHECK_THAT(verifyPlan(p.plan, p.lowered).message(), Catch::Contains("outside the"));
  a.storage.offset = good + 2;
  p.plan.arenaSize += 16;
  CHECK_THAT(verifyPlan(p.plan, p.lowered).message(), Catch::Contains("aligned"));
}

TEST_CASE("verifier: an in-place share is checked against liveness and the kernel", "[memory]") {
  Planned p = residual(false);
  const Value *r1 = val(*p.g, "r1"), *r2 = val(*p.g, "r2");
  const Node* relu2 = r2->producer();
  // Pretend relu2 writes r2 over r1: r1 is still read by the Add afterwards.
  bufferOf(p.plan, r2).storage.offset = bufferOf(p.plan, r1).storage.offset;
  p.plan.shares.push_back({Share::Kind::InPlace, r1, r2, relu2, 0, 0, 1});
  CHECK_THAT(verifyPlan(p.plan, p.lowered).message(), Catch::Contains("no legal sharing"));
  // A legal-looking pair with a kernel that has no in-place rule is refused too.
  Planned q = residual(false);
  const Value *s = val(*q.g, "s"), *qr2 = val(*q.g, "r2");
  const Node* add = s->producer();
  bufferOf(q.plan, s).storage.offset = bufferOf(q.plan, qr2).storage.offset;
  q.plan.shares.push_back({Share::Kind::InPlace, qr2, s, add, 0, 1, 2});
  REQUIRE(verifyPlan(q.plan, q.lowered).isOk());  // ta_binary allows out over b
  q.lowered[add][0].fn = "ta_matmul";
  CHECK_FALSE(verifyPlan(q.plan, q.lowered).isOk());
}

TEST_CASE("verifier: catches scratch over a live tensor and bogus elided calls", "[memory]") {
  Planned p = residual(false);
  Buffer scratch;
  scratch.scratchOwner = val(*p.g, "r2")->producer();
  scratch.bytes = 16;
  scratch.first = scratch.last = 1;
  scratch.storage.offset = bufferOf(p.plan, val(*p.g, "r1")).storage.offset;
  p.plan.buffers.push_back(scratch);
  CHECK_THAT(verifyPlan(p.plan, p.lowered).message(), Catch::Contains("scratch"));
  Planned q = residual(false);
  q.plan.elidedCalls.insert({val(*q.g, "s")->producer(), 0});
  CHECK_THAT(verifyPlan(q.plan, q.lowered).message(), Catch::Contains("not a copy onto itself"));
}

TEST_CASE("planner: --io-in-arena puts inputs and outputs in the arena", "[memory]") {
  Planned p;
  p.g = std::make_unique<Graph>();
  Graph& g = *p.g;
  Value* x = g.addValue("x", f32({1, 16}));
  g.addInput(x);
  Value *a = g.addValue("a", {}), *y = g.addValue("y", {});
  g.addNode("Relu", "r1", {x}, {a}, 13);
  g.addNode("Relu", "r2", {a}, {y}, 13);
  g.addOutput(y);
  for (Node* n : g.nodes()) REQUIRE(findOp(n->op())->infer(*n, g).isOk());
  for (Node* n : g.nodes()) p.lowered[n] = *findOp(n->op())->lower(*n, LowerContext{});
  PlanOptions o;
  o.ioInArena = true;
  auto plan = planMemory(g, p.lowered, o);
  REQUIRE(plan);
  CHECK(plan->storageOf(x).kind == Storage::Kind::Arena);
  CHECK(plan->storageOf(y).kind == Storage::Kind::Arena);
  REQUIRE(plan->inputOffsets.size() == 1);
  REQUIRE(plan->outputOffsets.size() == 1);
  CHECK(plan->arenaSize == 64);  // x, a and y all written over each other in place
  CHECK(plan->outputOffsets[0] == plan->storageOf(y).offset);
  o.inPlace = false;
  auto flat = planMemory(g, p.lowered, o);
  REQUIRE(flat);
  CHECK(flat->arenaSize == 128);
  CHECK(flat->arenaSize == flat->lowerBound);
}
