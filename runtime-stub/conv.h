// @kernel ta_conv2d_f32 uses ta_common
// 2-D convolution, NCHW. w: [m, c/group, kh, kw]; bias: [m] or null.
// The output is clamped to [act_min, act_max] (fused Relu/Clip).
inline void ta_conv2d_f32(const float* in, const float* w, const float* bias, float* out,
                          int32_t n, int32_t c, int32_t h, int32_t wd, int32_t m,
                          int32_t kh, int32_t kw, int32_t oh, int32_t ow,
                          int32_t sh, int32_t sw, int32_t dh, int32_t dw,
                          int32_t pt, int32_t pl, int32_t group, float act_min, float act_max) {
  const int32_t cg = c / group, mg = m / group;
  for (int32_t b = 0; b < n; ++b) {
    const float* inb = in + (size_t)b * c * h * wd;
    float* outb = out + (size_t)b * m * oh * ow;
    for (int32_t oc = 0; oc < m; ++oc) {
      const int32_t g = oc / mg;
      const float* wo = w + (size_t)oc * cg * kh * kw;
      const float bv = bias ? bias[oc] : 0.0f;
      for (int32_t oy = 0; oy < oh; ++oy) {
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
          for (int32_t ic = 0; ic < cg; ++ic) {
            const float* ip = inb + (size_t)(g * cg + ic) * h * wd;
            const float* wp = wo + (size_t)ic * kh * kw;
            for (int32_t ky = ky0; ky < ky1; ++ky) {
              const float* row = ip + (size_t)(iy0 + ky * dh) * wd + ix0;
              const float* wr = wp + ky * kw;
              for (int32_t kx = kx0; kx < kx1; ++kx) acc += row[kx * dw] * wr[kx];
            }
          }
          outb[((size_t)oc * oh + oy) * ow + ox] = ta_clampf(acc, act_min, act_max);
        }
      }
    }
  }
}
// @end

// @kernel ta_conv1x1_f32 uses ta_common
// Pointwise convolution (1x1 kernel, stride 1, no padding, one group), NCHW:
// out[oc][p] = bias[oc] + sum_ic w[oc][ic] * in[ic][p] over p < hw.
inline void ta_conv1x1_f32(const float* in, const float* w, const float* bias, float* out,
                           int32_t n, int32_t c, int32_t hw, int32_t m,
                           float act_min, float act_max) {
  for (int32_t b = 0; b < n; ++b) {
    const float* inb = in + (size_t)b * c * hw;
    float* outb = out + (size_t)b * m * hw;
    for (int32_t oc = 0; oc < m; ++oc) {
      float* o = outb + (size_t)oc * hw;
      const float bv = bias ? bias[oc] : 0.0f;
      for (int32_t p = 0; p < hw; ++p) o[p] = bv;
      const float* wr = w + (size_t)oc * c;
      for (int32_t ic = 0; ic < c; ++ic) {
        const float wv = wr[ic];
        const float* ip = inb + (size_t)ic * hw;
        for (int32_t p = 0; p < hw; ++p) o[p] += wv * ip[p];
      }
      for (int32_t p = 0; p < hw; ++p) o[p] = ta_clampf(o[p], act_min, act_max);
    }
  }
}
// @end
