// The misc kernels (runtime-stub/misc.h) on run-time data the ONNX backend
// and ONNX Runtime variant tests do not reach: NaNs in TopK (never ranked,
// indices stay in bounds), OneHot indices far outside [-depth, depth) and
// float indices, Hardmax ties, and the even LRN window of the ONNX spec
// (ONNX Runtime refuses even sizes). Expected values are worked out by hand
// from the spec formulas in the comments.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "tinyaot_rt.h"

namespace rt = tinyaot_rt;

TEST_CASE("ta_topk: NaNs are never ranked and indices stay in bounds", "[misc]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float x[4] = {nan, 2, nan, 5};
  float v[3] = {0, 0, 0};
  int64_t i[3] = {-7, -7, -7};
  rt::ta_topk<float>(x, v, i, 1, 4, 1, 3, 1);
  CHECK(v[0] == 5);
  CHECK(i[0] == 3);
  CHECK(v[1] == 2);
  CHECK(i[1] == 1);
  for (int64_t k : i) CHECK((k >= 0 && k < 4));
  const float all_nan[2] = {nan, nan};
  rt::ta_topk<float>(all_nan, v, i, 1, 2, 1, 2, 0);
  CHECK((i[0] >= 0 && i[0] < 2 && i[1] >= 0 && i[1] < 2));
}

TEST_CASE("ta_onehot: indices outside -depth..depth-1 give rows of the off value", "[misc]") {
  const int64_t idx[4] = {std::numeric_limits<int64_t>::min(), -3, -4, 2};  // depth 3: -3 means 0
  const int32_t values[2] = {-1, 9};
  int32_t out[12];
  rt::ta_onehot<int64_t, int32_t>(idx, values, out, 4, 3, 1);
  CHECK(std::vector<int32_t>(out, out + 12) == std::vector<int32_t>{-1, -1, -1, 9, -1, -1, -1, -1, -1, -1, -1, 9});
  const double fidx[2] = {1.9, -0.5};  // cast to integer: 1 and 0
  float fout[4];
  const float fvalues[2] = {0, 1};
  rt::ta_onehot<double, float>(fidx, fvalues, fout, 2, 2, 1);
  CHECK(std::vector<float>(fout, fout + 4) == std::vector<float>{0, 1, 1, 0});
}

TEST_CASE("ta_hardmax: ties pick the first maximum", "[misc]") {
  const float x[6] = {1, 3, 3, 2, 2, 0};  // [2, 3], axis 1
  float y[6];
  rt::ta_hardmax<float>(x, y, 2, 3, 1);
  CHECK(std::vector<float>(y, y + 6) == std::vector<float>{0, 1, 0, 1, 0, 0});
}

TEST_CASE("ta_lrn_f32: an even size spans floor((size-1)/2) channels before and ceil((size-1)/2) after", "[misc]") {
  // size 2: channel c sums channels c and c + 1; alpha/size = 0.5, beta 1, bias 1.
  const float x[3] = {1, 2, 3};  // [N=1, C=3, inner=1]
  float y[3];
  rt::ta_lrn_f32(x, y, 1, 3, 1, 0, 1, 0.5f, 1.0f, 1.0f);
  CHECK(y[0] == Approx(1.0 / (1 + 0.5 * (1 + 4))));
  CHECK(y[1] == Approx(2.0 / (1 + 0.5 * (4 + 9))));
  CHECK(y[2] == Approx(3.0 / (1 + 0.5 * 9)));
}

TEST_CASE("ta_onehot: non-finite float indices give rows of the off value", "[misc]") {
  const float idx[3] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(), -1e30f};
  const float values[2] = {0, 1};
  float out[6] = {7, 7, 7, 7, 7, 7};
  rt::ta_onehot<float, float>(idx, values, out, 3, 2, 1);
  CHECK(std::vector<float>(out, out + 6) == std::vector<float>{0, 0, 0, 0, 0, 0});
}
