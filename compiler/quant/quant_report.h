// What post-training quantization did, for the compile summary and the
// --quant-report file (text, or JSON when the file name ends in .json).
#pragma once
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "support/diagnostics.h"

namespace tinyaot {

struct QuantTensorEntry {
  std::string name;      // the int8 tensor
  std::string source;    // the float model's tensor it stands for
  std::string producer;  // node name ("" for a graph input)
  std::string op;        // producer's op type ("input" for a graph input)
  float scale = 0;
  int32_t zeroPoint = 0;
  double rangeLo = 0, rangeHi = 0;  // calibrated float range it represents
  // SQNR of the dequantized int8 tensor against the float model's tensor over
  // the calibration data, in dB; NaN when not computed.
  double sqnrDb = std::numeric_limits<double>::quiet_NaN();
};

struct FloatNodeEntry {
  std::string name, op, reason;
};

struct OutputEntry {
  std::string name;
  double sqnrDb = std::numeric_limits<double>::quiet_NaN();
  double maxAbsError = std::numeric_limits<double>::quiet_NaN();
};

struct QuantReport {
  std::string model;
  std::string method;       // minmax, percentile, mse
  bool perTensorWeights = false;
  std::string io;           // float or int8
  int samples = 0;
  int quantizedNodes = 0, totalNodes = 0;
  int boundaryNodes = 0;    // QuantizeLinear / DequantizeLinear inserted
  bool sqnrComputed = false;
  std::vector<QuantTensorEntry> tensors;
  std::vector<FloatNodeEntry> floatNodes;
  std::vector<OutputEntry> outputs;  // model outputs: quantized vs float model
};

// A few lines for stdout (compile -v): counts, float nodes, output SQNR.
std::string formatQuantSummary(const QuantReport& r);
// One line per node that stays float ("" when none).
std::string formatFloatNodes(const QuantReport& r);
// "int8 SQNR 39.91 dB (output vs the float model, 32 samples; 13 of 13 nodes
// int8)", one figure per output.
std::string formatOutputSqnr(const QuantReport& r);

// Below this SQNR (dB) in any int8 tensor, `compile` warns.
constexpr double kLowSqnrDb = 20.0;
// When some int8 tensor's SQNR vs the float model is below `thresholdDb`:
// where it first drops below, the worst tensor, the outputs' SQNR, and what
// to try given the options used (lines ending in a newline). Else nothing.
std::optional<std::string> lowSqnrAdvice(const QuantReport& r, double thresholdDb);
std::string formatQuantReportText(const QuantReport& r);
std::string formatQuantReportJson(const QuantReport& r);
// Writes the report, as JSON when `path` ends in .json, else as text.
Status writeQuantReport(const QuantReport& r, const std::string& path);

// 10*log10(signal / noise): +inf when the noise is zero (exact), -inf when
// there is noise but no signal.
double sqnrDb(double signalPower, double noisePower);

}  // namespace tinyaot
