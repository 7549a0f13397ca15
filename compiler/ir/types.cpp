#include "ir/types.h"

#include <fmt/format.h>

namespace tinyaot {

size_t dtypeSize(DType t) {
  switch (t) {
    case DType::F32: case DType::I32: case DType::U32: return 4;
    case DType::U8: case DType::I8: case DType::Bool: return 1;
    case DType::U16: case DType::I16: return 2;
    case DType::I64: case DType::U64: case DType::F64: return 8;
    case DType::Undefined: return 0;
  }
  return 0;
}

std::string_view dtypeName(DType t) {
  switch (t) {
    case DType::F32: return "float32";
    case DType::U8: return "uint8";
    case DType::I8: return "int8";
    case DType::U16: return "uint16";
    case DType::I16: return "int16";
    case DType::I32: return "int32";
    case DType::I64: return "int64";
    case DType::Bool: return "bool";
    case DType::F64: return "float64";
    case DType::U32: return "uint32";
    case DType::U64: return "uint64";
    case DType::Undefined: return "undefined";
  }
  return "undefined";
}

std::string_view dtypeCType(DType t) {
  switch (t) {
    case DType::F32: return "float";
    case DType::U8: return "uint8_t";
    case DType::I8: return "int8_t";
    case DType::U16: return "uint16_t";
    case DType::I16: return "int16_t";
    case DType::I32: return "int32_t";
    case DType::I64: return "int64_t";
    case DType::Bool: return "uint8_t";  // bool travels as one byte, 0 or 1
    case DType::F64: return "double";
    case DType::U32: return "uint32_t";
    case DType::U64: return "uint64_t";
    case DType::Undefined: return "void";
  }
  return "void";
}

bool isFloat(DType t) { return t == DType::F32 || t == DType::F64; }
bool isSignedInt(DType t) {
  return t == DType::I8 || t == DType::I16 || t == DType::I32 || t == DType::I64;
}
bool isInteger(DType t) {
  return isSignedInt(t) || t == DType::U8 || t == DType::U16 || t == DType::U32 || t == DType::U64;
}

std::optional<DType> dtypeFromOnnx(int v) {
  switch (v) {
    case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 9: case 11: case 12: case 13:
      return DType(v);
    default:
      return std::nullopt;
  }
}

int64_t numElements(const Shape& s) {
  int64_t n = 1;
  for (int64_t d : s) n *= d;
  return n;
}

std::string shapeStr(const Shape& s) { return fmt::format("[{}]", fmt::join(s, ",")); }

std::string TensorType::str() const {
  std::string q;
  if (quant) {
    if (quant->perChannel())
      q = fmt::format(" q(per-channel axis {}, {} scales)", quant->axis, quant->scale.size());
    else
      q = fmt::format(" q(scale {:g}, zp {})", quant->scale[0], quant->zeroPoint.empty() ? 0 : quant->zeroPoint[0]);
  }
  return fmt::format("{}{}{}", dtypeName(dtype), shapeStr(shape), q);
}

}  // namespace tinyaot
