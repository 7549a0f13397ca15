#include "eval/evaluator.h"

#include <cstring>
#include <map>

#include "eval/invoke.h"
#include "ops/registry.h"

namespace tinyaot {

namespace {
std::map<std::string, Invoker>& invokers() {
  static std::map<std::string, Invoker> m;
  return m;
}
}  // namespace

InvokerRegistrar::InvokerRegistrar(const char* fn, Invoker inv) { invokers()[fn] = inv; }

Invoker findInvoker(const std::string& fn) {
  auto it = invokers().find(fn);
  return it == invokers().end() ? nullptr : it->second;
}

Status invokeKernel(const KernelCall& call, const std::map<const Value*, void*>& data) {
  Invoker inv = findInvoker(call.fn);
  if (!inv) return errorf("internal: kernel '{}' has no host invoker", call.fn);
  KernelArgs a{call, std::vector<void*>(call.args.size(), nullptr)};
  std::vector<std::vector<uint8_t>> owned;  // literal arrays and scratch
  owned.reserve(call.args.size());
  for (size_t k = 0; k < call.args.size(); ++k) {
    const KArg& arg = call.args[k];
    switch (arg.kind) {
      case KArg::Kind::In:
      case KArg::Kind::Out: {
        auto it = data.find(arg.value);
        if (it == data.end()) return errorf("internal: no data for '{}' in call to {}", arg.value->name(), call.fn);
        a.ptr[k] = static_cast<uint8_t*>(it->second) + arg.offset * int64_t(dtypeSize(arg.value->dtype()));
        break;
      }
      case KArg::Kind::Scratch:
        owned.emplace_back(size_t(arg.i) + 16, 0);
        a.ptr[k] = owned.back().data();
        break;
      case KArg::Kind::Ints: {
        const size_t es = dtypeSize(arg.elemType);
        owned.emplace_back(arg.ints.size() * es + 1, 0);
        for (size_t j = 0; j < arg.ints.size(); ++j) {
          const int64_t v = arg.ints[j];
          switch (arg.elemType) {
            case DType::I8: { int8_t x = int8_t(v); std::memcpy(&owned.back()[j * es], &x, es); break; }
            case DType::U8: { uint8_t x = uint8_t(v); std::memcpy(&owned.back()[j * es], &x, es); break; }
            case DType::I16: { int16_t x = int16_t(v); std::memcpy(&owned.back()[j * es], &x, es); break; }
            case DType::I32: { int32_t x = int32_t(v); std::memcpy(&owned.back()[j * es], &x, es); break; }
            default: std::memcpy(&owned.back()[j * es], &v, es); break;
          }
        }
        a.ptr[k] = owned.back().data();
        break;
      }
      case KArg::Kind::Floats:
        owned.emplace_back(arg.floats.size() * sizeof(float) + 1, 0);
        if (!arg.floats.empty()) std::memcpy(owned.back().data(), arg.floats.data(), arg.floats.size() * sizeof(float));
        a.ptr[k] = owned.back().data();
        break;
      case KArg::Kind::Null:
      case KArg::Kind::Int:
      case KArg::Kind::Float:
        break;
    }
  }
  return inv(a);
}

Status evalNode(const Node& n, const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                const LowerContext& ctx) {
  const OpDef* def = findOp(n.op());
  if (!def) return Status::nodeError(n, "unsupported operator");
  if (def->alias) {
    outputs[0]->data = inputs[0]->data;
    return Status::ok();
  }
  auto lowered = def->lower(n, ctx);
  if (!lowered) return lowered.status();
  std::map<const Value*, void*> data;
  for (size_t i = 0; i < n.inputs().size(); ++i)
    if (n.input(i)) data[n.input(i)] = const_cast<uint8_t*>(inputs[i]->data.data());
  for (size_t i = 0; i < n.outputs().size(); ++i)
    if (n.output(i)) data[n.output(i)] = outputs[i]->data.data();
  for (const KernelCall& k : *lowered) TA_TRY(invokeKernel(k, data));
  return Status::ok();
}

Evaluator::Evaluator(const Graph& g, LowerContext ctx) : g_(g), ctx_(std::move(ctx)) {}

Expected<std::vector<Tensor>> Evaluator::run(const std::vector<Tensor>& inputs, const Observer& observe) {
  if (inputs.size() != g_.inputs().size())
    return errorf("expected {} inputs, got {}", g_.inputs().size(), inputs.size());
  std::map<const Value*, Tensor> vals;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const Value* v = g_.inputs()[i];
    if (inputs[i].data.size() != v->type().bytes())
      return errorf("input '{}' needs {} bytes, got {}", v->name(), v->type().bytes(), inputs[i].data.size());
    Tensor t(v->type());
    t.data = inputs[i].data;
    vals[v] = std::move(t);
  }
  auto get = [&](const Value* v) -> const Tensor* {
    if (!v) return nullptr;
    auto it = vals.find(v);
    if (it != vals.end()) return &it->second;
    if (v->isConstant()) {
      Tensor t(v->type());
      t.data = v->data();
      return &(vals[v] = std::move(t));
    }
    return nullptr;
  };
  for (const Node* n : g_.nodes()) {
    std::vector<const Tensor*> ins;
    for (const Value* v : n->inputs()) {
      const Tensor* t = get(v);
      if (v && !t) return errorf("internal: '{}' is used before it is computed", v->name());
      ins.push_back(t);
    }
    std::vector<Tensor*> outs;
    for (const Value* v : n->outputs()) outs.push_back(v ? &(vals[v] = Tensor(v->type())) : nullptr);
    const OpDef* def = findOp(n->op());
    if (!def) return Status::nodeError(*n, "unsupported operator");
    if (def->alias) {
      outs[0]->data = ins[0]->data;
    } else {
      auto it = lowered_.find(n);
      if (it == lowered_.end()) {
        auto l = def->lower(*n, ctx_);
        if (!l) return l.status();
        it = lowered_.emplace(n, std::move(*l)).first;
      }
      std::map<const Value*, void*> data;
      for (size_t i = 0; i < ins.size(); ++i)
        if (ins[i]) data[n->input(i)] = const_cast<uint8_t*>(ins[i]->data.data());
      for (size_t i = 0; i < outs.size(); ++i)
        if (outs[i]) data[n->output(i)] = outs[i]->data.data();
      for (const KernelCall& k : it->second) TA_TRY(invokeKernel(k, data));
    }
    if (observe)
      for (size_t i = 0; i < outs.size(); ++i)
        if (outs[i]) observe(*n, *n->output(i), *outs[i]);
  }
  std::vector<Tensor> result;
  for (const Value* v : g_.outputs()) {
    const Tensor* t = get(v);
    if (!t) return errorf("internal: output '{}' was not computed", v->name());
    result.push_back(*t);
  }
  return result;
}

}  // namespace tinyaot
