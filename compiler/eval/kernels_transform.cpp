// Host invokers for the type-generic data-movement kernels (common.h,
// transform.h) and the generic matmul and max pools.
#include "eval/invoke.h"

namespace tinyaot {
namespace {

TA_REGISTER_KERNEL("ta_copy", [](const KernelArgs& a) {
  rt::ta_copy(a.c<void>(0), a.p<void>(1), a.i(2));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_copy_strided", [](const KernelArgs& a) {
  rt::ta_copy_strided(a.c<void>(0), a.p<void>(1), a.i(2), a.i(3), a.i(4), a.i(5));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_transpose", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_transpose<T>(a.c<T>(0), a.p<T>(1), a.c<int32_t>(2), a.c<int32_t>(3));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_pad", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    const T value = std::is_floating_point_v<T> ? T(a.call.args[6].f) : T(a.i64(6));
    rt::ta_pad<T>(a.c<T>(0), a.p<T>(1), a.c<int32_t>(2), a.c<int32_t>(3), a.c<int32_t>(4), a.i(5), value);
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_matmul", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_matmul<T>(a.c<T>(0), a.c<T>(1), a.p<T>(2), a.i(3), a.i(4), a.i(5), a.i(6), a.c<int32_t>(7),
                     a.c<int32_t>(8));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_maxpool2d", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_maxpool2d<T>(a.c<T>(0), a.p<T>(1), a.i(2), a.i(3), a.i(4), a.i(5), a.i(6), a.i(7), a.i(8), a.i(9),
                        a.i(10), a.i(11), a.i(12), a.i(13), a.i(14));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_maxpool3d", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_maxpool3d<T>(a.c<T>(0), a.p<T>(1), a.i(2), a.i(3), a.i(4), a.i(5), a.i(6), a.i(7), a.i(8),
                        a.c<int32_t>(9), a.c<int32_t>(10), a.c<int32_t>(11), a.c<int32_t>(12));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_global_maxpool", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_global_maxpool<T>(a.c<T>(0), a.p<T>(1), a.i(2), a.i(3));
    return Status::ok();
  });
});

}  // namespace
}  // namespace tinyaot
