// A string as a JSON string literal (quoted, with ", \ and control characters
// escaped), for the JSON that reports and `tinyaot ops --json` write.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

namespace tinyaot {

inline std::string jsonString(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", int(c));
        else out += c;
    }
  }
  return out + "\"";
}

}  // namespace tinyaot
