// Host evaluation of a Graph with the runtime-stub kernels themselves, so
// that constant folding, calibration and verification see exactly the
// arithmetic of the generated code.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "ir/graph.h"
#include "ops/kernel_call.h"

namespace tinyaot {

struct Tensor {
  TensorType type;
  std::vector<uint8_t> data;

  Tensor() = default;
  explicit Tensor(TensorType t) : type(std::move(t)), data(type.bytes()) {}
  template <class T> T* as() { return reinterpret_cast<T*>(data.data()); }
  template <class T> const T* as() const { return reinterpret_cast<const T*>(data.data()); }
  template <class T> std::vector<T> vec() const { return std::vector<T>(as<T>(), as<T>() + type.elements()); }
};

// Runs the kernels of one node. `inputs`/`outputs` follow node order;
// absent optional ones are nullptr.
Status evalNode(const Node& n, const std::vector<const Tensor*>& inputs, const std::vector<Tensor*>& outputs,
                const LowerContext& ctx = {});
// Runs one lowered call with the given data pointers for its tensor args.
Status invokeKernel(const KernelCall& call, const std::map<const Value*, void*>& data);

class Evaluator {
 public:
  explicit Evaluator(const Graph& g, LowerContext ctx = {});
  // Called after each node with every output it produced.
  using Observer = std::function<void(const Node&, const Value&, const Tensor&)>;
  // Inputs in graph-input order; returns outputs in graph-output order.
  Expected<std::vector<Tensor>> run(const std::vector<Tensor>& inputs, const Observer& observe = {});

 private:
  const Graph& g_;
  LowerContext ctx_;
  std::map<const Node*, Lowered> lowered_;  // cached across runs
};

}  // namespace tinyaot
