// fold-batchnorm: an inference BatchNormalization right after a Conv or Gemm
// with constant weights becomes part of those weights and bias. Other
// BatchNormalization nodes stay and run as a per-channel affine kernel.
#include <cmath>

#include "ops/op_util.h"
#include "passes/pass.h"

namespace tinyaot {

namespace {

struct Affine { std::vector<double> s, t; };

Affine bnAffine(const Node& bn) {
  auto gamma = bn.input(1)->doubleData(), beta = bn.input(2)->doubleData();
  auto mean = bn.input(3)->doubleData(), var = bn.input(4)->doubleData();
  const double eps = bn.attrs().getFloat("epsilon", 1e-5f);
  Affine a;
  for (size_t i = 0; i < gamma.size(); ++i) {
    a.s.push_back(gamma[i] / std::sqrt(var[i] + eps));
    a.t.push_back(beta[i] - mean[i] * a.s.back());
  }
  return a;
}

std::vector<float> toFloat(const std::vector<double>& v) { return std::vector<float>(v.begin(), v.end()); }

bool foldIntoConv(Graph& g, Node* conv, const Affine& a) {
  Value* w = conv->input(1);
  Value* b = conv->input(2);
  if (!w->isConstant() || (b && !b->isConstant()) || w->dtype() != DType::F32) return false;
  const int64_t m = w->shape()[0], per = w->type().elements() / m;
  auto wd = w->doubleData();
  for (int64_t o = 0; o < m; ++o)
    for (int64_t i = 0; i < per; ++i) wd[o * per + i] *= a.s[o];
  std::vector<double> bd = b ? b->doubleData() : std::vector<double>(m, 0.0);
  for (int64_t o = 0; o < m; ++o) bd[o] = bd[o] * a.s[o] + a.t[o];
  Value* nw = g.addConstantOf<float>(w->name() + "_bnfolded", DType::F32, w->shape(), toFloat(wd));
  Value* nb = g.addConstantOf<float>(conv->name() + "_bias_bnfolded", DType::F32, {m}, toFloat(bd));
  g.setInputs(conv, {conv->input(0), nw, nb});
  return true;
}

bool foldIntoGemm(Graph& g, Node* gemm, const Affine& a) {
  Value* bv = gemm->input(1);
  Value* cv = gemm->input(2);
  if (!bv->isConstant() || (cv && !cv->isConstant())) return false;
  const int64_t m = gemm->output(0)->shape()[0], n = gemm->output(0)->shape()[1];
  const bool transB = gemm->attrs().getInt("transB", 0);
  auto bd = bv->doubleData();
  const int64_t k = bv->type().elements() / n;
  for (int64_t kk = 0; kk < k; ++kk)
    for (int64_t j = 0; j < n; ++j) bd[transB ? j * k + kk : kk * n + j] *= a.s[j];
  // C' = beta * C * s + t, shaped [N] when C does not vary along M, else [M, N].
  const double beta = gemm->attrs().getFloat("beta", 1.0f);
  std::vector<int64_t> cst = cv ? broadcastStrides(cv->shape(), {m, n}) : std::vector<int64_t>{0, 0};
  const bool rows = cst[0] != 0;
  std::vector<double> cd = cv ? cv->doubleData() : std::vector<double>{};
  std::vector<double> nc(rows ? m * n : n);
  for (int64_t i = 0; i < (rows ? m : 1); ++i)
    for (int64_t j = 0; j < n; ++j) {
      const double c = cv ? cd[i * cst[0] + j * cst[1]] : 0.0;
      nc[i * n + j] = beta * c * a.s[j] + a.t[j];
    }
  Value* nb = g.addConstantOf<float>(bv->name() + "_bnfolded", DType::F32, bv->shape(), toFloat(bd));
  Value* ncv = g.addConstantOf<float>(gemm->name() + "_c_bnfolded", DType::F32, rows ? Shape{m, n} : Shape{n}, toFloat(nc));
  g.setInputs(gemm, {gemm->input(0), nb, ncv});
  gemm->attrs().setFloat("beta", 1.0f);
  return true;
}

}  // namespace

Expected<bool> runFoldBatchNorm(Graph& g, PassContext&) {
  bool changed = false;
  for (Node* bn : g.nodes()) {
    if (bn->op() != "BatchNormalization") continue;
    Value* x = bn->input(0);
    Node* p = x->producer();
    if (!p || x->users().size() != 1 || x->isGraphOutput() || p->attrs().has("ta.act_min") ||
        p->attrs().has("ta.act_max"))
      continue;
    if (x->dtype() != DType::F32) continue;
    bool constantStats = true;
    for (size_t i = 1; i < 5; ++i) constantStats = constantStats && bn->input(i)->isConstant();
    if (!constantStats) continue;  // run-time statistics: nothing to fold
    const Affine a = bnAffine(*bn);
    bool folded = false;
    if (p->op() == "Conv") folded = foldIntoConv(g, p, a);
    else if (p->op() == "Gemm" && x->shape().size() == 2) folded = foldIntoGemm(g, p, a);
    if (!folded) continue;
    g.replaceAllUsesWith(bn->output(0), x);
    g.eraseNode(bn);
    changed = true;
  }
  if (changed) g.removeUnusedValues();
  return changed;
}

}  // namespace tinyaot
