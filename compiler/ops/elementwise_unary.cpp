// Element-wise unary ops and activations. One file for the family: each is
// a runtime-stub op code plus its parameters (alpha, beta, ...).
#include "ops/op_util.h"

namespace tinyaot {
namespace {

struct UnaryInfo {
  const char* name;
  const char* code;  // runtime-stub op code
  std::vector<DType> dtypes;
  // Parameters p0/p1 from attributes, with ONNX defaults.
  const char* p0Attr;
  float p0Default;
  const char* p1Attr;
  float p1Default;
  const char* notes;
};

const std::vector<DType> kF = {DType::F32};

const std::vector<UnaryInfo>& infos() {
  static const std::vector<UnaryInfo> v = {
      {"Relu", "TA_RELU", {DType::F32, DType::I8, DType::I16, DType::I32, DType::I64}, nullptr, 0, nullptr, 0, ""},
      {"LeakyRelu", "TA_LEAKY_RELU", kF, "alpha", 0.01f, nullptr, 0, ""},
      {"Sigmoid", "TA_SIGMOID", kF, nullptr, 0, nullptr, 0, ""},
      {"Tanh", "TA_TANH", kF, nullptr, 0, nullptr, 0, ""},
      {"HardSigmoid", "TA_HARD_SIGMOID", kF, "alpha", 0.2f, "beta", 0.5f, ""},
      {"HardSwish", "TA_HARD_SWISH", kF, nullptr, 0, nullptr, 0, ""},
  };
  return v;
}

const UnaryInfo& info(const std::string& op) {
  for (auto& i : infos())
    if (op == i.name) return i;
  return infos().front();
}

Status infer(Node& n, Graph&) {
  const UnaryInfo& ui = info(n.op());
  TA_TRY(expectInputs(n, 1, 1));
  std::vector<const char*> attrs;
  if (ui.p0Attr) TA_TRY(expectAttrsIn(n, {ui.p0Attr, ui.p1Attr ? ui.p1Attr : ui.p0Attr}));
  else TA_TRY(expectAttrsIn(n, {}));
  TA_TRY(expectDType(n, 0, ui.dtypes));
  setOutput(n, 0, n.input(0)->dtype(), n.input(0)->shape());
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const UnaryInfo& ui = info(n.op());
  KernelCall k("ta_unary", {ctype(n.input(0)), ctype(n.output(0)), ui.code});
  k.in(n.input(0)).out(n.output(0)).i(n.output(0)->type().elements());
  k.f(ui.p0Attr ? n.attrs().getFloat(ui.p0Attr, ui.p0Default) : 0.0f);
  k.f(ui.p1Attr ? n.attrs().getFloat(ui.p1Attr, ui.p1Default) : 0.0f);
  return Lowered{k};
}

[[maybe_unused]] const bool registered = [] {
  for (auto& i : infos())
    OpRegistrar(OpDef{.name = i.name, .minOpset = 6, .infer = infer, .lower = lower,
                      .dtypes = i.dtypes.size() > 1 ? "float32, int8-64" : "float32", .notes = i.notes});
  return true;
}();

}  // namespace
}  // namespace tinyaot
