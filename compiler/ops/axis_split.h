// A tensor viewed as [outer, n, inner] around one axis (the layout of the
// axis-wise kernels: CumSum, Hardmax, TopK, OneHot...). With `flatten`, n
// covers the axis and every dim after it (the opset < 13 Softmax/Hardmax
// coercion to 2-D), and inner is 1.
#pragma once
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

}  // namespace tinyaot
