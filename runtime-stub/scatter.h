// @kernel ta_gather_nd
// GatherND viewed as [batch] leading dims: data is [batch, d_0..d_{k-1}, slice]
// with `dims`/`strides` (k entries) the d_j sizes and element strides inside
// one batch of data (batch_stride elements); indices are [batch, tuples, k].
// out[b, t, :] = data[b, idx[b, t, 0..k-1], :] (slice elements each).
// Negative indices count from the end; run-time indices outside the
// dimension are clamped into range (ONNX leaves them undefined), so nothing
// is read outside data.
template <class T, class I>
inline void ta_gather_nd(const T* data, const I* idx, T* out, int32_t batch, int32_t batch_stride, int32_t tuples,
                         int32_t k, const int32_t* dims, const int32_t* strides, int32_t slice) {
  for (int32_t b = 0; b < batch; ++b)
    for (int32_t t = 0; t < tuples; ++t) {
      size_t at = (size_t)b * (size_t)batch_stride;
      const I* ix = idx + ((size_t)b * (size_t)tuples + (size_t)t) * (size_t)k;
      for (int32_t j = 0; j < k; ++j) {
        int64_t v = (int64_t)ix[j];
        if (v < 0) v += dims[j];
        if (v < 0) v = 0;
        if (v >= dims[j]) v = dims[j] - 1;
        at += (size_t)v * (size_t)strides[j];
      }
      T* o = out + ((size_t)b * (size_t)tuples + (size_t)t) * (size_t)slice;
      for (int32_t e = 0; e < slice; ++e) o[e] = data[at + (size_t)e];
    }
}
// @end

// @kernel ta_scatter_reduce
// dst op= v for a Scatter reduction: 0 none (assign), 1 add, 2 mul, 3 max, 4 min.
template <class T>
inline void ta_scatter_reduce(T* dst, T v, int32_t reduction) {
  switch (reduction) {
    case 1: *dst = (T)(*dst + v); break;
    case 2: *dst = (T)(*dst * v); break;
    case 3: if (v > *dst) *dst = v; break;
    case 4: if (v < *dst) *dst = v; break;
    default: *dst = v; break;
  }
}
// @end

// @kernel ta_scatter_elements uses ta_scatter_reduce
// ScatterElements: out = data (total elements), then for every position c of
// the indices' shape `dims` (rank <= 8, n elements):
// out[c with c[axis] = idx[c]] op= upd[c]. `strides` are data's strides in
// elements, axis_dim data's size along axis. Negative indices count from the
// end; run-time indices still outside [0, axis_dim) are skipped (never a
// write outside out). Updates apply in index order.
template <class T, class I>
inline void ta_scatter_elements(const T* data, const I* idx, const T* upd, T* out, int32_t total, int32_t rank,
                                const int32_t* dims, const int32_t* strides, int32_t axis, int32_t axis_dim,
                                int32_t n, int32_t reduction) {
  if (out != data)
    for (int32_t e = 0; e < total; ++e) out[e] = data[e];
  int32_t c[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  size_t base = 0;  // data offset of the current position, axis excluded
  for (int32_t e = 0; e < n; ++e) {
    int64_t k = (int64_t)idx[e];
    if (k < 0) k += axis_dim;
    if (k >= 0 && k < axis_dim) ta_scatter_reduce<T>(out + base + (size_t)k * (size_t)strides[axis], upd[e], reduction);
    for (int32_t d = rank - 1; d >= 0; --d) {
      if (++c[d] < dims[d]) {
        if (d != axis) base += (size_t)strides[d];
        break;
      }
      if (d != axis) base -= (size_t)(dims[d] - 1) * (size_t)strides[d];
      c[d] = 0;
    }
  }
}
// @end

// @kernel ta_scatter_nd uses ta_scatter_reduce
// ScatterND: out = data (total elements), then for each of the `tuples`
// index tuples (k entries each): out[idx[t, :], :] op= upd[t, :] over a
// slice of `slice` elements. `dims`/`strides` are data's first k sizes and
// element strides. Negative indices count from the end; a tuple with an
// entry still out of range is skipped (never a write outside out).
template <class T, class I>
inline void ta_scatter_nd(const T* data, const I* idx, const T* upd, T* out, int32_t total, int32_t tuples, int32_t k,
                          const int32_t* dims, const int32_t* strides, int32_t slice, int32_t reduction) {
  if (out != data)
    for (int32_t e = 0; e < total; ++e) out[e] = data[e];
  for (int32_t t = 0; t < tuples; ++t) {
    const I* ix = idx + (size_t)t * (size_t)k;
    size_t at = 0;
    int32_t ok = 1;
    for (int32_t j = 0; j < k; ++j) {
      int64_t v = (int64_t)ix[j];
      if (v < 0) v += dims[j];
      if (v < 0 || v >= dims[j]) ok = 0;
      else at += (size_t)v * (size_t)strides[j];
    }
    if (!ok) continue;
    const T* u = upd + (size_t)t * (size_t)slice;
    for (int32_t e = 0; e < slice; ++e) ta_scatter_reduce<T>(out + at + (size_t)e, u[e], reduction);
  }
}
// @end
