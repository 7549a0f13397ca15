// int8/uint8 Gemm and MatMul: contract checks of the quantized ops and the
// lowering of any quantized matrix product (Gemm, MatMul, QLinearMatMul,
// MatMulInteger) to the fc_s8.h kernels.
#include <cmath>

#include "quant/lower_q8.h"

namespace tinyaot {

namespace {

int32_t at(const std::vector<int32_t>& v, int64_t i) { return v.size() == 1 ? v[0] : v[size_t(i)]; }

// Constant int8/uint8 weights [rows, cols] quantized per tensor or per
// output column along `axis`.
Status expectQuantWeights(const Node& n, const Value* w, int axis, int64_t channels) {
  if (!isQ8(w->dtype()) || !w->type().quant || !w->isConstant())
    return nodeErrorf(n, "needs constant int8/uint8 weights with quantization parameters, got '{}' {}", w->name(),
                      w->type().str());
  const QuantParams& q = *w->type().quant;
  if (q.perChannel() && (q.axis != axis || int64_t(q.scale.size()) != channels))
    return nodeErrorf(n, "weights must be quantized per tensor or per output column (axis {}, {} scales); got axis {} "
                      "with {} scales", axis, channels, q.axis, q.scale.size());
  return Status::ok();
}

Status expectQuantBias(const Node& n, const Value* b, int64_t channels) {
  if (!b) return Status::ok();
  if (b->dtype() != DType::I32 || !b->isConstant())
    return nodeErrorf(n, "the bias of a quantized {} must be an int32 constant, got '{}' {}", n.op(), b->name(),
                      b->type().str());
  if (b->type().elements() != channels || b->shape().empty() || b->shape().back() != channels)
    return nodeErrorf(n, "bias shape {} must be [{}] or [1,{}]", shapeStr(b->shape()), channels, channels);
  return Status::ok();
}

std::vector<int32_t> zeroPoints(const Value* v) {
  const auto& z = v->type().quant->zeroPoint;
  return z.empty() ? std::vector<int32_t>{0} : z;
}

std::vector<double> realMultipliers(double alpha, const Value* a, const Value* b, const Value* y) {
  std::vector<double> r;
  for (float bs : b->type().quant->scale) r.push_back(alpha * scaleOf(a) * double(bs) / scaleOf(y));
  return r;
}

}  // namespace

Expected<Shape> matmulShape(const Node& n, const Shape& a0, const Shape& b0) {
  Shape a = a0, b = b0;
  if (a.empty() || b.empty()) return nodeErrorf(n, "MatMul operands must have rank >= 1");
  const bool aVec = a.size() == 1, bVec = b.size() == 1;
  if (aVec) a.insert(a.begin(), 1);
  if (bVec) b.push_back(1);
  if (b[b.size() - 2] != a.back()) return nodeErrorf(n, "inner dimensions differ: {} vs {}", a.back(), b[b.size() - 2]);
  auto batch = broadcastShapes(Shape(a.begin(), a.end() - 2), Shape(b.begin(), b.end() - 2));
  if (!batch) return nodeErrorf(n, "batch dimensions of {} and {} do not broadcast", shapeStr(a0), shapeStr(b0));
  Shape out = *batch;
  if (!aVec) out.push_back(a[a.size() - 2]);
  if (!bVec) out.push_back(b.back());
  return out;
}

Status inferGemmQ8(Node& n) {
  const Value *a = n.input(0), *b = n.input(1), *c = n.input(2);
  TA_TRY(expectQuantActivation(n, a, "A"));
  TA_TRY(expectRank(n, 0, 2, 2));
  TA_TRY(expectRank(n, 1, 2, 2));
  if (n.attrs().getInt("transA", 0)) return nodeErrorf(n, "a quantized Gemm with transA = 1 is not supported");
  const bool tb = n.attrs().getInt("transB", 0) != 0;
  const int64_t k = a->shape()[1], nn = tb ? b->shape()[0] : b->shape()[1];
  if ((tb ? b->shape()[1] : b->shape()[0]) != k) return nodeErrorf(n, "inner dimensions differ: A gives K={}", k);
  if (!(n.attrs().getFloat("alpha", 1.0f) > 0.0f)) return nodeErrorf(n, "a quantized Gemm needs alpha > 0");
  if (c && n.attrs().getFloat("beta", 1.0f) != 1.0f) return nodeErrorf(n, "a quantized Gemm with a bias needs beta = 1");
  TA_TRY(expectQuantWeights(n, b, tb ? 0 : 1, nn));
  TA_TRY(expectQuantBias(n, c, nn));
  setOutput(n, 0, a->dtype(), {a->shape()[0], nn});
  return expectQuantOutput(n);
}

Expected<Lowered> lowerGemmQ8(const Node& n, const LowerContext& ctx) {
  QMatMulSpec s;
  s.a = n.input(0);
  s.b = n.input(1);
  s.bias = n.input(2);
  s.y = n.output(0);
  s.transB = n.attrs().getInt("transB", 0) != 0;
  s.aZp = zeroPointOf(s.a);
  s.bZp = zeroPoints(s.b);
  s.realMult = realMultipliers(n.attrs().getFloat("alpha", 1.0f), s.a, s.b, s.y);
  s.yZp = zeroPointOf(s.y);
  s.clamp = outputClamp(n, s.y);
  return lowerMatMulSpec(n, s, ctx);
}

Status inferMatMulQ8(Node& n) {
  const Value *a = n.input(0), *b = n.input(1);
  TA_TRY(expectQuantActivation(n, a, "A"));
  if (b->isConstant()) {
    if (b->shape().size() != 2) return nodeErrorf(n, "constant int8 weights B must be 2-D, got {}", shapeStr(b->shape()));
    TA_TRY(expectQuantWeights(n, b, 1, b->shape()[1]));
  } else {
    TA_TRY(expectQuantActivation(n, b, "B"));
  }
  auto out = matmulShape(n, a->shape(), b->shape());
  if (!out) return out.status();
  setOutput(n, 0, a->dtype(), *out);
  return expectQuantOutput(n);
}

Expected<Lowered> lowerMatMulQ8(const Node& n, const LowerContext& ctx) {
  QMatMulSpec s;
  s.a = n.input(0);
  s.b = n.input(1);
  s.y = n.output(0);
  s.aZp = zeroPointOf(s.a);
  s.bZp = zeroPoints(s.b);
  s.realMult = realMultipliers(1.0, s.a, s.b, s.y);
  s.yZp = zeroPointOf(s.y);
  s.clamp = outputClamp(n, s.y);
  return lowerMatMulSpec(n, s, ctx);
}

Expected<Lowered> lowerMatMulSpec(const Node& n, const QMatMulSpec& s, const LowerContext& ctx) {
  Shape a = s.a->shape(), b = s.b->shape();
  if (s.transB) std::swap(b[0], b[1]);  // logical [K, N]
  if (a.size() == 1) a.insert(a.begin(), 1);
  if (b.size() == 1) b.push_back(1);
  const int64_t k = a.back(), nn = b.back(), m = a[a.size() - 2];
  auto ms = multShiftArrays(n, s.realMult);
  if (!ms) return ms.status();
  const std::vector<int64_t>& mult = ms->mult;
  const std::vector<int64_t>& shift = ms->shift;
  const bool fc = s.b->isConstant() && b.size() == 2;
  if (fc) {
    // Weights minus their zero points, in their own layout ([N][K] for Gemm
    // with transB, else [K][N]) when that leaves them unchanged, else
    // repacked to [N][K]; the input zero point's correction and the bias
    // fold into one int32 per column.
    const std::vector<int64_t> raw = s.b->intData();
    const std::vector<int64_t> braw = s.bias ? s.bias->intData() : std::vector<int64_t>{};
    std::vector<int64_t> w(static_cast<size_t>(nn * k)), bias(static_cast<size_t>(nn));
    bool unchanged = s.b->dtype() == DType::I8;
    for (int64_t j = 0; j < nn; ++j) {
      int64_t sum = 0;
      for (int64_t p = 0; p < k; ++p) {
        const int64_t v = raw[size_t(s.transB ? j * k + p : p * nn + j)] - at(s.bZp, j);
        w[size_t(j * k + p)] = v;
        unchanged = unchanged && v == raw[size_t(s.transB ? j * k + p : p * nn + j)];
        sum += v;
      }
      const int64_t bv = (braw.empty() ? 0 : braw[size_t(j)]) - int64_t(s.aZp) * sum;
      if (bv < INT32_MIN || bv > INT32_MAX) return nodeErrorf(n, "the folded bias of column {} overflows int32", j);
      bias[size_t(j)] = bv;
    }
    // Arm DSP: int8 x int8 as one SMLAD dot product per output, [N][K].
    if (ctx.hasVariant("armdsp") && s.a->dtype() == DType::I8) {
      KernelCall kc("ta_fc_s8_armdsp", {ctype(s.y)});
      kc.in(s.a);
      if (addWeightsArg(kc, s.b, w) == "int8_t") {
        kc.ints(bias).out(s.y).i(numElements(a) / k).i(nn).i(k);
        kc.ints(mult).ints(shift).i(mult.size() > 1).i(s.yZp).i(s.clamp.lo).i(s.clamp.hi);
        return Lowered{kc};
      }
    }
    const bool kn = unchanged && !s.transB;  // read the MatMul's [K][N] in place
    KernelCall kc("ta_fc_q8");
    kc.in(s.a);
    std::string wtype = "int8_t";
    if (kn) kc.in(s.b);
    else wtype = addWeightsArg(kc, s.b, w);
    kc.targs = {ctype(s.a), wtype, ctype(s.y)};
    kc.ints(bias).out(s.y).i(numElements(a) / k).i(nn).i(k).i(kn ? 1 : k).i(kn ? nn : 1);
    kc.ints(mult).ints(shift).i(mult.size() > 1).i(s.yZp).i(s.clamp.lo).i(s.clamp.hi);
    return Lowered{kc};
  }
  if (s.bias) return nodeErrorf(n, "internal: a bias needs constant 2-D weights");
  if (s.transB) return nodeErrorf(n, "internal: transposed run-time B");
  // General batched product: each operand's batch is either the output's
  // batch or a single matrix reused by every batch.
  const Shape aB(a.begin(), a.end() - 2), bB(b.begin(), b.end() - 2);
  auto outB = broadcastShapes(aB, bB);
  if (!outB) return nodeErrorf(n, "batch dimensions do not broadcast");
  const int64_t batch = numElements(*outB);
  auto stride = [&](const Shape& sb, int64_t mat) -> Expected<int64_t> {
    if (numElements(sb) == 1) return int64_t(0);
    Shape padded(outB->size() - sb.size(), 1);
    padded.insert(padded.end(), sb.begin(), sb.end());
    if (padded != *outB) return nodeErrorf(n, "int8 MatMul supports full or single-matrix batch broadcasting only");
    return mat;
  };
  auto sa = stride(aB, m * k), sbs = stride(bB, k * nn);
  if (!sa) return sa.status();
  if (!sbs) return sbs.status();
  auto rep = [&](const std::vector<int64_t>& v) {
    std::vector<int64_t> r(static_cast<size_t>(nn));
    for (int64_t j = 0; j < nn; ++j) r[size_t(j)] = v.size() == 1 ? v[0] : v[size_t(j)];
    return r;
  };
  KernelCall kc("ta_matmul_q8", {ctype(s.a), ctype(s.b), ctype(s.y)});
  kc.in(s.a).in(s.b).out(s.y).i(batch).i(m).i(nn).i(k).i(batch > 1 ? *sa : 0).i(batch > 1 ? *sbs : 0).i(s.aZp);
  kc.ints(rep(std::vector<int64_t>(s.bZp.begin(), s.bZp.end()))).ints(rep(mult)).ints(rep(shift));
  kc.i(s.yZp).i(s.clamp.lo).i(s.clamp.hi);
  return Lowered{kc};
}

}  // namespace tinyaot
