// Calibration for post-training quantization: loading calibration samples,
// running the float graph over them on the host evaluator, collecting
// per-tensor statistics, and turning statistics into int8 quantization
// parameters.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "eval/evaluator.h"
#include "ir/graph.h"

namespace tinyaot {

enum class CalibrationMethod { MinMax, Percentile, Mse };
std::optional<CalibrationMethod> parseCalibrationMethod(std::string_view s);
const char* calibrationMethodName(CalibrationMethod m);

// One model input per tensor, in graph-input order.
using Sample = std::vector<Tensor>;

// Loads calibration samples for the graph's inputs. `specs` is what
// --calibration was given:
//   - one FILE.npy whose first axis indexes samples: shape [N, *input_shape],
//     or [N, *input_shape[1:]] when the input's batch dimension is 1;
//   - NAME=FILE.npy for each graph input (same N in every file);
//   - one directory of test_data_set_*/input_<i>.pb folders (or one such
//     folder), one sample per folder.
// float64 data is converted to float32. Only float32 inputs can be calibrated.
Expected<std::vector<Sample>> loadCalibrationData(const Graph& g, const std::vector<std::string>& specs);

// A histogram of one tensor's values over [lo, hi], `bins` equal bins.
struct Histogram {
  double lo = 0, hi = 0;
  std::vector<double> counts;
  void reset(double lo, double hi, size_t bins);
  void add(const float* x, size_t n);
  double width() const { return counts.empty() ? 0.0 : (hi - lo) / double(counts.size()); }
  double total() const;
};

struct TensorStats {
  double min = 0, max = 0;  // over every element of every sample
  int64_t count = 0;        // elements seen
  int64_t zeros = 0;        // elements exactly 0.0 (always representable)
  Histogram hist;           // over [min, max]; empty unless histograms were collected
  void add(const float* x, size_t n);
};

// Statistics per float tensor (graph inputs and node outputs), by value name.
using StatsMap = std::map<std::string, TensorStats>;

// Called after each evaluated sample: (phase, done, total), phase e.g.
// "calibrating".
using ProgressFn = std::function<void(const char*, int, int)>;

// Runs `g` (float) on every sample and collects min/max of every float value;
// with `histograms`, a second run over the samples fills a `bins`-bin
// histogram per value over its [min, max]. Fused activation clamps are already
// applied by the evaluator, so ranges are those after the clamp.
Expected<StatsMap> collectStats(const Graph& g, const std::vector<Sample>& samples, bool histograms,
                                const ProgressFn& progress = {}, size_t bins = 2048);

struct Range {
  double lo = 0, hi = 0;
};

// The clipping range for a tensor: MinMax = [min, max]; Percentile = the
// (100-p)th and p-th percentiles of the histogram; Mse = the range minimizing
// the expected squared quantization error (clipping error of the values
// outside plus step^2/12 for the values inside) over the histogram. Always
// widened to include 0.
Range chooseRange(const TensorStats& s, CalibrationMethod m, double percentile = 99.99);

// Asymmetric per-tensor int8 parameters for a range (widened to include 0):
// scale = (hi - lo) / 255, zero point = round(-128 - lo / scale), clamped to
// [-128, 127], so that 0.0 is exactly representable.
QuantParams activationQuant(Range r);

// Symmetric int8 weight scales, max|w| / 127, per slice along `axis` (one per
// channel), or a single scale with `perTensor`. An all-zero slice gets 1.
std::vector<float> symmetricScales(const std::vector<float>& w, const Shape& shape, int axis, bool perTensor);

// Quantizes `w` with symmetric per-axis scales to int8 in [-127, 127].
std::vector<int8_t> quantizeSymmetric(const std::vector<float>& w, const Shape& shape, int axis,
                                      const std::vector<float>& scales);

}  // namespace tinyaot
