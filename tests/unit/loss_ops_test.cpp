// The GatherElements and loss kernels (runtime-stub/loss.h) on cases the
// ONNX backend tests do not reach: run-time indices and targets outside the
// valid range (clamped / skipped, never read out of bounds), ignore_index
// with weights, int32 and int64 index types. Expected values are worked out
// by hand from the ONNX spec formulas in the comments.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "tinyaot_rt.h"

namespace rt = tinyaot_rt;

TEST_CASE("ta_gather_elements: negative indices count from the end, out-of-range ones are clamped", "[loss]") {
  const float data[6] = {1, 2, 3, 4, 5, 6};  // [[1,2,3],[4,5,6]]
  const int32_t strides[2] = {3, 1};
  {
    const int32_t dims[2] = {2, 2};
    const int64_t idx[4] = {-1, 0, 1, 7};  // axis 1: 7 clamps to 2
    float out[4] = {0, 0, 0, 0};
    rt::ta_gather_elements<float, int64_t>(data, idx, out, 2, dims, strides, 1, 3, 4);
    CHECK(std::vector<float>(out, out + 4) == std::vector<float>{3, 1, 5, 6});
  }
  {
    const int32_t dims[2] = {1, 3};
    const int32_t idx[3] = {1, 0, std::numeric_limits<int32_t>::min()};  // axis 0: the last clamps to 0
    float out[3] = {0, 0, 0};
    rt::ta_gather_elements<float, int32_t>(data, idx, out, 2, dims, strides, 0, 2, 3);
    CHECK(std::vector<float>(out, out + 3) == std::vector<float>{4, 2, 3});
  }
}

TEST_CASE("ta_nll_loss: reductions, weights and ignore_index follow the ONNX formulas", "[loss]") {
  const float in[6] = {-1, -2, -3, -4, -5, -6};  // [N=2, C=3]
  const float w[3] = {1, 2, 4};
  const int64_t t[2] = {2, 1};
  float none[2] = {0, 0}, sum = 0, mean = 0;
  rt::ta_nll_loss<float, int64_t>(in, t, w, none, 2, 3, 1, 0, 0, 0);
  CHECK(std::vector<float>(none, none + 2) == std::vector<float>{12, 10});  // -in[n, t] * w[t]
  rt::ta_nll_loss<float, int64_t>(in, t, w, &sum, 2, 3, 1, 0, 0, 1);
  CHECK(sum == 22);
  rt::ta_nll_loss<float, int64_t>(in, t, w, &mean, 2, 3, 1, 0, 0, 2);
  CHECK(mean == Approx(22.0 / 6.0));  // divided by w[2] + w[1]
  // ignore_index = 1: the second target counts neither in the sum nor in the weights.
  rt::ta_nll_loss<float, int64_t>(in, t, w, &mean, 2, 3, 1, 1, 1, 2);
  CHECK(mean == Approx(3.0));
  // Without weights, mean divides by the number of targets counted.
  rt::ta_nll_loss<float, int64_t>(in, t, nullptr, &mean, 2, 3, 1, 1, 1, 2);
  CHECK(mean == Approx(3.0));
}

TEST_CASE("ta_nll_loss: targets outside 0..C-1 contribute nothing", "[loss]") {
  const double in[6] = {-1, -2, -3, -4, -5, -6};
  const int64_t bad[2] = {3, -1};
  double none[2] = {7, 7};
  rt::ta_nll_loss<double, int64_t>(in, bad, nullptr, none, 2, 3, 1, 0, 0, 0);
  CHECK(none[0] == 0);
  CHECK(none[1] == 0);
  const int64_t mixed[2] = {0, std::numeric_limits<int64_t>::max()};
  double mean = 0;
  rt::ta_nll_loss<double, int64_t>(in, mixed, nullptr, &mean, 2, 3, 1, 0, 0, 2);
  CHECK(mean == 1.0);
  const int32_t mixed32[2] = {std::numeric_limits<int32_t>::min(), 1};
  rt::ta_nll_loss<double, int32_t>(in, mixed32, nullptr, &mean, 2, 3, 1, 0, 0, 2);
  CHECK(mean == 5.0);
}

TEST_CASE("ta_softmax_xent_f32: log-softmax over axis 1, then the NLL loss", "[loss]") {
  // scores [N=1, C=2, d=2]: column 0 is uniform (log p = -ln 2), column 1 has
  // log p = [-ln(1 + e), 1 - ln(1 + e)].
  const float x[4] = {0, 0, 0, 1};
  const int32_t t[2] = {1, 0};
  float lp[4], loss = 0;
  rt::ta_softmax_xent_f32<int32_t>(x, t, nullptr, &loss, lp, 1, 2, 2, 0, 0, 1);
  const double l2 = std::log(2.0), l1e = std::log(1.0 + std::exp(1.0));
  CHECK(lp[0] == Approx(-l2));
  CHECK(lp[1] == Approx(-l1e));
  CHECK(lp[3] == Approx(1.0 - l1e));
  CHECK(loss == Approx(l2 + l1e));  // -lp[1][0] - lp[0][1]
}
