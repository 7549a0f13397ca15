// Host invokers for the indexing kernels (index.h).
#include "eval/invoke.h"

namespace tinyaot {
namespace {

TA_REGISTER_KERNEL("ta_gather", [](const KernelArgs& a) {
  return withCType(a.targ(0), [&](auto t) {
    using T = decltype(t);
    auto run = [&](auto ti) {
      using I = decltype(ti);
      rt::ta_gather<T, I>(a.c<T>(0), a.c<I>(1), a.p<T>(2), a.i(3), a.i(4), a.i(5), a.i(6));
      return Status::ok();
    };
    if (a.targ(1) == "int32_t") return run(int32_t{});
    if (a.targ(1) == "int64_t") return run(int64_t{});
    return errorf("internal: ta_gather index type {}", a.targ(1));
  });
});

}  // namespace
}  // namespace tinyaot
