// Quantized average pooling (int8/uint8). Max pooling needs no arithmetic
// and uses the generic ta_maxpool2d / ta_global_maxpool.

// @kernel ta_avgpool2d_q8 uses ta_q_fixed
// acc = sum over the valid cells of (x - in_zp); divisor cnt = valid cells,
// or with count_include_pad the cells inside [-pt, h+pb) x [-pl, w+pr).
// out = clamp(mbqm(acc, mult[cnt], shift[cnt]) + out_zp), where entry cnt of
// mult/shift (kh*kw+1 entries) encodes in_scale / (out_scale * cnt): the
// division is exact in the multiplier, with one rounding.
template <class T>
inline void ta_avgpool2d_q8(const T* in, T* out, int32_t planes, int32_t h, int32_t w,
                            int32_t oh, int32_t ow, int32_t kh, int32_t kw, int32_t sh, int32_t sw,
                            int32_t pt, int32_t pl, int32_t pb, int32_t pr, int32_t count_include_pad,
                            int32_t in_zp, const int32_t* mult, const int32_t* shift, int32_t out_zp,
                            int32_t act_min, int32_t act_max) {
  for (int32_t p = 0; p < planes; ++p) {
    const T* ip = in + (size_t)p * h * w;
    T* op = out + (size_t)p * oh * ow;
    for (int32_t oy = 0; oy < oh; ++oy) {
      const int32_t y0 = oy * sh - pt;
      const int32_t y1 = y0 + kh < h + pb ? y0 + kh : h + pb;
      const int32_t vy0 = y0 > 0 ? y0 : 0, vy1 = y1 < h ? y1 : h;
      for (int32_t ox = 0; ox < ow; ++ox) {
        const int32_t x0 = ox * sw - pl;
        const int32_t x1 = x0 + kw < w + pr ? x0 + kw : w + pr;
        const int32_t vx0 = x0 > 0 ? x0 : 0, vx1 = x1 < w ? x1 : w;
        int32_t acc = 0;
        for (int32_t y = vy0; y < vy1; ++y)
          for (int32_t x = vx0; x < vx1; ++x) acc += (int32_t)ip[(size_t)y * w + x];
        const int32_t valid = (vy1 - vy0) * (vx1 - vx0);
        acc -= valid * in_zp;
        const int32_t cnt = count_include_pad ? (y1 - y0) * (x1 - x0) : valid;
        op[(size_t)oy * ow + ox] = ta_qout<T>::make(acc, mult[cnt], shift[cnt], out_zp, act_min, act_max);
      }
    }
  }
}
// @end

// @kernel ta_global_avgpool_q8 uses ta_q_fixed
// out[p] = clamp(mbqm(sum(x) + bias, mult, shift) + out_zp) with
// bias = -hw * in_zp and the multiplier in_scale / (out_scale * hw).
template <class T>
inline void ta_global_avgpool_q8(const T* in, T* out, int32_t planes, int32_t hw, int32_t bias,
                                 int32_t mult, int32_t shift, int32_t out_zp, int32_t act_min, int32_t act_max) {
  for (int32_t p = 0; p < planes; ++p) {
    const T* ip = in + (size_t)p * hw;
    int32_t acc = bias;
    for (int32_t i = 0; i < hw; ++i) acc += (int32_t)ip[i];
    out[p] = ta_qout<T>::make(acc, mult, shift, out_zp, act_min, act_max);
  }
}
// @end
