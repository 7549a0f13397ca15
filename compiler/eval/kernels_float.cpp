// Host invokers for the float kernels of conv.h, gemm.h, pool.h, softmax.h, norm.h.
#include "eval/invoke.h"

namespace tinyaot {
namespace {

TA_REGISTER_KERNEL("ta_conv2d_f32", [](const KernelArgs& a) {
  rt::ta_conv2d_f32(a.c<float>(0), a.c<float>(1), a.c<float>(2), a.p<float>(3), a.i(4), a.i(5), a.i(6), a.i(7),
                    a.i(8), a.i(9), a.i(10), a.i(11), a.i(12), a.i(13), a.i(14), a.i(15), a.i(16), a.i(17),
                    a.i(18), a.i(19), a.f(20), a.f(21));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_conv1x1_f32", [](const KernelArgs& a) {
  rt::ta_conv1x1_f32(a.c<float>(0), a.c<float>(1), a.c<float>(2), a.p<float>(3), a.i(4), a.i(5), a.i(6), a.i(7),
                     a.f(8), a.f(9));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_gemm_f32", [](const KernelArgs& a) {
  rt::ta_gemm_f32(a.c<float>(0), a.c<float>(1), a.c<float>(2), a.p<float>(3), a.i(4), a.i(5), a.i(6), a.i(7),
                  a.i(8), a.f(9), a.f(10), a.i(11), a.i(12), a.f(13), a.f(14));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_avgpool2d_f32", [](const KernelArgs& a) {
  rt::ta_avgpool2d_f32(a.c<float>(0), a.p<float>(1), a.i(2), a.i(3), a.i(4), a.i(5), a.i(6), a.i(7), a.i(8),
                       a.i(9), a.i(10), a.i(11), a.i(12), a.i(13), a.i(14), a.i(15), a.f(16), a.f(17));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_avgpool3d_f32", [](const KernelArgs& a) {
  rt::ta_avgpool3d_f32(a.c<float>(0), a.p<float>(1), a.i(2), a.i(3), a.i(4), a.i(5), a.i(6), a.i(7), a.i(8),
                       a.c<int32_t>(9), a.c<int32_t>(10), a.c<int32_t>(11), a.i(12), a.f(13), a.f(14));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_global_avgpool_f32", [](const KernelArgs& a) {
  rt::ta_global_avgpool_f32(a.c<float>(0), a.p<float>(1), a.i(2), a.i(3));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_softmax_f32", [](const KernelArgs& a) {
  rt::ta_softmax_f32(a.c<float>(0), a.p<float>(1), a.i(2), a.i(3), a.i(4), a.i(5));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_channel_affine_f32", [](const KernelArgs& a) {
  rt::ta_channel_affine_f32(a.c<float>(0), a.p<float>(1), a.i(2), a.i(3), a.i(4), a.c<float>(5), a.c<float>(6),
                            a.f(7), a.f(8));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_batchnorm_f32", [](const KernelArgs& a) {
  rt::ta_batchnorm_f32(a.c<float>(0), a.c<float>(1), a.c<float>(2), a.c<float>(3), a.c<float>(4), a.p<float>(5),
                       a.i(6), a.i(7), a.i(8), a.f(9), a.f(10), a.f(11));
  return Status::ok();
});

}  // namespace
}  // namespace tinyaot
