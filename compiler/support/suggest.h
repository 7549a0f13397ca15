// "Did you mean ...?" for mistyped names (commands, options, passes, model
// inputs, targets): the closest candidate by edit distance, if any is close.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tinyaot {

// The candidate closest to `word` (case-insensitive optimal string alignment
// distance: insertions, deletions, substitutions, adjacent swaps), when it is
// within about a third of the word's length (words of 3 characters or more);
// else the only candidate that `word` is a prefix of. Ties go to the first
// listed.
std::optional<std::string> closestName(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'X'?" when a close candidate exists, else "".
std::string didYouMean(std::string_view word, const std::vector<std::string>& candidates);

// "a, b, c".
std::string joinNames(const std::vector<std::string>& names);

}  // namespace tinyaot
