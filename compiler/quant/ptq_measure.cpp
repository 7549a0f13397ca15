// quantizeGraph(): calibrate, quantize, validate, and (for the report)
// measure each int8 tensor against the float model on the calibration data.
#include <cmath>
#include <set>

#include "quant/ptq_internal.h"

namespace tinyaot {

namespace {

struct Acc {
  double signal = 0, noise = 0, maxAbs = 0;
  void add(const Tensor& q, const Tensor& f) {
    const size_t n = size_t(f.type.elements());
    if (size_t(q.type.elements()) != n) return;
    const float* fv = f.as<float>();
    if (q.type.dtype == DType::I8 && q.type.quant) {
      const float s = q.type.quant->scale[0];
      const int32_t zp = q.type.quant->zeroPoint.empty() ? 0 : q.type.quant->zeroPoint[0];
      const int8_t* qv = q.as<int8_t>();
      for (size_t i = 0; i < n; ++i) push(fv[i], dequantizeValue(qv[i], s, zp));
    } else if (q.type.dtype == DType::F32) {
      const float* qv = q.as<float>();
      for (size_t i = 0; i < n; ++i) push(fv[i], qv[i]);
    }
  }
  void push(double f, double q) {
    signal += f * f;
    noise += (f - q) * (f - q);
    maxAbs = std::max(maxAbs, std::fabs(f - q));
  }
};

Tensor quantizeTensor(const Tensor& f, const TensorType& t) {
  Tensor q(t);
  const float s = t.quant->scale[0];
  const int32_t zp = t.quant->zeroPoint[0];
  for (int64_t i = 0; i < t.elements(); ++i) q.as<int8_t>()[i] = quantizeValue(f.as<float>()[i], s, zp);
  return q;
}

}  // namespace

Status measureSqnr(const Graph& floatGraph, const Graph& quantGraph, const std::vector<Sample>& samples,
                   const QuantizeOptions& opts, PtqResult& r) {
  std::set<std::string> needed;
  for (auto& [q, f] : r.origin) needed.insert(f);
  std::map<std::string, Acc> acc;
  std::vector<Acc> outAcc(quantGraph.outputs().size());
  Evaluator fe(floatGraph), qe(quantGraph);
  int done = 0;
  for (const Sample& sample : samples) {
    std::map<std::string, Tensor> fv;
    for (size_t i = 0; i < sample.size() && i < floatGraph.inputs().size(); ++i)
      if (needed.count(floatGraph.inputs()[i]->name())) fv[floatGraph.inputs()[i]->name()] = sample[i];
    auto fout = fe.run(sample, [&](const Node&, const Value& v, const Tensor& t) {
      if (needed.count(v.name())) fv[v.name()] = t;
    });
    if (!fout) return fout.status();
    Sample qin;
    for (size_t i = 0; i < sample.size(); ++i) {
      const TensorType& t = quantGraph.inputs()[i]->type();
      qin.push_back(t.dtype == DType::I8 ? quantizeTensor(sample[i], t) : sample[i]);
    }
    auto compare = [&](const Value& v, const Tensor& t) {
      if (v.dtype() != DType::I8 || !v.type().quant || v.type().quant->perChannel()) return;
      auto o = r.origin.find(v.name());
      if (o == r.origin.end()) return;
      auto f = fv.find(o->second);
      if (f != fv.end()) acc[v.name()].add(t, f->second);
    };
    for (size_t i = 0; i < qin.size(); ++i) compare(*quantGraph.inputs()[i], qin[i]);
    auto qout = qe.run(qin, [&](const Node&, const Value& v, const Tensor& t) { compare(v, t); });
    if (!qout) return qout.status();
    for (size_t i = 0; i < qout->size() && i < fout->size(); ++i) outAcc[i].add((*qout)[i], (*fout)[i]);
    if (opts.progress) opts.progress("measuring SQNR", ++done, int(samples.size()));
  }
  for (QuantTensorEntry& e : r.report.tensors)
    if (auto it = acc.find(e.name); it != acc.end()) e.sqnrDb = sqnrDb(it->second.signal, it->second.noise);
  r.report.outputs.clear();
  for (size_t i = 0; i < outAcc.size(); ++i) {
    OutputEntry e;
    e.name = i < quantGraph.outputNames.size() ? quantGraph.outputNames[i] : quantGraph.outputs()[i]->name();
    e.sqnrDb = sqnrDb(outAcc[i].signal, outAcc[i].noise);
    e.maxAbsError = outAcc[i].maxAbs;
    r.report.outputs.push_back(e);
  }
  r.report.sqnrComputed = true;
  return Status::ok();
}

Expected<QuantReport> quantizeGraphWithSamples(Graph& g, const std::vector<Sample>& samples,
                                               const QuantizeOptions& opts) {
  if (samples.empty()) return errorf("no calibration samples");
  const bool histograms = opts.method != CalibrationMethod::MinMax;
  auto stats = collectStats(g, samples, histograms, opts.progress);
  if (!stats) return stats.status();
  std::unique_ptr<Graph> floatGraph = opts.measureSqnr ? g.clone() : nullptr;
  auto r = quantizeWithStats(g, *stats, opts);
  if (!r) return r.status();
  r->report.model = g.sourceFile;
  r->report.samples = int(samples.size());
  TA_TRY(validateQuantized(g));
  if (opts.measureSqnr) TA_TRY(measureSqnr(*floatGraph, g, samples, opts, *r));
  return r->report;
}

Expected<QuantReport> quantizeGraph(Graph& g, const QuantizeOptions& opts) {
  auto samples = loadCalibrationData(g, opts.calibration);
  if (!samples) return samples.status();
  return quantizeGraphWithSamples(g, *samples, opts);
}

}  // namespace tinyaot
