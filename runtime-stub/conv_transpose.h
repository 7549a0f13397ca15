// @kernel ta_conv_transpose_f32
// Transposed convolution over up to 3 spatial dims (1-D/2-D use leading
// 1s). in [n, c, ID, IH, IW], w [c, m/group, KD, KH, KW], bias [m] or null,
// out [n, m, OD, OH, OW]. geo: in sizes (3), out sizes (3), kernel (3),
// strides (3), dilations (3), leading pads (3). Every input pixel scatters
// its kernel footprint into the output.
inline void ta_conv_transpose_f32(const float* in, const float* w, const float* bias, float* out, int32_t n,
                                  int32_t c, int32_t m, int32_t group, const int32_t* geo) {
  const int32_t id = geo[0], ih = geo[1], iw = geo[2], od = geo[3], oh = geo[4], ow = geo[5];
  const int32_t kd = geo[6], kh = geo[7], kw = geo[8], sd = geo[9], sh = geo[10], sw = geo[11];
  const int32_t dd = geo[12], dh = geo[13], dw = geo[14], pd = geo[15], ph = geo[16], pw = geo[17];
  const int32_t cg = c / group, mg = m / group;
  const size_t in_plane = (size_t)id * ih * iw, out_plane = (size_t)od * oh * ow, k_size = (size_t)kd * kh * kw;
  for (int32_t b = 0; b < n; ++b) {
    float* ob = out + (size_t)b * m * out_plane;
    for (int32_t oc = 0; oc < m; ++oc) {
      const float v = bias ? bias[oc] : 0.0f;
      for (size_t i = 0; i < out_plane; ++i) ob[(size_t)oc * out_plane + i] = v;
    }
    for (int32_t ci = 0; ci < c; ++ci) {
      const int32_t g = ci / cg;
      const float* ip = in + ((size_t)b * c + ci) * in_plane;
      for (int32_t ocg = 0; ocg < mg; ++ocg) {
        const int32_t oc = g * mg + ocg;
        const float* wp = w + ((size_t)ci * mg + ocg) * k_size;
        float* op = ob + (size_t)oc * out_plane;
        for (int32_t z = 0; z < id; ++z)
          for (int32_t y = 0; y < ih; ++y)
            for (int32_t x = 0; x < iw; ++x) {
              const float v = ip[((size_t)z * ih + y) * iw + x];
              for (int32_t a = 0; a < kd; ++a) {
                const int32_t oz = z * sd - pd + a * dd;
                if (oz < 0 || oz >= od) continue;
                for (int32_t e = 0; e < kh; ++e) {
                  const int32_t oy = y * sh - ph + e * dh;
                  if (oy < 0 || oy >= oh) continue;
                  const float* wr = wp + ((size_t)a * kh + e) * kw;
                  float* orow = op + ((size_t)oz * oh + oy) * ow;
                  for (int32_t f = 0; f < kw; ++f) {
                    const int32_t ox = x * sw - pw + f * dw;
                    if (ox >= 0 && ox < ow) orow[ox] += v * wr[f];
                  }
                }
              }
            }
      }
    }
  }
}
// @end
