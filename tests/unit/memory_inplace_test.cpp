// In-place memory tricks: the in-place depthwise kernels against a naive
// convolution written here, planned programs (shared arena, in-place calls,
// elided Concat copies) executed call by call against results computed here,
// the memory-minimizing schedule, and the report and budgets.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "driver/pipeline.h"
#include "eval/evaluator.h"
#include "onnx_builder.h"
#include "ops/registry.h"
#include "passes/plan_kernels.h"
#include "passes/schedule.h"
#include "report/memory_report.h"
#include "tinyaot_rt.h"

using namespace tinyaot;

namespace {

TensorType f32(Shape s) { return TensorType{DType::F32, std::move(s), std::nullopt}; }

std::vector<float> randomVec(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(-1, 1);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

struct Geom {
  int n, c, h, w, kh, kw, sh, sw, dh, dw, pt, pl, pb, pr;
  int oh() const { return (h + pt + pb - ((kh - 1) * dh + 1)) / sh + 1; }
  int ow() const { return (w + pl + pr - ((kw - 1) * dw + 1)) / sw + 1; }
};

// Depthwise convolution, zero padding, double accumulation.
std::vector<float> naiveDw(const Geom& g, const std::vector<float>& x, const std::vector<float>& wt,
                           const std::vector<float>& b) {
  std::vector<float> y(size_t(g.n * g.c * g.oh() * g.ow()));
  for (int i = 0; i < g.n * g.c; ++i)
    for (int oy = 0; oy < g.oh(); ++oy)
      for (int ox = 0; ox < g.ow(); ++ox) {
        double acc = b[size_t(i % g.c)];
        for (int ky = 0; ky < g.kh; ++ky)
          for (int kx = 0; kx < g.kw; ++kx) {
            const int iy = oy * g.sh - g.pt + ky * g.dh, ix = ox * g.sw - g.pl + kx * g.dw;
            if (iy >= 0 && iy < g.h && ix >= 0 && ix < g.w)
              acc += double(wt[size_t((i % g.c) * g.kh * g.kw + ky * g.kw + kx)]) *
                     x[size_t((i * g.h + iy) * g.w + ix)];
          }
        y[size_t((i * g.oh() + oy) * g.ow() + ox)] = float(acc);
      }
  return y;
}

const std::vector<Geom> kGeoms = {
    {1, 4, 8, 8, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},    // same size
    {1, 3, 9, 9, 3, 3, 2, 2, 1, 1, 0, 0, 1, 1},    // stride 2, TF 'same' pads
    {1, 3, 8, 8, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1},    // stride 2, pad 1
    {2, 3, 10, 6, 5, 5, 1, 1, 1, 1, 2, 2, 2, 2},   // 5x5, batch 2
    {1, 2, 7, 5, 3, 1, 1, 1, 1, 1, 0, 0, 0, 0},    // shrinking, 3x1
    {1, 2, 12, 12, 3, 3, 1, 1, 2, 2, 2, 2, 2, 2},  // dilation 2
    {1, 5, 6, 11, 3, 3, 1, 2, 1, 1, 1, 1, 1, 1},   // stride (1, 2)
};

}  // namespace

TEST_CASE("in-place depthwise f32: output over its input, as a naive convolution", "[memory][inplace]") {
  int seed = 1;
  for (const Geom& g : kGeoms) {
    INFO("geometry " << g.c << "x" << g.h << "x" << g.w << " k" << g.kh << "x" << g.kw << " s" << g.sh << " p" << g.pt);
    const auto x = randomVec(size_t(g.n * g.c * g.h * g.w), uint32_t(seed++));
    const auto wt = randomVec(size_t(g.c * g.kh * g.kw), uint32_t(seed++));
    const auto b = randomVec(size_t(g.c), uint32_t(seed++));
    const int ring = dwInPlaceRingRows(g.h, g.w, g.oh(), g.ow(), g.sh, g.pt);
    REQUIRE(ring > 0);
    auto run = [&](int rows) {
      std::vector<float> buf = x;  // input and output share this buffer
      std::vector<float> scratch(size_t(rows * g.ow()));
      tinyaot_rt::ta_dwconv2d_f32_inplace(buf.data(), wt.data(), b.data(), buf.data(), g.n, g.c, g.h, g.w, g.c, g.kh,
                                          g.kw, g.oh(), g.ow(), g.sh, g.sw, g.dh, g.dw, g.pt, g.pl, g.c, -INFINITY,
                                          INFINITY, scratch.data(), rows);
      buf.resize(size_t(g.n * g.c * g.oh() * g.ow()));
      return buf;
    };
    const auto want = naiveDw(g, x, wt, b);
    const auto got = run(ring);
    for (size_t i = 0; i < want.size(); ++i) REQUIRE(std::fabs(got[i] - want[i]) <= 1e-5f);
    // Bit for bit what the ordinary kernel computes out of place.
    std::vector<float> out(want.size());
    tinyaot_rt::ta_conv2d_f32(x.data(), wt.data(), b.data(), out.data(), g.n, g.c, g.h, g.w, g.c, g.kh, g.kw, g.oh(),
                              g.ow(), g.sh, g.sw, g.dh, g.dw, g.pt, g.pl, g.c, -INFINITY, INFINITY);
    CHECK(std::memcmp(out.data(), got.data(), out.size() * sizeof(float)) == 0);
    // The ring size is tight: one row less corrupts the result.
    if (ring > 1) CHECK(run(ring - 1) != got);
  }
  // An output larger than its input cannot be written over it.
  CHECK(dwInPlaceRingRows(4, 4, 6, 6, 1, 2) == 0);
}

TEST_CASE("in-place depthwise int8 equals ta_dwconv2d_q8", "[memory][inplace]") {
  std::mt19937 rng(5);
  for (const Geom& g : kGeoms) {
    std::vector<int8_t> x(size_t(g.n * g.c * g.h * g.w)), wt(size_t(g.c * g.kh * g.kw));
    for (auto& v : x) v = int8_t(int(rng() % 256) - 128);
    for (auto& v : wt) v = int8_t(int(rng() % 255) - 127);
    std::vector<int32_t> bias(size_t(g.c)), mult(size_t(g.c)), shift(size_t(g.c));
    for (int c = 0; c < g.c; ++c) {
      bias[size_t(c)] = int32_t(rng() % 2000) - 1000;
      mult[size_t(c)] = 1073741824 + int32_t(rng() % 1000000);
      shift[size_t(c)] = -7 - int32_t(rng() % 3);
    }
    const int oh = g.oh(), ow = g.ow();
    std::vector<int8_t> want(size_t(g.n * g.c * oh * ow));
    tinyaot_rt::ta_dwconv2d_q8<int8_t, int8_t, int8_t>(x.data(), wt.data(), bias.data(), want.data(), g.n, g.c, g.h,
                                                       g.w, g.c, g.kh, g.kw, oh, ow, g.sh, g.sw, g.dh, g.dw, g.pt, g.pl,
                                                       -3, mult.data(), shift.data(), 1, 5, -128, 127);
    const int ring = dwInPlaceRingRows(g.h, g.w, oh, ow, g.sh, g.pt);
    std::vector<int8_t> buf = x, scratch(size_t(ring * ow));
    tinyaot_rt::ta_dwconv2d_q8_inplace<int8_t, int8_t, int8_t>(
        buf.data(), wt.data(), bias.data(), buf.data(), g.n, g.c, g.h, g.w, g.c, g.kh, g.kw, oh, ow, g.sh, g.sw, g.dh,
        g.dw, g.pt, g.pl, -3, mult.data(), shift.data(), 1, 5, -128, 127, scratch.data(), ring);
    buf.resize(want.size());
    CHECK(buf == want);
  }
}

// --- planned programs, executed call by call --------------------------------------------------

namespace {

struct Program {
  std::unique_ptr<Graph> g = std::make_unique<Graph>();
  std::map<const Node*, Lowered> lowered;
  MemoryPlan plan;

  void finish(PlanOptions o = {}) {
    for (Node* n : g->nodes()) REQUIRE(findOp(n->op())->infer(*n, *g).isOk());
    for (Node* n : g->nodes())
      if (!findOp(n->op())->alias) lowered[n] = *findOp(n->op())->lower(*n, LowerContext{});
    auto p = planMemory(*g, lowered, o);
    REQUIRE(p);
    plan = *p;
  }

  // Runs the plan: one arena, the caller's buffers, calls in order, elided calls skipped.
  std::vector<std::vector<float>> run(const std::vector<std::vector<float>>& inputs) {
    std::vector<float> arena(size_t(plan.arenaSize / 4 + 16), NAN);
    std::vector<std::vector<float>> in = inputs, out;
    for (const Value* v : g->outputs()) out.emplace_back(size_t(v->type().elements()), NAN);
    auto base = [&](const Storage& s) -> uint8_t* {
      switch (s.kind) {
        case Storage::Kind::Arena: return reinterpret_cast<uint8_t*>(arena.data());
        case Storage::Kind::Input: return reinterpret_cast<uint8_t*>(in[size_t(s.index)].data());
        case Storage::Kind::Output: return reinterpret_cast<uint8_t*>(out[size_t(s.index)].data());
        default: return nullptr;
      }
    };
    std::map<const Value*, void*> data;
    for (const Value* v : g->values()) {
      if (v->isConstant()) data[v] = const_cast<uint8_t*>(v->data().data());
      else if (plan.bufferOf.count(v)) data[v] = base(plan.storageOf(v)) + plan.storageOf(v).offset;
    }
    for (const Node* n : plan.steps) {
      auto it = lowered.find(n);
      if (it == lowered.end()) continue;
      for (size_t c = 0; c < it->second.size(); ++c)
        if (!plan.elidedCalls.count({n, int(c)})) REQUIRE(invokeKernel(it->second[c], data).isOk());
    }
    for (auto& [v, idx] : plan.outputCopies)
      std::memcpy(out[size_t(idx)].data(), data.at(v), v->type().bytes());
    return out;
  }
};

}  // namespace

TEST_CASE("planner: depthwise convolution in place when it shrinks the arena", "[memory][inplace]") {
  Program p;
  Graph& g = *p.g;
  const Geom geo{1, 8, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1};
  Value* x = g.addValue("x", f32({1, 8, 16, 16}));
  g.addInput(x);
  const auto wv = randomVec(72, 3), bv = randomVec(8, 4);
  Value* w = g.addConstantOf<float>("w", DType::F32, {8, 1, 3, 3}, wv);
  Value* b = g.addConstantOf<float>("b", DType::F32, {8}, bv);
  Value *a = g.addValue("a", {}), *c = g.addValue("c", {}), *y = g.addValue("y", {});
  g.addNode("Relu", "relu", {x}, {a}, 13);
  Node* conv = g.addNode("Conv", "dw", {a, w, b}, {c}, 13);
  conv->attrs().setInts("pads", {1, 1, 1, 1});
  conv->attrs().setInt("group", 8);
  g.addNode("GlobalAveragePool", "gap", {c}, {y}, 13);
  g.addOutput(y);
  p.finish();
  CHECK(p.lowered.at(conv)[0].fn == "ta_dwconv2d_f32_inplace");
  CHECK(p.plan.lowerBound == 16384);
  CHECK(p.plan.arenaSize == 8192 + 2 * 16 * 4);  // one tensor and a 2-row ring
  CHECK(p.plan.storageOf(a).offset == p.plan.storageOf(c).offset);
  const auto xv = randomVec(2048, 9);
  std::vector<float> relu(xv.size());
  for (size_t i = 0; i < xv.size(); ++i) relu[i] = std::max(xv[i], 0.0f);
  const auto conv_ref = naiveDw(geo, relu, wv, bv);
  const auto got = p.run({xv})[0];
  for (int ch = 0; ch < 8; ++ch) {
    double mean = 0;
    for (int i = 0; i < 256; ++i) mean += conv_ref[size_t(ch * 256 + i)];
    CHECK(std::fabs(got[size_t(ch)] - mean / 256) <= 1e-5);
  }
}

TEST_CASE("planner: Concat inputs are produced in their slice", "[memory][inplace]") {
  for (int axis : {1, 2}) {
    Program p;
    Graph& g = *p.g;
    Value* x = g.addValue("x", f32({1, 4, 8}));
    g.addInput(x);
    Value *a = g.addValue("a", {}), *b = g.addValue("b", {}), *c = g.addValue("c", {}), *y = g.addValue("y", {});
    g.addNode("Relu", "relu", {x}, {a}, 13);
    g.addNode("Abs", "abs", {x}, {b}, 13);
    g.addNode("Concat", "cat", {a, x, b}, {c}, 13)->attrs().setInt("axis", axis);
    g.addNode("Sigmoid", "sig", {c}, {y}, 13);
    g.addOutput(y);
    p.finish();
    INFO("axis " << axis);
    // axis 1 has one outer row: a and b land in place, x (a graph input) is copied.
    CHECK(p.plan.elidedCalls.size() == (axis == 1 ? 2u : 0u));
    const auto xv = randomVec(32, 11);
    const auto got = p.run({xv})[0];
    std::vector<float> want;
    auto f = [&](int part, float v) { return part == 0 ? std::max(v, 0.0f) : part == 1 ? v : std::fabs(v); };
    if (axis == 1) {
      for (int part = 0; part < 3; ++part)
        for (float v : xv) want.push_back(f(part, v));
    } else {
      for (int ch = 0; ch < 4; ++ch)
        for (int part = 0; part < 3; ++part)
          for (int i = 0; i < 8; ++i) want.push_back(f(part, xv[size_t(ch * 8 + i)]));
    }
    REQUIRE(got.size() == want.size());
    for (size_t i = 0; i < want.size(); ++i) CHECK(std::fabs(got[i] - 1 / (1 + std::exp(-want[i]))) <= 1e-6);
  }
}

// --- the schedule ------------------------------------------------------------------------------

TEST_CASE("schedule: finishes one branch before starting the next", "[memory][schedule]") {
  Graph g;
  Value* x = g.addValue("x", f32({1, 1, 8, 8}));
  g.addInput(x);
  auto conv = [&](const char* name, Value* in, int64_t m, int64_t c, uint32_t seed) {
    Value* w = g.addConstantOf<float>(std::string(name) + "_w", DType::F32, {m, c, 1, 1},
                                      randomVec(size_t(m * c), seed));
    Value* out = g.addValue(name, {});
    g.addNode("Conv", name, {in, w}, {out}, 13);
    return out;
  };
  // Bad order: both wide intermediates live at once.
  Value* a1 = conv("a1", x, 16, 1, 1);
  Value* b1 = conv("b1", x, 16, 1, 2);
  Value* a2 = conv("a2", a1, 1, 16, 3);
  Value* b2 = conv("b2", b1, 1, 16, 4);
  Value* y = g.addValue("y", {});
  g.addNode("Add", "add", {a2, b2}, {y}, 13);
  g.addOutput(y);
  for (Node* n : g.nodes()) REQUIRE(findOp(n->op())->infer(*n, g).isOk());
  const std::map<const Node*, int64_t> none;
  const ScheduleResult r = scheduleForMemory(g, none);
  CHECK(r.peakBefore == 8448);  // a1 + b1 + a2
  CHECK(r.peakAfter == 4608);   // a2 + b1 + b2
  CHECK(r.exact);
  REQUIRE(r.changed);
  CHECK(schedulePeak(g, r.order, none) == r.peakAfter);
  CHECK(scheduleForMemory(g, none).order == r.order);  // deterministic
  g.setOrder(r.order);
  CHECK(g.verify().isOk());  // still topological
  CHECK_FALSE(scheduleForMemory(g, none).changed);
}

// --- the report and the budgets ---------------------------------------------------------------

namespace {

CompiledModel compileSmall(CompileOptions& o) {
  testutil::OnnxBuilder b(13);
  b.input("x", {1, 4, 8, 8});
  b.floatInit("w", {8, 4, 1, 1}, randomVec(32, 1));
  b.node("Conv", {"x", "w"}, {"c"}, "conv");
  b.node("Relu", {"c"}, {"r"}, "relu");
  b.node("GlobalAveragePool", {"r"}, {"y"}, "gap");
  b.output("y");
  const auto dir = std::filesystem::temp_directory_path() / "tinyaot_memory_test";
  std::filesystem::create_directories(dir);
  const auto path = dir / "small.onnx";
  std::ofstream(path, std::ios::binary) << b.bytes();
  o.modelPath = path.string();
  std::ostringstream log;
  auto m = compileModel(o, log);
  REQUIRE(m);
  return std::move(*m);
}

}  // namespace

TEST_CASE("report: JSON and a self-contained HTML page", "[memory][report]") {
  CompileOptions o;
  CompiledModel m = compileSmall(o);
  const std::string json = memoryReportJson(m);
  CHECK_THAT(json, Catch::Contains(fmt::format("\"arena_bytes\": {}", m.plan.arenaSize)));
  CHECK_THAT(json, Catch::Contains("\"lower_bound_bytes\"") && Catch::Contains("\"macs\": 2048"));
  const std::string html = memoryReportHtml(m);
  CHECK_THAT(html, Catch::Contains("<svg") && Catch::Contains("lower bound"));
  CHECK_THAT(html, !Catch::Contains("src=") && !Catch::Contains("href=") && !Catch::Contains("@import"));
  CHECK(memoryReportJson(m) == json);  // deterministic
  CHECK_THAT(memorySummary(m), Catch::Contains("arena"));
}

TEST_CASE("budgets: a clear error naming the peak", "[memory][report]") {
  CompileOptions o;
  CompiledModel m = compileSmall(o);
  CHECK(checkBudgets(m, o).isOk());
  o.ramBudget = m.plan.arenaSize - 4;
  const Status s = checkBudgets(m, o);
  REQUIRE_FALSE(s.isOk());
  CHECK_THAT(s.message(), Catch::Contains("RAM budget") && Catch::Contains("peak is at step") &&
                              Catch::Contains("'conv'") && Catch::Contains("'c'"));
  o.ramBudget = 0;  // none
  o.targetRamBytes = 16;
  o.target = "tiny";
  CHECK(checkBudgets(m, o).isOk());
  o.ramBudget = -1;  // the target's
  CHECK_THAT(checkBudgets(m, o).message(), Catch::Contains("target 'tiny'"));
  o.targetRamBytes = 0;
  o.flashBudget = 64;
  CHECK_THAT(checkBudgets(m, o).message(), Catch::Contains("flash budget"));
}
