// @kernel ta_unary uses ta_common
// Element-wise unary operations. OP is a compile-time constant, so each
// instantiation compiles to one tight loop. p0/p1 are the op's parameters
// (LeakyRelu alpha, HardSigmoid alpha/beta, Elu alpha, Selu alpha/gamma...).
enum {
  TA_RELU, TA_LEAKY_RELU, TA_SIGMOID, TA_TANH, TA_HARD_SIGMOID, TA_HARD_SWISH,
  TA_ABS, TA_NEG, TA_EXP, TA_LOG, TA_SQRT, TA_RECIPROCAL, TA_FLOOR, TA_CEIL,
  TA_ROUND, TA_ERF, TA_SIGN, TA_ELU, TA_SELU, TA_SOFTSIGN, TA_SOFTPLUS,
  TA_GELU, TA_GELU_TANH, TA_NOT, TA_IDENTITY, TA_SIN, TA_COS, TA_THRESHOLDED_RELU,
  TA_CELU, TA_MISH, TA_ISNAN, TA_ISINF
};

template <int OP> struct ta_unary_f {
  static float apply(float x, float p0, float p1);
};
template <int OP>
inline float ta_unary_f<OP>::apply(float x, float p0, float p1) {
  switch (OP) {
    case TA_RELU: return x > 0.0f ? x : 0.0f;
    case TA_LEAKY_RELU: return x >= 0.0f ? x : x * p0;
    case TA_SIGMOID: return x >= 0.0f ? 1.0f / (1.0f + expf(-x)) : expf(x) / (1.0f + expf(x));
    case TA_TANH: return tanhf(x);
    case TA_HARD_SIGMOID: return ta_clampf(p0 * x + p1, 0.0f, 1.0f);
    case TA_HARD_SWISH: return x * ta_clampf(x * (1.0f / 6.0f) + 0.5f, 0.0f, 1.0f);
    case TA_ABS: return fabsf(x);
    case TA_NEG: return -x;
    case TA_EXP: return expf(x);
    case TA_LOG: return logf(x);
    case TA_SQRT: return sqrtf(x);
    case TA_RECIPROCAL: return 1.0f / x;
    case TA_FLOOR: return floorf(x);
    case TA_CEIL: return ceilf(x);
    case TA_ROUND: return nearbyintf(x);
    case TA_ERF: return erff(x);
    case TA_SIGN: return x > 0.0f ? 1.0f : (x < 0.0f ? -1.0f : x);
    case TA_ELU: return x >= 0.0f ? x : p0 * (expf(x) - 1.0f);
    case TA_SELU: return x > 0.0f ? p1 * x : p1 * (p0 * expf(x) - p0);
    case TA_SOFTSIGN: return x / (1.0f + fabsf(x));
    case TA_SOFTPLUS: return x > 20.0f ? x : log1pf(expf(x));
    case TA_GELU: return 0.5f * x * (1.0f + erff(x * 0.70710678118654752f));
    case TA_GELU_TANH: return 0.5f * x * (1.0f + tanhf(0.79788456080286536f * (x + 0.044715f * x * x * x)));
    case TA_NOT: return x == 0.0f ? 1.0f : 0.0f;
    case TA_IDENTITY: return x;
    case TA_SIN: return sinf(x);
    case TA_COS: return cosf(x);
    case TA_THRESHOLDED_RELU: return x > p0 ? x : 0.0f;
    case TA_CELU: return ta_max(0.0f, x) + ta_min(0.0f, p0 * (expf(x / p0) - 1.0f));
    case TA_MISH: return x * tanhf(x > 20.0f ? x : log1pf(expf(x)));
    case TA_ISNAN: return x != x ? 1.0f : 0.0f;
    case TA_ISINF: return (x - x != x - x && x == x) ? ((p0 != 0.0f && x > 0.0f) || (p1 != 0.0f && x < 0.0f) ? 1.0f : 0.0f) : 0.0f;
    default: return x;
  }
}

// Integer forms of the ops that have one (Abs, Neg, Sign, Relu, Not, Identity).
template <class T, int OP>
inline T ta_unary_i(T x) {
  switch (OP) {
    case TA_ABS: return x < T(0) ? T(-x) : x;
    case TA_NEG: return T(-x);
    case TA_SIGN: return x > T(0) ? T(1) : (x < T(0) ? T(-1) : T(0));
    case TA_RELU: return x > T(0) ? x : T(0);
    case TA_NOT: return x ? T(0) : T(1);
    default: return x;
  }
}

template <class T, int OP> struct ta_unary_dispatch {
  static T apply(T x, float, float) { return ta_unary_i<T, OP>(x); }
};
template <int OP> struct ta_unary_dispatch<float, OP> {
  static float apply(float x, float p0, float p1) { return ta_unary_f<OP>::apply(x, p0, p1); }
};
template <int OP> struct ta_unary_dispatch<double, OP> {
  static double apply(double x, float p0, float p1) { return (double)ta_unary_f<OP>::apply((float)x, p0, p1); }
};

template <class T, class R, int OP>
inline void ta_unary(const T* in, R* out, int32_t n, float p0, float p1) {
  for (int32_t i = 0; i < n; ++i) out[i] = (R)ta_unary_dispatch<T, OP>::apply(in[i], p0, p1);
}
// @end

// @kernel ta_clip uses ta_common
template <class T>
inline void ta_clip(const T* in, T* out, int32_t n, T lo, T hi) {
  for (int32_t i = 0; i < n; ++i) out[i] = in[i] < lo ? lo : (in[i] > hi ? hi : in[i]);
}
// @end

// @kernel ta_binary ta_binary_scalar_a ta_binary_scalar_b ta_binary_bcast uses ta_common
// Element-wise binary operations with numpy broadcasting. The compiler
// collapses the shapes first; the kernel walks up to 6 output dimensions
// with per-input strides (0 where an input is broadcast).
enum {
  TA_ADD, TA_SUB, TA_MUL, TA_DIV, TA_POW, TA_MIN, TA_MAX, TA_MOD, TA_FMOD,
  TA_EQUAL, TA_LESS, TA_GREATER, TA_LESS_EQUAL, TA_GREATER_EQUAL,
  TA_AND, TA_OR, TA_XOR, TA_PRELU, TA_BITSHIFT_LEFT, TA_BITSHIFT_RIGHT
};

template <class T, int OP> struct ta_binary_op {
  static T apply(T a, T b) {
    switch (OP) {
      case TA_ADD: return T(a + b);
      case TA_SUB: return T(a - b);
      case TA_MUL: return T(a * b);
      case TA_DIV: return b == T(0) ? T(0) : T(a / b);
      case TA_MIN: return a < b ? a : b;
      case TA_MAX: return a < b ? b : a;
      case TA_MOD: { if (b == T(0)) return T(0); T r = T(a % b); return (r != T(0) && ((r < T(0)) != (b < T(0)))) ? T(r + b) : r; }
      case TA_FMOD: return b == T(0) ? T(0) : T(a % b);
      case TA_PRELU: return a < T(0) ? T(a * b) : a;
      case TA_POW: { T r = T(1); for (T e = 0; e < b; ++e) r = T(r * a); return r; }
      case TA_BITSHIFT_LEFT: return T(a << b);
      case TA_BITSHIFT_RIGHT: return T(a >> b);
      default: return a;
    }
  }
};
template <int OP> struct ta_binary_op<float, OP> {
  static float apply(float a, float b) {
    switch (OP) {
      case TA_ADD: return a + b;
      case TA_SUB: return a - b;
      case TA_MUL: return a * b;
      case TA_DIV: return a / b;
      case TA_POW: return powf(a, b);
      case TA_MIN: return a < b ? a : (b != b ? b : (a != a ? a : b));
      case TA_MAX: return a > b ? a : (b != b ? b : (a != a ? a : b));
      case TA_FMOD: return fmodf(a, b);
      case TA_MOD: { float r = fmodf(a, b); return (r != 0.0f && ((r < 0.0f) != (b < 0.0f))) ? r + b : r; }
      case TA_PRELU: return a < 0.0f ? a * b : a;
      default: return a;
    }
  }
};
template <int OP> struct ta_binary_op<double, OP> {
  static double apply(double a, double b) {
    switch (OP) {
      case TA_ADD: return a + b;
      case TA_SUB: return a - b;
      case TA_MUL: return a * b;
      case TA_DIV: return a / b;
      case TA_POW: return pow(a, b);
      case TA_MIN: return a < b ? a : b;
      case TA_MAX: return a < b ? b : a;
      case TA_FMOD: return fmod(a, b);
      case TA_MOD: { double r = fmod(a, b); return (r != 0.0 && ((r < 0.0) != (b < 0.0))) ? r + b : r; }
      case TA_PRELU: return a < 0.0 ? a * b : a;
      default: return a;
    }
  }
};
// Comparisons and logic produce bool (uint8_t 0/1).
template <class T, int OP> struct ta_compare_op {
  static uint8_t apply(T a, T b) {
    switch (OP) {
      case TA_EQUAL: return a == b;
      case TA_LESS: return a < b;
      case TA_GREATER: return a > b;
      case TA_LESS_EQUAL: return a <= b;
      case TA_GREATER_EQUAL: return a >= b;
      case TA_AND: return (a != T(0)) && (b != T(0));
      case TA_OR: return (a != T(0)) || (b != T(0));
      case TA_XOR: return (a != T(0)) != (b != T(0));
      default: return 0;
    }
  }
};
template <class T, class R, int OP> struct ta_binary_sel {
  static R apply(T a, T b) { return ta_binary_op<T, OP>::apply(a, b); }
};
template <class T, int OP> struct ta_binary_sel<T, uint8_t, OP> {
  static uint8_t apply(T a, T b) {
    return OP >= TA_EQUAL && OP <= TA_XOR ? ta_compare_op<T, OP>::apply(a, b)
                                          : (uint8_t)ta_binary_op<T, OP>::apply(a, b);
  }
};

template <class T, class R, int OP>
inline void ta_binary(const T* a, const T* b, R* out, int32_t n) {
  for (int32_t i = 0; i < n; ++i) out[i] = ta_binary_sel<T, R, OP>::apply(a[i], b[i]);
}

template <class T, class R, int OP>
inline void ta_binary_scalar_b(const T* a, const T* b, R* out, int32_t n) {
  const T bv = b[0];
  for (int32_t i = 0; i < n; ++i) out[i] = ta_binary_sel<T, R, OP>::apply(a[i], bv);
}

template <class T, class R, int OP>
inline void ta_binary_scalar_a(const T* a, const T* b, R* out, int32_t n) {
  const T av = a[0];
  for (int32_t i = 0; i < n; ++i) out[i] = ta_binary_sel<T, R, OP>::apply(av, b[i]);
}

// dims/sa/sb hold exactly 6 entries, outermost first (padded with 1 / 0).
template <class T, class R, int OP>
inline void ta_binary_bcast(const T* a, const T* b, R* out, const int32_t* dims,
                            const int32_t* sa, const int32_t* sb) {
  size_t o = 0;
  for (int32_t i0 = 0; i0 < dims[0]; ++i0)
    for (int32_t i1 = 0; i1 < dims[1]; ++i1)
      for (int32_t i2 = 0; i2 < dims[2]; ++i2)
        for (int32_t i3 = 0; i3 < dims[3]; ++i3)
          for (int32_t i4 = 0; i4 < dims[4]; ++i4) {
            const T* ap = a + i0 * sa[0] + i1 * sa[1] + i2 * sa[2] + i3 * sa[3] + i4 * sa[4];
            const T* bp = b + i0 * sb[0] + i1 * sb[1] + i2 * sb[2] + i3 * sb[3] + i4 * sb[4];
            for (int32_t i5 = 0; i5 < dims[5]; ++i5)
              out[o++] = ta_binary_sel<T, R, OP>::apply(ap[i5 * sa[5]], bp[i5 * sb[5]]);
          }
}
// @end
