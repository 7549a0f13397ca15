// Host invokers for runtime-stub/resize.h.
#include "eval/invoke.h"

namespace tinyaot {
namespace {

TA_REGISTER_KERNEL("ta_resize_nearest", [](const KernelArgs& a) {
  auto run = [&](auto t) {
    using T = decltype(t);
    const T extrap = std::is_floating_point_v<T> ? T(a.call.args[4].f) : T(a.i64(4));
    rt::ta_resize_nearest<T>(a.c<T>(0), a.p<T>(1), a.c<int32_t>(2), a.c<int32_t>(3), extrap);
    return Status::ok();
  };
  const std::string& t = a.targ(0);
  if (t == "float") return run(float{});
  if (t == "int8_t") return run(int8_t{});
  if (t == "uint8_t") return run(uint8_t{});
  if (t == "int32_t") return run(int32_t{});
  if (t == "int64_t") return run(int64_t{});
  return errorf("internal: ta_resize_nearest has no host invoker for '{}'", t);
});

TA_REGISTER_KERNEL("ta_resize_separable_f32", [](const KernelArgs& a) {
  rt::ta_resize_separable_f32(a.c<float>(0), a.p<float>(1), a.p<float>(2), a.i(3), a.i(4), a.c<int32_t>(5), a.i(6),
                              a.c<int32_t>(7), a.c<float>(8), a.f(9));
  return Status::ok();
});

}  // namespace
}  // namespace tinyaot
