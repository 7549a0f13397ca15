// Calibration statistics, range selection and weight scales
// (compiler/quant/calibration.h). Expected values are computed here from the
// definitions, independently of the implementation.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "frontend/tensor_proto.h"
#include "ops/registry.h"
#include "quant/calibration.h"

using namespace tinyaot;

namespace {

// Real quantize-dequantize MSE of `x` with asymmetric int8 over [lo, hi].
double realMse(const std::vector<float>& x, double lo, double hi) {
  const double s = (hi - lo) / 255.0;
  const double zp = std::nearbyint(-128.0 - lo / s);
  double e = 0;
  for (float v : x) {
    const double q = std::clamp(std::nearbyint(v / s) + zp, -128.0, 127.0);
    const double d = s * (q - zp);
    e += (v - d) * (v - d);
  }
  return e / double(x.size());
}

TensorStats statsWithHistogram(const std::vector<float>& x) {
  TensorStats s;
  s.add(x.data(), x.size());
  s.hist.reset(s.min, s.max, 2048);
  s.hist.add(x.data(), x.size());
  return s;
}

Tensor tensorOf(Shape shape, std::vector<float> v) {
  Tensor t(TensorType{DType::F32, std::move(shape), std::nullopt});
  std::memcpy(t.data.data(), v.data(), v.size() * sizeof(float));
  return t;
}

}  // namespace

TEST_CASE("calibration: min, max and zero counts", "[ptq][calibration]") {
  TensorStats s;
  std::vector<float> a = {0.5f, -2.0f, 0.0f}, b = {3.0f, 0.0f};
  s.add(a.data(), a.size());
  s.add(b.data(), b.size());
  CHECK(s.min == -2.0);
  CHECK(s.max == 3.0);
  CHECK(s.count == 5);
  CHECK(s.zeros == 2);
}

TEST_CASE("calibration: activation parameters include zero exactly", "[ptq][calibration]") {
  // [-1, 3]: scale 4/255; zero point round(-128 + 1/scale) = round(-64.25) = -64.
  QuantParams q = activationQuant({-1.0, 3.0});
  REQUIRE(q.scale.size() == 1);
  CHECK(q.scale[0] == Approx(4.0 / 255.0));
  CHECK(q.zeroPoint[0] == -64);
  // A range that excludes zero is widened to include it: [2, 5] -> [0, 5].
  q = activationQuant({2.0, 5.0});
  CHECK(q.scale[0] == Approx(5.0 / 255.0));
  CHECK(q.zeroPoint[0] == -128);
  q = activationQuant({-6.0, -1.0});
  CHECK(q.scale[0] == Approx(6.0 / 255.0));
  CHECK(q.zeroPoint[0] == 127);
  // All zero: some positive scale, zero maps to the zero point.
  q = activationQuant({0.0, 0.0});
  CHECK(q.scale[0] > 0.0f);
}

TEST_CASE("calibration: percentile ignores a rare outlier, minmax does not", "[ptq][calibration]") {
  std::vector<float> x;
  for (int i = 0; i < 100000; ++i) x.push_back(float(i % 1000) / 100.0f);  // uniform on [0, 9.99]
  x.push_back(1000.0f);
  TensorStats s = statsWithHistogram(x);
  Range mm = chooseRange(s, CalibrationMethod::MinMax);
  CHECK(mm.lo == 0.0);
  CHECK(mm.hi == 1000.0);
  // The 99.99th percentile of this data is at rank 100000.9 of 100001: about
  // 9.99, resolved to a histogram bin of 1000/2048.
  Range p = chooseRange(s, CalibrationMethod::Percentile, 99.99);
  CHECK(p.lo == 0.0);
  CHECK(p.hi == Approx(9.99).margin(1000.0 / 2048 + 0.01));
}

TEST_CASE("calibration: mse picks a near-optimal clipping range", "[ptq][calibration]") {
  std::mt19937 rng(7);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  std::vector<float> x;
  for (int i = 0; i < 20000; ++i) x.push_back(nd(rng));
  x.push_back(40.0f);  // one outlier
  TensorStats s = statsWithHistogram(x);
  Range r = chooseRange(s, CalibrationMethod::Mse);
  CHECK(r.lo <= 0.0);
  CHECK(r.hi >= 0.0);
  const double chosen = realMse(x, r.lo, r.hi), minmax = realMse(x, s.min, s.max);
  // Brute force over a grid of real quantize-dequantize errors.
  double best = minmax;
  for (int j = 1; j <= 80; ++j)
    for (int i = 1; i <= 80; ++i) best = std::min(best, realMse(x, s.min * j / 80.0, s.max * i / 80.0));
  // Never worse than minmax (one of its candidates), and close to the brute-force optimum.
  CHECK(chosen <= minmax * 1.01);
  CHECK(chosen <= best * 1.25);

  // Heavy (Laplace) tails: clipping the rare extremes buys resolution for the bulk.
  std::exponential_distribution<float> ed(1.0f);
  std::vector<float> t;
  for (int i = 0; i < 200000; ++i) t.push_back(ed(rng) - ed(rng));
  TensorStats st = statsWithHistogram(t);
  Range rt = chooseRange(st, CalibrationMethod::Mse);
  double bestT = realMse(t, st.min, st.max);
  for (int j = 10; j <= 40; ++j)
    for (int i = 10; i <= 40; ++i) bestT = std::min(bestT, realMse(t, st.min * j / 40.0, st.max * i / 40.0));
  CHECK(rt.hi < st.max);
  CHECK(rt.lo > st.min);
  CHECK(realMse(t, rt.lo, rt.hi) < 0.9 * realMse(t, st.min, st.max));
  CHECK(realMse(t, rt.lo, rt.hi) <= bestT * 1.1);

  // Uniform data without outliers: clipping does not pay, the range stays full.
  std::vector<float> u;
  for (int i = 0; i <= 10000; ++i) u.push_back(float(i) / 10000.0f);
  Range ru = chooseRange(statsWithHistogram(u), CalibrationMethod::Mse);
  CHECK(ru.hi >= 0.95);
}

TEST_CASE("calibration: per-channel symmetric weight scales", "[ptq][calibration]") {
  // [2, 3]: rows are output channels for axis 0, columns for axis 1.
  const std::vector<float> w = {0.5f, -1.27f, 0.2f, 0.0f, 0.0f, 0.0f};
  auto s0 = symmetricScales(w, {2, 3}, 0, false);
  REQUIRE(s0.size() == 2);
  CHECK(s0[0] == Approx(1.27 / 127));
  CHECK(s0[1] == 1.0f);  // all-zero channel
  auto s1 = symmetricScales(w, {2, 3}, 1, false);
  REQUIRE(s1.size() == 3);
  CHECK(s1[0] == Approx(0.5 / 127));
  CHECK(s1[1] == Approx(1.27 / 127));
  CHECK(s1[2] == Approx(0.2 / 127));
  auto st = symmetricScales(w, {2, 3}, 0, true);
  REQUIRE(st.size() == 1);
  CHECK(st[0] == Approx(1.27 / 127));
  auto q = quantizeSymmetric(w, {2, 3}, 0, s0);
  CHECK(q == std::vector<int8_t>{50, -127, 20, 0, 0, 0});
  // Conv weights [M=2, C=1, 2, 1]: per output channel over the whole filter.
  auto sc = symmetricScales({1, -3, 0.25f, 0.5f}, {2, 1, 2, 1}, 0, false);
  CHECK(sc[0] == Approx(3.0 / 127));
  CHECK(sc[1] == Approx(0.5 / 127));
}

TEST_CASE("calibration: statistics of a graph are taken after the fused clamp", "[ptq][calibration]") {
  // y = clamp(x @ B, 0, 6) with B = 10 * I, x: [1, 2].
  Graph g;
  Value* x = g.addValue("x", {DType::F32, {1, 2}, std::nullopt});
  g.addInput(x);
  Value* b = g.addConstantOf<float>("B", DType::F32, {2, 2}, {10, 0, 0, 10});
  Value* y = g.addValue("y", {DType::F32, {1, 2}, std::nullopt});
  Node* gemm = g.addNode("Gemm", "gemm", {x, b}, {y}, 13);
  gemm->attrs().setFloat("ta.act_min", 0.0f);
  gemm->attrs().setFloat("ta.act_max", 6.0f);
  g.addOutput(y);
  REQUIRE(findOp("Gemm")->infer(*gemm, g).isOk());
  std::vector<Sample> samples = {{tensorOf({1, 2}, {0.1f, 0.5f})}, {tensorOf({1, 2}, {1.0f, -1.0f})}};
  int calls = 0;
  auto stats = collectStats(g, samples, true, [&](const char*, int, int total) { ++calls; CHECK(total == 2); });
  REQUIRE(stats);
  CHECK(calls == 4);  // two passes (min/max, then histograms)
  const TensorStats& sx = stats->at("x");
  CHECK(sx.min == -1.0);
  CHECK(sx.max == 1.0);
  const TensorStats& sy = stats->at("y");  // {1, 5} and {6 (clamped from 10), 0 (clamped from -10)}
  CHECK(sy.min == 0.0);
  CHECK(sy.max == 6.0);
  CHECK(sy.count == 4);
  CHECK(sy.hist.total() == 4.0);
}

TEST_CASE("calibration: loading samples from .npy and test_data_set folders", "[ptq][calibration]") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "tinyaot_ptq_calib_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto npy = [&](const std::string& name, const std::string& shape, const std::vector<float>& v) {
    std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
    while ((10 + dict.size() + 1) % 64) dict += ' ';
    dict += '\n';
    std::ofstream f(dir / name, std::ios::binary);
    f << "\x93NUMPY" << char(1) << char(0) << char(dict.size() & 0xff) << char(dict.size() >> 8) << dict;
    f.write(reinterpret_cast<const char*>(v.data()), std::streamsize(v.size() * sizeof(float)));
    return (dir / name).string();
  };
  Graph g;
  Value* x = g.addValue("x", {DType::F32, {1, 3}, std::nullopt});
  g.addInput(x);
  g.inputNames = {"x"};
  const std::vector<float> six = {1, 2, 3, 4, 5, 6};

  auto a = loadCalibrationData(g, {npy("a.npy", "(2, 1, 3)", six)});
  REQUIRE(a);
  REQUIRE(a->size() == 2);
  CHECK((*a)[1][0].vec<float>() == std::vector<float>{4, 5, 6});
  auto b = loadCalibrationData(g, {npy("b.npy", "(2, 3)", six)});  // batch dim 1 left out
  REQUIRE(b);
  CHECK(b->size() == 2);
  auto c = loadCalibrationData(g, {"x=" + npy("c.npy", "(3, 2)", six)});
  REQUIRE_FALSE(c);
  CHECK_THAT(c.status().message(), Catch::Contains("does not match input 'x' of shape [1,3]"));
  auto d = loadCalibrationData(g, {"y=" + (dir / "b.npy").string()});
  REQUIRE_FALSE(d);
  CHECK_THAT(d.status().message(), Catch::Contains("no input 'y'"));
  auto e = loadCalibrationData(g, {(dir / "missing.npy").string()});
  REQUIRE_FALSE(e);
  CHECK_THAT(e.status().message(), Catch::Contains("does not exist"));

  for (int s = 0; s < 3; ++s) {
    fs::create_directories(dir / "sets" / ("test_data_set_" + std::to_string(s)));
    RawTensor t{"x", {DType::F32, {1, 3}, std::nullopt}, std::vector<uint8_t>(12)};
    float v[3] = {float(s), 0.5f, -1.0f};
    std::memcpy(t.data.data(), v, 12);
    REQUIRE(writeTensorFile((dir / "sets" / ("test_data_set_" + std::to_string(s)) / "input_0.pb").string(), t).isOk());
  }
  auto f = loadCalibrationData(g, {(dir / "sets").string()});
  REQUIRE(f);
  REQUIRE(f->size() == 3);
  CHECK((*f)[2][0].vec<float>() == std::vector<float>{2.0f, 0.5f, -1.0f});
  fs::remove_all(dir);
}
