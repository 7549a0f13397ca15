// The quantize pass's graph rewriting (compiler/quant/ptq.cpp), checked
// structurally with given calibration statistics: int8 types and parameters,
// quantized weights and biases, boundary nodes, shared parameters.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <functional>

#include "ops/registry.h"
#include "quant/ptq_internal.h"

using namespace tinyaot;

namespace {

Value* addOp(Graph& g, const std::string& op, const std::string& name, std::vector<Value*> ins,
             const std::function<void(Node&)>& attrs = {}) {
  Value* out = g.addValue(name + "_out", {});
  Node* n = g.addNode(op, name, std::move(ins), {out}, 13);
  if (attrs) attrs(*n);
  Status s = findOp(op)->infer(*n, g);
  INFO(s.message());
  REQUIRE(s.isOk());
  return out;
}

TensorStats range(double lo, double hi) {
  TensorStats s;
  float v[2] = {float(lo), float(hi)};
  s.add(v, 2);
  return s;
}

Node* producerOp(const Value* v) { return v ? v->producer() : nullptr; }

template <class T>
std::vector<T> dataOf(const Value* v) {
  std::vector<T> out(v->data().size() / sizeof(T));
  std::memcpy(out.data(), v->data().data(), v->data().size());
  return out;
}

// x[1,1,4,4] -> Conv(2 filters, 3x3, pad 1, fused ReLU) -> MaxPool 2x2 -> Flatten
// -> Gemm(alpha 2, B [8,3], C [3]) -> LogSoftmax (no int8 form) -> output
struct SmallCnn {
  Graph g;
  StatsMap stats;
  std::vector<float> w, b, gb, gc;
  SmallCnn() {
    Value* x = g.addValue("x", {DType::F32, {1, 1, 4, 4}, std::nullopt});
    g.addInput(x);
    g.inputNames = {"x"};
    w.assign(18, 0.0f);
    for (int i = 0; i < 18; ++i) w[size_t(i)] = (i < 9 ? 0.01f : -0.02f) * float(i % 9 + 1);  // max|w|: 0.09, 0.18
    b = {0.05f, -0.3f};
    Value* wv = g.addConstantOf<float>("W", DType::F32, {2, 1, 3, 3}, w);
    Value* bv = g.addConstantOf<float>("Bc", DType::F32, {2}, b);
    Value* c = addOp(g, "Conv", "conv", {x, wv, bv}, [](Node& n) {
      n.attrs().setInts("pads", {1, 1, 1, 1});
      n.attrs().setFloat("ta.act_min", 0.0f);
    });
    Value* p = addOp(g, "MaxPool", "pool", {c}, [](Node& n) {
      n.attrs().setInts("kernel_shape", {2, 2});
      n.attrs().setInts("strides", {2, 2});
    });
    Value* f = addOp(g, "Flatten", "flatten", {p});
    for (int i = 0; i < 24; ++i) gb.push_back(float(i % 7) * 0.1f - 0.3f * float(i % 3));
    gc = {0.5f, -0.25f, 1.0f};
    Value* gbv = g.addConstantOf<float>("Bg", DType::F32, {8, 3}, gb);
    Value* gcv = g.addConstantOf<float>("Cg", DType::F32, {3}, gc);
    Value* y = addOp(g, "Gemm", "fc", {f, gbv, gcv}, [](Node& n) { n.attrs().setFloat("alpha", 2.0f); });
    Value* out = addOp(g, "LogSoftmax", "logsoftmax", {y});
    g.addOutput(out);
    g.outputNames = {"output"};
    REQUIRE(g.verify().isOk());
    stats["x"] = range(0, 1);
    stats["conv_out"] = range(0, 4);
    stats["pool_out"] = range(0, 3.5);
    stats["flatten_out"] = range(0, 3.5);
    stats["fc_out"] = range(-5, 5);
    stats["logsoftmax_out"] = range(-10, 0);
  }
};

}  // namespace

TEST_CASE("ptq: a small CNN with float I/O", "[ptq][pass]") {
  SmallCnn m;
  Graph& g = m.g;
  QuantizeOptions o;
  auto r = quantizeWithStats(g, m.stats, o);
  REQUIRE(r);
  CHECK(r->report.quantizedNodes == 4);
  REQUIRE(r->report.floatNodes.size() == 1);
  CHECK(r->report.floatNodes[0].name == "logsoftmax");
  CHECK(r->report.boundaryNodes == 2);

  Node* conv = g.findValue("conv_out")->producer();
  // Entry: QuantizeLinear(x) with the parameters of x's range [0, 1].
  Node* q = producerOp(conv->input(0));
  REQUIRE(q);
  CHECK(q->op() == "QuantizeLinear");
  CHECK(q->input(0) == g.inputs()[0]);
  const QuantParams& xq = *conv->input(0)->type().quant;
  CHECK(xq.scale[0] == Approx(1.0 / 255));
  CHECK(xq.zeroPoint[0] == -128);
  CHECK(q->input(1)->doubleData()[0] == Approx(1.0 / 255));
  CHECK(q->input(2)->dtype() == DType::I8);
  CHECK(q->input(2)->intData()[0] == -128);

  // Conv weights: int8, per output channel (axis 0), zero point 0.
  const Value* wq = conv->input(1);
  REQUIRE(wq->isConstant());
  CHECK(wq->dtype() == DType::I8);
  REQUIRE(wq->type().quant);
  CHECK(wq->type().quant->axis == 0);
  REQUIRE(wq->type().quant->scale.size() == 2);
  CHECK(wq->type().quant->scale[0] == Approx(0.09 / 127));
  CHECK(wq->type().quant->scale[1] == Approx(0.18 / 127));
  CHECK(wq->type().quant->zeroPoint == std::vector<int32_t>{0, 0});
  auto wd = dataOf<int8_t>(wq);
  for (size_t i = 0; i < 18; ++i) {
    const double s = wq->type().quant->scale[i / 9];
    CHECK(int(wd[i]) == int(std::nearbyint(m.w[i] / s)));
  }
  // Bias: int32 at in_scale * w_scale[c].
  const Value* bq = conv->input(2);
  CHECK(bq->dtype() == DType::I32);
  REQUIRE(bq->type().quant);
  for (size_t c = 0; c < 2; ++c) {
    const double s = double(xq.scale[0]) * double(wq->type().quant->scale[c]);
    CHECK(bq->type().quant->scale[c] == Approx(s));
    CHECK(dataOf<int32_t>(bq)[c] == int32_t(std::nearbyint(m.b[c] / s)));
  }
  CHECK(conv->attrs().getFloat("ta.act_min", -1.0f) == 0.0f);  // the fused ReLU stays an attribute

  // Conv, MaxPool and Flatten share one set of parameters: the union of their ranges.
  const Value* c = g.findValue("conv_out");
  const QuantParams cq = *c->type().quant;
  CHECK(c->dtype() == DType::I8);
  CHECK(cq.scale[0] == Approx(4.0 / 255));
  CHECK(cq.zeroPoint[0] == -128);
  CHECK(*g.findValue("pool_out")->type().quant == cq);
  CHECK(*g.findValue("flatten_out")->type().quant == cq);

  // Gemm: alpha folded into the weights, per output column (axis 1).
  Node* fc = g.findValue("fc_out")->producer();
  CHECK_FALSE(fc->attrs().has("alpha"));
  const Value* gw = fc->input(1);
  REQUIRE(gw->type().quant);
  CHECK(gw->type().quant->axis == 1);
  REQUIRE(gw->type().quant->scale.size() == 3);
  for (size_t n = 0; n < 3; ++n) {
    double amax = 0;
    for (size_t k = 0; k < 8; ++k) amax = std::max(amax, std::fabs(2.0 * m.gb[k * 3 + n]));
    CHECK(gw->type().quant->scale[n] == Approx(amax / 127));
    const double bs = double(cq.scale[0]) * double(gw->type().quant->scale[n]);
    CHECK(dataOf<int32_t>(fc->input(2))[n] == int32_t(std::nearbyint(m.gc[n] / bs)));
  }
  CHECK(g.findValue("fc_out")->type().quant->scale[0] == Approx(10.0 / 255));

  // LogSoftmax stays float behind a DequantizeLinear; the output stays float.
  Node* ls = g.outputs()[0]->producer();
  CHECK(ls->op() == "LogSoftmax");
  REQUIRE(producerOp(ls->input(0)));
  CHECK(producerOp(ls->input(0))->op() == "DequantizeLinear");
  CHECK(g.outputs()[0]->dtype() == DType::F32);
  CHECK(g.verify().isOk());
  {
    Status v = validateQuantized(g);
    INFO(v.message());
    CHECK(v.isOk());
  }
  // The report lists every non-constant int8 tensor.
  std::vector<std::string> names;
  for (const auto& t : r->report.tensors) names.push_back(t.name);
  CHECK(names == std::vector<std::string>{"x_q", "conv_out", "pool_out", "flatten_out", "fc_out"});
}

TEST_CASE("ptq: int8 I/O and per-tensor weights", "[ptq][pass]") {
  SmallCnn m;
  Graph& g = m.g;
  QuantizeOptions o;
  o.io = QuantIO::Int8;
  o.perTensorWeights = true;
  auto r = quantizeWithStats(g, m.stats, o);
  REQUIRE(r);
  const Value* x = g.inputs()[0];
  CHECK(x->dtype() == DType::I8);
  REQUIRE(x->type().quant);
  CHECK(x->type().quant->scale[0] == Approx(1.0 / 255));
  Node* conv = g.findValue("conv_out")->producer();
  CHECK(conv->input(0) == x);  // no QuantizeLinear at the entry
  CHECK(conv->input(1)->type().quant->scale.size() == 1);
  CHECK(conv->input(1)->type().quant->scale[0] == Approx(0.18 / 127));
  CHECK(conv->input(2)->type().quant->scale.size() == 1);
  // The float LogSoftmax output is quantized for the int8 interface.
  const Value* out = g.outputs()[0];
  CHECK(out->dtype() == DType::I8);
  REQUIRE(producerOp(out));
  CHECK(producerOp(out)->op() == "QuantizeLinear");
  CHECK(out->type().quant->scale[0] == Approx(10.0 / 255));
  CHECK(out->type().quant->zeroPoint[0] == 127);
  CHECK(g.verify().isOk());
}

TEST_CASE("ptq: Concat inputs share parameters; Softmax output is fixed", "[ptq][pass]") {
  Graph g;
  Value* a = g.addValue("a", {DType::F32, {1, 4}, std::nullopt});
  Value* b = g.addValue("b", {DType::F32, {1, 4}, std::nullopt});
  g.addInput(a);
  g.addInput(b);
  g.inputNames = {"a", "b"};
  Value* ra = addOp(g, "Relu", "ra", {a});
  Value* rb = addOp(g, "Relu", "rb", {b});
  Value* sa = addOp(g, "Softmax", "sa", {a});
  Value* cat = addOp(g, "Concat", "cat", {ra, rb}, [](Node& n) { n.attrs().setInt("axis", 1); });
  Value* cat2 = addOp(g, "Concat", "cat2", {sa, cat}, [](Node& n) { n.attrs().setInt("axis", 1); });
  g.addOutput(cat2);
  g.outputNames = {"y"};
  StatsMap st;
  st["a"] = range(-1, 1);
  st["b"] = range(-3, 3);
  st["ra_out"] = range(0, 1);
  st["rb_out"] = range(0, 3);
  st["sa_out"] = range(0, 1);
  st["cat_out"] = range(0, 3);
  st["cat2_out"] = range(0, 3);
  auto r = quantizeWithStats(g, st, QuantizeOptions{});
  REQUIRE(r);
  const QuantParams shared = *g.findValue("cat2_out")->type().quant;
  CHECK(shared.scale[0] == Approx(3.0 / 255));
  CHECK(*g.findValue("ra_out")->type().quant == shared);
  CHECK(*g.findValue("rb_out")->type().quant == shared);
  CHECK(*g.findValue("cat_out")->type().quant == shared);
  const QuantParams& sq = *g.findValue("sa_out")->type().quant;
  CHECK(sq.scale[0] == 1.0f / 256);
  CHECK(sq.zeroPoint[0] == -128);
  // The Softmax output keeps its fixed parameters; the Concat kernel
  // requantizes it while copying (no extra node).
  Node* cat2n = g.findValue("cat2_out")->producer();
  CHECK(cat2n->input(0) == g.findValue("sa_out"));
  CHECK(cat2n->input(1) == g.findValue("cat_out"));
  CHECK(r->report.boundaryNodes == 3);  // QuantizeLinear(a), QuantizeLinear(b), DequantizeLinear(output)
  // Float I/O: the int8 output is dequantized.
  CHECK(producerOp(g.outputs()[0])->op() == "DequantizeLinear");
  CHECK(g.verify().isOk());
  CHECK(validateQuantized(g).isOk());
}
