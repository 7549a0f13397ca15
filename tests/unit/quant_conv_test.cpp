// int8 convolution through the real path (contract check, lowering, kernel,
// host evaluator) against a straightforward double-precision convolution of
// the dequantized values with zero padding in the real domain; and the
// import-qdq pass on a QDQ Conv group.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <random>

#include "eval/evaluator.h"
#include "ops/registry.h"
#include "passes/pass.h"
#include "tinyaot_rt.h"

using namespace tinyaot;

namespace {

QuantParams qp(std::vector<float> s, std::vector<int32_t> z, int axis = 0) {
  QuantParams q;
  q.scale = std::move(s);
  q.zeroPoint = std::move(z);
  q.axis = axis;
  return q;
}

template <class T>
std::vector<uint8_t> bytes(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

Node* add(Graph& g, const std::string& op, std::vector<Value*> ins, Value* out, int64_t axis = 1) {
  Node* n = g.addNode(op, op + std::to_string(g.numNodes()), std::move(ins), {out}, 13);
  if (axis != 1) n->attrs().setInt("axis", axis);
  Status s = findOp(op)->infer(*n, g);
  INFO(s.message());
  REQUIRE(s.isOk());
  return n;
}

struct ConvCase {
  const char* what;
  int64_t c, m, k, stride, dil, pad, group;
  bool relu;
};

}  // namespace

TEST_CASE("int8 Conv matches a double-precision reference, padding reads the input zero point", "[quant]") {
  const ConvCase cases[] = {
      {"general 3x3, pad 1", 2, 3, 3, 1, 1, 1, 1, false},
      {"strided, dilated, pad 2", 3, 4, 3, 2, 2, 2, 1, false},
      {"depthwise 3x3, pad 1, fused Relu", 4, 4, 3, 1, 1, 1, 4, true},
      {"depthwise multiplier 2, stride 2", 2, 4, 3, 2, 1, 1, 2, false},
      {"pointwise 1x1", 5, 3, 1, 1, 1, 0, 1, false},
      {"grouped 3x3", 4, 6, 3, 1, 1, 1, 2, false},
  };
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> code(-128, 127), wcode(-127, 127), bcode(-3000, 3000);
  for (const ConvCase& cc : cases) {
    SECTION(cc.what) {
      const int64_t h = 6, w = 5, cg = cc.c / cc.group;
      const float xs = 0.1f, ys = 0.05f;
      const int32_t xz = -5, yz = 3;
      std::vector<float> ws;
      for (int64_t o = 0; o < cc.m; ++o) ws.push_back(0.01f + 0.005f * float(o));
      Graph g;
      Value* x = g.addValue("x", {DType::I8, {1, cc.c, h, w}, qp({xs}, {xz})});
      g.addInput(x);
      std::vector<int8_t> wv(size_t(cc.m * cg * cc.k * cc.k)), xv(size_t(cc.c * h * w));
      for (auto& v : wv) v = int8_t(wcode(rng));
      for (auto& v : xv) v = int8_t(code(rng));
      std::vector<int32_t> bv(size_t(cc.m));
      for (auto& v : bv) v = bcode(rng);
      Value* wt = g.addConstant("w", {DType::I8, {cc.m, cg, cc.k, cc.k}, qp(ws, std::vector<int32_t>(ws.size(), 0))}, bytes(wv));
      std::vector<float> bs;
      for (float s : ws) bs.push_back(xs * s);
      Value* b = g.addConstant("b", {DType::I32, {cc.m}, qp(bs, std::vector<int32_t>(bs.size(), 0))}, bytes(bv));
      Value* y = g.addValue("y", {DType::I8, {}, qp({ys}, {yz})});
      Node* n = g.addNode("Conv", "conv", {x, wt, b}, {y}, 13);
      n->attrs().setInts("kernel_shape", {cc.k, cc.k});
      n->attrs().setInts("strides", {cc.stride, cc.stride});
      n->attrs().setInts("dilations", {cc.dil, cc.dil});
      n->attrs().setInts("pads", {cc.pad, cc.pad, cc.pad, cc.pad});
      n->attrs().setInt("group", cc.group);
      if (cc.relu) {
        n->attrs().setFloat("ta.act_min", 0.0f);
        n->attrs().setFloat("ta.act_max", INFINITY);
      }
      Status st = findOp("Conv")->infer(*n, g);
      INFO(st.message());
      REQUIRE(st.isOk());
      g.addOutput(y);
      const int64_t oh = y->shape()[2], ow = y->shape()[3];
      Tensor in(x->type());
      std::memcpy(in.data.data(), xv.data(), xv.size());
      auto out = Evaluator(g).run({in});
      REQUIRE(out);
      const int8_t* got = (*out)[0].as<int8_t>();
      int compared = 0;
      for (int64_t o = 0; o < cc.m; ++o)
        for (int64_t oy = 0; oy < oh; ++oy)
          for (int64_t ox = 0; ox < ow; ++ox) {
            const int64_t grp = o / (cc.m / cc.group);
            double acc = double(bv[size_t(o)]) * double(xs) * double(ws[size_t(o)]);
            for (int64_t ic = 0; ic < cg; ++ic)
              for (int64_t ky = 0; ky < cc.k; ++ky)
                for (int64_t kx = 0; kx < cc.k; ++kx) {
                  const int64_t iy = oy * cc.stride - cc.pad + ky * cc.dil, ix = ox * cc.stride - cc.pad + kx * cc.dil;
                  if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;  // zero padding (real 0)
                  const double xr = double(xs) * (xv[size_t(((grp * cg + ic) * h + iy) * w + ix)] - xz);
                  const double wr = double(ws[size_t(o)]) * wv[size_t(((o * cg + ic) * cc.k + ky) * cc.k + kx)];
                  acc += xr * wr;
                }
            if (cc.relu) acc = std::max(acc, 0.0);
            const double q = acc / ys + yz;
            const double want = std::clamp(std::round(q), -128.0, 127.0);
            const int64_t idx = (o * oh + oy) * ow + ox;
            INFO("channel " << o << " at " << oy << "," << ox << ": exact " << q);
            if (std::abs(q - std::floor(q) - 0.5) < 1e-4) CHECK(std::abs(got[idx] - want) <= 1);  // a tie
            else CHECK(double(got[idx]) == want);
            ++compared;
          }
      CHECK(compared == cc.m * oh * ow);
    }
  }
}

TEST_CASE("import-qdq turns a DequantizeLinear -> Conv -> Relu -> QuantizeLinear group into an int8 Conv", "[quant]") {
  Graph g;
  auto scalarF = [&](const char* name, float v) { return g.addConstantOf<float>(name, DType::F32, {}, {v}); };
  auto scalarI8 = [&](const char* name, int8_t v) { return g.addConstantOf<int8_t>(name, DType::I8, {}, {v}); };
  Value* x = g.addValue("x", {DType::F32, {1, 2, 5, 5}, std::nullopt});
  g.addInput(x);
  Value* xq = g.addValue("xq", {});
  add(g, "QuantizeLinear", {x, scalarF("xs", 0.02f), scalarI8("xz", 10)}, xq);
  Value* xf = g.addValue("xf", {});
  add(g, "DequantizeLinear", {xq, scalarF("xs2", 0.02f), scalarI8("xz2", 10)}, xf);
  std::vector<int8_t> wv(3 * 2 * 3 * 3);
  for (size_t i = 0; i < wv.size(); ++i) wv[i] = int8_t(int(i * 37 % 255) - 127);
  Value* w = g.addConstantOf<int8_t>("w", DType::I8, {3, 2, 3, 3}, wv);
  Value* wf = g.addValue("wf", {});
  add(g, "DequantizeLinear", {w, g.addConstantOf<float>("ws", DType::F32, {3}, {0.01f, 0.02f, 0.015f}),
                              g.addConstantOf<int8_t>("wz", DType::I8, {3}, {0, 0, 0})}, wf, 0);
  Value* b = g.addConstantOf<int32_t>("b", DType::I32, {3}, {100, -2000, 50});
  Value* bf = g.addValue("bf", {});
  add(g, "DequantizeLinear", {b, g.addConstantOf<float>("bs", DType::F32, {3}, {0.0002f, 0.0004f, 0.0003f}),
                              g.addConstantOf<int32_t>("bz", DType::I32, {3}, {0, 0, 0})}, bf, 0);
  Value* y = g.addValue("y", {});
  Node* conv = add(g, "Conv", {xf, wf, bf}, y);
  conv->attrs().setInts("pads", {1, 1, 1, 1});
  REQUIRE(findOp("Conv")->infer(*conv, g).isOk());
  Value* r = g.addValue("r", {});
  add(g, "Relu", {y}, r);
  Value* yq = g.addValue("yq", {});
  add(g, "QuantizeLinear", {r, scalarF("ys", 0.03f), scalarI8("yz", -20)}, yq);
  Value* out = g.addValue("out", {});
  add(g, "DequantizeLinear", {yq, scalarF("ys2", 0.03f), scalarI8("yz2", -20)}, out);
  g.addOutput(out);
  REQUIRE(g.verify().isOk());

  Tensor in(x->type());
  for (int64_t i = 0; i < x->type().elements(); ++i) in.as<float>()[i] = std::sin(0.7f * float(i)) * 2.0f;
  auto before = Evaluator(g).run({in});
  REQUIRE(before);

  PassContext ctx;
  auto changed = runImportQdq(g, ctx);
  REQUIRE(changed);
  CHECK(*changed);
  REQUIRE(g.verify().isOk());
  std::vector<std::string> ops;
  for (Node* n : g.nodes()) ops.push_back(n->op());
  CHECK(ops == std::vector<std::string>{"QuantizeLinear", "Conv", "DequantizeLinear"});
  Node* q8 = g.nodes()[1];
  CHECK(q8->input(0)->dtype() == DType::I8);
  CHECK(q8->input(1)->dtype() == DType::I8);
  CHECK(q8->input(2)->dtype() == DType::I32);
  CHECK(q8->output(0)->dtype() == DType::I8);
  CHECK(q8->attrs().getFloat("ta.act_min", -1.0f) == 0.0f);

  auto after = Evaluator(g).run({in});
  REQUIRE(after);
  const float* a = (*before)[0].as<float>();
  const float* c = (*after)[0].as<float>();
  int off = 0;
  for (int64_t i = 0; i < out->type().elements(); ++i) {
    const double lsb = std::abs(double(a[i]) - double(c[i])) / 0.03;
    CHECK(lsb < 1.0001);
    off += lsb > 0.5;
  }
  CHECK(off <= out->type().elements() / 20);
}

TEST_CASE("the Arm DSP int8 kernels are bit-identical to the reference kernels", "[quant]") {
  namespace rt = ::tinyaot_rt;
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> code(-128, 127), bcode(-5000, 5000);
  struct G { int32_t c, m, h, w, k, s, d, p, group; };
  // Odd channel and window sizes exercise the dot product's remainder loop.
  const G geos[] = {{3, 5, 7, 6, 3, 1, 1, 1, 1}, {8, 4, 5, 5, 1, 1, 1, 0, 1}, {4, 6, 9, 8, 3, 2, 2, 2, 2},
                    {5, 3, 6, 7, 5, 1, 1, 2, 1}};
  for (const G& gm : geos) {
    const int32_t cg = gm.c / gm.group, ek = (gm.k - 1) * gm.d + 1;
    const int32_t oh = (gm.h + 2 * gm.p - ek) / gm.s + 1, ow = (gm.w + 2 * gm.p - ek) / gm.s + 1;
    std::vector<int8_t> x(size_t(gm.c * gm.h * gm.w)), w(size_t(gm.m * cg * gm.k * gm.k));
    std::vector<int32_t> bias(size_t(gm.m)), mult(size_t(gm.m)), shift(size_t(gm.m), -9);
    for (auto& v : x) v = int8_t(code(rng));
    for (auto& v : w) v = int8_t(code(rng));
    for (auto& v : bias) v = bcode(rng);
    for (auto& v : mult) v = (1 << 30) + bcode(rng) * 1000;
    std::vector<int8_t> ref(size_t(gm.m * oh * ow)), dsp(ref.size()), patch(size_t(cg * gm.k * gm.k));
    rt::ta_conv2d_q8<int8_t, int8_t, int8_t>(x.data(), w.data(), bias.data(), ref.data(), 1, gm.c, gm.h, gm.w, gm.m,
                                             gm.k, gm.k, oh, ow, gm.s, gm.s, gm.d, gm.d, gm.p, gm.p, gm.group, -7,
                                             mult.data(), shift.data(), 1, 5, -128, 127);
    rt::ta_conv2d_s8_armdsp<int8_t>(x.data(), w.data(), bias.data(), dsp.data(), 1, gm.c, gm.h, gm.w, gm.m, gm.k,
                                    gm.k, oh, ow, gm.s, gm.s, gm.d, gm.d, gm.p, gm.p, gm.group, -7, mult.data(),
                                    shift.data(), 1, 5, -128, 127, patch.data());
    CHECK(ref == dsp);
    // Fully connected: k = c*h*w (not a multiple of 4 for the first shape).
    const int32_t k = gm.c * gm.h * gm.w, n = gm.m;
    std::vector<int8_t> wf(size_t(n * k));
    for (auto& v : wf) v = int8_t(code(rng));
    std::vector<int8_t> fr(static_cast<size_t>(n)), fd(static_cast<size_t>(n));
    rt::ta_fc_q8<int8_t, int8_t, int8_t>(x.data(), wf.data(), bias.data(), fr.data(), 1, n, k, k, 1, mult.data(),
                                         shift.data(), 1, -3, -128, 127);
    rt::ta_fc_s8_armdsp<int8_t>(x.data(), wf.data(), bias.data(), fd.data(), 1, n, k, mult.data(), shift.data(), 1, -3,
                                -128, 127);
    CHECK(fr == fd);
  }
}

TEST_CASE("the Arm DSP int8 depthwise kernel is bit-identical to the reference kernel", "[quant]") {
  namespace rt = ::tinyaot_rt;
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> code(-128, 127), bcode(-5000, 5000);
  // c, channel multiplier, h, w, kh, kw, stride, dilation (rows), pad. Windows wider
  // than four taps, a plane too small for a whole word, rows ending at the plane's end.
  struct G { int32_t c, dm, h, w, kh, kw, s, dh, p; };
  const G geos[] = {{3, 1, 7, 6, 3, 3, 1, 1, 1}, {2, 2, 5, 5, 3, 3, 2, 1, 0}, {4, 1, 9, 8, 5, 7, 1, 2, 2},
                    {1, 1, 1, 2, 1, 2, 1, 1, 0}, {2, 1, 2, 3, 2, 3, 1, 1, 0}, {3, 1, 6, 10, 1, 9, 2, 1, 1}};
  for (const G& gm : geos) {
    const int32_t m = gm.c * gm.dm, eh = (gm.kh - 1) * gm.dh + 1;
    const int32_t oh = (gm.h + 2 * gm.p - eh) / gm.s + 1, ow = (gm.w + 2 * gm.p - gm.kw) / gm.s + 1;
    std::vector<int8_t> x(size_t(gm.c * gm.h * gm.w)), w(size_t(m * gm.kh * gm.kw));
    const size_t mn = static_cast<size_t>(m);
    std::vector<int32_t> bias(mn), mult(mn), shift(mn, -9);
    std::vector<int32_t> wpk(size_t(gm.kh * 2 * ((gm.kw + 3) / 4)));
    for (auto& v : x) v = int8_t(code(rng));
    for (auto& v : w) v = int8_t(code(rng));
    for (auto& v : bias) v = bcode(rng);
    for (auto& v : mult) v = (1 << 30) + bcode(rng) * 1000;
    std::vector<int8_t> ref(size_t(m * oh * ow)), dsp(ref.size());
    rt::ta_dwconv2d_q8<int8_t, int8_t, int8_t>(x.data(), w.data(), bias.data(), ref.data(), 1, gm.c, gm.h, gm.w, m,
                                               gm.kh, gm.kw, oh, ow, gm.s, gm.s, gm.dh, 1, gm.p, gm.p, -7,
                                               mult.data(), shift.data(), 1, 5, -100, 127);
    rt::ta_dwconv2d_s8_armdsp<int8_t>(x.data(), w.data(), bias.data(), dsp.data(), 1, gm.c, gm.h, gm.w, m, gm.kh,
                                      gm.kw, oh, ow, gm.s, gm.s, gm.dh, 1, gm.p, gm.p, -7, mult.data(), shift.data(),
                                      1, 5, -100, 127, wpk.data());
    CHECK(ref == dsp);
  }
}
