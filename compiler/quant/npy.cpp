#include "quant/npy.h"

#include <cctype>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>

namespace tinyaot {

namespace {

// The header is a Python dict literal, e.g.
//   {'descr': '<f4', 'fortran_order': False, 'shape': (64, 1, 8, 8), }
// Values we accept: strings, True/False, and tuples of integers.
struct HeaderValue {
  enum class Kind { String, Bool, Tuple } kind = Kind::String;
  std::string s;
  bool b = false;
  std::vector<int64_t> ints;
};

class HeaderParser {
 public:
  explicit HeaderParser(std::string_view text) : t_(text) {}

  // Returns an error message, empty on success.
  std::string parse(std::map<std::string, HeaderValue>& out) {
    skipSpace();
    if (!eat('{')) return "the header is not a dict literal";
    for (;;) {
      skipSpace();
      if (eat('}')) break;
      std::string key;
      if (!parseString(key)) return "expected a quoted key in the header dict";
      skipSpace();
      if (!eat(':')) return fmt::format("expected ':' after key '{}'", key);
      skipSpace();
      HeaderValue v;
      if (std::string e = parseValue(v); !e.empty()) return fmt::format("value of '{}': {}", key, e);
      if (out.count(key)) return fmt::format("key '{}' appears twice", key);
      out[key] = std::move(v);
      skipSpace();
      if (eat(',')) continue;
      skipSpace();
      if (eat('}')) break;
      return "expected ',' or '}' in the header dict";
    }
    skipSpace();
    if (pos_ != t_.size()) return "unexpected text after the header dict";
    return "";
  }

 private:
  std::string_view t_;
  size_t pos_ = 0;

  void skipSpace() {
    while (pos_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[pos_]))) ++pos_;
  }
  bool eat(char c) {
    if (pos_ < t_.size() && t_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool parseString(std::string& s) {
    if (pos_ >= t_.size() || (t_[pos_] != '\'' && t_[pos_] != '"')) return false;
    const char q = t_[pos_++];
    while (pos_ < t_.size() && t_[pos_] != q) {
      if (t_[pos_] == '\\') return false;  // no escapes in the keys and dtypes we accept
      s += t_[pos_++];
    }
    return eat(q);
  }
  bool parseInt(int64_t& v) {
    size_t start = pos_;
    while (pos_ < t_.size() && std::isdigit(static_cast<unsigned char>(t_[pos_]))) ++pos_;
    if (pos_ == start || pos_ - start > 18) return false;
    v = std::stoll(std::string(t_.substr(start, pos_ - start)));
    if (pos_ < t_.size() && (t_[pos_] == 'L' || t_[pos_] == 'l')) ++pos_;  // Python 2 long
    return true;
  }
  std::string parseValue(HeaderValue& v) {
    if (pos_ < t_.size() && (t_[pos_] == '\'' || t_[pos_] == '"')) {
      v.kind = HeaderValue::Kind::String;
      return parseString(v.s) ? "" : "malformed string";
    }
    if (t_.substr(pos_, 4) == "True") {
      pos_ += 4;
      v.kind = HeaderValue::Kind::Bool;
      v.b = true;
      return "";
    }
    if (t_.substr(pos_, 5) == "False") {
      pos_ += 5;
      v.kind = HeaderValue::Kind::Bool;
      v.b = false;
      return "";
    }
    if (eat('(')) {
      v.kind = HeaderValue::Kind::Tuple;
      for (;;) {
        skipSpace();
        if (eat(')')) return "";
        int64_t d = 0;
        if (!parseInt(d)) return "expected a non-negative integer in the tuple";
        v.ints.push_back(d);
        skipSpace();
        if (eat(',')) continue;
        skipSpace();
        if (eat(')')) return "";
        return "expected ',' or ')' in the tuple";
      }
    }
    if (pos_ < t_.size() && t_[pos_] == '[') return "structured dtypes are not supported";
    return "expected a string, True/False or a tuple";
  }
};

uint32_t readLE(const std::string& b, size_t at, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i) v |= uint32_t(static_cast<unsigned char>(b[at + i])) << (8 * i);
  return v;
}

}  // namespace

Expected<NpyArray> parseNpy(const std::string& bytes, const std::string& what) {
  static const char kMagic[] = "\x93NUMPY";
  if (bytes.size() < 8 || std::memcmp(bytes.data(), kMagic, 6) != 0)
    return errorf("{}: not a .npy file (bad magic; expected \\x93NUMPY)", what);
  const int major = static_cast<unsigned char>(bytes[6]), minor = static_cast<unsigned char>(bytes[7]);
  if ((major != 1 && major != 2 && major != 3) || minor != 0)
    return errorf("{}: .npy format version {}.{} is not supported (1.0, 2.0 and 3.0 are)", what, major, minor);
  const size_t lenBytes = major == 1 ? 2 : 4;
  if (bytes.size() < 8 + lenBytes) return errorf("{}: truncated .npy header", what);
  const size_t headerLen = readLE(bytes, 8, lenBytes);
  const size_t dataStart = 8 + lenBytes + headerLen;
  if (bytes.size() < dataStart)
    return errorf("{}: truncated .npy header ({} header bytes announced, {} present)", what, headerLen,
                  bytes.size() - 8 - lenBytes);
  std::string_view header(bytes.data() + 8 + lenBytes, headerLen);
  std::map<std::string, HeaderValue> dict;
  if (std::string e = HeaderParser(header).parse(dict); !e.empty())
    return errorf("{}: malformed .npy header: {}", what, e);
  for (const char* key : {"descr", "fortran_order", "shape"})
    if (!dict.count(key)) return errorf("{}: malformed .npy header: no '{}' entry", what, key);
  const HeaderValue& descr = dict["descr"];
  const HeaderValue& fortran = dict["fortran_order"];
  const HeaderValue& shape = dict["shape"];
  if (descr.kind != HeaderValue::Kind::String) return errorf("{}: malformed .npy header: 'descr' is not a string", what);
  if (fortran.kind != HeaderValue::Kind::Bool)
    return errorf("{}: malformed .npy header: 'fortran_order' is not True/False", what);
  if (shape.kind != HeaderValue::Kind::Tuple) return errorf("{}: malformed .npy header: 'shape' is not a tuple", what);

  NpyArray a;
  a.descr = descr.s;
  size_t itemSize = 0;
  if (descr.s == "<f4") itemSize = 4;
  else if (descr.s == "<f8") itemSize = 8;
  else if (descr.s == ">f4" || descr.s == ">f8")
    return errorf("{}: big-endian data ('{}') is not supported; save it little-endian (e.g. arr.astype('<f4'))", what,
                  descr.s);
  else
    return errorf("{}: dtype '{}' is not supported; calibration data must be float32 ('<f4') or float64 ('<f8')",
                  what, descr.s);
  if (fortran.b)
    return errorf("{}: Fortran-order arrays are not supported; save a C-order array (np.ascontiguousarray)", what);

  int64_t count = 1;
  for (int64_t d : shape.ints) {
    if (d != 0 && count > std::numeric_limits<int64_t>::max() / 8 / d)
      return errorf("{}: shape {} is too large", what, shapeStr(shape.ints));
    count *= d;
  }
  a.shape = shape.ints;
  const size_t need = size_t(count) * itemSize, have = bytes.size() - dataStart;
  if (have < need)
    return errorf("{}: truncated data: shape {} of {} needs {} bytes, the file has {}", what, shapeStr(a.shape),
                  descr.s, need, have);
  if (have > need)
    return errorf("{}: {} unexpected bytes after the data of shape {} ({})", what, have - need, shapeStr(a.shape),
                  descr.s);
  a.data.resize(size_t(count));
  const char* p = bytes.data() + dataStart;
  if (itemSize == 4) {
    std::memcpy(a.data.data(), p, need);
  } else {
    for (int64_t i = 0; i < count; ++i) {
      double d;
      std::memcpy(&d, p + i * 8, 8);
      a.data[size_t(i)] = float(d);
    }
  }
  return a;
}

Expected<NpyArray> readNpy(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return errorf("cannot open '{}'", path);
  std::ostringstream ss;
  ss << f.rdbuf();
  if (f.bad()) return errorf("cannot read '{}'", path);
  return parseNpy(ss.str(), path);
}

}  // namespace tinyaot
