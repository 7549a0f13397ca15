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

// @kernel ta_instance_norm_f32
// InstanceNormalization: per (batch, channel) plane of `inner` elements,
// y = (x - mean) / sqrt(var + eps) * scale[c] + bias[c].
inline void ta_instance_norm_f32(const float* in, float* out, int32_t n, int32_t c, int32_t inner,
                                 const float* scale, const float* bias, float eps) {
  for (int32_t b = 0; b < n; ++b)
    for (int32_t ch = 0; ch < c; ++ch) {
      const size_t base = ((size_t)b * c + ch) * inner;
      float mean = 0.0f;
      for (int32_t i = 0; i < inner; ++i) mean += in[base + i];
      mean /= (float)inner;
      float var = 0.0f;
      for (int32_t i = 0; i < inner; ++i) {
        const float d = in[base + i] - mean;
        var += d * d;
      }
      var /= (float)inner;
      const float s = scale[ch] / sqrtf(var + eps), t = bias[ch] - mean * s;
      for (int32_t i = 0; i < inner; ++i) out[base + i] = in[base + i] * s + t;
    }
}
// @end

// @kernel ta_layer_norm_f32
// LayerNormalization over rows of `inner` elements: y = (x - mean) *
// inv_std * scale + bias (scale, bias: `inner` elements; bias may be null).
// Optionally stores each row's mean and 1/sqrt(var + eps).
inline void ta_layer_norm_f32(const float* in, float* out, int32_t outer, int32_t inner, const float* scale,
                              const float* bias, float eps, float* mean_out, float* inv_std_out) {
  for (int32_t o = 0; o < outer; ++o) {
    const float* x = in + (size_t)o * inner;
    float* y = out + (size_t)o * inner;
    float mean = 0.0f;
    for (int32_t i = 0; i < inner; ++i) mean += x[i];
    mean /= (float)inner;
    float var = 0.0f;
    for (int32_t i = 0; i < inner; ++i) {
      const float d = x[i] - mean;
      var += d * d;
    }
    var /= (float)inner;
    const float inv = 1.0f / sqrtf(var + eps);
    for (int32_t i = 0; i < inner; ++i) y[i] = (x[i] - mean) * inv * scale[i] + (bias ? bias[i] : 0.0f);
    if (mean_out) mean_out[o] = mean;
    if (inv_std_out) inv_std_out[o] = inv;
  }
}
// @end

// @kernel ta_batchnorm_f32 uses ta_common
// Inference BatchNormalization with run-time statistics over [n, c, inner]:
// y = (x - mean[c]) * scale[c] / sqrt(var[c] + eps) + bias[c], then clamped.
inline void ta_batchnorm_f32(const float* in, const float* scale, const float* bias, const float* mean,
                             const float* var, float* out, int32_t n, int32_t c, int32_t inner, float eps,
                             float act_min, float act_max) {
  for (int32_t b = 0; b < n; ++b)
    for (int32_t ch = 0; ch < c; ++ch) {
      const float s = scale[ch] / sqrtf(var[ch] + eps), t = bias[ch] - mean[ch] * s;
      const size_t base = ((size_t)b * c + ch) * inner;
      for (int32_t i = 0; i < inner; ++i) out[base + i] = ta_clampf(in[base + i] * s + t, act_min, act_max);
    }
}
// @end
