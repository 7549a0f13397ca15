// Slice geometry, shared by Slice's inference and lowering and unit-tested
// against the ONNX specification's rules.
#pragma once
#include <cstdint>

namespace tinyaot {

struct SliceAxis {
  int64_t start = 0;  // first element taken
  int64_t count = 0;  // elements taken
  int64_t step = 1;
};

// One axis of size `dim`: negative start/end count from the end; then start
// is clamped to [0, dim] ([0, dim-1] for negative steps) and end to [0, dim]
// ([-1, dim-1] for negative steps). `step` must not be 0.
SliceAxis normalizeSliceAxis(int64_t dim, int64_t start, int64_t end, int64_t step);

}  // namespace tinyaot
