// Ops whose results are known at compile time: Shape, Size (from static
// shapes), and Range, ConstantOfShape (from constant inputs). Inference
// turns their outputs into constants; no code runs for them.
#include <algorithm>
#include <cmath>

#include "ops/elementwise.h"
#include "ops/op_util.h"

namespace tinyaot {
namespace {

// Range outputs larger than this are almost certainly a mistake for a microcontroller.
constexpr int64_t kMaxConstantElements = int64_t(1) << 24;

void makeConstantOutput(Node& n, Graph& g, DType dt, Shape shape, std::vector<uint8_t> bytes) {
  setOutput(n, 0, dt, std::move(shape));
  g.makeConstant(n.output(0), std::move(bytes));
}

template <class T>
std::vector<uint8_t> toBytes(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(b.data(), v.data(), b.size());
  return b;
}

Status inferShape(Node& n, Graph& g) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {"start", "end"}));
  TA_TRY(expectDType(n, 0, allDTypes()));
  const Shape& s = n.input(0)->shape();
  const int64_t rank = int64_t(s.size());
  auto clampIndex = [&](int64_t i) { return std::clamp<int64_t>(i < 0 ? i + rank : i, 0, rank); };
  const int64_t start = clampIndex(n.attrs().getInt("start", 0)), end = clampIndex(n.attrs().getInt("end", rank));
  std::vector<int64_t> v;
  for (int64_t i = start; i < end; ++i) v.push_back(s[i]);
  if (n.output(0)) makeConstantOutput(n, g, DType::I64, {int64_t(v.size())}, toBytes(v));
  return Status::ok();
}

Status inferSize(Node& n, Graph& g) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {}));
  TA_TRY(expectDType(n, 0, allDTypes()));
  if (n.output(0)) makeConstantOutput(n, g, DType::I64, {}, toBytes(std::vector<int64_t>{n.input(0)->type().elements()}));
  return Status::ok();
}

template <class T>
Status fillRange(Node& n, Graph& g, DType dt) {
  const T start = n.input(0)->dataAs<T>()[0], limit = n.input(1)->dataAs<T>()[0], delta = n.input(2)->dataAs<T>()[0];
  if (delta == T(0)) return nodeErrorf(n, "delta is 0");
  int64_t count;
  if constexpr (std::is_floating_point_v<T>) {
    const double c = std::ceil((double(limit) - double(start)) / double(delta));
    count = c > double(kMaxConstantElements) ? kMaxConstantElements + 1 : (c > 0 ? int64_t(c) : 0);  // NaN: 0
  } else {
    const int64_t span = int64_t(limit) - int64_t(start), d = int64_t(delta);
    count = span == 0 || (span > 0) != (d > 0) ? 0 : (span + d + (d > 0 ? -1 : 1)) / d;
  }
  if (count > kMaxConstantElements)
    return nodeErrorf(n, "the range has more than {} elements", kMaxConstantElements);
  std::vector<T> v(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) v[size_t(i)] = T(start + T(i) * delta);
  makeConstantOutput(n, g, dt, {count}, toBytes(v));
  return Status::ok();
}

Status inferRange(Node& n, Graph& g) {
  TA_TRY(expectInputs(n, 3, 3));
  TA_TRY(expectAttrsIn(n, {}));
  const char* names[] = {"start", "limit", "delta"};
  const DType dt = n.input(0)->dtype();
  for (size_t i = 0; i < 3; ++i) {
    TA_TRY(expectDType(n, i, {DType::F32, DType::F64, DType::I16, DType::I32, DType::I64}));
    if (n.input(i)->dtype() != dt) return nodeErrorf(n, "start, limit and delta must have the same dtype");
    if (n.input(i)->type().elements() != 1) return nodeErrorf(n, "{} must be a scalar", names[i]);
    TA_TRY(expectConstant(n, i, names[i]));
  }
  if (!n.output(0)) return Status::ok();
  switch (dt) {
    case DType::F32: return fillRange<float>(n, g, dt);
    case DType::F64: return fillRange<double>(n, g, dt);
    case DType::I16: return fillRange<int16_t>(n, g, dt);
    case DType::I32: return fillRange<int32_t>(n, g, dt);
    default: return fillRange<int64_t>(n, g, dt);
  }
}

Status inferConstantOfShape(Node& n, Graph& g) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {"value"}));
  TA_TRY(expectDType(n, 0, {DType::I64}));
  TA_TRY(expectRank(n, 0, 1, 1));
  TA_TRY(expectConstant(n, 0, "the shape"));
  const Shape shape = n.input(0)->intData();
  for (int64_t d : shape)
    if (d < 0) return nodeErrorf(n, "shape {} has a negative dimension", shapeStr(shape));
  if (numElements(shape) > kMaxConstantElements)
    return nodeErrorf(n, "the output has more than {} elements", kMaxConstantElements);
  DType dt = DType::F32;
  std::vector<uint8_t> one(4, 0);  // default: float32 0
  if (const Attribute* a = n.attrs().find("value")) {
    if (a->kind != Attribute::Kind::Tensor || a->tensorType.elements() != 1)
      return nodeErrorf(n, "attribute 'value' must be a one-element tensor");
    dt = a->tensorType.dtype;
    one = a->tensorData;
  }
  std::vector<uint8_t> bytes;
  bytes.reserve(size_t(numElements(shape)) * one.size());
  for (int64_t i = 0; i < numElements(shape); ++i) bytes.insert(bytes.end(), one.begin(), one.end());
  if (n.output(0)) makeConstantOutput(n, g, dt, shape, std::move(bytes));
  return Status::ok();
}

Expected<Lowered> lowerNothing(const Node& n, const LowerContext&) {
  return nodeErrorf(n, "internal: the output should have become a constant at load time");
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Shape", .minOpset = 1, .infer = inferShape, .lower = lowerNothing, .dtypes = "all",
                      .notes = "a compile-time constant; start/end (opset 15)"}));
TA_REGISTER_OP((OpDef{.name = "Size", .minOpset = 1, .infer = inferSize, .lower = lowerNothing, .dtypes = "all",
                      .notes = "a compile-time constant"}));
TA_REGISTER_OP((OpDef{.name = "Range", .minOpset = 11, .infer = inferRange, .lower = lowerNothing,
                      .dtypes = "float32, float64, int16, int32, int64",
                      .notes = "start, limit and delta must be compile-time constants; the result is a constant"}));
TA_REGISTER_OP((OpDef{.name = "ConstantOfShape", .minOpset = 9, .infer = inferConstantOfShape, .lower = lowerNothing,
                      .dtypes = "all", .notes = "the shape must be a compile-time constant; the result is a constant"}));

}  // namespace tinyaot
