// Compile-time logic of the NN ops: ConvTranspose output sizes and padding
// (ONNX spec formulas), reductions over interleaved axes (checked against a
// naive loop), and the diagnostics for unsupported variants.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <functional>

#include "eval/evaluator.h"
#include "ops/registry.h"

using namespace tinyaot;

namespace {

TensorType type(DType dt, Shape s) { return TensorType{dt, std::move(s), std::nullopt}; }

Status infer(Graph& g, Node* n) { return findOp(n->op())->infer(*n, g); }

// A graph with one node; inputs given as run-time values of these types.
struct OneNode {
  Graph g;
  Node* n = nullptr;
  OneNode(const std::string& op, std::vector<TensorType> ins, size_t outs, int opset) {
    std::vector<Value*> iv, ov;
    for (size_t i = 0; i < ins.size(); ++i) {
      Value* v = g.addValue("in" + std::to_string(i), ins[i]);
      g.addInput(v);
      iv.push_back(v);
    }
    for (size_t i = 0; i < outs; ++i) ov.push_back(g.addValue("out" + std::to_string(i), TensorType{}));
    n = g.addNode(op, "node", iv, ov, opset);
    for (Value* v : ov) g.addOutput(v);
  }
};

Shape convTransposeShape(Shape x, Shape w, std::function<void(Attributes&)> set) {
  OneNode t("ConvTranspose", {type(DType::F32, x), type(DType::F32, w)}, 1, 11);
  set(t.n->attrs());
  Status s = infer(t.g, t.n);
  INFO(s.message());
  REQUIRE(s.isOk());
  return t.n->output(0)->shape();
}

}  // namespace

TEST_CASE("ConvTranspose output sizes follow the ONNX formulas", "[ops][convtranspose]") {
  // out = stride * (in - 1) + output_padding + ((k - 1) * dilation + 1) - pad_begin - pad_end
  CHECK(convTransposeShape({1, 1, 3, 3}, {1, 2, 3, 3}, [](Attributes&) {}) == Shape{1, 2, 5, 5});
  CHECK(convTransposeShape({1, 1, 3, 3}, {1, 2, 3, 3}, [](Attributes& a) {
          a.setInts("strides", {3, 2});
          a.setInts("output_padding", {1, 1});
        }) == Shape{1, 2, 10, 8});  // 3*2+1+3 = 10, 2*2+1+3 = 8
  CHECK(convTransposeShape({1, 1, 3, 3}, {1, 2, 3, 3}, [](Attributes& a) {
          a.setInts("strides", {3, 2});
          a.setInts("pads", {1, 2, 1, 2});
        }) == Shape{1, 2, 7, 3});  // 9-2 = 7, 7-4 = 3
  CHECK(convTransposeShape({1, 1, 3, 3}, {1, 1, 2, 2}, [](Attributes& a) { a.setInts("dilations", {2, 2}); }) ==
        Shape{1, 1, 5, 5});  // 2 + (1*2+1) = 5
  // SAME_*: out = in * stride; output_shape wins over pads.
  CHECK(convTransposeShape({1, 1, 3, 4}, {1, 2, 3, 3}, [](Attributes& a) {
          a.setString("auto_pad", "SAME_UPPER");
          a.setInts("strides", {2, 3});
        }) == Shape{1, 2, 6, 12});
  CHECK(convTransposeShape({1, 1, 3, 3}, {1, 2, 3, 3}, [](Attributes& a) {
          a.setInts("strides", {3, 2});
          a.setInts("output_shape", {10, 8});
          a.setInts("pads", {5, 5, 5, 5});
        }) == Shape{1, 2, 10, 8});
  // 1-D with groups: weight [C, M/group, k].
  CHECK(convTransposeShape({2, 4, 7}, {4, 3, 2}, [](Attributes& a) {
          a.setInt("group", 2);
          a.setInts("strides", {2});
        }) == Shape{2, 6, 14});  // 2*6 + 2 = 14
}

TEST_CASE("reductions over interleaved axes match a naive loop", "[ops][reduce]") {
  const Shape xs{2, 3, 4, 5};
  OneNode t("ReduceSumSquare", {type(DType::F32, xs)}, 1, 13);
  t.n->attrs().setInts("axes", {1, 3});
  t.n->attrs().setInt("keepdims", 0);
  REQUIRE(infer(t.g, t.n).isOk());
  REQUIRE(t.n->output(0)->shape() == Shape{2, 4});
  Tensor x(type(DType::F32, xs));
  float* xp = x.as<float>();
  for (int i = 0; i < 120; ++i) xp[i] = float((i * 7) % 11) - 5.0f;
  auto out = Evaluator(t.g).run({x});
  REQUIRE(out);
  const float* y = (*out)[0].as<float>();
  for (int a = 0; a < 2; ++a)
    for (int c = 0; c < 4; ++c) {
      float want = 0;
      for (int b = 0; b < 3; ++b)
        for (int d = 0; d < 5; ++d) {
          const float v = xp[((a * 3 + b) * 4 + c) * 5 + d];
          want += v * v;
        }
      CHECK(y[a * 4 + c] == Approx(want));
    }
}

TEST_CASE("ArgMin with select_last_index picks the last tie", "[ops][reduce]") {
  OneNode t("ArgMin", {type(DType::I32, {2, 4})}, 1, 13);
  t.n->attrs().setInt("axis", 1);
  t.n->attrs().setInt("select_last_index", 1);
  REQUIRE(infer(t.g, t.n).isOk());
  Tensor x(type(DType::I32, {2, 4}));
  const int32_t v[] = {3, 1, 2, 1, 0, 0, 5, -1};
  std::memcpy(x.data.data(), v, sizeof v);
  auto out = Evaluator(t.g).run({x});
  REQUIRE(out);
  CHECK((*out)[0].vec<int64_t>() == std::vector<int64_t>{3, 3});
  CHECK((*out)[0].type.shape == Shape{2, 1});
}

TEST_CASE("unsupported NN variants are clear errors", "[ops][diagnostics]") {
  auto message = [](OneNode& t) {
    Status s = infer(t.g, t.n);
    REQUIRE_FALSE(s.isOk());
    return s.message();
  };
  {
    OneNode t("Resize", {type(DType::F32, {1, 1, 2, 2}), type(DType::F32, {0}), type(DType::F32, {4})}, 1, 13);
    CHECK_THAT(message(t), Catch::Contains("scales") && Catch::Contains("compile time"));
  }
  {
    Graph g;
    Value* x = g.addValue("x", type(DType::F32, {1, 1, 2, 2}));
    g.addInput(x);
    Value* sc = g.addConstantOf<float>("s", DType::F32, {4}, {1, 1, 2, 2});
    Value* y = g.addValue("y", TensorType{});
    Node* n = g.addNode("Resize", "r", {x, nullptr, sc}, {y}, 18);
    n->attrs().setInt("antialias", 1);
    Status s = infer(g, n);
    REQUIRE_FALSE(s.isOk());
    CHECK_THAT(s.message(), Catch::Contains("antialias"));
  }
  {
    OneNode t("LSTM", {type(DType::F32, {2, 1, 3}), type(DType::F32, {1, 8, 3}), type(DType::F32, {1, 8, 2})}, 2, 14);
    t.n->attrs().setInt("hidden_size", 2);
    Attribute acts;
    acts.kind = Attribute::Kind::Strings;
    acts.strings = {"Sigmoid", "Gelu", "Tanh"};
    t.n->attrs().set("activations", acts);
    CHECK_THAT(message(t), Catch::Contains("activation 'gelu' is not supported"));
  }
  {
    OneNode t("GRU", {type(DType::F32, {2, 1, 3}), type(DType::F32, {1, 6, 3}), type(DType::F32, {1, 6, 2})}, 2, 14);
    t.n->attrs().setInt("hidden_size", 2);
    t.n->attrs().setString("direction", "sideways");
    CHECK_THAT(message(t), Catch::Contains("direction 'sideways'"));
  }
  {
    OneNode t("LayerNormalization", {type(DType::F32, {2, 3}), type(DType::F32, {3})}, 1, 17);
    t.n->attrs().setInt("stash_type", 0);
    CHECK_THAT(message(t), Catch::Contains("stash_type"));
  }
  {
    OneNode t("LayerNormalization", {type(DType::F32, {2, 3}), type(DType::F32, {1})}, 1, 17);
    CHECK_THAT(message(t), Catch::Contains("compile-time constant"));
  }
  {
    OneNode t("ReduceMean", {type(DType::F32, {2, 3}), type(DType::I64, {1})}, 1, 18);
    CHECK_THAT(message(t), Catch::Contains("axes") && Catch::Contains("compile time"));
  }
  {
    OneNode t("ReduceL2", {type(DType::I32, {2, 3})}, 1, 13);
    CHECK_THAT(message(t), Catch::Contains("int32"));
  }
}
