#include "quant/calibration.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

#include "frontend/tensor_proto.h"
#include "quant/npy.h"

namespace tinyaot {

namespace fs = std::filesystem;

std::optional<CalibrationMethod> parseCalibrationMethod(std::string_view s) {
  if (s == "minmax") return CalibrationMethod::MinMax;
  if (s == "percentile") return CalibrationMethod::Percentile;
  if (s == "mse") return CalibrationMethod::Mse;
  return std::nullopt;
}

const char* calibrationMethodName(CalibrationMethod m) {
  switch (m) {
    case CalibrationMethod::MinMax: return "minmax";
    case CalibrationMethod::Percentile: return "percentile";
    case CalibrationMethod::Mse: return "mse";
  }
  return "minmax";
}

// ---------------------------------------------------------------------------
// Loading samples

namespace {

std::string inputName(const Graph& g, size_t i) {
  return i < g.inputNames.size() ? g.inputNames[i] : g.inputs()[i]->name();
}

// Splits an .npy array into per-sample tensors for graph input `in`.
Expected<std::vector<Tensor>> splitSamples(const NpyArray& a, const Value* in, const std::string& name,
                                           const std::string& file) {
  const Shape& s = in->shape();
  const Shape& as = a.shape;
  int64_t n = -1;
  if (as.size() == s.size() + 1 && Shape(as.begin() + 1, as.end()) == s) n = as[0];
  else if (!s.empty() && s[0] == 1 && as.size() == s.size() && Shape(as.begin() + 1, as.end()) == Shape(s.begin() + 1, s.end()))
    n = as[0];
  if (n < 0) {
    std::string alt = !s.empty() && s[0] == 1
                          ? fmt::format(" or [N,{}]", fmt::join(Shape(s.begin() + 1, s.end()), ","))
                          : std::string();
    return errorf("{}: shape {} does not match input '{}' of shape {}: expected [N,{}]{} (first axis = samples)", file,
                  shapeStr(as), name, shapeStr(s), fmt::join(s, ","), alt);
  }
  if (n == 0) return errorf("{}: holds no samples (first axis is 0)", file);
  std::vector<Tensor> out;
  const size_t per = size_t(in->type().elements());
  for (int64_t i = 0; i < n; ++i) {
    Tensor t(TensorType{DType::F32, s, std::nullopt});
    std::memcpy(t.data.data(), a.data.data() + size_t(i) * per, per * sizeof(float));
    out.push_back(std::move(t));
  }
  return out;
}

bool isTestDataDir(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p / "input_0.pb", ec);
}

Expected<Tensor> readPbInput(const fs::path& file, const Value* in, const std::string& name) {
  auto t = readTensorFile(file.string());
  if (!t) return t.status();
  if (t->type.shape != in->shape())
    return errorf("{}: shape {} does not match input '{}' of shape {}", file.string(), shapeStr(t->type.shape), name,
                  shapeStr(in->shape()));
  Tensor out(TensorType{DType::F32, in->shape(), std::nullopt});
  const size_t n = size_t(in->type().elements());
  if (t->type.dtype == DType::F32) {
    std::memcpy(out.data.data(), t->data.data(), n * sizeof(float));
  } else if (t->type.dtype == DType::F64) {
    for (size_t i = 0; i < n; ++i) {
      double d;
      std::memcpy(&d, t->data.data() + i * 8, 8);
      out.as<float>()[i] = float(d);
    }
  } else {
    return errorf("{}: dtype {} is not supported for calibration (float32 or float64)", file.string(),
                  dtypeName(t->type.dtype));
  }
  return out;
}

Expected<std::vector<Sample>> loadDirectory(const Graph& g, const fs::path& dir) {
  std::vector<fs::path> sets;
  if (isTestDataDir(dir)) {
    sets.push_back(dir);
  } else {
    std::error_code ec;
    std::vector<std::pair<long, fs::path>> found;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      const std::string fn = e.path().filename().string();
      const std::string prefix = "test_data_set_";
      if (!e.is_directory() || fn.rfind(prefix, 0) != 0) continue;
      const std::string num = fn.substr(prefix.size());
      if (num.empty() || !std::all_of(num.begin(), num.end(), ::isdigit)) continue;
      found.emplace_back(std::stol(num), e.path());
    }
    if (ec) return errorf("cannot list '{}': {}", dir.string(), ec.message());
    std::sort(found.begin(), found.end());
    for (auto& [k, p] : found) sets.push_back(p);
  }
  if (sets.empty())
    return errorf("{}: no test_data_set_*/input_0.pb folders (calibration directories hold one sample per folder)",
                  dir.string());
  std::vector<Sample> samples;
  for (const fs::path& set : sets) {
    Sample s;
    for (size_t i = 0; i < g.inputs().size(); ++i) {
      const fs::path f = set / fmt::format("input_{}.pb", i);
      std::error_code ec;
      if (!fs::is_regular_file(f, ec))
        return errorf("{}: missing (the model has {} inputs)", f.string(), g.inputs().size());
      auto t = readPbInput(f, g.inputs()[i], inputName(g, i));
      if (!t) return t.status();
      s.push_back(std::move(*t));
    }
    samples.push_back(std::move(s));
  }
  return samples;
}

}  // namespace

Expected<std::vector<Sample>> loadCalibrationData(const Graph& g, const std::vector<std::string>& specs) {
  if (g.inputs().empty()) return errorf("the model has no inputs to calibrate");
  for (size_t i = 0; i < g.inputs().size(); ++i)
    if (g.inputs()[i]->dtype() != DType::F32)
      return errorf("input '{}' is {}; only float32 inputs can be calibrated", inputName(g, i),
                    dtypeName(g.inputs()[i]->dtype()));
  if (specs.empty()) return errorf("--quantize int8 needs --calibration data");

  // NAME=FILE entries name graph inputs; anything else is a path.
  auto inputIndex = [&](const std::string& name) -> int {
    for (size_t i = 0; i < g.inputs().size(); ++i)
      if (inputName(g, i) == name || g.inputs()[i]->name() == name) return int(i);
    return -1;
  };
  std::map<int, std::string> named;
  std::vector<std::string> paths;
  for (const std::string& spec : specs) {
    std::error_code ec;
    const size_t eq = spec.find('=');
    if (eq != std::string::npos && !fs::exists(spec, ec)) {
      const std::string name = spec.substr(0, eq), file = spec.substr(eq + 1);
      const int idx = inputIndex(name);
      if (idx < 0) {
        std::vector<std::string> names;
        for (size_t i = 0; i < g.inputs().size(); ++i) names.push_back(inputName(g, i));
        return errorf("--calibration '{}': the model has no input '{}' (inputs: {})", spec, name, fmt::join(names, ", "));
      }
      if (named.count(idx)) return errorf("--calibration: input '{}' is given twice", name);
      named[idx] = file;
    } else {
      paths.push_back(spec);
    }
  }
  if (!named.empty() && !paths.empty())
    return errorf("--calibration: give either one data path or NAME=FILE.npy for every input, not both");
  if (paths.size() > 1) return errorf("--calibration: one data path expected, got {}", paths.size());

  if (!paths.empty()) {
    const std::string& p = paths[0];
    std::error_code ec;
    if (fs::is_directory(p, ec)) return loadDirectory(g, p);
    if (!fs::exists(p, ec)) return errorf("--calibration: '{}' does not exist", p);
    if (g.inputs().size() != 1)
      return errorf("--calibration: the model has {} inputs; give NAME=FILE.npy for each (or a directory of "
                    "test_data_set_* folders)",
                    g.inputs().size());
    named[0] = p;
  }
  if (named.size() != g.inputs().size()) {
    for (size_t i = 0; i < g.inputs().size(); ++i)
      if (!named.count(int(i))) return errorf("--calibration: no data for input '{}'", inputName(g, i));
  }
  std::vector<Sample> samples;
  for (auto& [idx, file] : named) {
    auto a = readNpy(file);
    if (!a) return a.status();
    auto ts = splitSamples(*a, g.inputs()[size_t(idx)], inputName(g, size_t(idx)), file);
    if (!ts) return ts.status();
    if (samples.empty()) samples.resize(ts->size());
    if (ts->size() != samples.size())
      return errorf("{}: {} samples, but other calibration files have {}", file, ts->size(), samples.size());
    for (size_t s = 0; s < ts->size(); ++s) samples[s].push_back(std::move((*ts)[s]));
  }
  return samples;
}

// ---------------------------------------------------------------------------
// Statistics

void Histogram::reset(double l, double h, size_t bins) {
  lo = l;
  hi = h;
  counts.assign(bins, 0.0);
}

void Histogram::add(const float* x, size_t n) {
  if (counts.empty()) return;
  const double w = width();
  const int last = int(counts.size()) - 1;
  for (size_t i = 0; i < n; ++i) {
    int k = w > 0 ? int((double(x[i]) - lo) / w) : 0;
    counts[size_t(std::clamp(k, 0, last))] += 1.0;
  }
}

double Histogram::total() const {
  double t = 0;
  for (double c : counts) t += c;
  return t;
}

void TensorStats::add(const float* x, size_t n) {
  if (n == 0) return;
  double lo = x[0], hi = x[0];
  for (size_t i = 0; i < n; ++i) {
    lo = std::min<double>(lo, x[i]);
    hi = std::max<double>(hi, x[i]);
    zeros += x[i] == 0.0f;
  }
  if (count == 0) {
    min = lo;
    max = hi;
  } else {
    min = std::min(min, lo);
    max = std::max(max, hi);
  }
  count += int64_t(n);
}

Expected<StatsMap> collectStats(const Graph& g, const std::vector<Sample>& samples, bool histograms,
                                const ProgressFn& progress, size_t bins) {
  StatsMap stats;
  Evaluator ev(g);
  const int passes = histograms ? 2 : 1;
  for (int pass = 0; pass < passes; ++pass) {
    int done = 0;
    if (pass == 1)
      for (auto& [name, s] : stats) s.hist.reset(s.min, s.max, bins);
    auto record = [&](const std::string& name, const Tensor& t) {
      if (t.type.dtype != DType::F32) return;
      const size_t n = size_t(t.type.elements());
      if (pass == 0) stats[name].add(t.as<float>(), n);
      else if (auto it = stats.find(name); it != stats.end()) it->second.hist.add(t.as<float>(), n);
    };
    for (const Sample& s : samples) {
      for (size_t i = 0; i < s.size() && i < g.inputs().size(); ++i) record(g.inputs()[i]->name(), s[i]);
      auto out = ev.run(s, [&](const Node&, const Value& v, const Tensor& t) { record(v.name(), t); });
      if (!out) return out.status();
      if (progress) progress(pass == 0 ? "calibrating" : "calibrating (histograms)", ++done, int(samples.size()));
    }
  }
  return stats;
}

// ---------------------------------------------------------------------------
// Ranges and parameters

namespace {

double percentileOf(const Histogram& h, double q) {
  const double total = h.total(), target = total * q, w = h.width();
  double cum = 0;
  for (size_t k = 0; k < h.counts.size(); ++k) {
    const double c = h.counts[k];
    if (c > 0 && cum + c >= target) return h.lo + (double(k) + (target - cum) / c) * w;
    cum += c;
  }
  return h.hi;
}

Range mseRange(const TensorStats& s) {
  const Histogram& h = s.hist;
  const size_t B = h.counts.size();
  const double w = h.width();
  std::vector<double> centers(B), p0(B + 1, 0), p1(B + 1, 0), p2(B + 1, 0);
  for (size_t k = 0; k < B; ++k) {
    const double c = h.lo + (double(k) + 0.5) * w, n = h.counts[k];
    centers[k] = c;
    p0[k + 1] = p0[k] + n;
    p1[k + 1] = p1[k] + n * c;
    p2[k + 1] = p2[k] + n * c * c;
  }
  // Exact zeros are always representable: they contribute no rounding error.
  const double zeros = double(s.zeros);
  auto cost = [&](double a, double b) {
    const size_t ka = size_t(std::lower_bound(centers.begin(), centers.end(), a) - centers.begin());
    const size_t kb = size_t(std::upper_bound(centers.begin(), centers.end(), b) - centers.begin());
    const double below = (p2[ka] - 2 * a * p1[ka] + a * a * p0[ka]);
    const double n2 = p0[B] - p0[kb], s1 = p1[B] - p1[kb], s2 = p2[B] - p2[kb];
    const double above = s2 - 2 * b * s1 + b * b * n2;
    const double step = (b - a) / 255.0;
    const double inside = std::max(0.0, p0[kb] - p0[ka] - zeros);
    return below + above + inside * step * step / 12.0;
  };
  const int steps = 200;
  Range best{std::min(s.min, 0.0), std::max(s.max, 0.0)};
  double bestCost = cost(best.lo, best.hi);
  const int jmax = s.min < 0 ? steps : 0;
  const int imax = s.max > 0 ? steps : 0;
  for (int j = 0; j <= jmax; ++j) {
    const double a = s.min < 0 ? s.min * double(j) / steps : 0.0;
    for (int i = imax > 0 ? 1 : 0; i <= imax; ++i) {
      const double b = s.max > 0 ? s.max * double(i) / steps : 0.0;
      if (b - a <= 0) continue;
      const double c = cost(a, b);
      if (c < bestCost) {
        bestCost = c;
        best = {a, b};
      }
    }
  }
  return best;
}

}  // namespace

Range chooseRange(const TensorStats& s, CalibrationMethod m, double percentile) {
  Range r{s.min, s.max};
  const bool hasHist = !s.hist.counts.empty() && s.max > s.min;
  if (m == CalibrationMethod::Percentile && hasHist) {
    const double q = std::clamp(percentile, 50.0, 100.0) / 100.0;
    r.lo = std::max(s.min, percentileOf(s.hist, 1.0 - q));
    r.hi = std::min(s.max, percentileOf(s.hist, q));
  } else if (m == CalibrationMethod::Mse && hasHist) {
    r = mseRange(s);
  }
  r.lo = std::min(r.lo, 0.0);
  r.hi = std::max(r.hi, 0.0);
  return r;
}

QuantParams activationQuant(Range r) {
  double lo = std::min(r.lo, 0.0), hi = std::max(r.hi, 0.0);
  if (!(hi - lo > 1e-30)) {  // an all-zero tensor: any scale represents it
    lo = 0.0;
    hi = 1.0;
  }
  const float scale = float((hi - lo) / 255.0);
  const double zp = std::clamp(std::nearbyint(-128.0 - lo / double(scale)), -128.0, 127.0);
  QuantParams q;
  q.scale = {scale};
  q.zeroPoint = {int32_t(zp)};
  q.axis = 0;
  return q;
}

namespace {
struct ChannelSplit {
  int64_t outer = 1, channels = 1, inner = 1;
};
ChannelSplit splitAxis(const Shape& shape, int axis) {
  ChannelSplit s;
  for (int d = 0; d < int(shape.size()); ++d) {
    if (d < axis) s.outer *= shape[size_t(d)];
    else if (d == axis) s.channels = shape[size_t(d)];
    else s.inner *= shape[size_t(d)];
  }
  return s;
}
}  // namespace

std::vector<float> symmetricScales(const std::vector<float>& w, const Shape& shape, int axis, bool perTensor) {
  const ChannelSplit s = splitAxis(shape, axis);
  std::vector<double> amax(perTensor ? 1 : size_t(s.channels), 0.0);
  for (int64_t o = 0; o < s.outer; ++o)
    for (int64_t c = 0; c < s.channels; ++c)
      for (int64_t i = 0; i < s.inner; ++i) {
        const double v = std::fabs(double(w[size_t((o * s.channels + c) * s.inner + i)]));
        double& m = amax[perTensor ? 0 : size_t(c)];
        m = std::max(m, v);
      }
  std::vector<float> scales;
  for (double m : amax) scales.push_back(m > 0 ? float(m / 127.0) : 1.0f);
  return scales;
}

std::vector<int8_t> quantizeSymmetric(const std::vector<float>& w, const Shape& shape, int axis,
                                      const std::vector<float>& scales) {
  const ChannelSplit s = splitAxis(shape, axis);
  std::vector<int8_t> q(w.size());
  for (int64_t o = 0; o < s.outer; ++o)
    for (int64_t c = 0; c < s.channels; ++c)
      for (int64_t i = 0; i < s.inner; ++i) {
        const size_t k = size_t((o * s.channels + c) * s.inner + i);
        const double sc = scales.size() == 1 ? scales[0] : scales[size_t(c)];
        q[k] = int8_t(std::clamp(std::nearbyint(double(w[k]) / sc), -127.0, 127.0));
      }
  return q;
}

}  // namespace tinyaot
