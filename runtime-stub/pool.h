// @kernel ta_maxpool2d
// Max pooling over `planes` = N*C planes of h x w, NCHW.
template <class T>
inline void ta_maxpool2d(const T* in, T* out, int32_t planes, int32_t h, int32_t w,
                         int32_t oh, int32_t ow, int32_t kh, int32_t kw, int32_t sh, int32_t sw,
                         int32_t dh, int32_t dw, int32_t pt, int32_t pl) {
  for (int32_t p = 0; p < planes; ++p) {
    const T* ip = in + (size_t)p * h * w;
    T* op = out + (size_t)p * oh * ow;
    for (int32_t oy = 0; oy < oh; ++oy)
      for (int32_t ox = 0; ox < ow; ++ox) {
        bool any = false;
        T best = T(0);
        for (int32_t ky = 0; ky < kh; ++ky) {
          const int32_t iy = oy * sh - pt + ky * dh;
          if (iy < 0 || iy >= h) continue;
          for (int32_t kx = 0; kx < kw; ++kx) {
            const int32_t ix = ox * sw - pl + kx * dw;
            if (ix < 0 || ix >= w) continue;
            const T v = ip[(size_t)iy * w + ix];
            if (!any || v > best) { best = v; any = true; }
          }
        }
        op[(size_t)oy * ow + ox] = best;
      }
  }
}
// @end

// @kernel ta_avgpool2d_f32 uses ta_common
// Average pooling. With count_include_pad, the divisor counts the padded
// cells inside [-pt, h+pb) x [-pl, w+pr) but never cells beyond them.
inline void ta_avgpool2d_f32(const float* in, float* out, int32_t planes, int32_t h, int32_t w,
                             int32_t oh, int32_t ow, int32_t kh, int32_t kw, int32_t sh, int32_t sw,
                             int32_t pt, int32_t pl, int32_t pb, int32_t pr, int32_t count_include_pad,
                             float act_min, float act_max) {
  for (int32_t p = 0; p < planes; ++p) {
    const float* ip = in + (size_t)p * h * w;
    float* op = out + (size_t)p * oh * ow;
    for (int32_t oy = 0; oy < oh; ++oy) {
      const int32_t y0 = oy * sh - pt, y1 = ta_min(y0 + kh, h + pb);
      const int32_t vy0 = ta_max(y0, (int32_t)0), vy1 = ta_min(y1, h);
      for (int32_t ox = 0; ox < ow; ++ox) {
        const int32_t x0 = ox * sw - pl, x1 = ta_min(x0 + kw, w + pr);
        const int32_t vx0 = ta_max(x0, (int32_t)0), vx1 = ta_min(x1, w);
        float acc = 0.0f;
        for (int32_t y = vy0; y < vy1; ++y)
          for (int32_t x = vx0; x < vx1; ++x) acc += ip[(size_t)y * w + x];
        const int32_t cnt = count_include_pad ? (y1 - y0) * (x1 - x0) : (vy1 - vy0) * (vx1 - vx0);
        op[(size_t)oy * ow + ox] = ta_clampf(cnt > 0 ? acc / (float)cnt : 0.0f, act_min, act_max);
      }
    }
  }
}
// @end

// @kernel ta_global_avgpool_f32
inline void ta_global_avgpool_f32(const float* in, float* out, int32_t planes, int32_t hw) {
  const float inv = 1.0f / (float)hw;
  for (int32_t p = 0; p < planes; ++p) {
    const float* ip = in + (size_t)p * hw;
    float acc = 0.0f;
    for (int32_t i = 0; i < hw; ++i) acc += ip[i];
    out[p] = acc * inv;
  }
}
// @end

// @kernel ta_global_maxpool
template <class T>
inline void ta_global_maxpool(const T* in, T* out, int32_t planes, int32_t hw) {
  for (int32_t p = 0; p < planes; ++p) {
    const T* ip = in + (size_t)p * hw;
    T best = ip[0];
    for (int32_t i = 1; i < hw; ++i)
      if (ip[i] > best) best = ip[i];
    out[p] = best;
  }
}
// @end

// @kernel ta_maxpool3d
// 3-D max pooling over `planes` = N*C volumes of d x h x w (NCDHW). k, s,
// dil and pad hold the kernel size, stride, dilation and leading padding of
// the depth, height and width axes.
template <class T>
inline void ta_maxpool3d(const T* in, T* out, int32_t planes, int32_t d, int32_t h, int32_t w,
                         int32_t od, int32_t oh, int32_t ow, const int32_t* k, const int32_t* s,
                         const int32_t* dil, const int32_t* pad) {
  for (int32_t p = 0; p < planes; ++p) {
    const T* ip = in + (size_t)p * d * h * w;
    T* op = out + (size_t)p * od * oh * ow;
    for (int32_t oz = 0; oz < od; ++oz)
      for (int32_t oy = 0; oy < oh; ++oy)
        for (int32_t ox = 0; ox < ow; ++ox) {
          bool any = false;
          T best = T(0);
          for (int32_t kz = 0; kz < k[0]; ++kz) {
            const int32_t iz = oz * s[0] - pad[0] + kz * dil[0];
            if (iz < 0 || iz >= d) continue;
            for (int32_t ky = 0; ky < k[1]; ++ky) {
              const int32_t iy = oy * s[1] - pad[1] + ky * dil[1];
              if (iy < 0 || iy >= h) continue;
              for (int32_t kx = 0; kx < k[2]; ++kx) {
                const int32_t ix = ox * s[2] - pad[2] + kx * dil[2];
                if (ix < 0 || ix >= w) continue;
                const T v = ip[((size_t)iz * h + iy) * w + ix];
                if (!any || v > best) { best = v; any = true; }
              }
            }
          }
          op[((size_t)oz * oh + oy) * ow + ox] = best;
        }
  }
}
// @end

// @kernel ta_avgpool3d_f32 uses ta_common
// 3-D average pooling (NCDHW). pad holds the leading pads of depth, height,
// width, then their trailing pads; the divisor follows ta_avgpool2d_f32.
inline void ta_avgpool3d_f32(const float* in, float* out, int32_t planes, int32_t d, int32_t h, int32_t w,
                             int32_t od, int32_t oh, int32_t ow, const int32_t* k, const int32_t* s,
                             const int32_t* pad, int32_t count_include_pad, float act_min, float act_max) {
  for (int32_t p = 0; p < planes; ++p) {
    const float* ip = in + (size_t)p * d * h * w;
    float* op = out + (size_t)p * od * oh * ow;
    for (int32_t oz = 0; oz < od; ++oz) {
      const int32_t z0 = oz * s[0] - pad[0], z1 = ta_min(z0 + k[0], d + pad[3]);
      const int32_t vz0 = ta_max(z0, (int32_t)0), vz1 = ta_min(z1, d);
      for (int32_t oy = 0; oy < oh; ++oy) {
        const int32_t y0 = oy * s[1] - pad[1], y1 = ta_min(y0 + k[1], h + pad[4]);
        const int32_t vy0 = ta_max(y0, (int32_t)0), vy1 = ta_min(y1, h);
        for (int32_t ox = 0; ox < ow; ++ox) {
          const int32_t x0 = ox * s[2] - pad[2], x1 = ta_min(x0 + k[2], w + pad[5]);
          const int32_t vx0 = ta_max(x0, (int32_t)0), vx1 = ta_min(x1, w);
          float acc = 0.0f;
          for (int32_t z = vz0; z < vz1; ++z)
            for (int32_t y = vy0; y < vy1; ++y)
              for (int32_t x = vx0; x < vx1; ++x) acc += ip[((size_t)z * h + y) * w + x];
          const int32_t cnt = count_include_pad ? (z1 - z0) * (y1 - y0) * (x1 - x0)
                                                : (vz1 - vz0) * (vy1 - vy0) * (vx1 - vx0);
          op[((size_t)oz * oh + oy) * ow + ox] = ta_clampf(cnt > 0 ? acc / (float)cnt : 0.0f, act_min, act_max);
        }
      }
    }
  }
}
// @end
