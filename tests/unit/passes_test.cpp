// Each pass: build a graph, run the pass, check the structure, and compare
// host evaluation before and after.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "eval/evaluator.h"
#include "ops/registry.h"
#include "passes/pass.h"

using namespace tinyaot;

namespace {

TensorType f32(Shape s) { return TensorType{DType::F32, std::move(s), std::nullopt}; }

std::vector<float> randomVec(size_t n, uint32_t seed, float lo = -1, float hi = 1) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (auto& x : v) x = d(rng);
  return v;
}

// Infers every node's output types, as the frontend does.
void inferAll(Graph& g) {
  for (Node* n : g.nodes()) REQUIRE(findOp(n->op())->infer(*n, g).isOk());
  REQUIRE(g.verify().isOk());
}

std::vector<float> run(const Graph& g, const std::vector<float>& x) {
  Tensor in(g.inputs()[0]->type());
  std::memcpy(in.data.data(), x.data(), x.size() * sizeof(float));
  auto out = Evaluator(g).run({in});
  REQUIRE(out);
  return (*out)[0].vec<float>();
}

void requireClose(const std::vector<float>& a, const std::vector<float>& b, float tol = 1e-5f) {
  REQUIRE(a.size() == b.size());
  for (size_t i = 0; i < a.size(); ++i) REQUIRE(std::fabs(a[i] - b[i]) <= tol * (1 + std::fabs(b[i])));
}

int count(const Graph& g, const std::string& op) {
  int c = 0;
  for (Node* n : g.nodes()) c += n->op() == op;
  return c;
}

// x[1,3,6,6] -> Conv(4, 3x3, pad 1) -> BatchNormalization -> Relu
std::unique_ptr<Graph> convBnRelu() {
  auto g = std::make_unique<Graph>();
  Value* x = g->addValue("x", f32({1, 3, 6, 6}));
  g->addInput(x);
  Value* w = g->addConstantOf<float>("w", DType::F32, {4, 3, 3, 3}, randomVec(108, 1));
  Value* b = g->addConstantOf<float>("b", DType::F32, {4}, randomVec(4, 2));
  Value* c = g->addValue("c", {});
  Node* conv = g->addNode("Conv", "conv", {x, w, b}, {c}, 13);
  conv->attrs().setInts("pads", {1, 1, 1, 1});
  std::vector<Value*> bnIn{c};
  const char* names[] = {"gamma", "beta", "mean", "var"};
  for (int i = 0; i < 4; ++i)
    bnIn.push_back(g->addConstantOf<float>(names[i], DType::F32, {4}, randomVec(4, 10 + i, i == 3 ? 0.5f : -1, 2)));
  Value* y = g->addValue("y", {});
  g->addNode("BatchNormalization", "bn", bnIn, {y}, 13)->attrs().setFloat("epsilon", 1e-3f);
  Value* z = g->addValue("z", {});
  g->addNode("Relu", "relu", {y}, {z}, 13);
  g->addOutput(z);
  inferAll(*g);
  return g;
}

}  // namespace

TEST_CASE("fold-batchnorm merges BN into Conv weights and bias", "[passes]") {
  auto g = convBnRelu();
  auto x = randomVec(108, 7);
  auto before = run(*g, x);
  PassContext ctx;
  auto changed = runFoldBatchNorm(*g, ctx);
  REQUIRE(changed);
  CHECK(*changed);
  CHECK(count(*g, "BatchNormalization") == 0);
  CHECK(count(*g, "Conv") == 1);
  REQUIRE(g->verify().isOk());
  requireClose(run(*g, x), before);
  CHECK_FALSE(*runFoldBatchNorm(*g, ctx));  // nothing left to do
}

TEST_CASE("fold-batchnorm merges BN into Gemm with transB and broadcast C", "[passes]") {
  Graph g;
  Value* a = g.addValue("a", f32({2, 5}));
  g.addInput(a);
  Value* bw = g.addConstantOf<float>("B", DType::F32, {3, 5}, randomVec(15, 3));
  Value* cb = g.addConstantOf<float>("C", DType::F32, {3}, randomVec(3, 4));
  Value* y = g.addValue("y", {});
  Node* gemm = g.addNode("Gemm", "gemm", {a, bw, cb}, {y}, 13);
  gemm->attrs().setInt("transB", 1);
  gemm->attrs().setFloat("alpha", 0.5f);
  gemm->attrs().setFloat("beta", 2.0f);
  std::vector<Value*> bnIn{y};
  for (int i = 0; i < 4; ++i) bnIn.push_back(g.addConstantOf<float>("bn" + std::to_string(i), DType::F32, {3}, randomVec(3, 20 + i, 0.2f, 1.5f)));
  Value* z = g.addValue("z", {});
  g.addNode("BatchNormalization", "bn", bnIn, {z}, 13);
  g.addOutput(z);
  inferAll(g);
  auto x = randomVec(10, 9);
  auto before = run(g, x);
  PassContext ctx;
  REQUIRE(*runFoldBatchNorm(g, ctx));
  CHECK(count(g, "BatchNormalization") == 0);
  requireClose(run(g, x), before);
}

TEST_CASE("BN after a non-foldable producer stays and runs as a kernel", "[passes]") {
  Graph g;
  Value* x = g.addValue("x", f32({1, 2, 2, 2}));
  g.addInput(x);
  std::vector<Value*> bnIn{x};
  for (int i = 0; i < 4; ++i) bnIn.push_back(g.addConstantOf<float>("p" + std::to_string(i), DType::F32, {2}, {1.5f, 0.5f}));
  Value* y = g.addValue("y", {});
  g.addNode("BatchNormalization", "bn", bnIn, {y}, 13);
  g.addOutput(y);
  inferAll(g);
  PassContext ctx;
  CHECK_FALSE(*runFoldBatchNorm(g, ctx));
  // y = (x - mean) / sqrt(var + eps) * gamma + beta, computed here in double.
  std::vector<float> xs = {0, 1, 2, 3, 4, 5, 6, 7}, expected;
  for (int i = 0; i < 8; ++i) {
    double gm = i < 4 ? 1.5 : 0.5;
    expected.push_back(float((xs[i] - gm) / std::sqrt(gm + 1e-5) * gm + gm));
  }
  requireClose(run(g, xs), expected);
}

TEST_CASE("fuse-activations turns Relu and Clip into output clamps", "[passes]") {
  auto g = convBnRelu();
  PassContext ctx;
  REQUIRE(*runFoldBatchNorm(*g, ctx));
  auto x = randomVec(108, 5);
  auto before = run(*g, x);
  REQUIRE(*runFuseActivations(*g, ctx));
  CHECK(count(*g, "Relu") == 0);
  Node* conv = g->nodes()[0];
  CHECK(conv->attrs().getFloat("ta.act_min", -1) == 0.0f);
  CHECK(std::isinf(conv->attrs().getFloat("ta.act_max", 0)));
  requireClose(run(*g, x), before);
  for (float v : run(*g, x)) CHECK(v >= 0.0f);
}

TEST_CASE("fuse-activations keeps a Relu whose input has another user", "[passes]") {
  auto g = convBnRelu();
  PassContext ctx;
  REQUIRE(*runFoldBatchNorm(*g, ctx));
  Value* convOut = g->nodes()[0]->output(0);
  g->addOutput(convOut);  // the pre-activation value is also an output
  CHECK_FALSE(*runFuseActivations(*g, ctx));
  CHECK(count(*g, "Relu") == 1);
}

TEST_CASE("fold-constants evaluates constant subgraphs; dce removes dead nodes", "[passes]") {
  Graph g;
  Value* x = g.addValue("x", f32({3}));
  g.addInput(x);
  Value* c1 = g.addConstantOf<float>("c1", DType::F32, {3}, {1, 2, 3});
  Value* c2 = g.addConstantOf<float>("c2", DType::F32, {3}, {10, 20, 30});
  Value* s = g.addValue("s", {});
  g.addNode("Add", "const_add", {c1, c2}, {s}, 13);
  Value* y = g.addValue("y", {});
  g.addNode("Mul", "mul", {x, s}, {y}, 13);
  Value* dead = g.addValue("dead", {});
  g.addNode("Relu", "unused", {x}, {dead}, 13);
  g.addOutput(y);
  inferAll(g);
  PassContext ctx;
  REQUIRE(*runFoldConstants(g, ctx));
  CHECK(count(g, "Add") == 0);
  Value* folded = g.nodes()[0]->input(1);
  REQUIRE(folded->isConstant());
  CHECK(folded->doubleData() == std::vector<double>{11, 22, 33});
  REQUIRE(*runDeadCodeElimination(g, ctx));
  CHECK(g.numNodes() == 1);
  CHECK(run(g, {1, 2, 3}) == std::vector<float>{11, 44, 99});
  REQUIRE(g.verify().isOk());
}
