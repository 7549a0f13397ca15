// Host invokers for the GatherElements and loss kernels (loss.h).
#include "eval/invoke.h"

namespace tinyaot {
namespace {

// Calls f(I{}) for an index template argument (int32_t or int64_t).
template <class F>
Status withIndexType(const KernelArgs& a, size_t k, F&& f) {
  if (a.targ(k) == "int32_t") return f(int32_t{});
  if (a.targ(k) == "int64_t") return f(int64_t{});
  return errorf("internal: {} index type {}", a.call.fn, a.targ(k));
}

TA_REGISTER_KERNEL("ta_gather_elements", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    return withIndexType(a, 1, [&](auto ti) {
      using I = decltype(ti);
      rt::ta_gather_elements<T, I>(a.c<T>(0), a.c<I>(1), a.p<T>(2), a.i(3), a.c<int32_t>(4), a.c<int32_t>(5),
                                   a.i(6), a.i(7), a.i(8));
      return Status::ok();
    });
  });
});

TA_REGISTER_KERNEL("ta_nll_loss", [](const KernelArgs& a) {
  auto run = [&](auto t) {
    using T = decltype(t);
    return withIndexType(a, 1, [&](auto ti) {
      using I = decltype(ti);
      rt::ta_nll_loss<T, I>(a.c<T>(0), a.c<I>(1), a.c<T>(2), a.p<T>(3), a.i(4), a.i(5), a.i(6), a.i64(7), a.i(8),
                            a.i(9));
      return Status::ok();
    });
  };
  if (a.targ(0) == "float") return run(float{});
  if (a.targ(0) == "double") return run(double{});
  return errorf("internal: ta_nll_loss type {}", a.targ(0));
});

TA_REGISTER_KERNEL("ta_softmax_xent_f32", [](const KernelArgs& a) {
  return withIndexType(a, 0, [&](auto ti) {
    using I = decltype(ti);
    rt::ta_softmax_xent_f32<I>(a.c<float>(0), a.c<I>(1), a.c<float>(2), a.p<float>(3), a.p<float>(4), a.i(5),
                               a.i(6), a.i(7), a.i64(8), a.i(9), a.i(10));
    return Status::ok();
  });
});

}  // namespace
}  // namespace tinyaot
