// Post-training quantization: plan which nodes run in int8, tie the
// quantization parameters that must agree, choose them from calibration
// statistics, then rewrite the graph (int8 types, quantized weights and
// biases, QuantizeLinear/DequantizeLinear at the float/int8 boundaries).
#include "quant/ptq.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <set>

#include "ops/registry.h"
#include "quant/ptq_internal.h"

namespace tinyaot {

int8_t quantizeValue(float x, float scale, int32_t zeroPoint) {
  const double q = std::nearbyint(double(x) / double(scale)) + zeroPoint;
  return int8_t(std::clamp(q, -128.0, 127.0));
}

float dequantizeValue(int8_t q, float scale, int32_t zeroPoint) { return scale * float(int32_t(q) - zeroPoint); }

namespace {

constexpr int kQdqOpset = 13;

// How an op takes part in quantization.
enum class Kind {
  Weighted,  // Conv, Gemm, MatMul: data input 0, constant weights (and bias)
  Compute,   // own output parameters from calibration
  Softmax,   // fixed output parameters 1/256, -128
  Movement,  // output parameters = input parameters; int8 only when its input is
  Concat,    // int8 when any input is; inputs share the output's parameters when they can
};

std::optional<Kind> kindOf(const Node& n) {
  static const std::set<std::string> compute = {"Add", "Mul", "AveragePool", "GlobalAveragePool", "Sigmoid", "Tanh",
                                                "Relu", "Clip", "LeakyRelu", "HardSwish", "HardSigmoid"};
  static const std::set<std::string> movement = {"MaxPool", "GlobalMaxPool", "Transpose", "Pad"};
  const std::string& op = n.op();
  if (!n.domain().empty() && n.domain() != "ai.onnx") return std::nullopt;
  if (op == "MatMul" && n.input(1) && !n.input(1)->isConstant()) return Kind::Compute;  // two activations
  if (op == "Conv" || op == "Gemm" || op == "MatMul") return Kind::Weighted;
  if (op == "Softmax") return Kind::Softmax;
  if (op == "Concat") return Kind::Concat;
  if (compute.count(op)) return Kind::Compute;
  if (movement.count(op)) return Kind::Movement;
  const OpDef* def = findOp(op);
  if (def && def->alias) return Kind::Movement;
  return std::nullopt;
}

// Inputs that carry activations (the rest are weights, shapes, pads, bounds).
std::vector<size_t> dataInputs(const Node& n, Kind k) {
  if (k == Kind::Concat) {
    std::vector<size_t> all;
    for (size_t i = 0; i < n.numInputs(); ++i)
      if (n.input(i)) all.push_back(i);
    return all;
  }
  if (n.op() == "Add" || n.op() == "Mul" || (n.op() == "MatMul" && k == Kind::Compute)) return {0, 1};
  return {0};
}

bool isConst(const Value* v) { return v && v->isConstant(); }

// Why a node cannot run in int8, or "" when it can.
std::string whyFloat(const Node& n) {
  auto k = kindOf(n);
  if (!k) return fmt::format("{} has no int8 implementation", n.op());
  if (!n.output(0) || n.output(0)->dtype() != DType::F32) return "its output is not float32";
  for (size_t i = 1; i < n.outputs().size(); ++i)
    if (n.output(i)) return "it has more than one output";
  for (size_t i : dataInputs(n, *k))
    if (!n.input(i) || n.input(i)->dtype() != DType::F32) return fmt::format("input {} is not float32", i);
  if (*k == Kind::Weighted) {
    if (!isConst(n.input(1))) return "its weights are computed at run time";
    if (n.input(2) && !isConst(n.input(2))) return "its bias is computed at run time";
    if (n.op() == "Gemm") {
      if (n.attrs().getInt("transA", 0)) return "Gemm with transA=1 has no int8 form";
      const Shape& b = n.input(1)->shape();
      const int64_t cols = n.attrs().getInt("transB", 0) ? b[0] : b[1];
      if (n.input(2) && n.input(2)->type().elements() != cols && n.input(2)->type().elements() != 1)
        return "its C input is not a per-column bias";
    }
    if (n.op() == "MatMul" && n.input(1)->shape().size() != 2) return "MatMul B is not a 2-D constant";
  }
  if (n.op() == "Pad" && n.input(2) && !isConst(n.input(2))) return "its pad value is computed at run time";
  if (n.op() == "Clip" && ((n.input(1) && !isConst(n.input(1))) || (n.input(2) && !isConst(n.input(2)))))
    return "its min/max are computed at run time";
  return "";
}

class UnionFind {
 public:
  const std::string& find(const std::string& x) {
    auto it = parent_.find(x);
    if (it == parent_.end()) it = parent_.emplace(x, x).first;
    if (it->second == x) return it->second;
    const std::string root = find(it->second);
    parent_[x] = root;
    return parent_[x];
  }
  void unite(const std::string& a, const std::string& b) {
    const std::string ra = find(a), rb = find(b);
    if (ra != rb) parent_[std::max(ra, rb)] = std::min(ra, rb);  // deterministic root
  }

 private:
  std::map<std::string, std::string> parent_;
};

QuantParams fixedSoftmaxParams() {
  QuantParams q;
  q.scale = {1.0f / 256.0f};
  q.zeroPoint = {-128};
  return q;
}

TensorStats statsOfConstant(const Value* v) {
  TensorStats s;
  std::vector<double> d = v->doubleData();
  std::vector<float> f(d.begin(), d.end());
  s.add(f.data(), f.size());
  return s;
}

std::vector<float> floatData(const Value* v) {
  std::vector<double> d = v->doubleData();
  return std::vector<float>(d.begin(), d.end());
}

template <class T>
std::vector<uint8_t> bytesOf(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(b.data(), v.data(), b.size());
  return b;
}

class Quantizer {
 public:
  Quantizer(Graph& g, const StatsMap& stats, const QuantizeOptions& o, PtqResult& r)
      : g_(g), stats_(stats), o_(o), r_(r) {}

  Status run() {
    plan();
    chooseParams();
    return rewrite();
  }

 private:
  Graph& g_;
  const StatsMap& stats_;
  const QuantizeOptions& o_;
  PtqResult& r_;

  std::map<const Node*, bool> int8Node_;
  std::set<std::string> int8Value_;  // values that are int8 (planned)
  std::set<std::string> members_;    // values that need parameters
  UnionFind classes_;
  std::set<std::string> fixedMembers_;
  std::map<std::string, TensorStats> constStats_;
  std::map<std::string, QuantParams> classParams_;  // by class root
  std::map<std::string, Range> classRange_;
  // Rewrite state.
  std::map<std::string, Value*> int8Of_;   // float value name -> its int8 version
  std::map<std::string, Value*> floatOf_;  // int8 value name -> its float version
  std::map<std::string, Value*> qWeights_;

  // --- plan ---------------------------------------------------------------

  void plan() {
    if (o_.io == QuantIO::Int8)
      for (Value* v : g_.inputs()) int8Value_.insert(v->name());
    for (Node* n : g_.nodes()) {
      const std::string why = whyFloat(*n);
      auto k = kindOf(*n);
      bool q = why.empty();
      std::string reason = why;
      if (q && (*k == Kind::Movement || *k == Kind::Concat)) {
        // int8 when an input is; a model input (quantized at the entry anyway)
        // counts as int8, so that the QuantizeLinear comes first.
        bool anyInt8 = false;
        for (size_t i : dataInputs(*n, *k))
          anyInt8 = anyInt8 || int8Value_.count(n->input(i)->name()) || n->input(i)->isGraphInput();
        if (!anyInt8) {
          q = false;
          reason = "its input stays float";
        }
      }
      int8Node_[n] = q;
      if (!q) {
        r_.report.floatNodes.push_back({n->name(), n->op(), reason});
        continue;
      }
      ++r_.report.quantizedNodes;
      const std::string& out = n->output(0)->name();
      int8Value_.insert(out);
      members_.insert(out);
      for (size_t i : dataInputs(*n, *k)) {
        const Value* in = n->input(i);
        members_.insert(in->name());  // a float input gets an int8 version (QuantizeLinear)
        if (in->isConstant()) constStats_[in->name()] = statsOfConstant(in);
        if (*k == Kind::Movement) classes_.unite(in->name(), out);
      }
      if (*k == Kind::Softmax) fixedMembers_.insert(out);
    }
    // Concat: inputs share the output's parameters unless one of them is
    // pinned (a Softmax output); the Concat kernel requantizes those while
    // copying.
    for (Node* n : g_.nodes()) {
      if (!int8Node_[n] || n->op() != "Concat") continue;
      const std::string& out = n->output(0)->name();
      for (size_t i : dataInputs(*n, Kind::Concat))
        if (!pinned(n->input(i)->name()) && !pinned(out)) classes_.unite(n->input(i)->name(), out);
    }
  }

  bool pinned(const std::string& v) {
    for (const std::string& f : fixedMembers_)
      if (classes_.find(f) == classes_.find(v)) return true;
    return false;
  }

  // --- parameters ---------------------------------------------------------

  const TensorStats* statsOf(const std::string& name) const {
    if (auto it = constStats_.find(name); it != constStats_.end()) return &it->second;
    if (auto it = stats_.find(name); it != stats_.end()) return &it->second;
    return nullptr;
  }

  void chooseParams() {
    for (Value* v : g_.outputs()) members_.insert(v->name());  // --io int8 quantizes float outputs
    for (Value* v : g_.inputs()) members_.insert(v->name());
    for (const std::string& m : members_) {
      const std::string root = classes_.find(m);
      const TensorStats* s = statsOf(m);
      if (!s) continue;
      const bool isConstant = constStats_.count(m) > 0;
      Range r = chooseRange(*s, isConstant ? CalibrationMethod::MinMax : o_.method, o_.percentile);
      auto it = classRange_.find(root);
      if (it == classRange_.end()) classRange_[root] = r;
      else it->second = {std::min(it->second.lo, r.lo), std::max(it->second.hi, r.hi)};
    }
    for (auto& [root, r] : classRange_) classParams_[root] = activationQuant(r);
    for (const std::string& f : fixedMembers_) classParams_[classes_.find(f)] = fixedSoftmaxParams();
  }

  QuantParams paramsOf(const std::string& floatName) {
    const std::string root = classes_.find(floatName);
    auto it = classParams_.find(root);
    if (it != classParams_.end()) return it->second;
    return activationQuant({0.0, 0.0});  // never observed (not reached in practice)
  }

  // --- rewrite ------------------------------------------------------------

  TensorType int8Type(const Shape& s, QuantParams q) { return TensorType{DType::I8, s, std::move(q)}; }

  Value* scalarConst(const std::string& base, float v) {
    return g_.addConstantOf<float>(base, DType::F32, {}, {v});
  }
  Value* zpConst(const std::string& base, int32_t zp) {
    return g_.addConstantOf<int8_t>(base, DType::I8, {}, {int8_t(zp)});
  }

  // The int8 version of `v` (QuantizeLinear inserted before `before`).
  Value* asInt8(Value* v, Node* before) {
    if (v->dtype() == DType::I8 && v->type().quant) return v;
    if (auto it = int8Of_.find(v->name()); it != int8Of_.end()) return it->second;
    const QuantParams q = paramsOf(v->name());
    Value* out = nullptr;
    if (v->isConstant()) {
      std::vector<float> f = floatData(v);
      std::vector<int8_t> d(f.size());
      for (size_t i = 0; i < f.size(); ++i) d[i] = quantizeValue(f[i], q.scale[0], q.zeroPoint[0]);
      out = g_.addConstant(v->name() + "_q", int8Type(v->shape(), q), bytesOf(d));
    } else {
      out = g_.addValue(v->name() + "_q", int8Type(v->shape(), q));
      g_.addNode("QuantizeLinear", v->name() + "_quantize",
                 {v, scalarConst(v->name() + "_scale", q.scale[0]), zpConst(v->name() + "_zero_point", q.zeroPoint[0])},
                 {out}, kQdqOpset, before);
      ++r_.report.boundaryNodes;
    }
    r_.origin[out->name()] = v->name();
    int8Of_[v->name()] = out;
    return out;
  }

  // The float version of an int8 `v` (DequantizeLinear inserted before `before`).
  Value* asFloat(Value* v, Node* before) {
    if (v->dtype() != DType::I8 || !v->type().quant) return v;
    if (auto it = floatOf_.find(v->name()); it != floatOf_.end()) return it->second;
    const QuantParams& q = *v->type().quant;
    Value* out = g_.addValue(v->name() + "_dq", TensorType{DType::F32, v->shape(), std::nullopt});
    g_.addNode("DequantizeLinear", v->name() + "_dequantize",
               {v, scalarConst(v->name() + "_scale", q.scale[0]), zpConst(v->name() + "_zero_point", q.zeroPoint[0])},
               {out}, kQdqOpset, before);
    ++r_.report.boundaryNodes;
    floatOf_[v->name()] = out;
    return out;
  }

  // Symmetric int8 weights along `axis` (per channel unless --per-tensor),
  // after multiplying by `mult` (Gemm's alpha).
  Value* quantizeWeights(Value* w, int axis, float mult) {
    const std::string key = fmt::format("{}|{}|{}", w->name(), axis, mult);
    if (auto it = qWeights_.find(key); it != qWeights_.end()) return it->second;
    std::vector<float> f = floatData(w);
    if (mult != 1.0f)
      for (float& x : f) x *= mult;
    QuantParams q;
    q.scale = symmetricScales(f, w->shape(), axis, o_.perTensorWeights);
    q.zeroPoint.assign(q.scale.size(), 0);
    q.axis = axis;
    std::vector<int8_t> d = quantizeSymmetric(f, w->shape(), axis, q.scale);
    Value* out = g_.addConstant(w->name() + "_q", int8Type(w->shape(), q), bytesOf(d));
    qWeights_[key] = out;
    return out;
  }

  // int32 bias at scale in_scale * w_scale[c], `channels` long.
  Value* quantizeBias(Value* b, int64_t channels, float mult, float inScale, const QuantParams& wq) {
    std::vector<float> f = floatData(b);
    QuantParams q;
    q.axis = 0;
    std::vector<int32_t> d(static_cast<size_t>(channels));
    for (int64_t c = 0; c < channels; ++c) {
      const double ws = wq.scale.size() == 1 ? wq.scale[0] : wq.scale[size_t(c)];
      const double s = double(inScale) * ws;
      const double v = double(f.size() == 1 ? f[0] : f[size_t(c)]) * mult;
      const double r = std::nearbyint(v / s);
      d[size_t(c)] = int32_t(std::clamp(r, double(std::numeric_limits<int32_t>::min()),
                                        double(std::numeric_limits<int32_t>::max())));
      if (wq.scale.size() != 1 || c == 0) q.scale.push_back(float(s));
    }
    q.zeroPoint.assign(q.scale.size(), 0);
    return g_.addConstant(b->name() + "_q", TensorType{DType::I32, {channels}, q}, bytesOf(d));
  }

  Status rewriteWeighted(Node* n) {
    Value* x = asInt8(n->input(0), n);
    g_.setInput(n, 0, x);
    const float inScale = x->type().quant->scale[0];
    Value* w = n->input(1);
    int axis = 0;
    float alpha = 1.0f, beta = 1.0f;
    int64_t channels = w->shape()[0];
    if (n->op() == "Gemm") {
      const bool tb = n->attrs().getInt("transB", 0) != 0;
      axis = tb ? 0 : 1;
      channels = tb ? w->shape()[0] : w->shape()[1];
      alpha = n->attrs().getFloat("alpha", 1.0f);
      beta = n->attrs().getFloat("beta", 1.0f);
      n->attrs().erase("alpha");
      n->attrs().erase("beta");
    } else if (n->op() == "MatMul") {
      axis = 1;
      channels = w->shape()[1];
    }
    Value* wq = quantizeWeights(w, axis, alpha);
    g_.setInput(n, 1, wq);
    if (Value* b = n->input(2)) g_.setInput(n, 2, quantizeBias(b, channels, beta, inScale, *wq->type().quant));
    return Status::ok();
  }

  Status rewriteNode(Node* n) {
    const Kind k = *kindOf(*n);
    if (k == Kind::Weighted) {
      TA_TRY(rewriteWeighted(n));
    } else {
      for (size_t i : dataInputs(*n, k)) g_.setInput(n, i, asInt8(n->input(i), n));
    }
    Value* out = n->output(0);
    const QuantParams oq = paramsOf(out->name());
    if (n->op() == "Pad" && n->input(2)) {
      const QuantParams& iq = *n->input(0)->type().quant;
      const float v = floatData(n->input(2))[0];
      std::vector<int8_t> d = {quantizeValue(v, iq.scale[0], iq.zeroPoint[0])};
      g_.setInput(n, 2, g_.addConstant(n->input(2)->name() + "_q", int8Type({}, iq), bytesOf(d)));
    }
    out->setType(int8Type(out->shape(), oq));
    r_.origin[out->name()] = out->name();
    return Status::ok();
  }

  Status rewrite() {
    if (o_.io == QuantIO::Int8)
      for (Value* v : g_.inputs()) {
        v->setType(int8Type(v->shape(), paramsOf(v->name())));
        r_.origin[v->name()] = v->name();
      }
    for (Node* n : g_.nodes()) {
      if (int8Node_[n]) {
        TA_TRY(rewriteNode(n));
        continue;
      }
      for (size_t i = 0; i < n->numInputs(); ++i)
        if (Value* v = n->input(i)) g_.setInput(n, i, asFloat(v, n));
    }
    for (size_t i = 0; i < g_.outputs().size(); ++i) {
      Value* v = g_.outputs()[i];
      if (o_.io == QuantIO::Float && v->dtype() == DType::I8 && v->type().quant) g_.setGraphOutput(i, asFloat(v, nullptr));
      else if (o_.io == QuantIO::Int8 && v->dtype() == DType::F32) g_.setGraphOutput(i, asInt8(v, nullptr));
    }
    g_.removeUnusedValues();
    // Parameters for the report, in execution order.
    auto entry = [&](const Value* v, const Node* producer) {
      if (v->dtype() != DType::I8 || !v->type().quant || v->isConstant()) return;
      QuantTensorEntry e;
      e.name = v->name();
      e.source = r_.origin.count(v->name()) ? r_.origin[v->name()] : v->name();
      e.producer = producer ? producer->name() : "";
      e.op = producer ? producer->op() : "input";
      e.scale = v->type().quant->scale[0];
      e.zeroPoint = v->type().quant->zeroPoint[0];
      e.rangeLo = e.scale * double(-128 - e.zeroPoint);
      e.rangeHi = e.scale * double(127 - e.zeroPoint);
      r_.report.tensors.push_back(e);
    };
    for (const Value* v : g_.inputs()) entry(v, nullptr);
    for (const Node* n : g_.nodes())
      for (const Value* v : n->outputs())
        if (v) entry(v, n);
    return Status::ok();
  }
};

}  // namespace

Expected<PtqResult> quantizeWithStats(Graph& g, const StatsMap& stats, const QuantizeOptions& opts) {
  PtqResult r;
  r.report.totalNodes = int(g.numNodes());
  r.report.method = calibrationMethodName(opts.method);
  r.report.perTensorWeights = opts.perTensorWeights;
  r.report.io = opts.io == QuantIO::Int8 ? "int8" : "float";
  Quantizer q(g, stats, opts, r);
  TA_TRY(q.run());
  if (Status s = g.verify(); !s.isOk()) return errorf("internal: the graph is invalid after quantization: {}", s.message());
  return r;
}

Status validateQuantized(Graph& g) {
  Status all;
  for (Node* n : g.nodes()) {
    const OpDef* def = findOp(n->op());
    if (!def) {
      all.append(Status::nodeError(*n, "unsupported operator (no int8 execution support built in)"));
      continue;
    }
    if (def->infer)
      if (Status s = def->infer(*n, g); !s.isOk()) all.append(s);
  }
  return all;
}

}  // namespace tinyaot
