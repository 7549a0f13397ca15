// Tensor types: dtype + static shape + optional quantization parameters.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tinyaot {

// Numeric values follow ONNX's TensorProto.DataType so they can be printed
// into generated headers as-is.
enum class DType : int {
  Undefined = 0,
  F32 = 1,
  U8 = 2,
  I8 = 3,
  U16 = 4,
  I16 = 5,
  I32 = 6,
  I64 = 7,
  Bool = 9,
  F64 = 11,
  U32 = 12,
  U64 = 13,
};

size_t dtypeSize(DType t);
std::string_view dtypeName(DType t);   // "float32", "int8", ...
std::string_view dtypeCType(DType t);  // "float", "int8_t", ...
bool isFloat(DType t);
bool isSignedInt(DType t);
bool isInteger(DType t);  // signed or unsigned integer, not bool
std::optional<DType> dtypeFromOnnx(int onnxType);

using Shape = std::vector<int64_t>;
int64_t numElements(const Shape& s);
std::string shapeStr(const Shape& s);  // "[1,3,32,32]"

// Affine quantization: real = scale * (q - zero_point). Per-tensor when
// scale has one element, otherwise per-channel along `axis`.
struct QuantParams {
  std::vector<float> scale;
  std::vector<int32_t> zeroPoint;
  int axis = 0;
  bool perChannel() const { return scale.size() > 1; }
  bool operator==(const QuantParams&) const = default;
};

struct TensorType {
  DType dtype = DType::Undefined;
  Shape shape;
  std::optional<QuantParams> quant;

  int64_t elements() const { return numElements(shape); }
  size_t bytes() const { return size_t(elements()) * dtypeSize(dtype); }
  size_t rank() const { return shape.size(); }
  std::string str() const;  // "float32[1,3,32,32]"
  bool operator==(const TensorType&) const = default;
};

}  // namespace tinyaot
