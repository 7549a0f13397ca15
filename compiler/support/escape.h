// The one gate between strings from outside (model names, file names,
// command-line values) and what TinyAOT writes: the generated C/C++ (every
// such string reaches NAME.h / NAME.cpp through one of these functions, never
// raw) and the terminal (diagnostics, summaries).
#pragma once
#include <string>
#include <string_view>

#include "support/diagnostics.h"

namespace tinyaot {

// Text safe inside both a `//` line comment and a `/* */` block comment:
// printable ASCII only. Control characters (newline, CR, NUL, ...), DEL and
// bytes >= 0x80 become \xNN, as does a backslash (no line splice can form),
// the '/' of "*/", the '*' of "/*" and the second '?' of "??" (no trigraph).
// Longer texts are cut at `maxChars` input bytes and end in "...".
std::string commentText(std::string_view s, size_t maxChars = 256);

// Text safe to print on a terminal or in a one-line message: valid UTF-8
// outside the control ranges is kept (names stay readable); C0 and C1
// control characters (newline, ESC, U+009B, ...), DEL and bytes that are not
// valid UTF-8 become \xNN, and a backslash becomes "\\". With
// `keepNewlines`, '\n' stays (for multi-line summaries).
std::string displayText(std::string_view s, bool keepNewlines = false);

// A C identifier made of s: characters other than [A-Za-z0-9_] become '_',
// runs of '_' collapse to one and trailing ones go (identifiers containing
// "__" are reserved, and callers append "_suffix"), a leading digit or '_',
// a keyword or an empty result gets an "m" / "m_" prefix, and it is cut to
// `maxChars` characters. "my-model.v2" -> "my_model_v2", "/conv/Conv_" ->
// "m_conv_Conv".
std::string cIdentifier(std::string_view s, size_t maxChars = 64);
// Whether s already is a C identifier (letters, digits, '_', not starting
// with a digit) that is neither reserved (a leading '_', "__") nor a keyword
// of C or C++.
bool isCIdentifier(std::string_view s);

// s as a C string literal, quotes included: printable ASCII kept, '"', '\\'
// and '?' escaped, everything else as an octal escape.
std::string cStringLiteral(std::string_view s);

// --arena-section / --weights-section: a linker section name goes into
// __attribute__((section("..."))). Accepted: 1 to 128 characters from
// [A-Za-z0-9_.$,-] (GNU ELF names such as ".ccmram" or ".bss.ram2", Mach-O
// "__DATA,__mysect"). `what` names the option in the message.
Status checkSectionName(std::string_view s, std::string_view what);

}  // namespace tinyaot
