// Transpose: any permutation; shapes collapse to at most 6 dims at compile time.
#include <algorithm>

#include "ops/op_util.h"
#include "quant/lower_q8.h"

namespace tinyaot {
namespace {

const std::vector<DType> kAny = {DType::F32, DType::F64, DType::I8, DType::U8, DType::I16, DType::U16,
                                 DType::I32, DType::U32, DType::I64, DType::U64, DType::Bool};

std::vector<int64_t> perm(const Node& n) {
  const int64_t r = int64_t(n.input(0)->shape().size());
  std::vector<int64_t> def(r);
  for (int64_t i = 0; i < r; ++i) def[i] = r - 1 - i;
  return n.attrs().getInts("perm", def);
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  TA_TRY(expectAttrsIn(n, {"perm"}));
  TA_TRY(expectDType(n, 0, kAny));
  const Shape& in = n.input(0)->shape();
  auto p = perm(n);
  auto sorted = p;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i)
    if (sorted[i] != int64_t(i) || sorted.size() != in.size())
      return nodeErrorf(n, "perm {} is not a permutation of {} axes", shapeStr(p), in.size());
  Shape out;
  for (int64_t a : p) out.push_back(in[a]);
  setOutput(n, 0, n.input(0)->dtype(), out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const Shape& in = n.input(0)->shape();
  const Shape& out = n.output(0)->shape();
  auto p = perm(n);
  auto inStrides = contiguousStrides(in);
  std::vector<int64_t> s;
  for (int64_t a : p) s.push_back(inStrides[a]);
  Collapsed c = collapseForKernel(out, {s});
  if (c.dims.size() > 6) return nodeErrorf(n, "transpose needs more than 6 dimensions after merging");
  KernelCall k("ta_transpose", {ctype(n.input(0))});
  k.in(n.input(0)).out(n.output(0)).ints(c.dims).ints(c.strides[0]);
  return finishMoveQ8(n, Lowered{k});  // int8: requantizes when parameters change
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Transpose", .minOpset = 1, .infer = infer, .lower = lower, .movesCodes = true, .dtypes = "all",
                      .notes = "up to 6 dimensions after merging contiguous axes"}));

}  // namespace tinyaot
