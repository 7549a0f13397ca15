// Host invokers for the quantized kernels of quant.h, conv_s8.h, fc_s8.h,
// pool_s8.h and eltwise_s8.h (the _armdsp ones run their portable emulation).
#include "eval/invoke.h"

namespace tinyaot {
namespace {

// Dispatch over the few types each template parameter can take (keeps the
// number of host instantiations small).
template <class F>
Status withQ8(const std::string& t, F&& f) {
  if (t == "int8_t") return f(int8_t{});
  if (t == "uint8_t") return f(uint8_t{});
  return errorf("internal: quantized kernel type '{}' has no host invoker", t);
}
template <class F>
Status withQ8or32(const std::string& t, F&& f) {
  if (t == "int32_t") return f(int32_t{});
  return withQ8(t, f);
}
template <class F>
Status withWeight(const std::string& t, F&& f) {
  if (t == "int8_t") return f(int8_t{});
  if (t == "int16_t") return f(int16_t{});
  return errorf("internal: weight type '{}' has no host invoker", t);
}

TA_REGISTER_KERNEL("ta_quantize_f32", [](const KernelArgs& a) {
  return withQ8(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_quantize_f32<T>(a.c<float>(0), a.p<T>(1), a.i(2), a.i(3), a.i(4), a.c<float>(5), a.c<int32_t>(6), a.i(7),
                           a.i(8));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_dynamic_quantize_u8", [](const KernelArgs& a) {
  rt::ta_dynamic_quantize_u8(a.c<float>(0), a.p<uint8_t>(1), a.p<float>(2), a.p<uint8_t>(3), a.i(4));
  return Status::ok();
});

TA_REGISTER_KERNEL("ta_sub_zp_colsum", [](const KernelArgs& a) {
  return withQ8(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_sub_zp_colsum<T>(a.p<int32_t>(0), a.i(1), a.i(2), a.c<T>(3), a.c<int32_t>(4));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_dequantize_f32", [](const KernelArgs& a) {
  return withQ8or32(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_dequantize_f32<T>(a.c<T>(0), a.p<float>(1), a.i(2), a.i(3), a.i(4), a.c<float>(5), a.c<int32_t>(6));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_requantize_q8", [](const KernelArgs& a) {
  return withQ8(a.targ(0), [&](auto ti) {
    return withQ8(a.targ(1), [&](auto to) {
      using TI = decltype(ti);
      using TO = decltype(to);
      rt::ta_requantize_q8<TI, TO>(a.c<TI>(0), a.p<TO>(1), a.i(2), a.i(3), a.i(4), a.i(5), a.i(6), a.i(7), a.i(8),
                                   a.i(9), a.i(10), a.i(11));
      return Status::ok();
    });
  });
});

// Calls f(T{}, TW{}, TO{}) for a kernel templated on <T, TW, TO>.
template <class F>
Status withConvTypes(const KernelArgs& a, F&& f) {
  return withQ8(a.targ(0), [&](auto t) {
    return withWeight(a.targ(1), [&](auto tw) {
      return withQ8or32(a.targ(2), [&](auto to) { return f(t, tw, to); });
    });
  });
}

TA_REGISTER_KERNEL("ta_conv2d_q8", [](const KernelArgs& a) {
  return withConvTypes(a, [&](auto t, auto tw, auto to) {
    using T = decltype(t);
    using TW = decltype(tw);
    using TO = decltype(to);
    rt::ta_conv2d_q8<T, TW, TO>(a.c<T>(0), a.c<TW>(1), a.c<int32_t>(2), a.p<TO>(3), a.i(4), a.i(5), a.i(6), a.i(7),
                                a.i(8), a.i(9), a.i(10), a.i(11), a.i(12), a.i(13), a.i(14), a.i(15), a.i(16), a.i(17),
                                a.i(18), a.i(19), a.i(20), a.c<int32_t>(21), a.c<int32_t>(22), a.i(23), a.i(24),
                                a.i(25), a.i(26));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_dwconv2d_q8", [](const KernelArgs& a) {
  return withConvTypes(a, [&](auto t, auto tw, auto to) {
    using T = decltype(t);
    using TW = decltype(tw);
    using TO = decltype(to);
    rt::ta_dwconv2d_q8<T, TW, TO>(a.c<T>(0), a.c<TW>(1), a.c<int32_t>(2), a.p<TO>(3), a.i(4), a.i(5), a.i(6), a.i(7),
                                  a.i(8), a.i(9), a.i(10), a.i(11), a.i(12), a.i(13), a.i(14), a.i(15), a.i(16),
                                  a.i(17), a.i(18), a.i(19), a.c<int32_t>(20), a.c<int32_t>(21), a.i(22), a.i(23),
                                  a.i(24), a.i(25));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_conv1x1_q8", [](const KernelArgs& a) {
  return withConvTypes(a, [&](auto t, auto tw, auto to) {
    using T = decltype(t);
    using TW = decltype(tw);
    using TO = decltype(to);
    rt::ta_conv1x1_q8<T, TW, TO>(a.c<T>(0), a.c<TW>(1), a.c<int32_t>(2), a.p<TO>(3), a.i(4), a.i(5), a.i(6), a.i(7),
                                 a.c<int32_t>(8), a.c<int32_t>(9), a.i(10), a.i(11), a.i(12), a.i(13));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_fc_q8", [](const KernelArgs& a) {
  return withConvTypes(a, [&](auto t, auto tw, auto to) {
    using T = decltype(t);
    using TW = decltype(tw);
    using TO = decltype(to);
    rt::ta_fc_q8<T, TW, TO>(a.c<T>(0), a.c<TW>(1), a.c<int32_t>(2), a.p<TO>(3), a.i(4), a.i(5), a.i(6), a.i(7),
                            a.i(8), a.c<int32_t>(9), a.c<int32_t>(10), a.i(11), a.i(12), a.i(13), a.i(14));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_conv2d_s8_armdsp", [](const KernelArgs& a) {
  return withQ8or32(a.targ(0), [&](auto to) {
    using TO = decltype(to);
    rt::ta_conv2d_s8_armdsp<TO>(a.c<int8_t>(0), a.c<int8_t>(1), a.c<int32_t>(2), a.p<TO>(3), a.i(4), a.i(5), a.i(6),
                                a.i(7), a.i(8), a.i(9), a.i(10), a.i(11), a.i(12), a.i(13), a.i(14), a.i(15), a.i(16),
                                a.i(17), a.i(18), a.i(19), a.i(20), a.c<int32_t>(21), a.c<int32_t>(22), a.i(23),
                                a.i(24), a.i(25), a.i(26), a.p<int8_t>(27));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_dwconv2d_s8_armdsp", [](const KernelArgs& a) {
  return withQ8or32(a.targ(0), [&](auto to) {
    using TO = decltype(to);
    rt::ta_dwconv2d_s8_armdsp<TO>(a.c<int8_t>(0), a.c<int8_t>(1), a.c<int32_t>(2), a.p<TO>(3), a.i(4), a.i(5), a.i(6),
                                  a.i(7), a.i(8), a.i(9), a.i(10), a.i(11), a.i(12), a.i(13), a.i(14), a.i(15), a.i(16),
                                  a.i(17), a.i(18), a.i(19), a.c<int32_t>(20), a.c<int32_t>(21), a.i(22), a.i(23),
                                  a.i(24), a.i(25), a.p<int32_t>(26));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_fc_s8_armdsp", [](const KernelArgs& a) {
  return withQ8or32(a.targ(0), [&](auto to) {
    using TO = decltype(to);
    rt::ta_fc_s8_armdsp<TO>(a.c<int8_t>(0), a.c<int8_t>(1), a.c<int32_t>(2), a.p<TO>(3), a.i(4), a.i(5), a.i(6),
                            a.c<int32_t>(7), a.c<int32_t>(8), a.i(9), a.i(10), a.i(11), a.i(12));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_matmul_q8", [](const KernelArgs& a) {
  return withQ8(a.targ(0), [&](auto ta) {
    return withQ8(a.targ(1), [&](auto tb) {
      return withQ8or32(a.targ(2), [&](auto to) {
        using TA = decltype(ta);
        using TB = decltype(tb);
        using TO = decltype(to);
        rt::ta_matmul_q8<TA, TB, TO>(a.c<TA>(0), a.c<TB>(1), a.p<TO>(2), a.i(3), a.i(4), a.i(5), a.i(6), a.i(7),
                                     a.i(8), a.i(9), a.c<int32_t>(10), a.c<int32_t>(11), a.c<int32_t>(12), a.i(13),
                                     a.i(14), a.i(15));
        return Status::ok();
      });
    });
  });
});

TA_REGISTER_KERNEL("ta_avgpool2d_q8", [](const KernelArgs& a) {
  return withQ8(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_avgpool2d_q8<T>(a.c<T>(0), a.p<T>(1), a.i(2), a.i(3), a.i(4), a.i(5), a.i(6), a.i(7), a.i(8), a.i(9),
                           a.i(10), a.i(11), a.i(12), a.i(13), a.i(14), a.i(15), a.i(16), a.c<int32_t>(17),
                           a.c<int32_t>(18), a.i(19), a.i(20), a.i(21));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_global_avgpool_q8", [](const KernelArgs& a) {
  return withQ8(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_global_avgpool_q8<T>(a.c<T>(0), a.p<T>(1), a.i(2), a.i(3), a.i(4), a.i(5), a.i(6), a.i(7), a.i(8),
                                a.i(9));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_add_q8", [](const KernelArgs& a) {
  return withQ8(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_add_q8<T>(a.c<T>(0), a.c<T>(1), a.p<T>(2), a.c<int32_t>(3), a.c<int32_t>(4), a.c<int32_t>(5),
                     a.c<int32_t>(6));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_mul_q8", [](const KernelArgs& a) {
  return withQ8(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_mul_q8<T>(a.c<T>(0), a.c<T>(1), a.p<T>(2), a.c<int32_t>(3), a.c<int32_t>(4), a.c<int32_t>(5),
                     a.c<int32_t>(6));
    return Status::ok();
  });
});

TA_REGISTER_KERNEL("ta_lut_q8", [](const KernelArgs& a) {
  return withQ8(a.targ(0), [&](auto ti) {
    return withQ8(a.targ(1), [&](auto to) {
      using TI = decltype(ti);
      using TO = decltype(to);
      rt::ta_lut_q8<TI, TO>(a.c<TI>(0), a.p<TO>(1), a.i(2), a.c<TO>(3));
      return Status::ok();
    });
  });
});

TA_REGISTER_KERNEL("ta_softmax_q8", [](const KernelArgs& a) {
  return withQ8(a.targ(0), [&](auto t) {
    using T = decltype(t);
    rt::ta_softmax_q8<T>(a.c<T>(0), a.p<T>(1), a.i(2), a.i(3), a.i(4), a.c<int32_t>(5), a.i(6), a.i(7), a.i(8),
                         a.i(9), a.i(10));
    return Status::ok();
  });
});

}  // namespace
}  // namespace tinyaot
