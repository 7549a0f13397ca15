// The CLI contract: exit codes, diagnostics naming file/node/op, and nothing
// written half-way on failure.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>

#include "onnx_builder.h"

namespace fs = std::filesystem;
using testutil::OnnxBuilder;

namespace {

struct Result {
  int code;
  std::string output;
};

Result runCli(const std::string& args) {
  std::string cmd = std::string(TINYAOT_BINARY) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), out};
}

fs::path dir() {
  auto d = fs::temp_directory_path() / "tinyaot_cli_test";
  fs::create_directories(d);
  return d;
}

void writeFile(const fs::path& p, const std::string& bytes) {
  std::ofstream f(p, std::ios::binary);
  f << bytes;
}

std::string reluModel() {
  OnnxBuilder b(13);
  b.input("x", {4});
  b.node("Relu", {"x"}, {"y"}, "relu");
  b.output("y");
  return b.bytes();
}

}  // namespace

TEST_CASE("help and usage errors", "[cli]") {
  CHECK(runCli("--help").code == 0);
  CHECK(runCli("compile --help").code == 0);
  CHECK(runCli("inspect --help").code == 0);
  CHECK(runCli("").code == 2);
  CHECK(runCli("compile").code == 2);
  CHECK(runCli("compile x.onnx").code == 2);  // -o is required
  CHECK(runCli("frobnicate").code == 2);
  CHECK(runCli("compile x.onnx -o out --no-such-option").code == 2);
}

TEST_CASE("a good model compiles with exit 0 and NAME from the file stem", "[cli]") {
  auto d = dir();
  writeFile(d / "my-model.v2.onnx", reluModel());
  fs::remove_all(d / "out");
  auto r = runCli("compile " + (d / "my-model.v2.onnx").string() + " -o " + (d / "out").string());
  CHECK(r.code == 0);
  CHECK(fs::exists(d / "out" / "my_model_v2.h"));
  CHECK(fs::exists(d / "out" / "my_model_v2.cpp"));
}

TEST_CASE("model problems exit 1 with a diagnostic and write nothing", "[cli][diagnostics]") {
  auto d = dir();
  const std::string good = reluModel();
  OnnxBuilder u(13);
  u.input("x", {4});
  u.node("FancyOp", {"x"}, {"y"}, "fancy_1");
  u.output("y");
  OnnxBuilder s(13);
  s.input("x", {4, -1});  // a symbolic batch dimension alone would default to 1
  s.node("Relu", {"x"}, {"y"}, "relu");
  s.output("y");
  struct Case {
    const char* file;
    std::string bytes;
    const char* expect;
  } cases[] = {
      {"empty.onnx", "", "empty.onnx: error: the model file is empty"},
      {"garbage.onnx", "this is not protobuf at all \x01\x02\x03", "garbage.onnx: error: not a valid ONNX model"},
      {"truncated.onnx", good.substr(0, good.size() / 2), "truncated.onnx: error:"},
      {"unsupported.onnx", u.bytes(), "unsupported.onnx: node 'fancy_1' (FancyOp): error: unsupported operator"},
      {"symbolic.onnx", s.bytes(), "--input-shape x="},
  };
  for (auto& c : cases) {
    INFO(c.file);
    writeFile(d / c.file, c.bytes);
    fs::remove_all(d / "fail_out");
    auto r = runCli("compile " + (d / c.file).string() + " -o " + (d / "fail_out").string());
    CHECK(r.code == 1);
    CHECK_THAT(r.output, Catch::Contains(c.expect));
    CHECK_FALSE(fs::exists(d / "fail_out" / (fs::path(c.file).stem().string() + ".cpp")));
  }
  auto r = runCli("compile " + (d / "does_not_exist.onnx").string() + " -o " + (d / "fail_out").string());
  CHECK(r.code == 1);
  CHECK_THAT(r.output, Catch::Contains("does_not_exist.onnx: error: cannot open the model file"));
}

TEST_CASE("inspect lists nodes, totals and unsupported ops", "[cli]") {
  auto d = dir();
  OnnxBuilder b(13);
  b.input("x", {1, 8});
  b.floatInit("w", {4, 8}, std::vector<float>(32, 0.5f));
  auto& g = b.node("Gemm", {"x", "w"}, {"h"}, "fc");
  OnnxBuilder::attrInt(g, "transB", 1);
  b.node("Mystery", {"h"}, {"y"}, "mystery_node");
  b.output("y");
  writeFile(d / "inspect.onnx", b.bytes());
  auto r = runCli("inspect " + (d / "inspect.onnx").string());
  CHECK(r.code == 1);
  CHECK_THAT(r.output, Catch::Contains("fc") && Catch::Contains("float32[1,4]") && Catch::Contains("32"));
  CHECK_THAT(r.output, Catch::Contains("node 'mystery_node' (Mystery): error: unsupported operator"));
  CHECK_THAT(r.output, Catch::Contains("total: 2 nodes, 32 parameters, 32 MACs"));
}
