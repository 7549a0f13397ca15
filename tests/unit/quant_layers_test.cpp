// Every int8 layer of post-training quantized reference models, run by the
// int8 kernels, against the same layer computed in float: dequantize its
// inputs and constants, run the float op (with its fused clamp), quantize the
// result with the output's parameters (round half to even). Checks the int8
// lowering of real graphs (shapes, strides, parameters from the quantizer)
// independently of how good the calibration is.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <map>

#include "eval/evaluator.h"
#include "frontend/onnx_loader.h"
#include "ops/op_util.h"
#include "ops/registry.h"
#include "passes/pass.h"
#include "quant/ptq.h"
#include "tinyaot_rt.h"

using namespace tinyaot;

namespace {

// A quantized tensor's real values, per axis.
std::vector<float> dequantize(const TensorType& t, const uint8_t* data) {
  const QuantParams& q = *t.quant;
  const int64_t n = t.elements();
  int64_t inner = 1, axisN = 1;
  if (q.perChannel()) {
    axisN = t.shape[size_t(q.axis)];
    for (size_t d = size_t(q.axis) + 1; d < t.shape.size(); ++d) inner *= t.shape[d];
  }
  std::vector<float> out(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const size_t c = q.perChannel() ? size_t(i / inner % axisN) : 0;
    int64_t v = 0;
    switch (t.dtype) {
      case DType::I8: v = reinterpret_cast<const int8_t*>(data)[i]; break;
      case DType::U8: v = data[i]; break;
      default: v = reinterpret_cast<const int32_t*>(data)[i]; break;
    }
    out[size_t(i)] = float(v - q.zeroPoint[c]) * q.scale[c];
  }
  return out;
}

struct LayerResult {
  int64_t maxDiff = 0, offByOne = 0, count = 0;
};

// The float version of int8 node `n` on `inputs` (its run-time input tensors
// by value), quantized like its output; compared with `actual`.
LayerResult checkLayer(const Node& n, const std::map<const Value*, Tensor>& inputs, const Tensor& actual) {
  Graph g;
  std::vector<Value*> ins;
  for (size_t i = 0; i < n.numInputs(); ++i) {
    const Value* v = n.input(i);
    if (!v) {
      ins.push_back(nullptr);
      continue;
    }
    const uint8_t* data = v->isConstant() ? v->data().data() : inputs.at(v).data.data();
    if (v->type().quant) {
      ins.push_back(g.addConstantOf<float>(v->name(), DType::F32, v->shape(), dequantize(v->type(), data)));
    } else {
      std::vector<uint8_t> raw(data, data + v->type().bytes());
      ins.push_back(g.addConstant(v->name(), v->type(), raw));
    }
  }
  const std::string op = n.op() == "TA_Requantize" ? "Identity" : n.op();
  Value* y = g.addValue("y", {});
  Node* m = g.addNode(op, n.name(), ins, {y}, n.opset());
  for (auto& [k, a] : n.attrs().all()) m->attrs().set(k, a);
  g.addOutput(y);
  Status st = findOp(op)->infer(*m, g);
  INFO(n.name() << " (" << n.op() << "): " << st.message());
  REQUIRE(st.isOk());
  auto out = Evaluator(g).run({});
  REQUIRE(out);
  const Value* ny = n.output(0);
  const float s = ny->type().quant->scale[0];
  const int32_t z = ny->type().quant->zeroPoint[0];
  const int64_t count = ny->type().elements();
  std::vector<int32_t> want(static_cast<size_t>(count));
  const bool u8 = ny->dtype() == DType::U8;
  ::tinyaot_rt::ta_quantize_f32<int32_t>((*out)[0].as<float>(), want.data(), 1, 1, int32_t(count), &s, &z,
                                         u8 ? 0 : -128, u8 ? 255 : 127);
  LayerResult r;
  r.count = count;
  for (int64_t i = 0; i < count; ++i) {
    const int32_t got = u8 ? actual.as<uint8_t>()[i] : actual.as<int8_t>()[i];
    const int64_t d = std::abs(int64_t(got) - want[size_t(i)]);
    r.maxDiff = std::max(r.maxDiff, d);
    r.offByOne += d == 1;
  }
  return r;
}

}  // namespace

TEST_CASE("int8 layers of quantized reference models match dequantize -> float op -> quantize", "[quant]") {
  const char* models[] = {"kws_dscnn", "vww_mobilenet_v1_025", "ic_resnet8", "digits_cnn", "ad_autoencoder"};
  for (const char* name : models) {
    SECTION(name) {
      const std::string dir = std::string(TINYAOT_SOURCE_DIR) + "/models/";
      auto g = loadOnnx(dir + name + ".onnx");
      REQUIRE(g);
      PassContext ctx;
      for (const Pass& p : optimizationPasses()) REQUIRE(p.run(**g, ctx));
      QuantizeOptions opts;
      opts.enabled = true;
      opts.calibration = {dir + name + "_calib.npy"};
      auto samples = loadCalibrationData(**g, opts.calibration);
      REQUIRE(samples);
      samples->resize(std::min<size_t>(samples->size(), 4));
      auto report = quantizeGraphWithSamples(**g, *samples, opts);
      if (!report) FAIL(report.status().message());
      std::map<const Value*, Tensor> tensors;
      std::vector<std::pair<const Node*, Tensor>> int8Outputs;
      Evaluator ev(**g);
      auto run = ev.run((*samples)[0], [&](const Node& n, const Value& v, const Tensor& t) {
        tensors[&v] = t;
        if (isQuantized(n) && v.type().quant && (v.dtype() == DType::I8 || v.dtype() == DType::U8) &&
            &v == n.output(0))
          int8Outputs.push_back({&n, t});
      });
      REQUIRE(run);
      for (size_t i = 0; i < (*g)->inputs().size(); ++i) tensors[(*g)->inputs()[i]] = (*samples)[0][i];
      REQUIRE(int8Outputs.size() > 3);
      int64_t totalOff = 0, total = 0, worst = 0;
      for (auto& [n, t] : int8Outputs) {
        LayerResult r = checkLayer(*n, tensors, t);
        INFO(name << ": " << n->name() << " (" << n->op() << "): max diff " << r.maxDiff << ", " << r.offByOne
                  << " of " << r.count << " off by one");
        CHECK(r.maxDiff <= 1);
        CHECK(r.offByOne * 50 <= r.count + 50);  // ties and near-ties only: under 2% (+1 code)
        totalOff += r.offByOne;
        total += r.count;
        worst = std::max(worst, r.maxDiff);
      }
      // Whole model: codes off by one per million, and the largest difference.
      CHECK(totalOff * 1000000 / total < 5000);
      CHECK(worst <= 1);
    }
  }
}
