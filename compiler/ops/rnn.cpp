// LSTM, GRU and RNN (float32): forward, reverse and bidirectional, layout 0
// and 1, optional B / sequence_lens / initial_h / initial_c / P (peepholes),
// clip, input_forget, linear_before_reset and the ONNX activation list.
// Weights may be run-time tensors: the kernels take pointers. One kernel
// call per direction.
#include <algorithm>
#include <cctype>

#include "ops/op_util.h"

namespace tinyaot {
namespace {

enum class Cell { Lstm, Gru, Rnn };

Cell cellOf(const Node& n) { return n.op() == "LSTM" ? Cell::Lstm : n.op() == "GRU" ? Cell::Gru : Cell::Rnn; }
int gatesOf(Cell c) { return c == Cell::Lstm ? 4 : c == Cell::Gru ? 3 : 1; }
int actsOf(Cell c) { return c == Cell::Lstm ? 3 : c == Cell::Gru ? 2 : 1; }

struct ActInfo { const char* name; int code; bool alpha, beta; float alphaDef, betaDef; };
const ActInfo kActs[] = {
    {"sigmoid", 0, false, false, 0, 0},      {"tanh", 1, false, false, 0, 0},
    {"relu", 2, false, false, 0, 0},         {"hardsigmoid", 3, true, true, 0.2f, 0.5f},
    {"leakyrelu", 4, true, false, 0.01f, 0}, {"thresholdedrelu", 5, true, false, 1.0f, 0},
    {"scaledtanh", 6, true, true, 1.0f, 1.0f}, {"affine", 7, true, true, 1.0f, 0.0f},
    {"elu", 8, true, false, 1.0f, 0},        {"softsign", 9, false, false, 0, 0},
    {"softplus", 10, false, false, 0, 0},
};

struct RnnGeom {
  Cell cell;
  int64_t seq, batch, input, hidden, dirs;
  bool reverse, layout1;
  std::vector<int64_t> acts;     // codes, actsOf(cell) per direction
  std::vector<float> alphas, betas;
};

Expected<RnnGeom> geometry(const Node& n) {
  RnnGeom g{};
  g.cell = cellOf(n);
  const int G = gatesOf(g.cell);
  const Shape& x = n.input(0)->shape();
  const Shape& w = n.input(1)->shape();
  const Shape& r = n.input(2)->shape();
  g.layout1 = n.attrs().getInt("layout", 0) != 0;
  g.seq = g.layout1 ? x[1] : x[0];
  g.batch = g.layout1 ? x[0] : x[1];
  g.input = x[2];
  const std::string dir = n.attrs().getString("direction", "forward");
  if (dir != "forward" && dir != "reverse" && dir != "bidirectional")
    return nodeErrorf(n, "direction '{}' is not supported", dir);
  g.dirs = dir == "bidirectional" ? 2 : 1;
  g.reverse = dir == "reverse";
  g.hidden = n.attrs().getInt("hidden_size", r.size() == 3 ? r[2] : 0);
  const int64_t H = g.hidden, D = g.dirs;
  if (w != Shape{D, G * H, g.input}) return nodeErrorf(n, "W has shape {}, expected {}", shapeStr(w), shapeStr({D, G * H, g.input}));
  if (r != Shape{D, G * H, H}) return nodeErrorf(n, "R has shape {}, expected {}", shapeStr(r), shapeStr({D, G * H, H}));
  auto check = [&](size_t i, const char* what, Shape want) -> Status {
    if (n.input(i) && n.input(i)->shape() != want)
      return nodeErrorf(n, "{} has shape {}, expected {}", what, shapeStr(n.input(i)->shape()), shapeStr(want));
    return Status::ok();
  };
  const Shape state = g.layout1 ? Shape{g.batch, D, H} : Shape{D, g.batch, H};
  TA_TRY(check(3, "B", {D, 2 * G * H}));
  TA_TRY(check(4, "sequence_lens", {g.batch}));
  TA_TRY(check(5, "initial_h", state));
  if (g.cell == Cell::Lstm) {
    TA_TRY(check(6, "initial_c", state));
    TA_TRY(check(7, "P", {D, 3 * H}));
  }
  // Activations: per direction, consuming alpha/beta in list order for the
  // functions that take them.
  const int A = actsOf(g.cell);
  std::vector<std::string> names;
  if (const Attribute* a = n.attrs().find("activations")) names = a->strings;
  if (names.empty()) {
    const char* defs[] = {"sigmoid", "tanh", "tanh"};
    for (int64_t d = 0; d < D; ++d)
      for (int k = 0; k < A; ++k) names.push_back(g.cell == Cell::Rnn ? "tanh" : defs[k]);
  }
  if (int64_t(names.size()) != A * D)
    return nodeErrorf(n, "activations has {} entries, expected {}", names.size(), A * D);
  const auto alphas = n.attrs().getFloats("activation_alpha"), betas = n.attrs().getFloats("activation_beta");
  size_t ai = 0, bi = 0;
  for (std::string name : names) {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    const ActInfo* info = nullptr;
    for (auto& k : kActs)
      if (name == k.name) info = &k;
    if (!info) return nodeErrorf(n, "activation '{}' is not supported", name);
    g.acts.push_back(info->code);
    g.alphas.push_back(info->alpha ? (ai < alphas.size() ? alphas[ai++] : info->alphaDef) : 0.0f);
    g.betas.push_back(info->beta ? (bi < betas.size() ? betas[bi++] : info->betaDef) : 0.0f);
  }
  if (ai < alphas.size() || bi < betas.size())
    return nodeErrorf(n, "activation_alpha/activation_beta have more entries than the activations use");
  return g;
}

Status infer(Node& n, Graph&) {
  const Cell cell = cellOf(n);
  TA_TRY(expectInputs(n, 3, cell == Cell::Lstm ? 8 : 6));
  if (cell == Cell::Lstm)
    TA_TRY(expectAttrsIn(n, {"activation_alpha", "activation_beta", "activations", "clip", "direction", "hidden_size",
                             "input_forget", "layout"}));
  else if (cell == Cell::Gru)
    TA_TRY(expectAttrsIn(n, {"activation_alpha", "activation_beta", "activations", "clip", "direction", "hidden_size",
                             "layout", "linear_before_reset"}));
  else
    TA_TRY(expectAttrsIn(n, {"activation_alpha", "activation_beta", "activations", "clip", "direction", "hidden_size",
                             "layout"}));
  for (size_t i = 0; i < n.numInputs(); ++i)
    if (n.input(i)) TA_TRY(expectDType(n, i, {i == 4 ? DType::I32 : DType::F32}));
  TA_TRY(expectRank(n, 0, 3, 3));
  TA_TRY(expectRank(n, 1, 3, 3));
  TA_TRY(expectRank(n, 2, 3, 3));
  auto g = geometry(n);
  if (!g) return g.status();
  if (g->hidden < 1 || g->seq < 1 || g->batch < 1) return nodeErrorf(n, "empty sequences or states are not supported");
  const Shape state = g->layout1 ? Shape{g->batch, g->dirs, g->hidden} : Shape{g->dirs, g->batch, g->hidden};
  setOutput(n, 0, DType::F32,
            g->layout1 ? Shape{g->batch, g->seq, g->dirs, g->hidden} : Shape{g->seq, g->dirs, g->batch, g->hidden});
  setOutput(n, 1, DType::F32, state);
  if (cell == Cell::Lstm) setOutput(n, 2, DType::F32, state);
  return Status::ok();
}

Expected<Lowered> lower(const Node& n, const LowerContext&) {
  auto gm = geometry(n);
  if (!gm) return gm.status();
  const RnnGeom& g = *gm;
  const int64_t G = gatesOf(g.cell), H = g.hidden, B = g.batch, T = g.seq, I = g.input, D = g.dirs;
  const int A = actsOf(g.cell);
  const int64_t variant = g.cell == Cell::Lstm  ? n.attrs().getInt("input_forget", 0)
                          : g.cell == Cell::Gru ? n.attrs().getInt("linear_before_reset", 0)
                                                : 0;
  const float clip = n.attrs().getFloat("clip", 0.0f);
  // Element strides: x per step / per batch row, y per step / per row, state per row.
  const std::vector<int64_t> st = g.layout1 ? std::vector<int64_t>{I, T * I, D * H, T * D * H, D * H}
                                            : std::vector<int64_t>{B * I, I, D * B * H, H, H};
  const int64_t dirStateOff = g.layout1 ? H : B * H;  // offset of direction 1 in Y, Y_h, initial_h
  const int64_t scratch = g.cell == Cell::Lstm ? 2 * B * H + 4 * H : g.cell == Cell::Gru ? B * H + 7 * H : B * H + H;
  const char* fn = g.cell == Cell::Lstm ? "ta_lstm_f32" : g.cell == Cell::Gru ? "ta_gru_f32" : "ta_rnn_f32";
  Lowered out;
  for (int64_t d = 0; d < D; ++d) {
    KernelCall k(fn);
    auto inAt = [&](size_t i, int64_t off) {
      if (n.input(i)) k.inAt(n.input(i), off);
      else k.inOpt(nullptr, i == 4 ? DType::I32 : DType::F32);
    };
    auto outAt = [&](size_t i, int64_t off) {
      if (n.output(i)) k.out(n.output(i), off);
      else k.inOpt(nullptr, DType::F32);
    };
    inAt(0, 0);
    inAt(1, d * G * H * I);
    inAt(2, d * G * H * H);
    inAt(3, d * 2 * G * H);
    inAt(4, 0);
    inAt(5, d * dirStateOff);
    if (g.cell == Cell::Lstm) {
      inAt(6, d * dirStateOff);
      inAt(7, d * 3 * H);
    }
    outAt(0, d * dirStateOff);
    outAt(1, d * dirStateOff);
    if (g.cell == Cell::Lstm) outAt(2, d * dirStateOff);
    k.scratch(scratch * 4, DType::F32);
    const bool reverse = g.reverse || d == 1;
    k.ints({T, B, I, H, reverse ? 1 : 0, variant}).ints(st);
    std::vector<int64_t> acts(g.acts.begin() + d * A, g.acts.begin() + (d + 1) * A);
    std::vector<float> params(g.alphas.begin() + d * A, g.alphas.begin() + (d + 1) * A);
    params.insert(params.end(), g.betas.begin() + d * A, g.betas.begin() + (d + 1) * A);
    k.ints(acts).floats(params).f(clip);
    out.push_back(k);
  }
  return out;
}

int64_t macs(const Node& n) {
  const Shape& w = n.input(1)->shape();
  const Shape& r = n.input(2)->shape();
  const Shape& x = n.input(0)->shape();
  return x[0] * x[1] * (numElements(w) + numElements(r));
}

}  // namespace

TA_REGISTER_OP((OpDef{.name = "LSTM", .minOpset = 7, .infer = infer, .lower = lower, .macs = macs,
                      .dtypes = "float32 (sequence_lens int32)",
                      .notes = "forward, reverse, bidirectional; layout 0/1; peepholes, clip, input_forget, "
                               "activation list; W/R/B may be run-time inputs"}));
TA_REGISTER_OP((OpDef{.name = "GRU", .minOpset = 7, .infer = infer, .lower = lower, .macs = macs,
                      .dtypes = "float32 (sequence_lens int32)",
                      .notes = "forward, reverse, bidirectional; layout 0/1; linear_before_reset 0/1, clip, "
                               "activation list; W/R/B may be run-time inputs"}));
TA_REGISTER_OP((OpDef{.name = "RNN", .minOpset = 7, .infer = infer, .lower = lower, .macs = macs,
                      .dtypes = "float32 (sequence_lens int32)",
                      .notes = "forward, reverse, bidirectional; layout 0/1; clip, activation list; W/R/B may be "
                               "run-time inputs"}));

}  // namespace tinyaot
