// int8/uint8 pooling and data movement: AveragePool / GlobalAveragePool
// (pool_s8.h), MaxPool / GlobalMaxPool (generic kernels), and the
// requantization appended to data movement (Transpose, Pad, MaxPool...) and
// Concat when output parameters differ from the input's.
#include "quant/lower_q8.h"

namespace tinyaot {

namespace {

Expected<FixedMultiplier> oneMultiplier(const Node& n, double real) {
  auto m = multipliers(n, {real});
  if (!m) return m.status();
  return (*m)[0];
}

// In-place requantization of the whole output of `n` from `from`'s parameters.
Expected<KernelCall> requantizeOutput(const Node& n, const Value* from) {
  Value* y = n.output(0);
  auto m = oneMultiplier(n, scaleOf(from) / scaleOf(y));
  if (!m) return m.status();
  const QRange r = outputClamp(n, y);
  const int64_t count = y->type().elements();
  KernelCall k("ta_requantize_q8", {ctype(y), ctype(y)});
  k.in(y).out(y).i(1).i(count).i(count).i(count).i(zeroPointOf(from)).i(zeroPointOf(y)).i(m->mult).i(m->shift);
  k.i(r.lo).i(r.hi);
  return k;
}

}  // namespace

Status inferPoolQ8(Node& n) {
  const Value* x = n.input(0);
  TA_TRY(expectQuantActivation(n, x, "the input"));
  const bool global = n.op() == "GlobalAveragePool" || n.op() == "GlobalMaxPool";
  Shape out = x->shape();
  if (global) {
    if (out.size() < 3) return nodeErrorf(n, "input must have rank >= 3, got {}", shapeStr(out));
    for (size_t i = 2; i < out.size(); ++i) out[i] = 1;
  } else {
    TA_TRY(expectRank(n, 0, 3, 4));
    if (n.op() == "MaxPool") TA_TRY(expectOutputsAtMost(n, 1, "TinyAOT does not produce MaxPool's Indices output"));
    if (n.op() == "AveragePool")
      for (int64_t d : n.attrs().getInts("dilations"))
        if (d != 1) return nodeErrorf(n, "dilated AveragePool is not supported");
    auto g = poolGeometry(n);
    if (!g) return g.status();
    out = x->shape().size() == 3 ? Shape{out[0], out[1], g->ow} : Shape{out[0], out[1], g->oh, g->ow};
  }
  setOutput(n, 0, x->dtype(), out);
  return expectQuantOutput(n);
}

Expected<Lowered> lowerPoolQ8(const Node& n, const LowerContext&) {
  Value *x = n.input(0), *y = n.output(0);
  const std::string t = ctype(x);
  const QRange r = outputClamp(n, y);
  if (n.op() == "GlobalAveragePool" || n.op() == "GlobalMaxPool") {
    const Shape& s = x->shape();
    const int64_t planes = s[0] * s[1], hw = numElements(s) / std::max<int64_t>(planes, 1);
    if (n.op() == "GlobalMaxPool") {
      KernelCall k("ta_global_maxpool", {t});
      k.in(x).out(y).i(planes).i(hw);
      return finishMoveQ8(n, Lowered{k});
    }
    auto m = oneMultiplier(n, scaleOf(x) / (scaleOf(y) * double(hw)));
    if (!m) return m.status();
    KernelCall k("ta_global_avgpool_q8", {t});
    k.in(x).out(y).i(planes).i(hw).i(-hw * zeroPointOf(x)).i(m->mult).i(m->shift).i(zeroPointOf(y)).i(r.lo).i(r.hi);
    return Lowered{k};
  }
  auto g = poolGeometry(n);
  if (!g) return g.status();
  if (n.op() == "MaxPool") {
    KernelCall k("ta_maxpool2d", {t});
    k.in(x).out(y).i(g->planes).i(g->h).i(g->w).i(g->oh).i(g->ow).i(g->kh).i(g->kw);
    k.i(g->sh).i(g->sw).i(g->dh).i(g->dw).i(g->pt).i(g->pl);
    return finishMoveQ8(n, Lowered{k});
  }
  // AveragePool: one multiplier per possible divisor 1..kh*kw (entry 0 unused).
  std::vector<int64_t> mult{0}, shift{0};
  for (int64_t cnt = 1; cnt <= g->kh * g->kw; ++cnt) {
    auto m = oneMultiplier(n, scaleOf(x) / (scaleOf(y) * double(cnt)));
    if (!m) return m.status();
    mult.push_back(m->mult);
    shift.push_back(m->shift);
  }
  KernelCall k("ta_avgpool2d_q8", {t});
  k.in(x).out(y).i(g->planes).i(g->h).i(g->w).i(g->oh).i(g->ow).i(g->kh).i(g->kw);
  k.i(g->sh).i(g->sw).i(g->pt).i(g->pl).i(g->pb).i(g->pr).i(n.attrs().getInt("count_include_pad", 0));
  k.i(zeroPointOf(x)).ints(mult).ints(shift).i(zeroPointOf(y)).i(r.lo).i(r.hi);
  return Lowered{k};
}

Expected<Lowered> finishMoveQ8(const Node& n, Lowered calls) {
  if (!isQuantized(n)) return calls;
  const Value *x = n.input(0), *y = n.output(0);
  if (!y->type().quant || y->dtype() != x->dtype())
    return nodeErrorf(n, "the output of a quantized {} needs quantization parameters of the input's dtype", n.op());
  const QRange r = outputClamp(n, y);
  const QRange full = dtypeRange(y->dtype());
  if (sameQuant(x, y) && r.lo == full.lo && r.hi == full.hi) return calls;
  auto k = requantizeOutput(n, x);
  if (!k) return k.status();
  calls.push_back(*k);
  return calls;
}

Expected<Lowered> finishConcatQ8(const Node& n, Lowered calls) {
  if (!isQuantized(n)) return calls;
  const Value* y = n.output(0);
  if (!y->type().quant) return nodeErrorf(n, "the output of a quantized Concat needs quantization parameters");
  const QRange r = outputClamp(n, y);
  for (KernelCall& k : calls) {
    // ta_copy_strided(in, out + offset, rows, row_bytes, src_stride, dst_stride): one byte per element.
    if (k.fn != "ta_copy_strided" || k.args.size() != 6) return nodeErrorf(n, "internal: unexpected Concat lowering");
    const Value* in = k.args[0].value;
    TA_TRY(expectQuantActivation(n, in, "every input"));
    if (in->dtype() != y->dtype()) return nodeErrorf(n, "inputs mix int8 and uint8");
    if (sameQuant(in, y)) continue;
    auto m = oneMultiplier(n, scaleOf(in) / scaleOf(y));
    if (!m) return m.status();
    KernelCall rq("ta_requantize_q8", {ctype(in), ctype(y)});
    rq.args = {k.args[0], k.args[1]};
    rq.i(k.args[2].i).i(k.args[3].i).i(k.args[4].i).i(k.args[5].i).i(zeroPointOf(in)).i(zeroPointOf(y));
    rq.i(m->mult).i(m->shift).i(r.lo).i(r.hi);
    k = rq;
  }
  return calls;
}

int64_t padValueQ8(const Node& n) { return isQuantized(n) ? zeroPointOf(n.input(0)) : 0; }

}  // namespace tinyaot
