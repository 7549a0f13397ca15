#include "ops/expand.h"

#include <cmath>

namespace tinyaot {

Node* Expansion::add(const std::string& op, std::vector<Value*> ins, std::vector<Value*> outs,
                     const std::string& suffix, int opset) {
  const std::string name = suffix.empty() ? n_.name() : n_.name() + "_" + suffix;
  Node* m = g_.addNode(op, name, std::move(ins), std::move(outs), opset > 0 ? opset : n_.opset(), &n_);
  made_.push_back(m);
  return m;
}

Value* Expansion::temp(const std::string& suffix) { return g_.addValue(n_.name() + "_" + suffix, TensorType{}); }

Value* Expansion::takeOutput(size_t i) {
  Value* v = n_.output(i);
  if (v) g_.setOutput(&n_, i, nullptr);
  return v;
}

Value* Expansion::scalarF32(const std::string& suffix, float v) {
  return g_.addConstantOf<float>(n_.name() + "_" + suffix, DType::F32, {}, {v});
}

void Expansion::copyAttrs(Node* to, std::initializer_list<const char*> skip) {
  for (auto& [k, a] : n_.attrs().all()) {
    bool drop = false;
    for (const char* s : skip) drop = drop || k == s;
    if (!drop) to->attrs().set(k, a);
  }
}

Value* Expansion::dequantize(Value* q, Value* scale, Value* zp, const std::string& suffix,
                             std::optional<int64_t> axis) {
  Value* out = temp(suffix);
  std::vector<Value*> ins{q, scale};
  if (zp) ins.push_back(zp);
  Node* d = add("DequantizeLinear", ins, {out}, "dq_" + suffix, qdqOpset(n_));
  if (axis) d->attrs().setInt("axis", *axis);
  return out;
}

void Expansion::quantize(Value* x, Value* scale, Value* zp, DType dt, Value* out, const std::string& suffix) {
  if (!zp) zp = g_.addConstant(n_.name() + "_" + suffix + "_zero_point", TensorType{dt, {}, std::nullopt}, {0});
  add("QuantizeLinear", {x, scale, zp}, {out}, suffix, qdqOpset(n_));
}

Status activationError(const Node& n, const std::string& act) {
  return nodeErrorf(n, "fused activation '{}' is not supported (Relu, LeakyRelu, Sigmoid, Tanh, HardSigmoid, Clip, "
                       "Elu, ThresholdedRelu, Softsign, Softplus are)", act);
}

bool Expansion::knownActivation(const std::string& act) {
  for (const char* a : {"Relu", "Sigmoid", "Tanh", "Softsign", "Softplus", "LeakyRelu", "Elu", "ThresholdedRelu",
                        "HardSigmoid", "Clip"})
    if (act == a) return true;
  return false;
}

Status Expansion::activation(const std::string& act, const std::vector<float>& params, Value* x, Value* out) {
  auto param = [&](size_t i, float def) { return i < params.size() ? params[i] : def; };
  if (act == "Relu" || act == "Sigmoid" || act == "Tanh" || act == "Softsign" || act == "Softplus") {
    add(act, {x}, {out}, "act");
  } else if (act == "LeakyRelu" || act == "Elu" || act == "ThresholdedRelu") {
    add(act, {x}, {out}, "act")->attrs().setFloat("alpha", param(0, act == "LeakyRelu" ? 0.01f : 1.0f));
  } else if (act == "HardSigmoid") {
    Node* m = add(act, {x}, {out}, "act");
    m->attrs().setFloat("alpha", param(0, 0.2f));
    m->attrs().setFloat("beta", param(1, 0.5f));
  } else if (act == "Clip") {
    add("Clip", {x, scalarF32("act_min", param(0, -INFINITY)), scalarF32("act_max", param(1, INFINITY))}, {out},
        "act", 13);
  } else {
    return activationError(n_, act);
  }
  return Status::ok();
}

}  // namespace tinyaot
