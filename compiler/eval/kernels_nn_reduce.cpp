// Host invokers for runtime-stub/reduce.h (reductions, ArgMax/ArgMin).
#include "eval/invoke.h"

namespace tinyaot {
namespace {

// Only the dtypes the ops accept are instantiated.
template <class F>
Status withReduceType(const std::string& t, F&& f) {
  if (t == "float") return f(float{});
  if (t == "double") return f(double{});
  if (t == "int8_t") return f(int8_t{});
  if (t == "uint8_t") return f(uint8_t{});
  if (t == "int32_t") return f(int32_t{});
  if (t == "int64_t") return f(int64_t{});
  return errorf("internal: reduce kernel type '{}' has no host invoker", t);
}

TA_REGISTER_KERNEL("ta_reduce", [](const KernelArgs& a) {
  return withReduceType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    using A = std::conditional_t<std::is_floating_point_v<T>, T, int64_t>;
    rt::ta_reduce<T, A>(a.c<T>(0), a.p<T>(1), a.c<int32_t>(2), a.c<int32_t>(3), a.c<int32_t>(4), a.c<int32_t>(5),
                        a.i(6), a.i(7));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_argreduce", [](const KernelArgs& a) {
  return withReduceType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_argreduce<T>(a.c<T>(0), a.p<int64_t>(1), a.i(2), a.i(3), a.i(4), a.i(5), a.i(6));
    return Status::ok();
  });
});

}  // namespace
}  // namespace tinyaot
