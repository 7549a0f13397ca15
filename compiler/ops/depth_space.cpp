// DepthToSpace (DCR and CRD) and SpaceToDepth: a 6-D transposed copy.
#include "ops/elementwise.h"
#include "ops/op_util.h"
#include "ops/strided_copy.h"

namespace tinyaot {
namespace {

bool isDepthToSpace(const Node& n) { return n.op() == "DepthToSpace"; }

// The input viewed in 6 dims and the permutation that gives the output.
struct View {
  Shape in6;
  std::vector<int64_t> perm;
};

View view(const Node& n) {
  const Shape& s = n.input(0)->shape();
  const int64_t b = n.attrs().getInt("blocksize", 0);
  const int64_t N = s[0], C = s[1], H = s[2], W = s[3];
  if (!isDepthToSpace(n)) return {{N, C, H / b, b, W / b, b}, {0, 3, 5, 1, 2, 4}};
  if (n.attrs().getString("mode", "DCR") == "CRD") return {{N, C / (b * b), b, b, H, W}, {0, 1, 4, 2, 5, 3}};
  return {{N, b, b, C / (b * b), H, W}, {0, 3, 4, 1, 5, 2}};
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 1, 1));
  if (isDepthToSpace(n)) TA_TRY(expectAttrsIn(n, {"blocksize", "mode"}));
  else TA_TRY(expectAttrsIn(n, {"blocksize"}));
  TA_TRY(expectDType(n, 0, allDTypes()));
  TA_TRY(expectRank(n, 0, 4, 4));
  const int64_t b = n.attrs().getInt("blocksize", 0);
  if (b <= 0) return nodeErrorf(n, "blocksize must be positive, got {}", b);
  const Shape& s = n.input(0)->shape();
  if (isDepthToSpace(n)) {
    const std::string mode = n.attrs().getString("mode", "DCR");
    if (mode != "DCR" && mode != "CRD") return nodeErrorf(n, "mode '{}' is not DCR or CRD", mode);
    if (s[1] % (b * b)) return nodeErrorf(n, "channels {} are not a multiple of blocksize^2 = {}", s[1], b * b);
    setOutput(n, 0, n.input(0)->dtype(), {s[0], s[1] / (b * b), s[2] * b, s[3] * b});
  } else {
    if (s[2] % b || s[3] % b)
      return nodeErrorf(n, "height {} and width {} must be multiples of blocksize {}", s[2], s[3], b);
    setOutput(n, 0, n.input(0)->dtype(), {s[0], s[1] * b * b, s[2] / b, s[3] / b});
  }
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const View v = view(n);
  const auto cs = contiguousStrides(v.in6);
  Shape dims;
  std::vector<int64_t> strides;
  for (int64_t p : v.perm) {
    dims.push_back(v.in6[p]);
    strides.push_back(cs[p]);
  }
  return lowerStridedCopy(n, n.input(0), n.output(0), dims, strides);
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "DepthToSpace", .minOpset = 1, .infer = infer, .lower = lower, .movesCodes = true, .dtypes = "all",
                      .notes = "DCR and CRD modes; 4-D input"}));
TA_REGISTER_OP((OpDef{.name = "SpaceToDepth", .minOpset = 1, .infer = infer, .lower = lower, .movesCodes = true, .dtypes = "all",
                      .notes = "4-D input"}));

}  // namespace tinyaot
