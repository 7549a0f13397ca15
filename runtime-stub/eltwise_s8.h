// Quantized element-wise kernels (int8/uint8): Add and Mul with numpy
// broadcasting (TensorFlow Lite arithmetic), lookup-table unary functions,
// and Softmax.

// @kernel ta_add_q8 ta_mul_q8 uses ta_q_fixed
// Iterates the 6-D output `dims` (broadcast dims collapsed at compile time);
// sa/sb are the operands' element strides per dim (0 broadcasts).
//
// Add (TFLite): both operands are brought to a common scale 2*max(sa, sb)
// with 20 bits of headroom:
//   a' = mbqm((a - a_zp) << left_shift, a_mult, a_shift)   (same for b)
//   out = clamp(mbqm(a' + b', out_mult, out_shift) + out_zp)
// Mul (TFLite): out = clamp(mbqm((a - a_zp) * (b - b_zp), out_mult, out_shift) + out_zp).
struct ta_add_q8_op {
  // p: a_zp, b_zp, left_shift, a_mult, a_shift, b_mult, b_shift, out_mult, out_shift, out_zp, lo, hi
  template <class T> static T apply(int32_t a, int32_t b, const int32_t* p) {
    const int32_t sa = ta_mbqm((a - p[0]) * (1 << p[2]), p[3], p[4]);
    const int32_t sb = ta_mbqm((b - p[1]) * (1 << p[2]), p[5], p[6]);
    return ta_qout<T>::make(sa + sb, p[7], p[8], p[9], p[10], p[11]);
  }
};
struct ta_mul_q8_op {
  // p: a_zp, b_zp, out_mult, out_shift, out_zp, lo, hi
  template <class T> static T apply(int32_t a, int32_t b, const int32_t* p) {
    return ta_qout<T>::make((a - p[0]) * (b - p[1]), p[2], p[3], p[4], p[5], p[6]);
  }
};
template <class OP, class T>
inline void ta_bcast_q8(const T* a, const T* b, T* y, const int32_t* dims, const int32_t* sa,
                        const int32_t* sb, const int32_t* p) {
  size_t o = 0;
  for (int32_t i0 = 0; i0 < dims[0]; ++i0)
    for (int32_t i1 = 0; i1 < dims[1]; ++i1)
      for (int32_t i2 = 0; i2 < dims[2]; ++i2)
        for (int32_t i3 = 0; i3 < dims[3]; ++i3)
          for (int32_t i4 = 0; i4 < dims[4]; ++i4) {
            const T* ap = a + i0 * sa[0] + i1 * sa[1] + i2 * sa[2] + i3 * sa[3] + i4 * sa[4];
            const T* bp = b + i0 * sb[0] + i1 * sb[1] + i2 * sb[2] + i3 * sb[3] + i4 * sb[4];
            for (int32_t i5 = 0; i5 < dims[5]; ++i5)
              y[o++] = OP::template apply<T>((int32_t)ap[i5 * sa[5]], (int32_t)bp[i5 * sb[5]], p);
          }
}
template <class T>
inline void ta_add_q8(const T* a, const T* b, T* y, const int32_t* dims, const int32_t* sa, const int32_t* sb,
                      const int32_t* params) {
  ta_bcast_q8<ta_add_q8_op>(a, b, y, dims, sa, sb, params);
}
template <class T>
inline void ta_mul_q8(const T* a, const T* b, T* y, const int32_t* dims, const int32_t* sa, const int32_t* sb,
                      const int32_t* params) {
  ta_bcast_q8<ta_mul_q8_op>(a, b, y, dims, sa, sb, params);
}
// @end

// @kernel ta_lut_q8
// out[i] = table[byte pattern of in[i]]: any unary function of one int8/uint8
// value, tabulated at compile time from the input and output parameters.
template <class TI, class TO>
inline void ta_lut_q8(const TI* in, TO* out, int32_t n, const TO* table) {
  for (int32_t i = 0; i < n; ++i) out[i] = table[(uint8_t)in[i]];
}
// @end

// @kernel ta_softmax_q8 uses ta_q_fixed
// Softmax over `len` elements spaced `inner` apart, for outer x inner rows.
// exp_table[d] = round(2^24 * exp(-in_scale * d)) for d = max - x in
// [0, 255] (compile time). Per row: sum = sum of exp_table[max - x] (64-bit),
// p = exp_table[d] * floor(2^62 / sum) >> 32 is the probability in Q30, and
// out = clamp(mbqm(p, mult, shift) + out_zp) with the multiplier
// 2^-30 / out_scale. Integer only; one 64-bit division per row.
template <class T>
inline void ta_softmax_q8(const T* in, T* out, int32_t outer, int32_t len, int32_t inner, const int32_t* exp_table,
                          int32_t mult, int32_t shift, int32_t out_zp, int32_t act_min, int32_t act_max) {
  for (int32_t o = 0; o < outer; ++o)
    for (int32_t i = 0; i < inner; ++i) {
      const T* ip = in + (size_t)o * len * inner + i;
      T* op = out + (size_t)o * len * inner + i;
      int32_t mx = (int32_t)ip[0];
      for (int32_t j = 1; j < len; ++j)
        if ((int32_t)ip[(size_t)j * inner] > mx) mx = (int32_t)ip[(size_t)j * inner];
      uint64_t sum = 0;
      for (int32_t j = 0; j < len; ++j) sum += (uint64_t)exp_table[mx - (int32_t)ip[(size_t)j * inner]];
      const uint64_t inv = ((uint64_t)1 << 62) / sum;
      for (int32_t j = 0; j < len; ++j) {
        const uint64_t e = (uint64_t)exp_table[mx - (int32_t)ip[(size_t)j * inner]];
        const int32_t p = (int32_t)((e * inv) >> 32);
        op[(size_t)j * inner] = ta_qout<T>::make(p, mult, shift, out_zp, act_min, act_max);
      }
    }
}
// @end
