#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "driver/pipeline.h"
#include "targets/target.h"

using namespace tinyaot;

namespace {
const char* kGood = R"(# comment
name = board-x
description = A board  with   spaces   # trailing comment
arch = arm
cpu = cortex-m4
cflags = -mcpu=cortex-m4 -mthumb
fpu = sp
dsp = yes
helium = no
kernels = armdsp reference
flash_bytes = 1048576
ram_bytes = 262144
qemu_machine =
qemu_ram_bytes = 0
toolchain = arm-none-eabi
)";
}

TEST_CASE("target files parse into a TargetDesc", "[targets]") {
  auto t = parseTarget(kGood, "x.target");
  REQUIRE(t);
  CHECK(t->name == "board-x");
  CHECK(t->description == "A board with spaces");
  CHECK(t->kernels == std::vector<std::string>{"armdsp", "reference"});
  CHECK(t->flashBytes == 1048576);
  CHECK(t->ramBytes == 262144);
  CHECK(t->dsp);
  CHECK_FALSE(t->helium);
  CHECK(t->qemuMachine.empty());
}

TEST_CASE("bad target files are errors that say why", "[targets]") {
  auto replace = [](std::string s, const std::string& from, const std::string& to) {
    s.replace(s.find(from), from.size(), to);
    return s;
  };
  struct Bad {
    std::string text, message;
  };
  const Bad bad[] = {
      {replace(kGood, "ram_bytes = 262144\n", ""), "missing keys: ram_bytes"},
      {replace(kGood, "kernels = armdsp reference", "kernels = neon reference"), "unknown kernel variant 'neon'"},
      {replace(kGood, "kernels = armdsp reference", "kernels = armdsp"), "must end with 'reference'"},
      {replace(kGood, "dsp = yes", "dsp = no"), "lists a variant the CPU lacks"},
      {replace(kGood, "flash_bytes = 1048576", "flash_bytes = 1M"), "'flash_bytes' must be a non-negative number"},
      {replace(kGood, "fpu = sp", "fpu = half"), "'fpu' must be none, sp or dp"},
      {replace(kGood, "arch = arm", "arch arm"), "x.target:4: expected 'key = value'"},
  };
  for (const auto& b : bad) {
    auto t = parseTarget(b.text, "x.target");
    REQUIRE_FALSE(t);
    CHECK_THAT(t.status().message(), Catch::Contains(b.message));
  }
}

TEST_CASE("every built-in target parses and sets the kernel variants and budgets", "[targets]") {
  const auto all = builtinTargets();
  std::vector<std::string> names;
  for (const auto& t : all) names.push_back(t.name);
  CHECK(names == std::vector<std::string>{"cortex-m0plus", "cortex-m3", "cortex-m33", "cortex-m4", "cortex-m55",
                                          "cortex-m7", "host", "riscv32imac"});
  CompileOptions o;
  REQUIRE(setTarget(o, "cortex-m55").isOk());
  CHECK(o.target == "cortex-m55");
  CHECK(o.lower.kernelVariants == std::vector<std::string>{"helium", "armdsp", "reference"});
  CHECK(o.targetFlashBytes == 2 * 1024 * 1024);
  CHECK(o.targetRamBytes == 1024 * 1024);
  REQUIRE(setTarget(o, "cortex-m0plus").isOk());
  CHECK(o.lower.kernelVariants == std::vector<std::string>{"reference"});
  CHECK(o.targetRamBytes == 32 * 1024);

  auto unknown = findTarget("cortex-m99");
  REQUIRE_FALSE(unknown);
  CHECK_THAT(unknown.status().message(), Catch::Contains("unknown target 'cortex-m99'") &&
                                             Catch::Contains("cortex-m4"));
}

TEST_CASE("a target can be given as a path to a .target file", "[targets]") {
  const auto path = std::filesystem::temp_directory_path() / "tinyaot_target_test_board.target";
  {
    std::ofstream f(path);
    f << kGood;
  }
  auto t = findTarget(path.string());
  REQUIRE(t);
  CHECK(t->name == "board-x");
  CHECK(t->origin == path.string());
  std::filesystem::remove(path);
  auto missing = findTarget(path.string());
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.status().message(), Catch::Contains("cannot read target file"));
}
