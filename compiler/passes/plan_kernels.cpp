#include "passes/plan_kernels.h"

#include <algorithm>
#include <cstring>

namespace tinyaot {

namespace {

bool isTensor(const KArg& a) { return (a.kind == KArg::Kind::In || a.kind == KArg::Kind::Out) && a.value; }

bool named(const KernelCall& c, std::initializer_list<const char*> names) {
  for (const char* n : names)
    if (c.fn == n) return true;
  return false;
}

// The in-place table. "forward elementwise": the kernel loops i = 0, 1, ...
// and reads every input element i before it writes output element i, and
// never reads input element j < i afterwards. Then out may start at in when
// both have the same element count and out's elements are not wider than
// in's: output element i covers input bytes of elements <= i only.
struct Rule {
  std::vector<const char*> kernels;
  std::vector<std::pair<int, int>> pairs;  // (in arg, out arg)
  enum { Forward, Exact, StridedRows } kind;
};

const std::vector<Rule>& rules() {
  static const std::vector<Rule> r = {
      // out[i] = f(in[i]), one pass, increasing i.
      {{"ta_unary", "ta_clip", "ta_clip_rt", "ta_cast", "ta_to_bool", "ta_quantize_f32", "ta_lut_q8"}, {{0, 1}}, Rule::Forward},
      // Per channel out[c][i] = in[c][i] * s + t, increasing c then i.
      {{"ta_channel_affine_f32"}, {{0, 1}}, Rule::Forward},
      // out[i] = a[i] op b[i] (or with a broadcast operand: the full-size
      // operand is read at index i, the other at a strided index); the
      // output index advances by one per element.
      {{"ta_binary", "ta_binary_bcast", "ta_add_q8", "ta_mul_q8"}, {{0, 2}, {1, 2}}, Rule::Forward},
      {{"ta_binary_scalar_b"}, {{0, 2}}, Rule::Forward},
      {{"ta_binary_scalar_a"}, {{1, 2}}, Rule::Forward},
      // Per row: reads the whole row (max, sum), then writes element k after
      // reading element k. Rows are disjoint. Same element type only.
      {{"ta_softmax_f32"}, {{0, 1}}, Rule::Exact},
      // Row by row, element by element; legal when both strides are equal
      // (documented in runtime-stub/quant.h).
      {{"ta_requantize_q8"}, {{0, 1}}, Rule::StridedRows},
  };
  return r;
}

}  // namespace

bool mayOverwrite(const KernelCall& call, int inArg, int outArg) {
  if (inArg < 0 || outArg < 0 || size_t(inArg) >= call.args.size() || size_t(outArg) >= call.args.size()) return false;
  const KArg &in = call.args[size_t(inArg)], &out = call.args[size_t(outArg)];
  if (in.kind != KArg::Kind::In || out.kind != KArg::Kind::Out || !isTensor(in) || !isTensor(out)) return false;
  if (in.offset != 0 || out.offset != 0) return false;
  const int64_t inN = in.value->type().elements(), outN = out.value->type().elements();
  const size_t inEs = dtypeSize(in.value->dtype()), outEs = dtypeSize(out.value->dtype());
  for (const Rule& r : rules()) {
    if (std::none_of(r.kernels.begin(), r.kernels.end(), [&](const char* k) { return call.fn == k; })) continue;
    if (std::find(r.pairs.begin(), r.pairs.end(), std::make_pair(inArg, outArg)) == r.pairs.end()) return false;
    switch (r.kind) {
      case Rule::Forward: return inN == outN && outEs <= inEs;
      case Rule::Exact: return inN == outN && outEs == inEs;
      case Rule::StridedRows:
        return inN == outN && outEs == inEs && call.args.size() > 5 && call.args[4].i == call.args[5].i;
    }
  }
  // The in-place variants (rewritten calls) read arg 0 and write arg 3 at the same address.
  if (named(call, {"ta_dwconv2d_f32_inplace", "ta_dwconv2d_q8_inplace"})) return inArg == 0 && outArg == 3;
  return false;
}

std::vector<std::pair<int, int>> inPlaceCandidates(const KernelCall& call) {
  std::vector<std::pair<int, int>> out;
  for (const Rule& r : rules())
    if (std::any_of(r.kernels.begin(), r.kernels.end(), [&](const char* k) { return call.fn == k; }))
      for (auto p : r.pairs)
        if (mayOverwrite(call, p.first, p.second)) out.push_back(p);
  return out;
}

bool isPureCopy(const KernelCall& call) {
  if (call.fn == "ta_copy") return true;
  // ta_copy_strided(in, out, rows, row_bytes, src_stride, dst_stride)
  if (call.fn == "ta_copy_strided" && call.args.size() == 6)
    return call.args[2].i <= 1 || call.args[4].i == call.args[5].i;
  return false;
}

int32_t dwInPlaceRingRows(int64_t h, int64_t w, int64_t oh, int64_t ow, int64_t sh, int64_t pt) {
  if (oh <= 0 || ow <= 0 || oh * ow > h * w) return 0;
  // Channel 0 (input and output channel start at the same place) needs the
  // most buffering; later channels start their output further below their
  // input. Mirrors the loop in runtime-stub/inplace.h.
  int64_t done = 0, most = 0;
  for (int64_t oy = 0; oy < oh; ++oy) {
    most = std::max(most, oy + 1 - done);
    int64_t need = oy + 1 < oh ? (oy + 1) * sh - pt : h;
    need = std::clamp<int64_t>(need, 0, h);
    while (done <= oy && (done + 1) * ow <= need * w) ++done;
  }
  if (done != oh) return 0;
  return int32_t(most);
}

std::optional<KernelCall> inPlaceVariant(const KernelCall& call) {
  // Both: (in, w, bias, out, n, c, h, w, m, kh, kw, oh, ow, sh, sw, dh, dw, pt, pl, ...).
  // ta_dwconv2d_s8_armdsp (the arguments of ta_dwconv2d_q8 plus its weight
  // scratch) becomes the int8 ta_dwconv2d_q8_inplace.
  const bool dsp = call.fn == "ta_dwconv2d_s8_armdsp";
  const bool f32 = call.fn == "ta_conv2d_f32", q8 = call.fn == "ta_dwconv2d_q8" || dsp;
  if (!f32 && !q8) return std::nullopt;
  if (dsp && (call.targs.size() != 1 || call.targs[0] != "int8_t" || call.args.size() != 27)) return std::nullopt;
  if (call.args.size() < 20 || !isTensor(call.args[0]) || call.args[3].kind != KArg::Kind::Out || !call.args[3].value)
    return std::nullopt;
  auto I = [&](size_t k) { return call.args[k].i; };
  const int64_t c = I(5), h = I(6), w = I(7), m = I(8), oh = I(11), ow = I(12), sh = I(13), pt = I(17);
  if (m != c) return std::nullopt;                       // channel multiplier 1 only
  if (f32 && I(19) != c) return std::nullopt;            // group == c: depthwise
  if (q8 && !dsp && (call.targs.size() != 3 || call.targs[0] != call.targs[2])) return std::nullopt;
  const Value *in = call.args[0].value, *out = call.args[3].value;
  if (dtypeSize(in->dtype()) != dtypeSize(out->dtype()) || call.args[0].offset || call.args[3].offset) return std::nullopt;
  const int32_t ring = dwInPlaceRingRows(h, w, oh, ow, sh, pt);
  if (ring <= 0) return std::nullopt;
  KernelCall k = call;
  k.fn = f32 ? "ta_dwconv2d_f32_inplace" : "ta_dwconv2d_q8_inplace";
  if (dsp) {
    k.targs = {"int8_t", "int8_t", "int8_t"};
    k.args.pop_back();  // the packed-weight scratch
  }
  k.scratch(int64_t(ring) * ow * int64_t(dtypeSize(out->dtype())), out->dtype()).i(ring);
  return k;
}

int64_t argAlignment(const KernelCall& call, size_t arg) {
  int64_t a = std::max<int64_t>(call.align, 4);
  const KArg& k = call.args.at(arg);
  if (isTensor(k)) a = std::max<int64_t>(a, int64_t(dtypeSize(k.value->dtype())));
  else if (k.kind == KArg::Kind::Scratch) a = std::max<int64_t>(a, int64_t(dtypeSize(k.elemType)));
  return a;
}

}  // namespace tinyaot
