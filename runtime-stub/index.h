// @kernel ta_gather
// Gather along one axis: data viewed as [outer, axis_dim, inner], indices
// flattened to n_idx entries; out is [outer, n_idx, inner]. Negative
// indices count from the end. Indices are run-time data: one outside
// [-axis_dim, axis_dim) is clamped into range instead of reading outside
// the tensor (ONNX leaves the result of such an index undefined).
template <class T, class I>
inline void ta_gather(const T* data, const I* idx, T* out, int32_t outer, int32_t axis_dim, int32_t inner,
                      int32_t n_idx) {
  for (int32_t o = 0; o < outer; ++o) {
    const T* src = data + (size_t)o * (size_t)axis_dim * (size_t)inner;
    for (int32_t j = 0; j < n_idx; ++j) {
      int64_t k = (int64_t)idx[j];
      if (k < 0) k += axis_dim;
      if (k < 0) k = 0;
      if (k >= axis_dim) k = axis_dim - 1;
      const T* s = src + (size_t)k * (size_t)inner;
      for (int32_t i = 0; i < inner; ++i) *out++ = s[i];
    }
  }
}
// @end
