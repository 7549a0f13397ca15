// Host invokers for the element-wise kernels (elementwise.h). Only the
// type/op-code combinations that lowering can produce are instantiated.
#include <map>

#include "eval/invoke.h"

namespace tinyaot {
namespace {

int opCode(const std::string& name);

// Calls f(std::integral_constant<int, C>{}) for the code among Codes.
template <int... Codes, class F>
Status withCodes(int code, F&& f) {
  Status st = errorf("internal: op code {} has no host invoker for this type", code);
  (void)((code == Codes ? (st = f(std::integral_constant<int, Codes>{}), true) : false) || ...);
  return st;
}

// Integer and bool forms of the unary kernel.
template <class F>
Status withIntUnaryCode(int code, F&& f) {
  return withCodes<rt::TA_RELU, rt::TA_ABS, rt::TA_NEG, rt::TA_SIGN, rt::TA_NOT, rt::TA_IDENTITY,
                   rt::TA_DIV_SCALAR>(code, f);
}

// Float ops map float/double to the same type; predicates map to bool (uint8_t);
// integer types support the few ops that have an integer form.
Status unary(const KernelArgs& a) {
  const int code = opCode(a.targ(2));
  return withCType(a.targ(0), [&](auto tin) {
    using T = decltype(tin);
    auto call = [&](auto tout, auto op) {
      using R = decltype(tout);
      rt::ta_unary<T, R, decltype(op)::value>(a.c<T>(0), a.p<R>(1), a.i(2), a.f(3), a.f(4));
      return Status::ok();
    };
    if constexpr (std::is_floating_point_v<T>) {
      if (a.targ(1) == a.targ(0))
        return withOpCode<rt::TA_ATANH + 1>(code, [&](auto op) { return call(T{}, op); });
      if (a.targ(1) == "uint8_t")
        return withCodes<rt::TA_ISNAN, rt::TA_ISINF>(code, [&](auto op) { return call(uint8_t{}, op); });
    } else {
      if (a.targ(1) == a.targ(0)) return withIntUnaryCode(code, [&](auto op) { return call(T{}, op); });
    }
    return errorf("internal: unary kernel output type {} for input {}", a.targ(1), a.targ(0));
  });
}
TA_REGISTER_KERNEL("ta_unary", unary);

// Arithmetic keeps the input type; comparisons (and logic, on bool) give bool.
template <class F>
Status withArithCode(int code, F&& f) {
  return withCodes<rt::TA_ADD, rt::TA_SUB, rt::TA_MUL, rt::TA_DIV, rt::TA_POW, rt::TA_MIN, rt::TA_MAX, rt::TA_MOD,
                   rt::TA_FMOD, rt::TA_PRELU, rt::TA_BITSHIFT_LEFT, rt::TA_BITSHIFT_RIGHT>(code, f);
}
template <class F>
Status withCompareCode(int code, F&& f) {
  return withCodes<rt::TA_EQUAL, rt::TA_LESS, rt::TA_GREATER, rt::TA_LESS_EQUAL, rt::TA_GREATER_EQUAL, rt::TA_AND,
                   rt::TA_OR, rt::TA_XOR>(code, f);
}

template <int Form>
Status binary(const KernelArgs& a) {
  const int code = opCode(a.targ(2));
  return withCType(a.targ(0), [&](auto tin) {
    using T = decltype(tin);
    auto call = [&](auto tout, auto op) {
      using R = decltype(tout);
      constexpr int OP = decltype(op)::value;
      if constexpr (Form == 0) rt::ta_binary<T, R, OP>(a.c<T>(0), a.c<T>(1), a.p<R>(2), a.i(3));
      if constexpr (Form == 1) rt::ta_binary_scalar_b<T, R, OP>(a.c<T>(0), a.c<T>(1), a.p<R>(2), a.i(3));
      if constexpr (Form == 2) rt::ta_binary_scalar_a<T, R, OP>(a.c<T>(0), a.c<T>(1), a.p<R>(2), a.i(3));
      if constexpr (Form == 3)
        rt::ta_binary_bcast<T, R, OP>(a.c<T>(0), a.c<T>(1), a.p<R>(2), a.c<int32_t>(3), a.c<int32_t>(4),
                                      a.c<int32_t>(5));
      return Status::ok();
    };
    const bool compare = code >= rt::TA_EQUAL && code <= rt::TA_XOR;
    if (compare && a.targ(1) == "uint8_t") return withCompareCode(code, [&](auto op) { return call(uint8_t{}, op); });
    if (!compare && a.targ(1) == a.targ(0)) return withArithCode(code, [&](auto op) { return call(T{}, op); });
    return errorf("internal: binary kernel output type {} for input {}", a.targ(1), a.targ(0));
  });
}
TA_REGISTER_KERNEL("ta_binary", binary<0>);
TA_REGISTER_KERNEL("ta_binary_scalar_b", binary<1>);
TA_REGISTER_KERNEL("ta_binary_scalar_a", binary<2>);
TA_REGISTER_KERNEL("ta_binary_bcast", binary<3>);

TA_REGISTER_KERNEL("ta_clip", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    const bool fl = std::is_floating_point_v<T>;
    const T lo = fl ? T(a.call.args[3].f) : T(a.i64(3)), hi = fl ? T(a.call.args[4].f) : T(a.i64(4));
    rt::ta_clip<T>(a.c<T>(0), a.p<T>(1), a.i(2), lo, hi);
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_clip_rt", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    const bool fl = std::is_floating_point_v<T>;
    const T lo = fl ? T(a.call.args[5].f) : T(a.i64(5)), hi = fl ? T(a.call.args[6].f) : T(a.i64(6));
    rt::ta_clip_rt<T>(a.c<T>(0), a.p<T>(1), a.i(2), a.c<T>(3), a.c<T>(4), lo, hi);
    return Status::ok();
  });
});

// Pow with a differently typed exponent: base float/double/int32/int64.
TA_REGISTER_KERNEL("ta_pow_mixed", [](const KernelArgs& a) {
  return withCType(a.targ(1), [&](auto te) {
    using E = decltype(te);
    auto run = [&](auto tb) {
      using T = decltype(tb);
      rt::ta_pow_mixed<T, E>(a.c<T>(0), a.c<E>(1), a.p<T>(2), a.c<int32_t>(3), a.c<int32_t>(4), a.c<int32_t>(5));
      return Status::ok();
    };
    const std::string& t = a.targ(0);
    if (t == "float") return run(float{});
    if (t == "double") return run(double{});
    if (t == "int32_t") return run(int32_t{});
    if (t == "int64_t") return run(int64_t{});
    return errorf("internal: ta_pow_mixed has no host invoker for base type {}", t);
  });
});

// Casts: every pair of C types (bool travels as uint8_t; to-bool is ta_to_bool).
TA_REGISTER_KERNEL("ta_cast", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto ti) {
    using TI = decltype(ti);
    return withCType(a.targ(1), [&](auto to) {
      using TO = decltype(to);
      rt::ta_cast<TI, TO>(a.c<TI>(0), a.p<TO>(1), a.i(2));
      return Status::ok();
    });
  });
});
TA_REGISTER_KERNEL("ta_to_bool", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto ti) {
    using TI = decltype(ti);
    rt::ta_to_bool<TI>(a.c<TI>(0), a.p<uint8_t>(1), a.i(2));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_where", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_where<T>(a.c<uint8_t>(0), a.c<T>(1), a.c<T>(2), a.p<T>(3), a.c<int32_t>(4), a.c<int32_t>(5),
                    a.c<int32_t>(6), a.c<int32_t>(7));
    return Status::ok();
  });
});

// Names of the runtime-stub op codes (both enums), for template dispatch.
int opCode(const std::string& name) {
  static const std::map<std::string, int> codes = {
#define TA_OP(X) {#X, rt::X}
      TA_OP(TA_RELU), TA_OP(TA_LEAKY_RELU), TA_OP(TA_SIGMOID), TA_OP(TA_TANH), TA_OP(TA_HARD_SIGMOID),
      TA_OP(TA_HARD_SWISH), TA_OP(TA_ABS), TA_OP(TA_NEG), TA_OP(TA_EXP), TA_OP(TA_LOG), TA_OP(TA_SQRT),
      TA_OP(TA_RECIPROCAL), TA_OP(TA_FLOOR), TA_OP(TA_CEIL), TA_OP(TA_ROUND), TA_OP(TA_ERF), TA_OP(TA_SIGN),
      TA_OP(TA_ELU), TA_OP(TA_SELU), TA_OP(TA_SOFTSIGN), TA_OP(TA_SOFTPLUS), TA_OP(TA_GELU),
      TA_OP(TA_GELU_TANH), TA_OP(TA_NOT), TA_OP(TA_IDENTITY), TA_OP(TA_SIN), TA_OP(TA_COS),
      TA_OP(TA_THRESHOLDED_RELU), TA_OP(TA_CELU), TA_OP(TA_MISH), TA_OP(TA_ISNAN), TA_OP(TA_ISINF),
      TA_OP(TA_DIV_SCALAR), TA_OP(TA_TAN), TA_OP(TA_ASIN), TA_OP(TA_ACOS), TA_OP(TA_ATAN), TA_OP(TA_SINH),
      TA_OP(TA_COSH), TA_OP(TA_ASINH), TA_OP(TA_ACOSH), TA_OP(TA_ATANH),
      TA_OP(TA_ADD), TA_OP(TA_SUB), TA_OP(TA_MUL), TA_OP(TA_DIV), TA_OP(TA_POW), TA_OP(TA_MIN), TA_OP(TA_MAX),
      TA_OP(TA_MOD), TA_OP(TA_FMOD), TA_OP(TA_EQUAL), TA_OP(TA_LESS), TA_OP(TA_GREATER),
      TA_OP(TA_LESS_EQUAL), TA_OP(TA_GREATER_EQUAL), TA_OP(TA_AND), TA_OP(TA_OR), TA_OP(TA_XOR),
      TA_OP(TA_PRELU), TA_OP(TA_BITSHIFT_LEFT), TA_OP(TA_BITSHIFT_RIGHT),
#undef TA_OP
  };
  auto it = codes.find(name);
  return it == codes.end() ? -1 : it->second;
}

}  // namespace
}  // namespace tinyaot
