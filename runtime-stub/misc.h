// Miscellaneous kernels: Trilu, CumSum, Hardmax, Shrink, LRN,
// MeanVarianceNormalization, OneHot, TopK. Tensors are viewed as
// [outer, n, inner] around the op's axis where one applies.

// @kernel ta_trilu
// Trilu over a batch of [rows, cols] matrices: element (i, j) is kept when
// j - i >= k (upper) or j - i <= k (lower), and zeroed otherwise.
template <class T>
inline void ta_trilu(const T* in, T* out, int32_t batch, int32_t rows, int32_t cols, int32_t k, int32_t upper) {
  size_t p = 0;
  for (int32_t b = 0; b < batch; ++b)
    for (int32_t i = 0; i < rows; ++i)
      for (int32_t j = 0; j < cols; ++j, ++p) {
        const int32_t d = j - i;
        const bool keep = upper ? d >= k : d <= k;
        out[p] = keep ? in[p] : (T)0;
      }
}
// @end

// @kernel ta_cumsum
// Cumulative sum along an axis of length n; `exclusive` leaves out the
// element itself, `reverse` sums from the end. Safe in place.
template <class T>
inline void ta_cumsum(const T* in, T* out, int32_t outer, int32_t n, int32_t inner, int32_t exclusive,
                      int32_t reverse) {
  for (int32_t o = 0; o < outer; ++o)
    for (int32_t i = 0; i < inner; ++i) {
      const size_t base = (size_t)o * (size_t)n * (size_t)inner + (size_t)i;
      T acc = (T)0;
      for (int32_t s = 0; s < n; ++s) {
        const size_t p = base + (size_t)(reverse ? n - 1 - s : s) * (size_t)inner;
        const T x = in[p];
        if (exclusive) {
          out[p] = acc;
          acc = (T)(acc + x);
        } else {
          acc = (T)(acc + x);
          out[p] = acc;
        }
      }
    }
}
// @end

// @kernel ta_hardmax
// Hardmax along an axis of length n: 1 at the first maximum, 0 elsewhere.
template <class T>
inline void ta_hardmax(const T* in, T* out, int32_t outer, int32_t n, int32_t inner) {
  for (int32_t o = 0; o < outer; ++o)
    for (int32_t i = 0; i < inner; ++i) {
      const size_t base = (size_t)o * (size_t)n * (size_t)inner + (size_t)i;
      int32_t best = 0;
      for (int32_t k = 1; k < n; ++k)
        if (in[base + (size_t)k * (size_t)inner] > in[base + (size_t)best * (size_t)inner]) best = k;
      for (int32_t k = 0; k < n; ++k) out[base + (size_t)k * (size_t)inner] = (T)(k == best ? 1 : 0);
    }
}
// @end

// @kernel ta_shrink
// Shrink: x < -lambd -> x + bias; x > lambd -> x - bias; else 0. A is the
// computation type (float for float32, double otherwise).
template <class T, class A>
inline void ta_shrink(const T* in, T* out, int32_t count, float lambd, float bias) {
  const A l = (A)lambd, b = (A)bias;
  for (int32_t i = 0; i < count; ++i) {
    const A x = (A)in[i];
    out[i] = x < -l ? (T)(x + b) : x > l ? (T)(x - b) : (T)0;
  }
}
// @end

// @kernel ta_lrn_f32
// Local response normalization across channels: the tensor is [n, c, inner];
// y = x / (bias + alpha_over_size * sum of x^2 over channels [ch - lo, ch + hi]) ^ beta.
inline void ta_lrn_f32(const float* in, float* out, int32_t n, int32_t c, int32_t inner, int32_t lo, int32_t hi,
                       float alpha_over_size, float beta, float bias) {
  for (int32_t b = 0; b < n; ++b)
    for (int32_t ch = 0; ch < c; ++ch) {
      const int32_t c0 = ch - lo < 0 ? 0 : ch - lo;
      const int32_t c1 = ch + hi > c - 1 ? c - 1 : ch + hi;
      const float* x = in + ((size_t)b * (size_t)c + (size_t)ch) * (size_t)inner;
      float* y = out + ((size_t)b * (size_t)c + (size_t)ch) * (size_t)inner;
      for (int32_t i = 0; i < inner; ++i) {
        float sum = 0.0f;
        for (int32_t cc = c0; cc <= c1; ++cc) {
          const float v = in[((size_t)b * (size_t)c + (size_t)cc) * (size_t)inner + (size_t)i];
          sum += v * v;
        }
        y[i] = x[i] / powf(bias + alpha_over_size * sum, beta);
      }
    }
}
// @end

// @kernel ta_mvn_f32
// Mean-variance normalization: for every index of the kept dims (odims,
// input strides ostr) normalizes the elements over the reduced dims (rdims,
// strides rstr), 6 each padded with 1s: y = (x - mean) / (sqrt(var) + eps),
// var = mean(x^2) - mean^2. count = the number of reduced elements. Output
// elements sit at the same offsets as the input's. Safe in place.
inline void ta_mvn_f32(const float* in, float* out, const int32_t* odims, const int32_t* ostr,
                       const int32_t* rdims, const int32_t* rstr, int32_t count, float eps) {
  int32_t k[6] = {0, 0, 0, 0, 0, 0};
  for (;;) {
    size_t base = 0;
    for (int32_t d = 0; d < 6; ++d) base += (size_t)k[d] * (size_t)ostr[d];
    float mean = 0.0f, sq = 0.0f, scale = 0.0f;
    for (int32_t pass = 0; pass < 2; ++pass) {
      int32_t r[6] = {0, 0, 0, 0, 0, 0};
      for (int32_t e = 0; e < count; ++e) {
        size_t p = base;
        for (int32_t d = 0; d < 6; ++d) p += (size_t)r[d] * (size_t)rstr[d];
        if (pass == 0) {
          mean += in[p];
          sq += in[p] * in[p];
        } else {
          out[p] = (in[p] - mean) * scale;
        }
        for (int32_t d = 5; d >= 0; --d) {
          if (++r[d] < rdims[d]) break;
          r[d] = 0;
        }
      }
      if (pass == 0) {
        mean /= (float)count;
        float var = sq / (float)count - mean * mean;
        if (var < 0.0f) var = 0.0f;
        scale = 1.0f / (sqrtf(var) + eps);
      }
    }
    int32_t d = 5;
    for (; d >= 0; --d) {
      if (++k[d] < odims[d]) break;
      k[d] = 0;
    }
    if (d < 0) return;
  }
}
// @end

// @kernel ta_onehot
// OneHot: out is [outer, depth, inner]; element (o, d, i) is values[1] when
// indices[o, i] (negative counts from the end) equals d, else values[0].
// Indices are truncated to integers; ones outside [-depth, depth) give a
// row of values[0].
template <class I, class T>
inline void ta_onehot(const I* indices, const T* values, T* out, int32_t outer, int32_t depth, int32_t inner) {
  const T off = values[0], on = values[1];
  size_t p = 0;
  for (int32_t o = 0; o < outer; ++o)
    for (int32_t d = 0; d < depth; ++d)
      for (int32_t i = 0; i < inner; ++i, ++p) {
        // Range-checked before the cast: NaN, infinities and huge values
        // (run-time data) must not reach an undefined float -> int conversion.
        const double r = (double)indices[(size_t)o * (size_t)inner + (size_t)i];
        int64_t k = r > -(double)depth - 1.0 && r < (double)depth ? (int64_t)r : -1 - (int64_t)depth;
        if (k < 0) k += depth;
        out[p] = k == (int64_t)d ? on : off;
      }
}
// @end

// @kernel ta_topk
// TopK along an axis of length n: the k largest (or smallest) elements in
// order, ties broken by the lower index; values [outer, k, inner] and int64
// indices of the same shape. O(n * k) per row, no scratch memory. NaNs are
// never ranked (a row with fewer than k other values repeats its last pick).
template <class T>
inline bool ta_topk_before(T a, int32_t ia, T b, int32_t ib, int32_t largest) {
  if (a == b) return ia < ib;
  return largest ? a > b : a < b;
}
template <class T>
inline void ta_topk(const T* in, T* values, int64_t* indices, int32_t outer, int32_t n, int32_t inner, int32_t k,
                    int32_t largest) {
  for (int32_t o = 0; o < outer; ++o)
    for (int32_t i = 0; i < inner; ++i) {
      const T* p = in + (size_t)o * (size_t)n * (size_t)inner + (size_t)i;
      int32_t prev = -1;
      for (int32_t j = 0; j < k; ++j) {
        int32_t best = -1;
        for (int32_t m = 0; m < n; ++m) {
          const T x = p[(size_t)m * (size_t)inner];
          if (x != x) continue;  // NaN
          if (prev >= 0 && !ta_topk_before(p[(size_t)prev * (size_t)inner], prev, x, m, largest)) continue;
          if (best < 0 || ta_topk_before(x, m, p[(size_t)best * (size_t)inner], best, largest)) best = m;
        }
        if (best < 0) best = prev < 0 ? 0 : prev;  // only NaNs left: stay in bounds
        const size_t q = ((size_t)o * (size_t)k + (size_t)j) * (size_t)inner + (size_t)i;
        values[q] = p[(size_t)best * (size_t)inner];
        indices[q] = best;
        prev = best;
      }
    }
}
// @end
