#include "quant/quant_report.h"

#include <fstream>

#include <fmt/format.h>

#include "support/json.h"

namespace tinyaot {

double sqnrDb(double signal, double noise) {
  if (noise <= 0) return std::numeric_limits<double>::infinity();
  if (signal <= 0) return -std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal / noise);
}

namespace {

std::string dbText(double v) {
  if (std::isnan(v)) return "-";
  if (std::isinf(v)) return v > 0 ? "exact" : "no signal";
  return fmt::format("{:.2f}", v);
}

std::string jsonNumber(double v, const char* f = "{:.6g}") {
  if (!std::isfinite(v)) return "null";
  return fmt::format(fmt::runtime(f), v);
}

std::string settings(const QuantReport& r) {
  return fmt::format("{} samples, {} calibration, {} weights, {} I/O", r.samples, r.method,
                     r.perTensorWeights ? "per-tensor" : "per-channel", r.io);
}

}  // namespace

std::string formatQuantSummary(const QuantReport& r) {
  std::string s = fmt::format("tinyaot: int8: {} of {} nodes quantized ({}); {} boundary nodes inserted\n",
                              r.quantizedNodes, r.totalNodes, settings(r), r.boundaryNodes);
  for (const FloatNodeEntry& f : r.floatNodes)
    s += fmt::format("  stays float: '{}' ({}): {}\n", f.name, f.op, f.reason);
  for (const OutputEntry& o : r.outputs)
    s += fmt::format("  output '{}': SQNR {} dB, max abs error {:.4g} vs the float model on the calibration data\n",
                     o.name, dbText(o.sqnrDb), o.maxAbsError);
  return s;
}

std::string formatQuantReportText(const QuantReport& r) {
  std::string s = fmt::format("TinyAOT int8 quantization report: {}\n", r.model);
  s += fmt::format("calibration: {}\n", settings(r));
  s += fmt::format("nodes: {} of {} quantized to int8; {} boundary nodes (QuantizeLinear, DequantizeLinear) "
                   "inserted\n",
                   r.quantizedNodes, r.totalNodes, r.boundaryNodes);
  if (r.sqnrComputed) {
    s += "\nmodel outputs, quantized vs float model over the calibration data:\n";
    for (const OutputEntry& o : r.outputs)
      s += fmt::format("  {:<32} SQNR {:>9} dB   max abs error {:.6g}\n", o.name, dbText(o.sqnrDb), o.maxAbsError);
  }
  s += "\nint8 tensors (real = scale * (q - zero_point)):\n";
  s += fmt::format("  {:<36} {:<18} {:>13} {:>6} {:>25} {:>9}\n", "tensor", "op", "scale", "zp", "range", "SQNR dB");
  for (const QuantTensorEntry& t : r.tensors)
    s += fmt::format("  {:<36} {:<18} {:>13.6g} {:>6} {:>25} {:>9}\n", t.name, t.op, t.scale, t.zeroPoint,
                     fmt::format("[{:.4g}, {:.4g}]", t.rangeLo, t.rangeHi), r.sqnrComputed ? dbText(t.sqnrDb) : "-");
  s += "\nnodes that stay float:\n";
  if (r.floatNodes.empty()) s += "  (none)\n";
  for (const FloatNodeEntry& f : r.floatNodes) s += fmt::format("  '{}' ({}): {}\n", f.name, f.op, f.reason);
  return s;
}

std::string formatQuantReportJson(const QuantReport& r) {
  std::string s = "{\n";
  s += fmt::format("  \"model\": {},\n", jsonString(r.model));
  s += fmt::format("  \"calibration\": {{\"samples\": {}, \"method\": {}, \"weights\": {}, \"io\": {}}},\n", r.samples,
                   jsonString(r.method), jsonString(r.perTensorWeights ? "per-tensor" : "per-channel"),
                   jsonString(r.io));
  s += fmt::format("  \"nodes\": {{\"total\": {}, \"int8\": {}, \"boundary_inserted\": {}}},\n", r.totalNodes,
                   r.quantizedNodes, r.boundaryNodes);
  s += fmt::format("  \"sqnr_computed\": {},\n", r.sqnrComputed ? "true" : "false");
  s += "  \"outputs\": [";
  for (size_t i = 0; i < r.outputs.size(); ++i) {
    const OutputEntry& o = r.outputs[i];
    s += fmt::format("{}\n    {{\"name\": {}, \"sqnr_db\": {}, \"exact\": {}, \"max_abs_error\": {}}}", i ? "," : "",
                     jsonString(o.name), jsonNumber(o.sqnrDb, "{:.4f}"),
                     std::isinf(o.sqnrDb) && o.sqnrDb > 0 ? "true" : "false", jsonNumber(o.maxAbsError));
  }
  s += r.outputs.empty() ? "],\n" : "\n  ],\n";
  s += "  \"tensors\": [";
  for (size_t i = 0; i < r.tensors.size(); ++i) {
    const QuantTensorEntry& t = r.tensors[i];
    s += fmt::format(
        "{}\n    {{\"name\": {}, \"float_tensor\": {}, \"producer\": {}, \"op\": {}, \"scale\": {}, "
        "\"zero_point\": {}, \"range\": [{}, {}], \"sqnr_db\": {}}}",
        i ? "," : "", jsonString(t.name), jsonString(t.source), jsonString(t.producer), jsonString(t.op),
        jsonNumber(t.scale, "{:.9g}"),
        t.zeroPoint, jsonNumber(t.rangeLo), jsonNumber(t.rangeHi), jsonNumber(t.sqnrDb, "{:.4f}"));
  }
  s += r.tensors.empty() ? "],\n" : "\n  ],\n";
  s += "  \"float_nodes\": [";
  for (size_t i = 0; i < r.floatNodes.size(); ++i) {
    const FloatNodeEntry& f = r.floatNodes[i];
    s += fmt::format("{}\n    {{\"name\": {}, \"op\": {}, \"reason\": {}}}", i ? "," : "", jsonString(f.name),
                     jsonString(f.op), jsonString(f.reason));
  }
  s += r.floatNodes.empty() ? "]\n" : "\n  ]\n";
  s += "}\n";
  return s;
}

Status writeQuantReport(const QuantReport& r, const std::string& path) {
  const bool json = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  if (!f) return errorf("cannot write the quantization report '{}'", path);
  f << (json ? formatQuantReportJson(r) : formatQuantReportText(r));
  f.close();
  if (!f) return errorf("cannot write the quantization report '{}'", path);
  return Status::ok();
}

}  // namespace tinyaot
