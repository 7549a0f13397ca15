// Host invokers for runtime-stub/rnn.h and runtime-stub/conv_transpose.h.
#include "eval/invoke.h"

namespace tinyaot {
namespace {

TA_REGISTER_KERNEL("ta_conv_transpose_f32", [](const KernelArgs& a) {
  rt::ta_conv_transpose_f32(a.c<float>(0), a.c<float>(1), a.c<float>(2), a.p<float>(3), a.i(4), a.i(5), a.i(6),
                            a.i(7), a.c<int32_t>(8));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_lstm_f32", [](const KernelArgs& a) {
  rt::ta_lstm_f32(a.c<float>(0), a.c<float>(1), a.c<float>(2), a.c<float>(3), a.c<int32_t>(4), a.c<float>(5),
                  a.c<float>(6), a.c<float>(7), a.p<float>(8), a.p<float>(9), a.p<float>(10), a.p<float>(11),
                  a.c<int32_t>(12), a.c<int32_t>(13), a.c<int32_t>(14), a.c<float>(15), a.f(16));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_gru_f32", [](const KernelArgs& a) {
  rt::ta_gru_f32(a.c<float>(0), a.c<float>(1), a.c<float>(2), a.c<float>(3), a.c<int32_t>(4), a.c<float>(5),
                 a.p<float>(6), a.p<float>(7), a.p<float>(8), a.c<int32_t>(9), a.c<int32_t>(10), a.c<int32_t>(11),
                 a.c<float>(12), a.f(13));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_rnn_f32", [](const KernelArgs& a) {
  rt::ta_rnn_f32(a.c<float>(0), a.c<float>(1), a.c<float>(2), a.c<float>(3), a.c<int32_t>(4), a.c<float>(5),
                 a.p<float>(6), a.p<float>(7), a.p<float>(8), a.c<int32_t>(9), a.c<int32_t>(10), a.c<int32_t>(11),
                 a.c<float>(12), a.f(13));
  return Status::ok();
});

}  // namespace
}  // namespace tinyaot
