#include "driver/options.h"

#include <iostream>

namespace tinyaot {

Expected<std::map<std::string, Shape>> parseInputShapes(const std::vector<std::string>& specs) {
  std::map<std::string, Shape> out;
  for (const std::string& spec : specs) {
    const size_t eq = spec.rfind('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size())
      return errorf("--input-shape '{}' is not of the form NAME=D0,D1,... (for example input=1,3,32,32)", spec);
    Shape shape;
    std::string dims = spec.substr(eq + 1);
    size_t pos = 0;
    while (pos <= dims.size()) {
      size_t comma = dims.find(',', pos);
      std::string d = dims.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      try {
        size_t used = 0;
        long long v = std::stoll(d, &used);
        if (used != d.size() || v < 0) throw std::invalid_argument(d);
        shape.push_back(v);
      } catch (const std::exception&) {
        return errorf("--input-shape '{}': '{}' is not a non-negative integer", spec, d);
      }
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
    out[spec.substr(0, eq)] = shape;
  }
  return out;
}

void report(const Status& s, const std::string& file) { std::cerr << s.format(file); }

}  // namespace tinyaot
