// Reshape-like ops: the output is the input's bytes under a new shape, so
// they are zero-copy aliases (no kernel). Reshape, Flatten, Squeeze,
// Unsqueeze, Identity, Dropout (inference).
#include <algorithm>
#include <set>

#include "ops/op_util.h"

namespace tinyaot {
namespace {

const std::vector<DType> kAny = {DType::F32, DType::F64, DType::I8, DType::U8, DType::I16, DType::U16,
                                 DType::I32, DType::U32, DType::I64, DType::U64, DType::Bool};

void setAliasOutput(Node& n, Shape shape) {
  TensorType t = n.input(0)->type();
  t.shape = std::move(shape);
  n.output(0)->setType(t);
}

// Opset < 5 Reshape carries the shape as an attribute.
Status canonicalizeReshape(Node& n, Graph& g) {
  if (n.opset() >= 5) return Status::ok();
  auto shape = n.attrs().getInts("shape");
  n.attrs().erase("shape");
  n.attrs().erase("consumed_inputs");
  Value* s = g.addConstantOf<int64_t>(n.name() + "_shape", DType::I64, {int64_t(shape.size())}, shape);
  g.setInputs(&n, {n.input(0), s});
  return Status::ok();
}

Status inferReshape(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 2));
  TA_TRY(expectAttrsIn(n, {"allowzero"}));
  TA_TRY(expectDType(n, 0, kAny));
  TA_TRY(expectDType(n, 1, {DType::I64}));
  TA_TRY(expectConstant(n, 1, "the target shape"));
  const bool allowZero = n.attrs().getInt("allowzero", 0) != 0;
  const Shape& in = n.input(0)->shape();
  Shape out = n.input(1)->intData();
  int64_t known = 1, inferIdx = -1;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == 0 && !allowZero) {
      if (i >= in.size()) return nodeErrorf(n, "shape entry {} is 0 but the input has rank {}", i, in.size());
      out[i] = in[i];
    }
    if (out[i] == -1) {
      if (inferIdx >= 0) return nodeErrorf(n, "shape has more than one -1");
      inferIdx = int64_t(i);
    } else if (out[i] < 0) {
      return nodeErrorf(n, "shape entry {} is {}", i, out[i]);
    } else {
      known *= out[i];
    }
  }
  const int64_t total = numElements(in);
  if (inferIdx >= 0) {
    if (known == 0 || total % known) return nodeErrorf(n, "cannot reshape {} into {}", shapeStr(in), shapeStr(n.input(1)->intData()));
    out[inferIdx] = total / known;
  }
  if (numElements(out) != total)
    return nodeErrorf(n, "cannot reshape {} ({} elements) into {}", shapeStr(in), total, shapeStr(out));
  setAliasOutput(n, out);
  return Status::ok();
}

Status inferFlatten(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {"axis"}));
  TA_TRY(expectDType(n, 0, kAny));
  const Shape& in = n.input(0)->shape();
  const int64_t rank = int64_t(in.size());
  int64_t axis = n.attrs().getInt("axis", 1);
  if (axis < 0) axis += rank;
  if (axis < 0 || axis > rank) return nodeErrorf(n, "axis {} is out of range for rank {}", n.attrs().getInt("axis", 1), rank);
  int64_t a = 1, b = 1;
  for (int64_t i = 0; i < rank; ++i) (i < axis ? a : b) *= in[i];
  setAliasOutput(n, {a, b});
  return Status::ok();
}

// Squeeze/Unsqueeze axes: attribute before opset 13, constant input after.
Expected<std::vector<int64_t>> axesOf(const Node& n) {
  if (n.input(1)) {
    TA_TRY(expectConstant(n, 1, "axes"));
    return n.input(1)->intData();
  }
  return n.attrs().getInts("axes");
}

Status inferSqueeze(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 2));
  TA_TRY(expectAttrsIn(n, {"axes"}));
  TA_TRY(expectDType(n, 0, kAny));
  auto axes = axesOf(n);
  if (!axes) return axes.status();
  const Shape& in = n.input(0)->shape();
  std::set<int64_t> drop;
  for (int64_t a : *axes) {
    auto ax = normAxis(n, a, int64_t(in.size()));
    if (!ax) return ax.status();
    if (in[*ax] != 1) return nodeErrorf(n, "cannot squeeze axis {} of size {}", a, in[*ax]);
    drop.insert(*ax);
  }
  Shape out;
  for (size_t i = 0; i < in.size(); ++i)
    if (axes->empty() ? in[i] != 1 : !drop.count(int64_t(i))) out.push_back(in[i]);
  setAliasOutput(n, out);
  return Status::ok();
}

Status inferUnsqueeze(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 2));
  TA_TRY(expectAttrsIn(n, {"axes"}));
  TA_TRY(expectDType(n, 0, kAny));
  auto axes = axesOf(n);
  if (!axes) return axes.status();
  const Shape& in = n.input(0)->shape();
  const int64_t rank = int64_t(in.size() + axes->size());
  std::set<int64_t> ins;
  for (int64_t a : *axes) {
    auto ax = normAxis(n, a, rank);
    if (!ax) return ax.status();
    if (!ins.insert(*ax).second) return nodeErrorf(n, "axis {} is repeated", a);
  }
  Shape out;
  size_t k = 0;
  for (int64_t i = 0; i < rank; ++i) out.push_back(ins.count(i) ? 1 : in[k++]);
  setAliasOutput(n, out);
  return Status::ok();
}

Status inferIdentity(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {}));
  TA_TRY(expectDType(n, 0, kAny));
  setAliasOutput(n, n.input(0)->shape());
  return Status::ok();
}

// Inference Dropout is the identity, and its mask is all true. Training mode
// is random, except with ratio 0 (the identity again).
Status inferDropout(Node& n, Graph& g) {
  TA_TRY(expectInputs(n, 1, 3));
  TA_TRY(expectAttrsIn(n, {"ratio", "seed", "is_test", "consumed_inputs"}));
  TA_TRY(expectDType(n, 0, kAny));
  bool training = n.opset() < 7 && n.attrs().getInt("is_test", 0) == 0;
  if (Value* t = n.input(2)) {
    TA_TRY(expectConstant(n, 2, "training_mode"));
    training = t->intData().at(0) != 0;
  }
  double ratio = n.attrs().getFloat("ratio", 0.5f);
  if (Value* r = n.input(1)) {
    TA_TRY(expectConstant(n, 1, "ratio"));
    ratio = r->doubleData().at(0);
  }
  if (training && ratio != 0)
    return nodeErrorf(n, "training-mode Dropout (ratio {}) is random and not supported; only inference mode or "
                         "ratio 0", ratio);
  if (Value* mask = n.output(1)) {
    if (n.opset() < 10)
      return nodeErrorf(n, "the mask output before opset 10 (dtype of the input) is not supported");
    mask->setType(TensorType{DType::Bool, n.input(0)->shape(), std::nullopt});
    g.makeConstant(mask, std::vector<uint8_t>(size_t(n.input(0)->type().elements()), 1));
  }
  setAliasOutput(n, n.input(0)->shape());
  return Status::ok();
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Reshape", .minOpset = 1, .canonicalize = canonicalizeReshape, .infer = inferReshape,
                      .alias = true, .dtypes = "all", .notes = "shape must be a compile-time constant; zero-copy"}));
TA_REGISTER_OP((OpDef{.name = "Flatten", .minOpset = 1, .infer = inferFlatten, .alias = true, .dtypes = "all",
                      .notes = "zero-copy"}));
TA_REGISTER_OP((OpDef{.name = "Squeeze", .minOpset = 1, .infer = inferSqueeze, .alias = true, .dtypes = "all",
                      .notes = "axes must be a compile-time constant; zero-copy"}));
TA_REGISTER_OP((OpDef{.name = "Unsqueeze", .minOpset = 1, .infer = inferUnsqueeze, .alias = true, .dtypes = "all",
                      .notes = "axes must be a compile-time constant; zero-copy"}));
TA_REGISTER_OP((OpDef{.name = "Identity", .minOpset = 1, .infer = inferIdentity, .alias = true, .dtypes = "all",
                      .notes = "zero-copy"}));
TA_REGISTER_OP((OpDef{.name = "Dropout", .minOpset = 1, .infer = inferDropout, .alias = true, .dtypes = "all",
                      .notes = "inference (or ratio 0): the identity; the mask output is a constant all-true tensor (opset 10+)"}));

}  // namespace tinyaot
