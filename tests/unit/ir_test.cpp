#include <catch2/catch.hpp>

#include "ir/graph.h"

using namespace tinyaot;

TEST_CASE("graph edits keep use lists and the verifier happy", "[ir]") {
  Graph g;
  Value* x = g.addValue("x", {DType::F32, {1, 4}, std::nullopt});
  g.addInput(x);
  Value* y = g.addValue("y", {DType::F32, {1, 4}, std::nullopt});
  Value* z = g.addValue("z", {DType::F32, {1, 4}, std::nullopt});
  Node* a = g.addNode("Relu", "a", {x}, {y}, 13);
  Node* b = g.addNode("Relu", "b", {y}, {z}, 13);
  g.addOutput(z);
  REQUIRE(g.verify().isOk());
  CHECK(y->users() == std::vector<Node*>{b});
  CHECK(y->producer() == a);

  g.replaceAllUsesWith(y, x);
  CHECK(y->users().empty());
  CHECK(b->input(0) == x);
  g.eraseNode(a);
  g.removeUnusedValues();
  CHECK(g.numNodes() == 1);
  CHECK(g.findValue("y") == nullptr);
  CHECK(g.verify().isOk());
}

TEST_CASE("the verifier catches a use before definition", "[ir]") {
  Graph g;
  Value* x = g.addValue("x", {DType::F32, {2}, std::nullopt});
  g.addInput(x);
  Value* y = g.addValue("y", {DType::F32, {2}, std::nullopt});
  Value* z = g.addValue("z", {DType::F32, {2}, std::nullopt});
  Node* second = g.addNode("Relu", "second", {y}, {z}, 13);
  g.addNode("Relu", "first", {x}, {y}, 13);
  g.addOutput(z);
  Status s = g.verify();
  REQUIRE_FALSE(s.isOk());
  CHECK_THAT(s.message(), Catch::Contains("used before it is produced"));
  g.setOrder({g.nodes()[1], second});
  CHECK(g.verify().isOk());
}

TEST_CASE("the verifier catches a constant whose data does not match its type", "[ir]") {
  Graph g;
  Value* c = g.addConstantOf<float>("c", DType::F32, {2}, {1.0f, 2.0f});
  Value* y = g.addValue("y", {DType::F32, {2}, std::nullopt});
  g.addNode("Relu", "r", {c}, {y}, 13);
  g.addOutput(y);
  CHECK(g.verify().isOk());
  g.setConstantData(c, {DType::F32, {2}, std::nullopt}, std::vector<uint8_t>(8, 0));
  CHECK(g.verify().isOk());
}

TEST_CASE("clone is deep and equal", "[ir]") {
  Graph g;
  Value* x = g.addValue("x", {DType::F32, {3}, std::nullopt});
  g.addInput(x);
  Value* y = g.addValue("y", {DType::F32, {3}, std::nullopt});
  g.addNode("Relu", "r", {x}, {y}, 13);
  g.addOutput(y);
  auto c = g.clone();
  REQUIRE(c->verify().isOk());
  CHECK(c->nodes().size() == 1);
  CHECK(c->inputs()[0] != x);
  CHECK(c->inputs()[0]->name() == "x");
}
