#include "support/suggest.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace tinyaot {

namespace {

char lower(char c) { return char(std::tolower(static_cast<unsigned char>(c))); }

size_t editDistance(std::string_view a, std::string_view b) {
  // Three rows of the optimal string alignment table.
  std::vector<size_t> prev2(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

bool startsWith(std::string_view s, std::string_view prefix) {
  if (prefix.size() > s.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (lower(s[i]) != lower(prefix[i])) return false;
  return true;
}

}  // namespace

std::optional<std::string> closestName(std::string_view word, const std::vector<std::string>& candidates) {
  if (word.size() < 2) return std::nullopt;
  const size_t limit = std::max<size_t>(1, std::min<size_t>(3, word.size() / 3));
  const std::string* best = nullptr;
  size_t bestDist = limit + 1;
  for (const std::string& c : candidates) {
    if (word.size() < 3) break;  // too short to tell a typo from another name
    const size_t d = editDistance(word, c);
    if (d < bestDist) {
      bestDist = d;
      best = &c;
    }
  }
  if (best) return *best;
  const std::string* prefixOf = nullptr;
  for (const std::string& c : candidates)
    if (startsWith(c, word)) {
      if (prefixOf) return std::nullopt;  // ambiguous
      prefixOf = &c;
    }
  if (prefixOf) return *prefixOf;
  return std::nullopt;
}

std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates) {
  auto c = closestName(word, candidates);
  return c ? fmt::format("; did you mean '{}'?", *c) : std::string();
}

std::string joinNames(const std::vector<std::string>& names) { return fmt::format("{}", fmt::join(names, ", ")); }

}  // namespace tinyaot
