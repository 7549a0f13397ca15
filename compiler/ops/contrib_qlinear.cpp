// ONNX Runtime's quantized contrib ops (com.microsoft), as its QOperator
// quantization (quantize_static(..., quant_format=QOperator)) writes them:
// each becomes DequantizeLinear -> the float op -> QuantizeLinear, which
// the import-qdq pass then runs as the int8 op (docs/quantization.md); a
// group whose parameters the int8 kernels cannot take stays float, exactly
// as the op is defined ("Dequantize -> op in float -> Quantize").
// Also the contrib QuantizeLinear/DequantizeLinear (ONNX's, opset 13 form)
// and com.microsoft.QLinearConv (ONNX's QLinearConv when channels_last = 0).
#include <cmath>

#include "ops/expand.h"

namespace tinyaot {
namespace {

constexpr const char* kMs = "com.microsoft";

Status expectChannelsFirst(const Node& n) {
  if (n.attrs().getInt("channels_last", 0) != 0)
    return nodeErrorf(n, "channels_last = 1 (NHWC) is not supported; ONNX Runtime's quantizer writes 0 for ONNX "
                         "(NCHW) models");
  return Status::ok();
}

// QLinearAdd, QLinearMul: A, A_scale, A_zp?, B, B_scale, B_zp?, C_scale, C_zp?.
Expected<std::vector<Node*>> expandBinary(Node& n, Graph& g) {
  TA_TRY(expectInputs(n, 7, 8));
  TA_TRY(expectAttrsIn(n, {}));
  TA_TRY(expectDType(n, 0, {DType::I8, DType::U8}));
  Expansion e(n, g);
  Value* a = e.dequantize(n.input(0), n.input(1), n.input(2), "a");
  Value* b = e.dequantize(n.input(3), n.input(4), n.input(5), "b");
  Value* y = e.takeOutput(0);
  Value* f = e.temp("real");
  e.add(n.op() == "QLinearAdd" ? "Add" : "Mul", {a, b}, {f});
  e.quantize(f, n.input(6), n.input(7), n.input(0)->dtype(), y);
  return e.done();
}

// Unary ops X, X_scale, X_zp?, Y_scale, Y_zp? around `op` (with n's
// attributes minus `skip`, and `opset` when given).
Expected<std::vector<Node*>> expandUnary(Node& n, Graph& g, const std::string& op,
                                         std::initializer_list<const char*> skip, int opset = 0) {
  TA_TRY(expectInputs(n, 4, 5));
  TA_TRY(expectDType(n, 0, {DType::I8, DType::U8}));
  Expansion e(n, g);
  Value* x = e.dequantize(n.input(0), n.input(1), n.input(2), "x");
  Value* y = e.takeOutput(0);
  Value* f = e.temp("real");
  e.copyAttrs(e.add(op, {x}, {f}, "", opset), skip);
  e.quantize(f, n.input(3), n.input(4), n.input(0)->dtype(), y);
  return e.done();
}

Expected<std::vector<Node*>> expandSigmoid(Node& n, Graph& g) {
  TA_TRY(expectAttrsIn(n, {}));
  return expandUnary(n, g, "Sigmoid", {});
}

Expected<std::vector<Node*>> expandLeakyRelu(Node& n, Graph& g) {
  TA_TRY(expectAttrsIn(n, {"alpha"}));
  return expandUnary(n, g, "LeakyRelu", {});
}

Expected<std::vector<Node*>> expandAveragePool(Node& n, Graph& g) {
  TA_TRY(expectAttrsIn(n, {"auto_pad", "ceil_mode", "channels_last", "count_include_pad", "kernel_shape", "pads",
                           "strides"}));
  TA_TRY(expectChannelsFirst(n));
  return expandUnary(n, g, "AveragePool", {"channels_last"});
}

Expected<std::vector<Node*>> expandGlobalAveragePool(Node& n, Graph& g) {
  TA_TRY(expectAttrsIn(n, {"channels_last"}));
  TA_TRY(expectChannelsFirst(n));
  return expandUnary(n, g, "GlobalAveragePool", {"channels_last"});
}

// QLinearSoftmax: the `opset` attribute says which Softmax it quantizes
// (before 13: the input coerced to 2-D at axis).
Expected<std::vector<Node*>> expandSoftmax(Node& n, Graph& g) {
  TA_TRY(expectAttrsIn(n, {"axis", "opset"}));
  const int64_t opset = n.attrs().getInt("opset", 0);
  if (opset < 1 || opset > 22) return nodeErrorf(n, "attribute 'opset' must give the Softmax opset (1 to 22), got {}", opset);
  if (!n.input(4)) return nodeErrorf(n, "y_zero_point is required");
  return expandUnary(n, g, "Softmax", {"opset"}, int(opset));
}

// QLinearConcat: Y_scale, Y_zp, then (X, X_scale, X_zp) per input.
Expected<std::vector<Node*>> expandConcat(Node& n, Graph& g) {
  TA_TRY(expectAttrsIn(n, {"axis"}));
  if (!n.attrs().has("axis")) return nodeErrorf(n, "attribute 'axis' is required");
  if (n.numInputs() < 5 || (n.numInputs() - 2) % 3 != 0)
    return nodeErrorf(n, "expects Y_scale, Y_zero_point and then (tensor, scale, zero point) triples, got {} inputs",
                      n.numInputs());
  for (size_t i = 0; i < n.numInputs(); ++i)
    if (!n.input(i)) return nodeErrorf(n, "input {} is missing", i);
  TA_TRY(expectDType(n, 1, {DType::I8, DType::U8}));
  for (size_t i = 2; i < n.numInputs(); i += 3) TA_TRY(expectDType(n, i, {n.input(1)->dtype()}));
  Expansion e(n, g);
  std::vector<Value*> parts;
  for (size_t i = 2; i < n.numInputs(); i += 3) {
    parts.push_back(e.dequantize(n.input(i), n.input(i + 1), n.input(i + 2), fmt::format("in{}", (i - 2) / 3)));
  }
  Value* y = e.takeOutput(0);
  Value* f = e.temp("real");
  e.add("Concat", parts, {f})->attrs().setInt("axis", n.attrs().getInt("axis", 0));
  e.quantize(f, n.input(0), n.input(1), n.input(1)->dtype(), y);
  return e.done();
}

// QGemm: A, a_scale, a_zp, B, b_scale, b_zp?, C?, y_scale?, y_zp?. C is int32
// at scale alpha * a_scale * b_scale (per column when b is); without y_scale
// the output is float.
Expected<std::vector<Node*>> expandGemm(Node& n, Graph& g) {
  TA_TRY(expectInputs(n, 5, 9));
  TA_TRY(expectAttrsIn(n, {"alpha", "transA", "transB"}));
  TA_TRY(expectDType(n, 0, {DType::I8, DType::U8}));
  TA_TRY(expectDType(n, 3, {DType::I8, DType::U8}));
  TA_TRY(expectRank(n, 3, 2, 2));
  for (size_t i : {1, 4}) TA_TRY(expectConstant(n, i, i == 1 ? "a_scale" : "b_scale"));
  const bool transB = n.attrs().getInt("transB", 0) != 0;
  const float alpha = n.attrs().getFloat("alpha", 1.0f);
  const int64_t cols = n.input(3)->shape()[transB ? 0 : 1];
  const std::vector<double> bs = n.input(4)->doubleData();
  if (bs.empty() || (bs.size() != 1 && int64_t(bs.size()) != cols))
    return nodeErrorf(n, "b_scale must be a scalar or have one entry per column of B ({})", cols);
  if (n.input(7) && !n.input(8)) return nodeErrorf(n, "y_scale without y_zero_point is not supported");
  const bool perColumn = bs.size() > 1;
  if (Value* c = n.input(6)) {
    TA_TRY(expectDType(n, 6, {DType::I32}));
    const Shape& cshape = c->shape();
    if (perColumn && (cshape.empty() || cshape.back() != cols || numElements(cshape) != cols))
      return nodeErrorf(n, "with per-column b_scale, C must hold one bias per column (shape [{}] or [1, {}])", cols, cols);
  }
  // Checked: from here on the expansion cannot fail.
  Expansion e(n, g);
  Value* a = e.dequantize(n.input(0), n.input(1), n.input(2), "a");
  Value* b = e.dequantize(n.input(3), n.input(4), n.input(5), "b",
                          perColumn ? std::optional<int64_t>(transB ? 0 : 1) : std::nullopt);
  std::vector<Value*> ins{a, b};
  if (Value* c = n.input(6)) {
    const float as = float(n.input(1)->doubleData().at(0));
    std::vector<float> cs;
    for (double s : bs) cs.push_back(alpha * as * float(s));
    const Shape& cshape = c->shape();
    Value* scale = g.addConstantOf<float>(n.name() + "_c_scale", DType::F32, {int64_t(cs.size())}, cs);
    if (!perColumn) scale = g.addConstantOf<float>(n.name() + "_c_scale", DType::F32, {}, cs);
    ins.push_back(e.dequantize(c, scale, nullptr, "c",
                               perColumn ? std::optional<int64_t>(int64_t(cshape.size()) - 1) : std::nullopt));
  }
  Value* y = e.takeOutput(0);
  Value* f = n.input(7) ? e.temp("real") : y;
  Node* gemm = e.add("Gemm", ins, {f});
  e.copyAttrs(gemm, {});
  if (n.input(7)) e.quantize(f, n.input(7), n.input(8), n.input(8)->dtype(), y);
  return e.done();
}

// com.microsoft.QuantizeLinear / DequantizeLinear: ONNX's, per tensor or per axis.
Expected<std::vector<Node*>> expandQdq(Node& n, Graph& g) {
  TA_TRY(expectInputs(n, 2, 3));
  TA_TRY(expectAttrsIn(n, {"axis"}));
  Expansion e(n, g);
  Value* y = e.takeOutput(0);
  Node* m = e.add(n.op(), {n.input(0), n.input(1), n.input(2)}, {y}, "", qdqOpset(n));
  e.copyAttrs(m, {});
  return e.done();
}

// com.microsoft.QLinearConv (ONNX Runtime's NHWC-capable form): ONNX's QLinearConv.
Expected<std::vector<Node*>> expandConv(Node& n, Graph& g) {
  TA_TRY(expectChannelsFirst(n));
  Expansion e(n, g);
  Value* y = e.takeOutput(0);
  Node* m = e.add("QLinearConv", n.inputs(), {y});
  e.copyAttrs(m, {"channels_last"});
  return e.done();
}

#define TA_CONTRIB(NAME, FN, NOTES)                                                                           \
  TA_REGISTER_OP((OpDef{.name = NAME, .domain = kMs, .minOpset = 1, .maxOpset = 1, .expand = FN,             \
                        .dtypes = "int8, uint8", .notes = NOTES}))

TA_CONTRIB("QLinearAdd", expandBinary, "runs as the int8 Add (DequantizeLinear -> Add -> QuantizeLinear)");
TA_CONTRIB("QLinearMul", expandBinary, "runs as the int8 Mul");
TA_CONTRIB("QLinearSigmoid", expandSigmoid, "runs as an int8 lookup table");
TA_CONTRIB("QLinearLeakyRelu", expandLeakyRelu, "runs as an int8 lookup table");
TA_CONTRIB("QLinearAveragePool", expandAveragePool, "as the int8 AveragePool; channels_last = 0");
TA_CONTRIB("QLinearGlobalAveragePool", expandGlobalAveragePool, "as the int8 GlobalAveragePool; channels_last = 0");
TA_CONTRIB("QLinearSoftmax", expandSoftmax, "as the int8 Softmax of the given opset");
TA_CONTRIB("QLinearConcat", expandConcat, "as the int8 Concat (inputs requantized to the output's parameters)");
TA_CONTRIB("QGemm", expandGemm,
           "as the int8 Gemm (per-tensor or per-column b; int32 C at alpha * a_scale * b_scale); float output "
           "without y_scale");
TA_CONTRIB("QLinearConv", expandConv, "ONNX's QLinearConv; channels_last = 0");
TA_REGISTER_OP((OpDef{.name = "QuantizeLinear", .domain = kMs, .minOpset = 1, .maxOpset = 1, .expand = expandQdq,
                      .dtypes = "float32 -> int8, uint8", .notes = "ONNX's QuantizeLinear (opset 13 form)"}));
TA_REGISTER_OP((OpDef{.name = "DequantizeLinear", .domain = kMs, .minOpset = 1, .maxOpset = 1, .expand = expandQdq,
                      .dtypes = "int8, uint8, int32 -> float32", .notes = "ONNX's DequantizeLinear (opset 13 form)"}));

}  // namespace
}  // namespace tinyaot
