// @kernel ta_resize_nearest
// Nearest-neighbour Resize over 6 dims (padded with 1s). offs holds one
// table per output dim, concatenated (odims[0] entries, then odims[1], ...):
// the source element offset along that dim, already multiplied by the
// input's stride; a negative entry means "outside the crop": the output is
// `extrap` (tf_crop_and_resize).
template <class T>
inline void ta_resize_nearest(const T* in, T* out, const int32_t* odims, const int32_t* offs, T extrap) {
  const int32_t* t0 = offs;
  const int32_t* t1 = t0 + odims[0];
  const int32_t* t2 = t1 + odims[1];
  const int32_t* t3 = t2 + odims[2];
  const int32_t* t4 = t3 + odims[3];
  const int32_t* t5 = t4 + odims[4];
  size_t o = 0;
  for (int32_t i0 = 0; i0 < odims[0]; ++i0)
    for (int32_t i1 = 0; i1 < odims[1]; ++i1)
      for (int32_t i2 = 0; i2 < odims[2]; ++i2)
        for (int32_t i3 = 0; i3 < odims[3]; ++i3)
          for (int32_t i4 = 0; i4 < odims[4]; ++i4) {
            const int32_t a = t0[i0], b = t1[i1], c = t2[i2], d = t3[i3], e = t4[i4];
            const int32_t outer = a | b | c | d | e;
            const int32_t base = a + b + c + d + e;
            for (int32_t i5 = 0; i5 < odims[5]; ++i5) {
              const int32_t f = t5[i5];
              out[o++] = (outer | f) < 0 ? extrap : in[base + f];
            }
          }
}
// @end

// @kernel ta_resize_separable_f32
// Linear/cubic Resize as one pass per resized axis. Pass p views its source
// as [outer, n_in, inner] and writes [outer, n_out, inner] (geo[4p..4p+3]),
// with `taps` source indices idx and weights w per output position (the
// tables of all passes concatenated); idx[j*taps] < 0 means "outside the
// crop": the output is `extrap`. Intermediate results ping-pong between
// scratch[0..half) and scratch[half..); the last pass writes `out`.
inline void ta_resize_separable_f32(const float* in, float* out, float* scratch, int32_t half, int32_t passes,
                                    const int32_t* geo, int32_t taps, const int32_t* idx, const float* w,
                                    float extrap) {
  const float* src = in;
  for (int32_t p = 0; p < passes; ++p) {
    const int32_t outer = geo[4 * p], n_in = geo[4 * p + 1], n_out = geo[4 * p + 2], inner = geo[4 * p + 3];
    float* dst = p == passes - 1 ? out : scratch + (p % 2 ? half : 0);
    for (int32_t o = 0; o < outer; ++o) {
      const float* s = src + (size_t)o * n_in * inner;
      float* d = dst + (size_t)o * n_out * inner;
      for (int32_t j = 0; j < n_out; ++j) {
        const int32_t* ij = idx + (size_t)j * taps;
        const float* wj = w + (size_t)j * taps;
        float* dj = d + (size_t)j * inner;
        if (ij[0] < 0) {
          for (int32_t i = 0; i < inner; ++i) dj[i] = extrap;
          continue;
        }
        for (int32_t i = 0; i < inner; ++i) {
          float acc = 0.0f;
          for (int32_t t = 0; t < taps; ++t) acc += wj[t] * s[(size_t)ij[t] * inner + i];
          dj[i] = acc;
        }
      }
    }
    idx += (size_t)n_out * taps;
    w += (size_t)n_out * taps;
    src = dst;
  }
}
// @end
