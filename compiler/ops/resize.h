// Resize geometry, computed at compile time: for every output coordinate of
// a resized axis, the source indices and weights (nearest: 1 tap, linear: 2,
// cubic: 4). Shared by compiler/ops/resize.cpp and its unit tests.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tinyaot::resize {

enum class Coord { HalfPixel, PytorchHalfPixel, AlignCorners, Asymmetric, TfHalfPixelForNearest, TfCropAndResize,
                   HalfPixelSymmetric };
enum class Nearest { RoundPreferFloor, RoundPreferCeil, Floor, Ceil };
enum class Mode { Nearest, Linear, Cubic };

std::optional<Coord> parseCoord(const std::string& s);
std::optional<Nearest> parseNearest(const std::string& s);
std::optional<Mode> parseMode(const std::string& s);

struct AxisSpec {
  int64_t inLen = 1, outLen = 1;
  double scale = 1.0;                    // the scale used in the coordinate transform
  double roiStart = 0.0, roiEnd = 1.0;   // tf_crop_and_resize only
  // align_corners' resized length: the output length, or in * scale (not
  // floored) when the scales input gave it, as ONNX's reference does.
  double alignLen = 0.0;
};

// The input coordinate of output coordinate x (ONNX Resize's
// coordinate_transformation_mode).
double originalCoord(Coord c, const AxisSpec& a, int64_t x);

// True when the coordinate falls outside the input and tf_crop_and_resize
// asks for extrapolation_value there.
bool extrapolates(Coord c, const AxisSpec& a, double xo);

struct AxisTaps {
  int taps = 1;
  int64_t inLen = 0;
  std::vector<int32_t> idx;  // outLen * taps source indices; idx[j*taps] == -1: extrapolate
  std::vector<float> w;      // outLen * taps weights (empty for nearest)
  bool identity() const;     // out == in and every output copies its own index
};

struct Options {
  Mode mode = Mode::Nearest;
  Coord coord = Coord::HalfPixel;
  Nearest nearest = Nearest::RoundPreferFloor;
  double cubicA = -0.75;
  bool excludeOutside = false;
};

AxisTaps axisTaps(const Options& o, const AxisSpec& a);

}  // namespace tinyaot::resize
