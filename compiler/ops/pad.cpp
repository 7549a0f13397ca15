// Pad: constant, reflect, edge and wrap modes, up to 6 dimensions.
// Opset < 11 keeps pads/value as attributes; newer opsets take constant inputs.
#include "ops/op_util.h"
#include "quant/lower_q8.h"

namespace tinyaot {
namespace {

const std::vector<DType> kAny = {DType::F32, DType::F64, DType::I8, DType::U8, DType::I16, DType::U16,
                                 DType::I32, DType::U32, DType::I64, DType::U64, DType::Bool};

Status canonicalize(Node& n, Graph& g) {
  if (n.opset() >= 11) {
    // An int8/uint8 Pad in a file pads with the code 0 (ONNX's default), not
    // with the zero point a quantized Pad of the IR uses by default: say so.
    const DType dt = n.input(0)->dtype();
    if ((dt == DType::I8 || dt == DType::U8) && !n.input(2) && n.attrs().getString("mode", "constant") == "constant") {
      std::vector<Value*> ins{n.input(0), n.input(1)};
      ins.push_back(g.addConstant(g.uniqueName(n.name() + "_value"), TensorType{dt, {}, std::nullopt}, {0}));
      if (n.input(3)) ins.push_back(n.input(3));
      g.setInputs(&n, ins);
    }
    return Status::ok();
  }
  auto pads = n.attrs().getInts("pads", n.attrs().getInts("paddings"));
  const float value = n.attrs().getFloat("value", 0.0f);
  n.attrs().erase("pads");
  n.attrs().erase("paddings");
  n.attrs().erase("value");
  Value* p = g.addConstantOf<int64_t>(n.name() + "_pads", DType::I64, {int64_t(pads.size())}, pads);
  std::vector<Value*> ins{n.input(0), p};
  if (n.input(0)->dtype() == DType::F32) ins.push_back(g.addConstantOf<float>(n.name() + "_value", DType::F32, {}, {value}));
  g.setInputs(&n, ins);
  return Status::ok();
}

struct PadSpec { std::vector<int64_t> begin, end; };

Expected<PadSpec> spec(const Node& n) {
  const int64_t r = int64_t(n.input(0)->shape().size());
  auto pads = n.input(1)->intData();
  std::vector<int64_t> axes;
  if (n.input(3)) {
    TA_TRY(expectConstant(n, 3, "axes"));
    for (int64_t a : n.input(3)->intData()) {
      auto ax = normAxis(n, a, r);
      if (!ax) return ax.status();
      axes.push_back(*ax);
    }
  } else {
    for (int64_t i = 0; i < r; ++i) axes.push_back(i);
  }
  if (pads.size() != 2 * axes.size())
    return nodeErrorf(n, "pads has {} entries, expected {}", pads.size(), 2 * axes.size());
  PadSpec s{std::vector<int64_t>(r, 0), std::vector<int64_t>(r, 0)};
  for (size_t i = 0; i < axes.size(); ++i) {
    s.begin[axes[i]] = pads[i];
    s.end[axes[i]] = pads[i + axes.size()];
    if (pads[i] < 0 || pads[i + axes.size()] < 0) return nodeErrorf(n, "negative pads (cropping) are not supported");
  }
  return s;
}

int modeCode(const std::string& m) {
  return m == "constant" ? 0 : m == "reflect" ? 1 : m == "edge" ? 2 : m == "wrap" ? 3 : -1;
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 4));
  TA_TRY(expectAttrsIn(n, {"mode"}));
  TA_TRY(expectDType(n, 0, kAny));
  TA_TRY(expectDType(n, 1, {DType::I64}));
  TA_TRY(expectConstant(n, 1, "pads"));
  TA_TRY(expectConstant(n, 2, "constant_value"));
  if (modeCode(n.attrs().getString("mode", "constant")) < 0)
    return nodeErrorf(n, "mode '{}' is not supported", n.attrs().getString("mode", ""));
  if (n.input(0)->shape().size() > 6) return nodeErrorf(n, "more than 6 dimensions are not supported");
  auto s = spec(n);
  if (!s) return s.status();
  Shape out = n.input(0)->shape();
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == 0 && s->begin[i] + s->end[i] > 0 && n.attrs().getString("mode", "constant") != "constant")
      return nodeErrorf(n, "cannot {}-pad an empty axis", n.attrs().getString("mode", ""));
    out[i] += s->begin[i] + s->end[i];
  }
  setOutput(n, 0, n.input(0)->dtype(), out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto s = spec(n);
  if (!s) return s.status();
  auto pad6 = [](std::vector<int64_t> v, int64_t fill) {
    v.insert(v.begin(), 6 - v.size(), fill);
    return v;
  };
  KernelCall k("ta_pad", {ctype(n.input(0))});
  k.in(n.input(0)).out(n.output(0)).ints(pad6(n.input(0)->shape(), 1)).ints(pad6(n.output(0)->shape(), 1));
  k.ints(pad6(s->begin, 0)).i(modeCode(n.attrs().getString("mode", "constant")));
  Value* cv = n.input(2);
  if (isFloat(n.input(0)->dtype())) k.f(cv ? cv->doubleData().at(0) : 0.0);
  else k.i(cv ? cv->intData().at(0) : padValueQ8(n));  // int8: the zero point
  return finishMoveQ8(n, Lowered{k});
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Pad", .minOpset = 2, .canonicalize = canonicalize, .infer = infer, .lower = lower, .movesCodes = true,
                      .dtypes = "all", .notes = "constant, reflect, edge, wrap; pads must be compile-time constants; no negative pads"}));

}  // namespace tinyaot
