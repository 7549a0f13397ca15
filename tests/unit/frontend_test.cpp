// The frontend: opset differences, constants in all their encodings,
// symbolic dimensions, and the diagnostics for bad input.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "eval/evaluator.h"
#include "frontend/onnx_loader.h"
#include "onnx_builder.h"

using namespace tinyaot;
using testutil::OnnxBuilder;

namespace {

std::vector<float> runFloat(const Graph& g, const std::vector<float>& x) {
  Tensor in(g.inputs()[0]->type());
  std::memcpy(in.data.data(), x.data(), x.size() * sizeof(float));
  Evaluator ev(g);
  auto out = ev.run({in});
  REQUIRE(out);
  return (*out)[0].vec<float>();
}

std::filesystem::path tempDir() {
  auto d = std::filesystem::temp_directory_path() / "tinyaot_frontend_test";
  std::filesystem::create_directories(d);
  return d;
}

}  // namespace

TEST_CASE("Clip: opset 7 attributes and opset 13 inputs give the same graph semantics", "[frontend]") {
  std::vector<float> x = {-3, -0.5f, 0, 0.25f, 2, 7};
  std::vector<float> expected = {-1, -0.5f, 0, 0.25f, 2, 2};  // clip to [-1, 2]
  OnnxBuilder old(7, 3);
  old.input("x", {6});
  auto& n = old.node("Clip", {"x"}, {"y"}, "clip");
  OnnxBuilder::attrFloat(n, "min", -1);
  OnnxBuilder::attrFloat(n, "max", 2);
  old.output("y");
  OnnxBuilder now(13);
  now.input("x", {6});
  now.floatInit("lo", {}, {-1});
  now.floatInit("hi", {}, {2});
  now.node("Clip", {"x", "lo", "hi"}, {"y"}, "clip");
  now.output("y");
  for (OnnxBuilder* b : {&old, &now}) {
    auto g = loadOnnxFromBytes(b->bytes(), "clip.onnx");
    REQUIRE(g);
    CHECK(runFloat(**g, x) == expected);
  }
}

TEST_CASE("Reshape shape, Squeeze axes and Pad pads as attributes or constant inputs", "[frontend]") {
  std::vector<float> x = {1, 2, 3, 4, 5, 6};
  SECTION("Reshape opset 7 input with 0 and -1") {
    OnnxBuilder b(7, 3);
    b.input("x", {1, 6});
    b.int64Init("s", {3}, {0, -1, 2});
    b.node("Reshape", {"x", "s"}, {"y"}, "r");
    b.output("y");
    auto g = loadOnnxFromBytes(b.bytes(), "r.onnx");
    REQUIRE(g);
    CHECK((*g)->outputs()[0]->shape() == Shape{1, 3, 2});
  }
  SECTION("Squeeze opset 11 attribute vs opset 13 input") {
    OnnxBuilder a(11);
    a.input("x", {1, 6, 1});
    OnnxBuilder::attrInts(a.node("Squeeze", {"x"}, {"y"}, "sq"), "axes", {0});
    a.output("y");
    OnnxBuilder b(13);
    b.input("x", {1, 6, 1});
    b.int64Init("axes", {1}, {0});
    b.node("Squeeze", {"x", "axes"}, {"y"}, "sq");
    b.output("y");
    for (OnnxBuilder* m : {&a, &b}) {
      auto g = loadOnnxFromBytes(m->bytes(), "sq.onnx");
      REQUIRE(g);
      CHECK((*g)->outputs()[0]->shape() == Shape{6, 1});
    }
  }
  SECTION("Pad opset 2 attributes vs opset 11 inputs") {
    OnnxBuilder a(7);
    a.input("x", {2, 3});
    auto& n = a.node("Pad", {"x"}, {"y"}, "pad");
    OnnxBuilder::attrInts(n, "pads", {0, 1, 1, 0});
    OnnxBuilder::attrFloat(n, "value", 9);
    a.output("y");
    OnnxBuilder b(11);
    b.input("x", {2, 3});
    b.int64Init("pads", {4}, {0, 1, 1, 0});
    b.floatInit("v", {}, {9});
    b.node("Pad", {"x", "pads", "v"}, {"y"}, "pad");
    b.output("y");
    // numpy.pad(x.reshape(2,3), ((0,1),(1,0)), constant_values=9)
    std::vector<float> expected = {9, 1, 2, 3, 9, 4, 5, 6, 9, 9, 9, 9};
    for (OnnxBuilder* m : {&a, &b}) {
      auto g = loadOnnxFromBytes(m->bytes(), "pad.onnx");
      REQUIRE(g);
      CHECK((*g)->outputs()[0]->shape() == Shape{3, 4});
      CHECK(runFloat(**g, x) == expected);
    }
  }
}

TEST_CASE("initializers in raw_data, typed fields and external files agree", "[frontend]") {
  const std::vector<float> w = {1.5f, -2, 0.25f, 4};
  const std::vector<float> x = {1, 2, 3, 4};
  const std::vector<float> expected = {2.5f, 0, 3.25f, 8};
  auto dir = tempDir();
  for (int mode = 0; mode < 3; ++mode) {
    OnnxBuilder b(13);
    b.input("x", {4});
    auto& t = b.floatInit("w", {4}, w, mode == 0);
    if (mode == 2) {
      t.clear_raw_data();
      t.clear_float_data();
      t.set_data_location(onnx::TensorProto::EXTERNAL);
      auto* kv = t.add_external_data();
      kv->set_key("location");
      kv->set_value("weights.bin");
      std::ofstream f(dir / "weights.bin", std::ios::binary);
      f.write(reinterpret_cast<const char*>(w.data()), std::streamsize(w.size() * sizeof(float)));
    }
    b.node("Add", {"x", "w"}, {"y"}, "add");
    b.output("y");
    auto g = loadOnnxFromBytes(b.bytes(), (dir / "m.onnx").string());
    REQUIRE(g);
    CHECK(runFloat(**g, x) == expected);
  }
  SECTION("a missing external-data file is a clear error") {
    OnnxBuilder b(13);
    b.input("x", {4});
    auto& t = b.floatInit("w", {4}, w);
    t.clear_raw_data();
    t.set_data_location(onnx::TensorProto::EXTERNAL);
    auto* kv = t.add_external_data();
    kv->set_key("location");
    kv->set_value("missing.bin");
    b.node("Add", {"x", "w"}, {"y"}, "add");
    b.output("y");
    auto g = loadOnnxFromBytes(b.bytes(), (dir / "m.onnx").string());
    REQUIRE_FALSE(g);
    CHECK_THAT(g.status().message(), Catch::Contains("missing.bin") && Catch::Contains("'w'"));
  }
}

TEST_CASE("a Constant node and a shape computed from it become constants", "[frontend]") {
  OnnxBuilder b(13);
  b.input("x", {2, 3});
  auto& c = b.node("Constant", {}, {"shape"}, "const");
  auto* a = c.add_attribute();
  a->set_name("value");
  a->set_type(onnx::AttributeProto::TENSOR);
  a->mutable_t()->set_data_type(onnx::TensorProto::INT64);
  a->mutable_t()->add_dims(1);
  a->mutable_t()->add_int64_data(-1);
  b.node("Reshape", {"x", "shape"}, {"y"}, "flat");
  b.output("y");
  auto g = loadOnnxFromBytes(b.bytes(), "c.onnx");
  REQUIRE(g);
  CHECK((*g)->outputs()[0]->shape() == Shape{6});
  CHECK((*g)->numNodes() == 1);  // the Constant node is gone
}

TEST_CASE("symbolic dimensions need --input-shape", "[frontend][diagnostics]") {
  OnnxBuilder b(13);
  b.input("x", {4, -1});
  b.node("Relu", {"x"}, {"y"}, "relu");
  b.output("y");
  auto g = loadOnnxFromBytes(b.bytes(), "sym.onnx");
  REQUIRE_FALSE(g);
  CHECK_THAT(g.status().message(), Catch::Contains("symbolic dimension 'N' at axis 1") &&
                                       Catch::Contains("--input-shape x=4,<dim>"));
  LoadOptions o;
  o.inputShapes["x"] = {4, 3};
  auto g2 = loadOnnxFromBytes(b.bytes(), "sym.onnx", o);
  REQUIRE(g2);
  CHECK((*g2)->outputs()[0]->shape() == Shape{4, 3});
  o.inputShapes["x"] = {5, 3};
  auto g3 = loadOnnxFromBytes(b.bytes(), "sym.onnx", o);
  REQUIRE_FALSE(g3);
  CHECK_THAT(g3.status().message(), Catch::Contains("fixes it at 4"));
}

TEST_CASE("a symbolic leading batch dimension alone defaults to 1, with a note", "[frontend][diagnostics]") {
  OnnxBuilder b(13);
  b.input("x", {-1, 4});
  b.node("Relu", {"x"}, {"y"}, "relu");
  b.output("y");
  std::vector<Diagnostic> notes;
  LoadOptions o;
  o.notes = &notes;
  auto g = loadOnnxFromBytes(b.bytes(), "sym.onnx", o);
  REQUIRE(g);
  CHECK((*g)->outputs()[0]->shape() == Shape{1, 4});
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].severity == Diagnostic::Severity::Note);
  CHECK_THAT(notes[0].message, Catch::Contains("symbolic batch dimension 'N' set to 1") &&
                                   Catch::Contains("--input-shape x=B,4"));
  o.inputShapes["x"] = {3, 4};  // --input-shape still chooses another batch, without a note
  notes.clear();
  auto g2 = loadOnnxFromBytes(b.bytes(), "sym.onnx", o);
  REQUIRE(g2);
  CHECK((*g2)->outputs()[0]->shape() == Shape{3, 4});
  CHECK(notes.empty());
  // Rank 1: a symbolic length is not a batch.
  OnnxBuilder v(13);
  v.input("x", {-1});
  v.node("Relu", {"x"}, {"y"}, "relu");
  v.output("y");
  CHECK_FALSE(loadOnnxFromBytes(v.bytes(), "vec.onnx"));
}

TEST_CASE("every unsupported node is listed at once, with node name and op", "[frontend][diagnostics]") {
  OnnxBuilder b(13);
  b.input("x", {4});
  b.node("NoSuchOp", {"x"}, {"a"}, "first_bad");
  b.node("AlsoMissing", {"a"}, {"y"}, "second_bad");
  b.output("y");
  auto g = loadOnnxFromBytes(b.bytes(), "u.onnx");
  REQUIRE_FALSE(g);
  const auto& d = g.status().diagnostics();
  REQUIRE(d.size() == 2);
  CHECK(d[0].format("u.onnx") == "u.onnx: node 'first_bad' (NoSuchOp): error: unsupported operator");
  CHECK(d[1].format("u.onnx") == "u.onnx: node 'second_bad' (AlsoMissing): error: unsupported operator");
}

TEST_CASE("bad files give clear errors, never a crash", "[frontend][diagnostics]") {
  OnnxBuilder b(13);
  b.input("x", {4});
  b.node("Relu", {"x"}, {"y"}, "relu");
  b.output("y");
  const std::string good = b.bytes();
  SECTION("empty") {
    auto g = loadOnnxFromBytes("", "e.onnx");
    REQUIRE_FALSE(g);
    CHECK_THAT(g.status().message(), Catch::Contains("empty"));
  }
  SECTION("not protobuf") {
    auto g = loadOnnxFromBytes(std::string("\xff\xff\xff\xff this is not a model", 30), "n.onnx");
    REQUIRE_FALSE(g);
    CHECK_THAT(g.status().message(), Catch::Contains("not a valid ONNX model"));
  }
  SECTION("truncated") {
    for (size_t cut : {good.size() / 3, good.size() / 2, good.size() - 3}) {
      auto g = loadOnnxFromBytes(good.substr(0, cut), "t.onnx");
      REQUIRE_FALSE(g);
      CHECK_FALSE(g.status().message().empty());
    }
  }
  SECTION("unsupported opset and IR version") {
    OnnxBuilder o(23);
    o.input("x", {4});
    o.node("Relu", {"x"}, {"y"}, "relu");
    o.output("y");
    auto g = loadOnnxFromBytes(o.bytes(), "o.onnx");
    REQUIRE_FALSE(g);
    CHECK_THAT(g.status().message(), Catch::Contains("opset 23 is not supported"));
    // Old opsets load only for ops whose old form is implemented: Add before
    // opset 7 broadcast differently (the broadcast/axis attributes).
    OnnxBuilder old(6);
    old.input("a", {4});
    old.input("b", {4});
    old.node("Add", {"a", "b"}, {"c"}, "add");
    old.output("c");
    auto g0 = loadOnnxFromBytes(old.bytes(), "old.onnx");
    REQUIRE_FALSE(g0);
    CHECK_THAT(g0.status().format("old.onnx"), Catch::Contains("node 'add' (Add)") && Catch::Contains("opset 6 is not supported"));
    auto relu = [](int opset, int irVersion) {
      OnnxBuilder o(opset, irVersion);
      o.input("x", {4});
      o.node("Relu", {"x"}, {"y"}, "relu");
      o.output("y");
      return loadOnnxFromBytes(o.bytes(), "ir.onnx");
    };
    auto g2 = relu(13, 14);
    REQUIRE_FALSE(g2);
    CHECK_THAT(g2.status().message(), Catch::Contains("IR version 14"));
    // The newest supported versions: IR 13 (onnx 1.20) and opset 22.
    auto g3 = relu(22, 13);
    REQUIRE(g3);
    CHECK((*g3)->nodes().size() == 1);
  }
}
