// Element-wise unary ops and activations. One file for the family: each is
// a runtime-stub op code plus its parameters (alpha, beta, ...).
#include "ops/elementwise.h"
#include "quant/lower_q8.h"

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
  bool boolOut = false;  // predicates (IsNaN, IsInf) produce bool
  int minOpset = 1;
};

const std::vector<DType> kSignedAndF = {DType::F32, DType::F64, DType::I8, DType::I16, DType::I32, DType::I64};

const std::vector<UnaryInfo>& infos() {
  static const std::vector<UnaryInfo> v = {
      {"Relu", "TA_RELU", kSignedAndF, nullptr, 0, nullptr, 0, ""},
      {"LeakyRelu", "TA_LEAKY_RELU", floatDTypes(), "alpha", 0.01f, nullptr, 0, ""},
      {"Sigmoid", "TA_SIGMOID", floatDTypes(), nullptr, 0, nullptr, 0, ""},
      {"Tanh", "TA_TANH", floatDTypes(), nullptr, 0, nullptr, 0, ""},
      {"HardSigmoid", "TA_HARD_SIGMOID", floatDTypes(), "alpha", 0.2f, "beta", 0.5f, ""},
      {"HardSwish", "TA_HARD_SWISH", floatDTypes(), nullptr, 0, nullptr, 0, "", false, 14},
      {"Abs", "TA_ABS", numericDTypes(), nullptr, 0, nullptr, 0, ""},
      {"Neg", "TA_NEG", kSignedAndF, nullptr, 0, nullptr, 0, ""},
      {"Exp", "TA_EXP", floatDTypes(), nullptr, 0, nullptr, 0, ""},
      {"Log", "TA_LOG", floatDTypes(), nullptr, 0, nullptr, 0, ""},
      {"Sqrt", "TA_SQRT", floatDTypes(), nullptr, 0, nullptr, 0, ""},
      {"Reciprocal", "TA_RECIPROCAL", floatDTypes(), nullptr, 0, nullptr, 0, ""},
      {"Floor", "TA_FLOOR", floatDTypes(), nullptr, 0, nullptr, 0, ""},
      {"Ceil", "TA_CEIL", floatDTypes(), nullptr, 0, nullptr, 0, ""},
      {"Round", "TA_ROUND", floatDTypes(), nullptr, 0, nullptr, 0, "halves round to even", false, 11},
      {"Erf", "TA_ERF", floatDTypes(), nullptr, 0, nullptr, 0, "", false, 9},
      {"Sign", "TA_SIGN", numericDTypes(), nullptr, 0, nullptr, 0, "", false, 9},
      {"Elu", "TA_ELU", floatDTypes(), "alpha", 1.0f, nullptr, 0, ""},
      {"Selu", "TA_SELU", floatDTypes(), "alpha", 1.67326319217681884765625f, "gamma", 1.05070102214813232421875f, ""},
      {"Softsign", "TA_SOFTSIGN", floatDTypes(), nullptr, 0, nullptr, 0, ""},
      {"Softplus", "TA_SOFTPLUS", floatDTypes(), nullptr, 0, nullptr, 0, ""},
      {"ThresholdedRelu", "TA_THRESHOLDED_RELU", floatDTypes(), "alpha", 1.0f, nullptr, 0, "", false, 10},
      {"Celu", "TA_CELU", floatDTypes(), "alpha", 1.0f, nullptr, 0, "", false, 12},
      {"Mish", "TA_MISH", floatDTypes(), nullptr, 0, nullptr, 0, "", false, 18},
      {"Sin", "TA_SIN", floatDTypes(), nullptr, 0, nullptr, 0, "", false, 7},
      {"Cos", "TA_COS", floatDTypes(), nullptr, 0, nullptr, 0, "", false, 7},
      {"Tan", "TA_TAN", floatDTypes(), nullptr, 0, nullptr, 0, "", false, 7},
      {"Asin", "TA_ASIN", floatDTypes(), nullptr, 0, nullptr, 0, "", false, 7},
      {"Acos", "TA_ACOS", floatDTypes(), nullptr, 0, nullptr, 0, "", false, 7},
      {"Atan", "TA_ATAN", floatDTypes(), nullptr, 0, nullptr, 0, "", false, 7},
      {"Sinh", "TA_SINH", floatDTypes(), nullptr, 0, nullptr, 0, "", false, 9},
      {"Cosh", "TA_COSH", floatDTypes(), nullptr, 0, nullptr, 0, "", false, 9},
      {"Asinh", "TA_ASINH", floatDTypes(), nullptr, 0, nullptr, 0, "", false, 9},
      {"Acosh", "TA_ACOSH", floatDTypes(), nullptr, 0, nullptr, 0, "", false, 9},
      {"Atanh", "TA_ATANH", floatDTypes(), nullptr, 0, nullptr, 0, "", false, 9},
      {"Gelu", "TA_GELU", floatDTypes(), nullptr, 0, nullptr, 0, "approximate = none or tanh", false, 20},
      {"IsNaN", "TA_ISNAN", floatDTypes(), nullptr, 0, nullptr, 0, "", true, 9},
      {"IsInf", "TA_ISINF", floatDTypes(), "detect_positive", 1.0f, "detect_negative", 1.0f, "", true, 10},
      {"Not", "TA_NOT", {DType::Bool}, nullptr, 0, nullptr, 0, ""},
  };
  return v;
}

const UnaryInfo& info(const std::string& op) {
  for (auto& i : infos())
    if (op == i.name) return i;
  return infos().front();
}

const char* opCode(const Node& n, const UnaryInfo& ui) {
  if (n.op() == "Gelu" && n.attrs().getString("approximate", "none") == "tanh") return "TA_GELU_TANH";
  return ui.code;
}

Status infer(Node& n, Graph&) {
  const UnaryInfo& ui = info(n.op());
  TA_TRY(expectInputs(n, 1, 1));
  if (n.op() == "Gelu") {
    TA_TRY(expectAttrsIn(n, {"approximate"}));
    const std::string mode = n.attrs().getString("approximate", "none");
    if (mode != "none" && mode != "tanh")
      return nodeErrorf(n, "approximate='{}' is not supported (none or tanh)", mode);
  } else if (ui.p0Attr) {
    TA_TRY(expectAttrsIn(n, {ui.p0Attr, ui.p1Attr ? ui.p1Attr : ui.p0Attr, "consumed_inputs"}));
  } else {
    TA_TRY(expectAttrsIn(n, {"consumed_inputs"}));  // opset 1 legacy hint, no effect
  }
  if (n.op() == "Celu" && n.attrs().getFloat("alpha", 1.0f) == 0.0f) return nodeErrorf(n, "alpha must not be 0");
  if (isQuantized(n)) return inferLutQ8(n);  // int8: a lookup table
  TA_TRY(expectDType(n, 0, ui.dtypes));
  setOutput(n, 0, ui.boolOut ? DType::Bool : n.input(0)->dtype(), n.input(0)->shape());
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext& ctx) {
  if (isQuantized(n)) return lowerLutQ8(n, ctx);
  const UnaryInfo& ui = info(n.op());
  KernelCall k("ta_unary", {ctype(n.input(0)), ctype(n.output(0)), opCode(n, ui)});
  k.in(n.input(0)).out(n.output(0)).i(n.output(0)->type().elements());
  k.f(ui.p0Attr ? n.attrs().getFloat(ui.p0Attr, ui.p0Default) : 0.0f);
  k.f(ui.p1Attr ? n.attrs().getFloat(ui.p1Attr, ui.p1Default) : 0.0f);
  return Lowered{k};
}

std::string dtypeList(const std::vector<DType>& ds) {
  if (ds == numericDTypes()) return "float32, float64, int8-64, uint8-64";
  if (ds == kSignedAndF) return "float32, float64, int8-64";
  std::string s;
  for (DType d : ds) s += (s.empty() ? "" : ", ") + std::string(dtypeName(d));
  return s;
}

[[maybe_unused]] const bool registered = [] {
  static std::vector<std::string> docs;  // OpDef keeps a const char*
  docs.reserve(infos().size());
  for (auto& i : infos()) {
    docs.push_back(dtypeList(i.dtypes));
    OpRegistrar(OpDef{.name = i.name, .minOpset = i.minOpset, .infer = infer, .lower = lower,
                      .dtypes = docs.back().c_str(), .notes = i.notes});
  }
  return true;
}();

}  // namespace
}  // namespace tinyaot
