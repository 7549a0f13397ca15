#include "support/escape.h"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include <fmt/format.h>

namespace tinyaot {

namespace {

bool printable(unsigned char c) { return c >= 0x20 && c < 0x7f; }
bool identChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
bool digit(unsigned char c) { return c >= '0' && c <= '9'; }

// Keywords of C11 and C++20 plus the alternative tokens: an identifier never
// equals one of these.
constexpr std::string_view kKeywords[] = {
    "alignas", "alignof", "and", "and_eq", "asm", "atomic_cancel", "atomic_commit", "atomic_noexcept", "auto",
    "bitand", "bitor", "bool", "break", "case", "catch", "char", "char8_t", "char16_t", "char32_t", "class",
    "compl", "concept", "const", "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await",
    "co_return", "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
    "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int", "long",
    "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or", "or_eq", "private",
    "protected", "public", "reflexpr", "register", "reinterpret_cast", "requires", "restrict", "return", "short",
    "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch", "synchronized", "template",
    "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using",
    "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq", "_Alignas", "_Alignof", "_Atomic",
    "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local"};

}  // namespace

std::string commentText(std::string_view s, size_t maxChars) {
  std::string out;
  const bool cut = s.size() > maxChars;
  if (cut) s = s.substr(0, maxChars);
  out.reserve(s.size());
  char prev = 0;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    const bool escape = !printable(c) || c == '\\' || (c == '/' && prev == '*') || (c == '*' && prev == '/') ||
                        (c == '?' && prev == '?');
    if (escape) {
      out += fmt::format("\\x{:02x}", c);
      prev = 0;  // the escape ends in a hex digit
    } else {
      out += ch;
      prev = ch;
    }
  }
  if (cut) out += "...";
  return out;
}

std::string displayText(std::string_view s, bool keepNewlines) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (printable(c) || (keepNewlines && c == '\n')) {
      if (c == '\\') out += '\\';
      out += s[i++];
      continue;
    }
    // The length of a valid UTF-8 sequence at i (0: none), overlong forms,
    // surrogates and C1 controls (U+0080..U+009F) excluded.
    size_t len = 0;
    if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) len = 3;
    else if (c >= 0xf0 && c <= 0xf4) len = 4;
    if (len && i + len <= s.size()) {
      uint32_t cp = c & (0xff >> (len + 1));
      for (size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xc0) != 0x80) len = 0;
        cp = (cp << 6) | (b & 0x3f);
        if (!len) break;
      }
      const uint32_t minCp = len == 2 ? 0xa0 : len == 3 ? 0x800 : 0x10000;
      if (len && cp >= minCp && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
        out.append(s.substr(i, len));
        i += len;
        continue;
      }
    }
    out += fmt::format("\\x{:02x}", c);
    ++i;
  }
  return out;
}

std::string cIdentifier(std::string_view s, size_t maxChars) {
  std::string out;
  for (char ch : s) {
    const char c = identChar(static_cast<unsigned char>(ch)) ? ch : '_';
    if (c == '_' && !out.empty() && out.back() == '_') continue;
    out += c;
  }
  const auto trimTail = [&] {
    while (!out.empty() && out.back() == '_') out.pop_back();
  };
  trimTail();  // so that NAME_suffix never holds "__"
  if (out.empty() || out[0] == '_' || digit(static_cast<unsigned char>(out[0])) ||
      std::find(std::begin(kKeywords), std::end(kKeywords), out) != std::end(kKeywords))
    out = out.empty() || out[0] == '_' ? "m" + out : "m_" + out;
  if (out.size() > maxChars) out.resize(std::max<size_t>(maxChars, 1));
  trimTail();
  return out;
}

bool isCIdentifier(std::string_view s) {
  if (s.empty() || digit(static_cast<unsigned char>(s[0]))) return false;
  if (!std::all_of(s.begin(), s.end(), [](char c) { return identChar(static_cast<unsigned char>(c)); })) return false;
  if (s[0] == '_' || s.find("__") != std::string_view::npos) return false;
  return std::find(std::begin(kKeywords), std::end(kKeywords), s) == std::end(kKeywords);
}

std::string cStringLiteral(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\' || c == '?') {
      out += '\\';
      out += ch;
    } else if (printable(c)) {
      out += ch;
    } else {
      out += fmt::format("\\{:03o}", c);  // octal: at most three digits, never swallows what follows
    }
  }
  return out + "\"";
}

Status checkSectionName(std::string_view s, std::string_view what) {
  const auto ok = [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return identChar(c) || c == '.' || c == '$' || c == ',' || c == '-';
  };
  if (s.empty() || s.size() > 128 || !std::all_of(s.begin(), s.end(), ok))
    return errorf("{} '{}' is not a linker section name: use 1 to 128 characters from letters, digits and _ . $ , -",
                  what, commentText(s, 64));
  return Status::ok();
}

}  // namespace tinyaot
