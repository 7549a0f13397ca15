// @kernel ta_softmax_f32
// Softmax (or LogSoftmax when log_out) along an axis of length n; the tensor
// is viewed as [outer, n, inner].
inline void ta_softmax_f32(const float* in, float* out, int32_t outer, int32_t n, int32_t inner,
                           int32_t log_out) {
  for (int32_t o = 0; o < outer; ++o)
    for (int32_t i = 0; i < inner; ++i) {
      const float* ip = in + (size_t)o * n * inner + i;
      float* op = out + (size_t)o * n * inner + i;
      float mx = ip[0];
      for (int32_t k = 1; k < n; ++k)
        if (ip[(size_t)k * inner] > mx) mx = ip[(size_t)k * inner];
      float sum = 0.0f;
      for (int32_t k = 0; k < n; ++k) sum += expf(ip[(size_t)k * inner] - mx);
      if (log_out) {
        const float ls = logf(sum);
        for (int32_t k = 0; k < n; ++k) op[(size_t)k * inner] = ip[(size_t)k * inner] - mx - ls;
      } else {
        const float inv = 1.0f / sum;
        for (int32_t k = 0; k < n; ++k) op[(size_t)k * inner] = expf(ip[(size_t)k * inner] - mx) * inv;
      }
    }
}
// @end
