// Host invokers for the InstanceNormalization / LayerNormalization blocks of runtime-stub/norm.h.
#include "eval/invoke.h"

namespace tinyaot {
namespace {

TA_REGISTER_KERNEL("ta_instance_norm_f32", [](const KernelArgs& a) {
  rt::ta_instance_norm_f32(a.c<float>(0), a.p<float>(1), a.i(2), a.i(3), a.i(4), a.c<float>(5), a.c<float>(6),
                           a.f(7));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_layer_norm_f32", [](const KernelArgs& a) {
  rt::ta_layer_norm_f32(a.c<float>(0), a.p<float>(1), a.i(2), a.i(3), a.c<float>(4), a.c<float>(5), a.f(6),
                        a.p<float>(7), a.p<float>(8));
  return Status::ok();
});

}  // namespace
}  // namespace tinyaot
