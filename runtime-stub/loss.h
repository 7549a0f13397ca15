// @kernel ta_gather_elements
// GatherElements: out has the shape `dims` (the indices' shape, rank <= 8)
// and out[c] = data[c with c[axis] replaced by idx[c]]. `strides` are the
// data tensor's strides in elements; axis_dim is data's size along axis.
// Negative indices count from the end. Indices are run-time data: one
// outside [-axis_dim, axis_dim) is clamped into range instead of reading
// outside the tensor (ONNX leaves the result of such an index undefined).
template <class T, class I>
inline void ta_gather_elements(const T* data, const I* idx, T* out, int32_t rank, const int32_t* dims,
                               const int32_t* strides, int32_t axis, int32_t axis_dim, int32_t n) {
  int32_t c[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  size_t base = 0;  // data offset of the current position, axis excluded
  for (int32_t e = 0; e < n; ++e) {
    int64_t k = (int64_t)idx[e];
    if (k < 0) k += axis_dim;
    if (k < 0) k = 0;
    if (k >= axis_dim) k = axis_dim - 1;
    out[e] = data[base + (size_t)k * (size_t)strides[axis]];
    for (int32_t d = rank - 1; d >= 0; --d) {
      if (++c[d] < dims[d]) {
        if (d != axis) base += (size_t)strides[d];
        break;
      }
      if (d != axis) base -= (size_t)(dims[d] - 1) * (size_t)strides[d];
      c[d] = 0;
    }
  }
}
// @end

// @kernel ta_nll_loss
// NegativeLogLikelihoodLoss: input viewed as [n, c, d] (log-probabilities),
// target as [n, d], weight [c] or null (all ones). loss[i, j] =
// -input[i, t, j] * weight[t] with t = target[i, j]; a target equal to
// ignore_index (when has_ignore) contributes nothing, and so does one
// outside [0, c) (ONNX leaves it undefined; this never reads out of bounds).
// reduction 0 (none): out is [n, d]; 1 (sum): out[0] = sum of the losses;
// 2 (mean): out[0] = that sum / the sum of the weights of counted targets.
template <class T, class I>
inline void ta_nll_loss(const T* in, const I* target, const T* weight, T* out, int32_t n, int32_t c, int32_t d,
                        int64_t ignore_index, int32_t has_ignore, int32_t reduction) {
  T sum = (T)0, wsum = (T)0;
  for (int32_t i = 0; i < n; ++i)
    for (int32_t j = 0; j < d; ++j) {
      const size_t at = (size_t)i * (size_t)d + (size_t)j;
      const int64_t t = (int64_t)target[at];
      T l = (T)0, w = (T)0;
      if (!(has_ignore && t == ignore_index) && t >= 0 && t < c) {
        w = weight ? weight[t] : (T)1;
        l = -in[((size_t)i * (size_t)c + (size_t)t) * (size_t)d + (size_t)j] * w;
      }
      if (reduction == 0) {
        out[at] = l;
      } else {
        sum += l;
        wsum += w;
      }
    }
  if (reduction == 1) out[0] = sum;
  if (reduction == 2) out[0] = sum / wsum;
}
// @end

// @kernel ta_softmax_xent_f32 uses ta_softmax_f32 ta_nll_loss
// SoftmaxCrossEntropyLoss: log_prob = LogSoftmax(scores) over axis 1 of the
// [n, c, d] view (log_prob is the optional output or scratch of n*c*d
// floats), then ta_nll_loss on it with the same conventions.
template <class I>
inline void ta_softmax_xent_f32(const float* scores, const I* labels, const float* weight, float* out,
                                float* log_prob, int32_t n, int32_t c, int32_t d, int64_t ignore_index,
                                int32_t has_ignore, int32_t reduction) {
  ta_softmax_f32(scores, log_prob, n, c, d, 1);
  ta_nll_loss<float, I>(log_prob, labels, weight, out, n, c, d, ignore_index, has_ignore, reduction);
}
// @end
