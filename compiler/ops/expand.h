// Building blocks for OpDef::expand: ONNX Runtime's contrib ops (domain
// com.microsoft) written as the default-domain ops they stand for. The
// frontend checks and infers the new nodes exactly as if the file had them,
// so every later stage (import-qdq, PTQ, lowering) sees standard ops only.
#pragma once
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "ops/op_util.h"

namespace tinyaot {

class Expansion {
 public:
  Expansion(Node& n, Graph& g) : n_(n), g_(g) {}

  Node& node() { return n_; }
  Graph& graph() { return g_; }
  // The new nodes, in execution order (what expand returns).
  std::vector<Node*> done() { return made_; }

  // A node before n, in the default domain. It is named like n when `suffix`
  // is empty (the op that does the work), else n's name + "_" + suffix.
  Node* add(const std::string& op, std::vector<Value*> ins, std::vector<Value*> outs, const std::string& suffix = "",
            int opset = 0);
  // A new, still untyped value named after n.
  Value* temp(const std::string& suffix);
  // n's output i, detached from n so that a new node can produce it.
  Value* takeOutput(size_t i);
  Value* scalarF32(const std::string& suffix, float v);
  // Copies n's attributes onto `to`, except those listed.
  void copyAttrs(Node* to, std::initializer_list<const char*> skip);

  // DequantizeLinear(q, scale, zp) into a new float value (absent zp: 0).
  Value* dequantize(Value* q, Value* scale, Value* zp, const std::string& suffix,
                    std::optional<int64_t> axis = std::nullopt);
  // QuantizeLinear(x, scale, zp) into `out`. The contrib ops default an
  // absent zero point to 0 of the quantized type `dt` (QuantizeLinear's own
  // default would be uint8).
  void quantize(Value* x, Value* scale, Value* zp, DType dt, Value* out, const std::string& suffix = "q");

  // `act` (Relu, LeakyRelu, Sigmoid, Tanh, HardSigmoid, Clip, Elu, ...) of
  // `x` into `out`, with the parameters ONNX Runtime's fused kernels pass
  // (alpha, beta, ...). An unknown name is an error naming n.
  Status activation(const std::string& act, const std::vector<float>& params, Value* x, Value* out);
  // Whether activation() knows `act` (checked before any node is added, so
  // that a failed expansion leaves the graph as it was).
  static bool knownActivation(const std::string& act);

 private:
  Node& n_;
  Graph& g_;
  std::vector<Node*> made_;
};

// "fused activation 'X' is not supported (...)" for node n.
Status activationError(const Node& n, const std::string& act);

// The opset Q/DQ nodes of an expansion use: per-axis parameters need 13.
inline int qdqOpset(const Node& n) { return n.opset() < 13 ? 13 : n.opset(); }

}  // namespace tinyaot
