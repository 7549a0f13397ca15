// @kernel ta_unary uses ta_common
// Element-wise unary operations. OP is a compile-time constant, so each
// instantiation compiles to one tight loop. p0/p1 are the op's parameters
// (LeakyRelu alpha, HardSigmoid alpha/beta, Elu alpha, Selu alpha/gamma...).
// float and double each compute in their own precision.
enum {
  TA_RELU, TA_LEAKY_RELU, TA_SIGMOID, TA_TANH, TA_HARD_SIGMOID, TA_HARD_SWISH,
  TA_ABS, TA_NEG, TA_EXP, TA_LOG, TA_SQRT, TA_RECIPROCAL, TA_FLOOR, TA_CEIL,
  TA_ROUND, TA_ERF, TA_SIGN, TA_ELU, TA_SELU, TA_SOFTSIGN, TA_SOFTPLUS,
  TA_GELU, TA_GELU_TANH, TA_NOT, TA_IDENTITY, TA_SIN, TA_COS, TA_THRESHOLDED_RELU,
  TA_CELU, TA_MISH, TA_ISNAN, TA_ISINF, TA_DIV_SCALAR, TA_TAN, TA_ASIN, TA_ACOS, TA_ATAN,
  TA_SINH, TA_COSH, TA_ASINH, TA_ACOSH, TA_ATANH
};

// <math.h> functions by precision.
struct ta_m {
  static float exp(float x) { return ::expf(x); }
  static double exp(double x) { return ::exp(x); }
  static float log(float x) { return ::logf(x); }
  static double log(double x) { return ::log(x); }
  static float log1p(float x) { return ::log1pf(x); }
  static double log1p(double x) { return ::log1p(x); }
  static float sqrt(float x) { return ::sqrtf(x); }
  static double sqrt(double x) { return ::sqrt(x); }
  static float tanh(float x) { return ::tanhf(x); }
  static double tanh(double x) { return ::tanh(x); }
  static float erf(float x) { return ::erff(x); }
  static double erf(double x) { return ::erf(x); }
  static float abs(float x) { return ::fabsf(x); }
  static double abs(double x) { return ::fabs(x); }
  static float floor(float x) { return ::floorf(x); }
  static double floor(double x) { return ::floor(x); }
  static float ceil(float x) { return ::ceilf(x); }
  static double ceil(double x) { return ::ceil(x); }
  static float rint(float x) { return ::nearbyintf(x); }  // halves to even
  static double rint(double x) { return ::nearbyint(x); }
  static float sin(float x) { return ::sinf(x); }
  static double sin(double x) { return ::sin(x); }
  static float cos(float x) { return ::cosf(x); }
  static double cos(double x) { return ::cos(x); }
  static float tan(float x) { return ::tanf(x); }
  static double tan(double x) { return ::tan(x); }
  static float asin(float x) { return ::asinf(x); }
  static double asin(double x) { return ::asin(x); }
  static float acos(float x) { return ::acosf(x); }
  static double acos(double x) { return ::acos(x); }
  static float atan(float x) { return ::atanf(x); }
  static double atan(double x) { return ::atan(x); }
  static float sinh(float x) { return ::sinhf(x); }
  static double sinh(double x) { return ::sinh(x); }
  static float cosh(float x) { return ::coshf(x); }
  static double cosh(double x) { return ::cosh(x); }
  static float asinh(float x) { return ::asinhf(x); }
  static double asinh(double x) { return ::asinh(x); }
  static float acosh(float x) { return ::acoshf(x); }
  static double acosh(double x) { return ::acosh(x); }
  static float atanh(float x) { return ::atanhf(x); }
  static double atanh(double x) { return ::atanh(x); }
};

template <class F, int OP> struct ta_unary_f {
  static F apply(F x, F p0, F p1);
};
template <class F, int OP>
inline F ta_unary_f<F, OP>::apply(F x, F p0, F p1) {
  const F zero = F(0), one = F(1);
  switch (OP) {
    case TA_RELU: return x > zero ? x : zero;
    case TA_LEAKY_RELU: return x >= zero ? x : x * p0;
    case TA_SIGMOID: return x >= zero ? one / (one + ta_m::exp(-x)) : ta_m::exp(x) / (one + ta_m::exp(x));
    case TA_TANH: return ta_m::tanh(x);
    case TA_HARD_SIGMOID: { const F t = p0 * x + p1; return t < zero ? zero : (t > one ? one : t); }
    case TA_HARD_SWISH: { const F t = x * F(1.0 / 6.0) + F(0.5); return x * (t < zero ? zero : (t > one ? one : t)); }
    case TA_ABS: return ta_m::abs(x);
    case TA_NEG: return -x;
    case TA_EXP: return ta_m::exp(x);
    case TA_LOG: return ta_m::log(x);
    case TA_SQRT: return ta_m::sqrt(x);
    case TA_RECIPROCAL: return one / x;
    case TA_FLOOR: return ta_m::floor(x);
    case TA_CEIL: return ta_m::ceil(x);
    case TA_ROUND: return ta_m::rint(x);
    case TA_ERF: return ta_m::erf(x);
    case TA_SIGN: return x > zero ? one : (x < zero ? -one : x);
    case TA_ELU: return x >= zero ? x : p0 * (ta_m::exp(x) - one);
    case TA_SELU: return x > zero ? p1 * x : p1 * (p0 * ta_m::exp(x) - p0);
    case TA_SOFTSIGN: return x / (one + ta_m::abs(x));
    case TA_SOFTPLUS: return x > F(20) ? x : ta_m::log1p(ta_m::exp(x));
    case TA_GELU: return F(0.5) * x * (one + ta_m::erf(x * F(0.70710678118654752440)));
    case TA_GELU_TANH:
      return F(0.5) * x * (one + ta_m::tanh(F(0.79788456080286535588) * (x + F(0.044715) * x * x * x)));
    case TA_NOT: return x == zero ? one : zero;
    case TA_IDENTITY: return x;
    case TA_SIN: return ta_m::sin(x);
    case TA_COS: return ta_m::cos(x);
    case TA_THRESHOLDED_RELU: return x > p0 ? x : zero;
    case TA_CELU: return ta_max(zero, x) + ta_min(zero, p0 * (ta_m::exp(x / p0) - one));
    case TA_MISH: return x * ta_m::tanh(x > F(20) ? x : ta_m::log1p(ta_m::exp(x)));
    case TA_ISNAN: return x != x ? one : zero;
    // Infinite: x - x is NaN while x itself is not. p0/p1 enable +inf/-inf.
    case TA_ISINF:
      return (x - x != x - x && x == x) ? ((p0 != zero && x > zero) || (p1 != zero && x < zero) ? one : zero) : zero;
    case TA_DIV_SCALAR: return x / p0;
    case TA_TAN: return ta_m::tan(x);
    case TA_ASIN: return ta_m::asin(x);
    case TA_ACOS: return ta_m::acos(x);
    case TA_ATAN: return ta_m::atan(x);
    case TA_SINH: return ta_m::sinh(x);
    case TA_COSH: return ta_m::cosh(x);
    case TA_ASINH: return ta_m::asinh(x);
    case TA_ACOSH: return ta_m::acosh(x);
    case TA_ATANH: return ta_m::atanh(x);
    default: return x;
  }
}

// Integer (and bool) forms of the ops that have one.
template <class T, int OP>
inline T ta_unary_i(T x, float p0) {
  switch (OP) {
    case TA_ABS: return x < T(0) ? T(-x) : x;
    case TA_NEG: return T(-x);
    case TA_SIGN: return x > T(0) ? T(1) : (x < T(0) ? T(-1) : T(0));
    case TA_RELU: return x > T(0) ? x : T(0);
    case TA_NOT: return x ? T(0) : T(1);
    case TA_DIV_SCALAR: return T(x / (T)p0);
    default: return x;
  }
}

template <class T, int OP> struct ta_unary_dispatch {
  static T apply(T x, float p0, float) { return ta_unary_i<T, OP>(x, p0); }
};
template <int OP> struct ta_unary_dispatch<float, OP> {
  static float apply(float x, float p0, float p1) { return ta_unary_f<float, OP>::apply(x, p0, p1); }
};
template <int OP> struct ta_unary_dispatch<double, OP> {
  static double apply(double x, float p0, float p1) {
    return ta_unary_f<double, OP>::apply(x, (double)p0, (double)p1);
  }
};

// out may alias in (in-place).
template <class T, class R, int OP>
inline void ta_unary(const T* in, R* out, int32_t n, float p0, float p1) {
  for (int32_t i = 0; i < n; ++i) out[i] = (R)ta_unary_dispatch<T, OP>::apply(in[i], p0, p1);
}
// @end

// @kernel ta_clip uses ta_common
// min(max(x, lo), hi), as ONNX specifies: every value becomes hi when
// lo > hi; NaN stays NaN.
template <class T>
inline void ta_clip(const T* in, T* out, int32_t n, T lo, T hi) {
  for (int32_t i = 0; i < n; ++i) {
    const T v = in[i] < lo ? lo : in[i];
    out[i] = v > hi ? hi : v;
  }
}
// @end

// @kernel ta_clip_rt uses ta_clip
// Clip whose bounds are computed at run time: lo and hi point to one element
// each, or are null for an absent bound (then lo_def / hi_def, the type's
// limits, apply).
template <class T>
inline void ta_clip_rt(const T* in, T* out, int32_t n, const T* lo, const T* hi, T lo_def, T hi_def) {
  ta_clip<T>(in, out, n, lo ? *lo : lo_def, hi ? *hi : hi_def);
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
      case TA_POW: {  // by squaring; a negative exponent gives 1
        T r = T(1), x = a;
        for (T e = b; e > T(0); e = T(e / T(2))) {
          if (e % T(2)) r = T(r * x);
          if (e > T(1)) x = T(x * x);
        }
        return r;
      }
      // Shifts by the type's width or more give 0 (not undefined behaviour).
      case TA_BITSHIFT_LEFT: return b >= T(sizeof(T) * 8) ? T(0) : T(a << b);
      case TA_BITSHIFT_RIGHT: return b >= T(sizeof(T) * 8) ? T(0) : T(a >> b);
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

// @kernel ta_cast ta_to_bool
// Conversions with ONNX Cast semantics. Float to integer truncates toward
// zero and saturates at the target's range (NaN gives 0), so no conversion
// is undefined behaviour; integer to integer wraps like numpy; to bool is
// x != 0 (ta_to_bool, since bool and uint8 share a C type).
template <class T> struct ta_lim;
#define TA_LIM(T, INT, LO, HI) \
  template <> struct ta_lim<T> { enum { is_int = INT }; static T lo() { return LO; } static T hi() { return HI; } };
TA_LIM(int8_t, 1, -128, 127)
TA_LIM(uint8_t, 1, 0, 255)
TA_LIM(int16_t, 1, -32767 - 1, 32767)
TA_LIM(uint16_t, 1, 0, 65535)
TA_LIM(int32_t, 1, -2147483647 - 1, 2147483647)
TA_LIM(uint32_t, 1, 0, 4294967295u)
TA_LIM(int64_t, 1, -9223372036854775807LL - 1, 9223372036854775807LL)
TA_LIM(uint64_t, 1, 0, 18446744073709551615ULL)
TA_LIM(float, 0, 0.0f, 0.0f)
TA_LIM(double, 0, 0.0, 0.0)
#undef TA_LIM

template <class TO, class TI, int TO_INT, int TI_INT> struct ta_conv {
  static TO f(TI x) { return (TO)x; }
};
template <class TO, class TI> struct ta_conv<TO, TI, 1, 0> {  // floating to integer
  static TO f(TI x) {
    if (x != x) return TO(0);
    if (x <= (TI)ta_lim<TO>::lo()) return ta_lim<TO>::lo();
    if (x >= (TI)ta_lim<TO>::hi()) return ta_lim<TO>::hi();
    return (TO)x;
  }
};
template <class TO, class TI> inline TO ta_convert(TI x) {
  return ta_conv<TO, TI, ta_lim<TO>::is_int, ta_lim<TI>::is_int>::f(x);
}

template <class TI, class TO>
inline void ta_cast(const TI* in, TO* out, int32_t n) {
  for (int32_t i = 0; i < n; ++i) out[i] = ta_convert<TO, TI>(in[i]);
}

template <class TI>
inline void ta_to_bool(const TI* in, uint8_t* out, int32_t n) {
  for (int32_t i = 0; i < n; ++i) out[i] = in[i] != TI(0) ? 1 : 0;
}
// @end

// @kernel ta_pow_mixed uses ta_cast
// Pow with an exponent of another type than the base (ONNX Pow T, T1):
// computed in double, converted to the base type like Cast.
template <class T, class E>
inline void ta_pow_mixed(const T* a, const E* b, T* out, const int32_t* dims, const int32_t* sa, const int32_t* sb) {
  size_t o = 0;
  for (int32_t i0 = 0; i0 < dims[0]; ++i0)
    for (int32_t i1 = 0; i1 < dims[1]; ++i1)
      for (int32_t i2 = 0; i2 < dims[2]; ++i2)
        for (int32_t i3 = 0; i3 < dims[3]; ++i3)
          for (int32_t i4 = 0; i4 < dims[4]; ++i4) {
            const T* ap = a + i0 * sa[0] + i1 * sa[1] + i2 * sa[2] + i3 * sa[3] + i4 * sa[4];
            const E* bp = b + i0 * sb[0] + i1 * sb[1] + i2 * sb[2] + i3 * sb[3] + i4 * sb[4];
            for (int32_t i5 = 0; i5 < dims[5]; ++i5)
              out[o++] = ta_convert<T, double>(pow((double)ap[i5 * sa[5]], (double)bp[i5 * sb[5]]));
          }
}
// @end

// @kernel ta_where
// out = cond ? x : y with numpy broadcasting of all three (6 collapsed
// output dims, per-input strides, 0 on broadcast dims).
template <class T>
inline void ta_where(const uint8_t* c, const T* x, const T* y, T* out, const int32_t* dims, const int32_t* sc,
                     const int32_t* sx, const int32_t* sy) {
  size_t o = 0;
  for (int32_t i0 = 0; i0 < dims[0]; ++i0)
    for (int32_t i1 = 0; i1 < dims[1]; ++i1)
      for (int32_t i2 = 0; i2 < dims[2]; ++i2)
        for (int32_t i3 = 0; i3 < dims[3]; ++i3)
          for (int32_t i4 = 0; i4 < dims[4]; ++i4) {
            const uint8_t* cp = c + i0 * sc[0] + i1 * sc[1] + i2 * sc[2] + i3 * sc[3] + i4 * sc[4];
            const T* xp = x + i0 * sx[0] + i1 * sx[1] + i2 * sx[2] + i3 * sx[3] + i4 * sx[4];
            const T* yp = y + i0 * sy[0] + i1 * sy[1] + i2 * sy[2] + i3 * sy[3] + i4 * sy[4];
            for (int32_t i5 = 0; i5 < dims[5]; ++i5) out[o++] = cp[i5 * sc[5]] ? xp[i5 * sx[5]] : yp[i5 * sy[5]];
          }
}
// @end
