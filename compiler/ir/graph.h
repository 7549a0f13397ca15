// The IR: a Graph owns Nodes and Values. Nodes are kept in a valid
// topological (execution) order. All edits go through Graph methods so that
// use lists stay consistent; verify() checks the invariants.
#pragma once
#include <cstdint>
#include <cstring>
#include <list>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ir/attributes.h"
#include "ir/types.h"
#include "support/diagnostics.h"

namespace tinyaot {

class Graph;
class Node;

class Value {
 public:
  int id() const { return id_; }
  const std::string& name() const { return name_; }
  const TensorType& type() const { return type_; }
  DType dtype() const { return type_.dtype; }
  const Shape& shape() const { return type_.shape; }
  void setType(TensorType t) { type_ = std::move(t); }

  bool isConstant() const { return constant_; }
  const std::vector<uint8_t>& data() const { return data_; }
  template <class T> const T* dataAs() const { return reinterpret_cast<const T*>(data_.data()); }
  // Constant values converted to int64/double, whatever the dtype.
  std::vector<int64_t> intData() const;
  std::vector<double> doubleData() const;

  Node* producer() const { return producer_; }
  const std::vector<Node*>& users() const { return users_; }
  bool isGraphInput() const { return graphInput_; }
  bool isGraphOutput() const { return graphOutput_; }

 private:
  friend class Graph;
  int id_ = 0;
  std::string name_;
  TensorType type_;
  bool constant_ = false;
  std::vector<uint8_t> data_;
  Node* producer_ = nullptr;
  std::vector<Node*> users_;  // one entry per use
  bool graphInput_ = false;
  bool graphOutput_ = false;
};

class Node {
 public:
  int id() const { return id_; }
  const std::string& op() const { return op_; }
  const std::string& name() const { return name_; }
  const std::string& domain() const { return domain_; }
  int opset() const { return opset_; }
  const std::vector<Value*>& inputs() const { return inputs_; }
  const std::vector<Value*>& outputs() const { return outputs_; }
  // nullptr when the optional input/output is absent.
  Value* input(size_t i) const { return i < inputs_.size() ? inputs_[i] : nullptr; }
  Value* output(size_t i) const { return i < outputs_.size() ? outputs_[i] : nullptr; }
  size_t numInputs() const { return inputs_.size(); }
  Attributes& attrs() { return attrs_; }
  const Attributes& attrs() const { return attrs_; }

 private:
  friend class Graph;
  int id_ = 0;
  std::string op_, name_, domain_;
  int opset_ = 0;
  std::vector<Value*> inputs_, outputs_;
  Attributes attrs_;
};

class Graph {
 public:
  Graph() = default;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;
  // A deep copy with the same names and ids.
  std::unique_ptr<Graph> clone() const;

  std::string name;        // the ONNX graph name
  std::string sourceFile;  // for diagnostics
  // The model's own names for its inputs and outputs, kept for the generated
  // API even when passes replace the Values behind them.
  std::vector<std::string> inputNames, outputNames;

  // --- values ---
  Value* addValue(const std::string& name, TensorType type);
  Value* addConstant(const std::string& name, TensorType type, std::vector<uint8_t> data);
  template <class T>
  Value* addConstantOf(const std::string& name, DType dt, Shape shape, const std::vector<T>& v) {
    std::vector<uint8_t> bytes(v.size() * sizeof(T));
    if (!v.empty()) std::memcpy(bytes.data(), v.data(), bytes.size());
    return addConstant(name, TensorType{dt, std::move(shape), std::nullopt}, std::move(bytes));
  }
  // Turns a computed value into a constant (constant folding).
  void makeConstant(Value* v, std::vector<uint8_t> data);
  // Rewrites a constant's data and type in place (e.g. BN folding into weights).
  void setConstantData(Value* v, TensorType type, std::vector<uint8_t> data);
  Value* findValue(const std::string& name) const;
  std::string uniqueName(const std::string& base);

  // --- nodes ---
  // Appends at the end of the execution order, or inserts before `before`.
  Node* addNode(const std::string& op, const std::string& name, std::vector<Value*> inputs,
                std::vector<Value*> outputs, int opset, Node* before = nullptr,
                const std::string& domain = "");
  void setInput(Node* n, size_t i, Value* v);
  void setInputs(Node* n, std::vector<Value*> inputs);
  void setOutput(Node* n, size_t i, Value* v);
  // Every use of `from` (node inputs and graph outputs) now uses `to`.
  void replaceAllUsesWith(Value* from, Value* to);
  // Removes a node. Its outputs must have no users and not be graph outputs.
  void eraseNode(Node* n);
  // Drops values that nothing produces, uses or exposes.
  void removeUnusedValues();

  std::vector<Node*> nodes() const;  // execution order
  size_t numNodes() const { return nodes_.size(); }
  std::vector<Value*> values() const;
  // Reorders nodes; `order` must be a permutation of nodes().
  void setOrder(const std::vector<Node*>& order);

  // --- interface ---
  const std::vector<Value*>& inputs() const { return inputs_; }
  const std::vector<Value*>& outputs() const { return outputs_; }
  void addInput(Value* v);
  void addOutput(Value* v);
  void setGraphOutput(size_t i, Value* v);

  // Structural invariants: use lists, topological order, single producer,
  // inputs never produced, types set.
  Status verify() const;

 private:
  std::list<std::unique_ptr<Node>> nodes_;
  std::vector<std::unique_ptr<Value>> values_;
  std::vector<Value*> inputs_, outputs_;
  std::set<std::string> names_;
  int nextValueId_ = 0, nextNodeId_ = 0;
};

}  // namespace tinyaot
