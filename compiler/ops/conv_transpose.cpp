// ConvTranspose: 1-D, 2-D and 3-D, float32. Groups, dilations, strides,
// pads, output_padding, output_shape and auto_pad; weights may be run-time
// tensors.
#include <algorithm>

#include "ops/op_util.h"

namespace tinyaot {
namespace {

struct AxisGeom { int64_t in, out, k, s, d, padBegin; };

Expected<std::vector<AxisGeom>> geometry(const Node& n) {
  const Shape& x = n.input(0)->shape();
  const Shape& wt = n.input(1)->shape();
  const size_t sp = x.size() - 2;
  const std::vector<int64_t> kernel(wt.begin() + 2, wt.end());
  auto get = [&](const char* name, int64_t def, size_t count) -> Expected<std::vector<int64_t>> {
    auto v = n.attrs().getInts(name, std::vector<int64_t>(count, def));
    if (v.size() != count) return nodeErrorf(n, "'{}' must have {} entries, has {}", name, count, v.size());
    return v;
  };
  auto ks = get("kernel_shape", 0, sp);
  if (!ks) return ks.status();
  if (n.attrs().has("kernel_shape") && *ks != kernel)
    return nodeErrorf(n, "kernel_shape {} disagrees with the weight shape {}", shapeStr(*ks), shapeStr(wt));
  auto st = get("strides", 1, sp), dl = get("dilations", 1, sp), op = get("output_padding", 0, sp);
  auto pads = get("pads", 0, 2 * sp);
  if (!st) return st.status();
  if (!dl) return dl.status();
  if (!op) return op.status();
  if (!pads) return pads.status();
  std::vector<int64_t> outShape = n.attrs().getInts("output_shape");
  if (outShape.size() == sp + 2) outShape.erase(outShape.begin(), outShape.begin() + 2);
  if (!outShape.empty() && outShape.size() != sp)
    return nodeErrorf(n, "output_shape must have {} entries, has {}", sp, outShape.size());
  const std::string autoPad = n.attrs().getString("auto_pad", "NOTSET");
  if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER" && autoPad != "VALID")
    return nodeErrorf(n, "auto_pad '{}' is not supported", autoPad);
  std::vector<AxisGeom> g(sp);
  for (size_t i = 0; i < sp; ++i) {
    AxisGeom& a = g[i];
    a.in = x[i + 2];
    a.k = kernel[i];
    a.s = (*st)[i];
    a.d = (*dl)[i];
    if (a.s < 1 || a.d < 1) return nodeErrorf(n, "strides and dilations must be positive");
    const int64_t outPad = (*op)[i];
    if (outPad < 0 || (outPad >= a.s && outPad >= a.d))
      return nodeErrorf(n, "output_padding {} must be smaller than the stride or the dilation", outPad);
    const int64_t full = a.s * (a.in - 1) + outPad + (a.k - 1) * a.d + 1;
    if (!outShape.empty() || autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      // The output size is given (or in * stride); the padding follows.
      a.out = !outShape.empty() ? outShape[i] : a.in * a.s;
      const int64_t total = std::max<int64_t>(0, full - a.out);
      a.padBegin = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
    } else if (autoPad == "VALID") {
      a.out = full;
      a.padBegin = 0;
    } else {
      if ((*pads)[i] < 0 || (*pads)[i + sp] < 0) return nodeErrorf(n, "negative pads are not supported");
      a.padBegin = (*pads)[i];
      a.out = full - (*pads)[i] - (*pads)[i + sp];
    }
    if (a.out < 1) return nodeErrorf(n, "the output would be empty along spatial axis {}", i);
  }
  return g;
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 3));
  TA_TRY(expectAttrsIn(n, {"auto_pad", "dilations", "group", "kernel_shape", "output_padding", "output_shape",
                           "pads", "strides"}));
  TA_TRY(expectDType(n, 0, {DType::F32}));
  TA_TRY(expectDType(n, 1, {DType::F32}));
  TA_TRY(expectRank(n, 0, 3, 5));
  const Shape& x = n.input(0)->shape();
  const Shape& wt = n.input(1)->shape();
  if (wt.size() != x.size())
    return nodeErrorf(n, "weight rank {} differs from input rank {}", wt.size(), x.size());
  const int64_t group = n.attrs().getInt("group", 1);
  if (group < 1 || x[1] % group || wt[0] != x[1])
    return nodeErrorf(n, "weight shape {} and group {} do not fit {} input channels", shapeStr(wt), group, x[1]);
  const int64_t m = wt[1] * group;
  if (n.input(2)) {
    TA_TRY(expectDType(n, 2, {DType::F32}));
    if (n.input(2)->shape() != Shape{m}) return nodeErrorf(n, "bias shape {} must be [{}]", shapeStr(n.input(2)->shape()), m);
  }
  auto g = geometry(n);
  if (!g) return g.status();
  Shape out{x[0], m};
  for (auto& a : *g) out.push_back(a.out);
  setOutput(n, 0, DType::F32, out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto g = geometry(n);
  if (!g) return g.status();
  std::vector<AxisGeom> a = *g;
  while (a.size() < 3) a.insert(a.begin(), AxisGeom{1, 1, 1, 1, 1, 0});
  std::vector<int64_t> geo;
  for (auto f : {&AxisGeom::in, &AxisGeom::out, &AxisGeom::k, &AxisGeom::s, &AxisGeom::d, &AxisGeom::padBegin})
    for (auto& ax : a) geo.push_back(ax.*f);
  const Shape& x = n.input(0)->shape();
  const int64_t group = n.attrs().getInt("group", 1);
  KernelCall k("ta_conv_transpose_f32");
  k.in(n.input(0)).in(n.input(1)).inOpt(n.input(2), DType::F32).out(n.output(0));
  k.i(x[0]).i(x[1]).i(n.input(1)->shape()[1] * group).i(group).ints(geo);
  return Lowered{k};
}

int64_t macs(const Node& n) {
  const Shape& w = n.input(1)->shape();
  return n.input(0)->type().elements() * numElements(Shape(w.begin() + 1, w.end()));
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "ConvTranspose", .minOpset = 1, .infer = infer, .lower = lower, .macs = macs,
                      .dtypes = "float32",
                      .notes = "1-D, 2-D and 3-D; groups, dilations, pads, output_padding, output_shape, auto_pad"}));

}  // namespace tinyaot
