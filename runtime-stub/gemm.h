// @kernel ta_gemm_f32 uses ta_common
// Y[M,N] = alpha * op(A)[M,K] * op(B)[K,N] + beta * C, then clamped.
// C (optional) is read at c[i * c_rs + j * c_cs]; strides of 0 broadcast.
inline void ta_gemm_f32(const float* a, const float* b, const float* c, float* y,
                        int32_t m, int32_t n, int32_t k, int32_t trans_a, int32_t trans_b,
                        float alpha, float beta, int32_t c_rs, int32_t c_cs,
                        float act_min, float act_max) {
  for (int32_t i = 0; i < m; ++i) {
    float* yr = y + (size_t)i * n;
    if (trans_b) {
      for (int32_t j = 0; j < n; ++j) {
        const float* br = b + (size_t)j * k;
        float acc = 0.0f;
        if (trans_a) {
          for (int32_t p = 0; p < k; ++p) acc += a[(size_t)p * m + i] * br[p];
        } else {
          const float* ar = a + (size_t)i * k;
          for (int32_t p = 0; p < k; ++p) acc += ar[p] * br[p];
        }
        yr[j] = acc;
      }
    } else {
      for (int32_t j = 0; j < n; ++j) yr[j] = 0.0f;
      for (int32_t p = 0; p < k; ++p) {
        const float av = trans_a ? a[(size_t)p * m + i] : a[(size_t)i * k + p];
        const float* br = b + (size_t)p * n;
        for (int32_t j = 0; j < n; ++j) yr[j] += av * br[j];
      }
    }
    for (int32_t j = 0; j < n; ++j) {
      float v = alpha * yr[j];
      if (c) v += beta * c[(size_t)i * c_rs + (size_t)j * c_cs];
      yr[j] = ta_clampf(v, act_min, act_max);
    }
  }
}
// @end

// @kernel ta_matmul
// Batched Y[b] = A[b] (M x K) * B[b] (K x N). a_off/b_off give each batch's
// element offset into A and B (numpy broadcasting); null means contiguous.
template <class T>
inline void ta_matmul(const T* a, const T* b, T* y, int32_t batch, int32_t m, int32_t n, int32_t k,
                      const int32_t* a_off, const int32_t* b_off) {
  for (int32_t bi = 0; bi < batch; ++bi) {
    const T* ab = a + (a_off ? a_off[bi] : (size_t)bi * m * k);
    const T* bb = b + (b_off ? b_off[bi] : (size_t)bi * k * n);
    T* yb = y + (size_t)bi * m * n;
    for (int32_t i = 0; i < m; ++i) {
      T* yr = yb + (size_t)i * n;
      for (int32_t j = 0; j < n; ++j) yr[j] = T(0);
      for (int32_t p = 0; p < k; ++p) {
        const T av = ab[(size_t)i * k + p];
        const T* br = bb + (size_t)p * n;
        for (int32_t j = 0; j < n; ++j) yr[j] += av * br[j];
      }
    }
  }
}
// @end
