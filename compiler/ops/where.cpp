// Where: out = condition ? X : Y with numpy broadcasting of all three.
#include "ops/elementwise.h"
#include "ops/op_util.h"

namespace tinyaot {
namespace {

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 3, 3));
  TA_TRY(expectAttrsIn(n, {}));
  TA_TRY(expectDType(n, 0, {DType::Bool}));
  TA_TRY(expectDType(n, 1, allDTypes()));
  if (n.input(2)->dtype() != n.input(1)->dtype())
    return nodeErrorf(n, "X and Y have different dtypes ({} and {})", dtypeName(n.input(1)->dtype()),
                      dtypeName(n.input(2)->dtype()));
  std::optional<Shape> out = n.input(0)->shape();
  for (size_t i = 1; i < 3 && out; ++i) out = broadcastShapes(*out, n.input(i)->shape());
  if (!out)
    return nodeErrorf(n, "shapes {}, {} and {} do not broadcast", shapeStr(n.input(0)->shape()),
                      shapeStr(n.input(1)->shape()), shapeStr(n.input(2)->shape()));
  setOutput(n, 0, n.input(1)->dtype(), *out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  const Shape& out = n.output(0)->shape();
  Collapsed c = collapseForKernel(out, {broadcastStrides(n.input(0)->shape(), out),
                                        broadcastStrides(n.input(1)->shape(), out),
                                        broadcastStrides(n.input(2)->shape(), out)});
  if (c.dims.size() > 6) return nodeErrorf(n, "broadcast needs more than 6 dimensions");
  KernelCall k("ta_where", {ctype(n.output(0))});
  k.in(n.input(0)).in(n.input(1)).in(n.input(2)).out(n.output(0));
  k.ints(c.dims).ints(c.strides[0]).ints(c.strides[1]).ints(c.strides[2]);
  return Lowered{k};
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "Where", .minOpset = 9, .infer = infer, .lower = lower, .dtypes = "all",
                      .notes = "numpy broadcasting of condition, X and Y"}));

}  // namespace tinyaot
