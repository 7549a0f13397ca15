// Concat: each input is copied into its slice of the output (strided rows).
#include "ops/op_util.h"
#include "quant/lower_q8.h"

namespace tinyaot {
namespace {

const std::vector<DType> kAny = {DType::F32, DType::F64, DType::I8, DType::U8, DType::I16, DType::U16,
                                 DType::I32, DType::U32, DType::I64, DType::U64, DType::Bool};

Status infer(Node& n, Graph&) {
  if (n.numInputs() < 1) return nodeErrorf(n, "needs at least one input");
  TA_TRY(expectAttrsIn(n, {"axis"}));
  TA_TRY(expectDType(n, 0, kAny));
  Shape out = n.input(0)->shape();
  auto ax = normAxis(n, n.attrs().getInt("axis", 1), int64_t(out.size()));
  if (!ax) return ax.status();
  for (size_t i = 1; i < n.numInputs(); ++i) {
    const Value* v = n.input(i);
    if (!v) return nodeErrorf(n, "input {} is missing", i);
    if (v->dtype() != n.input(0)->dtype()) return nodeErrorf(n, "inputs have different dtypes");
    if (v->shape().size() != out.size()) return nodeErrorf(n, "inputs have different ranks");
    for (size_t d = 0; d < out.size(); ++d)
      if (int64_t(d) != *ax && v->shape()[d] != out[d])
        return nodeErrorf(n, "input {} has shape {}, incompatible with {} on axis {}", i, shapeStr(v->shape()), shapeStr(out), d);
    out[*ax] += v->shape()[*ax];
  }
  setOutput(n, 0, n.input(0)->dtype(), out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const Shape& out = n.output(0)->shape();
  const int64_t axis = *normAxis(n, n.attrs().getInt("axis", 1), int64_t(out.size()));
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= out[d];
  for (size_t d = axis + 1; d < out.size(); ++d) inner *= out[d];
  const int64_t es = int64_t(dtypeSize(n.output(0)->dtype()));
  Lowered calls;
  int64_t offset = 0;
  for (Value* v : n.inputs()) {
    const int64_t rowElems = v->shape()[axis] * inner;
    if (rowElems > 0 && outer > 0) {
      KernelCall k("ta_copy_strided");
      k.in(v).out(n.output(0), offset).i(outer).i(rowElems * es).i(rowElems * es).i(out[axis] * inner * es);
      calls.push_back(k);
    }
    offset += rowElems;
  }
  return finishConcatQ8(n, std::move(calls));  // int8: requantizing copies
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Concat", .minOpset = 1, .infer = infer, .lower = lower, .movesCodes = true, .dtypes = "all"}));

}  // namespace tinyaot
