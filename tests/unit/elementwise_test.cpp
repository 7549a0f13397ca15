// Compile-time logic of the element-wise and data-movement ops: Slice
// bound normalization (ONNX spec rules, numpy results), variadic
// broadcasting chains, strided copies that need more than 6 dims, and Cast
// semantics. Expected values come from the ONNX spec examples or numpy.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>

#include "eval/evaluator.h"
#include "ops/registry.h"
#include "ops/slice.h"
#include "ops/variadic.h"

using namespace tinyaot;

namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

void inferAll(Graph& g) {
  for (Node* n : g.nodes()) {
    Status s = findOp(n->op())->infer(*n, g);
    INFO(s.message());
    REQUIRE(s.isOk());
  }
  REQUIRE(g.verify().isOk());
}

template <class T>
Tensor tensor(DType dt, Shape s, const std::vector<T>& v) {
  Tensor t(TensorType{dt, std::move(s), std::nullopt});
  REQUIRE(t.data.size() == v.size() * sizeof(T));
  std::memcpy(t.data.data(), v.data(), t.data.size());
  return t;
}

std::vector<Tensor> run(const Graph& g, const std::vector<Tensor>& ins) {
  auto out = Evaluator(g).run(ins);
  INFO((out ? "" : out.status().message()));
  REQUIRE(out);
  return *out;
}

TensorType type(DType dt, Shape s) { return TensorType{dt, std::move(s), std::nullopt}; }

}  // namespace

TEST_CASE("Slice axis normalization follows the ONNX clamping rules", "[ops][slice]") {
  auto check = [](int64_t dim, int64_t start, int64_t end, int64_t step, int64_t wantStart, int64_t wantCount) {
    SliceAxis a = normalizeSliceAxis(dim, start, end, step);
    INFO("dim " << dim << " [" << start << ":" << end << ":" << step << "]");
    CHECK(a.count == wantCount);
    if (wantCount > 0) CHECK(a.start == wantStart);
    CHECK(a.step == step);
  };
  // ONNX spec example 1: data [2,4], starts [1,0], ends [2,3], steps [1,2] -> [[5,7]].
  check(2, 1, 2, 1, 1, 1);
  check(4, 0, 3, 2, 0, 2);
  // ONNX spec example 2: starts [0,1], ends [-1,1000] -> [[2,3,4]].
  check(2, 0, -1, 1, 0, 1);
  check(4, 1, 1000, 1, 1, 3);
  // numpy: x = np.arange(10)
  check(10, 1, 1000, 1, 1, 9);       // x[1:1000]     -> 9 elements from 1
  check(10, 1000, 1000, 1, 0, 0);    // x[1000:1000]  -> empty
  check(10, -3, kMax, 1, 7, 3);      // x[-3:]        -> 7, 8, 9
  check(10, -1, kMin, -1, 9, 10);    // x[::-1]       -> 9 .. 0
  check(20, 20, 0, -1, 19, 19);      // x20[20:0:-1]  -> 19 .. 1
  check(10, 10, 0, -3, 9, 3);        // x[10:0:-3]    -> 9, 6, 3
  check(5, 4, 1, -2, 4, 2);          // x5[4:1:-2]    -> 4, 2
  check(10, 2, 8, 100, 2, 1);        // x[2:8:100]    -> 2
  check(10, 0, kMax, kMax, 0, 1);    // no overflow for huge steps
  check(10, 9, kMin, kMin, 9, 1);
  check(10, -100, -50, 1, 0, 0);     // x[-100:-50]   -> empty
  check(10, 5, 2, 1, 0, 0);          // x[5:2]        -> empty
  check(0, 0, kMax, 1, 0, 0);        // empty axis
  check(0, -1, kMin, -1, 0, 0);
}

TEST_CASE("variadic plans combine a covering pair first, else copy then accumulate", "[ops][variadic]") {
  using K = VariadicStep;
  auto plan = planVariadic({{3}, {2, 3}, {1}}, {2, 3});
  REQUIRE(plan.size() == 2);
  CHECK((plan[0].kind == K::Combine && plan[0].a == 0 && plan[0].b == 1));
  CHECK((plan[1].kind == K::Accumulate && plan[1].a == 2));

  plan = planVariadic({{1, 3}, {1, 1}, {2, 1}}, {2, 3});
  REQUIRE(plan.size() == 2);
  CHECK((plan[0].kind == K::Combine && plan[0].a == 0 && plan[0].b == 2));
  CHECK((plan[1].kind == K::Accumulate && plan[1].a == 1));

  plan = planVariadic({{3, 1, 1}, {1, 4, 1}, {1, 1, 5}}, {3, 4, 5});
  REQUIRE(plan.size() == 3);
  CHECK((plan[0].kind == K::Copy && plan[0].a == 0));
  CHECK((plan[1].kind == K::Accumulate && plan[1].a == 1));
  CHECK((plan[2].kind == K::Accumulate && plan[2].a == 2));

  plan = planVariadic({{4}}, {4});
  REQUIRE(plan.size() == 1);
  CHECK(plan[0].kind == K::Copy);
}

TEST_CASE("Sum, Mean and Max broadcast every input like numpy", "[ops][variadic]") {
  // a[3,1,1] + b[1,4,1] + c[1,1,5]: no pair covers [3,4,5].
  for (const char* op : {"Sum", "Mean", "Max"}) {
    Graph g;
    Value* a = g.addValue("a", type(DType::F32, {3, 1, 1}));
    Value* b = g.addValue("b", type(DType::F32, {1, 4, 1}));
    Value* c = g.addConstantOf<float>("c", DType::F32, {5}, {0.5f, -1.0f, 2.0f, 10.0f, -3.0f});
    g.addInput(a);
    g.addInput(b);
    Value* y = g.addValue("y", {});
    g.addNode(op, "v", {a, b, c}, {y}, 13);
    g.addOutput(y);
    inferAll(g);
    REQUIRE(y->shape() == Shape{3, 4, 5});
    const std::vector<float> av{1, 2, 3}, bv{0.25f, -7, 4, 9}, cv{0.5f, -1, 2, 10, -3};
    auto out = run(g, {tensor<float>(DType::F32, {3, 1, 1}, av), tensor<float>(DType::F32, {1, 4, 1}, bv)});
    auto got = out[0].vec<float>();
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 4; ++j)
        for (int k = 0; k < 5; ++k) {
          const float s = av[i] + bv[j] + cv[k];
          const float want = std::string(op) == "Sum"    ? s
                             : std::string(op) == "Mean" ? s / 3
                                                         : std::max(av[i], std::max(bv[j], cv[k]));
          INFO(op << " at " << i << "," << j << "," << k);
          CHECK(got[size_t((i * 4 + j) * 5 + k)] == Approx(want));
        }
  }
}

TEST_CASE("Tile of a rank-4 tensor needs more than 6 copy dims and still matches np.tile", "[ops][tile]") {
  Graph g;
  Value* x = g.addValue("x", type(DType::I32, {2, 1, 3, 2}));
  g.addInput(x);
  Value* r = g.addConstantOf<int64_t>("r", DType::I64, {4}, {2, 3, 1, 2});
  Value* y = g.addValue("y", {});
  g.addNode("Tile", "t", {x, r}, {y}, 13);
  g.addOutput(y);
  inferAll(g);
  REQUIRE(y->shape() == Shape{4, 3, 3, 4});
  std::vector<int32_t> xv(12);
  for (int i = 0; i < 12; ++i) xv[size_t(i)] = i * 10 + 1;
  auto got = run(g, {tensor<int32_t>(DType::I32, {2, 1, 3, 2}, xv)})[0].vec<int32_t>();
  // np.tile: y[a,b,c,d] = x[a % 2, b % 1, c % 3, d % 2]
  for (int a = 0; a < 4; ++a)
    for (int b = 0; b < 3; ++b)
      for (int c = 0; c < 3; ++c)
        for (int d = 0; d < 4; ++d)
          CHECK(got[size_t(((a * 3 + b) * 3 + c) * 4 + d)] == xv[size_t(((a % 2) * 3 + c) * 2 + d % 2)]);
}

TEST_CASE("Slice with negative steps copies a reversed strided view", "[ops][slice]") {
  // numpy: x = np.arange(60).reshape(3, 4, 5); x[::-1, 3:0:-2, -1:-6:-3]
  Graph g;
  Value* x = g.addValue("x", type(DType::F32, {3, 4, 5}));
  g.addInput(x);
  Value* st = g.addConstantOf<int64_t>("st", DType::I64, {3}, {-1, 3, -1});
  Value* en = g.addConstantOf<int64_t>("en", DType::I64, {3}, {kMin, 0, -6});
  Value* ax = g.addConstantOf<int64_t>("ax", DType::I64, {3}, {0, 1, 2});
  Value* sp = g.addConstantOf<int64_t>("sp", DType::I64, {3}, {-1, -2, -3});
  Value* y = g.addValue("y", {});
  g.addNode("Slice", "s", {x, st, en, ax, sp}, {y}, 13);
  g.addOutput(y);
  inferAll(g);
  REQUIRE(y->shape() == Shape{3, 2, 2});
  std::vector<float> xv(60);
  for (int i = 0; i < 60; ++i) xv[size_t(i)] = float(i);
  auto got = run(g, {tensor<float>(DType::F32, {3, 4, 5}, xv)})[0].vec<float>();
  const std::vector<float> want{59, 56, 49, 46, 39, 36, 29, 26, 19, 16, 9, 6};
  CHECK(got == want);
}

TEST_CASE("Cast truncates toward zero, saturates, and maps to bool as x != 0", "[ops][cast]") {
  auto castTo = [](DType to, int onnxTo) {
    auto g = std::make_unique<Graph>();
    Value* x = g->addValue("x", type(DType::F32, {6}));
    g->addInput(x);
    Value* y = g->addValue("y", {});
    Node* n = g->addNode("Cast", "c", {x}, {y}, 13);
    n->attrs().setInt("to", onnxTo);
    g->addOutput(y);
    inferAll(*g);
    REQUIRE(y->dtype() == to);
    return g;
  };
  const std::vector<float> xv{2.9f, -2.9f, 300.5f, -1e10f, std::nanf(""), 0.0f};
  auto in = tensor<float>(DType::F32, {6}, xv);
  auto i8 = run(*castTo(DType::I8, 3), {in})[0].vec<int8_t>();
  CHECK(i8 == std::vector<int8_t>{2, -2, 127, -128, 0, 0});
  auto u8 = run(*castTo(DType::U8, 2), {in})[0].vec<uint8_t>();
  CHECK(u8 == std::vector<uint8_t>{2, 0, 255, 0, 0, 0});
  auto b = run(*castTo(DType::Bool, 9), {in})[0].vec<uint8_t>();
  CHECK(b == std::vector<uint8_t>{1, 1, 1, 1, 1, 0});  // numpy: bool(nan) is True
  auto i64 = run(*castTo(DType::I64, 7), {in})[0].vec<int64_t>();
  CHECK(i64 == std::vector<int64_t>{2, -2, 300, -10000000000LL, 0, 0});
}

TEST_CASE("unsupported casts and dtypes name the reason", "[ops][cast]") {
  Graph g;
  Value* x = g.addValue("x", type(DType::F32, {2}));
  g.addInput(x);
  Value* y = g.addValue("y", {});
  Node* n = g.addNode("Cast", "c", {x}, {y}, 13);
  n->attrs().setInt("to", 10);
  Status s = findOp("Cast")->infer(*n, g);
  REQUIRE_FALSE(s.isOk());
  CHECK_THAT(s.message(), Catch::Contains("float16"));
  n->attrs().setInt("to", 8);
  s = findOp("Cast")->infer(*n, g);
  REQUIRE_FALSE(s.isOk());
  CHECK_THAT(s.message(), Catch::Contains("string"));
}

TEST_CASE("Gelu (opset 20) computes the erf form and the tanh approximation", "[ops][unary]") {
  // References: torch.nn.functional.gelu in float64 (the ONNX spec example for x = -1, 0, 1).
  const std::vector<std::pair<const char*, std::vector<double>>> cases = {
      {"none", {-0.15865525393145702, 0.0, 0.841344746068543, 3.4991857982233756}},
      {"tanh", {-0.15880800939172324, 0.0, 0.8411919906082768, 3.499383802344626}},
  };
  for (auto& [mode, want] : cases) {
    for (DType dt : {DType::F32, DType::F64}) {
      Graph g;
      Value* x = g.addValue("x", type(dt, {4}));
      g.addInput(x);
      Value* y = g.addValue("y", {});
      Node* n = g.addNode("Gelu", "gelu", {x}, {y}, 20);
      n->attrs().setString("approximate", mode);
      g.addOutput(y);
      inferAll(g);
      const std::vector<double> xv{-1, 0, 1, 3.5};
      std::vector<double> got;
      if (dt == DType::F32) {
        auto out = run(g, {tensor<float>(dt, {4}, std::vector<float>(xv.begin(), xv.end()))})[0].vec<float>();
        got.assign(out.begin(), out.end());
      } else {
        got = run(g, {tensor<double>(dt, {4}, xv)})[0].vec<double>();
      }
      INFO(mode << " " << dtypeName(dt));
      const double tol = dt == DType::F32 ? 1e-6 : 1e-14;
      for (size_t i = 0; i < 4; ++i) CHECK(std::fabs(got[i] - want[i]) <= tol);
    }
  }
}
