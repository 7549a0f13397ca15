// ONNX Runtime's float contrib ops (com.microsoft) that its graph optimizer
// writes into saved models: FusedGemm and FusedConv (the op followed by an
// activation), Gelu (ONNX's Gelu, exact erf form) and FastGelu (the tanh
// approximation, with an optional bias added first).
#include "ops/expand.h"

namespace tinyaot {
namespace {

constexpr const char* kMs = "com.microsoft";

// FusedGemm: Gemm(A, B, C) then activation(activation_alpha, _beta, _gamma).
Expected<std::vector<Node*>> expandFusedGemm(Node& n, Graph& g) {
  TA_TRY(expectInputs(n, 2, 3));
  TA_TRY(expectAttrsIn(n, {"alpha", "beta", "transA", "transB", "activation", "activation_alpha", "activation_beta",
                           "activation_gamma", "leaky_relu_alpha"}));
  const std::string act = n.attrs().getString("activation", "");
  if (!act.empty() && !Expansion::knownActivation(act)) return activationError(n, act);
  Expansion e(n, g);
  Value* y = e.takeOutput(0);
  Value* f = act.empty() ? y : e.temp("gemm");
  e.copyAttrs(e.add("Gemm", n.inputs(), {f}, act.empty() ? "" : "gemm"),
              {"activation", "activation_alpha", "activation_beta", "activation_gamma", "leaky_relu_alpha"});
  if (!act.empty()) {
    std::vector<float> params;
    for (const char* k : {"activation_alpha", "activation_beta", "activation_gamma"})
      if (n.attrs().has(k)) params.push_back(n.attrs().getFloat(k, 0.0f));
    if (act == "LeakyRelu" && n.attrs().has("leaky_relu_alpha")) params = {n.attrs().getFloat("leaky_relu_alpha", 0.01f)};
    TA_TRY(e.activation(act, params, f, y));
  }
  return e.done();
}

// FusedConv: Conv(X, W, B) [+ Z] then activation(activation_params).
Expected<std::vector<Node*>> expandFusedConv(Node& n, Graph& g) {
  TA_TRY(expectInputs(n, 2, 4));
  TA_TRY(expectAttrsIn(n, {"auto_pad", "dilations", "group", "kernel_shape", "pads", "strides", "activation",
                           "activation_params"}));
  const std::string act = n.attrs().getString("activation", "");
  if (!act.empty() && !Expansion::knownActivation(act)) return activationError(n, act);
  if (act == "Clip" && n.attrs().getFloats("activation_params").size() != 2)
    return nodeErrorf(n, "activation Clip needs its min and max in activation_params");
  Expansion e(n, g);
  Value* y = e.takeOutput(0);
  Value* sum = n.input(3);
  Value* c = act.empty() && !sum ? y : e.temp("conv");
  e.copyAttrs(e.add("Conv", {n.input(0), n.input(1), n.input(2)}, {c}, c == y ? "" : "conv"),
              {"activation", "activation_params"});
  if (sum) {
    Value* s = act.empty() ? y : e.temp("sum");
    e.add("Add", {c, sum}, {s}, "sum");
    c = s;
  }
  if (!act.empty()) TA_TRY(e.activation(act, n.attrs().getFloats("activation_params"), c, y));
  return e.done();
}

// Gelu: ONNX's Gelu (opset 20), 0.5 x (1 + erf(x / sqrt(2))).
Expected<std::vector<Node*>> expandGelu(Node& n, Graph& g) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {}));
  Expansion e(n, g);
  Value* y = e.takeOutput(0);
  e.add("Gelu", {n.input(0)}, {y}, "", 20);
  return e.done();
}

// FastGelu: [X + bias], then ONNX's Gelu with approximate = "tanh".
Expected<std::vector<Node*>> expandFastGelu(Node& n, Graph& g) {
  TA_TRY(expectInputs(n, 1, 2));
  TA_TRY(expectAttrsIn(n, {}));
  Expansion e(n, g);
  Value* x = n.input(0);
  if (Value* bias = n.input(1)) {
    Value* s = e.temp("biased");
    e.add("Add", {x, bias}, {s}, "bias");
    x = s;
  }
  Value* y = e.takeOutput(0);
  e.add("Gelu", {x}, {y}, "", 20)->attrs().setString("approximate", "tanh");
  return e.done();
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "FusedGemm", .domain = kMs, .minOpset = 1, .maxOpset = 1, .expand = expandFusedGemm,
                      .dtypes = "float32",
                      .notes = "Gemm then its activation (Relu, LeakyRelu, Sigmoid, Tanh, HardSigmoid, Elu, ...)"}));
TA_REGISTER_OP((OpDef{.name = "FusedConv", .domain = kMs, .minOpset = 1, .maxOpset = 1, .expand = expandFusedConv,
                      .dtypes = "float32", .notes = "Conv [+ Z] then its activation (activation_params)"}));
TA_REGISTER_OP((OpDef{.name = "Gelu", .domain = kMs, .minOpset = 1, .maxOpset = 1, .expand = expandGelu,
                      .dtypes = "float32", .notes = "ONNX's Gelu (erf form)"}));
TA_REGISTER_OP((OpDef{.name = "FastGelu", .domain = kMs, .minOpset = 1, .maxOpset = 1, .expand = expandFastGelu,
                      .dtypes = "float32", .notes = "optional bias, then Gelu's tanh approximation"}));

}  // namespace tinyaot
