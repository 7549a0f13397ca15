// The escaping module: every string from a model or the command line that
// reaches generated C/C++ goes through codegen/escape.h.
#include <catch2/catch.hpp>

#include <string>

#include "support/escape.h"

using namespace tinyaot;
using namespace std::string_literals;

TEST_CASE("commentText keeps printable ASCII and neutralises everything else", "[escape]") {
  CHECK(commentText("conv_1/Relu:0") == "conv_1/Relu:0");
  // No newline or CR can end the comment and start a line of code.
  CHECK(commentText("x\n#error pwned") == "x\\x0a#error pwned");
  CHECK(commentText("x\r#error") == "x\\x0d#error");
  CHECK(commentText("a\0b"s) == "a\\x00b");
  // No line splice: a backslash never reaches the end of a line.
  CHECK(commentText("ends with\\") == "ends with\\x5c");
  // Block comments stay closed and unnested, trigraphs stay unformed.
  CHECK(commentText("a*/b") == "a*\\x2fb");
  CHECK(commentText("a/*b") == "a/\\x2ab");
  CHECK(commentText("?\?/") == "?\\x3f/");
  CHECK(commentText("???") == "?\\x3f?");
  // Bytes outside ASCII (UTF-8, DEL) are spelled out.
  CHECK(commentText("\xc3\xa9\x7f") == "\\xc3\\xa9\\x7f");
  // Very long names are cut.
  const std::string longName(1000, 'a');
  CHECK(commentText(longName, 10) == "aaaaaaaaaa...");
  for (int c = 0; c < 256; ++c) {
    const std::string out = commentText(std::string(1, char(c)) + "x");
    for (char o : out) CHECK((o >= 0x20 && o < 0x7f));
  }
}

TEST_CASE("cIdentifier makes a usable identifier of anything", "[escape]") {
  CHECK(cIdentifier("my-model.v2") == "my_model_v2");
  CHECK(cIdentifier("/conv1/Conv_output_0") == "m_conv1_Conv_output_0");
  CHECK(cIdentifier("a__b") == "a_b");    // "__" is reserved
  CHECK(cIdentifier("x_") == "x");        // callers append "_suffix"
  CHECK(cIdentifier("") == "m");
  CHECK(cIdentifier("3x") == "m_3x");
  CHECK(cIdentifier("_Foo") == "m_Foo");  // leading '_' is reserved at file scope
  CHECK(cIdentifier("int") == "m_int");
  CHECK(cIdentifier("a\nb\0c"s) == "a_b_c");
  CHECK(cIdentifier(std::string(500, 'z')).size() == 64);
  CHECK(cIdentifier("Net") != cIdentifier("net"));
  for (const std::string& s : {"a-b"s, "\xff\xfe"s, "__"s, "9"s, "a b c"s, "int"s, "x\\"s})
    CHECK(isCIdentifier(cIdentifier(s)));
}

TEST_CASE("isCIdentifier accepts exactly the identifiers a NAME can be", "[escape]") {
  CHECK(isCIdentifier("kws"));
  CHECK(isCIdentifier("Net_2"));
  CHECK_FALSE(isCIdentifier(""));
  CHECK_FALSE(isCIdentifier("2net"));
  CHECK_FALSE(isCIdentifier("_net"));
  CHECK_FALSE(isCIdentifier("a__b"));
  CHECK_FALSE(isCIdentifier("my-net"));
  CHECK_FALSE(isCIdentifier("while"));
  CHECK_FALSE(isCIdentifier("a\nb"));
}

TEST_CASE("cStringLiteral escapes quotes, backslashes, trigraphs and control bytes", "[escape]") {
  CHECK(cStringLiteral(".dtcm_bss") == "\".dtcm_bss\"");
  CHECK(cStringLiteral("a\"b") == "\"a\\\"b\"");
  CHECK(cStringLiteral("a\\") == "\"a\\\\\"");
  CHECK(cStringLiteral("?\?/") == "\"\\?\\?/\"");
  CHECK(cStringLiteral("a\n1") == "\"a\\0121\"");
  CHECK(cStringLiteral("\0"s) == "\"\\000\"");
}

TEST_CASE("checkSectionName accepts linker section names only", "[escape]") {
  CHECK(checkSectionName(".dtcm_bss", "--arena-section").isOk());
  CHECK(checkSectionName(".bss.ram2", "--arena-section").isOk());
  CHECK(checkSectionName("__DATA,__mysect", "--weights-section").isOk());
  CHECK(checkSectionName("$noinit-ram", "--weights-section").isOk());
  const Status bad = checkSectionName(".x\")));\n#error", "--arena-section");
  REQUIRE_FALSE(bad.isOk());
  CHECK(bad.message().find("--arena-section") != std::string::npos);
  CHECK(bad.message().find('\n') == std::string::npos);
  CHECK_FALSE(checkSectionName("", "--arena-section").isOk());
  CHECK_FALSE(checkSectionName(std::string(200, 'a'), "--arena-section").isOk());
  CHECK_FALSE(checkSectionName("a b", "--arena-section").isOk());
}
