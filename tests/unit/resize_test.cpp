// Resize geometry (compiler/ops/resize.h). Expected values come from the
// ONNX operator documentation (Resize examples) and the formulas of the
// ONNX specification, not from TinyAOT itself.
#include <catch2/catch.hpp>

#include "ops/resize.h"

using namespace tinyaot::resize;

namespace {

// Applies one axis' taps to a 1-D signal.
std::vector<double> apply(const AxisTaps& t, const std::vector<double>& data) {
  std::vector<double> out;
  const size_t n = t.idx.size() / size_t(t.taps);
  for (size_t j = 0; j < n; ++j) {
    double acc = 0;
    for (int k = 0; k < t.taps; ++k) {
      const size_t e = j * size_t(t.taps) + size_t(k);
      acc += (t.w.empty() ? 1.0 : double(t.w[e])) * data[size_t(t.idx[e])];
    }
    out.push_back(acc);
  }
  return out;
}

AxisSpec axis(int64_t in, int64_t out, double scale) { return AxisSpec{in, out, scale, 0.0, 1.0}; }

}  // namespace

TEST_CASE("coordinate transformation modes follow the ONNX formulas", "[resize]") {
  const AxisSpec a = axis(2, 4, 2.0);
  // half_pixel: (x + 0.5) / scale - 0.5
  CHECK(originalCoord(Coord::HalfPixel, a, 0) == Approx(-0.25));
  CHECK(originalCoord(Coord::HalfPixel, a, 3) == Approx(1.25));
  // asymmetric: x / scale
  CHECK(originalCoord(Coord::Asymmetric, a, 3) == Approx(1.5));
  // align_corners: x * (in - 1) / (out - 1)
  CHECK(originalCoord(Coord::AlignCorners, a, 1) == Approx(1.0 / 3.0));
  // tf_half_pixel_for_nearest: (x + 0.5) / scale
  CHECK(originalCoord(Coord::TfHalfPixelForNearest, a, 1) == Approx(0.75));
  // pytorch_half_pixel: like half_pixel, but 0 when the output has length 1
  CHECK(originalCoord(Coord::PytorchHalfPixel, a, 1) == Approx(0.25));
  CHECK(originalCoord(Coord::PytorchHalfPixel, axis(4, 1, 0.25), 0) == 0.0);
  // tf_crop_and_resize: start * (in - 1) + x * (end - start) * (in - 1) / (out - 1)
  AxisSpec crop{4, 3, 0.75, 0.4, 0.6};
  CHECK(originalCoord(Coord::TfCropAndResize, crop, 0) == Approx(1.2));
  CHECK(originalCoord(Coord::TfCropAndResize, crop, 2) == Approx(1.8));
  CHECK_FALSE(extrapolates(Coord::TfCropAndResize, crop, 1.8));
  CHECK(extrapolates(Coord::TfCropAndResize, crop, 3.2));
  CHECK_FALSE(extrapolates(Coord::HalfPixel, crop, 3.2));
}

TEST_CASE("linear taps reproduce the ONNX Resize examples", "[resize]") {
  Options o;
  o.mode = Mode::Linear;
  // upsample_scales_linear: [1, 2] -> [1, 1.25, 1.75, 2] (half_pixel).
  auto t = axisTaps(o, axis(2, 4, 2.0));
  CHECK(t.taps == 2);
  auto v = apply(t, {1, 2});
  CHECK(v[0] == Approx(1.0));
  CHECK(v[1] == Approx(1.25));
  CHECK(v[2] == Approx(1.75));
  CHECK(v[3] == Approx(2.0));
  // upsample_scales_linear_align_corners: [1, 2] -> [1, 1.3333, 1.6667, 2].
  o.coord = Coord::AlignCorners;
  v = apply(axisTaps(o, axis(2, 4, 2.0)), {1, 2});
  CHECK(v[1] == Approx(4.0 / 3.0));
  CHECK(v[2] == Approx(5.0 / 3.0));
  // downsample_scales_linear: [1, 2, 3, 4] at scale 0.6 -> 2 outputs at
  // half_pixel coordinates 0.3333 and 2: [1.6667, 3].
  o.coord = Coord::HalfPixel;
  v = apply(axisTaps(o, axis(4, 2, 0.6)), {1, 2, 3, 4});
  CHECK(v[0] == Approx(1.0 + (0.5 / 0.6 - 0.5)));
  CHECK(v[1] == Approx(1.0 + (1.5 / 0.6 - 0.5)));
}

TEST_CASE("nearest modes pick the ONNX example indices", "[resize]") {
  Options o;
  o.mode = Mode::Nearest;
  auto idx = [&](AxisSpec a) { return axisTaps(o, a).idx; };
  // upsample_sizes_nearest_round_prefer_ceil_asymmetric, one row of 4 -> 8.
  o.coord = Coord::Asymmetric;
  o.nearest = Nearest::RoundPreferCeil;
  CHECK(idx(axis(4, 8, 2.0)) == std::vector<int32_t>{0, 1, 1, 2, 2, 3, 3, 3});
  // upsample_sizes_nearest_floor_align_corners.
  o.coord = Coord::AlignCorners;
  o.nearest = Nearest::Floor;
  CHECK(idx(axis(4, 8, 2.0)) == std::vector<int32_t>{0, 0, 0, 1, 1, 2, 2, 3});
  // upsample_sizes_nearest_ceil_half_pixel.
  o.coord = Coord::HalfPixel;
  o.nearest = Nearest::Ceil;
  CHECK(idx(axis(4, 8, 2.0)) == std::vector<int32_t>{0, 1, 1, 2, 2, 3, 3, 3});
  // Default round_prefer_floor, half_pixel: x = 0.25 and 0.75 for 2 -> 4... a
  // tie at 0.5 goes down (x = 0.5 at asymmetric 1 / 2).
  o.nearest = Nearest::RoundPreferFloor;
  CHECK(idx(axis(2, 4, 2.0)) == std::vector<int32_t>{0, 0, 1, 1});
  o.coord = Coord::Asymmetric;
  CHECK(idx(axis(2, 4, 2.0)) == std::vector<int32_t>{0, 0, 1, 1});
  // upsample_scales_nearest (default half_pixel) with scale 3 on the last
  // axis: [0,0,0,1,1,1].
  o.coord = Coord::HalfPixel;
  CHECK(idx(axis(2, 6, 3.0)) == std::vector<int32_t>{0, 0, 0, 1, 1, 1});
}

TEST_CASE("cubic taps match Keys' kernel and the ONNX example", "[resize]") {
  Options o;
  o.mode = Mode::Cubic;
  auto t = axisTaps(o, axis(4, 8, 2.0));
  REQUIRE(t.taps == 4);
  // Weights sum to 1 at every output position.
  for (size_t j = 0; j < 8; ++j) {
    double s = 0;
    for (int k = 0; k < 4; ++k) s += t.w[j * 4 + size_t(k)];
    CHECK(s == Approx(1.0));
  }
  // upsample_scales_cubic on the 4x4 ramp 1..16 starts with 0.47265625. The
  // ramp is 4*row + col + 1 and the weights sum to 1, so the 1-D result on
  // [1, 2, 3, 4] at x = 0 is (0.47265625 + 4) / 5.
  auto v = apply(t, {1, 2, 3, 4});
  CHECK(v[0] == Approx((0.47265625 + 4) / 5));
  // exclude_outside renormalizes over the in-range taps only.
  o.excludeOutside = true;
  o.cubicA = -0.5;
  t = axisTaps(o, axis(4, 8, 2.0));
  for (int k = 0; k < 2; ++k) CHECK(t.w[size_t(k)] == 0.0f);  // taps -2 and -1 at x = -0.25
}

TEST_CASE("identity axes are recognised", "[resize]") {
  Options o;
  o.mode = Mode::Linear;
  CHECK(axisTaps(o, axis(3, 3, 1.0)).identity());
  o.coord = Coord::AlignCorners;
  CHECK(axisTaps(o, axis(3, 3, 1.0)).identity());
  o.mode = Mode::Nearest;
  CHECK_FALSE(axisTaps(o, axis(4, 2, 0.5)).identity());
}
