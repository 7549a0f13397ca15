// Helpers shared by the int8/uint8 execution side: reading quantization
// parameters from constant inputs (QuantizeLinear, QLinearConv...), checking
// the quantized-graph contract (docs/quantization.md), output clamps and
// requantization multipliers.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ops/op_util.h"
#include "quant/fixed_point.h"

namespace tinyaot {

inline bool isQ8(DType t) { return t == DType::I8 || t == DType::U8; }

// Value range of an int8/uint8/int32 tensor.
struct QRange {
  int32_t lo = -128, hi = 127;
};
QRange dtypeRange(DType t);

// The per-tensor scale and zero point of a quantized value.
inline double scaleOf(const Value* v) { return v->type().quant->scale[0]; }
inline int32_t zeroPointOf(const Value* v) {
  const auto& z = v->type().quant->zeroPoint;
  return z.empty() ? 0 : z[0];
}

// Quantization parameters from constant (scale, zero point) inputs, ONNX
// QuantizeLinear style: a scalar (or 1-element) scale is per tensor, a 1-D
// scale is per axis (`axis` of `data`, must match its length; only when
// `perAxisOk`). The zero point, when present, has the scale's shape and
// `zpType`; absent means 0. Scales must be positive and finite.
Expected<QuantParams> constQuantParams(const Node& n, size_t scaleIdx, size_t zpIdx, const Shape& data,
                                       int64_t axis, bool perAxisOk);

// Splits `shape` around `axis` for per-axis kernels: [outer, axis_n, inner].
struct AxisSplit {
  int64_t outer = 1, axisN = 1, inner = 1;
};
AxisSplit splitAtAxis(const Shape& shape, const QuantParams& q);

// --- contract checks (infer of quantized ops) ---
// `v` is an int8/uint8 activation with per-tensor parameters.
Status expectQuantActivation(const Node& n, const Value* v, const char* what);
// The output carries per-tensor parameters set by the quantizer/importer
// (and has the input's dtype unless `anyQ8`).
Status expectQuantOutput(const Node& n, bool anyQ8 = false);
// Output quantization equal to input 0's (Reshape-like data movement).
bool sameQuant(const Value* a, const Value* b);

// The clamp [lo, hi] of a quantized output: its dtype's range intersected
// with a fused activation (ta.act_min/ta.act_max, in real units), converted
// with the output's scale and zero point (round half away from zero, as
// TensorFlow Lite does).
QRange outputClamp(const Node& n, const Value* out);

// Adds integer weights (zero point subtracted, in the kernel's layout) to
// `k`: the int8 constant `orig` itself when `vals` are exactly its data,
// else a literal int8 array, or int16 when a value does not fit int8.
// Returns the element's C type for the kernel's template argument.
std::string addWeightsArg(KernelCall& k, Value* orig, const std::vector<int64_t>& vals);

// Fixed-point multipliers, one per entry of `real`.
Expected<std::vector<FixedMultiplier>> multipliers(const Node& n, const std::vector<double>& real);
// The same as the kernels' mult[] and shift[] arrays; {0}, {0} when `real`
// is empty (int32 outputs, which are not requantized).
struct MultShift {
  std::vector<int64_t> mult, shift;
};
Expected<MultShift> multShiftArrays(const Node& n, const std::vector<double>& real);

}  // namespace tinyaot
