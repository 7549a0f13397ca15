// Fixed-point requantization (compiler/quant/fixed_point.cpp and
// runtime-stub/quant.h): multiplier derivation, rounding at ties, saturation,
// and the QuantizeLinear/DequantizeLinear kernels. Expected values come from
// double arithmetic or from the rounding rules written out by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

#include "quant/fixed_point.h"
#include "tinyaot_rt.h"

using namespace tinyaot;
namespace rt = ::tinyaot_rt;

TEST_CASE("quantizeMultiplier represents scales from 1e-6 to 1e3 within 2^-31 relative error", "[quant]") {
  for (int i = 0; i <= 900; ++i) {
    const double real = std::pow(10.0, -6.0 + i / 100.0) * (1.0 + 0.37 * std::sin(i));
    auto m = quantizeMultiplier(real);
    REQUIRE(m);
    INFO("real " << real << " mult " << m->mult << " shift " << m->shift);
    CHECK(m->mult >= (int32_t(1) << 30));
    CHECK(int64_t(m->mult) < (int64_t(1) << 31));
    CHECK(m->shift <= 30);
    CHECK(m->shift >= -31);
    // mult * 2^(shift-31), computed independently of FixedMultiplier::value().
    const double applied = double(m->mult) * std::pow(2.0, m->shift - 31);
    CHECK(std::abs(applied - real) / real <= std::pow(2.0, -31));
  }
}

TEST_CASE("quantizeMultiplier edge cases", "[quant]") {
  auto one = quantizeMultiplier(1.0);
  REQUIRE(one);
  CHECK(one->mult == (int32_t(1) << 30));  // 0.5 * 2^1
  CHECK(one->shift == 1);
  auto zero = quantizeMultiplier(0.0);
  REQUIRE(zero);
  CHECK(zero->mult == 0);
  auto tiny = quantizeMultiplier(1e-12);  // below 2^-32: every product rounds to 0
  REQUIRE(tiny);
  CHECK(tiny->mult == 0);
  // Just below 1.0: q rounds up to 2^31 and is renormalized.
  auto almost = quantizeMultiplier(1.0 - 1e-12);
  REQUIRE(almost);
  CHECK(almost->mult == (int32_t(1) << 30));
  CHECK(almost->shift == 1);
  CHECK_FALSE(quantizeMultiplier(-0.5));
  CHECK_FALSE(quantizeMultiplier(std::nan("")));
  CHECK_FALSE(quantizeMultiplier(4.0e9));
}

TEST_CASE("requantization rounds ties toward +infinity, once", "[quant]") {
  // M = 0.5: mult 2^30, shift 0. M = 0.25: shift -1. M = 0.75: 3 * 2^29, shift 0.
  CHECK(rt::ta_mbqm(1, 1 << 30, 0) == 1);    // 0.5 -> 1
  CHECK(rt::ta_mbqm(-1, 1 << 30, 0) == 0);   // -0.5 -> 0
  CHECK(rt::ta_mbqm(3, 1 << 30, 0) == 2);    // 1.5 -> 2
  CHECK(rt::ta_mbqm(-3, 1 << 30, 0) == -1);  // -1.5 -> -1
  CHECK(rt::ta_mbqm(2, 1 << 30, -1) == 1);    // 0.5 -> 1
  CHECK(rt::ta_mbqm(-2, 1 << 30, -1) == 0);   // -0.5 -> 0
  CHECK(rt::ta_mbqm(-6, 1 << 30, -1) == -1);  // -1.5 -> -1
  CHECK(rt::ta_mbqm(5, 1 << 30, -1) == 1);    // 1.25 -> 1
  CHECK(rt::ta_mbqm(-7, 1 << 30, -1) == -2);  // -1.75 -> -2
  CHECK(rt::ta_mbqm(-5, 3 << 29, 0) == -4);   // -3.75 -> -4
  // One rounding, not two: 37 * 4/9 = 16.44 -> 16 (a rounding doubling high
  // multiply followed by a rounding shift gives 17 here).
  auto m = quantizeMultiplier(4.0 / 9.0);
  REQUIRE(m);
  CHECK(rt::ta_mbqm(37, m->mult, m->shift) == 16);
  // M >= 1 and saturation.
  CHECK(rt::ta_mbqm(3, 1 << 30, 2) == 6);  // M = 2
  CHECK(rt::ta_mbqm(INT32_MAX / 2, 1 << 30, 5) == INT32_MAX);  // 2^34-ish saturates
  CHECK(rt::ta_mbqm(INT32_MIN, 1 << 30, 5) == INT32_MIN);
}

TEST_CASE("requantization is within half an LSB of the real product", "[quant]") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int32_t> xs(-(1 << 24), 1 << 24);
  std::uniform_real_distribution<double> es(-24.0, 4.0);
  int notNearest = 0;
  for (int i = 0; i < 20000; ++i) {
    const double real = std::pow(2.0, es(rng));
    const int32_t x = xs(rng);
    auto m = quantizeMultiplier(real);
    REQUIRE(m);
    const double exact = double(x) * real;
    const int32_t got = rt::ta_mbqm(x, m->mult, m->shift);
    // One rounding to nearest; the multiplier itself is within 2^-31.
    INFO("x " << x << " real " << real << " got " << got << " exact " << exact);
    const double err = std::abs(exact) * std::pow(2.0, -31) + 1e-9;
    CHECK(std::abs(double(got) - exact) <= 0.5 + err);
    // Farther from a tie than the multiplier's error, it is the nearest integer.
    if (std::abs(exact - std::floor(exact) - 0.5) > err) notNearest += double(got) != std::floor(exact + 0.5);
  }
  CHECK(notNearest == 0);
}

TEST_CASE("the output stage saturates at the type's limits and the clamp", "[quant]") {
  const int32_t m = 1 << 30, s = 1;  // M = 1
  CHECK(rt::ta_qout<int8_t>::make(1000, m, s, 0, -128, 127) == 127);
  CHECK(rt::ta_qout<int8_t>::make(-1000, m, s, 0, -128, 127) == -128);
  CHECK(rt::ta_qout<int8_t>::make(120, m, s, 10, -128, 127) == 127);     // 130 saturates
  CHECK(rt::ta_qout<int8_t>::make(-120, m, s, -10, -128, 127) == -128);  // -130 saturates
  CHECK(rt::ta_qout<int8_t>::make(5, m, s, -3, -128, 127) == 2);
  CHECK(rt::ta_qout<int8_t>::make(-50, m, s, -3, -3, 127) == -3);  // fused Relu: zero point
  CHECK(rt::ta_qout<uint8_t>::make(300, m, s, 0, 0, 255) == 255);
  CHECK(rt::ta_qout<uint8_t>::make(-1, m, s, 0, 0, 255) == 0);
  CHECK(rt::ta_qout<int32_t>::make(123456789, 0, 0, 0, 0, 0) == 123456789);  // raw accumulator
  CHECK(rt::ta_qout<int8_t>::make(INT32_MAX, m, s, 100, -128, 127) == 127);  // no overflow adding the zero point
}

TEST_CASE("QuantizeLinear kernel: round half to even, saturation, per axis", "[quant]") {
  const float x[8] = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 1000.0f, -1000.0f};
  const float s = 1.0f;
  const int32_t z = 0;
  int8_t q[8];
  rt::ta_quantize_f32<int8_t>(x, q, 1, 1, 8, &s, &z, -128, 127);
  const int8_t want[8] = {0, 2, 2, 0, -2, -2, 127, -128};
  for (int i = 0; i < 8; ++i) CHECK(int(q[i]) == int(want[i]));
  // uint8 with a zero point: 3 / 2 = 1.5 -> 2, + 128.
  const float x2[4] = {3.0f, -254.0f, 1000.0f, -1000.0f};
  const float s2 = 2.0f;
  const int32_t z2 = 128;
  uint8_t u[4];
  rt::ta_quantize_f32<uint8_t>(x2, u, 1, 1, 4, &s2, &z2, 0, 255);
  CHECK(int(u[0]) == 130);
  CHECK(int(u[1]) == 1);
  CHECK(int(u[2]) == 255);
  CHECK(int(u[3]) == 0);
  // Per axis [outer 1, axis 2, inner 2].
  const float x3[4] = {1.0f, 2.0f, 1.0f, 2.0f};
  const float s3[2] = {1.0f, 0.5f};
  const int32_t z3[2] = {0, 10};
  int8_t q3[4];
  rt::ta_quantize_f32<int8_t>(x3, q3, 1, 2, 2, s3, z3, -128, 127);
  CHECK(int(q3[0]) == 1);
  CHECK(int(q3[1]) == 2);
  CHECK(int(q3[2]) == 12);
  CHECK(int(q3[3]) == 14);
  // DequantizeLinear back.
  float back[4];
  rt::ta_dequantize_f32<int8_t>(q3, back, 1, 2, 2, s3, z3);
  CHECK(back[2] == 1.0f);
  CHECK(back[3] == 2.0f);
}
