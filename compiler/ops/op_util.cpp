#include "ops/op_util.h"

#include <algorithm>

namespace tinyaot {

Status expectInputs(const Node& n, size_t lo, size_t hi) {
  size_t count = n.numInputs();
  while (count > 0 && n.input(count - 1) == nullptr) --count;
  if (count < lo || count > hi) {
    if (lo == hi) return nodeErrorf(n, "expects {} inputs, got {}", lo, count);
    return nodeErrorf(n, "expects {} to {} inputs, got {}", lo, hi, count);
  }
  for (size_t i = 0; i < lo; ++i)
    if (!n.input(i)) return nodeErrorf(n, "required input {} is missing", i);
  return Status::ok();
}

Status expectDType(const Node& n, size_t input, const std::vector<DType>& allowed) {
  const Value* v = n.input(input);
  if (!v) return nodeErrorf(n, "input {} is missing", input);
  for (DType d : allowed)
    if (v->dtype() == d) return Status::ok();
  std::vector<std::string> names;
  for (DType d : allowed) names.emplace_back(dtypeName(d));
  return nodeErrorf(n, "input {} ('{}') has dtype {}; supported: {}", input, v->name(), dtypeName(v->dtype()),
                    fmt::join(names, ", "));
}

Status expectRank(const Node& n, size_t input, size_t lo, size_t hi) {
  const Value* v = n.input(input);
  if (!v) return nodeErrorf(n, "input {} is missing", input);
  size_t r = v->shape().size();
  if (r < lo || r > hi) {
    if (lo == hi) return nodeErrorf(n, "input {} ('{}') must have rank {}, got shape {}", input, v->name(), lo, shapeStr(v->shape()));
    return nodeErrorf(n, "input {} ('{}') must have rank {} to {}, got shape {}", input, v->name(), lo, hi, shapeStr(v->shape()));
  }
  return Status::ok();
}

Status expectConstant(const Node& n, size_t input, const char* what) {
  const Value* v = n.input(input);
  if (v && !v->isConstant())
    return nodeErrorf(n, "{} (input {}, '{}') must be known at compile time; it is {}", what, input, v->name(),
                      v->isGraphInput() ? "a model input (make it an initializer)" : "computed at run time");
  return Status::ok();
}

Status expectAttrsIn(const Node& n, std::initializer_list<const char*> known) {
  for (auto& [name, a] : n.attrs().all()) {
    if (name.rfind("ta.", 0) == 0) continue;
    bool ok = false;
    for (const char* k : known) ok = ok || name == k;
    if (!ok) return nodeErrorf(n, "attribute '{}' is not supported", name);
  }
  return Status::ok();
}

Status expectOutputsAtMost(const Node& n, size_t count, const char* why) {
  for (size_t i = count; i < n.outputs().size(); ++i)
    if (n.output(i)) return nodeErrorf(n, "output {} ('{}') is not supported: {}", i, n.output(i)->name(), why);
  return Status::ok();
}

Expected<int64_t> normAxis(const Node& n, int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= std::max<int64_t>(rank, 1))
    return nodeErrorf(n, "axis {} is out of range for rank {}", axis, rank);
  return axis < 0 ? axis + rank : axis;
}

std::optional<Shape> broadcastShapes(const Shape& a, const Shape& b) {
  size_t r = std::max(a.size(), b.size());
  Shape out(r);
  for (size_t i = 0; i < r; ++i) {
    int64_t da = i < r - a.size() ? 1 : a[i - (r - a.size())];
    int64_t db = i < r - b.size() ? 1 : b[i - (r - b.size())];
    if (da == db || db == 1) out[i] = da;
    else if (da == 1) out[i] = db;
    else return std::nullopt;
  }
  return out;
}

std::vector<int64_t> contiguousStrides(const Shape& s) {
  std::vector<int64_t> st(s.size());
  int64_t acc = 1;
  for (size_t i = s.size(); i-- > 0;) {
    st[i] = acc;
    acc *= s[i];
  }
  return st;
}

std::vector<int64_t> broadcastStrides(const Shape& in, const Shape& out) {
  Shape padded(out.size() - in.size(), 1);
  padded.insert(padded.end(), in.begin(), in.end());
  auto st = contiguousStrides(padded);
  for (size_t i = 0; i < out.size(); ++i)
    if (padded[i] == 1 && out[i] != 1) st[i] = 0;
  return st;
}

Collapsed collapseForKernel(const Shape& out, const std::vector<std::vector<int64_t>>& strides, size_t maxDims) {
  // Drop size-1 dims, then merge dim i into i+1 when every input's stride
  // satisfies stride[i] == stride[i+1] * dim[i+1].
  std::vector<int64_t> dims;
  std::vector<std::vector<int64_t>> st(strides.size());
  for (size_t d = 0; d < out.size(); ++d) {
    if (out[d] == 1) continue;
    dims.push_back(out[d]);
    for (size_t k = 0; k < strides.size(); ++k) st[k].push_back(strides[k][d]);
  }
  for (size_t d = dims.size(); d-- > 1;) {
    bool ok = true;
    for (auto& s : st) ok = ok && s[d - 1] == s[d] * dims[d];
    if (!ok) continue;
    dims[d - 1] *= dims[d];
    dims.erase(dims.begin() + d);
    for (auto& s : st) {
      s[d - 1] = s[d];
      s.erase(s.begin() + d);
    }
  }
  Collapsed c;
  const size_t pad = maxDims - std::min(maxDims, dims.size());
  c.dims.assign(pad, 1);
  c.dims.insert(c.dims.end(), dims.begin(), dims.end());
  for (auto& s : st) {
    std::vector<int64_t> p(pad, 0);
    p.insert(p.end(), s.begin(), s.end());
    c.strides.push_back(p);
  }
  return c;
}

void setOutput(Node& n, size_t i, DType dt, Shape shape) {
  Value* v = n.output(i);
  if (!v) return;
  std::optional<QuantParams> q;
  if ((dt == DType::I8 || dt == DType::U8) && v->dtype() == dt) q = v->type().quant;
  v->setType(TensorType{dt, std::move(shape), std::move(q)});
}

bool isQuantized(const Node& n) {
  const Value* x = n.input(0);
  return x && (x->dtype() == DType::I8 || x->dtype() == DType::U8) && x->type().quant.has_value();
}

void inheritQuant(Node& n) {
  if (!isQuantized(n)) return;
  const Value* x = n.input(0);
  for (const Value* v : n.inputs())
    if (v && v->dtype() == x->dtype() && v->type().quant && *v->type().quant != *x->type().quant) return;
  for (Value* y : n.outputs())
    if (y && y->dtype() == DType::Undefined) y->setType(TensorType{x->dtype(), {}, x->type().quant});
}

ActRange actRange(const Node& n) {
  ActRange r;
  r.lo = n.attrs().getFloat("ta.act_min", r.lo);
  r.hi = n.attrs().getFloat("ta.act_max", r.hi);
  return r;
}

std::string ctype(const Value* v) { return std::string(dtypeCType(v->dtype())); }

}  // namespace tinyaot
