// @kernel ta_transpose
// out[i0..i5] = in[i0*s[0] + ... + i5*s[5]] over the output's 6 dims
// (padded with 1s); s are the input strides permuted into output order.
template <class T>
inline void ta_transpose(const T* in, T* out, const int32_t* dims, const int32_t* s) {
  size_t o = 0;
  for (int32_t i0 = 0; i0 < dims[0]; ++i0)
    for (int32_t i1 = 0; i1 < dims[1]; ++i1)
      for (int32_t i2 = 0; i2 < dims[2]; ++i2)
        for (int32_t i3 = 0; i3 < dims[3]; ++i3)
          for (int32_t i4 = 0; i4 < dims[4]; ++i4) {
            const T* ip = in + i0 * s[0] + i1 * s[1] + i2 * s[2] + i3 * s[3] + i4 * s[4];
            for (int32_t i5 = 0; i5 < dims[5]; ++i5) out[o++] = ip[i5 * s[5]];
          }
}
// @end

// @kernel ta_copy_strided
// Copies `rows` rows of `row_bytes` bytes from a packed source into a
// destination whose rows are `dst_stride` bytes apart (Concat, Split, Slice).
inline void ta_copy_strided(const void* in, void* out, int32_t rows, int32_t row_bytes,
                            int32_t src_stride, int32_t dst_stride) {
  const uint8_t* s = (const uint8_t*)in;
  uint8_t* d = (uint8_t*)out;
  for (int32_t r = 0; r < rows; ++r) memcpy(d + (size_t)r * dst_stride, s + (size_t)r * src_stride, (size_t)row_bytes);
}
// @end

// @kernel ta_pad
// N-D padding (up to 6 dims, outermost first, padded with leading 1s / 0s).
// mode 0: constant, 1: reflect, 2: edge, 3: wrap.
template <class T>
inline void ta_pad(const T* in, T* out, const int32_t* in_dims, const int32_t* out_dims,
                   const int32_t* pad_begin, int32_t mode, T value) {
  int32_t idx[6];
  size_t o = 0;
  for (idx[0] = 0; idx[0] < out_dims[0]; ++idx[0])
  for (idx[1] = 0; idx[1] < out_dims[1]; ++idx[1])
  for (idx[2] = 0; idx[2] < out_dims[2]; ++idx[2])
  for (idx[3] = 0; idx[3] < out_dims[3]; ++idx[3])
  for (idx[4] = 0; idx[4] < out_dims[4]; ++idx[4])
  for (idx[5] = 0; idx[5] < out_dims[5]; ++idx[5]) {
    size_t off = 0;
    bool inside = true;
    for (int32_t d = 0; d < 6; ++d) {
      int32_t i = idx[d] - pad_begin[d];
      const int32_t n = in_dims[d];
      if (i < 0 || i >= n) {
        if (mode == 0 || n == 0) { inside = false; break; }
        if (mode == 1) {
          if (n == 1) i = 0;
          else {
            const int32_t period = 2 * (n - 1);
            i = i % period;
            if (i < 0) i += period;
            if (i >= n) i = period - i;
          }
        } else if (mode == 2) {
          i = i < 0 ? 0 : n - 1;
        } else {
          i %= n;
          if (i < 0) i += n;
        }
      }
      off = off * (size_t)n + (size_t)i;
    }
    out[o++] = inside ? in[off] : value;
  }
}
// @end
