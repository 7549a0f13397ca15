// @kernel ta_reduce
// Reductions (ReduceSum, ReduceMean, ...). The compiler splits the input's
// dims into kept dims (the output's, odims, input strides ostr) and reduced
// dims (rdims, input strides rstr), 6 each, padded with 1s; the output is
// written contiguously. count = the number of reduced elements (> 0).
// op: 0 sum, 1 mean, 2 max, 3 min, 4 prod, 5 L1, 6 L2, 7 sum of squares,
// 8 log sum, 9 log sum exp. A is the accumulator type (float for float,
// double for double, int64_t for integers); ops 6, 8 and 9 are float-only.
inline float ta_reduce_sqrt(float x) { return sqrtf(x); }
inline double ta_reduce_sqrt(double x) { return sqrt(x); }
inline int64_t ta_reduce_sqrt(int64_t x) { return x; }
inline float ta_reduce_log(float x) { return logf(x); }
inline double ta_reduce_log(double x) { return log(x); }
inline int64_t ta_reduce_log(int64_t x) { return x; }
inline float ta_reduce_exp(float x) { return expf(x); }
inline double ta_reduce_exp(double x) { return exp(x); }
inline int64_t ta_reduce_exp(int64_t x) { return x; }

template <class T, class A>
inline void ta_reduce(const T* in, T* out, const int32_t* odims, const int32_t* ostr, const int32_t* rdims,
                      const int32_t* rstr, int32_t count, int32_t op) {
  size_t o = 0;
  int32_t k[6];
  for (k[0] = 0; k[0] < odims[0]; ++k[0])
  for (k[1] = 0; k[1] < odims[1]; ++k[1])
  for (k[2] = 0; k[2] < odims[2]; ++k[2])
  for (k[3] = 0; k[3] < odims[3]; ++k[3])
  for (k[4] = 0; k[4] < odims[4]; ++k[4])
  for (k[5] = 0; k[5] < odims[5]; ++k[5]) {
    const T* base = in + (size_t)k[0] * ostr[0] + (size_t)k[1] * ostr[1] + (size_t)k[2] * ostr[2] +
                    (size_t)k[3] * ostr[3] + (size_t)k[4] * ostr[4] + (size_t)k[5] * ostr[5];
    // Log-sum-exp subtracts the maximum first (a first pass) for stability.
    A shift = (A)0;
    for (int32_t pass = (op == 9 ? 0 : 1); pass < 2; ++pass) {
      const bool first_pass = pass == 0;
      const int32_t mode = first_pass ? 2 : op;
      A acc = (A)(mode == 4 ? 1 : 0);
      bool seeded = false;
      int32_t r[6];
      for (r[0] = 0; r[0] < rdims[0]; ++r[0])
      for (r[1] = 0; r[1] < rdims[1]; ++r[1])
      for (r[2] = 0; r[2] < rdims[2]; ++r[2])
      for (r[3] = 0; r[3] < rdims[3]; ++r[3])
      for (r[4] = 0; r[4] < rdims[4]; ++r[4]) {
        const T* p = base + (size_t)r[0] * rstr[0] + (size_t)r[1] * rstr[1] + (size_t)r[2] * rstr[2] +
                     (size_t)r[3] * rstr[3] + (size_t)r[4] * rstr[4];
        for (r[5] = 0; r[5] < rdims[5]; ++r[5]) {
          const A x = (A)p[(size_t)r[5] * rstr[5]];
          switch (mode) {
            case 2: acc = (!seeded || x > acc) ? x : acc; break;
            case 3: acc = (!seeded || x < acc) ? x : acc; break;
            case 4: acc *= x; break;
            case 5: acc += x < (A)0 ? -x : x; break;
            case 6: case 7: acc += x * x; break;
            case 9: acc += ta_reduce_exp(x - shift); break;
            default: acc += x; break;
          }
          seeded = true;
        }
      }
      if (first_pass) { shift = acc; continue; }
      switch (op) {
        case 1: acc = acc / (A)count; break;
        case 6: acc = ta_reduce_sqrt(acc); break;
        case 8: acc = ta_reduce_log(acc); break;
        case 9: acc = ta_reduce_log(acc) + shift; break;
        default: break;
      }
      out[o++] = (T)acc;
    }
  }
}
// @end

// @kernel ta_argreduce
// ArgMax (is_min 0) / ArgMin (is_min 1) along an axis of length n of a
// tensor viewed as [outer, n, inner]; ties go to the first index, or the
// last when select_last. Output: int64 indices, [outer, inner].
template <class T>
inline void ta_argreduce(const T* in, int64_t* out, int32_t outer, int32_t n, int32_t inner, int32_t is_min,
                         int32_t select_last) {
  for (int32_t o = 0; o < outer; ++o)
    for (int32_t i = 0; i < inner; ++i) {
      const T* p = in + (size_t)o * n * inner + i;
      T best = p[0];
      int32_t idx = 0;
      for (int32_t k = 1; k < n; ++k) {
        const T x = p[(size_t)k * inner];
        const bool better = is_min ? (select_last ? x <= best : x < best) : (select_last ? x >= best : x > best);
        if (better) { best = x; idx = k; }
      }
      out[(size_t)o * inner + i] = idx;
    }
}
// @end
