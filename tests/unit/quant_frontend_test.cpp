// Quantization ops in the frontend: what is rejected, and with which message.
#include <catch2/catch.hpp>

#include "frontend/onnx_loader.h"
#include "onnx_builder.h"

using namespace tinyaot;
using testutil::OnnxBuilder;

namespace {

onnx::TensorProto& init(OnnxBuilder& b, const std::string& name, int type, std::vector<int64_t> dims,
                        const std::string& raw) {
  auto* t = b.graph().add_initializer();
  t->set_name(name);
  t->set_data_type(type);
  for (int64_t d : dims) t->add_dims(d);
  t->set_raw_data(raw);
  return *t;
}

}  // namespace

TEST_CASE("the frontend rejects internal op names in ONNX files", "[quant]") {
  OnnxBuilder b;
  b.input("x", {1, 4}, onnx::TensorProto::INT8);
  b.node("TA_Requantize", {"x"}, {"y"}, "rq");
  b.output("y");
  auto g = loadOnnxFromBytes(b.bytes(), "m.onnx");
  REQUIRE_FALSE(g);
  CHECK_THAT(g.status().format("m.onnx"), Catch::Contains("node 'rq' (TA_Requantize): error: unsupported operator"));
}

TEST_CASE("QuantizeLinear needs a constant scale and names the node", "[quant]") {
  OnnxBuilder b;
  b.input("x", {4});
  b.input("s", {1});
  b.node("QuantizeLinear", {"x", "s"}, {"y"}, "q");
  b.output("y");
  auto g = loadOnnxFromBytes(b.bytes(), "m.onnx");
  REQUIRE_FALSE(g);
  CHECK_THAT(g.status().format("m.onnx"),
             Catch::Contains("node 'q' (QuantizeLinear): error: the scale (input 1, 's') must be known at compile time"));
}

TEST_CASE("QuantizeLinear types its output with its parameters; DequantizeLinear of weights is not folded", "[quant]") {
  OnnxBuilder b;
  b.input("x", {2, 3});
  b.floatInit("s", {}, {0.5f});
  const int8_t zp = -3;
  init(b, "z", onnx::TensorProto::INT8, {}, std::string(reinterpret_cast<const char*>(&zp), 1));
  b.node("QuantizeLinear", {"x", "s", "z"}, {"xq"}, "q");
  const int8_t w[3] = {1, -2, 3};
  init(b, "w", onnx::TensorProto::INT8, {3}, std::string(reinterpret_cast<const char*>(w), 3));
  b.node("DequantizeLinear", {"w", "s", "z"}, {"wf"}, "dqw");
  b.node("DequantizeLinear", {"xq", "s", "z"}, {"xf"}, "dqx");
  b.node("Add", {"xf", "wf"}, {"y"}, "add");
  b.output("y");
  auto g = loadOnnxFromBytes(b.bytes(), "m.onnx");
  REQUIRE(g);
  const Value* xq = (*g)->findValue("xq");
  REQUIRE(xq);
  CHECK(xq->type().str() == "int8[2,3] q(scale 0.5, zp -3)");
  bool dqw = false;
  for (Node* n : (*g)->nodes()) dqw = dqw || n->name() == "dqw";
  CHECK(dqw);  // kept for import-qdq, although all its inputs are constants
}

TEST_CASE("per-axis DequantizeLinear checks the axis length", "[quant]") {
  OnnxBuilder b;
  b.input("x", {2, 3}, onnx::TensorProto::INT8);
  b.floatInit("s", {2}, {0.5f, 0.25f});
  auto& n = b.node("DequantizeLinear", {"x", "s"}, {"y"}, "dq");
  OnnxBuilder::attrInt(n, "axis", 1);
  b.output("y");
  auto g = loadOnnxFromBytes(b.bytes(), "m.onnx");
  REQUIRE_FALSE(g);
  CHECK_THAT(g.status().message(), Catch::Contains("per-axis scale has 2 entries, axis 1 of [2,3] has 3"));
}
