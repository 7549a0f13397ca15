// int8/uint8 execution of the ONNX ops: contract checks (`infer*Q8`, called
// by the ops' infer when isQuantized(n)) and lowering to the runtime-stub
// kernels of quant.h, conv_s8.h, fc_s8.h, pool_s8.h and eltwise_s8.h
// (`lower*Q8`). The quantized-graph contract is in docs/quantization.md.
#pragma once
#include <vector>

#include "ir/graph.h"
#include "ops/geometry.h"
#include "ops/kernel_call.h"
#include "quant/quant_util.h"

namespace tinyaot {

// --- Conv, QLinearConv, ConvInteger (lower_conv_q8.cpp) ---
Status inferConvQ8(Node& n);
Expected<Lowered> lowerConvQ8(const Node& n, const LowerContext& ctx);

// The convolution itself, whatever op it came from.
struct QConvSpec {
  Value *x = nullptr, *w = nullptr, *bias = nullptr, *y = nullptr;  // w constant; bias int32 constant
  int32_t xZp = 0;
  std::vector<int32_t> wZp;      // 1 or M entries (subtracted at compile time)
  std::vector<double> realMult;  // 1 or M entries: x_scale * w_scale / y_scale; empty: int32 output
  int32_t yZp = 0;
  QRange clamp;
};
Expected<Lowered> lowerConvSpec(const Node& n, const ConvGeom& g, const QConvSpec& s, const LowerContext& ctx);

// --- Gemm, MatMul, QLinearMatMul, MatMulInteger (lower_fc_q8.cpp) ---
Status inferGemmQ8(Node& n);
Expected<Lowered> lowerGemmQ8(const Node& n, const LowerContext& ctx);
Status inferMatMulQ8(Node& n);
Expected<Lowered> lowerMatMulQ8(const Node& n, const LowerContext& ctx);

// A x B with quantized operands. B constant and 2-D uses the fully connected
// kernel (weights repacked to [N][K]); otherwise the general batched kernel.
struct QMatMulSpec {
  Value *a = nullptr, *b = nullptr, *bias = nullptr, *y = nullptr;
  bool transB = false;           // b is [N, K] (Gemm transB)
  int32_t aZp = 0;
  std::vector<int32_t> bZp;      // 1 or N entries
  std::vector<double> realMult;  // 1 or N entries; empty: int32 output
  int32_t yZp = 0;
  QRange clamp;
};
Expected<Lowered> lowerMatMulSpec(const Node& n, const QMatMulSpec& s, const LowerContext& ctx);
// numpy MatMul output shape of two operands (1-D promotion, batch broadcast).
Expected<Shape> matmulShape(const Node& n, const Shape& a, const Shape& b);

// --- pools and data movement (lower_pool_q8.cpp) ---
Status inferPoolQ8(Node& n);  // AveragePool, MaxPool, GlobalAveragePool, GlobalMaxPool
Expected<Lowered> lowerPoolQ8(const Node& n, const LowerContext& ctx);
// Data movement that keeps values (MaxPool, Transpose, Pad...): when the
// output's parameters differ from the input's, appends an in-place
// requantization of the output. Returns `calls` unchanged for float nodes.
Expected<Lowered> finishMoveQ8(const Node& n, Lowered calls);
// Concat: turns the copy of each input whose parameters differ from the
// output's into a requantizing copy.
Expected<Lowered> finishConcatQ8(const Node& n, Lowered calls);
// The value a quantized Pad pads with when constant_value is absent.
int64_t padValueQ8(const Node& n);

// --- Add, Mul, unary functions, Softmax (lower_eltwise_q8.cpp) ---
Status inferBinaryQ8(Node& n);
Expected<Lowered> lowerBinaryQ8(const Node& n, const LowerContext& ctx);
// Any unary float function (Relu, Sigmoid, Clip, HardSwish...) as a
// 256-entry table computed at compile time with the float kernel itself.
Status inferLutQ8(Node& n);
Expected<Lowered> lowerLutQ8(const Node& n, const LowerContext& ctx);
Status inferSoftmaxQ8(Node& n);
Expected<Lowered> lowerSoftmaxQ8(const Node& n, int64_t outer, int64_t len, int64_t inner);

}  // namespace tinyaot
