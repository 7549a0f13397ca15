// The memory plan verifier: an independent check of a finished plan, from
// the values' own lifetimes and locations (not the planner's buffers).
#include <algorithm>

#include "passes/memory_plan.h"
#include "passes/plan_kernels.h"

namespace tinyaot {

namespace {

// One region of memory that must not be clobbered while live.
struct Region {
  const Value* value = nullptr;   // null: scratch or an output slot
  std::string name;
  Storage where;
  int64_t bytes = 0;
  int first = 0, last = 0;
};

bool sameDomain(const Storage& a, const Storage& b) { return a.kind == b.kind && a.index == b.index; }

std::string kindName(const Storage& s) {
  switch (s.kind) {
    case Storage::Kind::Arena: return "arena";
    case Storage::Kind::Input: return fmt::format("input {}", s.index);
    case Storage::Kind::Output: return fmt::format("output {}", s.index);
    case Storage::Kind::Constant: return "constants";
  }
  return "?";
}

class Verifier {
 public:
  Verifier(const MemoryPlan& p, const std::map<const Node*, Lowered>& l) : plan_(p), lowered_(l) {}

  Status run() {
    TA_TRY(buffers());
    collectRegions();
    TA_TRY(bounds());
    TA_TRY(calls());
    aliasGroups();
    return overlaps();
  }

 private:
  const MemoryPlan& plan_;
  const std::map<const Node*, Lowered>& lowered_;
  std::vector<Region> regions_;
  std::map<const Value*, const Value*> aliasRoot_;

  int64_t domainSize(const Storage& s) const {
    switch (s.kind) {
      case Storage::Kind::Arena: return plan_.arenaSize;
      case Storage::Kind::Input: return plan_.inputBytes.at(size_t(s.index));
      case Storage::Kind::Output: return plan_.outputBytes.at(size_t(s.index));
      case Storage::Kind::Constant: return 0;
    }
    return 0;
  }

  Status buffers() const {
    for (const Buffer& b : plan_.buffers) {
      if (b.storage.kind != Storage::Kind::Arena) continue;
      if (b.storage.offset < 0 || b.storage.offset + b.bytes > plan_.arenaSize)
        return errorf("internal: memory plan puts '{}' at [{}, {}) outside the {}-byte arena", b.name(),
                      b.storage.offset, b.storage.offset + b.bytes, plan_.arenaSize);
      if (b.storage.offset % b.alignment)
        return errorf("internal: memory plan puts '{}' at offset {}, not {}-byte aligned", b.name(), b.storage.offset,
                      b.alignment);
      if (b.alignment > plan_.arenaAlign)
        return errorf("internal: '{}' needs {}-byte alignment, the arena only {}", b.name(), b.alignment,
                      plan_.arenaAlign);
    }
    return Status::ok();
  }

  void collectRegions() {
    for (const Buffer& b : plan_.buffers) {
      if (!b.root) {
        regions_.push_back({nullptr, b.name(), b.storage, b.bytes, b.first, b.last});
        continue;
      }
      for (const Buffer::Member& m : b.members) {
        const auto life = plan_.valueLife(m.value);
        regions_.push_back({m.value, "'" + m.value->name() + "'", plan_.storageOf(m.value),
                            std::max<int64_t>(int64_t(m.value->type().bytes()), 1), life.first, life.second});
      }
    }
  }

  Status bounds() const {
    for (const Region& r : regions_) {
      const int64_t size = domainSize(r.where);
      if (r.where.offset < 0 || r.where.offset + r.bytes > size)
        return errorf("internal: memory plan puts {} at [{}, {}) outside the {} ({} bytes)", r.name, r.where.offset,
                      r.where.offset + r.bytes, kindName(r.where), size);
    }
    return Status::ok();
  }

  int64_t address(const KArg& a) const {
    return plan_.storageOf(a.value).offset + a.offset * int64_t(dtypeSize(a.value->dtype()));
  }

  // Every pointer a call receives is aligned and stays writable where written;
  // elided calls are copies onto themselves.
  Status calls() const {
    for (const Node* n : plan_.steps) {
      auto it = lowered_.find(n);
      if (it == lowered_.end()) continue;
      for (size_t ci = 0; ci < it->second.size(); ++ci) {
        const KernelCall& k = it->second[ci];
        for (size_t a = 0; a < k.args.size(); ++a) {
          const KArg& arg = k.args[a];
          if ((arg.kind != KArg::Kind::In && arg.kind != KArg::Kind::Out) || !arg.value) continue;
          const Storage s = plan_.storageOf(arg.value);
          if (arg.kind == KArg::Kind::Out && (s.kind == Storage::Kind::Input || s.kind == Storage::Kind::Constant))
            return Status::nodeError(*n, fmt::format("internal: memory plan makes {} write '{}' into read-only {}",
                                                     k.fn, arg.value->name(), kindName(s)));
          if (s.kind == Storage::Kind::Arena && address(arg) % argAlignment(k, a))
            return Status::nodeError(*n, fmt::format("internal: memory plan passes '{}' to {} at arena offset {}, "
                                                     "not {}-byte aligned",
                                                     arg.value->name(), k.fn, address(arg), argAlignment(k, a)));
        }
        if (!plan_.elidedCalls.count({n, int(ci)})) continue;
        const KArg *in = nullptr, *out = nullptr;
        for (const KArg& arg : k.args) {
          if (arg.kind == KArg::Kind::In && arg.value && !in) in = &arg;
          if (arg.kind == KArg::Kind::Out && arg.value && !out) out = &arg;
        }
        if (!isPureCopy(k) || !in || !out || in->value->isConstant() ||
            !sameDomain(plan_.storageOf(in->value), plan_.storageOf(out->value)) || address(*in) != address(*out))
          return Status::nodeError(*n, fmt::format("internal: memory plan drops call {} #{}, which is not a copy "
                                                   "onto itself", k.fn, ci));
      }
    }
    return Status::ok();
  }

  const Value* root(const Value* v) const {
    auto it = aliasRoot_.find(v);
    return it == aliasRoot_.end() ? v : it->second;
  }

  void aliasGroups() {
    for (const Share& s : plan_.shares)
      if (s.kind == Share::Kind::Alias) aliasRoot_[s.out] = root(s.in);
  }

  bool inPlaceLegal(const Share& s, const Region& in, const Region& out) const {
    const int step = plan_.stepOf(s.node);
    if (in.last != step || out.first != step || in.where.offset != out.where.offset) return false;
    auto it = lowered_.find(s.node);
    if (it == lowered_.end() || it->second.size() != 1 || s.call != 0) return false;
    const KernelCall& k = it->second[0];
    if (!mayOverwrite(k, s.inArg, s.outArg)) return false;
    if (k.args[size_t(s.inArg)].value != s.in || k.args[size_t(s.outArg)].value != s.out) return false;
    // The kernel reads the overwritten tensor through that argument only.
    for (size_t a = 0; a < k.args.size(); ++a)
      if (int(a) != s.inArg && k.args[a].kind == KArg::Kind::In && k.args[a].value == s.in) return false;
    return true;
  }

  bool sliceLegal(const Share& s, const Region& part, const Region& whole) const {
    if (root(part.value) != root(s.in) || root(whole.value) != root(s.out)) return false;
    if (part.where.offset != whole.where.offset + s.offset || part.bytes + s.offset > whole.bytes) return false;
    if (!plan_.elidedCalls.count({s.node, s.call})) return false;
    const KernelCall& k = lowered_.at(s.node).at(size_t(s.call));
    return isPureCopy(k) && k.args.size() > 1 && k.args[0].value == s.in && k.args[1].value == s.out &&
           k.args[1].offset * int64_t(dtypeSize(s.out->dtype())) == s.offset;
  }

  bool legal(const Region& a, const Region& b) const {
    if (!a.value || !b.value) return false;
    if (root(a.value) == root(b.value)) return a.where.offset == b.where.offset;
    for (const Share& s : plan_.shares) {
      if (s.kind == Share::Kind::InPlace) {
        if (s.in == a.value && s.out == b.value && inPlaceLegal(s, a, b)) return true;
        if (s.in == b.value && s.out == a.value && inPlaceLegal(s, b, a)) return true;
      } else if (s.kind == Share::Kind::ConcatSlice) {
        if (sliceLegal(s, a, b) || sliceLegal(s, b, a)) return true;
      }
    }
    return false;
  }

  Status overlaps() const {
    for (size_t i = 0; i < regions_.size(); ++i)
      for (size_t j = i + 1; j < regions_.size(); ++j) {
        const Region &a = regions_[i], &b = regions_[j];
        if (!sameDomain(a.where, b.where) || a.where.kind == Storage::Kind::Constant) continue;
        const bool time = a.first <= b.last && b.first <= a.last;
        const bool space = a.where.offset < b.where.offset + b.bytes && b.where.offset < a.where.offset + a.bytes;
        if (time && space && !legal(a, b))
          return errorf("internal: memory plan overlaps {} (steps {}-{}, {} bytes {}-{}) and {} (steps {}-{}, bytes "
                        "{}-{}) with no legal sharing between them",
                        a.name, a.first, a.last, kindName(a.where), a.where.offset, a.where.offset + a.bytes, b.name,
                        b.first, b.last, b.where.offset, b.where.offset + b.bytes);
      }
    return Status::ok();
  }
};

}  // namespace

Status verifyPlan(const MemoryPlan& plan, const std::map<const Node*, Lowered>& lowered) {
  return Verifier(plan, lowered).run();
}

}  // namespace tinyaot
