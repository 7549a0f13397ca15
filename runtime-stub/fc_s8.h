// Quantized fully connected layers and matrix products (int8/uint8),
// TensorFlow Lite / CMSIS-NN arithmetic. Reference versions first.

// @kernel ta_fc_q8 uses ta_q_fixed
// out[r][j] = requant(bias[j] + sum_k w(j, k) * in[r][k]) for `rows` rows,
// w(j, k) = w[j * w_js + k * w_ks]: [n][k] (w_js = k, w_ks = 1) or the
// [k][n] of a MatMul (w_js = 1, w_ks = n), weight zero point already
// subtracted; bias[j] = bias_q[j] - in_zp * sum_k w(j, k). mult/shift per
// column j (pc = 1) or one for all (pc = 0). TO = int32_t stores the
// accumulator.
template <class T, class TW, class TO>
inline void ta_fc_q8(const T* in, const TW* w, const int32_t* bias, TO* out, int32_t rows, int32_t n, int32_t k,
                     int32_t w_js, int32_t w_ks, const int32_t* mult, const int32_t* shift, int32_t pc,
                     int32_t out_zp, int32_t act_min, int32_t act_max) {
  for (int32_t r = 0; r < rows; ++r) {
    const T* ir = in + (size_t)r * k;
    TO* orow = out + (size_t)r * n;
    for (int32_t j = 0; j < n; ++j) {
      const TW* wr = w + (size_t)j * w_js;
      int32_t acc = bias[j];
      for (int32_t p = 0; p < k; ++p) acc += (int32_t)wr[(size_t)p * w_ks] * (int32_t)ir[p];
      orow[j] = ta_qout<TO>::make(acc, mult[pc ? j : 0], shift[pc ? j : 0], out_zp, act_min, act_max);
    }
  }
}
// @end

// @kernel ta_matmul_q8 uses ta_q_fixed
// Batched Y[b] = (A[b] - a_zp) (M x K) * (B[b] - b_zp[j]) (K x N), both
// operands computed at run time. Batch b reads A at b * a_bstride and B at
// b * b_bstride elements (0 broadcasts). b_zp, mult and shift have n
// entries. TO = int32_t stores the accumulator (MatMulInteger).
template <class TA, class TB, class TO>
inline void ta_matmul_q8(const TA* a, const TB* b, TO* y, int32_t batch, int32_t m, int32_t n, int32_t k,
                         int32_t a_bstride, int32_t b_bstride, int32_t a_zp, const int32_t* b_zp,
                         const int32_t* mult, const int32_t* shift, int32_t out_zp,
                         int32_t act_min, int32_t act_max) {
  for (int32_t bi = 0; bi < batch; ++bi) {
    const TA* ab = a + (size_t)bi * a_bstride;
    const TB* bb = b + (size_t)bi * b_bstride;
    TO* yb = y + (size_t)bi * m * n;
    for (int32_t i = 0; i < m; ++i)
      for (int32_t j = 0; j < n; ++j) {
        int32_t acc = 0;
        const int32_t bz = b_zp[j];
        for (int32_t p = 0; p < k; ++p)
          acc += ((int32_t)ab[(size_t)i * k + p] - a_zp) * ((int32_t)bb[(size_t)p * n + j] - bz);
        yb[(size_t)i * n + j] = ta_qout<TO>::make(acc, mult[j], shift[j], out_zp, act_min, act_max);
      }
  }
}
// @end

// @kernel ta_fc_s8_armdsp uses ta_q_fixed ta_dsp_s8
// Arm DSP variant of ta_fc_q8 for int8 activations and [n][k] int8 weights,
// bit for bit the same: each output is one SMLAD dot product.
template <class TO>
inline void ta_fc_s8_armdsp(const int8_t* in, const int8_t* w, const int32_t* bias, TO* out, int32_t rows, int32_t n,
                            int32_t k, const int32_t* mult, const int32_t* shift, int32_t pc, int32_t out_zp,
                            int32_t act_min, int32_t act_max) {
  for (int32_t r = 0; r < rows; ++r) {
    const int8_t* ir = in + (size_t)r * k;
    TO* orow = out + (size_t)r * n;
    for (int32_t j = 0; j < n; ++j) {
      const int32_t acc = ta_dot_s8_armdsp(w + (size_t)j * k, ir, k, bias[j]);
      orow[j] = ta_qout<TO>::make(acc, mult[pc ? j : 0], shift[pc ? j : 0], out_zp, act_min, act_max);
    }
  }
}
// @end
