// Element-wise binary ops with numpy broadcasting. One file for the family:
// they differ only in the kernel's op code and the dtypes they accept.
#include "ops/op_util.h"

namespace tinyaot {
namespace {

struct BinaryInfo {
  const char* name;
  const char* code;  // runtime-stub op code
  bool boolOut;      // comparisons and logic produce bool
  std::vector<DType> dtypes;
  const char* notes;
};

const std::vector<DType> kArith = {DType::F32, DType::F64, DType::I8, DType::U8, DType::I16,
                                   DType::U16, DType::I32, DType::U32, DType::I64, DType::U64};

const std::vector<BinaryInfo>& infos() {
  static const std::vector<BinaryInfo> v = {
      {"Add", "TA_ADD", false, kArith, "numpy broadcasting"},
      {"Sub", "TA_SUB", false, kArith, "numpy broadcasting"},
      {"Mul", "TA_MUL", false, kArith, "numpy broadcasting"},
      {"Div", "TA_DIV", false, kArith, "numpy broadcasting; integer division truncates; integer x/0 gives 0"},
  };
  return v;
}

const BinaryInfo& info(const std::string& op) {
  for (auto& i : infos())
    if (op == i.name) return i;
  return infos().front();  // unreachable: only registered names reach here
}

Status infer(Node& n, Graph&) {
  const BinaryInfo& bi = info(n.op());
  TA_TRY(expectInputs(n, 2, 2));
  TA_TRY(expectAttrsIn(n, {}));
  TA_TRY(expectDType(n, 0, bi.dtypes));
  if (n.input(1)->dtype() != n.input(0)->dtype())
    return nodeErrorf(n, "operands have different dtypes ({} and {})", dtypeName(n.input(0)->dtype()),
                      dtypeName(n.input(1)->dtype()));
  auto out = broadcastShapes(n.input(0)->shape(), n.input(1)->shape());
  if (!out)
    return nodeErrorf(n, "shapes {} and {} do not broadcast", shapeStr(n.input(0)->shape()), shapeStr(n.input(1)->shape()));
  setOutput(n, 0, bi.boolOut ? DType::Bool : n.input(0)->dtype(), *out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const BinaryInfo& bi = info(n.op());
  Value *a = n.input(0), *b = n.input(1), *y = n.output(0);
  std::vector<std::string> targs{ctype(a), ctype(y), bi.code};
  const Shape& out = y->shape();
  const int64_t count = numElements(out);
  auto call = [&](const char* fn) {
    KernelCall k(fn, targs);
    k.in(a).in(b).out(y).i(count);
    return Lowered{k};
  };
  if (a->shape() == out && b->shape() == out) return call("ta_binary");
  if (a->shape() == out && b->type().elements() == 1) return call("ta_binary_scalar_b");
  if (b->shape() == out && a->type().elements() == 1) return call("ta_binary_scalar_a");
  Collapsed c = collapseForKernel(out, {broadcastStrides(a->shape(), out), broadcastStrides(b->shape(), out)});
  if (c.dims.size() > 6) return nodeErrorf(n, "broadcast needs more than 6 dimensions");
  KernelCall k("ta_binary_bcast", targs);
  k.in(a).in(b).out(y).ints(c.dims).ints(c.strides[0]).ints(c.strides[1]);
  return Lowered{k};
}

[[maybe_unused]] const bool registered = [] {
  for (auto& i : infos())
    OpRegistrar(OpDef{.name = i.name, .minOpset = 7, .infer = infer, .lower = lower,
                      .dtypes = "float32, float64, int8-64, uint8-64", .notes = i.notes});
  return true;
}();

}  // namespace
}  // namespace tinyaot
