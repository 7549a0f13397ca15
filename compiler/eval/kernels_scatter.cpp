// Host invokers for the GatherND and Scatter kernels (scatter.h).
#include "eval/invoke.h"

namespace tinyaot {
namespace {

// Calls f(T{}, I{}) for data type targ 0 and index type targ 1.
template <class F>
Status withDataAndIndex(const KernelArgs& a, F&& f) {
  return withCType(a.targ(0), [&](auto t) {
    if (a.targ(1) == "int32_t") return f(t, int32_t{});
    if (a.targ(1) == "int64_t") return f(t, int64_t{});
    return errorf("internal: {} index type {}", a.call.fn, a.targ(1));
  });
}

TA_REGISTER_KERNEL("ta_gather_nd", [](const KernelArgs& a) {
  return withDataAndIndex(a, [&](auto t, auto ti) {
    using T = decltype(t);
    using I = decltype(ti);
    rt::ta_gather_nd<T, I>(a.c<T>(0), a.c<I>(1), a.p<T>(2), a.i(3), a.i(4), a.i(5), a.i(6), a.c<int32_t>(7),
                           a.c<int32_t>(8), a.i(9));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_scatter_elements", [](const KernelArgs& a) {
  return withDataAndIndex(a, [&](auto t, auto ti) {
    using T = decltype(t);
    using I = decltype(ti);
    rt::ta_scatter_elements<T, I>(a.c<T>(0), a.c<I>(1), a.c<T>(2), a.p<T>(3), a.i(4), a.i(5), a.c<int32_t>(6),
                                  a.c<int32_t>(7), a.i(8), a.i(9), a.i(10), a.i(11));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_scatter_nd", [](const KernelArgs& a) {
  return withDataAndIndex(a, [&](auto t, auto ti) {
    using T = decltype(t);
    using I = decltype(ti);
    rt::ta_scatter_nd<T, I>(a.c<T>(0), a.c<I>(1), a.c<T>(2), a.p<T>(3), a.i(4), a.i(5), a.i(6), a.c<int32_t>(7),
                            a.c<int32_t>(8), a.i(9), a.i(10));
    return Status::ok();
  });
});

}  // namespace
}  // namespace tinyaot
