#include "ir/graph.h"

#include <algorithm>
#include <cassert>
#include <map>

namespace tinyaot {

namespace {
template <class T>
void appendAs(const std::vector<uint8_t>& bytes, std::vector<int64_t>& out) {
  const size_t n = bytes.size() / sizeof(T);
  for (size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, bytes.data() + i * sizeof(T), sizeof(T));
    out.push_back(int64_t(v));
  }
}
template <class T>
void appendAsD(const std::vector<uint8_t>& bytes, std::vector<double>& out) {
  const size_t n = bytes.size() / sizeof(T);
  for (size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, bytes.data() + i * sizeof(T), sizeof(T));
    out.push_back(double(v));
  }
}
}  // namespace

std::vector<int64_t> Value::intData() const {
  std::vector<int64_t> out;
  switch (dtype()) {
    case DType::F32: { std::vector<double> d; appendAsD<float>(data_, d); for (double x : d) out.push_back(int64_t(x)); break; }
    case DType::F64: { std::vector<double> d; appendAsD<double>(data_, d); for (double x : d) out.push_back(int64_t(x)); break; }
    case DType::U8: case DType::Bool: appendAs<uint8_t>(data_, out); break;
    case DType::I8: appendAs<int8_t>(data_, out); break;
    case DType::U16: appendAs<uint16_t>(data_, out); break;
    case DType::I16: appendAs<int16_t>(data_, out); break;
    case DType::I32: appendAs<int32_t>(data_, out); break;
    case DType::U32: appendAs<uint32_t>(data_, out); break;
    case DType::I64: appendAs<int64_t>(data_, out); break;
    case DType::U64: appendAs<uint64_t>(data_, out); break;
    case DType::Undefined: break;
  }
  return out;
}

std::vector<double> Value::doubleData() const {
  std::vector<double> out;
  switch (dtype()) {
    case DType::F32: appendAsD<float>(data_, out); break;
    case DType::F64: appendAsD<double>(data_, out); break;
    default: for (int64_t v : intData()) out.push_back(double(v)); break;
  }
  return out;
}

std::string Graph::uniqueName(const std::string& base) {
  std::string b = base.empty() ? std::string("t") : base;
  if (!names_.count(b)) { names_.insert(b); return b; }
  for (int i = 1;; ++i) {
    std::string cand = b + "_" + std::to_string(i);
    if (!names_.count(cand)) { names_.insert(cand); return cand; }
  }
}

Value* Graph::addValue(const std::string& name, TensorType type) {
  auto v = std::make_unique<Value>();
  v->id_ = nextValueId_++;
  v->name_ = uniqueName(name);
  v->type_ = std::move(type);
  values_.push_back(std::move(v));
  return values_.back().get();
}

Value* Graph::addConstant(const std::string& name, TensorType type, std::vector<uint8_t> data) {
  assert(data.size() == type.bytes());
  Value* v = addValue(name, std::move(type));
  v->constant_ = true;
  v->data_ = std::move(data);
  return v;
}

void Graph::makeConstant(Value* v, std::vector<uint8_t> data) {
  assert(data.size() == v->type_.bytes());
  if (v->producer_) {
    auto& outs = v->producer_->outputs_;
    std::replace(outs.begin(), outs.end(), v, static_cast<Value*>(nullptr));
    v->producer_ = nullptr;
  }
  v->constant_ = true;
  v->data_ = std::move(data);
}

void Graph::setConstantData(Value* v, TensorType type, std::vector<uint8_t> data) {
  assert(v->constant_ && data.size() == type.bytes());
  v->type_ = std::move(type);
  v->data_ = std::move(data);
}

Value* Graph::findValue(const std::string& name) const {
  for (auto& v : values_)
    if (v->name_ == name) return v.get();
  return nullptr;
}

Node* Graph::addNode(const std::string& op, const std::string& name, std::vector<Value*> inputs,
                     std::vector<Value*> outputs, int opset, Node* before, const std::string& domain) {
  auto n = std::make_unique<Node>();
  n->id_ = nextNodeId_++;
  n->op_ = op;
  n->name_ = name;
  n->domain_ = domain;
  n->opset_ = opset;
  n->inputs_ = std::move(inputs);
  n->outputs_ = std::move(outputs);
  Node* raw = n.get();
  for (Value* v : raw->inputs_)
    if (v) v->users_.push_back(raw);
  for (Value* v : raw->outputs_)
    if (v) { assert(!v->producer_ && !v->constant_); v->producer_ = raw; }
  auto pos = nodes_.end();
  if (before)
    pos = std::find_if(nodes_.begin(), nodes_.end(), [&](auto& p) { return p.get() == before; });
  nodes_.insert(pos, std::move(n));
  return raw;
}

static void removeOneUse(Value* v, Node* n) {
  auto it = std::find(v->users().begin(), v->users().end(), n);
  assert(it != v->users().end());
  const_cast<std::vector<Node*>&>(v->users()).erase(it);
}

void Graph::setInput(Node* n, size_t i, Value* v) {
  if (i >= n->inputs_.size()) n->inputs_.resize(i + 1, nullptr);
  if (Value* old = n->inputs_[i]) removeOneUse(old, n);
  n->inputs_[i] = v;
  if (v) v->users_.push_back(n);
}

void Graph::setInputs(Node* n, std::vector<Value*> inputs) {
  for (Value* old : n->inputs_)
    if (old) removeOneUse(old, n);
  n->inputs_ = std::move(inputs);
  for (Value* v : n->inputs_)
    if (v) v->users_.push_back(n);
}

void Graph::setOutput(Node* n, size_t i, Value* v) {
  if (i >= n->outputs_.size()) n->outputs_.resize(i + 1, nullptr);
  if (Value* old = n->outputs_[i]) old->producer_ = nullptr;
  n->outputs_[i] = v;
  if (v) { assert(!v->producer_); v->producer_ = n; }
}

void Graph::replaceAllUsesWith(Value* from, Value* to) {
  if (from == to) return;
  std::vector<Node*> users = from->users_;
  for (Node* u : users)
    for (size_t i = 0; i < u->inputs_.size(); ++i)
      if (u->inputs_[i] == from) setInput(u, i, to);
  for (size_t i = 0; i < outputs_.size(); ++i)
    if (outputs_[i] == from) setGraphOutput(i, to);
}

void Graph::eraseNode(Node* n) {
  for (Value* v : n->outputs_)
    if (v) { assert(v->users_.empty() && !v->graphOutput_); v->producer_ = nullptr; }
  for (Value* v : n->inputs_)
    if (v) removeOneUse(v, n);
  nodes_.remove_if([&](auto& p) { return p.get() == n; });
}

void Graph::removeUnusedValues() {
  std::vector<std::unique_ptr<Value>> kept;
  for (auto& v : values_) {
    bool used = v->producer_ || !v->users_.empty() || v->graphInput_ || v->graphOutput_;
    if (used) kept.push_back(std::move(v));
    else names_.erase(v->name_);
  }
  values_ = std::move(kept);
}

std::vector<Node*> Graph::nodes() const {
  std::vector<Node*> out;
  out.reserve(nodes_.size());
  for (auto& n : nodes_) out.push_back(n.get());
  return out;
}

std::vector<Value*> Graph::values() const {
  std::vector<Value*> out;
  for (auto& v : values_) out.push_back(v.get());
  return out;
}

void Graph::setOrder(const std::vector<Node*>& order) {
  assert(order.size() == nodes_.size());
  std::map<Node*, std::unique_ptr<Node>> owned;
  for (auto& n : nodes_) owned[n.get()] = std::move(n);
  nodes_.clear();
  for (Node* n : order) {
    assert(owned.count(n));
    nodes_.push_back(std::move(owned[n]));
  }
}

void Graph::addInput(Value* v) {
  v->graphInput_ = true;
  inputs_.push_back(v);
}

void Graph::addOutput(Value* v) {
  v->graphOutput_ = true;
  outputs_.push_back(v);
}

void Graph::setGraphOutput(size_t i, Value* v) {
  Value* old = outputs_[i];
  outputs_[i] = v;
  old->graphOutput_ = std::count(outputs_.begin(), outputs_.end(), old) > 0;
  v->graphOutput_ = true;
}

Status Graph::verify() const {
  std::set<const Value*> available;
  std::set<const Value*> known;
  for (auto& v : values_) known.insert(v.get());
  for (Value* v : inputs_) {
    if (v->producer_) return errorf("graph input '{}' has a producer", v->name_);
    available.insert(v);
  }
  for (auto& v : values_)
    if (v->constant_) {
      if (v->producer_) return errorf("constant '{}' has a producer", v->name_);
      if (v->data_.size() != v->type_.bytes())
        return errorf("constant '{}' holds {} bytes, its type {} needs {}", v->name_, v->data_.size(), v->type_.str(), v->type_.bytes());
      available.insert(v.get());
    }
  for (auto& n : nodes_) {
    for (Value* v : n->inputs_) {
      if (!v) continue;
      if (!known.count(v)) return Status::nodeError(*n, "uses a value the graph does not own");
      if (!available.count(v))
        return Status::nodeError(*n, fmt::format("input '{}' is used before it is produced", v->name_));
      if (std::count(v->users_.begin(), v->users_.end(), n.get()) !=
          std::count(n->inputs_.begin(), n->inputs_.end(), v))
        return Status::nodeError(*n, fmt::format("use list of '{}' is out of date", v->name_));
    }
    for (Value* v : n->outputs_) {
      if (!v) continue;
      if (v->producer_ != n.get()) return Status::nodeError(*n, fmt::format("output '{}' names another producer", v->name_));
      if (available.count(v)) return Status::nodeError(*n, fmt::format("output '{}' is produced twice", v->name_));
      if (v->type_.dtype == DType::Undefined) return Status::nodeError(*n, fmt::format("output '{}' has no type", v->name_));
      available.insert(v);
    }
  }
  for (Value* v : outputs_)
    if (!available.count(v)) return errorf("graph output '{}' is never produced", v->name_);
  for (auto& v : values_)
    for (Node* u : v->users_)
      if (std::find(u->inputs_.begin(), u->inputs_.end(), v.get()) == u->inputs_.end())
        return errorf("value '{}' lists a user that does not use it", v->name_);
  return Status::ok();
}

std::unique_ptr<Graph> Graph::clone() const {
  auto g = std::make_unique<Graph>();
  g->name = name;
  g->sourceFile = sourceFile;
  g->inputNames = inputNames;
  g->outputNames = outputNames;
  g->names_ = names_;
  g->nextValueId_ = nextValueId_;
  g->nextNodeId_ = nextNodeId_;
  std::map<const Value*, Value*> vmap;
  for (auto& v : values_) {
    auto c = std::make_unique<Value>();
    c->id_ = v->id_;
    c->name_ = v->name_;
    c->type_ = v->type_;
    c->constant_ = v->constant_;
    c->data_ = v->data_;
    c->graphInput_ = v->graphInput_;
    c->graphOutput_ = v->graphOutput_;
    vmap[v.get()] = c.get();
    g->values_.push_back(std::move(c));
  }
  auto mapv = [&](Value* v) { return v ? vmap.at(v) : nullptr; };
  for (auto& n : nodes_) {
    auto c = std::make_unique<Node>();
    c->id_ = n->id_;
    c->op_ = n->op_;
    c->name_ = n->name_;
    c->domain_ = n->domain_;
    c->opset_ = n->opset_;
    c->attrs_ = n->attrs_;
    for (Value* v : n->inputs_) {
      c->inputs_.push_back(mapv(v));
      if (v) vmap.at(v)->users_.push_back(c.get());
    }
    for (Value* v : n->outputs_) {
      c->outputs_.push_back(mapv(v));
      if (v) vmap.at(v)->producer_ = c.get();
    }
    g->nodes_.push_back(std::move(c));
  }
  for (Value* v : inputs_) g->inputs_.push_back(vmap.at(v));
  for (Value* v : outputs_) g->outputs_.push_back(vmap.at(v));
  return g;
}

}  // namespace tinyaot
