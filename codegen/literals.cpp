#include <cmath>
#include <limits>

#include "emit.h"

namespace tinyaot {

std::string floatLiteral(float v) {
  if (std::isnan(v)) return "NAN";
  if (std::isinf(v)) return v > 0 ? "INFINITY" : "-INFINITY";
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s + "f";
}

std::string doubleLiteral(double v) {
  if (std::isnan(v)) return "(double)NAN";
  if (std::isinf(v)) return v > 0 ? "(double)INFINITY" : "-(double)INFINITY";
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

std::string intLiteral(int64_t v) {
  if (v == std::numeric_limits<int64_t>::min()) return "(-9223372036854775807LL - 1)";
  if (v == std::numeric_limits<int32_t>::min()) return "(-2147483647 - 1)";
  if (v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max()) return fmt::format("{}", v);
  return fmt::format("{}LL", v);
}

}  // namespace tinyaot
