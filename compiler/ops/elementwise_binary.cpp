// Element-wise binary ops with numpy broadcasting. One file for the family:
// they differ only in the kernel's op code and the dtypes they accept.
#include "ops/elementwise.h"
#include "ops/op_util.h"
#include "quant/lower_q8.h"

namespace tinyaot {
namespace {

struct BinaryInfo {
  const char* name;
  const char* code;  // runtime-stub op code
  bool boolOut;      // comparisons and logic produce bool
  std::vector<DType> dtypes;
  const char* notes;
  int minOpset = 7;
};

const std::vector<DType> kArith = {DType::F32, DType::F64, DType::I8, DType::U8, DType::I16,
                                   DType::U16, DType::I32, DType::U32, DType::I64, DType::U64};
const std::vector<DType> kArithBool = {DType::F32, DType::F64, DType::I8,  DType::U8,  DType::I16, DType::U16,
                                       DType::I32, DType::U32, DType::I64, DType::U64, DType::Bool};
const std::vector<DType> kBool = {DType::Bool};
const std::vector<DType> kPRelu = {DType::F32, DType::F64, DType::I32, DType::U32, DType::I64, DType::U64};
// Pow: base (T) and exponent (T1) may differ; the result has the base's type.
const std::vector<DType> kPowBase = {DType::F32, DType::F64, DType::I32, DType::I64};
const std::vector<DType> kUnsigned = {DType::U8, DType::U16, DType::U32, DType::U64};

const std::vector<BinaryInfo>& infos() {
  static const std::vector<BinaryInfo> v = {
      {"Add", "TA_ADD", false, kArith, "numpy broadcasting"},
      {"Sub", "TA_SUB", false, kArith, "numpy broadcasting"},
      {"Mul", "TA_MUL", false, kArith, "numpy broadcasting"},
      {"Div", "TA_DIV", false, kArith, "numpy broadcasting; integer division truncates; integer x/0 gives 0"},
      {"Pow", "TA_POW", false, kPowBase,
       "numpy broadcasting; the exponent may have any numeric dtype; integer results of a float exponent truncate"},
      {"PRelu", "TA_PRELU", false, kPRelu, "slope broadcasts to X"},
      {"Equal", "TA_EQUAL", true, kArithBool, "numpy broadcasting"},
      {"Less", "TA_LESS", true, kArith, "numpy broadcasting"},
      {"Greater", "TA_GREATER", true, kArith, "numpy broadcasting"},
      {"LessOrEqual", "TA_LESS_EQUAL", true, kArith, "numpy broadcasting", 12},
      {"GreaterOrEqual", "TA_GREATER_EQUAL", true, kArith, "numpy broadcasting", 12},
      {"And", "TA_AND", true, kBool, "numpy broadcasting"},
      {"Or", "TA_OR", true, kBool, "numpy broadcasting"},
      {"Xor", "TA_XOR", true, kBool, "numpy broadcasting"},
      {"Mod", "TA_MOD", false, kArith,
       "numpy broadcasting; fmod=0 takes the divisor's sign (integers), fmod=1 the dividend's; x mod 0 gives 0 for "
       "integers",
       10},
      {"BitShift", "TA_BITSHIFT_LEFT", false, kUnsigned, "numpy broadcasting; shifts of the bit width or more give 0",
       11},
  };
  return v;
}

// The kernel op code: Mod and BitShift pick theirs from attributes.
const char* opCode(const Node& n, const BinaryInfo& bi) {
  if (n.op() == "Mod" && n.attrs().getInt("fmod", 0) != 0) return "TA_FMOD";
  if (n.op() == "BitShift" && n.attrs().getString("direction", "") == "RIGHT") return "TA_BITSHIFT_RIGHT";
  return bi.code;
}

const BinaryInfo& info(const std::string& op) {
  for (auto& i : infos())
    if (op == i.name) return i;
  return infos().front();  // unreachable: only registered names reach here
}

Status infer(Node& n, Graph&) {
  const BinaryInfo& bi = info(n.op());
  TA_TRY(expectInputs(n, 2, 2));
  if (n.op() == "Mod") TA_TRY(expectAttrsIn(n, {"fmod"}));
  else if (n.op() == "BitShift") TA_TRY(expectAttrsIn(n, {"direction"}));
  else TA_TRY(expectAttrsIn(n, {}));
  if (isQuantized(n)) return inferBinaryQ8(n);  // int8 Add, Mul
  TA_TRY(expectDType(n, 0, bi.dtypes));
  if (n.op() == "Pow") {
    TA_TRY(expectDType(n, 1, kArith));
  } else if (n.input(1)->dtype() != n.input(0)->dtype()) {
    return nodeErrorf(n, "operands have different dtypes ({} and {})", dtypeName(n.input(0)->dtype()),
                      dtypeName(n.input(1)->dtype()));
  }
  auto out = broadcastShapes(n.input(0)->shape(), n.input(1)->shape());
  if (!out)
    return nodeErrorf(n, "shapes {} and {} do not broadcast", shapeStr(n.input(0)->shape()), shapeStr(n.input(1)->shape()));
  if (n.op() == "Mod" && isFloat(n.input(0)->dtype()) && n.attrs().getInt("fmod", 0) == 0)
    return nodeErrorf(n, "fmod must be 1 for floating-point inputs");
  if (n.op() == "BitShift" && n.attrs().getString("direction", "") != "LEFT" &&
      n.attrs().getString("direction", "") != "RIGHT")
    return nodeErrorf(n, "direction must be LEFT or RIGHT, got '{}'", n.attrs().getString("direction", ""));
  if (n.op() == "PRelu" && *out != n.input(0)->shape())
    return nodeErrorf(n, "slope of shape {} does not broadcast to X of shape {}", shapeStr(n.input(1)->shape()),
                      shapeStr(n.input(0)->shape()));
  setOutput(n, 0, bi.boolOut ? DType::Bool : n.input(0)->dtype(), *out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext& ctx) {
  if (isQuantized(n)) return lowerBinaryQ8(n, ctx);
  const BinaryInfo& bi = info(n.op());
  Value *a = n.input(0), *b = n.input(1), *y = n.output(0);
  const Shape& out = y->shape();
  if (a->dtype() != b->dtype()) {  // Pow with an exponent of another type
    Collapsed c = collapseForKernel(out, {broadcastStrides(a->shape(), out), broadcastStrides(b->shape(), out)});
    if (c.dims.size() > 6) return nodeErrorf(n, "broadcast needs more than 6 dimensions");
    KernelCall k("ta_pow_mixed", {ctype(a), ctype(b)});
    k.in(a).in(b).out(y).ints(c.dims).ints(c.strides[0]).ints(c.strides[1]);
    return Lowered{k};
  }
  auto k = binaryKernelCall(n, opCode(n, bi), a, b, y);
  if (!k) return k.status();
  return Lowered{*k};
}

[[maybe_unused]] const bool registered = [] {
  for (auto& i : infos())
    OpRegistrar(OpDef{.name = i.name, .minOpset = i.minOpset, .infer = infer, .lower = lower,
                      .dtypes = i.dtypes == kArith       ? "float32, float64, int8-64, uint8-64"
                                : i.dtypes == kArithBool ? "float32, float64, int8-64, uint8-64, bool"
                                : i.dtypes == kBool      ? "bool"
                                : i.dtypes == kPRelu     ? "float32, float64, int32, int64, uint32, uint64"
                                : i.dtypes == kUnsigned  ? "uint8-64"
                                                         : "float32, float64, int32, int64",
                      .notes = i.notes});
  return true;
}();

}  // namespace

const std::vector<DType>& allDTypes() {
  static const std::vector<DType> v = {DType::F32, DType::F64, DType::I8,  DType::U8,  DType::I16, DType::U16,
                                       DType::I32, DType::U32, DType::I64, DType::U64, DType::Bool};
  return v;
}
const std::vector<DType>& numericDTypes() {
  static const std::vector<DType> v = {DType::F32, DType::F64, DType::I8,  DType::U8,  DType::I16,
                                       DType::U16, DType::I32, DType::U32, DType::I64, DType::U64};
  return v;
}
const std::vector<DType>& floatDTypes() {
  static const std::vector<DType> v = {DType::F32, DType::F64};
  return v;
}

Expected<KernelCall> binaryKernelCall(const Node& n, const std::string& code, Value* a, Value* b, Value* y) {
  const Shape& out = y->shape();
  const std::vector<std::string> targs{ctype(a), ctype(y), code};
  auto flat = [&](const char* fn) {
    KernelCall k(fn, targs);
    k.in(a).in(b).out(y).i(numElements(out));
    return k;
  };
  if (a->shape() == out && b->shape() == out) return flat("ta_binary");
  if (a->shape() == out && b->type().elements() == 1) return flat("ta_binary_scalar_b");
  if (b->shape() == out && a->type().elements() == 1) return flat("ta_binary_scalar_a");
  Collapsed c = collapseForKernel(out, {broadcastStrides(a->shape(), out), broadcastStrides(b->shape(), out)});
  if (c.dims.size() > 6) return nodeErrorf(n, "broadcast needs more than 6 dimensions");
  KernelCall k("ta_binary_bcast", targs);
  k.in(a).in(b).out(y).ints(c.dims).ints(c.strides[0]).ints(c.strides[1]);
  return k;
}

}  // namespace tinyaot
