// @kernel ta_common
// Small helpers shared by all kernels.
template <class T> inline T ta_min(T a, T b) { return a < b ? a : b; }
template <class T> inline T ta_max(T a, T b) { return a < b ? b : a; }
inline float ta_clampf(float x, float lo, float hi) { return x < lo ? lo : (x > hi ? hi : x); }
// @end

// @kernel ta_copy
inline void ta_copy(const void* in, void* out, int32_t bytes) {
  if (in != out) memmove(out, in, (size_t)bytes);
}
// @end

// @kernel ta_fill
template <class T>
inline void ta_fill(T* out, int32_t n, T value) {
  for (int32_t i = 0; i < n; ++i) out[i] = value;
}
// @end
