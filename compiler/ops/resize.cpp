// Resize (opset 10+) and Upsample (deprecated): nearest, linear and cubic
// modes, every coordinate_transformation_mode. Scales or sizes (and roi for
// tf_crop_and_resize) must be compile-time constants; all index and weight
// tables are computed here and the kernels only gather and blend.
#include "ops/resize.h"

#include <algorithm>
#include <cmath>

#include "ops/op_util.h"
#include "quant/lower_q8.h"

namespace tinyaot {
namespace resize {

std::optional<Coord> parseCoord(const std::string& s) {
  if (s == "half_pixel") return Coord::HalfPixel;
  if (s == "pytorch_half_pixel") return Coord::PytorchHalfPixel;
  if (s == "align_corners") return Coord::AlignCorners;
  if (s == "asymmetric") return Coord::Asymmetric;
  // Resize-11 spells it tf_half_pixel_for_nn; ONNX Runtime used the longer name.
  if (s == "tf_half_pixel_for_nn" || s == "tf_half_pixel_for_nearest") return Coord::TfHalfPixelForNearest;
  if (s == "tf_crop_and_resize") return Coord::TfCropAndResize;
  if (s == "half_pixel_symmetric") return Coord::HalfPixelSymmetric;
  return std::nullopt;
}

std::optional<Nearest> parseNearest(const std::string& s) {
  if (s == "round_prefer_floor") return Nearest::RoundPreferFloor;
  if (s == "round_prefer_ceil") return Nearest::RoundPreferCeil;
  if (s == "floor") return Nearest::Floor;
  if (s == "ceil") return Nearest::Ceil;
  return std::nullopt;
}

std::optional<Mode> parseMode(const std::string& s) {
  if (s == "nearest") return Mode::Nearest;
  if (s == "linear") return Mode::Linear;
  if (s == "cubic") return Mode::Cubic;
  return std::nullopt;
}

// Single-precision arithmetic in the order ONNX Runtime uses, so that ties
// (nearest rounding) fall the same way.
double originalCoord(Coord c, const AxisSpec& a, int64_t xi) {
  const float x = float(xi), in = float(a.inLen), out = float(a.outLen), scale = float(a.scale);
  const float start = float(a.roiStart), end = float(a.roiEnd);
  switch (c) {
    case Coord::HalfPixel: return (x + 0.5f) / scale - 0.5f;
    case Coord::PytorchHalfPixel: return a.outLen > 1 ? (x + 0.5f) / scale - 0.5f : 0.0f;
    case Coord::AlignCorners: {
      const float len = a.alignLen > 0 ? float(a.alignLen) : out;
      return a.outLen > 1 ? x * (in - 1) / (len - 1) : 0.0f;
    }
    case Coord::Asymmetric: return x / scale;
    case Coord::TfHalfPixelForNearest: return (x + 0.5f) / scale;
    case Coord::TfCropAndResize:
      return a.outLen > 1 ? start * (in - 1) + x * (end - start) * (in - 1) / (out - 1)
                          : 0.5f * (start + end) * (in - 1);
    case Coord::HalfPixelSymmetric: {
      const float adjustment = out / (scale * in);
      const float offset = in / 2 * (1 - adjustment);
      return offset + (x + 0.5f) / scale - 0.5f;
    }
  }
  return 0.0;
}

bool extrapolates(Coord c, const AxisSpec& a, double xo) {
  return c == Coord::TfCropAndResize && (xo < 0 || xo > double(a.inLen - 1));
}

bool AxisTaps::identity() const {
  const size_t n = idx.size() / size_t(taps);
  if (int64_t(n) != inLen) return false;
  for (size_t j = 0; j < n; ++j)
    for (int t = 0; t < taps; ++t) {
      const size_t k = j * size_t(taps) + size_t(t);
      const bool self = idx[k] == int32_t(j);
      const float wt = w.empty() ? (t == 0 ? 1.0f : 0.0f) : w[k];
      if (wt != 0.0f && !(self && wt == 1.0f)) return false;
      if (w.empty() && !self) return false;
    }
  return true;
}

namespace {
int32_t clampIdx(int64_t i, int64_t n) { return int32_t(std::clamp<int64_t>(i, 0, n - 1)); }

// Cubic convolution weights of the taps floor(x)-1 .. floor(x)+2 for the
// fractional part r (Keys, with coefficient A).
std::vector<double> cubicCoeffs(double r, double A) {
  auto far = [A](double t) { return ((A * t - 5 * A) * t + 8 * A) * t - 4 * A; };  // 1 < |t| < 2
  auto near = [A](double t) { return ((A + 2) * t - (A + 3)) * t * t + 1; };       // |t| <= 1
  return {far(r + 1), near(r), near(1 - r), far(2 - r)};
}
}  // namespace

AxisTaps axisTaps(const Options& o, const AxisSpec& a) {
  AxisTaps t;
  t.taps = o.mode == Mode::Nearest ? 1 : o.mode == Mode::Linear ? 2 : 4;
  t.inLen = a.inLen;
  for (int64_t j = 0; j < a.outLen; ++j) {
    const double xo = originalCoord(o.coord, a, j);
    if (extrapolates(o.coord, a, xo)) {
      for (int k = 0; k < t.taps; ++k) {
        t.idx.push_back(k == 0 ? -1 : 0);
        if (o.mode != Mode::Nearest) t.w.push_back(0.0f);
      }
      continue;
    }
    const double fl = std::floor(xo);
    const double r = xo - fl;
    const int64_t lo = int64_t(fl);
    if (o.mode == Mode::Nearest) {
      int64_t pick = lo;
      if (r != 0.0) {
        switch (o.nearest) {
          case Nearest::RoundPreferFloor: pick = r <= 0.5 ? lo : lo + 1; break;
          case Nearest::RoundPreferCeil: pick = r < 0.5 ? lo : lo + 1; break;
          case Nearest::Floor: pick = lo; break;
          case Nearest::Ceil: pick = lo + 1; break;
        }
      }
      t.idx.push_back(clampIdx(pick, a.inLen));
    } else if (o.mode == Mode::Linear) {
      t.idx.push_back(clampIdx(lo, a.inLen));
      t.idx.push_back(clampIdx(lo + 1, a.inLen));
      t.w.push_back(float(1.0 - r));
      t.w.push_back(float(r));
    } else {
      std::vector<double> c = cubicCoeffs(r, o.cubicA);
      if (o.excludeOutside) {
        double sum = 0;
        for (int k = 0; k < 4; ++k) {
          const int64_t i = lo - 1 + k;
          if (i < 0 || i >= a.inLen) c[size_t(k)] = 0;
          sum += c[size_t(k)];
        }
        for (double& v : c) v = sum != 0 ? v / sum : 0;
      }
      for (int k = 0; k < 4; ++k) {
        t.idx.push_back(clampIdx(lo - 1 + k, a.inLen));
        t.w.push_back(float(c[size_t(k)]));
      }
    }
  }
  return t;
}

}  // namespace resize

namespace {

using namespace resize;

// Upsample and opset-10 Resize become the opset-11 input layout
// (X, roi, scales, sizes) with the legacy coordinate rules marked.
Status canonicalize(Node& n, Graph& g) {
  const bool upsample = n.op() == "Upsample";
  if (!upsample && n.opset() >= 11) return Status::ok();
  Value* scales = n.input(1);
  if (upsample && n.opset() < 9) {
    if (!n.attrs().has("scales")) return nodeErrorf(n, "Upsample needs the 'scales' attribute");
    auto s = n.attrs().getFloats("scales");
    scales = g.addConstantOf<float>(g.uniqueName(n.name() + "_scales"), DType::F32, {int64_t(s.size())}, s);
    n.attrs().erase("scales");
  }
  g.setInputs(&n, {n.input(0), nullptr, scales});
  n.attrs().setInt("ta.resize_legacy", 1);
  return Status::ok();
}

struct Geometry {
  Options opt;
  std::vector<AxisSpec> axes;  // one per input dim
  float extrap = 0.0f;
};

Expected<std::vector<double>> constFloats(const Node& n, size_t i, const char* what) {
  TA_TRY(expectConstant(n, i, what));
  return n.input(i)->doubleData();
}

Expected<Geometry> geometry(const Node& n) {
  const Shape& x = n.input(0)->shape();
  const size_t rank = x.size();
  const bool legacy = n.attrs().getInt("ta.resize_legacy", 0) != 0;
  Geometry g;
  auto mode = parseMode(n.attrs().getString("mode", "nearest"));
  if (!mode) return nodeErrorf(n, "mode '{}' is not supported", n.attrs().getString("mode", ""));
  g.opt.mode = *mode;
  if (legacy) {
    g.opt.coord = Coord::Asymmetric;
    if (*mode == Mode::Cubic) return nodeErrorf(n, "cubic mode needs opset 11 or newer");
  } else {
    auto coord = parseCoord(n.attrs().getString("coordinate_transformation_mode", "half_pixel"));
    if (!coord)
      return nodeErrorf(n, "coordinate_transformation_mode '{}' is not supported",
                        n.attrs().getString("coordinate_transformation_mode", ""));
    g.opt.coord = *coord;
    if (*coord == Coord::TfHalfPixelForNearest && n.opset() >= 13)
      return nodeErrorf(n, "coordinate_transformation_mode '{}' was removed in opset 13",
                        n.attrs().getString("coordinate_transformation_mode", ""));
    auto nearest = parseNearest(n.attrs().getString("nearest_mode", "round_prefer_floor"));
    if (!nearest) return nodeErrorf(n, "nearest_mode '{}' is not supported", n.attrs().getString("nearest_mode", ""));
    g.opt.nearest = *nearest;
  }
  g.opt.cubicA = n.attrs().getFloat("cubic_coeff_a", -0.75f);
  g.opt.excludeOutside = n.attrs().getInt("exclude_outside", 0) != 0;
  g.extrap = n.attrs().getFloat("extrapolation_value", 0.0f);
  if (n.attrs().getInt("antialias", 0) != 0) return nodeErrorf(n, "antialias is not supported");

  // The axes that scales/sizes/roi describe (opset 18 'axes'; default all).
  std::vector<size_t> axes;
  if (n.attrs().has("axes")) {
    for (int64_t a : n.attrs().getInts("axes")) {
      auto ax = normAxis(n, a, int64_t(rank));
      if (!ax) return ax.status();
      if (std::find(axes.begin(), axes.end(), size_t(*ax)) != axes.end()) return nodeErrorf(n, "axis {} is repeated", a);
      axes.push_back(size_t(*ax));
    }
  } else {
    for (size_t d = 0; d < rank; ++d) axes.push_back(d);
  }
  g.axes.resize(rank);
  for (size_t d = 0; d < rank; ++d) g.axes[d] = AxisSpec{x[d], x[d], 1.0, 0.0, 1.0};

  std::vector<double> scales, sizes;
  if (n.input(2)) {
    auto s = constFloats(n, 2, "scales");
    if (!s) return s.status();
    scales = *s;
  }
  if (n.input(3)) {
    auto s = constFloats(n, 3, "sizes");
    if (!s) return s.status();
    sizes = *s;
  }
  if (scales.empty() == sizes.empty())
    return nodeErrorf(n, "exactly one of scales and sizes must be given (non-empty)");
  const std::vector<double>& given = scales.empty() ? sizes : scales;
  if (given.size() != axes.size())
    return nodeErrorf(n, "{} has {} entries, expected {}", scales.empty() ? "sizes" : "scales", given.size(), axes.size());

  if (g.opt.coord == Coord::TfCropAndResize) {
    if (!n.input(1)) return nodeErrorf(n, "tf_crop_and_resize needs the roi input");
    if (!sizes.size())
      return nodeErrorf(n, "tf_crop_and_resize with scales is not supported (its output size is ambiguous); give sizes");
    auto roi = constFloats(n, 1, "roi");
    if (!roi) return roi.status();
    if (roi->size() != 2 * axes.size()) return nodeErrorf(n, "roi has {} entries, expected {}", roi->size(), 2 * axes.size());
    for (size_t k = 0; k < axes.size(); ++k) {
      g.axes[axes[k]].roiStart = (*roi)[k];
      g.axes[axes[k]].roiEnd = (*roi)[k + axes.size()];
    }
  }

  const std::string policy = n.attrs().getString("keep_aspect_ratio_policy", "stretch");
  if (policy != "stretch" && policy != "not_larger" && policy != "not_smaller")
    return nodeErrorf(n, "keep_aspect_ratio_policy '{}' is not supported", policy);
  if (!sizes.empty() && policy != "stretch") {
    double s = policy == "not_larger" ? 1e300 : 0.0;
    for (size_t k = 0; k < axes.size(); ++k) {
      const double r = sizes[k] / double(x[axes[k]]);
      s = policy == "not_larger" ? std::min(s, r) : std::max(s, r);
    }
    for (size_t k = 0; k < axes.size(); ++k) {
      AxisSpec& a = g.axes[axes[k]];
      a.scale = s;
      a.outLen = int64_t(std::floor(s * double(a.inLen) + 0.5));
    }
  } else {
    for (size_t k = 0; k < axes.size(); ++k) {
      AxisSpec& a = g.axes[axes[k]];
      if (!scales.empty()) {
        if (!(scales[k] > 0)) return nodeErrorf(n, "scale {} for axis {} must be positive", scales[k], axes[k]);
        a.scale = scales[k];
        a.outLen = int64_t(std::floor(double(a.inLen) * scales[k]));
        a.alignLen = double(a.inLen) * scales[k];
      } else {
        if (sizes[k] < 1) return nodeErrorf(n, "size {} for axis {} must be positive", sizes[k], axes[k]);
        a.outLen = int64_t(sizes[k]);
        a.scale = a.inLen > 0 ? double(a.outLen) / double(a.inLen) : 1.0;
      }
    }
  }
  for (size_t d = 0; d < rank; ++d) {
    const AxisSpec& a = g.axes[d];
    if (a.outLen < 1 || a.inLen < 1)
      return nodeErrorf(n, "axis {} would resize {} to {}; empty tensors are not supported", d, a.inLen, a.outLen);
  }
  return g;
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 4));
  if (n.op() == "Upsample") TA_TRY(expectAttrsIn(n, {"mode"}));
  else
    TA_TRY(expectAttrsIn(n, {"antialias", "axes", "coordinate_transformation_mode", "cubic_coeff_a", "exclude_outside",
                             "extrapolation_value", "keep_aspect_ratio_policy", "mode", "nearest_mode"}));
  auto g = geometry(n);
  if (!g) return g.status();
  if (g->opt.mode == Mode::Nearest)
    TA_TRY(expectDType(n, 0, {DType::F32, DType::I8, DType::U8, DType::I32, DType::I64}));
  else
    TA_TRY(expectDType(n, 0, {DType::F32}));
  if (n.input(0)->shape().size() > 6) return nodeErrorf(n, "more than 6 dimensions are not supported");
  Shape out;
  for (const AxisSpec& a : g->axes) out.push_back(a.outLen);
  setOutput(n, 0, n.input(0)->dtype(), out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto gm = geometry(n);
  if (!gm) return gm.status();
  const bool legacy = n.attrs().getInt("ta.resize_legacy", 0) != 0;
  Value* x = n.input(0);
  const Shape& in = x->shape();
  const size_t rank = in.size();
  std::vector<AxisTaps> taps(rank);
  bool allIdentity = true;
  for (size_t d = 0; d < rank; ++d) {
    Options o = gm->opt;
    // Opset-10 Resize and Upsample: floor when enlarging, ceil when shrinking.
    if (legacy) o.nearest = gm->axes[d].scale < 1 ? Nearest::Ceil : Nearest::Floor;
    taps[d] = axisTaps(o, gm->axes[d]);
    allIdentity = allIdentity && taps[d].identity();
  }
  if (allIdentity) {
    KernelCall k("ta_copy");
    k.in(x).out(n.output(0)).i(int64_t(x->type().bytes()));
    return finishMoveQ8(n, Lowered{k});  // int8: requantizes when parameters change
  }
  if (gm->opt.mode == Mode::Nearest) {
    // One gather: per output dim, the source offset (times the input stride).
    const auto stride = contiguousStrides(in);
    std::vector<int64_t> dims, offs;
    for (size_t d = 0; d < rank; ++d) {
      dims.push_back(gm->axes[d].outLen);
      for (int32_t i : taps[d].idx) offs.push_back(i < 0 ? -1 : i * stride[d]);
    }
    dims.insert(dims.begin(), 6 - dims.size(), 1);
    offs.insert(offs.begin(), 6 - rank, 0);
    KernelCall k("ta_resize_nearest", {ctype(x)});
    k.in(x).out(n.output(0)).ints(dims).ints(offs);
    if (isFloat(x->dtype())) k.f(gm->extrap);
    else k.i(int64_t(gm->extrap));
    return finishMoveQ8(n, Lowered{k});
  }
  // Linear/cubic: one pass per non-identity axis, innermost first.
  Shape cur = in;
  std::vector<int64_t> geo, idx;
  std::vector<float> w;
  int64_t half = 0, passes = 0;
  std::vector<size_t> todo;
  for (size_t d = rank; d-- > 0;)
    if (!taps[d].identity()) todo.push_back(d);
  for (size_t p = 0; p < todo.size(); ++p) {
    const size_t d = todo[p];
    int64_t outer = 1, inner = 1;
    for (size_t k = 0; k < d; ++k) outer *= cur[k];
    for (size_t k = d + 1; k < rank; ++k) inner *= cur[k];
    geo.insert(geo.end(), {outer, cur[d], gm->axes[d].outLen, inner});
    idx.insert(idx.end(), taps[d].idx.begin(), taps[d].idx.end());
    w.insert(w.end(), taps[d].w.begin(), taps[d].w.end());
    cur[d] = gm->axes[d].outLen;
    if (p + 1 < todo.size()) half = std::max(half, numElements(cur));
    ++passes;
  }
  KernelCall k("ta_resize_separable_f32");
  k.in(x).out(n.output(0));
  if (passes > 2) k.scratch(2 * half * 4, DType::F32);
  else if (passes == 2) k.scratch(half * 4, DType::F32);
  else k.inOpt(nullptr, DType::F32);
  k.i(half).i(passes).ints(geo).i(taps[0].taps).ints(idx).floats(w).f(gm->extrap);
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Resize", .minOpset = 10, .canonicalize = canonicalize, .infer = infer, .lower = lower, .movesCodes = true,
                      .dtypes = "float32 (nearest also int8, uint8, int32, int64)",
                      .notes = "nearest (all nearest_mode), linear and cubic (N-D, separable); all "
                               "coordinate_transformation_modes; axes, keep_aspect_ratio_policy; scales/sizes/roi "
                               "must be compile-time constants; no antialias; align_corners with scales uses "
                               "the unfloored length in*scale like ONNX's reference (ONNX Runtime uses the output size)"}));
TA_REGISTER_OP((OpDef{.name = "Upsample", .minOpset = 7, .maxOpset = 9, .canonicalize = canonicalize, .infer = infer,
                      .lower = lower, .movesCodes = true, .dtypes = "float32 (nearest also int8, uint8, int32, int64)",
                      .notes = "nearest and linear; scales must be compile-time constants"}));

}  // namespace tinyaot
