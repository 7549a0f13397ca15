// Tile and Expand: copies of a broadcast view of the input (stride 0 on
// repeated or expanded axes), lowered to strided-copy kernels.
#include "ops/elementwise.h"
#include "ops/op_util.h"
#include "ops/strided_copy.h"

namespace tinyaot {
namespace {

Status inferExpand(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 2));
  TA_TRY(expectAttrsIn(n, {}));
  TA_TRY(expectDType(n, 0, allDTypes()));
  TA_TRY(expectDType(n, 1, {DType::I64}));
  TA_TRY(expectRank(n, 1, 1, 1));
  TA_TRY(expectConstant(n, 1, "the target shape"));
  const Shape shape = n.input(1)->intData();
  for (int64_t d : shape)
    if (d < 0) return nodeErrorf(n, "shape {} has a negative dimension", shapeStr(shape));
  auto out = broadcastShapes(n.input(0)->shape(), shape);
  if (!out) return nodeErrorf(n, "input of shape {} cannot expand to {}", shapeStr(n.input(0)->shape()), shapeStr(shape));
  setOutput(n, 0, n.input(0)->dtype(), *out);
  return Status::ok();
}

Expected<Lowered> lowerExpand(const Node& n, const LowerContext&) {
  const Shape& out = n.output(0)->shape();
  return lowerStridedCopy(n, n.input(0), n.output(0), out, broadcastStrides(n.input(0)->shape(), out));
}

Status inferTile(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 2));
  TA_TRY(expectAttrsIn(n, {}));
  TA_TRY(expectDType(n, 0, allDTypes()));
  TA_TRY(expectDType(n, 1, {DType::I64}));
  TA_TRY(expectConstant(n, 1, "repeats"));
  const Shape& in = n.input(0)->shape();
  const auto reps = n.input(1)->intData();
  if (reps.size() != in.size())
    return nodeErrorf(n, "repeats has {} entries for an input of rank {}", reps.size(), in.size());
  Shape out;
  for (size_t d = 0; d < in.size(); ++d) {
    if (reps[d] < 0) return nodeErrorf(n, "repeats {} has a negative entry", shapeStr(reps));
    out.push_back(in[d] * reps[d]);
  }
  setOutput(n, 0, n.input(0)->dtype(), out);
  return Status::ok();
}

// The output is viewed as [r0, d0, r1, d1, ...]: repeat index (stride 0)
// then input index, which is exactly the output's row-major order.
Expected<Lowered> lowerTile(const Node& n, const LowerContext&) {
  const Shape& in = n.input(0)->shape();
  const auto reps = n.input(1)->intData();
  const auto cs = contiguousStrides(in);
  Shape dims;
  std::vector<int64_t> strides;
  for (size_t d = 0; d < in.size(); ++d) {
    dims.insert(dims.end(), {reps[d], in[d]});
    strides.insert(strides.end(), {0, cs[d]});
  }
  return lowerStridedCopy(n, n.input(0), n.output(0), dims, strides);
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Expand", .minOpset = 8, .infer = inferExpand, .lower = lowerExpand, .movesCodes = true, .dtypes = "all",
                      .notes = "shape must be a compile-time constant"}));
TA_REGISTER_OP((OpDef{.name = "Tile", .minOpset = 6, .infer = inferTile, .lower = lowerTile, .movesCodes = true, .dtypes = "all",
                      .notes = "repeats must be a compile-time constant"}));

}  // namespace tinyaot
