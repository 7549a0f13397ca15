// Host invokers for runtime-stub/misc.h (Trilu, CumSum, Hardmax, Shrink,
// LRN, MeanVarianceNormalization, OneHot, TopK).
#include "eval/invoke.h"

namespace tinyaot {
namespace {

TA_REGISTER_KERNEL("ta_trilu", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_trilu<T>(a.c<T>(0), a.p<T>(1), a.i(2), a.i(3), a.i(4), a.i(5), a.i(6));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_cumsum", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_cumsum<T>(a.c<T>(0), a.p<T>(1), a.i(2), a.i(3), a.i(4), a.i(5), a.i(6));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_hardmax", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_hardmax<T>(a.c<T>(0), a.p<T>(1), a.i(2), a.i(3), a.i(4));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_shrink", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    auto run = [&](auto acc) {
      rt::ta_shrink<T, decltype(acc)>(a.c<T>(0), a.p<T>(1), a.i(2), a.f(3), a.f(4));
      return Status::ok();
    };
    if (a.targ(1) == "float") return run(float{});
    if (a.targ(1) == "double") return run(double{});
    return errorf("internal: ta_shrink computation type {}", a.targ(1));
  });
});

TA_REGISTER_KERNEL("ta_lrn_f32", [](const KernelArgs& a) {
  rt::ta_lrn_f32(a.c<float>(0), a.p<float>(1), a.i(2), a.i(3), a.i(4), a.i(5), a.i(6), a.f(7), a.f(8), a.f(9));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_mvn_f32", [](const KernelArgs& a) {
  rt::ta_mvn_f32(a.c<float>(0), a.p<float>(1), a.c<int32_t>(2), a.c<int32_t>(3), a.c<int32_t>(4), a.c<int32_t>(5),
                 a.i(6), a.f(7));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_onehot", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto ti) {
    using I = decltype(ti);
    return withCType(a.targ(1), [&](auto t) {
      using T = decltype(t);
      rt::ta_onehot<I, T>(a.c<I>(0), a.c<T>(1), a.p<T>(2), a.i(3), a.i(4), a.i(5));
      return Status::ok();
    });
  });
});

TA_REGISTER_KERNEL("ta_topk", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_topk<T>(a.c<T>(0), a.p<T>(1), a.p<int64_t>(2), a.i(3), a.i(4), a.i(5), a.i(6), a.i(7));
    return Status::ok();
  });
});

}  // namespace
}  // namespace tinyaot
