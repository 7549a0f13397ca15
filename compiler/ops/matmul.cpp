// MatMul with numpy semantics: 1-D operands are promoted, batch dims broadcast.
#include "ops/op_util.h"
#include "quant/lower_q8.h"

namespace tinyaot {
namespace {

struct MatMulShape {
  Shape batch;           // broadcast batch dims
  int64_t m, n, k;
  Shape out;
  Shape aBatch, bBatch;  // operand batch dims
};

Expected<MatMulShape> shapes(const Node& n) {
  Shape a = n.input(0)->shape(), b = n.input(1)->shape();
  if (a.empty() || b.empty()) return nodeErrorf(n, "MatMul operands must have rank >= 1");
  const bool aVec = a.size() == 1, bVec = b.size() == 1;
  if (aVec) a.insert(a.begin(), 1);
  if (bVec) b.push_back(1);
  MatMulShape s;
  s.m = a[a.size() - 2];
  s.k = a.back();
  s.n = b.back();
  if (b[b.size() - 2] != s.k) return nodeErrorf(n, "inner dimensions differ: {} vs {}", s.k, b[b.size() - 2]);
  s.aBatch = Shape(a.begin(), a.end() - 2);
  s.bBatch = Shape(b.begin(), b.end() - 2);
  auto bb = broadcastShapes(s.aBatch, s.bBatch);
  if (!bb) return nodeErrorf(n, "batch dimensions {} and {} do not broadcast", shapeStr(s.aBatch), shapeStr(s.bBatch));
  s.batch = *bb;
  s.out = s.batch;
  if (!aVec) s.out.push_back(s.m);
  if (!bVec) s.out.push_back(s.n);
  return s;
}

Status infer(Node& n, Graph&) {
  TA_TRY(expectInputs(n, 2, 2));
  TA_TRY(expectAttrsIn(n, {}));
  if (isQuantized(n)) return inferMatMulQ8(n);
  TA_TRY(expectDType(n, 0, {DType::F32, DType::F64, DType::I32, DType::I64, DType::U32, DType::U64}));
  if (n.input(1)->dtype() != n.input(0)->dtype()) return nodeErrorf(n, "operands have different dtypes");
  auto s = shapes(n);
  if (!s) return s.status();
  setOutput(n, 0, n.input(0)->dtype(), s->out);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext& ctx) {
  if (isQuantized(n)) return lowerMatMulQ8(n, ctx);
  auto s = shapes(n);
  if (!s) return s.status();
  const int64_t batch = numElements(s->batch);
  KernelCall k("ta_matmul", {ctype(n.input(0))});
  k.in(n.input(0)).in(n.input(1)).out(n.output(0)).i(batch).i(s->m).i(s->n).i(s->k);
  const bool contiguous = s->aBatch == s->batch && s->bBatch == s->batch;
  if (contiguous || batch == 1) {
    k.inOpt(nullptr, DType::I32).inOpt(nullptr, DType::I32);
    return Lowered{k};
  }
  auto sa = broadcastStrides(s->aBatch, s->batch), sb = broadcastStrides(s->bBatch, s->batch);
  std::vector<int64_t> aoff, boff;
  Shape idx(s->batch.size(), 0);
  for (int64_t i = 0; i < batch; ++i) {
    int64_t oa = 0, ob = 0;
    for (size_t d = 0; d < idx.size(); ++d) {
      oa += idx[d] * sa[d];
      ob += idx[d] * sb[d];
    }
    aoff.push_back(oa * s->m * s->k);
    boff.push_back(ob * s->k * s->n);
    for (size_t d = idx.size(); d-- > 0;) {
      if (++idx[d] < s->batch[d]) break;
      idx[d] = 0;
    }
  }
  k.ints(aoff).ints(boff);
  return Lowered{k};
}

int64_t macs(const Node& n) {
  auto s = shapes(n);
  return s ? numElements(s->batch) * s->m * s->n * s->k : 0;
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "MatMul", .minOpset = 1, .infer = infer, .lower = lower, .macs = macs,
                      .dtypes = "float32, float64, int32, int64, uint32, uint64; int8, uint8 (quantized)",
                      .notes = "numpy semantics: 1-D promotion, broadcast batch dims"}));

}  // namespace tinyaot
