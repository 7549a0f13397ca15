#include "ops/registry.h"

#include <algorithm>
#include <cassert>
#include <map>

namespace tinyaot {

namespace {
// Keyed by (domain, name); the default domain is "".
using Key = std::pair<std::string, std::string>;
std::map<Key, OpDef, std::less<>>& table() {
  static std::map<Key, OpDef, std::less<>> t;
  return t;
}
}  // namespace

OpRegistrar::OpRegistrar(const OpDef& def) {
  [[maybe_unused]] bool inserted = table().emplace(Key{def.domain, def.name}, def).second;
  assert(inserted && "operator registered twice");
}

const OpDef* findOp(std::string_view name) { return findOp("", name); }

const OpDef* findOp(std::string_view domain, std::string_view name) {
  auto it = table().find(Key{isDefaultDomain(domain) ? "" : std::string(domain), std::string(name)});
  return it == table().end() ? nullptr : &it->second;
}

std::vector<const OpDef*> allOps() {
  std::vector<const OpDef*> out;
  for (auto& [k, v] : table()) out.push_back(&v);
  return out;
}

int64_t KernelCall::scratchBytes() const {
  int64_t total = 0;
  for (auto& a : args)
    if (a.kind == KArg::Kind::Scratch) total += (a.i + 15) / 16 * 16;
  return total;
}

}  // namespace tinyaot
