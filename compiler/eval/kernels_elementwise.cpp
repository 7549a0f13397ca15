// Host invokers for the element-wise kernels (elementwise.h).
#include <map>

#include "eval/invoke.h"

namespace tinyaot {
namespace {

// Op codes, in the order of the runtime-stub enums.
constexpr int kUnaryOps = rt::TA_ISINF + 1;
constexpr int kBinaryOps = rt::TA_BITSHIFT_RIGHT + 1;

int opCode(const std::string& name);

// The output type is the input's, or bool (uint8_t) for predicates.
Status unary(const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto tin) {
    using T = decltype(tin);
    auto run = [&](auto tout) {
      using R = decltype(tout);
      return withOpCode<kUnaryOps>(opCode(a.targ(2)), [&](auto op) {
        rt::ta_unary<T, R, decltype(op)::value>(a.c<T>(0), a.p<R>(1), a.i(2), a.f(3), a.f(4));
        return Status::ok();
      });
    };
    if (a.targ(1) == a.targ(0)) return run(T{});
    if (a.targ(1) == "uint8_t") return run(uint8_t{});
    return errorf("internal: unary kernel output type {} for input {}", a.targ(1), a.targ(0));
  });
}
TA_REGISTER_KERNEL("ta_unary", unary);

template <int Form>
Status binary(const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto tin) {
    using T = decltype(tin);
    auto run = [&](auto tout) {
      using R = decltype(tout);
      return withOpCode<kBinaryOps>(opCode(a.targ(2)), [&](auto op) {
        constexpr int OP = decltype(op)::value;
        if constexpr (Form == 0) rt::ta_binary<T, R, OP>(a.c<T>(0), a.c<T>(1), a.p<R>(2), a.i(3));
        if constexpr (Form == 1) rt::ta_binary_scalar_b<T, R, OP>(a.c<T>(0), a.c<T>(1), a.p<R>(2), a.i(3));
        if constexpr (Form == 2) rt::ta_binary_scalar_a<T, R, OP>(a.c<T>(0), a.c<T>(1), a.p<R>(2), a.i(3));
        if constexpr (Form == 3)
          rt::ta_binary_bcast<T, R, OP>(a.c<T>(0), a.c<T>(1), a.p<R>(2), a.c<int32_t>(3), a.c<int32_t>(4),
                                        a.c<int32_t>(5));
        return Status::ok();
      });
    };
    if (a.targ(1) == a.targ(0)) return run(T{});
    if (a.targ(1) == "uint8_t") return run(uint8_t{});
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
