#include "passes/plan_place.h"

#include <algorithm>
#include <numeric>

namespace tinyaot {

namespace {

bool overlaps(const PlaceItem& a, const PlaceItem& b) { return a.first <= b.last && b.first <= a.last; }

int64_t granuleOf(const std::vector<PlaceItem>& items) {
  int64_t g = 0;
  for (const PlaceItem& it : items) g = g == 0 ? std::max<int64_t>(it.align, 1) : std::min(g, std::max<int64_t>(it.align, 1));
  return g == 0 ? 1 : g;
}

// Lowest aligned offset for `b` among the placed items in `conflicts`
// (indices into items/offsets; offsets < 0 are unplaced).
int64_t lowestFit(const std::vector<PlaceItem>& items, const std::vector<int64_t>& off, const std::vector<int>& conflicts,
                  int b, std::vector<std::pair<int64_t, int64_t>>& scratch) {
  scratch.clear();
  for (int c : conflicts)
    if (off[c] >= 0) scratch.push_back({off[c], off[c] + items[c].size});
  std::sort(scratch.begin(), scratch.end());
  int64_t pos = 0;
  const int64_t size = items[b].size, align = items[b].align;
  for (auto& [lo, hi] : scratch) {
    if (pos + size <= lo) break;
    pos = std::max(pos, alignUp(hi, align));
  }
  return pos;
}

std::vector<std::vector<int>> conflictLists(const std::vector<PlaceItem>& items) {
  std::vector<std::vector<int>> c(items.size());
  for (size_t i = 0; i < items.size(); ++i)
    for (size_t j = i + 1; j < items.size(); ++j)
      if (overlaps(items[i], items[j])) {
        c[i].push_back(int(j));
        c[j].push_back(int(i));
      }
  return c;
}

// Exact branch-and-bound over compacted placements. In a placement where no
// item can move down, sorting the items by offset and placing them by lowest
// fit in that order reproduces it, with non-decreasing offsets; some
// optimal placement is compacted. So the search enumerates sequences whose
// lowest-fit offsets never decrease (ties ordered by index), pruned by
//   height >= L + (unplaced bytes live at t) + (placed bytes above L at t)
// for every step t, L being the current (largest) offset.
class Search {
 public:
  Search(const std::vector<PlaceItem>& items, int64_t lowerBound, int64_t limit)
      : it_(items), n_(int(items.size())), lb_(lowerBound), limit_(limit), conflicts_(conflictLists(items)) {
    steps_ = 0;
    for (const PlaceItem& i : items) steps_ = std::max(steps_, i.last + 1);
    unplaced_.assign(size_t(steps_), 0);
    for (const PlaceItem& i : items)
      for (int t = i.first; t <= i.last; ++t) unplaced_[size_t(t)] += i.size;
    off_.assign(size_t(n_), -1);
    above_.assign(size_t(steps_), 0);
  }

  // Improves (best, bestOff) if it can; returns whether the search finished.
  bool run(int64_t& best, std::vector<int64_t>& bestOff, int64_t& nodes) {
    best_ = best;
    bestOff_ = bestOff;
    dfs(0, -1, 0, 0);
    best = best_;
    bestOff = bestOff_;
    nodes = nodes_;
    return !stopped_;
  }

 private:
  const std::vector<PlaceItem>& it_;
  int n_;
  int64_t lb_, limit_;
  std::vector<std::vector<int>> conflicts_;
  int steps_ = 0;
  std::vector<int64_t> unplaced_, off_, above_;
  std::vector<int64_t> bestOff_;
  int64_t best_ = 0, nodes_ = 0;
  bool stopped_ = false;
  std::vector<std::pair<int64_t, int64_t>> scratch_;

  int64_t bound(int64_t L, int64_t curMax) {
    std::fill(above_.begin(), above_.end(), 0);
    for (int i = 0; i < n_; ++i)
      if (off_[size_t(i)] >= 0 && off_[size_t(i)] + it_[size_t(i)].size > L) {
        const int64_t extra = off_[size_t(i)] + it_[size_t(i)].size - std::max(L, off_[size_t(i)]);
        for (int t = it_[size_t(i)].first; t <= it_[size_t(i)].last; ++t) above_[size_t(t)] += extra;
      }
    int64_t b = curMax;
    for (int t = 0; t < steps_; ++t)
      if (unplaced_[size_t(t)] > 0) b = std::max(b, L + unplaced_[size_t(t)] + above_[size_t(t)]);
    return b;
  }

  void dfs(int64_t L, int lastIdx, int64_t curMax, int placed) {
    if (placed == n_) {
      if (curMax < best_) {
        best_ = curMax;
        bestOff_ = off_;
      }
      return;
    }
    if (best_ <= lb_) return;
    if (nodes_ >= limit_) {
      stopped_ = true;
      return;
    }
    ++nodes_;
    if (bound(L, curMax) >= best_) return;
    struct Cand {
      int64_t fit;
      int idx;
    };
    std::vector<Cand> cands;
    for (int b = 0; b < n_; ++b) {
      if (off_[size_t(b)] >= 0) continue;
      const int64_t fit = lowestFit(it_, off_, conflicts_[size_t(b)], b, scratch_);
      if (fit < L) {
        // Its position can only rise when one of its conflicts is placed.
        bool pending = false;
        for (int c : conflicts_[size_t(b)]) pending = pending || off_[size_t(c)] < 0;
        if (!pending) return;
        continue;
      }
      if (fit == L && b < lastIdx) continue;
      cands.push_back({fit, b});
    }
    std::sort(cands.begin(), cands.end(), [&](const Cand& x, const Cand& y) {
      if (x.fit != y.fit) return x.fit < y.fit;
      if (it_[size_t(x.idx)].size != it_[size_t(y.idx)].size) return it_[size_t(x.idx)].size > it_[size_t(y.idx)].size;
      return x.idx < y.idx;
    });
    for (const Cand& c : cands) {
      const PlaceItem& item = it_[size_t(c.idx)];
      const int64_t newMax = std::max(curMax, c.fit + item.size);
      if (newMax >= best_) continue;
      off_[size_t(c.idx)] = c.fit;
      for (int t = item.first; t <= item.last; ++t) unplaced_[size_t(t)] -= item.size;
      dfs(c.fit, c.idx, newMax, placed + 1);
      for (int t = item.first; t <= item.last; ++t) unplaced_[size_t(t)] += item.size;
      off_[size_t(c.idx)] = -1;
      if (best_ <= lb_ || stopped_) return;
    }
  }
};

}  // namespace

int64_t liveLowerBound(const std::vector<PlaceItem>& items, int64_t granule) {
  int steps = 0, lo = 0;
  for (const PlaceItem& i : items) {
    steps = std::max(steps, i.last + 1);
    lo = std::min(lo, i.first);
  }
  std::vector<int64_t> live(size_t(steps - lo), 0);
  for (const PlaceItem& i : items)
    for (int t = i.first; t <= i.last; ++t) live[size_t(t - lo)] += alignUp(i.size, granule);
  int64_t best = 0;
  for (int64_t v : live) best = std::max(best, v);
  return best;
}

std::vector<int64_t> placeInOrder(const std::vector<PlaceItem>& items, const std::vector<int>& order, int64_t* size) {
  const auto conflicts = conflictLists(items);
  std::vector<int64_t> off(items.size(), -1);
  std::vector<std::pair<int64_t, int64_t>> scratch;
  int64_t top = 0;
  for (int b : order) {
    off[size_t(b)] = lowestFit(items, off, conflicts[size_t(b)], b, scratch);
    top = std::max(top, off[size_t(b)] + items[size_t(b)].size);
  }
  if (size) *size = top;
  return off;
}

const std::vector<std::string>& heuristicNames() {
  static const std::vector<std::string> names = {"size", "breadth", "duration", "area", "start"};
  return names;
}

std::vector<int> heuristicOrder(const std::vector<PlaceItem>& items, const std::string& name) {
  std::vector<int> order(items.size());
  std::iota(order.begin(), order.end(), 0);
  auto dur = [&](int i) { return items[size_t(i)].last - items[size_t(i)].first + 1; };
  auto size = [&](int i) { return items[size_t(i)].size; };
  if (name == "size") {
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      if (size(a) != size(b)) return size(a) > size(b);
      if (dur(a) != dur(b)) return dur(a) > dur(b);
      return items[size_t(a)].first < items[size_t(b)].first;
    });
  } else if (name == "duration") {
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      if (dur(a) != dur(b)) return dur(a) > dur(b);
      return size(a) > size(b);
    });
  } else if (name == "area") {
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return size(a) * dur(a) > size(b) * dur(b); });
  } else if (name == "start") {
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
      if (items[size_t(a)].first != items[size_t(b)].first) return items[size_t(a)].first < items[size_t(b)].first;
      return size(a) > size(b);
    });
  } else if (name == "breadth") {
    // Steps by live bytes, largest first; at each, its unplaced items by size.
    int lo = 0, hi = 0;
    for (const PlaceItem& i : items) {
      lo = std::min(lo, i.first);
      hi = std::max(hi, i.last + 1);
    }
    std::vector<int64_t> live(size_t(hi - lo), 0);
    for (const PlaceItem& i : items)
      for (int t = i.first; t <= i.last; ++t) live[size_t(t - lo)] += i.size;
    std::vector<int> steps(live.size());
    std::iota(steps.begin(), steps.end(), 0);
    std::stable_sort(steps.begin(), steps.end(), [&](int a, int b) { return live[size_t(a)] > live[size_t(b)]; });
    std::vector<bool> taken(items.size(), false);
    std::vector<int> bySize = heuristicOrder(items, "size");
    order.clear();
    for (int s : steps)
      for (int i : bySize)
        if (!taken[size_t(i)] && items[size_t(i)].first <= s + lo && s + lo <= items[size_t(i)].last) {
          taken[size_t(i)] = true;
          order.push_back(i);
        }
  }
  return order;
}

PlaceResult placeItems(const std::vector<PlaceItem>& input, const PlaceOptions& opts) {
  PlaceResult r;
  if (input.empty()) {
    r.strategy = "empty";
    r.optimal = true;
    return r;
  }
  // Sizes rounded up to the smallest alignment: equivalent placements (every
  // offset is a multiple of it), and the lower bound becomes tight-able.
  const int64_t granule = granuleOf(input);
  std::vector<PlaceItem> items = input;
  int lo = 0;
  for (const PlaceItem& i : items) lo = std::min(lo, i.first);
  for (PlaceItem& i : items) {
    i.size = alignUp(std::max<int64_t>(i.size, 1), granule);
    i.first -= lo;
    i.last -= lo;
  }
  r.lowerBound = liveLowerBound(items, granule);
  r.size = -1;
  for (const std::string& h : heuristicNames()) {
    int64_t size = 0;
    auto off = placeInOrder(items, heuristicOrder(items, h), &size);
    if (r.size < 0 || size < r.size) {
      r.size = size;
      r.offsets = std::move(off);
      r.strategy = "greedy by " + h;
    }
    if (r.size <= r.lowerBound) break;
  }
  r.optimal = r.size <= r.lowerBound;
  if (!r.optimal && opts.searchNodeLimit > 0) {
    Search s(items, r.lowerBound, opts.searchNodeLimit);
    const int64_t before = r.size;
    const bool finished = s.run(r.size, r.offsets, r.searchNodes);
    if (r.size < before) r.strategy = "search";
    r.optimal = finished || r.size <= r.lowerBound;
  }
  return r;
}

}  // namespace tinyaot
