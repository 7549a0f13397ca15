// In-place kernel variants chosen by the memory planner
// (compiler/passes/plan_kernels.cpp): the output may start at the input's
// address. Each gives exactly the results of its ordinary kernel.

// @kernel ta_dwconv2d_f32_inplace uses ta_common
// Depthwise convolution (group == c == m) whose output may overwrite its
// input, channel by channel (the arguments of ta_conv2d_f32, plus a ring of
// ring_rows output rows in scratch). Output rows are computed into the ring
// and written back once every input row under them is dead: after output row
// oy, input rows below (oy + 1) * sh - pt of this channel are never read
// again, and earlier channels are all dead. Needs oh * ow <= h * wd; the
// compiler computes ring_rows by simulating this loop for channel 0 (later
// channels have more room). Also correct when out does not overlap in.
inline void ta_dwconv2d_f32_inplace(const float* in, const float* w, const float* bias, float* out,
                                    int32_t n, int32_t c, int32_t h, int32_t wd, int32_t m,
                                    int32_t kh, int32_t kw, int32_t oh, int32_t ow,
                                    int32_t sh, int32_t sw, int32_t dh, int32_t dw,
                                    int32_t pt, int32_t pl, int32_t group, float act_min, float act_max,
                                    float* ring, int32_t ring_rows) {
  (void)m;
  (void)group;
  for (int32_t ch = 0; ch < n * c; ++ch) {
    const int32_t k = ch % c;
    const float* ip = in + (size_t)ch * h * wd;
    const float* wp = w + (size_t)k * kh * kw;
    const float bv = bias ? bias[k] : 0.0f;
    const size_t in_base = (size_t)ch * h * wd, out_base = (size_t)ch * oh * ow;
    int32_t done = 0;
    for (int32_t oy = 0; oy < oh; ++oy) {
      float* row = ring + (size_t)(oy % ring_rows) * ow;
      const int32_t iy0 = oy * sh - pt;
      int32_t ky0 = 0, ky1 = kh;
      while (ky0 < kh && iy0 + ky0 * dh < 0) ++ky0;
      while (ky1 > ky0 && iy0 + (ky1 - 1) * dh >= h) --ky1;
      for (int32_t ox = 0; ox < ow; ++ox) {
        const int32_t ix0 = ox * sw - pl;
        int32_t kx0 = 0, kx1 = kw;
        while (kx0 < kw && ix0 + kx0 * dw < 0) ++kx0;
        while (kx1 > kx0 && ix0 + (kx1 - 1) * dw >= wd) --kx1;
        float acc = bv;
        for (int32_t ky = ky0; ky < ky1; ++ky) {
          const float* r = ip + (size_t)(iy0 + ky * dh) * wd + ix0;
          const float* wr = wp + ky * kw;
          for (int32_t kx = kx0; kx < kx1; ++kx) acc += r[kx * dw] * wr[kx];
        }
        row[ox] = ta_clampf(acc, act_min, act_max);
      }
      int32_t need = oy + 1 < oh ? (oy + 1) * sh - pt : h;
      if (need < 0) need = 0;
      if (need > h) need = h;
      const size_t dead = in_base + (size_t)need * wd;  // elements of `in` below this are dead
      while (done <= oy && out_base + (size_t)(done + 1) * ow <= dead) {
        memcpy(out + out_base + (size_t)done * ow, ring + (size_t)(done % ring_rows) * ow, (size_t)ow * sizeof(float));
        ++done;
      }
    }
  }
}
// @end

// @kernel ta_dwconv2d_q8_inplace uses ta_q_fixed
// ta_dwconv2d_q8 (channel multiplier 1, input and output of one type) whose
// output may overwrite its input: the write-back scheme of
// ta_dwconv2d_f32_inplace, the arithmetic of ta_dwconv2d_q8.
template <class T, class TW, class TO>
inline void ta_dwconv2d_q8_inplace(const T* in, const TW* w, const int32_t* bias, TO* out,
                                   int32_t n, int32_t c, int32_t h, int32_t wd, int32_t m,
                                   int32_t kh, int32_t kw, int32_t oh, int32_t ow,
                                   int32_t sh, int32_t sw, int32_t dh, int32_t dw,
                                   int32_t pt, int32_t pl, int32_t pad,
                                   const int32_t* mult, const int32_t* shift, int32_t pc,
                                   int32_t out_zp, int32_t act_min, int32_t act_max,
                                   TO* ring, int32_t ring_rows) {
  (void)m;
  for (int32_t ch = 0; ch < n * c; ++ch) {
    const int32_t k = ch % c;
    const T* ip = in + (size_t)ch * h * wd;
    const TW* wp = w + (size_t)k * kh * kw;
    const int32_t bv = bias[k];
    const int32_t qm = mult[pc ? k : 0], qs = shift[pc ? k : 0];
    const size_t in_base = (size_t)ch * h * wd, out_base = (size_t)ch * oh * ow;
    int32_t done = 0;
    for (int32_t oy = 0; oy < oh; ++oy) {
      TO* row = ring + (size_t)(oy % ring_rows) * ow;
      const int32_t iy0 = oy * sh - pt;
      for (int32_t ox = 0; ox < ow; ++ox) {
        const int32_t ix0 = ox * sw - pl;
        int32_t acc = bv;
        for (int32_t ky = 0; ky < kh; ++ky) {
          const int32_t iy = iy0 + ky * dh;
          const bool yin = iy >= 0 && iy < h;
          for (int32_t kx = 0; kx < kw; ++kx) {
            const int32_t ix = ix0 + kx * dw;
            const int32_t x = (yin && ix >= 0 && ix < wd) ? (int32_t)ip[(size_t)iy * wd + ix] : pad;
            acc += (int32_t)wp[ky * kw + kx] * x;
          }
        }
        row[ox] = ta_qout<TO>::make(acc, qm, qs, out_zp, act_min, act_max);
      }
      int32_t need = oy + 1 < oh ? (oy + 1) * sh - pt : h;
      if (need < 0) need = 0;
      if (need > h) need = h;
      const size_t dead = in_base + (size_t)need * wd;
      while (done <= oy && out_base + (size_t)(done + 1) * ow <= dead) {
        memcpy(out + out_base + (size_t)done * ow, ring + (size_t)(done % ring_rows) * ow, (size_t)ow * sizeof(TO));
        ++done;
      }
    }
  }
}
// @end
