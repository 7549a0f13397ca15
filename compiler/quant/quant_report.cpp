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

std::string formatFloatNodes(const QuantReport& r) {
  std::string s;
  for (const FloatNodeEntry& f : r.floatNodes)
    s += fmt::format("  stays float: '{}' ({}): {}\n", f.name, f.op, f.reason);
  return s;
}

std::string formatOutputSqnr(const QuantReport& r) {
  std::vector<std::string> dbs;
  for (const OutputEntry& o : r.outputs) dbs.push_back(dbText(o.sqnrDb));
  if (!r.sqnrComputed || dbs.empty()) return fmt::format("int8 ({} of {} nodes)", r.quantizedNodes, r.totalNodes);
  return fmt::format("int8 SQNR {} dB ({} vs the float model, {} samples; {} of {} nodes int8)", fmt::join(dbs, ", "),
                     dbs.size() == 1 ? "output" : "outputs", r.samples, r.quantizedNodes, r.totalNodes);
}

std::optional<std::string> lowSqnrAdvice(const QuantReport& r, double thresholdDb) {
  if (!r.sqnrComputed) return std::nullopt;
  const QuantTensorEntry *first = nullptr, *worst = nullptr;
  for (const QuantTensorEntry& t : r.tensors) {
    if (std::isnan(t.sqnrDb) || t.sqnrDb >= thresholdDb) continue;
    if (!first) first = &t;
    if (!worst || t.sqnrDb < worst->sqnrDb) worst = &t;
  }
  if (!worst) return std::nullopt;
  auto where = [](const QuantTensorEntry& t) {
    return t.producer.empty() ? fmt::format("input '{}'", t.source)
                              : fmt::format("'{}' ({} '{}')", t.name, t.op, t.producer);
  };
  std::string s = fmt::format("int8: the SQNR vs the float model falls to {} dB at {}", dbText(worst->sqnrDb),
                              where(*worst));
  if (first != worst)
    s += fmt::format("; it first drops below {:g} dB at {} ({} dB)", thresholdDb, where(*first), dbText(first->sqnrDb));
  else
    s += fmt::format(", below {:g} dB", thresholdDb);
  std::vector<std::string> outs;
  for (const OutputEntry& o : r.outputs) outs.push_back(fmt::format("'{}' {} dB", o.name, dbText(o.sqnrDb)));
  s += fmt::format(". Outputs: {}, over {} calibration samples.\n", fmt::join(outs, ", "), r.samples);
  std::vector<std::string> tries;
  if (r.method == "minmax")
    tries.push_back("--calibration-method percentile or mse: ranges that clip rare outliers get finer steps");
  else
    tries.push_back(fmt::format("--calibration-method {}: another way to choose the ranges",
                                r.method == "mse" ? "percentile or minmax" : "mse or minmax"));
  if (r.perTensorWeights) tries.push_back("drop --per-tensor: one weight scale per output channel");
  tries.push_back(r.samples < 200 ? fmt::format("more calibration samples ({} now) that look like the data the model "
                                                "will see",
                                                r.samples)
                                  : std::string("calibration samples that look like the data the model will see"));
  tries.push_back("if none helps: quantization-aware training, or keep the model float");
  s += "  try: " + fmt::format("{}", fmt::join(tries, ";\n       ")) + ".\n";
  s += "  --quant-report FILE lists every int8 tensor's range and SQNR (docs/quantization.md explains them).\n";
  return s;
}

std::string formatQuantSummary(const QuantReport& r) {
  std::string s = fmt::format("tinyaot: int8: {} of {} nodes quantized ({}); {} boundary nodes inserted\n",
                              r.quantizedNodes, r.totalNodes, settings(r), r.boundaryNodes);
  s += formatFloatNodes(r);
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
