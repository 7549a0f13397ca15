// Lowering of data-movement ops (Slice, Split, Expand, Tile, DepthToSpace,
// SpaceToDepth, ...) that all copy a strided view of their input:
//   out[outOffset + linear(i)] = in[inOffset + sum_k i_k * strides[k]]
// over the index space `dims` (strides in elements; 0 broadcasts, negative
// walks backwards). Picks memcpy-like kernels when rows are contiguous.
#pragma once
#include <vector>

#include "ops/op_util.h"

namespace tinyaot {

Expected<Lowered> lowerStridedCopy(const Node& n, Value* in, Value* out, const Shape& dims,
                                   const std::vector<int64_t>& strides, int64_t inOffset = 0, int64_t outOffset = 0);

}  // namespace tinyaot
