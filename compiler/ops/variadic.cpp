// Variadic element-wise ops: Min, Max, Sum, Mean over 1..N inputs with
// numpy broadcasting. Lowered to a chain of binary kernel calls that
// accumulate in the output buffer; Mean divides by N at the end.
#include "ops/variadic.h"

#include "ops/elementwise.h"
#include "ops/strided_copy.h"

namespace tinyaot {

std::vector<VariadicStep> planVariadic(const std::vector<Shape>& inputs, const Shape& out) {
  std::vector<VariadicStep> steps;
  if (inputs.empty()) return steps;
  if (inputs.size() == 1) return {{VariadicStep::Copy, 0, -1}};
  // Start with the first pair that already covers the output, so no
  // separate broadcast copy is needed; otherwise copy input 0 first.
  size_t first = inputs.size(), second = 0;
  for (size_t i = 0; i < inputs.size() && first == inputs.size(); ++i)
    for (size_t j = i + 1; j < inputs.size(); ++j)
      if (broadcastShapes(inputs[i], inputs[j]) == out) {
        first = i;
        second = j;
        break;
      }
  std::vector<bool> done(inputs.size(), false);
  if (first < inputs.size()) {
    steps.push_back({VariadicStep::Combine, int(first), int(second)});
    done[first] = done[second] = true;
  } else {
    steps.push_back({VariadicStep::Copy, 0, -1});
    done[0] = true;
  }
  for (size_t i = 0; i < inputs.size(); ++i)
    if (!done[i]) steps.push_back({VariadicStep::Accumulate, int(i), -1});
  return steps;
}

namespace {

struct VariadicInfo {
  const char* name;
  const char* code;
  std::vector<DType> dtypes;
};

const VariadicInfo& info(const std::string& op) {
  static const std::vector<VariadicInfo> v = {
      {"Min", "TA_MIN", numericDTypes()},
      {"Max", "TA_MAX", numericDTypes()},
      {"Sum", "TA_ADD", floatDTypes()},
      {"Mean", "TA_ADD", floatDTypes()},
  };
  for (auto& i : v)
    if (op == i.name) return i;
  return v.front();
}

Status infer(Node& n, Graph&) {
  const VariadicInfo& vi = info(n.op());
  if (n.numInputs() < 1) return nodeErrorf(n, "needs at least one input");
  TA_TRY(expectAttrsIn(n, {"consumed_inputs"}));  // opset 1 legacy hint, no effect
  TA_TRY(expectDType(n, 0, vi.dtypes));
  // Before opset 8 inputs must have the same shape; broadcasting is a superset.
  Shape out = n.input(0)->shape();
  for (size_t i = 1; i < n.numInputs(); ++i) {
    const Value* v = n.input(i);
    if (!v) return nodeErrorf(n, "input {} is missing", i);
    if (v->dtype() != n.input(0)->dtype())
      return nodeErrorf(n, "input {} has dtype {}, input 0 has {}", i, dtypeName(v->dtype()),
                        dtypeName(n.input(0)->dtype()));
    auto b = broadcastShapes(out, v->shape());
    if (!b) return nodeErrorf(n, "input {} of shape {} does not broadcast with {}", i, shapeStr(v->shape()), shapeStr(out));
    out = *b;
  }
  setOutput(n, 0, n.input(0)->dtype(), out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const VariadicInfo& vi = info(n.op());
  Value* y = n.output(0);
  const Shape& out = y->shape();
  std::vector<Shape> shapes;
  for (Value* v : n.inputs()) shapes.push_back(v->shape());
  Lowered calls;
  for (const VariadicStep& s : planVariadic(shapes, out)) {
    Value* a = n.input(size_t(s.a));
    switch (s.kind) {
      case VariadicStep::Copy: {
        auto copy = lowerStridedCopy(n, a, y, out, broadcastStrides(a->shape(), out));
        if (!copy) return copy.status();
        calls.insert(calls.end(), copy->begin(), copy->end());
        break;
      }
      case VariadicStep::Combine:
      // Accumulate works in place: each output element is read and written at the same index.
      case VariadicStep::Accumulate: {
        auto k = s.kind == VariadicStep::Combine ? binaryKernelCall(n, vi.code, a, n.input(size_t(s.b)), y)
                                                 : binaryKernelCall(n, vi.code, y, a, y);
        if (!k) return k.status();
        calls.push_back(*k);
        break;
      }
    }
  }
  if (n.op() == std::string("Mean") && n.numInputs() > 1) {
    KernelCall k("ta_unary", {ctype(y), ctype(y), "TA_DIV_SCALAR"});
    k.in(y).out(y).i(y->type().elements()).f(double(n.numInputs())).f(0.0);
    calls.push_back(k);
  }
  return calls;
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Min", .minOpset = 1, .infer = infer, .lower = lower,
                      .dtypes = "float32, float64, int8-64, uint8-64", .notes = "1..N inputs, numpy broadcasting"}));
TA_REGISTER_OP((OpDef{.name = "Max", .minOpset = 1, .infer = infer, .lower = lower,
                      .dtypes = "float32, float64, int8-64, uint8-64", .notes = "1..N inputs, numpy broadcasting"}));
TA_REGISTER_OP((OpDef{.name = "Sum", .minOpset = 1, .infer = infer, .lower = lower, .dtypes = "float32, float64",
                      .notes = "1..N inputs, numpy broadcasting"}));
TA_REGISTER_OP((OpDef{.name = "Mean", .minOpset = 1, .infer = infer, .lower = lower, .dtypes = "float32, float64",
                      .notes = "1..N inputs, numpy broadcasting; the sum is divided by N"}));

}  // namespace tinyaot
