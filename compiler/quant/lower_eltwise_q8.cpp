// int8/uint8 element-wise ops: Add and Mul (TensorFlow Lite arithmetic),
// any unary float function as a compile-time lookup table, and Softmax.
#include <cmath>
#include <cstring>

#include "eval/evaluator.h"
#include "quant/lower_q8.h"
#include "tinyaot_rt.h"

namespace tinyaot {

namespace {

// Runs the float version of the unary node `n` (same op, attributes and
// constant parameters, dequantized when int8) on `xs`, with the float
// kernel itself.
Expected<std::vector<float>> evalFloatUnary(const Node& n, const std::vector<float>& xs) {
  Graph g;
  Value* x = g.addValue("x", TensorType{DType::F32, {int64_t(xs.size())}, std::nullopt});
  g.addInput(x);
  std::vector<Value*> ins{x};
  for (size_t i = 1; i < n.numInputs(); ++i) {
    const Value* v = n.input(i);
    if (!v) {
      ins.push_back(nullptr);
      continue;
    }
    if (!v->isConstant()) return nodeErrorf(n, "input {} ('{}') must be a constant for an int8 lookup table", i, v->name());
    std::vector<float> f;
    const auto& q = v->type().quant;
    for (double d : v->doubleData())
      f.push_back(q && isQ8(v->dtype()) ? float(d - q->zeroPoint[0]) * q->scale[0] : float(d));
    ins.push_back(g.addConstantOf<float>(v->name(), DType::F32, v->shape(), f));
  }
  Value* y = g.addValue("y", TensorType{});
  Node* m = g.addNode(n.op(), n.name(), ins, {y}, n.opset(), nullptr, n.domain());
  for (auto& [k, a] : n.attrs().all())
    if (k.rfind("ta.", 0) != 0) m->attrs().set(k, a);
  g.addOutput(y);
  const OpDef* def = findOp(n.op());
  if (!def || !def->infer || !def->lower) return nodeErrorf(n, "int8 {} is not supported", n.op());
  Status st = def->infer(*m, g);
  if (!st.isOk()) return nodeErrorf(n, "int8 {} has no float form to tabulate: {}", n.op(), st.message());
  if (y->dtype() != DType::F32 || y->shape() != x->shape())
    return nodeErrorf(n, "int8 {} is not supported: it is not an element-wise float function", n.op());
  Tensor t(x->type());
  std::memcpy(t.data.data(), xs.data(), xs.size() * sizeof(float));
  Evaluator ev(g);
  auto r = ev.run({t});
  if (!r) return r.status();
  return (*r)[0].vec<float>();
}

// The 256 codes of an int8/uint8 type, in byte-pattern order, dequantized
// with the very kernel DequantizeLinear uses.
std::vector<float> dequantizedCodes(const Value* x) {
  std::vector<float> out(256);
  const float s = float(scaleOf(x));
  const int32_t z = zeroPointOf(x);
  if (x->dtype() == DType::I8) {
    int8_t codes[256];
    for (int b = 0; b < 256; ++b) codes[b] = int8_t(uint8_t(b));
    ::tinyaot_rt::ta_dequantize_f32<int8_t>(codes, out.data(), 1, 1, 256, &s, &z);
  } else {
    uint8_t codes[256];
    for (int b = 0; b < 256; ++b) codes[b] = uint8_t(b);
    ::tinyaot_rt::ta_dequantize_f32<uint8_t>(codes, out.data(), 1, 1, 256, &s, &z);
  }
  return out;
}

// Quantizes with the QuantizeLinear kernel and clamps to [r.lo, r.hi].
std::vector<int64_t> quantizeCodes(const std::vector<float>& f, const Value* y, QRange r) {
  const float s = float(scaleOf(y));
  const int32_t z = zeroPointOf(y);
  std::vector<int64_t> out(f.size());
  std::vector<int32_t> q(f.size());
  ::tinyaot_rt::ta_quantize_f32<int32_t>(f.data(), q.data(), 1, 1, int32_t(f.size()), &s, &z, r.lo, r.hi);
  for (size_t i = 0; i < f.size(); ++i) out[i] = q[i];
  return out;
}

}  // namespace

Status inferBinaryQ8(Node& n) {
  if (n.op() != "Add" && n.op() != "Mul")
    return nodeErrorf(n, "int8 {} is not supported (Add and Mul are); keep it in float with DequantizeLinear before it",
                      n.op());
  const Value *a = n.input(0), *b = n.input(1);
  TA_TRY(expectQuantActivation(n, a, "input 0"));
  TA_TRY(expectQuantActivation(n, b, "input 1"));
  if (a->dtype() != b->dtype()) return nodeErrorf(n, "operands mix int8 and uint8");
  auto out = broadcastShapes(a->shape(), b->shape());
  if (!out) return nodeErrorf(n, "shapes {} and {} do not broadcast", shapeStr(a->shape()), shapeStr(b->shape()));
  setOutput(n, 0, a->dtype(), *out);
  return expectQuantOutput(n);
}

Expected<Lowered> lowerBinaryQ8(const Node& n, const LowerContext&) {
  Value *a = n.input(0), *b = n.input(1), *y = n.output(0);
  const Shape& out = y->shape();
  Collapsed c = collapseForKernel(out, {broadcastStrides(a->shape(), out), broadcastStrides(b->shape(), out)});
  if (c.dims.size() > 6) return nodeErrorf(n, "broadcast needs more than 6 dimensions");
  const QRange r = outputClamp(n, y);
  const double sa = scaleOf(a), sb = scaleOf(b), sy = scaleOf(y);
  std::vector<int64_t> p{zeroPointOf(a), zeroPointOf(b)};
  KernelCall k(n.op() == "Add" ? "ta_add_q8" : "ta_mul_q8", {ctype(y)});
  if (n.op() == "Add") {
    // TensorFlow Lite: a common scale of 2 * max(sa, sb), 20 bits of headroom.
    const int leftShift = 20;
    const double twice = 2.0 * std::max(sa, sb);
    auto m = multipliers(n, {sa / twice, sb / twice, twice / (double(1 << leftShift) * sy)});
    if (!m) return m.status();
    p.insert(p.end(), {leftShift, (*m)[0].mult, (*m)[0].shift, (*m)[1].mult, (*m)[1].shift, (*m)[2].mult, (*m)[2].shift});
  } else {
    auto m = multipliers(n, {sa * sb / sy});
    if (!m) return m.status();
    p.insert(p.end(), {(*m)[0].mult, (*m)[0].shift});
  }
  p.insert(p.end(), {zeroPointOf(y), r.lo, r.hi});
  k.in(a).in(b).out(y).ints(c.dims).ints(c.strides[0]).ints(c.strides[1]).ints(p);
  return Lowered{k};
}

Status inferLutQ8(Node& n) {
  const Value *x = n.input(0), *y = n.output(0);
  TA_TRY(expectQuantActivation(n, x, "the input"));
  const DType dt = isQ8(y->dtype()) && y->type().quant ? y->dtype() : x->dtype();
  setOutput(n, 0, dt, x->shape());
  TA_TRY(expectQuantOutput(n, true));
  auto f = evalFloatUnary(n, {0.0f});  // reports ops without a float form now
  return f ? Status::ok() : f.status();
}

Expected<Lowered> lowerLutQ8(const Node& n, const LowerContext&) {
  Value *x = n.input(0), *y = n.output(0);
  auto f = evalFloatUnary(n, dequantizedCodes(x));
  if (!f) return f.status();
  KernelCall k("ta_lut_q8", {ctype(x), ctype(y)});
  k.in(x).out(y).i(y->type().elements()).ints(quantizeCodes(*f, y, outputClamp(n, y)), y->dtype());
  return Lowered{k};
}

Status inferSoftmaxQ8(Node& n) {
  if (n.op() != "Softmax") return nodeErrorf(n, "int8 {} is not supported (Softmax is)", n.op());
  TA_TRY(expectQuantActivation(n, n.input(0), "the input"));
  return expectQuantOutput(n);
}

Expected<Lowered> lowerSoftmaxQ8(const Node& n, int64_t outer, int64_t len, int64_t inner) {
  Value *x = n.input(0), *y = n.output(0);
  std::vector<int64_t> table(256);
  for (int d = 0; d < 256; ++d) table[size_t(d)] = std::llround(std::ldexp(std::exp(-scaleOf(x) * d), 24));
  auto m = multipliers(n, {std::ldexp(1.0, -30) / scaleOf(y)});
  if (!m) return m.status();
  const QRange r = outputClamp(n, y);
  KernelCall k("ta_softmax_q8", {ctype(x)});
  k.in(x).out(y).i(outer).i(len).i(inner).ints(table).i((*m)[0].mult).i((*m)[0].shift).i(zeroPointOf(y));
  k.i(r.lo).i(r.hi);
  return Lowered{k};
}

}  // namespace tinyaot
