// Slice: opset 1-9 attributes and opset 10+ inputs (starts, ends, axes,
// steps), which must be compile-time constants. Negative steps and
// out-of-range bounds follow the ONNX clamping rules.
#include "ops/slice.h"

#include <algorithm>
#include <limits>
#include <set>

#include "ops/elementwise.h"
#include "ops/op_util.h"
#include "ops/strided_copy.h"

namespace tinyaot {

SliceAxis normalizeSliceAxis(int64_t dim, int64_t start, int64_t end, int64_t step) {
  SliceAxis a;
  a.step = step;
  if (start < 0) start += dim;
  if (end < 0) end += dim;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, dim);
    end = std::clamp<int64_t>(end, 0, dim);
    a.count = end > start ? (end - start - 1) / step + 1 : 0;
  } else {
    start = std::clamp<int64_t>(start, 0, std::max<int64_t>(dim - 1, 0));
    end = std::clamp<int64_t>(end, -1, dim - 1);
    const int64_t s = step == std::numeric_limits<int64_t>::min() ? std::numeric_limits<int64_t>::max() : -step;
    a.count = dim > 0 && start > end ? (start - end - 1) / s + 1 : 0;
  }
  a.start = a.count > 0 ? start : 0;
  return a;
}

namespace {

// Opset < 10: starts/ends/axes are attributes; make them constant inputs.
Status canonicalize(Node& n, Graph& g) {
  if (n.opset() >= 10) return Status::ok();
  if (n.numInputs() != 1) return nodeErrorf(n, "expects 1 input before opset 10, got {}", n.numInputs());
  std::vector<Value*> ins{n.input(0)};
  for (const char* name : {"starts", "ends", "axes"}) {
    if (!n.attrs().has(name)) {
      if (std::string(name) != "axes") return nodeErrorf(n, "attribute '{}' is missing", name);
      continue;
    }
    auto v = n.attrs().getInts(name);
    ins.push_back(g.addConstantOf<int64_t>(n.name() + "_" + name, DType::I64, {int64_t(v.size())}, v));
    n.attrs().erase(name);
  }
  g.setInputs(&n, ins);
  return Status::ok();
}

// The normalized slice of every axis of the input.
Expected<std::vector<SliceAxis>> spec(const Node& n) {
  const Shape& in = n.input(0)->shape();
  const int64_t rank = int64_t(in.size());
  const char* names[] = {"starts", "ends", "axes", "steps"};
  for (size_t i = 1; i < 5; ++i) {
    if (!n.input(i)) continue;
    TA_TRY(expectDType(n, i, {DType::I32, DType::I64}));
    TA_TRY(expectConstant(n, i, names[i - 1]));
  }
  const auto starts = n.input(1)->intData(), ends = n.input(2)->intData();
  if (starts.size() != ends.size())
    return nodeErrorf(n, "starts has {} entries but ends has {}", starts.size(), ends.size());
  std::vector<int64_t> axes, steps(starts.size(), 1);
  if (n.input(3)) {
    axes = n.input(3)->intData();
  } else {
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(int64_t(i));
  }
  if (n.input(4)) steps = n.input(4)->intData();
  if (axes.size() != starts.size() || steps.size() != starts.size())
    return nodeErrorf(n, "starts, ends, axes and steps must have the same length ({}, {}, {}, {})", starts.size(),
                      ends.size(), axes.size(), steps.size());
  std::vector<SliceAxis> out(in.size());
  for (size_t d = 0; d < in.size(); ++d) out[d] = SliceAxis{0, in[d], 1};
  std::set<int64_t> seen;
  for (size_t i = 0; i < axes.size(); ++i) {
    auto ax = normAxis(n, axes[i], rank);
    if (!ax) return ax.status();
    if (!seen.insert(*ax).second) return nodeErrorf(n, "axis {} is repeated", axes[i]);
    if (steps[i] == 0) return nodeErrorf(n, "step of axis {} is 0", axes[i]);
    out[*ax] = normalizeSliceAxis(in[*ax], starts[i], ends[i], steps[i]);
  }
  return out;
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 3, 5));
  TA_TRY(expectAttrsIn(n, {}));
  TA_TRY(expectDType(n, 0, allDTypes()));
  auto s = spec(n);
  if (!s) return s.status();
  Shape out;
  for (const SliceAxis& a : *s) out.push_back(a.count);
  setOutput(n, 0, n.input(0)->dtype(), out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto s = spec(n);
  if (!s) return s.status();
  const auto cs = contiguousStrides(n.input(0)->shape());
  Shape dims;
  std::vector<int64_t> strides;
  int64_t offset = 0;
  for (size_t d = 0; d < s->size(); ++d) {
    const SliceAxis& a = (*s)[d];
    dims.push_back(a.count);
    strides.push_back(cs[d] * a.step);
    offset += a.start * cs[d];
  }
  return lowerStridedCopy(n, n.input(0), n.output(0), dims, strides, offset);
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Slice", .minOpset = 1, .canonicalize = canonicalize, .infer = infer, .lower = lower, .movesCodes = true,
                      .dtypes = "all",
                      .notes = "starts, ends, axes and steps must be compile-time constants; negative steps"}));

}  // namespace tinyaot
