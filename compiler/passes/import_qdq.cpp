// import-qdq: turns QDQ groups of an already-quantized ONNX model
//   DequantizeLinear(s) -> Op -> [Relu/Clip ->] QuantizeLinear
// into the Op on int8/uint8 tensors (the quantized-graph contract,
// docs/quantization.md), as written by ONNX Runtime's quantization tools and
// PyTorch's exporter: weights as int8 constants + DequantizeLinear (per
// tensor or per channel), bias as int32 + DequantizeLinear or as a float
// constant, a Relu/Clip between the op and its QuantizeLinear fused as an
// output clamp. A DequantizeLinear -> QuantizeLinear pair becomes
// TA_Requantize. QLinearConv and QLinearMatMul become Conv and MatMul on
// int8 tensors typed with their parameters (when these are consistent with
// the producers'; otherwise they stay and lower by themselves). The model's float inputs/outputs keep their
// QuantizeLinear/DequantizeLinear; a DequantizeLinear of a constant left over
// (weights of ops that stay float) is folded.
//
// Each candidate is rebuilt as a new node and checked with the op's own
// contract check (infer) before the original is replaced, so a group that
// the int8 lowering cannot run stays in float, exactly as written.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "eval/fold.h"
#include "ops/registry.h"
#include "passes/pass.h"
#include "quant/quant_util.h"

namespace tinyaot {

namespace {

enum class Role { Act, Weight, Bias, Const };

// The roles of a candidate op's inputs; empty when the op has no int8 form.
std::vector<Role> roles(const Node& n) {
  static const std::set<std::string> unary = {
      "AveragePool", "MaxPool", "GlobalAveragePool", "GlobalMaxPool", "Reshape", "Flatten", "Squeeze",
      "Unsqueeze", "Identity", "Transpose", "Pad", "Softmax", "Sigmoid", "Tanh", "Relu", "Clip",
      "LeakyRelu", "HardSwish", "HardSigmoid", "Resize"};
  const std::string& op = n.op();
  if (op == "Conv" || op == "Gemm") return {Role::Act, Role::Weight, Role::Bias};
  if (op == "MatMul") {
    const Node* p = n.input(1) ? n.input(1)->producer() : nullptr;
    const bool weight = p && p->op() == "DequantizeLinear" && p->input(0)->isConstant();
    return {Role::Act, weight ? Role::Weight : Role::Act};
  }
  if (op == "Add" || op == "Mul") return {Role::Act, Role::Act};
  if (op == "Concat") return std::vector<Role>(n.numInputs(), Role::Act);
  if (op == "Resize" && n.attrs().getString("coordinate_transformation_mode", "") == "tf_crop_and_resize")
    return {};  // its extrapolation value is a real number
  if (unary.count(op)) {
    std::vector<Role> r(n.numInputs(), Role::Const);
    if (!r.empty()) r[0] = Role::Act;
    return r;
  }
  return {};
}

// Ops whose lowering applies a fused output clamp (ta.act_min/max).
bool clampable(const std::string& op) {
  return op == "Conv" || op == "Gemm" || op == "MatMul" || op == "Add" || op == "Mul" || op == "AveragePool" ||
         op == "GlobalAveragePool";
}

struct Dq {
  Node* node = nullptr;
  Value* q = nullptr;  // the int8/uint8/int32 input
  QuantParams params;
};

// `v` as the output of a DequantizeLinear whose parameters are readable.
std::optional<Dq> dequantOf(Value* v) {
  Node* p = v ? v->producer() : nullptr;
  if (!p || p->op() != "DequantizeLinear") return std::nullopt;
  auto q = constQuantParams(*p, 1, 2, p->input(0)->shape(), p->attrs().getInt("axis", 1), true);
  if (!q) return std::nullopt;
  return Dq{p, p->input(0), *q};
}

struct Importer {
  Graph& g;
  int rewritten = 0;
  std::set<const Node*> erased;  // nodes of the pass's snapshot that are gone

  void erase(Node* n) {
    g.setInputs(n, {});
    g.eraseNode(n);
    erased.insert(n);
  }

  // The int8 tensor behind a DequantizeLinear, typed with its parameters.
  Value* typed(const Dq& d) { return typed(d.q, d.params); }
  Value* typed(Value* q, const QuantParams& params) {
    if (q->type().quant) return *q->type().quant == params ? q : nullptr;
    TensorType t = q->type();
    t.quant = params;
    if (q->isConstant()) {
      g.setConstantData(q, t, q->data());
      return q;
    }
    if (q->isGraphInput()) {  // an int8 model input: its parameters appear in the header
      q->setType(t);
      return q;
    }
    return nullptr;
  }

  // int32 bias at scale x_scale * w_scale[c] from a DequantizeLinear of int32
  // (kept as is when its scale is that product up to float rounding, else
  // rescaled) or from a float constant (quantized, round half to even).
  Value* bias(Value* b, double xs, const QuantParams& wq, int64_t channels) {
    std::vector<double> codes, scales;  // real = codes * scales
    if (auto d = dequantOf(b); d && d->q->isConstant() && d->q->dtype() == DType::I32) {
      const auto v = d->q->intData();
      for (size_t i = 0; i < v.size(); ++i) {
        const size_t c = d->params.perChannel() ? i : 0;
        codes.push_back(double(v[i] - d->params.zeroPoint[c]));
        scales.push_back(d->params.scale[c]);
      }
    } else if (b->isConstant() && b->dtype() == DType::F32) {
      codes = b->doubleData();
      scales.assign(codes.size(), 1.0);
    } else {
      return nullptr;
    }
    if (int64_t(codes.size()) != channels && codes.size() != 1) return nullptr;
    QuantParams q;
    std::vector<int32_t> data;
    for (int64_t c = 0; c < channels; ++c) {
      const size_t i = codes.size() == 1 ? 0 : size_t(c);
      const double s = xs * double(wq.scale[wq.perChannel() ? size_t(c) : 0]);
      const double ratio = scales[i] / s;
      const double v = std::nearbyint(std::abs(ratio - 1.0) < 1e-5 ? codes[i] : codes[i] * ratio);
      if (std::abs(v) > double(std::numeric_limits<int32_t>::max())) return nullptr;
      data.push_back(int32_t(v));
      q.scale.push_back(float(s));
      q.zeroPoint.push_back(0);
    }
    Shape shape = b->shape();
    if (numElements(shape) != channels) shape = {channels};
    Value* out = g.addConstantOf<int32_t>(g.uniqueName(b->name() + "_q"), DType::I32, shape, data);
    TensorType t = out->type();
    t.quant = q;
    g.setConstantData(out, t, out->data());
    return out;
  }

  // The QuantizeLinear (and fused activation) consuming `n`'s only output.
  struct Tail {
    Node* act = nullptr;
    Node* quant = nullptr;
  };
  std::optional<Tail> tailOf(Node* n) {
    Value* y = n->output(0);
    if (!y || y->isGraphOutput() || y->users().size() != 1) return std::nullopt;
    for (size_t i = 1; i < n->outputs().size(); ++i)
      if (n->output(i)) return std::nullopt;
    Tail t;
    Node* u = y->users()[0];
    if ((u->op() == "Relu" || u->op() == "Clip") && clampable(n->op())) {
      Value* z = u->output(0);
      if (z->isGraphOutput() || z->users().size() != 1) return std::nullopt;
      for (size_t i = 1; i < u->numInputs(); ++i)
        if (u->input(i) && !u->input(i)->isConstant()) return std::nullopt;
      t.act = u;
      u = z->users()[0];
    }
    if (u->op() != "QuantizeLinear" || !u->output(0)->type().quant || u->output(0)->type().quant->perChannel())
      return std::nullopt;
    t.quant = u;
    return t;
  }

  Expected<bool> tryRewrite(Node* n) {
    const std::vector<Role> r = roles(*n);
    if (r.empty() || n->numInputs() > r.size()) return false;
    auto tail = tailOf(n);
    if (!tail) return false;
    std::vector<Value*> ins(n->numInputs(), nullptr);
    std::vector<Node*> dqs;
    double xs = 0;
    for (size_t i = 0; i < n->numInputs(); ++i) {
      Value* v = n->input(i);
      if (!v) continue;
      if (r[i] == Role::Const) {
        if (!v->isConstant()) return false;
        ins[i] = v;
        continue;
      }
      if (r[i] == Role::Bias) continue;  // after the weights
      auto d = dequantOf(v);
      if (!d) return false;
      if (r[i] == Role::Act) {
        if (!isQ8(d->q->dtype()) || d->params.perChannel()) return false;
      } else if (!d->q->isConstant() || !isQ8(d->q->dtype())) {
        return false;
      }
      ins[i] = typed(*d);
      if (!ins[i]) return false;
      if (i == 0) xs = d->params.scale[0];
      dqs.push_back(d->node);
    }
    if (r.size() > 2 && r[2] == Role::Bias && n->input(2)) {
      const QuantParams& wq = *ins[1]->type().quant;
      const bool tb = n->op() == "Gemm" && n->attrs().getInt("transB", 0) != 0;
      const int64_t channels = n->op() == "Conv" || tb ? ins[1]->shape()[0] : ins[1]->shape()[1];
      ins[2] = bias(n->input(2), xs, wq, channels);
      if (!ins[2]) return false;
      if (auto d = dequantOf(n->input(2))) dqs.push_back(d->node);
    }
    if (n->op() == "Pad" && n->input(2)) {  // the pad value, quantized like the input
      const Value* x = ins[0];
      const float v = float(n->input(2)->doubleData().at(0));
      const QRange range = dtypeRange(x->dtype());
      const double q = std::clamp(std::nearbyint(v / scaleOf(x)) + zeroPointOf(x), double(range.lo), double(range.hi));
      Value* c = g.addConstant(g.uniqueName(n->input(2)->name() + "_q"), TensorType{x->dtype(), {}, x->type().quant},
                               {uint8_t(int32_t(q))});
      ins[2] = c;
    }
    // The candidate: same op and attributes on the int8 tensors.
    Value* qy = tail->quant->output(0);
    Value* tmp = g.addValue(qy->name() + "_int", qy->type());
    Node* m = g.addNode(n->op(), n->name(), ins, {tmp}, n->opset(), n, n->domain());
    for (auto& [k, a] : n->attrs().all()) m->attrs().set(k, a);
    if (tail->act) {
      float lo = 0.0f, hi = std::numeric_limits<float>::infinity();
      if (tail->act->op() == "Clip") {
        const Value *vlo = tail->act->input(1), *vhi = tail->act->input(2);
        lo = vlo ? float(vlo->doubleData().at(0)) : -std::numeric_limits<float>::infinity();
        hi = vhi ? float(vhi->doubleData().at(0)) : std::numeric_limits<float>::infinity();
      }
      m->attrs().setFloat("ta.act_min", lo);
      m->attrs().setFloat("ta.act_max", hi);
      m->attrs().setString("ta.act", tail->act->op());
    }
    const OpDef* def = findOp(m->op());
    if (!def || !def->infer || !def->infer(*m, g).isOk()) {  // no int8 form for this case: keep the float group
      erase(m);
      return false;
    }
    // Commit: m produces the QuantizeLinear's output (through TA_Requantize
    // when its parameters differ, e.g. Reshape keeps its input's).
    Node* q = tail->quant;
    g.setOutput(q, 0, nullptr);
    if (tmp->type() == qy->type()) {
      g.setOutput(m, 0, qy);
    } else {
      Node* rq = g.addNode("TA_Requantize", g.uniqueName(n->name() + "_requantize"), {tmp}, {qy}, n->opset(), q);
      TA_TRY(findOp(rq->op())->infer(*rq, g));
    }
    erase(q);
    if (tail->act) erase(tail->act);
    erase(n);
    for (Node* d : dqs) eraseIfDead(d);
    ++rewritten;
    return true;
  }

  void eraseIfDead(Node* d) {
    if (erased.count(d)) return;
    for (Value* v : d->outputs())
      if (v && (!v->users().empty() || v->isGraphOutput())) return;
    erase(d);
  }

  // QLinearConv / QLinearMatMul as Conv / MatMul on typed int8 tensors (the
  // parameters move from their inputs into the tensor types).
  bool rewriteQLinear(Node* n) {
    const bool conv = n->op() == "QLinearConv";
    Value *x = n->input(0), *w = n->input(3), *y = n->output(0);
    auto xq = constQuantParams(*n, 1, 2, x->shape(), 1, false);
    auto wq = constQuantParams(*n, 4, 5, w->shape(), conv ? 0 : -1, true);
    if (!xq || !wq) return false;
    if (w->isConstant() && !w->type().quant) {
      Value* c = g.addConstant(g.uniqueName(w->name() + "_q"), w->type(), w->data());
      w = typed(c, *wq);
    } else {
      w = typed(w, *wq);
    }
    x = typed(x, *xq);
    if (!x || !w) return false;
    std::vector<Value*> ins{x, w};
    if (Value* b = conv ? n->input(8) : nullptr) {
      QuantParams bq;
      for (float s : wq->scale) {
        bq.scale.push_back(xq->scale[0] * s);
        bq.zeroPoint.push_back(0);
      }
      TensorType t = b->type();
      t.quant = bq;
      ins.push_back(g.addConstant(g.uniqueName(b->name() + "_q"), t, b->data()));
    }
    Value* tmp = g.addValue(y->name() + "_int", y->type());
    Node* m = g.addNode(conv ? "Conv" : "MatMul", n->name(), ins, {tmp}, n->opset(), n);
    for (auto& [k, a] : n->attrs().all()) m->attrs().set(k, a);
    if (!findOp(m->op())->infer(*m, g).isOk() || tmp->type() != y->type()) {
      erase(m);
      return false;
    }
    g.setOutput(n, 0, nullptr);
    g.setOutput(m, 0, y);
    erase(n);
    ++rewritten;
    return true;
  }

  // QuantizeLinear(DequantizeLinear(x)) with int8 x: one TA_Requantize, or
  // nothing when the parameters agree.
  bool rewriteRequantize(Node* q) {
    auto d = dequantOf(q->input(0));
    if (!d || !isQ8(d->q->dtype()) || d->params.perChannel()) return false;
    Value* qy = q->output(0);
    if (!qy->type().quant || qy->type().quant->perChannel() || d->q->isConstant()) return false;
    Value* x = typed(*d);
    if (!x) return false;
    g.setOutput(q, 0, nullptr);
    if (x->type() == qy->type() && !qy->isGraphOutput()) {
      g.replaceAllUsesWith(qy, x);
    } else {
      g.addNode("TA_Requantize", g.uniqueName(q->name() + "_requantize"), {x}, {qy}, q->opset(), q);
    }
    erase(q);
    eraseIfDead(d->node);
    ++rewritten;
    return true;
  }
};

}  // namespace

Expected<bool> runImportQdq(Graph& g, PassContext&) {
  Importer imp{g, 0, {}};
  // Nodes are visited in order; a rewrite erases the visited node, its
  // QuantizeLinear tail and DequantizeLinears (all tracked in imp.erased).
  for (Node* n : g.nodes()) {
    if (imp.erased.count(n) || n->op() == "QuantizeLinear" || n->op() == "DequantizeLinear") continue;
    if (n->op() == "QLinearConv" || n->op() == "QLinearMatMul") {
      imp.rewriteQLinear(n);
      continue;
    }
    auto r = imp.tryRewrite(n);
    if (!r) return r.status();
  }
  imp.erased.clear();  // fresh snapshots below (erased addresses may be reused)
  for (Node* n : g.nodes())
    if (!imp.erased.count(n) && n->op() == "QuantizeLinear") imp.rewriteRequantize(n);
  imp.erased.clear();
  // DequantizeLinear of a constant that no int8 op absorbed: fold it.
  bool folded = false;
  for (Node* n : g.nodes())
    if (!imp.erased.count(n) && n->op() == "DequantizeLinear" && n->input(0)->isConstant()) {
      auto f = foldNode(g, n, true);
      if (!f) return f.status();
      folded |= *f;
    }
  if (imp.rewritten > 0 || folded) g.removeUnusedValues();
  return imp.rewritten > 0 || folded;
}

}  // namespace tinyaot
