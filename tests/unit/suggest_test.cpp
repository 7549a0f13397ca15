// "Did you mean": the closest name by edit distance, or the only prefix match.
#include <catch2/catch.hpp>

#include "support/suggest.h"

using namespace tinyaot;

TEST_CASE("closestName suggests near misses and nothing for unrelated words", "[cli][suggest]") {
  const std::vector<std::string> cmds = {"compile", "inspect", "targets", "ops"};
  CHECK(closestName("compil", cmds) == "compile");   // deletion
  CHECK(closestName("inpsect", cmds) == "inspect");  // adjacent swap
  CHECK(closestName("COMPILE", cmds) == "compile");  // case
  CHECK(closestName("targts", cmds) == "targets");
  CHECK(closestName("op", cmds) == "ops");           // the only prefix
  CHECK_FALSE(closestName("frobnicate", cmds));
  CHECK_FALSE(closestName("x", cmds));
  const std::vector<std::string> opts = {"--quiet", "-q", "--verbose", "-v", "--quantize", "--quant-report"};
  CHECK(closestName("--qiet", opts) == "--quiet");
  CHECK(closestName("--quantise", opts) == "--quantize");
  CHECK_FALSE(closestName("-x", opts));              // too short to tell
  CHECK_FALSE(closestName("--qua", opts));           // a prefix of two: ambiguous
  CHECK(didYouMean("--verbsoe", opts) == "; did you mean '--verbose'?");
  CHECK(didYouMean("--nothing-like-it", opts).empty());
  CHECK(joinNames({"a", "b", "c"}) == "a, b, c");
}
