// Post-training int8 quantization of a float graph (after the optimization
// passes, before lowering). See docs/quantization.md for the scheme:
//   - activations: asymmetric int8, per tensor, ranges from calibration;
//   - Conv/Gemm/MatMul weights: symmetric int8 (zero point 0), per output
//     channel (or per tensor), bias int32 at scale in_scale * w_scale[c];
//   - ops without an int8 form stay float between DequantizeLinear and
//     QuantizeLinear nodes;
//   - the model's inputs/outputs stay float (QuantizeLinear at entry,
//     DequantizeLinear at exit) or become int8 buffers (--io int8).
#pragma once
#include <string>
#include <vector>

#include "ir/graph.h"
#include "quant/calibration.h"
#include "quant/quant_report.h"

namespace tinyaot {

enum class QuantIO { Float, Int8 };

struct QuantizeOptions {
  bool enabled = false;                  // --quantize int8
  std::vector<std::string> calibration;  // --calibration values
  CalibrationMethod method = CalibrationMethod::MinMax;
  double percentile = 99.99;             // for CalibrationMethod::Percentile
  bool perTensorWeights = false;         // --per-tensor
  QuantIO io = QuantIO::Float;           // --io
  // Also run the quantized and the float graph over the calibration data and
  // record each int8 tensor's SQNR in the report (for --quant-report).
  bool measureSqnr = false;
  ProgressFn progress;                   // calibration progress (done, total samples)
};

// Quantizes `g` in place with calibration data loaded from opts.calibration.
Expected<QuantReport> quantizeGraph(Graph& g, const QuantizeOptions& opts);

// The same with samples already loaded (for tests).
Expected<QuantReport> quantizeGraphWithSamples(Graph& g, const std::vector<Sample>& samples,
                                               const QuantizeOptions& opts);

// Affine quantization helpers (round half away from zero, saturating).
int8_t quantizeValue(float x, float scale, int32_t zeroPoint);
float dequantizeValue(int8_t q, float scale, int32_t zeroPoint);

}  // namespace tinyaot
