// Helpers shared by operator definitions: argument checks with good
// messages, broadcasting, fused activations.
#pragma once
#include <cmath>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ops/registry.h"

namespace tinyaot {

// Input count within [lo, hi] (counting trailing absent inputs as absent).
Status expectInputs(const Node& n, size_t lo, size_t hi);
// The input must exist and have one of the dtypes.
Status expectDType(const Node& n, size_t input, const std::vector<DType>& allowed);
Status expectRank(const Node& n, size_t input, size_t lo, size_t hi);
// The input must be a compile-time constant (shape-like inputs).
Status expectConstant(const Node& n, size_t input, const char* what);
// Only these attributes may be set (others are reported as unsupported).
Status expectAttrsIn(const Node& n, std::initializer_list<const char*> known);
// Outputs beyond `count` must be absent (e.g. MaxPool's Indices).
Status expectOutputsAtMost(const Node& n, size_t count, const char* why);

// Normalizes a possibly negative axis for a tensor of `rank`.
Expected<int64_t> normAxis(const Node& n, int64_t axis, int64_t rank);

// Numpy broadcasting of two shapes.
std::optional<Shape> broadcastShapes(const Shape& a, const Shape& b);

// Strides (in elements) of `in` broadcast to `out` (0 on broadcast dims),
// after padding `in` with leading 1s to out's rank.
std::vector<int64_t> broadcastStrides(const Shape& in, const Shape& out);
std::vector<int64_t> contiguousStrides(const Shape& s);

// Collapses an output shape and per-input strides into exactly 6 dims,
// merging adjacent dims that stay contiguous for every input.
struct Collapsed {
  std::vector<int64_t> dims;                  // 6 entries
  std::vector<std::vector<int64_t>> strides;  // per input, 6 entries
};
Collapsed collapseForKernel(const Shape& out, const std::vector<std::vector<int64_t>>& strides, size_t maxDims = 6);

// Sets output `i`'s type. Quantization parameters already on an int8/uint8
// output (set by the quantizer or the QDQ importer) are kept.
void setOutput(Node& n, size_t i, DType dt, Shape shape);

// A quantized node: its input 0 is an int8/uint8 tensor with quantization
// parameters (the int8 lowering applies).
bool isQuantized(const Node& n);

// For ops that move codes (OpDef::movesCodes) applied to a quantized tensor
// in an ONNX file (ONNX Runtime's QOperator format runs MaxPool, Transpose,
// Reshape... directly on int8/uint8): outputs not typed yet get input 0's
// quantization parameters, when every other quantized input agrees with them.
void inheritQuant(Node& n);

// Fused activation clamp carried by kernels ("ta.act_min"/"ta.act_max").
struct ActRange {
  float lo = -std::numeric_limits<float>::infinity();
  float hi = std::numeric_limits<float>::infinity();
};
ActRange actRange(const Node& n);

// C type name of a value's dtype, for template arguments.
std::string ctype(const Value* v);

}  // namespace tinyaot
