// Constant: its value becomes a constant Value at load time; the node goes.
#include "ops/op_util.h"

namespace tinyaot {
namespace {

Status infer(Node& n, Graph& g) {
  TA_TRY(expectInputs(n, 0, 0));
  TA_TRY(expectAttrsIn(n, {"value", "value_float", "value_floats", "value_int", "value_ints"}));
  Value* out = n.output(0);
  const Attributes& a = n.attrs();
  if (const Attribute* t = a.find("value"); t && t->kind == Attribute::Kind::Tensor) {
    out->setType(t->tensorType);
    g.makeConstant(out, t->tensorData);
  } else if (a.has("value_float")) {
    out->setType({DType::F32, {}, std::nullopt});
    float v = a.getFloat("value_float", 0);
    std::vector<uint8_t> b(4);
    std::memcpy(b.data(), &v, 4);
    g.makeConstant(out, b);
  } else if (a.has("value_floats")) {
    auto v = a.getFloats("value_floats");
    out->setType({DType::F32, {int64_t(v.size())}, std::nullopt});
    std::vector<uint8_t> b(v.size() * 4);
    if (!v.empty()) std::memcpy(b.data(), v.data(), b.size());
    g.makeConstant(out, b);
  } else if (a.has("value_int")) {
    out->setType({DType::I64, {}, std::nullopt});
    int64_t v = a.getInt("value_int", 0);
    std::vector<uint8_t> b(8);
    std::memcpy(b.data(), &v, 8);
    g.makeConstant(out, b);
  } else if (a.has("value_ints")) {
    auto v = a.getInts("value_ints");
    out->setType({DType::I64, {int64_t(v.size())}, std::nullopt});
    std::vector<uint8_t> b(v.size() * 8);
    if (!v.empty()) std::memcpy(b.data(), v.data(), b.size());
    g.makeConstant(out, b);
  } else {
    return nodeErrorf(n, "has no supported value attribute (sparse and string constants are not supported)");
  }
  return Status::ok();
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Constant", .minOpset = 1, .infer = infer, .dtypes = "all",
                      .notes = "becomes a constant at load time"}));

}  // namespace tinyaot
