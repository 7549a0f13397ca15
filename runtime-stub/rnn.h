// @kernel ta_rnn_act
// Recurrent-cell activations, by code: 0 Sigmoid, 1 Tanh, 2 Relu,
// 3 HardSigmoid, 4 LeakyRelu, 5 ThresholdedRelu, 6 ScaledTanh, 7 Affine,
// 8 Elu, 9 Softsign, 10 Softplus (alpha/beta as in the ONNX ops).
inline float ta_rnn_act(float x, int32_t code, float alpha, float beta) {
  switch (code) {
    case 0: return 1.0f / (1.0f + expf(-x));
    case 1: return tanhf(x);
    case 2: return x > 0.0f ? x : 0.0f;
    case 3: {
      const float v = alpha * x + beta;
      return v < 0.0f ? 0.0f : (v > 1.0f ? 1.0f : v);
    }
    case 4: return x >= 0.0f ? x : alpha * x;
    case 5: return x > alpha ? x : 0.0f;
    case 6: return alpha * tanhf(beta * x);
    case 7: return alpha * x + beta;
    case 8: return x >= 0.0f ? x : alpha * (expf(x) - 1.0f);
    case 9: return x / (1.0f + fabsf(x));
    default: return x > 20.0f ? x : log1pf(expf(x));
  }
}

// Gate pre-activations for one batch row: g[j] = W[j,:]·x + R[j,:]·h (+ the
// two biases), rows [0, rows); then optionally clipped to [-clip, clip].
inline void ta_rnn_gates(const float* w, const float* r, const float* b, const float* xt, const float* h,
                         float* g, int32_t rows, int32_t in_size, int32_t hidden, int32_t b_stride) {
  for (int32_t j = 0; j < rows; ++j) {
    float acc = b ? b[j] + b[b_stride + j] : 0.0f;
    const float* wj = w + (size_t)j * in_size;
    for (int32_t i = 0; i < in_size; ++i) acc += wj[i] * xt[i];
    const float* rj = r + (size_t)j * hidden;
    for (int32_t i = 0; i < hidden; ++i) acc += rj[i] * h[i];
    g[j] = acc;
  }
}

inline float ta_rnn_clip(float x, float clip) {
  return clip > 0.0f ? (x < -clip ? -clip : (x > clip ? clip : x)) : x;
}

// Shared loop bounds. dims: seq, batch, input, hidden, reverse, variant.
// strides: x per step, x per batch row, y per step, y per batch row, state
// per batch row (initial_h/c and Y_h/Y_c). Absent sequence_lens: full length.
inline int32_t ta_rnn_step(const int32_t* dims, int32_t s) { return dims[4] ? dims[0] - 1 - s : s; }
inline int32_t ta_rnn_len(const int32_t* seq_lens, const int32_t* dims, int32_t b) {
  return seq_lens ? seq_lens[b] : dims[0];
}
// @end

// @kernel ta_lstm_f32 uses ta_rnn_act
// One direction of an LSTM (gate order i, o, f, c). w [4H, I], r [4H, H],
// b [8H] or null, p [3H] peepholes or null, h0/c0 or null. acts: f, g, h
// codes; params: their alphas then betas. variant 1: input_forget.
// scratch: 2*B*H (state) + 4H floats. Steps past a row's sequence length
// leave its state unchanged and write zeros to y.
inline void ta_lstm_f32(const float* x, const float* w, const float* r, const float* b, const int32_t* seq_lens,
                        const float* h0, const float* c0, const float* p, float* y, float* y_h, float* y_c,
                        float* scratch, const int32_t* dims, const int32_t* st, const int32_t* acts,
                        const float* params, float clip) {
  const int32_t steps = dims[0], batch = dims[1], in_size = dims[2], hid = dims[3];
  float* hs = scratch;
  float* cs = hs + (size_t)batch * hid;
  float* g = cs + (size_t)batch * hid;
  for (int32_t bi = 0; bi < batch; ++bi)
    for (int32_t k = 0; k < hid; ++k) {
      hs[(size_t)bi * hid + k] = h0 ? h0[(size_t)bi * st[4] + k] : 0.0f;
      cs[(size_t)bi * hid + k] = c0 ? c0[(size_t)bi * st[4] + k] : 0.0f;
    }
  for (int32_t s = 0; s < steps; ++s) {
    const int32_t t = ta_rnn_step(dims, s);
    for (int32_t bi = 0; bi < batch; ++bi) {
      float* yt = y ? y + (size_t)t * st[2] + (size_t)bi * st[3] : 0;
      float* h = hs + (size_t)bi * hid;
      float* c = cs + (size_t)bi * hid;
      if (t >= ta_rnn_len(seq_lens, dims, bi)) {
        if (yt)
          for (int32_t k = 0; k < hid; ++k) yt[k] = 0.0f;
        continue;
      }
      ta_rnn_gates(w, r, b, x + (size_t)t * st[0] + (size_t)bi * st[1], h, g, 4 * hid, in_size, hid, 4 * hid);
      for (int32_t k = 0; k < hid; ++k) {
        const float cp = c[k];
        const float gi = ta_rnn_act(ta_rnn_clip(g[k] + (p ? p[k] * cp : 0.0f), clip), acts[0], params[0], params[3]);
        const float gf = dims[5] ? 1.0f - gi
                                 : ta_rnn_act(ta_rnn_clip(g[2 * hid + k] + (p ? p[2 * hid + k] * cp : 0.0f), clip),
                                              acts[0], params[0], params[3]);
        const float gc = ta_rnn_act(ta_rnn_clip(g[3 * hid + k], clip), acts[1], params[1], params[4]);
        const float cn = gf * cp + gi * gc;
        const float go = ta_rnn_act(ta_rnn_clip(g[hid + k] + (p ? p[hid + k] * cn : 0.0f), clip), acts[0], params[0],
                                    params[3]);
        c[k] = cn;
        h[k] = go * ta_rnn_act(cn, acts[2], params[2], params[5]);
        if (yt) yt[k] = h[k];
      }
    }
  }
  for (int32_t bi = 0; bi < batch; ++bi)
    for (int32_t k = 0; k < hid; ++k) {
      if (y_h) y_h[(size_t)bi * st[4] + k] = hs[(size_t)bi * hid + k];
      if (y_c) y_c[(size_t)bi * st[4] + k] = cs[(size_t)bi * hid + k];
    }
}
// @end

// @kernel ta_gru_f32 uses ta_rnn_act
// One direction of a GRU (gate order z, r, h). w [3H, I], r [3H, H],
// b [6H] or null, h0 or null. acts: f, g; params: alphas then betas.
// variant: linear_before_reset. scratch: B*H (state) + 7H floats.
inline void ta_gru_f32(const float* x, const float* w, const float* r, const float* b, const int32_t* seq_lens,
                       const float* h0, float* y, float* y_h, float* scratch, const int32_t* dims, const int32_t* st,
                       const int32_t* acts, const float* params, float clip) {
  const int32_t steps = dims[0], batch = dims[1], in_size = dims[2], hid = dims[3];
  float* hs = scratch;
  float* gx = hs + (size_t)batch * hid;  // W x + Wb, 3H
  float* gh = gx + 3 * hid;              // R h + Rb, 3H
  float* rh = gh + 3 * hid;              // r (.) h, H
  for (int32_t bi = 0; bi < batch; ++bi)
    for (int32_t k = 0; k < hid; ++k) hs[(size_t)bi * hid + k] = h0 ? h0[(size_t)bi * st[4] + k] : 0.0f;
  for (int32_t s = 0; s < steps; ++s) {
    const int32_t t = ta_rnn_step(dims, s);
    for (int32_t bi = 0; bi < batch; ++bi) {
      float* yt = y ? y + (size_t)t * st[2] + (size_t)bi * st[3] : 0;
      float* h = hs + (size_t)bi * hid;
      if (t >= ta_rnn_len(seq_lens, dims, bi)) {
        if (yt)
          for (int32_t k = 0; k < hid; ++k) yt[k] = 0.0f;
        continue;
      }
      const float* xt = x + (size_t)t * st[0] + (size_t)bi * st[1];
      for (int32_t j = 0; j < 3 * hid; ++j) {
        float ax = b ? b[j] : 0.0f;
        const float* wj = w + (size_t)j * in_size;
        for (int32_t i = 0; i < in_size; ++i) ax += wj[i] * xt[i];
        gx[j] = ax;
        float ah = b ? b[3 * hid + j] : 0.0f;
        if (j < 2 * hid || dims[5]) {
          const float* rj = r + (size_t)j * hid;
          for (int32_t i = 0; i < hid; ++i) ah += rj[i] * h[i];
        }
        gh[j] = ah;
      }
      for (int32_t k = 0; k < hid; ++k) {
        const float gr = ta_rnn_act(ta_rnn_clip(gx[hid + k] + gh[hid + k], clip), acts[0], params[0], params[2]);
        if (dims[5]) gh[2 * hid + k] *= gr;  // r (.) (Rh h + Rbh)
        else rh[k] = gr * h[k];
      }
      if (!dims[5])
        for (int32_t k = 0; k < hid; ++k) {
          const float* rj = r + (size_t)(2 * hid + k) * hid;
          float acc = gh[2 * hid + k];
          for (int32_t i = 0; i < hid; ++i) acc += rj[i] * rh[i];
          gh[2 * hid + k] = acc;
        }
      for (int32_t k = 0; k < hid; ++k) {
        const float z = ta_rnn_act(ta_rnn_clip(gx[k] + gh[k], clip), acts[0], params[0], params[2]);
        const float hc = ta_rnn_act(ta_rnn_clip(gx[2 * hid + k] + gh[2 * hid + k], clip), acts[1], params[1], params[3]);
        h[k] = (1.0f - z) * hc + z * h[k];
        if (yt) yt[k] = h[k];
      }
    }
  }
  if (y_h)
    for (int32_t bi = 0; bi < batch; ++bi)
      for (int32_t k = 0; k < hid; ++k) y_h[(size_t)bi * st[4] + k] = hs[(size_t)bi * hid + k];
}
// @end

// @kernel ta_rnn_f32 uses ta_rnn_act
// One direction of a simple RNN: h = f(W x + R h + Wb + Rb). acts: f;
// params: alpha, beta. scratch: B*H (state) + H floats.
inline void ta_rnn_f32(const float* x, const float* w, const float* r, const float* b, const int32_t* seq_lens,
                       const float* h0, float* y, float* y_h, float* scratch, const int32_t* dims, const int32_t* st,
                       const int32_t* acts, const float* params, float clip) {
  const int32_t steps = dims[0], batch = dims[1], in_size = dims[2], hid = dims[3];
  float* hs = scratch;
  float* g = hs + (size_t)batch * hid;
  for (int32_t bi = 0; bi < batch; ++bi)
    for (int32_t k = 0; k < hid; ++k) hs[(size_t)bi * hid + k] = h0 ? h0[(size_t)bi * st[4] + k] : 0.0f;
  for (int32_t s = 0; s < steps; ++s) {
    const int32_t t = ta_rnn_step(dims, s);
    for (int32_t bi = 0; bi < batch; ++bi) {
      float* yt = y ? y + (size_t)t * st[2] + (size_t)bi * st[3] : 0;
      float* h = hs + (size_t)bi * hid;
      if (t >= ta_rnn_len(seq_lens, dims, bi)) {
        if (yt)
          for (int32_t k = 0; k < hid; ++k) yt[k] = 0.0f;
        continue;
      }
      ta_rnn_gates(w, r, b, x + (size_t)t * st[0] + (size_t)bi * st[1], h, g, hid, in_size, hid, hid);
      for (int32_t k = 0; k < hid; ++k) {
        h[k] = ta_rnn_act(ta_rnn_clip(g[k], clip), acts[0], params[0], params[1]);
        if (yt) yt[k] = h[k];
      }
    }
  }
  if (y_h)
    for (int32_t bi = 0; bi < batch; ++bi)
      for (int32_t k = 0; k < hid; ++k) y_h[(size_t)bi * st[4] + k] = hs[(size_t)bi * hid + k];
}
// @end
