// Reductions: ReduceSum, ReduceMean, ReduceMax, ReduceMin, ReduceProd,
// ReduceL1, ReduceL2, ReduceSumSquare, ReduceLogSum, ReduceLogSumExp.
// Axes come from the `axes` attribute (ReduceSum before opset 13, the others
// before opset 18) or from a compile-time constant second input.
#include <algorithm>

#include "ops/axis_split.h"

namespace tinyaot {
namespace {

struct ReduceInfo {
  const char* name;
  int code;          // runtime-stub op code (see ta_reduce)
  int axesInputFrom; // first opset where axes is an input
  bool intOk;        // integer dtypes allowed
};

const ReduceInfo kInfos[] = {
    {"ReduceSum", 0, 13, true},        {"ReduceMean", 1, 18, true},  {"ReduceMax", 2, 18, true},
    {"ReduceMin", 3, 18, true},        {"ReduceProd", 4, 18, true},  {"ReduceL1", 5, 18, true},
    {"ReduceL2", 6, 18, false},        {"ReduceSumSquare", 7, 18, true}, {"ReduceLogSum", 8, 18, false},
    {"ReduceLogSumExp", 9, 18, false},
};

const ReduceInfo& info(const std::string& op) {
  for (auto& i : kInfos)
    if (op == i.name) return i;
  return kInfos[0];
}

// The normalized, sorted set of reduced axes; empty means "no-op".
struct ReducePlan {
  std::vector<bool> reduced;  // per input dim
  bool noop = false;
  Shape out;
};

Expected<ReducePlan> plan(const Node& n) {
  const ReduceInfo& ri = info(n.op());
  const Shape& x = n.input(0)->shape();
  const int64_t rank = int64_t(x.size());
  std::vector<int64_t> axes;
  bool axesGiven = false;
  if (n.opset() >= ri.axesInputFrom) {
    if (n.input(1)) {
      TA_TRY(expectConstant(n, 1, "axes"));
      axes = n.input(1)->intData();
      axesGiven = true;
    }
  } else if (n.attrs().has("axes")) {
    axes = n.attrs().getInts("axes");
    axesGiven = true;
  }
  ReducePlan p;
  p.reduced.assign(size_t(rank), false);
  if (axes.empty()) {
    if (axesGiven || n.opset() >= ri.axesInputFrom) p.noop = n.attrs().getInt("noop_with_empty_axes", 0) != 0;
    if (!p.noop) p.reduced.assign(size_t(rank), true);
  }
  for (int64_t a : axes) {
    auto ax = normAxis(n, a, rank);
    if (!ax) return ax.status();
    if (p.reduced[size_t(*ax)]) return nodeErrorf(n, "axis {} is repeated in axes", a);
    p.reduced[size_t(*ax)] = true;
  }
  const bool keep = n.attrs().getInt("keepdims", 1) != 0;
  for (int64_t d = 0; d < rank; ++d) {
    if (!p.reduced[size_t(d)]) p.out.push_back(x[size_t(d)]);
    else if (keep) p.out.push_back(1);
  }
  if (p.noop) p.out = x;
  return p;
}

Status infer(Node& n, Graph&) {
  const ReduceInfo& ri = info(n.op());
  const bool axesInput = n.opset() >= ri.axesInputFrom;
  TA_TRY(expectInputs(n, 1, axesInput ? 2 : 1));
  if (axesInput) TA_TRY(expectAttrsIn(n, {"keepdims", "noop_with_empty_axes"}));
  else TA_TRY(expectAttrsIn(n, {"axes", "keepdims"}));
  std::vector<DType> dts = {DType::F32, DType::F64};
  if (ri.intOk) dts.insert(dts.end(), {DType::I32, DType::I64});
  if (ri.code == 2 || ri.code == 3) dts.insert(dts.end(), {DType::I8, DType::U8});
  TA_TRY(expectDType(n, 0, dts));
  if (n.input(1)) TA_TRY(expectDType(n, 1, {DType::I64}));
  if (n.input(0)->shape().size() > 12) return nodeErrorf(n, "inputs of rank > 12 are not supported");
  auto p = plan(n);
  if (!p) return p.status();
  const Shape& x = n.input(0)->shape();
  if (!p->noop)
    for (size_t d = 0; d < x.size(); ++d)
      if (p->reduced[d] && x[d] == 0)
        return nodeErrorf(n, "reducing over the empty axis {} (shape {}) is not supported", d, shapeStr(x));
  setOutput(n, 0, n.input(0)->dtype(), p->out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto p = plan(n);
  if (!p) return p.status();
  Value* x = n.input(0);
  if (p->noop || x->type().elements() == 0) {
    KernelCall k("ta_copy");
    k.in(x).out(n.output(0)).i(int64_t(x->type().bytes()));
    return Lowered{k};
  }
  auto runs = splitReduceRuns(x->shape(), p->reduced);
  if (!runs) return nodeErrorf(n, "the reduced axes split the input into too many runs");
  const DType dt = x->dtype();
  const std::string acc = dt == DType::F32 ? "float" : dt == DType::F64 ? "double" : "int64_t";
  KernelCall k("ta_reduce", {ctype(x), acc});
  k.in(x).out(n.output(0)).ints(runs->od).ints(runs->os).ints(runs->rd).ints(runs->rs);
  k.i(runs->count).i(info(n.op()).code);
  return Lowered{k};
}

int64_t macs(const Node& n) { return n.input(0)->type().elements(); }

[[maybe_unused]] const bool registered = [] {
  for (auto& i : kInfos)
    OpRegistrar(OpDef{.name = i.name, .minOpset = 1, .infer = infer, .lower = lower, .macs = macs,
                      .dtypes = i.code == 2 || i.code == 3 ? "float32, float64, int32, int64, int8, uint8"
                                : i.intOk               ? "float32, float64, int32, int64"
                                                        : "float32, float64",
                      .notes = "keepdims, noop_with_empty_axes; axes as attribute or compile-time constant input"});
  return true;
}();

}  // namespace
}  // namespace tinyaot
