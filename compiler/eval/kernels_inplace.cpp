// Host invokers for the in-place kernel variants of inplace.h (chosen by the
// memory planner; the evaluator runs them in tests).
#include "eval/invoke.h"

namespace tinyaot {
namespace {

TA_REGISTER_KERNEL("ta_dwconv2d_f32_inplace", [](const KernelArgs& a) {
  rt::ta_dwconv2d_f32_inplace(a.c<float>(0), a.c<float>(1), a.c<float>(2), a.p<float>(3), a.i(4), a.i(5), a.i(6),
                              a.i(7), a.i(8), a.i(9), a.i(10), a.i(11), a.i(12), a.i(13), a.i(14), a.i(15), a.i(16),
                              a.i(17), a.i(18), a.i(19), a.f(20), a.f(21), a.p<float>(22), a.i(23));
  return Status::ok();
});

template <class F>
Status withDwTypes(const KernelArgs& a, F&& f) {
  auto weights = [&](auto t) -> Status {
    using T = decltype(t);
    if (a.targ(1) == "int8_t") return f(T{}, int8_t{});
    if (a.targ(1) == "int16_t") return f(T{}, int16_t{});
    return errorf("internal: weight type '{}' has no host invoker", a.targ(1));
  };
  if (a.targ(0) != a.targ(2)) return errorf("internal: ta_dwconv2d_q8_inplace needs one input and output type");
  if (a.targ(0) == "int8_t") return weights(int8_t{});
  if (a.targ(0) == "uint8_t") return weights(uint8_t{});
  return errorf("internal: quantized kernel type '{}' has no host invoker", a.targ(0));
}

TA_REGISTER_KERNEL("ta_dwconv2d_q8_inplace", [](const KernelArgs& a) {
  return withDwTypes(a, [&](auto t, auto tw) {
    using T = decltype(t);
    using TW = decltype(tw);
    rt::ta_dwconv2d_q8_inplace<T, TW, T>(a.c<T>(0), a.c<TW>(1), a.c<int32_t>(2), a.p<T>(3), a.i(4), a.i(5), a.i(6),
                                         a.i(7), a.i(8), a.i(9), a.i(10), a.i(11), a.i(12), a.i(13), a.i(14), a.i(15),
                                         a.i(16), a.i(17), a.i(18), a.i(19), a.c<int32_t>(20), a.c<int32_t>(21),
                                         a.i(22), a.i(23), a.i(24), a.i(25), a.p<T>(26), a.i(27));
    return Status::ok();
  });
});

}  // namespace
}  // namespace tinyaot
