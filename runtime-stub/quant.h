// Fixed-point helpers and boundary kernels for quantized (int8/uint8) models.
//
// Requantization follows TensorFlow Lite Micro / CMSIS-NN in their
// single-rounding mode (TFLITE_SINGLE_ROUNDING, CMSIS_NN_USE_SINGLE_ROUNDING):
// a real multiplier M = mult * 2^(shift - 31), with mult an int32 in
// [2^30, 2^31) and -31 <= shift <= 30 computed at compile time
// (compiler/quant/fixed_point.cpp), is applied as
//   ta_mbqm(x, mult, shift) = (x * mult + 2^(30 - shift)) >> (31 - shift)
// in 64-bit: one rounding, to nearest with ties toward +infinity, saturated
// to int32. (The double-rounding mode, a rounding doubling high multiply
// followed by a rounding shift, is off by one for a sizeable fraction of
// values when M is close to 1; see docs/quantization.md.)

// @kernel ta_q_fixed
// x * M rounded to nearest (ties toward +infinity), saturated to int32.
// (A template only so that a model that never requantizes, e.g. ConvInteger
// alone, does not warn about an unused function.)
template <class = void>
inline int32_t ta_mbqm(int32_t x, int32_t mult, int32_t shift) {
  const int32_t total = 31 - shift;
  const int64_t r = ((int64_t)x * mult + ((int64_t)1 << (total - 1))) >> total;
  const int64_t hi = 0x7fffffff, lo = -hi - 1;
  return (int32_t)(r > hi ? hi : (r < lo ? lo : r));
}

// The output stage of int8/uint8 kernels: requantize an int32 accumulator,
// add the output zero point and clamp to [lo, hi] (the output type's range
// intersected with a fused activation). For int32 outputs (ConvInteger,
// MatMulInteger) the accumulator is stored as is.
template <class TO> struct ta_qout {
  static TO make(int32_t acc, int32_t mult, int32_t shift, int32_t zp, int32_t lo, int32_t hi) {
    const int32_t v = ta_mbqm(acc, mult, shift);
    if (v >= hi - zp) return (TO)hi;
    if (v <= lo - zp) return (TO)lo;
    return (TO)(v + zp);
  }
};
template <> struct ta_qout<int32_t> {
  static int32_t make(int32_t acc, int32_t, int32_t, int32_t, int32_t, int32_t) { return acc; }
};
// @end

// @kernel ta_quantize_f32
// ONNX QuantizeLinear: out = saturate(round_half_even(x / scale) + zp),
// with per-axis scale/zp over [outer, axis_n, inner] (axis_n = 1: per tensor).
// [lo, hi] is the output type's range. NaN becomes lo.
inline float ta_round_half_even(float v) {
  float r = floorf(v);
  const float d = v - r;
  if (d > 0.5f || (d == 0.5f && fmodf(r, 2.0f) != 0.0f)) r += 1.0f;
  return r;
}
template <class T>
inline void ta_quantize_f32(const float* in, T* out, int32_t outer, int32_t axis_n, int32_t inner,
                            const float* scale, const int32_t* zp, int32_t lo, int32_t hi) {
  const float flo = (float)lo, fhi = (float)hi;
  for (int32_t o = 0; o < outer; ++o)
    for (int32_t a = 0; a < axis_n; ++a) {
      const float s = scale[a], z = (float)zp[a];
      const size_t base = ((size_t)o * axis_n + a) * inner;
      for (int32_t i = 0; i < inner; ++i) {
        float v = ta_round_half_even(in[base + i] / s) + z;
        if (!(v >= flo)) v = flo;
        if (v > fhi) v = fhi;
        out[base + i] = (T)(int32_t)v;
      }
    }
}
// @end

// @kernel ta_dynamic_quantize_u8 uses ta_quantize_f32
// ONNX DynamicQuantizeLinear: the uint8 parameters that map
// [min(x, 0), max(x, 0)] onto [0, 255], scale = (max - min) / 255 and zero
// point = saturate(round_half_even(-min / scale)), then x quantized with them
// as QuantizeLinear does. An all-zero x gives scale 0, zero point 0, codes 0.
// NaN elements do not take part in the range.
inline void ta_dynamic_quantize_u8(const float* in, uint8_t* out, float* scale, uint8_t* zero_point, int32_t n) {
  float lo = 0.0f, hi = 0.0f;
  for (int32_t i = 0; i < n; ++i) {
    if (in[i] < lo) lo = in[i];
    if (in[i] > hi) hi = in[i];
  }
  const float s = (hi - lo) / 255.0f;
  int32_t zp = 0;
  if (s > 0.0f) {
    float z = ta_round_half_even(0.0f - lo / s);
    zp = z < 0.0f ? 0 : (z > 255.0f ? 255 : (int32_t)z);
    ta_quantize_f32<uint8_t>(in, out, 1, 1, n, &s, &zp, 0, 255);
  } else {
    for (int32_t i = 0; i < n; ++i) out[i] = 0;
  }
  *scale = s;
  *zero_point = (uint8_t)zp;
}
// @end

// @kernel ta_sub_zp_colsum
// The run-time zero point's share of an integer product: y[r][c] -= zp * colsum[c]
// (MatMulInteger whose a_zero_point comes from DynamicQuantizeLinear).
template <class T>
inline void ta_sub_zp_colsum(int32_t* y, int32_t rows, int32_t cols, const T* zp, const int32_t* colsum) {
  const int32_t z = (int32_t)*zp;
  for (int32_t r = 0; r < rows; ++r)
    for (int32_t c = 0; c < cols; ++c) y[(size_t)r * cols + c] -= z * colsum[c];
}
// @end

// @kernel ta_dequantize_f32
// ONNX DequantizeLinear: out = (x - zp) * scale, per axis as above.
template <class T>
inline void ta_dequantize_f32(const T* in, float* out, int32_t outer, int32_t axis_n, int32_t inner,
                              const float* scale, const int32_t* zp) {
  for (int32_t o = 0; o < outer; ++o)
    for (int32_t a = 0; a < axis_n; ++a) {
      const float s = scale[a];
      const int32_t z = zp[a];
      const size_t base = ((size_t)o * axis_n + a) * inner;
      for (int32_t i = 0; i < inner; ++i) out[base + i] = (float)((int32_t)in[base + i] - z) * s;
    }
}
// @end

// @kernel ta_requantize_q8 uses ta_q_fixed
// int8/uint8 -> int8/uint8 with another scale and zero point:
// out = clamp(zp_out + mbqm(x - zp_in, mult, shift), lo, hi). Copies `rows`
// rows of `row_len` elements between strided rows (Concat slices); in and
// out may be the same buffer when the strides are equal.
template <class TI, class TO>
inline void ta_requantize_q8(const TI* in, TO* out, int32_t rows, int32_t row_len, int32_t in_stride,
                             int32_t out_stride, int32_t in_zp, int32_t out_zp, int32_t mult, int32_t shift,
                             int32_t lo, int32_t hi) {
  for (int32_t r = 0; r < rows; ++r) {
    const TI* ip = in + (size_t)r * in_stride;
    TO* op = out + (size_t)r * out_stride;
    for (int32_t i = 0; i < row_len; ++i)
      op[i] = ta_qout<TO>::make((int32_t)ip[i] - in_zp, mult, shift, out_zp, lo, hi);
  }
}
// @end

// @kernel ta_dsp_s8
// Arm DSP extension (Cortex-M4/M7/M33/M55): SMLAD multiplies two pairs of
// signed halfwords and adds both products to an accumulator; SXTB16
// sign-extends bytes 0 and 2 (or, rotated, 1 and 3) into halfwords. Without
// the extension (the host evaluator, other CPUs) the same operations are
// emulated bit for bit, so the _armdsp kernels give identical results
// everywhere. ta_dot_s8_armdsp: acc + sum a[i] * b[i], four products per two
// SMLAD.
#if defined(__ARM_FEATURE_DSP) && __ARM_FEATURE_DSP
inline uint32_t ta_sxtb16(uint32_t x) {
  uint32_t r;
  __asm__("sxtb16 %0, %1" : "=r"(r) : "r"(x));
  return r;
}
inline uint32_t ta_sxtb16_ror8(uint32_t x) {
  uint32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
}
inline int32_t ta_smlad(uint32_t a, uint32_t b, int32_t acc) {
  int32_t r;
  __asm__("smlad %0, %1, %2, %3" : "=r"(r) : "r"(a), "r"(b), "r"(acc));
  return r;
}
#else
inline uint32_t ta_sxtb16(uint32_t x) {
  const uint32_t lo = (uint32_t)(uint16_t)(int16_t)(int8_t)(uint8_t)(x & 0xffu);
  const uint32_t hi = (uint32_t)(uint16_t)(int16_t)(int8_t)(uint8_t)((x >> 16) & 0xffu);
  return lo | (hi << 16);
}
inline uint32_t ta_sxtb16_ror8(uint32_t x) { return ta_sxtb16((x >> 8) | (x << 24)); }
inline int32_t ta_smlad(uint32_t a, uint32_t b, int32_t acc) {
  const int32_t p0 = (int32_t)(int16_t)(uint16_t)(a & 0xffffu) * (int32_t)(int16_t)(uint16_t)(b & 0xffffu);
  const int32_t p1 = (int32_t)(int16_t)(uint16_t)(a >> 16) * (int32_t)(int16_t)(uint16_t)(b >> 16);
  return (int32_t)((uint32_t)acc + (uint32_t)p0 + (uint32_t)p1);
}
#endif
inline int32_t ta_dot_s8_armdsp(const int8_t* a, const int8_t* b, int32_t n, int32_t acc) {
  int32_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t wa, wb;
    memcpy(&wa, a + i, 4);
    memcpy(&wb, b + i, 4);
    acc = ta_smlad(ta_sxtb16(wa), ta_sxtb16(wb), acc);
    acc = ta_smlad(ta_sxtb16_ror8(wa), ta_sxtb16_ror8(wb), acc);
  }
  for (; i < n; ++i) acc += (int32_t)a[i] * (int32_t)b[i];
  return acc;
}
// @end
