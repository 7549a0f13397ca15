// A tensor viewed as [outer, n, inner] around one axis (the layout of the
// axis-wise kernels: CumSum, Hardmax, TopK, OneHot...). With `flatten`, n
// covers the axis and every dim after it (the opset < 13 Softmax/Hardmax
// coercion to 2-D), and inner is 1.
#pragma once
#include <optional>

#include "ops/op_util.h"

namespace tinyaot {

struct AxisSplit {
  int64_t axis = 0, outer = 1, n = 1, inner = 1;
};

inline AxisSplit splitAtAxis(const Shape& s, int64_t axis, bool flatten = false) {
  AxisSplit r;
  r.axis = axis;
  for (int64_t d = 0; d < int64_t(s.size()); ++d) {
    if (d < axis) r.outer *= s[size_t(d)];
    else if (d == axis || flatten) r.n *= s[size_t(d)];
    else r.inner *= s[size_t(d)];
  }
  return r;
}

// A tensor viewed as runs of adjacent kept and reduced dims (size-1 dims
// dropped, neighbours of the same kind merged), the layout of the
// 6-D kept x 6-D reduced kernels (ta_reduce, ta_mvn_f32). Each list is
// padded at the front to 6 entries (dims with 1, strides with 0).
struct ReduceRuns {
  std::vector<int64_t> od, os, rd, rs;  // kept dims/strides, reduced dims/strides
  int64_t count = 1;                    // elements reduced per output
};

// nullopt when a list would need more than 6 runs.
inline std::optional<ReduceRuns> splitReduceRuns(const Shape& s, const std::vector<bool>& reduced) {
  const auto st = contiguousStrides(s);
  ReduceRuns r;
  int last = -1;  // 0 kept, 1 reduced
  for (size_t d = 0; d < s.size(); ++d) {
    if (s[d] == 1) continue;
    const int kind = reduced[d] ? 1 : 0;
    auto& dims = kind ? r.rd : r.od;
    auto& strides = kind ? r.rs : r.os;
    if (kind) r.count *= s[d];
    if (kind == last) {
      dims.back() *= s[d];
      strides.back() = st[d];
    } else {
      dims.push_back(s[d]);
      strides.push_back(st[d]);
    }
    last = kind;
  }
  if (r.od.size() > 6 || r.rd.size() > 6) return std::nullopt;
  auto pad6 = [](std::vector<int64_t>& v, int64_t fill) { v.insert(v.begin(), 6 - v.size(), fill); };
  pad6(r.od, 1), pad6(r.os, 0), pad6(r.rd, 1), pad6(r.rs, 0);
  return r;
}

}  // namespace tinyaot
