// Quantized convolution (int8/uint8 activations, int8 or int16 weights),
// NCHW, TensorFlow Lite / CMSIS-NN arithmetic. Reference versions first.
//
// All of them compute, per output element,
//   acc = bias[oc] + sum over the window of w * x
// where x outside the input reads as `pad` (the input zero point, so that
// padding is a real zero) and bias[oc] was prepared at compile time as
//   bias_q[oc] - x_zp * sum(w[oc]),
// then out = clamp(mbqm(acc, mult[oc], shift[oc]) + out_zp, act_min, act_max)
// (ta_qout; `pc` = 0 uses mult[0]/shift[0] for every channel). Weights
// already had their own zero point subtracted at compile time.
// TO = int32_t stores the raw accumulator (ConvInteger).

// @kernel ta_conv2d_q8 uses ta_q_fixed
// General grouped convolution with dilations. w: [m][c/group][kh][kw].
template <class T, class TW, class TO>
inline void ta_conv2d_q8(const T* in, const TW* w, const int32_t* bias, TO* out,
                         int32_t n, int32_t c, int32_t h, int32_t wd, int32_t m,
                         int32_t kh, int32_t kw, int32_t oh, int32_t ow,
                         int32_t sh, int32_t sw, int32_t dh, int32_t dw,
                         int32_t pt, int32_t pl, int32_t group, int32_t pad,
                         const int32_t* mult, const int32_t* shift, int32_t pc,
                         int32_t out_zp, int32_t act_min, int32_t act_max) {
  const int32_t cg = c / group, mg = m / group;
  for (int32_t b = 0; b < n; ++b) {
    const T* inb = in + (size_t)b * c * h * wd;
    TO* outb = out + (size_t)b * m * oh * ow;
    for (int32_t oc = 0; oc < m; ++oc) {
      const int32_t g = oc / mg;
      const TW* wo = w + (size_t)oc * cg * kh * kw;
      const int32_t bv = bias[oc];
      const int32_t qm = mult[pc ? oc : 0], qs = shift[pc ? oc : 0];
      const T* ig = inb + (size_t)g * cg * h * wd;
      for (int32_t oy = 0; oy < oh; ++oy) {
        const int32_t iy0 = oy * sh - pt;
        const bool rows_in = iy0 >= 0 && iy0 + (kh - 1) * dh < h;
        for (int32_t ox = 0; ox < ow; ++ox) {
          const int32_t ix0 = ox * sw - pl;
          int32_t acc = bv;
          if (rows_in && ix0 >= 0 && ix0 + (kw - 1) * dw < wd) {
            for (int32_t ic = 0; ic < cg; ++ic) {
              const T* ip = ig + (size_t)ic * h * wd + (size_t)iy0 * wd + ix0;
              const TW* wp = wo + (size_t)ic * kh * kw;
              for (int32_t ky = 0; ky < kh; ++ky) {
                const T* row = ip + (size_t)ky * dh * wd;
                for (int32_t kx = 0; kx < kw; ++kx) acc += (int32_t)wp[ky * kw + kx] * (int32_t)row[kx * dw];
              }
            }
          } else {
            for (int32_t ic = 0; ic < cg; ++ic) {
              const T* ip = ig + (size_t)ic * h * wd;
              const TW* wp = wo + (size_t)ic * kh * kw;
              for (int32_t ky = 0; ky < kh; ++ky) {
                const int32_t iy = iy0 + ky * dh;
                const bool yin = iy >= 0 && iy < h;
                for (int32_t kx = 0; kx < kw; ++kx) {
                  const int32_t ix = ix0 + kx * dw;
                  const int32_t x = (yin && ix >= 0 && ix < wd) ? (int32_t)ip[(size_t)iy * wd + ix] : pad;
                  acc += (int32_t)wp[ky * kw + kx] * x;
                }
              }
            }
          }
          outb[((size_t)oc * oh + oy) * ow + ox] = ta_qout<TO>::make(acc, qm, qs, out_zp, act_min, act_max);
        }
      }
    }
  }
}
// @end

// @kernel ta_dwconv2d_q8 uses ta_q_fixed
// Depthwise convolution (group == c, m = c * depth multiplier).
// w: [m][1][kh][kw]. Output channel oc reads input channel oc / (m / c).
template <class T, class TW, class TO>
inline void ta_dwconv2d_q8(const T* in, const TW* w, const int32_t* bias, TO* out,
                           int32_t n, int32_t c, int32_t h, int32_t wd, int32_t m,
                           int32_t kh, int32_t kw, int32_t oh, int32_t ow,
                           int32_t sh, int32_t sw, int32_t dh, int32_t dw,
                           int32_t pt, int32_t pl, int32_t pad,
                           const int32_t* mult, const int32_t* shift, int32_t pc,
                           int32_t out_zp, int32_t act_min, int32_t act_max) {
  const int32_t dm = m / c;
  for (int32_t b = 0; b < n; ++b) {
    for (int32_t oc = 0; oc < m; ++oc) {
      const T* ip = in + ((size_t)b * c + oc / dm) * h * wd;
      TO* op = out + ((size_t)b * m + oc) * oh * ow;
      const TW* wp = w + (size_t)oc * kh * kw;
      const int32_t bv = bias[oc];
      const int32_t qm = mult[pc ? oc : 0], qs = shift[pc ? oc : 0];
      for (int32_t oy = 0; oy < oh; ++oy) {
        const int32_t iy0 = oy * sh - pt;
        const bool rows_in = iy0 >= 0 && iy0 + (kh - 1) * dh < h;
        for (int32_t ox = 0; ox < ow; ++ox) {
          const int32_t ix0 = ox * sw - pl;
          int32_t acc = bv;
          if (rows_in && ix0 >= 0 && ix0 + (kw - 1) * dw < wd) {
            const T* base = ip + (size_t)iy0 * wd + ix0;
            for (int32_t ky = 0; ky < kh; ++ky) {
              const T* row = base + (size_t)ky * dh * wd;
              for (int32_t kx = 0; kx < kw; ++kx) acc += (int32_t)wp[ky * kw + kx] * (int32_t)row[kx * dw];
            }
          } else {
            for (int32_t ky = 0; ky < kh; ++ky) {
              const int32_t iy = iy0 + ky * dh;
              const bool yin = iy >= 0 && iy < h;
              for (int32_t kx = 0; kx < kw; ++kx) {
                const int32_t ix = ix0 + kx * dw;
                const int32_t x = (yin && ix >= 0 && ix < wd) ? (int32_t)ip[(size_t)iy * wd + ix] : pad;
                acc += (int32_t)wp[ky * kw + kx] * x;
              }
            }
          }
          op[(size_t)oy * ow + ox] = ta_qout<TO>::make(acc, qm, qs, out_zp, act_min, act_max);
        }
      }
    }
  }
}
// @end

// @kernel ta_conv1x1_q8 uses ta_q_fixed
// Pointwise convolution (1x1 kernel, stride 1, no padding, one group):
// out[oc][p] = requant(bias[oc] + sum_ic w[oc][ic] * in[ic][p]), p < hw.
template <class T, class TW, class TO>
inline void ta_conv1x1_q8(const T* in, const TW* w, const int32_t* bias, TO* out,
                          int32_t n, int32_t c, int32_t hw, int32_t m,
                          const int32_t* mult, const int32_t* shift, int32_t pc,
                          int32_t out_zp, int32_t act_min, int32_t act_max) {
  for (int32_t b = 0; b < n; ++b) {
    const T* inb = in + (size_t)b * c * hw;
    TO* outb = out + (size_t)b * m * hw;
    for (int32_t oc = 0; oc < m; ++oc) {
      const TW* wr = w + (size_t)oc * c;
      const int32_t bv = bias[oc];
      const int32_t qm = mult[pc ? oc : 0], qs = shift[pc ? oc : 0];
      TO* o = outb + (size_t)oc * hw;
      for (int32_t p = 0; p < hw; ++p) {
        int32_t acc = bv;
        const T* ip = inb + p;
        for (int32_t ic = 0; ic < c; ++ic) acc += (int32_t)wr[ic] * (int32_t)ip[(size_t)ic * hw];
        o[p] = ta_qout<TO>::make(acc, qm, qs, out_zp, act_min, act_max);
      }
    }
  }
}
// @end

// @kernel ta_conv2d_s8_armdsp uses ta_q_fixed ta_dsp_s8
// Arm DSP variant of ta_conv2d_q8 for int8 activations and weights, bit for
// bit the same: per output pixel and group, the input window (c/group x kh x
// kw, padding = pad) is gathered into `patch` (scratch of that many bytes),
// then each output channel of the group is one SMLAD dot product with its
// weight row.
template <class TO>
inline void ta_conv2d_s8_armdsp(const int8_t* in, const int8_t* w, const int32_t* bias, TO* out,
                                int32_t n, int32_t c, int32_t h, int32_t wd, int32_t m,
                                int32_t kh, int32_t kw, int32_t oh, int32_t ow,
                                int32_t sh, int32_t sw, int32_t dh, int32_t dw,
                                int32_t pt, int32_t pl, int32_t group, int32_t pad,
                                const int32_t* mult, const int32_t* shift, int32_t pc,
                                int32_t out_zp, int32_t act_min, int32_t act_max, int8_t* patch) {
  const int32_t cg = c / group, mg = m / group, klen = cg * kh * kw;
  for (int32_t b = 0; b < n; ++b)
    for (int32_t g = 0; g < group; ++g) {
      const int8_t* ig = in + ((size_t)b * c + (size_t)g * cg) * h * wd;
      for (int32_t oy = 0; oy < oh; ++oy)
        for (int32_t ox = 0; ox < ow; ++ox) {
          int8_t* pp = patch;
          for (int32_t ic = 0; ic < cg; ++ic)
            for (int32_t ky = 0; ky < kh; ++ky) {
              const int32_t iy = oy * sh - pt + ky * dh;
              const bool yin = iy >= 0 && iy < h;
              for (int32_t kx = 0; kx < kw; ++kx) {
                const int32_t ix = ox * sw - pl + kx * dw;
                *pp++ = (yin && ix >= 0 && ix < wd) ? ig[((size_t)ic * h + iy) * wd + ix] : (int8_t)pad;
              }
            }
          for (int32_t oc = g * mg; oc < (g + 1) * mg; ++oc) {
            const int32_t acc = ta_dot_s8_armdsp(w + (size_t)oc * klen, patch, klen, bias[oc]);
            out[(((size_t)b * m + oc) * oh + oy) * ow + ox] =
                ta_qout<TO>::make(acc, mult[pc ? oc : 0], shift[pc ? oc : 0], out_zp, act_min, act_max);
          }
        }
    }
}
// @end

// @kernel ta_dwconv2d_s8_armdsp uses ta_q_fixed ta_dsp_s8
// Arm DSP variant of ta_dwconv2d_q8 (same arguments, plus scratch for
// kh * 2 * ((kw + 3) / 4) words), for int8 activations and weights, bit for
// bit the same. Per channel the weights of each kernel row are packed, per
// group of four taps t..t+3, as halfword pairs (w[t], w[t+2]) and
// (w[t+1], w[t+3]) (taps past kw are 0). A window inside the input (and
// dw == 1) reads four input bytes per word and does two SMLAD on their
// sign-extended even and odd bytes; the bytes past the window meet zero
// weights. Other windows (touching the padding, or whose last word would run
// past the end of the channel) sum only their taps inside the input, against
// x - pad, starting from bias + pad * sum(w).
template <class TO>
inline void ta_dwconv2d_s8_armdsp(const int8_t* in, const int8_t* w, const int32_t* bias, TO* out,
                                  int32_t n, int32_t c, int32_t h, int32_t wd, int32_t m,
                                  int32_t kh, int32_t kw, int32_t oh, int32_t ow,
                                  int32_t sh, int32_t sw, int32_t dh, int32_t dw,
                                  int32_t pt, int32_t pl, int32_t pad,
                                  const int32_t* mult, const int32_t* shift, int32_t pc,
                                  int32_t out_zp, int32_t act_min, int32_t act_max, int32_t* wpk) {
  const int32_t dm = m / c, g4 = (kw + 3) / 4, rw = 2 * g4;
  const ptrdiff_t last = (ptrdiff_t)(kh - 1) * dh * wd + 4 * g4;  // bytes read from a window's start
  for (int32_t b = 0; b < n; ++b)
    for (int32_t oc = 0; oc < m; ++oc) {
      const int8_t* ip = in + ((size_t)b * c + oc / dm) * h * wd;
      const int8_t* ip_end = ip + (size_t)h * wd;
      TO* op = out + ((size_t)b * m + oc) * oh * ow;
      const int8_t* wp = w + (size_t)oc * kh * kw;
      const int32_t bv = bias[oc];
      const int32_t qm = mult[pc ? oc : 0], qs = shift[pc ? oc : 0];
      int32_t wsum = 0;
      for (int32_t t = 0; t < kh * kw; ++t) wsum += wp[t];
      const uint32_t bpad = (uint32_t)bv + (uint32_t)pad * (uint32_t)wsum;
      for (int32_t ky = 0; ky < kh; ++ky)
        for (int32_t t = 0; t < rw * 2; t += 4)
          for (int32_t j = 0; j < 2; ++j) {
            const int32_t t0 = t + j, t1 = t + j + 2;
            const uint32_t lo = t0 < kw ? (uint32_t)(uint16_t)(int16_t)wp[ky * kw + t0] : 0u;
            const uint32_t hi = t1 < kw ? (uint32_t)(uint16_t)(int16_t)wp[ky * kw + t1] : 0u;
            wpk[ky * rw + t / 2 + j] = (int32_t)(lo | (hi << 16));
          }
      for (int32_t oy = 0; oy < oh; ++oy) {
        const int32_t iy0 = oy * sh - pt;
        const bool rows_in = dw == 1 && iy0 >= 0 && iy0 + (kh - 1) * dh < h;
        for (int32_t ox = 0; ox < ow; ++ox) {
          const int32_t ix0 = ox * sw - pl;
          int32_t acc = bv;
          if (rows_in && ix0 >= 0 && ix0 + kw <= wd && ip_end - (ip + (size_t)iy0 * wd + ix0) >= last) {
            // Every word read stays inside the channel.
            const int8_t* row = ip + (size_t)iy0 * wd + ix0;
            const uint32_t* pw = (const uint32_t*)wpk;
            const uint32_t* pw_end = pw + kh * rw;
            const size_t step = (size_t)dh * wd;
            if (g4 == 1 && kh == 3) {  // 3x3 and the like: no loop
              uint32_t x0, x1, x2;
              memcpy(&x0, row, 4);
              memcpy(&x1, row + step, 4);
              memcpy(&x2, row + 2 * step, 4);
              acc = ta_smlad(ta_sxtb16(x0), pw[0], acc);
              acc = ta_smlad(ta_sxtb16_ror8(x0), pw[1], acc);
              acc = ta_smlad(ta_sxtb16(x1), pw[2], acc);
              acc = ta_smlad(ta_sxtb16_ror8(x1), pw[3], acc);
              acc = ta_smlad(ta_sxtb16(x2), pw[4], acc);
              acc = ta_smlad(ta_sxtb16_ror8(x2), pw[5], acc);
            } else {
              for (; pw != pw_end; row += step)
                for (int32_t q = 0; q < 4 * g4; q += 4, pw += 2) {
                  uint32_t x;
                  memcpy(&x, row + q, 4);
                  const uint32_t we = pw[0], wo = pw[1];
                  acc = ta_smlad(ta_sxtb16(x), we, acc);
                  acc = ta_smlad(ta_sxtb16_ror8(x), wo, acc);
                }
            }
          } else {
            // Only the taps inside the input: bias + pad * sum(w) + sum w * (x - pad).
            int32_t ky0 = 0, ky1 = kh, kx0 = 0, kx1 = kw;
            while (ky0 < kh && iy0 + ky0 * dh < 0) ++ky0;
            while (ky1 > ky0 && iy0 + (ky1 - 1) * dh >= h) --ky1;
            while (kx0 < kw && ix0 + kx0 * dw < 0) ++kx0;
            while (kx1 > kx0 && ix0 + (kx1 - 1) * dw >= wd) --kx1;
            uint32_t a = bpad;
            for (int32_t ky = ky0; ky < ky1; ++ky) {
              const int8_t* r = ip + (size_t)(iy0 + ky * dh) * wd;
              const int8_t* wr = wp + ky * kw;
              for (int32_t kx = kx0; kx < kx1; ++kx)
                a += (uint32_t)((int32_t)wr[kx] * ((int32_t)r[ix0 + kx * dw] - pad));
            }
            acc = (int32_t)a;
          }
          op[(size_t)oy * ow + ox] = ta_qout<TO>::make(acc, qm, qs, out_zp, act_min, act_max);
        }
      }
    }
}
// @end
