#include "quant/quant_util.h"

#include <algorithm>
#include <cmath>

namespace tinyaot {

QRange dtypeRange(DType t) {
  switch (t) {
    case DType::U8: return {0, 255};
    case DType::I32: return {INT32_MIN, INT32_MAX};
    default: return {-128, 127};
  }
}

Expected<QuantParams> constQuantParams(const Node& n, size_t scaleIdx, size_t zpIdx, const Shape& data,
                                       int64_t axis, bool perAxisOk) {
  const Value* s = n.input(scaleIdx);
  if (!s) return nodeErrorf(n, "the scale (input {}) is missing", scaleIdx);
  TA_TRY(expectDType(n, scaleIdx, {DType::F32}));
  TA_TRY(expectConstant(n, scaleIdx, "the scale"));
  if (s->shape().size() > 1) return nodeErrorf(n, "the scale must be a scalar or 1-D, got shape {}", shapeStr(s->shape()));
  QuantParams q;
  for (double v : s->doubleData()) {
    if (!(v > 0.0) || !std::isfinite(v)) return nodeErrorf(n, "scale {} is not a positive finite number", v);
    q.scale.push_back(float(v));
  }
  if (q.scale.empty()) return nodeErrorf(n, "the scale is empty");
  const bool perAxis = q.scale.size() > 1;
  if (perAxis) {
    if (!perAxisOk) return nodeErrorf(n, "per-axis scales are not supported here (scale has {} entries)", q.scale.size());
    auto ax = normAxis(n, axis, int64_t(data.size()));
    if (!ax) return ax.status();
    if (data[size_t(*ax)] != int64_t(q.scale.size()))
      return nodeErrorf(n, "per-axis scale has {} entries, axis {} of {} has {}", q.scale.size(), *ax, shapeStr(data),
                        data[size_t(*ax)]);
    q.axis = int(*ax);
  }
  if (const Value* z = n.input(zpIdx)) {
    TA_TRY(expectConstant(n, zpIdx, "the zero point"));
    if (z->type().elements() != int64_t(q.scale.size()))
      return nodeErrorf(n, "the zero point has {} entries, the scale {}", z->type().elements(), q.scale.size());
    for (int64_t v : z->intData()) q.zeroPoint.push_back(int32_t(v));
  } else {
    q.zeroPoint.assign(q.scale.size(), 0);
  }
  return q;
}

AxisSplit splitAtAxis(const Shape& shape, const QuantParams& q) {
  AxisSplit s;
  if (!q.perChannel()) {
    s.inner = numElements(shape);
    return s;
  }
  for (size_t d = 0; d < shape.size(); ++d) {
    if (int(d) < q.axis) s.outer *= shape[d];
    else if (int(d) == q.axis) s.axisN = shape[d];
    else s.inner *= shape[d];
  }
  return s;
}

Status expectQuantActivation(const Node& n, const Value* v, const char* what) {
  if (!v) return nodeErrorf(n, "{} is missing", what);
  if (!isQ8(v->dtype()) || !v->type().quant)
    return nodeErrorf(n, "{} ('{}') must be a quantized int8/uint8 tensor, got {}", what, v->name(), v->type().str());
  if (v->type().quant->perChannel())
    return nodeErrorf(n, "{} ('{}') has per-channel quantization; activations must be per tensor", what, v->name());
  return Status::ok();
}

Status expectQuantOutput(const Node& n, bool anyQ8) {
  const Value* y = n.output(0);
  if (!y->type().quant || !isQ8(y->dtype()))
    return nodeErrorf(n, "the output '{}' of a quantized {} needs quantization parameters (set by the quantizer or "
                      "the QDQ importer)", y->name(), n.op());
  if (!anyQ8 && y->dtype() != n.input(0)->dtype())
    return nodeErrorf(n, "mixed int8/uint8: input {} and output {} are not supported", dtypeName(n.input(0)->dtype()),
                      dtypeName(y->dtype()));
  return expectQuantActivation(n, y, "the output");
}

bool sameQuant(const Value* a, const Value* b) {
  return a->dtype() == b->dtype() && a->type().quant && b->type().quant && *a->type().quant == *b->type().quant;
}

QRange outputClamp(const Node& n, const Value* out) {
  QRange r = dtypeRange(out->dtype());
  ActRange act = actRange(n);
  const double s = scaleOf(out);
  const int32_t zp = zeroPointOf(out);
  auto toQ = [&](double real) { return double(zp) + std::round(real / s); };
  if (std::isfinite(act.lo)) r.lo = int32_t(std::clamp(toQ(act.lo), double(r.lo), double(r.hi)));
  if (std::isfinite(act.hi)) r.hi = int32_t(std::clamp(toQ(act.hi), double(r.lo), double(r.hi)));
  if (r.hi < r.lo) r.hi = r.lo;
  return r;
}

std::string addWeightsArg(KernelCall& k, Value* orig, const std::vector<int64_t>& vals) {
  if (orig->dtype() == DType::I8 && orig->intData() == vals) {
    k.in(orig);
    return "int8_t";
  }
  bool fits8 = true;
  for (int64_t v : vals) fits8 = fits8 && v >= -128 && v <= 127;
  k.ints(vals, fits8 ? DType::I8 : DType::I16);
  return fits8 ? "int8_t" : "int16_t";
}

Expected<MultShift> multShiftArrays(const Node& n, const std::vector<double>& real) {
  if (real.empty()) return MultShift{{0}, {0}};
  auto m = multipliers(n, real);
  if (!m) return m.status();
  MultShift r;
  for (const FixedMultiplier& f : *m) {
    r.mult.push_back(f.mult);
    r.shift.push_back(f.shift);
  }
  return r;
}

Expected<std::vector<FixedMultiplier>> multipliers(const Node& n, const std::vector<double>& real) {
  std::vector<FixedMultiplier> out;
  for (double r : real) {
    auto m = quantizeMultiplier(r);
    if (!m) return Status::nodeError(n, m.status().message());
    out.push_back(*m);
  }
  return out;
}

}  // namespace tinyaot
