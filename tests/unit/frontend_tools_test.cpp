// What the frontend does with models written by ONNX Runtime's tools:
// com.microsoft ops expanded into default-domain ops, quantization
// parameters carried through ops that move codes (QOperator format), Clip
// and MatMulInteger with parameters computed at run time.
#include <cmath>
#include <cstring>

#include <catch2/catch.hpp>

#include "eval/evaluator.h"
#include "frontend/onnx_loader.h"
#include "onnx_builder.h"
#include "passes/pass.h"

using namespace tinyaot;
using testutil::OnnxBuilder;

namespace {

void rawInit(OnnxBuilder& b, const std::string& name, int type, std::vector<int64_t> dims, const void* p, size_t n) {
  auto* t = b.graph().add_initializer();
  t->set_name(name);
  t->set_data_type(type);
  for (int64_t d : dims) t->add_dims(d);
  t->set_raw_data(std::string(static_cast<const char*>(p), n));
}
void i8(OnnxBuilder& b, const std::string& name, int8_t v) { rawInit(b, name, onnx::TensorProto::INT8, {}, &v, 1); }

void msDomain(OnnxBuilder& b) {
  auto* op = b.model().add_opset_import();
  op->set_domain("com.microsoft");
  op->set_version(1);
}

std::vector<std::string> ops(const Graph& g) {
  std::vector<std::string> out;
  for (const Node* n : g.nodes()) out.push_back(n->op());
  return out;
}

Tensor floats(Shape shape, std::vector<float> v) {
  Tensor t(TensorType{DType::F32, std::move(shape), std::nullopt});
  std::memcpy(t.data.data(), v.data(), v.size() * sizeof(float));
  return t;
}

}  // namespace

TEST_CASE("com.microsoft QLinearAdd becomes DequantizeLinear -> Add -> QuantizeLinear, then an int8 Add",
          "[frontend][quant]") {
  OnnxBuilder b;
  msDomain(b);
  b.input("a", {1, 4});
  b.input("c", {1, 4});
  b.floatInit("s", {}, {0.05f});
  b.floatInit("so", {}, {0.1f});
  i8(b, "z", 0);
  b.node("QuantizeLinear", {"a", "s", "z"}, {"aq"}, "qa");
  b.node("QuantizeLinear", {"c", "s", "z"}, {"cq"}, "qc");
  auto& add = b.node("QLinearAdd", {"aq", "s", "z", "cq", "s", "z", "so", "z"}, {"yq"}, "qadd");
  add.set_domain("com.microsoft");
  b.output("yq");
  auto g = loadOnnxFromBytes(b.bytes(), "m.onnx");
  REQUIRE(g);
  CHECK(ops(**g) == std::vector<std::string>{"QuantizeLinear", "QuantizeLinear", "DequantizeLinear",
                                             "DequantizeLinear", "Add", "QuantizeLinear"});
  for (const Node* n : (*g)->nodes()) CHECK(n->domain().empty());
  const Value* y = (*g)->outputs()[0];
  REQUIRE(y->type().quant);
  CHECK(y->dtype() == DType::I8);
  CHECK(y->type().quant->scale[0] == 0.1f);
  PassContext ctx;
  REQUIRE(runImportQdq(**g, ctx));
  CHECK(ops(**g) == std::vector<std::string>{"QuantizeLinear", "QuantizeLinear", "Add"});
  // The int8 Add keeps the contrib node's name.
  CHECK((*g)->nodes()[2]->name() == "qadd");
}

TEST_CASE("a contrib op the frontend does not know is reported with its domain", "[frontend]") {
  OnnxBuilder b;
  msDomain(b);
  b.input("x", {4});
  b.node("Attention", {"x"}, {"y"}, "att").set_domain("com.microsoft");
  b.node("Foo", {"x"}, {"z"}, "foo").set_domain("org.example");
  b.output("y");
  b.output("z");
  auto g = loadOnnxFromBytes(b.bytes(), "m.onnx");
  REQUIRE_FALSE(g);
  const std::string msg = g.status().format("m.onnx");
  CHECK_THAT(msg, Catch::Contains("node 'att' (Attention): error: unsupported com.microsoft operator"));
  CHECK_THAT(msg, Catch::Contains("node 'foo' (Foo): error: operator domain 'org.example' is not supported"));
}

TEST_CASE("FusedGemm expands to Gemm and its activation; an unknown activation names the node", "[frontend]") {
  for (const char* act : {"LeakyRelu", "Swish"}) {
    OnnxBuilder b;
    msDomain(b);
    b.input("a", {2, 3});
    b.floatInit("w", {3, 2}, {1, -1, 2, 0.5f, -3, 1});
    auto& n = b.node("FusedGemm", {"a", "w"}, {"y"}, "fg");
    n.set_domain("com.microsoft");
    auto* at = n.add_attribute();
    at->set_name("activation");
    at->set_type(onnx::AttributeProto::STRING);
    at->set_s(act);
    OnnxBuilder::attrFloat(n, "activation_alpha", 0.25f);
    b.output("y");
    auto g = loadOnnxFromBytes(b.bytes(), "m.onnx");
    if (std::string(act) == "Swish") {
      REQUIRE_FALSE(g);
      CHECK_THAT(g.status().format("m.onnx"), Catch::Contains("node 'fg' (FusedGemm): error: fused activation 'Swish'"));
      continue;
    }
    REQUIRE(g);
    CHECK(ops(**g) == std::vector<std::string>{"Gemm", "LeakyRelu"});
    Evaluator ev(**g);
    auto out = ev.run({floats({2, 3}, {1, 2, 3, -1, 0, 1})});
    REQUIRE(out);
    // [1,2,3] x w = [-4, 3]; [-1,0,1] x w = [-4, 2]; LeakyRelu alpha 0.25.
    CHECK((*out)[0].vec<float>() == std::vector<float>{-1.0f, 3.0f, -1.0f, 2.0f});
  }
}

TEST_CASE("MaxPool and Transpose on quantized codes keep the parameters; an int8 Pad pads with code 0",
          "[frontend][quant]") {
  OnnxBuilder b;
  b.input("x", {1, 1, 2, 2});
  b.floatInit("s", {}, {0.5f});
  i8(b, "z", -3);
  b.node("QuantizeLinear", {"x", "s", "z"}, {"xq"}, "q");
  auto& mp = b.node("MaxPool", {"xq"}, {"p"}, "pool");
  OnnxBuilder::attrInts(mp, "kernel_shape", {1, 1});
  auto& tr = b.node("Transpose", {"p"}, {"t"}, "tr");
  OnnxBuilder::attrInts(tr, "perm", {0, 1, 3, 2});
  b.int64Init("pads", {8}, {0, 0, 0, 1, 0, 0, 0, 0});
  b.node("Pad", {"t", "pads"}, {"y"}, "pad");
  b.output("y");
  auto g = loadOnnxFromBytes(b.bytes(), "m.onnx");
  REQUIRE(g);
  for (const Node* n : (*g)->nodes()) {
    INFO(n->name());
    REQUIRE(n->output(0)->type().quant);
    CHECK(n->output(0)->type().quant->zeroPoint[0] == -3);
  }
  Evaluator ev(**g);
  auto out = ev.run({floats({1, 1, 2, 2}, {1.0f, 2.0f, -1.0f, 0.5f})});
  REQUIRE(out);
  // Codes -1, 1, -5, -2 (x / 0.5 - 3), transposed, then one column of code 0 before each row.
  const std::vector<int8_t> want{0, -1, -5, 0, 1, -2};
  CHECK((*out)[0].vec<int8_t>() == want);
}

TEST_CASE("Clip with a min computed at run time", "[frontend]") {
  OnnxBuilder b;
  b.input("x", {5});
  b.floatInit("drop", {}, {2.0f});
  b.node("ReduceMax", {"x"}, {"m"}, "max");
  OnnxBuilder::attrInt(*b.graph().mutable_node(0), "keepdims", 0);
  b.node("Sub", {"m", "drop"}, {"lo"}, "sub");
  b.node("Clip", {"x", "lo"}, {"y"}, "clip");
  b.output("y");
  auto g = loadOnnxFromBytes(b.bytes(), "m.onnx");
  REQUIRE(g);
  PassContext ctx;
  REQUIRE(runFuseActivations(**g, ctx));  // runs, leaves the run-time Clip alone
  CHECK(ops(**g).back() == "Clip");
  Evaluator ev(**g);
  auto out = ev.run({floats({5}, {0.0f, 3.0f, -1.0f, 2.5f, 0.5f})});
  REQUIRE(out);
  CHECK((*out)[0].vec<float>() == std::vector<float>{1.0f, 3.0f, 1.0f, 2.5f, 1.0f});
}

TEST_CASE("DynamicQuantizeLinear and MatMulInteger with its run-time zero point", "[frontend][quant]") {
  OnnxBuilder b;
  b.input("x", {1, 3});
  const int8_t w[6] = {1, -2, 3, 4, -5, 6};  // [3, 2]
  rawInit(b, "w", onnx::TensorProto::INT8, {3, 2}, w, 6);
  b.node("DynamicQuantizeLinear", {"x"}, {"xq", "xs", "xz"}, "dql");
  b.node("MatMulInteger", {"xq", "w", "xz"}, {"acc"}, "mmi");
  b.output("acc");
  b.output("xs");
  b.output("xz");
  auto g = loadOnnxFromBytes(b.bytes(), "m.onnx");
  REQUIRE(g);
  Evaluator ev(**g);
  auto out = ev.run({floats({1, 3}, {-1.0f, 0.25f, 2.0f})});
  REQUIRE(out);
  // Range [-1, 2]: scale 3/255, zero point 255/3 = 85; codes 0, 21 + 85, 255.
  const float scale = (*out)[1].vec<float>()[0];
  CHECK(scale == 3.0f / 255.0f);
  CHECK((*out)[2].vec<uint8_t>()[0] == 85);
  // (codes - 85) x w = [-85, 21, 170] x w.
  CHECK((*out)[0].vec<int32_t>() == std::vector<int32_t>{-85 * 1 + 21 * 3 + 170 * -5, -85 * -2 + 21 * 4 + 170 * 6});
}
