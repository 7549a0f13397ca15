// EyeLike: a 2-D tensor of the input's (static) shape with ones on the
// diagonal j - i == k. It depends only on the shape, so inference makes the
// output a constant; no code runs.
#include <cstring>

#include "ops/elementwise.h"

namespace tinyaot {
namespace {

template <class T>
void putOne(std::vector<uint8_t>& bytes, size_t index) {
  const T one = T(1);
  std::memcpy(bytes.data() + index * sizeof(T), &one, sizeof(T));
}

void putOneAs(DType dt, std::vector<uint8_t>& bytes, size_t index) {
  switch (dt) {
    case DType::F32: putOne<float>(bytes, index); break;
    case DType::F64: putOne<double>(bytes, index); break;
    case DType::I8: putOne<int8_t>(bytes, index); break;
    case DType::U8: case DType::Bool: putOne<uint8_t>(bytes, index); break;
    case DType::I16: putOne<int16_t>(bytes, index); break;
    case DType::U16: putOne<uint16_t>(bytes, index); break;
    case DType::I32: putOne<int32_t>(bytes, index); break;
    case DType::U32: putOne<uint32_t>(bytes, index); break;
    case DType::I64: putOne<int64_t>(bytes, index); break;
    case DType::U64: putOne<uint64_t>(bytes, index); break;
    default: break;
  }
}

Status infer(Node& n, Graph& g) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {"dtype", "k"}));
  TA_TRY(expectDType(n, 0, allDTypes()));
  TA_TRY(expectRank(n, 0, 2, 2));
  DType dt = n.input(0)->dtype();
  if (n.attrs().has("dtype")) {
    const int64_t code = n.attrs().getInt("dtype", 0);
    auto d = dtypeFromOnnx(int(code));
    if (!d) return nodeErrorf(n, "dtype {} is not supported", code);
    bool ok = false;
    for (DType a : allDTypes()) ok = ok || a == *d;
    if (!ok) return nodeErrorf(n, "dtype {} is not supported", dtypeName(*d));
    dt = *d;
  }
  const Shape& s = n.input(0)->shape();
  const int64_t k = n.attrs().getInt("k", 0);
  std::vector<uint8_t> bytes(size_t(numElements(s)) * dtypeSize(dt), 0);
  for (int64_t i = 0; i < s[0]; ++i)
    if (i + k >= 0 && i + k < s[1]) putOneAs(dt, bytes, size_t(i * s[1] + i + k));
  setOutput(n, 0, dt, s);
  g.makeConstant(n.output(0), std::move(bytes));
  return Status::ok();
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "EyeLike", .minOpset = 9, .infer = infer, .dtypes = "all",
                      .notes = "k, dtype; folded to a constant (the input's shape is static)"}));

}  // namespace tinyaot
