// @kernel ta_channel_affine_f32 uses ta_common
// y = x * scale[c] + shift[c] over [n, c, inner] (inference BatchNormalization
// with its statistics folded into scale/shift at compile time), then clamped.
inline void ta_channel_affine_f32(const float* in, float* out, int32_t n, int32_t c, int32_t inner,
                                  const float* scale, const float* shift, float act_min, float act_max) {
  for (int32_t b = 0; b < n; ++b)
    for (int32_t ch = 0; ch < c; ++ch) {
      const float s = scale[ch], t = shift[ch];
      const size_t base = ((size_t)b * c + ch) * inner;
      for (int32_t i = 0; i < inner; ++i) out[base + i] = ta_clampf(in[base + i] * s + t, act_min, act_max);
    }
}
// @end
