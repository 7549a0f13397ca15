// Node attributes, as ONNX has them, plus internal ones (prefixed "ta.")
// that passes attach (for example a fused activation).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ir/types.h"

namespace tinyaot {

struct Attribute {
  enum class Kind { Int, Float, String, Ints, Floats, Strings, Tensor, Graph, Other };
  Kind kind = Kind::Int;
  int64_t i = 0;
  float f = 0;
  std::string s;
  std::vector<int64_t> ints;
  std::vector<float> floats;
  std::vector<std::string> strings;
  TensorType tensorType;          // Kind::Tensor
  std::vector<uint8_t> tensorData;  // Kind::Tensor, raw little-endian bytes
};

class Attributes {
 public:
  bool has(const std::string& name) const { return map_.count(name) != 0; }
  const Attribute* find(const std::string& name) const {
    auto it = map_.find(name);
    return it == map_.end() ? nullptr : &it->second;
  }
  int64_t getInt(const std::string& name, int64_t def) const {
    auto* a = find(name);
    return a && a->kind == Attribute::Kind::Int ? a->i : def;
  }
  float getFloat(const std::string& name, float def) const {
    auto* a = find(name);
    if (!a) return def;
    if (a->kind == Attribute::Kind::Float) return a->f;
    if (a->kind == Attribute::Kind::Int) return float(a->i);
    return def;
  }
  std::string getString(const std::string& name, const std::string& def) const {
    auto* a = find(name);
    return a && a->kind == Attribute::Kind::String ? a->s : def;
  }
  std::vector<int64_t> getInts(const std::string& name, std::vector<int64_t> def = {}) const {
    auto* a = find(name);
    return a && a->kind == Attribute::Kind::Ints ? a->ints : def;
  }
  std::vector<float> getFloats(const std::string& name, std::vector<float> def = {}) const {
    auto* a = find(name);
    return a && a->kind == Attribute::Kind::Floats ? a->floats : def;
  }
  void setInt(const std::string& name, int64_t v) { auto& a = map_[name]; a = {}; a.kind = Attribute::Kind::Int; a.i = v; }
  void setFloat(const std::string& name, float v) { auto& a = map_[name]; a = {}; a.kind = Attribute::Kind::Float; a.f = v; }
  void setString(const std::string& name, std::string v) { auto& a = map_[name]; a = {}; a.kind = Attribute::Kind::String; a.s = std::move(v); }
  void setInts(const std::string& name, std::vector<int64_t> v) { auto& a = map_[name]; a = {}; a.kind = Attribute::Kind::Ints; a.ints = std::move(v); }
  void setFloats(const std::string& name, std::vector<float> v) { auto& a = map_[name]; a = {}; a.kind = Attribute::Kind::Floats; a.floats = std::move(v); }
  void set(const std::string& name, Attribute a) { map_[name] = std::move(a); }
  void erase(const std::string& name) { map_.erase(name); }
  const std::map<std::string, Attribute>& all() const { return map_; }

 private:
  std::map<std::string, Attribute> map_;
};

}  // namespace tinyaot
